#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "common/i18n.h"

namespace huizong {

namespace {

// Quiet for a run shorter than this; then at most one update per kRefresh.
constexpr std::chrono::milliseconds kQuietFor{1000}, kRefresh{100};

// HUIZONG_PROGRESS_AFTER_MS (tests only): the quiet time, so that a test on a fast machine
// need not make a build last a second.
std::chrono::milliseconds quiet_for() {
  const char* v = std::getenv("HUIZONG_PROGRESS_AFTER_MS");
  if (!v || !*v) return kQuietFor;
  char* end = nullptr;
  long ms = std::strtol(v, &end, 10);
  return *end == '\0' && ms >= 0 ? std::chrono::milliseconds(ms) : kQuietFor;
}

}  // namespace

Progress::Progress(std::size_t total)
    : enabled_(::isatty(STDERR_FILENO) == 1),
      total_(total),
      quiet_for_(quiet_for()),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { clear(); }

void Progress::file_done(std::size_t reports) {
  ++files_;
  reports_ += reports;
  if (enabled_) show(tr("parsed {} of {} file(s), {} report(s) found", files_, total_, reports_), files_ == total_);
}

void Progress::rendering(std::size_t files, std::size_t reports) {
  files_ = files;
  reports_ = reports;
  if (enabled_) show(tr("parsed {} file(s), {} report(s); rendering the outputs…", files, reports), true);
}

void Progress::output_written(std::size_t written, std::size_t to_write) {
  if (enabled_)
    show(tr("parsed {} file(s), {} report(s); rendering the outputs: {} of {} written", files_, reports_, written,
            to_write),
         true);
}

void Progress::show(const std::string& line, bool force) {
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < quiet_for_ || (!force && now - last_ < kRefresh)) return;
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
