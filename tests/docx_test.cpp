// .docx reader: documents are built here with libzip from small XML strings.
#include "read/docx.h"

#include <zip.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/cn_numeral.h"
#include "common/error.h"
#include "common/text.h"
#include "read/read.h"
#include "support.h"

using namespace huizong;
using namespace huizong::test;
namespace fs = std::filesystem;

namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip archive in memory (every part deflated).
std::string make_zip(const Parts& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  REQUIRE(src != nullptr);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  REQUIRE(za != nullptr);
  zip_source_keep(src);
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    REQUIRE(s != nullptr);
    zip_int64_t idx = zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    REQUIRE(idx >= 0);
    REQUIRE(zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 0) == 0);
  }
  REQUIRE(zip_close(za) == 0);  // the part buffers are read here: they must still be alive
  REQUIRE(zip_source_open(src) == 0);
  REQUIRE(zip_source_seek(src, 0, SEEK_END) == 0);
  zip_int64_t size = zip_source_tell(src);
  REQUIRE(size > 0);
  REQUIRE(zip_source_seek(src, 0, SEEK_SET) == 0);
  std::string out(static_cast<std::size_t>(size), '\0');
  REQUIRE(zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size)) == size);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

const char* const kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
    R"(</Types>)";
const char* const kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
    R"(</Relationships>)";
const char* const kW = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string document(const std::string& body) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document )") + kW + "><w:body>" +
         body + R"(<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>)";
}
std::string run(const std::string& text) {
  return R"(<w:r><w:t xml:space="preserve">)" + xml_escape(text) + "</w:t></w:r>";
}
std::string para(const std::string& text) { return "<w:p>" + run(text) + "</w:p>"; }
std::string numbered(const std::string& text, int num_id, int ilvl) {
  return R"(<w:p><w:pPr><w:numPr><w:ilvl w:val=")" + std::to_string(ilvl) + R"("/><w:numId w:val=")" +
         std::to_string(num_id) + R"("/></w:numPr></w:pPr>)" + run(text) + "</w:p>";
}
std::string styled(const std::string& text, const std::string& style) {
  return R"(<w:p><w:pPr><w:pStyle w:val=")" + style + R"("/></w:pPr>)" + run(text) + "</w:p>";
}

struct Lvl {
  int ilvl;
  const char* fmt;
  const char* text;
  int start = 1;
  const char* extra = "";
};
std::string abstract_num(int id, const std::vector<Lvl>& levels, const std::string& extra = "") {
  std::string s = R"(<w:abstractNum w:abstractNumId=")" + std::to_string(id) + R"(">)" + extra;
  for (const auto& l : levels)
    s += R"(<w:lvl w:ilvl=")" + std::to_string(l.ilvl) + R"("><w:start w:val=")" + std::to_string(l.start) +
         R"("/><w:numFmt w:val=")" + l.fmt + R"("/><w:lvlText w:val=")" + l.text + R"("/>)" + l.extra +
         R"(<w:lvlJc w:val="left"/></w:lvl>)";
  return s + "</w:abstractNum>";
}
std::string num(int id, int abstract_id, const std::string& overrides = "") {
  return R"(<w:num w:numId=")" + std::to_string(id) + R"("><w:abstractNumId w:val=")" + std::to_string(abstract_id) +
         R"("/>)" + overrides + "</w:num>";
}
std::string numbering_xml(const std::string& content) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?><w:numbering )") + kW + ">" + content + "</w:numbering>";
}
std::string styles_xml(const std::string& content) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?><w:styles )") + kW + ">" + content + "</w:styles>";
}

std::string docx(const std::string& body, const std::string& numbering = "", const std::string& styles = "") {
  Parts parts{{"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kRels}, {"word/document.xml", document(body)}};
  if (!numbering.empty()) parts.emplace_back("word/numbering.xml", numbering);
  if (!styles.empty()) parts.emplace_back("word/styles.xml", styles);
  return make_zip(parts);
}

// Set the uncompressed size of every entry named `name` (local header and central
// directory) to `size`: an archive that lies about what it inflates to.
void patch_uncompressed_size(std::string& zip, const std::string& name, std::uint32_t size) {
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) zip[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFF);
  };
  int patched = 0;
  for (std::size_t at = 0; at + 46 < zip.size(); ++at) {
    if (zip.compare(at, 4, "PK\x03\x04") == 0 && zip.compare(at + 30, name.size(), name) == 0) {
      put32(at + 22, size);
      ++patched;
    } else if (zip.compare(at, 4, "PK\x01\x02") == 0 && zip.compare(at + 46, name.size(), name) == 0) {
      put32(at + 24, size);
      ++patched;
    }
  }
  REQUIRE(patched == 2);
}

}  // namespace

