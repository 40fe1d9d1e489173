// classify, the words: the section lexicon and what kinds a heading names (heading_kinds).
// The walk over a report's blocks that opens the parts is in parts.cpp.
#include "classify/classify.h"

#include <algorithm>

#include "common/lexicon.h"

namespace huizong {

namespace {

SectionLexicon::Kind kind_lexicon(const LexiconReader& j) {
  return {j.normalised_strings("heading"), j.normalised_strings("heading_exclude"),
          j.normalised_strings("paragraph_openers")};
}

std::size_t chars(const LexiconReader& j, const std::string& key, long long fallback) {
  return static_cast<std::size_t>(j.integer(key, fallback, 0, 10000));
}

// The longest plans opener in characters, after a year (2023年): how much of a sentence is
// read to tell whether it turns to plans.
std::size_t opener_chars(const SectionLexicon& lex) {
  std::size_t n = 0;
  for (const auto& w : lex.plans.paragraph_openers) n = std::max(n, length_cp(w));
  return n + 4 + length_cp(lex.year_suffix);
}

// What heading_kinds needs to find at least one of before it can return a kind: each of its
// positive tests (problems_position, plans_position, simple_position) finds one of these.
WordList words_naming_kinds(const SectionLexicon& lex) {
  std::vector<std::string> words;
  for (const WordList* list : {&lex.problems.heading, &lex.problem_heading_endings, &lex.future_words,
                               &lex.strong_plan_words, &lex.suggestions.heading, &lex.highlights.heading})
    words.insert(words.end(), list->begin(), list->end());
  return WordList(std::move(words));
}

}  // namespace

SectionLexicon SectionLexicon::load(const LexiconDir& dir) {
  LexiconReader j("sections", dir);
  LexiconReader problems = j.object("problems"), plans = j.object("plans"), sentences = j.object("sentences");
  SectionLexicon lex;
  lex.problems = kind_lexicon(problems);
  lex.plans = kind_lexicon(plans);
  LexiconReader highlights = j.object("highlights"), suggestions = j.object("suggestions"),
                achievements = j.object("achievements");
  lex.highlights = kind_lexicon(highlights);
  lex.suggestions = kind_lexicon(suggestions);
  lex.achievements = kind_lexicon(achievements);
  lex.subheading_phrase_chars = chars(j, "subheading_phrase_chars", 15);
  lex.problem_cues = problems.normalised_strings("paragraph_cues");
  lex.problem_statements = problems.normalised_strings("statement_patterns");
  lex.problem_heading_endings = problems.normalised_strings("heading_endings");
  lex.problem_heading_endings_max_chars = chars(problems, "heading_endings_max_chars", 12);
  lex.cue_window_chars = chars(problems, "cue_window_chars", 80);
  lex.exclude_window_chars = chars(problems, "exclude_window_chars", 20);
  lex.strong_plan_word_leads = plans.normalised_strings("strong_word_leads");
  lex.plan_not_after = plans.normalised_strings("not_after");
  lex.future_words = plans.normalised_strings("future_words");
  lex.strong_plan_words = plans.normalised_strings("strong_words");
  lex.weak_plan_words = plans.normalised_strings("weak_words");
  lex.plan_joiners = plans.normalised_strings("joiners");
  lex.year_suffix = normalise(plans.text("year_suffix"));
  lex.plan_verbs = plans.normalised_strings("plan_verbs");
  lex.plan_opener_chars = opener_chars(lex);
  lex.nothing_to_report = j.normalised_strings("nothing_to_report");
  // Punctuation is matched as written (not normalised: ； and ： would fold to ; and :).
  lex.sentence_ends = sentences.strings("ends");
  lex.turn_after = sentences.strings("turn_after");
  // A heading line's own text starts after its heading sentence, cut where the outline cuts
  // it (markers.json, headings.sentence_ends), here in the text as written.
  std::vector<std::string> ends = LexiconReader("markers", dir).object("headings").strings("sentence_ends");
  for (auto& e : ends) e = normalise(e);
  lex.heading_ends = WordList(with_full_width_forms(std::move(ends)));
  lex.trailing = sentences.strings("trailing");
  lex.heading_markers = MarkerLexicon::load(dir);
  lex.kind_words = words_naming_kinds(lex);
  for (const LexiconReader* part : {&problems, &plans, &highlights, &suggestions, &achievements, &sentences})
    part->done();
  j.done();
  return lex;
}

namespace {

constexpr std::size_t npos = std::string_view::npos;

std::size_t problems_position(std::string_view h, const SectionLexicon& lex) {
  std::size_t p = find_any(h, lex.problems.heading);
  if (p == npos && length_cp(h) <= lex.problem_heading_endings_max_chars) {
    for (const auto& e : lex.problem_heading_endings)
      if (h.ends_with(e)) p = h.size() - e.size();
  }
  if (p == npos) return npos;
  // 排查整治存在问题 (exclude word before) and 问题整改情况 (right after) describe work
  // done; 存在问题和整改情况 names two things and is still a problems part.
  std::size_t excl = find_any(h, lex.problems.heading_exclude);
  if (excl != npos && excl < p) return npos;
  for (const auto& phrase : lex.problems.heading)
    if (h.substr(p).starts_with(phrase) && starts_with_any(h.substr(p + phrase.size()), lex.problems.heading_exclude))
      return npos;
  return p;
}

// A plan word counts without a future word only right after a lead (工作计划).
std::size_t led_strong_word(std::string_view h, const SectionLexicon& lex) {
  std::size_t best = npos;
  for (const auto& w : lex.strong_plan_words) {
    for (std::size_t p = h.find(w); p != npos; p = h.find(w, p + 1)) {
      bool led = h == w;
      for (const auto& lead : lex.strong_plan_word_leads)
        if (p >= lead.size() && h.substr(p - lead.size(), lead.size()) == lead) led = true;
      if (led && p < best) best = p;
    }
  }
  return best;
}

std::size_t plans_position_unchecked(std::string_view h, const SectionLexicon& lex);

std::size_t plans_position(std::string_view h, const SectionLexicon& lex) {
  std::size_t p = plans_position_unchecked(h, lex);
  if (p == npos) return npos;
  std::size_t after = find_any(h, lex.plan_not_after);
  return after != npos && after < p ? npos : p;
}

std::size_t plans_position_unchecked(std::string_view h, const SectionLexicon& lex) {
  std::size_t future = find_any(h, lex.future_words);
  std::size_t strong = find_any(h, lex.strong_plan_words);
  std::size_t weak = find_any(h, lex.weak_plan_words);
  if (future != npos) {
    // 上半年工作总结及下半年工作计划: the plans start at the future word. A future word
    // inside a report of what was done (下半年开展情况) is not a plan.
    std::string_view tail = h.substr(future);
    if ((strong != npos || weak != npos) && !contains_any(tail, lex.plans.heading_exclude)) return future;
    return npos;
  }
  strong = led_strong_word(h, lex);
  if (strong == npos) return npos;
  if (contains_any(h, lex.plans.heading_exclude)) {
    // 2023年工作总结及2024年工作计划: a plan word after the report of work done.
    std::size_t excl = find_any(h, lex.plans.heading_exclude);
    if (excl < strong && !contains_any(h.substr(strong), lex.plans.heading_exclude)) {
      // Back up to the joiner before the plan word: the year before it belongs to the plans
      // (…及2024年工作计划).
      std::size_t start = npos;
      for (const auto& joiner : lex.plan_joiners) {
        std::size_t p = h.rfind(joiner, strong);
        if (p != npos && (start == npos || p > start)) start = p;
      }
      return start != npos && start > excl ? start : strong;
    }
    return npos;
  }
  return strong;
}

std::size_t simple_position(std::string_view h, const SectionLexicon::Kind& k) {
  if (contains_any(h, k.heading_exclude)) return npos;
  return find_any(h, k.heading);
}

}  // namespace

std::vector<SectionKind> heading_kinds(std::string_view h, const SectionLexicon& lex, bool top_level) {
  std::vector<std::pair<std::size_t, SectionKind>> found;
  // Only the opening words of a subheading can name a part.
  if (!top_level) h = utf8::prefix(h, lex.subheading_phrase_chars);
  if (!contains_any(h, lex.kind_words)) return {};
  if (auto p = problems_position(h, lex); p != npos) found.emplace_back(p, SectionKind::problems);
  if (auto p = plans_position(h, lex); p != npos) found.emplace_back(p, SectionKind::plans);
  if (found.empty()) {
    if (auto p = simple_position(h, lex.suggestions); p != npos)
      found.emplace_back(p, SectionKind::suggestions);
    else if (auto q = simple_position(h, lex.highlights); q != npos)
      found.emplace_back(q, SectionKind::highlights);
  }
  std::sort(found.begin(), found.end());
  std::vector<SectionKind> kinds;
  for (auto& f : found) kinds.push_back(f.second);
  return kinds;
}

}  // namespace huizong
