// find_metrics: one pass over the code points of a line. A number (ASCII or full-width
// digits, a Chinese numeral, or a redaction placeholder such as xx.x) is a metric when a
// unit from lexicons/units.json follows it at once. Matching looks at the folded view
// (full-width ASCII -> ASCII) but every offset points into the line as written, so
// Metric::text and Metric::label are exact substrings of the input.
//
// Not metrics: a number after an ordinal prefix (第3批), inside a document name (《…》),
// glued to Latin letters (PM2.5, G318), dotted like a date or version (2023.6.13), the list
// number opening a line (the 1 of "1．3个"). Years, months and days are left out because
// 年/月/日 are not units. Chinese numerals count from chinese_numeral_min_value on, not
// after chinese_numeral_not_after, not where a chinese_numeral_stop entry covers them, and
// not with a unit of chinese_numeral_not_units.
#include <algorithm>
#include <charconv>

#include "common/cn_numeral.h"
#include "metrics/parts.h"

namespace huizong {
namespace {

std::optional<double> parse_arabic(const LineView& v, std::size_t a, std::size_t b) {
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

// A thousands separator at j: 1,234 (one to three digits before, exactly three after).
bool thousands_comma(const LineView& v, std::size_t j, std::size_t group) {
  return v.raw[j] == U',' && group >= 1 && group <= 3 && is_digit(v.at(j + 1)) && is_digit(v.at(j + 2)) &&
         is_digit(v.at(j + 3)) && !is_digit(v.at(j + 4));
}

// An ASCII number or placeholder token starting at s.
struct Token {
  std::size_t end;
  bool placeholder = false;  // redacted: xx, x.x, ＊＊
  bool dotted = false;       // runs on with a second decimal point (2023.6.13)
};

Token scan_token(const LineView& v, std::size_t s) {
  Token t{s};
  std::size_t& j = t.end;
  bool dot = false, digit = false;
  std::size_t group = 0;  // digits since the start or the last comma
  while (j < v.n) {
    char32_t c = v.f[j];
    if (is_digit(c)) {
      digit = true;
      ++group;
    } else if (is_placeholder(c)) {
      // 7×24小时 is a product, not a redaction.
      if (c == U'\u00D7' && j > 0 && is_digit(v.f[j - 1]) && is_digit(v.at(j + 1))) break;
      t.placeholder = true;
    } else if (c == U'.' && j > s && is_numberish(v.at(j + 1))) {
      if (dot) {
        t.dotted = true;
        break;
      }
      dot = true;
    } else if (!dot && digit && !t.placeholder && thousands_comma(v, j, group)) {
      group = 0;
    } else {
      break;
    }
    ++j;
  }
  return t;
}

class Scanner {
 public:
  Scanner(const LineView& v, int line, const MetricRules& rules, std::vector<Metric>& out)
      : v_(v), line_(line), rules_(rules), out_(out) {
    while (first_ < v_.n && v_.is_space_at(first_)) ++first_;
  }

  void run() {
    for (std::size_t i = 0; i < v_.n;) {
      char32_t c = v_.f[i];
      if (!rules_.may_stop_scan(c)) {  // most code points: nothing below would hold
        ++i;
        continue;
      }
      if (std::size_t q = rules_.quote_open.find(c); q != std::u32string::npos && quote_close_ == 0)
        quote_close_ = rules_.quote_close[q];
      else if (c == quote_close_)
        quote_close_ = 0;
      if (c == rules_.document_open && c != 0)
        i = after_document_name(i);
      else if (is_numberish(c))
        i = arabic(i);
      else if (cn_numeral::is_numeral_char(c))
        i = chinese(i);
      else
        ++i;
    }
  }

 private:
  // Document names: 《xx县2023年工作要点》 hold no metrics of the report.
  std::size_t after_document_name(std::size_t i) const {
    std::size_t j = i + 1;
    while (j < v_.n && v_.f[j] != rules_.document_close) ++j;
    return j < v_.n ? j + 1 : i + 1;
  }

  // A list number opening the line is not a decimal: "1．3个重点村" is item 1, 3个. The
  // position after its full stop, or 0.
  std::size_t after_list_number(std::size_t s) const {
    if (s != first_) return 0;
    std::size_t k = s, most = rules_.list_number_max_digits;
    while (k < v_.n && k - s <= most && is_digit(v_.f[k])) ++k;
    return k > s && k - s <= most && v_.at(k) == U'.' && is_digit(v_.at(k + 1)) ? k + 1 : 0;
  }

  // A lone '*' or '×' is punctuation, not a redacted number (＊＊处 is one).
  bool meaningful(std::size_t s, std::size_t j) const {
    std::size_t stars = 0;
    for (std::size_t k = s; k < j; ++k) {
      if (v_.f[k] == U'*' || v_.f[k] == U'\u00D7')
        ++stars;
      else if (v_.f[k] != U'.')
        return true;
    }
    return stars >= rules_.redaction_min_stars;
  }

  // Where the metric whose number starts at s begins: a range 3－5天 at its lower bound (one
  // metric, valued at the upper bound), a sign -2.3% at the sign. False when the lower bound
  // is an ordinal or glued to letters: no metric.
  bool metric_start(std::size_t s, Token& t, std::size_t& start, bool& negative) const {
    start = s;
    negative = false;
    if (s < 1) return true;
    char32_t d = v_.f[s - 1];
    if (is_one_of(rules_.range_marks, d) && s >= 2 && s - 1 >= last_end_ && is_numberish(v_.f[s - 2])) {
      std::size_t r = s - 1;
      while (r > last_end_ && (is_numberish(v_.f[r - 1]) || v_.f[r - 1] == U'.' || v_.raw[r - 1] == U',')) --r;
      if (r > 0 && (is_one_of(rules_.ordinal_prefixes, v_.f[r - 1]) || is_ascii_alpha(v_.f[r - 1]))) return false;
      start = r;
      for (std::size_t k = r; k < s - 1; ++k) t.placeholder = t.placeholder || is_placeholder(v_.f[k]);
    } else if (d == U'-' && !t.placeholder && s >= 2 && s - 1 >= last_end_ && !is_ascii_alnum(v_.f[s - 2]) &&
               !v_.is_space_at(s - 2)) {
      start = s - 1;
      negative = true;
    }
    return true;
  }

  // A number in ASCII or full-width digits, or redacted, at i: the position to go on from.
  std::size_t arabic(std::size_t s) {
    if (std::size_t next = after_list_number(s)) return next;
    Token t = scan_token(v_, s);
    std::size_t j = t.end;
    if (j == s) return s + 1;  // a lone '.' or similar
    bool glued = s > 0 && is_ascii_alpha(v_.f[s - 1]);
    if (t.dotted || glued || (j < v_.n && is_digit(v_.f[j]))) {
      // Skip the whole identifier / date / version: PM2.5, 2023.6.13, G318.
      while (j < v_.n && (is_ascii_alnum(v_.f[j]) || is_placeholder(v_.f[j]) || v_.f[j] == U'.')) ++j;
      return j;
    }
    if (s > 0 && is_one_of(rules_.ordinal_prefixes, v_.f[s - 1])) return j;
    if (!meaningful(s, j)) return j;
    UnitHit hit = unit_after(v_, j, rules_);
    if (hit.end == 0) return j;
    std::size_t start = 0;
    bool negative = false;
    if (!metric_start(s, t, start, negative)) return j;
    std::optional<double> value;
    if (!t.placeholder) {
      value = parse_arabic(v_, s, j);
      if (value && negative) value = -*value;
    }
    emit(start, hit, value, t.placeholder);
    return hit.end;
  }

  // Value of a Chinese numeral run [s, j) and where its unit starts: 三万人, 三千米, 两万余元
  // leave their last 万/亿/千 to the unit (as for 3万人) — unless the rest holds a 万 or 亿
  // itself (三万五千元 is 35000 元, not 三万五 千元). Value -1: no numeral.
  double chinese_value(std::size_t s, std::size_t j, std::size_t& end) const {
    end = j;
    std::u32string_view run(v_.f.data() + s, j - s);
    std::u32string_view head = run.substr(0, run.size() - 1);
    bool big_in_head =
        std::any_of(head.begin(), head.end(), [](char32_t c) { return cn_numeral::multiplier(c) >= 10000; });
    if (run.size() >= 2 && is_one_of(rules_.scale_words, run.back()) && !big_in_head) {
      auto shorter = static_cast<double>(cn_numeral::parse(head));
      if (shorter > 0 && unit_after(v_, j - 1, rules_).end > 0) {
        end = j - 1;
        return shorter;
      }
    }
    return static_cast<double>(cn_numeral::parse(run));
  }

  bool stopped(std::size_t a) const;
  bool not_numeral_unit(std::size_t end, const UnitHit& hit) const {
    return std::any_of(rules_.not_numeral_units.begin(), rules_.not_numeral_units.end(), [&](const auto& u) {
      return end < v_.n && v_.f[end] == u[0] && v_.matches(end, u) && hit.end - end == u.size();
    });
  }

  // 三元镇, 五里村: a Chinese numeral and a unit before a place word name a place (but 三个镇
  // counts towns: place_counting_units).
  bool names_a_place(std::size_t end, const UnitHit& hit) const {
    bool place = v_.matches_any(hit.end, rules_.place_words);
    bool counts = std::any_of(rules_.place_count_units.begin(), rules_.place_count_units.end(),
                              [&](const auto& u) { return end + u.size() == hit.end && v_.matches(end, u); });
    return place && !counts;
  }

  // A Chinese numeral at s (一 .. 九千九百九十九亿…): the position to go on from.
  std::size_t chinese(std::size_t s) {
    std::size_t j = s;
    while (j < v_.n && cn_numeral::is_numeral_char(v_.f[j])) ++j;
    char32_t c = v_.f[s];
    // A metric starts with 一-九, 两 or 十 (not 百/千/万/零: 千家万户, 百姓).
    if (!(cn_numeral::digit(c) > 0 || cn_numeral::multiplier(c) == 10)) return j;
    // Ordinals and names: 第三, 初一 (a day), 十二届二次 (a session), “三个狠抓” and
    // “防溺水新十条” (slogans, in quotation marks).
    if (quote_close_ != 0) return j;
    if (s > 0 && (is_one_of(rules_.ordinal_prefixes, v_.f[s - 1]) || is_one_of(rules_.numeral_not_after, v_.f[s - 1])))
      return j;
    std::size_t end = j;
    double value = chinese_value(s, j, end);
    if (value < 0) return j;
    UnitHit hit = unit_after(v_, end, rules_);
    if (hit.end == 0) return j;
    if (value * hit.scale < rules_.numeral_min_value || stopped(s) || not_numeral_unit(end, hit)) return j;
    if (names_a_place(end, hit)) return hit.end;
    // 八个一工作机制, 三个一批: a slogan, not a count.
    if (v_.matches_any(hit.end, rules_.slogan_after)) return hit.end;
    emit(s, hit, value, false);
    return hit.end;
  }

  // A threshold (总质量xx吨以上的车辆) or a set phrase (24小时值班) is no figure.
  bool no_figure(std::size_t start, const UnitHit& hit) const {
    // 须在1个工作日内反馈: a deadline, not a time taken.
    // 脱贫人口前8个月人均纯收入: a period, not a time taken.
    bool deadline_or_period = v_.matches_any(hit.end, rules_.deadline_after) ||
                              (start > 0 && is_one_of(rules_.period_before, v_.f[start - 1]));
    if (deadline_or_period && listed(rules_.span_units, fold_u32(hit.unit))) return true;
    return v_.matches_any(hit.end, rules_.not_before) ||
           std::any_of(rules_.not_figures.begin(), rules_.not_figures.end(),
                       [&](const auto& w) { return w.size() == hit.end - start && v_.matches(start, w); });
  }

  void emit(std::size_t start, const UnitHit& hit, std::optional<double> value, bool redacted) {
    if (no_figure(start, hit)) {
      last_end_ = hit.end;
      return;
    }
    Metric m;
    m.text = std::string(v_.slice(start, hit.end));
    if (!redacted && value) m.value = *value * hit.scale;
    m.unit = hit.unit;
    m.label = make_label(v_, last_end_, start, rules_);
    const std::u32string folded_label = fold_u32(m.label), folded_unit = fold_u32(hit.unit);
    LabelAfter after = label_after(v_, hit.end, folded_label, folded_unit, rules_);
    if (after.kind == LabelAfter::found)
      m.label = std::move(after.noun);
    else if (after.kind == LabelAfter::unclear || names_only_a_place(folded_label, folded_unit, rules_))
      m.label.clear();
    m.redacted = redacted;
    m.line = line_;
    out_.push_back(std::move(m));
    // Labels never reach back into the previous metric, nor into the noun it counts.
    last_end_ = std::max(after.end, hit.end);
  }

  const LineView& v_;
  int line_;
  const MetricRules& rules_;
  std::vector<Metric>& out_;
  std::size_t first_ = 0;     // first code point that is not a space
  std::size_t last_end_ = 0;  // end of the last metric
  char32_t quote_close_ = 0;  // inside quotation marks: the mark that closes them
};

// Does a chinese_numeral_stop entry cover the code point at a?
bool Scanner::stopped(std::size_t a) const {
  for (const auto& s : rules_.numeral_stop) {
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (s[k] != v_.f[a] || k > a) continue;
      if (v_.matches(a - k, s)) return true;
    }
  }
  return false;
}

// Cheap exit: a line with no ASCII digit, no placeholder letter and no multibyte character
// cannot hold a number.
bool may_hold_a_number(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 0x80 || (c >= '0' && c <= '9') || c == 'x' || c == 'X' || c == '*';
  });
}

}  // namespace

std::vector<Metric> find_metrics(std::string_view text, int line_number, const UnitLexicon& units) {
  std::vector<Metric> out;
  if (units.units.empty() || text.empty() || !may_hold_a_number(text)) return out;
  // A lexicon filled by hand has no rules yet: build them from its units for this call.
  std::shared_ptr<const MetricRules> adhoc;
  if (!units.rules) adhoc = make_rules(units.units, nullptr);
  const MetricRules& rules = units.rules ? *units.rules : *adhoc;
  thread_local LineView v;
  v.load(text);
  Scanner(v, line_number, rules, out).run();
  return out;
}

}  // namespace huizong
