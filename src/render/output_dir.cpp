#include "render/output_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/text.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

Error output_error(const fs::path& p, const std::string& what, int err) {
  return Error(ExitCode::output, p.string(), 0, what + (err ? std::string(": ") + std::strerror(err) : ""),
               _("choose a writable directory for -o"));
}

// Inputs are never written over: not by the folder, an output, or the state.
void check_inputs_apart(const fs::path& out_dir, const std::vector<fs::path>& inputs,
                        const std::vector<std::string>& output_names) {
  std::error_code ec;
  if (!fs::exists(out_dir, ec)) return;  // a new folder holds no input
  auto refuse = [&](const std::string& problem) {
    throw Error(ExitCode::usage, out_dir.string(), 0, problem,
                _("choose another -o: huizong never writes over or beside its inputs"));
  };
  for (const fs::path& input : inputs) {
    if (fs::equivalent(input, out_dir, ec)) refuse(tr("the output folder is the input {}", input.string()));
    for (const std::string& name : output_names)
      if (fs::equivalent(input, out_dir / name, ec))
        refuse(tr("the output {} would replace the input {}", name, input.string()));
    fs::path parent = input.parent_path().empty() ? fs::path(".") : input.parent_path();
    if (fs::equivalent(parent, out_dir / kStateDirName, ec))
      refuse(tr("the state folder .huizong holds the input {}", input.string()));
  }
}

// OUT_DIR/.huizong, a real folder: a link could make the run replace files elsewhere.
void make_state_dir(const fs::path& dir) {
  struct stat sb {};
  if (::lstat(dir.c_str(), &sb) == 0) {
    if (S_ISLNK(sb.st_mode))
      throw Error(ExitCode::input, dir.string(), 0,
                  _("is a symbolic link; huizong keeps its state only in a real folder"),
                  _("remove the link (huizong makes the folder again)"));
    if (!S_ISDIR(sb.st_mode))
      throw Error(ExitCode::input, dir.string(), 0, _("is not a folder"),
                  _("remove it (huizong makes the folder again)"));
    return;
  }
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) throw output_error(dir, _("cannot create the folder"), errno);
}

long holder_pid(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  return n > 0 ? std::strtol(buf, nullptr, 10) : 0;
}

bool starts_with_any(const std::string& name, const std::vector<std::string>& prefixes) {
  for (const std::string& p : prefixes)
    if (name.starts_with(p)) return true;
  return false;
}

}  // namespace

OutputDir::OutputDir(fs::path out_dir, const std::vector<fs::path>& inputs,
                     const std::vector<std::string>& output_names, const std::function<void(long)>& waiting)
    : out_dir_(std::move(out_dir)), state_dir_(out_dir_ / kStateDirName) {
  check_inputs_apart(out_dir_, inputs, output_names);
  std::error_code ec;
  created_ = !fs::exists(out_dir_, ec);
  fs::create_directories(out_dir_, ec);
  if (ec || !fs::is_directory(out_dir_))
    throw output_error(out_dir_, _("cannot create the output directory"), ec.value());
  make_state_dir(state_dir_);
  lock(waiting);
  remove_leftovers(output_names);
  staging_ = state_dir_ / ("staging-" + std::to_string(::getpid()));
  if (::mkdir(staging_.c_str(), 0755) != 0) {
    int err = errno;
    staging_.clear();
    throw output_error(state_dir_, _("cannot create the staging folder"), err);
  }
}

OutputDir::~OutputDir() {
  if (!staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
  if (lock_fd_ >= 0) {
    if (::ftruncate(lock_fd_, 0) != 0) {
      // Only informative: a run waiting next would name this process.
    }
    ::close(lock_fd_);  // releases the flock
  }
  // A run that made the folder and failed (a bad input found while parsing) leaves none.
  if (created_ && !committed_) {
    std::error_code ec;
    fs::remove_all(state_dir_, ec);
    fs::remove(out_dir_, ec);  // only when empty
  }
}

void OutputDir::lock(const std::function<void(long)>& waiting) {
  fs::path path = state_dir_ / "lock";
  lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw output_error(path, _("cannot open the lock file"), errno);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) throw output_error(path, _("cannot lock the output folder"), errno);
    if (waiting) waiting(holder_pid(lock_fd_));
    while (::flock(lock_fd_, LOCK_EX) != 0)
      if (errno != EINTR) throw output_error(path, _("cannot lock the output folder"), errno);
  }
  // Who holds the folder, for a run that has to wait.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0) {
    // Only informative: the lock itself is held.
  }
}

// Under the lock, every staging folder and temporary file is a dead run's.
void OutputDir::remove_leftovers(const std::vector<std::string>& output_names) const {
  std::vector<std::string> temporaries;  // AtomicFile's ".NAME.XXXXXX", older "NAME.tmp-*"
  for (const std::string& name : output_names) temporaries.push_back("." + name + ".");
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(state_dir_, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with("staging-") || name.starts_with(".")) fs::remove_all(e.path(), ec);
  }
  for (const auto& e : fs::directory_iterator(out_dir_, ec)) {
    std::string name = e.path().filename().string();
    bool temporary = starts_with_any(name, temporaries) && name.size() > 7 && name[name.size() - 7] == '.';
    for (const std::string& out : output_names) temporary = temporary || name.starts_with(out + ".tmp-");
    if (temporary && !e.is_symlink(ec) && e.is_regular_file(ec)) fs::remove(e.path(), ec);
  }
}

