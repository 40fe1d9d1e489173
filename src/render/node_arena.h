// Memory for cmark-gfm trees, freed a tree at a time.
#pragma once
#include <cstddef>
#include <vector>

struct cmark_mem;

namespace huizong {

// A piece of a document parsed by cmark-gfm is thousands of small nodes and strings, each
// a calloc, and as many frees when the tree goes (a fifth of a re-render's instructions were
// malloc and free). An arena takes them from large blocks and frees the blocks with the
// tree. cmark-gfm's own arena (cmark_get_arena_mem_allocator) is one for the process, not
// safe on two threads and reset all at once: this one is per tree. cmark_mem carries no
// context, so the arena being filled is the calling thread's (NodeArena::Use); what is
// allocated while none is (the HTML renderer's buffers) comes from the heap and is freed.
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

  // `bytes` (16-byte aligned), uninitialised.
  void* allocate(std::size_t bytes);
  // Whether the block at `p` of `old_bytes`, the last allocated, could grow to `bytes` in place.
  bool extend(void* p, std::size_t old_bytes, std::size_t bytes);

 private:
  std::vector<char*> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace huizong
