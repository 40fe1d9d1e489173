#include "render/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/text.h"
#include "common/utf8.h"
#include "render/node_arena.h"

namespace huizong {
namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Line breaks (CR, LF, CRLF and runs of them) become one space: an item is one line.
// Copied a line at a time (a byte at a time was a tenth of a compendium's Markdown).
std::string join_lines(std::string_view text) {
  auto line_break = [](char c) { return c == '\r' || c == '\n'; };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = i;
    while (end < text.size() && !line_break(text[end])) ++end;
    out.append(text.substr(i, end - i));
    if (end == text.size()) break;
    while (end < text.size() && line_break(text[end])) ++end;
    out += ' ';
    i = end;
  }
  return out;
}

// True if the whole line is made of - : | = and blanks, with at least one - or =: alone
// it could be read as a thematic break or a setext underline, or (right after a paragraph
// line) as a GFM table delimiter row, which turns that paragraph into a table header.
bool looks_like_rule(std::string_view s) {
  bool dash = false;
  for (char c : s) {
    if (c == '-' || c == '=')
      dash = true;
    else if (c != ':' && c != '|' && c != ' ' && c != '\t')
      return false;
  }
  return dash;
}

bool blank_or_end(std::string_view s, std::size_t i) { return i >= s.size() || s[i] == ' ' || s[i] == '\t'; }

// True if the first character starts a block construct that an escape of that character
// prevents: an ATX heading (# .. ###### then a blank or the end), a bullet list item
// (- or + then a blank or the end), or a rule-like line (see looks_like_rule).
// '*' and '>' are handled everywhere (\* and &gt;), ordered lists separately.
bool leading_block_marker(std::string_view s) {
  if (s.empty()) return false;
  if (looks_like_rule(s)) return true;
  const char c0 = s[0];
  if (c0 == '#') {
    std::size_t n = 0;
    while (n < s.size() && s[n] == '#') ++n;
    return n <= 6 && blank_or_end(s, n);
  }
  if (c0 == '-' || c0 == '+') return blank_or_end(s, 1);
  return false;
}

// Byte length of a leading ordered-list marker's digits ("1." / "12)" followed by a
// blank or the end), 0 if the line does not start with one.
std::size_t ordered_marker_digits(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && n < 10 && is_ascii_digit(s[n])) ++n;
  if (n == 0 || n > 9 || n >= s.size()) return 0;
  if (s[n] != '.' && s[n] != ')') return 0;
  return blank_or_end(s, n + 1) ? n : 0;
}

// "www." at a word start is turned into a link by the autolink extension.
bool www_at(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return false;
  if (i > 0 && (is_ascii_alnum(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-')) return false;
  return ascii_lower(s[i]) == 'w' && ascii_lower(s[i + 1]) == 'w' && ascii_lower(s[i + 2]) == 'w' && s[i + 3] == '.';
}

// The bytes append_escaped may write otherwise than as they are.
constexpr auto kMaybeEscaped = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view("\\_`*[]~|<>&:wW")) t[c] = true;
  return t;
}();

// Past the 8-byte words from i that hold no ASCII byte (none of the bytes append_escaped
// changes is above 0x7F, and Chinese text is runs of such bytes): the first word with one,
// or the tail shorter than a word. The byte loop after it finds the byte itself.
std::size_t skip_non_ascii(std::string_view s, std::size_t i) {
  while (i + 8 <= s.size()) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & 0x8080808080808080ull) != 0x8080808080808080ull) break;
    i += 8;
  }
  return i;
}

// Appends s[i] escaped for inline Markdown; may consume more characters (advances i to
// the last one it wrote).
void append_escaped(std::string_view s, std::size_t& i, bool cell, std::string& out) {
  const char c = s[i];
  switch (c) {
    case '\\':
      // In a cell a backslash right before the closing pipe would escape it; an entity
      // cannot. Elsewhere \\ is the readable form.
      out += cell && i + 1 == s.size() ? "&#92;" : "\\\\";
      break;
    case '_':
      // Inside a word (file_name.txt) GFM never reads _ as emphasis: keep it readable.
      if (!(i > 0 && i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i - 1])) &&
            std::isalnum(static_cast<unsigned char>(s[i + 1]))))
        out += '\\';
      out += c;
      break;
    case '`':
    case '*':
    case '[':
    case ']':
    case '~':
      out += '\\';
      out += c;
      break;
    case '|':
      if (cell) out += '\\';
      out += c;
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case ':':
      // "scheme://" would be autolinked (and would swallow following full-width
      // punctuation into the URL); an escaped colon keeps it plain text.
      if (i + 2 < s.size() && s[i + 1] == '/' && s[i + 2] == '/') out += '\\';
      out += c;
      break;
    default:
      if ((c == 'w' || c == 'W') && www_at(s, i)) {
        out.append(s.substr(i, 3));
        out += "\\.";
        i += 3;
      } else {
        out += c;
      }
  }
}

