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
};

struct SheetSpec {
  std::string name;     // sheet tab name
  std::string dataset;  // key into Datasets
  std::vector<ColumnSpec> columns;
  bool freeze_header = true;  // header row frozen
  bool autofilter = true;
  bool constant_memory = false;  // libxlsxwriter constant_memory for very large sheets
};

struct WorkbookSpec {
  std::vector<SheetSpec> sheets;
  std::string hash;  // fingerprint of the loaded spec: the workbook is rewritten when it changes
  // Throws Error(ExitCode::template_error) naming the file (and line) on bad JSON or a
  // spec that is not a workbook (missing sheets/columns/field).
  static WorkbookSpec load(const std::filesystem::path& path);
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
