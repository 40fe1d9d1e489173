// Markdown text from untrusted input, and Markdown -> HTML with cmark-gfm.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct cmark_node;

namespace huizong {

class NodeArena;

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

// A long document cut into pieces that cmark-gfm parses alone to the same blocks as the
// whole (HTML and .docx are then made piece by piece, the tree of one piece held at a
// time): each piece ends before an ATX heading (# … at the start of a line) that follows a
// blank line, once it holds about `about` bytes. One piece, the whole text, when it is
// short or uses what a cut could change: fenced code, link reference definitions, HTML
// blocks that a blank line does not end (<!--, <pre, <script, <style, <textarea, <?, <!).
std::vector<std::string_view> markdown_pieces(std::string_view markdown, std::size_t about);

// markdown_pieces one line at a time, as the text comes (a document parsed while it is
// rendered): whether a piece ends before each line.
class MarkdownCuts {
 public:
  explicit MarkdownCuts(std::size_t about);
  // The next line (without its '\n'), which starts at byte `at` of the text: true when the
  // piece before it ends there. Never true once whole().
  bool line(std::string_view line, std::size_t at);
  // The text uses what a cut could change (see markdown_pieces): it is one piece, whatever
  // was cut before.
  bool whole() const { return whole_; }

 private:
  std::size_t about_, piece_start_ = 0;
  bool after_blank_ = true, whole_ = false;
  std::string_view html_end_;  // what ends the HTML block the line is in, if any
};

// A source reference in the text, "（FILE.EXT:LINE…）" as the views write it: wrapped in
// a custom inline node whose HTML is <span class="src">…</span> (printed small and
// breakable, styles/print.css); the .docx writer gives it the SourceReference style.
inline constexpr const char* kSourceRefOpen = "<span class=\"src\">";

// One parsed Markdown document (GFM: tables, strikethrough, autolinks; safe mode), source
// references marked. The HTML and the .docx are both written from this one tree.
class MarkdownTree {
 public:
  explicit MarkdownTree(std::string_view markdown);
  ~MarkdownTree();
  MarkdownTree(const MarkdownTree&) = delete;
  MarkdownTree& operator=(const MarkdownTree&) = delete;

  std::string html() const;  // what markdown_to_html returns
  cmark_node* root() const { return root_; }

 private:
  struct Parser;
  std::unique_ptr<NodeArena> arena_;  // the tree's memory, if it has its own (a small text)
  std::unique_ptr<Parser> parser_;
  cmark_node* root_ = nullptr;
  void finish();
};

}  // namespace huizong
