#include "render/xlsx.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <concepts>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <system_error>

#include "aggregate/labels.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "common/xml_chars.h"

namespace huizong {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Excel limits (the same ones libxlsxwriter enforces).
constexpr std::size_t kSheetNameMax = 31;     // UTF-16 units in a sheet name
constexpr std::size_t kCellTextMax = 32767;   // UTF-16 units in one cell
constexpr double kColumnWidthMax = 255;       // character units
constexpr std::size_t kRowMax = LXW_ROW_MAX;  // including the header row
constexpr std::size_t kColMax = LXW_COL_MAX;

// ---------------------------------------------------------------------------------------
// WorkbookSpec loading

std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for (char32_t cp : to_u32(utf8)) n += cp > 0xFFFF ? 2 : 1;
  return n;
}

std::string case_folded(const std::string& s) {
  std::string out;
  icu::UnicodeString::fromUTF8(s).foldCase().toUTF8String(out);
  return out;
}

// Why `name` cannot be an Excel sheet name, or "" if it can.
std::string sheet_name_problem(const std::string& name) {
  if (name.empty()) return _("is empty");
  if (utf16_length(name) > kSheetNameMax) return tr("is longer than Excel's limit of {} characters", kSheetNameMax);
  for (char c : name)
    if (std::strchr("[]:*?/\\", c) != nullptr)
      return tr("contains '{}', which Excel does not allow in sheet names ([]:*?/\\)", c);
  if (name.front() == '\'' || name.back() == '\'') return _("starts or ends with an apostrophe");
  if (case_folded(name) == case_folded("History")) return _("is reserved by Excel");
  return "";
}

class SpecReader {
 public:
  explicit SpecReader(const fs::path& path) : path_(path.string()) {}

  [[noreturn]] void fail(const std::string& problem, const std::string& hint) const {
    throw Error(ExitCode::template_error, path_, 0, problem, hint);
  }