TEST_CASE("docx: paragraphs in order, numbered by paragraph", "[read][docx]") {
  std::string bytes = docx(para("应急管理局2023年上半年工作总结") + para("\u3000\u3000一、总体情况") + "<w:p/>" +
                           "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:p>" + para("完成 x 项。"));
  SourceText st = decode_docx(bytes, "a.docx");
  CHECK(st.path == "a.docx");
  CHECK(st.encoding == "DOCX");
  CHECK(st.bytes == bytes.size());
  CHECK(st.hash == fingerprint(bytes));
  CHECK(texts(st) ==
        std::vector<std::string>{"应急管理局2023年上半年工作总结", "\u3000\u3000一、总体情况", "", "", "完成 x 项。"});
  for (std::size_t i = 0; i < st.lines.size(); ++i) CHECK(st.lines[i].number == static_cast<int>(i) + 1);
}

TEST_CASE("docx: runs, tabs, breaks, tracked changes, fields", "[read][docx]") {
  std::string p =
      "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>一是</w:t></w:r><w:r><w:t xml:space=\"preserve\"> 加强</w:t></w:r>"
      "<w:hyperlink r:id=\"rId9\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<w:r><w:t>领导</w:t></w:r></w:hyperlink>"
      "<w:r><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t><w:cr/><w:t>c</w:t></w:r>"
      "<w:ins w:id=\"1\" w:author=\"x\"><w:r><w:t>新增</w:t></w:r></w:ins>"
      "<w:del w:id=\"2\" w:author=\"x\"><w:r><w:delText>删除</w:delText></w:r></w:del>"
      "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
      "<w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>"
      "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r><w:r><w:t>&lt;&amp;&gt;</w:t></w:r>"
      "</w:p>";
  SourceText st = decode_docx(docx(p + para("末段")), "b.docx");
  CHECK(texts(st) == std::vector<std::string>{"一是 加强领导\ta b c新增7控件 <&>", "末段"});
}

TEST_CASE("docx: a deleted paragraph's text is dropped, the paragraph stays a line", "[read][docx]") {
  std::string body = para("第一段") +
                     "<w:p><w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>" +
                     para("第三段");
  SourceText st = decode_docx(docx(body), "c.docx");
  CHECK(texts(st) == std::vector<std::string>{"第一段", "", "第三段"});
}

TEST_CASE("docx: numbered headings read exactly like typed ones", "[read][docx]") {
  std::string numbering = numbering_xml(abstract_num(0, {{0, "chineseCounting", "%1、"}}) + num(1, 0));
  SourceText typed = decode_docx(docx(para("一、总体情况") + para("正文") + para("二、存在问题")), "typed.docx");
  SourceText auto_numbered =
      decode_docx(docx(numbered("总体情况", 1, 0) + para("正文") + numbered("存在问题", 1, 0), numbering), "auto.docx");
  CHECK(texts(typed) == std::vector<std::string>{"一、总体情况", "正文", "二、存在问题"});
  CHECK(texts(auto_numbered) == texts(typed));
}

TEST_CASE("docx: chineseCounting 1..120 reads back as the same numbers", "[read][docx]") {
  std::string numbering = numbering_xml(abstract_num(0, {{0, "chineseCountingThousand", "%1、"}}) + num(1, 0));
  std::string body;
  for (int i = 1; i <= 120; ++i) body += numbered("项", 1, 0);
  SourceText st = decode_docx(docx(body, numbering), "count.docx");
  REQUIRE(st.lines.size() == 120);
  CHECK(st.lines[0].text == "一、项");
  CHECK(st.lines[9].text == "十、项");
  CHECK(st.lines[10].text == "十一、项");
  CHECK(st.lines[19].text == "二十、项");
  CHECK(st.lines[98].text == "九十九、项");
  CHECK(st.lines[99].text == "一百、项");
  CHECK(st.lines[100].text == "一百零一、项");
  CHECK(st.lines[109].text == "一百一十、项");
  for (int i = 1; i <= 120; ++i) {
    const std::string& t = st.lines[static_cast<std::size_t>(i - 1)].text;
    std::string numeral = t.substr(0, t.find("、"));
    INFO(t);
    CHECK(cn_numeral::parse(to_u32(numeral)) == i);
  }
}

