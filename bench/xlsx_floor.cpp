// The least time libxlsxwriter takes to write a workbook's cells: every cell of an .xlsx
// (as huizong wrote it), written again with nothing but worksheet_write_string and
// worksheet_write_number into one workbook of the same sheets: no formats, widths, comments,
// filters or page setup, and none of huizong's own work (model, tables, widths). The
// library is linked as huizong links it (its deflate through ISA-L, src/common/lazy_libs.cpp).
// bench/run.sh sets the figure beside the cold build: libxlsxwriter's own cost for these
// cells, written with shared strings as huizong writes a workbook of this size (a sheet's
// constant_memory, workbook.json, would write them otherwise).
//
// usage: xlsx_floor FILE.xlsx [RUNS]   prints "BEST_MS CELLS SHEETS" (best of RUNS, default 5)
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <pugixml.hpp>
#include <string>
#include <vector>

namespace {

struct Cell {
  lxw_row_t row;
  lxw_col_t col;
  bool is_number;
  double number;
  std::string text;
};

struct Sheet {
  std::string name;
  std::vector<Cell> cells;
};

std::string read_entry(zip_t* z, const std::string& name) {
  zip_int64_t index = zip_name_locate(z, name.c_str(), 0);
  zip_stat_t st;
  if (index < 0 || zip_stat_index(z, static_cast<zip_uint64_t>(index), 0, &st) != 0) return {};
  std::string out(st.size, '\0');
  zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(index), 0);
  if (!f) return {};
  zip_int64_t n = zip_fread(f, out.data(), st.size);
  zip_fclose(f);
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

pugi::xml_document parse(const std::string& text) {
  pugi::xml_document doc;
  doc.load_buffer(text.data(), text.size());
  return doc;
}

// "AB12" -> row 11, column 27
void cell_ref(const char* ref, lxw_row_t& row, lxw_col_t& col) {
  unsigned c = 0;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) c = c * 26 + static_cast<unsigned>(*ref - 'A' + 1);
  col = static_cast<lxw_col_t>(c - 1);
  row = static_cast<lxw_row_t>(std::strtoul(ref, nullptr, 10) - 1);
}

// The text of a shared or inline string item: its <t> elements, rich-text runs included.
std::string item_text(pugi::xml_node si) {
  std::string s;
  for (pugi::xpath_node t : si.select_nodes(".//t")) s += t.node().text().get();
  return s;
}

std::vector<Sheet> read_workbook(const char* path) {
  int error = 0;
  zip_t* z = zip_open(path, ZIP_RDONLY, &error);
  if (!z) {
    std::fprintf(stderr, "xlsx_floor: cannot open %s\n", path);
    std::exit(1);
  }
  std::vector<std::string> shared;
  pugi::xml_document sst = parse(read_entry(z, "xl/sharedStrings.xml"));
  for (pugi::xml_node si : sst.child("sst").children("si")) shared.push_back(item_text(si));
  std::vector<Sheet> sheets;
  pugi::xml_document book = parse(read_entry(z, "xl/workbook.xml"));
  int k = 0;
  for (pugi::xml_node s : book.child("workbook").child("sheets").children("sheet")) {
    Sheet sheet{s.attribute("name").value(), {}};
    pugi::xml_document ws = parse(read_entry(z, "xl/worksheets/sheet" + std::to_string(++k) + ".xml"));
    for (pugi::xml_node r : ws.child("worksheet").child("sheetData").children("row"))
      for (pugi::xml_node c : r.children("c")) {
        Cell cell{};
        cell_ref(c.attribute("r").value(), cell.row, cell.col);
        std::string type = c.attribute("t").value();
        if (type == "s")
          cell.text = shared.at(c.child("v").text().as_ullong());
        else if (type == "inlineStr")
          cell.text = item_text(c.child("is"));
        else if (type == "str")
          cell.text = c.child("v").text().get();
        else if (c.child("v")) {
          cell.is_number = true;
          cell.number = c.child("v").text().as_double();
        } else {
          continue;  // a styled empty cell
        }
        sheet.cells.push_back(std::move(cell));
      }
    sheets.push_back(std::move(sheet));
  }
  zip_close(z);
  return sheets;
}

double write_once(const std::vector<Sheet>& sheets, const std::string& out) {
  auto start = std::chrono::steady_clock::now();
  lxw_workbook_options options{};  // as huizong's (src/render/xlsx.cpp), constant_memory off
  lxw_workbook* wb = workbook_new_opt(out.c_str(), &options);
  for (const Sheet& s : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
    for (const Cell& c : s.cells)
      if (c.is_number)
        worksheet_write_number(ws, c.row, c.col, c.number, nullptr);
      else
        worksheet_write_string(ws, c.row, c.col, c.text.c_str(), nullptr);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::fprintf(stderr, "xlsx_floor: libxlsxwriter could not write %s\n", out.c_str());
    std::exit(1);
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: xlsx_floor FILE.xlsx [RUNS]\n");
    return 1;
  }
  int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<Sheet> sheets = read_workbook(argv[1]);
  std::size_t cells = 0;
  for (const Sheet& s : sheets) cells += s.cells.size();
  std::string out = (std::filesystem::temp_directory_path() / "xlsx_floor.xlsx").string();
  double best = 1e300;
  for (int i = 0; i < runs; ++i) best = std::min(best, write_once(sheets, out));
  std::filesystem::remove(out);
  std::printf("%.1f %zu %zu\n", best, cells, sheets.size());
  return 0;
}
