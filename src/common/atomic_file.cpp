#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/error.h"

namespace huizong {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  auto fail = [&](const std::string& what) {
    return Error(ExitCode::output, path.string(), 0, what + ": " + std::strerror(errno),
                 "check that the directory exists and is writable");
  };
  std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) throw fail("cannot create a temporary file");
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = fail("cannot write");
      ::close(fd);
      ::unlink(tmpl.c_str());
      throw e;
    }
    done += static_cast<std::size_t>(n);
  }
  // mkstemp creates 0600; outputs are ordinary documents.
  ::fchmod(fd, 0644);
  // No fsync: rename() already makes the replacement atomic for readers and for a killed
  // process, which is what users rely on; syncing every output made a re-render after a
  // template edit several times slower.
  if (::close(fd) != 0) {
    Error e = fail("cannot write");
    ::unlink(tmpl.c_str());
    throw e;
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    Error e = fail("cannot replace");
    ::unlink(tmpl.c_str());
    throw e;
  }
}

}  // namespace huizong
