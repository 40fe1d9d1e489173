#include "render/zip_package.h"

#include <zip.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "common/i18n.h"

namespace huizong {
namespace {

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

std::runtime_error zip_failure(const std::string& what, zip_error_t* error) {
  std::runtime_error e(what + ": " + zip_error_strerror(error));
  zip_error_fini(error);
  return e;
}

// 1980-01-01, the earliest time a zip entry can record.
constexpr time_t kFixedTime = 315532800;

void add_entries(zip_t* archive, const std::vector<ZipEntry>& entries) {
  for (const ZipEntry& e : entries) {
    zip_source_t* data = zip_source_buffer(archive, e.data->data(), e.data->size(), 0);
    zip_int64_t index = data ? zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (data) zip_source_free(data);
      // untranslated: an internal failure, reported as one (for the developers)
      throw std::runtime_error("zip: cannot add " + e.name + ": " + zip_strerror(archive));
    }
    // Level 1: most of the size gain of the default level at a fraction of its time.
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), kFixedTime, 0);
  }
}

std::string source_bytes(zip_source_t* source) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(source, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(source) != 0)
    // untranslated: an internal failure, reported as one (for the developers)
    throw std::runtime_error("zip: cannot read the archive made in memory");
  std::string bytes(st.size, '\0');
  zip_int64_t n = zip_source_read(source, bytes.data(), st.size);
  zip_source_close(source);
  // untranslated: an internal failure, reported as one (for the developers)
  if (n != static_cast<zip_int64_t>(st.size)) throw std::runtime_error("zip: short read of the archive made in memory");
  return bytes;
}

}  // namespace

std::string zip_archive(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> source(zip_source_buffer_create(nullptr, 0, 0, &error));
  // untranslated: an internal failure, reported as one (for the developers)
  if (!source) throw zip_failure("zip: cannot create a buffer", &error);
  zip_source_keep(source.get());  // the archive's close would free it; its bytes are read after
  zip_t* archive = zip_open_from_source(source.get(), ZIP_TRUNCATE, &error);
  if (!archive) {
    zip_source_free(source.get());  // the reference zip_open_from_source did not take
    // untranslated: an internal failure, reported as one (for the developers)
    throw zip_failure("zip: cannot open an archive in memory", &error);
  }
  try {
    add_entries(archive, entries);
  } catch (...) {
    zip_discard(archive);
    throw;
  }
  if (zip_close(archive) != 0) {
    std::string why = zip_strerror(archive);
    zip_discard(archive);
    // untranslated: an internal failure, reported as one (for the developers)
    throw std::runtime_error("zip: cannot write the archive: " + why);
  }
  return source_bytes(source.get());
}

void open_zip_library() {
  // The functions zip_archive calls: each is looked up on its first call (lazy_libs.cpp).
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_TRUNCATE, &error) : nullptr;
  if (archive) {
    std::string empty;
    try {
      add_entries(archive, {{"-", &empty}});
    } catch (const std::exception&) {
      // only a warm-up: zip_archive reports its own failures
    }
    zip_discard(archive);
  } else if (source) {
    zip_source_free(source);
  }
  zip_error_fini(&error);
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
