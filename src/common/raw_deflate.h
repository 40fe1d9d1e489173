// Raw deflate (RFC 1951, no header) with Intel's ISA-L (igzip, level 1): ~10x zlib's level 1
// on this machine for the same size (a compendium's 880 KB document.xml: zlib 16 ms, ISA-L
// 1.5 ms; 190 KB against 192 KB). Used for the .docx parts (render/zip_package.cpp) and the
// workbook's (common/lazy_libs.cpp, libxlsxwriter's parts given piece by piece). Inline: the
// two are linked differently (ISA-L opened on first use, or linked).
#pragma once
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace huizong {

// ISA-L's working memory (its hash table and tokens, ~290 KB) and the output piece, kept by
// each thread for its next stream: made anew for each part, their pages were faulted in again
// each time (~30 faults a .docx).
struct DeflateBuffers {
  static constexpr std::uint32_t kLevel = ISAL_DEF_LVL1_DEFAULT, kOut = 64 << 10;
  std::unique_ptr<std::uint8_t[]> level, out;

  static DeflateBuffers& spare() {
    thread_local DeflateBuffers buffers;
    return buffers;
  }
  static DeflateBuffers take() {
    DeflateBuffers b = std::move(spare());
    if (!b.level) b.level = std::make_unique_for_overwrite<std::uint8_t[]>(kLevel);
    if (!b.out) b.out = std::make_unique_for_overwrite<std::uint8_t[]>(kOut);
    return b;
  }
  static void give_back(DeflateBuffers&& b) {
    if (!spare().level) spare() = std::move(b);
  }
};

// One raw deflate stream, fed in pieces; each call hands what is ready to `sink`
// (a callable taking std::string_view). Also the CRC-32 and size of what was fed (a zip
// entry's header needs them).
class RawDeflater {
 public:
  RawDeflater() : buffers_(DeflateBuffers::take()) {
    isal_deflate_init(&stream_);
    stream_.level = 1;
    stream_.level_buf = buffers_.level.get();
    stream_.level_buf_size = DeflateBuffers::kLevel;
    stream_.gzip_flag = IGZIP_DEFLATE;
    stream_.flush = NO_FLUSH;
  }
  ~RawDeflater() { DeflateBuffers::give_back(std::move(buffers_)); }
  RawDeflater(const RawDeflater&) = delete;
  RawDeflater& operator=(const RawDeflater&) = delete;

  template <class Sink>
  void feed(std::string_view data, Sink&& sink) {
    crc_ = crc32_gzip_refl(crc_, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    size_ += data.size();
    run(data, false, sink);
  }
  template <class Sink>
  void finish(Sink&& sink) {
    run({}, true, sink);
  }
  std::uint32_t crc() const { return crc_; }
  std::uint64_t size() const { return size_; }

 private:
  template <class Sink>
  void run(std::string_view data, bool end, Sink& sink) {
    constexpr std::uint32_t kStep = 1u << 30;  // avail_in is 32-bit
    do {
      const auto step = static_cast<std::uint32_t>(std::min<std::size_t>(data.size(), kStep));
      stream_.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(data.data()));
      stream_.avail_in = step;
      data.remove_prefix(step);
      stream_.end_of_stream = end && data.empty();
      do {
        stream_.next_out = buffers_.out.get();
        stream_.avail_out = DeflateBuffers::kOut;
        // untranslated: an internal failure, reported as one (for the developers)
        if (isal_deflate(&stream_) != COMP_OK) throw std::runtime_error("deflate: ISA-L failed");
        if (const auto made = static_cast<std::size_t>(stream_.next_out - buffers_.out.get()))
          sink(std::string_view(reinterpret_cast<const char*>(buffers_.out.get()), made));
      } while (stream_.avail_in > 0 || stream_.avail_out == 0 ||
               (stream_.end_of_stream && stream_.internal_state.state != ZSTATE_END));
    } while (!data.empty());
  }

  DeflateBuffers buffers_;
  isal_zstream stream_;
  std::uint32_t crc_ = 0;
  std::uint64_t size_ = 0;
};

}  // namespace huizong
