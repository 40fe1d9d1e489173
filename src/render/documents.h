// documents: views + templates + styles -> the files of the documents, in memory. Like
// cmark_render_html, render_documents only lays out what it is given: no file system, no
// cache, no state. Loading the templates and styles, choosing what to render (the output
// cache) and writing the files (the atomic writer) are the caller's (render/outputs.h).
#pragma once
#include <filesystem>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "render/docx_template.h"
#include "render/table.h"
#include "render/templates.h"
#include "render/view_data.h"
#include "render/xlsx.h"

namespace huizong {

// The .md templates and the layout (TemplateSet), the workbook spec, and each document's
// title (templates/documents.json), from one template directory.
struct Templates {
  TemplateSet mustache;
  std::map<std::string, std::string> titles;  // by document name (view.h: kDocumentNames)
  std::string titles_hash;                    // fingerprint of the loaded titles
  std::string workbook_hash;                  // of workbook.json's text, comments and blanks aside (add_json_tokens)
  // Throws Error(template_error) naming the file (and line) for anything missing or invalid
  // (in workbook.json: when it is first used). Every file is read here, none later.
  static Templates load(const std::filesystem::path& dir);

  // The workbook spec, parsed from workbook.json's text on first use: a render that does not
  // make the workbook never parses it. Not for two threads at once: called first on one.
  const WorkbookSpec& workbook() const;

 private:
  std::filesystem::path workbook_file_;  // names it in errors
  std::string workbook_text_;
  mutable std::optional<WorkbookSpec> workbook_;
};

// screen.css and print.css, put into every HTML page, and the parts of every .docx
// (styles/docx/, or a reference document's: DocxTemplate::with_reference).
struct Styles {
  std::string screen_css, print_css;
  DocxTemplate docx;
  static Styles load(const std::filesystem::path& dir);  // Throws Error(template_error)
};

// What every document shows besides its view: title, huizong version, date.
struct ViewInfo {
  std::string title;      // 工作总结综合汇报材料 … (templates/documents.json)
  std::string version;    // huizong version
  std::string generated;  // date of generation, e.g. 2026-11-25
};

// One document to render: NAME.md from NAME.md.mustache, and NAME.html (from that Markdown
// in layout.html) and NAME.docx (render/docx_writer.h) from the same Markdown tree. `info`
// is set into the view once and shown on the HTML page.
struct DocumentView {
  std::string name;
  ViewInfo info;
  kainjow::mustache::data view;
  bool markdown = true, html = true, docx = true;  // which of the files are wanted
  bool two_threads = true;                         // the Markdown parsed and the .docx made on a second thread
  bool view_to_exit = false;                       // the view is left to the process's exit, never freed
  std::size_t view_bytes = 0;                      // the size of the cached view it was read from, if known
  // When set: `view` is the view without list `list`, whose elements are read one at a time
  // as the template reaches them (TemplateSet::render_by_element).
  std::shared_ptr<const ViewElements> elements{};
  std::string list{};
};

struct DocumentViews {
  std::vector<DocumentView> documents;
  std::optional<Datasets> workbook;  // the workbook's tables, when comparison.xlsx is wanted
};

// Where a page's document body lies in it: bytes [at, at + size) of NAME.html.
struct BodySpan {
  std::size_t at = 0, size = 0;
};

struct RenderedFile {
  std::string name;     // briefing.md, briefing.html, briefing.docx …, comparison.xlsx
  std::string content;  // bytes
  std::string hash;     // quick_fingerprint of `content` (common/text.h) when its maker took it; empty: not taken
  // NAME.html: where the body is, when the layout shows it once, unescaped; a page in a new
  // layout can then be made from this one's body (html_around_body).
  std::optional<BodySpan> body{};
};

inline constexpr const char* kWorkbookName = "comparison.xlsx";

// Every wanted file, in document order (NAME.html, NAME.docx, NAME.md), the workbook last.
// Throws Error(template_error) for a template that fails to render, and Error(output)
// naming NAME.docx or comparison.xlsx if one cannot be made.
std::vector<RenderedFile> render_documents(DocumentViews views, const Templates& templates, const Styles& styles);
// One document's files, each handed to `sink` (on the calling thread) as soon as it is made
// (NAME.html, NAME.docx, NAME.md), so that a caller writing them out holds few files at a
// time. The .docx is made on a second thread beside the HTML; each file comes with its
// fingerprint.
void render_document(DocumentView view, const Templates& templates, const Styles& styles,
                     const std::function<void(RenderedFile&&)>& sink);
// NAME.html from `body`, the document's HTML as an earlier NAME.html held it (its BodySpan):
// the page after an edit of the layout or the styles alone, without the view, the Markdown
// or its parse. The same bytes as render_document's NAME.html from the same Markdown.
RenderedFile html_around_body(const DocumentView& d, std::string body, const Templates& templates,
                              const Styles& styles);
// NAME.html and NAME.docx, as `d` wants them, from `markdown`: the text of NAME.md as an
// earlier run wrote it, this run's own (the layout or the .docx styles edited alone),
// without the view or the template. The same bytes as render_document's.
void render_from_markdown(const DocumentView& d, const std::string& markdown, const Templates& templates,
                          const Styles& styles, const std::function<void(RenderedFile&&)>& sink);

}  // namespace huizong