  WorkbookSpec read(const json& j) const {
    if (!j.is_object()) fail(_("the workbook spec is not a JSON object"), _("write {\"sheets\": [...]}"));
    check_keys(j, {"sheets"}, _("the workbook"));
    auto sheets = j.find("sheets");
    if (sheets == j.end())
      fail(_("missing \"sheets\""), _("add \"sheets\": [ {\"name\": ..., \"dataset\": ..., \"columns\": [...]} ]"));
    if (!sheets->is_array() || sheets->empty())
      fail(_("\"sheets\" must be a non-empty array"), _("list at least one sheet"));

    WorkbookSpec spec;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < sheets->size(); ++i) {
      SheetSpec sheet = read_sheet((*sheets)[i], i + 1);
      if (!seen.insert(case_folded(sheet.name)).second)
        fail(tr("sheet name \"{}\" is used twice", sheet.name),
             _("Excel needs distinct sheet names (case does not count)"));
      spec.sheets.push_back(std::move(sheet));
    }
    return spec;
  }

 private:
  std::string path_;

  void check_keys(const json& obj, std::initializer_list<const char*> allowed, const std::string& where) const {
    for (const auto& [key, value] : obj.items()) {
      bool ok = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
      if (!ok) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        fail(tr("{}: unknown key \"{}\"", where, key), tr("known keys are: {}", list));
      }
    }
  }

  std::string get_string(const json& obj, const char* key, const std::string& where, bool required,
                         const std::string& fallback = "") const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(tr("{}: missing \"{}\"", where, key), tr("add \"{}\": \"...\"", key));
      return fallback;
    }
    if (!it->is_string()) fail(tr("{}: \"{}\" must be a string", where, key), _("put the value in double quotes"));
    return it->get<std::string>();
  }

  bool get_bool(const json& obj, const char* key, const std::string& where, bool fallback) const {
    auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    if (!it->is_boolean())
      fail(tr("{}: \"{}\" must be true or false", where, key), _("write true or false without quotes"));
    return it->get<bool>();
  }

  double get_width(const json& v, const char* key, const std::string& where) const {
    double w = v.get<double>();
    if (!std::isfinite(w) || w < 0 || w > kColumnWidthMax)
      fail(tr("{}: \"{}\" is out of range", where, key), _("use a width between 0 and 255 character units"));
    return w;
  }

  SheetSpec read_sheet(const json& j, std::size_t index) const {
    std::string where = tr("sheet {}", index);
    if (!j.is_object())
      fail(tr("{} is not a JSON object", where), _("write {\"name\": ..., \"dataset\": ..., \"columns\": [...]}"));
    check_keys(j,
               {"name", "dataset", "columns", "freeze_header", "autofilter", "constant_memory", "print",
                "filter_non_blank", "max_row_lines"},
               where);

    SheetSpec sheet;
    sheet.name = get_string(j, "name", where, true);
    where += " (\"" + sheet.name + "\")";
    if (std::string why = sheet_name_problem(sheet.name); !why.empty())
      fail(tr("{}: the sheet name {}", where, why),
           _("use a name of at most 31 characters without []:*?/\\ and not starting or ending with '"));
    sheet.dataset = get_string(j, "dataset", where, true);
    if (sheet.dataset.empty()) fail(tr("{}: \"dataset\" is empty", where), _("name the dataset the sheet shows"));
    sheet.freeze_header = get_bool(j, "freeze_header", where, sheet.freeze_header);
    sheet.autofilter = get_bool(j, "autofilter", where, sheet.autofilter);
    sheet.constant_memory = get_bool(j, "constant_memory", where, sheet.constant_memory);
    sheet.filter_non_blank = get_string(j, "filter_non_blank", where, false);
    sheet.max_row_lines = get_int(j, "max_row_lines", where, sheet.max_row_lines, 0, 400);

    auto cols = j.find("columns");
    if (cols == j.end())
      fail(tr("{}: missing \"{}\"", where, "columns"), _("add \"columns\": [ {\"header\": ..., \"field\": ...} ]"));
    if (!cols->is_array() || cols->empty())
      fail(tr("{}: \"columns\" must be a non-empty array", where), _("list at least one column"));
    if (cols->size() > kColMax) fail(tr("{}: too many columns", where), _("Excel allows at most 16384 columns"));
    std::set<std::string> headers;
    for (std::size_t c = 0; c < cols->size(); ++c) {
      sheet.columns.push_back(read_column((*cols)[c], tr("{}, column {}", where, c + 1)));
      if (!headers.insert(sheet.columns.back().header).second)
        fail(tr("{}: two columns are headed \"{}\"", where, sheet.columns.back().header),
             _("give each column its own header (a pasted or filtered table needs them distinct)"));
    }
    if (auto it = j.find("print"); it != j.end()) sheet.print = read_print(*it, tr("{}, print", where));
    if (!sheet.filter_non_blank.empty()) {
      if (!sheet.autofilter)
        fail(tr("{}: \"filter_non_blank\" needs the autofilter", where), _("remove \"autofilter\": false"));
      bool shown = std::any_of(sheet.columns.begin(), sheet.columns.end(),
                               [&](const ColumnSpec& c) { return c.field == sheet.filter_non_blank; });
      if (!shown)
        fail(tr("{}: \"filter_non_blank\" names \"{}\", which no column shows", where, sheet.filter_non_blank),
             _("name the field of one of the sheet's columns"));
    }
    return sheet;
  }

  PrintSpec read_print(const json& j, const std::string& where) const {
    if (!j.is_object())
      fail(tr("{} is not a JSON object", where), _("write \"print\": {\"landscape\": \"auto\", ...}"));
    check_keys(j, {"landscape", "fit_to_width", "repeat_header", "repeat_columns", "paper", "title", "footer"}, where);
    PrintSpec p;
    if (auto it = j.find("landscape"); it != j.end()) {
      if (it->is_boolean())
        p.landscape = it->get<bool>();
      else if (!(it->is_string() && it->get<std::string>() == "auto"))
        fail(tr("{}: \"landscape\" must be true, false or \"auto\"", where), _("write e.g. \"landscape\": \"auto\""));
    }
    if (auto it = j.find("fit_to_width"); it != j.end() && it->is_boolean())
      p.fit_to_width = it->get<bool>() ? 1 : 0;
    else
      p.fit_to_width = get_int(j, "fit_to_width", where, p.fit_to_width, 0, 20);
    p.repeat_header = get_bool(j, "repeat_header", where, p.repeat_header);
    p.repeat_columns = get_int(j, "repeat_columns", where, p.repeat_columns, 0, 100);
    p.paper = get_int(j, "paper", where, p.paper, 0, 118);
    p.title = get_string(j, "title", where, false);
    p.footer = get_string(j, "footer", where, false, p.footer);
    // Excel caps a header or footer at 255 characters.
    if (utf16_length(p.title) > 200 || utf16_length(p.footer) > 255)
      fail(tr("{}: the page title or footer is too long", where), _("keep it under 200 characters"));
    return p;
  }

  int get_int(const json& obj, const char* key, const std::string& where, int fallback, int lo, int hi) const {
    auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    if (!it->is_number_integer() || it->get<long long>() < lo || it->get<long long>() > hi)
      fail(tr("{}: \"{}\" must be a whole number from {} to {}", where, key, lo, hi),
           _("write a number without quotes"));
    return it->get<int>();
  }

  ColumnSpec read_column(const json& j, std::string where) const {
    if (!j.is_object()) fail(tr("{} is not a JSON object", where), _("write {\"header\": ..., \"field\": ...}"));
    check_keys(
        j,
        {"header", "field", "width", "max_width", "wrap", "number_format", "for_each", "unit_field", "comment_field"},
        where);
    ColumnSpec col;
    col.field = get_string(j, "field", where, true);
    if (col.field.empty()) fail(tr("{}: \"field\" is empty", where), _("name the field the column shows"));
    where += " (\"" + col.field + "\")";
    col.header = get_string(j, "header", where, false, col.field);
    if (utf16_length(col.header) > kCellTextMax) fail(tr("{}: the header is too long", where), _("shorten the header"));

    if (auto it = j.find("width"); it != j.end()) {
      if (it->is_number())
        col.width = get_width(*it, "width", where);
      else if (!(it->is_string() && it->get<std::string>() == "auto"))
        fail(tr("{}: \"width\" must be a number or \"auto\"", where),
             _("write e.g. \"width\": 20 or \"width\": \"auto\""));
    }
    if (auto it = j.find("max_width"); it != j.end()) {
      if (!it->is_number()) fail(tr("{}: \"max_width\" must be a number", where), _("write e.g. \"max_width\": 60"));
      col.max_width = get_width(*it, "max_width", where);
    }
    col.wrap = get_bool(j, "wrap", where, col.wrap);
    col.number_format = get_string(j, "number_format", where, false);
    col.for_each = get_string(j, "for_each", where, false);
    col.unit_field = get_string(j, "unit_field", where, false);
    col.comment_field = get_string(j, "comment_field", where, false);
    return col;
  }
};

