// Lazy loading of libzip, minizip, zlib and libxlsxwriter: every function huizong calls is defined here
// and opens its library (dlopen) on first use. Linked normally, the two libraries and
// what they need (libcrypto, libbz2, minizip, zlib) cost every run ~150 page faults of the
// dynamic loader before main (≈ 6 ms of a 16 ms start on this VM), and most runs (a
// re-render after a template edit, parse, text inputs) use neither.
// Built into the default (static) build only; sanitizer and fuzz builds link the
// libraries as usual (CMakeLists.txt, HUIZONG_LAZY_LIBS).
#include <dlfcn.h>
#include <minizip/zip.h>
#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>

#include <stdexcept>
#include <string>

namespace {

void* library(const char* soname) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  // untranslated: an installation problem named with the library's own words
  if (handle == nullptr) throw std::runtime_error(std::string("cannot load ") + soname + ": " + dlerror());
  return handle;
}

void* symbol(void* lib, const char* name) {
  void* f = dlsym(lib, name);
  // untranslated: as above
  if (f == nullptr) throw std::runtime_error(std::string("cannot find ") + name + ": " + dlerror());
  return f;
}

void* zip_lib() {
  static void* handle = library(HUIZONG_LIBZIP_SONAME);
  return handle;
}

void* xlsxwriter_lib() {
  static void* handle = library(HUIZONG_XLSXWRITER_SONAME);
  return handle;
}

void* minizip_lib() {
  static void* handle = library(HUIZONG_MINIZIP_SONAME);
  return handle;
}

void* zlib_lib() {
  static void* handle = library(HUIZONG_ZLIB_SONAME);
  return handle;
}

}  // namespace

