// Listener: accepts connections and starts a Session for each, up to max_connections.
#ifndef TRACKER_HTTP_LISTENER_H_
#define TRACKER_HTTP_LISTENER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>

#include "http/session_context.h"

namespace tracker::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // `acceptor` is open and listening, and runs on a strand of `ioc`.
  Listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::acceptor&& acceptor,
           std::shared_ptr<SessionContext> context);

  void Run();
  // Stops accepting; connections already open are left to the io_context's end. Thread-safe.
  void Stop();

 private:
  void Accept();
  void OnAccept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  std::shared_ptr<SessionContext> context_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_LISTENER_H_
