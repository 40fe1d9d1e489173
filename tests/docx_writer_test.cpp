// Word output: the .docx of each document is read back from its package (libzip) and its
// XML parts (pugixml), so what is checked is what Word, WPS and LibreOffice will see: the
// GB/T 9704 page setup, fonts and page numbers, the same text as the HTML, and a reference
// document's styles replacing the defaults.
#include "render/docx_writer.h"

#include <zip.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <pugixml.hpp>
#include <regex>
#include <string>
#include <vector>

#include "common/error.h"
#include "render/docx_body.h"
#include "render/docx_template.h"
#include "render/markdown.h"
#include "render/outputs.h"
#include "render/zip_package.h"
#include "support.h"
#include "support_models.h"
#include "support_render.h"

using namespace huizong;
using namespace huizong::test;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) { return test::fresh_dir("docx", name); }

// The files of a .docx; fails the test if it is not a zip.
std::map<std::string, std::string> package(const fs::path& docx) {
  std::map<std::string, std::string> files;
  REQUIRE_NOTHROW(files = unzip_all(docx, 256u << 20));
  return files;
}

pugi::xml_document parse(const std::map<std::string, std::string>& files, const std::string& name) {
  INFO(name);
  REQUIRE(files.count(name));
  pugi::xml_document doc;
  const std::string& text = files.at(name);
  pugi::xml_parse_result ok = doc.load_buffer(text.data(), text.size());
  INFO(ok.description());
  REQUIRE(ok);
  return doc;
}

pugi::xml_node style(const pugi::xml_document& styles, const char* id) {
  return styles.document_element().find_child_by_attribute("w:style", "w:styleId", id);
}

std::string east_asian_font(const pugi::xml_node& style) {
  return style.child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value();
}

// The text of the document body (every w:t, in order), whitespace and the zero-width
// spaces that let a source reference break dropped.
std::string docx_text(const pugi::xml_document& doc) {
  std::string text;
  for (pugi::xpath_node t : doc.select_nodes("//w:t")) text += t.node().text().get();
  for (std::size_t at = text.find("\u200B"); at != std::string::npos; at = text.find("\u200B", at))
    text.erase(at, std::string("\u200B").size());
  text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }), text.end());
  return text;
}

// The text of an HTML page's <main>, up to the closing rule (the tool's note, not printed),
// tags dropped, entities decoded, whitespace dropped.
std::string html_text(const std::string& html) {
  std::size_t begin = html.find("<main>"), end = html.find("<hr />");
  REQUIRE(begin != std::string::npos);
  if (end == std::string::npos) end = html.find("</main>");
  std::string body = std::regex_replace(html.substr(begin, end - begin), std::regex("<[^>]*>"), "");
  for (auto [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
    for (std::size_t at = body.find(entity); at != std::string::npos; at = body.find(entity, at + 1))
      body.replace(at, entity.size(), c);
  body.erase(std::remove_if(body.begin(), body.end(), [](unsigned char c) { return std::isspace(c); }), body.end());
  return body;
}

long twips(const pugi::xml_node& n, const char* attr) { return n.attribute(attr).as_int(); }
double mm(long twips) { return twips * 25.4 / 1440; }

const fs::path& samples_out() {
  static fs::path out = [] {
    fs::path d = fresh_dir("samples");
    render_outputs(samples_model(), render_options(d));
    return d;
  }();
  return out;
}

}  // namespace

TEST_CASE("every document has a .docx: a zip package whose parts parse", "[docx]") {
  fs::path out = fresh_dir("fixture");
  RenderSummary s = render_outputs(fixture_model(), render_options(out));
  for (const char* name : {"briefing", "problems", "plans", "comparison"}) {
    INFO(name);
    fs::path docx = out / (std::string(name) + ".docx");
    REQUIRE(fs::is_regular_file(docx));
    CHECK(std::find(s.written.begin(), s.written.end(), docx) != s.written.end());
    auto files = package(docx);
    for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
                             "word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/fontTable.xml",
                             "word/footer1.xml", "word/footer2.xml", "docProps/core.xml"})
      parse(files, part);
    // Every relationship of the document names a part of the package (or an external link).
    pugi::xml_document rels = parse(files, "word/_rels/document.xml.rels");
    for (pugi::xml_node r : rels.document_element().children("Relationship"))
      if (std::string(r.attribute("TargetMode").value()) != "External")
        CHECK(files.count("word/" + std::string(r.attribute("Target").value())));
  }
}

