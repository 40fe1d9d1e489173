// Markdown text from untrusted input, and Markdown -> HTML with cmark-gfm.
#pragma once
#include <string>
#include <string_view>

namespace huizong {

// Escape text for a Markdown paragraph or list item: Markdown syntax characters become
// literal (\* \_ \# \[ …, a leading "1." or "-" no longer starts a list), and < > & are
// written as entities so cmark-gfm shows hostile HTML as text instead of omitting it.
// Newlines become spaces (an item is one line).
std::string escape_markdown(std::string_view text);

// As escape_markdown, plus | escaped for a GFM table cell.
std::string escape_markdown_cell(std::string_view text);

// Markdown (GFM, tables extension) -> HTML fragment. Raw HTML in the input is not
// passed through (cmark-gfm's safe mode).
std::string markdown_to_html(std::string_view markdown);

}  // namespace huizong
