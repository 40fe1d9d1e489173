// units.json compiled once into MetricRules (no process-wide state: two lexicon directories
// in one process stay apart), and the unit that follows a number. Units are folded once and
// indexed by first code point, so finding the unit after a number only tries the few units
// that start with the next character.
#include <algorithm>

#include "common/cn_numeral.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "common/utf8.h"
#include "metrics/parts.h"

namespace huizong {

bool MetricRules::starting_with(char32_t c, const std::uint32_t*& b, const std::uint32_t*& e) const {
  auto it = std::lower_bound(first.begin(), first.end(), c);
  if (it == first.end() || *it != c) return false;
  auto k = static_cast<std::size_t>(it - first.begin());
  b = by_first.data() + begin[k];
  e = by_first.data() + begin[k + 1];
  return true;
}

namespace {

// The units folded, and indexed by first code point.
void index_units(MetricRules& rules, const std::vector<std::string>& units) {
  rules.units = units;
  std::vector<std::uint32_t> order;
  for (std::size_t u = 0; u < units.size(); ++u) {
    std::u32string f = fold_u32(units[u]);
    rules.latin_end.push_back(!f.empty() && is_ascii_alpha(f.back()));
    if (!f.empty()) order.push_back(static_cast<std::uint32_t>(u));  // an empty unit never matches
    rules.folded.push_back(std::move(f));
  }
  const auto& folded = rules.folded;
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    if (folded[x][0] != folded[y][0]) return folded[x][0] < folded[y][0];
    if (folded[x].size() != folded[y].size()) return folded[x].size() > folded[y].size();
    return x < y;
  });
  for (std::size_t k = 0; k < order.size(); ++k) {
    char32_t c = folded[order[k]][0];
    if (rules.first.empty() || rules.first.back() != c) {
      rules.first.push_back(c);
      rules.begin.push_back(static_cast<std::uint32_t>(k));
    }
  }
  rules.begin.push_back(static_cast<std::uint32_t>(order.size()));
  rules.by_first = std::move(order);
}

// A word list, folded, longest first (共计 is tried before 共).
FoldedWords words(const LexiconReader& j, const char* key) {
  std::vector<std::u32string> out;
  for (const auto& s : j.strings(key))
    if (!s.empty()) out.push_back(fold_u32(s));
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return FoldedWords(std::move(out));
}

// A list of single characters, folded, as one set.
std::u32string characters(const LexiconReader& j, const char* key) {
  std::u32string out;
  for (const auto& s : j.strings(key)) out += fold_u32(s);
  return out;
}

char32_t character(const LexiconReader& j, const char* key) {
  std::u32string s = fold_u32(j.text(key));
  return s.empty() ? 0 : s[0];
}

std::size_t count(const LexiconReader& j, const char* key, long long fallback) {
  return static_cast<std::size_t>(j.integer(key, fallback, 0, 1000));
}

