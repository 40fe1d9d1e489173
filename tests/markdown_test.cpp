#include "render/markdown.h"

#include <catch2/catch.hpp>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace huizong;

namespace {

std::size_t count(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t pos = hay.find(needle); pos != std::string_view::npos; pos = hay.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

bool has(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// Bytes of the heap in use (glibc); 0 where not known.
std::size_t heap_in_use() {
#ifdef __GLIBC__
  return mallinfo2().uordblks;
#else
  return 0;
#endif
}

// Escaped text rendered as a paragraph: returns the HTML.
std::string render_escaped(std::string_view text) { return markdown_to_html(escape_markdown(text)); }

// Tags that must not appear when escaped text is rendered.
const std::vector<std::string> kMarkupTags = {
    "<em", "<strong",     "<a ",   "<a>",  "<h1",  "<h2", "<h3",    "<h4",  "<h5", "<h6",     "<ol", "<ul",
    "<li", "<blockquote", "<code", "<pre", "<del", "<hr", "<table", "<img", "<br", "<script", "<b>"};

void check_plain_paragraph(std::string_view text, std::string_view expected_html_text) {
  INFO("text: " << text);
  const std::string md = escape_markdown(text);
  INFO("markdown: " << md);
  const std::string html = markdown_to_html(md);
  INFO("html: " << html);
  CHECK(html == "<p>" + std::string(expected_html_text) + "</p>\n");
  for (const auto& tag : kMarkupTags) CHECK_FALSE(has(html, tag));
}

}  // namespace

TEST_CASE("hostile HTML is shown as text, not dropped or executed", "[render][markdown]") {
  const std::string md = escape_markdown("<script>alert(1)</script>");
  CHECK(md == "&lt;script&gt;alert(1)&lt;/script&gt;");
  const std::string html = markdown_to_html(md);
  CHECK(has(html, "&lt;script&gt;"));
  CHECK(has(html, "alert(1)"));
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "raw HTML omitted"));
  CHECK(html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");

  // Attribute-style payloads and entities stay literal too.
  check_plain_paragraph("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
  check_plain_paragraph("&lt; is not <", "&amp;lt; is not &lt;");
  check_plain_paragraph("A&B", "A&amp;B");
}

TEST_CASE("raw HTML in Markdown input is not passed through (safe mode)", "[render][markdown]") {
  const std::string html = markdown_to_html("<script>alert(1)</script>\n\ntext <b onclick=\"x()\">bold</b>\n");
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "<b "));
  CHECK_FALSE(has(html, "onclick"));
  CHECK(has(html, "raw HTML omitted"));
  CHECK(has(html, "bold"));

  const std::string link = markdown_to_html("[x](javascript:alert(1))\n");
  CHECK_FALSE(has(link, "javascript:"));
}

TEST_CASE("Markdown syntax in text renders as literal text", "[render][markdown]") {
  check_plain_paragraph("*not emphasis*", "*not emphasis*");
  check_plain_paragraph("**not strong**", "**not strong**");
  check_plain_paragraph("_x_", "_x_");
  check_plain_paragraph("file_name_here", "file_name_here");
  check_plain_paragraph("[link](http://x)", "[link](http://x)");
  check_plain_paragraph("![img](http://x/a.png)", "![img](http://x/a.png)");
  check_plain_paragraph("# not a heading", "# not a heading");
  check_plain_paragraph("###### not a heading", "###### not a heading");
  check_plain_paragraph("1. not a list", "1. not a list");
  check_plain_paragraph("12) not a list", "12) not a list");
  check_plain_paragraph("- not a list", "- not a list");
  check_plain_paragraph("+ not a list", "+ not a list");
  check_plain_paragraph("* not a list", "* not a list");
  check_plain_paragraph("> not a quote", "&gt; not a quote");
  check_plain_paragraph("`code`", "`code`");
  check_plain_paragraph("```", "```");
  check_plain_paragraph("~~struck~~", "~~struck~~");
  check_plain_paragraph("~one~", "~one~");
  check_plain_paragraph("back\\slash\\", "back\\slash\\");
  check_plain_paragraph("---", "---");
  check_plain_paragraph("***", "***");
  check_plain_paragraph("===", "===");
  check_plain_paragraph("a|b", "a|b");
  check_plain_paragraph("[ref]: /url", "[ref]: /url");
}

