// themes: an item's subject from a lexicon of weighed words (lexicons/themes.json for the
// problems digest, lexicons/fields.json for the fields of work of achievements and plans).
// An item is judged by its lead first (the heading or first sentence: aggregate/lead.h),
// then by the rest with less weight. Each word has a weight; a word may count only in the
// context of other words of its sentence (缺口 with 资金 is money, with 教师 staff); where
// words overlap the longest wins (安全生产 is not 生产). Highest score wins, ties in lexicon
// order; nothing scored -> the fallback. Other classes scoring close are kept as secondary.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/word_automaton.h"

namespace huizong {

class LexiconReader;

struct WeighedWord {
  std::string word;               // normalised
  int weight = 1;                 // points when it occurs in the rest; lead_weight times that in the lead
  std::vector<std::string> with;  // counts only when one of these is in the same sentence (empty: always)
};

struct ClassScore {
  std::string label;
  int score = 0;
};

struct Classification {
  std::string label;                   // the best class, or the fallback
  std::vector<std::string> secondary;  // other classes that score at least secondary_percent of the best
};

class Classifier {
 public:
  // No classes: every item goes to `fallback`.
  explicit Classifier(std::string fallback = {}) : fallback_(std::move(fallback)) {}
  // {"lead_weight": 3, "secondary_percent": 60, "min_score": 2, "<list_key>": [{"label": …,
  //  "words": {"3": […], "1": […]}, "context": [{"words": […], "with": […], "weight": 2}]}],
  //  "fallback": "其他"}. Words are normalised on load.
  static Classifier load(const LexiconReader& j, const std::string& list_key);

  // Lead and rest as written (normalised here); `unit`, the report's title and writer, counts
  // unit_weight per word not found in the item itself (0 by default: not at all), so a
  // vague item (强化工作调度) goes with its unit's line of work (林业局).
  Classification classify(std::string_view lead, std::string_view rest, std::string_view unit = {}) const;
  // Every class's score (lexicon order), for tests and tuning.
  std::vector<ClassScore> scores(std::string_view lead, std::string_view rest, std::string_view unit = {}) const;

  std::vector<std::string> labels() const;  // lexicon order, without the fallback
  const std::string& fallback() const { return fallback_; }
  bool empty() const { return classes_.empty(); }

 private:
  struct Class {
    std::string label;
    std::vector<WeighedWord> words;
  };
  std::vector<Class> classes_;
  // Every class's words in one automaton: word i of it is words_of_[i] (class, word).
  WordAutomaton automaton_;
  std::vector<std::pair<std::size_t, std::size_t>> words_of_;
  std::string fallback_;
  std::vector<std::string> sentence_ends_;  // a context word must be in the same sentence
  int lead_weight_ = 3, secondary_percent_ = 60, min_score_ = 1, unit_weight_ = 0;
};

}  // namespace huizong
