#include "http/session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "http/event_stream.h"

namespace tracker::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using beast_http::field;
using beast_http::status;

namespace {

bool IEquals(std::string_view a, std::string_view b) { return beast::iequals(a, b); }

constexpr size_t kMaxDrain = 1 << 20;
constexpr auto kLingerTime = std::chrono::seconds(2);

}  // namespace

Session::Session(net::ip::tcp::socket&& socket, std::shared_ptr<SessionContext> context,
                 ConnectionSlot slot)
    : stream_(std::move(socket)), context_(std::move(context)), slot_(std::move(slot)) {}

Session::~Session() { SetBusy(false); }

void Session::SetBusy(bool busy) {
  if (busy == busy_) return;
  busy_ = busy;
  if (busy) {
    context_->busy.fetch_add(1);
  } else {
    context_->busy.fetch_sub(1);
  }
}

void Session::Run() {
  // Start on the strand: the accept handler ran on the listener's.
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
}

void Session::ReadHeader() {
  // A fresh parser per request: its limits and state are per message.
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(context_->limits.header_limit));
  parser_->body_limit(context_->limits.body_limit);
  // One deadline for the whole request, headers and body: the idle wait of a kept-alive
  // connection counts too, and a client trickling bytes cannot reset it.
  stream_.expires_after(context_->limits.read_timeout);
  beast_http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

void Session::OnHeader(beast::error_code ec, size_t) {
  if (ec) return Refuse(ec);
  SetBusy(true);
  const auto& req = parser_->get();
  if (IEquals(req[field::expect], "100-continue") && !parser_->is_done()) {
    // The client waits for our go-ahead before sending the body (curl does for large POSTs).
    auto cont = std::make_shared<beast_http::response<beast_http::empty_body>>(status::continue_,
                                                                               req.version());
    beast_http::async_write(stream_, *cont,
                            [self = shared_from_this(), cont](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->ReadBody();
                            });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  if (parser_->is_done()) return Answer();
  beast_http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::OnBody, shared_from_this()));
}

void Session::OnBody(beast::error_code ec, size_t) {
  if (ec) return Refuse(ec);
  Answer();
}

void Session::Answer() {
  Reply reply = context_->router->Handle(parser_->get());
  if (reply.event_stream) {
    SetBusy(false);
    // The socket now belongs to the stream; this session ends when its handler returns.
    std::make_shared<EventStream>(std::move(stream_), context_, std::move(slot_))
        ->Start(std::move(reply.message), reply.last_event_id);
    return;
  }
  Write(std::move(reply.message));
}

void Session::Write(HttpResponse response) {
  response_ = std::move(response);
  const bool close = response_->need_eof();
  stream_.expires_after(context_->limits.write_timeout);
  beast_http::async_write(stream_, *response_,
                          beast::bind_front_handler(&Session::OnWrite, shared_from_this(), close));
}

void Session::OnWrite(bool close, beast::error_code ec, size_t) {
  response_.reset();
  SetBusy(false);
  if (ec) return Close();
  if (close) return Linger();
  ReadHeader();
}

void Session::Refuse(beast::error_code ec) {
  // Errors outside Beast's HTTP category are the connection's (reset, timeout): nobody to
  // answer. end_of_stream is a client closing between requests, partial_message one closing
  // in the middle of one.
  const bool parse_error =
      ec.category() == beast::error_code(beast_http::error::bad_target).category();
  if (!parse_error || ec == beast_http::error::end_of_stream ||
      ec == beast_http::error::partial_message) {
    return Close();
  }
  status s = status::bad_request;
  std::string message = "malformed HTTP request: " + ec.message();
  if (ec == beast_http::error::header_limit) {
    s = status::request_header_fields_too_large;
    message = "request headers are larger than " + std::to_string(context_->limits.header_limit) +
              " bytes";
  } else if (ec == beast_http::error::body_limit) {
    s = status::payload_too_large;
    message =
        "request body is larger than " + std::to_string(context_->limits.body_limit) + " bytes";
  }
  HttpResponse res = Router::ErrorResponse(s, message);
  res.keep_alive(false);
  Write(std::move(res));
}

void Session::Linger() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  if (ec) return Close();
  stream_.expires_after(kLingerTime);
  Drain();
}

void Session::Drain() {
  // Until the client closes, the deadline passes or enough was dropped.
  stream_.async_read_some(net::buffer(drain_),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            self->drained_ += n;
                            if (ec || self->drained_ > kMaxDrain) return self->Close();
                            self->Drain();
                          });
}

void Session::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
}

}  // namespace tracker::http
