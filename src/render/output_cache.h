// output cache: what a render keeps in OUT_DIR/.huizong/ so that the next one does only
// what changed (docs/model.md, "Beside the model"):
//   views.json   the key the cached views were computed under (model, lexicons, build),
//                the model's hash, and the stamp of the model file it was read from
//   NAME.cbor    each document's view, and tables.cbor (the workbook's tables)
//   state.json   for each output, the fingerprint of what it was made from
// A damaged or foreign file is treated as missing, never trusted: the next render
// rebuilds it. Nothing here renders or reads templates.
#pragma once
#include <filesystem>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "render/table.h"
#include "render/view.h"

namespace huizong {

class OutputCache {
 public:
  // Reads the bookkeeping of OUT_DIR/.huizong/ (nothing is created yet).
  explicit OutputCache(std::filesystem::path out_dir);
  ~OutputCache();
  OutputCache(const OutputCache&) = delete;
  OutputCache& operator=(const OutputCache&) = delete;

  // The model's fingerprint: the recorded one when `stamp` is the stamp recorded for the
  // model file, else fingerprint(text()) (text() is called only then).
  std::string model_hash(const std::string& stamp, const std::function<std::string_view()>& text) const;

  // Whether the cached views were computed under `key`.
  bool holds_views(const std::string& key) const;
  // A cached document view as template data, or the workbook's tables; nullopt when
  // missing or damaged. Only meaningful when holds_views(key).
  std::optional<kainjow::mustache::data> document_view(const std::string& name) const;
  std::optional<Datasets> tables() const;

  // Whether output `name` exists in OUT_DIR and was made from `hash`.
  bool up_to_date(const std::string& name, const std::string& hash) const;

  // Stores the views (OUT_DIR/.huizong/ must exist).
  void save_views(const ModelViews& views) const;
  // Records the key, the model (hash and file stamp) and the outputs' hashes; a file that
  // would not change is not rewritten.
  void save_state(const std::string& key, const std::string& model_hash, const std::string& model_stamp,
                  const std::map<std::string, std::string>& output_hashes);

  // After the model whose hash is `model_hash` was written to `model_file`: records the
  // file's stamp, so that the next render knows the file without reading it.
  void note_model_file(const std::filesystem::path& model_file, const std::string& model_hash);

  const std::filesystem::path& dir() const { return state_dir_; }

 private:
  struct Json;  // the bookkeeping files as read (nlohmann::json, kept out of this header)
  std::filesystem::path out_dir_, state_dir_;
  std::unique_ptr<Json> index_, state_;
};

}  // namespace huizong
