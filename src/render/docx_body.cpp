#include "render/docx_body.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <pugixml.hpp>
#include <stdexcept>

#include "render/docx_writer.h"
#include "render/markdown.h"

namespace huizong {
namespace {

constexpr unsigned kXmlFormat = pugi::format_raw | pugi::format_skip_control_chars;

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};

std::string xml_string(pugi::xml_document& doc) {
  pugi::xml_node decl = doc.prepend_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
  StringWriter w;
  w.out.reserve(1 << 16);
  doc.save(w, "", kXmlFormat | pugi::format_no_declaration);
  return std::move(w.out);
}

bool type_is(cmark_node* n, const char* type_string) {
  return std::strcmp(cmark_node_get_type_string(n), type_string) == 0;
}

bool is_table(cmark_node* n) { return type_is(n, "table"); }

bool is_wide_table(cmark_node* n) {
  return n && is_table(n) && cmark_gfm_extensions_get_table_columns(n) >= kWideTableColumns;
}

// A document of wide tables with headings and notes but no lists (the comparison) is
// landscape throughout, rather than a portrait page for its title alone (as print.css).
bool made_of_wide_tables(cmark_node* root) {
  WideTablesScan scan;
  scan.add(root);
  return scan.result();
}

// Only links a reader can follow safely; javascript:, file: and the like stay text.
bool safe_url(const char* url) {
  std::string u(url ? url : "");
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return u.starts_with("http://") || u.starts_with("https://") || u.starts_with("mailto:");
}

// Width of a table cell's text in characters of its font: a CJK character is one, an
// ASCII character half.
double text_chars(cmark_node* cell) {
  double chars = 0;
  cmark_iter* it = cmark_iter_new(cell);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER ||
        (cmark_node_get_type(n) != CMARK_NODE_TEXT && cmark_node_get_type(n) != CMARK_NODE_CODE))
      continue;
    for (const char* s = cmark_node_get_literal(n); *s; ++s) {
      auto c = static_cast<unsigned char>(*s);
      if (c < 0x80)
        chars += 0.6;  // Latin letters and digits of CJK fonts are wider than half
      else if (c >= 0xC0)
        chars += 1;  // the lead byte of a multi-byte character
    }
  }
  cmark_iter_free(it);
  return chars;
}

// Column widths (twips) summing to `total`: each column at least as wide as its header
// (up to 6 characters, so 期间 never stands one character a line; fewer when so many
// columns would not fit, as the 13 of the comparison's 主要指标对比), the rest shared by how
// much text each column holds (up to 40 characters).
std::vector<long> column_widths(cmark_node* table, int columns, long total) {
  constexpr long kChar = 240, kPad = 160;  // 12 pt TableText, cell margins
  const double header_cap = std::clamp(std::floor((static_cast<double>(total) / columns - kPad) / kChar), 2.0, 6.0);
  std::vector<double> natural(columns, 2), minimum(columns, 2);
  for (cmark_node* row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
    bool header = cmark_gfm_extensions_get_table_row_is_header(row);
    int c = 0;
    for (cmark_node* cell = cmark_node_first_child(row); cell && c < columns; cell = cmark_node_next(cell), ++c) {
      double chars = text_chars(cell);
      natural[c] = std::max(natural[c], std::min(chars + 0.5, 40.0));  // + rounding of the glyphs
      if (header) minimum[c] = std::max(minimum[c], std::min(chars, header_cap));
    }
  }
  double sum_natural = 0, sum_min = 0, spare = 0;
  for (int c = 0; c < columns; ++c) {
    natural[c] = natural[c] * kChar + kPad;
    minimum[c] = std::min(minimum[c] * kChar + kPad, natural[c]);
    sum_natural += natural[c];
    sum_min += minimum[c];
    spare += natural[c] - minimum[c];
  }
  std::vector<long> widths(columns);
  for (int c = 0; c < columns; ++c) {
    double w = sum_natural <= total || sum_min >= total || spare <= 0
                   ? natural[c] * total / sum_natural
                   : minimum[c] + (natural[c] - minimum[c]) * (total - sum_min) / spare;
    widths[c] = static_cast<long>(w);
  }
  return widths;
}

// A source reference with a zero-width space (U+200B) after each ASCII character: a file
// name such as 001_d515db3ecf640b7c.txt:120 is one word that neither Word nor LibreOffice
// would break (Word's wordWrap=0, set in styles.xml, is ignored by LibreOffice), so the
// justified line before it would be stretched. The HTML breaks it with CSS instead.
std::string breakable_reference(std::string_view text) {
  constexpr std::string_view kZeroWidthSpace = "\xE2\x80\x8B";
  std::string out;
  out.reserve(text.size() * 3);
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    bool ascii = static_cast<unsigned char>(text[i]) < 0x80;
    bool next_ascii = i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0x80;
    if (ascii && next_ascii) out += kZeroWidthSpace;
  }
  return out;
}

