#include "render/docx_template.h"

#include <functional>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/text.h"
#include "render/zip_package.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

constexpr const char* kRelationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr std::size_t kMaxReferenceBytes = 64u << 20;  // unpacked; a reference document is mostly styles

const char* kReferenceHint =
    N_("give a .docx saved by Word, WPS or LibreOffice (`huizong render --print-default-template reference.docx` "
       "writes one to start from)");

pugi::xml_document parse_xml(const std::string& text, const std::string& file, const char* hint) {
  pugi::xml_document doc;
  pugi::xml_parse_result ok = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_declaration);
  if (!ok)
    throw Error(ExitCode::template_error, file, 0,
                tr("not well-formed XML: {} at byte {}", ok.description(), ok.offset), hint);
  return doc;
}

std::string xml_text(const pugi::xml_node& node) {
  std::ostringstream out;
  node.print(out, "", pugi::format_raw | pugi::format_skip_control_chars);
  return out.str();
}

// A part of a package: where it is and how its relationships name other parts.
struct Source {
  std::string origin;  // for error messages: the reference file, or styles/docx/
  std::function<std::optional<std::string>(const std::string&)> file;  // by package path
  std::string main_dir;                                                // "word/"
  std::map<std::string, std::pair<std::string, bool>> main_rels;       // id -> (target, external)
};

