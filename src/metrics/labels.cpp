// The label of a metric: the text before its number back to the previous punctuation or
// metric, with leading dates, list markers (一是) and filler words (共, 累计, 完成…) and
// trailing ones (达, 共计…) dropped when enough remains, then cut to its last characters.
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "common/cn_numeral.h"
#include "metrics/parts.h"

namespace huizong {
namespace {

// The span [a, b) of a label being cut down.
struct Cut {
  std::size_t a, b;
  std::size_t size() const { return b - a; }
};

void trim_spaces(const LineView& v, Cut& s) {
  while (s.a < s.b && v.is_space_at(s.a)) ++s.a;
  while (s.a < s.b && v.is_space_at(s.b - 1)) --s.b;
}

// Leading date such as 2023年, x月份, 1－5月, 2023年6月13日: its length, or 0.
std::size_t date_prefix(const LineView& v, Cut s, const MetricRules& rules) {
  std::size_t i = s.a;
  while (i < s.b &&
         (is_numberish(v.f[i]) || cn_numeral::is_digit_or_ten(v.f[i]) || is_one_of(rules.range_marks, v.f[i])))
    ++i;
  if (i == s.a || i >= s.b) return 0;
  const std::u32string* unit = v.first_at(i, rules.date_units, s.b);
  return unit ? i + unit->size() - s.a : 0;
}

// Leading list marker 一是, 二是, 十一是: its length, or 0.
std::size_t list_marker(const LineView& v, Cut s, const MetricRules& rules) {
  std::size_t i = s.a;
  while (i < s.b && (cn_numeral::digit(v.f[i]) > 0 || cn_numeral::multiplier(v.f[i]) == 10)) ++i;
  return i > s.a && i < s.b && is_one_of(rules.list_markers, v.f[i]) ? i + 1 - s.a : 0;
}

std::size_t word_start(const LineView& v, Cut s, std::size_t from);

// The length of the filler word the label starts with, or 0 (none when it starts a word of
// label_leading_keep: the 对 of 对象库, the 共 of 共享).
std::size_t leading_filler(const LineView& v, Cut s, const MetricRules& rules) {
  if (v.matches_any(s.a, rules.leading_keep, s.b)) return 0;
  for (std::uint32_t k : rules.leading.starting_with(v.at(s.a))) {
    const std::u32string& w = rules.leading[k];
    if (s.size() >= w.size() + rules.label_min_chars && v.matches(s.a, w)) return w.size();
  }
  return 0;
}

// A particle the label starts with when a word starts after it (的低效土地, 及配合…, 与投资;
// but not the 及 of 及时): 1, or 0.
std::size_t leading_particle(const LineView& v, Cut s, const MetricRules& rules) {
  if (s.size() < rules.label_min_chars + 1 || !is_one_of(rules.leading_particles, v.f[s.a])) return 0;
  return word_start(v, s, s.a + 1) == s.a + 1 ? 1 : 0;
}

// Leading dates and fillers, repeatedly: 2023年上半年共完成 -> (the rest).
void drop_leading(const LineView& v, Cut& s, const MetricRules& rules) {
  for (bool changed = true; changed;) {
    std::size_t cut = date_prefix(v, s, rules);
    // The whole date (10月15日前): its parts stay together.
    std::size_t whole = cut;
    while (whole > 0 && whole < s.size())
      if (std::size_t more = date_prefix(v, Cut{s.a + whole, s.b}, rules))
        whole += more;
      else
        break;
    if (whole > cut && v.matches_any(s.a + whole, rules.date_relative, s.b)) cut = whole;
    // 9月底前建成: the label goes on relative to the date, so the date stays; but 2023年以来
    // (a filler after the date) goes with it.
    if (cut > 0 && v.matches_any(s.a + cut, rules.date_relative, s.b)) {
      std::size_t filler = leading_filler(v, Cut{s.a + cut, s.b}, rules);
      if (filler == 0) return;
      cut += filler;
    }
    if (cut == 0 || s.size() - cut < rules.label_min_chars) cut = list_marker(v, s, rules);
    if (cut == 0 || s.size() - cut < rules.label_min_chars) cut = leading_filler(v, s, rules);
    if (cut == 0) cut = leading_particle(v, s, rules);
    changed = cut > 0;
    s.a += cut;
    trim_spaces(v, s);
  }
}

bool ends_with_any(const LineView& v, Cut s, const FoldedWords& words) {
  if (s.size() == 0) return false;
  for (std::uint32_t k : words.ending_with(v.f[s.b - 1]))
    if (s.size() >= words[k].size() && v.matches(s.b - words[k].size(), words[k])) return true;
  return false;
}

// Trailing fillers: 面积达 -> 面积, but 节约 stays.
void drop_trailing(const LineView& v, Cut& s, const MetricRules& rules) {
  for (bool changed = true; changed;) {
    changed = false;
    if (ends_with_any(v, s, rules.trailing_keep)) return;
    for (std::uint32_t k : rules.trailing.ending_with(s.size() > 0 ? v.f[s.b - 1] : 0)) {
      const std::u32string& w = rules.trailing[k];
      if (s.size() >= w.size() + rules.label_min_chars && v.matches(s.b - w.size(), w)) {
        s.b -= w.size();
        changed = true;
        break;
      }
    }
    trim_spaces(v, s);
  }
}

// The first word boundary at or after code point `from` within s (ICU's dictionary word
// breaks for Chinese), so a label cut to its last characters starts with a whole word:
// 社会消费品零售总额, not 023第一季度社会… or 础上申报…. From itself when ICU cannot tell.
std::size_t word_start(const LineView& v, Cut s, std::size_t from) {
  // The last span's text stays set: a label asks about several positions of one span
  // (noun_end, conjunction_in), and ICU finds the dictionary breaks of a text once.
  struct Breaks {
    std::unique_ptr<icu::BreakIterator> words;
    std::u32string span;
    icu::UnicodeString text;
  };
  thread_local Breaks b;
  UErrorCode status = U_ZERO_ERROR;
  if (!b.words) b.words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
  if (!b.words || U_FAILURE(status)) return from;
  std::u32string_view span(v.raw.data() + s.a, s.b - s.a);
  if (span != b.span || b.span.empty()) {
    b.span = span;
    b.text =
        icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(span.data()), static_cast<int32_t>(span.size()));
    b.words->setText(b.text);
  }
  int32_t want = b.text.moveIndex32(0, static_cast<int32_t>(from - s.a));
  int32_t at = b.words->isBoundary(want) ? want : b.words->following(want);
  if (at == icu::BreakIterator::DONE) return from;
  return s.a + static_cast<std::size_t>(b.text.countChar32(0, at));
}

// A full date inside a label (我县于2023年6月7日提前完成了): a year of four digits and the
// month and day written on after it. The label starts after the last one, when enough
// remains and it does not go on relative to the date (6月30日前完成, 2023年以来…).
void drop_inner_date(const LineView& v, Cut& s, const MetricRules& rules) {
  std::size_t after = s.a;
  for (std::size_t i = s.a + 1; i + 4 < s.b; ++i) {
    if (is_numberish(v.f[i - 1])) continue;
    std::size_t n = date_prefix(v, Cut{i, s.b}, rules);
    if (n != 5 || !std::all_of(&v.f[i], &v.f[i + 4], is_numberish)) continue;  // not NNNN年
    std::size_t end = i + n;
    while (std::size_t more = date_prefix(v, Cut{end, s.b}, rules)) end += more;
    after = end;
  }
  if (after == s.a || s.b - after < rules.label_min_chars) return;
  if (v.matches_any(after, rules.date_relative, s.b)) return;
  s.a = after;
}

// Back from `start` to the previous label stop (with `over_lists`, to the previous stop
// that is not a list separator), never before `floor`.
std::size_t clause_start(const LineView& v, std::size_t floor, std::size_t start, const MetricRules& rules,
                         bool over_lists) {
  std::size_t a = start;
  while (a > floor) {
    char32_t c = v.f[a - 1];
    bool stop = (rules.label_stop_bits >> (c & 63) & 1) && is_one_of(rules.label_stops, c);
    if (stop && !(over_lists && is_one_of(rules.list_separators, c))) break;
    // A full stop ends the clause unless it is a decimal point (PM2.5浓度).
    if (c == U'.' && !(a >= 2 && is_digit(v.f[a - 2]) && is_digit(v.at(a)))) break;
    --a;
  }
  return a;
}

// Is s the last item of a list whose items have no figures of their own (人大代表、政协委员
// 150人)? The figure then counts the whole list.
bool last_of_a_list(const LineView& v, std::size_t floor, Cut s, const MetricRules& rules) {
  return s.a > 0 && is_one_of(rules.list_separators, v.f[s.a - 1]) && s.a - 1 > floor;
}

// Are the items of the list whole .. s (s its last) short nouns, as in 咨询、投诉、举报 or
// 人大代表、政协委员, not clauses joined by a list mark (引进某某科技公司、总投资)?
bool short_items(const LineView& v, Cut whole, Cut last, const MetricRules& rules) {
  std::size_t item = 0;
  for (std::size_t i = whole.a; i + 1 < last.a; ++i) {
    if (is_one_of(rules.list_separators, v.f[i]))
      item = 0;
    else if (++item > rules.list_item_max_chars)
      return false;
  }
  return true;
}

bool mentions_any(const LineView& v, Cut s, const FoldedWords& words) {
  for (std::size_t i = s.a; i < s.b; ++i)
    if (v.matches_any(i, words)) return true;
  return false;
}

// A label right after the previous figure, with no mark between, begins with that figure's
// own noun (x个点共xxx个问题: 点 is the x个's); in a short label a one-character word there is
// dropped (a longer one, 村级经济发展资金, is taken as whole: ICU splits 村级 and 嘎查).
// A label there ending in 的 (13个省市自治区的31支队伍) is all the previous figure's phrase.
bool drop_previous_noun(const LineView& v, std::size_t floor, Cut& s, const MetricRules& rules) {
  if (floor == 0 || s.a != floor || s.size() < 2) return true;
  if (ends_with_any(v, s, rules.attributive_ends)) return false;
  if (s.size() <= rules.label_min_chars + 1 && word_start(v, s, s.a + 1) == s.a + 1) ++s.a;
  return true;
}

// A label that says nothing: shorter than label_min_chars, only a date (2022年), or only a
// word of label_not_words (完成, 其中, 全县).
bool says_nothing(const LineView& v, Cut s, const MetricRules& rules) {
  if (s.size() < rules.label_min_chars) return true;
  // Right after a count (98路视频监控…): it starts with another number's word, not its own
  // (after a year written without 年, 2023第一季度…, it is whole).
  std::size_t digits = 0;
  while (digits < s.a && is_digit(v.f[s.a - 1 - digits])) ++digits;
  if (digits > 0 && digits < 4) return true;
  if (date_prefix(v, s, rules) == s.size()) return true;
  // Only words that say nothing, one after another (我县共有, 与去年同比降低, 二是): can the
  // label be read to its end through them?
  thread_local std::vector<char> reached;  // reused from label to label
  reached.assign(s.size() + 1, 0);
  reached[0] = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!reached[i]) continue;
    if (std::size_t marker = list_marker(v, Cut{s.a + i, s.b}, rules)) reached[i + marker] = 1;
    // 一支 (一支10余人的志愿者队伍): a numeral and its unit name no thing.
    if (cn_numeral::digit(v.f[s.a + i]) > 0)
      if (UnitHit u = unit_after(v, s.a + i + 1, rules); u.end > 0 && u.end <= s.b) reached[u.end - s.a] = 1;
    for (const auto* list : {&rules.no_label, &rules.leading, &rules.trailing})
      for (std::uint32_t k : list->starting_with(v.f[s.a + i]))
        if (const auto& w = (*list)[k]; i + w.size() <= s.size() && v.matches(s.a + i, w)) reached[i + w.size()] = 1;
  }
  return reached[s.size()] != 0;
}