// Defines `name` with the header's signature, calling the library's own.
#define HZ_LAZY(lib, ret, name, params, args)                                           \
  ret name params {                                                                     \
    static auto real = reinterpret_cast<decltype(&::name)>(symbol(lib##_lib(), #name)); \
    return real args;                                                                   \
  }

HZ_LAZY(zip, void, zip_error_init, (zip_error_t * a0), (a0))
HZ_LAZY(zip, zip_source_t*, zip_source_buffer_create, (const void* a0, zip_uint64_t a1, int a2, zip_error_t* a3),
        (a0, a1, a2, a3))
HZ_LAZY(zip, zip_t*, zip_open_from_source, (zip_source_t * a0, int a1, zip_error_t* a2), (a0, a1, a2))
HZ_LAZY(zip, void, zip_source_free, (zip_source_t * a0), (a0))
HZ_LAZY(zip, const char*, zip_error_strerror, (zip_error_t * a0), (a0))
HZ_LAZY(zip, void, zip_error_fini, (zip_error_t * a0), (a0))
HZ_LAZY(zip, void, zip_discard, (zip_t * a0), (a0))
HZ_LAZY(zip, zip_int64_t, zip_name_locate, (zip_t * a0, const char* a1, zip_flags_t a2), (a0, a1, a2))
HZ_LAZY(zip, void, zip_stat_init, (zip_stat_t * a0), (a0))
HZ_LAZY(zip, int, zip_stat_index, (zip_t * a0, zip_uint64_t a1, zip_flags_t a2, zip_stat_t* a3), (a0, a1, a2, a3))
HZ_LAZY(zip, zip_file_t*, zip_fopen_index, (zip_t * a0, zip_uint64_t a1, zip_flags_t a2), (a0, a1, a2))
HZ_LAZY(zip, int, zip_fclose, (zip_file_t * a0), (a0))
HZ_LAZY(zip, const char*, zip_strerror, (zip_t * a0), (a0))
HZ_LAZY(zip, zip_int64_t, zip_fread, (zip_file_t * a0, void* a1, zip_uint64_t a2), (a0, a1, a2))
HZ_LAZY(zip, const char*, zip_file_strerror, (zip_file_t * a0), (a0))
HZ_LAZY(zip, zip_t*, zip_open, (const char* a0, int a1, int* a2), (a0, a1, a2))
HZ_LAZY(zip, void, zip_error_init_with_code, (zip_error_t * a0, int a1), (a0, a1))
HZ_LAZY(zip, zip_int64_t, zip_get_num_entries, (zip_t * a0, zip_flags_t a1), (a0, a1))
// Writing a .docx package (render/zip_package.cpp).
HZ_LAZY(zip, zip_source_t*, zip_source_buffer, (zip_t * a0, const void* a1, zip_uint64_t a2, int a3), (a0, a1, a2, a3))
HZ_LAZY(zip, zip_int64_t, zip_file_add, (zip_t * a0, const char* a1, zip_source_t* a2, zip_flags_t a3),
        (a0, a1, a2, a3))
HZ_LAZY(zip, int, zip_set_file_compression, (zip_t * a0, zip_uint64_t a1, zip_int32_t a2, zip_uint32_t a3),
        (a0, a1, a2, a3))
HZ_LAZY(zip, int, zip_file_set_mtime, (zip_t * a0, zip_uint64_t a1, time_t a2, zip_flags_t a3), (a0, a1, a2, a3))
HZ_LAZY(zip, void, zip_source_keep, (zip_source_t * a0), (a0))
HZ_LAZY(zip, int, zip_close, (zip_t * a0), (a0))
HZ_LAZY(zip, int, zip_source_stat, (zip_source_t * a0, zip_stat_t* a1), (a0, a1))
HZ_LAZY(zip, int, zip_source_open, (zip_source_t * a0), (a0))
HZ_LAZY(zip, zip_int64_t, zip_source_read, (zip_source_t * a0, void* a1, zip_uint64_t a2), (a0, a1, a2))
HZ_LAZY(zip, int, zip_source_close, (zip_source_t * a0), (a0))
// Writing a .docx package (render/zip_package.cpp); zipOpenNewFileInZip4_64 is below.
HZ_LAZY(minizip, zipFile, zipOpen2_64, (const void* a0, int a1, zipcharpc* a2, zlib_filefunc64_def* a3),
        (a0, a1, a2, a3))
HZ_LAZY(minizip, int, zipWriteInFileInZip, (zipFile a0, const void* a1, unsigned a2), (a0, a1, a2))
HZ_LAZY(minizip, int, zipCloseFileInZipRaw64, (zipFile a0, ZPOS64_T a1, uLong a2), (a0, a1, a2))
HZ_LAZY(minizip, int, zipClose, (zipFile a0, const char* a1), (a0, a1))
HZ_LAZY(zlib, int, deflateInit2_, (z_streamp a0, int a1, int a2, int a3, int a4, int a5, const char* a6, int a7),
        (a0, a1, a2, a3, a4, a5, a6, a7))
HZ_LAZY(zlib, int, deflate, (z_streamp a0, int a1), (a0, a1))
HZ_LAZY(zlib, int, deflateEnd, (z_streamp a0), (a0))
HZ_LAZY(zlib, uLong, deflateBound, (z_streamp a0, uLong a1), (a0, a1))
HZ_LAZY(zlib, int, deflateSetDictionary, (z_streamp a0, const Bytef* a1, uInt a2), (a0, a1, a2))
HZ_LAZY(zlib, uLong, crc32_z, (uLong a0, const Bytef* a1, z_size_t a2), (a0, a1, a2))
HZ_LAZY(xlsxwriter, void, format_set_align, (lxw_format * format, uint8_t alignment), (format, alignment))
HZ_LAZY(xlsxwriter, void, format_set_bg_color, (lxw_format * format, lxw_color_t color), (format, color))
HZ_LAZY(xlsxwriter, void, format_set_bold, (lxw_format * format), (format))
HZ_LAZY(xlsxwriter, void, format_set_bottom, (lxw_format * format, uint8_t style), (format, style))
HZ_LAZY(xlsxwriter, void, format_set_num_format, (lxw_format * format, const char* num_format), (format, num_format))
HZ_LAZY(xlsxwriter, void, format_set_pattern, (lxw_format * format, uint8_t index), (format, index))
HZ_LAZY(xlsxwriter, void, format_set_text_wrap, (lxw_format * format), (format))
HZ_LAZY(xlsxwriter, char*, lxw_strerror, (lxw_error error_num), (error_num))
HZ_LAZY(xlsxwriter, lxw_format*, workbook_add_format, (lxw_workbook * workbook), (workbook))
HZ_LAZY(xlsxwriter, lxw_worksheet*, workbook_add_worksheet, (lxw_workbook * workbook, const char* sheetname),
        (workbook, sheetname))
HZ_LAZY(xlsxwriter, lxw_error, workbook_close, (lxw_workbook * workbook), (workbook))
HZ_LAZY(xlsxwriter, lxw_workbook*, workbook_new_opt, (const char* filename, lxw_workbook_options* options),
        (filename, options))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_autofilter,
        (lxw_worksheet * worksheet, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col),
        (worksheet, first_row, first_col, last_row, last_col))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_filter_column,
        (lxw_worksheet * worksheet, lxw_col_t col, lxw_filter_rule* rule), (worksheet, col, rule))
