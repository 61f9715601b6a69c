#include "plugins/scalar_smoothing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "logreader/scalar_series.h"
#include "plugins/float_array.h"
#include "plugins/scalars_plugin.h"
#include "plugins/stamped_cache.h"

namespace tracker::plugins {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// TensorBoard's classicSmoothing, one point after the other, at every point.
std::vector<double> Sequential(const std::vector<double>& values, double w) {
  bool constant = true;
  for (double v : values) constant = constant && v == values[0];
  if (constant) return values;
  std::vector<double> out;
  double ema = 0, power = 1;
  for (double v : values) {
    if (std::isfinite(v)) {
      ema = ema * w + (1 - w) * v;
      power *= w;
    }
    out.push_back(!std::isfinite(v) ? v : w == 1 ? ema : ema / (1 - power));
  }
  return out;
}

ScalarSeries Series(const std::vector<double>& values) {
  ScalarSeries series;
  for (size_t i = 0; i < values.size(); ++i) {
    series.Add({static_cast<double>(i), static_cast<int64_t>(i), values[i]});
  }
  return series;
}

std::vector<size_t> Every(size_t n) {
  std::vector<size_t> all(n);
  for (size_t i = 0; i < n; ++i) all[i] = i;
  return all;
}

uint64_t Bits(double v) { return std::bit_cast<uint64_t>(v); }

// float32 values of a noisy decaying curve, with `bad` non-finite values spread over it.
std::vector<double> Curve(size_t n, size_t bad) {
  uint64_t seed = 42;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(seed >> 11) / 9007199254740992.0;
  };
  std::vector<double> values;
  for (size_t i = 0; i < n; ++i) {
    values.push_back(static_cast<float>(std::exp(-static_cast<double>(i) / n) + 0.1 * next()));
  }
  for (size_t k = 0; k < bad; ++k) values[(k * 7919 + 13) % n] = k % 3 == 0 ? -kInf : kNaN;
  return values;
}

void ExpectNearSequential(const std::vector<double>& got, const std::vector<double>& values,
                          const std::vector<size_t>& indices, double w, const std::string& what) {
  const std::vector<double> expected = Sequential(values, w);
  ASSERT_EQ(got.size(), indices.size()) << what;
  for (size_t k = 0; k < indices.size(); ++k) {
    const double e = expected[indices[k]];
    if (std::isfinite(e)) {
      ASSERT_NEAR(got[k], e, 1e-12 * std::max(1.0, std::abs(e))) << what << " at " << indices[k];
    } else {
      ASSERT_EQ(Bits(got[k]), Bits(e)) << what << " at " << indices[k];
    }
  }
}

// Long series take the interleaved stretches, full blocks of finite values the fast rounds; every
// point's smoothing is checked against the sequential sum, and the decoded-values path must give
// the series path's answer to the bit.
TEST(ScalarSmoothingTest, EveryPointMatchesTheSequentialEma) {
  for (const size_t n : {size_t{1}, size_t{2}, size_t{127}, size_t{4095}, size_t{4096},
                         size_t{40000}, size_t{100003}}) {
    for (const size_t bad : {size_t{0}, size_t{1}, size_t{25}}) {
      const std::vector<double> values = Curve(n, std::min(bad, n));
      const ScalarSeries series = Series(values);
      const std::shared_ptr<FloatArray> floats = DecodeFloatValues(series);
      ASSERT_NE(floats, nullptr);
      for (const double w : {0.1, 0.6, 0.9, 0.999, 1.0}) {
        const std::string what =
            "n=" + std::to_string(n) + " bad=" + std::to_string(bad) + " w=" + std::to_string(w);
        const std::vector<size_t> all = Every(n);
        const std::vector<double> got = SmoothScalarSeriesAt(series, all, w);
        ExpectNearSequential(got, values, all, w, what);
        const std::vector<double> from_values =
            SmoothValuesAt(floats->data(), floats->size(), all, w);
        ASSERT_EQ(from_values.size(), got.size()) << what;
        for (size_t i = 0; i < got.size(); ++i) {
          ASSERT_EQ(Bits(from_values[i]), Bits(got[i])) << what << " at " << i;
        }
      }
    }
  }
}

