// docx body: the cmark-gfm tree of a rendered document -> word/document.xml and the list
// instances of word/numbering.xml (render/docx_writer.h tells what becomes what).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "render/docx_template.h"

struct cmark_node;

namespace huizong {

struct DocxBody {
  std::string document_xml;
  std::string numbering_xml;       // the template's definitions and one w:num a list
  std::vector<std::string> links;  // hyperlink targets; link i has r:id "rIdLink<i+1>"
};

DocxBody docx_body(cmark_node* root, const DocxTemplate& layout);

// Whether a document is made of wide tables (landscape throughout: the comparison), read
// from its pieces in order (render/markdown.h markdown_pieces) until done() tells.
class WideTablesScan {
 public:
  void add(cmark_node* root);
  bool done() const { return done_; }              // a list or the tool's note seen: no piece changes it
  bool result() const { return wide_ && !list_; }  // wide tables, and no list before the note
 private:
  bool wide_ = false, list_ = false, done_ = false;
};

// docx_body for a document given in pieces, each parsed and freed in turn: `all_wide` is
// WideTablesScan's result over the whole document.
class DocxBodyBuilder {
 public:
  DocxBodyBuilder(const DocxTemplate& layout, bool all_wide);
  ~DocxBodyBuilder();
  DocxBodyBuilder(const DocxBodyBuilder&) = delete;
  DocxBodyBuilder& operator=(const DocxBodyBuilder&) = delete;
  void add(cmark_node* root);
  DocxBody finish();

 private:
  struct Writer;
  std::unique_ptr<Writer> writer_;
  bool all_wide_;
};

}  // namespace huizong
