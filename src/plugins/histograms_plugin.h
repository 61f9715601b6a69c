// The histograms plugin: histogram summaries ([k, 3] tensors of left edge, right edge, count)
// under /data/plugin/histograms/*, and the reading of them that distributions shares.
#ifndef TRACKER_PLUGINS_HISTOGRAMS_PLUGIN_H_
#define TRACKER_PLUGINS_HISTOGRAMS_PLUGIN_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plugins/context.h"
#include "plugins/plugin.h"
#include "plugins/tensor_values.h"
#include "status.h"

namespace tracker::plugins {

// Routes (spec §7.3):
//   GET tags -> {run: {tag: {"displayName", "description"}}} for runs with histogram tags.
//   GET histograms?run=R&tag=T -> [[wall_time, step, [[left, right, count], ...]], ...]: at most
//       51 values in reservoir order (spec §5.4), counts as floats. Missing run or tag -> 400;
//       unknown -> 404 "No histogram tag 'T' for run 'R'".
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeHistogramsPlugin(const PluginContext& context);

// --- Shared with the distributions plugin, which serves the same tags -------------------------

// The tags route's answer: every run with a tag whose first metadata is plugin "histograms"
// with the tensor data class; tags of an unknown content version are left out (their run
// stays, with {}), as in TensorBoard.
std::string HistogramTagsIndex(const PluginContext& context);

// One stored histogram.
struct HistogramDatum {
  double wall_time = 0;
  int64_t step = 0;
  NumericTensor buckets;  // normally [k, 3] rows of left, right, count
};

// TensorBoard's histograms_impl for the request's run and tag: the stored values in reservoir
// order, downsampled to `limit` (spec §5.4). Values whose tensor cannot be decoded as numbers
// are skipped (TensorBoard would fail the whole request). Errors as the histograms route.
StatusOr<std::vector<HistogramDatum>> ReadHistograms(const PluginContext& context,
                                                     const Request& request, size_t limit);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_HISTOGRAMS_PLUGIN_H_
