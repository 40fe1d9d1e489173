#include "render/documents.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "common/thread_heap.h"
#include "render/docx_writer.h"
#include "render/heap.h"
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

// The .docx of a document, its body made by `body` (from one tree, or piece by piece).
std::string docx_of(const std::function<DocxBody()>& body, const std::string& name, const ViewInfo& info,
                    const Styles& styles) {
  try {
    return docx_bytes(body(), styles.docx, {info.title, info.generated});
  } catch (const std::runtime_error& e) {
    throw Error(ExitCode::output, name, 0, tr("cannot make the Word document: {}", e.what()),
                _("check the reference document and styles/docx/"));
  }
}

}  // namespace

Templates Templates::load(const fs::path& dir) {
  Templates t;
  t.mustache = TemplateSet::load(dir);
  t.workbook_file_ = dir / "workbook.json";
  t.titles = load_titles(dir / "documents.json", t.titles_hash);
  if (read_whole_file(t.workbook_file_, t.workbook_text_) != 0) t.workbook_ = WorkbookSpec::load(t.workbook_file_);
  Fingerprint f;
  add_json_tokens(t.workbook_text_, f);
  t.workbook_hash = f.hex();
  return t;
}

const WorkbookSpec& Templates::workbook() const {
  if (!workbook_) workbook_ = WorkbookSpec::parse(workbook_file_, workbook_text_);
  return *workbook_;
}

Styles Styles::load(const fs::path& dir) {
  return {read_style(dir / "screen.css"), read_style(dir / "print.css"), DocxTemplate::load(dir)};
}

namespace {

// The Markdown of a document, from the thread that renders it to the thread that parses it
// (MarkdownTree), some kilobytes at a time: cmark-gfm parses while kainjow renders.
class MarkdownPipe {
 public:
  // A piece of the rendered Markdown; the newlines it starts with are left out, as the
  // Markdown file leaves them out.
  void write(std::string_view piece) {
    if (!started_) {
      piece.remove_prefix(std::min(piece.find_first_not_of('\n'), piece.size()));
      if (piece.empty()) return;
      started_ = true;
    }
    pending_ += piece;
    if (pending_.size() >= kPiece) flush();
  }
  // No more pieces; `wanted`: false when the render failed (the reader stops there).
  void close(bool wanted) {
    flush();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
      wanted_ = wanted_ && wanted;
    }
    ready_.notify_one();
  }
  // The next piece; false when there is none left.
  bool read(std::string& piece) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return !pieces_.empty() || closed_; });
    if (pieces_.empty()) return false;
    piece = std::move(pieces_.front());
    pieces_.pop_front();
    return true;
  }
  bool wanted() {
    std::lock_guard<std::mutex> lock(mutex_);
    return wanted_;
  }

 private:
  static constexpr std::size_t kPiece = 64 << 10;  // a wake-up of the parser each (16 KB: more CPU, no gain)
  void flush() {
    if (pending_.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pieces_.push_back(std::move(pending_));
    }
    pending_.clear();
    ready_.notify_one();
  }
  bool started_ = false;
  std::string pending_;  // the writer's, not yet handed over
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> pieces_;
  bool closed_ = false, wanted_ = true;
};

// Closes the pipe when the render leaves early (a template error), so the parser stops.
struct PipeCloser {
  MarkdownPipe& pipe;
  ~PipeCloser() { pipe.close(false); }
};

// What the views of a process that exits after its render keep until then, never freed
// (freeing a compendium's elements one by one: 3 % of its re-render's main thread). Reachable:
// no leak to LeakSanitizer. A deque: kainjow's data has no noexcept move.
std::deque<kainjow::mustache::data>& kept_to_exit() {
  static auto* kept = new std::deque<kainjow::mustache::data>;
  return *kept;
}

