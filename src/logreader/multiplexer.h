// Multiplexer: the in-memory store of every run under the logdir roots, and the reload loop
// that discovers runs and loads them in parallel while serving threads read.
#ifndef TRACKER_LOGREADER_MULTIPLEXER_H_
#define TRACKER_LOGREADER_MULTIPLEXER_H_

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "logreader/logdir.h"
#include "logreader/run_data.h"
#include "logreader/run_loader.h"
#include "logreader/samples_per_plugin.h"

namespace tracker {

// One run: its data, guarded by `mu`, and its loader.
//
// Lock order: Multiplexer::runs_mu_ before Run::mu. Readers take `mu` shared; the loader takes
// it exclusively for one batch of records at a time. `loader_mu` serialises polls of the run
// and is never taken by readers.
class Run {
 public:
  Run(std::string name, std::filesystem::path dir, const SamplesPerPlugin* samples)
      : name_(std::move(name)), dir_(std::move(dir)), data_(samples), loader_(dir_) {}

  const std::string& name() const { return name_; }
  const std::filesystem::path& dir() const { return dir_; }

  // Calls f(const RunData&) under the shared lock.
  template <typename F>
  auto Read(F&& f) const {
    std::shared_lock lock(mu_);
    return f(data_);
  }

  std::vector<EventFileStats> FileStats() const {
    std::lock_guard lock(loader_mu_);
    return loader_.FileStats();
  }

  // Returns true if anything was read.
  bool Poll(const std::vector<std::filesystem::path>& event_files,
            std::atomic<uint64_t>* sequence, const std::atomic<bool>* cancel = nullptr) {
    std::lock_guard lock(loader_mu_);
    return loader_.Poll(event_files, &mu_, &data_, sequence, cancel);
  }

  // The change sequence number at which the run was discovered.
  uint64_t created_seq() const { return created_seq_; }
  void set_created_seq(uint64_t seq) { created_seq_ = seq; }

 private:
  const std::string name_;
  const std::filesystem::path dir_;
  mutable std::shared_mutex mu_;
  RunData data_;
  mutable std::mutex loader_mu_;
  RunLoader loader_;
  uint64_t created_seq_ = 0;
};

// What changed in the store since a generation: runs added or with new data (and which of their
// tags), and runs removed.
struct StoreChanges {
  uint64_t generation = 0;  // pass this back to ask for the next changes
  std::map<std::string, std::vector<std::string>> runs;  // run -> changed tags (sorted)
  std::vector<std::string> removed_runs;
};

struct MultiplexerOptions {
  SamplesPerPlugin samples;
  // Loader threads; 0 means one per core.
  int num_threads = 0;
};

class Multiplexer {
 public:
  Multiplexer(std::vector<LogdirRoot> roots, MultiplexerOptions options);
  ~Multiplexer();
  Multiplexer(const Multiplexer&) = delete;
  Multiplexer& operator=(const Multiplexer&) = delete;

  // One pass: discovers the runs under every root (dropping runs whose directory is gone),
  // then polls every run until each file has nothing more for now, runs in parallel. Runs are
  // visible to readers as soon as they are discovered, and their data as it loads.
  void Reload();

  // Starts a thread that calls Reload() now and then `interval_secs` after each pass ends;
  // with interval 0 it loads once. Local directories are also watched with inotify, so a change
  // triggers a pass within a fraction of a second; polling stays as the fallback for
  // filesystems that report nothing. Stop() (or the destructor) ends it.
  void StartReloading(double interval_secs);
  void Stop();
  // Blocks until the first pass of the reload thread has finished.
  void WaitForFirstLoad();

  // Runs ordered as /data/runs orders them: by first event time, then name; runs with no
  // event yet last.
  std::vector<std::shared_ptr<const Run>> Runs() const;
  std::shared_ptr<const Run> FindRun(std::string_view name) const;
  const std::vector<LogdirRoot>& roots() const { return roots_; }
  // Changes when data, runs or tags change (not on passes that found nothing new).
  uint64_t generation() const { return generation_.load(); }
  // A counter that moves with every change to the store (a batch read, a run found or
  // dropped), bumped while the changed run is locked: whoever reads it before reading the
  // store sees at least the data up to that value. A cache keyed on it is never stale.
  uint64_t stamp() const { return sequence_.load(); }
  // Which runs and tags changed after `since` (a generation() value).
  StoreChanges ChangesSince(uint64_t since) const;

 private:
  void ReloadLoop(double interval_secs);

  const std::vector<LogdirRoot> roots_;
  const MultiplexerOptions options_;

  mutable std::shared_mutex runs_mu_;
  std::map<std::string, std::shared_ptr<Run>, std::less<>> runs_;  // guarded by runs_mu_

  std::mutex reload_mu_;  // one pass at a time
  std::vector<bool> root_missing_logged_;

  std::atomic<uint64_t> sequence_{0};    // stamps batches and discoveries
  std::atomic<uint64_t> generation_{0};  // the sequence of the last change
  std::vector<std::filesystem::path> watched_dirs_;  // every directory of the last walk
  mutable std::mutex removed_mu_;
  std::vector<std::pair<uint64_t, std::string>> removed_runs_;  // (seq, name), guarded
  std::thread reload_thread_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  // Set by Stop(): a reload pass in progress ends between batches instead of loading on.
  std::atomic<bool> cancel_{false};
  bool first_load_done_ = false;
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_MULTIPLEXER_H_
