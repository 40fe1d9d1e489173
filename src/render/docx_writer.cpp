#include "render/docx_writer.h"

#include <pugixml.hpp>
#include <sstream>

#include "render/docx_body.h"
#include "render/zip_package.h"

namespace huizong {
namespace {

constexpr const char* kDocRelTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr const char* kWordTypes = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

std::string xml_string(const pugi::xml_document& doc) {
  std::ostringstream out;
  out << R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration | pugi::format_skip_control_chars);
  return out.str();
}

pugi::xml_node relationships(pugi::xml_document& doc) {
  pugi::xml_node root = doc.append_child("Relationships");
  root.append_attribute("xmlns") = "http://schemas.openxmlformats.org/package/2006/relationships";
  return root;
}

void relation(pugi::xml_node root, const std::string& id, const std::string& type, const std::string& target,
              bool external = false) {
  pugi::xml_node r = root.append_child("Relationship");
  r.append_attribute("Id") = id.c_str();
  r.append_attribute("Type") = type.c_str();
  r.append_attribute("Target") = target.c_str();
  if (external) r.append_attribute("TargetMode") = "External";
}

std::string content_types(const DocxTemplate& layout) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("Types");
  root.append_attribute("xmlns") = "http://schemas.openxmlformats.org/package/2006/content-types";
  auto by_extension = [&](const char* ext, const char* type) {
    pugi::xml_node d = root.append_child("Default");
    d.append_attribute("Extension") = ext;
    d.append_attribute("ContentType") = type;
  };
  by_extension("rels", "application/vnd.openxmlformats-package.relationships+xml");
  by_extension("xml", "application/xml");
  for (const char* image : {"png", "gif", "bmp", "tiff", "jpeg"})
    by_extension(image, ("image/" + std::string(image)).c_str());
  by_extension("jpg", "image/jpeg");
  by_extension("emf", "image/x-emf");
  by_extension("wmf", "image/x-wmf");
  by_extension("svg", "image/svg+xml");
  auto part = [&](const std::string& name, const std::string& type) {
    pugi::xml_node o = root.append_child("Override");
    o.append_attribute("PartName") = ("/" + name).c_str();
    o.append_attribute("ContentType") = type.c_str();
  };
  part("word/document.xml", kWordTypes + std::string("document.main+xml"));
  for (const char* name : {"styles", "numbering", "settings", "fontTable"})
    part("word/" + std::string(name) + ".xml", kWordTypes + std::string(name) + "+xml");
  part("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  for (const DocxPart& p : layout.parts)
    if (!p.content_type.empty()) part(p.name, p.content_type);
  return xml_string(doc);
}

std::string package_rels() {
  pugi::xml_document doc;
  pugi::xml_node root = relationships(doc);
  relation(root, "rId1", kDocRelTypes + std::string("officeDocument"), "word/document.xml");
  relation(root, "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
           "docProps/core.xml");
  return xml_string(doc);
}

std::string document_rels(const DocxTemplate& layout, const std::vector<std::string>& links) {
  pugi::xml_document doc;
  pugi::xml_node root = relationships(doc);
  for (const char* name : {"styles", "numbering", "settings", "fontTable"})
    relation(root, std::string("rId") + name, kDocRelTypes + std::string(name), std::string(name) + ".xml");
  for (const DocxRelation& r : layout.relations) relation(root, r.id, r.type, r.target);
  for (std::size_t i = 0; i < links.size(); ++i)
    relation(root, "rIdLink" + std::to_string(i + 1), kDocRelTypes + std::string("hyperlink"), links[i], true);
  return xml_string(doc);
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

std::string core_properties(const DocxInfo& info) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("cp:coreProperties");
  root.append_attribute("xmlns:cp") = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
  root.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  root.append_attribute("xmlns:dcterms") = "http://purl.org/dc/terms/";
  root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  root.append_child("dc:title").text().set(info.title.c_str());
  if (is_date(info.generated)) {
    pugi::xml_node created = root.append_child("dcterms:created");
    created.append_attribute("xsi:type") = "dcterms:W3CDTF";
    created.text().set((info.generated + "T00:00:00Z").c_str());
  }
  return xml_string(doc);
}

}  // namespace

std::string docx_bytes(const MarkdownTree& tree, const DocxTemplate& layout, const DocxInfo& info) {
  return docx_bytes(docx_body(tree.root(), layout), layout, info);
}

std::string docx_bytes(const DocxBody& body, const DocxTemplate& layout, const DocxInfo& info) {
  const std::string types = content_types(layout), root_rels = package_rels(),
                    doc_rels = document_rels(layout, body.links), core = core_properties(info);
  std::vector<ZipEntry> entries = {{"[Content_Types].xml", &types},
                                   {"_rels/.rels", &root_rels},
                                   {"word/document.xml", &body.document_xml},
                                   {"word/_rels/document.xml.rels", &doc_rels},
                                   {"word/styles.xml", &layout.styles},
                                   {"word/numbering.xml", &body.numbering_xml},
                                   {"word/settings.xml", &layout.settings},
                                   {"word/fontTable.xml", &layout.font_table},
                                   {"docProps/core.xml", &core}};
  for (const DocxPart& p : layout.parts) entries.push_back({p.name, &p.data});
  return zip_archive(entries);
}

std::string reference_docx(const DocxTemplate& layout) {
  return docx_bytes(MarkdownTree(layout.sample_markdown), layout, {"reference", ""});
}

}  // namespace huizong
