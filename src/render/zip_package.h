// zip package: the container of a .docx, written with minizip (parts deflated by ISA-L), and of a reference
// .docx, read with libzip.
#pragma once
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace huizong {

struct ZipEntry {
  std::string name;
  const std::string* data;  // not owned; must live until zip_archive returns
};

// The bytes of a zip archive holding `entries` in this order, deflated, with a fixed
// timestamp so the same entries give the same bytes. Throws std::runtime_error.
std::string zip_archive(const std::vector<ZipEntry>& entries);

// Opens minizip and ISA-L now: in the default build they are opened on first use
// (common/lazy_libs.cpp), ~1 ms; a render that will write a .docx calls this on another
// thread beside its first steps.
void open_zip_library();

// Every file of the zip archive `file`, by name. Throws std::runtime_error if it is not
// a readable zip or its files unpack to more than `max_bytes` (a zip bomb).
std::map<std::string, std::string> unzip_all(const std::filesystem::path& file, std::size_t max_bytes);

}  // namespace huizong