TEST(ScalarSmoothingTest, SparseAndRepeatedIndicesAndIndicesPastTheEnd) {
  const std::vector<double> values = Curve(50000, 3);
  const ScalarSeries series = Series(values);
  // Block edges (127, 128), the lanes' edges somewhere in between, a repeat, the last point.
  std::vector<size_t> indices = {0, 1, 127, 128, 129, 6249, 6250, 6250, 25000, 49999};
  const std::vector<double> got = SmoothScalarSeriesAt(series, indices, 0.95);
  ExpectNearSequential(got, values, indices, 0.95, "sparse");
  EXPECT_EQ(Bits(got[6]), Bits(got[7]));  // the repeated index
  // Indices at or past size() are left out.
  indices.push_back(50000);
  indices.push_back(70000);
  EXPECT_EQ(SmoothScalarSeriesAt(series, indices, 0.95).size(), 10u);
  EXPECT_TRUE(SmoothScalarSeriesAt(series, {}, 0.95).empty());
  EXPECT_TRUE(SmoothScalarSeriesAt(ScalarSeries(), {0}, 0.95).empty());
}

TEST(ScalarSmoothingTest, ConstantSeriesComeBackUnchanged) {
  // 0.0 and -0.0 are equal, so this series is constant; each value comes back as it is, also
  // with weight 1 (where the EMA itself is 0).
  std::vector<double> values(10000, 0.0);
  values[5000] = -0.0;
  const ScalarSeries series = Series(values);
  for (const double w : {0.6, 1.0}) {
    const std::vector<double> got = SmoothScalarSeriesAt(series, {0, 5000, 9999}, w);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(Bits(got[0]), Bits(0.0));
    EXPECT_EQ(Bits(got[1]), Bits(-0.0));
    EXPECT_EQ(Bits(got[2]), Bits(0.0));
  }
  // A NaN is never equal: a series of NaN is not constant, and NaN passes through.
  const std::vector<double> got = SmoothScalarSeriesAt(Series({kNaN, kNaN}), {0, 1}, 0.5);
  EXPECT_TRUE(std::isnan(got[0]) && std::isnan(got[1]));
}

TEST(ScalarSmoothingTest, FloatValuesOnlyForFloat32Series) {
  const std::shared_ptr<FloatArray> some = DecodeFloatValues(Series({0.5, kNaN, -kInf, 3}));
  ASSERT_NE(some, nullptr);
  ASSERT_EQ(some->size(), 4u);
  EXPECT_EQ(some->data()[0], 0.5f);
  EXPECT_TRUE(std::isnan(some->data()[1]));
  EXPECT_EQ(some->data()[2], -std::numeric_limits<float>::infinity());
  EXPECT_EQ(DecodeFloatValues(Series({0.5, 0.1})), nullptr);  // 0.1 is no float32
  ASSERT_NE(DecodeFloatValues(ScalarSeries()), nullptr);
  EXPECT_EQ(DecodeFloatValues(ScalarSeries())->size(), 0u);
  // A reservoir-backed series too.
  ScalarSeries reservoir(10);
  for (int i = 0; i < 100; ++i) reservoir.Add({0, i, static_cast<double>(i)});
  ASSERT_NE(DecodeFloatValues(reservoir), nullptr);
  EXPECT_EQ(DecodeFloatValues(reservoir)->size(), reservoir.size());
}

// Arrays small and large, shared regions filling up and emptying, from several threads; each
// array keeps its own values.
TEST(FloatArrayTest, ArraysKeepTheirValuesAcrossRegions) {
  std::vector<std::unique_ptr<FloatArray>> arrays;
  for (size_t k = 0; k < 40; ++k) {
    const size_t n = k % 5 == 4 ? 300000 + k : 100000 + 37 * k;  // 1.2 MB ones get a mapping
    arrays.push_back(std::make_unique<FloatArray>(n));
    ASSERT_EQ(reinterpret_cast<uintptr_t>(arrays.back()->data()) % 64, 0u);
    for (size_t i = 0; i < n; ++i) arrays.back()->data()[i] = static_cast<float>(k * 1000003 + i);
    if (k % 3 == 0) arrays[k / 2].reset();  // release some along the way
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int round = 0; round < 50; ++round) {
        FloatArray a(1000 + t * 100 + round);
        for (size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>(t);
        for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a.data()[i], static_cast<float>(t));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t k = 0; k < arrays.size(); ++k) {
    if (arrays[k] == nullptr) continue;
    for (size_t i = 0; i < arrays[k]->size(); i += 997) {
      ASSERT_EQ(arrays[k]->data()[i], static_cast<float>(k * 1000003 + i)) << k << " " << i;
    }
  }
  FloatArray empty(0);
  EXPECT_EQ(empty.size(), 0u);
}

