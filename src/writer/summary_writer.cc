// SummaryWriter. Every layout decision here copies what tf.summary (TF 2.x) and TensorBoard's
// summary helpers write, because readers (TensorBoard's data_compat, our event decoder) key on
// exactly those shapes, dtypes and plugin names.
#include "writer/summary_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <system_error>
#include <utility>
#include <vector>

#include "logreader/tf_record_writer.h"

namespace tracker {
namespace {

static_assert(std::endian::native == std::endian::little,
              "tensor_content is little-endian; this writer copies host memory into it");

constexpr char kFileVersion[] = "brain.Event:2";
constexpr char kScalarsPlugin[] = "scalars";
constexpr char kHistogramsPlugin[] = "histograms";
constexpr char kImagesPlugin[] = "images";
constexpr char kTextPlugin[] = "text";
constexpr char kHParamsPlugin[] = "hparams";
constexpr char kExperimentTag[] = "_hparams_/experiment";
constexpr char kSessionStartTag[] = "_hparams_/session_start_info";
constexpr char kSessionEndTag[] = "_hparams_/session_end_info";

// Makes event file names unique within the process, like the uid counter of TensorBoard's
// EventFileWriter: two writers opened in the same second on the same logdir get distinct names
// that still sort in creation order.
std::atomic<int> file_counter{0};

double SystemSeconds() {
  using std::chrono::duration;
  return duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double SteadySeconds() {
  using std::chrono::duration;
  return duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// Map fields (hparams, node attrs) serialize in hash order by default; a fixed order makes files
// reproducible byte for byte, which the demo logdir and the tests rely on.
StatusOr<std::string> SerializeDeterministic(const google::protobuf::MessageLite& message) {
  std::string out;
  bool ok;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    ok = message.SerializeToCodedStream(&coded);
  }
  if (!ok) return InvalidArgumentError("message too large to serialize");
  return out;
}

void SetShape(std::initializer_list<int64_t> dims, tensorboard::TensorProto* tensor) {
  auto* shape = tensor->mutable_tensor_shape();
  for (int64_t d : dims) shape->add_dim()->set_size(d);
}

// TF's kernels write numeric tensors as tensor_content (raw little-endian), not the typed fields.
tensorboard::TensorProto DoubleTensor(std::span<const double> data,
                                      std::initializer_list<int64_t> dims) {
  tensorboard::TensorProto tensor;
  tensor.set_dtype(tensorboard::DT_DOUBLE);
  SetShape(dims, &tensor);
  tensor.set_tensor_content(reinterpret_cast<const char*>(data.data()), data.size_bytes());
  return tensor;
}

// Rows [left, right, count] exactly as tf.summary.histogram's _buckets computes them.
std::vector<double> Bucketize(std::span<const double> values, int bucket_count) {
  const size_t k = static_cast<size_t>(std::max(0, bucket_count));
  std::vector<double> rows(k * 3, 0.0);
  if (values.empty() || k == 0) return rows;
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const double lo = *min_it;
  const double hi = *max_it;
  const double range = hi - lo;
  if (range == 0) {
    // A zero-width range cannot be cut into buckets; TF puts every value in the last one.
    for (size_t i = 0; i < k; ++i) rows[3 * i] = rows[3 * i + 1] = hi;
    rows[3 * (k - 1) + 2] = static_cast<double>(values.size());
    return rows;
  }
  const double width = range / static_cast<double>(k);
  for (double v : values) {
    const double offset = std::floor((v - lo) / width);
    // The maximum (and rounding just below it) lands on index k; it belongs to the last bucket.
    const size_t index = std::min(static_cast<size_t>(offset), k - 1);
    rows[3 * index + 2] += 1;
  }
  for (size_t i = 0; i < k; ++i) {
    rows[3 * i] = lo + static_cast<double>(i) * width;
    // The last right edge is max itself, not lo + k * width with its rounding error.
    rows[3 * i + 1] = i + 1 == k ? hi : lo + static_cast<double>(i + 1) * width;
  }
  return rows;
}

// --- PNG -----------------------------------------------------------------------------------------

void AppendBigEndian32(uint32_t v, std::string* out) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(bytes, 4);
}

void AppendChunk(const char type[4], std::string_view data, std::string* out) {
  AppendBigEndian32(static_cast<uint32_t>(data.size()), out);
  const size_t type_at = out->size();
  out->append(type, 4);
  out->append(data);
  // The chunk CRC covers the type and the data (PNG spec 5.3); zlib's crc32 is PNG's CRC.
  const auto* crc_begin = reinterpret_cast<const Bytef*>(out->data() + type_at);
  AppendBigEndian32(static_cast<uint32_t>(crc32(0, crc_begin, 4 + data.size())), out);
}

}  // namespace

std::string EncodePng(int width, int height, int channels, std::span<const uint8_t> pixels) {
  if (width <= 0 || height <= 0 || channels < 1 || channels > 4) return "";
  const size_t row_bytes = static_cast<size_t>(width) * static_cast<size_t>(channels);
  if (row_bytes + 1 > std::numeric_limits<size_t>::max() / static_cast<size_t>(height)) return "";
  if (pixels.size() != row_bytes * static_cast<size_t>(height)) return "";

  // Each scanline is prefixed with its filter type; 0 (none) keeps the encoder trivial and the
  // images here are small.
  std::string raw;
  raw.reserve((row_bytes + 1) * static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');
    raw.append(reinterpret_cast<const char*>(pixels.data()) + y * row_bytes, row_bytes);
  }
  uLongf compressed_size = compressBound(raw.size());
  std::string compressed(compressed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
                reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                Z_BEST_COMPRESSION) != Z_OK) {
    return "";
  }
  compressed.resize(compressed_size);

