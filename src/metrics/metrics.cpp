// Metrics in running text. One pass over the code points of a line: a number (ASCII or
// full-width digits, a Chinese numeral, or a redaction placeholder such as xx.x) is a
// metric when a unit from lexicons/units.json follows it at once. Matching looks at a
// folded view (full-width ASCII -> ASCII) but every byte offset points into the line as
// written, so Metric::text and Metric::label are exact substrings of the input.
//
// Rules beyond "number + unit" (see lexicons/units.json for the editable lists):
// - not metrics: a number after 第 (第3批), inside 《…》 (document names), glued to Latin
//   letters (PM2.5, G318), dotted like a date or version (2023.6.13), the list number
//   opening a line (the 1 of "1．3个"). Years, months and days are left out simply
//   because 年/月/日 are not units.
// - Chinese numerals (一..九千九百九十九 with 万/亿 sections) are metrics only from
//   chinese_numeral_min_value on (一个, 一次 mean "a"), not after 第/初/届 or an opening
//   quote (“三个狠抓”), not when a chinese_numeral_stop entry covers them, and not with
//   a unit from chinese_numeral_not_units (一期 is a phase, 八组 a village group).
// - 余/多 may stand between number and unit (300余人); 万/亿/千 before a unit that is not
//   listed scales the value (5万名 -> 50000 名).
// - a range "3－5天" is one metric whose value is the upper bound; a sign right before a
//   number (下降-2.3%) makes the value negative.
// - label: the text before the number back to the previous punctuation or metric, with
//   leading dates, list markers (一是) and filler words (共, 累计, 完成…) and trailing
//   ones (达, 共计…) dropped
//   when at least two characters remain, then cut to its last 16 characters.
//
// UnitLexicon::load() compiles units.json into an immutable MetricRules held by the
// lexicon (no process-wide state: two lexicon directories in one process stay apart). Units
// are folded once and indexed by first code point, so finding the unit after a number
// only tries the few units that start with the next character.
#include "metrics/metrics.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/cn_numeral.h"
#include "common/lexicon.h"
#include "common/text.h"

namespace huizong {
namespace {

constexpr std::size_t kLabelMaxChars = 16;

// Full-width ASCII -> ASCII (０-９, ．, ％, ／, ｘ, ＊, －), ideographic space -> space.
// The part of NFKC that matters for numbers and units, done per code point so offsets stay.
constexpr char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0x3000) return U' ';
  if (c == 0xFE6A) return U'%';  // small percent sign
  if (c == 0x2212) return U'-';  // minus sign
  return c;
}

std::u32string fold_u32(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out.push_back(fold(utf8::decode(s, i)));
  return out;
}

