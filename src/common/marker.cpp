#include "common/marker.h"

#include "common/text.h"

namespace huizong {
namespace {

constexpr std::u32string_view kOpen = U"（(";
constexpr std::u32string_view kClose = U"）)";
constexpr std::u32string_view kCnSeparators = U"、．.，,";
constexpr std::u32string_view kNumSeparators = U"、．.";
constexpr std::u32string_view kBareStop =
    U"是些定直般批起样致方系体步项个次年月日大类道同线手把流级期份场家人名件条半要部切带";
constexpr std::size_t kBareMaxChars = 20;
constexpr std::size_t kBareMaxBytes = 64;
constexpr std::u32string_view kCircled = U"①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }
int digit_value(char32_t c) { return c >= U'０' ? static_cast<int>(c - U'０') : static_cast<int>(c - U'0'); }
bool in(std::u32string_view set, char32_t c) { return set.find(c) != std::u32string_view::npos; }
bool is_space(char32_t c) { return is_space_cp(c); }

// Length of a run of Chinese numerals starting at i, and its value (-1 if not a numeral).
std::size_t cn_run(const std::u32string& s, std::size_t i, int& value) {
  std::size_t j = i;
  while (j < s.size() && j - i < 3 && is_chinese_digit(s[j]) && s[j] != U'零' && s[j] != U'〇') ++j;
  value = j > i ? chinese_numeral_value(std::u32string_view(s).substr(i, j - i)) : -1;
  return value > 0 ? j - i : 0;
}

std::size_t num_run(const std::u32string& s, std::size_t i, int& value) {
  std::size_t j = i;
  value = 0;
  while (j < s.size() && is_digit(s[j]) && j - i < 3) value = value * 10 + digit_value(s[j++]);
  return j - i;
}

// Digits at i followed by 年 (four digits) or 月 (one or two): a date, not decimals.
bool starts_date(const std::u32string& s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j >= s.size()) return false;
  return (j - i == 4 && s[j] == U'年') || (j - i <= 2 && s[j] == U'月');
}

std::size_t skip_spaces(const std::u32string& s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

std::size_t utf8_bytes(const std::u32string& s, std::size_t n) {
  std::size_t b = 0;
  for (std::size_t k = 0; k < n && k < s.size(); ++k) {
    char32_t c = s[k];
    b += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return b;
}

}  // namespace

std::optional<Marker> scan_marker(std::string_view text) {
  // Only the first few code points matter; avoid decoding a whole long paragraph.
  std::u32string s = to_u32(text.substr(0, std::min<std::size_t>(text.size(), 64)));
  std::size_t i = skip_spaces(s, 0);
  if (i >= s.size()) return std::nullopt;
  int value = 0;
  auto done = [&](MarkerStyle style, int rank, std::size_t end) {
    end = skip_spaces(s, end);
    return Marker{style, rank, value, utf8_bytes(s, end)};
  };

  if (s[i] == U'第') {
    std::size_t n = cn_run(s, i + 1, value);
    if (n && s.compare(i + 1 + n, 2, U"部分") == 0) return done(MarkerStyle::part, 1, i + 1 + n + 2);
    return std::nullopt;
  }
  if (std::size_t n = cn_run(s, i, value)) {
    std::size_t j = i + n;
    if (j < s.size() && in(kCnSeparators, s[j])) return done(MarkerStyle::cn_comma, 1, j + 1);
    // 一上半年工作总结: a short heading line whose 、 was dropped. Words that merely begin
    // with a numeral (一是, 一些, 一体化…) are not headings.
    if (j < s.size() && !in(kBareStop, s[j]) && text.size() <= kBareMaxBytes &&
        text.find("。") == std::string_view::npos && to_u32(text).size() <= kBareMaxChars)
      return done(MarkerStyle::cn_bare, 1, j);
    return std::nullopt;
  }
  if (in(kOpen, s[i])) {
    std::size_t j = skip_spaces(s, i + 1);
    if (std::size_t n = cn_run(s, j, value)) {
      std::size_t k = skip_spaces(s, j + n);
      if (k < s.size() && in(kClose, s[k])) return done(MarkerStyle::cn_paren, 2, k + 1);
      // （一统计 — an unclosed bracket still numbers a part (seen in real texts).
      if (k < s.size() && !in(kCnSeparators, s[k]) && !is_chinese_digit(s[k])) return done(MarkerStyle::cn_paren, 2, k);
      return std::nullopt;
    }
    if (std::size_t n = num_run(s, j, value)) {
      std::size_t k = skip_spaces(s, j + n);
      if (k < s.size() && in(kClose, s[k]) && value > 0) return done(MarkerStyle::num_paren, 4, k + 1);
    }
    return std::nullopt;
  }
  if (auto p = kCircled.find(s[i]); p != std::u32string_view::npos) {
    value = static_cast<int>(p) + 1;
    return done(MarkerStyle::circled, 4, i + 1);
  }
  if (std::size_t n = num_run(s, i, value)) {
    std::size_t j = skip_spaces(s, i + n);
    // 1. 1． 1、 — but not 1.5亿 (a decimal) and not 2023年. A list number may be followed
    // by a date: 1.2023年以… and 6.5月31日前… are items 1 and 6.
    if (value > 0 && j < s.size() && in(kNumSeparators, s[j]) &&
        (!(j + 1 < s.size() && is_digit(s[j + 1])) || starts_date(s, j + 1)))
      return done(MarkerStyle::num_dot, 3, j + 1);
  }
  return std::nullopt;
}

std::vector<InlineItemMark> scan_inline_items(std::string_view text) {
  // 一是 … 十一是: a numeral run right before 是 (E6 98 AF). Items count up by one inside a
  // paragraph; the first may have any number when it opens the line (one item per line).
  std::vector<InlineItemMark> out;
  static const std::string shi = "是";
  static constexpr std::u32string_view numerals = U"一二三四五六七八九十";
  std::size_t lead = 0;
  while (lead < text.size()) {
    std::size_t next = lead;
    std::u32string cp = to_u32(text.substr(lead, std::min<std::size_t>(4, text.size() - lead)));
    if (cp.empty() || !is_space_cp(cp[0])) break;
    next += cp[0] < 0x80 ? 1 : cp[0] < 0x800 ? 2 : cp[0] < 0x10000 ? 3 : 4;
    lead = next;
  }
  int expected = 1;
  for (std::size_t pos = text.find(shi); pos != std::string_view::npos; pos = text.find(shi, pos + shi.size())) {
    // The whole numeral run before 是 (all numerals are 3-byte CJK code points).
    std::size_t start = pos;
    while (start >= 3 && pos - start < 9) {
      std::u32string c = to_u32(text.substr(start - 3, 3));
      if (c.size() != 1 || numerals.find(c[0]) == std::u32string_view::npos) break;
      start -= 3;
    }
    if (start == pos) continue;
    int value = chinese_numeral_value(to_u32(text.substr(start, pos - start)));
    if (value <= 0) continue;
    bool opens_line = out.empty() && start == lead;
    if (value == expected || opens_line) {
      out.push_back({value, start, pos + shi.size() - start});
      expected = value + 1;
    }
  }
  return out;
}

}  // namespace huizong
