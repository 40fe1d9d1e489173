#include "render/output_cache.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/atomic_file.h"
#include "common/file.h"
#include "common/text.h"
#include "render/view_data.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStateDir = ".huizong";

// A string field of a bookkeeping file, or "" when it is missing or not a string (a
// damaged file must not stop a render).
std::string text_field(const nlohmann::json& j, const std::string& key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

nlohmann::json read_json_or_null(const fs::path& p) {
  std::string bytes;
  if (read_whole_file(p, bytes) != 0) return nullptr;
  try {
    if (p.extension() == ".cbor") return cbor_to_json(bytes).value_or(nullptr);
    return nlohmann::json::parse(bytes);  // iterative: any depth is safe
  } catch (const nlohmann::json::exception&) {
    return nullptr;  // a damaged cache is rebuilt, never trusted
  }
}

nlohmann::json read_object(const fs::path& p) {
  nlohmann::json j = read_json_or_null(p);
  return j.is_object() ? j : nlohmann::json::object();
}

void save_cbor(const fs::path& p, const nlohmann::json& v) {
  std::vector<std::uint8_t> bytes = nlohmann::json::to_cbor(v);
  write_file_atomically(p, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

struct OutputCache::Json {
  nlohmann::json value;
};

OutputCache::OutputCache(fs::path out_dir)
    : out_dir_(std::move(out_dir)),
      state_dir_(out_dir_ / kStateDir),
      index_(new Json{read_object(state_dir_ / "views.json")}),
      state_(new Json{read_object(state_dir_ / "state.json")}) {}

OutputCache::~OutputCache() = default;

std::string OutputCache::model_hash(const std::string& stamp, const std::function<std::string_view()>& text) const {
  if (!stamp.empty() && text_field(index_->value, "model_stamp") == stamp)
    return text_field(index_->value, "model_hash");
  return fingerprint(text());
}

bool OutputCache::holds_views(const std::string& key) const { return text_field(index_->value, "key") == key; }

std::optional<kainjow::mustache::data> OutputCache::document_view(const std::string& name) const {
  // Straight from the cache file to template data, without a JSON tree in between.
  std::string bytes;
  if (read_whole_file(state_dir_ / (name + ".cbor"), bytes) != 0) return std::nullopt;
  std::optional<kainjow::mustache::data> d = cbor_to_mustache(bytes);
  if (d && !d->is_object()) return std::nullopt;
  return d;
}

std::optional<Datasets> OutputCache::tables() const {
  nlohmann::json j = read_json_or_null(state_dir_ / "tables.cbor");
  if (j.is_null()) return std::nullopt;
  return datasets_from_json(j);
}

bool OutputCache::up_to_date(const std::string& name, const std::string& hash) const {
  return text_field(state_->value, name) == hash && fs::exists(out_dir_ / name);
}

void OutputCache::save_views(const ModelViews& views) const {
  for (const auto& [name, v] : views.documents) save_cbor(state_dir_ / (name + ".cbor"), v);
  save_cbor(state_dir_ / "tables.cbor", datasets_to_json(views.tables));
}

void OutputCache::save_state(const std::string& key, const std::string& model_hash, const std::string& model_stamp,
                             const std::map<std::string, std::string>& output_hashes) {
  nlohmann::json index = {{"key", key}, {"model_hash", model_hash}, {"model_stamp", model_stamp}};
  if (index != index_->value) write_file_atomically(state_dir_ / "views.json", index.dump() + "\n");
  index_->value = std::move(index);
  nlohmann::json state = state_->value;
  for (const auto& [name, hash] : output_hashes) state[name] = hash;
  if (state != state_->value) write_file_atomically(state_dir_ / "state.json", state.dump(1) + "\n");
  state_->value = std::move(state);
}

void OutputCache::note_model_file(const fs::path& model_file, const std::string& model_hash) {
  nlohmann::json& index = index_->value;
  if (text_field(index, "model_hash") != model_hash) return;
  std::string stamp = file_stamp(model_file);
  if (stamp.empty() || text_field(index, "model_stamp") == stamp) return;
  index["model_stamp"] = stamp;
  write_file_atomically(state_dir_ / "views.json", index.dump() + "\n");
}

}  // namespace huizong
