// Excel output: the workbook is written, then read back from the .xlsx package (libzip)
// and its XML parts (pugixml), so what is checked is what Excel will see.
#include "render/xlsx.h"

#include <zip.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "common/utf8.h"
#include "common/xml_chars.h"
#include "model/model.h"
#include "pipeline/pipeline.h"
#include "render/outputs.h"
#include "render/view.h"
#include "support.h"
#include "support_render.h"

using namespace huizong;
using test::render_options;
using test::slurp;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "huizong-xlsx-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

void write_text(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

// One part of the zip package, or throws if it is missing.
std::string zip_entry(const fs::path& file, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) throw std::runtime_error("cannot open zip " + file.string());
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0) {
    zip_close(z);
    throw std::runtime_error("no entry " + name);
  }
  std::string data(static_cast<std::size_t>(st.size), '\0');
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  zip_int64_t n = f ? zip_fread(f, data.data(), st.size) : -1;
  if (f) zip_fclose(f);
  zip_close(z);
  if (n != static_cast<zip_int64_t>(st.size)) throw std::runtime_error("cannot read entry " + name);
  return data;
}

std::vector<std::string> zip_names(const fs::path& file) {
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) throw std::runtime_error("cannot open zip " + file.string());
  std::vector<std::string> names;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) names.push_back(zip_get_name(z, i, 0));
  zip_close(z);
  return names;
}

pugi::xml_document parse_xml(const std::string& text) {
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer(text.data(), text.size());
  if (!r) throw std::runtime_error(std::string("bad XML: ") + r.description());
  return doc;
}

// All text of an element (<t> runs of a shared or inline string).
std::string string_text(pugi::xml_node si) {
  std::string s;
  for (pugi::xpath_node t : si.select_nodes(".//t")) s += t.node().text().get();
  return s;
}

struct XCell {
  std::string type;   // value of t="..." ("" for numbers)
  std::string value;  // resolved text, or the number as written in <v>
  bool has_formula = false;
};

// The workbook as Excel sees it.
struct Workbook {
  fs::path file;
  std::vector<std::string> sheet_names;
  std::vector<std::string> shared;

  explicit Workbook(fs::path f) : file(std::move(f)) {
    pugi::xml_document wb = parse_xml(zip_entry(file, "xl/workbook.xml"));
    for (pugi::xml_node s : wb.child("workbook").child("sheets").children("sheet"))
      sheet_names.push_back(s.attribute("name").value());
    auto names = zip_names(file);
    if (std::find(names.begin(), names.end(), "xl/sharedStrings.xml") != names.end()) {
      pugi::xml_document sst = parse_xml(zip_entry(file, "xl/sharedStrings.xml"));
      for (pugi::xml_node si : sst.child("sst").children("si")) shared.push_back(string_text(si));
    }
  }

  pugi::xml_document sheet(int n) const {
    return parse_xml(zip_entry(file, "xl/worksheets/sheet" + std::to_string(n) + ".xml"));
  }

  std::map<std::string, XCell> cells(int n) const {
    std::map<std::string, XCell> out;
    pugi::xml_document doc = sheet(n);
    for (pugi::xpath_node xn : doc.select_nodes("/worksheet/sheetData/row/c")) {
      pugi::xml_node c = xn.node();
      XCell cell;
      cell.type = c.attribute("t").value();
      cell.has_formula = static_cast<bool>(c.child("f"));
      if (cell.type == "s") {
        int idx = c.child("v").text().as_int(-1);
        if (idx >= 0 && static_cast<std::size_t>(idx) < shared.size())
          cell.value = shared[static_cast<std::size_t>(idx)];
        else
          cell.value = "<bad index>";
      } else if (cell.type == "inlineStr") {
        cell.value = string_text(c.child("is"));
      } else {
        cell.value = c.child("v").text().get();
      }
      out[c.attribute("r").value()] = cell;
    }
    return out;
  }

  // Width of column `col` (1-based) from <cols>, or -1.
  double col_width(int n, int col) const {
    pugi::xml_document doc = sheet(n);
    for (pugi::xml_node c : doc.child("worksheet").child("cols").children("col"))
      if (c.attribute("min").as_int() <= col && col <= c.attribute("max").as_int())
        return c.attribute("width").as_double(-1);
    return -1;
  }
};

ColumnSpec column(std::string header, std::string field, std::optional<double> width = std::nullopt) {
  ColumnSpec c;
  c.header = std::move(header);
  c.field = std::move(field);
  c.width = width;
  return c;
}

WorkbookSpec one_sheet(const std::string& name, const std::string& dataset = "rows") {
  SheetSpec s;
  s.name = name;
  s.dataset = dataset;
  s.columns = {column("名称", "name")};
  WorkbookSpec spec;
  spec.sheets.push_back(s);
  return spec;
}

const std::string kInjection = "=HYPERLINK(\"http://x\")";
const std::string kTenCjk = "住房和城乡建设局工作";  // 10 CJK characters

WorkbookSpec test_spec() {
  SheetSpec data;
  data.name = "Data";
  data.dataset = "rows";
  ColumnSpec value = column("数值", "value");
  value.number_format = "0.##";
  ColumnSpec note = column("备注", "note", 30);
  note.wrap = true;
  ColumnSpec capped = column("封顶", "capped");
  capped.max_width = 15;
  data.columns = {column("名称", "name"), value, note, column("长文", "cjk"), column("ascii", "ascii"), capped};

  SheetSpec empty;
  empty.name = "空表";
  empty.dataset = "nothing";
  empty.columns = {column("甲", "a"), column("乙", "b")};

  WorkbookSpec spec;
  spec.sheets = {data, empty};
  return spec;
}

Datasets test_data() {
  Datasets d;
  d["rows"] = {
      Row{{"name", "住房和城乡建设局"},
          {"value", 12.5},
          {"note", "xx.x万亩"},
          {"cjk", kTenCjk},
          {"ascii", "abcdefghij"},
          {"capped", std::string(100, 'x')}},
      Row{{"name", kInjection}, {"value", "+1"}, {"note", "-2"}, {"cjk", "@SUM(A1)"}},
      Row{{"name", "第三行"}, {"value", Cell()}, {"cjk", ""}},
  };
  return d;
}

}  // namespace

TEST_CASE("display_width counts East Asian wide characters double", "[xlsx]") {
  CHECK(display_width("中文ab") == 6);
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("ＡＢ") == 4);             // fullwidth Latin
  CHECK(display_width("（一）") == 6);           // fullwidth punctuation
  CHECK(display_width("ab\n中文中文\nc") == 8);  // longest line
  CHECK(display_width("中文\r\nab") == 4);
}

