// Memory for cmark-gfm trees, freed a tree at a time.
#pragma once
#include <array>
#include <cstddef>
#include <vector>

struct cmark_mem;

namespace huizong {

// A piece of a document parsed by cmark-gfm is thousands of small nodes and strings, each
// a calloc, and as many frees when the tree goes (a fifth of a re-render's instructions were
// malloc and free). An arena takes the small ones from large blocks, reuses those cmark-gfm
// frees (by size), and frees the blocks with the tree; larger ones (buffers that grow, a
// table's copies of its paragraph) come from the heap and are freed as usual, so the arena
// never holds more than the tree's small blocks. cmark-gfm's own arena
// (cmark_get_arena_mem_allocator) is one for the process, not safe on two threads and reset
// all at once: this one is per tree. cmark_mem carries no context, so the arena being
// filled is the calling thread's (NodeArena::Use); what is allocated while none is (the
// HTML renderer's buffers) comes from the heap.
class NodeArena {
 public:
  NodeArena() = default;
  ~NodeArena();
  NodeArena(const NodeArena&) = delete;
  NodeArena& operator=(const NodeArena&) = delete;

  // The allocator to give cmark-gfm (the same for every arena).
  static cmark_mem* mem();

  // While alive, what cmark-gfm allocates through mem() on this thread comes from `arena`.
  class Use {
   public:
    explicit Use(NodeArena& arena);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    NodeArena* before_;
  };

  // The largest block (header included) taken from the arena.
  static constexpr std::size_t kLargestSmall = 512;
  static constexpr std::size_t kAlign = 16;

  // `bytes` (at most kLargestSmall, a multiple of kAlign), uninitialised; null when out of memory.
  void* allocate(std::size_t bytes);
  // Takes back a block allocate() gave, for a later allocate() of the same size.
  void release(void* p, std::size_t bytes);

 private:
  std::vector<char*> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  std::size_t block_bytes_ = 16 << 10;                    // the next block's size, doubled up to 256 KB
  std::array<void*, kLargestSmall / kAlign + 1> free_{};  // by size / kAlign: blocks released
};

}  // namespace huizong
