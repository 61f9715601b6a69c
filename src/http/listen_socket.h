// The listening socket: which address (127.0.0.1 by default, --host, or a dual-stack :: for
// --bind_all) and which port (6006, then up to 6016 when the default is busy, as TensorBoard).
#ifndef TRACKER_HTTP_LISTEN_SOCKET_H_
#define TRACKER_HTTP_LISTEN_SOCKET_H_

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "status.h"

namespace tracker::http {

inline constexpr int kDefaultPort = 6006;
inline constexpr int kLastDefaultPort = 6016;

struct ListenOptions {
  std::string host;       // "" means 127.0.0.1; else a name or an IP literal to resolve
  bool bind_all = false;  // :: with IPV6_V6ONLY off (0.0.0.0 where IPv6 is missing)
  int port = -1;          // -1: the default scan; 0: a free port the OS picks; else just this
};

// Opens, binds and listens. A busy explicit port is Unavailable with the message
// "could not bind to port N, it was already in use"; an unresolvable host InvalidArgument.
StatusOr<boost::asio::ip::tcp::acceptor> OpenAcceptor(const boost::asio::any_io_executor& executor,
                                                      const ListenOptions& options);

}  // namespace tracker::http

#endif  // TRACKER_HTTP_LISTEN_SOCKET_H_
