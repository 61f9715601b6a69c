#include "http/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>

namespace tracker::http::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Close();
}

RawConnection::~RawConnection() { Close(); }

void RawConnection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawConnection::Send(std::string_view bytes) {
  while (fd_ >= 0 && !bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return fd_ >= 0;
}

int RawConnection::ReadMore(Clock::time_point deadline) {
  if (fd_ < 0) return -1;
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return -2;
  pollfd p{fd_, POLLIN, 0};
  const int r = ::poll(&p, 1, static_cast<int>(left));
  if (r == 0) return -2;
  if (r < 0) return -1;
  char buf[65536];
  const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n < 0) return -1;
  pending_.append(buf, static_cast<size_t>(n));
  return static_cast<int>(n);
}

HttpResult RawConnection::ReadResponse(std::chrono::milliseconds timeout, bool head) {
  HttpResult result;
  const auto deadline = Clock::now() + timeout;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(1ull << 30);
  parser.eager(true);
  if (head) parser.skip(true);
  while (true) {
    if (!pending_.empty()) {
      beast::error_code ec;
      const size_t used = parser.put(boost::asio::buffer(pending_), ec);
      pending_.erase(0, used);
      if (ec && ec != bhttp::error::need_more) {
        result.error = "parse error: " + ec.message();
        return result;
      }
      if (parser.is_done()) break;
      if (used > 0 && !pending_.empty()) continue;
    }
    const int n = ReadMore(deadline);
    if (n == 0) {
      // A close before any byte is no response (Beast asserts got_some() in put_eof): a server
      // at its connection limit closes new connections at once.
      if (!parser.got_some()) {
        result.error = "connection closed";
        return result;
      }
      // EOF: completes a response delimited by the close.
      beast::error_code ec;
      parser.put_eof(ec);
      if (ec || !parser.is_done()) {
        result.error = "connection closed";
        return result;
      }
      break;
    }
    if (n < 0) {
      result.error = n == -2 ? "timeout" : "read error";
      return result;
    }
  }
  auto& res = parser.get();
  result.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.headers[name] = std::string(f.value());
  }
  result.body = std::move(res.body());
  return result;
}

std::string RawConnection::ReadFor(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (ReadMore(deadline) > 0) {
  }
  return std::exchange(pending_, std::string());
}

std::string RawConnection::ReadUntil(std::string_view needle, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (pending_.find(needle) == std::string::npos) {
    if (ReadMore(deadline) <= 0) break;
  }
  return std::exchange(pending_, std::string());
}

bool RawConnection::WaitForClose(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const int n = ReadMore(deadline);
    pending_.clear();
    if (n == 0 || n == -1) return true;
    if (n == -2) return false;
  }
}

HttpResult Fetch(int port, std::string_view method, std::string_view target,
                 std::string_view extra_headers, std::string_view body) {
  RawConnection c(port);
  if (!c.connected()) return HttpResult{0, {}, {}, "connect failed"};
  std::string req = std::string(method) + " " + std::string(target) +
                    " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" +
                    std::string(extra_headers);
  if (!body.empty() || method == "POST") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n";
  req += body;
  c.Send(req);
  return c.ReadResponse(std::chrono::seconds(30), method == "HEAD");
}

}  // namespace tracker::http::testing
