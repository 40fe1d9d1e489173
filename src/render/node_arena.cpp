#include "render/node_arena.h"

#include <cmark-gfm.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace huizong {
namespace {

constexpr std::size_t kAlign = 16;
constexpr std::size_t kBlockBytes = 256 << 10;

// Before every block handed to cmark-gfm: its size (realloc copies it) and where it came
// from (free returns heap blocks only).
struct alignas(kAlign) Header {
  std::size_t bytes;
  bool in_arena;
};
static_assert(sizeof(Header) == kAlign);

thread_local NodeArena* t_arena = nullptr;

std::size_t round_up(std::size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

// cmark-gfm does not check for null (its own allocator aborts): neither does this.
[[noreturn]] void out_of_memory() { std::abort(); }

void* allocate(std::size_t bytes) {
  if (bytes > SIZE_MAX - 2 * kAlign) out_of_memory();
  Header* h =
      static_cast<Header*>(t_arena ? t_arena->allocate(sizeof(Header) + bytes) : std::malloc(sizeof(Header) + bytes));
  if (!h) out_of_memory();
  h->bytes = bytes;
  h->in_arena = t_arena != nullptr;
  return h + 1;
}

void* arena_calloc(std::size_t n, std::size_t size) {
  if (size != 0 && n > SIZE_MAX / size) out_of_memory();
  void* p = allocate(n * size);
  std::memset(p, 0, n * size);
  return p;
}

void* arena_realloc(void* p, std::size_t bytes) {
  if (!p) return allocate(bytes);
  Header* h = static_cast<Header*>(p) - 1;
  if (!h->in_arena) {
    if (bytes > SIZE_MAX - 2 * kAlign) out_of_memory();
    h = static_cast<Header*>(std::realloc(h, sizeof(Header) + bytes));
    if (!h) out_of_memory();
    h->bytes = bytes;
    return h + 1;
  }
  // cmark-gfm's buffers grow by realloc: the last block grows where it is.
  if (t_arena && t_arena->extend(h, sizeof(Header) + h->bytes, sizeof(Header) + bytes)) {
    h->bytes = bytes;
    return p;
  }
  void* q = allocate(bytes);
  std::memcpy(q, p, std::min(h->bytes, bytes));
  return q;
}

void arena_free(void* p) {
  if (!p) return;
  Header* h = static_cast<Header*>(p) - 1;
  if (!h->in_arena) std::free(h);
}

cmark_mem g_mem{arena_calloc, arena_realloc, arena_free};

}  // namespace

NodeArena::~NodeArena() {
  for (char* b : blocks_) std::free(b);
}

cmark_mem* NodeArena::mem() { return &g_mem; }

NodeArena::Use::Use(NodeArena& arena) : before_(t_arena) { t_arena = &arena; }
NodeArena::Use::~Use() { t_arena = before_; }

void* NodeArena::allocate(std::size_t bytes) {
  bytes = round_up(bytes);
  if (static_cast<std::size_t>(end_ - next_) < bytes) {
    const std::size_t size = std::max(kBlockBytes, bytes);
    char* block = static_cast<char*>(std::aligned_alloc(kAlign, size));
    if (!block) return nullptr;
    blocks_.push_back(block);
    next_ = block;
    end_ = block + size;
  }
  char* p = next_;
  next_ += bytes;
  return p;
}

bool NodeArena::extend(void* p, std::size_t old_bytes, std::size_t bytes) {
  char* start = static_cast<char*>(p);
  if (start + round_up(old_bytes) != next_ || round_up(bytes) > static_cast<std::size_t>(end_ - start)) return false;
  next_ = start + round_up(bytes);
  return true;
}

}  // namespace huizong
