#include "logreader/scalar_series.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "logreader/python_random.h"
#include "logreader/reservoir.h"

namespace tracker {
namespace {

constexpr size_t kChunk = ScalarSeries::kChunkPoints;

uint64_t Bits(double d) { return std::bit_cast<uint64_t>(d); }

bool SameBits(const ScalarPoint& a, const ScalarPoint& b) {
  return Bits(a.wall_time) == Bits(b.wall_time) && a.step == b.step &&
         Bits(a.value) == Bits(b.value);
}

std::string Describe(const ScalarPoint& p) {
  char buffer[160];
  std::snprintf(buffer, sizeof(buffer), "{wall %.17g (%016llx), step %lld, value %.17g (%016llx)}",
                p.wall_time, static_cast<unsigned long long>(Bits(p.wall_time)),
                static_cast<long long>(p.step), p.value,
                static_cast<unsigned long long>(Bits(p.value)));
  return buffer;
}

// Asserts that the series holds exactly `expected`, bit for bit, through every read path.
void ExpectHolds(const ScalarSeries& series, const std::vector<ScalarPoint>& expected,
                 const std::string& what) {
  ASSERT_EQ(series.size(), expected.size()) << what;
  const std::vector<ScalarPoint> got = series.Points();
  ASSERT_EQ(got.size(), expected.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(SameBits(got[i], expected[i]))
        << what << " at " << i << ": got " << Describe(got[i]) << ", want "
        << Describe(expected[i]);
  }
  size_t visited = 0;
  series.ForEach([&](const ScalarPoint& p) {
    ASSERT_TRUE(SameBits(p, expected[visited])) << what << " ForEach at " << visited;
    ++visited;
  });
  EXPECT_EQ(visited, expected.size()) << what;
  // The values alone, block by block, decoded past the step and wall-time columns; a guard
  // after each block's values catches writes past its count.
  ASSERT_EQ(series.value_blocks(),
            (expected.size() + ScalarSeries::kChunkPoints - 1) / ScalarSeries::kChunkPoints)
      << what;
  for (size_t b = 0; b < series.value_blocks(); ++b) {
    std::vector<double> block(ScalarSeries::kChunkPoints + 1, 12345.0);
    const size_t n = series.ValueBlock(b, block.data());
    const size_t begin = b * ScalarSeries::kChunkPoints;
    ASSERT_EQ(n, std::min(ScalarSeries::kChunkPoints, expected.size() - begin)) << what << " " << b;
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(std::bit_cast<uint64_t>(block[i]), std::bit_cast<uint64_t>(expected[begin + i].value))
          << what << " ValueBlock " << b << " at " << i;
    }
    EXPECT_EQ(block[n], 12345.0) << what << ": ValueBlock " << b << " wrote past its count";
  }
  if (expected.empty()) {
    EXPECT_FALSE(series.Last().has_value()) << what;
    return;
  }
  ASSERT_TRUE(series.Last().has_value()) << what;
  EXPECT_TRUE(SameBits(*series.Last(), expected.back())) << what;
  int64_t min = expected[0].step, max = expected[0].step;
  for (const ScalarPoint& p : expected) {
    min = std::min(min, p.step);
    max = std::max(max, p.step);
  }
  EXPECT_EQ(series.min_step(), min) << what;
  EXPECT_EQ(series.max_step(), max) << what;
}

ScalarSeries Build(const std::vector<ScalarPoint>& points, size_t capacity = 0) {
  ScalarSeries series(capacity);
  for (const ScalarPoint& p : points) series.Add(p);
  return series;
}

// --- Generators of column shapes (fixed seeds) -----------------------------------------------

using Rng = std::mt19937_64;

double RandomBitsDouble(Rng& rng) { return std::bit_cast<double>(rng()); }

// Values the encoder must treat specially: every NaN flavour, signed zeros and infinities,
// double and float denormals, doubles one ulp away from a float.
std::vector<double> SpecialValues() {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> values = {
      0.0,
      -0.0,
      inf,
      -inf,
      std::numeric_limits<double>::quiet_NaN(),
      -std::numeric_limits<double>::quiet_NaN(),
      std::bit_cast<double>(uint64_t{0x7ff0000000000001}),  // signalling NaN
      std::bit_cast<double>(uint64_t{0x7ff8dead0000beef}),  // quiet NaN, payload in low bits
      std::bit_cast<double>(uint64_t{0xfff4000000000000}),  // negative signalling NaN
      static_cast<double>(std::bit_cast<float>(uint32_t{0x7fc12345})),  // widened float NaN
      std::numeric_limits<double>::denorm_min(),
      -std::numeric_limits<double>::denorm_min(),
      std::numeric_limits<double>::min(),
      std::numeric_limits<double>::max(),
      -std::numeric_limits<double>::max(),
      static_cast<double>(std::numeric_limits<float>::denorm_min()),
      static_cast<double>(std::numeric_limits<float>::max()),
      std::nextafter(static_cast<double>(std::numeric_limits<float>::max()), inf),
      std::nextafter(1.0, 2.0),
      0.1,
      static_cast<double>(0.1f),
      1e300,
      -1e-300,
  };
  return values;
}

enum class Steps { kStride, kStrideWithGaps, kRandom, kNegativeDescending, kHugeJumps, kExtremes };
enum class Walls { kJitter, kBackwardsAndJumps, kConstantStride, kRandomBits, kSpecial };
enum class Values { kNoisyFloat, kConstant, kDoubles, kSpecial, kRandomBits, kMixed };

std::vector<ScalarPoint> Generate(size_t n, Steps steps, Walls walls, Values values,
                                  uint64_t seed) {
  Rng rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, 1.0);
  const std::vector<double> special = SpecialValues();
  std::vector<ScalarPoint> points(n);
  int64_t step = static_cast<int64_t>(rng() % 1000) - 500;
  double wall = 1.7e9 + unit(rng) * 1e7;
  for (size_t i = 0; i < n; ++i) {
    ScalarPoint& p = points[i];
    switch (steps) {
      case Steps::kStride:
        p.step = step + static_cast<int64_t>(i) * 10;
        break;
      case Steps::kStrideWithGaps:
        step += (rng() % 50 == 0) ? static_cast<int64_t>(rng() % 5000) - 1000 : 1;
        p.step = step;
        break;
      case Steps::kRandom:
        p.step = static_cast<int64_t>(rng());
        break;
      case Steps::kNegativeDescending:
        p.step = -static_cast<int64_t>(i) * 3 - 7;
        break;
      case Steps::kHugeJumps:
        step += (rng() % 3 == 0) ? (int64_t{1} << 40) : -(int64_t{1} << 40) + 1;
        p.step = step;
        break;
      case Steps::kExtremes: {
        const int64_t choices[] = {std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::max(), 0, -1, 1};
        p.step = choices[rng() % 5];
        break;
      }
    }
    switch (walls) {
      case Walls::kJitter:
        wall += 0.1 + unit(rng) * 1e-3;
        p.wall_time = wall;
        break;
      case Walls::kBackwardsAndJumps:
        wall += (rng() % 10 == 0) ? -3600.0 * unit(rng) : (rng() % 10 == 0 ? 86400.0 : 0.5);
        p.wall_time = wall;
        break;
      case Walls::kConstantStride:
        p.wall_time = 1000.0 + static_cast<double>(i) * 0.25;
        break;
      case Walls::kRandomBits:
        p.wall_time = RandomBitsDouble(rng);
        break;
      case Walls::kSpecial:
        p.wall_time = special[rng() % special.size()];
        break;
    }
    switch (values) {
      case Values::kNoisyFloat:
        p.value = static_cast<float>(2.0 * std::exp(-static_cast<double>(i) / 5000) *
                                     (1 + 0.05 * gauss(rng)));
        break;
      case Values::kConstant:
        p.value = 1e-3;
        break;
      case Values::kDoubles:
        p.value = std::exp(-static_cast<double>(i) / 700) + gauss(rng);
        break;
      case Values::kSpecial:
        p.value = special[rng() % special.size()];
        break;
      case Values::kRandomBits:
        p.value = RandomBitsDouble(rng);
        break;
      case Values::kMixed:
        p.value =
            (rng() % 7 == 0) ? special[rng() % special.size()] : static_cast<float>(gauss(rng));
        break;
    }
  }
  return points;
}