// For render_by_element: the elements of a small document's view (at most 1 MB of cache,
// two_threads) kept to the exit, while the views kept so come to at most 2 MB of cache; a
// large document's, and those past that, are freed as they go.
std::function<void(kainjow::mustache::data&&)> keep_to_exit(const DocumentView& d) {
  constexpr std::size_t kBudget = 2 << 20;
  static std::size_t kept_bytes = 0;  // the render's thread only
  if (!d.view_to_exit || !d.two_threads || d.view_bytes > kBudget - std::min(kept_bytes, kBudget)) return nullptr;
  kept_bytes += d.view_bytes;
  return [](kainjow::mustache::data&& e) { kept_to_exit().push_back(std::move(e)); };
}

// NAME.md rendered, its pieces also handed to `piece` (if any).
RenderedFile markdown_of(DocumentView& d, const Templates& templates,
                         const std::function<void(const std::string&)>& piece) {
  d.view.set("title", d.info.title);
  d.view.set("version", d.info.version);
  d.view.set("generated", d.info.generated);
  auto escape = [](const std::string& s) { return escape_markdown_cell(s); };
  auto element = [&d](std::size_t i) {
    std::optional<kainjow::mustache::data> e = d.elements->element(i);
    // untranslated: an internal failure (every element's bytes were checked when read)
    if (!e) throw std::logic_error("element " + std::to_string(i) + " of " + d.name + "'s view does not read");
    return std::move(*e);
  };
  RenderedFile md{
      d.name + ".md",
      d.elements ? templates.mustache.render_by_element(d.name + ".md", std::move(d.view), d.list, d.elements->size(),
                                                        element, escape, piece, keep_to_exit(d))
                 : templates.mustache.render(d.name + ".md", std::move(d.view), escape, piece),
      {}};
  md.content.erase(0, md.content.find_first_not_of('\n'));  // the line a leading template comment leaves
  return md;
}

// NAME.html: `body`, the document's HTML, in the page layout. The layout is rendered around
// a marker that is then replaced by the body in place, when the layout shows the body once
// and unescaped ({{{body}}}): no copy of a long body in the view and another in the page.
RenderedFile html_of(const DocumentView& d, std::string body, const Templates& templates, const Styles& styles) {
  // untranslated: a marker replaced by the body, never shown ('&': changed if escaped)
  static const std::string kMarker = "\x01huizong:body&\x01";
  std::string page = templates.mustache.render("layout.html", page_of(d.info, kMarker, styles),
                                               kainjow::mustache::html_escape<std::string>);
  const std::size_t at = page.find(kMarker);
  RenderedFile html{d.name + ".html", {}, {}};
  // An empty body could leave a line kainjow would drop: rendered whole.
  if (at != std::string::npos && page.find(kMarker, at + 1) == std::string::npos &&
      body.find(kMarker) == std::string::npos && body.find_first_not_of(" \t") != std::string::npos) {
    html.body = BodySpan{at, body.size()};
    body.reserve(page.size() - kMarker.size() + body.size());
    body.insert(0, page, 0, at);
    body.append(page, at + kMarker.size());
    html.content = std::move(body);
  } else {
    html.content = templates.mustache.render("layout.html", page_of(d.info, std::move(body), styles),
                                             kainjow::mustache::html_escape<std::string>);
  }
  html.hash = quick_fingerprint(html.content);
  return html;
}

}  // namespace

RenderedFile html_around_body(const DocumentView& d, std::string body, const Templates& templates,
                              const Styles& styles) {
  return html_of(d, std::move(body), templates, styles);
}

