// read/docx: .docx -> one line per body paragraph (see docx.h).
//
// Zip: libzip over the bytes in memory, read-only. Each part read is capped (DocxLimits):
// the size in the central directory is checked first, and the bytes are counted while
// inflating, because a crafted archive can announce a small size and inflate to gigabytes.
//
// XML: pugixml with its default flags (plus whitespace-only text kept when it is the only
// content of an element, for <w:t xml:space="preserve"> </w:t>). pugixml never processes a
// DTD: a <!DOCTYPE> is skipped, and an entity reference other than the five predefined
// ones stays as written ("&xxe;"); nothing is fetched, nothing expands.
//
// Names: WordprocessingML elements are matched by the prefix bound to its namespace on the
// root element (almost always "w:"), so DrawingML or math text (a:t, m:t) never counts as
// text of the paragraph.
//
// Numbering (numbering.xml), as Word shows it:
//   - a paragraph's w:numPr (w:numId, w:ilvl) comes from its own w:pPr or from its paragraph
//     style, following w:basedOn (the default paragraph style when it names none);
//     w:numId 0 switches numbering off; without w:ilvl the level is the one whose w:pStyle
//     names the style, else 0;
//   - w:num -> w:abstractNum (through w:numStyleLink when the abstract list is only a link
//     to a numbering style); w:lvlOverride may replace a level or its start (w:startOverride);
//   - counters: w:num instances without overrides that share an abstract list continue one
//     sequence (Word's behaviour); a w:num with overrides (Word's "restart numbering") has
//     its own. A level restarts when a shallower level is used (w:lvlRestart changes which
//     levels count, 0 = never);
//   - w:lvlText "%1、", "（%2）", "%1.%2"… with each %N in the number format of level N
//     (decimal when the level is w:isLgl); bullets and levels without text give no prefix;
//   - the separator after the number (w:suff: tab by default, space, nothing) is written
//     as nothing when the number ends in punctuation or is an enclosed number ("一、", "1.",
//     "（1）", "①"), so a numbered heading reads exactly like a typed one, and as one space
//     otherwise ("第一部分 总体情况").
#include "read/docx.h"

#include <unicode/uchar.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/cn_numeral.h"
#include "common/error.h"
#include "common/text.h"