std::string normalize(std::string path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string p; std::getline(in, p, '/');) {
    if (p == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!p.empty() && p != ".") {
      parts.push_back(p);
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// The package path of `target`, relative to the directory `dir` ("word/") or absolute.
std::string resolve(const std::string& dir, const std::string& target) {
  return normalize(target.starts_with('/') ? target : dir + target);
}

std::string attr_ending(const pugi::xml_node& node, const char* suffix) {
  for (pugi::xml_attribute a : node.attributes())
    if (std::string_view(a.name()).ends_with(suffix)) return a.value();
  return {};
}

// Relationships/Relationship of a .rels part: id -> (target, external).
std::map<std::string, std::pair<std::string, bool>> read_rels(const std::string& text, const std::string& where) {
  std::map<std::string, std::pair<std::string, bool>> rels;
  pugi::xml_document doc = parse_xml(text, where, _(kReferenceHint));
  for (pugi::xml_node r : doc.document_element().children("Relationship"))
    rels[r.attribute("Id").value()] = {r.attribute("Target").value(),
                                       std::string_view(r.attribute("TargetMode").value()) == "External"};
  return rels;
}

// Copies the header and footer parts `sect` refers to into `t` (renamed header1.xml,
// footer2.xml … with their own relationships and the images they use), and points its
// references at them.
void take_headers_footers(pugi::xml_node sect, const Source& src, DocxTemplate& t) {
  int n = 0;
  for (pugi::xml_node ref : sect.children()) {
    std::string_view name = ref.name();
    bool header = name.ends_with("headerReference");
    if (!header && !name.ends_with("footerReference")) continue;
    pugi::xml_attribute id_attr;
    for (pugi::xml_attribute a : ref.attributes())
      if (std::string_view(a.name()).ends_with(":id")) id_attr = a;
    auto rel = src.main_rels.find(id_attr.value());
    std::optional<std::string> data;
    std::string path;
    if (rel != src.main_rels.end() && !rel->second.second) {
      path = resolve(src.main_dir, rel->second.first);
      data = src.file(path);
    }
    if (!data)
      throw Error(ExitCode::template_error, src.origin, 0,
                  tr("the page setup names a missing header or footer ({})", id_attr.value()), _(kReferenceHint));
    std::string kind = header ? "header" : "footer";
    std::string target = kind + std::to_string(++n) + ".xml";
    t.parts.push_back({"word/" + target,
                       "application/vnd.openxmlformats-officedocument.wordprocessingml." + kind + "+xml",
                       std::move(*data)});
    std::string part_dir = path.substr(0, path.rfind('/') + 1);
    std::string rels_path = part_dir + "_rels/" + path.substr(part_dir.size()) + ".rels";
    if (std::optional<std::string> rels = src.file(rels_path)) {
      for (const auto& [rid, to] : read_rels(*rels, src.origin))
        if (!to.second)
          if (std::optional<std::string> media = src.file(resolve(part_dir, to.first)))
            t.parts.push_back({resolve("word/", to.first), {}, std::move(*media)});
      t.parts.push_back({"word/_rels/" + target + ".rels", "", std::move(*rels)});
    }
    std::string new_id = "rIdHf" + std::to_string(n);
    id_attr.set_value(new_id.c_str());
    t.relations.push_back({new_id, kRelationshipTypes + kind, target});
  }
}

void set_section(pugi::xml_node sect, const Source& src, DocxTemplate& t) {
  t.parts.clear();
  t.relations.clear();
  take_headers_footers(sect, src, t);
  t.section = xml_text(sect);
}

// The reference's styles, and every style of `defaults` whose id it lacks.
std::string merged_styles(const std::string& reference, const std::string& defaults, const std::string& where) {
  pugi::xml_document ref = parse_xml(reference, where, _(kReferenceHint));
  pugi::xml_document def = parse_xml(defaults, "styles.xml", "");
  std::set<std::string> ids;
  for (pugi::xml_node s : ref.document_element().children("w:style")) ids.insert(s.attribute("w:styleId").value());
  for (pugi::xml_node s : def.document_element().children("w:style"))
    if (!ids.count(s.attribute("w:styleId").value())) ref.document_element().append_copy(s);
  return xml_text(ref);
}

std::string with_even_odd(const std::string& settings, bool even_odd) {
  pugi::xml_document doc = parse_xml(settings, "settings.xml", "");
  pugi::xml_node root = doc.document_element();
  if (!even_odd) root.remove_child("w:evenAndOddHeaders");
  return xml_text(doc);
}

void compute_hash(DocxTemplate& t) {
  Fingerprint f;
  for (const std::string* s : {&t.styles, &t.numbering, &t.settings, &t.font_table, &t.section, &t.sample_markdown})
    f.add(*s).add(std::string_view("\0", 1));
  for (const DocxRelation& r : t.relations) f.add(r.id).add(r.target);
  for (const DocxPart& p : t.parts) f.add(p.name).add(p.data);
  t.hash = f.hex();
}

}  // namespace

DocxTemplate DocxTemplate::load(const fs::path& styles_dir) {
  const fs::path dir = styles_dir / "docx";
  // XML parts are parsed and written again: an error names the file here, not in Word,
  // and the comments (which some readers reject, e.g. with "--" inside) are left out.
  auto read = [&](const char* name) {
    fs::path p = dir / name;
    std::string text =
        read_file_or_throw(p, ExitCode::template_error, _("check that it exists (or restore the bundled copy)"));
    if (p.extension() != ".xml") return text;
    return xml_text(parse_xml(text, p.string(), _("fix the XML (or restore the bundled copy)")));
  };
  DocxTemplate t;
  t.styles = read("styles.xml");
  t.numbering = read("numbering.xml");
  t.settings = read("settings.xml");
  t.font_table = read("fontTable.xml");
  t.sample_markdown = read("reference.md");
  std::string section = read("section.xml");
  pugi::xml_document doc = parse_xml(section, (dir / "section.xml").string(), "");
  // Here an r:id names a file beside section.xml.
  Source src{(dir / "section.xml").string(),
             [&](const std::string& path) -> std::optional<std::string> {
               if (path.find('/') != path.rfind('/') || !fs::is_regular_file(dir / path.substr(path.find('/') + 1)))
                 return std::nullopt;
               return read(path.substr(path.find('/') + 1).c_str());
             },
             "word/",
             {}};
  for (pugi::xml_node ref : doc.document_element().children())
    if (std::string id = attr_ending(ref, ":id"); !id.empty()) src.main_rels[id] = {id, false};
  set_section(doc.document_element(), src, t);
  compute_hash(t);
  return t;
}

DocxTemplate DocxTemplate::with_reference(const fs::path& reference) const {
  const std::string where = reference.string();
  std::map<std::string, std::string> files;
  try {
    files = unzip_all(reference, kMaxReferenceBytes);
  } catch (const std::exception& e) {
    if (!fs::is_regular_file(reference))
      throw Error(ExitCode::template_error, where, 0, _("cannot read the reference document"), _("check the path"));
    throw Error(ExitCode::template_error, where, 0, tr("not a .docx: {}", e.what()), _(kReferenceHint));
  }
  auto file = [&](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  std::string main = "word/document.xml";
  if (auto rels = file("_rels/.rels"))
    for (const auto& [id, to] : read_rels(*rels, where))
      if (to.first.ends_with("document.xml")) main = resolve("", to.first);
  std::optional<std::string> document = file(main);
  if (!document)
    throw Error(ExitCode::template_error, where, 0, tr("not a .docx: it has no {}", main), _(kReferenceHint));
  Source src{where, file, main.substr(0, main.rfind('/') + 1), {}};
  std::string main_rels = src.main_dir + "_rels/" + main.substr(src.main_dir.size()) + ".rels";
  if (auto rels = file(main_rels)) src.main_rels = read_rels(*rels, where);

  DocxTemplate t = *this;
  std::optional<std::string> styles, settings;
  for (const auto& [id, to] : src.main_rels) {
    if (to.first.ends_with("styles.xml") && !to.first.ends_with("stylesWithEffects.xml"))
      styles = file(resolve(src.main_dir, to.first));
    if (to.first.ends_with("settings.xml")) settings = file(resolve(src.main_dir, to.first));
  }
  if (styles) t.styles = merged_styles(*styles, this->styles, where);
  if (settings)
    t.settings = with_even_odd(
        this->settings,
        parse_xml(*settings, where, _(kReferenceHint)).document_element().child("w:evenAndOddHeaders") != nullptr);
  pugi::xml_document doc = parse_xml(*document, where, _(kReferenceHint));
  if (pugi::xml_node sect = doc.document_element().child("w:body").last_child();
      std::string_view(sect.name()) == "w:sectPr")
    set_section(sect, src, t);
  compute_hash(t);
  return t;
}

}  // namespace huizong
