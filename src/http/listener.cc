#include "http/listener.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "http/session.h"

namespace tracker::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using net::ip::tcp;

Listener::Listener(net::io_context& ioc, tcp::acceptor&& acceptor,
                   std::shared_ptr<SessionContext> context)
    : ioc_(ioc),
      acceptor_(std::move(acceptor)),
      backoff_(acceptor_.get_executor()),
      context_(std::move(context)) {}

void Listener::Run() {
  net::dispatch(acceptor_.get_executor(),
                beast::bind_front_handler(&Listener::Accept, shared_from_this()));
}

void Listener::Stop() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
    self->backoff_.cancel();
  });
}

void Listener::Accept() {
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(ioc_),
                         beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (!acceptor_.is_open()) return;  // stopped
  if (ec) {
    // Out of file descriptors and the like: retrying at once would spin; wait a little.
    spdlog::warn("accept failed: {}", ec.message());
    backoff_.expires_after(std::chrono::milliseconds(100));
    backoff_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Accept();
    });
    return;
  }
  ConnectionSlot slot = ConnectionSlot::TryAcquire(context_);
  if (!slot) {
    // Over max_connections: closed without an answer. Answering would cost what the limit
    // protects, and a 503 would look like a server fault.
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(std::move(socket), context_, std::move(slot))->Run();
  }
  Accept();
}

}  // namespace tracker::http
