// read: files -> UTF-8 lines with physical line numbers.
//
// Detection order (see read.h):
//   1. BOM: EF BB BF -> "UTF-8-BOM", FF FE -> "UTF-16LE", FE FF -> "UTF-16BE". A BOM is
//      trusted: bytes that do not decode in the announced encoding are an error.
//   2. Binary check on 8-bit text: a NUL byte, or many C0 control characters.
//   3. Valid UTF-8 -> "UTF-8".
//   4. Not valid UTF-8: ask ICU's charset detector, and decode as GB18030 (GBK and GB2312
//      are subsets) with ICU's converter. Accepted only if the conversion is clean (no
//      invalid or unmapped sequence) and the result is plausible Chinese: at least 80 % of
//      the double-byte characters in the GB2312 symbol / hanzi area, and the detector not
//      more confident in another East-Asian multi-byte encoding (Big5, EUC-KR, Shift_JIS…).
//   5. A file that is mostly well-formed UTF-8 with a few damaged spots (e.g. truncated in
//      the middle of a character) IS UTF-8: "invalid byte sequence" at the line of the first
//      bad byte. It is never silently read as GB18030: UTF-8 Chinese decodes as "valid"
//      GB18030 mojibake, but that mojibake fails the plausibility test of step 4.
//   6. Anything else: "invalid byte sequence".
#include "read/read.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>

#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/xml_chars.h"
#include "read/docx.h"

