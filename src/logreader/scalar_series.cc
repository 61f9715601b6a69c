// Why this layout:
// * Scalars are the bulk of every logdir (tens of millions of points) and tracker keeps them all,
//   so bytes per point decide the server's footprint. A ScalarPoint is 24 bytes; a chunk takes
//   about 5 per point on training curves (steps 0, wall times ~2, float32 values <= 4).
// * Appends must cost nanoseconds: Add() only copies into an uncompressed tail, and encoding
//   happens in bulk once per kChunkPoints points. Seeing the whole chunk first also lets each
//   column pick its parameters (bit width, float32 or double, raw or delta).
// * Sealed chunks are immutable blocks of the chunk pool (chunk_pool.h), sized to 16 bytes: no
//   vector-doubling slack, nothing is re-encoded on append, and each chunk starts from absolute
//   values so it decodes on its own (PointsAt decodes only the chunks it needs). With 128
//   points per chunk the fixed costs (header, rounding, directory) are ~0.3 bytes per point,
//   while the tail of a long series costs 3 KiB; short series get a smaller tail that doubles
//   up to the chunk size.
// * Bit-packing rather than varints: every residual of a column takes the same number of bits,
//   so encoding and decoding are branch-free loops (varints mispredict on every size change and
//   cost whole bytes). Outliers (a pause for evaluation, a restart, a wall clock jump) would
//   widen the whole column, so values wider than the chosen width are stored as exceptions;
//   the width is the one that minimises the column's exact encoded size.
// * Everything is bit-exact. Wall times and values are encoded through their IEEE bit patterns:
//   for doubles of one sign the patterns are ordered like the values, so the difference of two
//   nearby times is a small integer, and wrapping integer arithmetic round-trips every pattern,
//   NaN payloads included. A value goes into 32 bits only when converting it to float and back
//   gives the same 64 bits, which is also what decoding does (this relies on IEEE conversions,
//   i.e. no -ffast-math).
//
// Chunk format (little-endian; "zz" is zigzag; varints are LEB128):
//   u8      value encoding (ValueEncoding)
//   u8      count n (1..kChunkPoints)
//   values  kFloatRaw: n x fixed32 float bits; kFloatDelta: fixed32 first float bits, then a
//           packed column of the n - 1 zz32(deltas of the float bits); kDoubleRaw and
//           kDoubleDelta: the same with fixed64 and zz64 over the double bits
//   varint  zz(first step)
//   fixed64 first wall-time bits
//   if n > 1:
//     varint zz(reference step delta), packed column of the n - 1 zz(step delta - reference)
//     varint zz(reference wall delta), the same over the wall-time bit patterns
//   7 bytes of padding, so that decoding may load 8 bytes at any byte of the chunk.
// The values come first: smoothing reads them alone, with nothing to skip.
// A packed column of m values:
//   u8 width w (0..64), u8 exception count e, ceil(m * w / 8) bytes holding the low w bits of
//   each value, LSB first (value i in bits [i * w, (i + 1) * w)), then e times: u8 index, varint
//   value (an exception: a value wider than w, replacing the low bits).
// The reference delta is the median of three sample deltas (first, middle, last): robust to one
// outlier and a single pass. A constant stride thus costs 2 bytes per column per chunk.
#include "logreader/scalar_series.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <utility>

#include "logreader/chunk_pool.h"

