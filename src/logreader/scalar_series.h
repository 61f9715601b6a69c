// ScalarSeries: one run×tag's scalar points, kept in full in a compact, lossless columnar form.
#ifndef TRACKER_LOGREADER_SCALAR_SERIES_H_
#define TRACKER_LOGREADER_SCALAR_SERIES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "logreader/reservoir.h"

namespace tracker {

// One scalar event: seconds since the epoch, the training step, and the value (as written, or
// widened from float32).
struct ScalarPoint {
  double wall_time;
  int64_t step;
  double value;
};

// The points of one scalar time series, in arrival order.
//
// Two modes, fixed at construction:
// * capacity 0 (tracker's default): every point is kept. Points are appended to a small
//   uncompressed tail; each time kChunkPoints have accumulated they are encoded, column by
//   column, into one immutable, self-describing chunk (absolute first values, then deltas) in
//   the chunk pool, so memory grows by a few bytes per point with no slack. The encoding is
//   lossless to the bit for any input: the full int64 step range, wall times and values of any
//   bit pattern (NaN payloads, -0.0, infinities, denormals). Typical training data (constant
//   step stride, wall times a fraction of a second apart, float32 values) takes about 5 bytes
//   per point.
// * capacity > 0: TensorBoard's reservoir (Reservoir<ScalarPoint>) of that capacity, so the
//   kept points match TensorBoard's exactly (used when --samples_per_plugin names scalars).
//
// Thread safety: none inside. Const methods never modify anything (no lazy caches), so any
// number of readers may run concurrently as long as no writer does: the owning run's
// shared_mutex gives readers a shared lock and the loader an exclusive one for Add/RemoveIf.
//
// Move-only; moving keeps the points and never re-encodes them.
class ScalarSeries {
 public:
  // Points per sealed chunk. Every sealed chunk holds exactly this many points (only the tail
  // holds fewer), so point i lives in chunk i / kChunkPoints.
  static constexpr size_t kChunkPoints = 128;

  // capacity 0 keeps every point; otherwise a TensorBoard reservoir of that many points.
  explicit ScalarSeries(size_t capacity = 0);
  ~ScalarSeries();
  ScalarSeries(ScalarSeries&&) noexcept;
  ScalarSeries& operator=(ScalarSeries&&) noexcept;
  ScalarSeries(const ScalarSeries&) = delete;
  ScalarSeries& operator=(const ScalarSeries&) = delete;

  // Appends one point (keep-all mode) or offers it to the reservoir. Amortised O(1) and without
  // allocation except when a chunk is sealed (once per kChunkPoints points).
  // Inlined, and copied field by field: a point the caller builds field by field on its stack
  // and this reads back with one 16-byte load is a store-forwarding stall, which took most of
  // the time of Add.
  [[gnu::always_inline]] void Add(const ScalarPoint& p) {
    if (reservoir_ != nullptr) [[unlikely]] {
      AddToReservoir(p);
      return;
    }
    if (tail_size_ == tail_capacity_) [[unlikely]] {
      MakeRoomInTail();
    }
    ScalarPoint& slot = tail_[tail_size_++];
    slot.wall_time = p.wall_time;
    slot.step = p.step;
    slot.value = p.value;
  }

  // Purging: removes the points for which pred is true, keeping the order of the others, and
  // returns how many were removed. pred is called exactly once per point, in arrival order.
  // Keep-all mode decodes everything but re-encodes only from the first chunk that loses a
  // point (purges remove recent steps, so that is usually the last few chunks). Reservoir mode
  // is Reservoir::RemoveIf (which also rescales the reservoir's seen count).
  size_t RemoveIf(std::function<bool(const ScalarPoint&)> pred);

  size_t size() const {
    if (reservoir_ != nullptr) return reservoir_->size();
    return chunks_.size() * kChunkPoints + tail_size_;
  }
  bool empty() const { return size() == 0; }

  // The capacity given at construction: 0 keeps every point, otherwise the reservoir's bound.
  size_t capacity() const { return reservoir_ != nullptr ? reservoir_->capacity() : 0; }