TEST(ScalarSmoothingTest, SampleScalarSeriesGathersTheValuesItSmooths) {
  const std::vector<double> values = Curve(20000, 2);
  const ScalarSeries series = Series(values);
  ScalarWindowOptions options;
  options.max_points = 300;
  options.smoothing = 0.8;
  FloatArray gathered(series.size());
  const ScalarWindow window = SampleScalarSeries(series, options, &gathered);
  EXPECT_TRUE(window.gathered_values);
  const std::shared_ptr<FloatArray> decoded = DecodeFloatValues(series);
  ASSERT_NE(decoded, nullptr);
  for (size_t i = 0; i < decoded->size(); ++i) {  // bits: NaN is not equal to itself
    ASSERT_EQ(std::bit_cast<uint32_t>(gathered.data()[i]),
              std::bit_cast<uint32_t>(decoded->data()[i])) << i;
  }
  const std::vector<double> again = SmoothScalarSeriesAt(series, window.indices, 0.8);
  ASSERT_EQ(again.size(), window.smoothed.size());
  for (size_t k = 0; k < again.size(); ++k) EXPECT_EQ(Bits(again[k]), Bits(window.smoothed[k]));
  // A series with a wider value gathers nothing, and is smoothed from its chunks.
  ScalarSeries wide = Series(values);
  wide.Add({0, 20000, 0.1});
  FloatArray wide_values(wide.size());
  const ScalarWindow wide_window = SampleScalarSeries(wide, options, &wide_values);
  EXPECT_FALSE(wide_window.gathered_values);
  EXPECT_EQ(wide_window.smoothed.size(), wide_window.indices.size());
}

TEST(StampedCacheTest, ServesOnlyTheSameContentAndEvictsTheOldest) {
  const size_t array_bytes = 1000 * sizeof(float);
  const size_t per_entry = array_bytes + 2 * 2 + 128;  // with a 2-character key
  const size_t budget = per_entry * 4 + 10;            // room for four
  StampedCache<std::shared_ptr<const FloatArray>> cache(budget, budget / 4);
  auto values = [](float v) {
    auto array = std::make_shared<FloatArray>(1000);
    std::fill(array->data(), array->data() + array->size(), v);
    return std::shared_ptr<const FloatArray>(array);
  };
  cache.Insert("a", 1, values(1), array_bytes);
  ASSERT_TRUE(cache.Find("a", 1).has_value());
  EXPECT_EQ((*cache.Find("a", 1))->data()[0], 1.0f);
  EXPECT_FALSE(cache.Find("a", 2).has_value());  // the series changed: dropped
  EXPECT_FALSE(cache.Find("a", 1).has_value());
  EXPECT_EQ(cache.bytes(), 0u);
  for (const char* key : {"k1", "k2", "k3", "k4"}) cache.Insert(key, 7, values(2), array_bytes);
  EXPECT_TRUE(cache.Find("k1", 7).has_value());  // now the most recently used
  cache.Insert("k5", 7, values(3), array_bytes);  // pushes out k2, the least recently used
  EXPECT_FALSE(cache.Find("k2", 7).has_value());
  EXPECT_TRUE(cache.Find("k1", 7).has_value());
  EXPECT_TRUE(cache.Find("k5", 7).has_value());
  EXPECT_LE(cache.bytes(), budget);
  // Larger than the entry limit (a quarter of the budget): not kept.
  cache.Insert("huge", 7, std::make_shared<const FloatArray>(5000), 5000 * sizeof(float));
  EXPECT_FALSE(cache.Find("huge", 7).has_value());
}

}  // namespace
}  // namespace tracker::plugins
