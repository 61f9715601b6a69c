// EventStream: a connection turned into a Server-Sent Events stream (/data/tracker/events) that
// tells the page when the store changed, with a heartbeat so proxies keep it open.
#ifndef TRACKER_HTTP_EVENT_STREAM_H_
#define TRACKER_HTTP_EVENT_STREAM_H_

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/router.h"
#include "http/session_context.h"

namespace tracker::http {

// Every 250 ms (limits.change_poll_interval) a timer on the connection's strand compares the
// ChangeFeed's cursor with the last one sent; when it moved, an event
//   id: <cursor>\ndata: <ChangeFeed::ChangeEvent(last, cursor)>\n\n
// goes out. After 15 s (limits.heartbeat_interval) with nothing sent, ": heartbeat\n\n" does.
// The body is chunked (raw for HTTP/1.0 clients) and never compressed. A browser reconnecting sends Last-Event-ID, and
// the stream starts from there, so a change during the reconnect is not missed.
//
// The stream ends when the client closes (a pending read notices), a write takes longer than
// limits.write_timeout (a client that stopped reading), TCP keepalive finds the peer gone (a
// machine that slept or left the network), or the server stops.
class EventStream : public std::enable_shared_from_this<EventStream> {
 public:
  EventStream(boost::beast::tcp_stream&& stream, std::shared_ptr<SessionContext> context,
              ConnectionSlot slot);

  // `headers` as the Router built them; `last_event_id` from the request, if any.
  void Start(HttpResponse headers, std::optional<uint64_t> last_event_id);

 private:
  void OnHeaderWritten(boost::beast::error_code ec, size_t bytes);
  void DetectDeadPeers();
  void WatchForClose();
  void ScheduleTick();
  void Tick(boost::beast::error_code ec);
  void Send(std::string text);
  void Close();

  boost::beast::tcp_stream stream_;
  std::shared_ptr<SessionContext> context_;
  ConnectionSlot slot_;
  boost::asio::steady_timer timer_;
  beast_http::response<beast_http::empty_body> header_;
  std::optional<beast_http::response_serializer<beast_http::empty_body>> serializer_;
  std::string out_;  // the chunk being written
  bool chunked_ = true;
  bool writing_ = false;
  bool closed_ = false;
  uint64_t cursor_ = 0;
  std::chrono::steady_clock::time_point last_write_;
  std::array<char, 512> discard_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_EVENT_STREAM_H_
