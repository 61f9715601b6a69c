// The real binary on the test corpus against bad input: malformed HTTP, huge headers and
// bodies, bad percent-encoding, bad JSON, path traversal, a wrong Host, a missing token, a slow
// client and many idle connections. Afterwards it still answers /data/runs correctly, and no
// answer along the way was a 5xx.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "e2e/tracker_process.h"
#include "http/test_client.h"

namespace tracker::testing {
namespace {

using namespace std::chrono_literals;
using http::testing::Fetch;
using http::testing::HttpResult;
using http::testing::RawConnection;

const std::string kCorpus = std::string(TRACKER_TEST_DATA) + "/corpus";

nlohmann::json GoldenRuns() {
  std::ifstream in(std::string(TRACKER_TEST_DATA) + "/golden/golden.json");
  return nlohmann::json::parse(in)["runs"]["body"];
}

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TrackerProcess({"--logdir=" + kCorpus});
    token_server_ = new TrackerProcess({"--logdir=" + kCorpus, "--auth_token=t0ken-123"});
    server_->WaitForFirstLoad();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete token_server_;
  }

  void SetUp() override {
    ASSERT_GT(server_->port(), 0) << server_->Stderr();
    ASSERT_GT(token_server_->port(), 0) << token_server_->Stderr();
  }

  // After each test (ctest runs each in its own process): the server still answers, and it
  // logged no 500.
  void TearDown() override {
    if (server_->port() == 0 || !server_->running()) return;
    EXPECT_EQ(Get("/data/runs").status, 200);
    EXPECT_EQ(server_->Stderr().find("500 for"), std::string::npos) << server_->Stderr();
    EXPECT_EQ(token_server_->Stderr().find("500 for"), std::string::npos);
  }

  // Every answer of this suite: never a server error.
  static HttpResult Checked(HttpResult r, const std::string& what) {
    EXPECT_LT(r.status, 500) << what << " answered " << r.status << ": " << r.body;
    return r;
  }

  static HttpResult Send(int port, const std::string& bytes, bool expect_answer = true) {
    RawConnection c(port);
    EXPECT_TRUE(c.connected());
    c.Send(bytes);
    HttpResult r = c.ReadResponse(10s);
    if (expect_answer) EXPECT_NE(r.status, 0) << bytes.substr(0, 200) << ": " << r.error;
    return Checked(r, bytes.substr(0, 200));
  }

  static HttpResult Get(const std::string& target, const std::string& extra = "") {
    return Checked(Fetch(server_->port(), "GET", target, extra), "GET " + target);
  }

  static TrackerProcess* server_;
  static TrackerProcess* token_server_;
};

TrackerProcess* BadInputTest::server_ = nullptr;
TrackerProcess* BadInputTest::token_server_ = nullptr;

TEST_F(BadInputTest, BannerSaysWhere) {
  EXPECT_NE(server_->banner().find("at http://localhost:" + std::to_string(server_->port()) + "/"),
            std::string::npos)
      << server_->banner();
  EXPECT_NE(server_->banner().find("(Press CTRL+C to quit)"), std::string::npos);
}

TEST_F(BadInputTest, MalformedHttp) {
  for (const std::string& bytes : std::vector<std::string>{
           "GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/1.1\r\n\r\n" /* no Host */,
           "GET /data/runs HTTP/7.0\r\nHost: localhost\r\n\r\n",
           "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n",
           "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
           "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
           "99999999999999999999\r\n\r\n",
           "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: "
           "chunked\r\n\r\nxyz\r\n",
           "POST /data/runs HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, "
           "chunked\r\n\r\n0\r\n\r\n",
           "GET /data/runs HTTP/1.1\r\nHost: local\x01host\r\n\r\n",
           std::string("GET /data/runs HTTP/1.1\r\nHost: localhost\r\nX: a\0b\r\n\r\n", 51),
           "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",
           "GET /data/runs\tHTTP/1.1\r\nHost: localhost\r\n\r\n"}) {
    Send(server_->port(), bytes);
  }
  // Half a request, then the client leaves: nothing to answer, nothing to break.
  {
    RawConnection c(server_->port());
    c.Send("GET /data/ru");
  }
  EXPECT_EQ(Get("/data/runs").status, 200);
}