TEST_CASE("docx: multi-level numbering restarts deeper levels", "[read][docx]") {
  std::string numbering = numbering_xml(
      abstract_num(0, {{0, "chineseCounting", "%1、"},
                       {1, "chineseCounting", "（%2）"},
                       {2, "decimal", "%3."},
                       {3, "decimal", "（%4）"},
                       {4, "decimalEnclosedCircle", "%5"}}) +
      abstract_num(1, {{0, "decimal", "%1.", 1, ""}, {1, "decimal", "%1.%2", 1, "<w:suff w:val=\"space\"/>"}}) +
      num(1, 0) + num(2, 1));
  std::string body = numbered("A", 1, 0) + numbered("a", 1, 1) + numbered("x", 1, 2) + numbered("y", 1, 2) +
                     numbered("p", 1, 3) + numbered("q", 1, 3) + numbered("c", 1, 4) + numbered("x2", 1, 2) +
                     numbered("p2", 1, 3) + numbered("b", 1, 1) + numbered("x3", 1, 2) + numbered("B", 1, 0) +
                     numbered("a2", 1, 1) + numbered("总结", 2, 0) + numbered("细项", 2, 1) + numbered("细项", 2, 1);
  SourceText st = decode_docx(docx(body, numbering), "levels.docx");
  CHECK(texts(st) == std::vector<std::string>{"一、A", "（一）a", "1.x", "2.y", "（1）p", "（2）q", "①c", "3.x2",
                                              "（1）p2", "（二）b", "1.x3", "二、B", "（一）a2", "1.总结", "1.1 细项",
                                              "1.2 细项"});
}

TEST_CASE("docx: start values, overrides and continued lists", "[read][docx]") {
  std::string numbering = numbering_xml(
      abstract_num(0, {{0, "decimal", "%1."}, {1, "decimal", "（%2）"}}) +
      abstract_num(1, {{0, "chineseCounting", "第%1部分", 3}}) + abstract_num(2, {{0, "bullet", "\xEF\x82\xB7"}}) +
      abstract_num(3, {{0, "decimal", "（%1）"}, {1, "decimal", "%2)", 1, "<w:lvlRestart w:val=\"0\"/>"}}) + num(1, 0) +
      num(2, 0) +  // num 2 has no override: continues num 1's sequence (Word)
      num(3, 0, R"(<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>)") + num(4, 1) + num(5, 2) +
      num(6, 3));
  std::string body = numbered("a", 1, 0) + numbered("b", 1, 0) + numbered("c", 2, 0) + numbered("重新", 3, 0) +
                     numbered("开始", 3, 0) + numbered("d", 1, 0) + numbered("总体情况", 4, 0) +
                     numbered("要点", 5, 0) + numbered("x", 6, 0) + numbered("i", 6, 1) + numbered("y", 6, 0) +
                     numbered("ii", 6, 1);
  SourceText st = decode_docx(docx(body, numbering), "start.docx");
  CHECK(texts(st) == std::vector<std::string>{"1.a", "2.b", "3.c", "1.重新", "2.开始", "4.d", "第三部分 总体情况",
                                              "要点", "（1）x", "1)i", "（2）y", "2)ii"});
}

TEST_CASE("docx: numbering from paragraph styles", "[read][docx]") {
  std::string numbering =
      numbering_xml(abstract_num(0, {{0, "chineseCounting", "%1、", 1, "<w:pStyle w:val=\"H1\"/>"},
                                     {1, "chineseCounting", "（%2）", 1, "<w:pStyle w:val=\"H2\"/>"}}) +
                    num(7, 0));
  std::string styles = styles_xml(
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>)"
      R"(<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>)"
      R"(<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="MyH1"><w:name w:val="我的标题"/><w:basedOn w:val="H1"/></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>)");
  std::string body = styled("总体情况", "H1") + styled("主要做法", "H2") + para("正文") + styled("成效", "H2") +
                     styled("存在问题", "MyH1") + styled("具体问题", "H2") +
                     R"(<w:p><w:pPr><w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>)" +
                     run("不编号") + "</w:p>" + styled("循环样式", "Loop1") + styled("未知样式", "Nope");
  SourceText st = decode_docx(docx(body, numbering, styles), "styles.docx");
  CHECK(texts(st) == std::vector<std::string>{"一、总体情况", "（一）主要做法", "正文", "（二）成效", "二、存在问题",
                                              "（一）具体问题", "不编号", "循环样式", "未知样式"});
}

