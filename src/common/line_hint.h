// What a document's own formatting says about one of its lines: read/docx fills it from
// paragraph styles and breaks, split uses it as evidence for report titles. Text files
// have none. Kept apart from Line, which every stage passes around.
#pragma once

namespace huizong {

struct LineHint {
  int line = 0;            // the line (a .docx paragraph) it is about
  int outline_level = -1;  // 0 = a level-1 heading (Heading 1 / 标题 1, w:outlineLvl 0), 1 = level 2 …
                           // 8; -1 = body text (no outline level, or w:outlineLvl 9)
  bool new_page = false;   // starts a new page or section: a page break before it (w:br
                           // w:type="page", w:pageBreakBefore) or a section break ending the
                           // paragraph before it (w:sectPr in its w:pPr)
};

}  // namespace huizong
