// read: files -> UTF-8 lines with physical line numbers.
// Detects the encoding (BOM, then valid UTF-8, then ICU's detector for GB18030/GBK…),
// converts to UTF-8, splits on LF / CRLF / CR, and keeps the text exactly as written.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "common/text.h"

namespace huizong {

struct SourceText {
  std::string path;             // as given by the user
  std::string encoding;         // "UTF-8", "UTF-8-BOM", "GB18030", "UTF-16LE", "UTF-16BE"
  std::string hash;             // fingerprint() of the raw bytes
  std::size_t bytes = 0;        // size of the raw file
  std::vector<Line> lines;      // every physical line, blank ones included, numbered from 1
};

// Decode raw bytes. `path` is only used in error messages.
// Throws Error(ExitCode::input) for empty input, binary data (NUL bytes in 8-bit text,
// control characters), bytes that no supported encoding decodes, or a line over 1 MB.
SourceText decode_text(std::string_view bytes, const std::string& path);

// Read one file. Throws Error(ExitCode::input) if it is missing, unreadable or a directory,
// plus everything decode_text throws.
SourceText read_file(const std::filesystem::path& path);

// Expand command-line arguments: a file stays as is, a directory means every *.txt in it
// (sorted by name, not recursive). Throws Error(ExitCode::input) for a missing path or a
// directory with no .txt file.
std::vector<std::filesystem::path> expand_inputs(const std::vector<std::string>& args);

}  // namespace huizong
