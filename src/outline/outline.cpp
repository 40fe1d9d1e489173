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
  return out;
}

}  // namespace huizong