TEST_CASE("GB/T 9704 page: A4, margins 37/35/28/26 mm, 22 lines, page numbers odd right and even left", "[docx]") {
  auto files = package(samples_out() / "briefing.docx");
  pugi::xml_document doc = parse(files, "word/document.xml");
  pugi::xml_node sect = doc.document_element().child("w:body").last_child();
  REQUIRE(std::string(sect.name()) == "w:sectPr");
  pugi::xml_node size = sect.child("w:pgSz"), margin = sect.child("w:pgMar");
  CHECK(mm(twips(size, "w:w")) == Approx(210).margin(1));
  CHECK(mm(twips(size, "w:h")) == Approx(297).margin(1));
  CHECK(mm(twips(margin, "w:top")) == Approx(37).margin(1));
  CHECK(mm(twips(margin, "w:bottom")) == Approx(35).margin(1));
  CHECK(mm(twips(margin, "w:left")) == Approx(28).margin(1));
  CHECK(mm(twips(margin, "w:right")) == Approx(26).margin(1));
  CHECK(twips(sect.child("w:docGrid"), "w:linePitch") * 22 <=
        twips(size, "w:h") - twips(margin, "w:top") - twips(margin, "w:bottom"));
  CHECK(twips(sect.child("w:docGrid"), "w:linePitch") == Approx(28.95 * 20).margin(2));

  pugi::xml_document settings = parse(files, "word/settings.xml");
  CHECK(settings.document_element().child("w:evenAndOddHeaders"));
  pugi::xml_document rels = parse(files, "word/_rels/document.xml.rels");
  std::map<std::string, std::string> footer_of;  // type -> alignment
  for (pugi::xml_node ref : sect.children("w:footerReference")) {
    pugi::xml_node rel =
        rels.document_element().find_child_by_attribute("Relationship", "Id", ref.attribute("r:id").value());
    pugi::xml_document footer = parse(files, "word/" + std::string(rel.attribute("Target").value()));
    pugi::xml_node p = footer.document_element().child("w:p");
    CHECK(std::string(p.child("w:pPr").child("w:pStyle").attribute("w:val").value()) == "Footer");
    CHECK(std::string(footer.select_node("//w:instrText").node().text().get()).find("PAGE") != std::string::npos);
    CHECK(docx_text(footer) == "—1—");
    footer_of[ref.attribute("w:type").value()] = p.child("w:pPr").child("w:jc").attribute("w:val").value();
  }
  CHECK(footer_of["default"] == "right");
  CHECK(footer_of["even"] == "left");
}

TEST_CASE("GB/T 9704 styles: title, heading and body fonts and sizes, page number font", "[docx]") {
  auto files = package(samples_out() / "compendium.docx");  // one 一、 heading per unit, （一） parts under each
  pugi::xml_document styles = parse(files, "word/styles.xml");
  pugi::xml_node defaults = styles.document_element().child("w:docDefaults").child("w:rPrDefault").child("w:rPr");
  CHECK(std::string(defaults.child("w:rFonts").attribute("w:eastAsia").value()) == "仿宋_GB2312");
  CHECK(defaults.child("w:sz").attribute("w:val").as_int() == 32);
  pugi::xml_node title = style(styles, "Title");
  CHECK(east_asian_font(title) == "方正小标宋简体");
  CHECK(title.child("w:rPr").child("w:sz").attribute("w:val").as_int() == 44);
  CHECK(std::string(title.child("w:pPr").child("w:jc").attribute("w:val").value()) == "center");
  CHECK(east_asian_font(style(styles, "Heading1")) == "黑体");
  CHECK(east_asian_font(style(styles, "Heading2")) == "楷体_GB2312");
  CHECK(east_asian_font(style(styles, "Heading3")) == "仿宋_GB2312");
  CHECK(east_asian_font(style(styles, "Footer")) == "宋体");
  CHECK(style(styles, "Footer").child("w:rPr").child("w:sz").attribute("w:val").as_int() == 28);
  CHECK(style(styles, "SourceReference").child("w:rPr").child("w:sz").attribute("w:val").as_int() < 32);
  // Fallbacks for machines without the official fonts.
  pugi::xml_document fonts = parse(files, "word/fontTable.xml");
  auto alt = [&](const char* font) {
    return std::string(fonts.document_element()
                           .find_child_by_attribute("w:font", "w:name", font)
                           .child("w:altName")
                           .attribute("w:val")
                           .value());
  };
  CHECK(alt("仿宋_GB2312") == "FangSong");
  CHECK(alt("黑体") == "SimHei");
  CHECK(alt("楷体_GB2312") == "KaiTi");

  // The body uses them: the title first, then 一、 and （一） headings.
  pugi::xml_document doc = parse(files, "word/document.xml");
  std::vector<std::string> styles_used;
  for (pugi::xml_node p : doc.document_element().child("w:body").children("w:p"))
    styles_used.push_back(p.child("w:pPr").child("w:pStyle").attribute("w:val").value());
  REQUIRE(!styles_used.empty());
  CHECK(styles_used.front() == "Title");
  CHECK(std::count(styles_used.begin(), styles_used.end(), "Heading1") > 5);
  CHECK(std::count(styles_used.begin(), styles_used.end(), "Heading2") > 5);
}

