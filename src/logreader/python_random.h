// PythonRandom: a bit-exact copy of CPython's random.Random (MT19937) for TensorBoard's sampling.
#ifndef TRACKER_LOGREADER_PYTHON_RANDOM_H_
#define TRACKER_LOGREADER_PYTHON_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tracker {

// Reproduces the exact stream of CPython's `random.Random(seed)` for the calls TensorBoard makes
// (`randint`/`randrange` through `_randbelow`, and `sample`), so that reservoirs and query-time
// downsampling keep exactly the items TensorBoard keeps. This is *not* `std::mt19937(seed)`:
// Python seeds through `init_by_array`.
//
// Not thread-safe; each owner (one reservoir, one downsampling call) has its own instance.
class PythonRandom {
 public:
  // Same state as Python's `random.Random(seed)` for a non-negative int seed below 2^32:
  // init_genrand(19650218) then init_by_array({seed}) (seed 0 is the key [0]).
  explicit PythonRandom(uint32_t seed = 0);

  // The next raw 32-bit output (CPython's genrand_uint32).
  uint32_t NextU32();

  // Python's `getrandbits(k)` for 0 <= k <= 64 (k == 0 returns 0 and draws nothing, as in
  // Python >= 3.9). For k <= 32 one word is drawn and its top k bits returned; for larger k the
  // words fill the result from the least significant end, the last one keeping its top bits.
  uint64_t GetRandBits(int k);

  // Python's `_randbelow(n)` (so also `randrange(n)` and `randint(0, n - 1)`): uniform in
  // [0, n) by rejection on getrandbits(bit_length(n)). Precondition: n >= 1.
  uint64_t RandBelow(uint64_t n);

  // Python's `sample(range(population), k)`, in Python's result (selection) order: the pool
  // method when the population is small relative to k, else the set method, chosen exactly as
  // CPython 3.11 does. Precondition: k <= population.
  std::vector<uint64_t> Sample(uint64_t population, uint64_t k);

 private:
  static constexpr int kStateSize = 624;

  void InitGenrand(uint32_t s);
  void InitByArray(const uint32_t* key, size_t key_length);
  void Twist();

  uint32_t state_[kStateSize];
  int index_;
};

// Query-time downsampling (TensorBoard's `_downsample`): the indices, sorted ascending, of the
// items kept when n items are downsampled to k. k >= n keeps all; k == 0 keeps none; otherwise
// k - 1 indices are sampled from [0, n - 1) by a fresh PythonRandom(0), sorted, and n - 1 (the
// newest item) is appended.
std::vector<size_t> DownsampleIndices(size_t n, size_t k);

}  // namespace tracker

#endif  // TRACKER_LOGREADER_PYTHON_RANDOM_H_