TEST_CASE("docx: tables flatten to one line per row", "[read][docx]") {
  auto cell = [](const std::string& content) {
    return "<w:tc><w:tcPr><w:tcW w:w=\"2000\"/></w:tcPr>" + content + "</w:tc>";
  };
  std::string table =
      "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr>" +
      cell(para("指标")) + cell(para("目标")) + cell(para("完成")) +
      "</w:tr>"
      "<w:tr>" +
      cell(para("税收收入")) + cell(para("1.2亿元") + para("（同比+5%）")) + cell("<w:p/>" + para("a\tb")) +
      "</w:tr>"
      "<w:tr>" +
      cell("<w:p/>") + cell("<w:p/>") + cell("<w:p/>") +
      "</w:tr>"
      "<w:tr><w:trPr><w:del w:id=\"3\" w:author=\"x\"/></w:trPr>" +
      cell(para("删掉的行")) +
      "</w:tr>"
      "<w:tr>" +
      cell("<w:tbl><w:tr>" + cell(para("内1")) + cell(para("内2")) + "</w:tr></w:tbl><w:p/>") + cell(para("外")) +
      "</w:tr>"
      "</w:tbl>";
  SourceText st = decode_docx(docx(para("表前") + table + para("表后")), "table.docx");
  CHECK(texts(st) == std::vector<std::string>{"表前", "指标\t目标\t完成", "税收收入\t1.2亿元 （同比+5%）\ta b", "",
                                              "内1 内2\t外", "表后"});
  for (std::size_t i = 0; i < st.lines.size(); ++i) CHECK(st.lines[i].number == static_cast<int>(i) + 1);
}

TEST_CASE("docx: other namespace prefixes and drawing text", "[read][docx]") {
  // The WordprocessingML namespace bound to another prefix; DrawingML text is not body text.
  std::string doc =
      R"(<?xml version="1.0" encoding="UTF-8"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
      R"(xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><x:body>)"
      R"(<x:p><x:r><x:t>正文</x:t></x:r><x:r><x:drawing><a:p><a:r><a:t>图中文字</a:t></a:r></a:p></x:drawing></x:r></x:p>)"
      R"(</x:body></x:document>)";
  SourceText st =
      decode_docx(make_zip({{"[Content_Types].xml", kContentTypes}, {"word/document.xml", doc}}), "ns.docx");
  CHECK(texts(st) == std::vector<std::string>{"正文"});
}

TEST_CASE("docx: broken files are input errors naming the file", "[read][docx]") {
  SECTION("random bytes") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919 + 13) % 251);
    expect_input_error([&] { decode_docx(junk, "junk.docx"); }, "junk.docx", "not a valid .docx");
  }
  SECTION("a truncated archive") {
    std::string bytes = docx(para("正文"));
    std::string cut = bytes.substr(0, bytes.size() / 2);
    expect_input_error([&] { decode_docx(cut, "cut.docx"); }, "cut.docx", "not a valid .docx");
  }
  SECTION("a damaged entry") {
    std::string big;
    for (int i = 0; i < 2000; ++i) big += para("第" + std::to_string(i) + "段内容");
    std::string bytes = docx(big);
    std::size_t mid = bytes.find("word/document.xml") + 200;  // inside the deflated data
    for (std::size_t k = mid; k < mid + 64; ++k) bytes[k] = static_cast<char>(bytes[k] ^ 0x5A);
    expect_input_error([&] { decode_docx(bytes, "damaged.docx"); }, "damaged.docx", "not a valid .docx");
  }
  SECTION("an old .doc / encrypted document") {
    std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    ole += std::string(512, '\0');
    expect_input_error([&] { decode_docx(ole, "old.docx"); }, "old.docx", ".doc file or a password-protected");
  }
  SECTION("empty file") {
    expect_input_error([&] { decode_docx("", "empty.docx"); }, "empty.docx", "file is empty");
  }
  SECTION("no word/document.xml") {
    std::string bytes = make_zip({{"[Content_Types].xml", kContentTypes}, {"word/other.xml", "<a/>"}});
    expect_input_error([&] { decode_docx(bytes, "nodoc.docx"); }, "nodoc.docx", "no word/document.xml");
  }
  SECTION("malformed XML") {
    std::string bytes = make_zip({{"word/document.xml", "<w:document><w:body><w:p><w:r><w:t>x</w:r></w:p>"}});
    Error e = expect_input_error([&] { decode_docx(bytes, "bad.docx"); }, "bad.docx", "not well-formed XML");
    CHECK(e.line() == 0);
  }
  SECTION("malformed numbering.xml") {
    std::string bytes = docx(para("正文"), "<w:numbering><w:num");
    expect_input_error([&] { decode_docx(bytes, "badnum.docx"); }, "badnum.docx",
                       "word/numbering.xml is not well-formed");
  }
  SECTION("XML that is not a document") {
    std::string bytes = make_zip({{"word/document.xml", "<html><body><p>x</p></body></html>"}});
    expect_input_error([&] { decode_docx(bytes, "html.docx"); }, "html.docx", "no document body");
  }
  SECTION("no text at all") {
    expect_input_error([&] { decode_docx(docx("<w:p/><w:p/>"), "blank.docx"); }, "blank.docx", "no text");
  }
  SECTION("text that is not UTF-8") {
    std::string bytes = docx(para("ok") + "<w:p><w:r><w:t>\xD6\xD0\xCE\xC4</w:t></w:r></w:p>");
    expect_input_error([&] { decode_docx(bytes, "gbk.docx"); }, "gbk.docx", "not UTF-8");
  }
  SECTION("absurd nesting") {
    std::string open, close;
    for (int i = 0; i < 20000; ++i) {
      open += "<w:hyperlink>";
      close += "</w:hyperlink>";
    }
    std::string bytes = docx("<w:p>" + open + run("深") + close + "</w:p>");
    expect_input_error([&] { decode_docx(bytes, "deep.docx"); }, "deep.docx", "nested too deeply");
  }
}