  // Colour types by channel count: gray, gray+alpha, RGB, RGBA.
  static constexpr char kColorType[] = {0, 4, 2, 6};
  std::string header;
  AppendBigEndian32(static_cast<uint32_t>(width), &header);
  AppendBigEndian32(static_cast<uint32_t>(height), &header);
  header += {8, kColorType[channels - 1], 0, 0, 0};  // depth, colour, deflate, filter, no interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  AppendChunk("IHDR", header, &png);
  AppendChunk("IDAT", compressed, &png);
  AppendChunk("IEND", "", &png);
  return png;
}

// --- SummaryWriter -------------------------------------------------------------------------------

StatusOr<std::unique_ptr<SummaryWriter>> SummaryWriter::Create(const std::filesystem::path& logdir,
                                                               SummaryWriterOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(logdir, ec);
  if (ec) {
    return UnavailableError(logdir.string() + ": cannot create directory: " + ec.message());
  }
  const double now = options.clock != nullptr ? options.clock() : SystemSeconds();
  char stamp[32];
  std::snprintf(stamp, sizeof(stamp), "%010" PRId64, static_cast<int64_t>(now));
  const std::string name = std::string("events.out.tfevents.") + stamp + "." + HostName() + "." +
                           std::to_string(getpid()) + "." + std::to_string(file_counter++) +
                           options.filename_suffix;
  std::filesystem::path path = logdir / name;
  ASSIGN_OR_RETURN(std::unique_ptr<TfRecordWriter> records, TfRecordWriter::Open(path));
  std::unique_ptr<SummaryWriter> writer(
      new SummaryWriter(std::move(path), std::move(records), std::move(options)));

  tensorboard::Event event;
  event.set_wall_time(now);
  event.set_file_version(kFileVersion);
  event.mutable_source_metadata()->set_writer("tracker");
  RETURN_IF_ERROR(writer->WriteEvent(event));
  return writer;
}

