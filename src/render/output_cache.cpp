#include "render/output_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/text.h"
#include "render/view_data.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

// A string field of a bookkeeping file, or "" when it is missing or not a string (a
// damaged file must not stop a render).
std::string text_field(const nlohmann::json& j, const std::string& key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A count field (a non-negative integer), or nullopt when it is missing or not one.
std::optional<std::uint64_t> count_field(const nlohmann::json& j, const std::string& key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? std::optional(it->get<std::uint64_t>()) : std::nullopt;
}

const nlohmann::json& object_field(const nlohmann::json& j, const std::string& key) {
  static const nlohmann::json kNone = nlohmann::json::object();
  if (!j.is_object()) return kNone;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kNone;
}

nlohmann::json read_object(const fs::path& p) {
  std::string bytes;
  if (read_whole_file(p, bytes) != 0) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);  // a damaged file is rebuilt, never trusted
  return j.is_object() ? j : nlohmann::json::object();
}

// What heads a cache file: the key and the name it was made for.
std::string cache_header(const std::string& key, const std::string& name) {
  return "huizong-cache\n" + key + "\n" + name + "\n";
}

// The bytes after the header of cache file `name` made for `key`; nullopt for a missing
// file or one made for something else.
std::optional<std::string> cache_body(const fs::path& file, const std::string& name, const std::string& key) {
  std::string bytes;
  if (read_whole_file(file, bytes) != 0 || !bytes.starts_with(cache_header(key, name))) return std::nullopt;
  bytes.erase(0, cache_header(key, name).size());
  return bytes;
}

// The stamp of the file itself (lstat: a link is not the output), or "" when it is not
// a regular file.
std::string own_stamp(const fs::path& p) {
  struct stat sb {};
  if (::lstat(p.c_str(), &sb) != 0 || !S_ISREG(sb.st_mode)) return {};
  return file_stamp(sb);
}

// The fingerprint of a regular file's content (a quick_fingerprint, or when `quick` is false
// a fingerprint, as earlier versions recorded), never read through a link; "" when it cannot
// be read.
std::string content_hash(const fs::path& p, bool quick) {
  int fd = ::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {};
  struct stat sb {};
  QuickFingerprint q;
  Fingerprint f;
  bool ok = ::fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
  std::vector<char> buf(1 << 20);
  while (ok) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    const std::string_view bytes(buf.data(), static_cast<std::size_t>(n));
    if (quick)
      q.add(bytes);
    else
      f.add(bytes);
  }
  ::close(fd);
  if (!ok) return {};
  return quick ? q.hex() : f.hex();
}

}  // namespace

struct OutputCache::Json {
  nlohmann::json value;
};

OutputCache::OutputCache(const OutputDir& dir)
    : out_dir_(dir.path()),
      state_dir_(dir.state_dir()),
      index_(new Json{read_object(state_dir_ / "views.json")}),
      state_(new Json{read_object(state_dir_ / "state.json")}),
      stamps_(new Json{read_object(state_dir_ / "stamps.json")}),
      pending_(new Json{read_object(state_dir_ / "pending.json")}) {}

OutputCache::~OutputCache() = default;

std::string OutputCache::model_hash(const std::string& stamp, const std::function<std::string_view()>& text) const {
  if (!stamp.empty() && text_field(index_->value, "model_stamp") == stamp)
    return text_field(index_->value, "model_hash");
  return quick_fingerprint(text());
}

bool OutputCache::holds_views(const std::string& key) const { return text_field(index_->value, "key") == key; }

std::optional<kainjow::mustache::data> OutputCache::document_view_in(const fs::path& file, const std::string& name,
                                                                     const std::string& key, std::size_t* bytes,
                                                                     const ViewNames* names) const {
  // Straight from the cache file to template data, without a JSON tree in between.
  std::optional<std::string> body = cache_body(file, name, key);
  if (!body) return std::nullopt;
  if (bytes) *bytes = body->size();
  std::optional<kainjow::mustache::data> d = view_from_cache_bytes(*body, names);
  if (d && !d->is_object()) return std::nullopt;
  return d;
}

