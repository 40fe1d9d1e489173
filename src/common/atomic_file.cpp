#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/error.h"

namespace huizong {

namespace {

Error output_error(const std::filesystem::path& path, const std::string& what, int err) {
  return Error(ExitCode::output, path.string(), 0, what + ": " + std::strerror(err),
               "check that the directory exists and is writable");
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)) {
  std::filesystem::path dir = path_.parent_path().empty() ? "." : path_.parent_path();
  tmp_ = (dir / ("." + path_.filename().string() + ".XXXXXX")).string();
  fd_ = mkstemp(tmp_.data());
  if (fd_ < 0) throw output_error(path_, "cannot create a temporary file", errno);
  ::fchmod(fd_, 0644);  // mkstemp creates 0600; outputs are ordinary documents
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw output_error(path_, "cannot write", errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void AtomicFile::commit() {
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw output_error(path_, "cannot write", errno);
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) throw output_error(path_, "cannot replace", errno);
  tmp_.clear();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile f(path);
  f.write(content);
  f.commit();
}

}  // namespace huizong