SummaryWriter::SummaryWriter(std::filesystem::path path, std::unique_ptr<TfRecordWriter> records,
                             SummaryWriterOptions options)
    : path_(std::move(path)),
      options_(std::move(options)),
      records_(std::move(records)),
      last_flush_(SteadySeconds()) {}

SummaryWriter::~SummaryWriter() { Close(); }

double SummaryWriter::Now() const {
  return options_.clock != nullptr ? options_.clock() : SystemSeconds();
}

void SummaryWriter::SetDescription(std::string_view tag, std::string_view description) {
  std::lock_guard lock(mu_);
  descriptions_.insert_or_assign(std::string(tag), std::string(description));
}

double SummaryWriter::WallTime(std::optional<double> wall_time) const {
  return wall_time.has_value() ? *wall_time : Now();
}

Status SummaryWriter::WriteValueLocked(std::string_view plugin_name, Metadata metadata,
                                       tensorboard::Event* event) {
  tensorboard::Summary::Value* value = event->mutable_summary()->mutable_value(0);
  const std::string& tag = value->tag();
  if (tag.empty()) return InvalidArgumentError("summary tag is empty");
  const auto it = tag_plugins_.find(tag);
  const bool first = it == tag_plugins_.end();
  // Readers keep only the first metadata of a tag, so a value of another kind would be
  // misread (e.g. text bytes decoded as a scalar).
  if (!first && it->second != plugin_name) {
    return InvalidArgumentError("tag '" + tag + "' holds " + it->second + " data; cannot add " +
                                std::string(plugin_name) + " to it");
  }
  if (first && metadata == Metadata::kOnFirstValue) {
    *value->mutable_metadata() = FirstMetadataLocked(tag, plugin_name);
  }
  RETURN_IF_ERROR(WriteLocked(*event));
  // Only a value that made it into the file counts as the tag's first (and metadata carrier).
  if (first) tag_plugins_.emplace(tag, std::string(plugin_name));
  return OkStatus();
}

tensorboard::SummaryMetadata SummaryWriter::FirstMetadataLocked(
    std::string_view tag, std::string_view plugin_name) const {
  tensorboard::SummaryMetadata metadata;
  // The content is the serialized version-0 plugin data (ScalarPluginData etc.), which proto3
  // encodes as zero bytes; tf.summary leaves display_name empty.
  metadata.mutable_plugin_data()->set_plugin_name(std::string(plugin_name));
  if (const auto it = descriptions_.find(tag); it != descriptions_.end()) {
    metadata.set_summary_description(it->second);
  }
  return metadata;
}

Status SummaryWriter::WriteTensor(std::string_view tag, std::string_view plugin_name,
                                  tensorboard::TensorProto tensor, int64_t step,
                                  std::optional<double> wall_time) {
  tensorboard::Event event;
  event.set_wall_time(WallTime(wall_time));
  event.set_step(step);
  auto* value = event.mutable_summary()->add_value();
  value->set_tag(std::string(tag));
  *value->mutable_tensor() = std::move(tensor);
  std::lock_guard lock(mu_);
  return WriteValueLocked(plugin_name, Metadata::kOnFirstValue, &event);
}

Status SummaryWriter::AddScalar(std::string_view tag, double value, int64_t step,
                                std::optional<double> wall_time) {
  const float as_float = static_cast<float>(value);
  if (!options_.v1_scalars) {
    tensorboard::TensorProto tensor;
    tensor.set_dtype(tensorboard::DT_FLOAT);
    tensor.mutable_tensor_shape();  // present and empty: a scalar
    tensor.set_tensor_content(reinterpret_cast<const char*>(&as_float), sizeof(as_float));
    return WriteTensor(tag, kScalarsPlugin, std::move(tensor), step, wall_time);
  }
  // v1, as TF1's tf.summary.scalar and PyTorch write it: no metadata at all.
  tensorboard::Event event;
  event.set_wall_time(WallTime(wall_time));
  event.set_step(step);
  auto* summary_value = event.mutable_summary()->add_value();
  summary_value->set_tag(std::string(tag));
  summary_value->set_simple_value(as_float);
  std::lock_guard lock(mu_);
  return WriteValueLocked(kScalarsPlugin, Metadata::kNone, &event);
}

