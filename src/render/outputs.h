// outputs: model -> every document the office hands upward, written into one directory:
// briefing, problems digest, plans digest and comparison tables as Markdown and HTML,
// plus comparison.xlsx. A render loads the templates, styles and lexicons, asks the
// output cache (render/output_cache.h) which outputs changed and for the views, lays the
// documents out in memory (render_documents, render/documents.h), then writes them with
// the atomic writer: a template error writes nothing, and a failure leaves the earlier
// outputs intact.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace huizong {

struct RenderOptions {
  std::filesystem::path out_dir;
  std::string templates_dir;  // empty: bundled templates
  std::string styles_dir;     // empty: bundled styles
  std::string lexicons_dir;   // empty: bundled lexicons (themes, labels)
  std::string version;        // shown in the documents
  std::string build;          // identifies the code (cached views are reused only by the same build)
  std::string generated;      // date shown in the documents; empty: today
};

struct RenderSummary {
  std::vector<std::filesystem::path> written;  // outputs rewritten this time
  std::vector<std::string> unchanged;          // outputs whose template, style and data did not change
  std::string model_hash;                      // fingerprint of the model rendered
};

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

// `huizong build`: renders `model` (whose JSON text is `model_json`), then writes
// OUT_DIR/model.json unless it already holds that text (`previous_json`: what it held),
// and records its stamp for the next render_model_file. model.json is listed first in
// the summary, written or unchanged. Rendering first means a template error leaves no
// new model beside old outputs.
RenderSummary render_build(const Model& model, std::string_view model_json, std::string_view previous_json,
                           const RenderOptions& options);

// The text of a bundled template or style, for --print-default-template NAME (e.g.
// "briefing.md", "layout.html", "workbook.json", "print.css"). Throws Error(usage) for
// an unknown name, listing the known ones.
std::string bundled_template_text(const std::string& name);

}  // namespace huizong