std::optional<ViewElements> OutputCache::document_elements_in(const fs::path& file, const std::string& name,
                                                              const std::string& key, const std::string& list,
                                                              std::size_t* bytes, const ViewNames* names) const {
  std::optional<std::string> body = cache_body(file, name, key);
  if (!body) return std::nullopt;
  if (bytes) *bytes = body->size();
  return ViewElements::read(std::move(*body), list, names);
}

std::optional<Datasets> OutputCache::tables(const std::string& key) const {
  std::optional<std::string> body = cache_body(state_dir_ / "tables.cbor", "tables", key);
  if (!body) return std::nullopt;
  return datasets_from_cbor(*body);  // nullopt for a damaged cache: rebuilt, never trusted
}

bool OutputCache::stamp_vouches(const std::string& name, const std::string& content) const {
  const nlohmann::json& stamped = object_field(stamps_->value, name);
  std::string stamp = own_stamp(out_dir_ / name);
  return !content.empty() && !stamp.empty() && text_field(stamped, "stamp") == stamp &&
         text_field(stamped, "content") == content;
}

bool OutputCache::up_to_date(const std::string& name, const std::string& from) {
  const nlohmann::json& recorded = object_field(object_field(state_->value, "outputs"), name);
  std::string content = text_field(recorded, "content");
  if (content.empty() || text_field(recorded, "from") != from) return false;
  bool same = stamp_vouches(name, content);
  if (!same) same = file_hash(name, content) == content;
  if (same) matching_.insert(name);
  return same;
}

std::string OutputCache::file_hash(const std::string& name, std::string_view like) {
  const bool quick = like.empty() || is_quick_fingerprint(like);
  std::string& hash = (quick ? content_seen_ : legacy_seen_)[name];
  if (hash.empty()) hash = content_hash(out_dir_ / name, quick);
  return hash;
}

bool OutputCache::edited_by_hand(const std::string& name) {
  const nlohmann::json& recorded = object_field(object_field(state_->value, "outputs"), name);
  std::string content = text_field(recorded, "content");
  const bool read = content_seen_.contains(name) || legacy_seen_.contains(name);
  if (!read && stamp_vouches(name, content)) return false;  // not read again
  std::string now = file_hash(name, content);
  if (now.empty()) return false;  // missing, a link, unreadable: nothing of the user's to keep
  if (content == now) return false;
  // Before issue 18 the state held the fingerprint of the fingerprint: still huizong's.
  if (!is_quick_fingerprint(content) && content == fingerprint(now)) return false;
  const nlohmann::json& pending = pending_->value.contains(name) ? pending_->value[name] : nlohmann::json();
  if (pending.is_array())
    for (const nlohmann::json& h : pending)
      if (h.is_string() && h.get<std::string>() == file_hash(name, h.get<std::string>())) return false;
  return true;
}

void OutputCache::note_pending() const {
  if (written_.empty()) return;
  nlohmann::json pending = pending_->value;
  for (const auto& [name, content] : written_) {
    nlohmann::json& list = pending[name];
    if (!list.is_array()) list = nlohmann::json::array();
    list.push_back(content);
  }
  write_file_atomically(state_dir_ / "pending.json", pending.dump(1) + "\n");
}

void OutputCache::stage_views(OutputDir& dir, const ModelViews& views, const std::string& key) const {
  for (const auto& [name, v] : views.documents)
    stage_view(dir, name, key, [&](const OutputDir::Append& out) { view_to_cache(nlohmann::json(v), out); });
  stage_tables(dir, views.tables, key);
}

void OutputCache::stage_view(OutputDir& dir, const std::string& name, const std::string& key,
                             const std::function<void(const OutputDir::Append&)>& write) const {
  dir.stage_streamed(state_dir_ / (name + ".cbor"), [&](const OutputDir::Append& append) {
    append(cache_header(key, name));
    write(append);
  });
}

void OutputCache::stage_tables(OutputDir& dir, const Datasets& tables, const std::string& key) const {
  dir.stage_streamed(state_dir_ / "tables.cbor", [&](const OutputDir::Append& append) {
    append(cache_header(key, "tables"));
    datasets_to_cbor(tables, append);
  });
}