Status SummaryWriter::AddHistogram(std::string_view tag, std::span<const double> values,
                                   int64_t step, int bucket_count,
                                   std::optional<double> wall_time) {
  for (double v : values) {
    if (!std::isfinite(v)) {
      return InvalidArgumentError("histogram '" + std::string(tag) + "' has a non-finite value");
    }
  }
  const std::vector<double> rows = Bucketize(values, bucket_count);
  return WriteTensor(tag, kHistogramsPlugin,
                     DoubleTensor(rows, {static_cast<int64_t>(rows.size() / 3), 3}), step,
                     wall_time);
}

Status SummaryWriter::AddHistogramBuckets(std::string_view tag,
                                          std::span<const std::array<double, 3>> buckets,
                                          int64_t step, std::optional<double> wall_time) {
  static_assert(sizeof(std::array<double, 3>) == 3 * sizeof(double));
  const std::span<const double> flat(buckets.empty() ? nullptr : buckets.front().data(),
                                     buckets.size() * 3);
  return WriteTensor(tag, kHistogramsPlugin,
                     DoubleTensor(flat, {static_cast<int64_t>(buckets.size()), 3}), step,
                     wall_time);
}

Status SummaryWriter::AddImage(std::string_view tag, std::string_view png_bytes, int width,
                               int height, int64_t step, std::optional<double> wall_time) {
  const std::string image(png_bytes);
  return AddImage(tag, std::span<const std::string>(&image, 1), width, height, step, wall_time);
}

Status SummaryWriter::AddImage(std::string_view tag, std::span<const std::string> png_images,
                               int width, int height, int64_t step,
                               std::optional<double> wall_time) {
  if (width <= 0 || height <= 0) {
    return InvalidArgumentError("image '" + std::string(tag) + "' has size " +
                                std::to_string(width) + "x" + std::to_string(height));
  }
  tensorboard::TensorProto tensor;
  tensor.set_dtype(tensorboard::DT_STRING);
  SetShape({static_cast<int64_t>(png_images.size()) + 2}, &tensor);
  tensor.add_string_val(std::to_string(width));
  tensor.add_string_val(std::to_string(height));
  for (const std::string& image : png_images) tensor.add_string_val(image);
  return WriteTensor(tag, kImagesPlugin, std::move(tensor), step, wall_time);
}

Status SummaryWriter::AddText(std::string_view tag, std::string_view markdown, int64_t step,
                              std::optional<double> wall_time) {
  tensorboard::TensorProto tensor;
  tensor.set_dtype(tensorboard::DT_STRING);
  tensor.mutable_tensor_shape();
  tensor.add_string_val(std::string(markdown));
  return WriteTensor(tag, kTextPlugin, std::move(tensor), step, wall_time);
}

Status SummaryWriter::AddGraph(const tensorboard::GraphDef& graph) {
  ASSIGN_OR_RETURN(std::string bytes, SerializeDeterministic(graph));
  tensorboard::Event event;
  event.set_wall_time(Now());
  event.set_graph_def(std::move(bytes));
  return WriteEvent(event);
}

Status SummaryWriter::WriteHParams(std::string_view tag,
                                   const tensorboard::hparams::HParamsPluginData& data,
                                   double wall_time) {
  ASSIGN_OR_RETURN(std::string content, SerializeDeterministic(data));
  tensorboard::Event event;
  event.set_wall_time(wall_time);
  auto* value = event.mutable_summary()->add_value();
  value->set_tag(std::string(tag));
  // Unlike other plugins, the data is the metadata, so every hparams value carries it. The
  // tensor is TensorBoard's "null tensor"; readers ignore it.
  auto* plugin_data = value->mutable_metadata()->mutable_plugin_data();
  plugin_data->set_plugin_name(kHParamsPlugin);
  plugin_data->set_content(std::move(content));
  value->mutable_tensor()->set_dtype(tensorboard::DT_FLOAT);
  SetShape({0}, value->mutable_tensor());

  std::lock_guard lock(mu_);
  return WriteValueLocked(kHParamsPlugin, Metadata::kAsGiven, &event);
}

