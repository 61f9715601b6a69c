#include "logreader/data_compat.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "tensorboard/histogram.pb.h"
#include "tensorboard/plugins/audio.pb.h"
#include "tensorboard/plugins/histogram.pb.h"
#include "tensorboard/plugins/image.pb.h"
#include "tensorboard/plugins/scalar.pb.h"
#include "tensorboard/types.pb.h"

namespace tracker {
namespace {

using tensorboard::Summary;
using tensorboard::SummaryMetadata;
using tensorboard::TensorProto;

// New metadata for a migrated v1 value: TensorBoard keeps the writer's display name if it set
// one, else uses the tag; the description is carried over.
SummaryMetadata MigratedMetadata(const Summary::Value& value, std::string_view plugin,
                                 const std::string& content) {
  SummaryMetadata m;
  m.mutable_plugin_data()->set_plugin_name(std::string(plugin));
  m.mutable_plugin_data()->set_content(content);
  const std::string& old_display = value.metadata().display_name();
  m.set_display_name(old_display.empty() ? value.tag() : old_display);
  m.set_summary_description(value.metadata().summary_description());
  return m;
}

void SetShape(TensorProto* t, std::initializer_list<int64_t> dims) {
  auto* shape = t->mutable_tensor_shape();
  shape->clear_dim();
  for (int64_t d : dims) shape->add_dim()->set_size(d);
}

void MigrateScalar(Summary::Value* value) {
  const float v = value->simple_value();
  SummaryMetadata m = MigratedMetadata(*value, kScalarsPlugin,
                                       tensorboard::ScalarPluginData().SerializeAsString());
  TensorProto* t = value->mutable_tensor();  // clears the simple_value oneof member
  t->set_dtype(tensorboard::DT_FLOAT);
  t->mutable_tensor_shape();
  t->add_float_val(v);
  *value->mutable_metadata() = std::move(m);
}

void MigrateHistogram(Summary::Value* value) {
  tensorboard::HistogramProto h = std::move(*value->mutable_histo());
  SummaryMetadata m = MigratedMetadata(*value, kHistogramsPlugin,
                                       tensorboard::HistogramPluginData().SerializeAsString());
  const int n = std::min(h.bucket_size(), h.bucket_limit_size());
  int start = -1, end = -1;
  for (int i = 0; i < n; ++i) {
    if (h.bucket(i) > 0) {
      if (start < 0) start = i;
      end = i;
    }
  }
  std::vector<float> cells;
  if (start >= 0) {
    cells.reserve(static_cast<size_t>(end - start + 1) * 3);
    for (int i = start; i <= end; ++i) {
      const double left = i == start ? h.min() : h.bucket_limit(i - 1);
      const double right = i == end ? h.max() : h.bucket_limit(i);
      cells.push_back(static_cast<float>(left));
      cells.push_back(static_cast<float>(right));
      cells.push_back(static_cast<float>(h.bucket(i)));
    }
  }
  TensorProto* t = value->mutable_tensor();
  t->set_dtype(tensorboard::DT_FLOAT);
  SetShape(t, {static_cast<int64_t>(cells.size() / 3), 3});
  t->set_tensor_content(std::string(reinterpret_cast<const char*>(cells.data()),
                                    cells.size() * sizeof(float)));
  *value->mutable_metadata() = std::move(m);
}

void MigrateImage(Summary::Value* value) {
  Summary::Image image = std::move(*value->mutable_image());
  tensorboard::ImagePluginData content;
  content.set_converted_to_tensor(true);
  SummaryMetadata m = MigratedMetadata(*value, kImagesPlugin, content.SerializeAsString());
  TensorProto* t = value->mutable_tensor();
  t->set_dtype(tensorboard::DT_STRING);
  SetShape(t, {3});
  t->add_string_val(std::to_string(image.width()));
  t->add_string_val(std::to_string(image.height()));
  t->add_string_val(std::move(*image.mutable_encoded_image_string()));
  *value->mutable_metadata() = std::move(m);
}

void MigrateAudio(Summary::Value* value) {
  Summary::Audio audio = std::move(*value->mutable_audio());
  tensorboard::AudioPluginData content;
  content.set_encoding(tensorboard::AudioPluginData::WAV);
  content.set_converted_to_tensor(true);
  SummaryMetadata m = MigratedMetadata(*value, kAudioPlugin, content.SerializeAsString());
  TensorProto* t = value->mutable_tensor();
  t->set_dtype(tensorboard::DT_STRING);
  SetShape(t, {1, 2});
  t->add_string_val(std::move(*audio.mutable_encoded_audio_string()));
  t->add_string_val("");  // the label column
  *value->mutable_metadata() = std::move(m);
}

template <typename T>
T LoadLittleEndian(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

double HalfToDouble(uint16_t h) {
  const int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  double v;
  if (exp == 0) {
    v = std::ldexp(mant, -24);
  } else if (exp == 31) {
    v = mant ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
  } else {
    v = std::ldexp(mant + 1024, exp - 25);
  }
  return sign ? -v : v;
}

double BFloat16ToDouble(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

}  // namespace

void MigrateV1Value(Summary::Value* value) {
  switch (value->value_case()) {
    case Summary::Value::kSimpleValue: MigrateScalar(value); break;
    case Summary::Value::kHisto: MigrateHistogram(value); break;
    case Summary::Value::kImage: MigrateImage(value); break;
    case Summary::Value::kAudio: MigrateAudio(value); break;
    default: break;
  }
}

tensorboard::DataClass DataClassForPlugin(std::string_view p) {
  if (p == kScalarsPlugin) return tensorboard::DATA_CLASS_SCALAR;
  if (p == kHistogramsPlugin || p == kTextPlugin || p == kHParamsPlugin || p == "pr_curves" ||
      p == "mesh" || p == "custom_scalars") {
    return tensorboard::DATA_CLASS_TENSOR;
  }
  if (p == kImagesPlugin || p == kAudioPlugin || p == "graph_run_metadata" ||
      p == "graph_run_metadata_graph" || p == "graph_keras_model" ||
      p == kGraphTaggedRunMetadataPlugin || p == kGraphsPlugin) {
    return tensorboard::DATA_CLASS_BLOB_SEQUENCE;
  }
  return tensorboard::DATA_CLASS_UNKNOWN;
}

void ApplyDataClassCompat(const SummaryMetadata& first, Summary::Value* value) {
  if (first.data_class() != tensorboard::DATA_CLASS_UNKNOWN) return;
  const std::string& plugin = first.plugin_data().plugin_name();
  const tensorboard::DataClass data_class = DataClassForPlugin(plugin);
  if (data_class == tensorboard::DATA_CLASS_UNKNOWN) return;
  if (value->has_metadata()) value->mutable_metadata()->set_data_class(data_class);

  if (plugin == kAudioPlugin && value->has_tensor()) {
    // [k, 2] (audio, label) -> [k]: TensorBoard keeps only the audio column.
    TensorProto* t = value->mutable_tensor();
    const auto& dims = t->tensor_shape().dim();
    if (t->dtype() == tensorboard::DT_STRING && dims.size() == 2) {
      const int64_t rows = dims[0].size(), cols = dims[1].size();
      TensorProto column;
      column.set_dtype(tensorboard::DT_STRING);
      column.mutable_tensor_shape()->add_dim()->set_size(rows);
      for (int64_t r = 0; r < rows && r * cols < t->string_val_size(); ++r) {
        column.add_string_val(std::move(*t->mutable_string_val(static_cast<int>(r * cols))));
      }
      *t = std::move(column);
    }
  } else if (plugin == kHParamsPlugin) {
    if (!value->has_tensor()) {
      TensorProto* t = value->mutable_tensor();  // the null tensor: DT_FLOAT of shape [0]
      t->set_dtype(tensorboard::DT_FLOAT);
      t->mutable_tensor_shape()->add_dim()->set_size(0);
    }
  } else if (plugin == "graph_run_metadata" || plugin == "graph_run_metadata_graph" ||
             plugin == "graph_keras_model") {
    if (value->has_tensor() && value->tensor().tensor_shape().dim_size() == 0) {
      value->mutable_tensor()->mutable_tensor_shape()->add_dim()->set_size(1);
    }
  }
}

TensorProto StringTensor(std::initializer_list<int64_t> shape,
                         std::initializer_list<std::string_view> values) {
  TensorProto t;
  t.set_dtype(tensorboard::DT_STRING);
  SetShape(&t, shape);
  for (std::string_view v : values) t.add_string_val(std::string(v));
  return t;
}

Summary::Value RunGraphValue(const std::string& graph_def) {
  Summary::Value v;
  v.set_tag(std::string(kRunGraphTag));
  auto* m = v.mutable_metadata();
  m->mutable_plugin_data()->set_plugin_name(std::string(kGraphsPlugin));
  m->set_data_class(tensorboard::DATA_CLASS_BLOB_SEQUENCE);
  *v.mutable_tensor() = StringTensor({1}, {graph_def});
  return v;
}

Summary::Value TaggedRunMetadataValue(const tensorboard::TaggedRunMetadata& trm) {
  Summary::Value v;
  v.set_tag(trm.tag());
  auto* m = v.mutable_metadata();
  m->mutable_plugin_data()->set_plugin_name(std::string(kGraphTaggedRunMetadataPlugin));
  m->set_data_class(tensorboard::DATA_CLASS_BLOB_SEQUENCE);
  *v.mutable_tensor() = StringTensor({1}, {trm.run_metadata()});
  return v;
}

double ParseFileVersion(std::string_view fv) {
  constexpr std::string_view kPrefix = "brain.Event:";
  if (fv.substr(0, kPrefix.size()) != kPrefix) return -1;
  std::string rest(fv.substr(kPrefix.size()));
  if (rest.empty()) return -1;
  char* end = nullptr;
  double v = std::strtod(rest.c_str(), &end);
  return (end != rest.c_str() + rest.size()) ? -1 : v;
}

std::optional<int64_t> NumElements(const TensorProto& tensor) {
  int64_t n = 1;
  for (const auto& d : tensor.tensor_shape().dim()) {
    if (d.size() < 0) return std::nullopt;
    if (d.size() != 0 && n > std::numeric_limits<int64_t>::max() / d.size()) return std::nullopt;
    n *= d.size();
  }
  return n;
}

std::optional<double> ScalarFromTensor(const TensorProto& t) {
  auto n = NumElements(t);
  if (!n || *n < 1) return std::nullopt;
  const std::string& raw = t.tensor_content();
  auto from_content = [&](size_t width) -> const char* {
    return raw.size() >= width ? raw.data() : nullptr;
  };
  switch (t.dtype()) {
    case tensorboard::DT_FLOAT:
      if (const char* p = from_content(4)) return LoadLittleEndian<float>(p);
      if (t.float_val_size() > 0) return t.float_val(0);
      break;
    case tensorboard::DT_DOUBLE:
      if (const char* p = from_content(8)) return LoadLittleEndian<double>(p);
      if (t.double_val_size() > 0) return t.double_val(0);
      break;
    case tensorboard::DT_INT32:
      if (const char* p = from_content(4)) return LoadLittleEndian<int32_t>(p);
      if (t.int_val_size() > 0) return t.int_val(0);
      break;
    case tensorboard::DT_INT16:
      if (const char* p = from_content(2)) return LoadLittleEndian<int16_t>(p);
      if (t.int_val_size() > 0) return t.int_val(0);
      break;
    case tensorboard::DT_INT8:
      if (const char* p = from_content(1)) return LoadLittleEndian<int8_t>(p);
      if (t.int_val_size() > 0) return t.int_val(0);
      break;
    case tensorboard::DT_UINT8:
      if (const char* p = from_content(1)) return LoadLittleEndian<uint8_t>(p);
      if (t.int_val_size() > 0) return t.int_val(0);
      break;
    case tensorboard::DT_UINT16:
      if (const char* p = from_content(2)) return LoadLittleEndian<uint16_t>(p);
      if (t.int_val_size() > 0) return t.int_val(0);
      break;
    case tensorboard::DT_INT64:
      if (const char* p = from_content(8)) return static_cast<double>(LoadLittleEndian<int64_t>(p));
      if (t.int64_val_size() > 0) return static_cast<double>(t.int64_val(0));
      break;
    case tensorboard::DT_UINT32:
      if (const char* p = from_content(4)) return LoadLittleEndian<uint32_t>(p);
      if (t.uint32_val_size() > 0) return t.uint32_val(0);
      break;
    case tensorboard::DT_UINT64:
      if (const char* p = from_content(8)) {
        return static_cast<double>(LoadLittleEndian<uint64_t>(p));
      }
      if (t.uint64_val_size() > 0) return static_cast<double>(t.uint64_val(0));
      break;
    case tensorboard::DT_BOOL:
      if (const char* p = from_content(1)) return *p ? 1.0 : 0.0;
      if (t.bool_val_size() > 0) return t.bool_val(0) ? 1.0 : 0.0;
      break;
    case tensorboard::DT_HALF:
      if (const char* p = from_content(2)) return HalfToDouble(LoadLittleEndian<uint16_t>(p));
      if (t.half_val_size() > 0) return HalfToDouble(static_cast<uint16_t>(t.half_val(0)));
      break;
    case tensorboard::DT_BFLOAT16:
      if (const char* p = from_content(2)) return BFloat16ToDouble(LoadLittleEndian<uint16_t>(p));
      if (t.half_val_size() > 0) return BFloat16ToDouble(static_cast<uint16_t>(t.half_val(0)));
      break;
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace tracker