TEST_CASE("the .docx says what the HTML says: same text, numbered items, small source references", "[docx]") {
  for (const char* name : {"briefing", "problems", "plans", "comparison"}) {
    INFO(name);
    auto files = package(samples_out() / (std::string(name) + ".docx"));
    pugi::xml_document doc = parse(files, "word/document.xml");
    std::string page = slurp(samples_out() / (std::string(name) + ".html"));
    std::string html = page.substr(page.find("<main>"));  // the stylesheets above mention the marker too
    std::string text = docx_text(doc);
    CHECK(text.size() > 1000);
    CHECK(text == html_text(html));
    // The tool's note after the closing rule is not in the deliverable.
    CHECK(text.find("huizong") == std::string::npos);
    // Each source reference of the HTML is a SourceReference run of the .docx.
    std::size_t refs_html = 0;
    for (std::size_t at = html.find(kSourceRefOpen); at != std::string::npos; at = html.find(kSourceRefOpen, at + 1))
      ++refs_html;
    std::size_t refs_docx = doc.select_nodes("//w:rStyle[@w:val='SourceReference']").size();
    if (std::string(name) != "comparison") CHECK(refs_html > 10);
    CHECK(refs_docx >= refs_html);
  }
  pugi::xml_document briefing = parse(package(samples_out() / "briefing.docx"), "word/document.xml");
  CHECK(briefing.select_nodes("//w:p[w:pPr/w:numPr]").size() > 50);
  pugi::xml_document numbering = parse(package(samples_out() / "briefing.docx"), "word/numbering.xml");
  CHECK(numbering.select_nodes("//w:num").size() > 10);
}

TEST_CASE("tables: borders, header row repeated, wide tables in a landscape section", "[docx]") {
  auto files = package(samples_out() / "comparison.docx");
  pugi::xml_document doc = parse(files, "word/document.xml");
  pugi::xml_node body = doc.document_element().child("w:body");
  auto tables = doc.select_nodes("//w:tbl");
  REQUIRE(tables.size() == 2);
  for (pugi::xpath_node t : tables) {
    CHECK(std::string(t.node().child("w:tblPr").child("w:tblStyle").attribute("w:val").value()) == "TableGrid");
    CHECK(t.node().child("w:tr").child("w:trPr").child("w:tblHeader"));
    CHECK(!t.node().child("w:tr").next_sibling("w:tr").child("w:trPr").child("w:tblHeader"));
  }
  pugi::xml_document styles = parse(files, "word/styles.xml");
  CHECK(style(styles, "TableGrid").child("w:tblPr").child("w:tblBorders").child("w:insideV"));
  // The comparison is made of wide tables (各单位对比 with its 8 columns, 主要指标对比 with 13)
  // with headings and notes: one landscape section, its title on a landscape page too.
  pugi::xml_node last = body.last_child();
  CHECK(std::string(last.child("w:pgSz").attribute("w:orient").value()) == "landscape");
  CHECK(twips(last.child("w:pgSz"), "w:w") > twips(last.child("w:pgSz"), "w:h"));
  CHECK(doc.select_nodes("//w:pPr/w:sectPr").empty());
  // Columns fit the text block of their page, and no column is narrower than two characters.
  pugi::xml_node wide = tables[1].node();
  long sum = 0;
  for (pugi::xml_node col : wide.child("w:tblGrid").children("w:gridCol")) {
    CHECK(col.attribute("w:w").as_int() >= 2 * 240);
    sum += col.attribute("w:w").as_int();
  }
  pugi::xml_node margin = last.child("w:pgMar");
  CHECK(sum <= twips(last.child("w:pgSz"), "w:w") - twips(margin, "w:left") - twips(margin, "w:right"));
}

