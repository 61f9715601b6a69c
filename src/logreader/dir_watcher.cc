#include "logreader/dir_watcher.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <thread>

namespace tracker {
namespace {
constexpr uint32_t kMask = IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                           IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
}  // namespace

DirWatcher::DirWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (fd_ < 0) {
    spdlog::info("inotify unavailable ({}); relying on polling", std::strerror(errno));
  }
}

DirWatcher::~DirWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

void DirWatcher::Sync(const std::vector<std::filesystem::path>& dirs) {
  if (fd_ < 0) return;
  const std::set<std::filesystem::path> wanted(dirs.begin(), dirs.end());
  for (auto it = watches_.begin(); it != watches_.end();) {
    if (!wanted.count(it->first)) {
      inotify_rm_watch(fd_, it->second);  // may fail if the directory is gone: harmless
      it = watches_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& dir : wanted) {
    if (watches_.count(dir)) continue;
    const int wd = inotify_add_watch(fd_, dir.c_str(), kMask);
    if (wd >= 0) {
      watches_.emplace(dir, wd);
    } else if (errno == ENOSPC && !limit_warned_) {
      spdlog::warn("inotify watch limit reached ({} directories watched); the rest of the "
                   "logdir is polled. Raise fs.inotify.max_user_watches for faster updates",
                   watches_.size());
      limit_warned_ = true;
    }
  }
}

bool DirWatcher::Wait(std::chrono::milliseconds timeout) {
  if (fd_ < 0) {
    std::this_thread::sleep_for(timeout);
    return false;
  }
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return false;
  alignas(inotify_event) char buf[16384];
  bool changed = false;
  while (true) {
    const ssize_t n = ::read(fd_, buf, sizeof(buf));
    if (n <= 0) break;  // EAGAIN: drained
    changed = true;
  }
  return changed;
}

}  // namespace tracker