namespace tracker {
namespace {

static_assert(std::endian::native == std::endian::little, "chunks copy fixed-width fields raw");
static_assert(ScalarSeries::kChunkPoints <= 255, "counts and exception indices are one byte");

enum ValueEncoding : uint8_t {
  kFloatRaw = 0,
  kFloatDelta = 1,
  kDoubleRaw = 2,
  kDoubleDelta = 3,
};

constexpr size_t kN = ScalarSeries::kChunkPoints;
constexpr size_t kPadding = 7;
constexpr size_t kMaxVarint = 10;
// A column is never planned wider than its widest value without exceptions.
constexpr size_t kMaxPackedBytes = 2 + 8 * (kN - 1);
constexpr size_t kMaxChunkBytes = 2 + kMaxVarint + 8 +                  // header
                                  2 * (kMaxVarint + kMaxPackedBytes) +  // steps, walls
                                  8 * kN +                              // values
                                  8;  // the bit writer stores whole 8-byte words

static_assert(kMaxChunkBytes + kPadding <= chunk_pool::kMaxBytes, "every chunk fits the pool");

// Series start small and double their tail up to a whole chunk.
constexpr uint32_t kInitialTailCapacity = 8;

inline uint64_t ZigZag64(uint64_t v) { return (v << 1) ^ (0 - (v >> 63)); }
inline uint64_t UnZigZag64(uint64_t z) { return (z >> 1) ^ (0 - (z & 1)); }
inline uint32_t ZigZag32(uint32_t v) { return (v << 1) ^ (0u - (v >> 31)); }
inline uint32_t UnZigZag32(uint32_t z) { return (z >> 1) ^ (0u - (z & 1)); }

inline uint8_t* PutVarint(uint8_t* out, uint64_t v) {
  while (v >= 0x80) {
    *out++ = static_cast<uint8_t>(v) | 0x80;
    v >>= 7;
  }
  *out++ = static_cast<uint8_t>(v);
  return out;
}

// Chunks are written by this file only, so decoding trusts them (no bounds checks).
inline const uint8_t* GetVarint(const uint8_t* in, uint64_t* v) {
  uint64_t result = *in & 0x7f;
  int shift = 7;
  while (*in++ & 0x80) {
    result |= static_cast<uint64_t>(*in & 0x7f) << shift;
    shift += 7;
  }
  *v = result;
  return in;
}

inline uint8_t* PutFixed64(uint8_t* out, uint64_t v) {
  std::memcpy(out, &v, 8);
  return out + 8;
}
inline uint8_t* PutFixed32(uint8_t* out, uint32_t v) {
  std::memcpy(out, &v, 4);
  return out + 4;
}
inline uint64_t GetFixed64(const uint8_t* in) {
  uint64_t v;
  std::memcpy(&v, in, 8);
  return v;
}
inline uint32_t GetFixed32(const uint8_t* in) {
  uint32_t v;
  std::memcpy(&v, in, 4);
  return v;
}

inline uint64_t LowBits(int width) {
  return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
}

// --- Packed columns -----------------------------------------------------------------------------

// A column of m unsigned values (zigzagged residuals or deltas) and the OR of all of them.
struct Column {
  uint64_t v[kN];
  uint64_t any = 0;
};

// How a column will be packed: the width w, and (upper bounds on) its number of exceptions and
// its size in bytes.
struct Packing {
  int width = 0;
  size_t exceptions = 0;
  size_t bytes = 2;
};

// std::bit_width(v) for v >= 4, at least 3 for smaller v, and possibly one more than the width
// for v >= 2^54 (rounding); never less than the true width, which is all that planning needs.
// Baseline x86-64 has no LZCNT and BSR is slow on AMD; the exponent of a conversion to double is
// branch-free and pipelines well.
inline int ApproximateBitWidth(uint64_t v) {
  const auto quarter = static_cast<int64_t>((v | 4) >> 2);  // >= 1, < 2^62
  return static_cast<int>(std::bit_cast<uint64_t>(static_cast<double>(quarter)) >> 52) - 1020;
}

// Chooses the width minimising m * w bits plus, for each wider value (an exception), an index
// byte and the value as a varint. Because an exception's cost does not depend on w, one pass
// over the widths from the widest down finds the exact minimum of this estimate.
Packing PlanPacking(const Column& column, size_t m) {
  const int max_width = static_cast<int>(std::bit_width(column.any));
  if (max_width == 0) return Packing{};  // all zero: a constant stride, a constant value

  // Four histograms, so that runs of equal widths do not serialise on one counter.
  uint8_t banks[4][66] = {};
  size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    ++banks[0][ApproximateBitWidth(column.v[i])];
    ++banks[1][ApproximateBitWidth(column.v[i + 1])];
    ++banks[2][ApproximateBitWidth(column.v[i + 2])];
    ++banks[3][ApproximateBitWidth(column.v[i + 3])];
  }
  for (; i < m; ++i) ++banks[0][ApproximateBitWidth(column.v[i])];
  auto count = [&banks](int b) {
    return size_t{banks[0][b]} + banks[1][b] + banks[2][b] + banks[3][b];
  };