TEST_CASE("a wide table in a document with lists gets a landscape section of its own", "[docx]") {
  MarkdownTree tree(
      "# 标题\n\n1. 一项\n2. 二项\n\n## 表\n\n| a | b | c | d | e | f |\n| --- | --- | --- | --- | --- | --- |\n"
      "| 1 | 2 | 3 | 4 | 5 | 6 |\n\n3. 三项\n");
  fs::path dir = fresh_dir("sections");
  DocxTemplate layout = DocxTemplate::load(data_dir("styles"));
  { std::ofstream(dir / "x.docx", std::ios::binary) << docx_bytes(tree, layout, {"t", "2026-01-01"}); }
  pugi::xml_document doc = parse(package(dir / "x.docx"), "word/document.xml");
  // portrait (title, list) | landscape (heading, table) | portrait (the list again)
  auto breaks = doc.select_nodes("//w:pPr/w:sectPr");
  REQUIRE(breaks.size() == 2);
  auto orient = [](pugi::xml_node sect) {
    return twips(sect.child("w:pgSz"), "w:w") > twips(sect.child("w:pgSz"), "w:h");
  };
  CHECK_FALSE(orient(breaks[0].node()));
  CHECK(orient(breaks[1].node()));
  CHECK_FALSE(orient(doc.document_element().child("w:body").last_child()));
}

TEST_CASE("source references are marked in the HTML and hostile links stay text in the .docx", "[docx][markdown]") {
  MarkdownTree tree("1. 完成任务（a_b.txt:12）并（注意）\n2. [x](javascript:alert(1)) [y](https://example.org)\n");
  std::string html = tree.html();
  CHECK(html.find("<span class=\"src\">（a_b.txt:12）</span>") != std::string::npos);
  CHECK(html.find("<span class=\"src\">（注意）") == std::string::npos);
  fs::path dir = fresh_dir("links");
  DocxTemplate layout = DocxTemplate::load(data_dir("styles"));
  { std::ofstream(dir / "x.docx", std::ios::binary) << docx_bytes(tree, layout, {"t", "2026-01-01"}); }
  auto files = package(dir / "x.docx");
  pugi::xml_document rels = parse(files, "word/_rels/document.xml.rels");
  CHECK(rels.select_nodes("//*[@TargetMode='External']").size() == 1);
  CHECK(files.at("word/_rels/document.xml.rels").find("javascript") == std::string::npos);
  CHECK(docx_text(parse(files, "word/document.xml")) == "完成任务（a_b.txt:12）并（注意）xy");
}