struct RunFormat {
  bool bold = false, italic = false, strike = false, source = false, link = false;
};

void add_val(pugi::xml_node parent, const char* name, const char* value) {
  parent.append_child(name).append_attribute("w:val") = value;
}

// A w:document with an empty w:body, which it returns.
pugi::xml_node start_document(pugi::xml_document& doc) {
  pugi::xml_node document = doc.append_child("w:document");
  document.append_attribute("xmlns:w") = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  document.append_attribute("xmlns:r") = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return document.append_child("w:body");
}

class BodyWriter {
 public:
  explicit BodyWriter(const DocxTemplate& layout) : layout_(layout) {
    body_ = start_document(doc_);
    // untranslated: an internal failure, reported as one (for the developers)
    if (!portrait_.load_string(layout.section.c_str())) throw std::runtime_error("docx: the page setup is not XML");
    pugi::xml_node sect = portrait_.document_element();
    for (pugi::xml_attribute a = sect.first_attribute(); a;) {  // declared on w:document
      pugi::xml_attribute next = a.next_attribute();
      if (std::string_view(a.name()).starts_with("xmlns")) sect.remove_attribute(a);
      a = next;
    }
    landscape_.append_copy(sect);
    pugi::xml_node size = landscape_.document_element().child("w:pgSz");
    long w = size.attribute("w:w").as_int(11906), h = size.attribute("w:h").as_int(16838);
    pugi::xml_node margins = sect.child("w:pgMar");
    long sides = margins.attribute("w:left").as_int(1587) + margins.attribute("w:right").as_int(1474);
    portrait_width_ = std::min(w, h) - sides;
    landscape_width_ = std::max(w, h) - sides;
    size.attribute("w:w").set_value(std::max(w, h));
    size.attribute("w:h").set_value(std::min(w, h));
    (size.attribute("w:orient") ? size.attribute("w:orient") : size.append_attribute("w:orient")) = "landscape";
  }

  // The blocks of `root`, a whole document or the next of its pieces (markdown_pieces);
  // `all_wide`: made_of_wide_tables of the whole.
  void add(cmark_node* root, bool all_wide) {
    for (cmark_node* n = cmark_node_first_child(root); n && !stopped_; n = cmark_node_next(n)) {
      if (cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK) {
        stopped_ = true;  // the tool's note follows
        break;
      }
      bool wide = all_wide || is_wide_table(n) ||
                  (cmark_node_get_type(n) == CMARK_NODE_HEADING && is_wide_table(cmark_node_next(n)));
      if (wide != landscape_now_) end_section();
      landscape_now_ = wide;
      block(n, body_);
    }
  }

  // Writes out the body's blocks but the last (end_section may still mark it) and frees
  // them, so that a long document's body is never whole as nodes (150 MB of them for the
  // 6 MB .docx of a compendium of 100 MB of reports). The last is copied into a new document
  // and the old one dropped whole: its pages freed at once, not node by node.
  void flush() {
    pugi::xml_node last = body_.last_child();
    if (!last || last == body_.first_child()) return;
    StringWriter w;
    w.out.swap(flushed_);
    for (pugi::xml_node n = body_.first_child(); n != last; n = n.next_sibling()) n.print(w, "", kXmlFormat);
    flushed_.swap(w.out);
    pugi::xml_document next;
    pugi::xml_node body = start_document(next);
    body.append_copy(last);
    doc_ = std::move(next);
    body_ = doc_.document_element().child("w:body");
  }

  DocxBody result() {
    body_.append_copy(section_now());
    std::string xml = xml_string(doc_);
    if (!flushed_.empty()) {  // the blocks written out go first in the body
      const std::size_t body = xml.find(kBodyOpen) + kBodyOpen.size();
      flushed_.insert(0, xml, 0, body);
      flushed_.append(xml, body);
      xml.swap(flushed_);
      std::string().swap(flushed_);
    }
    DocxBody out{std::move(xml), numbering(), std::move(links_)};
    return out;
  }

 private:
  pugi::xml_node section_now() const { return (landscape_now_ ? landscape_ : portrait_).document_element(); }

  // Ends the section so far (its last paragraph carries its w:sectPr).
  void end_section() {
    pugi::xml_node last = body_.last_child();
    if (!last) return;
    if (std::string_view(last.name()) != "w:p") last = body_.append_child("w:p");
    pugi::xml_node props = last.child("w:pPr") ? last.child("w:pPr") : last.prepend_child("w:pPr");
    props.append_copy(section_now());
  }

  pugi::xml_node paragraph(pugi::xml_node parent, const char* style) {
    pugi::xml_node p = parent.append_child("w:p");
    add_val(p.append_child("w:pPr"), "w:pStyle", style);
    return p;
  }

