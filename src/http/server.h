// Server: the io_context, its thread pool, the listening socket and the signals that stop it.
#ifndef TRACKER_HTTP_SERVER_H_
#define TRACKER_HTTP_SERVER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <mutex>

#include "http/listen_socket.h"
#include "http/session_context.h"
#include "status.h"

namespace tracker::http {

class ChangeFeed;
class Listener;
class Router;

struct ServerOptions {
  ListenOptions listen;
  ServerLimits limits;
  int threads = 0;             // 0: one per core
  bool handle_signals = true;  // stop on SIGINT/SIGTERM (off in tests that share a process)
};

class Server {
 public:
  // Binds the listening socket now, so that the caller can print the real port before
  // serving (and fail early if the port is busy).
  static StatusOr<std::unique_ptr<Server>> Bind(ServerOptions options);
  ~Server();

  boost::asio::ip::tcp::endpoint endpoint() const { return endpoint_; }
  unsigned short port() const { return endpoint_.port(); }

  // Serves until Stop(), SIGINT or SIGTERM, then returns once every thread has left and every
  // connection is closed. `router` and `feed` must outlive the call. Call once.
  void Run(const Router& router, const ChangeFeed& feed);
  // Stops accepting, gives requests being answered up to 2 s to finish, then ends the
  // io_context, which closes the remaining connections (idle ones, event streams). Returns at
  // once; Run() returns when that is done. Thread-safe; before Run() it makes Run() return at
  // once.
  void Stop();

 private:
  Server(ServerOptions options, boost::asio::ip::tcp::acceptor acceptor);
  explicit Server(ServerOptions options);
  void StopWhenIdle(std::chrono::steady_clock::time_point deadline);

  ServerOptions options_;
  // Destroyed at the end of Run(): that destroys the pending handlers, and with them the
  // connections they keep alive.
  std::unique_ptr<boost::asio::io_context> ioc_;              // guarded by mu_ once Run() started
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;  // until Run hands it over
  boost::asio::ip::tcp::endpoint endpoint_;
  std::mutex mu_;
  std::shared_ptr<SessionContext> context_;
  std::shared_ptr<Listener> listener_;  // guarded by mu_
  bool stopped_ = false;                // guarded by mu_
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_SERVER_H_
