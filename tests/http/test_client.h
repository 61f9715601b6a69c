// A blocking HTTP client on raw sockets for the server tests: it sends exactly the bytes it is
// given (malformed requests included) and reads responses with timeouts.
#ifndef TRACKER_TESTS_HTTP_TEST_CLIENT_H_
#define TRACKER_TESTS_HTTP_TEST_CLIENT_H_

#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace tracker::http::testing {

struct HttpResult {
  int status = 0;  // 0: no complete response (closed, timed out, unparsable)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;  // why status is 0

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; connected() says whether it worked.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all of `bytes`; false if the peer is gone.
  bool Send(std::string_view bytes);
  // Reads one response (HEAD responses: pass head = true).
  HttpResult ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                          bool head = false);
  // Reads whatever arrives within `timeout` (until the peer closes, or the timeout passes).
  std::string ReadFor(std::chrono::milliseconds timeout);
  // Reads at least until `needle` appears in what was read, or the timeout; returns all read.
  std::string ReadUntil(std::string_view needle, std::chrono::milliseconds timeout);
  // Whether the peer closed the connection (EOF or reset) within `timeout`; data read meanwhile
  // is dropped.
  bool WaitForClose(std::chrono::milliseconds timeout);
  void Close();

 private:
  // Reads into pending_; 0 on EOF, -1 on error, -2 on timeout.
  int ReadMore(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string pending_;  // bytes read but not consumed
};

// One request on a fresh connection: "GET /path" with Host: localhost and the given extra
// header lines ("Name: value\r\n" each).
HttpResult Fetch(int port, std::string_view method, std::string_view target,
                 std::string_view extra_headers = "", std::string_view body = "");

}  // namespace tracker::http::testing

#endif  // TRACKER_TESTS_HTTP_TEST_CLIENT_H_