namespace huizong {
namespace {

// Lower-case extension of a file name: ".txt", ".docx" ("" when none).
std::string lower_extension(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;  // 1 MB (MiB)
constexpr std::size_t kDetectorSample = 64 * 1024;           // bytes given to ICU's detector

const char* const kSaveHint = N_("save the file as UTF-8 or GB18030 text");

// ---------------------------------------------------------------------------------------
// Binary detection for 8-bit text (UTF-8 and GB18030 never use bytes < 0x20 inside a
// multi-byte character, so a byte < 0x20 is always a control character).

bool is_bad_control(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'; }

// Binary = any NUL, or "many" other control characters: more than 8 and more than one per
// thousand bytes. A stray ESC or a DOS end-of-file Ctrl-Z in a real text is tolerated.
bool too_many_controls(std::size_t controls, std::size_t size) { return controls > 8 && controls * 1000 > size; }

// Throws if `bytes` are binary; else whether they hold a control character that XML forbids
// (one replace_xml_forbidden would replace).
bool check_binary_8bit(std::string_view bytes, const std::string& path) {
  if (std::memchr(bytes.data(), 0, bytes.size()) != nullptr) {
    // UTF-16 without a BOM is full of NULs: say so, it is the likely cause.
    std::size_t n = std::min<std::size_t>(bytes.size(), 4096), even = 0, odd = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (bytes[i] == 0) ++((i % 2 == 0) ? even : odd);
    bool utf16 = (even + odd) * 4 >= n && (even == 0 || odd == 0);
    throw input_error(path, 0, _("binary file, not text"),
                      utf16 ? _("it looks like UTF-16 without a byte-order mark; save it as UTF-8 text")
                            : _("give the work summary as a plain-text file (UTF-8 or GB18030)"));
  }
  // Eight bytes at a time: only a word holding a byte below 0x20 (a line end, as a rule) is
  // looked at byte by byte.
  std::size_t controls = 0, i = 0;
  bool xml_forbidden = false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  auto look_at = [&](unsigned char c) {
    controls += is_bad_control(c) ? 1 : 0;
    xml_forbidden |= c < 0x80 && is_xml_forbidden(c);
  };
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull) == 0) continue;
    for (std::size_t k = 0; k < 8; ++k) look_at(p[i + k]);
  }
  for (; i < bytes.size(); ++i) look_at(p[i]);
  if (too_many_controls(controls, bytes.size()))
    throw input_error(path, 0, _("binary file, not text"),
                      _("give the work summary as a plain-text file (UTF-8 or GB18030)"));
  return xml_forbidden;
}

// ---------------------------------------------------------------------------------------
// UTF-8 validation.

struct Utf8Scan {
  bool valid = true;
  std::size_t first_bad = 0;       // byte offset of the first invalid byte
  std::size_t good_multi = 0;      // well-formed multi-byte sequences
  std::size_t bad = 0;             // invalid sequences (maximal invalid subparts)
  bool noncharacter_lead = false;  // a sequence that may be a non-character (U+FDD0.., U+xFFFE..)
};

Utf8Scan scan_utf8(std::string_view bytes, bool stop_at_first) {
  Utf8Scan r;
  for (std::size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {  // a call only where ASCII starts, not per character
      i = utf8::skip_ascii(bytes, i);
      continue;
    }
    // Runs of well-formed three-byte characters (Chinese text): one tight loop.
    std::size_t run = i;
    while (run < bytes.size() && utf8::is_plain_three_bytes(bytes, run)) {
      r.noncharacter_lead |=
          may_be_noncharacter(static_cast<unsigned char>(bytes[run]), static_cast<unsigned char>(bytes[run + 1]));
      run += 3;
    }
    if (run != i) {
      r.good_multi += (run - i) / 3;
      i = run;
      continue;
    }
    std::size_t invalid = 1;
    if (std::size_t len = utf8::valid_length(bytes, i, &invalid)) {
      r.noncharacter_lead |=
          may_be_noncharacter(static_cast<unsigned char>(bytes[i]), static_cast<unsigned char>(bytes[i + 1]));
      ++r.good_multi;
      i += len;
      continue;
    }
    if (r.valid) {
      r.valid = false;
      r.first_bad = i;
    }
    ++r.bad;
    if (stop_at_first) break;
    i += invalid;
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Lines.

void split_lines(std::string_view text, const std::string& path, std::vector<Line>& out) {
  std::size_t line_feeds = 0;  // memchr from one to the next: std::count reads a byte at a time
  for (const char* lf = text.data();
       (lf = static_cast<const char*>(
            std::memchr(lf, '\n', static_cast<std::size_t>(text.data() + text.size() - lf)))) != nullptr;
       ++lf)
    ++line_feeds;
  out.reserve(line_feeds + 1);
  const char* p = text.data();
  const char* end = p + text.size();
  int number = 0;
  while (p < end) {
    // The next LF, then a CR before it (CRLF, or a lone CR ending the line earlier).
    const char* q = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (q == nullptr) q = end;
    if (const void* cr = std::memchr(p, '\r', static_cast<std::size_t>(q - p))) q = static_cast<const char*>(cr);
    ++number;
    std::size_t len = static_cast<std::size_t>(q - p);
    if (len > kMaxLineBytes)
      throw input_error(path, number, tr("line {} is over 1 MB: not a work summary", number),
                        _("give a work summary as plain text with ordinary line breaks"));
    out.push_back(Line{number, std::string(p, len)});
    if (q < end) {
      if (*q == '\r' && q + 1 < end && q[1] == '\n') ++q;
      ++q;
    }
    p = q;
  }
}

void check_not_empty(std::string_view utf8, const std::string& path) {
  if (is_blank(utf8))
    throw input_error(path, 0, _("file is empty"), _("give a file that contains the work summary text"));
}

// ---------------------------------------------------------------------------------------
// UTF-16 (with BOM), decoded by hand: simple, fast, and gives line numbers of bad units.

std::string decode_utf16(std::string_view bytes, bool little_endian, const std::string& path) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t units = bytes.size() / 2;
  auto unit = [&](std::size_t k) -> char32_t {
    unsigned char a = s[2 * k], b = s[2 * k + 1];
    return little_endian ? static_cast<char32_t>(a | (b << 8)) : static_cast<char32_t>((a << 8) | b);
  };
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  int line = 1;
  bool prev_cr = false;
  std::size_t controls = 0;
  for (std::size_t k = 0; k < units; ++k) {
    char32_t cp = unit(k);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      char32_t lo = k + 1 < units ? unit(k + 1) : 0;
      if (lo < 0xDC00 || lo > 0xDFFF)
        throw input_error(path, line, _("invalid byte sequence (unpaired UTF-16 surrogate)"), _(kSaveHint));
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      ++k;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      throw input_error(path, line, _("invalid byte sequence (unpaired UTF-16 surrogate)"), _(kSaveHint));
    }
    if (cp == 0)
      throw input_error(path, 0, _("binary file, not text"),
                        _("give the work summary as a plain-text file (UTF-8 or GB18030)"));
    if (cp < 0x20 && is_bad_control(static_cast<unsigned char>(cp))) ++controls;
    if (cp == '\n') {
      if (!prev_cr) ++line;
    } else if (cp == '\r') {
      ++line;
    }
    prev_cr = cp == '\r';
    utf8::append(out, cp);
  }
  if (too_many_controls(controls, bytes.size()))
    throw input_error(path, 0, _("binary file, not text"),
                      _("give the work summary as a plain-text file (UTF-8 or GB18030)"));
  if (bytes.size() % 2 != 0)
    throw input_error(path, line, _("invalid byte sequence (UTF-16 text with an odd number of bytes)"), _(kSaveHint));
  return out;
}

// ---------------------------------------------------------------------------------------
// ICU: charset detector and GB18030 converter.

struct Detection {
  std::string top;  // best guess, "" if none
  int top_confidence = 0;
  int gb18030 = 0;        // confidence for GB18030
  std::string other_cjk;  // most confident other East-Asian multi-byte encoding
  int other_cjk_confidence = 0;
};

Detection detect(std::string_view bytes) {
  Detection d;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> csd(ucsdet_open(&status), &ucsdet_close);
  if (U_FAILURE(status)) return d;
  // The detector only needs a sample; cut at a line end so no character is split.
  std::string_view sample = bytes.substr(0, kDetectorSample);
  if (sample.size() < bytes.size()) {
    auto nl = sample.find_last_of('\n');
    if (nl != std::string_view::npos && nl > 0) sample = sample.substr(0, nl + 1);
  }
  ucsdet_setText(csd.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(csd.get(), &found, &status);
  if (U_FAILURE(status) || matches == nullptr) return d;
  for (int32_t k = 0; k < found; ++k) {
    UErrorCode st = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[k], &st);
    int32_t conf = ucsdet_getConfidence(matches[k], &st);
    if (U_FAILURE(st) || name == nullptr) continue;
    std::string_view n(name);
    if (d.top.empty()) {
      d.top = name;
      d.top_confidence = conf;
    }
    if (n == "GB18030") {
      d.gb18030 = std::max(d.gb18030, static_cast<int>(conf));
    } else if ((n == "Big5" || n == "EUC-KR" || n == "EUC-JP" || n == "Shift_JIS" || n == "ISO-2022-CN" ||
                n == "ISO-2022-JP" || n == "ISO-2022-KR") &&
               conf > d.other_cjk_confidence) {
      d.other_cjk = name;
      d.other_cjk_confidence = conf;
    }
  }
  return d;
}

// Share of GB18030 multi-byte characters in the common GB2312 area (symbols A1-A9 and
// hanzi B0-F7, second byte A1-FE). Real Chinese text: nearly all. Other encodings or
// UTF-8 read as GB18030: far fewer (GBK extension areas, user-defined areas, 4-byte codes).
struct GbStats {
  std::size_t multi = 0;
  std::size_t common = 0;
};

GbStats gb_stats(std::string_view bytes) {
  GbStats st;
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char c = s[i];
    if (c < 0x80 || c == 0x80 || c == 0xFF || i + 1 >= n) {
      ++i;
      continue;
    }
    unsigned char t = s[i + 1];
    if (t >= 0x30 && t <= 0x39) {  // four-byte sequence
      ++st.multi;
      i += 4;
      continue;
    }
    ++st.multi;
    if (((c >= 0xA1 && c <= 0xA9) || (c >= 0xB0 && c <= 0xF7)) && t >= 0xA1 && t <= 0xFE) ++st.common;
    i += 2;
  }
  return st;
}