TEST_CASE("write_xlsx writes typed cells, header, pane, filter and widths", "[xlsx]") {
  TempDir dir;
  fs::path out = dir.path / "out.xlsx";
  write_xlsx(out, test_spec(), test_data());
  CHECK(dir.entries() == std::vector<std::string>{"out.xlsx"});

  Workbook wb(out);
  CHECK(wb.sheet_names == std::vector<std::string>{"Data", "空表"});

  auto cells = wb.cells(1);
  // Header row: shared strings.
  const std::vector<std::pair<std::string, std::string>> headers = {{"A1", "名称"}, {"B1", "数值"},  {"C1", "备注"},
                                                                    {"D1", "长文"}, {"E1", "ascii"}, {"F1", "封顶"}};
  for (const auto& [ref, text] : headers) {
    INFO(ref);
    REQUIRE(cells.count(ref));
    CHECK(cells[ref].type == "s");
    CHECK(cells[ref].value == text);
  }

  // A number is a number.
  REQUIRE(cells.count("B2"));
  CHECK(cells["B2"].type.empty());
  CHECK(std::stod(cells["B2"].value) == 12.5);

  // Text, including a redacted value and would-be formulas, is a shared string.
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"A2", "住房和城乡建设局"}, {"C2", "xx.x万亩"}, {"D2", kTenCjk}, {"A3", kInjection}, {"B3", "+1"}, {"C3", "-2"},
      {"D3", "@SUM(A1)"},         {"A4", "第三行"}};
  for (const auto& [ref, text] : texts) {
    INFO(ref);
    REQUIRE(cells.count(ref));
    CHECK(cells[ref].type == "s");
    CHECK(cells[ref].value == text);
    CHECK_FALSE(cells[ref].has_formula);
  }

  // Empty cells, missing fields and empty strings stay blank.
  for (const char* ref : {"B4", "C4", "D4", "E3", "E4", "F3", "F4"}) {
    INFO(ref);
    CHECK(cells.count(ref) == 0);
  }

  // No formula anywhere in the package.
  for (int n : {1, 2}) {
    pugi::xml_document doc = wb.sheet(n);
    CHECK(doc.select_nodes("//f").empty());
    CHECK(doc.select_nodes("//*[local-name()='f']").empty());
  }

  pugi::xml_document sheet = wb.sheet(1);
  pugi::xml_node ws = sheet.child("worksheet");
  pugi::xml_node pane = ws.child("sheetViews").child("sheetView").child("pane");
  REQUIRE(pane);
  CHECK(std::string(pane.attribute("ySplit").value()) == "1");
  CHECK(std::string(pane.attribute("state").value()) == "frozen");
  CHECK(std::string(ws.child("autoFilter").attribute("ref").value()) == "A1:F4");

  // Widths: auto grows with CJK text (10 CJK chars -> >= 20 units), ASCII of the same
  // length stays narrow, fixed widths are kept, and max_width caps auto.
  double cjk = wb.col_width(1, 4);
  double ascii = wb.col_width(1, 5);
  CHECK(cjk >= 20);
  CHECK(ascii > 10);
  CHECK(ascii < 20);
  CHECK(wb.col_width(1, 3) >= 30);
  CHECK(wb.col_width(1, 3) < 31.5);
  CHECK(wb.col_width(1, 6) >= 15);
  CHECK(wb.col_width(1, 6) < 16.5);
  CHECK(wb.col_width(1, 1) >= 18);  // "住房和城乡建设局" = 16 + 2

  // Number format and wrapping reach the styles.
  std::string styles = zip_entry(out, "xl/styles.xml");
  CHECK(styles.find("formatCode=\"0.##\"") != std::string::npos);
  CHECK(styles.find("wrapText=\"1\"") != std::string::npos);

  // A sheet whose dataset is absent has its header row and nothing else.
  auto empty = wb.cells(2);
  CHECK(empty.size() == 2);
  CHECK(empty["A1"].value == "甲");
  CHECK(empty["B1"].value == "乙");
  pugi::xml_document sheet2 = wb.sheet(2);
  CHECK(std::string(sheet2.child("worksheet").child("autoFilter").attribute("ref").value()) == "A1:B1");
}

TEST_CASE("freeze and autofilter can be turned off", "[xlsx]") {
  TempDir dir;
  WorkbookSpec spec = one_sheet("Plain");
  spec.sheets[0].freeze_header = false;
  spec.sheets[0].autofilter = false;
  write_xlsx(dir.path / "p.xlsx", spec, Datasets{{"rows", {Row{{"name", "x"}}}}});
  Workbook wb(dir.path / "p.xlsx");
  pugi::xml_document sheet = wb.sheet(1);
  CHECK_FALSE(sheet.child("worksheet").child("autoFilter"));
  CHECK_FALSE(sheet.child("worksheet").child("sheetViews").child("sheetView").child("pane"));
}

TEST_CASE("text longer than Excel's cell limit is cut at 32767 characters", "[xlsx]") {
  TempDir dir;
  std::string longtext;
  for (int i = 0; i < 40000; ++i) longtext += "字";
  write_xlsx(dir.path / "long.xlsx", one_sheet("Long"), Datasets{{"rows", {Row{{"name", longtext}}}}});
  Workbook wb(dir.path / "long.xlsx");
  auto cells = wb.cells(1);
  REQUIRE(cells.count("A2"));
  CHECK(length_cp(cells["A2"].value) == 32767);
  CHECK(wb.col_width(1, 1) <= 81);  // auto width capped by the default max_width
}

TEST_CASE("constant_memory mode writes inline strings, still never formulas", "[xlsx]") {
  TempDir dir;
  WorkbookSpec spec = one_sheet("Big");
  spec.sheets[0].constant_memory = true;
  Datasets data{{"rows", {Row{{"name", kInjection}}, Row{{"name", "+1"}}, Row{{"name", 3}}}}};
  write_xlsx(dir.path / "big.xlsx", spec, data);
  CHECK(dir.entries() == std::vector<std::string>{"big.xlsx"});
  Workbook wb(dir.path / "big.xlsx");
  auto cells = wb.cells(1);
  CHECK(cells["A1"].value == "名称");
  CHECK(cells["A2"].value == kInjection);
  CHECK(cells["A2"].type != "");
  CHECK(cells["A3"].value == "+1");
  CHECK(cells["A4"].type.empty());
  CHECK(cells["A4"].value == "3");
  CHECK(wb.sheet(1).select_nodes("//f").empty());
}

