// outline: a report's body lines -> blocks with their heading levels.
// Levels come from the marker table in common/marker.h (一、 > （一） > 1. > （1） ①);
// a heading line may carry its body on the same line; 一是…二是… inside a paragraph are
// inline items. Every block keeps its physical line number.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/marker.h"
#include "common/text.h"

namespace huizong {

struct Block {
  int line = 0;
  std::string text;                          // as written
  std::string norm;                          // normalise(text): what the later stages match against
  std::optional<Marker> marker;              // outline marker at the start of `text`, if any
  std::string body_norm;                     // normalise(text after the marker)
  std::string heading;                       // normalised heading sentence (after the marker, up to 。：；)
  bool plain_heading = false;                // a short unmarked line such as 下半年工作计划：
  std::vector<InlineItemMark> inline_items;  // offsets into `text`
  int rank() const { return marker ? marker->rank : 0; }
  bool is_heading() const { return marker.has_value() || plain_heading; }
};

// The blocks in document order, one per body line. The levels are the blocks' ranks; no
// tree is built from them: classify reads the blocks in order, because the parts of a
// report do not nest by rank (a part opens at a paragraph or in the middle of one, and
// numbering restarted at 一、 under a plans heading lists that heading's items).
struct Outline {
  std::vector<Block> blocks;
  int top_rank = 0;  // highest level present (smallest rank), 0 if no markers
};

Outline build_outline(const std::vector<Line>& body);

// Number of code points of a heading that still counts as "short" (for plain headings).
inline constexpr std::size_t kPlainHeadingMaxChars = 24;

}  // namespace huizong
