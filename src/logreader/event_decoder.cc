// The fast path reads the protobuf wire format directly. Generated classes cost about 80 ns per
// event here (allocation of the Summary and Value messages and the tag string); decoding in
// place costs a few ns, and scalar events are most of every logdir. Anything unusual falls back
// to the generated classes, so this decoder only needs to be right about what it accepts.
#include "logreader/event_decoder.h"

#include <cstring>

namespace tracker {
namespace {

// Wire types.
constexpr uint32_t kVarint = 0;
constexpr uint32_t kFixed64 = 1;
constexpr uint32_t kLengthDelimited = 2;
constexpr uint32_t kFixed32 = 5;

// DataType values (tensorboard/types.proto).
constexpr uint64_t kDtFloat = 1;
constexpr uint64_t kDtDouble = 2;

class WireReader {
 public:
  WireReader(const char* begin, const char* end) : p_(begin), end_(end) {}

  bool done() const { return p_ == end_; }

  bool ReadVarint(uint64_t* v) {
    if (p_ != end_ && !(static_cast<uint8_t>(*p_) & 0x80)) {  // lengths and small steps
      *v = static_cast<uint8_t>(*p_++);
      return true;
    }
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      uint8_t byte = static_cast<uint8_t>(*p_++);
      result |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) {
        *v = result;
        return true;
      }
    }
    return false;
  }

  bool ReadKey(uint32_t* field, uint32_t* wire_type) {
    uint64_t key;
    // Single-byte keys are the common case (fields 1..15).
    if (p_ != end_ && !(static_cast<uint8_t>(*p_) & 0x80)) {
      key = static_cast<uint8_t>(*p_++);
    } else if (!ReadVarint(&key)) {
      return false;
    }
    *field = static_cast<uint32_t>(key >> 3);
    *wire_type = static_cast<uint32_t>(key & 7);
    return *field != 0;
  }

  bool ReadFixed64(uint64_t* v) {
    if (end_ - p_ < 8) return false;
    std::memcpy(v, p_, 8);  // little-endian host (x86-64, aarch64)
    p_ += 8;
    return true;
  }

  bool ReadFixed32(uint32_t* v) {
    if (end_ - p_ < 4) return false;
    std::memcpy(v, p_, 4);
    p_ += 4;
    return true;
  }