TEST_CASE("templates/workbook.json loads and renders", "[xlsx]") {
  fs::path path = data_dir("templates") / "workbook.json";
  WorkbookSpec spec = WorkbookSpec::load(path);
  std::vector<std::string> names, datasets;
  for (const auto& s : spec.sheets) {
    names.push_back(s.name);
    datasets.push_back(s.dataset);
  }
  // In the order a clerk reads them.
  CHECK(names == std::vector<std::string>{"对比表", "指标对比", "存在问题", "工作计划", "全部指标", "来源文件"});
  CHECK(datasets ==
        std::vector<std::string>{"unit_comparison", "unit_indicators", "problems", "plans", "metrics", "sources"});
  for (const SheetSpec& s : spec.sheets) {
    INFO(s.name);
    std::vector<std::string> headers;
    for (const auto& c : s.columns) headers.push_back(c.header);
    if (s.dataset != "sources") {  // the unit first, with its region and level beside it
      REQUIRE(headers.size() >= 3);
      auto unit = std::find(headers.begin(), headers.end(), "单位");
      REQUIRE(unit != headers.end());
      CHECK(std::next(unit) != headers.end());
      CHECK(*std::next(unit) == "地区");
      CHECK(*std::next(unit, 2) == "层级");
    }
    CHECK(s.freeze_header);
    CHECK(s.print.fit_to_width);
    CHECK(s.print.repeat_header);
    CHECK(s.print.footer == "&C第 &P 页，共 &N 页");
    for (const auto& c : s.columns) CHECK(c.number_format != "0.##");  // would show 16 as "16."
  }
  CHECK(spec.sheets[0].print.repeat_columns == 1);
  CHECK(spec.sheets[1].columns.back().for_each == "common_indicators");

  TempDir dir;
  Datasets data;
  data["periods"] = {Row{{"name", "2023年"}}, Row{{"name", "2024年上半年"}}};
  data["unit_comparison"] = {Row{{"region", "XX县"},
                                 {"agency", "XX县住房和城乡建设局"},
                                 {"level", "县"},
                                 {"report_title", "2023年工作总结"},
                                 {"2023年:achievement_count", 12},
                                 {"2023年:problem_count", 3},
                                 {"2024年上半年:plan_count", 5},
                                 {"2023年:metrics", "新增耕地 xx.x万亩\n投资 3.2亿元"},
                                 {"sources", "a.txt:1"}}};
  data["common_indicators"] = {Row{{"name", "固定资产投资"}}};
  data["unit_indicators"] = {Row{{"agency", "XX县住房和城乡建设局"},
                                 {"固定资产投资", 3.2},
                                 {"固定资产投资:unit", "亿元"},
                                 {"固定资产投资:source", "a.txt:9"}}};
  data["problems"] = {Row{{"theme", "资金"}, {"agency", "住房和城乡建设局"}, {"marker", "一是"}, {"text", kInjection}}};
  data["metrics"] = {Row{{"label", "新增耕地"}, {"value", "xx.x"}, {"unit", "万亩"}, {"redacted", "是"}},
                     Row{{"label", "投资"}, {"value", 3.2}, {"unit", "亿元"}}};
  data["sources"] = {Row{{"path", "a.txt"}, {"encoding", "GB18030"}, {"reports", 1}, {"declared", 1}}};
  fs::path out = dir.path / "summary.xlsx";
  write_xlsx(out, spec, data);
  Workbook wb(out);
  CHECK(wb.sheet_names == names);
  auto comparison = wb.cells(1);
  CHECK(comparison["A1"].value == "单位");
  CHECK(comparison["D1"].value == "2023年成效条数");
  CHECK(comparison["E1"].value == "2024年上半年成效条数");
  CHECK(comparison["D2"].type.empty());
  CHECK(comparison["D2"].value == "12");
  CHECK(comparison["I2"].value == "5");  // 2024年上半年计划条数
  auto indicators = wb.cells(2);
  CHECK(indicators["D1"].value == "固定资产投资");
  CHECK(indicators["D2"].type.empty());
  CHECK(indicators["D2"].value == "3.2");
  auto metrics_sheet = wb.cells(5);
  CHECK(metrics_sheet["G1"].value == "数值");
  CHECK(metrics_sheet["H1"].value == "计量单位");
  CHECK(metrics_sheet["G2"].type == "s");
  CHECK(metrics_sheet["G2"].value == "xx.x");
  CHECK(metrics_sheet["G3"].type.empty());
  CHECK(wb.cells(3)["H2"].value == kInjection);
  CHECK(wb.cells(4).size() == 9);  // 工作计划: header only
}

TEST_CASE("broken workbook specs are template errors naming the file", "[xlsx]") {
  TempDir dir;
  const std::string good_column = R"({"header": "h", "field": "f"})";
  auto sheet = [&](const std::string& name, const std::string& columns) {
    return R"({"sheets": [{"name": ")" + name + R"(", "dataset": "d", "columns": [)" + columns + "]}]}";
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bad json", "// comment\n{\"sheets\": [\n  {\"name\": \"x\",, }\n]}"},
      {"not an object", "[1, 2]"},
      {"no sheets", R"({"sheet": []})"},
      {"sheets not array", R"({"sheets": {}})"},
      {"empty sheets", R"({"sheets": []})"},
      {"no columns", R"({"sheets": [{"name": "A", "dataset": "d"}]})"},
      {"empty columns", sheet("A", "")},
      {"no field", sheet("A", R"({"header": "h"})")},
      {"field not string", sheet("A", R"({"field": 3})")},
      {"width word", sheet("A", R"({"field": "f", "width": "wide"})")},
      {"width bool", sheet("A", R"({"field": "f", "width": true})")},
      {"width negative", sheet("A", R"({"field": "f", "width": -1})")},
      {"width too big", sheet("A", R"({"field": "f", "width": 300})")},
      {"wrap not bool", sheet("A", R"({"field": "f", "wrap": "yes"})")},
      {"unknown key", sheet("A", R"({"field": "f", "widht": 10})")},
      {"no name", R"({"sheets": [{"dataset": "d", "columns": [)" + good_column + "]}]}"},
      {"no dataset", R"({"sheets": [{"name": "A", "columns": [)" + good_column + "]}]}"},
      {"name too long", sheet(std::string(32, 'x'), good_column)},
      {"cjk name too long", sheet("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", good_column)},
      {"name with slash", sheet("A/B", good_column)},
      {"name with bracket", sheet("[A]", good_column)},
      {"name with colon", sheet("A:B", good_column)},
      {"name with star", sheet("A*", good_column)},
      {"name with question", sheet("A?", good_column)},
      {"name with backslash", sheet("A\\\\B", good_column)},
      {"empty name", sheet("", good_column)},
      {"apostrophe", sheet("'A", good_column)},
      {"reserved", sheet("history", good_column)},
      {"filter on a field no column shows",
       R"({"sheets": [{"name": "A", "dataset": "d", "filter_non_blank": "g", "columns": [)" + good_column + "]}]}"},
      {"filter without autofilter", R"({"sheets": [{"name": "A", "dataset": "d", "filter_non_blank": "f",
           "autofilter": false, "columns": [)" +
                                        good_column + "]}]}"},
      {"max_row_lines negative",
       R"({"sheets": [{"name": "A", "dataset": "d", "max_row_lines": -1, "columns": [)" + good_column + "]}]}"},
      {"fit_to_width word", R"({"sheets": [{"name": "A", "dataset": "d", "print": {"fit_to_width": "2"},
           "columns": [)" + good_column +
                                "]}]}"},
      {"duplicate name", R"({"sheets": [{"name": "A", "dataset": "d", "columns": [)" + good_column +
                             R"(]}, {"name": "a", "dataset": "e", "columns": [)" + good_column + "]}]}"},
  };
  for (const auto& [label, text] : cases) {
    INFO(label);
    fs::path p = dir.path / "bad.json";
    write_text(p, text);
    try {
      WorkbookSpec::load(p);
      FAIL("no error for " << label);
    } catch (const Error& e) {
      INFO(e.one_line());
      CHECK(e.code() == ExitCode::template_error);
      CHECK(e.file() == p.string());
      CHECK_FALSE(e.problem().empty());
      CHECK_FALSE(e.hint().empty());
      if (label == "bad json") CHECK(e.line() == 3);
    }
  }

  // A 31-character name (CJK counts one per character) is fine.
  write_text(dir.path / "ok.json",
             sheet("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", good_column));
  CHECK(WorkbookSpec::load(dir.path / "ok.json").sheets.at(0).columns.at(0).header == "h");

  // A missing file is a template error too.
  try {
    WorkbookSpec::load(dir.path / "missing.json");
    FAIL("no error for a missing file");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::template_error);
    CHECK(e.file() == (dir.path / "missing.json").string());
  }
}