// A label longer than label_max_chars: from the first word after one of label_cut_after
// (…脱贫户及监测户符合享受教育补助学生 -> 监测户符合…) that leaves at most label_stretch_chars
// more; else whole when that is short enough (达孜区白纳沟清洁小流域项目建设进度); else its
// last label_max_chars characters from a word boundary. ICU's word breaks alone cut inside
// names it does not know (孜区…, 卡微服务平台…).
void cut_long(const LineView& v, Cut& s, const MetricRules& rules) {
  std::size_t most = rules.label_max_chars + rules.label_stretch_chars;
  for (std::size_t p = s.b > most ? s.b - most : s.a + 1; p + rules.label_min_chars <= s.b; ++p) {
    if (p <= s.a || !is_one_of(rules.cut_after, v.f[p - 1]) || word_start(v, s, p) != p) continue;
    if (v.matches_any(p, rules.after_skip, s.b)) continue;  // 大专及|以上学历: 以上 is the 及's
    s.a = p;
    drop_leading(v, s, rules);
    return;
  }
  if (s.size() <= most) {
    while (s.a < s.b && is_ascii_alnum(v.f[s.a])) ++s.a;  // 2023第一季度…: a year without 年
    return;
  }
  s.a = word_start(v, s, s.b - rules.label_max_chars);
  while (s.a < s.b && (is_ascii_alnum(v.f[s.a]) || is_one_of(rules.label_stops, v.f[s.a]))) ++s.a;
  drop_leading(v, s, rules);
}

