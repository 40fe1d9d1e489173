#include "render/zip_package.h"

#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "common/i18n.h"

namespace huizong {
namespace {

std::runtime_error zip_failure(const std::string& what, zip_error_t* error) {
  std::runtime_error e(what + ": " + zip_error_strerror(error));
  zip_error_fini(error);
  return e;
}

// The bytes libzip 1.7 writes for an archive of deflated entries (it was used before and
// the outputs stay the same): level 1, a raw deflate stream (zlib, window 2^15, memory
// level 9), sizes in the local header, made by Unix 6.3, mode 0666, time 1980-01-01.
// Written here with zlib because libzip pulls in libcrypto, whose relocations cost every
// run ~150 page faults at start (a third of a re-render after a template edit).
constexpr std::uint16_t kMadeBy = 0x033F, kNeeded = 20, kFast = 0x0004, kUtf8 = 0x0800, kDeflated = 8;
constexpr std::uint16_t kDosDate = 0x0021;  // 1980-01-01 00:00
constexpr std::uint32_t kUnixMode = 0100666u << 16;

class ZipBytes {
 public:
  void u16(std::uint16_t v) {
    out_ += static_cast<char>(v & 0xFF);
    out_ += static_cast<char>(v >> 8);
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v & 0xFFFF));
    u16(static_cast<std::uint16_t>(v >> 16));
  }
  void raw(std::string_view s) { out_ += s; }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

std::string deflated(const std::string& data) {
  z_stream z{};
  // untranslated: an internal failure, reported as one (for the developers)
  if (deflateInit2(&z, 1, Z_DEFLATED, -MAX_WBITS, MAX_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zip: cannot start deflate");
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  // untranslated: an internal failure, reported as one (for the developers)
  if (rc != Z_STREAM_END) throw std::runtime_error("zip: deflate failed");
  return out;
}

struct Written {
  std::uint16_t flags;
  std::uint32_t crc, compressed, size, offset;
};

void header(ZipBytes& z, const ZipEntry& e, const Written& w, bool central) {
  z.u32(central ? 0x02014B50 : 0x04034B50);
  if (central) z.u16(kMadeBy);
  z.u16(kNeeded);
  z.u16(w.flags);
  z.u16(kDeflated);
  z.u16(0);  // time 00:00
  z.u16(kDosDate);
  z.u32(w.crc);
  z.u32(w.compressed);
  z.u32(w.size);
  z.u16(static_cast<std::uint16_t>(e.name.size()));
  z.u16(0);  // extra field
  if (central) {
    z.u16(0);  // comment
    z.u16(0);  // disk
    z.u16(0);  // internal attributes
    z.u32(kUnixMode);
    z.u32(w.offset);
  }
  z.raw(e.name);
}

}  // namespace

std::string zip_archive(const std::vector<ZipEntry>& entries) {
  // Entries of 4 GiB or more would need Zip64; a .docx part is never that big.
  constexpr std::size_t kMax = 0xFFFFFFFFu;
  ZipBytes z;
  std::vector<Written> written;
  for (const ZipEntry& e : entries) {
    if (e.data->size() >= kMax || e.name.size() > 0xFFFF || entries.size() >= 0xFFFF)
      // untranslated: an internal failure, reported as one (for the developers)
      throw std::runtime_error("zip: cannot add " + e.name + ": too large");
    bool ascii = std::all_of(e.name.begin(), e.name.end(), [](char c) { return (c & 0x80) == 0; });
    std::string packed = deflated(*e.data);
    Written w{static_cast<std::uint16_t>(kFast | (ascii ? 0 : kUtf8)),
              static_cast<std::uint32_t>(
                  crc32(0, reinterpret_cast<const Bytef*>(e.data->data()), static_cast<uInt>(e.data->size()))),
              static_cast<std::uint32_t>(packed.size()), static_cast<std::uint32_t>(e.data->size()),
              static_cast<std::uint32_t>(z.str().size())};
    header(z, e, w, false);
    z.raw(packed);
    written.push_back(w);
  }
  const auto directory = static_cast<std::uint32_t>(z.str().size());
  for (std::size_t i = 0; i < entries.size(); ++i) header(z, entries[i], written[i], true);
  const auto directory_size = static_cast<std::uint32_t>(z.str().size() - directory);
  // untranslated: an internal failure, reported as one (for the developers)
  if (z.str().size() >= kMax) throw std::runtime_error("zip: the archive is too large");
  z.u32(0x06054B50);
  z.u16(0);
  z.u16(0);
  z.u16(static_cast<std::uint16_t>(entries.size()));
  z.u16(static_cast<std::uint16_t>(entries.size()));
  z.u32(directory_size);
  z.u32(directory);
  z.u16(0);  // comment
  return std::move(z.str());
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
