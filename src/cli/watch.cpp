#include "cli/watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <vector>

#include "common/error.h"
#include "common/i18n.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_stop{false};  // set by the signal handler only
void on_signal(int) { g_stop = true; }

constexpr int kDebounceMs = 150;  // editors write a file in several steps

enum class Role { input, lexicon, rendering };

struct Watched {
  fs::path dir;
  Role role = Role::input;
  bool whole_dir = false;       // a directory input: every .txt/.docx in it counts
  std::set<std::string> files;  // inputs given as files in this directory
};

// The inotify descriptor and the directories watched on it.
class Watches {
 public:
  explicit Watches(const WatchTargets& t) {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0)
      throw Error(ExitCode::usage, "", 0, _("cannot watch files (inotify unavailable)"),
                  _("use `huizong build` instead"));
    for (const std::string& p : t.input_paths) {
      if (fs::is_directory(p)) {
        add(p, Role::input).whole_dir = true;
      } else {
        fs::path parent = fs::path(p).parent_path();
        add(parent.empty() ? fs::path(".") : parent, Role::input).files.insert(fs::path(p).filename().string());
      }
    }
    add(t.lexicons_dir, Role::lexicon);
    add(t.templates_dir, Role::rendering);
    if (t.styles_dir != t.templates_dir) add(t.styles_dir, Role::rendering);
  }
  ~Watches() { close(fd_); }
  Watches(const Watches&) = delete;
  Watches& operator=(const Watches&) = delete;

  int fd() const { return fd_; }

  // Adds what the event says changed to `pending`; false for an event that is noise.
  bool note(const inotify_event& ev, WatchChange& pending) {
    if (ev.mask & IN_Q_OVERFLOW) {  // events were lost: anything may have changed
      pending.inputs = pending.rendering = true;
      add_name(pending, "?");
      return true;
    }
    if (ev.mask & IN_MOVE_SELF) inotify_rm_watch(fd_, ev.wd);  // moved away: gone from its path (IN_IGNORED follows)
    if (ev.mask & IN_IGNORED) return lose(ev.wd, pending);
    if (ev.len == 0) return false;
    std::string name = ev.name;
    // Editors' temporary and backup files (.x.swp, x~, .#x, our own .x.XXXXXX) are noise.
    if (name.starts_with(".") || name.ends_with("~") || name.starts_with("#")) return false;
    auto it = watched_.find(ev.wd);
    if (it == watched_.end() || !counts(it->second, name)) return false;
    (it->second.role == Role::rendering ? pending.rendering : pending.inputs) = true;
    add_name(pending, name);
    return true;
  }

  // Watches again the folders that were deleted (or moved away) once they are back at
  // their path; each one back counts as changed (its files may all be new).
  bool revive(WatchChange& pending) {
    bool any = false;
    for (auto it = lost_.begin(); it != lost_.end();) {
      int wd = fs::is_directory(it->dir) ? inotify_add_watch(fd_, it->dir.c_str(), kEvents) : -1;
      if (wd < 0) {
        ++it;
        continue;
      }
      (it->role == Role::rendering ? pending.rendering : pending.inputs) = true;
      add_name(pending, it->dir.string());
      watched_[wd] = std::move(*it);
      it = lost_.erase(it);
      any = true;
    }
    return any;
  }

 private:
  int fd_ = -1;
  std::map<int, Watched> watched_;  // by watch descriptor
  std::vector<Watched> lost_;       // folders deleted or moved away, watched again when back
  static constexpr uint32_t kEvents =
      IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVE_SELF;

  static void add_name(WatchChange& pending, const std::string& name) {
    if (std::find(pending.names.begin(), pending.names.end(), name) == pending.names.end())
      pending.names.push_back(name);
  }

  // The folder of watch `wd` is gone: what it held changed (the regeneration says what is
  // missing), and it is watched again when it comes back (revive).
  bool lose(int wd, WatchChange& pending) {
    auto it = watched_.find(wd);
    if (it == watched_.end()) return false;
    (it->second.role == Role::rendering ? pending.rendering : pending.inputs) = true;
    add_name(pending, it->second.dir.string());
    lost_.push_back(std::move(it->second));
    watched_.erase(it);
    return true;
  }

  Watched& add(const fs::path& dir, Role role) {
    int wd = inotify_add_watch(fd_, dir.c_str(), kEvents);
    if (wd < 0)
      throw Error(ExitCode::input, dir.string(), 0, _("cannot watch this directory"),
                  _("check that it exists and is readable"));
    Watched& w = watched_[wd];  // the same directory twice gives the same descriptor
    w.dir = dir;
    w.role = role;
    return w;
  }

  // Whether a change of file `name` in a directory watched as `w` calls for a regeneration.
  static bool counts(const Watched& w, const std::string& name) {
    switch (w.role) {
      case Role::input: {
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        bool document = lower.ends_with(".txt") || lower.ends_with(".docx");
        return w.files.count(name) || (w.whole_dir && document);
      }
      case Role::lexicon:
        return name.ends_with(".json");
      case Role::rendering:
        // Templates, partials, the workbook spec and styles; not editors' scratch files.
        return name.ends_with(".mustache") || name.ends_with(".css") || name.ends_with(".json");
    }
    return false;
  }
};

}  // namespace

int watch_loop(const WatchTargets& t, const std::function<void(const WatchChange&)>& regenerate) {
  Watches watches(t);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  WatchChange pending;
  bool have_pending = false;
  alignas(inotify_event) char buf[16384];
  while (!g_stop) {
    pollfd p{watches.fd(), POLLIN, 0};
    have_pending = watches.revive(pending) || have_pending;
    int ready = poll(&p, 1, have_pending ? kDebounceMs : 500);
    if (ready < 0) continue;  // EINTR: the loop condition checks g_stop
    if (ready == 0) {
      if (have_pending) {
        regenerate(pending);
        pending = {};
        have_pending = false;
      }
      continue;
    }
    ssize_t n;
    while ((n = read(watches.fd(), buf, sizeof buf)) > 0)
      for (char* ptr = buf; ptr < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(ptr);
        ptr += sizeof(inotify_event) + ev->len;
        have_pending = watches.note(*ev, pending) || have_pending;
      }
  }
  std::fprintf(stderr, "huizong: %s\n", _("stopped watching"));
  return 0;
}

}  // namespace huizong