// Where the first conjunction that is a word of its own (和, 及; not the 和 of 和谐) starts
// inside s, ending by `end` (at most s.b): its position, or s.b when there is none.
std::size_t conjunction_in(const LineView& v, Cut s, std::size_t end, const MetricRules& rules) {
  for (std::size_t i = s.a + 1; i < end; ++i)
    if (v.matches_any(i, rules.conjunctions, end) && word_start(v, s, i) == i) return i;
  return s.b;
}

// Does s join two subjects (市场主体和企业, 城镇、农村居民)?
bool joins_subjects(const LineView& v, Cut s, const MetricRules& rules) {
  return conjunction_in(v, s, s.b, rules) < s.b ||
         std::any_of(&v.f[s.a + 1], &v.f[s.b], [&](char32_t c) { return is_one_of(rules.list_separators, c); });
}

// 省、市级科研院所, 县、乡两级: an item of one character before a list mark shares the word
// after it (省级、市级), so it belongs to the label.
void take_one_character_items(const LineView& v, std::size_t floor, Cut& s, const MetricRules& rules) {
  // Not the first character after the previous figure: that may be its unit's (5人次、车辆).
  while (s.a >= floor + 3 && is_one_of(rules.list_separators, v.f[s.a - 1])) {
    char32_t c = v.f[s.a - 2];
    if (is_one_of(rules.label_stops, c) || is_numberish(c) || cn_numeral::digit(c) > 0 || v.is_space_at(s.a - 2))
      return;
    if (!is_one_of(rules.label_stops, v.f[s.a - 3])) return;
    s.a -= 2;
  }
}

