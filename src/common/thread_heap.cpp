#include "common/thread_heap.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
// Not under AddressSanitizer: its allocator, not glibc's, serves malloc there (gcc says
// so with __SANITIZE_ADDRESS__, clang with __has_feature).
#if defined(__SANITIZE_ADDRESS__)
#define HUIZONG_OTHER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HUIZONG_OTHER_ALLOCATOR 1
#endif
#endif
#if defined(__GLIBC__) && !defined(HUIZONG_OTHER_ALLOCATOR)
#define HUIZONG_GLIBC_ARENAS 1
#include <sys/mman.h>
#include <unistd.h>

extern char end;  // the end of the program's data: the main arena's heap (brk) starts after it
#endif

namespace huizong {

void use_huge_pages_for_thread_heap() {
#ifdef HUIZONG_GLIBC_ARENAS
  // glibc's HEAP_MAX_SIZE on 64-bit systems (2 x DEFAULT_MMAP_THRESHOLD_MAX): a thread
  // arena's heap is a reservation of this size, aligned to it.
  constexpr std::uintptr_t kHeapReservation = std::uintptr_t{64} << 20;
  static_assert(sizeof(void*) == 8, "glibc on 64 bits");  // untranslated: a compile-time check
  void* probe = std::malloc(1);                           // the thread's arena, made now if it has none
  if (probe == nullptr) return;
  const auto at = reinterpret_cast<std::uintptr_t>(probe);
  std::free(probe);
  // The main arena (a thread may be given it): its heap lies between the program's data
  // and the break, and is no reservation of its own.
  if (at >= reinterpret_cast<std::uintptr_t>(&end) && at < reinterpret_cast<std::uintptr_t>(sbrk(0))) return;
  // A refusal (no transparent huge pages here) leaves the heap as it was.
  auto* heap = reinterpret_cast<char*>(at & ~(kHeapReservation - 1));
  madvise(heap, kHeapReservation, MADV_HUGEPAGE);
  // The first 2 MiB already has pages of 4 KiB (glibc's arena header, the probe): no huge
  // page goes there, and the rest of it would fault in page by page (~500 faults of the
  // workbook's thread). Mapped by one call instead; a no-op on a reused arena.
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  madvise(heap, kHugePage, MADV_POPULATE_WRITE);
#endif
}

}  // namespace huizong