// ---------------------------------------------------------------------------------------
// Writing

// At most kCellTextMax UTF-16 units, cut at a code point boundary.
std::string_view excel_cell_text(std::string_view s) {
  if (s.size() <= kCellTextMax) return s;  // bytes >= UTF-16 units
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t next = i;
    std::size_t u = utf8::decode(s, next) > 0xFFFF ? 2 : 1;
    if (units + u > kCellTextMax) break;
    units += u;
    i = next;
  }
  return s.substr(0, i);
}

std::string number_text(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.11g", d);
  return buf;
}

double cell_width(const Cell& cell) {
  if (cell.is_text()) return display_width(cell.text());
  if (cell.is_number()) return static_cast<double>(number_text(cell.number()).size());
  return 0;
}

const Cell* find_cell(const Row& row, const std::string& field) {
  return row.find_named(field_name(field));  // the spec's names: found again by their place
}

// A workbook built in memory: libxlsxwriter writes only to a named file, so it is given
// an anonymous memory file (memfd) by its /proc/self/fd name, and the bytes are read back
// when it closes. Nothing appears in the file system; the caller writes the bytes (with
// the atomic writer, like every output).
class WorkbookWriter {
 public:
  WorkbookWriter(std::string name, bool constant_memory) : name_(std::move(name)) {
    fd_ = ::memfd_create("huizong-workbook", MFD_CLOEXEC);
    if (fd_ < 0) fail(tr("cannot create a memory file: {}", std::strerror(errno)));
    std::string path = "/proc/self/fd/" + std::to_string(fd_);
    std::error_code ec;
    fs::path sys_tmp = fs::temp_directory_path(ec);
    if (!ec) tmpdir_ = sys_tmp.string();
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    options.tmpdir = tmpdir_.empty() ? nullptr : tmpdir_.data();
    wb_ = workbook_new_opt(path.c_str(), &options);
    if (wb_ == nullptr) fail(_("cannot create workbook (out of memory?)"));
  }

