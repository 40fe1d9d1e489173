// Outputs are written atomically: to a temporary file in the same directory, then renamed
// over the target, so a failure or a killed process leaves the earlier output intact.
// (Not fsynced: rename() already gives readers and killed processes all-or-nothing; a
// power cut may lose the newest outputs.) A whole output set is made atomic on top of
// this by render/output_dir.h (staging folder, renames, state last).
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

// Writes `content` to `path`, a file that must not exist yet (O_EXCL, never through a
// symlink): a file in a staging folder. Throws Error(output) naming `shown_as`.
void write_new_file(const std::filesystem::path& path, std::string_view content, const std::string& shown_as);

// rename(2) of `from` over `to` (a symlink at `to` is replaced, never followed). Throws
// Error(output) naming `to`.
void replace_file(const std::filesystem::path& from, const std::filesystem::path& to);

// Test hooks (documented in docs/guide.md, "Test hooks"), read once from the environment:
//   HUIZONG_FAIL_WRITE_AFTER=N   the write after N successful ones fails as if the disk
//                                were full (ENOSPC): what a full disk does, without one;
//   HUIZONG_KILL_AFTER_STEPS=N   the process kills itself (SIGKILL) before step N+1, where
//                                a step is a write or a rename of an output or state file.
// Both count the writes of AtomicFile, write_new_file and the renames of replace_file.
// Returns the errno a write should fail with (0: none).
int output_step_hook(bool is_write);

}  // namespace huizong