namespace huizong {
namespace {

constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;  // same cap as a text line
constexpr int kMaxDepth = 256;                               // XML nesting followed
constexpr int kLevels = 9;                                   // list levels 0..8

const char* const kResaveHint = "open it in Word/WPS and save it again as .docx";

[[noreturn]] void invalid(const std::string& path, const std::string& what, const std::string& hint = kResaveHint) {
  throw input_error(path, 0, "not a valid .docx: " + what, hint);
}

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

// ---------------------------------------------------------------------------------------
// Zip package.

class Package {
 public:
  Package(std::string_view bytes, const std::string& path, const DocxLimits& limits) : path_(path), limits_(limits) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src != nullptr) {
      za_ = zip_open_from_source(src, ZIP_RDONLY, &err);
      if (za_ == nullptr) zip_source_free(src);
    }
    if (za_ == nullptr) {
      std::string why = zip_error_strerror(&err);
      zip_error_fini(&err);
      invalid(path_, "cannot open it as a zip archive (" + why + ")");
    }
    zip_error_fini(&err);
  }
  ~Package() { zip_discard(za_); }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  // The uncompressed content of a part, or nullopt when the archive has no such part.
  std::optional<std::string> read(const std::string& name) {
    zip_int64_t idx = zip_name_locate(za_, name.c_str(), 0);
    if (idx < 0) idx = zip_name_locate(za_, name.c_str(), ZIP_FL_NOCASE);
    if (idx < 0) return std::nullopt;
    const auto index = static_cast<zip_uint64_t>(idx);

    zip_stat_t st;
    zip_stat_init(&st);
    std::size_t announced = 0;
    if (zip_stat_index(za_, index, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
      if (st.size > limits_.max_part || st.size > limits_.max_total - total_) too_large(name);
      announced = static_cast<std::size_t>(st.size);
    }

    struct FileCloser {
      zip_file_t* f;
      ~FileCloser() {
        if (f != nullptr) zip_fclose(f);
      }
    } file{zip_fopen_index(za_, index, 0)};
    if (file.f == nullptr) invalid(path_, "cannot read " + name + " (" + zip_strerror(za_) + ")");

    std::string out;
    out.reserve(announced);
    char buf[65536];
    for (;;) {
      zip_int64_t n = zip_fread(file.f, buf, sizeof buf);
      if (n < 0) invalid(path_, name + " is damaged (" + zip_file_strerror(file.f) + ")");
      if (n == 0) break;
      const auto got = static_cast<std::size_t>(n);
      // Counted while inflating: the announced size may lie.
      if (out.size() + got > limits_.max_part || total_ + out.size() + got > limits_.max_total) too_large(name);
      out.append(buf, got);
    }
    total_ += out.size();
    return out;
  }

 private:
  [[noreturn]] void too_large(const std::string& name) const {
    throw input_error(path_, 0,
                      "compressed content too large (possible zip bomb): " + name + " inflates to more than " +
                          mib(limits_.max_part) + " per part or " + mib(limits_.max_total) + " in all",
                      "a work summary is far smaller; open it in Word/WPS and save it again as .docx, or save it "
                      "as plain text");
  }

  std::string path_;
  DocxLimits limits_;
  zip_t* za_ = nullptr;
  std::size_t total_ = 0;
};

// ---------------------------------------------------------------------------------------
// XML helpers: WordprocessingML names by the prefix bound to its namespace.

constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kWordNsStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";

struct W {
  std::string pre;  // "w:" (or "" when the namespace is the default one)

  static W of(pugi::xml_node root) {
    for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
      std::string_view name = a.name(), value = a.value();
      if (value != kWordNs && value != kWordNsStrict) continue;
      if (name == "xmlns") return W{""};
      if (name.substr(0, 6) == "xmlns:") return W{std::string(name.substr(6)) + ":"};
    }
    std::string_view rn = root.name();
    auto colon = rn.find(':');
    return W{colon == std::string_view::npos ? std::string() : std::string(rn.substr(0, colon + 1))};
  }

  // Local name of a WordprocessingML element, "" for anything else.
  std::string_view local(pugi::xml_node n) const {
    if (n.type() != pugi::node_element) return {};
    std::string_view name = n.name();
    if (name.substr(0, pre.size()) != pre) return {};
    name.remove_prefix(pre.size());
    if (name.find(':') != std::string_view::npos) return {};
    return name;
  }
  bool is(pugi::xml_node n, std::string_view name) const { return local(n) == name; }

  pugi::xml_node child(pugi::xml_node n, std::string_view name) const {
    if (!n) return {};
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (is(c, name)) return c;
    return {};
  }

  // Attribute by local name: w:val, or val without a prefix.
  pugi::xml_attribute attr(pugi::xml_node n, std::string_view name) const {
    if (!n) return {};
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      std::string_view an = a.name();
      if (an == name) return a;
      if (an.size() == pre.size() + name.size() && an.substr(0, pre.size()) == pre && an.substr(pre.size()) == name)
        return a;
    }
    return {};
  }
  std::string val(pugi::xml_node n) const { return attr(n, "val").value(); }

  std::optional<int> int_attr(pugi::xml_node n, std::string_view name) const {
    pugi::xml_attribute a = attr(n, name);
    if (!a) return std::nullopt;
    std::string_view v = a.value();
    while (!v.empty() && (v.front() == ' ' || v.front() == '+')) v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    int out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return out;
  }
  std::optional<int> int_val(pugi::xml_node n) const { return n ? int_attr(n, "val") : std::nullopt; }

  // On/off property: present and not val="0"/"false"/"off".
  bool on(pugi::xml_node n) const {
    if (!n) return false;
    std::string v = val(n);
    return !(v == "0" || v == "false" || v == "off");
  }
};