  void block(cmark_node* n, pugi::xml_node parent) {
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_PARAGRAPH:
        inlines(n, paragraph(parent, "BodyText"), {});
        break;
      case CMARK_NODE_HEADING: {
        static constexpr const char* kStyles[] = {"Title", "Heading1", "Heading2", "Heading3", "Heading4", "Heading4"};
        inlines(n, paragraph(parent, kStyles[std::clamp(cmark_node_get_heading_level(n), 1, 6) - 1]), {});
        break;
      }
      case CMARK_NODE_LIST:
        list(n, parent, 0);
        break;
      case CMARK_NODE_CODE_BLOCK:
        code_block(n, parent);
        break;
      case CMARK_NODE_BLOCK_QUOTE:
      case CMARK_NODE_ITEM:
        for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) block(c, parent);
        break;
      default:
        if (is_table(n)) table(n, parent);
        // Raw HTML is dropped (safe mode, as in the HTML); a rule inside a block prints nothing.
    }
  }

  void code_block(cmark_node* n, pugi::xml_node parent) {
    std::string_view code = cmark_node_get_literal(n);
    while (!code.empty()) {
      std::size_t nl = code.find('\n');
      run(paragraph(parent, "Normal"), std::string(code.substr(0, nl)).c_str(), {});
      code = nl == std::string_view::npos ? std::string_view() : code.substr(nl + 1);
    }
  }

  // Each list its own numbering instance, so that every list starts at its own start.
  void list(cmark_node* n, pugi::xml_node parent, int level) {
    int abstract = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? 1 : 2;
    lists_.push_back({abstract, cmark_node_get_list_start(n), level});
    const std::string num_id = std::to_string(lists_.size());
    for (cmark_node* item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
      bool numbered = false;
      for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
        if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
          list(c, parent, std::min(level + 1, 2));
          continue;
        }
        if (!numbered && cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
          inlines(c, number(paragraph(parent, "BodyText"), num_id, level), {});
          numbered = true;
          continue;
        }
        block(c, parent);
      }
      if (!numbered) number(paragraph(parent, "BodyText"), num_id, level);  // an empty item keeps its number
    }
  }

  pugi::xml_node number(pugi::xml_node p, const std::string& num_id, int level) {
    pugi::xml_node num = p.child("w:pPr").append_child("w:numPr");
    add_val(num, "w:ilvl", std::to_string(level).c_str());
    add_val(num, "w:numId", num_id.c_str());
    return p;
  }

  void table(cmark_node* n, pugi::xml_node parent) {
    const int columns = cmark_gfm_extensions_get_table_columns(n);
    const uint8_t* align = cmark_gfm_extensions_get_table_alignments(n);
    const long width = landscape_now_ ? landscape_width_ : portrait_width_;
    std::vector<long> widths = column_widths(n, columns, width);
    pugi::xml_node tbl = parent.append_child("w:tbl");
    pugi::xml_node pr = tbl.append_child("w:tblPr");
    add_val(pr, "w:tblStyle", "TableGrid");
    pugi::xml_node w = pr.append_child("w:tblW");
    w.append_attribute("w:w") = width;
    w.append_attribute("w:type") = "dxa";
    pr.append_child("w:tblLayout").append_attribute("w:type") = "fixed";
    pugi::xml_node grid = tbl.append_child("w:tblGrid");
    for (long cw : widths) grid.append_child("w:gridCol").append_attribute("w:w") = cw;
    for (cmark_node* row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
      bool header = cmark_gfm_extensions_get_table_row_is_header(row);
      pugi::xml_node tr = tbl.append_child("w:tr");
      pugi::xml_node trp = tr.append_child("w:trPr");
      trp.append_child("w:cantSplit");
      if (header) trp.append_child("w:tblHeader");  // repeated at the top of every page
      cmark_node* cell = cmark_node_first_child(row);
      for (int c = 0; c < columns; ++c) {
        pugi::xml_node tc = tr.append_child("w:tc");
        pugi::xml_node tcw = tc.append_child("w:tcPr").append_child("w:tcW");
        tcw.append_attribute("w:w") = widths[c];
        tcw.append_attribute("w:type") = "dxa";
        pugi::xml_node p = paragraph(tc, header ? "TableHeading" : "TableText");
        if (align && align[c])
          add_val(p.child("w:pPr"), "w:jc", align[c] == 'r' ? "right" : align[c] == 'c' ? "center" : "left");
        if (cell) {
          inlines(cell, p, {});
          cell = cmark_node_next(cell);
        }
      }
    }
  }

  void inlines(cmark_node* parent, pugi::xml_node p, RunFormat f) {
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) inline_node(n, p, f);
  }

  void inline_node(cmark_node* n, pugi::xml_node p, RunFormat f) {
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        run(p, cmark_node_get_literal(n), f);
        break;
      case CMARK_NODE_SOFTBREAK:
        run(p, " ", f);
        break;
      case CMARK_NODE_LINEBREAK:
        p.append_child("w:r").append_child("w:br");
        break;
      case CMARK_NODE_EMPH:
        f.italic = true;
        inlines(n, p, f);
        break;
      case CMARK_NODE_STRONG:
        f.bold = true;
        inlines(n, p, f);
        break;
      case CMARK_NODE_LINK:
        if (safe_url(cmark_node_get_url(n)) && !f.link) {
          links_.emplace_back(cmark_node_get_url(n));
          pugi::xml_node h = p.append_child("w:hyperlink");
          h.append_attribute("r:id") = ("rIdLink" + std::to_string(links_.size())).c_str();
          f.link = true;
          p = h;
        }
        inlines(n, p, f);
        break;
      case CMARK_NODE_CUSTOM_INLINE:
        if (std::strcmp(cmark_node_get_on_enter(n), kSourceRefOpen) == 0) f.source = true;
        inlines(n, p, f);
        break;
      case CMARK_NODE_HTML_INLINE:
        break;  // dropped, as in the HTML (safe mode)
      default:  // image (its alt text), strikethrough
        if (type_is(n, "strikethrough")) f.strike = true;
        inlines(n, p, f);
    }
  }

  void run(pugi::xml_node p, const char* text, const RunFormat& f) {
    if (!text || !*text) return;
    std::string breakable;
    if (f.source) {  // see breakable_reference
      breakable = breakable_reference(text);
      text = breakable.c_str();
    }
    pugi::xml_node r = p.append_child("w:r");
    if (f.source || f.link || f.bold || f.italic || f.strike) {
      pugi::xml_node pr = r.append_child("w:rPr");
      if (f.source || f.link) add_val(pr, "w:rStyle", f.source ? "SourceReference" : "Hyperlink");
      if (f.bold) pr.append_child("w:b");
      if (f.italic) pr.append_child("w:i");
      if (f.strike) pr.append_child("w:strike");
    }
    pugi::xml_node t = r.append_child("w:t");
    std::size_t n = std::strlen(text);
    if (text[0] == ' ' || text[n - 1] == ' ') t.append_attribute("xml:space") = "preserve";
    t.text().set(text);
  }

  std::string numbering() {
    pugi::xml_document doc;
    // untranslated: an internal failure, reported as one (for the developers)
    if (!doc.load_string(layout_.numbering.c_str())) throw std::runtime_error("docx: numbering.xml is not XML");
    pugi::xml_node root = doc.document_element();
    for (std::size_t i = 0; i < lists_.size(); ++i) {
      pugi::xml_node num = root.append_child("w:num");
      num.append_attribute("w:numId") = i + 1;
      add_val(num, "w:abstractNumId", std::to_string(lists_[i].abstract_id).c_str());
      pugi::xml_node over = num.append_child("w:lvlOverride");
      over.append_attribute("w:ilvl") = lists_[i].level;
      add_val(over, "w:startOverride", std::to_string(lists_[i].start).c_str());
    }
    return xml_string(doc);
  }

  struct ListInstance {
    int abstract_id, start, level;
  };

  const DocxTemplate& layout_;
  pugi::xml_document doc_, portrait_, landscape_;
  pugi::xml_node body_;
  long portrait_width_ = 0, landscape_width_ = 0;
  bool landscape_now_ = false;
  bool stopped_ = false;  // past the thematic break
  std::string flushed_;   // the blocks written out by flush()
  static constexpr std::string_view kBodyOpen = "<w:body>";
  std::vector<ListInstance> lists_;
  std::vector<std::string> links_;
};

}  // namespace

void WideTablesScan::add(cmark_node* root) {
  for (cmark_node* n = cmark_node_first_child(root); n && !done_; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK) done_ = true;
    if (cmark_node_get_type(n) == CMARK_NODE_LIST) done_ = list_ = true;
    wide_ = wide_ || (!done_ && is_wide_table(n));
  }
}

struct DocxBodyBuilder::Writer : BodyWriter {
  using BodyWriter::BodyWriter;
};

DocxBodyBuilder::DocxBodyBuilder(const DocxTemplate& layout, bool all_wide)
    : writer_(std::make_unique<Writer>(layout)), all_wide_(all_wide) {}

DocxBodyBuilder::~DocxBodyBuilder() = default;

void DocxBodyBuilder::add(cmark_node* root) {
  writer_->add(root, all_wide_);
  writer_->flush();
}

DocxBody DocxBodyBuilder::finish() { return writer_->result(); }

DocxBody docx_body(cmark_node* root, const DocxTemplate& layout) {
  DocxBodyBuilder builder(layout, made_of_wide_tables(root));
  builder.add(root);
  return builder.finish();
}

}  // namespace huizong