void read_lists(MetricRules& rules, const LexiconReader& j) {
  rules.numeral_stop = words(j, "chinese_numeral_stop");
  rules.leading = words(j, "label_leading_fillers");
  rules.trailing = words(j, "label_trailing_fillers");
  rules.trailing_keep = words(j, "label_trailing_keep");
  rules.leading_keep = words(j, "label_leading_keep");
  rules.not_numeral_units = words(j, "chinese_numeral_not_units");
  rules.date_units = words(j, "label_date_units");
  rules.no_label = words(j, "label_not_words");
  rules.place_words = words(j, "chinese_numeral_not_before");
  rules.place_count_units = words(j, "place_counting_units");
  rules.slogan_after = words(j, "chinese_numeral_slogan_after");
  rules.conjunctions = words(j, "label_conjunctions");
  rules.list_ends = words(j, "label_list_ends");
  rules.not_before = words(j, "figure_not_before");
  rules.not_figures = words(j, "not_figures");
  rules.span_units = words(j, "span_units");
  rules.deadline_after = words(j, "span_deadline_after");
  rules.date_relative = words(j, "label_date_relative");
  rules.attributive_ends = words(j, "label_attributive_ends");
  rules.after_units = words(j, "label_after_units");
  rules.after_event_units = words(j, "label_after_event_units");
  rules.after_skip = words(j, "label_after_skip");
  rules.share_units = words(j, "label_share_units");
  rules.open_ends = words(j, "label_open_ends");
  rules.verb_ends = words(j, "label_verb_ends");
  rules.after_verbs = words(j, "label_after_verbs");
  rules.after_nouns = words(j, "label_after_nouns");
  rules.after_vague = words(j, "label_after_vague_nouns");
  rules.place_ends = words(j, "label_place_ends");
  rules.respectively = words(j, "label_respectively");
  rules.list_separators = characters(j, "label_list_separators");
  rules.leading_particles = characters(j, "label_leading_particles");
  rules.cut_after = characters(j, "label_cut_after");
  rules.period_before = characters(j, "span_period_before");
  rules.ordinal_prefixes = characters(j, "ordinal_prefixes");
  rules.numeral_not_after = characters(j, "chinese_numeral_not_after");
  rules.unit_modifiers = characters(j, "unit_modifiers");
  rules.scale_words = characters(j, "scale_words");
  rules.range_marks = characters(j, "range_marks");
  rules.label_stops = characters(j, "label_stops");
  rules.list_markers = characters(j, "label_list_markers");
  for (const auto& pair : j.strings("chinese_numeral_not_in")) {
    std::u32string marks = fold_u32(pair);
    if (marks.size() != 2)
      j.fail("chinese_numeral_not_in", _("not an opening and a closing mark"),
             _("write each pair as two marks, such as “”"));
    rules.quote_open += marks[0];
    rules.quote_close += marks[1];
  }
  rules.document_open = character(j, "document_name_open");
  rules.document_close = character(j, "document_name_close");
  if (j.has("chinese_numeral_min_value"))
    rules.numeral_min_value = static_cast<double>(j.integer("chinese_numeral_min_value", 0, 0, 1'000'000'000));
  rules.list_number_max_digits = count(j, "list_number_max_digits", 2);
  rules.redaction_min_stars = count(j, "redaction_min_stars", 2);
  rules.label_max_chars = count(j, "label_max_chars", 16);
  rules.label_min_chars = count(j, "label_min_chars", 2);
  rules.label_stretch_chars = count(j, "label_stretch_chars", 8);
  rules.place_label_max_chars = count(j, "label_place_max_chars", 5);
  rules.list_item_max_chars = count(j, "label_list_item_max_chars", 6);
}

// The longest unit of the lexicon at q: its index, and its length in code points through
// `len`. A Latin unit must not run into more letters: 5km, but not 5kmh.
int longest_unit(const LineView& v, std::size_t q, const MetricRules& rules, std::size_t& len) {
  len = 0;
  const std::uint32_t *b = nullptr, *e = nullptr;
  if (q >= v.n || !rules.starting_with(v.f[q], b, e)) return -1;
  for (; b != e; ++b) {
    const std::u32string& unit = rules.folded[*b];
    if (!v.matches(q, unit)) continue;
    if (rules.latin_end[*b] && is_ascii_alpha(v.at(q + unit.size()))) continue;
    len = unit.size();
    return static_cast<int>(*b);
  }
  return -1;
}

// Is the unit `m` + rules.folded[base] (万 + 元) in the lexicon?
bool lexicon_has(const MetricRules& rules, char32_t m, std::size_t base) {
  const std::uint32_t *b = nullptr, *e = nullptr;
  if (!rules.starting_with(m, b, e)) return false;
  std::u32string_view rest = rules.folded[base];
  for (; b != e; ++b) {
    std::u32string_view u = rules.folded[*b];
    if (u.size() == rest.size() + 1 && u.substr(1) == rest) return true;
  }
  return false;
}

}  // namespace

// What MetricRules::scan_stops says: every code point Scanner::run does more than step over.
std::array<std::uint64_t, 64> scan_stops(const MetricRules& rules) {
  std::array<std::uint64_t, 64> bits{};
  auto add = [&](char32_t c) { bits[(c >> 6) & 63] |= std::uint64_t{1} << (c & 63); };
  for (char32_t c = 0; c < 0x100; ++c)  // digits and placeholders (x, *, ×)
    if (is_numberish(c)) add(c);
  for (char32_t c = 0x3000; c < 0xA000; ++c)  // every Chinese numeral character is here
    if (cn_numeral::is_numeral_char(c)) add(c);
  for (char32_t c : rules.quote_open) add(c);
  for (char32_t c : rules.quote_close) add(c);
  if (rules.document_open != 0) add(rules.document_open);
  return bits;
}

std::shared_ptr<const MetricRules> make_rules(const std::vector<std::string>& units, const LexiconReader* j) {
  auto rules = std::make_shared<MetricRules>();
  index_units(*rules, units);
  if (j) read_lists(*rules, *j);
  for (char32_t c : rules->label_stops) rules->label_stop_bits |= std::uint64_t{1} << (c & 63);
  rules->scan_stops = scan_stops(*rules);
  return rules;
}

UnitLexicon UnitLexicon::load(const LexiconDir& lexicon_dir) {
  LexiconReader j("units", lexicon_dir);
  UnitLexicon lex;
  std::vector<std::pair<std::size_t, std::string>> sized;  // (code points, folded unit)
  for (const auto& u : j.strings("units")) {
    std::string folded = fold_utf8(trim(u));
    if (folded.empty()) continue;
    bool dup = std::any_of(sized.begin(), sized.end(), [&](const auto& e) { return e.second == folded; });
    if (!dup) sized.emplace_back(length_cp(folded), std::move(folded));
  }
  std::stable_sort(sized.begin(), sized.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  for (auto& e : sized) lex.units.push_back(std::move(e.second));
  lex.rules = make_rules(lex.units, &j);
  j.done();
  return lex;
}

UnitHit unit_after(const LineView& v, std::size_t p, const MetricRules& rules) {
  UnitHit hit;
  std::size_t q = p;
  bool modified = false;
  if (is_one_of(rules.unit_modifiers, v.at(q))) ++q, modified = true;
  std::size_t len = 0;
  int u = longest_unit(v, q, rules, len);
  if (u >= 0) {
    hit.end = q + len;
    hit.unit = rules.units[static_cast<std::size_t>(u)];
  }
  char32_t m = v.at(q);
  if (is_one_of(rules.scale_words, m)) {
    std::size_t r = q + 1;
    if (!modified && is_one_of(rules.unit_modifiers, v.at(r))) ++r;
    std::size_t len2 = 0;
    int u2 = longest_unit(v, r, rules, len2);
    if (u2 >= 0 && r + len2 > hit.end) {
      auto base = static_cast<std::size_t>(u2);
      hit.end = r + len2;
      if (lexicon_has(rules, m, base)) {
        hit.unit.clear();  // 1.5万余元 -> 1.5 万元
        utf8::append(hit.unit, m);
        for (char32_t c : rules.folded[base]) utf8::append(hit.unit, c);
      } else {
        hit.unit = rules.units[base];  // 5万名 -> 50000 名
        hit.scale = static_cast<double>(cn_numeral::multiplier(m));
      }
    }
  }
  if (hit.end == 0) hit.unit.clear();
  return hit;
}

}  // namespace huizong
