// Excel output with libxlsxwriter. The workbook layout — sheets, which dataset each shows,
// columns, headers, widths, wrapping, number formats — is data (templates/workbook.json),
// not code.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "render/table.h"

namespace huizong {

struct ColumnSpec {
  std::string header;           // header cell text
  std::string field;            // key into each Row
  std::optional<double> width;  // in Excel character units; empty = "auto"
  double max_width = 80;        // cap for auto width
  bool wrap = false;            // wrap long text
  std::string number_format;    // e.g. "0.00" for numeric cells; empty = General
  // A column group: repeated once per row of this dataset, "{name}" in header, field,
  // unit_field and comment_field replaced by that row's "name" (periods, indicators).
  std::string for_each;
  std::string unit_field;     // a numeric cell shows this field's text after the number
  std::string comment_field;  // this field's text as the cell's comment (e.g. its source)
};

// How a sheet prints (libxlsxwriter page setup).
struct PrintSpec {
  std::optional<bool> landscape;     // empty: landscape when the columns are wider than a portrait page
  int fit_to_width = 1;              // this many pages wide (0: natural size), as many pages tall as needed
  bool repeat_header = true;         // the header row on every page
  int repeat_columns = 0;            // leading columns (the unit) on every page across
  int paper = 9;                     // Excel paper code: 9 = A4
  std::string title;                 // page header text; empty: the sheet name
  std::string footer = "&C&P / &N";  // Excel footer codes: &P page, &N pages
};

struct SheetSpec {
  std::string name;     // sheet tab name
  std::string dataset;  // key into Datasets
  std::vector<ColumnSpec> columns;
  bool freeze_header = true;  // header row frozen
  bool autofilter = true;
  bool constant_memory = false;  // libxlsxwriter constant_memory for very large sheets
  // Opens filtered to the rows where this field is not empty (the others hidden: neither
  // shown nor printed); empty: unfiltered.
  std::string filter_non_blank;
  // A row is as tall as its wrapped cells need, but at most this many lines (0: no limit).
  int max_row_lines = 0;
  PrintSpec print;
};

struct WorkbookSpec {
  std::vector<SheetSpec> sheets;
  std::string hash;  // fingerprint of the loaded spec: the workbook is rewritten when it changes
  // Throws Error(ExitCode::template_error) naming the file (and line) on bad JSON or a
  // spec that is not a workbook (missing sheets/columns/field).
  static WorkbookSpec load(const std::filesystem::path& path);
  // The same from the file's text, already read (`path` names it in errors).
  static WorkbookSpec parse(const std::filesystem::path& path, std::string text);
};

// Display width of text in Excel character units: East Asian wide/fullwidth code points
// count 2 (ICU UCHAR_EAST_ASIAN_WIDTH), others 1. Of a multi-line text, the longest line.
double display_width(std::string_view utf8);

// Excel's rows per sheet, the header row included.
inline constexpr std::size_t kExcelMaxRows = 1048576;

// Fits every sheet of `spec` into `max_rows` rows (the header included): a dataset with
// more rows keeps the first max_rows - 2, then one row whose first column is `note` with
// {rows} replaced by the number left out. Run before the workbook is made, so that a huge
// model still gets its workbook (and every other output). Returns one warning per dataset cut.
std::vector<std::string> fit_sheets_to_rows(Datasets& data, const WorkbookSpec& spec, std::size_t max_rows,
                                            const std::string& note);

// The .xlsx file's bytes, made in memory. Cells that are text are always written as
// strings (never formulas, even when they start with = + - @); numbers as numbers.
// Throws Error(ExitCode::output) naming `name` (the output it is for) if libxlsxwriter
// refuses the spec or the data (a sheet name, too many rows).
std::string workbook_bytes(const WorkbookSpec& spec, const Datasets& data, const std::string& name);

// workbook_bytes, written atomically to `out` (common/atomic_file.h).
void write_xlsx(const std::filesystem::path& out, const WorkbookSpec& spec, const Datasets& data);

}  // namespace huizong