// --- Keep-all mode ----------------------------------------------------------------------------

TEST(ScalarSeriesTest, Empty) {
  ScalarSeries series;
  EXPECT_EQ(series.size(), 0u);
  EXPECT_TRUE(series.empty());
  EXPECT_EQ(series.capacity(), 0u);
  EXPECT_FALSE(series.Last().has_value());
  EXPECT_TRUE(series.Points().empty());
  EXPECT_EQ(series.MemoryBytes(), 0u);
  EXPECT_EQ(series.RemoveIf([](const ScalarPoint&) { return true; }), 0u);
}

TEST(ScalarSeriesTest, SinglePoint) {
  const std::vector<ScalarPoint> points = {{1.5e9, -42, 0.25}};
  ExpectHolds(Build(points), points, "single");
}

TEST(ScalarSeriesTest, RandomisedRoundTripsAreBitExact) {
  const Steps all_steps[] = {Steps::kStride,    Steps::kStrideWithGaps,
                             Steps::kRandom,    Steps::kNegativeDescending,
                             Steps::kHugeJumps, Steps::kExtremes};
  const Walls all_walls[] = {Walls::kJitter, Walls::kBackwardsAndJumps, Walls::kConstantStride,
                             Walls::kRandomBits, Walls::kSpecial};
  const Values all_values[] = {Values::kNoisyFloat, Values::kConstant,   Values::kDoubles,
                               Values::kSpecial,    Values::kRandomBits, Values::kMixed};
  const size_t sizes[] = {1, 2, 3, kChunk - 1, kChunk, kChunk + 1, 2 * kChunk, 1000, 4099};
  uint64_t seed = 20240601;
  for (Steps s : all_steps) {
    for (Walls w : all_walls) {
      for (Values v : all_values) {
        for (size_t n : sizes) {
          const std::vector<ScalarPoint> points = Generate(n, s, w, v, ++seed);
          const std::string what = "steps " + std::to_string(static_cast<int>(s)) + " walls " +
                                   std::to_string(static_cast<int>(w)) + " values " +
                                   std::to_string(static_cast<int>(v)) + " n " + std::to_string(n);
          ExpectHolds(Build(points), points, what);
          if (HasFatalFailure()) return;
        }
      }
    }
  }
}

