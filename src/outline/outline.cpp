#include "outline/outline.h"

#include <algorithm>

namespace huizong {
namespace {

// The heading sentence: text up to the first full stop, colon or semicolon.
std::string heading_sentence(std::string_view norm) {
  std::size_t end = norm.size();
  for (std::string_view stop : {"。", ":", ";", "!", "?"}) end = std::min(end, norm.find(stop));
  return std::string(trim(norm.substr(0, end)));
}

bool is_date_line(std::string_view norm) {
  return norm.ends_with("日") && contains(norm, "年") && contains(norm, "月") && length_cp(norm) <= 16;
}

bool is_plain_heading(std::string_view norm) {
  // Short, no sentence inside, not a date line ending a report.
  if (length_cp(norm) > kPlainHeadingMaxChars || is_date_line(norm)) return false;
  std::string_view body = norm;
  if (body.ends_with(":")) body.remove_suffix(1);
  return body.find("。") == std::string_view::npos && body.find(",") == std::string_view::npos &&
         body.find(";") == std::string_view::npos && !body.empty();
}

// Parent of every block (-1 for a root): headings nest by rank, a paragraph hangs
// under the innermost open heading.
std::vector<int> parents(const std::vector<Block>& blocks) {
  std::vector<int> parent(blocks.size(), -1);
  std::vector<int> open;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    int r = blocks[i].rank();
    if (r != 0)
      while (!open.empty() && blocks[static_cast<std::size_t>(open.back())].rank() >= r) open.pop_back();
    parent[i] = open.empty() ? -1 : open.back();
    if (r != 0) open.push_back(static_cast<int>(i));
  }
  return parent;
}

std::vector<OutlineNode> children_of(int node, const std::vector<int>& parent, std::size_t& next) {
  // Blocks come in document order, so a node's children are the following blocks whose
  // parent is that node, until one that is not.
  std::vector<OutlineNode> out;
  while (next < parent.size() && parent[next] == node) {
    OutlineNode n{next++, {}};
    n.children = children_of(static_cast<int>(n.block), parent, next);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

Outline build_outline(const std::vector<Line>& body) {
  Outline out;
  out.blocks.reserve(body.size());
  for (const Line& line : body) {
    Block b;
    b.line = line.number;
    b.text = line.text;
    b.norm = normalise(line.text);
    // Markers are read from the text as written: NFKC would turn ① into 1.
    b.marker = scan_marker(b.text);
    if (b.marker) {
      b.body_norm = normalise(std::string_view(b.text).substr(b.marker->bytes));
      b.heading = heading_sentence(b.body_norm);
    } else {
      b.body_norm = b.norm;
      b.plain_heading = is_plain_heading(b.norm);
      if (b.plain_heading) b.heading = heading_sentence(b.norm);
    }
    b.inline_items = scan_inline_items(line.text);
    out.blocks.push_back(std::move(b));
  }
  for (const Block& b : out.blocks)
    if (b.marker && (out.top_rank == 0 || b.rank() < out.top_rank)) out.top_rank = b.rank();
  std::size_t next = 0;
  out.roots = children_of(-1, parents(out.blocks), next);
  return out;
}

}  // namespace huizong