  Packing best{max_width, 0, 2 + (m * static_cast<size_t>(max_width) + 7) / 8};
  // Approximate widths exceed the true ones by at most one, or reach 3 for tiny values.
  size_t exceptions = 0;
  size_t exception_bytes = 0;
  for (int b = max_width; b <= std::max(max_width + 1, 3); ++b) {
    exceptions += count(b);
    exception_bytes += count(b) * (1 + static_cast<size_t>(std::min(b, 64) + 6) / 7);
  }
  for (int w = max_width - 1; w >= 0; --w) {
    if (exceptions == m) {
      // Every value is an exception from here on, so the narrowest width is the cheapest.
      const size_t bytes = 2 + exception_bytes;
      if (bytes < best.bytes) best = Packing{0, exceptions, bytes};
      break;
    }
    const size_t bytes = 2 + (m * static_cast<size_t>(w) + 7) / 8 + exception_bytes;
    if (bytes < best.bytes) best = Packing{w, exceptions, bytes};
    exceptions += count(w);
    exception_bytes += count(w) * (1 + static_cast<size_t>(w + 6) / 7);
  }
  return best;
}

// Appends bit fields LSB first, a 64-bit word at a time. Finish() may store up to 7 bytes past
// the data (kMaxChunkBytes includes that room).
class BitWriter {
 public:
  explicit BitWriter(uint8_t* out) : out_(out) {}
  void Put(uint64_t v, int width) {  // 1 <= width <= 64, v < 2^width
    pending_ |= v << bits_;
    bits_ += width;
    if (bits_ >= 64) {
      std::memcpy(out_, &pending_, 8);
      out_ += 8;
      bits_ -= 64;
      pending_ = bits_ == 0 ? 0 : v >> (width - bits_);
    }
  }
  uint8_t* Finish() {
    std::memcpy(out_, &pending_, 8);
    return out_ + (bits_ + 7) / 8;
  }