struct Xml {
  std::string text;  // parsed in place: must outlive `doc`
  pugi::xml_document doc;
  W w;
};

void parse_xml(Xml& x, const std::string& part, const std::string& path) {
  // parse_doctype stays off: a DOCTYPE is skipped, never interpreted.
  const unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata_single;
  pugi::xml_parse_result r = x.doc.load_buffer_inplace(x.text.data(), x.text.size(), flags, pugi::encoding_auto);
  if (!r)
    invalid(path, part + " is not well-formed XML (" + r.description() + " at byte " + std::to_string(r.offset) + ")");
  x.w = W::of(x.doc.document_element());
}

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
constexpr char32_t kFullwidthZero = 0xFF10;         // ０ (０ … ９)
constexpr char32_t kFullwidthHyphen = 0xFF0D;       // －
constexpr char32_t kCircledOne = 0x2460;            // ① (① … ⑳)
constexpr char32_t kCircledTwentyOne = 0x3251;      // ㉑ (㉑ … ㉟)
constexpr char32_t kCircledThirtySix = 0x32B1;      // ㊱ (㊱ … ㊿)
constexpr char32_t kParenthesizedOne = 0x2474;      // ⑴ (⑴ … ⒇)
constexpr char32_t kFullStopOne = 0x2488;           // ⒈ (⒈ … ⒛)
constexpr char32_t kCircledIdeographOne = 0x3280;   // ㊀ (㊀ … ㊉)

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

// ---------------------------------------------------------------------------------------
// Styles and numbering definitions.

struct StyleInfo {
  std::string based_on;
  std::optional<int> num_id;
  std::optional<int> ilvl;
};

struct Styles {
  std::unordered_map<std::string, StyleInfo> by_id;
  std::string default_paragraph;

