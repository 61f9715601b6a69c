// SummaryWriter: writes event files in the form tf.summary writes them, for TensorBoard and us.
#ifndef TRACKER_WRITER_SUMMARY_WRITER_H_
#define TRACKER_WRITER_SUMMARY_WRITER_H_

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "status.h"
#include "tensorboard/event.pb.h"
#include "tensorboard/graph.pb.h"
#include "tensorboard/plugins/hparams.pb.h"

namespace tracker {

class TfRecordWriter;

struct SummaryWriterOptions {
  // Appended to the event file name, e.g. ".v2" or ".eval".
  std::string filename_suffix;
  // Wall-time source in seconds since the epoch; nullptr means the system clock. A fake clock
  // makes file names and wall times reproducible (tests, the demo logdir).
  double (*clock)() = nullptr;
  // Write scalars as v1 `simple_value` (float32, no metadata) as TF1 and PyTorch do, instead of
  // v2 DT_FLOAT tensors.
  bool v1_scalars = false;
  // Buffered records are handed to the OS when at least this many seconds (of the real steady
  // clock) have passed since the last flush; 0 flushes after every event, a negative value
  // only on Flush() and Close().
  double flush_secs = 2.0;
};

// An hparam value as TensorBoard stores it: a number, a string or a bool. Integers are written
// as numbers (doubles), as TensorBoard's own helpers do.
using HParamValue = std::variant<double, std::string, bool>;

// Writes one event file, in the forms TensorBoard's readers expect:
//   - scalars, histograms, images and text as v2 tensors with the plugin metadata that
//     tf.summary.scalar / histogram / image / text attach (display_name empty, content the
//     serialized version-0 plugin data, which is empty);
//   - the metadata only on the first value of each tag, as TF's writers do; every later value of
//     the tag is tensor only;
//   - hparams summaries as TensorBoard's hparams helpers write them (HParamsPluginData in the
//     metadata content of every such value, a DT_FLOAT shape [0] null tensor, step 0).
// A tag keeps the kind of its first value; writing another kind under it is InvalidArgument.
//
// Thread-safe: calls may come from several threads. Records are buffered; the buffer is handed
// to the OS by a write that comes flush_secs or more after the last flush, by Flush() and by
// Close() (there is no background thread, so an idle writer keeps its last records until then).
// A reader polling the file meanwhile sees at worst a partial trailing record, which TensorBoard
// reads once it is complete. After an I/O error, Close() or destruction, every call but Close()
// and path() fails. The destructor closes the file and drops any error; call Close() to see it.
class SummaryWriter {
 public:
  // Creates `logdir` (with its parents) and in it the file
  //   events.out.tfevents.<secs>.<hostname>.<pid>.<n><suffix>
  // (secs: 10 digits from the clock; n: a per-process counter), so that files of later writers
  // sort after earlier ones. Writes the "brain.Event:2" file_version record first.
  static StatusOr<std::unique_ptr<SummaryWriter>> Create(const std::filesystem::path& logdir,
                                                         SummaryWriterOptions options = {});
  ~SummaryWriter();
  SummaryWriter(const SummaryWriter&) = delete;
  SummaryWriter& operator=(const SummaryWriter&) = delete;

  // Sets the summary_description carried by the metadata of `tag`'s first value (shown as the
  // chart's description). Must be called before that value is written; later calls have no effect
  // on the file.
  void SetDescription(std::string_view tag, std::string_view description);

  // A scalar, as tf.summary.scalar writes it: a DT_FLOAT shape [] tensor (plugin "scalars"), or a
  // v1 simple_value when options.v1_scalars. The value is stored as float32 either way.
  Status AddScalar(std::string_view tag, double value, int64_t step,
                   std::optional<double> wall_time = {});

  // A histogram of `values`, bucketed as tf.summary.histogram does: `bucket_count` equal-width
  // buckets from min to max as a DT_DOUBLE [bucket_count, 3] tensor of rows
  // [left_edge, right_edge, count] (plugin "histograms"). If every value is the same, all rows
  // are [v, v, 0] except the last, which holds the count. No values: bucket_count rows of
  // zeros. bucket_count <= 0: a [0, 3] tensor. Values must be finite (InvalidArgument otherwise).
  Status AddHistogram(std::string_view tag, std::span<const double> values, int64_t step,
                      int bucket_count = 30, std::optional<double> wall_time = {});

  // A histogram from ready-made [left_edge, right_edge, count] rows, written as given.
  Status AddHistogramBuckets(std::string_view tag, std::span<const std::array<double, 3>> buckets,
                             int64_t step, std::optional<double> wall_time = {});

