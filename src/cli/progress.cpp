#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

#include "common/i18n.h"

namespace huizong {

namespace {

// Quiet for a run shorter than this; then at most one update per kRefresh.
constexpr std::chrono::milliseconds kQuietFor{1000}, kRefresh{100};

}  // namespace

Progress::Progress(std::size_t total)
    : enabled_(::isatty(STDERR_FILENO) == 1), total_(total), start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() { clear(); }

void Progress::file_done(std::size_t reports) {
  ++files_;
  reports_ += reports;
  if (enabled_) show(tr("parsed {} of {} file(s), {} report(s) found", files_, total_, reports_), files_ == total_);
}

void Progress::rendering(std::size_t files, std::size_t reports) {
  if (enabled_) show(tr("parsed {} file(s), {} report(s); rendering the outputs…", files, reports), true);
}

void Progress::show(const std::string& line, bool force) {
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < kQuietFor || (!force && now - last_ < kRefresh)) return;
  last_ = now;
  // \r and "erase to the end of the line": the line is rewritten in place.
  std::fprintf(stderr, "\rhuizong: %s\033[K", line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void Progress::clear() {
  if (!shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace huizong
