#include "read/read.h"

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/text.h"
#include "common/utf8.h"
#include "common/xml_chars.h"
#include "support.h"

using namespace huizong;
using namespace huizong::test;
namespace fs = std::filesystem;

namespace {

const std::string kSample = std::string(HUIZONG_SAMPLES_DIR) + "/000_ccd03a349e8ccd45.txt";
const std::string kData = std::string(HUIZONG_TEST_DATA_DIR) + "/read";

bool same_lines(const std::vector<Line>& a, const std::vector<Line>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Line& x, const Line& y) { return x.number == y.number && x.text == y.text; });
}

}  // namespace

TEST_CASE("read_file reads the UTF-8 sample", "[read]") {
  SourceText st = read_file(kSample);
  std::string raw = slurp(kSample);
  CHECK(st.encoding == "UTF-8");
  CHECK(st.path == kSample);
  CHECK(st.bytes == raw.size());
  CHECK(st.hash == fingerprint(raw));
  REQUIRE(st.lines.size() == 200);
  CHECK(st.lines[2].number == 3);
  CHECK(st.lines[2].text == "应急管理局2023年上半年工作总结");
  // Text as written: the full-width indentation of the paragraphs is kept.
  CHECK(st.lines[3].text.rfind("\u3000\u30002023年上半年", 0) == 0);
  for (std::size_t i = 0; i < st.lines.size(); ++i) CHECK(st.lines[i].number == static_cast<int>(i) + 1);
  // The sample ends with "\n\n\n": the last two lines are blank, no extra line after the last LF.
  CHECK(st.lines[198].text.empty());
  CHECK(st.lines[199].text.empty());
  CHECK_FALSE(st.lines[197].text.empty());
}

TEST_CASE("every supported encoding and line ending gives the same lines", "[read]") {
  const std::string utf8 = slurp(kSample);
  const SourceText ref = decode_text(utf8, "sample");
  REQUIRE(ref.lines.size() == 200);

  struct Variant {
    std::string name, bytes, encoding;
  };
  const std::string bom8 = "\xEF\xBB\xBF", bom_le = "\xFF\xFE", bom_be = "\xFE\xFF";
  std::vector<Variant> variants = {
      {"GB18030", convert_to("GB18030", utf8), "GB18030"},
      {"UTF-16LE with BOM", bom_le + convert_to("UTF-16LE", utf8), "UTF-16LE"},
      {"UTF-16BE with BOM", bom_be + convert_to("UTF-16BE", utf8), "UTF-16BE"},
      {"UTF-8 with BOM", bom8 + utf8, "UTF-8-BOM"},
      {"CRLF", replace_all(utf8, "\n", "\r\n"), "UTF-8"},
      {"CR", replace_all(utf8, "\n", "\r"), "UTF-8"},
      {"GB18030 + CRLF", convert_to("GB18030", replace_all(utf8, "\n", "\r\n")), "GB18030"},
      {"UTF-16LE + CR", bom_le + convert_to("UTF-16LE", replace_all(utf8, "\n", "\r")), "UTF-16LE"},
  };
  for (const auto& v : variants) {
    INFO(v.name);
    SourceText st = decode_text(v.bytes, v.name);
    CHECK(st.encoding == v.encoding);
    CHECK(st.bytes == v.bytes.size());
    CHECK(st.hash == fingerprint(v.bytes));
    CHECK(st.path == v.name);
    CHECK(st.lines.size() == ref.lines.size());
    CHECK(same_lines(st.lines, ref.lines));
  }
}

TEST_CASE("a GBK file written by iconv is read as GB18030", "[read]") {
  const std::string path = kData + "/gbk_5lines.txt";
  SourceText st = read_file(path);
  CHECK(st.encoding == "GB18030");
  CHECK(st.bytes == slurp(path).size());
  SourceText ref = read_file(kSample);
  REQUIRE(st.lines.size() == 5);
  CHECK(same_lines(st.lines, std::vector<Line>(ref.lines.begin(), ref.lines.begin() + 5)));
  CHECK(st.lines[2].text == "应急管理局2023年上半年工作总结");
}

TEST_CASE("short GBK text is still GB18030", "[read]") {
  // "中文" and "你好\n" in GBK: too short for the detector to be sure, but clean GB2312 hanzi.
  SourceText a = decode_text("\xD6\xD0\xCE\xC4", "a");
  CHECK(a.encoding == "GB18030");
  CHECK(texts(a) == std::vector<std::string>{"中文"});
  SourceText b = decode_text("\xC4\xE3\xBA\xC3\n", "b");
  CHECK(b.encoding == "GB18030");
  CHECK(texts(b) == std::vector<std::string>{"你好"});
}

