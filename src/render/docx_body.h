// docx body: the cmark-gfm tree of a rendered document -> word/document.xml and the list
// instances of word/numbering.xml (render/docx_writer.h tells what becomes what).
#pragma once
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

}  // namespace huizong