TEST_CASE("docx: zip bombs are refused", "[read][docx]") {
  const DocxLimits small{std::size_t{1} << 20, std::size_t{2} << 20};  // 1 MB a part, 2 MB in all
  std::string zeros(std::size_t{4} << 20, '0');
  std::string huge = document(para("x") + "<!--" + zeros + "-->");
  auto started = std::chrono::steady_clock::now();

  SECTION("a part announced larger than the limit") {
    std::string bytes = make_zip({{"word/document.xml", huge}});
    CHECK(bytes.size() < 64 * 1024);
    expect_input_error([&] { decode_docx(bytes, "bomb.docx", small); }, "bomb.docx", "possible zip bomb");
  }
  SECTION("a part that lies about its size: counted while inflating") {
    std::string bytes = make_zip({{"word/document.xml", huge}});
    patch_uncompressed_size(bytes, "word/document.xml", 1000);
    Error e = expect_input_error([&] { decode_docx(bytes, "liar.docx", small); }, "liar.docx", "zip bomb");
    CHECK(e.problem().find("word/document.xml") != std::string::npos);
  }
  SECTION("parts each under the limit, too large together") {
    std::string part = "<w:styles " + std::string(kW) + "><!--" + std::string(900 * 1024, ' ') + "--></w:styles>";
    std::string doc = document(para("x") + "<!--" + std::string(900 * 1024, ' ') + "-->");
    std::string bytes = make_zip({{"word/document.xml", doc},
                                  {"word/styles.xml", part},
                                  {"word/numbering.xml", "<w:numbering " + std::string(kW) + "><!--" +
                                                             std::string(900 * 1024, ' ') + "--></w:numbering>"}});
    expect_input_error([&] { decode_docx(bytes, "many.docx", small); }, "many.docx", "possible zip bomb");
  }
  SECTION("the default limit: a part announced as 65 MB") {
    std::string bytes = make_zip({{"word/document.xml", document(para("x"))}});
    patch_uncompressed_size(bytes, "word/document.xml", 65u << 20);
    expect_input_error([&] { decode_docx(bytes, "default.docx"); }, "default.docx", "more than 64 MB");
  }
  SECTION("under the limit it reads") {
    SourceText st = decode_docx(make_zip({{"word/document.xml", huge}}), "fine.docx", DocxLimits{8u << 20, 8u << 20});
    CHECK(texts(st) == std::vector<std::string>{"x"});
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(seconds < 5.0);
}

TEST_CASE("docx: DTDs and external entities are never processed", "[read][docx]") {
  std::string xxe =
      R"(<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">)"
      R"(<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>)"
      R"(<w:document )" +
      std::string(kW) +
      R"(><w:body><w:p><w:r><w:t>前&xxe;后</w:t></w:r></w:p><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>)";
  std::string bytes = make_zip({{"word/document.xml", xxe}});
  try {
    SourceText st = decode_docx(bytes, "xxe.docx");
    for (const auto& l : st.lines) {
      INFO(l.text);
      CHECK(l.text.find("root:") == std::string::npos);
      CHECK(l.text.find("/bin/") == std::string::npos);
      CHECK(l.text.find("lollol") == std::string::npos);
    }
    REQUIRE(st.lines.size() == 2);
    CHECK(st.lines[0].text == "前&xxe;后");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
    CHECK(e.one_line().find("root:") == std::string::npos);
  }
}

