// read/docx: .docx -> one line per body paragraph (see docx.h).
//
// Zip: libzip over the bytes in memory, read-only. Each part read is capped (DocxLimits):
// the size in the central directory is checked first, and the bytes are counted while
// inflating, because a crafted archive can announce a small size and inflate to gigabytes.
//
// XML: pugixml with its default flags (plus whitespace-only text kept when it is the only
// content of an element, for <w:t xml:space="preserve"> </w:t>). pugixml never processes a
// DTD: a <!DOCTYPE> is skipped, and an entity reference other than the five predefined
// ones stays as written ("&xxe;"); nothing is fetched, nothing expands.
//
// Names: WordprocessingML elements are matched by the prefix bound to its namespace on the
// root element (almost always "w:"), so DrawingML or math text (a:t, m:t) never counts as
// text of the paragraph.
//
// Numbering (numbering.xml), as Word shows it:
//   - a paragraph's w:numPr (w:numId, w:ilvl) comes from its own w:pPr or from its paragraph
//     style, following w:basedOn (the default paragraph style when it names none);
//     w:numId 0 switches numbering off; without w:ilvl the level is the one whose w:pStyle
//     names the style, else 0;
//   - w:num -> w:abstractNum (through w:numStyleLink when the abstract list is only a link
//     to a numbering style); w:lvlOverride may replace a level or its start (w:startOverride);
//   - counters: w:num instances without overrides that share an abstract list continue one
//     sequence (Word's behaviour); a w:num with overrides (Word's "restart numbering") has
//     its own. A level restarts when a shallower level is used (w:lvlRestart changes which
//     levels count, 0 = never);
//   - w:lvlText "%1、", "（%2）", "%1.%2"… with each %N in the number format of level N
//     (decimal when the level is w:isLgl); bullets and levels without text give no prefix;
//   - the separator after the number (w:suff: tab by default, space, nothing) is written
//     as nothing when the number ends in punctuation or is an enclosed number ("一、", "1.",
//     "（1）", "①"), so a numbered heading reads exactly like a typed one, and as one space
//     otherwise ("第一部分 总体情况").
#include "read/docx.h"

#include <zip.h>

#include <algorithm>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/i18n.h"
#include "common/text.h"
#include "common/xml_chars.h"
#include "read/docx_numbering.h"
#include "read/docx_xml.h"

