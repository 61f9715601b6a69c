// The command line of the real binary: --help, --version, bad flags, a busy port, the banner
// with --path_prefix, and a clean exit on SIGTERM and SIGINT.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <thread>

#include "e2e/tracker_process.h"
#include "http/test_client.h"

namespace tracker::testing {
namespace {

using namespace std::chrono_literals;
using http::testing::Fetch;

const std::string kCorpus = std::string(TRACKER_TEST_DATA) + "/corpus";

struct Output {
  int exit_code;
  std::string text;  // stdout and stderr
};

Output RunTracker(const std::string& args) {
  const std::string cmd = std::string(TRACKER_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  Output out{-1, ""};
  if (pipe == nullptr) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.text.append(buf.data(), n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(CliTest, HelpAndVersion) {
  Output help = RunTracker("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag :
       {"--logdir", "--port", "--host", "--bind_all", "--path_prefix", "--reload_interval",
        "--samples_per_plugin", "--window_title", "--allowed_hosts", "--auth_token", "--webroot"}) {
    EXPECT_NE(help.text.find(flag), std::string::npos) << flag;
  }
  Output version = RunTracker("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.text.rfind("tracker ", 0), 0u) << version.text;
}

TEST(CliTest, BadFlagsExit1) {
  for (const char* args : {"--logdir=x --port=70000", "--logdir=x --port=abc",
                           "--logdir=x --host=127.0.0.1 --bind_all", "--logdir=x --path_prefix=tb",
                           "--logdir=x --auth_token='a b'", "--logdir=x --bogus", "--port=0",
                           "--logdir=x --webroot=/nonexistent/dir --port=0"}) {
    Output o = RunTracker(args);
    EXPECT_EQ(o.exit_code, 1) << args << ": " << o.text;
    EXPECT_NE(o.text.find("Error: "), std::string::npos) << args;
  }
}

TEST(CliTest, BusyExplicitPortIsAClearError) {
  // Hold a port with a listening socket of our own.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  Output o = RunTracker("--logdir=" + kCorpus + " --port=" + std::to_string(port));
  close(fd);
  EXPECT_EQ(o.exit_code, 1) << o.text;
  EXPECT_NE(
      o.text.find("could not bind to port " + std::to_string(port) + ", it was already in use"),
      std::string::npos)
      << o.text;
}

TEST(CliTest, PathPrefixBannerAndRoutes) {
  TrackerProcess t({"--logdir=" + kCorpus, "--path_prefix=/tb/", "--window_title=hello"});
  ASSERT_GT(t.port(), 0) << t.Stderr();
  EXPECT_NE(t.banner().find(":" + std::to_string(t.port()) + "/tb/ (Press CTRL+C to quit)"),
            std::string::npos)
      << t.banner();
  auto root = Fetch(t.port(), "GET", "/tb");
  EXPECT_EQ(root.status, 301);
  EXPECT_EQ(root.Header("location"), "/tb/");
  auto index = Fetch(t.port(), "GET", "/tb/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.Header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(Fetch(t.port(), "GET", "/").status, 404);
  EXPECT_EQ(Fetch(t.port(), "GET", "/tb/data/runs").status, 200);
  EXPECT_EQ(t.Terminate(), 0);
}

TEST(CliTest, WebrootServesFromDisk) {
  char dir[] = "/tmp/tracker_webroot_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string index = std::string(dir) + "/index.html";
  FILE* f = fopen(index.c_str(), "w");
  fputs("<!doctype html><p>from disk</p>", f);
  fclose(f);
  TrackerProcess t({"--logdir=" + kCorpus, std::string("--webroot=") + dir});
  ASSERT_GT(t.port(), 0) << t.Stderr();
  auto r = Fetch(t.port(), "GET", "/");
  EXPECT_EQ(r.body, "<!doctype html><p>from disk</p>");
  EXPECT_EQ(Fetch(t.port(), "GET", "/../index.html").status, 404);
  t.Terminate();
  unlink(index.c_str());
  rmdir(dir);
}

TEST(CliTest, ServesAtOnceAndExitsCleanlyOnSignals) {
  for (int sig : {SIGTERM, SIGINT}) {
    const auto start = std::chrono::steady_clock::now();
    TrackerProcess t({"--logdir=" + kCorpus});
    ASSERT_GT(t.port(), 0) << t.Stderr();
    EXPECT_EQ(Fetch(t.port(), "GET", "/data/runs").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    EXPECT_EQ(t.Terminate(sig), 0);
    EXPECT_NE(t.Stderr().find("shutting down"), std::string::npos);
  }
}

}  // namespace
}  // namespace tracker::testing