namespace {

RenderedFile docx_file(const DocumentView& d, const std::function<DocxBody()>& body, const Styles& styles) {
  RenderedFile f{d.name + ".docx", docx_of(body, d.name + ".docx", d.info, styles), {}};
  f.hash = quick_fingerprint(f.content);
  return f;
}

RenderedFile docx_file(const DocumentView& d, const MarkdownTree& tree, const Styles& styles) {
  return docx_file(
      d, [&] { return docx_body(tree.root(), styles.docx); }, styles);
}

// About this much Markdown is parsed at a time in a long document: its cmark-gfm tree
// takes about five times its size (a compendium of 100 MB of reports: 24 MB of Markdown).
constexpr std::size_t kPieceBytes = 1 << 20;

// The HTML and .docx of a long document made piece by piece (markdown_pieces), one
// piece's tree held at a time; the same bytes as from the whole tree. The .docx is made
// and handed on before the HTML is begun (each piece parsed twice), so that the two are
// never held at once (a compendium of 100 MB of reports: 27 MB of HTML, 50 MB of XML).
void render_in_pieces(const DocumentView& d, const std::vector<std::string_view>& pieces, const Templates& templates,
                      const Styles& styles, const std::function<void(RenderedFile&&)>& sink) {
  if (d.docx) {
    WideTablesScan wide;
    for (std::size_t i = 0; i < pieces.size() && !wide.done(); ++i) wide.add(MarkdownTree(pieces[i]).root());
    std::optional<DocxBodyBuilder> docx;
    docx.emplace(styles.docx, wide.result());
    for (std::string_view piece : pieces) docx->add(MarkdownTree(piece).root());
    sink(docx_file(
        d, [&] { return docx->finish(); }, styles));
    docx.reset();
    give_back_freed_memory();  // the .docx's nodes and text
  }
  if (d.html) {
    std::string html;
    for (std::string_view piece : pieces) html += MarkdownTree(piece).html();
    sink(html_of(d, std::move(html), templates, styles));
  }
}

// The view, once the Markdown is made: freed, or kept for the process's exit to drop.
void drop_view(DocumentView& d) {
  if (d.view_to_exit) kept_to_exit().push_back(std::move(d.view));
  d.view = {};
  d.elements.reset();
}

// A large document: one file after the other, each freed before the next is made.
// The HTML and .docx `d` wants from its Markdown: one tree, or piece by piece when long.
void pages_of(const DocumentView& d, const std::string& markdown, const Templates& templates, const Styles& styles,
              const std::function<void(RenderedFile&&)>& sink) {
  std::vector<std::string_view> pieces = markdown_pieces(markdown, kPieceBytes);
  if (pieces.size() > 1) {
    render_in_pieces(d, pieces, templates, styles, sink);
  } else if (d.html || d.docx) {
    MarkdownTree tree(markdown);
    if (d.html) sink(html_of(d, tree.html(), templates, styles));
    if (d.docx) sink(docx_file(d, tree, styles));
  }
}

void render_in_turn(DocumentView& d, const Templates& templates, const Styles& styles,
                    const std::function<void(RenderedFile&&)>& sink) {
  RenderedFile md = markdown_of(d, templates, nullptr);
  drop_view(d);
  pages_of(d, md.content, templates, styles, sink);
  if (d.markdown) sink(std::move(md));
}

// About this much Markdown is parsed at a time as a document is rendered: the pieces'
// trees are made while the rest is rendered (cmark-gfm parses a document's inlines at its
// end), and their .docx body on the way.
constexpr std::size_t kStreamPieceBytes = 32 << 10;

// The Markdown of a document as it comes, cut where markdown_pieces would cut it, each piece
// parsed into a tree of its own as soon as it ends; the .docx body made from the trees on
// the way, once WideTablesScan knows the page (as render_in_pieces). A text that may not be
// cut (MarkdownCuts::whole) is parsed whole at the end. The same HTML and .docx as one tree.
class StreamedTrees {
 public:
  explicit StreamedTrees(const DocxTemplate* docx) : layout_(docx) {}

  void add(const std::string& more) {
    text_ += more;
    for (std::size_t nl; (nl = text_.find('\n', scanned_)) != std::string::npos; scanned_ = nl + 1) line(nl);
  }

  // The end of the text: every tree made (trees() is complete).
  void finish() {
    if (scanned_ < text_.size()) line(text_.size());
    if (cuts_.whole()) {
      trees_.clear();
      docx_.reset();
      wide_ = {};
      wide_seen_ = docx_fed_ = piece_start_ = 0;
    }
    trees_.push_back(std::make_unique<MarkdownTree>(std::string_view(text_).substr(piece_start_)));
    text_ = {};
    feed_docx(true);
  }

  // After finish(): read by this thread (HTML) and the other (the .docx) at once.
  const std::vector<std::unique_ptr<MarkdownTree>>& trees() const { return trees_; }
  // After finish(): the .docx body.
  DocxBody docx_body() { return docx_->finish(); }

