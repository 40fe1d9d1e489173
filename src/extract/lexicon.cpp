// ExtractLexicon::load: agencies.json, regions.json, periods.json, signature.json,
// topics.json and units.json, each read through LexiconReader (an unknown key is an error).
#include "common/lexicon.h"

#include <algorithm>

#include "common/i18n.h"
#include "common/text.h"
#include "extract/extract.h"

namespace huizong {
namespace {

template <class Strings>
void sort_longest_first(Strings& v) {
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

template <class Pairs>
void sort_pairs_longest_first(Pairs& v) {
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::size_t count(const LexiconReader& r, const std::string& key, long long fallback, long long max = 1000) {
  return static_cast<std::size_t>(r.integer(key, fallback, 0, max));
}

// Every code point of every entry: a set of single characters.
std::u32string characters(const std::vector<std::string>& entries) {
  std::u32string out;
  for (const auto& e : entries) out += to_u32(e);
  return out;
}

Span span_named(const LexiconReader& r, const std::string& key, const std::string& name) {
  std::optional<Span> span = code_from_name<Span>(name);
  if (!span) r.fail(key, tr("\"{}\" is no span", name), _("use one of H1 H2 FY Q1 Q1-Q3 other"));
  return *span;
}

WriterLexicon load_writer(const LexiconReader& r) {
  WriterLexicon w;
  w.title_skip = r.strings("title_skip");
  w.title_strip = r.strings("title_strip");
  w.title_stops = r.strings("title_stops");
  w.clause_breaks = r.strings("clause_breaks");
  w.not_writer_after = r.strings("not_writer_after");
  w.superior_leads = r.strings("superior_leads");
  w.not_place_start = characters(r.strings("not_place_start"));
  w.opening_lines = count(r, "opening_lines", 3);
  w.town_name_min_chars = count(r, "town_name_min_chars", 2);
  w.town_name_max_chars = count(r, "town_name_max_chars", 4);
  w.town_name_breaks = characters(r.strings("town_name_breaks"));
  w.share_more_than = static_cast<int>(r.integer("share_more_than", 2, 0, 1000));
  w.share_of = static_cast<int>(r.integer("share_of", 3, 1, 1000));
  r.done();
  return w;
}

void load_agencies(ExtractLexicon& lex, const LexiconDir& dir) {
  LexiconReader r("agencies", dir);
  for (auto& [k, v] : r.string_map("aliases")) lex.aliases[normalise(k)] = v;
  lex.canonical = r.strings("canonical");
  std::vector<std::string> names;
  for (auto& [alias, canon] : lex.aliases) names.push_back(alias);
  names.insert(names.end(), lex.canonical.begin(), lex.canonical.end());
  lex.agency_names = WordList(std::move(names));
  lex.suffixes = r.strings("suffixes");
  sort_longest_first(lex.suffixes);
  lex.place_writers = r.string_map("place_writers");
  sort_pairs_longest_first(lex.place_writers);
  for (auto& [k, v] : r.string_map("region_writers")) lex.region_writers[k] = v;
  for (auto& [k, v] : r.string_map("org_levels")) lex.org_levels[k] = v;
  lex.placeholders = r.strings("placeholders");
  sort_longest_first(lex.placeholders);
  lex.place_writer_max_chars = count(r, "place_writer_max_chars", 9);
  lex.min_name_chars = count(r, "min_name_chars", 2);
  lex.government = r.text("government");
  lex.branch = r.text("branch");
  lex.branch_of = r.text("branch_of");
  lex.label_prefixes = r.strings("label_prefixes");
  lex.writer = load_writer(r.object("writer"));
  r.done();
}

ExtractLexicon::LevelMarkers level_markers(const ExtractLexicon& lex) {
  ExtractLexicon::LevelMarkers m;
  std::vector<std::string> all;
  for (std::size_t k = 0; k < lex.body_markers.size(); ++k) {
    for (const std::string& w : lex.body_markers[k].second) {
      bool self = std::find(lex.self_words.begin(), lex.self_words.end(), w) != lex.self_words.end();
      all.push_back(w);
      m.level.push_back(k);
      m.length.push_back(w.size());
      m.weight.push_back(self ? lex.self_weight : 1);
    }
  }
  m.words = WordAutomaton(all);
  return m;
}

void load_regions(ExtractLexicon& lex, const LexiconDir& dir) {
  LexiconReader r("regions", dir);
  lex.suffix_levels = r.string_map("suffix_levels");
  sort_pairs_longest_first(lex.suffix_levels);
  lex.max_region_name_chars = count(r, "max_name_chars", 6, 100);
  lex.max_prefix_chars = count(r, "max_prefix_chars", 12, 200);
  lex.prefix_levels = r.strings("prefix_levels");
  lex.not_region_words = r.strings("not_region_words");
  lex.unranked_places = r.strings("unranked_places");
  sort_longest_first(lex.unranked_places);
  lex.not_place_words = r.strings("not_place_words");
  lex.masks = r.strings("masks");
  lex.not_place_after = r.strings("not_place_after");
  lex.title_marks = characters(r.strings("title_marks"));
  lex.self_words = r.strings("self_words");
  lex.self_weight = static_cast<int>(r.integer("self_weight", 3, 0, 100));
  for (auto& [level, words] : r.string_lists("body_markers")) lex.body_markers.emplace_back(level, std::move(words));
  lex.level_markers = level_markers(lex);
  lex.level_scan_lines = count(r, "level_scan_lines", 12, 1'000'000);
  lex.town_levels = r.strings("town_levels");
  lex.town_words = r.strings("town_words");
  lex.town_vote_min = static_cast<int>(r.integer("town_vote_min", 3, 0, 1000));
  r.done();
}

void load_topics(ExtractLexicon& lex, const LexiconDir& dir) {
  LexiconReader r("topics", dir);
  for (const LexiconReader& t : r.objects("topics")) {
    lex.topics.emplace_back(t.text("label"), t.strings("words"));
    t.done();
  }
  r.done();
}

std::vector<PeriodLexicon::SpanRule> load_spans(const LexiconReader& r) {
  std::vector<PeriodLexicon::SpanRule> spans;
  for (const LexiconReader& s : r.objects("spans")) {
    spans.push_back({span_named(s, "span", s.text("span")), s.strings("words"), s.strings("unless")});
    s.done();
  }
  return spans;
}

}  // namespace

PeriodLexicon PeriodLexicon::load(const LexiconDir& dir) {
  PeriodLexicon lex;
  LexiconReader r("periods", dir);
  lex.year_words = r.strings("year_words");
  lex.year_min = static_cast<int>(r.integer("year_min", 1990, 0, 9999));
  lex.year_max = static_cast<int>(r.integer("year_max", 2100, 0, 9999));
  lex.time_words = r.strings("time_words");
  lex.after_year_only = r.strings("time_words_after_year_only");
  lex.month_word = r.text("month_word");
  lex.month_span = span_named(r, "month_span", r.text("month_span", "other"));
  lex.summary_word = r.text("summary_word");
  lex.spans = load_spans(r);
  LexiconReader plans = r.object("plan_words");
  lex.plan_h2 = plans.strings("H2");
  lex.plan_next_year = plans.strings("next_year");
  lex.plan_next_steps = plans.strings("next_steps");
  plans.done();
  lex.plans_opening_chars = count(r, "plans_opening_chars", 30);
  r.done();
  return lex;
}

SignatureLexicon SignatureLexicon::load(const LexiconDir& dir) {
  SignatureLexicon lex;
  LexiconReader r("signature", dir);
  lex.last_lines = count(r, "last_lines", 2);
  lex.org_max_chars = count(r, "org_max_chars", 25);
  lex.org_not = r.strings("org_not");
  r.done();
  return lex;
}

ExtractLexicon ExtractLexicon::load(const LexiconDir& dir) {
  ExtractLexicon lex;
  load_agencies(lex, dir);
  load_regions(lex, dir);
  load_topics(lex, dir);
  lex.periods = PeriodLexicon::load(dir);
  lex.signature = SignatureLexicon::load(dir);
  lex.units = UnitLexicon::load(dir);
  return lex;
}

}  // namespace huizong
