// outputs: model -> every document the office hands upward, written into one directory:
// briefing, problems digest, plans digest and comparison tables as Markdown and HTML,
// plus comparison.xlsx. A render loads the templates, styles and lexicons, takes the
// output folder (render/output_dir.h: lock, leftovers of a dead run, staging), asks the
// output cache (render/output_cache.h) which outputs changed or no longer match what was
// recorded, lays the documents out one at a time (render_document, render/documents.h),
// staging each file as soon as it is made and checked, and replaces the outputs in one
// burst of renames, the state last: a failure replaces nothing, and a run killed midway is
// repaired by the next.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace huizong {

struct RenderOptions {
  std::filesystem::path out_dir;
  std::string templates_dir;  // empty: bundled templates
  std::string styles_dir;     // empty: bundled styles
  std::string
      reference_doc;         // a .docx whose styles, page setup and footers the .docx outputs take; empty: styles/docx/
  std::string lexicons_dir;  // empty: bundled lexicons (themes, labels)
  std::string order_file;    // the units' order, one label a line; empty: order.txt of the lexicons, if any
  std::string version;       // shown in the documents
  std::string build;         // identifies the code (cached views are reused only by the same build)
  std::string generated;     // date shown in the documents; empty: today
  std::string title;         // the briefing's title; empty: the one in templates/documents.json
  std::string office;        // the office sending the documents ({{office}} in the templates)
  std::vector<std::string> outputs;  // which outputs to write (output_selected); empty: all
  bool force = false;                // replace an output edited by hand without keeping it
  // A build's threads for the items of the reports the parse delivers (their themes, fields
  // and indicators): the cores while the parse takes one file at a time.
  unsigned aggregate_threads = 1;
  // The process ends after this render (`huizong render`): the documents' views are left to
  // its exit instead of freed (compendium's: 7.5 M instructions of free()).
  bool exits_after = false;
  // The files the run reads: none may be the output folder, an output in it, or lie in
  // its .huizong (Error(usage) before anything is written). render_model_file adds the model.
  std::vector<std::filesystem::path> inputs;
  // Called, with the holder's pid, before waiting for another run that has the folder.
  std::function<void(long pid)> waiting;
  // Called as each output is made and staged: how many of the outputs to write (progress).
  std::function<void(std::size_t made, std::size_t to_make)> made;
};

struct RenderSummary {
  std::vector<std::filesystem::path> written;  // outputs rewritten this time
  std::vector<std::string> unchanged;          // outputs whose template, style and data did not change
  std::string model_hash;                      // fingerprint of the model rendered
  std::vector<std::string> warnings;           // e.g. a workbook sheet cut at Excel's row limit
};

// Whether output file `name` (briefing.docx, comparison.xlsx, model.json) is one of
// `selection`: document names (briefing), formats (docx, xlsx) or file names. An empty
// selection selects everything; model.json (a build's) is always written.
bool output_selected(const std::vector<std::string>& selection, const std::string& name);
// Whether `entry` names a document, a format or an output file (for checking a selection).
bool known_output_entry(const std::string& entry);

// Renders and writes the outputs whose inputs changed since the last render into the same
// directory (state in OUT_DIR/.huizong/). `model_json` is the model file's content: it
// identifies the data, and the views computed from it are cached, so a render after a
// template edit neither parses the inputs nor loads the model. `model` is used when the
// cache misses (parsed from model_json if null). Throws Error (template_error before
// anything is written; input for a bad model; output if a file cannot be written).
RenderSummary render_outputs(std::string_view model_json, const Model* model, const RenderOptions& options);

// Convenience: render an in-memory model.
RenderSummary render_outputs(const Model& model, const RenderOptions& options);

// Renders the model in `model_file` (written by parse or build). The file is read only
// when it is not the one the cached views were computed from (by inode, size and mtime).
RenderSummary render_model_file(const std::filesystem::path& model_file, const RenderOptions& options);

// `huizong build`: the model made file by file, never whole in memory. Opened before the
// parse (it loads the templates and takes the output folder), it is given each input
// file's reports as the parse delivers them, in input order: they are written into the
// staged OUT_DIR/model.json and aggregated at once, and their text freed. finish() renders
// every output from that aggregate, model.json in the same set as the others (unless it
// already holds that text; listed first in the summary, written or unchanged), and
// records its stamp for the next render_model_file.
class BuildRender {
 public:
  // `generator` and `lexicons_hash`: the model's (model/types.h Model).
  BuildRender(const RenderOptions& options, const std::string& generator, const std::string& lexicons_hash);
  ~BuildRender();
  BuildRender(const BuildRender&) = delete;
  BuildRender& operator=(const BuildRender&) = delete;
  // One input file: its source record and reports (duplicates marked), `report_json` each
  // report's JSON text when made already (report_to_json_text), and whether it was taken
  // unchanged from the last build's model.
  void add(Source source, std::vector<Report> reports, const std::vector<std::string>& report_json, bool reused);
  // Whether OUT_DIR/model.json is what huizong wrote there (not edited by hand): only then
  // may its reports be taken for unchanged files.
  bool last_model_is_own() const;
  const std::vector<Source>& sources() const;
  std::size_t report_count() const;
  RenderSummary finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A build whose input files are the last build's, unchanged (render/build_record.h: the
// same names in the same order, each with its recorded stamp or bytes), made by the same
// code and lexicons: the model.json in OUT_DIR is what a parse would make, so nothing is
// parsed, and the outputs are rendered from it as a render would (only what templates,
// styles or options changed; none when nothing did). nullopt when that does not hold or
// model.json is not the recorded one: then the build parses. `options.inputs`: the files.
struct UnchangedBuild {
  RenderSummary summary;
  std::vector<Source> sources;  // path, hash and the parse's warnings of each input file
  std::size_t reports = 0;
};
std::optional<UnchangedBuild> render_unchanged_build(const RenderOptions& options, const std::string& generator,
                                                     const std::string& lexicons_hash);

// The text of a bundled template or style, for --print-default-template NAME (e.g.
// "briefing.md", "layout.html", "workbook.json", "print.css", "docx/styles.xml"), or the
// bytes of the default reference document for "reference.docx". Throws Error(usage) for
// an unknown name, listing the known ones.
std::string bundled_template_text(const std::string& name);

}  // namespace huizong