TEST_CASE("other East-Asian legacy encodings are rejected, not read as GB18030 mojibake", "[read]") {
  for (const auto& [file, name] : {std::pair{"big5_3lines.txt", "Big5"}, std::pair{"euckr_3lines.txt", "EUC-KR"}}) {
    const std::string path = kData + "/" + file;
    Error e = expect_input_error([&] { read_file(path); }, path, "invalid byte sequence");
    CHECK(e.line() == 1);
    CHECK(e.hint().find(name) != std::string::npos);
    CHECK(e.hint().find("UTF-8") != std::string::npos);
  }
}

TEST_CASE("line splitting", "[read]") {
  using V = std::vector<std::string>;
  CHECK(texts(decode_text("a", "t")) == V{"a"});
  CHECK(texts(decode_text("a\n", "t")) == V{"a"});
  CHECK(texts(decode_text("a\r\n", "t")) == V{"a"});
  CHECK(texts(decode_text("a\r", "t")) == V{"a"});
  CHECK(texts(decode_text("a\n\n", "t")) == V{"a", ""});
  CHECK(texts(decode_text("\na", "t")) == V{"", "a"});
  CHECK(texts(decode_text("a\r\n\r\nb", "t")) == V{"a", "", "b"});
  CHECK(texts(decode_text("a\r\rb\r", "t")) == V{"a", "", "b"});
  CHECK(texts(decode_text("a\n\rb", "t")) == V{"a", "", "b"});  // LF then lone CR: two line ends
  CHECK(texts(decode_text("a\r\nb\nc\rd", "t")) == V{"a", "b", "c", "d"});
  // Kept as written: no trimming, no normalisation, tabs stay; a form feed (a page
  // break, which XML does not allow) becomes a space.
  CHECK(texts(decode_text("\u3000\u3000（一）１２ \t\n  x  \f\n", "t")) == V{"\u3000\u3000（一）１２ \t", "  x   "});
  SourceText st = decode_text("x\n\n\ny\n", "t");
  REQUIRE(st.lines.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(st.lines[static_cast<std::size_t>(i)].number == i + 1);
  // The UTF-8 BOM is removed from the first line; a BOM elsewhere is text and is kept.
  CHECK(texts(decode_text("\xEF\xBB\xBF"
                          "a\n\xEF\xBB\xBF"
                          "b",
                          "t")) == V{"a",
                                     "\xEF\xBB\xBF"
                                     "b"});
}

TEST_CASE("a few stray control characters are tolerated", "[read]") {
  // A DOS end-of-file Ctrl-Z and an ESC are not enough to call a text binary.
  SourceText st = decode_text("工作总结\n\x1B[0m完成\n\x1A", "t");
  CHECK(st.encoding == "UTF-8");
  CHECK(st.lines.size() == 3);
}

TEST_CASE("read errors", "[read]") {
  TempDir tmp("errors");

  SECTION("missing file") {
    std::string p = (tmp.dir / "nope.txt").string();
    expect_input_error([&] { read_file(p); }, p, "no such file");
  }
  SECTION("directory") {
    std::string p = tmp.dir.string();
    expect_input_error([&] { read_file(p); }, p, "directory");
  }
  SECTION("no permission") {
    if (::geteuid() == 0) {
      WARN("running as root, which can read any file: permission test skipped");
    } else {
      fs::path p = tmp.file("secret.txt", "工作总结\n");
      fs::permissions(p, fs::perms::none);
      expect_input_error([&] { read_file(p); }, p.string(), "permission denied");
    }
  }
  SECTION("empty file") {
    fs::path p = tmp.file("empty.txt", "");
    Error e = expect_input_error([&] { read_file(p); }, p.string(), "file is empty");
    CHECK(e.line() == 0);
  }
  SECTION("only whitespace, in every encoding") {
    fs::path p = tmp.file("blank.txt", " \t\r\n\u3000\u3000\n\u2002\n\n");
    expect_input_error([&] { read_file(p); }, p.string(), "file is empty");
    fs::path bom = tmp.file("bom.txt", "\xEF\xBB\xBF");
    expect_input_error([&] { read_file(bom); }, bom.string(), "file is empty");
    fs::path bom16 = tmp.file("bom16.txt", std::string("\xFF\xFE \0\n\0\x00\x30", 8));  // " \n\u3000"
    expect_input_error([&] { read_file(bom16); }, bom16.string(), "file is empty");
    fs::path gb = tmp.file("gb.txt", "\xA1\xA1\r\n");  // GB18030 ideographic space
    expect_input_error([&] { read_file(gb); }, gb.string(), "file is empty");
  }
  SECTION("binary: a PNG renamed .txt") {
    std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1F\xF3\xFF\x61", 33);
    fs::path p = tmp.file("picture.txt", png);
    expect_input_error([&] { read_file(p); }, p.string(), "binary file, not text");
  }
  SECTION("binary: a NUL byte in otherwise good UTF-8") {
    fs::path p = tmp.file("nul.txt", std::string("工作总结\n") + '\0' + "完成\n");
    expect_input_error([&] { read_file(p); }, p.string(), "binary file, not text");
  }
  SECTION("binary: many control characters, no NUL") {
    std::string s = "abc";
    for (int i = 0; i < 40; ++i) s += std::string("\x01\x02\x1B\x7Fxyz\x03");
    fs::path p = tmp.file("ctrl.txt", s);
    expect_input_error([&] { read_file(p); }, p.string(), "binary file, not text");
  }
  SECTION("UTF-16 without a BOM is read, in both byte orders") {
    const std::string text = "一、工作总结\n2023年，全县完成投资12亿元。\nabc\n";
    for (const char* enc : {"UTF-16LE", "UTF-16BE"}) {
      fs::path p = tmp.file("u16.txt", convert_to(enc, text));
      SourceText st = read_file(p);
      CHECK(st.encoding == enc);
      REQUIRE(st.lines.size() >= 3);
      CHECK(st.lines[0].text == "一、工作总结");
      CHECK(st.lines[2].text == "abc");
    }
  }
  SECTION("binary that is not UTF-16 text names UTF-16 only when it looks like it") {
    // NULs on one side but code units that are no text: still binary.
    std::string junk;
    for (int i = 0; i < 64; ++i) junk += std::string("\x01\0\x02\0", 4);
    fs::path p = tmp.file("junk.txt", junk);
    expect_input_error([&] { read_file(p); }, p.string(), "binary file, not text");
  }
  SECTION("invalid byte sequence names the line") {
    // 0xFF and 0x80 are invalid in UTF-8 and in GB18030.
    fs::path p = tmp.file("bad.txt", "first line\nsecond\r\nthird \xFF\x80 here\nfourth\n");
    Error e = expect_input_error([&] { read_file(p); }, p.string(), "invalid byte sequence");
    CHECK(e.line() == 3);
    CHECK(e.one_line().find(p.string() + ":3: ") == 0);
    CHECK(e.hint().find("UTF-8") != std::string::npos);
  }
  SECTION("invalid bytes in GB18030 text name the GB18030 line") {
    std::string gb = convert_to("GB18030", slurp(kSample));
    std::size_t at = gb.find('\n', gb.size() / 2);  // a line end in the middle of the file
    REQUIRE(at != std::string::npos);
    int line = static_cast<int>(std::count(gb.begin(), gb.begin() + static_cast<long>(at), '\n')) + 2;
    gb.insert(at + 1, "\xFF");
    fs::path p = tmp.file("gb_bad.txt", gb);
    Error e = expect_input_error([&] { read_file(p); }, p.string(), "invalid byte sequence in GB18030 text");
    CHECK(e.line() == line);
  }
  SECTION("invalid byte sequence after a UTF-8 BOM") {
    fs::path p = tmp.file("bom_bad.txt",
                          "\xEF\xBB\xBF"
                          "ok\n\xD6\xD0\xCE\xC4\n");  // BOM, then GBK bytes
    Error e = expect_input_error([&] { read_file(p); }, p.string(), "invalid byte sequence");
    CHECK(e.line() == 2);
  }
  SECTION("bad UTF-16") {
    fs::path odd = tmp.file("odd.txt", std::string("\xFF\xFE"
                                                   "a\0b\0\n\0c",
                                                   9));  // odd byte count
    Error e1 = expect_input_error([&] { read_file(odd); }, odd.string(), "invalid byte sequence");
    CHECK(e1.line() == 2);
    std::string lone("\xFE\xFF\0a\0\n\0\n\xD8\x00\0b", 12);  // BE: a LF LF <high surrogate> b
    fs::path sur = tmp.file("surrogate.txt", lone);
    Error e2 = expect_input_error([&] { read_file(sur); }, sur.string(), "invalid byte sequence");
    CHECK(e2.line() == 3);
  }
  SECTION("a line over 1 MB") {
    std::string s = "title\n" + std::string((1u << 20) + 1, 'x') + "\nend\n";
    fs::path p = tmp.file("long.txt", s);
    Error e = expect_input_error([&] { read_file(p); }, p.string(), "line 2 is over 1 MB: not a work summary");
    CHECK(e.line() == 2);
  }
}

TEST_CASE("a line of exactly 1 MB is accepted", "[read]") {
  std::string s = "a\n" + std::string(1u << 20, 'x') + "\n";
  SourceText st = decode_text(s, "t");
  REQUIRE(st.lines.size() == 2);
  CHECK(st.lines[1].text.size() == (1u << 20));
}

TEST_CASE("a 50 MB single-line input is rejected", "[read]") {
  std::string s(50u << 20, 'a');
  for (std::size_t i = 0; i < s.size(); i += 3000) s[i] = ' ';
  Error e = expect_input_error([&] { decode_text(s, "huge.txt"); }, "huge.txt", "line 1 is over 1 MB");
  CHECK(e.line() == 1);
  // Same in Chinese, and in GB18030.
  std::string zh;
  zh.reserve(6u << 20);
  while (zh.size() < (6u << 20)) zh += "全力以赴防范化解安全生产重大风险，";
  expect_input_error([&] { decode_text(zh, "zh.txt"); }, "zh.txt", "line 1 is over 1 MB");
  std::string gb = convert_to("GB18030", zh);
  expect_input_error([&] { decode_text(gb, "gb.txt"); }, "gb.txt", "line 1 is over 1 MB");
}

// Truncated / damaged UTF-8. UTF-8 Chinese bytes also decode as "valid" GB18030 (mojibake),
// so a UTF-8 file with one damaged character must not silently become GB18030. Choice: it is
// an error, "invalid byte sequence", naming the line of the first bad byte. GB18030 is only
// accepted when the result is plausible Chinese (>= 80 % of its double-byte characters in the
// GB2312 symbol/hanzi area); UTF-8 read as GB18030 has about a third there, so it never is.
TEST_CASE("truncated UTF-8 is an error naming the line, not GB18030", "[read]") {
  const std::string utf8 = slurp(kSample);
  SECTION("cut in the middle of the last Chinese character") {
    std::size_t lead = utf8.find_last_of("\xE4\xE5\xE6\xE7\xE8\xE9");  // lead byte of a 3-byte character
    REQUIRE(lead != std::string::npos);
    std::string s = utf8.substr(0, lead + 2);  // keep the lead and one continuation byte
    int line = static_cast<int>(std::count(s.begin(), s.end(), '\n')) + 1;
    Error e = expect_input_error([&] { decode_text(s, "cut.txt"); }, "cut.txt", "invalid byte sequence");
    CHECK(e.line() == line);
    CHECK(line > 190);
  }
  SECTION("cut in the middle of a character, then more text") {
    std::string s = "工作总结\n第二行\n中\xE6\x96\n第四行\n";  // 文 = E6 96 87, last byte lost
    Error e = expect_input_error([&] { decode_text(s, "mid.txt"); }, "mid.txt", "invalid byte sequence");
    CHECK(e.line() == 3);
  }
  SECTION("one bad byte in the middle of the UTF-8 sample") {
    std::string s = utf8;
    std::size_t at = s.find("应急管理局");
    REQUIRE(at != std::string::npos);
    s.insert(at + 3, "\xFF");  // after 应
    Error e = expect_input_error([&] { decode_text(s, "bad.txt"); }, "bad.txt", "invalid byte sequence in UTF-8 text");
    CHECK(e.line() == 3);
  }
  SECTION("a short file: '中文' then half a character") {
    std::string s = "中文\xE4\xB8";
    CHECK_THROWS_AS(decode_text(s, "short.txt"), Error);
  }
}

TEST_CASE("binary is reported before undecodable", "[read]") {
  // ELF header: NUL bytes and high bytes.
  std::string elf(
      "\x7F"
      "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0\x01\0\0\0",
      24);
  expect_input_error([&] { decode_text(elf, "prog"); }, "prog", "binary file, not text");
}

TEST_CASE("expand_inputs", "[read]") {
  TempDir tmp("expand");
  tmp.file("b.txt", "b\n");
  tmp.file("a.txt", "a\n");
  tmp.file("c.md", "c\n");

  SECTION("a directory gives its .txt files sorted by name") {
    auto files = expand_inputs({tmp.dir.string()});
    REQUIRE(files.size() == 2);
    CHECK(files[0].filename() == "a.txt");
    CHECK(files[1].filename() == "b.txt");
    CHECK(files[0].parent_path() == tmp.dir);
  }
  SECTION("upper-case extension counts; subdirectories are not entered") {
    tmp.file("D.TXT", "d\n");
    fs::create_directories(tmp.dir / "sub");
    tmp.file("sub/e.txt", "e\n");
    fs::create_directories(tmp.dir / "dir.txt");  // a directory named like a text file
    auto files = expand_inputs({tmp.dir.string()});
    std::vector<std::string> names;
    for (const auto& f : files) names.push_back(f.filename().string());
    CHECK(names == std::vector<std::string>{"D.TXT", "a.txt", "b.txt"});
  }
  SECTION("files stay as given, even without .txt, in argument order") {
    std::string md = (tmp.dir / "c.md").string();
    std::string b = (tmp.dir / "b.txt").string();
    auto files = expand_inputs({md, b});
    REQUIRE(files.size() == 2);
    CHECK(files[0] == fs::path(md));
    CHECK(files[1] == fs::path(b));
  }
  SECTION("every other file of a directory is skipped with one reason each; hidden files silently") {
    tmp.file("d.pdf", "%PDF-1.4");
    tmp.file("e.wps", "x");
    tmp.file(".hidden.txt", "x");
    std::vector<SkippedFile> skipped;
    auto files = expand_inputs({tmp.dir.string()}, &skipped);
    CHECK(files.size() == 2);
    std::vector<std::string> names;
    for (const auto& s : skipped) names.push_back(fs::path(s.path).filename().string());
    CHECK(names == std::vector<std::string>{"c.md", "d.pdf", "e.wps"});
    CHECK(contains(skipped[1].reason, "PDF"));
    CHECK(contains(skipped[2].reason, "WPS document"));
  }
  SECTION("a .doc, .wps or .pdf named directly is an error listing the formats read") {
    for (const char* name : {"x.doc", "x.WPS", "x.pdf", "x.odt"}) {
      std::string p = tmp.file(name, "x").string();
      Error e = expect_input_error([&] { expand_inputs({p}); }, p, "is not read");
      CHECK(contains(e.hint(), ".txt (UTF-8, GB18030 or UTF-16) and .docx"));
    }
  }
  SECTION("the same file named twice or through two paths is kept once; - is standard input") {
    std::string b = (tmp.dir / "b.txt").string();
    std::string b2 = (tmp.dir / "." / "b.txt").string();
    auto files = expand_inputs({b, "-", b2, tmp.dir.string(), "-"});
    std::vector<std::string> names;
    for (const auto& f : files) names.push_back(f.filename().string());
    CHECK(names == std::vector<std::string>{"b.txt", "-", "a.txt"});
  }
  SECTION("missing path") {
    std::string p = (tmp.dir / "missing").string();
    Error e = expect_input_error([&] { expand_inputs({p}); }, p, "no such file or directory");
    CHECK(e.line() == 0);
  }
  SECTION("directory without .txt files") {
    fs::create_directories(tmp.dir / "empty");
    tmp.file("empty/notes.md", "x\n");
    std::string p = (tmp.dir / "empty").string();
    expect_input_error([&] { expand_inputs({p}); }, p, "no .txt or .docx files in directory");
  }
}

TEST_CASE("characters XML forbids are replaced when text is read, so no output holds them", "[read][xml]") {
  const std::string fffd = "\uFFFD";
  // U+FFFF, U+FFFE, U+FDD0, U+1FFFF and a stray control (ESC), in UTF-8 and in UTF-16.
  std::string bad =
      "\xEF\xBF\xBF"
      "\xEF\xBF\xBE"
      "\xEF\xB7\x90"
      "\xF0\x9F\xBF\xBF"
      "\x1B";
  std::string text = "一、加强监管" + bad + "工作\n二、其他\n";
  SourceText st = decode_text(text, "t.txt");
  REQUIRE(st.lines.size() == 2);
  CHECK(st.lines[0].text == "一、加强监管" + fffd + fffd + fffd + fffd + fffd + "工作");
  CHECK(st.lines[1].text == "二、其他");
  std::string utf16 = "\xFF\xFE";  // UTF-16LE: 一 U+FFFF 二
  for (char32_t cp : {U'一', U'\uFFFF', U'二'}) {
    utf16 += static_cast<char>(cp & 0xFF);
    utf16 += static_cast<char>(cp >> 8);
  }
  CHECK(decode_text(utf16, "t.txt").lines[0].text == "一" + fffd + "二");
  // Ordinary text, tabs and CJK untouched.
  std::string plain = "\t　　（一）加强监管，检查企业12家。";
  CHECK(without_xml_forbidden(plain) == plain);
  CHECK(without_xml_forbidden("a\xFF"
                              "b") == "a" + fffd + "b");  // and bytes that are not UTF-8
}

// What replace_xml_forbidden must do, one sequence at a time (it skips ASCII and CJK runs
// by the word): the same result on random mixes of what text holds and what it must not.
static std::string replaced_one_by_one(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t invalid = 1, n = utf8::valid_length(s, i, &invalid);
    if (n == 0) {
      out += "\uFFFD";
      i += invalid;
      continue;
    }
    std::size_t next = i;
    const char32_t cp = utf8::decode(s, next);
    if (!is_xml_forbidden(cp))
      out.append(s.substr(i, n));
    else
      out += cp == U'\f' || cp == U'\v' ? " " : "\uFFFD";
    i += n;
  }
  return out;
}