TEST(ScalarSeriesTest, EveryChunkSizeAndSpecialValueRoundTrips) {
  // Each special value as a whole constant chunk and mixed into float chunks.
  for (double special : SpecialValues()) {
    std::vector<ScalarPoint> points;
    for (size_t i = 0; i < 3 * kChunk + 5; ++i) {
      points.push_back({special, static_cast<int64_t>(i), special});
    }
    ExpectHolds(Build(points), points, "constant " + Describe(points[0]));
    for (size_t i = 0; i < points.size(); i += 3) points[i].value = static_cast<float>(i);
    ExpectHolds(Build(points), points, "mixed " + Describe(points[1]));
  }
}

TEST(ScalarSeriesTest, FloatValuesTakeAtMostFourBytes) {
  // Worst case for float32 values: random bit patterns (incompressible), with every other
  // column free (constant stride; the wall times stay within one binade so that their bit
  // patterns have a constant stride too). The chunk must stay within raw float size plus a
  // header.
  Rng rng(7);
  std::vector<ScalarPoint> points;
  for (size_t i = 0; i < kChunk; ++i) {
    float f;
    do {
      f = std::bit_cast<float>(static_cast<uint32_t>(rng()));
    } while (std::isnan(f));
    points.push_back({1.7e9 + static_cast<double>(i), static_cast<int64_t>(i), f});
  }
  const size_t bytes = ScalarSeries::EncodedChunkBytes(points.data(), points.size());
  EXPECT_LE(bytes, 4 * kChunk + 32);
  EXPECT_GE(bytes, 4 * kChunk);
}

TEST(ScalarSeriesTest, ConstantColumnsCostAlmostNothing) {
  std::vector<ScalarPoint> points;
  for (size_t i = 0; i < kChunk; ++i) {
    points.push_back({1.7e9 + static_cast<double>(i), 5 * static_cast<int64_t>(i), 0.001});
  }
  EXPECT_LE(ScalarSeries::EncodedChunkBytes(points.data(), points.size()), 40u);
}