  WorkbookWriter(const WorkbookWriter&) = delete;
  WorkbookWriter& operator=(const WorkbookWriter&) = delete;

  ~WorkbookWriter() {
    if (wb_ != nullptr) workbook_close(wb_);
    if (fd_ >= 0) ::close(fd_);
  }

  lxw_workbook* get() const { return wb_; }

  [[noreturn]] void fail(const std::string& what) {
    if (wb_ != nullptr) workbook_close(wb_);
    wb_ = nullptr;
    throw Error(ExitCode::output, name_, 0, tr("cannot write workbook: {}", what),
                _("check that the directory is writable"));
  }

  void check(lxw_error err, const std::string& context) {
    if (err != LXW_NO_ERROR) fail(context + ": " + lxw_strerror(err));
  }
  // The same with the context made only on failure: per cell and per row, making it each
  // time was a tenth of the workbook's own work.
  template <std::invocable Context>
  void check(lxw_error err, Context&& context) {
    if (err != LXW_NO_ERROR) check(err, std::string(context()));
  }

  // Closes the workbook (this is when libxlsxwriter writes the file) and returns its bytes.
  std::string finish() {
    lxw_error err = workbook_close(wb_);
    wb_ = nullptr;
    if (err != LXW_NO_ERROR) fail(lxw_strerror(err));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail(tr("cannot read it back: {}", std::strerror(errno)));
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::pread(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(tr("cannot read it back: {}", n < 0 ? std::strerror(errno) : _("file cut short")));
      done += static_cast<std::size_t>(n);
    }
    return bytes;
  }

 private:
  std::string name_;  // the output it is for, in errors
  int fd_ = -1;
  std::string tmpdir_;
  lxw_workbook* wb_ = nullptr;
};

// `s` with every "{name}" replaced by `name`.
std::string with_name(std::string s, const std::string& name) {
  static const std::string kPlaceholder = "{name}";
  for (std::size_t at = s.find(kPlaceholder); at != std::string::npos; at = s.find(kPlaceholder, at + name.size()))
    s.replace(at, kPlaceholder.size(), name);
  return s;
}

// The sheet's columns with each "for_each" group repeated per row of its dataset.
std::vector<ColumnSpec> expanded_columns(const SheetSpec& sheet, const Datasets& data) {
  std::vector<ColumnSpec> out;
  for (const ColumnSpec& col : sheet.columns) {
    if (col.for_each.empty()) {
      out.push_back(col);
      continue;
    }
    auto rows = data.find(col.for_each);
    if (rows == data.end()) continue;
    for (const Row& row : rows->second) {
      const Cell* name_cell = find_cell(row, "name");
      if (name_cell == nullptr || !name_cell->is_text()) continue;
      const std::string name(name_cell->text());
      ColumnSpec c = col;
      c.header = std::string(trim(with_name(col.header, name)));
      c.field = with_name(col.field, name);
      c.unit_field = with_name(col.unit_field, name);
      c.comment_field = with_name(col.comment_field, name);
      out.push_back(std::move(c));
    }
  }
  return out;
}

// The text of a cell, when it has some.
std::optional<std::string_view> text_of(const Row& row, const std::string& field) {
  if (field.empty()) return std::nullopt;
  const Cell* cell = find_cell(row, field);
  if (cell == nullptr || cell->text().empty()) return std::nullopt;
  return cell->text();
}

// What Excel's filter calls blank: no value, or empty text.
bool is_blank(const Row& row, const std::string& field) {
  const Cell* cell = find_cell(row, field);
  if (cell == nullptr || cell->empty()) return true;
  return cell->is_text() && cell->text().empty();
}

