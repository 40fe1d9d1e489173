// Lazy loading of libzip, minizip, ISA-L and libxlsxwriter: every function huizong calls is defined here
// and opens its library (dlopen) on first use. Linked normally, the two libraries and
// what they need (libcrypto, libbz2, minizip, zlib) cost every run ~150 page faults of the
// dynamic loader before main (≈ 6 ms of a 16 ms start on this VM), and most runs (a
// re-render after a template edit, parse, text inputs) use neither.
// Built into the default (static) build only; sanitizer and fuzz builds link the
// libraries as usual (CMakeLists.txt, HUIZONG_LAZY_LIBS).
#include <dlfcn.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <minizip/zip.h>
#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/raw_deflate.h"

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

void* isal_lib() {
  static void* handle = library(HUIZONG_ISAL_SONAME);
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
HZ_LAZY(minizip, int, zipCloseFileInZipRaw64, (zipFile a0, ZPOS64_T a1, uLong a2), (a0, a1, a2))
HZ_LAZY(minizip, int, zipClose, (zipFile a0, const char* a1), (a0, a1))
// Deflate of the .docx and workbook parts (common/raw_deflate.h).
HZ_LAZY(isal, void, isal_deflate_init, (isal_zstream * a0), (a0))
HZ_LAZY(isal, int, isal_deflate, (isal_zstream * a0), (a0))
HZ_LAZY(isal, uint32_t, crc32_gzip_refl, (uint32_t a0, const unsigned char* a1, uint64_t a2), (a0, a1, a2))
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

// libxlsxwriter deflates the workbook's parts with zlib's default level (6), which it has no
// option for: 379 M instructions of a cold build of samples/ for 2.9 MB of sheet XML, half
// the workbook's time (zlib's level 1 still 120 M). Its three calls to minizip for a part
// (open, write in pieces, close) are answered here (these symbols are exported,
// CMakeLists.txt): the part is opened raw and what libxlsxwriter writes is deflated with
// ISA-L (common/raw_deflate.h) piece by piece as it comes; the same parts, a tenth of the time.
// The .docx writer's own calls (an explicit level, raw data) pass through unchanged.
namespace {

template <class F>
F real_minizip(const char* name) {
  // Found in minizip itself (libxlsxwriter's too), never these definitions again.
  return reinterpret_cast<F>(symbol(minizip_lib(), name));
}

// The part being written into each archive that libxlsxwriter writes on this thread
// (a workbook is made on one thread; workbooks on two threads have their own).
struct DeflatedPart {
  zipFile file;
  std::unique_ptr<huizong::RawDeflater> deflater;
};
thread_local std::vector<DeflatedPart> deflated_parts;

DeflatedPart* deflated_part(zipFile file) {
  for (DeflatedPart& p : deflated_parts)
    if (p.file == file) return &p;
  return nullptr;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int zipOpenNewFileInZip4_64(
    zipFile file, const char* filename, const zip_fileinfo* zipfi, const void* extrafield_local,
    uInt size_extrafield_local, const void* extrafield_global, uInt size_extrafield_global, const char* comment,
    int method, int level, int raw, int window_bits, int mem_level, int strategy, const char* password,
    uLong crc_for_crypting, uLong version_made_by, uLong flag_base, int zip64) {
  static auto real = real_minizip<decltype(&zipOpenNewFileInZip4_64)>("zipOpenNewFileInZip4_64");
  constexpr int kDefaultLevel = -1, kFast = 1;  // Z_DEFAULT_COMPRESSION; Z_BEST_SPEED (the header's flag bits)
  const bool ours = level == kDefaultLevel && method == Z_DEFLATED && !raw;
  const int opened = real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                          size_extrafield_global, comment, method, ours ? kFast : level, ours ? 1 : raw, window_bits,
                          mem_level, strategy, password, crc_for_crypting, version_made_by, flag_base, zip64);
  if (ours && opened == ZIP_OK) {
    try {
      if (DeflatedPart* p = deflated_part(file))
        p->deflater = std::make_unique<huizong::RawDeflater>();
      else
        deflated_parts.push_back({file, std::make_unique<huizong::RawDeflater>()});
    } catch (const std::exception&) {
      return ZIP_INTERNALERROR;
    }
  }
  return opened;
}

extern "C" __attribute__((visibility("default"))) int zipWriteInFileInZip(zipFile file, const void* buf, unsigned len) {
  static auto real = real_minizip<decltype(&zipWriteInFileInZip)>("zipWriteInFileInZip");
  DeflatedPart* p = deflated_part(file);
  if (!p || !p->deflater) return real(file, buf, len);
  int status = ZIP_OK;
  try {
    p->deflater->feed(std::string_view(static_cast<const char*>(buf), len), [&](std::string_view out) {
      if (status == ZIP_OK) status = real(file, out.data(), static_cast<unsigned>(out.size()));
    });
  } catch (const std::exception&) {
    return ZIP_INTERNALERROR;
  }
  return status;
}

extern "C" __attribute__((visibility("default"))) int zipCloseFileInZip(zipFile file) {
  static auto real = real_minizip<decltype(&zipCloseFileInZip)>("zipCloseFileInZip");
  DeflatedPart* p = deflated_part(file);
  if (!p || !p->deflater) return real(file);
  std::unique_ptr<huizong::RawDeflater> deflater = std::move(p->deflater);
  deflated_parts.erase(deflated_parts.begin() + (p - deflated_parts.data()));
  int status = ZIP_OK;
  try {
    deflater->finish([&](std::string_view out) {
      if (status == ZIP_OK) status = zipWriteInFileInZip(file, out.data(), static_cast<unsigned>(out.size()));
    });
  } catch (const std::exception&) {
    status = ZIP_INTERNALERROR;
  }
  const int closed = zipCloseFileInZipRaw64(file, deflater->size(), deflater->crc());
  return status != ZIP_OK ? status : closed;
}