namespace huizong {
namespace {

using docx::Numbering;
using docx::parse_xml;
using docx::StyleInfo;
using docx::Styles;
using docx::W;
using docx::Xml;

constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;  // same cap as a text line
constexpr int kMaxDepth = 256;                               // XML nesting followed

const char* const kResaveHint = N_("open it in Word/WPS and save it again as .docx");

[[noreturn]] void invalid(const std::string& path, const std::string& what, const std::string& hint = _(kResaveHint)) {
  throw input_error(path, 0, tr("not a valid .docx: {}", what), hint);
}

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

// ---------------------------------------------------------------------------------------
// Zip package.

class Package {
 public:
  Package(std::string_view bytes, const std::string& path, const DocxLimits& limits) : path_(path), limits_(limits) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src != nullptr) {
      za_ = zip_open_from_source(src, ZIP_RDONLY, &err);
      if (za_ == nullptr) zip_source_free(src);
    }
    if (za_ == nullptr) {
      std::string why = zip_error_strerror(&err);
      zip_error_fini(&err);
      invalid(path_, tr("cannot open it as a zip archive ({})", why));
    }
    zip_error_fini(&err);
  }
  ~Package() { zip_discard(za_); }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  // The uncompressed content of a part, or nullopt when the archive has no such part.
  std::optional<std::string> read(const std::string& name) {
    zip_int64_t idx = zip_name_locate(za_, name.c_str(), 0);
    if (idx < 0) idx = zip_name_locate(za_, name.c_str(), ZIP_FL_NOCASE);
    if (idx < 0) return std::nullopt;
    const auto index = static_cast<zip_uint64_t>(idx);

    zip_stat_t st;
    zip_stat_init(&st);
    std::size_t announced = 0;
    if (zip_stat_index(za_, index, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
      if (st.size > limits_.max_part || st.size > limits_.max_total - total_) too_large(name);
      announced = static_cast<std::size_t>(st.size);
    }

    struct FileCloser {
      zip_file_t* f;
      ~FileCloser() {
        if (f != nullptr) zip_fclose(f);
      }
    } file{zip_fopen_index(za_, index, 0)};
    if (file.f == nullptr) invalid(path_, tr("cannot read {} ({})", name, zip_strerror(za_)));

    std::string out;
    out.reserve(announced);
    char buf[65536];
    for (;;) {
      zip_int64_t n = zip_fread(file.f, buf, sizeof buf);
      if (n < 0) invalid(path_, tr("{} is damaged ({})", name, zip_file_strerror(file.f)));
      if (n == 0) break;
      const auto got = static_cast<std::size_t>(n);
      // Counted while inflating: the announced size may lie.
      if (out.size() + got > limits_.max_part || total_ + out.size() + got > limits_.max_total) too_large(name);
      out.append(buf, got);
    }
    total_ += out.size();
    return out;
  }

 private:
  [[noreturn]] void too_large(const std::string& name) const {
    throw input_error(path_, 0,
                      tr("compressed content too large (possible zip bomb): {} inflates to more than {} per part "
                         "or {} in all",
                         name, mib(limits_.max_part), mib(limits_.max_total)),
                      _("a work summary is far smaller; open it in Word/WPS and save it again as .docx, or save it "
                        "as plain text"));
  }

  std::string path_;
  DocxLimits limits_;
  zip_t* za_ = nullptr;
  std::size_t total_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------
// XML (the element helpers are in docx_xml.h).

void docx::parse_xml(Xml& x, const std::string& part, const std::string& path) {
  // parse_doctype stays off: a DOCTYPE is skipped, never interpreted.
  const unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata_single;
  pugi::xml_parse_result r = x.doc.load_buffer_inplace(x.text.data(), x.text.size(), flags, pugi::encoding_auto);
  if (!r) invalid(path, tr("{} is not well-formed XML ({} at byte {})", part, r.description(), r.offset));
  x.w = W::of(x.doc.document_element());
}

namespace {

// ---------------------------------------------------------------------------------------
// The body.

class BodyReader {
 public:
  BodyReader(const W& w, const Styles& styles, Numbering& numbering, const std::string& path)
      : w_(w), styles_(styles), numbering_(numbering), path_(path) {}

  std::vector<Line> take() { return std::move(lines_); }
  std::vector<int> take_toc_lines() { return std::move(toc_lines_); }
  std::vector<LineHint> take_hints() { return std::move(hints_); }

  // Block-level content: paragraphs, tables, content controls.
  void blocks(pugi::xml_node parent, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "p") {
        body_paragraph(c, depth + 1);
      } else if (name == "tbl") {
        rows(c, depth + 1, [&](pugi::xml_node tr) { push(row(tr, "\t", depth + 2)); });
      } else if (name == "sdt") {
        bool toc = is_toc_control(c);
        toc_control_ += toc ? 1 : 0;
        blocks(w_.child(c, "sdtContent"), depth + 1);
        toc_control_ -= toc ? 1 : 0;
      } else if (name == "customXml" || name == "ins" || name == "moveTo") {
        blocks(c, depth + 1);
      }
      // w:sectPr, bookmarks, w:del/w:moveFrom and everything else: no text.
    }
  }

 private:
  void check_depth(int depth) const {
    if (depth > kMaxDepth) invalid(path_, _("word/document.xml is nested too deeply"));
  }

  // Word's contents control: w:sdtPr/w:docPartObj/w:docPartGallery "Table of Contents".
  bool is_toc_control(pugi::xml_node sdt) const {
    pugi::xml_node gallery = w_.child(w_.child(w_.child(sdt, "sdtPr"), "docPartObj"), "docPartGallery");
    // untranslated: the name Word gives the gallery of a table of contents
    return w_.val(gallery) == "Table of Contents";
  }

  // Inside a TOC field's result or the contents control.
  bool in_toc() const { return toc_control_ > 0 || std::find(fields_.begin(), fields_.end(), true) != fields_.end(); }

  // A paragraph of the body (not of a table cell), with what its formatting says: its
  // outline level, and whether it starts a new page or section (see LineHint). A page break
  // with no text before it in the paragraph breaks before the paragraph; one with no text
  // after it, or a section break (w:sectPr in the w:pPr), before the next line with text.
  void body_paragraph(pugi::xml_node p, int depth) {
    pugi::xml_node ppr = w_.child(p, "pPr");
    page_breaks_.clear();
    std::string text = paragraph(p, depth);
    bool before = page_break_before(ppr), after = static_cast<bool>(w_.child(ppr, "sectPr"));
    for (std::size_t at : page_breaks_) {
      before = before || is_blank(std::string_view(text).substr(text_from_, at - text_from_));
      after = after || is_blank(std::string_view(text).substr(at));
    }
    push(std::move(text), outline_level(ppr), before);
    pending_new_page_ = pending_new_page_ || after;
  }

  // The paragraph's own setting, else its style's (following w:basedOn), else the default
  // paragraph style's (`get` reads a style's own value, nullopt when it sets none).
  template <class T, class Get>
  std::optional<T> styled(pugi::xml_node ppr, std::optional<T> own, Get get) const {
    if (own) return own;
    std::string id = w_.val(w_.child(ppr, "pStyle"));
    if (id.empty()) id = styles_.default_paragraph;
    for (int hop = 0; hop < 32 && !id.empty(); ++hop) {
      const StyleInfo* s = styles_.find(id);
      if (s == nullptr) break;
      if (std::optional<T> v = get(*s)) return v;
      id = s->based_on;
    }
    return std::nullopt;
  }

  // 0 (level 1) … 8, or -1 for body text (w:outlineLvl 9 or none).
  int outline_level(pugi::xml_node ppr) const {
    std::optional<int> level =
        styled<int>(ppr, w_.int_val(w_.child(ppr, "outlineLvl")), [](const StyleInfo& s) { return s.outline_level; });
    return level && *level >= 0 && *level <= 8 ? *level : -1;
  }

  bool page_break_before(pugi::xml_node ppr) const {
    pugi::xml_node own = w_.child(ppr, "pageBreakBefore");
    return styled<bool>(ppr, own ? std::optional<bool>(w_.on(own)) : std::nullopt,
                        [](const StyleInfo& s) { return s.page_break_before; })
        .value_or(false);
  }

  // Every line goes through here. A new page before blank lines starts with the next line
  // that has text (split never sees blank lines).
  void push(std::string text, int outline_level = -1, bool new_page = false) {
    const int number = static_cast<int>(lines_.size()) + 1;
    if (toc_paragraph_) toc_lines_.push_back(number);
    toc_paragraph_ = false;
    new_page = new_page || pending_new_page_;
    pending_new_page_ = is_blank(text) && new_page;
    if (!is_blank(text) && (outline_level >= 0 || new_page)) hints_.push_back({number, outline_level, new_page});
    if (text.size() > kMaxLineBytes)
      throw input_error(path_, number, tr("paragraph {} is over 1 MB: not a work summary", number),
                        _("give a work summary with ordinary paragraphs"));
    if (!utf8::is_valid(text)) invalid(path_, tr("paragraph {} has text that is not UTF-8", number));
    lines_.push_back(Line{number, std::move(text)});
  }

  // Rows of a table, through content controls; deleted rows are skipped.
  template <class F>
  void rows(pugi::xml_node tbl, int depth, F&& each) {
    check_depth(depth);
    for (pugi::xml_node c = tbl.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "tr") {
        if (!w_.child(w_.child(c, "trPr"), "del")) each(c);
      } else if (name == "sdt") {
        rows(w_.child(c, "sdtContent"), depth + 1, each);
      } else if (name == "customXml") {
        rows(c, depth + 1, each);
      }
    }
  }