 private:
  uint8_t* out_;
  uint64_t pending_ = 0;
  int bits_ = 0;  // pending bits, < 64
};

uint8_t* PutPacked(const Column& column, size_t m, const Packing& packing, uint8_t* out) {
  const int w = packing.width;
  const uint64_t* v = column.v;
  *out++ = static_cast<uint8_t>(w);
  uint8_t* const exception_count = out++;
  if (w > 0) {
    const uint64_t mask = LowBits(w);
    BitWriter writer(out);
    for (size_t i = 0; i < m; ++i) writer.Put(v[i] & mask, w);
    out = writer.Finish();
  }
  // The plan may overestimate exceptions (never miss one); the count written is the actual one.
  uint8_t exceptions = 0;
  if (packing.exceptions > 0) {
    for (size_t i = 0; i < m; ++i) {
      if ((v[i] >> w) != 0) {
        *out++ = static_cast<uint8_t>(i);
        out = PutVarint(out, v[i]);
        ++exceptions;
      }
    }
  }
  *exception_count = exceptions;
  return out;
}

// Unpacks m fields of W bits, 1 <= W <= 56, into v[0, m). Eight fields take exactly W bytes, so
// with W a constant every field's byte offset and shift are constants: a load, a shift and a
// mask each, where a variable shift costs several instructions (twice as fast on the page
// benchmark's values).
template <int W>
void UnpackFields(const uint8_t* in, size_t m, uint64_t* v) {
  constexpr uint64_t kMask = (uint64_t{1} << W) - 1;
  size_t i = 0;
  for (; i + 8 <= m; i += 8, in += W) {
#pragma GCC unroll 8
    for (int k = 0; k < 8; ++k) {
      v[i + k] = (GetFixed64(in + k * W / 8) >> (k * W % 8)) & kMask;
    }
  }
  for (int k = 0; i < m; ++i, ++k) v[i] = (GetFixed64(in + k * W / 8) >> (k * W % 8)) & kMask;
}

using FieldUnpacker = void (*)(const uint8_t*, size_t, uint64_t*);

template <size_t... I>
constexpr std::array<FieldUnpacker, sizeof...(I)> MakeFieldUnpackers(std::index_sequence<I...>) {
  return {&UnpackFields<static_cast<int>(I) + 1>...};
}

// kFieldUnpackers[w - 1] unpacks fields of w bits.
constexpr std::array<FieldUnpacker, 56> kFieldUnpackers =
    MakeFieldUnpackers(std::make_index_sequence<56>());

// Unpacks a column written by PutPacked into v[0, m).
const uint8_t* GetPacked(const uint8_t* in, size_t m, uint64_t* v) {
  const int w = in[0];
  const size_t exceptions = in[1];
  in += 2;
  if (w == 0) {
    std::fill(v, v + m, 0);
  } else if (w <= 56) {
    kFieldUnpackers[static_cast<size_t>(w) - 1](in, m, v);
  } else {
    const uint64_t high_mask = LowBits(w - 32);
    size_t pos = 0;
    for (size_t i = 0; i < m; ++i) {
      const uint64_t low = (GetFixed64(in + (pos >> 3)) >> (pos & 7)) & 0xffffffffu;
      pos += 32;
      const uint64_t high = (GetFixed64(in + (pos >> 3)) >> (pos & 7)) & high_mask;
      pos += static_cast<size_t>(w) - 32;
      v[i] = low | (high << 32);
    }
  }
  in += (m * static_cast<size_t>(w) + 7) / 8;
  for (size_t e = 0; e < exceptions; ++e) {
    const size_t index = *in++;
    in = GetVarint(in, &v[index]);
  }
  return in;
}

// --- Columns --------------------------------------------------------------------------------

inline uint64_t Median3(uint64_t a, uint64_t b, uint64_t c) {
  const auto sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b),
             sc = static_cast<int64_t>(c);
  return static_cast<uint64_t>(std::max(std::min(sa, sb), std::min(std::max(sa, sb), sc)));
}

inline uint64_t StepBits(const ScalarPoint& p) { return static_cast<uint64_t>(p.step); }
inline uint64_t WallBits(const ScalarPoint& p) { return std::bit_cast<uint64_t>(p.wall_time); }
inline uint64_t ValueBits(const ScalarPoint& p) { return std::bit_cast<uint64_t>(p.value); }

// The reference delta of a column: the median of its first, middle and last deltas. n >= 2.
template <uint64_t (*field)(const ScalarPoint&)>
uint64_t ReferenceDelta(const ScalarPoint* points, size_t n) {
  return Median3(field(points[1]) - field(points[0]),
                 field(points[n / 2]) - field(points[n / 2 - 1]),
                 field(points[n - 1]) - field(points[n - 2]));
}

// Writes a delta column (after its first value, which is in the header): the reference delta,
// then the packed residuals.
uint8_t* PutDeltaColumn(uint64_t reference, const Column& residuals, size_t m, uint8_t* out) {
  out = PutVarint(out, ZigZag64(reference));
  return PutPacked(residuals, m, PlanPacking(residuals, m), out);
}

// Reads a delta column of n values, calling sink(i, value) for i in [1, n) given value 0.
template <typename Sink>
const uint8_t* GetDeltaColumn(const uint8_t* in, size_t n, uint64_t value, Sink sink) {
  uint64_t reference;
  in = GetVarint(in, &reference);
  reference = UnZigZag64(reference);
  if (in[0] == 0 && in[1] == 0) {  // width 0, no exceptions: a constant stride
    for (size_t i = 1; i < n; ++i) sink(i, value += reference);
    return in + 2;
  }
  uint64_t residuals[kN];
  in = GetPacked(in, n - 1, residuals);
  for (size_t i = 1; i < n; ++i) sink(i, value += reference + UnZigZag64(residuals[i - 1]));
  return in;
}