// The last item of a list that says it counts the list, with a verb after its 等 (…退役军人等
// 开展惠民慈善项目10余个, 防溺水等进行专项督查): the words from the verb say what was counted, the
// items only who or what it was for. 基层干部等42人 and 农村道路损坏等问题5件 (a noun after 等:
// the items are examples of it) stay whole.
void start_after_list_end(const LineView& v, Cut& s, const MetricRules& rules) {
  for (std::size_t p = s.b; p > s.a; --p) {
    for (std::uint32_t k : rules.list_ends.ending_with(v.f[p - 1])) {
      const std::u32string& w = rules.list_ends[k];
      if (p < s.a + w.size() || !v.matches(p - w.size(), w)) continue;
      // A verb of its own (not 共 of 共富工坊, nor a filler: 烈属等共计67人).
      Cut rest{p, s.b};
      drop_leading(v, rest, rules);
      drop_trailing(v, rest, rules);
      auto verbs = rules.after_verbs.starting_with(v.at(p));
      bool verb = std::any_of(verbs.begin(), verbs.end(), [&](std::uint32_t k) {
        return rules.after_verbs[k].size() >= 2 && v.matches(p, rules.after_verbs[k]);
      });
      if (verb && word_start(v, s, p) == p && !says_nothing(v, rest, rules)) s.a = rest.a;
      return;
    }
  }
}

}  // namespace