  // One row: cells joined by `sep`; "" when every cell is empty.
  std::string row(pugi::xml_node tr, const char* sep, int depth) {
    std::vector<std::string> cells;
    collect_cells(tr, cells, depth);
    bool any = std::any_of(cells.begin(), cells.end(), [](const std::string& s) { return !s.empty(); });
    std::string out;
    if (!any) return out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += sep;
      out += cells[i];
    }
    return out;
  }

  void collect_cells(pugi::xml_node parent, std::vector<std::string>& cells, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "tc") {
        std::vector<std::string> pieces;
        cell_pieces(c, pieces, depth + 1);
        std::string text;
        for (const auto& p : pieces) {
          if (p.empty()) continue;
          if (!text.empty()) text += ' ';
          text += p;
        }
        cells.push_back(std::move(text));
      } else if (name == "sdt") {
        collect_cells(w_.child(c, "sdtContent"), cells, depth + 1);
      } else if (name == "customXml") {
        collect_cells(c, cells, depth + 1);
      }
    }
  }

  // Paragraphs and nested tables of a cell, each as one piece (tabs turned into spaces so
  // the row's tabs stay the only cell separators).
  void cell_pieces(pugi::xml_node parent, std::vector<std::string>& pieces, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "p") {
        std::string text = paragraph(c, depth + 1);
        std::replace(text.begin(), text.end(), '\t', ' ');
        pieces.push_back(std::move(text));
      } else if (name == "tbl") {
        rows(c, depth + 1, [&](pugi::xml_node tr) {
          std::string text = row(tr, " ", depth + 2);
          std::replace(text.begin(), text.end(), '\t', ' ');
          pieces.push_back(std::move(text));
        });
      } else if (name == "sdt") {
        cell_pieces(w_.child(c, "sdtContent"), pieces, depth + 1);
      } else if (name == "customXml" || name == "ins" || name == "moveTo") {
        cell_pieces(c, pieces, depth + 1);
      }
    }
  }

  std::string paragraph(pugi::xml_node p, int depth) {
    toc_paragraph_ = toc_paragraph_ || in_toc() || toc_style(w_.child(p, "pPr"));
    std::string out = number_prefix(w_.child(p, "pPr"));
    std::size_t from = out.size();
    text_from_ = from;
    inline_content(p, out, depth);
    toc_paragraph_ = toc_paragraph_ || in_toc();  // a field that began in this paragraph
    // Control characters (a literal newline in w:t…) would split or corrupt the line.
    for (std::size_t i = from; i < out.size(); ++i)
      if (static_cast<unsigned char>(out[i]) < 0x20 && out[i] != '\t') out[i] = ' ';
    return out;
  }

  // A "toc N" paragraph style, or one based on it.
  bool toc_style(pugi::xml_node ppr) const {
    std::string id = w_.val(w_.child(ppr, "pStyle"));
    for (int hop = 0; hop < 32 && !id.empty(); ++hop) {
      const StyleInfo* s = styles_.find(id);
      if (s == nullptr) return false;
      if (s->toc) return true;
      id = s->based_on;
    }
    return false;
  }

  std::string number_prefix(pugi::xml_node ppr) {
    std::optional<int> num_id, ilvl;
    if (pugi::xml_node np = w_.child(ppr, "numPr")) {
      num_id = w_.int_val(w_.child(np, "numId"));
      ilvl = w_.int_val(w_.child(np, "ilvl"));
    }
    std::string style = w_.val(w_.child(ppr, "pStyle"));
    if (style.empty()) style = styles_.default_paragraph;
    std::string numbered_style;  // the style that gave the list
    if (!num_id) {
      std::string id = style;
      for (int hop = 0; hop < 32 && !id.empty(); ++hop) {
        const StyleInfo* s = styles_.find(id);
        if (s == nullptr) break;
        if (s->num_id) {
          num_id = s->num_id;
          if (!ilvl) ilvl = s->ilvl;
          numbered_style = id;
          break;
        }
        id = s->based_on;
      }
    }
    if (!num_id || *num_id <= 0) return "";
    if (!ilvl) ilvl = numbered_style.empty() ? 0 : numbering_.level_for_style(*num_id, numbered_style, styles_);
    return numbering_.next(*num_id, *ilvl, styles_);
  }

  // Runs and the containers they sit in (hyperlinks, insertions, fields, content controls).
  void inline_content(pugi::xml_node parent, std::string& out, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "r") {
        run(c, out, depth + 1);
      } else if (name == "ins" || name == "moveTo" || name == "hyperlink" || name == "smartTag" ||
                 name == "customXml" || name == "fldSimple" || name == "dir" || name == "bdo") {
        if (name == "fldSimple" && is_toc_instruction(w_.attr(c, "instr").value())) toc_paragraph_ = true;
        inline_content(c, out, depth + 1);
      } else if (name == "sdt") {
        inline_content(w_.child(c, "sdtContent"), out, depth + 1);
      }
      // w:pPr, w:del, w:moveFrom, bookmarks, comments, math: no text of the paragraph.
    }
  }

  void run(pugi::xml_node r, std::string& out, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
      std::string_view name = w_.local(c);
      if (name == "t") {
        for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling())
          if (t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) out += t.value();
      } else if (name == "tab" || name == "ptab") {
        out += '\t';
      } else if (name == "br" || name == "cr") {
        if (name == "br" && std::string_view(w_.attr(c, "type").value()) == "page") page_breaks_.push_back(out.size());
        out += ' ';  // one line per paragraph: a manual line break is a space
      } else if (name == "fldChar") {
        field_char(w_.attr(c, "fldCharType").value());
      } else if (name == "instrText") {
        instruction_ += c.text().get();
      } else if (name == "noBreakHyphen") {
        out += '-';
      } else if (name == "ruby") {
        inline_content(w_.child(c, "rubyBase"), out, depth + 1);
      }
      // w:delText, w:instrText (field codes), w:sym, drawings, footnote references: skipped.
    }
  }

  // Complex fields (w:fldChar begin / separate / end): each open field, true when its
  // instruction is TOC; nested PAGEREF fields of the entries open and close inside it.
  void field_char(std::string_view type) {
    if (type == "begin") {
      fields_.push_back(false);
      instruction_.clear();
    } else if (type == "separate" && !fields_.empty()) {
      fields_.back() = is_toc_instruction(instruction_);
    } else if (type == "end" && !fields_.empty()) {
      fields_.pop_back();
    }
  }

  static bool is_toc_instruction(std::string_view instr) {
    instr = trim(instr);
    return instr.starts_with("TOC") && (instr.size() == 3 || instr[3] == ' ' || instr[3] == '\\');
  }

  const W& w_;
  const Styles& styles_;
  Numbering& numbering_;
  const std::string& path_;
  std::vector<Line> lines_;
  std::vector<int> toc_lines_;
  std::vector<LineHint> hints_;
  std::vector<std::size_t> page_breaks_;  // where page breaks stand in the paragraph's text
  std::size_t text_from_ = 0;             // where its text starts (after the list number)
  bool pending_new_page_ = false;         // the next line with text starts a new page
  std::vector<bool> fields_;
  std::string instruction_;
  int toc_control_ = 0;
  bool toc_paragraph_ = false;
};

