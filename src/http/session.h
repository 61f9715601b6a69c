// Session: one HTTP/1.1 connection, on its own strand: read a request within the limits, answer
// it through the Router, repeat while the client keeps the connection alive.
#ifndef TRACKER_HTTP_SESSION_H_
#define TRACKER_HTTP_SESSION_H_

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "http/router.h"
#include "http/session_context.h"

namespace tracker::http {

// Kept alive by shared_from_this in its pending handlers; gone when the last one returns.
// Requests are answered one at a time: the next is read only after the answer is written, so
// at most one response is ever queued per connection. The event stream route hands the socket
// over to an EventStream.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // `socket` must have been accepted with a strand executor.
  Session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<SessionContext> context,
          ConnectionSlot slot);
  ~Session();

  void Run();

 private:
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec, size_t bytes);
  void ReadBody();
  void OnBody(boost::beast::error_code ec, size_t bytes);
  void Answer();
  void Write(HttpResponse response);
  void OnWrite(bool close, boost::beast::error_code ec, size_t bytes);
  // Answers a request that could not be read (malformed, too large) and closes.
  void Refuse(boost::beast::error_code ec);
  // Half-closes, then reads and drops what the client still sends for a short while, so the
  // refusal is not lost to a reset when the socket closes with unread data.
  void Linger();
  void Drain();
  void Close();
  void SetBusy(bool busy);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<SessionContext> context_;
  ConnectionSlot slot_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  std::optional<HttpResponse> response_;  // alive while it is written
  std::array<char, 4096> drain_;
  size_t drained_ = 0;
  bool busy_ = false;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_SESSION_H_