  // One encoded image (normally PNG; see EncodePng) of width x height pixels, as tf.summary.image
  // writes it: a DT_STRING [3] tensor [ascii(width), ascii(height), image] (plugin "images").
  Status AddImage(std::string_view tag, std::string_view png_bytes, int width, int height,
                  int64_t step, std::optional<double> wall_time = {});
  // Several images of the same size at one step: a DT_STRING [2 + k] tensor.
  Status AddImage(std::string_view tag, std::span<const std::string> png_images, int width,
                  int height, int64_t step, std::optional<double> wall_time = {});

  // Markdown text, as tf.summary.text writes it: a DT_STRING scalar tensor (plugin "text").
  Status AddText(std::string_view tag, std::string_view markdown, int64_t step,
                 std::optional<double> wall_time = {});

  // The run's graph, as a graph_def event at step 0.
  Status AddGraph(const tensorboard::GraphDef& graph);

  // The hparams experiment (tag _hparams_/experiment), normally written once into the parent
  // directory of the session runs. A zero time_created_secs is filled in from the clock.
  Status AddHParamsConfig(const tensorboard::hparams::Experiment& experiment);
  // The start of one session (one trial) in this run: its hparam values and the group it belongs
  // to (sessions with the same group_name are aggregated; TensorBoard's helpers use a trial id
  // or a hash of the hparams). Tag _hparams_/session_start_info.
  Status AddSessionStart(const std::map<std::string, HParamValue>& hparams,
                         std::string_view group_name, double start_time_secs);
  // The end of this run's session. Tag _hparams_/session_end_info.
  Status AddSessionEnd(tensorboard::hparams::Status status, double end_time_secs);

  // A SessionLog START at `step`, as a job restarted from a checkpoint writes it: TensorBoard
  // then discards the points of this run with step >= `step` that it read before.
  Status AddSessionLogStart(int64_t step);

  // Writes `event` as given (no wall time or metadata filled in).
  Status WriteEvent(const tensorboard::Event& event);

  Status Flush();
  // Flushes and closes the file. Later calls do nothing and return OK, or the I/O error that
  // stopped the writer earlier.
  Status Close();

  const std::filesystem::path& path() const { return path_; }

 private:
  SummaryWriter(std::filesystem::path path, std::unique_ptr<TfRecordWriter> records,
                SummaryWriterOptions options);

  double Now() const;
  double WallTime(std::optional<double> wall_time) const;

  enum class Metadata {
    kOnFirstValue,  // add the plugin metadata to the tag's first value (v2 tensors)
    kNone,          // never (v1 simple_value)
    kAsGiven,       // the value already carries it, on every value (hparams)
  };
  // Writes `event`, whose summary holds one value of a `plugin_name` kind, after checking that
  // its tag is non-empty and was not used for another kind. Requires mu_.
  Status WriteValueLocked(std::string_view plugin_name, Metadata metadata,
                          tensorboard::Event* event);
  // The metadata of a tag's first value: the plugin name, empty content (every plugin's
  // version-0 data serializes to nothing) and the tag's description, if any. Requires mu_.
  tensorboard::SummaryMetadata FirstMetadataLocked(std::string_view tag,
                                                   std::string_view plugin_name) const;
  // Writes one tensor value at (step, wall_time), with metadata if it is the first of its tag.
  Status WriteTensor(std::string_view tag, std::string_view plugin_name,
                     tensorboard::TensorProto tensor, int64_t step,
                     std::optional<double> wall_time);
  Status WriteHParams(std::string_view tag, const tensorboard::hparams::HParamsPluginData& data,
                      double wall_time);
  // Serializes and frames `event`; flushes if flush_secs have passed. Requires mu_.
  Status WriteLocked(const tensorboard::Event& event);

  const std::filesystem::path path_;
  const SummaryWriterOptions options_;

  std::mutex mu_;
  std::unique_ptr<TfRecordWriter> records_;  // null once closed or after an I/O error
  Status error_;  // the I/O error that closed records_, returned by later calls
  // Tag -> plugin name of its first value (v1 scalars count as "scalars").
  std::map<std::string, std::string, std::less<>> tag_plugins_;
  std::map<std::string, std::string, std::less<>> descriptions_;
  double last_flush_ = 0;  // steady-clock seconds
};

// Encodes 8-bit pixels (row-major, `channels` interleaved samples per pixel: 1 gray,
// 2 gray+alpha, 3 RGB, 4 RGBA) as a PNG file, zlib-compressed. Returns "" if the dimensions are
// not positive, channels is not 1-4 or pixels.size() != width * height * channels.
std::string EncodePng(int width, int height, int channels, std::span<const uint8_t> pixels);

}  // namespace tracker

#endif  // TRACKER_WRITER_SUMMARY_WRITER_H_
