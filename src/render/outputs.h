// outputs: model -> every document the office hands upward, written atomically into one
// directory: briefing, problems digest, plans digest and comparison tables as Markdown
// and HTML, plus comparison.xlsx. Everything is rendered in memory first, so a template
// error writes nothing; each file is replaced atomically, so a failure leaves the earlier
// outputs intact. File names are fixed here, never taken from input text.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "model/model.h"

namespace huizong {

struct RenderOptions {
  std::filesystem::path out_dir;
  std::string templates_dir;  // empty: bundled templates
  std::string styles_dir;     // empty: bundled styles
  std::string lexicons_dir;   // empty: bundled lexicons (themes)
  std::string version;        // shown in the documents
  std::string build;          // identifies the code (cached views are reused only by the same build)
  std::string generated;      // date shown in the documents; empty: today
};

struct RenderedFile {
  std::string name;     // briefing.md …
  std::string content;  // bytes (empty for the workbook, written directly)
};

// The Markdown documents, by output name (briefing.md, problems.md, plans.md, comparison.md).
inline const std::vector<std::pair<std::string, std::string>> kDocuments = {
    {"briefing", "工作总结综合汇报材料"},
    {"problems", "存在问题汇总"},
    {"plans", "下半年工作计划汇总"},
    {"comparison", "各单位工作情况对比表"},
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

// Renders the model in `model_file` (written by parse or build). The file is read only
// when it is not the one the cached views were computed from (by inode, size and mtime).
RenderSummary render_model_file(const std::filesystem::path& model_file, const RenderOptions& options);

// After render_outputs(model_json, …) returned `rendered`, the caller wrote model_json to
// `model_file`: records the file's stamp so that the next render_model_file need not read it.
void note_model_file(const std::filesystem::path& model_file, const RenderSummary& rendered,
                     const RenderOptions& options);

// Convenience: render an in-memory model.
RenderSummary render_outputs(const Model& model, const RenderOptions& options);

// The text of a bundled template or style, for --print-default-template NAME (e.g.
// "briefing.md", "layout.html", "workbook.json", "print.css"). Throws Error(usage) for
// an unknown name, listing the known ones.
std::string bundled_template_text(const std::string& name);

}  // namespace huizong