 private:
  const DocxTemplate* layout_;  // null: no .docx
  std::string text_;
  std::size_t scanned_ = 0, piece_start_ = 0;
  MarkdownCuts cuts_{kStreamPieceBytes};
  std::vector<std::unique_ptr<MarkdownTree>> trees_;
  WideTablesScan wide_;
  std::optional<DocxBodyBuilder> docx_;
  std::size_t wide_seen_ = 0, docx_fed_ = 0;

  void line(std::size_t end) {
    if (!cuts_.line(std::string_view(text_).substr(scanned_, end - scanned_), scanned_)) return;
    trees_.push_back(
        std::make_unique<MarkdownTree>(std::string_view(text_).substr(piece_start_, scanned_ - piece_start_)));
    piece_start_ = scanned_;
    feed_docx(false);
  }

  void feed_docx(bool all_parsed) {
    if (!layout_) return;
    while (wide_seen_ < trees_.size() && !wide_.done()) wide_.add(trees_[wide_seen_++]->root());
    if (!docx_ && (wide_.done() || all_parsed)) docx_.emplace(*layout_, wide_.result());
    if (docx_)
      while (docx_fed_ < trees_.size()) docx_->add(trees_[docx_fed_++]->root());
  }
};

// A second thread parses the Markdown as it is rendered (StreamedTrees), then ends the .docx
// while the HTML is made here. Declared in this order, the pipe is closed and the thread
// waited for before the trees go.
void render_on_two_threads(DocumentView& d, const Templates& templates, const Styles& styles,
                           const std::function<void(RenderedFile&&)>& sink) {
  MarkdownPipe pipe;
  StreamedTrees trees(d.docx ? &styles.docx : nullptr);
  std::promise<void> trees_made;
  std::future<RenderedFile> docx = std::async(std::launch::async, [&] {
    use_huge_pages_for_thread_heap();
    try {
      for (std::string piece; pipe.read(piece);) trees.add(piece);
      trees.finish();
    } catch (...) {
      trees_made.set_exception(std::current_exception());
      return RenderedFile{};
    }
    trees_made.set_value();
    return d.docx && pipe.wanted() ? docx_file(
                                         d, [&] { return trees.docx_body(); }, styles)
                                   : RenderedFile{};
  });
  PipeCloser closer{pipe};
  RenderedFile md = markdown_of(d, templates, [&](const std::string& piece) { pipe.write(piece); });
  pipe.close(true);
  drop_view(d);  // while the Markdown is parsed
  // The Markdown file is finished: fingerprinted and staged while the other thread ends its
  // parse.
  if (d.markdown) {
    md.hash = quick_fingerprint(md.content);
    sink(std::move(md));
  }
  trees_made.get_future().get();
  if (d.html) {
    std::string html;
    for (const auto& tree : trees.trees()) html += tree->html();
    sink(html_of(d, std::move(html), templates, styles));
  }
  if (d.docx) sink(docx.get());
}

}  // namespace

void render_from_markdown(const DocumentView& d, const std::string& markdown, const Templates& templates,
                          const Styles& styles, const std::function<void(RenderedFile&&)>& sink) {
  pages_of(d, markdown, templates, styles, sink);
}

void render_document(DocumentView d, const Templates& templates, const Styles& styles,
                     const std::function<void(RenderedFile&&)>& sink) {
  if (!d.markdown && !d.html && !d.docx) return;
  if (d.two_threads && (d.html || d.docx))
    render_on_two_threads(d, templates, styles, sink);
  else
    render_in_turn(d, templates, styles, sink);
}

std::vector<RenderedFile> render_documents(DocumentViews views, const Templates& templates, const Styles& styles) {
  std::vector<RenderedFile> files;
  for (DocumentView& d : views.documents)
    render_document(std::move(d), templates, styles, [&](RenderedFile&& f) { files.push_back(std::move(f)); });
  if (views.workbook)
    files.push_back({kWorkbookName, workbook_bytes(templates.workbook(), *views.workbook, kWorkbookName), {}});
  return files;
}

}  // namespace huizong
