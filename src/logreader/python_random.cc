// Why a hand-written MT19937: TensorBoard's reservoirs and its query-time `_downsample` draw from
// Python's `random.Random(0)`. Keeping the same points as TensorBoard (so the JSON matches point
// for point) needs the same 32-bit stream *and* the same way Python turns words into integers
// (`getrandbits`, `_randbelow`, `sample`). `std::mt19937` has the same generator but is seeded
// with init_genrand, not init_by_array, so its stream differs from the first word on.
#include "logreader/python_random.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_set>

namespace tracker {
namespace {

constexpr int kShift = 397;  // MT19937's M
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

}  // namespace

PythonRandom::PythonRandom(uint32_t seed) {
  // CPython's random_seed() turns abs(seed) into 32-bit words, least significant first, and uses
  // one zero word for seed 0; any seed below 2^32 is therefore the one-word key {seed}.
  const uint32_t key[1] = {seed};
  InitByArray(key, 1);
}

void PythonRandom::InitGenrand(uint32_t s) {
  state_[0] = s;
  for (int i = 1; i < kStateSize; ++i) {
    state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<uint32_t>(i);
  }
  index_ = kStateSize;
}

void PythonRandom::InitByArray(const uint32_t* key, size_t key_length) {
  InitGenrand(19650218U);
  int i = 1;
  size_t j = 0;
  for (size_t k = std::max<size_t>(kStateSize, key_length); k > 0; --k) {
    state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1664525U)) + key[j] +
                static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= kStateSize) {
      state_[0] = state_[kStateSize - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (int k = kStateSize - 1; k > 0; --k) {
    state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1566083941U)) -
                static_cast<uint32_t>(i);
    ++i;
    if (i >= kStateSize) {
      state_[0] = state_[kStateSize - 1];
      i = 1;
    }
  }
  state_[0] = 0x80000000U;  // guarantees a non-zero state
}

void PythonRandom::Twist() {
  auto mix = [](uint32_t upper, uint32_t lower) {
    const uint32_t y = (upper & kUpperMask) | (lower & kLowerMask);
    return (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
  };
  int k = 0;
  for (; k < kStateSize - kShift; ++k) {
    state_[k] = state_[k + kShift] ^ mix(state_[k], state_[k + 1]);
  }
  for (; k < kStateSize - 1; ++k) {
    state_[k] = state_[k + (kShift - kStateSize)] ^ mix(state_[k], state_[k + 1]);
  }
  state_[kStateSize - 1] = state_[kShift - 1] ^ mix(state_[kStateSize - 1], state_[0]);
  index_ = 0;
}

uint32_t PythonRandom::NextU32() {
  if (index_ >= kStateSize) Twist();
  uint32_t y = state_[index_++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

uint64_t PythonRandom::GetRandBits(int k) {
  if (k <= 0) return 0;
  if (k <= 32) return NextU32() >> (32 - k);
  // CPython fills a little-endian word array; only the most significant (last) word is
  // shortened, by dropping its *low* bits.
  const uint64_t low = NextU32();
  const uint64_t high = NextU32() >> (64 - k);
  return (high << 32) | low;
}

uint64_t PythonRandom::RandBelow(uint64_t n) {
  // Python uses bit_length(n), not bit_length(n - 1), so a power of two rejects about half the
  // draws; that waste is part of the stream we must reproduce.
  const int k = static_cast<int>(std::bit_width(n));
  uint64_t r = GetRandBits(k);
  while (r >= n) r = GetRandBits(k);
  return r;
}

std::vector<uint64_t> PythonRandom::Sample(uint64_t population, uint64_t k) {
  const uint64_t n = population;
  std::vector<uint64_t> result(k);
  // CPython: setsize = 21, plus 4 ** ceil(log(3k, 4)) for k > 5, with math.log(x, base)
  // computed as log(x) / log(base) in doubles; reproduced with the same operations.
  uint64_t setsize = 21;
  if (k > 5) {
    const double exponent =
        std::ceil(std::log(static_cast<double>(k * 3)) / std::log(static_cast<double>(4)));
    setsize =
        exponent >= 31 ? UINT64_MAX : setsize + (uint64_t{1} << (2 * static_cast<int>(exponent)));
  }
  if (n <= setsize) {
    // Pool method: a partial Fisher-Yates over a list of the population. n <= setsize is at
    // most about 12k + 21 here, so the pool stays proportional to the output.
    std::vector<uint64_t> pool(n);
    for (uint64_t i = 0; i < n; ++i) pool[i] = i;
    for (uint64_t i = 0; i < k; ++i) {
      const uint64_t j = RandBelow(n - i);
      result[i] = pool[j];
      pool[j] = pool[n - i - 1];
    }
  } else {
    // Set method: redraw until unseen. Only membership matters, so any set type gives
    // Python's order.
    std::unordered_set<uint64_t> selected;
    selected.reserve(k);
    for (uint64_t i = 0; i < k; ++i) {
      uint64_t j = RandBelow(n);
      while (selected.count(j) != 0) j = RandBelow(n);
      selected.insert(j);
      result[i] = j;
    }
  }
  return result;
}

std::vector<size_t> DownsampleIndices(size_t n, size_t k) {
  std::vector<size_t> indices;
  if (k >= n) {
    // TensorBoard tests `k > len(xs)`; for k == n its sample covers all of [0, n - 1) anyway, so
    // the kept set is the same and no random draws are needed.
    indices.resize(n);
    for (size_t i = 0; i < n; ++i) indices[i] = i;
    return indices;
  }
  if (k == 0) return indices;
  PythonRandom random(0);
  const std::vector<uint64_t> sampled = random.Sample(n - 1, k - 1);
  indices.assign(sampled.begin(), sampled.end());
  std::sort(indices.begin(), indices.end());
  indices.push_back(n - 1);
  return indices;
}

}  // namespace tracker
