// Read-time migration (spec §3): v1 summaries to tensor form, data classes from the first
// metadata of a tag, and the event-level values for graphs and run metadata.
#ifndef TRACKER_LOGREADER_DATA_COMPAT_H_
#define TRACKER_LOGREADER_DATA_COMPAT_H_

#include <optional>
#include <string>
#include <string_view>

#include "tensorboard/event.pb.h"
#include "tensorboard/summary.pb.h"
#include "tensorboard/tensor.pb.h"

namespace tracker {

// Plugin names tracker knows by heart.
inline constexpr std::string_view kScalarsPlugin = "scalars";
inline constexpr std::string_view kHistogramsPlugin = "histograms";
inline constexpr std::string_view kImagesPlugin = "images";
inline constexpr std::string_view kAudioPlugin = "audio";
inline constexpr std::string_view kTextPlugin = "text";
inline constexpr std::string_view kHParamsPlugin = "hparams";
inline constexpr std::string_view kGraphsPlugin = "graphs";
inline constexpr std::string_view kGraphTaggedRunMetadataPlugin = "graph_tagged_run_metadata";
inline constexpr std::string_view kRunGraphTag = "__run_graph__";

// Spec §3.1: rewrites a v1 value (simple_value, histo, image, audio) into a tensor with new
// metadata (display name = the old display name, else the tag). Tensor values and values with
// nothing to migrate are left alone.
void MigrateV1Value(tensorboard::Summary::Value* value);

// Spec §3.2: the data class a tag gets from the plugin of its first metadata.
tensorboard::DataClass DataClassForPlugin(std::string_view plugin_name);

// Spec §3.2: the per-value fixes keyed on the tag's first metadata (`first`), applied only
// when that first metadata came without a data class: audio keeps its first column, hparams
// values without a tensor get the null tensor, graph blobs of shape [] get shape [1]. Also
// fills in the data class of `value`'s own metadata.
void ApplyDataClassCompat(const tensorboard::SummaryMetadata& first,
                          tensorboard::Summary::Value* value);

// The value stored for a `graph_def` event: tag `__run_graph__`, plugin `graphs`, a DT_STRING
// [1] tensor holding the serialized GraphDef.
tensorboard::Summary::Value RunGraphValue(const std::string& graph_def);

// The value a `tagged_run_metadata` event becomes.
tensorboard::Summary::Value TaggedRunMetadataValue(const tensorboard::TaggedRunMetadata& trm);

// "brain.Event:2" -> 2; anything unparsable -> -1 (as TensorBoard).
double ParseFileVersion(std::string_view file_version);

// Number of elements a tensor's shape declares (1 for a scalar); nullopt on negative dims or
// overflow.
std::optional<int64_t> NumElements(const tensorboard::TensorProto& tensor);

// The single number a scalar summary holds, read with the tensor's own dtype (make_ndarray's
// rules of spec §2.4; a one-element repeated field fills the shape). nullopt for non-numeric
// dtypes or empty tensors.
std::optional<double> ScalarFromTensor(const tensorboard::TensorProto& tensor);

// A DT_STRING tensor of the given shape holding `values` (row-major).
tensorboard::TensorProto StringTensor(std::initializer_list<int64_t> shape,
                                      std::initializer_list<std::string_view> values);

}  // namespace tracker

#endif  // TRACKER_LOGREADER_DATA_COMPAT_H_