std::string escape(std::string_view raw, bool cell) {
  // Most texts are one line already: joined only when they are not.
  std::string joined;
  std::string_view s = raw;
  if (s.find('\n') != std::string_view::npos || s.find('\r') != std::string_view::npos) s = joined = join_lines(raw);
  s = trim(s);

  std::string out;
  out.reserve(s.size() + s.size() / 8 + 8);

  // Constructs that only matter at the start of a line (block structure).
  std::size_t i = 0;
  if (leading_block_marker(s)) {
    // The character itself is written by the loop below; in a cell a leading '|' gets
    // its backslash there.
    if (!(cell && s[0] == '|')) out += '\\';
  } else if (std::size_t n = ordered_marker_digits(s); n > 0) {
    out.append(s.substr(0, n));
    out += '\\';
    out += s[n];
    i = n + 1;
  }
  for (; i < s.size(); ++i) {
    // Runs of bytes append_escaped copies as they are (CJK text is nearly all of it) are
    // copied at once.
    std::size_t plain = skip_non_ascii(s, i);
    while (plain < s.size() && !kMaybeEscaped[static_cast<unsigned char>(s[plain])]) ++plain;
    out.append(s, i, plain - i);
    if (plain == s.size()) break;
    i = plain;
    append_escaped(s, i, cell, out);
  }
  return out;
}

void register_extensions() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

}  // namespace

std::string escape_markdown(std::string_view text) { return escape(text, false); }

std::string escape_markdown_cell(std::string_view text) { return escape(text, true); }

// The parser with the GFM extensions the documents use. Safe mode: CMARK_OPT_UNSAFE is
// never set, so raw HTML and javascript: URLs are dropped. A text that is not well-formed
// UTF-8 is parsed with VALIDATE_UTF8 (malformed bytes become U+FFFD, so the output is valid
// UTF-8); a well-formed one without: cmark-gfm's check, a byte at a time, was a sixth of
// its parse, and on such a text it changes nothing.
struct MarkdownTree::Parser {
  static constexpr int kOptions = CMARK_OPT_DEFAULT;
  std::unique_ptr<cmark_parser, ParserFree> parser;

  Parser(bool valid_utf8, cmark_mem* mem)
      : parser(cmark_parser_new_with_mem(valid_utf8 ? kOptions : kOptions | CMARK_OPT_VALIDATE_UTF8, mem)) {
    register_extensions();
    // untranslated: an internal failure, reported as one (for the developers)
    if (!parser) throw std::runtime_error("cmark-gfm: cannot create parser");
    for (const char* name : {"table", "strikethrough", "autolink"}) {
      cmark_syntax_extension* ext = cmark_find_syntax_extension(name);
      // untranslated: an internal failure, reported as one (for the developers)
      if (!ext) throw std::runtime_error(std::string("cmark-gfm: extension not found: ") + name);
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
};

namespace {

// Full-width parentheses around a source reference.
constexpr std::string_view kOpenParen = "\xEF\xBC\x88", kCloseParen = "\xEF\xBC\x89";

// "NAME.EXT:DIGIT" somewhere in s: a file name with an extension, a colon, a line number.
bool has_file_line(std::string_view s) {
  for (std::size_t colon = s.find(':'); colon != std::string_view::npos; colon = s.find(':', colon + 1)) {
    if (colon + 1 >= s.size() || !is_ascii_digit(s[colon + 1])) continue;
    std::size_t ext = colon;
    while (ext > 0 && colon - ext < 6 && is_ascii_alnum(s[ext - 1])) --ext;
    if (ext < colon && ext > 1 && s[ext - 1] == '.') return true;
  }
  return false;
}

// The text cut into runs, each either plain or a source reference (with its parentheses).
std::vector<std::pair<std::string, bool>> cut_references(std::string_view text) {
  std::vector<std::pair<std::string, bool>> runs;
  std::size_t done = 0;
  for (std::size_t open = text.find(kOpenParen); open != std::string_view::npos;) {
    std::size_t inner = open + kOpenParen.size();
    std::size_t close = text.find(kCloseParen, inner);
    if (close == std::string_view::npos) break;
    std::size_t nested = text.find(kOpenParen, inner);
    if (nested < close) {  // "（a（b.txt:1）": the reference starts at the inner one
      open = nested;
      continue;
    }
    std::size_t end = close + kCloseParen.size();
    if (has_file_line(text.substr(inner, close - inner))) {
      if (open > done) runs.emplace_back(std::string(text.substr(done, open - done)), false);
      runs.emplace_back(std::string(text.substr(open, end - open)), true);
      done = end;
    }
    open = text.find(kOpenParen, end);
  }
  if (!runs.empty() && done < text.size()) runs.emplace_back(std::string(text.substr(done)), false);
  return runs;
}

cmark_node* text_node(const std::string& text, cmark_mem* mem) {
  cmark_node* node = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem);
  cmark_node_set_literal(node, text.c_str());
  return node;
}

// cmark-gfm copies a node's literal or URL into a string of its own the first time it is
// asked for (cmark_chunk_to_cstr writes the node): asked for once while the tree is made,
// before the HTML and the .docx read it on two threads.
void own_strings(cmark_node* node) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
      cmark_node_get_url(node);
      cmark_node_get_title(node);
      break;
    case CMARK_NODE_CODE_BLOCK:
      cmark_node_get_fence_info(node);
      cmark_node_get_literal(node);
      break;
    default:
      cmark_node_get_literal(node);  // nothing written for a node without a literal
  }
}