TEST_CASE("a reference document (--reference-doc): its fonts, margins and footer replace the defaults",
          "[docx][reference]") {
  // An office's reference document: the default one with another title font and size,
  // other margins, and a footer of its own.
  fs::path dir = fresh_dir("reference");
  std::string bytes = bundled_template_text("reference.docx");
  { std::ofstream(dir / "default.docx", std::ios::binary) << bytes; }
  auto files = package(dir / "default.docx");
  pugi::xml_document styles = parse(files, "word/styles.xml");
  pugi::xml_node fonts = style(styles, "Title").child("w:rPr").child("w:rFonts");
  fonts.attribute("w:eastAsia").set_value("华文中宋");
  style(styles, "Title").child("w:rPr").child("w:sz").attribute("w:val").set_value(40);
  style(styles, "SourceReference").parent().remove_child(style(styles, "SourceReference"));  // taken from the defaults
  std::ostringstream styles_xml;
  styles.save(styles_xml);
  files["word/styles.xml"] = styles_xml.str();
  pugi::xml_document doc = parse(files, "word/document.xml");
  pugi::xml_node margin = doc.document_element().child("w:body").last_child().child("w:pgMar");
  margin.attribute("w:top").set_value(1440);   // 25.4 mm
  margin.attribute("w:left").set_value(1800);  // 31.75 mm
  std::ostringstream doc_xml;
  doc.save(doc_xml);
  files["word/document.xml"] = doc_xml.str();
  std::string& footer = files["word/footer1.xml"];
  footer.replace(footer.find("— </w:t>"), std::string("— </w:t>").size(), "第 </w:t>");
  std::vector<ZipEntry> entries;
  for (const auto& [name, data] : files) entries.push_back({name, &data});
  { std::ofstream(dir / "office.docx", std::ios::binary) << zip_archive(entries); }

  RenderOptions o = render_options(dir / "out");
  o.reference_doc = (dir / "office.docx").string();
  render_outputs(fixture_model(), o);
  auto out = package(dir / "out" / "briefing.docx");
  pugi::xml_document out_styles = parse(out, "word/styles.xml");
  CHECK(east_asian_font(style(out_styles, "Title")) == "华文中宋");
  CHECK(style(out_styles, "Title").child("w:rPr").child("w:sz").attribute("w:val").as_int() == 40);
  CHECK(style(out_styles, "SourceReference"));
  pugi::xml_document out_doc = parse(out, "word/document.xml");
  pugi::xml_node out_margin = out_doc.document_element().child("w:body").last_child().child("w:pgMar");
  CHECK(twips(out_margin, "w:top") == 1440);
  CHECK(twips(out_margin, "w:left") == 1800);
  bool office_footer = false;
  for (const auto& [name, data] : out)
    office_footer |= name.starts_with("word/footer") && data.find("第 </w:t>") != std::string::npos;
  CHECK(office_footer);

  // Without it, the defaults come back (and the .docx is rewritten: its inputs changed).
  RenderSummary again = render_outputs(fixture_model(), render_options(dir / "out"));
  CHECK(again.written.size() == 5);  // the five .docx files
  CHECK(east_asian_font(style(parse(package(dir / "out" / "briefing.docx"), "word/styles.xml"), "Title")) ==
        "方正小标宋简体");
}

TEST_CASE("a reference document that is not a .docx is a template error naming it, and nothing is written",
          "[docx][reference]") {
  fs::path dir = fresh_dir("bad_reference");
  { std::ofstream(dir / "office.docx") << "not a zip"; }
  RenderOptions o = render_options(dir / "out");
  o.reference_doc = (dir / "office.docx").string();
  try {
    render_outputs(fixture_model(), o);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::template_error);
    CHECK(e.file() == o.reference_doc);
  }
  CHECK(!fs::exists(dir / "out" / "briefing.html"));
}

namespace {

// A long document of what the templates write: headings, numbered items with source
// references, a table of six columns, a list, an HTML comment that holds what looks like a
// heading after a blank line, and the tool's note after a thematic break.
std::string long_markdown(int groups) {
  std::string md = "# 各单位工作总结汇编\n\n";
  for (int i = 1; i <= groups; ++i) {
    md += "## " + std::to_string(i) + "、某县某局（2024年上半年）\n\n### （一）工作成效\n\n";
    md += "1. 完成项目" + std::to_string(i) + "个（a.txt:" + std::to_string(i * 10) + "）\n2. 推进改革\n\n";
    if (i % 7 == 0) md += "<!-- 说明\n\n# 不是标题\n\n-->\n\n";
    md += "| 单位 | 时期 | 成效 | 问题 | 计划 | 来源 |\n| --- | --- | --- | --- | --- | --- |\n";
    md += "| 某局 | 上半年 | " + std::to_string(i) + " | 2 | 3 | a.txt:1 |\n\n";
    md += "### （二）存在问题\n\n一是人手不足。二是经费紧张。\n\n";
  }
  return md + "---\n\n由 huizong 生成\n";
}

std::string body_in_pieces(const std::vector<std::string_view>& pieces, const DocxTemplate& layout) {
  WideTablesScan wide;
  for (std::size_t i = 0; i < pieces.size() && !wide.done(); ++i) wide.add(MarkdownTree(pieces[i]).root());
  DocxBodyBuilder builder(layout, wide.result());
  for (std::string_view p : pieces) builder.add(MarkdownTree(p).root());
  return builder.finish().document_xml;
}

}  // namespace

