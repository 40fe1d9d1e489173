#include "render/heap.h"

#include <algorithm>
#include <cstddef>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace huizong {

void give_back_freed_memory() {
#ifdef __GLIBC__
  constexpr std::size_t kWorthGivingBack = 32 << 20;
  const struct mallinfo2 heap = mallinfo2();
  if (heap.fordblks - std::min(heap.keepcost, heap.fordblks) >= kWorthGivingBack) malloc_trim(0);
#endif
}

void map_large_buffers() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

}  // namespace huizong
