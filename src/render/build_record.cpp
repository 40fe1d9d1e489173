#include "render/build_record.h"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "common/file.h"
#include "common/text.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

constexpr const char* kRecordForm = "huizong-build/1";
constexpr std::time_t kClockTick = 2;  // seconds within which a change may not show in a stamp

std::string dumped(const nlohmann::json& j) { return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string text_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string input_stamp(const fs::path& file, std::time_t now) {
  struct stat sb {};
  if (::stat(file.c_str(), &sb) != 0 || !S_ISREG(sb.st_mode)) return {};
  if (sb.st_mtim.tv_sec + kClockTick > now || sb.st_ctim.tv_sec + kClockTick > now) return {};
  return file_stamp(sb);  // from the same stat as the check: no change can fall between
}

std::string input_name_key(const fs::path& file) { return fingerprint(file.native()); }

std::string build_record_json(const BuildRecord& record) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const BuildInput& in : record.inputs)
    inputs.push_back(
        {{"file", in.file}, {"path", in.path}, {"stamp", in.stamp}, {"hash", in.hash}, {"warnings", in.warnings}});
  nlohmann::json j = {{"form", kRecordForm},        {"generator", record.generator}, {"lexicons", record.lexicons_hash},
                      {"model", record.model_hash}, {"reports", record.reports},     {"inputs", std::move(inputs)}};
  j["check"] = fingerprint(dumped(j));
  return dumped(j) + "\n";
}

std::optional<BuildRecord> read_build_record(const fs::path& state_dir) {
  std::string bytes;
  if (read_whole_file(state_dir / "build.json", bytes) != 0) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);  // damaged: not used, never trusted
  if (!j.is_object() || text_of(j, "form") != kRecordForm) return std::nullopt;
  // Its own fingerprint: a record edited or damaged in any way is not used (its counts and
  // warnings are printed as the build's).
  const std::string check = text_of(j, "check");
  j.erase("check");
  if (check.empty() || check != fingerprint(dumped(j))) return std::nullopt;
  auto reports = j.find("reports");
  auto inputs = j.find("inputs");
  if (reports == j.end() || !reports->is_number_unsigned() || inputs == j.end() || !inputs->is_array())
    return std::nullopt;
  BuildRecord record{
      text_of(j, "generator"), text_of(j, "lexicons"), text_of(j, "model"), reports->get<std::size_t>(), {}};
  for (const nlohmann::json& in : *inputs) {
    if (!in.is_object()) return std::nullopt;
    BuildInput input{text_of(in, "file"), text_of(in, "path"), text_of(in, "stamp"), text_of(in, "hash"), {}};
    auto warnings = in.find("warnings");
    if (warnings == in.end() || !warnings->is_array()) return std::nullopt;
    for (const nlohmann::json& w : *warnings) {
      if (!w.is_string()) return std::nullopt;
      input.warnings.push_back(w.get<std::string>());
    }
    if (input.file.empty() || input.hash.empty()) return std::nullopt;
    record.inputs.push_back(std::move(input));
  }
  if (record.model_hash.empty()) return std::nullopt;
  return record;
}

bool inputs_unchanged(BuildRecord& record, const std::vector<fs::path>& files, const std::string& generator,
                      const std::string& lexicons_hash, bool& restamped) {
  if (record.generator != generator || record.lexicons_hash != lexicons_hash || record.inputs.size() != files.size())
    return false;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (files[i] == "-" || record.inputs[i].file != input_name_key(files[i])) return false;
  const std::time_t now = std::time(nullptr);
  for (std::size_t i = 0; i < files.size(); ++i) {
    BuildInput& in = record.inputs[i];
    // A pipe or a device is read only by the parse (a check would drain it).
    struct stat sb {};
    if (::stat(files[i].c_str(), &sb) != 0 || !S_ISREG(sb.st_mode)) return false;
    if (!in.stamp.empty() && file_stamp(sb) == in.stamp) continue;
    // Touched, copied back, or stamped too soon after a change: its bytes decide (the new
    // stamp taken before they are read).
    std::string fresh = input_stamp(files[i], now);
    std::string bytes;
    if (read_whole_file(files[i], bytes) != 0 || fingerprint(bytes) != in.hash) return false;
    if (fresh != in.stamp) {
      in.stamp = std::move(fresh);
      restamped = true;
    }
  }
  return true;
}

}  // namespace huizong
