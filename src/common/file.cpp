#include "common/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "common/i18n.h"

namespace huizong {

int read_whole_file(const std::filesystem::path& path, std::string& out) {
  out.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat sb {};
  if (::fstat(fd, &sb) != 0) return errno;
  if (S_ISDIR(sb.st_mode)) return EISDIR;
  // /dev/zero, /dev/urandom, a terminal: never a document, and never-ending.
  if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode)) return ENODEV;
  if (S_ISREG(sb.st_mode) && static_cast<std::uintmax_t>(sb.st_size) > kMaxFileBytes) return EFBIG;
  // One byte more than the size, so a file that has not grown is read in one call and
  // the closing zero-length read needs no second allocation. A pipe or socket has no
  // size: it is read in growing steps, up to the same limit as a file.
  out.resize((S_ISREG(sb.st_mode) && sb.st_size > 0 ? static_cast<std::size_t>(sb.st_size) : 65536) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used > kMaxFileBytes) {
      out.clear();
      return EFBIG;
    }
    if (used == out.size()) out.resize(std::min(out.size() * 2, kMaxFileBytes + 1));
    ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      out.clear();
      return err;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  out.resize(used);
  return 0;
}

std::string read_failure(int err) {
  if (err == ENOENT || err == ENOTDIR) return _("no such file");
  if (err == EISDIR) return _("is a directory, not a file");
  if (err == ENODEV) return _("is a device, not a file");
  if (err == EFBIG) return tr("is larger than {} MB, more than huizong reads", kMaxFileBytes >> 20);
  if (err == EACCES || err == EPERM) return _("cannot read the file: permission denied");
  return tr("cannot read the file: {}", std::strerror(err));
}

std::string read_file_or_throw(const std::filesystem::path& path, ExitCode code, const std::string& hint) {
  std::string out;
  int err = read_whole_file(path, out);
  if (err == 0) return out;
  throw Error(code, path.string(), 0, read_failure(err), hint);
}

std::string file_stamp(const struct stat& sb) {
  auto time = [](const timespec& t) { return std::to_string(t.tv_sec) + "." + std::to_string(t.tv_nsec); };
  return std::to_string(sb.st_dev) + ":" + std::to_string(sb.st_ino) + ":" + std::to_string(sb.st_size) + ":" +
         time(sb.st_mtim) + ":" + time(sb.st_ctim);
}

std::string file_stamp(const std::filesystem::path& path) {
  struct stat sb {};
  if (::stat(path.c_str(), &sb) != 0) return {};
  return file_stamp(sb);
}

}  // namespace huizong
