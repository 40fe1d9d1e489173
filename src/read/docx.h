// read/docx: Word .docx documents (Office Open XML, also written by WPS) -> lines.
//
// Only the main body (word/document.xml) is read, with word/numbering.xml and
// word/styles.xml for automatic numbering; headers, footers, footnotes, comments and text
// boxes are separate parts or drawings and are not read.
//
// One Line per body paragraph (w:p), in document order, numbered from 1: a line number is
// a paragraph number. A table row is one line (cells joined by "\t", the paragraphs of a
// cell joined by a space). Empty paragraphs are blank lines. Line breaks inside a
// paragraph (w:br, w:cr) become a space and w:tab a "\t", so numbering stays by paragraph.
// Tracked changes are shown as accepted: inserted text is kept, deleted text dropped.
// The table of contents is marked, not dropped: the paragraphs of a TOC field (complex
// w:fldChar/w:instrText TOC or w:fldSimple), of Word's contents control (w:sdt "Table of
// Contents") or in a "toc N" style are listed in SourceText::toc_lines, so split takes them
// as contents whatever their text looks like (their text is what Word exports: title, tab, page).
// What the formatting says about report boundaries goes in SourceText::hints, one entry per
// paragraph that has an outline level or starts a new page: the outline level is the
// paragraph's w:outlineLvl, else its style's, following w:basedOn (a style named "heading N"
// or "标题 N" is level N even without w:outlineLvl, as in Word); a new page is a
// w:pageBreakBefore (own or styled), a page break (w:br w:type="page") with no text before
// it in the paragraph, or one with no text after it or a section break (w:sectPr in w:pPr)
// in the paragraph before (blank paragraphs in between do not count). Table rows carry no
// outline level.
// Automatic numbering is written out as text in front of the paragraph, the way Word shows
// it: a heading numbered by the list "%1、" in chineseCounting reads "一、总体情况", exactly
// like the same heading typed by hand.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "read/read.h"

namespace huizong {

// Caps on the uncompressed size read from the archive (a zip bomb is a small file that
// inflates to gigabytes). Checked against the size the archive announces AND counted while
// inflating, since the announced size can lie.
struct DocxLimits {
  std::size_t max_part = std::size_t{64} << 20;    // one XML part
  std::size_t max_total = std::size_t{200} << 20;  // all parts read
};

// Decode the bytes of a .docx file. `path` is only used in error messages.
// SourceText: encoding "DOCX", hash = fingerprint(bytes), bytes = bytes.size().
// Throws Error(ExitCode::input): "not a valid .docx: …" for a damaged or non-zip file, a
// missing word/document.xml or malformed XML; "compressed content too large (possible zip
// bomb)" past the limits; "file is empty" when the document has no text.
// DTDs are never processed: entities such as &xxe; stay unexpanded text.
SourceText decode_docx(std::string_view bytes, const std::string& path, const DocxLimits& limits = {});

}  // namespace huizong