// The workbook's cell formats, one object per distinct look. libxlsxwriter remembers the
// style index only on the first of several equal formats and hashes every other one again
// for each cell it styles (a third of the workbook's time); one object per look makes
// that lookup a field read. Same styles, same indices, same file.
class WorkbookFormats {
 public:
  explicit WorkbookFormats(lxw_workbook* wb) : wb_(wb) {}
  lxw_format* cell(bool wrap, const std::string& number_format) {
    auto key = std::make_pair(wrap, number_format);
    if (auto it = cells_.find(key); it != cells_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (wrap) format_set_text_wrap(f);
    if (!number_format.empty()) format_set_num_format(f, number_format.c_str());
    return cells_[key] = f;
  }
  lxw_format* header() {
    if (header_ == nullptr) {
      header_ = workbook_add_format(wb_);
      format_set_bold(header_);
      format_set_text_wrap(header_);
      format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
      format_set_pattern(header_, LXW_PATTERN_SOLID);
      format_set_bg_color(header_, 0xDDEBF7);
      format_set_bottom(header_, LXW_BORDER_THIN);
    }
    return header_;
  }

 private:
  lxw_workbook* wb_;
  std::map<std::pair<bool, std::string>, lxw_format*> cells_;
  lxw_format* header_ = nullptr;
};

// The formats of a sheet's cells: per column, and per column and measurement unit for
// numbers shown with their unit (General"亿元": still a number to sort and sum).
class SheetFormats {
 public:
  SheetFormats(WorkbookFormats& all, const std::vector<ColumnSpec>& columns) : all_(all), columns_(columns) {
    for (const ColumnSpec& col : columns) columns_formats_.push_back(all_.cell(col.wrap, col.number_format));
  }
  lxw_format* column(std::size_t c) const { return columns_formats_[c]; }
  lxw_format* with_unit(std::size_t c, const std::string& unit) {
    auto key = std::make_pair(c, unit);
    if (auto it = unit_formats_.find(key); it != unit_formats_.end()) return it->second;
    std::string quoted;
    for (char ch : unit)
      if (ch != '"' && ch != '\\') quoted += ch;
    std::string base = columns_[c].number_format.empty() ? "General" : columns_[c].number_format;
    return unit_formats_[key] = all_.cell(columns_[c].wrap, base + "\"" + quoted + "\"");
  }

 private:
  WorkbookFormats& all_;
  const std::vector<ColumnSpec>& columns_;
  std::vector<lxw_format*> columns_formats_;
  std::map<std::pair<std::size_t, std::string>, lxw_format*> unit_formats_;
};

double column_width(const ColumnSpec& col, const Dataset& rows) {
  if (col.width) return *col.width;
  double widest = display_width(col.header);
  for (const Row& row : rows)
    if (const Cell* cell = find_cell(row, col.field)) {
      double w = cell_width(*cell);
      if (std::optional<std::string_view> unit = text_of(row, col.unit_field)) w += display_width(*unit);
      widest = std::max(widest, w);
    }
  return std::min(widest + 2, col.max_width);
}

// Text for an Excel page header: '&' starts a code there, so a literal one is doubled.
std::string page_header_text(const std::string& title) {
  std::string out = "&C";
  for (char c : title) out += c == '&' ? std::string("&&") : std::string(1, c);
  return out;
}

// Wider than this many character units does not fit a portrait A4 page at 100%.
constexpr double kPortraitWidth = 90;

void set_up_printing(WorkbookWriter& w, lxw_worksheet* ws, const SheetSpec& sheet, double total_width,
                     lxw_col_t ncols) {
  const std::string where = tr("sheet \"{}\": print setup", sheet.name);
  const PrintSpec& p = sheet.print;
  if (p.landscape.value_or(total_width > kPortraitWidth))
    worksheet_set_landscape(ws);
  else
    worksheet_set_portrait(ws);
  worksheet_set_paper(ws, static_cast<uint8_t>(p.paper));
  if (p.fit_to_width > 0) worksheet_fit_to_pages(ws, static_cast<uint16_t>(p.fit_to_width), 0);
  if (p.repeat_header) w.check(worksheet_repeat_rows(ws, 0, 0), where);
  lxw_col_t repeat = std::min<lxw_col_t>(static_cast<lxw_col_t>(p.repeat_columns), ncols);
  if (repeat > 0) w.check(worksheet_repeat_columns(ws, 0, repeat - 1), where);
  w.check(worksheet_set_header(ws, page_header_text(p.title.empty() ? sheet.name : p.title).c_str()), where);
  if (!p.footer.empty()) w.check(worksheet_set_footer(ws, p.footer.c_str()), where);
  if (sheet.freeze_header) worksheet_freeze_panes(ws, 1, repeat);
}

// Lines `text` takes in a wrapped cell `width` character units wide.
int wrapped_lines(std::string_view text, double width) {
  // Printed text is narrower than display_width counts (a CJK glyph of the fallback fonts
  // takes about 1.7 character units, not 2): measured in LibreOffice, with some margin.
  constexpr double kWideGlyph = 0.85;
  const double usable = std::max(1.0, width - 1);
  int lines = 0;
  for (std::size_t start = 0;;) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    lines += std::max(1, static_cast<int>(std::ceil(display_width(line) * kWideGlyph / usable)));
    if (end == std::string_view::npos) return lines;
    start = end + 1;
  }
}

