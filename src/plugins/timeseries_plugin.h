// The time series plugin (TensorBoard's "metrics" plugin behind the default Angular dashboard):
// scalars, histograms and images of many runs at once under /data/plugin/timeseries/*.
#ifndef TRACKER_PLUGINS_TIMESERIES_PLUGIN_H_
#define TRACKER_PLUGINS_TIMESERIES_PLUGIN_H_

#include <memory>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Routes (spec §7.9, TensorBoard's metrics_plugin.py):
//   GET tags -> {"scalars": {"runTagInfo": {run: [tag, ...]}, "tagDescriptions": {tag: html}},
//       "histograms": {same}, "images": {"tagDescriptions": {...},
//       "tagRunSampledInfo": {tag: {run: {"maxSamplesPerStep": n}}}}}. A tag described
//       differently in several runs gets one combined Markdown description.
//   POST timeSeries (form field `requests`) or GET timeSeries?requests=JSON: a list of
//       {"plugin", "tag", "run"?, "sample"?} -> a list, in order, of {"plugin", "tag", "run"?,
//       "sample"?, "runToSeries": {run: [...]}} or {..., "error": "Missing tag" |
//       "Invalid plugin" | "Missing run" | "Missing sample"}. Scalars: [{"wallTime", "step",
//       "value"}] (1000 per run by default); histograms: [{"wallTime", "step", "bins":
//       [{"min", "max", "count"}]}] (51); images: [{"step", "wallTime", "imageId"}] (10 steps;
//       runs without that sample left out). --samples_per_plugin overrides each default.
//       No `requests` -> 400 "Missing 'requests' field"; not JSON -> 400.
//   GET imageData?imageId=K -> the image bytes of blob key K, content type sniffed.
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeTimeSeriesPlugin(const PluginContext& context);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_TIMESERIES_PLUGIN_H_