inline bool IsFloat(double value) {
  return std::bit_cast<uint64_t>(static_cast<double>(static_cast<float>(value))) ==
         std::bit_cast<uint64_t>(value);
}
inline uint32_t FloatBits(double value) {
  return std::bit_cast<uint32_t>(static_cast<float>(value));
}

// Encodes points[0, n), 1 <= n <= kN, into out (room for kMaxChunkBytes); returns the size
// without padding and sets the chunk's step range.
size_t EncodeChunk(const ScalarPoint* points, size_t n, uint8_t* out, int64_t* min_step,
                   int64_t* max_step) {
  // One pass computes every column's residuals, so each point is loaded once.
  const size_t m = n - 1;
  Column steps, walls, deltas;
  const uint64_t step_reference = n > 1 ? ReferenceDelta<StepBits>(points, n) : 0;
  const uint64_t wall_reference = n > 1 ? ReferenceDelta<WallBits>(points, n) : 0;
  bool all_float = IsFloat(points[0].value);
  uint32_t previous_float = FloatBits(points[0].value);
  int64_t low = points[0].step, high = points[0].step;
  uint64_t any_step = 0, any_wall = 0, any_delta = 0;  // locals: no store per iteration
  for (size_t i = 1; i < n; ++i) {
    const ScalarPoint& before = points[i - 1];
    const ScalarPoint& p = points[i];
    const uint64_t step = ZigZag64(StepBits(p) - StepBits(before) - step_reference);
    const uint64_t wall = ZigZag64(WallBits(p) - WallBits(before) - wall_reference);
    const uint32_t current_float = FloatBits(p.value);
    const uint64_t delta = ZigZag32(current_float - previous_float);
    all_float &= IsFloat(p.value);
    previous_float = current_float;
    steps.v[i - 1] = step;
    walls.v[i - 1] = wall;
    deltas.v[i - 1] = delta;
    any_step |= step;
    any_wall |= wall;
    any_delta |= delta;
    low = std::min(low, p.step);
    high = std::max(high, p.step);
  }
  steps.any = any_step;
  walls.any = any_wall;
  deltas.any = any_delta;
  *min_step = low;
  *max_step = high;
  if (!all_float) {
    deltas.any = 0;
    for (size_t i = 1; i < n; ++i) {
      deltas.v[i - 1] = ZigZag64(ValueBits(points[i]) - ValueBits(points[i - 1]));
      deltas.any |= deltas.v[i - 1];
    }
  }
  const size_t value_bytes = all_float ? 4 : 8;
  const Packing packing = n > 1 ? PlanPacking(deltas, m) : Packing{};
  const bool delta = n > 1 && value_bytes + packing.bytes < value_bytes * n;
  const ValueEncoding encoding =
      all_float ? (delta ? kFloatDelta : kFloatRaw) : (delta ? kDoubleDelta : kDoubleRaw);

  uint8_t* p = out;
  *p++ = encoding;
  *p++ = static_cast<uint8_t>(n);
  switch (encoding) {
    case kFloatRaw:
      for (size_t i = 0; i < n; ++i) p = PutFixed32(p, FloatBits(points[i].value));
      break;
    case kFloatDelta:
      p = PutFixed32(p, FloatBits(points[0].value));
      p = PutPacked(deltas, m, packing, p);
      break;
    case kDoubleRaw:
      for (size_t i = 0; i < n; ++i) p = PutFixed64(p, ValueBits(points[i]));
      break;
    case kDoubleDelta:
      p = PutFixed64(p, ValueBits(points[0]));
      p = PutPacked(deltas, m, packing, p);
      break;
  }
  p = PutVarint(p, ZigZag64(StepBits(points[0])));
  p = PutFixed64(p, WallBits(points[0]));
  if (n > 1) {
    p = PutDeltaColumn(step_reference, steps, m, p);
    p = PutDeltaColumn(wall_reference, walls, m, p);
  }
  return static_cast<size_t>(p - out);
}

}  // namespace

