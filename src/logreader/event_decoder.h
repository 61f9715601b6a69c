// Decodes one serialized Event: a wire-level fast path for plain scalar events, the generated
// classes for everything else.
#ifndef TRACKER_LOGREADER_EVENT_DECODER_H_
#define TRACKER_LOGREADER_EVENT_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tracker {

// How a fast-path value was written; the run decides from the tag's first metadata whether it
// is a scalar (a float tensor under a tag that is not a "scalars" tag is not one).
enum class FastValueKind : uint8_t {
  kSimpleValue,   // v1 Summary.Value.simple_value (float32)
  kFloatTensor,   // v2 DT_FLOAT scalar tensor
  kDoubleTensor,  // v2 DT_DOUBLE scalar tensor
};

struct FastScalarValue {
  std::string_view tag;       // points into the payload
  std::string_view metadata;  // serialized SummaryMetadata, empty if absent; points into payload
  double value;
  FastValueKind kind;
};

// A summary event whose every value is a scalar: the bulk of every logdir.
struct FastScalarEvent {
  static constexpr size_t kMaxValues = 8;
  double wall_time = 0;
  int64_t step = 0;
  size_t num_values = 0;
  FastScalarValue values[kMaxValues];
};

// Decodes `payload` if it is a plain scalar event: only wall_time, step and a summary whose
// values each carry just a tag, optional metadata (left serialized: TF 2.x repeats it on every
// value, and only a tag's first metadata matters) and a simple_value or a scalar
// DT_FLOAT/DT_DOUBLE tensor (no node_name). Returns false, leaving *out unspecified, for anything else: the
// caller then parses the payload with the generated classes, which also report malformed
// bytes. Never reads outside `payload`.
bool DecodeFastScalarEvent(std::string_view payload, FastScalarEvent* out);

}  // namespace tracker

#endif  // TRACKER_LOGREADER_EVENT_DECODER_H_
