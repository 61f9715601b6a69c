// The server over real sockets, in-process, on fake routes and a fake change feed: keep-alive,
// limits, timeouts, refusals of malformed HTTP, the event stream and stopping.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/change_feed.h"
#include "http/router.h"
#include "http/test_client.h"

namespace tracker::http {
namespace {

using namespace std::chrono_literals;
using testing::Fetch;
using testing::HttpResult;
using testing::RawConnection;

class FakeFeed : public ChangeFeed {
 public:
  uint64_t Cursor() const override { return cursor.load(); }
  std::string ChangeEvent(uint64_t since, uint64_t until) const override {
    return "{\"since\": " + std::to_string(since) + ", \"until\": " + std::to_string(until) + "}";
  }
  std::atomic<uint64_t> cursor{0};
};

std::vector<plugins::Route> FakeRoutes() {
  return {
      {"/data/runs",
       [](const plugins::Request&) -> StatusOr<plugins::Response> {
         return plugins::Response::Json("[\"train\"]");
       }},
      {"/data/echo",
       [](const plugins::Request& r) -> StatusOr<plugins::Response> {
         return plugins::Response::Text(r.body);
       },
       true, true},
      {"/data/slow",
       [](const plugins::Request&) -> StatusOr<plugins::Response> {
         std::this_thread::sleep_for(300ms);
         return plugins::Response::Json("\"done\"");
       }},
  };
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerLimits limits = {}) {
    ServerOptions options;
    options.listen.port = 0;
    options.limits = limits;
    options.threads = 2;
    options.handle_signals = false;
    auto server = Server::Bind(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    port_ = server_->port();
    router_ = std::make_unique<Router>(RouterOptions{}, FakeRoutes(), nullptr);
    thread_ = std::thread([this] { server_->Run(*router_, feed_); });
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  static std::string Get(std::string_view target, std::string_view extra = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra) +
           "\r\n";
  }

  FakeFeed feed_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Router> router_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServerTest, BindsAFreePortOnLoopback) {
  Start();
  EXPECT_GT(port_, 0);
  EXPECT_TRUE(server_->endpoint().address().is_loopback());
}

TEST_F(ServerTest, ExplicitBusyPortIsAClearError) {
  Start();
  ServerOptions options;
  options.listen.port = port_;
  auto second = Server::Bind(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(),
            "could not bind to port " + std::to_string(port_) + ", it was already in use");
}

TEST_F(ServerTest, KeepAliveAndPipelining) {
  Start();
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  c.Send(Get("/data/runs"));
  HttpResult r = c.ReadResponse();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[\"train\"]");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  // Same connection, two requests in one write: answered in order.
  c.Send(Get("/data/nope") + Get("/data/runs"));
  EXPECT_EQ(c.ReadResponse().status, 404);
  EXPECT_EQ(c.ReadResponse().status, 200);
  // HTTP/1.0 without keep-alive: answered, then closed.
  c.Send("GET /data/runs HTTP/1.0\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(c.ReadResponse().status, 200);
  EXPECT_TRUE(c.WaitForClose(2s));
}

TEST_F(ServerTest, HeadAndPost) {
  Start();
  HttpResult head = Fetch(port_, "HEAD", "/data/runs");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), "9");
  EXPECT_EQ(head.body, "");
  HttpResult post = Fetch(port_, "POST", "/data/echo", "Content-Type: text/plain\r\n", "hello");
  EXPECT_EQ(post.status, 200);
  EXPECT_EQ(post.body, "hello");
}

TEST_F(ServerTest, ExpectContinue) {
  Start();
  RawConnection c(port_);
  c.Send(
      "POST /data/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
      "Expect: 100-continue\r\n\r\n");
  EXPECT_NE(c.ReadUntil("\r\n\r\n", 2s).find("HTTP/1.1 100 Continue"), std::string::npos);
  c.Send("hello");
  HttpResult r = c.ReadResponse();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello");
}

TEST_F(ServerTest, MalformedRequestsAre400AndClosed) {
  Start();
  for (const char* bytes :
       {"GARBAGE\r\n\r\n", "GET /data/runs HTTP/9.9\r\nHost: localhost\r\n\r\n",
        "GET /data/runs HTTP/1.1\r\nBad Header\r\n\r\n",
        "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
        "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: "
        "2\r\n\r\n",
        "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS hello\r\n\r\n",
        "GET /a b HTTP/1.1\r\n\r\n"}) {
    RawConnection c(port_);
    c.Send(bytes);
    HttpResult r = c.ReadResponse(5s);
    EXPECT_EQ(r.status, 400) << bytes << " " << r.error;
    EXPECT_EQ(r.Header("content-type"), "application/json") << bytes;
    EXPECT_TRUE(c.WaitForClose(3s)) << bytes;
  }
  // Still serving.
  EXPECT_EQ(Fetch(port_, "GET", "/data/runs").status, 200);
}

TEST_F(ServerTest, HugeHeadersAre431) {
  Start();
  RawConnection c(port_);
  c.Send("GET /data/runs HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(20000, 'a') +
         "\r\n\r\n");
  HttpResult r = c.ReadResponse();
  EXPECT_EQ(r.status, 431) << r.error;
  EXPECT_TRUE(c.WaitForClose(3s));
  EXPECT_EQ(Fetch(port_, "GET", "/data/runs").status, 200);
}

TEST_F(ServerTest, HugeBodiesAre413) {
  Start();
  {
    // Refused from the Content-Length alone.
    RawConnection c(port_);
    c.Send("POST /data/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000000\r\n\r\n");
    EXPECT_EQ(c.ReadResponse().status, 413);
  }
  {
    // And while the client keeps sending it anyway: the answer arrives all the same.
    RawConnection c(port_);
    c.Send("POST /data/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3000000\r\n\r\n");
    std::thread sender([&] { c.Send(std::string(3000000, 'x')); });
    HttpResult r = c.ReadResponse();
    sender.join();
    EXPECT_EQ(r.status, 413) << r.error;
  }
  {
    // Chunked bodies are counted as they come.
    RawConnection c(port_);
    std::string req =
        "POST /data/echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i) req += "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
    std::thread sender([&] { c.Send(req); });
    HttpResult r = c.ReadResponse();
    sender.join();
    EXPECT_EQ(r.status, 413) << r.error;
  }
  EXPECT_EQ(Fetch(port_, "GET", "/data/runs").status, 200);
}

TEST_F(ServerTest, SlowAndIdleClientsAreCut) {
  ServerLimits limits;
  limits.read_timeout = 1s;
  Start(limits);
  RawConnection idle(port_);
  RawConnection slow(port_);
  const std::string req = Get("/data/runs");
  const auto start = std::chrono::steady_clock::now();
  bool cut = false;
  for (size_t i = 0; i < req.size(); ++i) {
    if (!slow.Send(req.substr(i, 1))) {
      cut = true;
      break;
    }
    if (slow.WaitForClose(200ms)) {
      cut = true;
      break;
    }
  }
  EXPECT_TRUE(cut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_TRUE(idle.WaitForClose(2s));
  // A kept-alive connection idles out too, after its answer.
  RawConnection kept(port_);
  kept.Send(req);
  EXPECT_EQ(kept.ReadResponse().status, 200);
  EXPECT_TRUE(kept.WaitForClose(3s));
}

TEST_F(ServerTest, ExcessConnectionsAreClosed) {
  ServerLimits limits;
  limits.max_connections = 4;
  Start(limits);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(port_));
    held.back()->Send(Get("/data/runs"));
    ASSERT_EQ(held.back()->ReadResponse().status, 200);
  }
  RawConnection extra(port_);
  EXPECT_TRUE(extra.WaitForClose(2s));
  held.pop_back();
  // The place is given back when a connection ends.
  bool served = false;
  for (int attempt = 0; attempt < 20 && !served; ++attempt) {
    served = Fetch(port_, "GET", "/data/runs").status == 200;
    if (!served) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerTest, EventStream) {
  ServerLimits limits;
  limits.heartbeat_interval = 400ms;
  limits.change_poll_interval = 50ms;
  Start(limits);
  feed_.cursor = 5;
  RawConnection c(port_);
  c.Send(Get("/data/tracker/events", "Accept-Encoding: gzip\r\n"));
  std::string head = c.ReadUntil(": connected", 3s);
  EXPECT_NE(head.find("HTTP/1.1 200 OK"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(head.find("Cache-Control: no-cache"), std::string::npos);
  EXPECT_NE(head.find("X-Accel-Buffering: no"), std::string::npos);
  EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_EQ(head.find("Content-Encoding"), std::string::npos);

  feed_.cursor = 7;
  std::string event = c.ReadUntil("\n\n", 2s);
  EXPECT_NE(event.find("id: 7\ndata: {\"since\": 5, \"until\": 7}\n\n"), std::string::npos)
      << event;
  EXPECT_NE(c.ReadUntil(": heartbeat", 2s).find(": heartbeat\n\n"), std::string::npos);

  // A reconnecting browser sends Last-Event-ID and gets what it missed at once.
  RawConnection again(port_);
  again.Send(Get("/data/tracker/events", "Last-Event-ID: 6\r\n"));
  EXPECT_NE(again.ReadUntil("until", 2s).find("id: 7\ndata: {\"since\": 6, \"until\": 7}"),
            std::string::npos);
}

TEST_F(ServerTest, EventStreamForHttp10IsNotChunked) {
  ServerLimits limits;
  limits.change_poll_interval = 20ms;
  Start(limits);
  RawConnection c(port_);
  c.Send("GET /data/tracker/events HTTP/1.0\r\nHost: localhost\r\n\r\n");
  std::string head = c.ReadUntil(": connected\n\n", 2s);
  EXPECT_EQ(head.find("chunked"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\n\r\n: connected\n\n"), std::string::npos) << head;
  feed_.cursor = 3;
  EXPECT_NE(c.ReadUntil("}\n\n", 2s).find("id: 3\ndata: {\"since\": 0, \"until\": 3}\n\n"),
            std::string::npos);
}

TEST_F(ServerTest, EventStreamsEndWithTheirClientAndGiveBackTheirPlace) {
  ServerLimits limits;
  limits.max_connections = 2;
  limits.change_poll_interval = 20ms;
  Start(limits);
  for (int i = 0; i < 6; ++i) {
    RawConnection c(port_);
    c.Send(Get("/data/tracker/events"));
    ASSERT_NE(c.ReadUntil(": connected", 2s).find(": connected"), std::string::npos) << i;
    c.Close();
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(Fetch(port_, "GET", "/data/runs").status, 200);
}

TEST_F(ServerTest, StopEndsRunWithOpenConnections) {
  Start();
  RawConnection idle(port_);
  RawConnection stream(port_);
  stream.Send(Get("/data/tracker/events"));
  stream.ReadUntil(": connected", 2s);
  // A request being answered when the stop comes is still answered.
  RawConnection busy(port_);
  busy.Send(Get("/data/slow"));
  std::this_thread::sleep_for(100ms);
  const auto start = std::chrono::steady_clock::now();
  server_->Stop();
  thread_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(busy.ReadResponse(2s).status, 200);
  EXPECT_TRUE(idle.WaitForClose(2s));
  EXPECT_TRUE(stream.WaitForClose(2s));
}

}  // namespace
}  // namespace tracker::http
