// Benchmark of ScalarSeries: append and decode speed, and resident bytes per stored point.
//
// Build by hand (not in CMake yet):
//   g++ -std=c++20 -O2 -DNDEBUG -Isrc bench/scalar_series_bench.cc \
//       src/logreader/scalar_series.cc src/logreader/chunk_pool.cc src/logreader/python_random.cc \
//       -o /tmp/scalar_series_bench
// Run: scalar_series_bench [total_points=20000000] [series=400] [mode=compressed|vector]
// "vector" stores the same points in std::vector<ScalarPoint> per series, for comparison.
// Each run is a separate process so that peak RSS (VmHWM) belongs to one mode only.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "logreader/scalar_series.h"

namespace {

using tracker::ScalarPoint;
using tracker::ScalarSeries;

// Resident set figures from /proc/self/status, in bytes.
size_t ProcStatusBytes(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key, 0) == 0)
      return std::strtoull(line.c_str() + std::strlen(key), nullptr, 10) * 1024;
  }
  return 0;
}

// Thread CPU time rather than wall time: the figures stay meaningful on a busy machine.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Realistic inputs, precomputed into a small ring so that generating them costs ~nothing inside
// the timed loop: wall-time increments of 0.1 s plus up to 1 ms of jitter, and a decaying float32
// loss with 5% noise.
constexpr size_t kRing = 1 << 16;
struct Inputs {
  std::vector<double> wall_delta = std::vector<double>(kRing);
  std::vector<double> value = std::vector<double>(kRing);
  Inputs() {
    uint64_t x = 88172645463325252ull;
    auto next = [&x] {  // xorshift64
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      return static_cast<double>(x >> 11) / 9007199254740992.0;
    };
    for (size_t i = 0; i < kRing; ++i) {
      wall_delta[i] = 0.1 + next() * 1e-3;
      const double noise = (next() + next() + next() - 1.5) * 0.1;
      value[i] = static_cast<float>(2.0 * std::exp(-static_cast<double>(i) / 20000) * (1 + noise));
    }
  }
};

template <typename Store, typename AddFn>
void Run(const char* mode, size_t total, size_t series_count, AddFn add) {
  const Inputs inputs;
  const size_t rss_before = ProcStatusBytes("VmRSS:");
  std::vector<Store> series(series_count);
  std::vector<double> walls(series_count, 1.7e9);
  const size_t per_series = total / series_count;

  // Round-robin over the series, as a loader appends one event per tag in turn.
  const double start = CpuSeconds();
  for (size_t i = 0; i < per_series; ++i) {
    const size_t r = i & (kRing - 1);
    for (size_t s = 0; s < series_count; ++s) {
      walls[s] += inputs.wall_delta[(r + s) & (kRing - 1)];
      add(series[s],
          ScalarPoint{walls[s], static_cast<int64_t>(i), inputs.value[(r + 7 * s) & (kRing - 1)]});
    }
  }
  const double append_seconds = CpuSeconds() - start;
  const size_t points = per_series * series_count;

  // Decode everything once (what a full scalars request does).
  const double decode_start = CpuSeconds();
  double checksum = 0;
  for (const Store& one : series) {
    if constexpr (std::is_same_v<Store, ScalarSeries>) {
      one.ForEach([&checksum](const ScalarPoint& p) { checksum += p.value; });
    } else {
      for (const ScalarPoint& p : one) checksum += p.value;
    }
  }
  const double decode_seconds = CpuSeconds() - decode_start;

  // The value column alone (what smoothing reads), block by block.
  double values_seconds = 0;
  if constexpr (std::is_same_v<Store, ScalarSeries>) {
    double block[ScalarSeries::kChunkPoints];
    const double values_start = CpuSeconds();
    for (const Store& one : series) {
      for (size_t b = 0; b < one.value_blocks(); ++b) one.ValueBlock(b, block);
      checksum -= block[0];
    }
    values_seconds = CpuSeconds() - values_start;
  }

  size_t owned = 0;
  for (const Store& one : series) {
    if constexpr (std::is_same_v<Store, ScalarSeries>) {
      owned += one.MemoryBytes();
    } else {
      owned += one.capacity() * sizeof(ScalarPoint);
    }
  }
  const size_t peak = ProcStatusBytes("VmHWM:");
  std::printf(
      "%-10s %zu series x %zu points = %zu points\n"
      "  append      %6.2f ns/point\n"
      "  decode      %6.2f ns/point (checksum %.6g)\n"
      "  values only %6.2f ns/point (ValueBlock)\n"
      "  owned       %6.2f bytes/point (MemoryBytes)\n"
      "  rss growth  %6.2f bytes/point (VmRSS after - before loading)\n"
      "  peak rss    %6.2f bytes/point (whole-process VmHWM %.1f MiB)\n",
      mode, series_count, per_series, points, append_seconds * 1e9 / static_cast<double>(points),
      decode_seconds * 1e9 / static_cast<double>(points), checksum,
      values_seconds * 1e9 / static_cast<double>(points),
      static_cast<double>(owned) / static_cast<double>(points),
      static_cast<double>(ProcStatusBytes("VmRSS:") - rss_before) / static_cast<double>(points),
      static_cast<double>(peak) / static_cast<double>(points),
      static_cast<double>(peak) / (1024.0 * 1024.0));
}

}  // namespace

int main(int argc, char** argv) {
  const size_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000000;
  const size_t series = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 400;
  const std::string mode = argc > 3 ? argv[3] : "compressed";
  if (mode == "vector") {
    Run<std::vector<ScalarPoint>>(
        "vector", total, series,
        [](std::vector<ScalarPoint>& v, const ScalarPoint& p) { v.push_back(p); });
  } else if (mode == "none") {
    // Only the input generation and the loop, to subtract from the figures above.
    struct Sink {
      double sum = 0;
      const ScalarPoint* begin() const { return nullptr; }
      const ScalarPoint* end() const { return nullptr; }
      size_t capacity() const { return 0; }
    };
    Run<Sink>("none", total, series, [](Sink& sink, const ScalarPoint& p) {
      sink.sum += p.value + p.wall_time + static_cast<double>(p.step);
    });
  } else {
    Run<ScalarSeries>("compressed", total, series,
                      [](ScalarSeries& s, const ScalarPoint& p) { s.Add(p); });
  }
  return 0;
}
