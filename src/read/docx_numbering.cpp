// read/docx: list numbering as Word shows it (see the rules at the top of docx.cpp): the
// number formats, paragraph styles and numbering definitions, and the counters.
#include "read/docx_numbering.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <string_view>

#include "common/cn_numeral.h"
#include "common/utf8.h"

namespace huizong::docx {
namespace {

// ---------------------------------------------------------------------------------------
// Number formats.

// 2023 -> 二〇二三: each digit as a Chinese numeral.
std::string digit_by_digit(int n) {
  if (n < 0) return std::to_string(n);
  std::string out;
  for (char c : std::to_string(n)) out += cn_numeral::format(c - '0');
  return out;
}

std::string letters(int n, char base) {
  if (n <= 0 || n > 26 * 50) return std::to_string(n);
  return std::string(static_cast<std::size_t>((n - 1) / 26 + 1), static_cast<char>(base + (n - 1) % 26));
}

std::string roman(int n, bool upper) {
  if (n <= 0 || n >= 4000) return std::to_string(n);
  static const std::pair<int, const char*> kTable[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                                                       {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
                                                       {5, "v"},    {4, "iv"},   {1, "i"}};
  std::string out;
  for (const auto& [value, text] : kTable)
    while (n >= value) {
      out += text;
      n -= value;
    }
  if (upper)
    std::transform(out.begin(), out.end(), out.begin(), [](char c) { return static_cast<char>(c - 'a' + 'A'); });
  return out;
}

std::string code_point(char32_t cp) {
  std::string out;
  utf8::append(out, cp);
  return out;
}

// Code points the enclosed and full-width formats count from.
constexpr char32_t kFullwidthZero = 0xFF10;        // ０ (０ … ９)
constexpr char32_t kFullwidthHyphen = 0xFF0D;      // －
constexpr char32_t kCircledOne = 0x2460;           // ① (① … ⑳)
constexpr char32_t kCircledTwentyOne = 0x3251;     // ㉑ (㉑ … ㉟)
constexpr char32_t kCircledThirtySix = 0x32B1;     // ㊱ (㊱ … ㊿)
constexpr char32_t kParenthesizedOne = 0x2474;     // ⑴ (⑴ … ⒇)
constexpr char32_t kFullStopOne = 0x2488;          // ⒈ (⒈ … ⒛)
constexpr char32_t kCircledIdeographOne = 0x3280;  // ㊀ (㊀ … ㊉)

// The symbols of Word's ideographTraditional and ideographZodiac formats: the ten heavenly
// stems and the twelve earthly branches (ECMA-376 ST_NumberFormat). A built-in definition of
// the file format, like the numerals of cn_numeral, not wording a lexicon could change.
constexpr std::u32string_view kHeavenlyStems = U"甲乙丙丁戊己庚辛壬癸";
constexpr std::u32string_view kEarthlyBranches = U"子丑寅卯辰巳午未申酉戌亥";

// The symbol for n (from 1) in a cycle of symbols.
std::string cyclic(int n, std::u32string_view symbols) {
  return n >= 1 ? code_point(symbols[static_cast<std::size_t>(n - 1) % symbols.size()]) : std::to_string(n);
}

// The symbol for n in a run of consecutive code points [first, first + count), else `other`.
std::string enclosed(int n, int from, int count, char32_t first, const std::string& other) {
  return n >= from && n < from + count ? code_point(first + static_cast<char32_t>(n - from)) : other;
}

std::string format_number(int n, std::string_view fmt) {
  if (fmt == "decimal" || fmt == "decimalHalfWidth" || fmt.empty()) return std::to_string(n);
  if (fmt == "none" || fmt == "bullet") return "";
  if (fmt == "chineseCounting" || fmt == "chineseCountingThousand" || fmt == "japaneseCounting" ||
      fmt == "taiwaneseCounting" || fmt == "taiwaneseCountingThousand")
    return cn_numeral::format(n);
  if (fmt == "chineseLegalSimplified") return cn_numeral::format(n, cn_numeral::Style::legal);
  if (fmt == "ideographLegalTraditional" || fmt == "japaneseLegal")
    return cn_numeral::format(n, cn_numeral::Style::legal_traditional);
  if (fmt == "ideographDigital" || fmt == "japaneseDigitalTenThousand" || fmt == "taiwaneseDigital")
    return digit_by_digit(n);
  if (fmt == "decimalZero") return (n >= 0 && n < 10 ? "0" : "") + std::to_string(n);
  if (fmt == "decimalFullWidth" || fmt == "decimalFullWidth2") {
    std::string out;
    for (char c : std::to_string(n))
      out += code_point(c == '-' ? kFullwidthHyphen : kFullwidthZero + static_cast<char32_t>(c - '0'));
    return out;
  }
  if (fmt == "decimalEnclosedCircle" || fmt == "decimalEnclosedCircleChinese")
    return enclosed(n, 1, 20, kCircledOne,
                    enclosed(n, 21, 15, kCircledTwentyOne, enclosed(n, 36, 15, kCircledThirtySix, std::to_string(n))));
  if (fmt == "decimalEnclosedParen") return enclosed(n, 1, 20, kParenthesizedOne, "(" + std::to_string(n) + ")");
  if (fmt == "decimalEnclosedFullstop") return enclosed(n, 1, 20, kFullStopOne, std::to_string(n) + ".");
  if (fmt == "ideographEnclosedCircle") return enclosed(n, 1, 10, kCircledIdeographOne, cn_numeral::format(n));
  if (fmt == "ideographTraditional") return cyclic(n, kHeavenlyStems);
  if (fmt == "ideographZodiac") return cyclic(n, kEarthlyBranches);
  if (fmt == "upperLetter") return letters(n, 'A');
  if (fmt == "lowerLetter") return letters(n, 'a');
  if (fmt == "upperRoman") return roman(n, true);
  if (fmt == "lowerRoman") return roman(n, false);
  return std::to_string(n);  // ordinal, cardinalText, hex… : the number itself
}

// Whether the number text ends in a mark that delimits it: a closing bracket or other
// punctuation (、 ． ） 】 ： …, by Unicode category), a space, or an enclosed number
// (①, ⑴, ⒈, ❶, ㉑, ㊀…).
bool ends_in_punctuation(const std::string& s) {
  if (s.empty()) return false;
  std::size_t start = 0;
  char32_t last = utf8::decode_last(s, start);
  bool enclosed = (last >= 0x2460 && last <= 0x24FF) || (last >= 0x2776 && last <= 0x2793) ||
                  (last >= 0x3251 && last <= 0x325F) || (last >= 0x3280 && last <= 0x32BF);
  auto type = static_cast<UCharCategory>(u_charType(static_cast<UChar32>(last)));
  return enclosed || type == U_OTHER_PUNCTUATION || type == U_END_PUNCTUATION ||
         u_isUWhiteSpace(static_cast<UChar32>(last));
}

Level parse_level(const W& w, pugi::xml_node lvl) {
  Level l;
  l.defined = true;
  if (auto v = w.int_val(w.child(lvl, "start"))) l.start = *v;
  if (pugi::xml_node f = w.child(lvl, "numFmt")) l.fmt = w.val(f);
  if (pugi::xml_node t = w.child(lvl, "lvlText")) {
    pugi::xml_attribute a = w.attr(t, "val");
    l.has_text = static_cast<bool>(a);
    l.text = a.value();
  }
  if (auto v = w.int_val(w.child(lvl, "lvlRestart"))) l.restart = *v;
  l.legal = w.on(w.child(lvl, "isLgl"));
  if (pugi::xml_node s = w.child(lvl, "suff")) l.suffix = w.val(s);
  l.style = w.val(w.child(lvl, "pStyle"));
  return l;
}

// Word's built-in heading styles are outline levels 1-9 even when styles.xml does not say
// so. Word and LibreOffice name them "heading N" whatever the interface language; WPS and
// some converters write the Chinese name. Built-in: 标题 N, the name a Chinese Word shows.
std::optional<int> heading_level(const std::string& lowercase_name) {
  for (std::string_view prefix : {std::string_view("heading "), std::string_view("标题 "), std::string_view("标题")}) {
    if (!lowercase_name.starts_with(prefix)) continue;
    std::string_view rest = std::string_view(lowercase_name).substr(prefix.size());
    if (rest.size() == 1 && rest[0] >= '1' && rest[0] <= '9') return rest[0] - '1';
  }
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Styles and numbering definitions.

void Styles::load(const Xml& x) {
  const W& w = x.w;
  pugi::xml_node root = x.doc.document_element();
  for (pugi::xml_node s = root.first_child(); s; s = s.next_sibling()) {
    if (!w.is(s, "style")) continue;
    std::string id = w.attr(s, "styleId").value();
    if (id.empty()) continue;
    StyleInfo info;
    info.based_on = w.val(w.child(s, "basedOn"));
    std::string name = w.val(w.child(s, "name"));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    info.toc = name.size() == 5 && name.starts_with("toc ") && name[4] >= '1' && name[4] <= '9';
    pugi::xml_node ppr = w.child(s, "pPr");
    info.outline_level = w.int_val(w.child(ppr, "outlineLvl"));
    if (!info.outline_level) info.outline_level = heading_level(name);
    if (pugi::xml_node pb = w.child(ppr, "pageBreakBefore")) info.page_break_before = w.on(pb);
    pugi::xml_node num_pr = w.child(ppr, "numPr");
    if (num_pr) {
      info.num_id = w.int_val(w.child(num_pr, "numId"));
      info.ilvl = w.int_val(w.child(num_pr, "ilvl"));
    }
    std::string type = w.attr(s, "type").value();
    std::string_view is_default = w.attr(s, "default").value();
    if ((type == "paragraph" || type.empty()) && (is_default == "1" || is_default == "true" || is_default == "on") &&
        default_paragraph.empty())
      default_paragraph = id;
    by_id.emplace(std::move(id), std::move(info));
  }
}

void Numbering::load(const Xml& x) {
  const W& w = x.w;
  pugi::xml_node root = x.doc.document_element();
  for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
    if (w.is(n, "abstractNum")) {
      auto id = w.int_attr(n, "abstractNumId");
      if (!id) continue;
      AbstractNum a;
      a.num_style_link = w.val(w.child(n, "numStyleLink"));
      for (pugi::xml_node l = n.first_child(); l; l = l.next_sibling()) {
        if (!w.is(l, "lvl")) continue;
        int ilvl = w.int_attr(l, "ilvl").value_or(0);
        if (ilvl >= 0 && ilvl < kLevels) a.levels[static_cast<std::size_t>(ilvl)] = parse_level(w, l);
      }
      abstracts_.emplace(*id, std::move(a));
    } else if (w.is(n, "num")) {
      auto id = w.int_attr(n, "numId");
      if (!id) continue;
      Num num;
      num.abstract_id = w.int_val(w.child(n, "abstractNumId")).value_or(-1);
      for (pugi::xml_node o = n.first_child(); o; o = o.next_sibling()) {
        if (!w.is(o, "lvlOverride")) continue;
        int ilvl = w.int_attr(o, "ilvl").value_or(0);
        if (ilvl < 0 || ilvl >= kLevels) continue;
        const auto k = static_cast<std::size_t>(ilvl);
        if (auto s = w.int_val(w.child(o, "startOverride"))) {
          num.start_override[k] = *s;
          num.has_override = true;
        }
        if (pugi::xml_node l = w.child(o, "lvl")) {
          num.level_override[k] = parse_level(w, l);
          num.has_override = true;
        }
      }
      nums_.emplace(*id, std::move(num));
    }
  }
}

int Numbering::level_for_style(int num_id, const std::string& style, const Styles& styles) const {
  Target t = target(num_id, styles);
  if (t.abstract == nullptr) return 0;
  for (int k = 0; k < kLevels; ++k)
    if (level(t, k).style == style) return k;
  return 0;
}

std::string Numbering::next(int num_id, int ilvl, const Styles& styles) {
  Target t = target(num_id, styles);
  if (t.abstract == nullptr) return "";
  ilvl = std::clamp(ilvl, 0, kLevels - 1);
  const Level& lvl = level(t, ilvl);
  if (!lvl.defined) return "";

  Counters& c = counters_[t.num->has_override ? std::pair{'n', num_id} : std::pair{'a', t.abstract_id}];
  const auto k = static_cast<std::size_t>(ilvl);
  c.value[k] = c.used[k] ? c.value[k] + 1 : start(t, ilvl);
  c.used[k] = true;
  for (int m = ilvl + 1; m < kLevels; ++m) {
    const Level& deeper = level(t, m);
    int bound = deeper.restart < 0 ? m : deeper.restart;  // restarts when a level < bound is used
    if (ilvl < bound) c.used[static_cast<std::size_t>(m)] = false;
  }

  if (lvl.fmt == "bullet" || !lvl.has_text) return "";
  std::string out;
  const std::string& text = lvl.text;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
      int ref = text[i + 1] - '1';
      ++i;
      if (ref > ilvl) continue;
      const auto r = static_cast<std::size_t>(ref);
      int value = c.used[r] ? c.value[r] : start(t, ref);
      out += format_number(value, lvl.legal ? "decimal" : level(t, ref).fmt);
    } else {
      out += text[i];
    }
  }
  if (!out.empty() && lvl.suffix != "nothing" && !ends_in_punctuation(out)) out += ' ';
  return out;
}

Numbering::Target Numbering::target(int num_id, const Styles& styles) const {
  Target t;
  auto n = nums_.find(num_id);
  if (n == nums_.end()) return t;
  t.num = &n->second;
  int abstract_id = n->second.abstract_id;
  // An abstract list that is only a link to a numbering style: follow the style's list.
  for (int hop = 0; hop < 8; ++hop) {
    auto a = abstracts_.find(abstract_id);
    if (a == abstracts_.end()) return t;
    t.abstract = &a->second;
    t.abstract_id = abstract_id;
    if (a->second.num_style_link.empty()) break;
    const StyleInfo* s = styles.find(a->second.num_style_link);
    if (s == nullptr || !s->num_id) break;
    auto linked = nums_.find(*s->num_id);
    if (linked == nums_.end() || linked->second.abstract_id == abstract_id) break;
    abstract_id = linked->second.abstract_id;
  }
  return t;
}

const Level& Numbering::level(const Target& t, int ilvl) {
  const auto k = static_cast<std::size_t>(ilvl);
  if (t.num->level_override[k]) return *t.num->level_override[k];
  return t.abstract->levels[k];
}

int Numbering::start(const Target& t, int ilvl) {
  const auto k = static_cast<std::size_t>(ilvl);
  if (t.num->start_override[k]) return *t.num->start_override[k];
  return level(t, ilvl).start;
}

}  // namespace huizong::docx