struct IcuConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Decode with ICU's GB18030 converter. Returns false and sets `bad_offset` at the first
// invalid or unmapped byte sequence.
bool convert_gb18030(std::string_view bytes, std::string& out, std::size_t& bad_offset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, IcuConverterCloser> cnv(ucnv_open("GB18030", &status));
  if (U_FAILURE(status)) {
    bad_offset = 0;
    return false;
  }
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) {
    bad_offset = 0;
    return false;
  }
  out.clear();
  out.reserve(bytes.size() * 3 / 2);
  const char* begin = bytes.data();
  const char* source = begin;
  const char* source_end = begin + bytes.size();
  UChar buf[16384];
  char32_t pending_high = 0;  // a high surrogate at the end of the previous chunk
  auto emit = [&](const UChar* b, const UChar* e) {
    for (const UChar* u = b; u < e; ++u) {
      char32_t cu = *u;
      if (pending_high) {
        if (cu >= 0xDC00 && cu <= 0xDFFF) {
          utf8::append(out, 0x10000 + ((pending_high - 0xD800) << 10) + (cu - 0xDC00));
          pending_high = 0;
          continue;
        }
        utf8::append(out, 0xFFFD);  // cannot happen with GB18030; keep the output well-formed
        pending_high = 0;
      }
      if (cu >= 0xD800 && cu <= 0xDBFF) {
        pending_high = cu;
      } else {
        utf8::append(out, cu);
      }
    }
  };
  for (;;) {
    UChar* target = buf;
    status = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, buf + std::size(buf), &source, source_end, nullptr, true, &status);
    emit(buf, target);
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(status)) {
      char invalid[32];
      int8_t len = sizeof invalid;
      UErrorCode st = U_ZERO_ERROR;
      ucnv_getInvalidChars(cnv.get(), invalid, &len, &st);
      std::size_t consumed = static_cast<std::size_t>(source - begin);
      bad_offset = consumed - std::min<std::size_t>(consumed, U_SUCCESS(st) ? static_cast<std::size_t>(len) : 0);
      return false;
    }
    break;
  }
  if (pending_high) utf8::append(out, 0xFFFD);
  // The converter maps every valid sequence; a U+FFFD in the output means substitution.
  if (out.find("\xEF\xBF\xBD") != std::string::npos) {
    bad_offset = bytes.size();
    return false;
  }
  return true;
}