  // Calls f(const ScalarPoint&) for every point, oldest first. Chunks are decoded one at a time
  // into a stack buffer; no heap allocation.
  template <typename F>
  void ForEach(F&& f) const {
    if (reservoir_ != nullptr) {
      for (const ScalarPoint& p : reservoir_->items()) f(p);
      return;
    }
    ScalarPoint buffer[kChunkPoints];
    for (const auto& chunk : chunks_) {
      const size_t n = DecodeChunk(chunk.get(), buffer);
      for (size_t i = 0; i < n; ++i) f(std::as_const(buffer[i]));
    }
    for (uint32_t i = 0; i < tail_size_; ++i) f(std::as_const(tail_[i]));
  }

  // All points, oldest first.
  std::vector<ScalarPoint> Points() const;

  // The values come in blocks of kChunkPoints points, each of which decodes on its own: block b
  // holds points [b * kChunkPoints, min(size(), (b + 1) * kChunkPoints)). What smoothing reads:
  // several stretches of a series at once, without a copy of the whole value column.
  size_t value_blocks() const { return (size() + kChunkPoints - 1) / kChunkPoints; }

  // Writes the values of block b < value_blocks() to out (room for kChunkPoints) and returns
  // their count. Decodes only the chunk's value column, about a third of the work of ForEach.
  size_t ValueBlock(size_t b, double* out) const;

  // The points at the given indices into arrival order, each below size(); e.g. the output of
  // DownsampleIndices(size(), k). Decodes only the chunks it needs, each once when the indices
  // are ascending.
  std::vector<ScalarPoint> PointsAt(const std::vector<size_t>& indices) const;

  // The newest point, if any.
  std::optional<ScalarPoint> Last() const;

  // Smallest and largest step over the kept points. Only meaningful when size() > 0.
  int64_t min_step() const;
  int64_t max_step() const;

  // Heap bytes owned (encoded chunks, the chunk directory, the tail, or the reservoir), for
  // diagnostics; allocator overhead is not included.
  size_t MemoryBytes() const;

  // The heap bytes a chunk of points[0, n) takes (encoding plus padding), 1 <= n <= kChunkPoints;
  // for tests and benchmarks of the encoding.
  static size_t EncodedChunkBytes(const ScalarPoint* points, size_t n);

 private:
  void AddToReservoir(const ScalarPoint& p);
  // Grows the tail while the series is short, else seals the full tail into a chunk.
  void MakeRoomInTail();
  void SealTail();
  // Decodes a chunk written by SealTail into out (room for kChunkPoints); returns its count.
  static size_t DecodeChunk(const uint8_t* chunk, ScalarPoint* out);
  // The same for the values alone.
  static size_t DecodeChunkValues(const uint8_t* chunk, double* out);

  // A sealed chunk's bytes in the chunk pool, freed with it.
  class Chunk {
   public:
    Chunk(uint8_t* data, uint32_t bytes) : data_(data), bytes_(bytes) {}
    ~Chunk();
    Chunk(Chunk&& other) noexcept : data_(std::exchange(other.data_, nullptr)), bytes_(other.bytes_) {}
    Chunk& operator=(Chunk&& other) noexcept;
    const uint8_t* get() const { return data_; }
    uint32_t bytes() const { return bytes_; }

   private:
    uint8_t* data_;
    uint32_t bytes_;  // as allocated, padding included
  };

  std::unique_ptr<Reservoir<ScalarPoint>> reservoir_;  // set iff capacity > 0
  std::vector<Chunk> chunks_;                          // sealed, kChunkPoints points each
  std::unique_ptr<ScalarPoint[]> tail_;                // newest points, not yet encoded
  uint32_t tail_size_ = 0;
  uint32_t tail_capacity_ = 0;
  size_t chunk_bytes_ = 0;  // sum of chunk allocations
  // Step range of the sealed chunks (the tail is scanned on demand, keeping Add minimal).
  int64_t sealed_min_step_ = std::numeric_limits<int64_t>::max();
  int64_t sealed_max_step_ = std::numeric_limits<int64_t>::min();
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_SCALAR_SERIES_H_