TEST_CASE("characters XML forbids are found wherever they fall among ASCII and CJK runs", "[read][xml]") {
  const std::vector<std::string> pieces = {"a",
                                           "0123456789",
                                           " ",
                                           "\t",
                                           "\n",
                                           "\r",
                                           "\x01",
                                           "\x1B",
                                           "\f",
                                           "\x7F",
                                           "中",
                                           "检查企业",
                                           "，",
                                           "\xEF\xBC\x8C",  // full-width comma: lead EF, allowed
                                           "\xEF\xBF\xBF",
                                           "\xEF\xBF\xBE",
                                           "\xEF\xB7\x90",  // U+FFFF, U+FFFE, U+FDD0
                                           "\xF0\x9F\x98\x80",
                                           "\xF0\x9F\xBF\xBF",  // an emoji, U+1FFFF
                                           "\xED\xA0\x80",
                                           "\xFF",
                                           "\xC0",
                                           "\x80",
                                           "\xE4\xB8",  // a surrogate, bytes that are no UTF-8
                                           "\xC2\xA0"};
  std::mt19937 random(20261204);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    for (int k = static_cast<int>(random() % 40); k > 0; --k) s += pieces[random() % pieces.size()];
    INFO("text: " << s);
    CHECK(without_xml_forbidden(s) == replaced_one_by_one(s));
    CHECK(has_xml_forbidden(s) == (replaced_one_by_one(s) != s));
  }
}

