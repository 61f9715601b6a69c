#include "http/event_stream.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/write.hpp>

#include "http/change_feed.h"

namespace tracker::http {

namespace beast = boost::beast;
namespace net = boost::asio;

EventStream::EventStream(beast::tcp_stream&& stream, std::shared_ptr<SessionContext> context,
                         ConnectionSlot slot)
    : stream_(std::move(stream)),
      context_(std::move(context)),
      slot_(std::move(slot)),
      timer_(stream_.get_executor()) {}

void EventStream::Start(HttpResponse headers, std::optional<uint64_t> last_event_id) {
  const uint64_t now = context_->feed->Cursor();
  // A Last-Event-ID from the future (another server, a restart) means nothing here.
  cursor_ = last_event_id && *last_event_id <= now ? *last_event_id : now;
  header_ = beast_http::response<beast_http::empty_body>(std::move(headers.base()));
  // HTTP/1.0 has no chunked coding (nginx speaks it to upstreams unless told
  // proxy_http_version 1.1): there the body is the raw events and ends with the connection.
  chunked_ = header_.version() >= 11;
  if (chunked_) {
    header_.chunked(true);
  } else {
    header_.keep_alive(false);
  }
  serializer_.emplace(header_);
  stream_.expires_after(context_->limits.write_timeout);
  beast_http::async_write_header(
      stream_, *serializer_,
      beast::bind_front_handler(&EventStream::OnHeaderWritten, shared_from_this()));
}

void EventStream::OnHeaderWritten(beast::error_code ec, size_t) {
  if (ec) return Close();
  DetectDeadPeers();
  // The read that watches for the client going away waits without a deadline; each write
  // below sets its own (expires_after leaves the pending read's alone).
  stream_.expires_never();
  WatchForClose();
  // A first comment, so that clients and proxies see the body start.
  Send(": connected\n\n");
  ScheduleTick();
}

void EventStream::DetectDeadPeers() {
  // A laptop that sleeps or leaves the network never closes its stream, and the heartbeats fit
  // in the send buffer for hours, so the stream would hold its connection place for as long.
  // TCP keepalive probes after 30 s of silence, and a cap on unacknowledged data, end such a
  // stream within about a minute.
  const int fd = stream_.socket().native_handle();
  const int on = 1, idle = 30, interval = 10, count = 3;
  const unsigned user_timeout_ms = 60000;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
  setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
}

void EventStream::WatchForClose() {
  stream_.async_read_some(net::buffer(discard_),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            // The client sends nothing on an event stream; what it does send
                            // is dropped. An error is its close.
                            if (ec) return self->Close();
                            self->WatchForClose();
                          });
}

void EventStream::ScheduleTick() {
  timer_.expires_after(context_->limits.change_poll_interval);
  timer_.async_wait(beast::bind_front_handler(&EventStream::Tick, shared_from_this()));
}

void EventStream::Tick(beast::error_code ec) {
  if (ec || closed_) return;
  // While a write is still going, wait: the next tick sends whatever accumulated, as one event.
  if (!writing_) {
    const uint64_t now = context_->feed->Cursor();
    if (now != cursor_) {
      const std::string data = context_->feed->ChangeEvent(cursor_, now);
      cursor_ = now;
      Send("id: " + std::to_string(now) + "\ndata: " + data + "\n\n");
    } else if (std::chrono::steady_clock::now() - last_write_ >=
               context_->limits.heartbeat_interval) {
      Send(": heartbeat\n\n");
    }
  }
  ScheduleTick();
}

void EventStream::Send(std::string text) {
  out_ = std::move(text);
  writing_ = true;
  last_write_ = std::chrono::steady_clock::now();
  stream_.expires_after(context_->limits.write_timeout);
  auto on_sent = [self = shared_from_this()](beast::error_code ec, size_t) {
    self->writing_ = false;
    if (ec) self->Close();
  };
  if (chunked_) {
    net::async_write(stream_, beast_http::make_chunk(net::buffer(out_)), std::move(on_sent));
  } else {
    net::async_write(stream_, net::buffer(out_), std::move(on_sent));
  }
}

void EventStream::Close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
}

}  // namespace tracker::http
