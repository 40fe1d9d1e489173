// progress: what a long build is doing, on stderr, while it runs: files parsed of the total,
// reports found, then the outputs written of those to write. Shown only when stderr is a terminal and
// only once the run has taken more than about a second (a quick build stays quiet), one
// line rewritten in place and cleared before the summary. Nothing when stderr is a pipe or
// a file (CI, logs).
#pragma once
#include <chrono>
#include <cstddef>
#include <string>

namespace huizong {

class Progress {
 public:
  // `total`: the files to parse. Shown when stderr is a terminal.
  explicit Progress(std::size_t total);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // One more file parsed (or taken unchanged from the last build), with its reports.
  void file_done(std::size_t reports);
  // Parsing is over; the outputs are being rendered and written.
  void rendering(std::size_t files, std::size_t reports);
  // One more output made (and staged: all are put in place together at the end).
  void output_written(std::size_t written, std::size_t to_write);
  // Clears the line (before the summary and warnings are printed).
  void clear();

 private:
  bool shown_ = false, enabled_ = false;
  std::size_t total_, files_ = 0, reports_ = 0;
  std::chrono::milliseconds quiet_for_;
  std::chrono::steady_clock::time_point start_, last_;

  void show(const std::string& line, bool force);
};

}  // namespace huizong