std::string make_label(const LineView& v, std::size_t floor, std::size_t start, const MetricRules& rules) {
  Cut s{clause_start(v, floor, start, rules, false), start};
  trim_spaces(v, s);
  take_one_character_items(v, floor, s, rules);
  // A list counted as a whole (咨询、投诉、举报110余件) is labelled by the whole list when it
  // fits, by its last item when the list says it counts the list (…项目等6项), else not at
  // all: its last item alone (东兴村、褒北村8宗 -> 褒北村) would name a part as the whole.
  if (s.size() == 0) return {};  // 覆盖区级财政、58个一级预算部门: a list mark right before the number
  if (last_of_a_list(v, floor, s, rules)) {
    Cut whole{clause_start(v, floor, start, rules, true), start};
    trim_spaces(v, whole);
    drop_leading(v, whole, rules);
    // Right after the previous figure (5人次、车辆12辆次), or with numbers in the items
    // (手套300余付、口罩600只; a list number 5、…; 第三、四季度), the items have figures of their own: the
    // last item is the label as usual.
    bool own_figures =
        (whole.a == floor && floor > 0) || is_one_of(rules.list_separators, v.f[whole.a]) ||
        std::any_of(&v.f[whole.a], &v.f[s.a], [](char32_t c) { return is_numberish(c) || cn_numeral::digit(c) > 0; });
    if (!own_figures && whole.size() <= rules.label_max_chars && short_items(v, whole, s, rules))
      s = whole;
    else if (!own_figures && !mentions_any(v, s, rules.list_ends))
      return {};
    else if (!own_figures)
      start_after_list_end(v, s, rules);
  }
  if (!drop_previous_noun(v, floor, s, rules)) return {};
  drop_leading(v, s, rules);
  drop_inner_date(v, s, rules);
  // 每千人拥有市场主体和企业分别为103.1户、15.37户: which subject each figure is of, the label
  // alone does not say.
  if (ends_with_any(v, s, rules.respectively) && joins_subjects(v, s, rules)) return {};
  drop_trailing(v, s, rules);
  if (ends_with_any(v, s, rules.conjunctions)) return {};  // 办案能手及10份优秀卷宗: the 10份 is the 卷宗's
  if (s.size() > rules.label_max_chars) cut_long(v, s, rules);
  trim_spaces(v, s);
  if (says_nothing(v, s, rules)) return {};
  return std::string(v.slice(s.a, s.b));
}

bool listed(const FoldedWords& words, std::u32string_view w) {
  if (w.empty()) return false;
  auto same = words.starting_with(w[0]);
  return std::any_of(same.begin(), same.end(), [&](std::uint32_t k) { return words[k] == w; });
}

bool ends_in_any(std::u32string_view s, const FoldedWords& words) {
  if (s.empty()) return false;
  auto same_end = words.ending_with(s.back());
  return std::any_of(same_end.begin(), same_end.end(), [&](std::uint32_t k) { return s.ends_with(words[k]); });
}

