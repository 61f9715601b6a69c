// ChangeFeed: what the event stream (/data/tracker/events) tells the page, and when: a cursor
// that moves when the store changes, and the event payload describing a move.
#ifndef TRACKER_HTTP_CHANGE_FEED_H_
#define TRACKER_HTTP_CHANGE_FEED_H_

#include <cstdint>
#include <string>

namespace tracker {
class Multiplexer;
}

namespace tracker::http {

// Implementations are thread-safe: every open stream polls Cursor() from its own strand.
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // The position of the newest change; it only grows.
  virtual uint64_t Cursor() const = 0;
  // The `data:` payload of one event (JSON on one line) telling a page that has seen the
  // store at `since` what changed up to `until` (= a Cursor() value).
  virtual std::string ChangeEvent(uint64_t since, uint64_t until) const = 0;
};

// The multiplexer's change log. An event names what changed, so a page refetches only that:
//   {"generation": N, "runs": {"<run>": ["<tag>", ...]}, "removed_runs": ["<run>", ...]}
// A run listed with no tags is new or changed without new tags (a new file, say).
class StoreChangeFeed : public ChangeFeed {
 public:
  explicit StoreChangeFeed(const Multiplexer* store) : store_(store) {}
  uint64_t Cursor() const override;
  std::string ChangeEvent(uint64_t since, uint64_t until) const override;

 private:
  const Multiplexer* store_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_CHANGE_FEED_H_
