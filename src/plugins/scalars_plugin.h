// The scalars plugin: scalar summaries under /data/plugin/scalars/*, TensorBoard's routes plus
// tracker's batch route for its own web UI, and the scalar reading that other plugins share.
#ifndef TRACKER_PLUGINS_SCALARS_PLUGIN_H_
#define TRACKER_PLUGINS_SCALARS_PLUGIN_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logreader/run_data.h"
#include "logreader/scalar_series.h"
#include "plugins/context.h"
#include "plugins/float_array.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// TensorBoard's routes (spec §7.2):
//   GET tags -> {run: {tag: {"displayName", "description"}}} for runs with scalar tags;
//       description is the Markdown of summary_description rendered to safe HTML. Tags whose
//       ScalarPluginData version is newer than 0 are left out (spec §2.5).
//   GET scalars?run=R&tag=T[&format=csv] -> [[wall_time, step, value], ...] in arrival order,
//       downsampled to --samples_per_plugin=scalars=N if given, else 1000, exactly as
//       TensorBoard does (spec §5.4). format=csv -> text/csv, CRLF, header
//       "Wall time,Step,Value", Python str() numbers (nan, inf). Missing run or tag -> 400
//       "Both run and tag must be specified: tag=None, run='train'"; unknown -> 404
//       "No scalar data for run='R', tag='T'".
//   POST scalars_multirun (form body: tag=T once, runs=R repeated) -> {run: [[w, s, v], ...]}
//       for the runs that have the tag; tag missing or repeated -> 400; GET -> 405.
//
// tracker's own route, for its web UI (not in TensorBoard):
//
//   POST /data/plugin/scalars/batch
//   Content-Type: application/json
//   {"series": [{"run": R, "tag": T,          required, may be empty
//                "stamp": S}, ...],         optional: the stamp of a window of this series the
//                                           client holds (see below)
//    "points": N,        optional integer >= 0; about how many points to return per series;
//                        0 or absent = every point
//    "smoothing": w,     optional number in [0, 1]; 0 or absent = no "smoothed" array
//    "step_min": a,      optional integer; only points with a <= step (zoom)
//    "step_max": b,      optional integer; only points with step <= b (zoom)
//    "format": F}        optional: "json" (default) or "binary"
//   ->
//   {"series": [{"run": R, "tag": T, "stamp": S,
//                "points": [[wall_time, step, value], ...],   left out when S was sent back
//                "smoothed": [s, ...]},          only with smoothing > 0; one per point
//               {"run": R2, "tag": T2, "error": "No scalar data for run='R2', tag='T2'"},
//               ...]}                            same order as the request
//
//   * Every stored point is considered, not TensorBoard's 1000-point sample, and the points
//     come back in arrival order (as TensorBoard draws them; steps are not re-sorted).
//   * With points = N > 0 and more than N points in the step range, the range [min, max] of
//     steps is cut into N / 4 equal buckets and each bucket keeps its first, lowest, highest
//     and last point (by arrival), so spikes and NaN-free extremes survive any zoom level;
//     the answer has at most N points. Non-finite values (NaN, ±Infinity) are written as the
//     strings "NaN", "Infinity", "-Infinity" and never win "lowest"/"highest" unless infinite.
//   * "smoothed" is TensorBoard's debiased exponential moving average with weight w, skipping
//     non-finite values (they are passed through) and returning a constant series unchanged.
//     It is computed over the whole series at full resolution, before the step range and the
//     bucketing are applied, so the smoothed line does not change with zoom or N.
//   * "stamp" names the window: the series' data (run, tag and their change sequence) and N,
//     a and b; not w. A series sent with the stamp its window has now is answered without
//     "points" (the client keeps the points it has; the bucketing would pick the same ones),
//     so a smoothing change costs one pass over the values and no raw points on the wire. A
//     stale or absent stamp gets the whole answer, with the new stamp.
//   * format "binary" (application/octet-stream), for the web UI: a little-endian uint32 H,
//     then H bytes of JSON {"series": [{"run", "tag", "stamp", "n": count, "raw": bool,
//     "smoothed": bool} or {"run", "tag", "error"}, ...]} padded with spaces so that the
//     columns start at a multiple of 8 bytes, then for each series with data, in order: when
//     "raw", n wall times, n steps and n values, and when "smoothed", n smoothed values, each
//     column n little-endian float64 (steps beyond 2^53 round, as they do in JavaScript).
//     NaN and infinities are themselves. No number formatting, no gzip, no parsing in the page.
//   * Errors: a body that is not JSON or has the wrong shape -> 400 with the reason; an
//     unknown run or tag, or a tag that is not a scalar tag, is reported per series in
//     "error" and does not fail the request.
//   * Windows are computed on several threads when a batch is large, and the plugin keeps
//     the last windows it computed (32 MiB, least recently used first out, checked against
//     the stamp), so a reload or a second tab costs no pass at all.
//
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeScalarsPlugin(const PluginContext& context);

