#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/error.h"
#include "common/i18n.h"

namespace huizong {

namespace {

Error output_error(const std::filesystem::path& path, const std::string& what, int err) {
  return Error(ExitCode::output, path.string(), 0, what + ": " + std::strerror(err),
               _("check that the directory exists and is writable"));
}

long env_count(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return -1;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  return *end == '\0' && n >= 0 ? n : -1;
}

// Writes all of `bytes` to `fd`; 0 or the errno that stopped it.
int write_all(int fd, std::string_view bytes) {
  if (int err = output_step_hook(true)) return err;
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

}  // namespace

int output_step_hook(bool is_write) {
  static const long fail_after = env_count("HUIZONG_FAIL_WRITE_AFTER");
  static const long kill_after = env_count("HUIZONG_KILL_AFTER_STEPS");
  static long writes = 0, steps = 0;
  if (kill_after >= 0 && steps++ >= kill_after) std::raise(SIGKILL);
  if (is_write && fail_after >= 0 && writes++ >= fail_after) return ENOSPC;
  return 0;
}

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)) {
  std::filesystem::path dir = path_.parent_path().empty() ? "." : path_.parent_path();
  tmp_ = (dir / ("." + path_.filename().string() + ".XXXXXX")).string();
  fd_ = mkstemp(tmp_.data());
  if (fd_ < 0) throw output_error(path_, _("cannot create a temporary file"), errno);
  ::fchmod(fd_, 0644);  // mkstemp creates 0600; outputs are ordinary documents
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
  if (int err = write_all(fd_, bytes)) throw output_error(path_, _("cannot write"), err);
}

void AtomicFile::commit() {
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw output_error(path_, _("cannot write"), errno);
  replace_file(tmp_, path_);
  tmp_.clear();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile f(path);
  f.write(content);
  f.commit();
}

void write_new_file(const std::filesystem::path& path, std::string_view content, const std::string& shown_as) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw output_error(shown_as, _("cannot create a file in the staging folder"), errno);
  int err = write_all(fd, content);
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(path.c_str());
    throw output_error(shown_as, _("cannot write"), err);
  }
}

void replace_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  output_step_hook(false);
  if (std::rename(from.c_str(), to.c_str()) != 0) throw output_error(to, _("cannot replace"), errno);
}

}  // namespace huizong
