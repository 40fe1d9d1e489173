// Whole-file reading in one allocation (a stringstream copies the bytes several times,
// and on a re-render the copies' page faults were a third of the time), and a file's
// stamp: what says, without reading it, that a file is the one seen before.
#pragma once
#include <filesystem>
#include <string>

#include "common/error.h"

struct stat;

namespace huizong {

// The most bytes any file is read into memory: far more than any work summary, model or
// cache, and a bound on a pipe that never ends.
inline constexpr std::size_t kMaxFileBytes = std::size_t{2} << 30;  // 2 GB (GiB)

// Reads all bytes of `path` into `out`. Returns 0, or the errno that stopped it: EISDIR
// for a directory, ENODEV for a device (/dev/zero), EFBIG past kMaxFileBytes (a pipe is
// read up to that limit). The size is only a hint: the file may grow, or not be regular.
int read_whole_file(const std::filesystem::path& path, std::string& out);

// Why a file could not be read, for an error line: "no such file", "is a directory, not a
// file", "cannot read the file: permission denied" … (err: from read_whole_file).
std::string read_failure(int err);

// Reads all bytes of `path`, or throws Error(code) naming the file, why it could not be
// read (read_failure), and `hint`.
std::string read_file_or_throw(const std::filesystem::path& path, ExitCode code, const std::string& hint);

// "device:inode:size:mtime:ctime" of a file (times to the nanosecond), or empty if it
// cannot be stat'ed. ctime cannot be set back by tools that restore mtime, and a file
// replaced by rename gets a new inode: an equal stamp means the file was not rewritten,
// short of a rewrite to the same size within one clock tick reusing the freed inode.
std::string file_stamp(const std::filesystem::path& path);
// The same from a stat already taken (one stat for what is checked and what is recorded).
std::string file_stamp(const struct stat& sb);

}  // namespace huizong