ScalarSeries::ScalarSeries(size_t capacity)
    : reservoir_(capacity > 0 ? std::make_unique<Reservoir<ScalarPoint>>(capacity) : nullptr) {}

ScalarSeries::Chunk::~Chunk() { chunk_pool::Free(data_, bytes_); }

ScalarSeries::Chunk& ScalarSeries::Chunk::operator=(Chunk&& other) noexcept {
  if (this != &other) {
    chunk_pool::Free(data_, bytes_);
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = other.bytes_;
  }
  return *this;
}

ScalarSeries::~ScalarSeries() = default;
ScalarSeries::ScalarSeries(ScalarSeries&&) noexcept = default;
ScalarSeries& ScalarSeries::operator=(ScalarSeries&&) noexcept = default;

void ScalarSeries::AddToReservoir(const ScalarPoint& p) { reservoir_->Add(p); }

void ScalarSeries::MakeRoomInTail() {
  if (tail_capacity_ < kChunkPoints) {
    const uint32_t capacity = tail_capacity_ == 0
                                  ? kInitialTailCapacity
                                  : std::min<uint32_t>(2 * tail_capacity_, kChunkPoints);
    auto bigger = std::make_unique_for_overwrite<ScalarPoint[]>(capacity);
    std::copy(tail_.get(), tail_.get() + tail_size_, bigger.get());
    tail_ = std::move(bigger);
    tail_capacity_ = capacity;
    return;
  }
  SealTail();
}

void ScalarSeries::SealTail() {
  uint8_t buffer[kMaxChunkBytes];
  int64_t min_step, max_step;
  const size_t bytes = EncodeChunk(tail_.get(), tail_size_, buffer, &min_step, &max_step);
  uint8_t* chunk = chunk_pool::Allocate(bytes + kPadding);
  std::memcpy(chunk, buffer, bytes);
  std::memset(chunk + bytes, 0, kPadding);
  chunks_.emplace_back(chunk, static_cast<uint32_t>(bytes + kPadding));
  chunk_bytes_ += chunk_pool::RoundedSize(bytes + kPadding);
  sealed_min_step_ = std::min(sealed_min_step_, min_step);
  sealed_max_step_ = std::max(sealed_max_step_, max_step);
  tail_size_ = 0;
}

size_t ScalarSeries::EncodedChunkBytes(const ScalarPoint* points, size_t n) {
  uint8_t buffer[kMaxChunkBytes];
  int64_t min_step, max_step;
  return EncodeChunk(points, n, buffer, &min_step, &max_step) + kPadding;
}

namespace {

// Decodes the value column of a chunk (at `in`, its encoding and count n from the header),
// calling sink(i, value) for i in [0, n); returns the end of the column.
template <typename Sink>
const uint8_t* GetValueColumn(ValueEncoding encoding, size_t n, const uint8_t* in, Sink sink) {
  uint64_t deltas[kN];
  switch (encoding) {
    case kFloatRaw:
      for (size_t i = 0; i < n; ++i) {
        sink(i, static_cast<double>(std::bit_cast<float>(GetFixed32(in + 4 * i))));
      }
      return in + 4 * n;
    case kFloatDelta: {
      uint32_t bits = GetFixed32(in);
      const uint8_t* end = GetPacked(in + 4, n - 1, deltas);
      sink(0, static_cast<double>(std::bit_cast<float>(bits)));
      for (size_t i = 1; i < n; ++i) {
        bits += UnZigZag32(static_cast<uint32_t>(deltas[i - 1]));
        sink(i, static_cast<double>(std::bit_cast<float>(bits)));
      }
      return end;
    }
    case kDoubleRaw:
      for (size_t i = 0; i < n; ++i) sink(i, std::bit_cast<double>(GetFixed64(in + 8 * i)));
      return in + 8 * n;
    case kDoubleDelta: {
      uint64_t bits = GetFixed64(in);
      const uint8_t* end = GetPacked(in + 8, n - 1, deltas);
      sink(0, std::bit_cast<double>(bits));
      for (size_t i = 1; i < n; ++i) {
        bits += UnZigZag64(deltas[i - 1]);
        sink(i, std::bit_cast<double>(bits));
      }
      return end;
    }
  }
  return in;  // not reached: chunks are written by this file
}

}  // namespace

