#include "common/parallel.h"

#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "common/thread_heap.h"

namespace huizong {

void run_indexed(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(count);
  // After a failure no index is handed out any more; those handed out before are all lower
  // (they go in order) and finish, so the error kept is the one a loop in order meets first.
  auto loop = [&] {
    for (std::size_t i; !failed.load() && (i = next.fetch_add(1)) < count;) {
      try {
        work(i);
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(threads);
  for (unsigned k = 1; k < threads && k < count; ++k) {
    try {
      helpers.emplace_back([&] {
        use_huge_pages_for_thread_heap();
        loop();
      });
    } catch (...) {  // a process or memory limit (system_error, bad_alloc): fewer threads
      break;
    }
  }
  loop();
  for (std::thread& t : helpers) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace huizong