TEST_CASE("a long document made in pieces gives the HTML and .docx of the whole", "[docx][markdown]") {
  const std::string md = long_markdown(60);
  std::vector<std::string_view> pieces = markdown_pieces(md, 2048);
  REQUIRE(pieces.size() > 5);
  std::string joined, html;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    joined += pieces[i];
    html += MarkdownTree(pieces[i]).html();
    if (i > 0) CHECK(pieces[i].starts_with("#"));
    CHECK_FALSE(pieces[i].starts_with("# 不是标题"));  // never inside the HTML comment
  }
  CHECK(joined == md);
  CHECK(html == MarkdownTree(md).html());
  DocxTemplate layout = DocxTemplate::load(data_dir("styles"));
  CHECK(body_in_pieces(pieces, layout) == docx_body(MarkdownTree(md).root(), layout).document_xml);
  // Cut before every heading it can: still the same, and never inside the comment.
  std::vector<std::string_view> finest = markdown_pieces(md, 1);
  std::string finest_html;
  for (std::string_view p : finest) {
    finest_html += MarkdownTree(p).html();
    CHECK_FALSE(p.starts_with("# 不是标题"));
  }
  CHECK(finest.size() > 150);  // each heading after a blank line, but the one in the comment
  CHECK(finest_html == MarkdownTree(md).html());
  CHECK(body_in_pieces(finest, layout) == docx_body(MarkdownTree(md).root(), layout).document_xml);

  // A document of wide tables alone (the comparison) is landscape throughout in pieces too.
  std::string tables;
  for (int i = 0; i < 80; ++i)
    tables +=
        "## 表" + std::to_string(i) +
        "\n\n| a | b | c | d | e | f |\n| --- | --- | --- | --- | --- | --- |\n| 1 | 2 | 3 | 4 | 5 | 6 |\n\n说明。\n\n";
  std::vector<std::string_view> table_pieces = markdown_pieces(tables, 1024);
  REQUIRE(table_pieces.size() > 2);
  CHECK(body_in_pieces(table_pieces, layout) == docx_body(MarkdownTree(tables).root(), layout).document_xml);
}

TEST_CASE("a document with fenced code or link definitions is not cut", "[markdown]") {
  const std::string md = long_markdown(40);
  CHECK(markdown_pieces(md, 2048).size() > 1);
  CHECK(markdown_pieces("```\n" + md + "```\n", 2048).size() == 1);
  CHECK(markdown_pieces(md + "[x]: https://example.org\n", 2048).size() == 1);
  // Definitions in a quote, a list item, or with a label over two lines bind links anywhere too.
  CHECK(markdown_pieces(md + "> [x]: https://example.org\n", 2048).size() == 1);
  CHECK(markdown_pieces(md + "- [x]: https://example.org\n", 2048).size() == 1);
  CHECK(markdown_pieces(md + "[x\ny]: https://example.org\n", 2048).size() == 1);
  CHECK(markdown_pieces(md + "a\rb\n", 2048).size() == 1);          // a lone CR ends a line for cmark-gfm
  CHECK(markdown_pieces(md + "某局\\]: 说明\n", 2048).size() > 1);  // an escaped bracket binds nothing
  CHECK(markdown_pieces(md, md.size()).size() == 1);                // short enough: whole
}

// A large part (a long compendium's document.xml; ISA-L's output fills several 64 KB pieces)
// and an empty one: read back by libzip (another inflater) each is the part, and the same
// parts give the same bytes.
TEST_CASE("a large part deflated reads back whole, the same bytes each time", "[docx][zip]") {
  std::string part;
  for (int i = 0; part.size() < (3u << 20) + 12345; ++i)
    part += "<w:p><w:r><w:t>第" + std::to_string(i) + "条 检查企业" + std::to_string(i * 7919 % 1000) + "家，发现问题" +
            std::to_string(i % 37) + "个。</w:t></w:r></w:p>";
  const std::string small = "<w:document/>", empty;
  const std::vector<ZipEntry> entries = {
      {"word/document.xml", &part}, {"word/small.xml", &small}, {"word/empty.xml", &empty}};
  const std::string bytes = zip_archive(entries);
  CHECK(bytes.size() < part.size() / 4);  // deflated, not stored
  CHECK(zip_archive(entries) == bytes);
  TempDir dir("zip-pieces");
  std::map<std::string, std::string> files = unzip_all(dir.file("big.zip", bytes), 64u << 20);
  CHECK(files["word/document.xml"] == part);
  CHECK(files["word/small.xml"] == small);
  CHECK(files.count("word/empty.xml") == 1);
  CHECK(files["word/empty.xml"].empty());
}