// Wraps every source reference of the tree's text in a custom inline node (kSourceRefOpen);
// gives every node its strings (own_strings) on the way. `mem`: the tree's allocator.
void mark_source_references(cmark_node* root, cmark_mem* mem) {
  cmark_consolidate_text_nodes(root);
  std::vector<cmark_node*> texts;
  cmark_iter* it = cmark_iter_new(root);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(it);
    own_strings(node);
    if (cmark_node_get_type(node) == CMARK_NODE_TEXT) texts.push_back(node);
  }
  cmark_iter_free(it);
  for (cmark_node* node : texts) {
    auto runs = cut_references(cmark_node_get_literal(node));
    if (runs.empty()) continue;
    cmark_node* last = node;
    for (const auto& [text, is_ref] : runs) {
      cmark_node* next = text_node(text, mem);
      if (is_ref) {
        cmark_node* span = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem);
        cmark_node_set_on_enter(span, kSourceRefOpen);
        cmark_node_set_on_exit(span, "</span>");
        cmark_node_append_child(span, next);
        next = span;
      }
      cmark_node_insert_after(last, next);
      last = next;
    }
    cmark_node_free(node);
  }
}

}  // namespace

// A tree of a text up to this size has an arena of its own (the pieces of a document, its
// short texts); a longer text's tree (a large document's 1 MB pieces) is on the heap with
// cmark-gfm's own allocator, so that a large build's peak memory holds no arena's spare room.
constexpr std::size_t kArenaTextBytes = 256 << 10;

namespace {
cmark_mem* tree_mem(bool arena) { return arena ? NodeArena::mem() : cmark_get_default_mem_allocator(); }
}  // namespace

MarkdownTree::MarkdownTree(std::string_view markdown)
    : arena_(markdown.size() <= kArenaTextBytes ? std::make_unique<NodeArena>() : nullptr) {
  std::optional<NodeArena::Use> use;
  if (arena_) use.emplace(*arena_);
  const bool valid_utf8 = utf8::is_valid(markdown);
  // cmark-gfm adds its extensions' characters (~ of strikethrough) to a table of the process
  // when a parse finishes and takes them out after: a parse on another thread at that time
  // misses them (a~b~ not struck through). One parse at a time.
  static std::mutex one_parse;
  std::lock_guard lock(one_parse);
  parser_ = std::make_unique<Parser>(valid_utf8, tree_mem(arena_ != nullptr));
  cmark_parser_feed(parser_->parser.get(), markdown.data(), markdown.size());
  finish();
}

void MarkdownTree::finish() {
  root_ = cmark_parser_finish(parser_->parser.get());
  // untranslated: an internal failure, reported as one (for the developers)
  if (!root_) throw std::runtime_error("cmark-gfm: parse failed");
  mark_source_references(root_, tree_mem(arena_ != nullptr));
}

MarkdownTree::~MarkdownTree() {
  // In an arena its small blocks go back to it (they go with it), the larger to the heap.
  std::optional<NodeArena::Use> use;
  if (arena_) use.emplace(*arena_);
  if (root_) cmark_node_free(root_);
  parser_.reset();
}