TEST_CASE("spec defaults: header falls back to field, width auto", "[xlsx]") {
  TempDir dir;
  write_text(dir.path / "w.json", R"(/* c */ {"sheets": [{"name": "S", "dataset": "d", "columns": [
      {"field": "f"}, {"field": "g", "width": "auto", "max_width": 12.5, "number_format": "0.0"}]}]})");
  WorkbookSpec spec = WorkbookSpec::load(dir.path / "w.json");
  REQUIRE(spec.sheets.size() == 1);
  const SheetSpec& s = spec.sheets[0];
  CHECK(s.freeze_header);
  CHECK(s.autofilter);
  CHECK_FALSE(s.constant_memory);
  CHECK(s.columns[0].header == "f");
  CHECK_FALSE(s.columns[0].width.has_value());
  CHECK(s.columns[0].max_width == 80);
  CHECK_FALSE(s.columns[0].wrap);
  CHECK(s.columns[1].max_width == 12.5);
  CHECK(s.columns[1].number_format == "0.0");
}

TEST_CASE("write failures are output errors and leave no temporary file", "[xlsx]") {
  TempDir dir;

  SECTION("directory does not exist") {
    fs::path out = dir.path / "missing" / "out.xlsx";
    try {
      write_xlsx(out, one_sheet("S"), {});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::output);
      CHECK(e.file() == out.string());
      CHECK(e.problem().rfind("cannot write workbook", 0) == 0);
    }
    CHECK(dir.entries().empty());
  }

  SECTION("a spec built in code with an invalid sheet name") {
    // Such a spec bypasses load()'s checks; the writer still refuses it cleanly.
    fs::path out = dir.path / "out.xlsx";
    try {
      write_xlsx(out, one_sheet("bad/name"), {});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::output);
      CHECK(e.file() == out.string());
    }
    CHECK(dir.entries().empty());
  }

  SECTION("libxlsxwriter refuses a duplicate sheet name") {
    fs::path out = dir.path / "out.xlsx";
    WorkbookSpec spec = one_sheet("Same");
    spec.sheets.push_back(spec.sheets[0]);
    try {
      write_xlsx(out, spec, {});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::output);
      CHECK(e.file() == out.string());
    }
    CHECK(dir.entries().empty());
  }
}

TEST_CASE("writing over an existing workbook replaces it atomically", "[xlsx]") {
  TempDir dir;
  fs::path out = dir.path / "out.xlsx";
  write_xlsx(out, one_sheet("Old"), Datasets{{"rows", {Row{{"name", "旧"}}}}});
  CHECK(Workbook(out).sheet_names == std::vector<std::string>{"Old"});

  write_xlsx(out, one_sheet("New"), Datasets{{"rows", {Row{{"name", "新"}}}}});
  Workbook wb(out);
  CHECK(wb.sheet_names == std::vector<std::string>{"New"});
  CHECK(wb.cells(1)["A2"].value == "新");
  CHECK(dir.entries() == std::vector<std::string>{"out.xlsx"});
  CHECK((fs::status(out).permissions() & fs::perms::others_read) != fs::perms::none);

  // A failed write leaves the earlier workbook intact.
  CHECK_THROWS_AS(write_xlsx(out, one_sheet("bad:name"), {}), Error);
  CHECK(Workbook(out).sheet_names == std::vector<std::string>{"New"});
  CHECK(dir.entries() == std::vector<std::string>{"out.xlsx"});
}

TEST_CASE("golden: the fixture's workbook has the expected sheets and cells", "[xlsx][golden]") {
  // The workbook of the render tests' fixture (tests/data/render/two_counties.model.json),
  // read back part by part: every worksheet and the shared strings are compared with
  // tests/data/render/expected/comparison.xlsx.d/ (docProps, which holds the creation time,
  // is not). HUIZONG_UPDATE_GOLDEN=1 rewrites the expected parts.
  fs::path data = fs::path(HUIZONG_TEST_DATA_DIR) / "render";
  TempDir out;
  RenderOptions o;
  o.out_dir = out.path;
  o.version = "test";
  o.generated = "2026-01-01";
  render_outputs(load_model((data / "two_counties.model.json").string()), o);
  fs::path expected = data / "expected" / "comparison.xlsx.d";
  bool update = std::getenv("HUIZONG_UPDATE_GOLDEN") != nullptr;
  std::size_t parts = 0;
  for (const std::string& name : zip_names(out.path / "comparison.xlsx")) {
    if (!name.starts_with("xl/worksheets/sheet") && name != "xl/sharedStrings.xml") continue;
    std::string file = name.substr(name.rfind('/') + 1);
    INFO(name << " (set HUIZONG_UPDATE_GOLDEN=1 to accept a deliberate change, then review the diff)");
    std::string got = zip_entry(out.path / "comparison.xlsx", name);
    if (update) {
      fs::create_directories(expected);
      write_text(expected / file, got);
    }
    REQUIRE(fs::exists(expected / file));
    std::string want = slurp(expected / file);
    CHECK(got == want);
    ++parts;
  }
  CHECK(parts >= 2);
  if (!update) {
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(expected)) ++files;
    CHECK(files == parts);  // no expected sheet has disappeared from the workbook
  }
}