SourceText make_source(std::string_view raw, const std::string& path, std::string encoding) {
  SourceText st;
  st.path = path;
  st.encoding = std::move(encoding);
  st.hash = fingerprint(raw);
  st.bytes = raw.size();
  return st;
}

// The file whose bytes are `raw`, decoded as `encoding` to `utf8`, split into lines.
// `may_be_forbidden`: false when the text is known to hold nothing replace_xml_forbidden
// would replace (its UTF-8 scan and binary check saw none), so it need not be looked through.
SourceText decoded(std::string_view raw, const std::string& path, std::string encoding, std::string_view utf8,
                   bool may_be_forbidden = true) {
  check_not_empty(utf8, path);
  SourceText st = make_source(raw, path, std::move(encoding));
  split_lines(utf8, path, st.lines);
  // U+FFFF, stray controls: never in an output. Looked for in the whole text first (line
  // ends are allowed, so a text without any has no line with any).
  if (may_be_forbidden && has_xml_forbidden(utf8))
    for (Line& l : st.lines) replace_xml_forbidden(l.text);
  return st;
}

// 1. Byte-order marks. A BOM is trusted: bytes that do not decode in the announced
// encoding are an error. Nothing when the file has no BOM.
std::optional<SourceText> decode_with_bom(std::string_view bytes, const std::string& path) {
  auto has_prefix = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  if (has_prefix("\xEF\xBB\xBF")) {
    std::string_view text = bytes.substr(3);
    check_binary_8bit(text, path);
    Utf8Scan scan = scan_utf8(text, true);
    if (!scan.valid)
      throw input_error(
          path, line_of_offset(text, scan.first_bad), _("invalid byte sequence in UTF-8 text"),
          tr("the file starts with a UTF-8 byte-order mark but has bytes that are not UTF-8; {}", _(kSaveHint)));
    return decoded(bytes, path, "UTF-8-BOM", text);
  }
  if (has_prefix("\xFF\xFE") || has_prefix("\xFE\xFF")) {
    bool le = bytes[0] == '\xFF';
    return decoded(bytes, path, le ? "UTF-16LE" : "UTF-16BE", decode_utf16(bytes.substr(2), le, path));
  }
  return std::nullopt;
}

// 4. Legacy Chinese: ICU's detector, then GB18030 via ICU's converter, accepted only when
// clean and plausible. UTF-8 Chinese read as GB18030 is never plausible: only about a third
// of its byte pairs land in the GB2312 area, far below the 80 % required.
struct Gb18030 {
  Detection det;
  std::string utf8;
  std::size_t bad_offset = 0;  // where the converter stopped
  bool converted = false, plausible = false, vetoed = false;
  bool accepted() const { return converted && plausible && !vetoed; }
};

Gb18030 try_gb18030(std::string_view bytes) {
  Gb18030 gb;
  gb.det = detect(bytes);
  gb.converted = convert_gb18030(bytes, gb.utf8, gb.bad_offset);
  GbStats gs = gb_stats(bytes);
  gb.plausible = gs.multi > 0 && gs.common * 5 >= gs.multi * 4;  // >= 80 %
  gb.vetoed = gb.det.other_cjk_confidence >= 50 && gb.det.other_cjk_confidence > gb.det.gb18030;
  return gb;
}