bool names_only_a_place(std::u32string_view l, std::u32string_view unit, const MetricRules& rules) {
  if (l.empty() || l.size() > rules.place_label_max_chars || listed(rules.after_units, unit)) return false;
  return std::any_of(rules.place_ends.begin(), rules.place_ends.end(),
                     [&](const auto& w) { return l.size() > w.size() && l.ends_with(w); });
}

namespace {

// Past label_after_skip words right after a figure (50个以上核心生产基地).
std::size_t past_skip_words(const LineView& v, std::size_t a, const MetricRules& rules) {
  for (bool skipped = true; skipped;) {
    skipped = false;
    if (const std::u32string* w = v.first_at(a, rules.after_skip)) {
      a += w->size();
      skipped = true;
    }
  }
  return a;
}

// Where the noun in [a, b) ends: at the first verb or conjunction (5家企业纳入重点帮扶名单 -> 企业; 下拨的50万
// 村级经济发展资金建设500平方米 -> 村级经济发展资金). A verb is a word of its own: not the 对
// of 对象, the 经 of 经营户, the 共 of 公共; nor one starting a noun of label_after_nouns
// (建设用地).
std::size_t noun_end(const LineView& v, std::size_t a, std::size_t b, const MetricRules& rules) {
  auto boundary = [&](std::size_t i) { return i == b || word_start(v, Cut{a, b}, i) == i; };
  for (std::size_t i = a; i < b; ++i)
    for (std::uint32_t k : rules.after_verbs.starting_with(v.f[i]))
      if (const auto& w = rules.after_verbs[k]; i + w.size() <= b && v.matches(i, w) && boundary(i) &&
                                                boundary(i + w.size()) && !v.matches_any(i, rules.after_nouns, b))
        return i;
  return b;
}

// Do the items of the list going on at b (a list mark) have figures of their own (企业、
// 商户各5家 does not; 6个AAA公众号、5个新浪微博 does)?
bool past_list_items(const LineView& v, std::size_t b, const MetricRules& rules) {
  for (std::size_t i = b + 1; i < v.n; ++i) {
    char32_t c = v.f[i];
    if (is_one_of(rules.label_stops, c) && !is_one_of(rules.list_separators, c)) break;
    if (is_numberish(c) || cn_numeral::digit(c) > 0) return true;
  }
  return false;
}

// 五项工作机制和考勤打卡、车旅费报销…, 6个系统数据及单位相关业务数据, 10座最清洁公厕设施排查和维修
// 更换: a conjunction in the words after a count may join another thing to the counted noun
// or be part of it (学校及幼儿园食堂): which one the words do not tell.
bool holds_a_conjunction(const LineView& v, Cut s, const MetricRules& rules) {
  return conjunction_in(v, s, s.b - 1, rules) < s.b;
}

// The words s between a count and the next number (b): its noun when they end in 的
// (13个省市自治区的31支队伍) or are short (13个乡镇124个村; not 检查企业5家整改问题3处).
LabelAfter noun_before_number(const LineView& v, Cut s, std::size_t b, bool attributive, const MetricRules& rules) {
  LabelAfter out;
  drop_trailing(v, s, rules);
  // 2家县直单位和1家企业: a noun a conjunction ends is whole.
  bool joined = false;
  while (s.size() > rules.label_min_chars && ends_with_any(v, s, rules.conjunctions)) {
    --s.b;
    joined = true;
  }
  bool attributive_end = !joined && ends_with_any(v, s, rules.attributive_ends);
  if (attributive_end) s.b -= 1;
  bool own = joined || attributive_end;
  // 2条最清洁城市道路及南岩小学等10座: the words before a conjunction are the first count's noun.
  if (std::size_t conjunction = conjunction_in(v, s, s.b, rules); !own && conjunction < s.b) {
    s.b = conjunction;
    own = true;
  }
  std::size_t most = own ? rules.label_max_chars : rules.label_min_chars + 1;
  if (s.size() > most || s.size() < rules.label_min_chars) {
    if (attributive) out.kind = LabelAfter::unclear;  // …的 is not whole without its noun
    return out;
  }
  out.kind = LabelAfter::found;
  out.noun = std::string(v.slice(s.a, s.b));
  out.end = b;
  return out;
}

}  // namespace