// End to end, from the text: what the read stage lets in is what every output holds.

namespace {

// A county agency's half-year summary: a problems part that opens with a paragraph
// stating a problem before its numbered items, and text with U+FFFF in it.
const char* const kSummaryWithLeadParagraph =
    "县审计局2023年上半年工作总结\n"
    "　　2023年上半年，县审计局紧紧围绕县委县政府中心工作，依法履行审计监督职责。\n"
    "　　一、主要工作开展情况\n"
    "　　（一）扎实开展预算执行审计。完成县级预算执行审计项目3个。\n"
    "　　（二）持续推进经济责任审计。完成经济责任审计项目5个。\n"
    "　　二、存在的问题\n"
    "　　在取得成绩的同时，我局审计人员力量不足，难以满足全覆盖的要求。\n"
    "　　（一）审计技术手段落后\xEF\xBF\xBF，大数据审计应用不够。\n"
    "　　（二）审计整改跟踪机制有待完善。\n"
    "　　三、下半年工作计划\n"
    "　　（一）加强审计队伍建设。\n"
    "　　（二）推进审计全覆盖。\n"
    "县审计局\n"
    "2023年7月10日\n";

Model parsed(const std::vector<fs::path>& files) {
  static const Lexicons lex = Lexicons::load();
  return parse_files(files, lex, {1});
}

bool holds_xml_forbidden(std::string_view s) { return without_xml_forbidden(s) != s; }

}  // namespace

TEST_CASE("U+FFFF in a report and a GBK file name give a valid workbook and valid UTF-8 Markdown",
          "[xlsx][xml][names]") {
  TempDir in, out;
  // 审计报告.txt with its name in GBK, as a Windows zip stores it.
  fs::path gbk = in.path / "\xC9\xF3\xBC\xC6\xB1\xA8\xB8\xE6.txt";
  write_text(gbk, kSummaryWithLeadParagraph);
  Model model = parsed({gbk});
  REQUIRE(model.reports.size() == 1);
  CHECK(model.reports[0].id == (in.path / "审计报告.txt").string() + "#1");
  render_outputs(model, render_options(out.path));

  std::size_t xml_parts = 0;
  for (const std::string& name : zip_names(out.path / "comparison.xlsx")) {
    if (!name.ends_with(".xml") && !name.ends_with(".rels")) continue;
    INFO(name);
    std::string part = zip_entry(out.path / "comparison.xlsx", name);
    CHECK(utf8::is_valid(part));
    CHECK_FALSE(holds_xml_forbidden(part));
    parse_xml(part);  // fails the test if the part is not well-formed
    ++xml_parts;
  }
  CHECK(xml_parts >= 5);
  std::string shared = zip_entry(out.path / "comparison.xlsx", "xl/sharedStrings.xml");
  CHECK(shared.find("审计报告.txt") != std::string::npos);
  CHECK(shared.find("审计技术手段落后\uFFFD，") != std::string::npos);
  for (const char* md : {"briefing.md", "problems.md", "plans.md", "comparison.md"}) {
    INFO(md);
    std::string text = slurp(out.path / md);
    REQUIRE_FALSE(text.empty());
    CHECK(utf8::is_valid(text));
    CHECK_FALSE(holds_xml_forbidden(text));
  }
}

TEST_CASE("a problem stated before the numbered problems is in problems.md and briefing.md", "[xlsx][problems]") {
  TempDir in, out;
  write_text(in.path / "audit.txt", kSummaryWithLeadParagraph);
  Model model = parsed({in.path / "audit.txt"});
  render_outputs(model, render_options(out.path));
  for (const char* md : {"problems.md", "briefing.md"}) {
    INFO(md);
    std::string text = slurp(out.path / md);
    CHECK(text.find("审计人员力量不足，难以满足全覆盖的要求") != std::string::npos);
    CHECK(text.find("审计技术手段落后") != std::string::npos);
    CHECK(text.find("审计整改跟踪机制有待完善") != std::string::npos);
  }
  // A paragraph that only leads into the list (…主要表现在：) is not a problem of its own.
  std::string led = kSummaryWithLeadParagraph;
  std::string lead = "在取得成绩的同时，我局审计人员力量不足，难以满足全覆盖的要求。";
  led.replace(led.find(lead), lead.size(), "在取得成绩的同时，我局工作中还存在一些不足，主要表现在：");
  write_text(in.path / "audit.txt", led);
  render_outputs(parsed({in.path / "audit.txt"}), render_options(out.path));
  std::string text = slurp(out.path / "problems.md");
  CHECK(text.find("主要表现在") == std::string::npos);
  CHECK(text.find("审计技术手段落后") != std::string::npos);
}

TEST_CASE("a sheet over the row limit keeps the rows that fit and ends with a row saying how many were left out",
          "[xlsx]") {
  // Excel's limit is 1,048,576 rows; the same code cuts at a small limit here.
  Datasets data{{"rows", {}}, {"other", {Row{{"name", "甲"}}}}};
  for (int i = 0; i < 10; ++i) data["rows"].push_back(Row{{"name", "第" + std::to_string(i) + "行"}});
  WorkbookSpec spec = one_sheet("Cut");
  std::vector<std::string> warnings = fit_sheets_to_rows(data, spec, 6, "另有{rows}行未列入");
  REQUIRE(warnings.size() == 1);
  CHECK(contains(warnings[0], "\"Cut\" has 10 rows"));
  REQUIRE(data["rows"].size() == 5);  // 4 rows + the note, under the header: 6 rows
  CHECK(data["rows"][3].at("name").text() == "第3行");
  CHECK(data["rows"][4].at("name").text() == "另有6行未列入");
  CHECK(data["other"].size() == 1);  // a dataset no sheet shows is left alone

  // Within the limit nothing changes, and the workbook is made.
  CHECK(fit_sheets_to_rows(data, spec, 6, "另有{rows}行未列入").empty());
  TempDir dir;
  write_xlsx(dir.path / "cut.xlsx", spec, data);
  auto cells = Workbook(dir.path / "cut.xlsx").cells(1);
  REQUIRE(cells.count("A6"));
  CHECK(cells["A6"].value == "另有6行未列入");
  CHECK(kExcelMaxRows == 1048576);
}

