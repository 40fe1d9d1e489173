// libFuzzer target: read's decoder (huizong::decode_text) on arbitrary bytes.
// huizong::Error (the documented refusal of bad input) is fine; anything else is a crash.
// Invariants on accepted input: a known encoding, size and fingerprint of the raw bytes,
// lines numbered 1..n, every line valid UTF-8 without CR/LF, and for UTF-8 input the text
// as written (joining the lines gives the input with line ends folded to LF and, in each
// line, the characters XML forbids replaced, as the read stage does).
#include <string>

#include "common/xml_chars.h"
#include "fuzz_common.h"

using namespace huizong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::as_view(data, size);
  SourceText text;
  try {
    text = decode_text(bytes, "fuzz.txt");
  } catch (const Error& e) {
    FUZZ_CHECK(e.code() == ExitCode::input);
    FUZZ_CHECK(!e.problem().empty());
    return 0;
  }
  const std::string& enc = text.encoding;
  FUZZ_CHECK(enc == "UTF-8" || enc == "UTF-8-BOM" || enc == "GB18030" || enc == "UTF-16LE" || enc == "UTF-16BE");
  FUZZ_CHECK(text.path == "fuzz.txt");
  FUZZ_CHECK(text.bytes == size);
  FUZZ_CHECK(text.hash == fingerprint(bytes));
  fuzz::check_decoded_lines(text.lines);

  if (enc == "UTF-8" || enc == "UTF-8-BOM") {
    std::string_view raw = enc == "UTF-8-BOM" ? bytes.substr(3) : bytes;
    std::string folded, line;  // CRLF and CR -> LF; each line without what XML forbids
    folded.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\r' || raw[i] == '\n') {
        folded += without_xml_forbidden(line) + '\n';
        line.clear();
        if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      } else {
        line += raw[i];
      }
    }
    folded += without_xml_forbidden(line);
    std::string joined;
    joined.reserve(folded.size());
    for (std::size_t i = 0; i < text.lines.size(); ++i) {
      if (i) joined += '\n';
      joined += text.lines[i].text;
    }
    FUZZ_CHECK(folded == joined || folded == joined + "\n");
  }
  return 0;
}