TEST_CASE("docx: read_file and expand_inputs", "[read][docx]") {
  TempDir tmp("files");
  const std::string sample = std::string(HUIZONG_SAMPLES_DIR) + "/000_ccd03a349e8ccd45.txt";
  SourceText txt = read_file(sample);
  REQUIRE(txt.lines.size() >= 40);
  std::string body;
  for (std::size_t i = 0; i < 40; ++i) body += txt.lines[i].text.empty() ? "<w:p/>" : para(txt.lines[i].text);
  std::string bytes = docx(body);

  SECTION("the same lines as the text file") {
    fs::path p = tmp.file("sample.docx", bytes);
    SourceText st = read_file(p);
    CHECK(st.encoding == "DOCX");
    CHECK(st.path == p.string());
    CHECK(st.bytes == bytes.size());
    CHECK(st.hash == fingerprint(bytes));
    REQUIRE(st.lines.size() == 40);
    for (std::size_t i = 0; i < 40; ++i) {
      CHECK(st.lines[i].number == txt.lines[i].number);
      CHECK(st.lines[i].text == txt.lines[i].text);
    }
  }
  SECTION("upper-case extension") {
    fs::path p = tmp.file("SAMPLE.DOCX", bytes);
    CHECK(read_file(p).encoding == "DOCX");
  }
  SECTION("a text file named .docx is a docx error") {
    fs::path p = tmp.file("notes.docx", "一、总体情况\n");
    expect_input_error([&] { read_file(p); }, p.string(), "not a valid .docx");
  }
  SECTION("a docx renamed .txt is read as the docx it is") {
    fs::path p = tmp.file("renamed.txt", bytes);
    SourceText st = read_file(p);
    CHECK(st.encoding == "DOCX");
    CHECK(st.lines.size() == 40);
  }
  SECTION("a zip that is no docx, under another name, is named as a zip archive") {
    fs::path p = tmp.file("renamed.txt", std::string("PK\x03\x04", 4) + std::string(60, '\0'));
    expect_input_error([&] { read_file(p); }, p.string(), "zip archive");
  }
  SECTION("directories include .docx files, not Word's lock files") {
    tmp.file("b.txt", "b\n");
    tmp.file("a.docx", bytes);
    tmp.file("C.DocX", bytes);
    tmp.file("~$a.docx", "lock");
    tmp.file("d.doc", "old");
    tmp.file(".~lock.a.docx#", "lock");
    std::vector<SkippedFile> skipped;
    auto files = expand_inputs({tmp.dir.string()}, &skipped);
    std::vector<std::string> names;
    for (const auto& f : files) names.push_back(f.filename().string());
    CHECK(names == std::vector<std::string>{"C.DocX", "a.docx", "b.txt"});
    // The .doc is skipped with a reason; the lock files silently.
    REQUIRE(skipped.size() == 1);
    CHECK(fs::path(skipped[0].path).filename() == "d.doc");
    CHECK(contains(skipped[0].reason, "old Word document"));
    CHECK(contains(skipped[0].reason, "save it as .docx"));
  }
  SECTION("a directory with only .docx files") {
    fs::create_directories(tmp.dir / "only");
    tmp.file("only/x.docx", bytes);
    auto files = expand_inputs({(tmp.dir / "only").string()});
    REQUIRE(files.size() == 1);
    CHECK(read_file(files[0]).lines.size() == 40);
  }
}

TEST_CASE("docx: every number format Word offers for Chinese documents reads as Word shows it", "[read][docx]") {
  struct Case {
    const char* fmt;
    int n;
    const char* lvl_text;
    std::string want;  // the paragraph "项" numbered n
  };
  const std::vector<Case> cases = {
      {"chineseCounting", 1, "%1、", "一、项"},
      {"chineseCounting", 105, "%1、", "一百零五、项"},
      {"chineseCountingThousand", 1010, "%1、", "一千零一十、项"},
      {"chineseLegalSimplified", 10, "%1、", "壹拾、项"},
      {"chineseLegalSimplified", 2023, "%1、", "贰仟零贰拾叁、项"},
      {"ideographLegalTraditional", 3, "%1、", "參、项"},
      {"ideographDigital", 2023, "%1、", "二〇二三、项"},
      {"ideographDigital", 10, "%1、", "一〇、项"},
      {"decimalFullWidth", 12, "%1．", "１２．项"},
      {"decimalEnclosedCircle", 1, "%1", "①项"},
      {"decimalEnclosedCircle", 21, "%1", "㉑项"},
      {"decimalEnclosedCircle", 36, "%1", "㊱项"},
      {"decimalEnclosedCircle", 51, "%1", "51 项"},
      {"decimalEnclosedParen", 3, "%1", "⑶项"},
      {"decimalEnclosedParen", 21, "%1", "(21)项"},
      {"decimalEnclosedFullstop", 2, "%1", "⒉项"},
      {"decimalEnclosedFullstop", 21, "%1", "21.项"},
      {"ideographEnclosedCircle", 1, "%1", "㊀项"},
      {"ideographEnclosedCircle", 11, "%1、", "十一、项"},
      {"ideographTraditional", 1, "%1、", "甲、项"},
      {"ideographTraditional", 11, "%1", "甲 项"},
      {"ideographZodiac", 2, "%1、", "丑、项"},
      {"ideographZodiac", 13, "%1、", "子、项"},
      {"upperRoman", 14, "%1.", "XIV.项"},
      {"lowerLetter", 28, "%1)", "bb)项"},
      {"decimal", 7, "%1", "7 项"},
      {"decimal", 7, "（%1）", "（7）项"},
      {"decimal", 7, "%1：", "7：项"},
      // Any closing or other punctuation mark ends a number without a space (一。 was 一。 项).
      {"chineseCounting", 1, "%1。", "一。项"},
      {"decimal", 7, "%1-", "7- 项"},  // a dash is no closing mark
  };
  for (const Case& c : cases) {
    INFO(c.fmt << " " << c.n << " " << c.lvl_text);
    std::string numbering = numbering_xml(abstract_num(0, {{0, c.fmt, c.lvl_text, c.n}}) + num(1, 0));
    SourceText st = decode_docx(docx(numbered("项", 1, 0), numbering), "formats.docx");
    REQUIRE(st.lines.size() == 1);
    CHECK(st.lines[0].text == c.want);
  }
}

