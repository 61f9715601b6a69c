#include "http/listen_socket.h"

#include <algorithm>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/socket_base.hpp>
#include <vector>

namespace tracker::http {

namespace net = boost::asio;
using boost::system::error_code;
using net::ip::tcp;

namespace {

// The addresses to try for one port, best first.
StatusOr<std::vector<net::ip::address>> Addresses(const net::any_io_executor& executor,
                                                  const ListenOptions& options) {
  if (options.bind_all) {
    return std::vector<net::ip::address>{net::ip::address_v6::any(), net::ip::address_v4::any()};
  }
  if (options.host.empty()) return std::vector<net::ip::address>{net::ip::address_v4::loopback()};
  error_code ec;
  const auto literal = net::ip::make_address(options.host, ec);
  if (!ec) return std::vector<net::ip::address>{literal};
  tcp::resolver resolver(executor);
  const auto results = resolver.resolve(options.host, "0", tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return InvalidArgumentError("cannot resolve --host " + options.host + ": " + ec.message());
  }
  std::vector<net::ip::address> out;
  for (const auto& entry : results) out.push_back(entry.endpoint().address());
  // "localhost" resolves to ::1 and 127.0.0.1 in an order that varies; IPv4 first makes the
  // choice stable and matches the banner's http://localhost for IPv4-only clients.
  std::stable_partition(out.begin(), out.end(), [](const auto& a) { return a.is_v4(); });
  return out;
}

// Binds one endpoint; address_in_use is the caller's to handle.
error_code TryBind(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
  error_code ec;
  if (acceptor.is_open()) acceptor.close(ec);
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return ec;
  // A port left in TIME_WAIT by a previous run can be bound at once; a port with a live
  // listener still cannot.
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    acceptor.set_option(net::ip::v6_only(false), ec);  // dual-stack: IPv4 clients too
  }
  ec.clear();
  acceptor.bind(endpoint, ec);
  if (ec) return ec;
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  return ec;
}

}  // namespace

StatusOr<tcp::acceptor> OpenAcceptor(const net::any_io_executor& executor,
                                     const ListenOptions& options) {
  ASSIGN_OR_RETURN(std::vector<net::ip::address> addresses, Addresses(executor, options));
  std::vector<int> ports;
  if (options.port < 0) {
    for (int p = kDefaultPort; p <= kLastDefaultPort; ++p) ports.push_back(p);
  } else {
    ports.push_back(options.port);
  }
  tcp::acceptor acceptor(executor);
  error_code last;
  for (int port : ports) {
    bool in_use = false;
    for (const auto& address : addresses) {
      const error_code ec =
          TryBind(acceptor, tcp::endpoint(address, static_cast<unsigned short>(port)));
      if (!ec) return acceptor;
      last = ec;
      if (ec == net::error::address_in_use) {
        in_use = true;
        break;  // the port is taken: another address will not help
      }
    }
    if (!in_use) break;  // something other than a busy port: scanning further will not help
  }
  error_code ignored;
  acceptor.close(ignored);
  if (last == net::error::address_in_use) {
    if (options.port < 0) {
      return UnavailableError("could not bind to any port from " + std::to_string(kDefaultPort) +
                              " to " + std::to_string(kLastDefaultPort) +
                              ", all were in use; pass --port N (or --port 0 for any free port)");
    }
    return UnavailableError("could not bind to port " + std::to_string(options.port) +
                            ", it was already in use");
  }
  return UnavailableError("could not listen on " +
                          (options.bind_all       ? std::string("all addresses")
                           : options.host.empty() ? "127.0.0.1"
                                                  : options.host) +
                          " port " +
                          std::to_string(options.port < 0 ? kDefaultPort : options.port) + ": " +
                          last.message());
}

}  // namespace tracker::http
