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

  void Poll(const std::vector<std::filesystem::path>& event_files) {
    std::lock_guard lock(loader_mu_);
    loader_.Poll(event_files, &mu_, &data_);
  }

 private:
  const std::string name_;
  const std::filesystem::path dir_;
  mutable std::shared_mutex mu_;
  RunData data_;
  mutable std::mutex loader_mu_;
  RunLoader loader_;
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
  // with interval 0 it loads once. Stop() (or the destructor) ends it.
  void StartReloading(double interval_secs);
  void Stop();
  // Blocks until the first pass of the reload thread has finished.
  void WaitForFirstLoad();

  // Runs ordered as /data/runs orders them: by first event time, then name; runs with no
  // event yet last.
  std::vector<std::shared_ptr<const Run>> Runs() const;
  std::shared_ptr<const Run> FindRun(std::string_view name) const;
  const std::vector<LogdirRoot>& roots() const { return roots_; }
  // Number of reload passes finished.
  uint64_t generation() const { return generation_.load(); }

 private:
  void ReloadLoop(double interval_secs);

  const std::vector<LogdirRoot> roots_;
  const MultiplexerOptions options_;

  mutable std::shared_mutex runs_mu_;
  std::map<std::string, std::shared_ptr<Run>, std::less<>> runs_;  // guarded by runs_mu_

  std::mutex reload_mu_;  // one pass at a time
  std::vector<bool> root_missing_logged_;

  std::atomic<uint64_t> generation_{0};
  std::thread reload_thread_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  bool first_load_done_ = false;
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_MULTIPLEXER_H_