void OutputCache::record(const std::string& name, const std::string& from, const std::string& content_hash) {
  nlohmann::json& outputs = state_->value["outputs"];
  if (!outputs.is_object()) outputs = nlohmann::json::object();
  outputs[name] = {{"from", from}, {"content", content_hash}};
  written_[name] = content_hash;
  matching_.insert(name);
  state_changed_ = true;
}

void OutputCache::record_body(const std::string& name, const std::string& body_from, std::size_t at, std::size_t size) {
  state_->value["outputs"][name]["body"] = {{"from", body_from}, {"at", at}, {"size", size}};
}

std::optional<std::string> OutputCache::body_of(const std::string& name, const std::string& body_from) {
  const nlohmann::json& recorded = object_field(object_field(state_->value, "outputs"), name);
  const nlohmann::json& body = object_field(recorded, "body");
  const std::optional<std::uint64_t> at = count_field(body, "at"), size = count_field(body, "size");
  if (text_field(body, "from") != body_from || !at || !size) return std::nullopt;
  std::optional<std::string> page = as_recorded(name, text_field(recorded, "from"));
  if (!page || *at > page->size() || *size > page->size() - *at) return std::nullopt;
  return page->substr(*at, *size);
}

std::optional<std::string> OutputCache::as_recorded(const std::string& name, const std::string& from) {
  const nlohmann::json& recorded = object_field(object_field(state_->value, "outputs"), name);
  const std::string content = text_field(recorded, "content");
  std::string bytes;
  if (text_field(recorded, "from") != from || !is_quick_fingerprint(content) ||
      read_whole_file(out_dir_ / name, bytes) != 0 || quick_fingerprint(bytes) != content)
    return std::nullopt;
  return bytes;
}

void OutputCache::stage_state(OutputDir& dir, const std::string& key, const std::string& model_hash,
                              const std::string& model_stamp) {
  nlohmann::json index = {{"key", key}, {"model_hash", model_hash}, {"model_stamp", model_stamp}};
  if (index != index_->value) dir.stage(state_dir_ / "views.json", index.dump() + "\n");
  index_->value = std::move(index);
  if (state_changed_) dir.stage(state_dir_ / "state.json", state_->value.dump(1) + "\n");
  state_changed_ = false;
}

// After a commit, the state vouches for every output this run checked or wrote: what
// pending.json says of those is no longer needed.
void OutputCache::forget_pending() {
  if (pending_->value.empty()) return;
  nlohmann::json rest = nlohmann::json::object();
  for (const auto& [name, list] : pending_->value.items())
    if (!matching_.contains(name)) rest[name] = list;
  std::error_code ec;
  if (rest.empty())
    fs::remove(state_dir_ / "pending.json", ec);
  else if (rest != pending_->value)
    write_file_atomically(state_dir_ / "pending.json", rest.dump(1) + "\n");
  pending_->value = std::move(rest);
}

void OutputCache::note_committed(const fs::path& model_file, const std::string& model_hash) noexcept {
  try {
    const nlohmann::json& outputs = object_field(state_->value, "outputs");
    nlohmann::json stamps = stamps_->value;  // outputs this run did not look at keep theirs
    for (const std::string& name : matching_) {
      std::string stamp = own_stamp(out_dir_ / name);
      if (!stamp.empty())
        stamps[name] = {{"stamp", stamp}, {"content", text_field(object_field(outputs, name), "content")}};
    }
    if (stamps != stamps_->value) write_file_atomically(state_dir_ / "stamps.json", stamps.dump(1) + "\n");
    stamps_->value = std::move(stamps);
    forget_pending();

    nlohmann::json& index = index_->value;
    if (model_file.empty() || text_field(index, "model_hash") != model_hash) return;
    std::string stamp = file_stamp(model_file);
    if (stamp.empty() || text_field(index, "model_stamp") == stamp) return;
    index["model_stamp"] = stamp;
    write_file_atomically(state_dir_ / "views.json", index.dump() + "\n");
  } catch (const std::exception&) {
    // Best effort: without the stamps the next run reads the outputs to check them.
  }
}

}  // namespace huizong
