// Benchmark of the scalars batch route's per-series work on the page benchmark's shape: 50
// series of 100,000 float32 training-curve points, windows of 1,300 points (a chart's width).
//
//   cmake -S . -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-rel smoothing_bench
//   ./build-rel/smoothing_bench [--series=50] [--points=100000] [--window=1300] [--repeats=5]
//                               [--logdir=DIR]
//
// With --logdir, the series are every scalar series of DIR as the server loads them (the
// Multiplexer, two threads), e.g. bench/out/page, which page_bench.mjs has load_bench write:
// there they lie in memory as in the server, interleaved with every other series of their run.
//
// Every figure is thread CPU time per stored point, best of the repeats, and its ratio to the
// baseline measured in the same run: summing the same values from plain arrays of doubles (the
// memory traffic any pass over the values costs). A smoothing change costs `smooth at`
// (SmoothScalarSeriesAt) the first time, `smooth kept` once the server keeps the values (its
// ValueCache, filled by the first request of a window, which costs `window+smooth`).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "logreader/multiplexer.h"
#include "logreader/samples_per_plugin.h"
#include "logreader/scalar_series.h"
#include "plugins/scalars_plugin.h"
#include "plugins/scalar_smoothing.h"

namespace {

using tracker::ScalarPoint;
using tracker::ScalarSeries;
using tracker::plugins::SampleScalarSeries;
using tracker::plugins::ScalarWindow;
using tracker::plugins::ScalarWindowOptions;
using tracker::plugins::SmoothScalarSeriesAt;

double ClockSeconds(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
double CpuSeconds() { return ClockSeconds(CLOCK_THREAD_CPUTIME_ID); }
double ProcessCpuSeconds() { return ClockSeconds(CLOCK_PROCESS_CPUTIME_ID); }

struct Options {
  std::string logdir;
  int series = 50;
  int points = 100000;
  int window = 1300;
  int repeats = 5;
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--logdir=")) {
      o.logdir = std::string(arg.substr(9));
      continue;
    }
    int* target = nullptr;
    for (auto [name, field] : {std::pair{"--series=", &o.series}, std::pair{"--points=", &o.points},
                               std::pair{"--window=", &o.window},
                               std::pair{"--repeats=", &o.repeats}}) {
      if (arg.starts_with(name)) {
        target = field;
        *target = std::atoi(argv[i] + std::string_view(name).size());
      }
    }
    if (target == nullptr || *target <= 0) {
      std::fprintf(stderr, "usage: smoothing_bench [--series=N] [--points=N] [--window=N] "
                           "[--repeats=N] [--logdir=DIR]\n");
      std::exit(2);
    }
  }
  return o;
}

// The curves load_bench writes: a decaying loss with gaussian noise, stored as float32. The
// points are appended round-robin over the series, as a loader does, so that each series' chunks
// lie scattered in memory among the others' as they do in the server.
std::vector<ScalarSeries> MakeSeries(int count, int points, std::vector<std::vector<double>>* values) {
  std::vector<ScalarSeries> series(static_cast<size_t>(count));
  values->assign(static_cast<size_t>(count), {});
  std::mt19937_64 rng(0x5eed0000u);
  std::normal_distribution<double> gaussian(0.0, 1.0);
  for (int step = 0; step < points; ++step) {
    for (int s = 0; s < count; ++s) {
      const double amplitude = 1.0 + 0.05 * s;
      const double tau = points / (2.0 + s % 5);
      const double floor = 0.02 * (s % 4);
      const double v = amplitude * std::exp(-step / tau) + floor + 0.02 * amplitude * gaussian(rng);
      const double stored = static_cast<float>(v);
      (*values)[s].push_back(stored);
      series[s].Add({1.7e9 + 3600.0 * s + 0.1 * step, step, stored});
    }
  }
  return series;
}

// Best-of-repeats CPU seconds of body().
template <typename Body>
double Best(int repeats, Body body) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const double start = CpuSeconds();
    body();
    best = std::min(best, CpuSeconds() - start);
  }
  return best;
}