TEST_CASE("docx: the table of contents as Word writes it is marked, in each form", "[read][docx][toc]") {
  const std::string begin =
      R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>)";
  const std::string end = R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)";
  auto page_ref = [](const std::string& page) {
    return R"(<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>)" +
           run(page) + R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)";
  };
  auto entry = [&](const std::string& title, const std::string& page, const std::string& before = "",
                   const std::string& after = "") {
    return R"(<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs></w:pPr>)" + before +
           R"(<w:hyperlink w:anchor="_Toc1">)" + run(title) + page_ref(page) + "</w:hyperlink>" + after + "</w:p>";
  };
  const std::string head = para("2023年工作总结汇编") + para("目录");
  const std::string body_text = para("XX局2023年工作总结") + para("一、主要工作");
  SECTION("a complex TOC field over several paragraphs, hyperlinked entries, PAGEREF pages") {
    std::string body =
        head + entry("XX局2023年工作总结", "3", begin) + entry("YY局2023年工作总结", "7", "", end) + body_text;
    SourceText st = decode_docx(docx(body), "toc.docx");
    CHECK(st.toc_lines == std::vector<int>{3, 4});
    CHECK(st.lines[2].text == "XX局2023年工作总结\t3");  // the text export's line
  }
  SECTION("the contents control (w:sdt, Table of Contents) marks every paragraph inside it") {
    std::string body =
        para("2023年工作总结汇编") +
        R"(<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>)" +
        para("目录") + para("XX局2023年工作总结\t3") + "</w:sdtContent></w:sdt>" + body_text;
    CHECK(decode_docx(docx(body), "toc.docx").toc_lines == std::vector<int>{2, 3});
  }
  SECTION("a \"toc 1\" style (or one based on it) and a simple TOC field mark their paragraphs") {
    std::string styles = styles_xml(
        R"(<w:style w:type="paragraph" w:styleId="10"><w:name w:val="toc 1"/></w:style>)"
        R"(<w:style w:type="paragraph" w:styleId="mine"><w:name w:val="My TOC"/><w:basedOn w:val="10"/></w:style>)");
    std::string body = head + styled("XX局2023年工作总结\t3", "10") + styled("YY局2023年工作总结\t7", "mine") +
                       R"(<w:p><w:fldSimple w:instr=" TOC \o &quot;1-3&quot; ">)" + run("ZZ局2023年工作总结\t9") +
                       "</w:fldSimple></w:p>" + body_text;
    CHECK(decode_docx(docx(body, "", styles), "toc.docx").toc_lines == std::vector<int>{3, 4, 5});
  }
  SECTION("other fields and plain paragraphs are not contents") {
    std::string body =
        head +
        R"(<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>)" +
        run("3") + end + "</w:p>" + body_text;
    CHECK(decode_docx(docx(body), "toc.docx").toc_lines.empty());
  }
}

namespace {

// The hints as (line, outline level, new page) triples, for compact checks.
std::vector<std::tuple<int, int, bool>> hints_of(const SourceText& st) {
  std::vector<std::tuple<int, int, bool>> out;
  for (const LineHint& h : st.hints) out.emplace_back(h.line, h.outline_level, h.new_page);
  return out;
}
using Hints = std::vector<std::tuple<int, int, bool>>;

}  // namespace