TEST_CASE("escaped text does not become a link", "[render][markdown]") {
  check_plain_paragraph("见http://www.gov.cn。", "见http://www.gov.cn。");
  check_plain_paragraph("详见 https://example.org/a_b 。", "详见 https://example.org/a_b 。");
  check_plain_paragraph("see www.gov.cn ok", "see www.gov.cn ok");
  check_plain_paragraph("<http://x.cn>", "&lt;http://x.cn&gt;");
}

TEST_CASE("escaped lines stay separate paragraphs-lines, never a heading or table", "[render][markdown]") {
  // The lead may write escaped lines one after another; a following line must not turn
  // the previous one into a setext heading or a table header.
  for (const char* second : {"===", "---", ":-", "|-|-|", ":--|--:", "- - -"}) {
    INFO("second line: " << second);
    const std::string md = escape_markdown("第一行") + "\n" + escape_markdown(second) + "\n";
    const std::string html = markdown_to_html(md);
    INFO("html: " << html);
    CHECK(has(html, "<p>第一行\n"));
    CHECK_FALSE(has(html, "<h1"));
    CHECK_FALSE(has(html, "<h2"));
    CHECK_FALSE(has(html, "<table"));
    CHECK_FALSE(has(html, "<hr"));
  }
}

TEST_CASE("ordinary numbers and punctuation are left readable", "[render][markdown]") {
  CHECK(escape_markdown("2023.5万元") == "2023.5万元");
  CHECK(escape_markdown("增长12.5%（同比）") == "增长12.5%（同比）");
  CHECK(escape_markdown("a-b+c=d #1 (x) {y} !z.") == "a-b+c=d #1 (x) {y} !z.");
  CHECK(escape_markdown("1.") == "1\\.");
  CHECK(escape_markdown("3) 项") == "3\\) 项");
  // Line-start characters are escaped only where they would start a block.
  CHECK(escape_markdown("-5%") == "-5%");
  CHECK(escape_markdown("+5%") == "+5%");
  CHECK(escape_markdown("#1 号") == "#1 号");
  CHECK(escape_markdown("#标签") == "#标签");
  CHECK(escape_markdown("=号") == "=号");
  CHECK(escape_markdown(":说明") == ":说明");
  CHECK(escape_markdown("- 项") == "\\- 项");
  CHECK(escape_markdown("-") == "\\-");
  CHECK(escape_markdown("# 题") == "\\# 题");
  CHECK(escape_markdown("===") == "\\===");
  CHECK(escape_markdown(":--") == "\\:--");
  CHECK(escape_markdown_cell("-") == "\\-");
  for (const char* t : {"-5%", "+5%", "#1 号", "#标签", "=号", ":说明", "####### 七个"}) {
    check_plain_paragraph(t, t);
  }
}

TEST_CASE("Chinese text with full-width punctuation passes through unchanged", "[render][markdown]") {
  const std::string text = "（一）聚焦主责主业，强化审计监督。";
  CHECK(escape_markdown(text) == text);
  CHECK(escape_markdown_cell(text) == text);
  CHECK(markdown_to_html(escape_markdown(text)) == "<p>" + text + "</p>\n");

  const std::string more = "【重点】一是……；二是“放管服”改革！三是？——完成率１００％、《条例》：";
  CHECK(escape_markdown(more) == more);
  CHECK(markdown_to_html(escape_markdown(more)) == "<p>" + more + "</p>\n");
}

