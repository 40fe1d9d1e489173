// output_dir: one run's hold on an output folder, so that the folder always holds one
// consistent set of outputs (docs/guide.md, "Outputs are one set"):
//   - the run has the folder to itself: an exclusive lock (flock on OUT_DIR/.huizong/lock);
//     a second run waits for it, told which process holds it;
//   - every file of the run is first written into a staging folder (.huizong/staging-PID),
//     then renamed over its target in one short burst of renames, the state last, so a
//     failed run (full disk, error) replaces nothing and a killed one leaves files that the
//     state does not vouch for (the next run checks and rewrites them);
//   - what a killed run left (staging folders, temporary files) is removed at start;
//   - .huizong and the outputs are never followed through symbolic links.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.h"

namespace huizong {

inline constexpr const char* kStateDirName = ".huizong";

class OutputDir {
 public:
  // Before creating anything: throws Error(usage) when an input is the output folder, is
  // (or is linked from) one of `output_names` in it, or lies in its .huizong folder; then
  // Error(input) when .huizong is a symbolic link or not a folder. Creates the folders,
  // takes the lock (calling `waiting` with the holder's pid first if another run has it),
  // removes a dead run's leftovers and makes the staging folder. Error(output) when the
  // folder cannot be made or locked.
  OutputDir(std::filesystem::path out_dir, const std::vector<std::filesystem::path>& inputs,
            const std::vector<std::string>& output_names, const std::function<void(long pid)>& waiting);
  ~OutputDir();  // removes the staging folder and releases the lock
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  const std::filesystem::path& path() const { return out_dir_; }
  const std::filesystem::path& state_dir() const { return state_dir_; }

  // Writes `content` into the staging folder; commit() renames it to `target`.
  void stage(const std::filesystem::path& target, std::string_view content);
  // The same for a file made piece by piece (a build's model.json), never held whole:
  // `write` is called with a function that appends bytes. Returns the quick_fingerprint of the
  // bytes (common/text.h). Error(output) naming `target` when a write fails.
  using Append = std::function<void(std::string_view)>;
  std::string stage_streamed(const std::filesystem::path& target, const std::function<void(const Append&)>& write);
  // The same over a longer time (a build's model.json, written as the parse delivers each
  // input file): append() as the bytes come, then finish(), which returns the fingerprint
  // (Error(output) naming the target when a write failed). Staged from the start: a run
  // that fails before finish() leaves it with the staging folder.
  class Stream {
   public:
    Stream(Stream&& o) noexcept;
    Stream& operator=(Stream&&) = delete;
    ~Stream();
    void append(std::string_view bytes);
    std::string finish();

   private:
    friend class OutputDir;
    Stream(std::filesystem::path target, int fd) : target_(std::move(target)), fd_(fd) {}
    void flush();
    std::filesystem::path target_;
    int fd_ = -1;
    int err_ = 0;
    std::string buffer_;
    QuickFingerprint hash_;
  };
  Stream stage_stream(const std::filesystem::path& target);
  // The staging file of `target` (staged last for it), to read back before commit(); empty
  // when it is not staged.
  std::filesystem::path staged_file(const std::filesystem::path& target) const;
  // Takes the file staged last out of the set (commit() leaves its target as it is).
  void unstage_last();
  // Before commit() replaces `target` (staged), its current content is kept as
  // TARGET.~N~, N the next free number (GNU numbered backups): a hard link, else a copy.
  void keep_before_replacing(const std::filesystem::path& target);
  // Makes the backups asked for (all of them before any rename: if one cannot be made,
  // Error(output) and nothing is replaced), then renames every staged file over its
  // target, in the order staged. A symbolic link at a target is replaced, never followed.
  // Returns each backup made: the target and the backup's path.
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> commit();

 private:
  std::filesystem::path out_dir_, state_dir_, staging_;
  int lock_fd_ = -1;
  bool created_ = false;    // the folder was made by this run
  bool committed_ = false;  // the run's outputs replaced the folder's
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> staged_;  // staged file, target
  std::vector<std::filesystem::path> keep_;                                      // targets to back up

  void lock(const std::function<void(long pid)>& waiting);
  void remove_leftovers(const std::vector<std::string>& output_names) const;
};

// Throws Error(output) naming `name` when `bytes` is not a well-formed .xlsx (a zip
// archive libzip reads, with the parts Excel needs): checked before any output is replaced.
void check_workbook_bytes(std::string_view bytes, const std::string& name);

}  // namespace huizong