void OutputDir::stage(const fs::path& target, std::string_view content) {
  fs::path file = staging_ / std::to_string(staged_.size());
  write_new_file(file, content, target.string());
  staged_.emplace_back(std::move(file), target);
}

fs::path OutputDir::staged_file(const fs::path& target) const {
  for (auto it = staged_.rbegin(); it != staged_.rend(); ++it)
    if (it->second == target) return it->first;
  return {};
}

OutputDir::Stream OutputDir::stage_stream(const fs::path& target) {
  fs::path file = staging_ / std::to_string(staged_.size());
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw output_error(target, _("cannot create a file in the staging folder"), errno);
  staged_.emplace_back(file, target);  // removed with the staging folder if anything fails
  return Stream(target, fd);
}

OutputDir::Stream::Stream(Stream&& o) noexcept
    : target_(std::move(o.target_)), fd_(o.fd_), err_(o.err_), buffer_(std::move(o.buffer_)), hash_(o.hash_) {
  o.fd_ = -1;
}

OutputDir::Stream::~Stream() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputDir::Stream::append(std::string_view bytes) {
  constexpr std::size_t kChunk = 1 << 20;
  hash_.add(bytes);
  buffer_ += bytes;
  if (buffer_.size() >= kChunk) flush();
}

void OutputDir::Stream::flush() {
  if (err_ == 0) err_ = output_step_hook(true);
  for (std::string_view rest = buffer_; err_ == 0 && !rest.empty();) {
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno != EINTR) err_ = errno;
    if (n > 0) rest.remove_prefix(static_cast<std::size_t>(n));
  }
  buffer_.clear();
}

std::string OutputDir::Stream::finish() {
  if (!buffer_.empty() || err_ != 0) flush();
  if (::close(fd_) != 0 && err_ == 0) err_ = errno;
  fd_ = -1;
  std::string().swap(buffer_);  // a build's model.json stream outlives its writing
  if (err_ != 0) throw output_error(target_, _("cannot write"), err_);
  return hash_.hex();
}

std::string OutputDir::stage_streamed(const fs::path& target, const std::function<void(const Append&)>& write) {
  Stream stream = stage_stream(target);
  write([&](std::string_view bytes) { stream.append(bytes); });
  return stream.finish();
}

void OutputDir::unstage_last() {
  if (staged_.empty()) return;
  std::error_code ec;
  fs::remove(staged_.back().first, ec);
  staged_.pop_back();
}

void OutputDir::keep_before_replacing(const fs::path& target) { keep_.push_back(target); }

namespace {

// The next free TARGET.~N~: one past the highest N there.
fs::path next_backup(const fs::path& target) {
  std::string prefix = target.filename().string() + ".~";
  long highest = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(target.parent_path(), ec)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with(prefix) || !name.ends_with("~") || name.size() < prefix.size() + 2) continue;
    std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - 1);
    if (digits.find_first_not_of("0123456789") == std::string::npos && digits.size() < 10)
      highest = std::max(highest, std::stol(digits));
  }
  return target.parent_path() / (prefix + std::to_string(highest + 1) + "~");
}

// TARGET.~N~ holding what `target` holds now: a hard link (nothing copied, and the rename
// that follows leaves it the old file), or a copy where links are not possible.
fs::path back_up(const fs::path& target) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path backup = next_backup(target);
    if (::link(target.c_str(), backup.c_str()) == 0) return backup;
    if (errno == EEXIST) continue;   // made meanwhile: take the next number
    if (errno == ENOENT) return {};  // nothing to keep
    std::string bytes;
    if (int err = read_whole_file(target, bytes); err != 0)
      throw output_error(target, _("cannot read the file to keep it"), err);
    write_new_file(backup, bytes, backup.string());
    return backup;
  }
  throw output_error(target, _("cannot find a free name to keep the file as"), EEXIST);
}

}  // namespace

std::vector<std::pair<fs::path, fs::path>> OutputDir::commit() {
  std::vector<std::pair<fs::path, fs::path>> kept;
  for (const fs::path& target : keep_)
    if (fs::path backup = back_up(target); !backup.empty()) kept.emplace_back(target, backup);
  keep_.clear();
  committed_ = true;
  for (const auto& [file, target] : staged_) replace_file(file, target);
  staged_.clear();
  return kept;
}

void check_workbook_bytes(std::string_view bytes, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_t* za = nullptr;
  if (zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err)) {
    za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (za == nullptr) zip_source_free(src);
  }
  std::string why = za == nullptr ? zip_error_strerror(&err) : "";
  zip_error_fini(&err);
  for (const char* part : {"[Content_Types].xml", "xl/workbook.xml"})
    if (za != nullptr && zip_name_locate(za, part, 0) < 0) why = tr("no part {}", part);
  if (za != nullptr) zip_discard(za);
  if (!why.empty())
    throw Error(ExitCode::output, name, 0, tr("the workbook made is not a valid .xlsx ({}); nothing was replaced", why),
                _("please report this with the input that caused it"));
}

}  // namespace huizong
