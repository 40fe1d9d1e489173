// Work shared out among threads: indices handed out one at a time, so that long and short
// pieces (a report of one line, one of two thousand) balance out.
#pragma once
#include <cstddef>
#include <functional>

namespace huizong {

// Runs work(0 .. count - 1) on `threads` threads (the caller's among them), each taking the
// next index as it finishes one. After an exception no further index starts, and the one
// of the lowest index is rethrown once the others running are done (the one a loop in
// order would meet first). A thread that cannot start leaves its share to the others.
void run_indexed(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work);

}  // namespace huizong
