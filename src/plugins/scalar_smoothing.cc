// Why it is built this way: a smoothing change re-smooths every series on screen at full
// resolution (the page benchmark: 50 runs x 4 charts x 100,000 points), so this pass is what the
// user waits for after moving the slider.
// * The EMA is one chain of dependent multiply-adds, 8 cycles a point on baseline x86-64 (no
//   FMA). Cutting the series into kLanes stretches run side by side keeps the multiplier busy;
//   the stretches are joined afterwards (see Join).
// * Stretches begin on block boundaries and are read a block at a time into a stack buffer: no
//   copy of the value column (an 800 KB allocation per series cost a page fault per 4 KiB on
//   its first use), and the decoded values are read back from L1.
// * A smoothing change mostly smooths values kept decoded (SmoothValuesAt, ValueCache): the
//   same lanes over float32 arrays, without decoding.
// * In a round where every lane has a full block of finite values, the lanes step together
//   without a test per point; the loop stops only at kept points. Anything else (short series,
//   the last partial block, NaN or infinities) takes the per-point path.
#include "plugins/scalar_smoothing.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace tracker::plugins {
namespace {

constexpr size_t kBlock = ScalarSeries::kChunkPoints;
constexpr size_t kLanes = 8;
constexpr size_t kNoKeptPoint = std::numeric_limits<size_t>::max();

// A stretch's state at one of its kept points, from a zero start: the EMA, w^(finite values so
// far), and the value there (non-finite ones pass through).
struct LocalState {
  double ema, power, value;
};

// One stretch of the series: blocks [block, end_block) still to read; its EMA and power from a
// zero start after the blocks read; its kept points indices[k, last).
struct Lane {
  size_t block = 0, end_block = 0;
  double ema = 0, power = 1;
  size_t first = 0, k = 0, last = 0;
};

// The position in the lane's current block of its kept point indices[k], or kBlock when k is
// past its last one or the point is beyond this block.
size_t Position(const Lane& lane, size_t k, const size_t* indices) {
  if (k == lane.last) return kBlock;
  return std::min(indices[k] - lane.block * kBlock, kBlock);
}

// Every lane has a full block in v[lane]: the lanes step together, stopping only where some
// lane has a kept point. wpow[i] = w^i for i <= kBlock. Returns false, having changed nothing
// the caller keeps, when some block held a non-finite value: such a value makes its lane's EMA
// non-finite (an EMA of finite values stays within their range), and the round must be redone a
// point at a time. Testing the EMAs once a round instead of each value costs nothing per point.
bool FastRound(std::array<Lane, kLanes>& lanes, const double (*v)[kBlock], const size_t* indices,
               const double* wpow, double w, LocalState* local) {
  const double c = 1 - w;
  double e[kLanes];
  size_t position[kLanes];
  size_t k[kLanes];  // the lanes' next kept points, advanced in this round only
  for (size_t r = 0; r < kLanes; ++r) {
    e[r] = lanes[r].ema;
    k[r] = lanes[r].k;
    position[r] = Position(lanes[r], k[r], indices);
  }
  size_t j = 0;
  for (;;) {
    size_t stop = kBlock;
    for (size_t r = 0; r < kLanes; ++r) stop = std::min(stop, position[r]);
    const size_t end = std::min(stop + 1, kBlock);  // through the kept point
    for (; j < end; ++j) {
#pragma GCC unroll 8
      for (size_t r = 0; r < kLanes; ++r) e[r] = e[r] * w + c * v[r][j];
    }
    if (stop == kBlock) break;
    for (size_t r = 0; r < kLanes; ++r) {
      if (position[r] != stop) continue;
      local[k[r]] = {e[r], lanes[r].power * wpow[stop + 1], v[r][stop]};
      position[r] = Position(lanes[r], ++k[r], indices);
    }
  }
  bool finite = true;
  for (size_t r = 0; r < kLanes; ++r) finite = finite && std::isfinite(e[r]);
  if (!finite) return false;
  for (size_t r = 0; r < kLanes; ++r) {
    lanes[r].ema = e[r];
    lanes[r].power *= wpow[kBlock];
    lanes[r].k = k[r];
    ++lanes[r].block;
  }
  return true;
}

// One block of n values of one lane, a point at a time: skips non-finite values.
void SlowBlock(Lane& lane, const double* v, size_t n, const size_t* indices, double w,
               LocalState* local) {
  const double c = 1 - w;
  const size_t base = lane.block * kBlock;
  size_t next = lane.k < lane.last ? indices[lane.k] : kNoKeptPoint;
  for (size_t j = 0; j < n; ++j) {
    if (std::isfinite(v[j])) {
      lane.ema = lane.ema * w + c * v[j];  // the expression of TensorBoard's classicSmoothing
      lane.power *= w;
    }
    while (base + j == next) {  // `while`: a repeated index gets the same state
      local[lane.k++] = {lane.ema, lane.power, v[j]};
      next = lane.k < lane.last ? indices[lane.k] : kNoKeptPoint;
    }
  }
  ++lane.block;
}

// A stretch that starts from state (E, P) instead of (0, 1) has, where its own run reached
// (e, p), the EMA e + p·E and power p·P (the EMA is linear). Lane 0 starts from (0, 1) itself,
// so its states are used as they are.
std::vector<double> Join(const std::array<Lane, kLanes>& lanes, size_t lane_count,
                         const std::vector<LocalState>& local, double w) {
  std::vector<double> out(local.size());
  double start_ema = 0, start_power = 1;
  for (size_t r = 0; r < lane_count; ++r) {
    for (size_t k = lanes[r].first; k < lanes[r].last; ++k) {
      const LocalState& s = local[k];
      const double ema = r == 0 ? s.ema : s.ema + s.power * start_ema;
      const double power = r == 0 ? s.power : s.power * start_power;
      out[k] = !std::isfinite(s.value) ? s.value : w == 1 ? ema : ema / (1 - power);
    }
    start_ema = r == 0 ? lanes[r].ema : lanes[r].ema + lanes[r].power * start_ema;
    start_power = r == 0 ? lanes[r].power : lanes[r].power * start_power;
  }
  return out;
}

// Where the values come from, a block of kBlock at a time: a series (decoding its chunks) or
// values already decoded. Both give the same doubles, so the same answer to the bit.
class SeriesBlocks {
 public:
  explicit SeriesBlocks(const ScalarSeries& series) : series_(series) {}
  size_t size() const { return series_.size(); }
  size_t blocks() const { return series_.value_blocks(); }
  size_t Read(size_t b, double* out) const { return series_.ValueBlock(b, out); }

