#include "render/documents.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "render/docx_writer.h"
#include "render/markdown.h"
#include "render/view.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

std::string read_style(const fs::path& p) {
  return read_file_or_throw(p, ExitCode::template_error, _("check that it exists (or restore the bundled copy)"));
}

// templates/documents.json: {"briefing": {"title": "…"}, …}, one entry per document.
std::map<std::string, std::string> load_titles(const fs::path& path, std::string& hash) {
  try {
    LexiconReader file(JsonFile::load(path), "");
    std::map<std::string, std::string> titles;
    // Unknown keys (typos) are reported before the keys they were meant to be.
    std::vector<std::string> missing;
    for (const char* name : kDocumentNames)
      if (!file.has(name)) missing.push_back(name);
    file.done();
    if (!missing.empty()) file.fail(missing.front(), _("missing"), _("add {\"title\": \"...\"} for this document"));
    for (const char* name : kDocumentNames) {
      LexiconReader doc = file.object(name);
      titles[name] = doc.text("title");
      bool has_title = doc.has("title");
      doc.done();
      if (!has_title) doc.fail("title", _("missing"), _("give the document's title"));
    }
    hash = fingerprint(file.json_dump());
    return titles;
  } catch (const Error& e) {
    throw Error(ExitCode::template_error, e.file(), e.line(), e.problem(), e.hint());
  }
}

kainjow::mustache::data page_of(const ViewInfo& info, std::string body, const Styles& styles) {
  kainjow::mustache::data page(kainjow::mustache::data::type::object);
  page.set("title", info.title);
  page.set("version", info.version);
  page.set("generated", info.generated);
  page.set("body", std::move(body));
  page.set("screen_css", styles.screen_css);
  page.set("print_css", styles.print_css);
  return page;
}

std::string docx_of(const MarkdownTree& tree, const std::string& name, const ViewInfo& info, const Styles& styles) {
  try {
    return docx_bytes(tree, styles.docx, {info.title, info.generated});
  } catch (const std::runtime_error& e) {
    throw Error(ExitCode::output, name, 0, tr("cannot make the Word document: {}", e.what()),
                _("check the reference document and styles/docx/"));
  }
}

}  // namespace

Templates Templates::load(const fs::path& dir) {
  Templates t{TemplateSet::load(dir), WorkbookSpec::load(dir / "workbook.json"), {}, {}};
  t.titles = load_titles(dir / "documents.json", t.titles_hash);
  return t;
}

Styles Styles::load(const fs::path& dir) {
  return {read_style(dir / "screen.css"), read_style(dir / "print.css"), DocxTemplate::load(dir)};
}

void render_document(DocumentView d, const Templates& templates, const Styles& styles,
                     const std::function<void(RenderedFile&&)>& sink) {
  if (!d.markdown && !d.html && !d.docx) return;
  d.view.set("title", d.info.title);
  d.view.set("version", d.info.version);
  d.view.set("generated", d.info.generated);
  std::string md = templates.mustache.render(d.name + ".md", std::move(d.view),
                                             [](const std::string& s) { return escape_markdown_cell(s); });
  md.erase(0, md.find_first_not_of('\n'));  // the line a leading template comment leaves
  if (d.html || d.docx) {
    MarkdownTree tree(md);
    if (d.html)
      sink({d.name + ".html", templates.mustache.render("layout.html", page_of(d.info, tree.html(), styles),
                                                        kainjow::mustache::html_escape<std::string>)});
    if (d.docx) sink({d.name + ".docx", docx_of(tree, d.name + ".docx", d.info, styles)});
  }
  if (d.markdown) sink({d.name + ".md", std::move(md)});
}

std::vector<RenderedFile> render_documents(DocumentViews views, const Templates& templates, const Styles& styles) {
  std::vector<RenderedFile> files;
  for (DocumentView& d : views.documents)
    render_document(std::move(d), templates, styles, [&](RenderedFile&& f) { files.push_back(std::move(f)); });
  if (views.workbook)
    files.push_back({kWorkbookName, workbook_bytes(templates.workbook, *views.workbook, kWorkbookName)});
  return files;
}

}  // namespace huizong
