// read: files -> UTF-8 lines with physical line numbers.
// Detects the encoding (BOM, then valid UTF-8, then ICU's detector for GB18030/GBK…),
// converts to UTF-8, splits on LF / CRLF / CR, and keeps the text exactly as written.
// A .docx file (Word/WPS) is read by decode_docx (read/docx.h): one line per paragraph, so
// its line numbers are paragraph numbers.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "common/line_hint.h"
#include "common/text.h"

namespace huizong {

struct SourceText {
  std::string path;             // as given by the user
  std::string encoding;         // "UTF-8", "UTF-8-BOM", "GB18030", "UTF-16LE", "UTF-16BE", "DOCX"
  std::string hash;             // fingerprint() of the raw bytes
  std::size_t bytes = 0;        // size of the raw file
  std::vector<Line> lines;      // every physical line, blank ones included, numbered from 1
                                // (.docx: every body paragraph, a table row counting as one)
  std::vector<int> toc_lines;   // .docx: paragraphs of the table of contents (a TOC field, the
                                // contents control or a "toc N" style), in order; text: none
  std::vector<LineHint> hints;  // .docx: the paragraphs with an outline level or starting a new
                                // page or section, in line order; text: none
};

// Decode raw bytes. `path` is only used in error messages.
// Throws Error(ExitCode::input) for empty input, binary data (NUL bytes in 8-bit text,
// control characters), bytes that no supported encoding decodes, or a line over 1 MB.
SourceText decode_text(std::string_view bytes, const std::string& path);

// Read one file (`-`: standard input). A name ending in .docx (any case), or a zip archive
// under another name, is decoded by decode_docx; a PDF, RTF or old binary Word/WPS
// document is an error naming it; anything else goes to decode_text. Throws Error(ExitCode::input) if it is missing,
// unreadable or a directory, plus everything the decoder throws.
SourceText read_file(const std::filesystem::path& path);

// A file name as text for the model and the outputs: as it is when it is UTF-8; else each
// component that is not UTF-8 decoded as GB18030 (names from a Windows zip are GBK), or,
// if that fails, with its non-UTF-8 bytes written \xNN. Always valid UTF-8; distinct
// names give distinct text.
std::string display_path(const std::filesystem::path& path);

// The two halves of read_file: the raw bytes (same errors for missing, unreadable or
// directory), and decoding them by the file's extension. fingerprint(bytes) equals the
// SourceText's hash, so a caller can tell an unchanged file without decoding it.
std::string read_bytes(const std::filesystem::path& path);
SourceText decode_file(std::string_view bytes, const std::filesystem::path& path);

// A file of a directory that is not read, and why (with what to do).
struct SkippedFile {
  std::string path;
  std::string reason;
};

// Expand command-line arguments: a file stays as is, a directory means every *.txt and
// *.docx in it (any case; sorted by name, not recursive). Every other file of a directory
// is reported in `skipped` with how to convert it (.doc, .wps, .pdf…); hidden files and
// Word/WPS lock files (~$…, .~lock…) are ignored. `-` is standard input. A file named twice
// (or through two paths) is kept once, where it first appears.
// Throws Error(ExitCode::input) for a missing path, a directory with no such file, or a
// file named directly in a format that is not read (.doc, .pdf…: the error says how to convert).
std::vector<std::filesystem::path> expand_inputs(const std::vector<std::string>& args,
                                                 std::vector<SkippedFile>* skipped = nullptr);
// Drop the files that are the same file as an earlier one (same canonical path).
void drop_repeated_inputs(std::vector<std::filesystem::path>& files);

}  // namespace huizong
