#include "render/node_arena.h"

#include <cmark-gfm.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace huizong {
namespace {

constexpr std::size_t kAlign = NodeArena::kAlign;
constexpr std::size_t kLargestBlock = 256 << 10;

// Before every block handed to cmark-gfm: its size (realloc copies it) and the arena it came
// from (null: the heap).
struct alignas(kAlign) Header {
  std::size_t bytes;
  NodeArena* arena;
};
static_assert(sizeof(Header) == kAlign);

thread_local NodeArena* t_arena = nullptr;

std::size_t round_up(std::size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

// cmark-gfm does not check for null (its own allocator aborts): neither does this.
[[noreturn]] void out_of_memory() { std::abort(); }

// A block of `bytes` for cmark-gfm: small ones from this thread's arena, if one is in use.
void* allocate(std::size_t bytes) {
  if (bytes > SIZE_MAX - 2 * kAlign) out_of_memory();
  const std::size_t total = round_up(sizeof(Header) + bytes);
  NodeArena* arena = t_arena && total <= NodeArena::kLargestSmall ? t_arena : nullptr;
  auto* h = static_cast<Header*>(arena ? arena->allocate(total) : std::malloc(sizeof(Header) + bytes));
  if (!h) out_of_memory();
  h->bytes = bytes;
  h->arena = arena;
  return h + 1;
}

void arena_free(void* p) {
  if (!p) return;
  Header* h = static_cast<Header*>(p) - 1;
  if (!h->arena)
    std::free(h);
  else if (h->arena == t_arena)  // only while its tree is made, on its thread
    h->arena->release(h, round_up(sizeof(Header) + h->bytes));
  // Else kept until its arena goes with the tree.
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
  if (!h->arena) {
    if (bytes > SIZE_MAX - 2 * kAlign) out_of_memory();
    h = static_cast<Header*>(std::realloc(h, sizeof(Header) + bytes));
    if (!h) out_of_memory();
    h->bytes = bytes;
    return h + 1;
  }
  if (round_up(sizeof(Header) + bytes) == round_up(sizeof(Header) + h->bytes)) {
    h->bytes = bytes;
    return p;
  }
  // A copy: in the block's own arena or on the heap, never in another tree's arena.
  NodeArena* const in_use = t_arena;
  t_arena = h->arena == in_use ? in_use : nullptr;
  void* q = allocate(bytes);
  t_arena = in_use;
  std::memcpy(q, p, std::min(h->bytes, bytes));
  arena_free(p);
  return q;
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
  if (void*& released = free_[bytes / kAlign]) {
    void* p = released;
    std::memcpy(&released, p, sizeof(void*));  // the next one released
    return p;
  }
  if (static_cast<std::size_t>(end_ - next_) < bytes) {
    if (blocks_.size() == blocks_.capacity()) {
      try {
        blocks_.reserve(std::max<std::size_t>(16, 2 * blocks_.size()));
      } catch (const std::bad_alloc&) {
        return nullptr;  // not through cmark-gfm's C code
      }
    }
    char* block = static_cast<char*>(std::aligned_alloc(kAlign, block_bytes_));
    if (!block) return nullptr;
    blocks_.push_back(block);
    next_ = block;
    end_ = block + block_bytes_;
    block_bytes_ = std::min(2 * block_bytes_, kLargestBlock);
  }
  char* p = next_;
  next_ += bytes;
  return p;
}

void NodeArena::release(void* p, std::size_t bytes) {
  void*& released = free_[bytes / kAlign];
  std::memcpy(p, &released, sizeof(void*));
  released = p;
}

}  // namespace huizong
