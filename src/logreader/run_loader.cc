#include "logreader/run_loader.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <mutex>
#include <set>

namespace tracker {

bool RunLoader::Poll(const std::vector<std::filesystem::path>& event_files,
                     std::shared_mutex* mu, RunData* data, std::atomic<uint64_t>* sequence,
                     const std::atomic<bool>* cancel) {
  bool changed = false;
  const std::set<std::filesystem::path> present(event_files.begin(), event_files.end());
  for (auto it = files_.begin(); it != files_.end();) {
    it = present.count(it->first) ? std::next(it) : files_.erase(it);
  }

  for (const auto& path : event_files) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) break;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) continue;  // gone since the listing; next poll drops it
    FollowedFile& f = files_[path];
    if (f.loader == nullptr) {
      f.loader = std::make_unique<EventFileLoader>(path);
    } else if (f.dev != st.st_dev || f.ino != st.st_ino ||
               static_cast<uint64_t>(st.st_size) < f.loader->offset()) {
      // A new file under the same name (log rotation, a re-run that rewrote it) or one cut
      // short: what is in it now is unread data.
      spdlog::warn("{} was replaced or truncated; reading it again from the start",
                   path.string());
      f.loader = std::make_unique<EventFileLoader>(path);
    }
    f.dev = st.st_dev;
    f.ino = st.st_ino;

    bool more = true;
    while (more && !(cancel != nullptr && cancel->load(std::memory_order_relaxed))) {
      std::unique_lock lock(*mu);
      data->set_sequence(++*sequence);
      const EventFileLoader::BatchResult batch = f.loader->ReadBatch(data, kRecordsPerBatch);
      more = batch.more;
      changed |= batch.consumed > 0;
    }
  }
  return changed;
}

std::vector<EventFileStats> RunLoader::FileStats() const {
  std::vector<EventFileStats> out;
  for (const auto& [path, f] : files_) {
    EventFileStats s = f.loader->Stats();
    s.path = path.lexically_relative(dir_);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tracker