TEST_CASE("newlines become spaces and whitespace is trimmed", "[render][markdown]") {
  CHECK(escape_markdown("第一行\n第二行") == "第一行 第二行");
  CHECK(escape_markdown("a\r\nb") == "a b");
  CHECK(escape_markdown("a\rb") == "a b");
  CHECK(escape_markdown("a\n\n\nb") == "a b");
  CHECK(escape_markdown("\u3000\u3000（二）加强管理。\u3000 \n") == "（二）加强管理。");
  CHECK(escape_markdown("  \t x \t ") == "x");
  CHECK(escape_markdown("") == "");
  CHECK(escape_markdown("\n\u3000\r\n") == "");
  // A newline before something that would start a block is harmless after joining.
  CHECK(render_escaped("段落\n# 标题\n- 项") == "<p>段落 # 标题 - 项</p>\n");
  // Leading whitespace cannot make an indented code block.
  CHECK(render_escaped("        code?") == "<p>code?</p>\n");
}

TEST_CASE("a | in a table cell stays in one cell", "[render][markdown]") {
  CHECK(escape_markdown_cell("a|b") == "a\\|b");
  CHECK(escape_markdown("a|b") == "a|b");

  const std::string md =
      "| 名称 | 说明 |\n| --- | --- |\n| " + escape_markdown_cell("a|b") + " | " + escape_markdown_cell("c") + " |\n";
  const std::string html = markdown_to_html(md);
  INFO("html: " << html);
  CHECK(has(html, "<table>"));
  CHECK(count(html, "</th>") == 2);
  CHECK(count(html, "</td>") == 2);
  CHECK(has(html, "<td>a|b</td>"));
  CHECK(has(html, "<td>c</td>"));
}

TEST_CASE("hostile cells keep the table shape", "[render][markdown]") {
  const std::vector<std::string> cells = {"a|b|c",        "ends with \\", "\\|", "<td>x</td>", "`a|b`",
                                          "line1\nline2", "- item",       "---", "|",          "**b**"};
  for (const auto& cell : cells) {
    INFO("cell: " << cell);
    // Tight pipes, no padding: the hardest case for a trailing backslash.
    const std::string md = "|h|i|\n|-|-|\n|" + escape_markdown_cell(cell) + "|z|\n";
    const std::string html = markdown_to_html(md);
    INFO("html: " << html);
    CHECK(count(html, "</td>") == 2);
    CHECK(has(html, "<td>z</td>"));
    CHECK_FALSE(has(html, "<td>x"));
    CHECK_FALSE(has(html, "<strong"));
    CHECK_FALSE(has(html, "<code"));
  }
  const std::string md = "|h|i|\n|-|-|\n|" + escape_markdown_cell("ends with \\") + "|z|\n";
  CHECK(has(markdown_to_html(md), "<td>ends with \\</td>"));
}

TEST_CASE("GFM tables, alignment and strikethrough render", "[render][markdown]") {
  const std::string md =
      "| 单位 | 问题数 | 备注 |\n"
      "| :--- | ---: | :---: |\n"
      "| 审计局 | 3 | 无 |\n"
      "| 财政局 | 12 | ~~旧~~ |\n";
  const std::string html = markdown_to_html(md);
  INFO("html: " << html);
  CHECK(has(html, "<table>"));
  CHECK(has(html, "<thead>"));
  CHECK(has(html, "<tbody>"));
  CHECK(count(html, "<tr>") == 3);
  CHECK(count(html, "</th>") == 3);
  CHECK(count(html, "</td>") == 6);
  CHECK(has(html, "align=\"left\""));
  CHECK(has(html, "align=\"right\""));
  CHECK(has(html, "align=\"center\""));
  CHECK(has(html, "<del>旧</del>"));
}

TEST_CASE("markdown_to_html handles ordinary Markdown and odd input", "[render][markdown]") {
  CHECK(markdown_to_html("") == "");
  CHECK(markdown_to_html("# 标题\n\n正文\n") == "<h1>标题</h1>\n<p>正文</p>\n");
  CHECK(markdown_to_html("- 一\n- 二\n") == "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n");
  // Malformed UTF-8 does not leak into the HTML as invalid bytes.
  const std::string html = markdown_to_html(
      "a\xFF"
      "b\n");
  CHECK(html ==
        "<p>a\xEF\xBF\xBD"
        "b</p>\n");
  // Embedded NUL is not a terminator.
  const std::string nul = markdown_to_html(std::string_view("a\0b", 3));
  CHECK(has(nul, "a"));
  CHECK(has(nul, "b"));
}

