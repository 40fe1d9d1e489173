// Work shared out among threads: indices handed out one at a time, so that long and short
// pieces (a report of one line, one of two thousand) balance out.
#pragma once
#include <cstddef>
#include <functional>

namespace huizong {

// Runs work(0 .. count - 1) on `threads` threads (the caller's among them), each taking the
// next index as it finishes one. The first exception, by index, is rethrown once all are
// done. A thread that cannot start (a process limit) leaves its share to the others.
void run_indexed(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work);

}  // namespace huizong
