#include "common/parallel.h"

#include <atomic>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

#include "common/thread_heap.h"

namespace huizong {

void run_indexed(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(count);
  auto loop = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      try {
        work(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned k = 1; k < threads && k < count; ++k) {
    try {
      helpers.emplace_back([&] {
        use_huge_pages_for_thread_heap();
        loop();
      });
    } catch (const std::system_error&) {
      break;
    }
  }
  loop();
  for (std::thread& t : helpers) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace huizong