std::string MarkdownTree::html() const {
  // The extension list belongs to the parser; the rendered string is ours to free (made
  // with the tree's allocator, from the heap: no arena is in use on this thread here).
  char* html = cmark_render_html(root_, Parser::kOptions, cmark_parser_get_syntax_extensions(parser_->parser.get()));
  // untranslated: an internal failure, reported as one (for the developers)
  if (!html) throw std::runtime_error("cmark-gfm: render failed");
  std::string result(html);
  tree_mem(arena_ != nullptr)->free(html);
  return result;
}

std::string markdown_to_html(std::string_view markdown) { return MarkdownTree(markdown).html(); }

namespace {

std::string lower_ascii(std::string_view s) {
  std::string lower(s);
  for (char& c : lower) c = ascii_lower(c);
  return lower;
}

// A line that makes the whole document one piece: a code fence (its end is its own marker
// line) or a link reference definition (links anywhere may use it).
bool binds_whole_document(std::string_view line) {
  // A link definition may sit in a quote or a list item, or its label end on a later line:
  // any unescaped "]:" (text from the inputs escapes its brackets). A lone CR ends a line for
  // cmark-gfm but not here: such a text is not cut either.
  if (line.find('\r') != std::string_view::npos) return true;
  for (std::size_t at = line.find("]:"); at != std::string_view::npos; at = line.find("]:", at + 1))
    if (at == 0 || line[at - 1] != '\\') return true;
  std::size_t i = line.find_first_not_of(' ');
  if (i == std::string_view::npos || i > 3) return false;  // indented: code or a paragraph's
  std::string_view s = line.substr(i);
  return s.starts_with("```") || s.starts_with("~~~");
}

// For a line starting an HTML block that a blank line does not end (CommonMark types 1-5),
// what ends it (lowercase; on this line or a later one); else empty.
std::string_view html_block_end(std::string_view line) {
  std::size_t i = line.find_first_not_of(' ');
  if (i == std::string_view::npos || i > 3 || line[i] != '<') return {};
  const std::string s = lower_ascii(line.substr(i, 12));
  static constexpr std::pair<std::string_view, std::string_view> kBlocks[] = {
      {"<!--", "-->"},          {"<?", "?>"},           {"<![cdata[", "]]>"},         {"<pre", "</pre>"},
      {"<script", "</script>"}, {"<style", "</style>"}, {"<textarea", "</textarea>"}, {"<!", ">"}};
  for (const auto& [opener, end] : kBlocks)
    if (s.starts_with(opener)) return end;
  return {};
}

bool is_atx_heading(std::string_view line) {
  std::size_t hashes = line.find_first_not_of('#');
  if (hashes == std::string_view::npos) hashes = line.size();
  return hashes >= 1 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ' || line[hashes] == '\t');
}

}  // namespace

MarkdownCuts::MarkdownCuts(std::size_t about) : about_(about) {}

bool MarkdownCuts::line(std::string_view line, std::size_t at) {
  if (whole_) return false;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  bool cut = false;
  if (binds_whole_document(line)) {
    whole_ = true;
    return false;
  }
  if (!html_end_.empty()) {  // inside an HTML block: no cut until its end
    if (lower_ascii(line).find(html_end_) != std::string::npos) html_end_ = {};
  } else if (after_blank_ && at - piece_start_ >= about_ && is_atx_heading(line)) {
    cut = true;
    piece_start_ = at;
  } else if (std::string_view end_marker = html_block_end(line); !end_marker.empty()) {
    std::size_t opener = line.find('<');
    if (lower_ascii(line.substr(opener + 1)).find(end_marker) == std::string::npos) html_end_ = end_marker;
  }
  after_blank_ = line.find_first_not_of(" \t") == std::string_view::npos;
  return cut;
}

std::vector<std::string_view> markdown_pieces(std::string_view markdown, std::size_t about) {
  if (markdown.size() <= about) return {markdown};
  std::vector<std::string_view> pieces;
  MarkdownCuts cuts(about);
  std::size_t piece_start = 0;
  for (std::size_t at = 0; at < markdown.size();) {
    std::size_t end = markdown.find('\n', at);
    if (end == std::string_view::npos) end = markdown.size();
    if (cuts.line(markdown.substr(at, end - at), at)) {
      pieces.push_back(markdown.substr(piece_start, at - piece_start));
      piece_start = at;
    }
    if (cuts.whole()) return {markdown};
    at = end + 1;
  }
  pieces.push_back(markdown.substr(piece_start));
  return pieces;
}

}  // namespace huizong
