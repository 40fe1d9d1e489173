// `huizong watch`: rebuild or re-render whenever inputs, lexicons, templates or styles
// change (inotify), one line per regeneration; errors are printed and the last good
// outputs stay; SIGINT/SIGTERM end it cleanly.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace huizong {

struct WatchTargets {
  std::vector<std::string> input_paths;  // files or directories given on the command line
  std::string lexicons_dir, templates_dir, styles_dir;
};

// What changed since the last regeneration.
struct WatchChange {
  bool inputs = false;             // input files or lexicons: parse again (incremental)
  bool rendering = false;          // templates or styles: render again
  std::vector<std::string> names;  // changed file names, for the log line
};

// Calls `regenerate` after each burst of changes (debounced) until interrupted; returns
// the exit code (0 on SIGINT/SIGTERM).
int watch_loop(const WatchTargets& targets, const std::function<void(const WatchChange&)>& regenerate);

}  // namespace huizong
