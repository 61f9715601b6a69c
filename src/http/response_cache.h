// ResponseCache: GET answers of plugin routes, kept while the store has not changed since they
// were computed, so that pages polling the same series cost a lookup and a copy instead of a
// walk over the data and a float-formatting pass per point.
#ifndef TRACKER_HTTP_RESPONSE_CACHE_H_
#define TRACKER_HTTP_RESPONSE_CACHE_H_

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tracker::http {

struct CachedResponse {
  uint64_t stamp = 0;  // the store stamp read before the answer was computed
  std::string content_type;
  std::string body;
  std::string etag;     // strong, from the body's bytes
  std::string gzipped;  // the gzip form, once a client asked for it ("" until then)
  std::vector<std::pair<std::string, std::string>> headers;  // the plugin's extra headers
};

// Thread-safe LRU bounded by the bytes of its bodies.
//
// Correctness rests on the stamp: a counter that changes with every change to the store and is
// read *before* the answer is computed. An entry computed at stamp S is served only while the
// stamp is still S; if data landed while it was being computed, the stamp has moved on and the
// entry is never served.
class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes, size_t max_entry_bytes)
      : max_bytes_(max_bytes), max_entry_bytes_(max_entry_bytes) {}

  // The entry for `key` computed at `stamp`, or null. A stale entry is dropped.
  std::shared_ptr<const CachedResponse> Find(const std::string& key, uint64_t stamp);
  // Stores (or replaces) the entry for `key`; bodies larger than max_entry_bytes are not kept.
  void Insert(const std::string& key, std::shared_ptr<const CachedResponse> entry);

  size_t bytes() const;
  size_t size() const;

 private:
  using Lru = std::list<std::pair<std::string, std::shared_ptr<const CachedResponse>>>;
  static size_t Cost(const CachedResponse& entry);
  void EraseLocked(Lru::iterator it);

  const size_t max_bytes_;
  const size_t max_entry_bytes_;
  mutable std::mutex mu_;
  Lru lru_;  // most recently used first
  std::unordered_map<std::string, Lru::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_RESPONSE_CACHE_H_