// The main document part: word/document.xml, or where _rels/.rels points.
std::string main_part_name(Package& pkg, const std::string& path) {
  std::optional<std::string> rels = pkg.read("_rels/.rels");
  if (!rels) return "word/document.xml";
  Xml x;
  x.text = std::move(*rels);
  parse_xml(x, "_rels/.rels", path);
  for (pugi::xml_node r = x.doc.document_element().first_child(); r; r = r.next_sibling()) {
    std::string_view type = r.attribute("Type").value();
    std::string_view suffix = "/officeDocument";
    if (type.size() < suffix.size() || type.substr(type.size() - suffix.size()) != suffix) continue;
    std::string target = r.attribute("Target").value();
    while (!target.empty() && target.front() == '/') target.erase(0, 1);
    if (!target.empty()) return target;
  }
  return "word/document.xml";
}

}  // namespace

SourceText decode_docx(std::string_view bytes, const std::string& path, const DocxLimits& limits) {
  if (bytes.empty())
    throw input_error(path, 0, _("file is empty"), _("give a file that contains the work summary text"));
  if (bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    invalid(path, _("it is an old Word .doc file or a password-protected document"),
            _("open it in Word/WPS and save it again as .docx, without a password"));

  Package pkg(bytes, path, limits);
  std::optional<std::string> content = pkg.read("word/document.xml");
  std::string main = "word/document.xml";
  if (!content) {
    main = main_part_name(pkg, path);
    if (main != "word/document.xml") content = pkg.read(main);
  }
  if (!content) invalid(path, _("the archive has no word/document.xml"));
  const std::string dir = main.substr(0, main.rfind('/') + 1);

  Xml document;
  document.text = std::move(*content);
  parse_xml(document, main, path);

  Styles styles;
  if (auto s = pkg.read(dir + "styles.xml")) {
    Xml x;
    x.text = std::move(*s);
    parse_xml(x, dir + "styles.xml", path);
    styles.load(x);
  }
  Numbering numbering;
  if (auto n = pkg.read(dir + "numbering.xml")) {
    Xml x;
    x.text = std::move(*n);
    parse_xml(x, dir + "numbering.xml", path);
    numbering.load(x);
  }

  pugi::xml_node root = document.doc.document_element();
  pugi::xml_node body = document.w.child(root, "body");
  if (!document.w.is(root, "document") || !body) invalid(path, tr("{} has no document body", main));

  BodyReader reader(document.w, styles, numbering, path);
  reader.blocks(body, 0);

  SourceText st;
  st.path = path;
  st.encoding = "DOCX";
  st.hash = fingerprint(bytes);
  st.bytes = bytes.size();
  st.lines = reader.take();
  st.toc_lines = reader.take_toc_lines();
  st.hints = reader.take_hints();
  for (Line& l : st.lines) replace_xml_forbidden(l.text);  // &#xFFFF; decodes, but is in no output
  if (std::all_of(st.lines.begin(), st.lines.end(), [](const Line& l) { return is_blank(l.text); }))
    throw input_error(path, 0, _("the document has no text"), _("give a document that contains the work summary text"));
  return st;
}

}  // namespace huizong
