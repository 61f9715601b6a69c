// ValueCache: the value columns of the scalar series charts showed last, decoded once.
#ifndef TRACKER_PLUGINS_VALUE_CACHE_H_
#define TRACKER_PLUGINS_VALUE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plugins/float_array.h"

namespace tracker::plugins {

// A smoothing change re-smooths every series on screen from its first point, and decoding the
// stored chunks is most of that work (bench/smoothing_bench.cc). So the batch route keeps the
// values of the series it smoothed last as float32 (4 bytes a point; series with wider values
// are not kept), up to a byte budget, the least recently used going first. Entries carry the
// identity of the series' content they were decoded from (its run, the tag's change sequence
// and its size), so a series that grew or was purged is decoded again, never served stale.
// Thread-safe; the lock is never held while decoding.
class ValueCache {
 public:
  using Values = std::shared_ptr<const FloatArray>;

  explicit ValueCache(size_t budget_bytes) : budget_(budget_bytes) {}

  // The values kept for `key` if they were decoded from content `identity`, else null (and a
  // stale entry is dropped).
  Values Find(const std::string& key, uint64_t identity) {
    std::lock_guard lock(mu_);
    const auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    if (it->second->identity != identity) {
      Erase(it->second);
      return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->values;
  }

  // Keeps `values` for `key`, replacing what was there. A series larger than a quarter of the
  // budget is not kept: it would push out a screenful of others.
  void Insert(const std::string& key, uint64_t identity, Values values) {
    const size_t bytes = Bytes(key, *values);
    std::lock_guard lock(mu_);
    if (const auto it = index_.find(key); it != index_.end()) Erase(it->second);
    if (bytes > budget_ / 4) return;
    lru_.push_front(Entry{key, identity, std::move(values), bytes});
    index_.emplace(key, lru_.begin());
    bytes_ += bytes;
    while (bytes_ > budget_) Erase(std::prev(lru_.end()));
  }

  size_t bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
  }

 private:
  struct Entry {
    std::string key;
    uint64_t identity;
    Values values;
    size_t bytes;
  };
  using List = std::list<Entry>;

  static size_t Bytes(const std::string& key, const FloatArray& values) {
    return values.size() * sizeof(float) + 2 * key.size() + 128;  // key twice, node overheads
  }

  void Erase(List::iterator it) {
    bytes_ -= it->bytes;
    index_.erase(it->key);
    lru_.erase(it);
  }

  mutable std::mutex mu_;
  List lru_;  // most recently used first
  std::unordered_map<std::string, List::iterator> index_;
  size_t bytes_ = 0;
  const size_t budget_;
};

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_VALUE_CACHE_H_