Status SummaryWriter::AddHParamsConfig(const tensorboard::hparams::Experiment& experiment) {
  const double now = Now();
  tensorboard::hparams::HParamsPluginData data;
  *data.mutable_experiment() = experiment;
  if (data.experiment().time_created_secs() == 0) {
    data.mutable_experiment()->set_time_created_secs(now);
  }
  return WriteHParams(kExperimentTag, data, now);
}

Status SummaryWriter::AddSessionStart(const std::map<std::string, HParamValue>& hparams,
                                      std::string_view group_name, double start_time_secs) {
  tensorboard::hparams::HParamsPluginData data;
  auto* info = data.mutable_session_start_info();
  for (const auto& [name, value] : hparams) {
    google::protobuf::Value& out = (*info->mutable_hparams())[name];
    if (const auto* d = std::get_if<double>(&value)) {
      out.set_number_value(*d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      out.set_string_value(*s);
    } else {
      out.set_bool_value(std::get<bool>(value));
    }
  }
  info->set_group_name(std::string(group_name));
  info->set_start_time_secs(start_time_secs);
  return WriteHParams(kSessionStartTag, data, Now());
}

Status SummaryWriter::AddSessionEnd(tensorboard::hparams::Status status, double end_time_secs) {
  tensorboard::hparams::HParamsPluginData data;
  data.mutable_session_end_info()->set_status(status);
  data.mutable_session_end_info()->set_end_time_secs(end_time_secs);
  return WriteHParams(kSessionEndTag, data, Now());
}

Status SummaryWriter::AddSessionLogStart(int64_t step) {
  tensorboard::Event event;
  event.set_wall_time(Now());
  event.set_step(step);
  event.mutable_session_log()->set_status(tensorboard::SessionLog::START);
  return WriteEvent(event);
}

Status SummaryWriter::WriteEvent(const tensorboard::Event& event) {
  std::lock_guard lock(mu_);
  return WriteLocked(event);
}

Status SummaryWriter::WriteLocked(const tensorboard::Event& event) {
  if (records_ == nullptr) {
    return error_.ok() ? FailedPreconditionError(path_.string() + ": writer is closed") : error_;
  }
  ASSIGN_OR_RETURN(const std::string payload, SerializeDeterministic(event));
  Status status = records_->Write(payload);
  // An oversized record is refused before anything is written; the file is still good.
  if (status.code() == StatusCode::kInvalidArgument) return status;
  if (status.ok() && options_.flush_secs >= 0) {
    const double now = SteadySeconds();
    if (now - last_flush_ >= options_.flush_secs) {
      status = records_->Flush();
      last_flush_ = now;
    }
  }
  if (!status.ok()) {
    // A failed write may have left part of a record in the file; anything appended after it
    // would be unreadable, so the writer stops here.
    records_->Close();
    records_.reset();
    error_ = status;
  }
  return status;
}

Status SummaryWriter::Flush() {
  std::lock_guard lock(mu_);
  if (records_ == nullptr) {
    return error_.ok() ? FailedPreconditionError(path_.string() + ": writer is closed") : error_;
  }
  last_flush_ = SteadySeconds();
  return records_->Flush();
}

Status SummaryWriter::Close() {
  std::lock_guard lock(mu_);
  if (records_ == nullptr) return error_;
  Status status = records_->Close();
  records_.reset();
  return status;
}

}  // namespace tracker
