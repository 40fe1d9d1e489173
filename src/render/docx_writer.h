// docx writer: a rendered Markdown document (render/markdown.h) -> a .docx package. Like
// cmark's own renderers, it walks the cmark-gfm tree: headings, paragraphs, lists, tables,
// emphasis, links become WordprocessingML in the styles of a DocxTemplate (GB/T 9704 by
// default), so a template edit changes the .docx exactly as it changes the HTML. The
// package is written with pugixml and libzip.
#pragma once
#include <string>

#include "render/docx_body.h"
#include "render/docx_template.h"
#include "render/markdown.h"

namespace huizong {

struct DocxInfo {
  std::string title;      // docProps/core.xml
  std::string generated;  // YYYY-MM-DD: the creation date recorded
};

// The bytes of the .docx of `tree`:
// - # title -> Title; ## .. ##### -> Heading1 .. Heading4; paragraphs -> BodyText;
// - lists -> numbered (or bulleted) BodyText paragraphs (word/numbering.xml);
// - tables -> bordered TableGrid tables, the header row repeated on every page, rows never
//   split, column widths by content; a table of kWideTableColumns columns or more (and a
//   heading right before it) in a landscape section;
// - source references (kSourceRefOpen) -> SourceReference runs; links -> hyperlinks
//   (http, https, mailto only; others stay text);
// - a rule (---) at the top level ends the printed document: what follows it (the tool's
//   note) is left out, as in print.
// Throws std::runtime_error if the package cannot be made.
std::string docx_bytes(const MarkdownTree& tree, const DocxTemplate& layout, const DocxInfo& info);
// The same from a body made already (a document made piece by piece: DocxBodyBuilder).
std::string docx_bytes(const DocxBody& body, const DocxTemplate& layout, const DocxInfo& info);

inline constexpr int kWideTableColumns = 6;

// The default reference document (`huizong render --print-default-template reference.docx`):
// the template's sample body (styles/docx/reference.md) in its styles, to edit in Word or
// WPS and give back with --reference-doc.
std::string reference_docx(const DocxTemplate& layout);

}  // namespace huizong
