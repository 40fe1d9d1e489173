// Outputs are written atomically: to a temporary file in the same directory, then renamed
// over the target, so a failure or a killed process leaves the earlier output intact.
// (Not fsynced: rename() already gives readers and killed processes all-or-nothing; a
// power cut may lose the newest outputs.)
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace huizong {

// A file being written: appears under its name only on commit(); removed if never
// committed. Throws Error(ExitCode::output) naming the path on any failure.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  void commit();

 private:
  std::filesystem::path path_;
  std::string tmp_;
  int fd_ = -1;
};

void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace huizong