  void load(const Xml& x) {
    const W& w = x.w;
    pugi::xml_node root = x.doc.document_element();
    for (pugi::xml_node s = root.first_child(); s; s = s.next_sibling()) {
      if (!w.is(s, "style")) continue;
      std::string id = w.attr(s, "styleId").value();
      if (id.empty()) continue;
      StyleInfo info;
      info.based_on = w.val(w.child(s, "basedOn"));
      pugi::xml_node num_pr = w.child(w.child(s, "pPr"), "numPr");
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
  const StyleInfo* find(const std::string& id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &it->second;
  }
};

struct Level {
  bool defined = false;
  int start = 0;  // ECMA-376: 0 when w:start is absent
  std::string fmt = "decimal";
  std::string text;
  bool has_text = false;
  int restart = -1;  // w:lvlRestart; -1 = after any shallower level
  bool legal = false;
  std::string suffix = "tab";
  std::string style;  // w:pStyle: the paragraph style linked to this level
};

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

struct AbstractNum {
  std::array<Level, kLevels> levels;
  std::string num_style_link;
};

struct Num {
  int abstract_id = -1;
  std::array<std::optional<int>, kLevels> start_override;
  std::array<std::optional<Level>, kLevels> level_override;
  bool has_override = false;
};

class Numbering {
 public:
  void load(const Xml& x) {
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

  // The level of list `num_id` whose w:pStyle is `style`, or 0.
  int level_for_style(int num_id, const std::string& style, const Styles& styles) const {
    Target t = target(num_id, styles);
    if (t.abstract == nullptr) return 0;
    for (int k = 0; k < kLevels; ++k)
      if (level(t, k).style == style) return k;
    return 0;
  }

  // Advance the counters for a paragraph of list `num_id` at level `ilvl` and return its
  // number as shown ("一、", "（2）", "1.3 ") — "" for bullets, unknown lists or levels.
  std::string next(int num_id, int ilvl, const Styles& styles) {
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

 private:
  struct Target {
    const Num* num = nullptr;
    const AbstractNum* abstract = nullptr;
    int abstract_id = -1;
  };
  struct Counters {
    std::array<int, kLevels> value{};
    std::array<bool, kLevels> used{};
  };

  Target target(int num_id, const Styles& styles) const {
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

  static const Level& level(const Target& t, int ilvl) {
    const auto k = static_cast<std::size_t>(ilvl);
    if (t.num->level_override[k]) return *t.num->level_override[k];
    return t.abstract->levels[k];
  }
  static int start(const Target& t, int ilvl) {
    const auto k = static_cast<std::size_t>(ilvl);
    if (t.num->start_override[k]) return *t.num->start_override[k];
    return level(t, ilvl).start;
  }

  // Whether the number text ends in a mark that delimits it: a closing bracket or other
  // punctuation (、 ． ） 】 ： …, by Unicode category), a space, or an enclosed number
  // (①, ⑴, ⒈, ❶, ㉑, ㊀…).
  static bool ends_in_punctuation(const std::string& s) {
    if (s.empty()) return false;
    std::size_t start = 0;
    char32_t last = utf8::decode_last(s, start);
    bool enclosed = (last >= 0x2460 && last <= 0x24FF) || (last >= 0x2776 && last <= 0x2793) ||
                    (last >= 0x3251 && last <= 0x325F) || (last >= 0x3280 && last <= 0x32BF);
    auto type = static_cast<UCharCategory>(u_charType(static_cast<UChar32>(last)));
    return enclosed || type == U_OTHER_PUNCTUATION || type == U_END_PUNCTUATION ||
           u_isUWhiteSpace(static_cast<UChar32>(last));
  }

  std::unordered_map<int, AbstractNum> abstracts_;
  std::unordered_map<int, Num> nums_;
  std::map<std::pair<char, int>, Counters> counters_;
};

// ---------------------------------------------------------------------------------------
// The body.

class BodyReader {
 public:
  BodyReader(const W& w, const Styles& styles, Numbering& numbering, const std::string& path)
      : w_(w), styles_(styles), numbering_(numbering), path_(path) {}

  std::vector<Line> take() { return std::move(lines_); }

  // Block-level content: paragraphs, tables, content controls.
  void blocks(pugi::xml_node parent, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "p") {
        push(paragraph(c, depth + 1));
      } else if (name == "tbl") {
        rows(c, depth + 1, [&](pugi::xml_node tr) { push(row(tr, "\t", depth + 2)); });
      } else if (name == "sdt") {
        blocks(w_.child(c, "sdtContent"), depth + 1);
      } else if (name == "customXml" || name == "ins" || name == "moveTo") {
        blocks(c, depth + 1);
      }
      // w:sectPr, bookmarks, w:del/w:moveFrom and everything else: no text.
    }
  }

 private:
  void check_depth(int depth) const {
    if (depth > kMaxDepth) invalid(path_, "word/document.xml is nested too deeply");
  }

  void push(std::string text) {
    const int number = static_cast<int>(lines_.size()) + 1;
    if (text.size() > kMaxLineBytes)
      throw input_error(path_, number, "paragraph " + std::to_string(number) + " is over 1 MB: not a work summary",
                        "give a work summary with ordinary paragraphs");
    if (!utf8::is_valid(text)) invalid(path_, "paragraph " + std::to_string(number) + " has text that is not UTF-8");
    lines_.push_back(Line{number, std::move(text)});
  }

  // Rows of a table, through content controls; deleted rows are skipped.
  template <class F>
  void rows(pugi::xml_node tbl, int depth, F&& each) {
    check_depth(depth);
    for (pugi::xml_node c = tbl.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "tr") {
        if (!w_.child(w_.child(c, "trPr"), "del")) each(c);
      } else if (name == "sdt") {
        rows(w_.child(c, "sdtContent"), depth + 1, each);
      } else if (name == "customXml") {
        rows(c, depth + 1, each);
      }
    }
  }

  // One row: cells joined by `sep`; "" when every cell is empty.
  std::string row(pugi::xml_node tr, const char* sep, int depth) {
    std::vector<std::string> cells;
    collect_cells(tr, cells, depth);
    bool any = std::any_of(cells.begin(), cells.end(), [](const std::string& s) { return !s.empty(); });
    std::string out;
    if (!any) return out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += sep;
      out += cells[i];
    }
    return out;
  }

  void collect_cells(pugi::xml_node parent, std::vector<std::string>& cells, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "tc") {
        std::vector<std::string> pieces;
        cell_pieces(c, pieces, depth + 1);
        std::string text;
        for (const auto& p : pieces) {
          if (p.empty()) continue;
          if (!text.empty()) text += ' ';
          text += p;
        }
        cells.push_back(std::move(text));
      } else if (name == "sdt") {
        collect_cells(w_.child(c, "sdtContent"), cells, depth + 1);
      } else if (name == "customXml") {
        collect_cells(c, cells, depth + 1);
      }
    }
  }

  // Paragraphs and nested tables of a cell, each as one piece (tabs turned into spaces so
  // the row's tabs stay the only cell separators).
  void cell_pieces(pugi::xml_node parent, std::vector<std::string>& pieces, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "p") {
        std::string text = paragraph(c, depth + 1);
        std::replace(text.begin(), text.end(), '\t', ' ');
        pieces.push_back(std::move(text));
      } else if (name == "tbl") {
        rows(c, depth + 1, [&](pugi::xml_node tr) {
          std::string text = row(tr, " ", depth + 2);
          std::replace(text.begin(), text.end(), '\t', ' ');
          pieces.push_back(std::move(text));
        });
      } else if (name == "sdt") {
        cell_pieces(w_.child(c, "sdtContent"), pieces, depth + 1);
      } else if (name == "customXml" || name == "ins" || name == "moveTo") {
        cell_pieces(c, pieces, depth + 1);
      }
    }
  }

  std::string paragraph(pugi::xml_node p, int depth) {
    std::string out = number_prefix(w_.child(p, "pPr"));
    std::size_t from = out.size();
    inline_content(p, out, depth);
    // Control characters (a literal newline in w:t…) would split or corrupt the line.
    for (std::size_t i = from; i < out.size(); ++i)
      if (static_cast<unsigned char>(out[i]) < 0x20 && out[i] != '\t') out[i] = ' ';
    return out;
  }

  std::string number_prefix(pugi::xml_node ppr) {
    std::optional<int> num_id, ilvl;
    if (pugi::xml_node np = w_.child(ppr, "numPr")) {
      num_id = w_.int_val(w_.child(np, "numId"));
      ilvl = w_.int_val(w_.child(np, "ilvl"));
    }
    std::string style = w_.val(w_.child(ppr, "pStyle"));
    if (style.empty()) style = styles_.default_paragraph;
    std::string numbered_style;  // the style that gave the list
    if (!num_id) {
      std::string id = style;
      for (int hop = 0; hop < 32 && !id.empty(); ++hop) {
        const StyleInfo* s = styles_.find(id);
        if (s == nullptr) break;
        if (s->num_id) {
          num_id = s->num_id;
          if (!ilvl) ilvl = s->ilvl;
          numbered_style = id;
          break;
        }
        id = s->based_on;
      }
    }
    if (!num_id || *num_id <= 0) return "";
    if (!ilvl) ilvl = numbered_style.empty() ? 0 : numbering_.level_for_style(*num_id, numbered_style, styles_);
    return numbering_.next(*num_id, *ilvl, styles_);
  }

  // Runs and the containers they sit in (hyperlinks, insertions, fields, content controls).
  void inline_content(pugi::xml_node parent, std::string& out, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "r") {
        run(c, out, depth + 1);
      } else if (name == "ins" || name == "moveTo" || name == "hyperlink" || name == "smartTag" ||
                 name == "customXml" || name == "fldSimple" || name == "dir" || name == "bdo") {
        inline_content(c, out, depth + 1);
      } else if (name == "sdt") {
        inline_content(w_.child(c, "sdtContent"), out, depth + 1);
      }
      // w:pPr, w:del, w:moveFrom, bookmarks, comments, math: no text of the paragraph.
    }
  }

  void run(pugi::xml_node r, std::string& out, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "t") {
        for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling())
          if (t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) out += t.value();
      } else if (name == "tab" || name == "ptab") {
        out += '\t';
      } else if (name == "br" || name == "cr") {
        out += ' ';  // one line per paragraph: a manual line break is a space
      } else if (name == "noBreakHyphen") {
        out += '-';
      } else if (name == "ruby") {
        inline_content(w_.child(c, "rubyBase"), out, depth + 1);
      }
      // w:delText, w:instrText (field codes), w:sym, drawings, footnote references: skipped.
    }
  }

  const W& w_;
  const Styles& styles_;
  Numbering& numbering_;
  const std::string& path_;
  std::vector<Line> lines_;
};