// Every scalar series of a logdir, loaded as the server loads it. The multiplexer is kept (it
// owns the series) and never reloaded, so the series may be read without the runs' locks.
std::vector<const ScalarSeries*> LoadSeries(const std::string& logdir,
                                            std::unique_ptr<tracker::Multiplexer>* keep) {
  auto samples = tracker::SamplesPerPlugin::Parse("");
  *keep = std::make_unique<tracker::Multiplexer>(
      std::vector<tracker::LogdirRoot>{tracker::LogdirRoot{"", std::filesystem::absolute(logdir)}},
      tracker::MultiplexerOptions{*samples, 2});
  (*keep)->Reload();
  std::vector<const ScalarSeries*> series;
  for (const auto& run : (*keep)->Runs()) {
    run->Read([&](const tracker::RunData& data) {
      for (const auto& [name, tag] : data.tags()) {
        if (tag->is_scalar() && tag->scalars != nullptr) series.push_back(tag->scalars.get());
      }
    });
  }
  return series;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseOptions(argc, argv);
  std::vector<std::vector<double>> plain;
  std::vector<ScalarSeries> generated;
  std::unique_ptr<tracker::Multiplexer> multiplexer;
  std::vector<const ScalarSeries*> series;
  if (o.logdir.empty()) {
    generated = MakeSeries(o.series, o.points, &plain);
    for (const ScalarSeries& one : generated) series.push_back(&one);
  } else {
    series = LoadSeries(o.logdir, &multiplexer);
    double block[ScalarSeries::kChunkPoints];
    for (const ScalarSeries* one : series) {
      plain.emplace_back();
      for (size_t b = 0; b < one->value_blocks(); ++b) {
        const size_t n = one->ValueBlock(b, block);
        plain.back().insert(plain.back().end(), block, block + n);
      }
    }
  }
  size_t total_points = 0;
  for (const ScalarSeries* one : series) total_points += one->size();

  ScalarWindowOptions window_options;
  window_options.max_points = static_cast<size_t>(o.window);
  std::vector<std::vector<size_t>> indices;
  for (const ScalarSeries* one : series) {
    indices.push_back(SampleScalarSeries(*one, window_options).indices);
  }

  volatile double sink = 0;  // keeps every pass's result alive
  const double baseline = Best(o.repeats, [&] {
    double sum = 0;
    for (const std::vector<double>& values : plain) {
      for (double v : values) sum += v;
    }
    sink = sum;
  });
  const double copy_values = Best(o.repeats, [&] {
    double block[ScalarSeries::kChunkPoints];
    for (const ScalarSeries* one : series) {
      for (size_t b = 0; b < one->value_blocks(); ++b) one->ValueBlock(b, block);
      sink = block[0];
    }
  });
  double smoothing = 0.9;
  const double smooth_at = Best(o.repeats, [&] {
    smoothing += 0.001;  // a new weight each time, as the slider sends
    for (size_t s = 0; s < series.size(); ++s) {
      sink = SmoothScalarSeriesAt(*series[s], indices[s], smoothing).back();
    }
  });
  // What a smoothing change costs once the values are kept (ValueCache): no decoding.
  std::vector<std::shared_ptr<tracker::plugins::FloatArray>> kept;
  for (const ScalarSeries* one : series) kept.push_back(tracker::plugins::DecodeFloatValues(*one));
  const double smooth_kept = Best(o.repeats, [&] {
    smoothing += 0.001;
    for (size_t s = 0; s < series.size(); ++s) {
      const std::vector<double> smoothed =
          kept[s] == nullptr ? SmoothScalarSeriesAt(*series[s], indices[s], smoothing)
                             : tracker::plugins::SmoothValuesAt(kept[s]->data(), kept[s]->size(),
                                                                indices[s], smoothing);
      sink = smoothed.back();
    }
  });
  // The same after evicting the series from the CPU caches, as when a user moves the slider
  // after looking at the charts for a while: the chunks then come from memory.
  std::vector<uint64_t> evict(64 << 17);  // 64 MiB
  double smooth_at_cold = 1e300;
  for (int r = 0; r < o.repeats; ++r) {
    for (uint64_t& x : evict) x += 1;
    smoothing += 0.001;
    const double start = CpuSeconds();
    for (size_t s = 0; s < series.size(); ++s) {
      sink = SmoothScalarSeriesAt(*series[s], indices[s], smoothing).back();
    }
    smooth_at_cold = std::min(smooth_at_cold, CpuSeconds() - start);
  }
  // Both cores at once, each on every other series, as the server computes a batch: process CPU
  // time (both threads) and wall time.
  double smooth_at_2_cpu = 1e300, smooth_at_2_wall = 1e300;
  for (int r = 0; r < o.repeats; ++r) {
    smoothing += 0.001;
    const double cpu_start = ProcessCpuSeconds();
    const auto wall_start = std::chrono::steady_clock::now();
    auto half = [&](size_t first) {
      for (size_t s = first; s < series.size(); s += 2) {
        sink = SmoothScalarSeriesAt(*series[s], indices[s], smoothing).back();
      }
    };
    std::thread other(half, 1);
    half(0);
    other.join();
    smooth_at_2_wall = std::min(
        smooth_at_2_wall,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
    smooth_at_2_cpu = std::min(smooth_at_2_cpu, ProcessCpuSeconds() - cpu_start);
  }
  const double window_only = Best(o.repeats, [&] {
    for (const ScalarSeries* one : series) {
      sink = static_cast<double>(SampleScalarSeries(*one, window_options).indices.back());
    }
  });
  ScalarWindowOptions smoothed_options = window_options;
  smoothed_options.smoothing = 0.6;
  const double window_smoothed = Best(o.repeats, [&] {
    for (const ScalarSeries* one : series) {
      // The values gathered for the value cache, as the server does.
      tracker::plugins::FloatArray values(one->size());
      sink = SampleScalarSeries(*one, smoothed_options, &values).smoothed.back();
    }
  });

  const double points = static_cast<double>(total_points);
  std::printf("%zu series, %zu points%s%s, windows of %d points; CPU ns per stored point, best of %d\n",
              series.size(), total_points, o.logdir.empty() ? "" : " from ", o.logdir.c_str(),
              o.window, o.repeats);
  auto row = [&](const char* name, double seconds) {
    std::printf("  %-15s %6.2f ns/point  %5.2fx baseline\n", name, seconds * 1e9 / points,
                seconds / baseline);
  };
  row("baseline", baseline);
  row("values only", copy_values);
  row("smooth at", smooth_at);
  row("  cold caches", smooth_at_cold);
  row("  2 threads", smooth_at_2_cpu);
  std::printf("  %-15s %6.2f ns/point  (wall time)\n", "  2 threads", smooth_at_2_wall * 1e9 / points);
  row("smooth kept", smooth_kept);
  row("window", window_only);
  row("window+smooth", window_smoothed);
  return 0;
}