// Bytes that are neither UTF-8 nor GB18030: the error says where and what they look like.
[[noreturn]] void undecodable(std::string_view bytes, const std::string& path, const Utf8Scan& scan,
                              const Gb18030& gb) {
  const int first_bad_line = line_of_offset(bytes, scan.first_bad);
  // 5. Damaged UTF-8: plenty of well-formed multi-byte UTF-8 and few bad spots (GBK text has
  // a bad spot every few characters). E.g. a UTF-8 file truncated in the middle of a character.
  if (scan.good_multi >= 3 && scan.good_multi >= 2 * scan.bad)
    throw input_error(
        path, first_bad_line, _("invalid byte sequence in UTF-8 text"),
        tr("the file is UTF-8 but this line has damaged or truncated characters; fix the line or {}", _(kSaveHint)));

  // 6. GB18030 Chinese with a damaged spot: point at the spot where the converter stopped.
  if (!gb.converted && gb.plausible && !gb.vetoed)
    throw input_error(path, line_of_offset(bytes, gb.bad_offset), _("invalid byte sequence in GB18030 text"),
                      tr("the file looks like GB18030/GBK Chinese but this line has bytes that do not decode; fix "
                         "the line or {}",
                         _(kSaveHint)));

  // 7. Neither: point at the first byte that is not UTF-8, and name the detector's guess.
  const Detection& det = gb.det;
  std::string hint = _(kSaveHint);
  std::string guess = gb.vetoed ? det.other_cjk : (det.top != "GB18030" && det.top_confidence >= 30 ? det.top : "");
  if (!guess.empty()) hint = tr("it looks like {} text; {}", guess, hint);
  throw input_error(path, first_bad_line, _("invalid byte sequence: not UTF-8 or GB18030 text"), hint);
}

}  // namespace

// UTF-16 saved without a byte-order mark (some tools' "Unicode"): NUL bytes mostly on one
// side of each pair (the high byte of ASCII: line ends, digits), and nearly every code
// unit text in the scripts a summary uses.
std::optional<SourceText> decode_utf16_without_bom(std::string_view bytes, const std::string& path) {
  if (bytes.size() < 4 || bytes.size() % 2 != 0) return std::nullopt;
  if (std::memchr(bytes.data(), 0, bytes.size()) == nullptr) return std::nullopt;  // no NUL on either side
  std::size_t zero_even = 0, zero_odd = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i] == 0) ++(i % 2 == 0 ? zero_even : zero_odd);
  // Mostly on one side (一 is U+4E00: CJK text has a few on the other side too).
  if (std::max(zero_even, zero_odd) < 4 * std::min(zero_even, zero_odd) + 1) return std::nullopt;
  const bool little_endian = zero_odd > zero_even;
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t textual = 0, units = bytes.size() / 2;
  for (std::size_t k = 0; k < units; ++k) {
    char32_t u = little_endian ? static_cast<char32_t>(s[2 * k] | (s[2 * k + 1] << 8))
                               : static_cast<char32_t>((s[2 * k] << 8) | s[2 * k + 1]);
    bool text = (u >= 0x20 && u < 0x7F) || u == '\t' || u == '\n' || u == '\r' || (u >= 0xA0 && u < 0x2500) ||
                (u >= 0x3000 && u < 0xA000) || (u >= 0xFF00 && u < 0xFFF0) || (u >= 0xD800 && u < 0xE000);
    textual += text ? 1 : 0;
  }
  if (textual * 100 < units * 98) return std::nullopt;
  try {
    std::string utf8 = decode_utf16(bytes, little_endian, path);
    return decoded(bytes, path, little_endian ? "UTF-16LE" : "UTF-16BE", utf8);
  } catch (const Error&) {
    return std::nullopt;  // then the binary check names UTF-16 as the likely cause
  }
}

