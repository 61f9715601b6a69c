// The PR curves plugin: precision-recall curves ([6, thresholds] tensors) under
// /data/plugin/pr_curves/*.
#ifndef TRACKER_PLUGINS_PR_CURVES_PLUGIN_H_
#define TRACKER_PLUGINS_PR_CURVES_PLUGIN_H_

#include <memory>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Routes (TensorBoard's pr_curves plugin):
//   GET tags -> {run: {tag: {"displayName", "description"}}} for runs with PR-curve tags.
//   GET pr_curves?run=R[&run=R2...]&tag=T -> {run: [{"wall_time", "step", "precision",
//       "recall", "true_positives", "false_positives", "true_negatives", "false_negatives",
//       "thresholds"}, ...]}: per run the stored curves in reservoir order, downsampled to
//       --samples_per_plugin pr_curves (default 100); each curve is cut after the last
//       threshold with TP + FP > 0, counts are integers, thresholds are numpy's
//       linspace(0, 1, num_thresholds). As in TensorBoard, a missing run or tag and an unknown
//       run/tag are all 400 ("No PR curves could be found for run 'R' and tag 'T'").
//   GET available_time_entries -> {run: [{"step", "wall_time"}, ...]}: the steps of each run's
//       first PR-curve tag (TensorBoard 1.x's route, kept for old dashboards).
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakePrCurvesPlugin(const PluginContext& context);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_PR_CURVES_PLUGIN_H_
