// SessionContext: what every connection shares (the router, the change feed, the limits) and
// the count of open connections that enforces max_connections.
#ifndef TRACKER_HTTP_SESSION_CONTEXT_H_
#define TRACKER_HTTP_SESSION_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace tracker::http {

class Router;
class ChangeFeed;

// Limits that keep slow or hostile clients from exhausting the server.
struct ServerLimits {
  size_t header_limit = 16 * 1024;  // request line + headers; more is 431
  uint64_t body_limit = 1 << 20;    // more is 413
  int max_connections = 512;        // further connections are closed at once
  // For a whole request, headers and body, counted from the moment the server waits for it,
  // so it is also the idle time of a kept-alive connection. A client sending a byte a second
  // is cut when it runs out.
  std::chrono::steady_clock::duration read_timeout = std::chrono::seconds(30);
  std::chrono::steady_clock::duration write_timeout = std::chrono::seconds(30);
  // Event stream: a comment line when nothing else was sent for this long, so proxies keep
  // the connection (nginx's default proxy_read_timeout is 60 s).
  std::chrono::steady_clock::duration heartbeat_interval = std::chrono::seconds(15);
  std::chrono::steady_clock::duration change_poll_interval = std::chrono::milliseconds(250);
};

// Shared by the listener and every connection; the router and feed must outlive the
// io_context's threads.
struct SessionContext {
  const Router* router = nullptr;
  const ChangeFeed* feed = nullptr;
  ServerLimits limits;
  std::atomic<int> connections{0};
  // Requests between their first byte and the end of their answer; the server waits for
  // these (briefly) when it stops.
  std::atomic<int> busy{0};
};

// One of max_connections places, held by a connection (session, then its event stream) for
// its lifetime. Movable, not copyable.
class ConnectionSlot {
 public:
  ConnectionSlot() = default;
  // Takes a place, or returns an empty slot when all are taken.
  static ConnectionSlot TryAcquire(const std::shared_ptr<SessionContext>& context) {
    const int max = context->limits.max_connections;
    int n = context->connections.load();
    while (n < max) {
      if (context->connections.compare_exchange_weak(n, n + 1)) return ConnectionSlot(context);
    }
    return ConnectionSlot();
  }
  ConnectionSlot(ConnectionSlot&& other) noexcept = default;
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept {
    Release();
    context_ = std::move(other.context_);
    return *this;
  }
  ~ConnectionSlot() { Release(); }

  explicit operator bool() const { return context_ != nullptr; }

 private:
  explicit ConnectionSlot(std::shared_ptr<SessionContext> context) : context_(std::move(context)) {}
  void Release() {
    if (context_) context_->connections.fetch_sub(1);
    context_.reset();
  }
  std::shared_ptr<SessionContext> context_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_SESSION_CONTEXT_H_
