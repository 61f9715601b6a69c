// NumericTensor: a stored numeric TensorProto decoded the way numpy's make_ndarray() does, for
// the plugins that serve whole tensors (histograms, distributions, PR curves).
#ifndef TRACKER_PLUGINS_TENSOR_VALUES_H_
#define TRACKER_PLUGINS_TENSOR_VALUES_H_

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "logreader/data_compat.h"
#include "tensorboard/tensor.pb.h"

namespace tracker::plugins {

struct NumericTensor {
  std::vector<int64_t> shape;
  std::vector<double> values;  // row-major, shape's product of them
  // Integer and bool dtypes: numpy's tolist() gives Python ints (bools: True/False, which
  // tracker writes as 1/0), so JSON shows no ".0".
  bool integral = false;
};

namespace tensor_values_internal {

template <typename T>
struct Type {
  using type = T;
};

template <typename T>
T LoadLittleEndian(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));  // tracker only builds for little-endian hosts
  return v;
}

inline double HalfToDouble(uint16_t h) {
  const int sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  double v;
  if (exponent == 0) {
    v = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    v = mantissa ? std::nan("") : INFINITY;
  } else {
    v = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return sign ? -v : v;
}

inline double BFloat16ToDouble(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

// make_ndarray's fallback for the typed repeated fields: no values -> zeros; fewer values than
// elements -> the last one repeated ("edge" padding); more -> unusable.
template <typename Field, typename Convert>
bool FromField(const Field& field, size_t n, Convert convert, std::vector<double>* out) {
  const size_t size = static_cast<size_t>(field.size());
  if (size > n) return false;
  out->reserve(n);
  for (const auto& v : field) out->push_back(convert(v));
  const double pad = size == 0 ? 0.0 : out->back();
  out->resize(n, pad);
  return true;
}

}  // namespace tensor_values_internal

// Decodes float, double, half, bfloat16, (u)int8..64 and bool tensors: tensor_content as a
// packed little-endian array when present (its size must match the shape), otherwise the
// dtype's repeated field. nullopt for other dtypes (strings, complex) and inconsistent sizes,
// where TensorBoard would fail the request; callers skip such points.
inline std::optional<NumericTensor> DecodeNumericTensor(const tensorboard::TensorProto& t) {
  using namespace tensor_values_internal;  // NOLINT(build/namespaces)
  const std::optional<int64_t> count = NumElements(t);
  if (!count || *count > (int64_t{1} << 40)) return std::nullopt;
  const size_t n = static_cast<size_t>(*count);
  NumericTensor out;
  for (const auto& dim : t.tensor_shape().dim()) out.shape.push_back(dim.size());
  const std::string& raw = t.tensor_content();

  // One dtype: T is its C++ type in tensor_content, `convert` maps a T or a field element to
  // double.
  auto decode = [&](auto tag, const auto& field, auto convert) {
    using T = typename decltype(tag)::type;
    if (raw.empty()) return FromField(field, n, convert, &out.values);
    if (raw.size() != n * sizeof(T)) return false;
    out.values.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      out.values.push_back(convert(LoadLittleEndian<T>(raw.data() + i * sizeof(T))));
    }
    return true;
  };
  auto as_double = [](auto v) { return static_cast<double>(v); };
  auto half = [](auto v) { return HalfToDouble(static_cast<uint16_t>(v)); };
  auto bfloat16 = [](auto v) { return BFloat16ToDouble(static_cast<uint16_t>(v)); };
  auto boolean = [](auto v) { return v ? 1.0 : 0.0; };
  bool ok = false;
  out.integral = true;
  switch (t.dtype()) {
    case tensorboard::DT_FLOAT:
      out.integral = false;
      ok = decode(Type<float>(), t.float_val(), as_double);
      break;
    case tensorboard::DT_DOUBLE:
      out.integral = false;
      ok = decode(Type<double>(), t.double_val(), as_double);
      break;
    case tensorboard::DT_HALF:
      out.integral = false;
      ok = decode(Type<uint16_t>(), t.half_val(), half);
      break;
    case tensorboard::DT_BFLOAT16:
      out.integral = false;
      ok = decode(Type<uint16_t>(), t.half_val(), bfloat16);
      break;
    case tensorboard::DT_INT8:
      ok = decode(Type<int8_t>(), t.int_val(), as_double);
      break;
    case tensorboard::DT_UINT8:
      ok = decode(Type<uint8_t>(), t.int_val(), as_double);
      break;
    case tensorboard::DT_INT16:
      ok = decode(Type<int16_t>(), t.int_val(), as_double);
      break;
    case tensorboard::DT_UINT16:
      ok = decode(Type<uint16_t>(), t.int_val(), as_double);
      break;
    case tensorboard::DT_INT32:
      ok = decode(Type<int32_t>(), t.int_val(), as_double);
      break;
    case tensorboard::DT_UINT32:
      ok = decode(Type<uint32_t>(), t.uint32_val(), as_double);
      break;
    case tensorboard::DT_INT64:
      ok = decode(Type<int64_t>(), t.int64_val(), as_double);
      break;
    case tensorboard::DT_UINT64:
      ok = decode(Type<uint64_t>(), t.uint64_val(), as_double);
      break;
    case tensorboard::DT_BOOL:
      ok = decode(Type<uint8_t>(), t.bool_val(), boolean);
      break;
    default:
      break;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_TENSOR_VALUES_H_
