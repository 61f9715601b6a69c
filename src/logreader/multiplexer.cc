#include "logreader/multiplexer.h"

#include "logreader/dir_watcher.h"

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
  std::vector<std::filesystem::path> visited;
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
    for (DiscoveredRun& run : DiscoverRuns(roots_[i], &warnings, &visited)) {
      found[run.name] = std::move(run);
    }
    for (const std::string& w : warnings) spdlog::warn("{}", w);
  }

  // Missing roots are watched through their nearest existing parent, so they are noticed too.
  for (const auto& root : roots_) {
    std::error_code ec;
    for (auto p = root.path; !p.empty() && p != p.parent_path(); p = p.parent_path()) {
      if (std::filesystem::is_directory(p, ec)) {
        if (p != root.path) visited.push_back(p);
        break;
      }
    }
  }
  watched_dirs_ = std::move(visited);

  std::vector<std::pair<std::shared_ptr<Run>, const DiscoveredRun*>> work;
  bool changed = false;
  {
    std::unique_lock lock(runs_mu_);
    for (auto it = runs_.begin(); it != runs_.end();) {
      std::error_code ec;
      if (!found.count(it->first) && !std::filesystem::is_directory(it->second->dir(), ec)) {
        spdlog::info("run '{}' is gone: its directory was removed", it->first);
        std::lock_guard removed(removed_mu_);
        removed_runs_.emplace_back(++sequence_, it->first);
        it = runs_.erase(it);
        changed = true;
      } else {
        ++it;
      }
    }
    for (const auto& [name, discovered] : found) {
      auto& run = runs_[name];
      if (run == nullptr || run->dir() != discovered.dir) {
        run = std::make_shared<Run>(name, discovered.dir, &options_.samples);
        run->set_created_seq(++sequence_);
        changed = true;
      }
      work.emplace_back(run, &discovered);
    }
  }

  // Parallelism comes from runs: each worker takes whole runs from a shared counter, biggest
  // first, so that one large run does not finish alone at the end of the first load.
  std::vector<uint64_t> bytes(work.size(), 0);
  for (size_t i = 0; i < work.size(); ++i) {
    for (const auto& f : work[i].second->event_files) {
      std::error_code ec;
      const uintmax_t size = std::filesystem::file_size(f, ec);
      if (!ec) bytes[i] += size;
    }
  }
  std::vector<size_t> order(work.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bytes[a] > bytes[b]; });
  int threads = options_.num_threads > 0 ? options_.num_threads
                                         : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, std::max<int>(1, static_cast<int>(work.size())));
  std::atomic<size_t> next{0};
  std::atomic<bool> read_something{false};
  auto worker = [&] {
    for (size_t k = next++; k < work.size() && !cancel_.load(); k = next++) {
      const auto& [run, discovered] = work[order[k]];
      if (run->Poll(discovered->event_files, &sequence_, &cancel_)) read_something = true;
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (changed || read_something) generation_ = sequence_.load();
}

StoreChanges Multiplexer::ChangesSince(uint64_t since) const {
  StoreChanges changes;
  changes.generation = generation_.load();
  {
    std::shared_lock lock(runs_mu_);
    for (const auto& [name, run] : runs_) {
      std::vector<std::string> tags = run->Read([&](const RunData& data) {
        std::vector<std::string> changed;
        for (const auto& [tag_name, tag] : data.tags()) {
          if (tag->modified_seq > since) changed.push_back(tag_name);
        }
        return changed;
      });
      if (!tags.empty() || run->created_seq() > since) changes.runs[name] = std::move(tags);
    }
  }
  std::lock_guard lock(removed_mu_);
  for (const auto& [seq, name] : removed_runs_) {
    if (seq > since) changes.removed_runs.push_back(name);
  }
  return changes;
}

void Multiplexer::StartReloading(double interval_secs) {
  reload_thread_ = std::thread([this, interval_secs] { ReloadLoop(interval_secs); });
}

void Multiplexer::ReloadLoop(double interval_secs) {
  using Clock = std::chrono::steady_clock;
  DirWatcher watcher;
  bool first = true;
  while (true) {
    Reload();
    {
      std::lock_guard lock(stop_mu_);
      if (first) {
        first_load_done_ = true;
        stop_cv_.notify_all();
        first = false;
      }
      if (interval_secs <= 0 || stopping_) return;
    }
    watcher.Sync(watched_dirs_);
    // Wait for the poll interval, a change on disk, or Stop(), checking Stop() often.
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(interval_secs));
    while (Clock::now() < deadline) {
      {
        std::lock_guard lock(stop_mu_);
        if (stopping_) return;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (watcher.Wait(std::min(left, std::chrono::milliseconds(100)))) {
        // Let a burst of writes settle so one pass picks them all up.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        watcher.Wait(std::chrono::milliseconds(0));
        break;
      }
    }
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
    cancel_ = true;
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