std::string fold_utf8(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) utf8::append(out, fold(utf8::decode(s, i)));
  return out;
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_ascii_alpha(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_ascii_alnum(char32_t c) { return is_digit(c) || is_ascii_alpha(c); }
// Redaction placeholders (folded: ｘ -> x, ＊ -> *).
bool is_placeholder(char32_t c) { return c == U'x' || c == U'X' || c == U'×' || c == U'*'; }
bool is_numberish(char32_t c) { return is_digit(c) || is_placeholder(c); }

// A Chinese numeral that may be a metric starts with 一-九, 两 or 十 (not 百/千/万/零:
// 千家万户, 百姓).
bool is_cn_numeral_start(char32_t c) { return cn_numeral::digit(c) > 0 || c == U'十'; }

bool is_label_stop(char32_t c) {
  switch (c) {
    case U',':
    case U'，':
    case U'。':
    case U';':
    case U'；':
    case U':':
    case U'：':
    case U'、':
    case U'(':
    case U')':
    case U'（':
    case U'）':
    case U'!':
    case U'！':
    case U'?':
    case U'？':
    case U'“':
    case U'”':
    case U'"':
    case U'‘':
    case U'’':
    case U'「':
    case U'」':
    case U'『':
    case U'』':
    case U'《':
    case U'》':
    case U'【':
    case U'】':
    case U'[':
    case U']':
    case U'\t':
    case U'…':
    case U'—':
    case U'-':
    case U'~':
      return true;
    default:
      return false;
  }
}

bool is_open_quote(char32_t c) {
  return c == U'“' || c == U'"' || c == U'‘' || c == U'\'' || c == U'「' || c == U'『' || c == U'【';
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Everything find_metrics needs from units.json, built once by UnitLexicon::load().

struct MetricRules {
  // The units as in UnitLexicon::units, each folded as code points, and whether it ends in
  // a Latin letter (5km, but not 5kmh).
  std::vector<std::string> units;
  std::vector<std::u32string> folded;
  std::vector<char> latin_end;
  // Units by first code point: first[k] is a first code point (sorted), and
  // by_first[begin[k] .. begin[k + 1]) the units starting with it, longest first, then in
  // list order (the order longest_unit must prefer them in).
  std::vector<char32_t> first;
  std::vector<std::uint32_t> begin;
  std::vector<std::uint32_t> by_first;

  std::vector<std::u32string> numeral_stop;
  std::vector<std::u32string> leading;
  std::vector<std::u32string> trailing;
  std::vector<std::u32string> trailing_keep;
  std::vector<std::u32string> not_numeral_units;  // units a Chinese numeral never takes
  double numeral_min_value = 2;                   // 一个, 一次: mostly "a", not a count

  // The units starting with code point c, as [*b, *e) indices into `units`.
  bool starting_with(char32_t c, const std::uint32_t*& b, const std::uint32_t*& e) const {
    auto it = std::lower_bound(first.begin(), first.end(), c);
    if (it == first.end() || *it != c) return false;
    auto k = static_cast<std::size_t>(it - first.begin());
    b = by_first.data() + begin[k];
    e = by_first.data() + begin[k + 1];
    return true;
  }
};

namespace {

std::shared_ptr<const MetricRules> make_rules(const std::vector<std::string>& units, const LexiconReader* j) {
  auto rules = std::make_shared<MetricRules>();
  rules->units = units;
  std::vector<std::uint32_t> order;
  for (std::size_t u = 0; u < units.size(); ++u) {
    std::u32string f = fold_u32(units[u]);
    rules->latin_end.push_back(!f.empty() && is_ascii_alpha(f.back()));
    if (!f.empty()) order.push_back(static_cast<std::uint32_t>(u));  // an empty unit never matches
    rules->folded.push_back(std::move(f));
  }
  const auto& folded = rules->folded;
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    if (folded[x][0] != folded[y][0]) return folded[x][0] < folded[y][0];
    if (folded[x].size() != folded[y].size()) return folded[x].size() > folded[y].size();
    return x < y;
  });
  for (std::size_t k = 0; k < order.size(); ++k) {
    char32_t c = folded[order[k]][0];
    if (rules->first.empty() || rules->first.back() != c) {
      rules->first.push_back(c);
      rules->begin.push_back(static_cast<std::uint32_t>(k));
    }
  }
  rules->begin.push_back(static_cast<std::uint32_t>(order.size()));
  rules->by_first = std::move(order);

  auto list = [&](const char* key) {
    std::vector<std::u32string> out;
    for (const auto& s : j ? j->strings(key) : std::vector<std::string>())
      if (!s.empty()) out.push_back(fold_u32(s));
    // Longest first, so 共计 is tried before 共.
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return out;
  };
  rules->numeral_stop = list("chinese_numeral_stop");
  rules->leading = list("label_leading_fillers");
  rules->trailing = list("label_trailing_fillers");
  rules->trailing_keep = list("label_trailing_keep");
  rules->not_numeral_units = list("chinese_numeral_not_units");
  if (j && j->has("chinese_numeral_min_value"))
    rules->numeral_min_value = static_cast<double>(j->integer("chinese_numeral_min_value", 0, 0, 1'000'000'000));
  return rules;
}

// ---------------------------------------------------------------------------------------

// One line as code points: raw (as written), folded, and the byte offset of each. The
// buffers only grow, so a thread reuses them from line to line.
struct View {
  std::string_view text;
  std::vector<char32_t> raw;
  std::vector<char32_t> f;
  std::vector<std::uint32_t> off;  // off[n] == text.size()
  std::size_t n = 0;

  void load(std::string_view t) {
    text = t;
    if (raw.size() < t.size()) {  // at most one code point per byte
      raw.resize(t.size());
      f.resize(t.size());
      off.resize(t.size() + 1);
    }
    std::size_t k = 0;
    for (std::size_t i = 0; i < t.size(); ++k) {
      off[k] = static_cast<std::uint32_t>(i);
      char32_t c = utf8::decode(t, i);
      raw[k] = c;
      f[k] = fold(c);
    }
    off[k] = static_cast<std::uint32_t>(t.size());
    n = k;
  }
  char32_t at(std::size_t i) const { return i < n ? f[i] : 0; }
  std::string_view slice(std::size_t a, std::size_t b) const { return text.substr(off[a], off[b] - off[a]); }
  bool matches(std::size_t i, std::u32string_view s) const {
    if (i + s.size() > n) return false;
    for (std::size_t k = 0; k < s.size(); ++k)
      if (f[i + k] != s[k]) return false;
    return true;
  }
};

// The longest unit of the lexicon at q: its index, and its length in code points through
// `len`. A Latin unit must not run into more letters: 5km, but not 5kmh.
int longest_unit(const View& v, std::size_t q, const MetricRules& rules, std::size_t& len) {
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

bool is_modifier(char32_t c) { return c == U'余' || c == U'多'; }

struct UnitHit {
  std::size_t end = 0;  // code point index just past the unit (0: no unit)
  std::string unit;
  double scale = 1;
};

// The unit after a number ending at p: [余|多] unit, or [余|多] 万/亿/千 [余|多] unit.
UnitHit unit_after(const View& v, std::size_t p, const MetricRules& rules) {
  UnitHit hit;
  std::size_t q = p;
  bool modified = false;
  if (is_modifier(v.at(q))) ++q, modified = true;
  std::size_t len = 0;
  int u = longest_unit(v, q, rules, len);
  if (u >= 0) {
    hit.end = q + len;
    hit.unit = rules.units[static_cast<std::size_t>(u)];
  }
  char32_t m = v.at(q);
  if (m == U'万' || m == U'亿' || m == U'千') {
    std::size_t r = q + 1;
    if (!modified && is_modifier(v.at(r))) ++r;
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

// Does a chinese_numeral_stop entry cover the code point at a?
bool stopped(const View& v, std::size_t a, const MetricRules& rules) {
  for (const auto& s : rules.numeral_stop) {
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (s[k] != v.f[a] || k > a) continue;
      if (v.matches(a - k, s)) return true;
    }
  }
  return false;
}

bool is_space_at(const View& v, std::size_t i) { return is_space_cp(v.raw[i]); }

// Leading date such as 2023年, x月份, 1－5月, 2023年6月13日: its length, or 0.
std::size_t date_prefix(const View& v, std::size_t a, std::size_t b) {
  std::size_t i = a;
  while (i < b && (is_numberish(v.f[i]) || cn_numeral::digit(v.f[i]) >= 0 || v.f[i] == U'十' || v.f[i] == U'-' ||
                   v.f[i] == U'~' || v.f[i] == U'至'))
    ++i;
  if (i == a || i >= b) return 0;
  if (v.f[i] == U'年') {
    ++i;
    if (i < b && v.f[i] == U'度') ++i;
  } else if (v.f[i] == U'月') {
    ++i;
    if (i < b && v.f[i] == U'份') ++i;
  } else if (v.f[i] == U'日' || v.f[i] == U'号') {
    ++i;
  } else {
    return 0;
  }
  return i - a;
}

// Leading list marker 一是, 二是, 十一是: its length, or 0.
std::size_t list_marker(const View& v, std::size_t a, std::size_t b) {
  std::size_t i = a;
  while (i < b && (cn_numeral::digit(v.f[i]) > 0 || v.f[i] == U'十')) ++i;
  return i > a && i < b && v.f[i] == U'是' ? i + 1 - a : 0;
}

std::string make_label(const View& v, std::size_t floor, std::size_t start, const MetricRules& rules) {
  std::size_t a = start;
  while (a > floor) {
    char32_t c = v.f[a - 1];
    if (is_label_stop(c)) break;
    // A full stop ends the clause unless it is a decimal point (PM2.5浓度).
    if (c == U'.' && !(a >= 2 && is_digit(v.f[a - 2]) && is_digit(v.at(a)))) break;
    --a;
  }
  std::size_t b = start;
  auto trim_ends = [&] {
    while (a < b && is_space_at(v, a)) ++a;
    while (a < b && is_space_at(v, b - 1)) --b;
  };
  trim_ends();
  // Leading dates and fillers, repeatedly: 2023年上半年共完成 -> (the rest).
  for (bool changed = true; changed;) {
    changed = false;
    if (std::size_t d = date_prefix(v, a, b); d > 0 && b - a - d >= 2) {
      a += d;
      changed = true;
    } else if (std::size_t m = list_marker(v, a, b); m > 0 && b - a - m >= 2) {
      a += m;
      changed = true;
    } else {
      for (const auto& w : rules.leading) {
        if (b - a >= w.size() + 2 && v.matches(a, w)) {
          a += w.size();
          changed = true;
          break;
        }
      }
    }
    trim_ends();
  }
  // Trailing fillers: 面积达 -> 面积, but 节约 stays.
  for (bool changed = true; changed;) {
    changed = false;
    bool keep = false;
    for (const auto& w : rules.trailing_keep)
      if (b - a >= w.size() && v.matches(b - w.size(), w)) keep = true;
    if (keep) break;
    for (const auto& w : rules.trailing) {
      if (b - a >= w.size() + 2 && v.matches(b - w.size(), w)) {
        b -= w.size();
        changed = true;
        break;
      }
    }
    trim_ends();
  }
  if (b - a > kLabelMaxChars) a = b - kLabelMaxChars;
  trim_ends();
  return std::string(v.slice(a, b));
}

std::optional<double> parse_arabic(const View& v, std::size_t a, std::size_t b) {
  char buf[64];
  std::size_t k = 0;
  for (std::size_t i = a; i < b; ++i) {
    char32_t c = v.f[i];
    if (c == U',') continue;
    if (k + 1 >= sizeof buf) return std::nullopt;
    buf[k++] = static_cast<char>(c);
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(buf, buf + k, value);
  if (ec != std::errc() || ptr != buf + k) return std::nullopt;
  return value;
}

// End of an ASCII number or placeholder token starting at s; `dotted` when it runs on
// with a second decimal point (2023.6.13).
std::size_t scan_token(const View& v, std::size_t s, bool& has_placeholder, bool& dotted) {
  std::size_t j = s;
  bool dot = false, digit = false;
  std::size_t group = 0;  // digits since the start or the last comma
  has_placeholder = false;
  dotted = false;
  while (j < v.n) {
    char32_t c = v.f[j];
    if (is_digit(c)) {
      digit = true;
      ++group;
      ++j;
    } else if (is_placeholder(c)) {
      // 7×24小时 is a product, not a redaction.
      if (c == U'×' && j > 0 && is_digit(v.f[j - 1]) && is_digit(v.at(j + 1))) break;
      has_placeholder = true;
      ++j;
    } else if (c == U'.' && j > s && is_numberish(v.at(j + 1))) {
      if (dot) {
        dotted = true;
        break;
      }
      dot = true;
      ++j;
    } else if (v.raw[j] == U',' && !dot && digit && !has_placeholder && group >= 1 && group <= 3 &&
               is_digit(v.at(j + 1)) && is_digit(v.at(j + 2)) && is_digit(v.at(j + 3)) && !is_digit(v.at(j + 4))) {
      group = 0;
      ++j;
    } else {
      break;
    }
  }
  return j;
}

}  // namespace

UnitLexicon UnitLexicon::load(const std::string& lexicon_dir) {
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

std::vector<Metric> find_metrics(std::string_view text, int line_number, const UnitLexicon& units) {
  std::vector<Metric> out;
  if (units.units.empty() || text.empty()) return out;
  // Cheap exit: a line with no ASCII digit, no placeholder letter and no multibyte
  // character cannot hold a number.
  bool maybe = false;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c >= '0' && c <= '9') || c == 'x' || c == 'X' || c == '*') {
      maybe = true;
      break;
    }
  }
  if (!maybe) return out;

  // A lexicon filled by hand has no rules yet: build them from its units for this call.
  std::shared_ptr<const MetricRules> adhoc;
  if (!units.rules) adhoc = make_rules(units.units, nullptr);
  const MetricRules& rules = units.rules ? *units.rules : *adhoc;

  thread_local View v;
  v.load(text);
  std::size_t last_end = 0;  // labels never reach back into the previous metric

  auto emit = [&](std::size_t start, const UnitHit& hit, std::optional<double> value, bool redacted) {
    Metric m;
    m.text = std::string(v.slice(start, hit.end));
    if (!redacted && value) m.value = *value * hit.scale;
    m.unit = hit.unit;
    m.label = make_label(v, last_end, start, rules);
    m.redacted = redacted;
    m.line = line_number;
    out.push_back(std::move(m));
    last_end = hit.end;
  };

  std::size_t first = 0;  // first code point that is not a space
  while (first < v.n && is_space_at(v, first)) ++first;
  std::size_t i = 0;
  while (i < v.n) {
    char32_t c = v.f[i];

    // Document names: 《xx县2023年工作要点》 hold no metrics of the report.
    if (c == U'《') {
      std::size_t j = i + 1;
      while (j < v.n && v.f[j] != U'》') ++j;
      i = j < v.n ? j + 1 : i + 1;
      continue;
    }

    if (is_numberish(c)) {
      std::size_t s = i;
      // A list number opening the line is not a decimal: "1．3个重点村" is item 1, 3个.
      if (s == first) {
        std::size_t k = s;
        while (k < v.n && k - s < 3 && is_digit(v.f[k])) ++k;
        if (k > s && k - s <= 2 && v.at(k) == U'.' && is_digit(v.at(k + 1))) {
          i = k + 1;
          continue;
        }
      }
      bool ph = false, dotted = false;
      std::size_t j = scan_token(v, s, ph, dotted);
      if (j == s) {  // a lone '.' or similar
        ++i;
        continue;
      }
      bool glued = s > 0 && is_ascii_alpha(v.f[s - 1]);
      if (dotted || glued || (j < v.n && is_digit(v.f[j]))) {
        // Skip the whole identifier / date / version: PM2.5, 2023.6.13, G318.
        while (j < v.n && (is_ascii_alnum(v.f[j]) || is_placeholder(v.f[j]) || v.f[j] == U'.')) ++j;
        i = j;
        continue;
      }
      if (s > 0 && v.f[s - 1] == U'第') {
        i = j;
        continue;
      }
      // A lone '*' or '×' is punctuation, not a redacted number (＊＊处 is one).
      bool meaningful = false;
      std::size_t stars = 0;
      for (std::size_t k = s; k < j; ++k) {
        if (v.f[k] == U'*' || v.f[k] == U'×')
          ++stars;
        else if (v.f[k] != U'.')
          meaningful = true;
      }
      meaningful = meaningful || stars >= 2;
      if (!meaningful) {
        i = j;
        continue;
      }
      UnitHit hit = unit_after(v, j, rules);
      if (hit.end == 0) {
        i = j;
        continue;
      }
      std::size_t start = s;
      bool negative = false;
      // Range 3－5天 (one metric, upper bound) or sign -2.3%.
      if (s >= 1) {
        char32_t d = v.f[s - 1];
        bool dash = d == U'-' || d == U'~' || d == U'至' || d == U'到';
        if (dash && s >= 2 && s - 1 >= last_end && is_numberish(v.f[s - 2])) {
          std::size_t r = s - 1;
          while (r > last_end && (is_numberish(v.f[r - 1]) || v.f[r - 1] == U'.' || v.raw[r - 1] == U',')) --r;
          bool ordinal = r > 0 && v.f[r - 1] == U'第';
          bool glued_r = r > 0 && is_ascii_alpha(v.f[r - 1]);
          if (ordinal || glued_r) {
            i = j;
            continue;
          }
          start = r;
          for (std::size_t k = r; k < s - 1; ++k) ph = ph || is_placeholder(v.f[k]);
        } else if (d == U'-' && !ph && s >= 2 && s - 1 >= last_end && !is_ascii_alnum(v.f[s - 2]) &&
                   !is_space_at(v, s - 2)) {
          start = s - 1;
          negative = true;
        }
      }
      std::optional<double> value;
      if (!ph) {
        value = parse_arabic(v, s, j);
        if (value && negative) value = -*value;
      }
      emit(start, hit, value, ph);
      i = hit.end;
      continue;
    }

    if (cn_numeral::is_numeral_char(c)) {
      std::size_t s = i;
      std::size_t j = s;
      while (j < v.n && cn_numeral::is_numeral_char(v.f[j])) ++j;
      i = j;
      if (!is_cn_numeral_start(c)) continue;
      // Ordinals and names: 第三, 初一 (a day), 十二届二次 (a session), “三个狠抓” (a slogan).
      if (s > 0) {
        char32_t p = v.f[s - 1];
        if (p == U'第' || p == U'初' || p == U'届' || is_open_quote(p)) continue;
      }
      std::size_t end = j;
      double value = -1;
      // 三万人, 三千米, 两万余元: leave the last 万/亿/千 to the unit (as for 3万人).
      char32_t last = v.f[j - 1];
      // Not when the rest holds 万/亿 itself: 三万五千元 is 35000 元, not 三万五 千元.
      std::u32string_view head(v.f.data() + s, j - 1 - s);
      if (j - s >= 2 && (last == U'万' || last == U'亿' || last == U'千') &&
          head.find_first_of(U"万亿") == std::u32string_view::npos) {
        double shorter = static_cast<double>(cn_numeral::parse(head));
        if (shorter > 0 && unit_after(v, j - 1, rules).end > 0) {
          end = j - 1;
          value = shorter;
        }
      }
      if (value < 0) value = static_cast<double>(cn_numeral::parse(std::u32string_view(v.f.data() + s, j - s)));
      if (value <= 0) continue;
      UnitHit hit = unit_after(v, end, rules);
      if (hit.end == 0) continue;
      if (value * hit.scale < rules.numeral_min_value || stopped(v, s, rules)) continue;
      if (std::any_of(rules.not_numeral_units.begin(), rules.not_numeral_units.end(), [&](const auto& u) {
            return end < v.n && v.f[end] == u[0] && v.matches(end, u) && hit.end - end == u.size();
          }))
        continue;
      emit(s, hit, value, false);
      i = hit.end;
      continue;
    }
    ++i;
  }
  return out;
}

}  // namespace huizong