LabelAfter label_after(const LineView& v, std::size_t end, std::u32string_view folded_label,
                       std::u32string_view folded_unit, const MetricRules& rules) {
  LabelAfter out;
  bool counted = listed(rules.after_units, folded_unit);
  bool share = listed(rules.share_units, folded_unit);
  bool open = ends_in_any(folded_label, rules.open_ends);
  bool verb_end = ends_in_any(folded_label, rules.verb_ends);
  bool attributive = (!share && (ends_in_any(folded_label, rules.attributive_ends) || verb_end)) || open;
  bool event = folded_label.empty() && listed(rules.after_event_units, folded_unit);
  if (!counted && !attributive && !event) return out;
  // A label ending in a preposition (分别向6户…) is never whole: with no noun after, none.
  if (open) out.kind = LabelAfter::unclear;
  std::size_t a = past_skip_words(v, end, rules);
  // 乡镇12个和砂场3个: words after a conjunction are the next figure's.
  if (v.matches_any(a, rules.conjunctions)) return out;
  // To the end of the clause, or to the next number (whose label the words may be).
  std::size_t b = a;
  bool into_number = false;
  while (b < v.n && !is_one_of(rules.label_stops, v.f[b]) && !v.is_space_at(b)) {
    if (is_numberish(v.f[b]) || (cn_numeral::digit(v.f[b]) > 0 && unit_after(v, b + 1, rules).end > 0)) {
      into_number = true;
      break;
    }
    ++b;
  }
  // 在清江桥村打造1个1000亩双季稻示范区: a label ending in a verb is not whole when another
  // number follows at once.
  if (b == a) {
    if (attributive && into_number) out.kind = LabelAfter::unclear;
    return out;
  }
  Cut s{a, noun_end(v, a, b, rules)};
  if (s.b == s.a) return out;  // a new clause right after the figure (5家，发现隐患3处)
  // 等10个方面简化…: a count of aspects says what was counted only with the list before it.
  // 4次主题日、民主生活会、组织生活会…: a noun that a list goes on from, with no figures of
  // its own, may be only the first of what was counted.
  bool list_goes_on = b + 1 < v.n && is_one_of(rules.list_separators, v.f[b]) && !is_numberish(v.f[b + 1]) &&
                      cn_numeral::digit(v.f[b + 1]) <= 0;
  if (v.matches_any(s.a, rules.after_vague) || (s.b == b && list_goes_on && !past_list_items(v, b, rules))) {
    out.kind = LabelAfter::unclear;
    return out;
  }
  if (into_number && s.b == b) {
    if (counted) {
      LabelAfter noun = noun_before_number(v, s, b, attributive && !verb_end, rules);
      // 同兴环保、金农牧业等6家企业凝练科技项目6个: the items before 等 are examples, the counted
      // noun comes after and is not clear.
      if (noun.kind == LabelAfter::none && ends_in_any(folded_label, rules.list_ends)) noun.kind = LabelAfter::unclear;
      return noun;
    }
    if (attributive) out.kind = LabelAfter::unclear;
    return out;
  }
  out.kind = LabelAfter::unclear;
  // 的 inside (三个司法所的高标准建设, 5个相对稳定的示范基地): which side is the noun is not
  // clear from the words.
  for (std::size_t i = s.a; i < s.b; ++i)
    if (v.matches_any(i, rules.attributive_ends, s.b)) return out;
  if (holds_a_conjunction(v, s, rules)) {
    out.end = s.b;  // nor is it the next figure's label
    return out;
  }
  drop_trailing(v, s, rules);
  if (s.size() > rules.label_max_chars || says_nothing(v, s, rules)) return out;
  out.kind = LabelAfter::found;
  out.noun = std::string(v.slice(s.a, s.b));
  out.end = s.b;
  return out;
}

}  // namespace huizong
