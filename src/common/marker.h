// Outline markers at the start of a line, from one declared table (see marker.cpp):
//   rank 1  一、 二． 十三、 第一部分, 一上半年工作 (short line, 、 dropped)        rank 2  （一） (一) （一 unclosed
//   rank 3  1. 1． 1、 1 、                  rank 4  （1） (1) ①
// Full- and half-width forms are both accepted; the text is scanned as written.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace huizong {

enum class MarkerStyle { part, cn_comma, cn_bare, cn_paren, num_dot, num_paren, circled };

struct Marker {
  MarkerStyle style;
  int rank = 0;           // 1 (highest) .. 4
  int ordinal = 0;        // 一 -> 1, （3） -> 3
  std::size_t bytes = 0;  // length of the marker in the scanned text, spaces after it included
};

// The marker `text` starts with (leading whitespace allowed), if any.
std::optional<Marker> scan_marker(std::string_view text);

// Inline list items inside a paragraph: 一是 二是 … 十是, and 第一，第二 are not used.
struct InlineItemMark {
  int ordinal = 0;
  std::size_t offset = 0;  // byte offset of 一是 in the text
  std::size_t bytes = 0;   // length of the marker (一是, 十一是) in bytes
};
std::vector<InlineItemMark> scan_inline_items(std::string_view text);

}  // namespace huizong