// Per row: its height and whether the sheet's opening filter hides it. Excel fits a row to
// wrapped text only when it is edited and LibreOffice not at all on import, so that a
// printed row shows all its wrapped text (a unit's several sources, its figures) the
// height is set here from the lines each wrapped cell takes at its column's width, at most
// "max_row_lines" (the rest of a long text stays in the cell).
class RowLayout {
 public:
  // The filter applies only when some row passes it: a sheet showing no row would look empty.
  RowLayout(const SheetSpec& sheet, const std::vector<ColumnSpec>& columns, const Dataset& rows)
      : sheet_(sheet), columns_(columns) {
    auto it = std::find_if(columns.begin(), columns.end(),
                           [&](const ColumnSpec& c) { return c.field == sheet.filter_non_blank; });
    filter_col_ = static_cast<lxw_col_t>(it - columns.begin());
    filtered_ =
        !sheet.filter_non_blank.empty() && sheet.autofilter && it != columns.end() &&
        std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return !is_blank(r, sheet.filter_non_blank); });
  }
  std::vector<double> widths;  // of the columns, in character units
  bool filtered() const { return filtered_; }
  lxw_col_t filter_column() const { return filter_col_; }

  void set(WorkbookWriter& w, lxw_worksheet* ws, lxw_row_t r, const Row& row, bool header) const {
    constexpr double kLinePoints = 15;  // a line of 11 pt text
    int lines = 1;
    for (std::size_t c = 0; c < columns_.size(); ++c)
      if (std::optional<std::string_view> text =
              (header || columns_[c].wrap) ? text_of(row, columns_[c].field) : std::nullopt)
        lines = std::max(lines, wrapped_lines(*text, widths[c]));
    if (!header && sheet_.max_row_lines > 0) lines = std::min(lines, sheet_.max_row_lines);
    lxw_row_col_options options{};
    options.hidden = !header && filtered_ && is_blank(row, sheet_.filter_non_blank) ? LXW_TRUE : LXW_FALSE;
    if (lines == 1 && !options.hidden) return;
    double height = lines == 1 ? LXW_DEF_ROW_HEIGHT : lines * kLinePoints + 2;
    w.check(worksheet_set_row_opt(ws, r, height, nullptr, &options),
            [&] { return tr("sheet \"{}\": row height", sheet_.name); });
  }

 private:
  const SheetSpec& sheet_;
  const std::vector<ColumnSpec>& columns_;
  lxw_col_t filter_col_ = 0;
  bool filtered_ = false;
};

lxw_error write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Row& row, const ColumnSpec& col,
                     SheetFormats& formats) {
  const Cell* cell = find_cell(row, col.field);
  if (cell == nullptr || cell->empty()) return LXW_NO_ERROR;
  lxw_error err = LXW_NO_ERROR;
  if (cell->is_text()) {
    const std::string_view s = cell->text();
    if (s.empty()) return LXW_NO_ERROR;
    // Always a string, never a formula: text such as "=SUM(A1)" or "+1" from an input
    // document must not execute. Excel caps a cell at 32767 characters; longer text is
    // cut there (the full text remains in the Markdown/JSON outputs).
    // The read stage has replaced characters XML forbids (U+FFFF …); a model edited by
    // hand may still hold some, and one would make the sheet invalid XML.
    err = worksheet_write_string(ws, r, c, without_xml_forbidden(excel_cell_text(s)).c_str(), formats.column(c));
  } else if (cell->is_number()) {
    std::optional<std::string_view> unit = text_of(row, col.unit_field);
    err = worksheet_write_number(ws, r, c, cell->number(),
                                 unit ? formats.with_unit(c, std::string(*unit)) : formats.column(c));
  }
  if (err != LXW_NO_ERROR) return err;
  if (std::optional<std::string_view> comment = text_of(row, col.comment_field))
    err = worksheet_write_comment(ws, r, c, without_xml_forbidden(excel_cell_text(*comment)).c_str());
  return err;
}