SourceText decode_text(std::string_view bytes, const std::string& path) {
  if (bytes.empty())
    throw input_error(path, 0, _("file is empty"), _("give a file that contains the work summary text"));
  if (auto st = decode_with_bom(bytes, path)) return std::move(*st);
  if (auto st = decode_utf16_without_bom(bytes, path)) return std::move(*st);

  // 2. 8-bit text: binary check first (a PNG is neither UTF-8 nor sensible GB18030).
  const bool controls = check_binary_8bit(bytes, path);

  // 3. Valid UTF-8.
  Utf8Scan scan = scan_utf8(bytes, false);
  if (scan.valid) return decoded(bytes, path, "UTF-8", bytes, controls || scan.noncharacter_lead);

  // 4. GB18030, else an error saying why not (5-7).
  Gb18030 gb = try_gb18030(bytes);
  if (gb.accepted()) return decoded(bytes, path, "GB18030", gb.utf8);
  undecodable(bytes, path, scan, gb);
}

namespace {

// Formats huizong does not read, by extension, as a user knows them.
struct OtherFormat {
  const char* extension;
  const char* name;
};
constexpr OtherFormat kOtherFormats[] = {
    {".doc", N_("an old Word document (.doc)")},
    {".dot", N_("a Word template (.dot)")},
    {".dotx", N_("a Word template (.dotx)")},
    {".wps", N_("a WPS document (.wps)")},
    {".wpt", N_("a WPS template (.wpt)")},
    {".pdf", N_("a PDF file")},
    {".ofd", N_("an OFD file")},
    {".rtf", N_("an RTF document")},
    {".odt", N_("an OpenDocument text (.odt)")},
    {".et", N_("a WPS spreadsheet (.et)")},
    {".xls", N_("an Excel workbook (.xls)")},
    {".xlsx", N_("an Excel workbook (.xlsx)")},
    {".csv", N_("a CSV table")},
    {".ppt", N_("a PowerPoint presentation (.ppt)")},
    {".pptx", N_("a PowerPoint presentation (.pptx)")},
    {".dps", N_("a WPS presentation (.dps)")},
    {".zip", N_("a zip archive")},
    {".rar", N_("a RAR archive")},
    {".7z", N_("a 7z archive")},
};

const char* other_format(const std::string& ext) {
  for (const OtherFormat& f : kOtherFormats)
    if (ext == f.extension) return _(f.name);
  return nullptr;
}

// built-in: 纯文本 is what Word and WPS call plain text in their Save As list.
const char* const kConvertHint =
    N_("huizong reads .txt (UTF-8, GB18030 or UTF-16) and .docx files: open it in Word or WPS and save it as .docx, "
       "or as 纯文本 (.txt)");

// Word/WPS lock files (~$name.docx, .~lock.name#) and other hidden files: never inputs.
bool hidden_or_lock(const std::string& name) { return name.starts_with("~$") || name.starts_with("."); }

// What the bytes are when they are a known document format rather than text.
const char* sniff_document(std::string_view bytes) {
  if (bytes.starts_with("%PDF")) return _("a PDF file");
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    return _("an old Word/WPS/Excel document (.doc, .wps, .et or .xls)");
  if (bytes.starts_with("{\\rtf")) return _("an RTF document");
  return nullptr;
}

}  // namespace

std::string read_bytes(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::string raw;
  // `-` is standard input.
  int err = read_whole_file(name == "-" ? std::filesystem::path("/dev/stdin") : path, raw);
  if (err == 0) return raw;
  // The same reasons as every other file read; the hints are an input file's.
  const char* hint = err == ENOENT || err == ENOTDIR ? _("check the file name and path")
                     : err == EACCES || err == EPERM
                         ? _("make the file readable (chmod +r) or copy it somewhere you can read")
                     : err == EISDIR ? _("give a .txt file (directories are read by the command line)")
                                     : _("check the file and try again");
  throw input_error(name, 0, read_failure(err), hint);
}

std::string display_path(const std::filesystem::path& path) {
  const std::string& raw = path.native();
  if (utf8::is_valid(raw)) return raw;
  // Per component: a folder may be UTF-8 and a name from a Windows zip GBK.
  std::string out;
  for (std::size_t begin = 0; begin <= raw.size();) {
    std::size_t end = std::min(raw.find('/', begin), raw.size());
    std::string_view part(raw.data() + begin, end - begin);
    std::string decoded;
    std::size_t bad = 0;
    if (utf8::is_valid(part)) {
      out += part;
    } else if (convert_gb18030(part, decoded, bad) && utf8::is_valid(decoded)) {
      out += decoded;  // GB18030 decodes one way: two names never give the same text
    } else {
      // Neither: each byte that is not UTF-8 as \xNN (a name written raw would make the
      // outputs invalid UTF-8; escaped, distinct names stay distinct).
      for (std::size_t i = 0; i < part.size();) {
        std::size_t n = utf8::valid_length(part, i);
        if (n > 0) {
          out.append(part, i, n);
          i += n;
          continue;
        }
        static const char* const hex = "0123456789ABCDEF";
        auto b = static_cast<unsigned char>(part[i++]);
        out += "\\x";
        out += hex[b >> 4];
        out += hex[b & 15];
      }
    }
    if (end == raw.size()) break;
    out += '/';
    begin = end + 1;
  }
  return out;
}