  bool ReadBytes(std::string_view* out) {
    uint64_t len;
    if (!ReadVarint(&len) || len > static_cast<uint64_t>(end_ - p_)) return false;
    *out = std::string_view(p_, len);
    p_ += len;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

double FloatFromBits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

double DoubleFromBits(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

// A scalar TensorProto: dtype DT_FLOAT or DT_DOUBLE, empty shape, exactly one value given
// either in the typed field or in tensor_content.
bool DecodeScalarTensor(std::string_view bytes, double* value, FastValueKind* kind) {
  WireReader r(bytes.data(), bytes.data() + bytes.size());
  uint64_t dtype = 0;
  int values_seen = 0;
  double v = 0;
  int value_width = 0;  // 4 for float32 sources, 8 for float64
  while (!r.done()) {
    uint32_t field, wt;
    if (!r.ReadKey(&field, &wt)) return false;
    switch (field) {
      case 1:  // dtype
        if (wt != kVarint || !r.ReadVarint(&dtype)) return false;
        break;
      case 2: {  // tensor_shape: must be empty (a scalar)
        std::string_view shape;
        if (wt != kLengthDelimited || !r.ReadBytes(&shape) || !shape.empty()) return false;
        break;
      }
      case 3: {  // version_number
        uint64_t ignored;
        if (wt != kVarint || !r.ReadVarint(&ignored)) return false;
        break;
      }
      case 4:    // tensor_content
      case 5:    // float_val (packed)
      case 6: {  // double_val (packed)
        if (wt == kLengthDelimited) {
          std::string_view data;
          if (!r.ReadBytes(&data)) return false;
          const int width = field == 5 ? 4 : field == 6 ? 8 : static_cast<int>(data.size());
          if (data.size() != static_cast<size_t>(width) || (width != 4 && width != 8)) {
            return false;
          }
          if (width == 4) {
            uint32_t bits;
            std::memcpy(&bits, data.data(), 4);
            v = FloatFromBits(bits);
          } else {
            uint64_t bits;
            std::memcpy(&bits, data.data(), 8);
            v = DoubleFromBits(bits);
          }
          value_width = width;
        } else if (field == 5 && wt == kFixed32) {
          uint32_t bits;
          if (!r.ReadFixed32(&bits)) return false;
          v = FloatFromBits(bits);
          value_width = 4;
        } else if (field == 6 && wt == kFixed64) {
          uint64_t bits;
          if (!r.ReadFixed64(&bits)) return false;
          v = DoubleFromBits(bits);
          value_width = 8;
        } else {
          return false;
        }
        ++values_seen;
        break;
      }
      default:
        return false;
    }
  }
  if (values_seen != 1) return false;
  if (dtype == kDtFloat && value_width == 4) {
    *kind = FastValueKind::kFloatTensor;
  } else if (dtype == kDtDouble && value_width == 8) {
    *kind = FastValueKind::kDoubleTensor;
  } else {
    return false;
  }
  *value = v;
  return true;
}

bool DecodeValue(std::string_view bytes, FastScalarValue* out) {
  WireReader r(bytes.data(), bytes.data() + bytes.size());
  bool has_tag = false, has_value = false;
  out->metadata = {};
  while (!r.done()) {
    uint32_t field, wt;
    if (!r.ReadKey(&field, &wt)) return false;
    if (field == 1 && wt == kLengthDelimited) {  // tag
      if (has_tag || !r.ReadBytes(&out->tag)) return false;
      has_tag = true;
    } else if (field == 2 && wt == kFixed32) {  // simple_value
      uint32_t bits;
      if (has_value || !r.ReadFixed32(&bits)) return false;
      out->value = FloatFromBits(bits);
      out->kind = FastValueKind::kSimpleValue;
      has_value = true;
    } else if (field == 8 && wt == kLengthDelimited) {  // tensor
      std::string_view tensor;
      if (has_value || !r.ReadBytes(&tensor)) return false;
      if (!DecodeScalarTensor(tensor, &out->value, &out->kind)) return false;
      has_value = true;
    } else if (field == 9 && wt == kLengthDelimited) {  // metadata
      // Twice, or present but empty: rare enough to leave to the general path.
      if (!out->metadata.empty() || !r.ReadBytes(&out->metadata) || out->metadata.empty()) {
        return false;
      }
    } else {
      // node_name, images, histograms, ...: the general path.
      return false;
    }
  }
  // An empty tag would make the general path fall back to node_name; leave that to it.
  return has_tag && has_value && !out->tag.empty();
}

// A length or a tag size: a one-byte varint (< 128). Longer ones are left to the general path.
inline bool ShortLength(const uint8_t*& p, const uint8_t* end, size_t* n) {
  if (p == end || (*p & 0x80)) return false;
  *n = *p++;
  return true;
}

// The one-value scalar event exactly as PyTorch, tensorboardX, Keras and tf.summary write it,
// matched byte by byte in a single pass: wall_time; step (absent when 0); a summary of one value
// with a short tag, then either simple_value, or a DT_FLOAT/DT_DOUBLE scalar tensor with the
// value packed in float_val/double_val or tensor_content; then optional metadata. Most events
// of every logdir look like this; anything else (and any doubt) is left to DecodeGeneral, which
// accepts a superset and decodes these bytes to the same result.
bool DecodeCommonLayout(std::string_view payload, FastScalarEvent* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(payload.data());
  const uint8_t* const end = p + payload.size();
  if (end - p < 9 || p[0] != 0x09) return false;  // field 1, fixed64
  uint64_t wall_bits;
  std::memcpy(&wall_bits, p + 1, 8);
  p += 9;
  uint64_t step = 0;
  if (p != end && *p == 0x10) {  // field 2, varint
    ++p;
    int shift = 0;
    while (true) {
      if (p == end || shift > 63) return false;
      const uint8_t byte = *p++;
      step |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
      shift += 7;
    }
  }
  size_t n;
  // summary (field 5), holding exactly one value (Summary field 1) that ends with the payload.
  if (p == end || *p++ != 0x2a || !ShortLength(p, end, &n) || n != static_cast<size_t>(end - p)) {
    return false;
  }
  if (p == end || *p++ != 0x0a || !ShortLength(p, end, &n) || n != static_cast<size_t>(end - p)) {
    return false;
  }
  // Value.tag (field 1), not empty.
  if (p == end || *p++ != 0x0a || !ShortLength(p, end, &n) || n == 0 ||
      n > static_cast<size_t>(end - p)) {
    return false;
  }
  FastScalarValue& v = out->values[0];
  v.tag = std::string_view(reinterpret_cast<const char*>(p), n);
  p += n;
  if (p == end) return false;
  if (*p == 0x15) {  // simple_value (field 2, fixed32)
    if (end - p < 5) return false;
    uint32_t bits;
    std::memcpy(&bits, p + 1, 4);
    v.value = FloatFromBits(bits);
    v.kind = FastValueKind::kSimpleValue;
    p += 5;
  } else if (*p == 0x42) {  // tensor (field 8)
    // dtype, an empty tensor_shape, then one value: float_val (0x2a), double_val (0x32) or
    // tensor_content (0x22) of the dtype's width.
    if (end - p < 12) return false;
    const uint8_t dtype = p[3];
    const int width = dtype == kDtFloat ? 4 : dtype == kDtDouble ? 8 : 0;
    const uint8_t field = p[6];
    if (width == 0 || p[1] != 6 + width || p[2] != 0x08 || p[4] != 0x12 || p[5] != 0x00 ||
        !(field == 0x22 || field == (width == 4 ? 0x2a : 0x32)) || p[7] != width ||
        end - p < 8 + width) {
      return false;
    }
    if (width == 4) {
      uint32_t bits;
      std::memcpy(&bits, p + 8, 4);
      v.value = FloatFromBits(bits);
      v.kind = FastValueKind::kFloatTensor;
    } else {
      uint64_t bits;
      std::memcpy(&bits, p + 8, 8);
      v.value = DoubleFromBits(bits);
      v.kind = FastValueKind::kDoubleTensor;
    }
    p += 8 + width;
  } else {
    return false;
  }
  v.metadata = {};
  if (p != end) {  // metadata (field 9), not empty, the last field
    if (*p++ != 0x4a || !ShortLength(p, end, &n) || n == 0 || n != static_cast<size_t>(end - p)) {
      return false;
    }
    v.metadata = std::string_view(reinterpret_cast<const char*>(p), n);
  }
  out->wall_time = DoubleFromBits(wall_bits);
  out->step = static_cast<int64_t>(step);
  out->num_values = 1;
  return true;
}

// Any plain scalar event: fields in any order, several values, long tags.
bool DecodeGeneral(std::string_view payload, FastScalarEvent* out) {
  WireReader r(payload.data(), payload.data() + payload.size());
  bool has_summary = false;
  out->wall_time = 0;
  out->step = 0;
  out->num_values = 0;
  while (!r.done()) {
    uint32_t field, wt;
    if (!r.ReadKey(&field, &wt)) return false;
    if (field == 1 && wt == kFixed64) {
      uint64_t bits;
      if (!r.ReadFixed64(&bits)) return false;
      out->wall_time = DoubleFromBits(bits);
    } else if (field == 2 && wt == kVarint) {
      uint64_t step;
      if (!r.ReadVarint(&step)) return false;
      out->step = static_cast<int64_t>(step);
    } else if (field == 5 && wt == kLengthDelimited) {
      // Two summary fields would be merged by protobuf; leave that rarity to the general path.
      std::string_view summary;
      if (has_summary || !r.ReadBytes(&summary)) return false;
      has_summary = true;
      WireReader sr(summary.data(), summary.data() + summary.size());
      while (!sr.done()) {
        uint32_t sfield, swt;
        std::string_view value;
        if (!sr.ReadKey(&sfield, &swt) || sfield != 1 || swt != kLengthDelimited ||
            !sr.ReadBytes(&value)) {
          return false;
        }
        if (out->num_values == FastScalarEvent::kMaxValues) return false;
        if (!DecodeValue(value, &out->values[out->num_values])) return false;
        ++out->num_values;
      }
    } else {
      return false;
    }
  }
  return has_summary && out->num_values > 0;
}

}  // namespace

bool DecodeFastScalarEvent(std::string_view payload, FastScalarEvent* out) {
  return DecodeCommonLayout(payload, out) || DecodeGeneral(payload, out);
}

}  // namespace tracker