void write_sheet(WorkbookWriter& w, WorkbookFormats& all_formats, const SheetSpec& sheet, const Dataset& rows,
                 const Datasets& data) {
  const std::string where = tr("sheet \"{}\"", sheet.name);
  if (std::string why = sheet_name_problem(sheet.name); !why.empty()) w.fail(tr("{}: the sheet name {}", where, why));
  const std::vector<ColumnSpec> columns = expanded_columns(sheet, data);
  if (columns.empty() || columns.size() > kColMax) w.fail(tr("{}: needs 1 to 16384 columns", where));
  if (rows.size() + 1 > kRowMax)
    w.fail(tr("{}: {} rows are more than Excel's limit of {}", where, rows.size(), kRowMax - 1));
  std::set<std::string> headers;
  for (const ColumnSpec& col : columns)
    if (!headers.insert(col.header).second) w.fail(tr("{}: two columns are headed \"{}\"", where, col.header));

  lxw_workbook* wb = w.get();
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
  if (ws == nullptr) w.fail(tr("{}: cannot add the sheet (sheet names must be distinct; case does not count)", where));

  lxw_format* header = all_formats.header();
  const auto ncols = static_cast<lxw_col_t>(columns.size());
  SheetFormats formats(all_formats, columns);
  RowLayout layout(sheet, columns, rows);
  Row header_row;
  for (lxw_col_t c = 0; c < ncols; ++c) {
    layout.widths.push_back(column_width(columns[c], rows));
    header_row[columns[c].field] = columns[c].header;
    w.check(worksheet_set_column(ws, c, c, layout.widths[c], formats.column(c)),
            where + ": column " + std::to_string(c + 1));
    w.check(worksheet_write_string(ws, 0, c, without_xml_forbidden(excel_cell_text(columns[c].header)).c_str(), header),
            where + ": header");
  }
  layout.set(w, ws, 0, header_row, true);

  lxw_row_t r = 1;
  for (const Row& row : rows) {
    layout.set(w, ws, r, row, false);
    for (lxw_col_t c = 0; c < ncols; ++c)
      w.check(write_cell(ws, r, c, row, columns[c], formats),
              [&] { return where + ": row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1); });
    ++r;
  }

  double total_width = 0;
  for (double width : layout.widths) total_width += width;
  set_up_printing(w, ws, sheet, total_width, ncols);
  if (sheet.autofilter)
    w.check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size()), ncols - 1), where + ": autofilter");
  if (layout.filtered()) {
    lxw_filter_rule non_blank{};
    non_blank.criteria = LXW_FILTER_CRITERIA_NON_BLANKS;
    w.check(worksheet_filter_column(ws, layout.filter_column(), &non_blank), where + ": filter");
  }
}

}  // namespace

WorkbookSpec WorkbookSpec::load(const fs::path& path) {
  std::string text;
  try {
    text = read_file_or_throw(path, ExitCode::input, _("check that the data file exists and is readable"));
  } catch (const Error& e) {
    throw Error(ExitCode::template_error, e.file(), e.line(), e.problem(), e.hint());
  }
  return parse(path, std::move(text));
}

WorkbookSpec WorkbookSpec::parse(const fs::path& path, std::string text) {
  json j;
  try {
    j = JsonFile(path.string(), std::move(text)).root();
  } catch (const Error& e) {
    throw Error(ExitCode::template_error, e.file(), e.line(), e.problem(), e.hint());
  }
  WorkbookSpec spec = SpecReader(path).read(j);
  spec.hash = fingerprint(j.dump());
  return spec;
}

