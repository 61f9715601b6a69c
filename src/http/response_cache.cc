#include "http/response_cache.h"

namespace tracker::http {

size_t ResponseCache::Cost(const CachedResponse& entry) {
  return entry.body.size() + entry.gzipped.size() + 256;  // 256: the key and bookkeeping
}

std::shared_ptr<const CachedResponse> ResponseCache::Find(const std::string& key,
                                                          uint64_t stamp) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  if (it->second->second->stamp != stamp) {
    EraseLocked(it->second);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void ResponseCache::Insert(const std::string& key, std::shared_ptr<const CachedResponse> entry) {
  const size_t cost = Cost(*entry);
  if (cost > max_entry_bytes_) return;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
  lru_.emplace_front(key, std::move(entry));
  index_[key] = lru_.begin();
  bytes_ += cost;
  while (bytes_ > max_bytes_ && !lru_.empty()) EraseLocked(std::prev(lru_.end()));
}

void ResponseCache::EraseLocked(Lru::iterator it) {
  bytes_ -= Cost(*it->second);
  index_.erase(it->first);
  lru_.erase(it);
}

size_t ResponseCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t ResponseCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace tracker::http
