// The distributions plugin: histograms compressed to nine percentile lines, under
// /data/plugin/distributions/*. Its data is the histograms plugin's.
#ifndef TRACKER_PLUGINS_DISTRIBUTIONS_PLUGIN_H_
#define TRACKER_PLUGINS_DISTRIBUTIONS_PLUGIN_H_

#include <array>
#include <memory>
#include <vector>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Routes (spec §7.4):
//   GET tags -> the histograms plugin's tags.
//   GET distributions?run=R&tag=T -> [[wall_time, step, [[bp, value] x 9]], ...]: at most 501
//       values (all of a default 500-item reservoir), errors as the histograms route.
// IsActive reports the histograms plugin's data (its data plugin name is "histograms").
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeDistributionsPlugin(const PluginContext& context);

// The basis points (1/100 of a percent) of the nine lines: ±∞, ±2σ, ±1.5σ (approximately),
// ±1σ and the median of a normal distribution.
inline constexpr std::array<int, 9> kNormalHistogramBps = {0,    668,  1587, 3085, 5000,
                                                           6915, 8413, 9332, 10000};

struct CompressedHistogramPoint {
  int basis_point;
  double value;
};

// TensorBoard's compressor.compress_histogram, reproduced operation for operation in doubles
// (numpy's pairwise sum, searchsorted and Python's min/max included) so that values match to
// the last bit. `buckets` are [left, right, count] rows. No buckets -> 0.0 at every point.
std::vector<CompressedHistogramPoint> CompressHistogram(
    const std::vector<std::array<double, 3>>& buckets);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_DISTRIBUTIONS_PLUGIN_H_
