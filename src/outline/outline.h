// outline: a report's body lines -> blocks with their heading levels.
// Levels come from the markers of common/marker.h (一、 > （一） > 1. > （1） ①);
// a heading line may carry its body on the same line; 一是…二是… inside a paragraph are
// inline items. Every block keeps its physical line number.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/line_hint.h"
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
  bool plain_heading = false;                // a short unmarked line such as 下半年工作计划：, or an
                                             // unmarked line the document styles as a heading
  bool date_line = false;                    // a date alone on the line (2023年6月13日), as under a signature
  std::vector<InlineItemMark> inline_items;  // offsets into `text`
  int rank() const { return marker ? marker->rank : 0; }
  bool is_heading() const { return marker.has_value() || plain_heading; }
};

// Heading lines and outline markers: lexicons/markers.json.
struct OutlineLexicon {
  MarkerLexicon markers;
  WordList sentence_ends;  // a heading's sentence ends at the first of these
  std::size_t plain_max_chars = 24;
  std::size_t styled_max_chars = 60;  // an unmarked line styled as a heading (.docx) up to this long
  WordList plain_rejects;             // an unmarked heading holds none of these
  std::string date_line_end;
  std::vector<std::string> date_line_words;
  std::size_t date_line_max_chars = 16;
  static OutlineLexicon load(const LexiconDir& lexicon_dir = {});
  // The lexicon of the default data directory, loaded once.
  static const OutlineLexicon& standard();
};

// The blocks in document order, one per body line. The levels are the blocks' ranks; no
// tree is built from them: classify reads the blocks in order, because the parts of a
// report do not nest by rank (a part opens at a paragraph or in the middle of one, and
// numbering restarted at 一、 under a plans heading lists that heading's items).
struct Outline {
  std::vector<Block> blocks;
  int top_rank = 0;  // highest level present (smallest rank), 0 if no markers
};

// `hints`: what the document's formatting says (read/docx), in line order; an unmarked line
// in a heading style (Heading 2, 标题 2, w:outlineLvl) is a heading whatever its
// punctuation (下一步工作计划，重点抓好三项工作), up to styled_max_chars and not a date line.
Outline build_outline(const std::vector<Line>& body, const OutlineLexicon& lex,
                      const std::vector<LineHint>& hints = {});
// The same, taking the lines' text instead of copying it (the lines are left without text).
// `norms`: normalise(text) of body[k] where made already (split's), else "" or absent.
Outline build_outline(std::vector<Line>&& body, const OutlineLexicon& lex, const std::vector<LineHint>& hints = {},
                      std::vector<std::string>&& norms = {});
// The same with OutlineLexicon::standard().
Outline build_outline(const std::vector<Line>& body);

}  // namespace huizong