TEST_CASE("a file name that is not UTF-8 is decoded as GB18030 or escaped, never kept raw", "[read][names]") {
  // 报告.txt in GBK, as a Windows zip stores it, under a UTF-8 folder.
  CHECK(display_path("收件/\xB1\xA8\xB8\xE6.txt") == "收件/报告.txt");
  CHECK(display_path("samples/a.txt") == "samples/a.txt");
  // Not GB18030 either: escaped, and two such names stay two names.
  std::string a = display_path("x/\xFF\xFE.txt"), b = display_path("x/\xFF\xFD.txt");
  CHECK(a == "x/\\xFF\\xFE.txt");
  CHECK(a != b);
  CHECK(utf8::is_valid(a));
  // The model's path and every error message use the decoded name.
  fs::path dir = fs::temp_directory_path() / "huizong_read_names";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path gbk = dir / "\xB1\xA8\xB8\xE6.txt";
  std::ofstream(gbk) << "县应急管理局2023年上半年工作总结\n一、工作情况\n";
  CHECK(read_file(gbk).path == (dir / "报告.txt").string());
  fs::remove_all(dir);
}

TEST_CASE("a device or a pipe is not read without bound", "[read][errors]") {
  // /dev/zero never ends: refused before a byte is read.
  try {
    read_bytes("/dev/zero");
    FAIL("/dev/zero was read");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
    CHECK(e.problem() == "is a device, not a file");
  }
  // A pipe is read like a file (process substitution <(…) is one), to its end.
  fs::path fifo = fs::temp_directory_path() / "huizong_read_fifo";
  fs::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] { std::ofstream(fifo) << "县应急管理局2023年上半年工作总结\n"; });
  std::string bytes = read_bytes(fifo);
  writer.join();
  CHECK(bytes == "县应急管理局2023年上半年工作总结\n");
  fs::remove(fifo);
}
