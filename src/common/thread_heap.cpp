#include "common/thread_heap.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

// Not under AddressSanitizer: its allocator, not glibc's, serves malloc there (gcc says
// so with __SANITIZE_ADDRESS__, clang with __has_feature).
#if defined(__SANITIZE_ADDRESS__)
#define HUIZONG_OTHER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HUIZONG_OTHER_ALLOCATOR 1
#endif
#endif
// glibc's thread heaps are reservations of 64 MiB on 64-bit systems only.
#if defined(__GLIBC__) && !defined(HUIZONG_OTHER_ALLOCATOR) && UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
#define HUIZONG_GLIBC_ARENAS 1
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace huizong {

#ifdef HUIZONG_GLIBC_ARENAS
namespace {

// glibc's HEAP_MAX_SIZE on 64-bit systems (2 x DEFAULT_MMAP_THRESHOLD_MAX): a thread
// arena's heap is a reservation of this size, aligned to it.
constexpr std::uintptr_t kHeapReservation = std::uintptr_t{64} << 20;
constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;

std::string read_proc_maps() {
  std::string text;
  int fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buf[16384];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

// The hexadecimal number `s` starts with (0 if none); `s` is left after it.
std::uintptr_t hex(std::string_view& s) {
  std::uintptr_t v = 0;
  s.remove_prefix(static_cast<std::size_t>(std::from_chars(s.data(), s.data() + s.size(), v, 16).ptr - s.data()));
  return v;
}

// Whether [base, base + kHeapReservation) is mapped throughout by private anonymous memory
// (no file, no [heap] or [stack]): what a thread heap is, and memory huge pages cannot
// change the contents of. `writable_end`: the end of the writable mapping starting the range.
bool anonymous_throughout(std::uintptr_t base, std::uintptr_t& writable_end) {
  const std::string maps = read_proc_maps();
  std::uintptr_t covered = base;  // [base, covered) seen mapped so far
  writable_end = base;
  for (std::string_view rest = maps; !rest.empty() && covered < base + kHeapReservation;) {
    std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    // "begin-end perms offset dev inode [path]"
    std::uintptr_t begin = hex(line);
    if (line.empty() || line.front() != '-') return false;
    line.remove_prefix(1);
    std::uintptr_t end = hex(line);
    if (end <= covered || begin >= base + kHeapReservation) continue;
    if (begin > covered) return false;  // a gap
    // The rest: perms, offset, device, inode, and a path unless anonymous.
    std::vector<std::string_view> fields;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == ' ') {
        ++i;
        continue;
      }
      std::size_t j = line.find(' ', i);
      if (j == std::string_view::npos) j = line.size();
      fields.push_back(line.substr(i, j - i));
      i = j;
    }
    if (fields.size() != 4 || fields[0].size() != 4 || fields[0][3] != 'p' || fields[3] != "0") return false;
    const std::string_view perms = fields[0];
    if (covered == base) {
      if (perms[0] != 'r' || perms[1] != 'w') return false;
      writable_end = end;
    }
    covered = end;
  }
  return covered >= base + kHeapReservation;
}

}  // namespace
#endif

void use_huge_pages_for_thread_heap() {
#ifdef HUIZONG_GLIBC_ARENAS
  // The heaps done already (threads are given the arenas of threads that ended).
  static std::mutex mutex;
  static std::vector<std::uintptr_t> done;
  void* probe = std::malloc(1);  // the thread's arena, made now if it has none
  if (probe == nullptr) return;
  const std::uintptr_t base = reinterpret_cast<std::uintptr_t>(probe) & ~(kHeapReservation - 1);
  std::lock_guard lock(mutex);
  std::uintptr_t writable_end = 0;
  const bool known = std::find(done.begin(), done.end(), base) != done.end();
  // Only where the reservation is what a thread heap is: not the main arena's heap (the
  // [heap] mapping, which tune_memory prepares), nor any other allocator's memory.
  if (!known && anonymous_throughout(base, writable_end)) {
    done.push_back(base);
    auto* heap = reinterpret_cast<char*>(base);
    // A refusal (no transparent huge pages here) leaves the heap as it was.
    madvise(heap, kHeapReservation, MADV_HUGEPAGE);
    // The first 2 MiB already has pages of 4 KiB (glibc's arena header, the probe): no
    // huge page goes there, and the rest of it would fault in page by page (~500 faults
    // of the workbook's thread): mapped by one call, as far as it is writable (all of it
    // with tune_memory's 16 MiB M_TOP_PAD; glibc's default makes ~132 KiB writable first).
    std::uintptr_t populate_end = std::min(base + kHugePage, writable_end);
    if (populate_end > base) madvise(heap, populate_end - base, MADV_POPULATE_WRITE);
  }
  std::free(probe);
#endif
}

}  // namespace huizong
