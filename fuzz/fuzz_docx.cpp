// libFuzzer target: read's .docx decoder (huizong::decode_docx) on arbitrary bytes.
// huizong::Error is the documented refusal (damaged zip, bad XML, zip bomb, no text);
// anything else is a crash. Small limits keep a fuzzed zip bomb from eating the RSS budget
// while still exercising the limit checks. Mutated compressed data rarely survives the
// archive's CRC check, so fuzz_docx_xml.cpp fuzzes the XML parts inside a valid archive.
// Invariants on accepted input: encoding "DOCX", size and fingerprint of the raw bytes, one
// line per paragraph numbered 1..n, every line valid UTF-8 without CR/LF, some text.
#include <string>

#include "fuzz_common.h"
#include "read/docx.h"

using namespace huizong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::as_view(data, size);
  DocxLimits limits;
  limits.max_part = std::size_t{4} << 20;
  limits.max_total = std::size_t{8} << 20;
  SourceText text;
  try {
    text = decode_docx(bytes, "fuzz.docx", limits);
  } catch (const Error& e) {
    FUZZ_CHECK(e.code() == ExitCode::input);
    FUZZ_CHECK(!e.problem().empty());
    return 0;
  }
  FUZZ_CHECK(text.encoding == "DOCX");
  FUZZ_CHECK(text.path == "fuzz.docx");
  FUZZ_CHECK(text.bytes == size);
  FUZZ_CHECK(text.hash == fingerprint(bytes));
  fuzz::check_decoded_lines(text.lines);
  return 0;
}
