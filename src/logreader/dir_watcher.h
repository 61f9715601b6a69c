// DirWatcher: inotify on the logdir's directories, so new runs, files and bytes are loaded
// within a fraction of a second instead of at the next poll.
#ifndef TRACKER_LOGREADER_DIR_WATCHER_H_
#define TRACKER_LOGREADER_DIR_WATCHER_H_

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tracker {

// Not thread-safe: the reload thread owns it. Where inotify is unavailable (or a filesystem
// does not report changes, like NFS), Wait simply times out and polling carries on.
class DirWatcher {
 public:
  DirWatcher();
  ~DirWatcher();
  DirWatcher(const DirWatcher&) = delete;
  DirWatcher& operator=(const DirWatcher&) = delete;

  bool available() const { return fd_ >= 0; }

  // Watches exactly `dirs` from now on: adds new ones, drops the others.
  void Sync(const std::vector<std::filesystem::path>& dirs);

  // Blocks until something changed in a watched directory (a file written, created, moved or
  // deleted) or `timeout` passed. Returns true on a change; drains all pending events.
  bool Wait(std::chrono::milliseconds timeout);

  size_t watched() const { return watches_.size(); }

 private:
  int fd_ = -1;
  std::map<std::filesystem::path, int> watches_;  // path -> watch descriptor
  bool limit_warned_ = false;
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_DIR_WATCHER_H_