HZ_LAZY(xlsxwriter, void, worksheet_fit_to_pages, (lxw_worksheet * worksheet, uint16_t width, uint16_t height),
        (worksheet, width, height))
HZ_LAZY(xlsxwriter, void, worksheet_freeze_panes, (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col),
        (worksheet, row, col))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_repeat_columns,
        (lxw_worksheet * worksheet, lxw_col_t first_col, lxw_col_t last_col), (worksheet, first_col, last_col))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_repeat_rows,
        (lxw_worksheet * worksheet, lxw_row_t first_row, lxw_row_t last_row), (worksheet, first_row, last_row))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_set_column,
        (lxw_worksheet * worksheet, lxw_col_t first_col, lxw_col_t last_col, double width, lxw_format* format),
        (worksheet, first_col, last_col, width, format))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_set_footer, (lxw_worksheet * worksheet, const char* string),
        (worksheet, string))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_set_header, (lxw_worksheet * worksheet, const char* string),
        (worksheet, string))
HZ_LAZY(xlsxwriter, void, worksheet_set_landscape, (lxw_worksheet * worksheet), (worksheet))
HZ_LAZY(xlsxwriter, void, worksheet_set_paper, (lxw_worksheet * worksheet, uint8_t paper_type), (worksheet, paper_type))
HZ_LAZY(xlsxwriter, void, worksheet_set_portrait, (lxw_worksheet * worksheet), (worksheet))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_set_row_opt,
        (lxw_worksheet * worksheet, lxw_row_t row, double height, lxw_format* format, lxw_row_col_options* options),
        (worksheet, row, height, format, options))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_write_comment,
        (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col, const char* string), (worksheet, row, col, string))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_write_number,
        (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col, double number, lxw_format* format),
        (worksheet, row, col, number, format))
HZ_LAZY(xlsxwriter, lxw_error, worksheet_write_string,
        (lxw_worksheet * worksheet, lxw_row_t row, lxw_col_t col, const char* string, lxw_format* format),
        (worksheet, row, col, string, format))

// libxlsxwriter deflates the workbook's parts at zlib's default level (6), which it has no
// option for: 379 M instructions of a cold build of samples/ for 2.9 MB of sheet XML, half
// the workbook's time. Its call to minizip is answered here (this one symbol is exported,
// CMakeLists.txt) and given level 1, as the .docx parts are: the same parts, a third of the
// time, a somewhat larger file.
// The .docx writer's own calls (an explicit level) pass through unchanged.
extern "C" __attribute__((visibility("default"))) int zipOpenNewFileInZip4_64(
    zipFile file, const char* filename, const zip_fileinfo* zipfi, const void* extrafield_local,
    uInt size_extrafield_local, const void* extrafield_global, uInt size_extrafield_global, const char* comment,
    int method, int level, int raw, int window_bits, int mem_level, int strategy, const char* password,
    uLong crc_for_crypting, uLong version_made_by, uLong flag_base, int zip64) {
  using Real = decltype(&zipOpenNewFileInZip4_64);
  // Found in minizip itself (libxlsxwriter's too), never this definition again.
  static auto real = reinterpret_cast<Real>(symbol(minizip_lib(), "zipOpenNewFileInZip4_64"));
  constexpr int kDefaultLevel = -1, kFast = 1;  // Z_DEFAULT_COMPRESSION; Z_BEST_SPEED
  return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global, size_extrafield_global,
              comment, method, level == kDefaultLevel ? kFast : level, raw, window_bits, mem_level, strategy, password,
              crc_for_crypting, version_made_by, flag_base, zip64);
}
