#include "logreader/multiplexer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <system_error>

namespace tracker {

Multiplexer::Multiplexer(std::vector<LogdirRoot> roots, MultiplexerOptions options)
    : roots_(std::move(roots)),
      options_(std::move(options)),
      root_missing_logged_(roots_.size(), false) {}

Multiplexer::~Multiplexer() { Stop(); }

void Multiplexer::Reload() {
  std::lock_guard pass(reload_mu_);

  // Discovery. The last root wins a run-name collision, as in TensorBoard.
  std::map<std::string, DiscoveredRun> found;
  for (size_t i = 0; i < roots_.size(); ++i) {
    std::vector<std::string> warnings;
    std::error_code ec;
    const bool exists = std::filesystem::is_directory(roots_[i].path, ec);
    if (!exists) {
      if (!root_missing_logged_[i]) {
        spdlog::warn("logdir {} does not exist yet; waiting for it to appear",
                     roots_[i].path.string());
        root_missing_logged_[i] = true;
      }
      continue;
    }
    if (root_missing_logged_[i]) {
      spdlog::info("logdir {} appeared", roots_[i].path.string());
      root_missing_logged_[i] = false;
    }
    for (DiscoveredRun& run : DiscoverRuns(roots_[i], &warnings)) {
      found[run.name] = std::move(run);
    }
    for (const std::string& w : warnings) spdlog::warn("{}", w);
  }

  std::vector<std::pair<std::shared_ptr<Run>, const DiscoveredRun*>> work;
  {
    std::unique_lock lock(runs_mu_);
    for (auto it = runs_.begin(); it != runs_.end();) {
      std::error_code ec;
      if (!found.count(it->first) && !std::filesystem::is_directory(it->second->dir(), ec)) {
        spdlog::info("run '{}' is gone: its directory was removed", it->first);
        it = runs_.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& [name, discovered] : found) {
      auto& run = runs_[name];
      if (run == nullptr || run->dir() != discovered.dir) {
        run = std::make_shared<Run>(name, discovered.dir, &options_.samples);
      }
      work.emplace_back(run, &discovered);
    }
  }

  // Parallelism comes from runs: each worker takes whole runs from a shared counter.
  int threads = options_.num_threads > 0 ? options_.num_threads
                                         : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, std::max<int>(1, static_cast<int>(work.size())));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < work.size(); i = next++) {
      work[i].first->Poll(work[i].second->event_files);
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  ++generation_;
}

void Multiplexer::StartReloading(double interval_secs) {
  reload_thread_ = std::thread([this, interval_secs] { ReloadLoop(interval_secs); });
}

void Multiplexer::ReloadLoop(double interval_secs) {
  bool first = true;
  while (true) {
    Reload();
    std::unique_lock lock(stop_mu_);
    if (first) {
      first_load_done_ = true;
      stop_cv_.notify_all();
      first = false;
    }
    if (interval_secs <= 0) return;
    const auto wait = std::chrono::duration<double>(interval_secs);
    if (stop_cv_.wait_for(lock, wait, [this] { return stopping_; })) return;
  }
}

void Multiplexer::WaitForFirstLoad() {
  std::unique_lock lock(stop_mu_);
  stop_cv_.wait(lock, [this] { return first_load_done_ || stopping_; });
}

void Multiplexer::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
    stop_cv_.notify_all();
  }
  if (reload_thread_.joinable()) reload_thread_.join();
}

std::vector<std::shared_ptr<const Run>> Multiplexer::Runs() const {
  std::vector<std::pair<std::optional<double>, std::shared_ptr<const Run>>> keyed;
  {
    std::shared_lock lock(runs_mu_);
    for (const auto& [name, run] : runs_) {
      keyed.emplace_back(run->Read([](const RunData& d) { return d.first_event_wall_time(); }),
                         run);
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (a.first.has_value() != b.first.has_value()) return a.first.has_value();
    if (a.first && *a.first != *b.first) return *a.first < *b.first;
    return a.second->name() < b.second->name();
  });
  std::vector<std::shared_ptr<const Run>> out;
  out.reserve(keyed.size());
  for (auto& [t, run] : keyed) out.push_back(std::move(run));
  return out;
}

std::shared_ptr<const Run> Multiplexer::FindRun(std::string_view name) const {
  std::shared_lock lock(runs_mu_);
  auto it = runs_.find(name);
  return it == runs_.end() ? nullptr : it->second;
}

}  // namespace tracker