// --- Shared with the custom scalars and time series plugins ---------------------------------

// Whether a tag is visible to TensorBoard's scalar routes: its first metadata names the scalars
// plugin and has the scalar data class.
bool IsScalarTag(const TagData& tag);

// Whether the tag's ScalarPluginData version is one TensorBoard knows (<= 0), i.e. whether the
// tags routes list it.
bool IsKnownScalarVersion(const TagData& tag);

// How many points TensorBoard's scalar routes return per series: --samples_per_plugin=scalars=N
// when given (SamplesPerPlugin::kNoLimit for `all`), else TensorBoard's 1000.
size_t ScalarQueryLimit(const PluginContext& context);

// The scalar points of one run and tag as TensorBoard's read_scalars returns them: arrival
// order, downsampled to `limit` with DownsampleIndices. nullopt when the run or a scalar tag of
// that name does not exist.
std::optional<std::vector<ScalarPoint>> ReadScalarPoints(const PluginContext& context,
                                                         std::string_view run, std::string_view tag,
                                                         size_t limit);

// TensorBoard's scalars_impl: the answer of the scalars route for a run and tag (absent ones
// are Python's None), JSON or, with csv, the CSV download. Unknown -> NotFound
// "No scalar data for run='R', tag=None".
StatusOr<Response> ServeScalars(const PluginContext& context, const std::optional<std::string>& run,
                                const std::optional<std::string>& tag, bool csv);

// Appends [[wall_time, step, value], ...] in TensorBoard's JSON spelling.
void AppendScalarTriples(std::string* out, const std::vector<ScalarPoint>& points);

// --- The batch route's view of one series (exposed for tests) -------------------------------

struct ScalarWindowOptions {
  size_t max_points = 0;  // 0 = every point in the step range
  double smoothing = 0;   // EMA weight in [0, 1]; 0 = no smoothing
  int64_t step_min = std::numeric_limits<int64_t>::min();
  int64_t step_max = std::numeric_limits<int64_t>::max();
};

struct ScalarWindow {
  std::vector<ScalarPoint> points;  // arrival order
  std::vector<size_t> indices;      // of each point in arrival order over the whole series
  std::vector<double> smoothed;     // one per point; empty unless smoothing > 0
  bool gathered_values = false;     // see SampleScalarSeries' float_values
};

// The points of `series` with step_min <= step <= step_max, reduced to at most max_points by
// min/max bucketing, with the full-resolution smoothing sampled at them (see the batch route
// above; scalar_smoothing.h). One pass over the series and no allocation per point. With
// `float_values` (of series.size() values), the same pass also writes every value there as
// float32 and sets `gathered_values` when each one is exactly a float32 (for a later smoothing
// change, SmoothValuesAt; the smoothing is then computed from them). Call under the run's lock.
ScalarWindow SampleScalarSeries(const ScalarSeries& series, const ScalarWindowOptions& options,
                                FloatArray* float_values = nullptr);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_SCALARS_PLUGIN_H_