namespace {

// The samples' workbook as the CLI writes it (render of the model parsed at build time).
fs::path render_samples(const TempDir& out) {
  RenderOptions o;
  o.out_dir = out.path;
  o.version = "test";
  o.generated = "2026-01-01";
  render_outputs(load_model((fs::path(HUIZONG_TEST_MODELS_DIR) / "samples.json").string()), o);
  return out.path / "comparison.xlsx";
}

std::string column_letters(int col) {  // 1-based
  std::string s;
  for (; col > 0; col = (col - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (col - 1) % 26));
  return s;
}

// Header texts of row 1, in column order.
std::vector<std::string> header_row(std::map<std::string, XCell>& cells) {
  std::vector<std::string> headers;
  for (int c = 1; cells.count(column_letters(c) + "1") != 0; ++c)
    headers.push_back(cells[column_letters(c) + "1"].value);
  return headers;
}

std::string sample_texts() {
  std::string all;
  for (const auto& e : fs::directory_iterator(HUIZONG_SAMPLES_DIR)) {
    all += slurp(e.path());
  }
  return all;
}

}  // namespace

TEST_CASE("samples workbook: sheets in reading order, distinct headers, print setup on every sheet", "[xlsx]") {
  TempDir out;
  Workbook wb(render_samples(out));
  CHECK(wb.sheet_names ==
        std::vector<std::string>{"对比表", "指标对比", "存在问题", "工作计划", "全部指标", "来源文件"});
  pugi::xml_document book = parse_xml(zip_entry(wb.file, "xl/workbook.xml"));
  for (int n = 1; n <= static_cast<int>(wb.sheet_names.size()); ++n) {
    INFO(wb.sheet_names[n - 1]);
    auto cells = wb.cells(n);
    std::vector<std::string> headers = header_row(cells);
    std::set<std::string> distinct(headers.begin(), headers.end());
    CHECK(distinct.size() == headers.size());
    pugi::xml_document sheet = wb.sheet(n);
    pugi::xml_node ws = sheet.child("worksheet");
    CHECK(std::string(ws.child("pageSetup").attribute("orientation").value()) == "landscape");
    CHECK(ws.child("pageSetup").attribute("paperSize").as_int() == 9);
    CHECK(ws.child("sheetPr").child("pageSetUpPr").attribute("fitToPage").as_bool());
    CHECK(ws.child("pageSetup").attribute("fitToHeight").as_int(-1) == 0);  // as many pages tall as needed
    // 对比表 prints two pages wide (counts, then figures and reports), the unit on both.
    CHECK(ws.child("pageSetup").attribute("fitToWidth").as_int(1) == (n == 1 ? 2 : 1));
    CHECK(std::string(ws.child("headerFooter").child("oddFooter").text().get()).find("&P") != std::string::npos);
    CHECK(std::string(ws.child("sheetViews").child("sheetView").child("pane").attribute("state").value()) == "frozen");
    std::string titles;
    for (pugi::xml_node d : book.child("workbook").child("definedNames").children("definedName"))
      if (std::string(d.attribute("name").value()) == "_xlnm.Print_Titles" &&
          d.attribute("localSheetId").as_int() == n - 1)
        titles = d.text().get();
    CHECK(titles.find("$1:$1") != std::string::npos);              // the header row on every page
    if (n <= 2) CHECK(titles.find("$A:$A") != std::string::npos);  // and the unit on every page across
  }
}

TEST_CASE("samples workbook: 指标对比 has every indicator two units state, with the values of the texts", "[xlsx]") {
  TempDir out;
  Workbook wb(render_samples(out));
  // Independently of 指标对比: from 全部指标, the common indicators stated as a number by >= 2 units.
  auto all = wb.cells(5);
  std::vector<std::string> all_headers = header_row(all);
  auto col_of = [&](const std::string& h) {
    auto it = std::find(all_headers.begin(), all_headers.end(), h);
    REQUIRE(it != all_headers.end());
    return column_letters(static_cast<int>(it - all_headers.begin()) + 1);
  };
  const std::string unit_col = col_of("单位"), indicator_col = col_of("常用指标"), value_col = col_of("数值");
  std::map<std::string, std::set<std::string>> stated_by;
  for (int r = 2; all.count(unit_col + std::to_string(r)) != 0; ++r) {
    const XCell& indicator = all[indicator_col + std::to_string(r)];
    const XCell& value = all[value_col + std::to_string(r)];
    if (!indicator.value.empty() && value.type.empty() && !value.value.empty())
      stated_by[indicator.value].insert(all[unit_col + std::to_string(r)].value);
  }
  std::set<std::string> want;
  for (const auto& [name, units] : stated_by)
    if (units.size() >= 2) want.insert(name);

  auto cells = wb.cells(2);
  std::vector<std::string> headers = header_row(cells);
  REQUIRE(headers.size() > 3);
  CHECK(std::vector<std::string>(headers.begin(), headers.begin() + 3) ==
        std::vector<std::string>{"单位", "地区", "层级"});
  CHECK(std::set<std::string>(headers.begin() + 3, headers.end()) == want);
  CHECK(want.size() >= 5);

  // Ten cells against the sample texts: unit, indicator, value, and the words in the text.
  struct Expected {
    std::string unit, indicator, value, source_text;
  };
  const std::vector<Expected> expected = {
      {"XX办事处", "固定资产投资", "4.08", "固定资产投资总额为4.08亿元"},
      {"东园镇人民政府", "粮食播种面积", "5.4", "粮食种植面积5.4万亩"},
      {"宣州区商务局", "进出口总额", "6802", "进出口总额6802万美元"},
      {"万载县人力资源和社会保障局", "新增就业", "2091", "城镇新增就业人数2091人"},
      {"XX区人力资源和社会保障局", "新增就业", "1880", "城镇新增就业1880人"},
      {"XX区人力资源和社会保障局", "城乡居民人均可支配收入", "9989", "城镇居民人均可支配收入9989元"},
      {"XX市XX区农业农村局", "粮食播种面积", "24.73", "粮食播种面积达到24.73万亩"},
      {"XX乡人民政府", "一般公共预算收入", "214", "一般公共预算收入214万元"},
      {"XX镇人民政府", "规上工业总产值", "11.6", "规上工业总产值11.6亿元"},
      {"XX市市场监督管理局", "市场主体总量", "14.8", "全市市场主体达14.8万户"},
      {"XX县市场监督管理局", "新增市场主体", "2292", "全县新增市场主体2292户"},
  };
  const std::string texts = sample_texts();
  for (const Expected& e : expected) {
    INFO(e.unit << " " << e.indicator);
    CHECK(texts.find(e.source_text) != std::string::npos);
    auto col = std::find(headers.begin(), headers.end(), e.indicator);
    REQUIRE(col != headers.end());
    const std::string letters = column_letters(static_cast<int>(col - headers.begin()) + 1);
    // Masked units (XX市市场监督管理局) may have several rows: one of them holds the value.
    int rows = 0, matching = 0;
    for (int r = 2; cells.count("A" + std::to_string(r)) != 0; ++r) {
      if (cells["A" + std::to_string(r)].value != e.unit) continue;
      ++rows;
      const XCell& cell = cells[letters + std::to_string(r)];
      matching += cell.type.empty() && cell.value == e.value;  // a number, to sort and compare
    }
    REQUIRE(rows != 0);
    CHECK(matching == 1);
  }
}

