// RunLoader: follows every event file of one run directory, in name order, into its RunData.
#ifndef TRACKER_LOGREADER_RUN_LOADER_H_
#define TRACKER_LOGREADER_RUN_LOADER_H_

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <shared_mutex>
#include <vector>

#include "logreader/event_file_loader.h"
#include "logreader/run_data.h"

namespace tracker {

class RunLoader {
 public:
  // Records read per batch: the run's lock is held for one batch at a time, so readers wait at
  // most a few milliseconds while a big file loads, and see its data grow.
  static constexpr size_t kRecordsPerBatch = 1 << 16;

  explicit RunLoader(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Brings the followed files in line with `event_files` (the run's loadable event files,
  // sorted), then reads each, in name order, until it has nothing more for now. Files that
  // vanished are dropped (their data stays); a file replaced under the same name, or truncated
  // below what was read, is read again from its start. `mu` guards `data` and is taken
  // exclusively once per batch, and each batch is stamped with a new number from `sequence`.
  // Returns true if anything was read. Only one thread may poll a RunLoader at a time.
  // `cancel`, if set, stops the poll between batches (shutdown); the next poll goes on where
  // this one stopped.
  bool Poll(const std::vector<std::filesystem::path>& event_files, std::shared_mutex* mu,
            RunData* data, std::atomic<uint64_t>* sequence,
            const std::atomic<bool>* cancel = nullptr);

  // Per-file counts, in name order, with paths relative to the run directory.
  std::vector<EventFileStats> FileStats() const;

 private:
  struct FollowedFile {
    std::unique_ptr<EventFileLoader> loader;
    dev_t dev = 0;
    ino_t ino = 0;
  };

  std::filesystem::path dir_;
  std::map<std::filesystem::path, FollowedFile> files_;  // ordered by name
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_RUN_LOADER_H_