namespace {
// East Asian Width W or F. ASCII and the CJK ideographs are nearly every character of
// the text: known without asking ICU (its property lookup was a tenth of the workbook).
bool wide(char32_t cp) {
  if (cp < 0x80) return false;                    // ASCII: Na or N
  if (cp >= 0x4E00 && cp <= 0x9FFF) return true;  // CJK Unified Ideographs: W
  if (cp >= 0xFF01 && cp <= 0xFF60) return true;  // full-width forms: F
  int ea = u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_EAST_ASIAN_WIDTH);
  return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH;
}
}  // namespace

double display_width(std::string_view utf8) {
  double widest = 0;
  double line = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  for (std::size_t i = 0; i < utf8.size();) {
    // Nearly every character: ASCII but the line ends (1), or a CJK ideograph U+4E00..U+9FFF
    // (2), known from its bytes.
    if (p[i] >= 0x20 && p[i] < 0x80) {
      line += 1;
      ++i;
      continue;
    }
    if (utf8::is_plain_three_bytes(utf8, i) && ((p[i] >= 0xE5 && p[i] <= 0xE9) || (p[i] == 0xE4 && p[i + 1] >= 0xB8))) {
      line += 2;
      i += 3;
      continue;
    }
    char32_t cp = utf8::decode(utf8, i);
    if (cp == U'\n') {
      widest = std::max(widest, line);
      line = 0;
      continue;
    }
    if (cp == U'\r') continue;
    line += wide(cp) ? 2 : 1;
  }
  return std::max(widest, line);
}

std::vector<std::string> fit_sheets_to_rows(Datasets& data, const WorkbookSpec& spec, std::size_t max_rows,
                                            const std::string& note) {
  std::vector<std::string> warnings;
  for (const SheetSpec& sheet : spec.sheets) {
    auto it = data.find(sheet.dataset);
    if (it == data.end() || sheet.columns.empty() || max_rows < 3 || it->second.size() + 1 <= max_rows) continue;
    Dataset& rows = it->second;
    std::size_t kept = max_rows - 2, left_out = rows.size() - kept;
    rows.resize(kept);
    rows.push_back(Row{{sheet.columns.front().field, Cell(fill(note, {{"rows", std::to_string(left_out)}}))}});
    warnings.push_back(
        tr("sheet \"{}\" has {} rows, more than Excel takes: the first {} are in the workbook, then a "
           "row saying how many were left out (the Markdown and model.json have them all)",
           sheet.name, kept + left_out, kept));
  }
  return warnings;
}

// The most cells of a workbook written with shared strings (smaller files); the 10 MB bench
// corpus has about 520,000.
constexpr std::size_t kConstantMemoryCells = 1'000'000;

std::string workbook_bytes(const WorkbookSpec& spec, const Datasets& data, const std::string& name) {
  // constant_memory is a workbook-wide setting in libxlsxwriter: any sheet asking for it
  // turns it on (rows are written in order anyway). Text is then stored inline.
  // A very large workbook is always written so: libxlsxwriter otherwise holds every cell
  // until it closes (at 100 MB of text, 280 MB beside the tables).
  bool constant_memory =
      cell_count(data) > kConstantMemoryCells ||
      std::any_of(spec.sheets.begin(), spec.sheets.end(), [](const SheetSpec& s) { return s.constant_memory; });
  WorkbookWriter w(name, constant_memory);
  if (spec.sheets.empty()) w.fail(_("the workbook spec has no sheets"));
  static const Dataset kNoRows;
  WorkbookFormats formats(w.get());
  for (const SheetSpec& sheet : spec.sheets) {
    auto it = data.find(sheet.dataset);
    write_sheet(w, formats, sheet, it == data.end() ? kNoRows : it->second, data);
  }
  return w.finish();
}

void write_xlsx(const fs::path& out, const WorkbookSpec& spec, const Datasets& data) {
  std::string bytes = workbook_bytes(spec, data, out.string());
  try {
    write_file_atomically(out, bytes);
  } catch (const Error& e) {
    throw Error(e.code(), e.file(), e.line(), tr("cannot write workbook: {}", e.problem()), e.hint());
  }
}

}  // namespace huizong