TEST(ScalarSeriesTest, ArbitraryDoublesStillRoundTrip) {
  std::vector<ScalarPoint> points;
  for (size_t i = 0; i < 1000; ++i) {
    points.push_back({1.7e9, static_cast<int64_t>(i), 1.0 / 3.0 + static_cast<double>(i) * 1e-12});
  }
  ExpectHolds(Build(points), points, "doubles");
}

TEST(ScalarSeriesTest, PointsAtMatchesPoints) {
  const std::vector<ScalarPoint> points =
      Generate(5000, Steps::kStride, Walls::kJitter, Values::kNoisyFloat, 11);
  const ScalarSeries series = Build(points);
  for (size_t k : {size_t{0}, size_t{1}, size_t{51}, size_t{1000}, size_t{5000}}) {
    const std::vector<size_t> indices = DownsampleIndices(points.size(), k);
    const std::vector<ScalarPoint> got = series.PointsAt(indices);
    ASSERT_EQ(got.size(), indices.size());
    for (size_t j = 0; j < indices.size(); ++j) {
      ASSERT_TRUE(SameBits(got[j], points[indices[j]])) << "k " << k << " index " << indices[j];
    }
  }
}

TEST(ScalarSeriesTest, MovePreservesPoints) {
  const std::vector<ScalarPoint> points =
      Generate(777, Steps::kStrideWithGaps, Walls::kJitter, Values::kMixed, 12);
  ScalarSeries original = Build(points);
  ScalarSeries moved = std::move(original);
  ExpectHolds(moved, points, "moved");
  ScalarSeries assigned;
  assigned = std::move(moved);
  ExpectHolds(assigned, points, "assigned");
}

// --- Purging ----------------------------------------------------------------------------------

std::vector<ScalarPoint> Without(const std::vector<ScalarPoint>& points,
                                 const std::function<bool(const ScalarPoint&)>& pred) {
  std::vector<ScalarPoint> kept;
  for (const ScalarPoint& p : points) {
    if (!pred(p)) kept.push_back(p);
  }
  return kept;
}

TEST(ScalarSeriesTest, RemoveIfKeepsOrderForManyPredicates) {
  const std::vector<ScalarPoint> points =
      Generate(10 * kChunk + 17, Steps::kStride, Walls::kJitter, Values::kNoisyFloat, 13);
  const int64_t first = points.front().step;
  const std::vector<std::pair<std::string, std::function<bool(const ScalarPoint&)>>> preds = {
      {"nothing", [](const ScalarPoint&) { return false; }},
      {"everything", [](const ScalarPoint&) { return true; }},
      {"suffix in tail", [&](const ScalarPoint& p) { return p.step >= first + 10 * 1290; }},
      {"suffix from chunk 7", [&](const ScalarPoint& p) { return p.step >= first + 10 * 900; }},
      {"one in chunk 0", [&](const ScalarPoint& p) { return p.step == first + 10 * 5; }},
      {"odd", [](const ScalarPoint& p) { return p.step % 20 != 0; }},
      {"exactly the tail",
       [&](const ScalarPoint& p) {
         return p.step >= first + 10 * 10 * static_cast<int64_t>(kChunk);
       }},
      {"middle",
       [&](const ScalarPoint& p) {
         return p.step > first + 10 * 300 && p.step < first + 10 * 600;
       }},
  };
  for (const auto& [name, pred] : preds) {
    ScalarSeries series = Build(points);
    const std::vector<ScalarPoint> expected = Without(points, pred);
    size_t calls = 0;
    const size_t removed = series.RemoveIf([&](const ScalarPoint& p) {
      ++calls;
      return pred(p);
    });
    EXPECT_EQ(calls, points.size()) << name;
    EXPECT_EQ(removed, points.size() - expected.size()) << name;
    ExpectHolds(series, expected, name);
    // The series keeps working after a purge: a restart re-sends later steps.
    std::vector<ScalarPoint> more = expected;
    for (size_t i = 0; i < 3 * kChunk; ++i) {
      const ScalarPoint p = {2e9 + static_cast<double>(i), static_cast<int64_t>(i) - 50, 0.5};
      series.Add(p);
      more.push_back(p);
    }
    ExpectHolds(series, more, name + " then add");
  }
}

