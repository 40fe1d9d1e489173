#include "render/zip_package.h"

#include <minizip/zip.h>
#include <sys/mman.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "common/i18n.h"
#include "common/raw_deflate.h"

namespace huizong {
namespace {

std::runtime_error zip_failure(const std::string& what, zip_error_t* error) {
  std::runtime_error e(what + ": " + zip_error_strerror(error));
  zip_error_fini(error);
  return e;
}

// The archive being written, in memory: minizip writes through these (its own are files').
struct Memory {
  std::string bytes;
  std::size_t at = 0;
};

voidpf memory_open(voidpf memory, const void*, int) { return memory; }
uLong memory_read(voidpf, voidpf, void*, uLong) { return 0; }  // only written
uLong memory_write(voidpf, voidpf stream, const void* buf, uLong size) {
  auto& m = *static_cast<Memory*>(stream);
  if (m.at + size > m.bytes.size()) m.bytes.resize(m.at + size);
  std::memcpy(m.bytes.data() + m.at, buf, size);
  m.at += size;
  return size;
}
ZPOS64_T memory_tell(voidpf, voidpf stream) { return static_cast<Memory*>(stream)->at; }
// minizip seeks back to fill in a local header's sizes and CRC.
long memory_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto& m = *static_cast<Memory*>(stream);
  std::size_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m.at : m.bytes.size();
  if (base + offset > m.bytes.size()) return -1;
  m.at = base + offset;
  return 0;
}
int memory_close(voidpf, voidpf) { return 0; }
int memory_error(voidpf, voidpf) { return 0; }

// One entry, with the header fields libzip wrote: made by UNIX zip 6.3, a regular file
// rw-rw-rw-, 1980-01-01 00:00 (the earliest a zip entry can record, so the same entries
// give the same bytes). Level 2 only sets the header's "fast" flag bits that libzip sets
// for level 1: the data is handed over already deflated (raw).
void add_entry(zipFile archive, const ZipEntry& e) {
  constexpr uLong kMadeBy = 0x033F, kRegularFile = 0100666u << 16, kJan1980 = 0x0021u << 16;
  constexpr int kFastFlags = 2;
  if (e.data->size() >= 0xFFFFFFFFu)
    // untranslated: as above (a .docx part is never 4 GB)
    throw std::runtime_error("zip: " + e.name + " is too large");
  zip_fileinfo info{};
  info.dosDate = kJan1980;
  info.external_fa = kRegularFile;
  bool written =
      zipOpenNewFileInZip4_64(archive, e.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, kFastFlags,
                              1, -MAX_WBITS, MAX_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, kMadeBy, 0, 0) == ZIP_OK;
  // Deflated into the archive as it comes (ISA-L's pieces of 64 KB), never held whole.
  RawDeflater deflater;
  auto write = [&](std::string_view piece) {
    written = written && zipWriteInFileInZip(archive, piece.data(), static_cast<unsigned>(piece.size())) == ZIP_OK;
  };
  if (written) {
    deflater.feed(*e.data, write);
    deflater.finish(write);
  }
  if (!written || zipCloseFileInZipRaw64(archive, e.data->size(), deflater.crc()) != ZIP_OK)
    // untranslated: as above
    throw std::runtime_error("zip: cannot add " + e.name);
}

}  // namespace

std::string zip_archive(const std::vector<ZipEntry>& entries) {
  Memory memory;
  // Room for the parts deflated (XML to a fifth or less): the archive is not copied as it
  // grows (a long compendium's, ~10 MB at 100 MB of reports). Pages not written are not used.
  std::size_t parts = 0;
  for (const ZipEntry& e : entries) parts += e.data->size();
  memory.bytes.reserve(parts / 3 + (64 << 10));
  zlib_filefunc64_def io{};
  io.zopen64_file = memory_open;
  io.zread_file = memory_read;
  io.zwrite_file = memory_write;
  io.ztell64_file = memory_tell;
  io.zseek64_file = memory_seek;
  io.zclose_file = memory_close;
  io.zerror_file = memory_error;
  io.opaque = &memory;
  zipFile archive = zipOpen2_64("", APPEND_STATUS_CREATE, nullptr, &io);
  // untranslated: an internal failure, reported as one (for the developers)
  if (!archive) throw std::runtime_error("zip: cannot open an archive in memory");
  try {
    for (const ZipEntry& e : entries) add_entry(archive, e);
  } catch (...) {
    zipClose(archive, nullptr);
    throw;
  }
  // untranslated: as above
  if (zipClose(archive, nullptr) != ZIP_OK) throw std::runtime_error("zip: cannot write the archive");
  return std::move(memory.bytes);
}

void open_zip_library() {
  // minizip's zipOpen copies a ~100 KB structure through its stack, which a new thread has not
  // touched: those pages (of the stack the .docx thread is then given again) are faulted in by
  // one call, not ~26 faults.
  constexpr std::uintptr_t kPage = 4 << 10, kDepth = 192 << 10;
  auto top = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) & ~(kPage - 1);
  madvise(reinterpret_cast<void*>(top - kDepth), kDepth, MADV_POPULATE_WRITE);
  // minizip and ISA-L, which zip_archive calls: each function is looked up on its first call
  // (lazy_libs.cpp).
  std::string empty;
  try {
    zip_archive({{"-", &empty}});
  } catch (const std::exception&) {
    // only a warm-up: zip_archive reports its own failures
  }
}

std::map<std::string, std::string> unzip_all(const std::filesystem::path& file, std::size_t max_bytes) {
  int code = 0;
  zip_t* archive = zip_open(file.c_str(), ZIP_RDONLY, &code);
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    throw zip_failure(_("not a zip archive"), &error);
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> guard(archive, zip_discard);
  std::map<std::string, std::string> files;
  std::size_t total = 0;
  for (zip_int64_t i = 0, n = zip_get_num_entries(archive, 0); i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    if ((total += st.size) > max_bytes) throw std::runtime_error(_("its files unpack to more than the limit"));
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0),
                                                         zip_fclose);
    std::string data(st.size, '\0');
    if (!f || zip_fread(f.get(), data.data(), st.size) != static_cast<zip_int64_t>(st.size))
      throw std::runtime_error(tr("cannot read {}: {}", st.name, zip_strerror(archive)));
    files[st.name] = std::move(data);
  }
  return files;
}

}  // namespace huizong