TEST_CASE("samples workbook: counts and figures are numeric cells, texts carry no marker", "[xlsx]") {
  TempDir out;
  Workbook wb(render_samples(out));
  auto comparison = wb.cells(1);
  std::vector<std::string> headers = header_row(comparison);
  int counts = 0;
  for (std::size_t c = 0; c < headers.size(); ++c) {
    if (!headers[c].ends_with("条数")) continue;
    const std::string letters = column_letters(static_cast<int>(c) + 1);
    for (int r = 2; comparison.count("A" + std::to_string(r)) != 0; ++r) {
      auto it = comparison.find(letters + std::to_string(r));
      if (it == comparison.end()) continue;
      CHECK(it->second.type.empty());
      CHECK(it->second.value.find('.') == std::string::npos);  // whole numbers
      ++counts;
    }
  }
  CHECK(counts > 50);
  auto problems = wb.cells(3);
  std::vector<std::string> ph = header_row(problems);
  auto marker_col = column_letters(static_cast<int>(std::find(ph.begin(), ph.end(), "序号") - ph.begin()) + 1);
  auto text_col = column_letters(static_cast<int>(std::find(ph.begin(), ph.end(), "问题") - ph.begin()) + 1);
  int checked = 0;
  for (int r = 2; problems.count("A" + std::to_string(r)) != 0; ++r) {
    const std::string marker = problems[marker_col + std::to_string(r)].value;
    if (marker.empty()) continue;
    CHECK_FALSE(problems[text_col + std::to_string(r)].value.starts_with(marker));
    ++checked;
  }
  CHECK(checked > 20);
}

// Rows of a sheet's XML by number: (hidden, height in points or 0).
std::map<int, std::pair<bool, double>> row_setup(const pugi::xml_document& sheet) {
  std::map<int, std::pair<bool, double>> out;
  for (pugi::xml_node row : sheet.child("worksheet").child("sheetData").children("row"))
    out[row.attribute("r").as_int()] = {row.attribute("hidden").as_bool(), row.attribute("ht").as_double(0)};
  return out;
}

TEST_CASE("samples workbook: 全部指标 opens filtered to the common indicators, so it prints on a few pages", "[xlsx]") {
  TempDir out;
  Workbook wb(render_samples(out));
  REQUIRE(wb.sheet_names.at(4) == "全部指标");
  auto cells = wb.cells(5);
  std::vector<std::string> headers = header_row(cells);
  auto at = std::find(headers.begin(), headers.end(), "常用指标");
  REQUIRE(at != headers.end());
  const int col = static_cast<int>(at - headers.begin());
  pugi::xml_document sheet = wb.sheet(5);
  auto rows = row_setup(sheet);
  int shown = 0, hidden = 0, wrong = 0;
  for (int r = 2; cells.count("A" + std::to_string(r)) != 0; ++r) {
    bool blank = cells["" + column_letters(col + 1) + std::to_string(r)].value.empty();
    bool is_hidden = rows.count(r) != 0 && rows[r].first;
    (is_hidden ? hidden : shown) += 1;
    if (blank != is_hidden) ++wrong;
  }
  CHECK(wrong == 0);  // hidden exactly where 常用指标 is empty
  CHECK(shown >= 20);
  CHECK(hidden > 10 * shown);  // most figures are not a common indicator: they stay, hidden
  // The filter Excel and LibreOffice show on the column (a clerk clears it to see every row).
  pugi::xml_node filter = sheet.child("worksheet").child("autoFilter").child("filterColumn");
  REQUIRE(filter);
  CHECK(filter.attribute("colId").as_int(-1) == col);
  CHECK(std::string(sheet.child("worksheet").child("headerFooter").child("oddHeader").text().get()).find("筛选") !=
        std::string::npos);
}

TEST_CASE("samples workbook: a row is as tall as its wrapped cells, at most max_row_lines", "[xlsx]") {
  TempDir out;
  Workbook wb(render_samples(out));
  // 对比表: a unit's main figures wrap in their column (at most 40 characters wide, a
  // Chinese character taking about two): the row is tall enough for them all.
  auto cells = wb.cells(1);
  std::vector<std::string> headers = header_row(cells);
  auto rows = row_setup(wb.sheet(1));
  int long_figures = 0;
  for (std::size_t c = 0; c < headers.size(); ++c) {
    if (!headers[c].ends_with("主要指标")) continue;
    const std::string col = column_letters(static_cast<int>(c) + 1);
    for (int r = 2; cells.count("A" + std::to_string(r)) != 0; ++r) {
      const std::string& figures = cells[col + std::to_string(r)].value;
      if (to_u32(figures).size() < 50) continue;  // at least two lines of 40 units
      ++long_figures;
      INFO(figures);
      CHECK(rows[r].second >= 2 * 15);
    }
  }
  CHECK(long_figures >= 3);
  CHECK(rows[1].second >= 2 * 15);  // the header: "2023年上半年成效条数" in 8 units wraps
  // 工作计划: long plan texts wrap, but a row is at most two lines tall (max_row_lines).
  auto plans = row_setup(wb.sheet(4));
  double tallest = 0;
  for (const auto& [r, setup] : plans)
    if (r > 1) tallest = std::max(tallest, setup.second);
  CHECK(tallest > 15);
  CHECK(tallest <= 2 * 15 + 2);
}

