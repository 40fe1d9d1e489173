// libFuzzer target: the XML side of read's .docx decoder. A mutated .docx almost never gets
// past the archive's CRC check, so here the input is the XML itself: the parts
//   word/document.xml \x01\x02 word/numbering.xml \x01\x02 word/styles.xml
// (an empty or missing part is left out of the archive) are packed into a valid stored
// (uncompressed) zip, which goes to huizong::decode_docx. huizong::Error is fine (bad XML,
// no body, no text); anything else is a crash. Same invariants as fuzz_docx.cpp.
#include <array>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "read/docx.h"

using namespace huizong;

namespace {

std::uint32_t crc32(std::string_view s) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (char ch : s) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

// A zip archive holding `files` (name, content) stored without compression.
std::string stored_zip(const std::vector<std::pair<std::string, std::string_view>>& files) {
  std::string out, central;
  for (const auto& [name, content] : files) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = crc32(content);
    const auto size = static_cast<std::uint32_t>(content.size());
    put32(out, 0x04034b50);                                                      // local file header
    put16(out, 20), put16(out, 0), put16(out, 0), put16(out, 0), put16(out, 0);  // version, flags, stored, time, date
    put32(out, crc), put32(out, size), put32(out, size);
    put16(out, static_cast<std::uint32_t>(name.size())), put16(out, 0);
    out += name;
    out += content;
    put32(central, 0x02014b50);  // central directory entry
    put16(central, 20), put16(central, 20), put16(central, 0), put16(central, 0), put16(central, 0), put16(central, 0);
    put32(central, crc), put32(central, size), put32(central, size);
    put16(central, static_cast<std::uint32_t>(name.size()));
    put16(central, 0), put16(central, 0), put16(central, 0), put16(central, 0);  // extra, comment, disk, attrs
    put32(central, 0), put32(central, offset);
    central += name;
  }
  const auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);  // end of central directory
  put16(out, 0), put16(out, 0);
  put16(out, static_cast<std::uint32_t>(files.size())), put16(out, static_cast<std::uint32_t>(files.size()));
  put32(out, static_cast<std::uint32_t>(central.size())), put32(out, cd_offset);
  put16(out, 0);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* const kNames[] = {"word/document.xml", "word/numbering.xml", "word/styles.xml"};
  std::string_view rest = fuzz::as_view(data, size);
  std::vector<std::pair<std::string, std::string_view>> files;
  for (const char* name : kNames) {
    std::size_t sep = rest.find("\x01\x02");
    std::string_view part = rest.substr(0, sep);
    if (!part.empty()) files.emplace_back(name, part);
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 2);
  }
  const std::string zip = stored_zip(files);

  DocxLimits limits;
  limits.max_part = std::size_t{4} << 20;
  limits.max_total = std::size_t{8} << 20;
  SourceText text;
  try {
    text = decode_docx(zip, "fuzz.docx", limits);
  } catch (const Error& e) {
    FUZZ_CHECK(e.code() == ExitCode::input);
    FUZZ_CHECK(!e.problem().empty());
    return 0;
  }
  FUZZ_CHECK(text.encoding == "DOCX");
  FUZZ_CHECK(text.bytes == zip.size());
  fuzz::check_decoded_lines(text.lines);
  return 0;
}