SourceText decode_file(std::string_view bytes, const std::filesystem::path& path) {
  const std::string ext = lower_extension(path), name = display_path(path);
  if (ext == ".docx") return decode_docx(bytes, name);
  if (const char* what = sniff_document(bytes))
    throw input_error(name, 0, tr("it is {}, not text", what), _(kConvertHint));
  // A zip archive under another name: a .docx renamed (read as one), else say what it is.
  if (bytes.starts_with("PK\x03\x04")) {
    try {
      return decode_docx(bytes, name);
    } catch (const Error&) {
      throw input_error(name, 0, _("it is a zip archive (an .odt, .xlsx or other packaged file), not text"),
                        _(kConvertHint));
    }
  }
  return decode_text(bytes, name);
}

SourceText read_file(const std::filesystem::path& path) { return decode_file(read_bytes(path), path); }

namespace {

namespace fs = std::filesystem;

// The readable files of a directory, sorted by name; every other file is skipped with a
// reason (hidden and lock files silently).
std::vector<fs::path> directory_inputs(const std::string& arg, std::vector<SkippedFile>* skipped) {
  std::vector<fs::path> found;
  std::vector<SkippedFile> others;
  std::error_code ec;
  fs::directory_iterator it(fs::path(arg), ec), end;
  if (ec)
    throw input_error(arg, 0, tr("cannot read directory: {}", ec.message()), _("check the directory's permissions"));
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    std::string ext = lower_extension(it->path());
    std::error_code fe;
    if (hidden_or_lock(name) || !it->is_regular_file(fe) || fe) continue;
    if (ext == ".txt" || ext == ".docx") {
      found.push_back(it->path());
      continue;
    }
    const char* what = other_format(ext);
    others.push_back(
        {it->path().string(), tr("not read: {}; {}", what ? what : _("not a .txt or .docx file"), _(kConvertHint))});
  }
  if (ec)
    throw input_error(arg, 0, tr("cannot read directory: {}", ec.message()), _("check the directory's permissions"));
  if (found.empty())
    throw input_error(arg, 0, _("no .txt or .docx files in directory"),
                      _("put the work summaries in it as .txt or .docx files, or name the files directly"));
  auto by_name = [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); };
  std::sort(found.begin(), found.end(), by_name);
  std::sort(others.begin(), others.end(), [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });
  if (skipped) skipped->insert(skipped->end(), others.begin(), others.end());
  return found;
}

}  // namespace

std::vector<std::filesystem::path> expand_inputs(const std::vector<std::string>& args,
                                                 std::vector<SkippedFile>* skipped) {
  std::vector<fs::path> out;
  for (const auto& arg : args) {
    if (arg == "-") {  // standard input
      out.emplace_back(arg);
      continue;
    }
    fs::path p(arg);
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        throw input_error(arg, 0, tr("cannot access: {}", ec.message()), _("check the path and its permissions"));
      throw input_error(arg, 0, _("no such file or directory"), _("check the path"));
    }
    if (fs::is_directory(st)) {
      for (auto& f : directory_inputs(arg, skipped)) out.push_back(std::move(f));
      continue;
    }
    if (const char* what = other_format(lower_extension(p)))
      throw input_error(arg, 0, tr("{} is not read", what), _(kConvertHint));
    out.push_back(p);
  }
  drop_repeated_inputs(out);
  return out;
}

void drop_repeated_inputs(std::vector<std::filesystem::path>& files) {
  std::vector<std::string> seen;
  std::vector<fs::path> kept;
  for (fs::path& f : files) {
    std::error_code ec;
    fs::path canonical = f.string() == "-" ? f : fs::weakly_canonical(f, ec);
    std::string key = ec ? f.lexically_normal().string() : canonical.string();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    kept.push_back(std::move(f));
  }
  files = std::move(kept);
}

}  // namespace huizong