TEST_F(BadInputTest, HugeHeaders) {
  HttpResult one = Send(server_->port(), "GET /data/runs HTTP/1.1\r\nHost: localhost\r\nX-Big: " +
                                             std::string(64 * 1024, 'a') + "\r\n\r\n");
  EXPECT_EQ(one.status, 431);
  std::string many = "GET /data/runs HTTP/1.1\r\nHost: localhost\r\n";
  for (int i = 0; i < 3000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(Send(server_->port(), many + "\r\n").status, 431);
  EXPECT_EQ(Send(server_->port(),
                 "GET /" + std::string(32 * 1024, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .status,
            431);
}

TEST_F(BadInputTest, HugeBody) {
  RawConnection c(server_->port());
  c.Send(
      "POST /data/plugin/hparams/session_groups HTTP/1.1\r\nHost: localhost\r\n"
      "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");
  std::thread sender([&] { c.Send(std::string(10000000, '{')); });
  HttpResult r = Checked(c.ReadResponse(10s), "huge body");
  sender.join();
  EXPECT_EQ(r.status, 413) << r.error;
}

TEST_F(BadInputTest, BadPercentEncoding) {
  for (const std::string target :
       {"/data/plugin/scalars/scalars?run=%zz&tag=loss", "/data/plugin/scalars/scalars?run=%",
        "/data/plugin/scalars/scalars?run=%e&tag=%", "/data/%xxruns", "/%",
        "/data/plugin/scalars/scalars?run=%C3%28&tag=%FF%FE",  // decodes to invalid UTF-8
        "/data/plugin/scalars/scalars?run=%00&tag=%00", "/data/runs?%zz=1",
        "/data/plugin/images/individualImage?blob_key=%ZZ"}) {
    HttpResult r = Get(target);
    EXPECT_GE(r.status, 400) << target;
  }
}

TEST_F(BadInputTest, BadJsonBodies) {
  const std::vector<std::string> bodies = {"",
                                           "{",
                                           "[]",
                                           "null",
                                           "\"x\"",
                                           "{\"startIndex\": \"x\", \"sliceSize\": -1}",
                                           "{\"allowedStatuses\": 5}",
                                           "{\"colParams\": [{\"metric\": 3}]}",
                                           "{\"experimentName\": {\"a\": [1, 2, {}]}}",
                                           std::string(1000, '['),
                                           "\xff\xfe\x00garbage",
                                           "{\"sliceSize\": 1e308, \"startIndex\": -1e308}"};
  const std::vector<std::string> routes = {
      "/data/plugin/hparams/session_groups", "/data/plugin/hparams/experiment",
      "/data/plugin/hparams/metric_evals", "/data/plugin/scalars/scalars_multirun", "/data/runs"};
  for (const std::string& route : routes) {
    for (const std::string& body : bodies) {
      for (const char* type : {"application/json", "application/x-www-form-urlencoded"}) {
        HttpResult r = Checked(Fetch(server_->port(), "POST", route,
                                     std::string("Content-Type: ") + type + "\r\n", body),
                               "POST " + route + " " + body.substr(0, 40));
        EXPECT_NE(r.status, 0) << route << " " << r.error;
      }
    }
  }
  EXPECT_EQ(Get("/data/runs").status, 200);
}

TEST_F(BadInputTest, PathTraversal) {
  for (const std::string target :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/%252e%252e/%252e%252e/etc/passwd",
        "/index.html/../../../../etc/passwd", "/data/plugin/../../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc/passwd", "//etc/passwd", "/./././etc/passwd",
        "/..;/..;/etc/passwd", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/data/plugin/images/individualImage?blob_key=../../../../etc/passwd",
        "/data/plugin/text/text?run=../../../../etc&tag=passwd", "/experiment/../../etc/passwd",
        "/experiment/%2e%2e/%2e%2e/etc/passwd"}) {
    HttpResult r = Get(target);
    EXPECT_NE(r.status, 0) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    // Only the routes that answer unknown runs with an empty 200 (text, as TensorBoard) may.
    if (target.find("/data/plugin/") == std::string::npos) {
      EXPECT_NE(r.status, 200) << target << ": " << r.body.substr(0, 100);
    }
  }
  // Absolute-form with a traversal is no different.
  HttpResult r = Send(server_->port(),
                      "GET http://localhost/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
}

TEST_F(BadInputTest, WrongHost) {
  for (const char* host : {"evil.example.com", "evil.example.com:6006", "127.0.0.1.nip.io",
                           "localhost.evil.com", "[::2]", "0.0.0.0"}) {
    HttpResult r = Send(server_->port(), "GET /data/runs HTTP/1.1\r\nHost: " + std::string(host) +
                                             "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(r.status, 403) << host;
  }
  HttpResult ok = Send(server_->port(),
                       "GET /data/runs HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(ok.status, 200);
}

TEST_F(BadInputTest, MissingToken) {
  const int port = token_server_->port();
  EXPECT_NE(token_server_->banner().find("?token=t0ken-123"), std::string::npos);
  for (const std::string target : {"/data/runs", "/", "/index.html", "/data/tracker/events",
                                   "/data/runs?token=wrong", "/nope"}) {
    HttpResult r = Checked(Fetch(port, "GET", target), target);
    EXPECT_EQ(r.status, 401) << target;
  }
  EXPECT_EQ(Checked(Fetch(port, "GET", "/data/runs", "Authorization: Bearer wrong\r\n"), "").status,
            401);
  EXPECT_EQ(
      Checked(Fetch(port, "GET", "/data/runs", "Authorization: Bearer t0ken-123\r\n"), "").status,
      200);
  HttpResult login = Checked(Fetch(port, "GET", "/?token=t0ken-123"), "login");
  EXPECT_EQ(login.status, 302);
  EXPECT_EQ(login.Header("location"), "/");
  const std::string cookie = login.Header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const std::string pair = cookie.substr(0, cookie.find(';'));
  EXPECT_EQ(Checked(Fetch(port, "GET", "/data/runs", "Cookie: " + pair + "\r\n"), "").status, 200);
}

TEST_F(BadInputTest, SlowClientDoesNotHoldOthersUp) {
  RawConnection slow(server_->port());
  const std::string req = "GET /data/runs HTTP/1.1\r\nHost: localhost\r\n\r\n";
  for (int i = 0; i < 5; ++i) {
    // A byte per second...
    slow.Send(req.substr(i, 1));
    // ...while everyone else is served at once.
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(Get("/data/runs").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    std::this_thread::sleep_for(1s);
  }
}

TEST_F(BadInputTest, ManyIdleConnections) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 400; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server_->port()));
    if (i % 3 == 0) idle.back()->Send("GET /data/ru");  // some start a request and stall
  }
  EXPECT_EQ(Get("/data/runs").status, 200);
  // Past max_connections (512), further connections are closed at once; nothing else breaks.
  for (int i = 0; i < 200; ++i) idle.push_back(std::make_unique<RawConnection>(server_->port()));
  EXPECT_TRUE(idle.back()->WaitForClose(5s));
  idle.clear();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    served = Get("/data/runs").status == 200;
    if (!served) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(served);
}

// Named to run last in the suite (gtest keeps declaration order).
TEST_F(BadInputTest, ZzStillAnswersCorrectly) {
  HttpResult r = Get("/data/runs");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body), GoldenRuns());
  EXPECT_EQ(Get("/data/plugin/scalars/scalars?run=x").status, 400);
  EXPECT_EQ(Get("/data/plugin/scalars/scalars?run=no%20such%20run&tag=loss").status, 404);
  EXPECT_EQ(server_->Stderr().find("500 for"), std::string::npos) << server_->Stderr();
  EXPECT_EQ(server_->Terminate(), 0);
}

}  // namespace
}  // namespace tracker::testing
