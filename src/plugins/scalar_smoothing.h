// TensorBoard's smoothing of a scalar series, computed on every stored point and sampled at the
// points a chart draws (the scalars batch route's "smoothed" arrays).
#ifndef TRACKER_PLUGINS_SCALAR_SMOOTHING_H_
#define TRACKER_PLUGINS_SCALAR_SMOOTHING_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "logreader/scalar_series.h"
#include "plugins/float_array.h"

namespace tracker::plugins {

// TensorBoard's classicSmoothing (its web app's) with weight w in (0, 1] of the whole series, at
// the ascending `indices` into arrival order (a window's `indices`): a debiased exponential
// moving average over the finite values, `ema = ema * w + (1 - w) * v` divided by `1 - w^n`
// after n finite values; non-finite values pass through; a constant series is returned
// unchanged (even with weight 1, where the EMA is 0). Indices at or beyond size() are ignored
// (the result is then shorter).
//
// Reads the series block by block (ScalarSeries::ValueBlock), with no copy of its values. Series
// of kSmoothingLaneMinPoints points and more are cut into stretches smoothed side by side; the
// EMA being linear, they are joined exactly up to rounding, so such series differ from the
// strictly sequential EMA in the last bits only. Call under the run's lock.
std::vector<double> SmoothScalarSeriesAt(const ScalarSeries& series,
                                         const std::vector<size_t>& indices, double w);

// The same over a series' values decoded already (DecodeFloatValues, SampleScalarSeries):
// values[0, n) give bit for bit the answer of SmoothScalarSeriesAt for that series, about four
// times as fast (no decoding).
std::vector<double> SmoothValuesAt(const float* values, size_t n,
                                   const std::vector<size_t>& indices, double w);

// Every value of the series as float32, when each one is exactly a float32 (as PyTorch,
// tensorboardX, Keras and tf.summary write them); null when some value is wider.
std::shared_ptr<FloatArray> DecodeFloatValues(const ScalarSeries& series);

inline constexpr size_t kSmoothingLaneMinPoints = 4096;

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_SCALAR_SMOOTHING_H_