TEST_CASE("values escaped into a template line keep the line's own structure", "[render][markdown]") {
  // As outputs.cpp does: every {{var}} in a .md template goes through escape_markdown_cell.
  auto item = [](const std::string& index, const std::string& text, const std::string& source) {
    return escape_markdown_cell(index) + ". " + escape_markdown_cell(text) + "（" + escape_markdown_cell(source) +
           "）\n";
  };
  const std::string md = item("1", "- 资金*拨付*滞后，<b>整改</b>|待办", "a_b.txt:12") +
                         item("2", "（一）聚焦主责主业，强化审计监督。", "c.txt:3");
  const std::string html = markdown_to_html(md);
  INFO("html: " << html);
  CHECK(html ==
        "<ol>\n"
        "<li>- 资金*拨付*滞后，&lt;b&gt;整改&lt;/b&gt;|待办<span class=\"src\">（a_b.txt:12）</span></li>\n"
        "<li>（一）聚焦主责主业，强化审计监督。<span class=\"src\">（c.txt:3）</span></li>\n"
        "</ol>\n");
}

TEST_CASE("a tree in an arena of its own reads as one on the heap, on any thread", "[render][markdown]") {
  // A document of well over the arena's 256 KB: parsed whole, its tree is on the heap; cut
  // into pieces, each piece's tree is in an arena. The two give the same HTML.
  std::string md;
  for (int i = 0; md.size() < (600 << 10); ++i) {
    md += "# 单位" + std::to_string(i) + "\n\n";
    md += "一是**落实**责任，[链接](https://example.org/" + std::to_string(i) + ")，a~b~c。\n\n";
    md += "| 指标 | 数值 |\n| --- | ---: |\n| 收入 | " + std::to_string(i * 7) + " |\n\n";
    md += "- 问题（a_" + std::to_string(i) + ".txt:12）\n- 计划\n\n";
  }
  md += "结尾\xFF有坏字节\n";  // not UTF-8: that piece is parsed with cmark-gfm's check
  const std::string whole = MarkdownTree(md).html();
  std::vector<std::string_view> pieces = markdown_pieces(md, 32 << 10);
  REQUIRE(pieces.size() > 10);
  // Trees made on other threads, read and freed on this one after those threads ended.
  std::vector<std::unique_ptr<MarkdownTree>> trees(pieces.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < pieces.size(); i += 2) trees[i] = std::make_unique<MarkdownTree>(pieces[i]);
    });
  for (std::thread& t : threads) t.join();
  std::string joined;
  for (const auto& tree : trees) joined += tree->html();
  CHECK(joined == whole);
  CHECK(has(whole, "有坏字节"));
  CHECK(has(whole, "\xEF\xBF\xBD"));
  CHECK(count(whole, "<span class=\"src\">") == count(md, ".txt:12"));
}

TEST_CASE("a tree's memory stays near its text's size on texts cmark-gfm re-reads", "[render][markdown]") {
  // cmark-gfm's tables copy the whole paragraph for each line that could be a delimiter row
  // and free the copy: memory freed while a tree is made is reused, never held to its end.
  std::string rows = "a|b|c\n";
  while (rows.size() < (8 << 10)) rows += "|-|\nx|y|z\n";
  std::string delims;
  while (delims.size() < (8 << 10)) delims += "x|y|z\n|-|\n";
  for (const std::string* text : {&rows, &delims}) {
    const std::size_t before = heap_in_use();
    MarkdownTree tree(*text);
    const std::size_t held = heap_in_use() - std::min(before, heap_in_use());
    INFO("text " << text->size() << " bytes, tree " << held << " bytes");
    if (before > 0) CHECK(held < 64 * text->size() + (1 << 20));  // no heap figures under a sanitizer
    CHECK(tree.html() == markdown_to_html(*text));
  }
}
