// Reservoir: TensorBoard's per run×tag sample of a stream, reproduced item for item.
#ifndef TRACKER_LOGREADER_RESERVOIR_H_
#define TRACKER_LOGREADER_RESERVOIR_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "logreader/python_random.h"

namespace tracker {

namespace reservoir_internal {

// Python's `int(round(x))` for a non-negative double: round half to even, computed the way
// CPython's float.__round__ does, independent of the FPU rounding mode.
inline uint64_t PythonRound(double x) {
  double rounded = std::round(x);
  if (std::fabs(x - rounded) == 0.5) rounded = 2.0 * std::round(x / 2.0);
  return static_cast<uint64_t>(rounded);
}

}  // namespace reservoir_internal

// A bounded, order-preserving sample of a stream, exactly TensorBoard's `_ReservoirBucket`
// (spec §5.3, §5.5) with always_keep_last: while fewer than `capacity` items are held every
// item is kept; after that item number `seen` replaces a uniformly drawn slot with probability
// capacity / (seen + 1), and otherwise replaces the newest item, so the newest item is always
// last and arrival order is kept. Each reservoir owns its own PythonRandom(0), so all
// reservoirs that saw the same number of items keep the same indices, as in TensorBoard.
//
// Not thread-safe: the owner (a run's store, under its lock) serialises writers against readers.
template <typename T>
class Reservoir {
 public:
  // capacity 0 keeps every item.
  explicit Reservoir(size_t capacity) : capacity_(capacity) {}

  Reservoir(const Reservoir& other)
      : capacity_(other.capacity_),
        seen_(other.seen_),
        items_(other.items_),
        random_(other.random_ ? std::make_unique<PythonRandom>(*other.random_) : nullptr) {}
  Reservoir& operator=(const Reservoir& other) {
    if (this != &other) *this = Reservoir(other);
    return *this;
  }
  Reservoir(Reservoir&&) noexcept = default;
  Reservoir& operator=(Reservoir&&) noexcept = default;

  // Offers one item to the reservoir (TensorBoard's AddItem).
  void Add(T item) {
    if (capacity_ == 0 || items_.size() < capacity_) {
      items_.push_back(std::move(item));
    } else {
      // The generator (2.5 KiB of state) is created on the first draw: until then it has not
      // been used, so starting it late yields the same stream, and reservoirs that never fill
      // (most image, text and histogram tags) never pay for it.
      if (!random_) random_ = std::make_unique<PythonRandom>(0);
      const uint64_t r = random_->RandBelow(seen_ + 1);
      if (r < capacity_) {
        // Python's items.pop(r); items.append(item), without reallocating.
        std::move(items_.begin() + static_cast<std::ptrdiff_t>(r) + 1, items_.end(),
                  items_.begin() + static_cast<std::ptrdiff_t>(r));
      }
      items_.back() = std::move(item);
    }
    ++seen_;
  }

  // Purging (TensorBoard's FilterItems with the predicate negated): removes the items for which
  // pred(item) is true, keeping the order of the rest, then rescales `seen` to
  // int(round(seen * (kept / before))) in doubles with half-to-even rounding, exactly as
  // TensorBoard does (0 when the reservoir was empty). Returns the number of items removed.
  template <typename Pred>
  size_t RemoveIf(Pred pred) {
    const size_t before = items_.size();
    items_.erase(std::remove_if(items_.begin(), items_.end(),
                                [&pred](const T& item) { return static_cast<bool>(pred(item)); }),
                 items_.end());
    const size_t kept = items_.size();
    const double proportion =
        before > 0 ? static_cast<double>(kept) / static_cast<double>(before) : 0.0;
    seen_ = reservoir_internal::PythonRound(static_cast<double>(seen_) * proportion);
    return before - kept;
  }

  // The kept items, oldest first; the last one is the newest item offered.
  const std::vector<T>& items() const { return items_; }
  size_t size() const { return items_.size(); }
  size_t capacity() const { return capacity_; }
  // How many items the reservoir believes it has been offered (rescaled by RemoveIf).
  uint64_t seen() const { return seen_; }

 private:
  size_t capacity_;
  uint64_t seen_ = 0;
  std::vector<T> items_;
  std::unique_ptr<PythonRandom> random_;  // created on the first draw
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_RESERVOIR_H_
