// docx template: every part of a .docx output except its body, from styles/docx/ (the
// GB/T 9704 defaults) or from the office's own reference document (--reference-doc, as
// pandoc has it): styles, page setup (w:sectPr), headers and footers, list numbering,
// settings. The body is written by render/docx_writer.h.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace huizong {

// A file of the package besides the ones every .docx has (headers, footers, their
// relationships, images).
struct DocxPart {
  std::string name;          // path in the package, e.g. word/footer1.xml
  std::string content_type;  // empty: by extension ([Content_Types].xml Default)
  std::string data;
};

// A relationship of word/document.xml to a header or footer part.
struct DocxRelation {
  std::string id, type, target;  // target relative to word/
};

struct DocxTemplate {
  std::string styles;      // word/styles.xml
  std::string numbering;   // word/numbering.xml: the abstract list definitions (the writer adds one w:num a list)
  std::string settings;    // word/settings.xml
  std::string font_table;  // word/fontTable.xml
  std::string section;     // the body's <w:sectPr>; its header/footer r:ids are in `relations`
  std::vector<DocxRelation> relations;
  std::vector<DocxPart> parts;
  std::string sample_markdown;  // the body of `--print-default-template reference.docx`
  std::string hash;             // fingerprint of all of the above

  // styles/docx/ of a style directory: styles.xml, numbering.xml, settings.xml,
  // fontTable.xml, section.xml (its r:ids name footer files beside it), reference.md.
  // Throws Error(template_error) naming the file for one missing or not well-formed.
  static DocxTemplate load(const std::filesystem::path& styles_dir);

  // These defaults with the styles, page setup, headers and footers (and whether odd and
  // even pages differ) of `reference` (a .docx); a style id the writer uses that the
  // reference lacks is taken from the defaults. Throws Error(template_error) naming the
  // file if it is not a readable .docx.
  DocxTemplate with_reference(const std::filesystem::path& reference) const;
};

}  // namespace huizong