namespace {

// The cells of each row of the Markdown table whose header row starts with `header`
// (backslash escapes removed), the header row first.
std::vector<std::vector<std::string>> markdown_table(const std::string& md, const std::string& header) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(md);
  std::string line;
  bool in = false;
  while (std::getline(lines, line)) {
    if (!in && !line.starts_with(header)) continue;
    if (!line.starts_with("| ")) break;
    in = true;
    if (line.starts_with("| ---")) continue;
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 2; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        cell += line[++i];
      } else if (line.compare(i, 3, " | ") == 0 || (line.compare(i, 2, " |") == 0 && i + 2 == line.size())) {
        cells.push_back(cell);
        cell.clear();
        i += line.compare(i, 3, " | ") == 0 ? 2 : 1;
      } else {
        cell += line[i];
      }
    }
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST_CASE("samples: comparison.md shows the workbook's 对比表 and 指标对比, row by row", "[xlsx][render]") {
  TempDir out;
  Workbook wb(render_samples(out));
  const std::string md = slurp(out.path / "comparison.md");

  // 各单位对比 = 对比表: same units in the same order, per period the three counts, the sources.
  auto units = markdown_table(md, "| 单位 | 层级 |");
  auto sheet = wb.cells(1);
  std::vector<std::string> headers = header_row(sheet);
  REQUIRE(units.size() >= 2);
  const std::vector<std::string>& md_header = units[0];
  std::vector<std::string> periods(md_header.begin() + 2, md_header.end() - 2);
  CHECK(periods.size() == 4);
  auto col = [&](const std::string& h) {
    auto at = std::find(headers.begin(), headers.end(), h);
    REQUIRE(at != headers.end());
    return column_letters(static_cast<int>(at - headers.begin()) + 1);
  };
  int r = 2;
  for (std::size_t i = 1; i < units.size(); ++i, ++r) {
    const std::vector<std::string>& row = units[i];
    const std::string n = std::to_string(r);
    INFO(row[0]);
    REQUIRE(row.size() == md_header.size());
    CHECK(row[0] == sheet["A" + n].value);
    CHECK(row[1] == sheet[col("层级") + n].value);
    for (std::size_t p = 0; p < periods.size(); ++p) {
      const std::string& achievements = sheet[col(periods[p] + "成效条数") + n].value;
      std::string want = achievements.empty() ? "—"
                                              : achievements + "/" + sheet[col(periods[p] + "问题条数") + n].value +
                                                    "/" + sheet[col(periods[p] + "计划条数") + n].value;
      CHECK(row[2 + p] == want);
    }
    std::string sources = sheet[col("来源") + n].value;
    for (std::size_t at = sources.find('\n'); at != std::string::npos; at = sources.find('\n', at))
      sources.replace(at, 1, "；");
    CHECK(row.back() == sources);
  }
  CHECK(sheet.count("A" + std::to_string(r)) == 0);  // no unit of the sheet left out

  // 主要指标对比 = 指标对比: same indicators, units and values (as written: number and unit).
  auto indicators = markdown_table(md.substr(md.find("主要指标对比")), "| 单位 | 层级 |");
  auto values = wb.cells(2);
  std::vector<std::string> value_headers = header_row(values);
  REQUIRE(indicators.size() >= 2);
  CHECK(std::vector<std::string>(indicators[0].begin() + 2, indicators[0].end()) ==
        std::vector<std::string>(value_headers.begin() + 3, value_headers.end()));
  int checked = 0;
  for (std::size_t i = 1; i < indicators.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    INFO(indicators[i][0]);
    CHECK(indicators[i][0] == values["A" + n].value);
    for (std::size_t c = 3; c < value_headers.size(); ++c) {
      const std::string& v = values[column_letters(static_cast<int>(c) + 1) + n].value;
      const std::string& shown = indicators[i][c - 1];
      if (v.empty()) {
        CHECK(shown == "—");
      } else {
        CHECK(std::stod(shown) == Approx(std::stod(v)));  // "8.9亿元" starts with the cell's 8.9
        ++checked;
      }
    }
  }
  CHECK(values.count("A" + std::to_string(indicators.size() + 1)) == 0);
  CHECK(checked >= 20);
}

TEST_CASE("samples workbook: constant_memory mode (used for very large workbooks) holds the same cells and rows",
          "[xlsx]") {
  // A workbook of more than a million cells is written in libxlsxwriter's constant_memory
  // mode, rows streamed to disk: what a clerk sees must not change with it.
  Model model = load_model((fs::path(HUIZONG_TEST_MODELS_DIR) / "samples.json").string());
  ModelViews views = build_views(model, ThemeLexicon::load(), Labels::load());
  WorkbookSpec spec = WorkbookSpec::load(data_dir("templates") / "workbook.json");
  TempDir dir;
  write_xlsx(dir.path / "shared.xlsx", spec, views.tables);
  for (SheetSpec& s : spec.sheets) s.constant_memory = true;
  write_xlsx(dir.path / "streamed.xlsx", spec, views.tables);
  Workbook shared(dir.path / "shared.xlsx"), streamed(dir.path / "streamed.xlsx");
  REQUIRE(shared.sheet_names == streamed.sheet_names);
  CHECK(streamed.shared.empty());  // text inline
  for (int n = 1; n <= static_cast<int>(shared.sheet_names.size()); ++n) {
    INFO(shared.sheet_names[n - 1]);
    auto a = shared.cells(n), b = streamed.cells(n);
    REQUIRE(a.size() == b.size());
    for (const auto& [ref, cell] : a) {
      INFO(ref);
      REQUIRE(b.count(ref));
      CHECK(b[ref].value == cell.value);
    }
    auto heights = [](const pugi::xml_document& sheet) {
      std::vector<std::string> out;
      for (pugi::xpath_node row : sheet.select_nodes("/worksheet/sheetData/row"))
        out.push_back(std::string(row.node().attribute("r").value()) + ":" + row.node().attribute("ht").value());
      return out;
    };
    CHECK(heights(shared.sheet(n)) == heights(streamed.sheet(n)));
  }
}

TEST_CASE("a table cell shared by many rows keeps its text, whichever copy goes first", "[xlsx][table]") {
  std::vector<Row> rows;
  {
    Cell unit("XX县司法局");  // shared by every row, as the views share a unit's name
    for (int i = 0; i < 3; ++i) rows.push_back(Row{{"agency", unit}, {"value", Cell(i)}});
  }
  rows.erase(rows.begin());  // the first holder of the text goes: the others still read it
  CHECK(rows[0].at("agency").text() == "XX县司法局");
  CHECK(rows[1].at("agency") == Cell("XX县司法局"));
  Row copy = rows[1];
  rows.clear();
  CHECK(copy.at("agency").text() == "XX县司法局");
  CHECK(copy.at("value").number() == 2);
  // "" is text (an empty cell of a text column), not a missing value; numbers are not text.
  CHECK(Cell("").is_text());
  CHECK_FALSE(Cell("").empty());
  CHECK(Cell().empty());
  CHECK_FALSE(Cell(1.5) == Cell("1.5"));
  CHECK(Cell(1.5).text().empty());
}

TEST_CASE("a field's name is one string for the process, whichever bytes ask for it", "[xlsx][table]") {
  std::string buffer = "单位名称";
  const std::string* unit = field_name(buffer);
  CHECK(*unit == "单位名称");
  CHECK(field_name(std::string("单位名称")) == unit);
  // The same bytes' place holding another name of the same length: that name, not the last.
  buffer = "时期名称";
  const std::string* period = field_name(buffer);
  CHECK(*period == "时期名称");
  CHECK(period != unit);
  buffer = "单位名称";
  CHECK(field_name(buffer) == unit);
  Row row{{"b", 1}, {"a", "x"}};
  CHECK(row.at("a").text() == "x");
  CHECK(row.find("c") == row.end());
}
