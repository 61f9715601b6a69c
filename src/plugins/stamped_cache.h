// StampedCache: a byte-bounded LRU cache whose entries carry what they were computed from.
#ifndef TRACKER_PLUGINS_STAMPED_CACHE_H_
#define TRACKER_PLUGINS_STAMPED_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace tracker::plugins {

// The scalars batch route keeps what it computed (its windows, the decoded values of the series
// it smoothed) keyed by name, each entry with the identity of the data it came from: a lookup
// with another identity drops the entry, so nothing stale is ever served. Entries are counted
// by their bytes up to a budget, the least recently used going first; an entry larger than
// `max_entry_bytes` is not kept (it would push out a screenful of others). Values should be
// cheap to copy (shared pointers): Find hands out a copy. Thread-safe; the lock is never held
// while the caller computes.
template <typename Value>
class StampedCache {
 public:
  StampedCache(size_t budget_bytes, size_t max_entry_bytes)
      : budget_(budget_bytes), max_entry_(max_entry_bytes) {}

  // The value kept for `key` if it came from `identity`, else nullopt (a stale one is dropped).
  std::optional<Value> Find(const std::string& key, uint64_t identity) {
    std::lock_guard lock(mu_);
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    if (it->second->identity != identity) {
      Erase(it->second);
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->value;
  }

  // Keeps `value` (of about `value_bytes`) for `key`, replacing what was there.
  void Insert(const std::string& key, uint64_t identity, Value value, size_t value_bytes) {
    const size_t bytes = value_bytes + 2 * key.size() + 128;  // key twice, node overheads
    std::lock_guard lock(mu_);
    if (const auto it = index_.find(key); it != index_.end()) Erase(it->second);
    if (bytes > max_entry_) return;
    lru_.push_front(Entry{key, identity, std::move(value), bytes});
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
    Value value;
    size_t bytes;
  };
  using List = std::list<Entry>;

  void Erase(typename List::iterator it) {
    bytes_ -= it->bytes;
    index_.erase(it->key);
    lru_.erase(it);
  }

  mutable std::mutex mu_;
  List lru_;  // most recently used first
  std::unordered_map<std::string, typename List::iterator> index_;
  size_t bytes_ = 0;
  const size_t budget_;
  const size_t max_entry_;
};

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_STAMPED_CACHE_H_