TEST_CASE("docx: heading styles and outline levels are read as Word sets them", "[read][docx][hints]") {
  const std::string styles = styles_xml(
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)"
      // Word writes "heading 1" in any UI language, with w:outlineLvl; some writers omit it.
      R"(<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="Heading 2"/></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 3"/></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Report"/><w:basedOn w:val="1"/></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Part"><w:name w:val="Part"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="TocHead"><w:name w:val="TOC Heading"/><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="Sub"/><w:basedOn w:val="Part"/></w:style>)");
  SECTION("each way a paragraph gets an outline level; body text and blank lines have none") {
    std::string body = styled("XX局2023年工作总结", "1") + styled("一、主要工作", "Heading2") +
                       styled("（一）抓党建", "a3") + styled("YY局工作情况", "Mine") + styled("二、问题", "Sub") +
                       R"(<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>)" + run("ZZ局工作情况") + "</w:p>" +
                       R"(<w:p><w:pPr><w:pStyle w:val="1"/><w:outlineLvl w:val="9"/></w:pPr>)" + run("正文") +
                       "</w:p>" + styled("目录", "TocHead") + para("正文段落") + styled("", "1");
    SourceText st = decode_docx(docx(body, "", styles), "h.docx");
    CHECK(hints_of(st) ==
          Hints{{1, 0, false}, {2, 1, false}, {3, 2, false}, {4, 0, false}, {5, 1, false}, {6, 0, false}});
  }
  SECTION("without styles.xml only the paragraph's own outline level counts") {
    std::string body = styled("XX局2023年工作总结", "1") + R"(<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>)" +
                       run("一、主要工作") + "</w:p>";
    CHECK(hints_of(decode_docx(docx(body), "h.docx")) == Hints{{2, 1, false}});
  }
  SECTION("a text file has no hints") {
    CHECK(decode_text("XX局2023年工作总结\n一、主要工作\n", "a.txt").hints.empty());
  }
}

TEST_CASE("docx: page and section breaks mark the line that starts the new page", "[read][docx][hints]") {
  const std::string page_break = R"(<w:r><w:br w:type="page"/></w:r>)";
  const std::string styles = styles_xml(
      R"(<w:style w:type="paragraph" w:styleId="New"><w:name w:val="New Page"/><w:pPr><w:pageBreakBefore/></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Off"><w:name w:val="Off"/><w:basedOn w:val="New"/><w:pPr><w:pageBreakBefore w:val="0"/></w:pPr></w:style>)");
  SECTION("a break before the text, a break paragraph of its own (Ctrl+Enter), a break ending a paragraph") {
    std::string body = para("甲") + "<w:p>" + page_break + run("乙") + "</w:p>" + "<w:p>" + page_break + "</w:p>" +
                       para("") + para("丙") + "<w:p>" + run("丁") + page_break + "</w:p>" + para("戊");
    // Lines: 1 甲, 2 乙, 3 (break), 4 blank, 5 丙, 6 丁, 7 戊.
    CHECK(hints_of(decode_docx(docx(body), "b.docx")) == Hints{{2, -1, true}, {5, -1, true}, {7, -1, true}});
  }
  SECTION("a break in the middle of a paragraph's text starts no line; a text-wrapping break is no page break") {
    std::string body = "<w:p>" + run("甲") + page_break + run("乙") + "</w:p>" + "<w:p>" + run("丙") +
                       R"(<w:r><w:br w:type="textWrapping"/></w:r><w:r><w:br/></w:r>)" + "</w:p>" + para("丁");
    SourceText st = decode_docx(docx(body), "b.docx");
    CHECK(st.hints.empty());
    CHECK(st.lines[0].text == "甲 乙");
  }
  SECTION("pageBreakBefore on the paragraph or its style (w:val=0 switches it off), a section break") {
    std::string body = para("甲") + R"(<w:p><w:pPr><w:pageBreakBefore/></w:pPr>)" + run("乙") + "</w:p>" +
                       styled("丙", "New") + styled("丁", "Off") +
                       R"(<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:pPr>)" + run("戊") + "</w:p>" +
                       para("己");
    CHECK(hints_of(decode_docx(docx(body, "", styles), "b.docx")) ==
          Hints{{2, -1, true}, {3, -1, true}, {6, -1, true}});
  }
  SECTION("a heading on a new page carries both") {
    std::string body =
        para("甲") + R"(<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>)" + page_break + run("XX局工作情况") + "</w:p>";
    CHECK(hints_of(decode_docx(docx(body), "b.docx")) == Hints{{2, 0, true}});
  }
}
