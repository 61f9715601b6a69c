#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <thread>
#include <vector>

#include "http/listener.h"

namespace tracker::http {

namespace net = boost::asio;
using net::ip::tcp;

Server::Server(ServerOptions options)
    : options_(std::move(options)), ioc_(std::make_unique<net::io_context>()) {}

Server::~Server() { Stop(); }

StatusOr<std::unique_ptr<Server>> Server::Bind(ServerOptions options) {
  std::unique_ptr<Server> server(new Server(std::move(options)));
  // The acceptor lives on a strand of the server's own io_context.
  auto acceptor = OpenAcceptor(net::make_strand(*server->ioc_), server->options_.listen);
  if (!acceptor.ok()) return acceptor.status();
  server->acceptor_ = std::make_unique<tcp::acceptor>(std::move(acceptor).value());
  server->endpoint_ = server->acceptor_->local_endpoint();
  return server;
}

void Server::Run(const Router& router, const ChangeFeed& feed) {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    context_ = std::make_shared<SessionContext>();
    context_->router = &router;
    context_->feed = &feed;
    context_->limits = options_.limits;
    listener_ = std::make_shared<Listener>(*ioc_, std::move(*acceptor_), context_);
    acceptor_.reset();
    listener_->Run();
  }

  {
    net::io_context& ioc = *ioc_;
    net::signal_set signals(ioc);
    if (options_.handle_signals) {
      signals.add(SIGINT);
      signals.add(SIGTERM);
      signals.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("{}: shutting down", signal == SIGINT ? "SIGINT" : "SIGTERM");
        Stop();
      });
    }

    int threads = options_.threads > 0 ? options_.threads
                                       : static_cast<int>(std::thread::hardware_concurrency());
    if (threads < 1) threads = 1;
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (std::thread& t : pool) t.join();
  }

  std::lock_guard lock(mu_);
  listener_.reset();
  ioc_.reset();
}

void Server::Stop() {
  std::lock_guard lock(mu_);
  if (stopped_) return;
  stopped_ = true;
  if (!ioc_) return;  // Run() is over
  if (!listener_) {
    ioc_->stop();
    return;
  }
  listener_->Stop();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  net::post(*ioc_, [this, deadline] { StopWhenIdle(deadline); });
}

void Server::StopWhenIdle(std::chrono::steady_clock::time_point deadline) {
  // Runs on the io_context, so ioc_ is still there.
  if (context_->busy.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
    ioc_->stop();
    return;
  }
  auto timer = std::make_shared<net::steady_timer>(*ioc_, std::chrono::milliseconds(20));
  timer->async_wait(
      [this, timer, deadline](const boost::system::error_code&) { StopWhenIdle(deadline); });
}

}  // namespace tracker::http