size_t ScalarSeries::DecodeChunk(const uint8_t* chunk, ScalarPoint* out) {
  const auto encoding = static_cast<ValueEncoding>(chunk[0]);
  const size_t n = chunk[1];
  const uint8_t* in =
      GetValueColumn(encoding, n, chunk + 2, [out](size_t i, double v) { out[i].value = v; });
  uint64_t first_step;
  in = GetVarint(in, &first_step);
  out[0].step = static_cast<int64_t>(UnZigZag64(first_step));
  out[0].wall_time = std::bit_cast<double>(GetFixed64(in));
  in += 8;
  if (n > 1) {
    in = GetDeltaColumn(in, n, StepBits(out[0]),
                        [out](size_t i, uint64_t v) { out[i].step = static_cast<int64_t>(v); });
    GetDeltaColumn(in, n, WallBits(out[0]), [out](size_t i, uint64_t v) {
      out[i].wall_time = std::bit_cast<double>(v);
    });
  }
  return n;
}

size_t ScalarSeries::DecodeChunkValues(const uint8_t* chunk, double* out) {
  const size_t n = chunk[1];
  GetValueColumn(static_cast<ValueEncoding>(chunk[0]), n, chunk + 2,
                 [out](size_t i, double v) { out[i] = v; });
  return n;
}

size_t ScalarSeries::ValueBlock(size_t b, double* out) const {
  if (reservoir_ != nullptr) {
    const std::vector<ScalarPoint>& items = reservoir_->items();
    const size_t begin = std::min(items.size(), b * kChunkPoints);
    const size_t end = std::min(items.size(), begin + kChunkPoints);
    for (size_t i = begin; i < end; ++i) *out++ = items[i].value;
    return end - begin;
  }
  if (b < chunks_.size()) return DecodeChunkValues(chunks_[b].get(), out);
  if (b > chunks_.size()) return 0;
  for (uint32_t i = 0; i < tail_size_; ++i) out[i] = tail_[i].value;
  return tail_size_;
}

size_t ScalarSeries::RemoveIf(std::function<bool(const ScalarPoint&)> pred) {
  if (reservoir_ != nullptr) return reservoir_->RemoveIf(pred);

  // Chunks before the first one that loses a point are kept as they are; from there on the kept
  // points are appended to `rest`, which re-chunks them. *this is only modified at the end, so
  // a throwing pred leaves the series unchanged.
  ScalarSeries rest;
  size_t removed = 0;
  size_t intact_chunks = 0;
  size_t intact_bytes = 0;
  int64_t intact_min = std::numeric_limits<int64_t>::max();
  int64_t intact_max = std::numeric_limits<int64_t>::min();
  ScalarPoint buffer[kChunkPoints];
  bool remove[kChunkPoints];
  for (const auto& chunk : chunks_) {
    const size_t n = DecodeChunk(chunk.get(), buffer);
    size_t removed_here = 0;
    for (size_t i = 0; i < n; ++i) {
      remove[i] = pred(std::as_const(buffer[i]));
      removed_here += remove[i] ? 1 : 0;
    }
    if (removed == 0 && removed_here == 0) {
      ++intact_chunks;
      intact_bytes += chunk_pool::RoundedSize(chunk.bytes());
      for (size_t i = 0; i < n; ++i) {
        intact_min = std::min(intact_min, buffer[i].step);
        intact_max = std::max(intact_max, buffer[i].step);
      }
      continue;
    }
    removed += removed_here;
    for (size_t i = 0; i < n; ++i) {
      if (!remove[i]) rest.Add(buffer[i]);
    }
  }
  for (uint32_t i = 0; i < tail_size_; ++i) {
    if (pred(std::as_const(tail_[i]))) {
      ++removed;
    } else {
      rest.Add(tail_[i]);
    }
  }
  if (removed == 0) return 0;

  rest.chunks_.insert(
      rest.chunks_.begin(), std::make_move_iterator(chunks_.begin()),
      std::make_move_iterator(chunks_.begin() + static_cast<ptrdiff_t>(intact_chunks)));
  rest.chunk_bytes_ += intact_bytes;
  rest.sealed_min_step_ = std::min(rest.sealed_min_step_, intact_min);
  rest.sealed_max_step_ = std::max(rest.sealed_max_step_, intact_max);
  *this = std::move(rest);
  return removed;
}

