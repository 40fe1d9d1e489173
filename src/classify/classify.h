// classify: a report's outline -> top-level parts with kinds (preamble, achievements,
// highlights, problems, plans, suggestions, other), from the lexicon lexicons/sections.json.
// A part opens at a top-level heading, at a deeper or unmarked heading that names
// problems or plans, or at a paragraph that starts stating problems (虽然…但…) or plans
// (下一步，…). One heading can hold two kinds: both sections start on that line.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/types.h"
#include "outline/outline.h"

namespace huizong {

struct SectionLexicon {
  struct Kind {
    WordList heading, heading_exclude, paragraph_openers;
  };
  Kind problems, plans, highlights, suggestions, achievements;
  WordList problem_cues, problem_statements, problem_heading_endings;
  std::size_t cue_window_chars = 80;
  std::size_t exclude_window_chars = 20;
  std::size_t problem_heading_endings_max_chars = 12;
  std::size_t subheading_phrase_chars = 15;
  WordList future_words, strong_plan_words, strong_plan_word_leads, weak_plan_words, plan_not_after;
  std::vector<std::string> plan_joiners;       // 及, 和 …: 工作总结及2024年工作计划
  std::string year_suffix;                     // 年: 2023年下半年，我局将…
  std::size_t plan_opener_chars = 0;           // the longest plans opener after a year (derived)
  WordList plan_verbs;                         // 将, 要 …: a sentence turning to plans states one
  std::vector<std::string> nothing_to_report;  // 暂无, 无 …: the whole text of a part with no items
  // Punctuation, matched as written: see "sentences" in sections.json.
  WordList sentence_ends, turn_after, trailing, heading_ends;
  MarkerLexicon heading_markers;  // markers.json: 一是 items after a turn to plans
  // Derived: every word without which no heading names a part (the problems and
  // highlights/suggestions headings, problem heading endings, future and strong plan
  // words). Most headings have none, and one search for them spares the ten others.
  WordList kind_words;
  static SectionLexicon load(const LexiconDir& lexicon_dir = {});
};

// Kinds named by a heading, in the order they appear in it (存在问题及下步打算 ->
// problems, plans). Empty when the heading names none. A heading below the top level
// must name its kind in its first subheading_phrase_chars characters: long numbered
// sentences such as 2、根据上级工作安排… are not part headings.
std::vector<SectionKind> heading_kinds(std::string_view heading_norm, const SectionLexicon& lex, bool top_level = true);

std::vector<Section> classify(const Outline& outline, const SectionLexicon& lex);

}  // namespace huizong