 private:
  const ScalarSeries& series_;
};

class FloatBlocks {
 public:
  FloatBlocks(const float* values, size_t n) : values_(values), n_(n) {}
  size_t size() const { return n_; }
  size_t blocks() const { return (n_ + kBlock - 1) / kBlock; }
  size_t Read(size_t b, double* out) const {
    const size_t begin = std::min(n_, b * kBlock);
    const size_t count = std::min(kBlock, n_ - begin);
    for (size_t i = 0; i < count; ++i) out[i] = values_[begin + i];
    return count;
  }

 private:
  const float* values_;
  size_t n_;
};

// Whether every value equals the first (NaN is never equal, as in JavaScript); most series
// differ at their second point.
template <typename Blocks>
bool IsConstant(const Blocks& source, double* block) {
  double first = 0;
  for (size_t b = 0; b < source.blocks(); ++b) {
    const size_t n = source.Read(b, block);
    if (b == 0) first = block[0];
    for (size_t i = 0; i < n; ++i) {
      if (!(block[i] == first)) return false;
    }
  }
  return true;
}

template <typename Blocks>
std::vector<double> SmoothAt(const Blocks& source, const std::vector<size_t>& all_indices,
                             double w) {
  const size_t n = source.size();
  const size_t count = static_cast<size_t>(
      std::lower_bound(all_indices.begin(), all_indices.end(), n) - all_indices.begin());
  if (count == 0) return {};
  const size_t* indices = all_indices.data();
  alignas(64) double v[kLanes][kBlock];

  if (IsConstant(source, v[0])) {
    // Returned unchanged: the values as they are (0.0 and -0.0 count as equal).
    std::vector<double> out(count);
    size_t decoded = kNoKeptPoint;
    for (size_t k = 0; k < count; ++k) {
      if (indices[k] / kBlock != decoded) {
        decoded = indices[k] / kBlock;
        source.Read(decoded, v[0]);
      }
      out[k] = v[0][indices[k] % kBlock];
    }
    return out;
  }

  const size_t blocks = source.blocks();
  const size_t lane_count = n >= kSmoothingLaneMinPoints ? std::min(kLanes, blocks) : 1;
  std::array<Lane, kLanes> lanes{};
  for (size_t r = 0; r < lane_count; ++r) {
    Lane& lane = lanes[r];
    lane.block = r * blocks / lane_count;
    lane.end_block = (r + 1) * blocks / lane_count;
    lane.first = lane.k = static_cast<size_t>(
        std::lower_bound(indices, indices + count, lane.block * kBlock) - indices);
    lane.last = static_cast<size_t>(
        std::lower_bound(indices, indices + count, lane.end_block * kBlock) - indices);
  }
  double wpow[kBlock + 1];
  wpow[0] = 1;
  for (size_t i = 1; i <= kBlock; ++i) wpow[i] = wpow[i - 1] * w;

  std::vector<LocalState> local(count);
  for (;;) {
    size_t sizes[kLanes] = {};
    bool any = false;
    bool fast = lane_count == kLanes;
    for (size_t r = 0; r < lane_count; ++r) {
      if (lanes[r].block == lanes[r].end_block) {
        fast = false;
        continue;
      }
      any = true;
      sizes[r] = source.Read(lanes[r].block, v[r]);
      fast = fast && sizes[r] == kBlock;
    }
    if (!any) break;
    if (fast && FastRound(lanes, v, indices, wpow, w, local.data())) continue;
    for (size_t r = 0; r < lane_count; ++r) {
      if (lanes[r].block < lanes[r].end_block) {
        SlowBlock(lanes[r], v[r], sizes[r], indices, w, local.data());
      }
    }
  }
  return Join(lanes, lane_count, local, w);
}

}  // namespace

std::vector<double> SmoothScalarSeriesAt(const ScalarSeries& series,
                                         const std::vector<size_t>& indices, double w) {
  return SmoothAt(SeriesBlocks(series), indices, w);
}

std::vector<double> SmoothValuesAt(const float* values, size_t n,
                                   const std::vector<size_t>& indices, double w) {
  return SmoothAt(FloatBlocks(values, n), indices, w);
}

std::shared_ptr<FloatArray> DecodeFloatValues(const ScalarSeries& series) {
  auto out = std::make_shared<FloatArray>(series.size());
  double block[kBlock];
  uint64_t differ = 0;
  for (size_t b = 0; b < series.value_blocks(); ++b) {
    const size_t n = series.ValueBlock(b, block);
    float* to = out->data() + b * kBlock;
    for (size_t i = 0; i < n; ++i) {
      to[i] = static_cast<float>(block[i]);
      // Exact when the bits come back unchanged (NaN payloads included).
      differ |= std::bit_cast<uint64_t>(static_cast<double>(to[i])) ^ std::bit_cast<uint64_t>(block[i]);
    }
    if (differ != 0) return nullptr;
  }
  return out;
}

}  // namespace tracker::plugins