std::vector<ScalarPoint> ScalarSeries::Points() const {
  std::vector<ScalarPoint> points;
  points.reserve(size());
  ForEach([&points](const ScalarPoint& p) { points.push_back(p); });
  return points;
}

std::vector<ScalarPoint> ScalarSeries::PointsAt(const std::vector<size_t>& indices) const {
  std::vector<ScalarPoint> points;
  points.reserve(indices.size());
  if (reservoir_ != nullptr) {
    for (size_t i : indices) points.push_back(reservoir_->items()[i]);
    return points;
  }
  const size_t sealed = chunks_.size() * kChunkPoints;
  ScalarPoint buffer[kChunkPoints];
  size_t decoded = static_cast<size_t>(-1);
  for (size_t i : indices) {
    if (i >= sealed) {
      points.push_back(tail_[i - sealed]);
      continue;
    }
    const size_t chunk = i / kChunkPoints;
    if (chunk != decoded) {
      DecodeChunk(chunks_[chunk].get(), buffer);
      decoded = chunk;
    }
    points.push_back(buffer[i % kChunkPoints]);
  }
  return points;
}

std::optional<ScalarPoint> ScalarSeries::Last() const {
  if (reservoir_ != nullptr) {
    if (reservoir_->size() == 0) return std::nullopt;
    return reservoir_->items().back();
  }
  if (tail_size_ > 0) return tail_[tail_size_ - 1];
  if (chunks_.empty()) return std::nullopt;
  ScalarPoint buffer[kChunkPoints];
  const size_t n = DecodeChunk(chunks_.back().get(), buffer);
  return buffer[n - 1];
}

int64_t ScalarSeries::min_step() const {
  int64_t result = sealed_min_step_;
  if (reservoir_ != nullptr) {
    for (const ScalarPoint& p : reservoir_->items()) result = std::min(result, p.step);
  }
  for (uint32_t i = 0; i < tail_size_; ++i) result = std::min(result, tail_[i].step);
  return result;
}

int64_t ScalarSeries::max_step() const {
  int64_t result = sealed_max_step_;
  if (reservoir_ != nullptr) {
    for (const ScalarPoint& p : reservoir_->items()) result = std::max(result, p.step);
  }
  for (uint32_t i = 0; i < tail_size_; ++i) result = std::max(result, tail_[i].step);
  return result;
}

size_t ScalarSeries::MemoryBytes() const {
  if (reservoir_ != nullptr) {
    // The reservoir's generator exists once it has had to draw, i.e. once it overflowed.
    const bool has_generator = reservoir_->seen() > reservoir_->capacity();
    return sizeof(Reservoir<ScalarPoint>) + reservoir_->items().capacity() * sizeof(ScalarPoint) +
           (has_generator ? sizeof(PythonRandom) : 0);
  }
  return chunk_bytes_ + chunks_.capacity() * sizeof(chunks_[0]) +
         size_t{tail_capacity_} * sizeof(ScalarPoint);
}

}  // namespace tracker