// The main document part: word/document.xml, or where _rels/.rels points.
std::string main_part_name(Package& pkg, const std::string& path) {
  std::optional<std::string> rels = pkg.read("_rels/.rels");
  if (!rels) return "word/document.xml";
  Xml x;
  x.text = std::move(*rels);
  parse_xml(x, "_rels/.rels", path);
  for (pugi::xml_node r = x.doc.document_element().first_child(); r; r = r.next_sibling()) {
    std::string_view type = r.attribute("Type").value();
    std::string_view suffix = "/officeDocument";
    if (type.size() < suffix.size() || type.substr(type.size() - suffix.size()) != suffix) continue;
    std::string target = r.attribute("Target").value();
    while (!target.empty() && target.front() == '/') target.erase(0, 1);
    if (!target.empty()) return target;
  }
  return "word/document.xml";
}

}  // namespace

SourceText decode_docx(std::string_view bytes, const std::string& path, const DocxLimits& limits) {
  if (bytes.empty()) throw input_error(path, 0, "file is empty", "give a file that contains the work summary text");
  if (bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    invalid(path, "it is an old Word .doc file or a password-protected document",
            "open it in Word/WPS and save it again as .docx, without a password");

  Package pkg(bytes, path, limits);
  std::optional<std::string> content = pkg.read("word/document.xml");
  std::string main = "word/document.xml";
  if (!content) {
    main = main_part_name(pkg, path);
    if (main != "word/document.xml") content = pkg.read(main);
  }
  if (!content) invalid(path, "the archive has no word/document.xml");
  const std::string dir = main.substr(0, main.rfind('/') + 1);

  Xml document;
  document.text = std::move(*content);
  parse_xml(document, main, path);

  Styles styles;
  if (auto s = pkg.read(dir + "styles.xml")) {
    Xml x;
    x.text = std::move(*s);
    parse_xml(x, dir + "styles.xml", path);
    styles.load(x);
  }
  Numbering numbering;
  if (auto n = pkg.read(dir + "numbering.xml")) {
    Xml x;
    x.text = std::move(*n);
    parse_xml(x, dir + "numbering.xml", path);
    numbering.load(x);
  }

  pugi::xml_node root = document.doc.document_element();
  pugi::xml_node body = document.w.child(root, "body");
  if (!document.w.is(root, "document") || !body) invalid(path, main + " has no document body");

  BodyReader reader(document.w, styles, numbering, path);
  reader.blocks(body, 0);

  SourceText st;
  st.path = path;
  st.encoding = "DOCX";
  st.hash = fingerprint(bytes);
  st.bytes = bytes.size();
  st.lines = reader.take();
  if (std::all_of(st.lines.begin(), st.lines.end(), [](const Line& l) { return is_blank(l.text); }))
    throw input_error(path, 0, "the document has no text", "give a document that contains the work summary text");
  return st;
}

}  // namespace huizong