TEST(ScalarSeriesTest, RemoveExactlyTheTailLeavesOnlyChunks) {
  std::vector<ScalarPoint> points;
  for (size_t i = 0; i < 2 * kChunk; ++i) {
    points.push_back({static_cast<double>(i), static_cast<int64_t>(i), 1.0});
  }
  ScalarSeries series = Build(points);
  EXPECT_EQ(
      series.RemoveIf([](const ScalarPoint& p) { return p.step >= static_cast<int64_t>(kChunk); }),
      kChunk);
  points.resize(kChunk);
  ExpectHolds(series, points, "chunk only");
}

TEST(ScalarSeriesTest, MemoryIsReleasedByPurge) {
  const std::vector<ScalarPoint> points =
      Generate(20000, Steps::kStride, Walls::kJitter, Values::kNoisyFloat, 14);
  ScalarSeries series = Build(points);
  const size_t before = series.MemoryBytes();
  series.RemoveIf([&](const ScalarPoint& p) { return p.step >= points[1000].step; });
  EXPECT_LT(series.MemoryBytes(), before / 10);
  ExpectHolds(series, std::vector<ScalarPoint>(points.begin(), points.begin() + 1000), "purged");
}

// --- Reservoir mode ---------------------------------------------------------------------------

TEST(ScalarSeriesTest, ReservoirModeMatchesReservoir) {
  for (size_t capacity : {size_t{1}, size_t{10}, size_t{1000}}) {
    const std::vector<ScalarPoint> points =
        Generate(5000, Steps::kStride, Walls::kJitter, Values::kSpecial, 15);
    ScalarSeries series(capacity);
    Reservoir<ScalarPoint> reservoir(capacity);
    for (const ScalarPoint& p : points) {
      series.Add(p);
      reservoir.Add(p);
    }
    EXPECT_EQ(series.capacity(), capacity);
    ExpectHolds(series, reservoir.items(), "reservoir " + std::to_string(capacity));
    const int64_t cut = points[3000].step;
    auto pred = [cut](const ScalarPoint& p) { return p.step >= cut; };
    EXPECT_EQ(series.RemoveIf(pred), reservoir.RemoveIf(pred));
    for (size_t i = 3000; i < points.size(); ++i) {
      series.Add(points[i]);
      reservoir.Add(points[i]);
    }
    ExpectHolds(series, reservoir.items(), "reservoir after purge " + std::to_string(capacity));
    EXPECT_GT(series.MemoryBytes(), capacity * sizeof(ScalarPoint) - 1);
  }
}

TEST(ScalarSeriesTest, ReservoirModeKeepsTensorBoardSteps) {
  ScalarSeries series(10);
  for (int64_t step = 0; step < 15; ++step) series.Add({0.0, step, 0.0});
  std::vector<int64_t> steps;
  series.ForEach([&](const ScalarPoint& p) { steps.push_back(p.step); });
  EXPECT_EQ(steps, (std::vector<int64_t>{1, 2, 3, 4, 8, 9, 10, 11, 13, 14}));
  EXPECT_EQ(series.min_step(), 1);
  EXPECT_EQ(series.max_step(), 14);
}

// --- Footprint --------------------------------------------------------------------------------

// A realistic training curve: step stride 1, an event every ~0.1 s with up to 1 ms of jitter,
// a noisy float32 loss.
std::vector<ScalarPoint> RealisticSeries(size_t n) {
  return Generate(n, Steps::kStride, Walls::kJitter, Values::kNoisyFloat, 16);
}

TEST(ScalarSeriesTest, RealisticSeriesIsCompact) {
  const std::vector<ScalarPoint> points = RealisticSeries(100000);
  const ScalarSeries series = Build(points);
  const double bytes_per_point =
      static_cast<double>(series.MemoryBytes()) / static_cast<double>(series.size());
  // Measured 4.79 bytes per point: steps ~0 (constant stride), wall times ~1.75 (14-bit jitter
  // residuals), values ~2.7 (deltas of the float bits), ~0.35 of chunk headers, padding and
  // directory; the 3 KiB tail is negligible at this length.
  EXPECT_LE(bytes_per_point, 5.5);
  RecordProperty("bytes_per_point", std::to_string(bytes_per_point));
  ExpectHolds(series, points, "realistic");
}

}  // namespace
}  // namespace tracker
