#include "e2e/tracker_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <thread>

#include "http/test_client.h"

namespace tracker::testing {

using Clock = std::chrono::steady_clock;

TrackerProcess::TrackerProcess(std::vector<std::string> args, std::chrono::milliseconds timeout) {
  args.insert(args.begin(), TRACKER_BINARY);
  args.push_back("--port=0");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], STDERR_FILENO);
    const int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  stderr_fd_ = fds[0];
  fcntl(stderr_fd_, F_SETFL, O_NONBLOCK);
  const std::regex banner(R"(tracker \S+ at http://[^ ]*:(\d+)/\S* \(Press CTRL\+C to quit\))");
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    Drain(std::chrono::milliseconds(50));
    std::smatch m;
    if (std::regex_search(stderr_, m, banner)) {
      port_ = std::stoi(m[1]);
      banner_ = m[0];
      return;
    }
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      Drain(std::chrono::milliseconds(0));
      return;
    }
  }
}

TrackerProcess::~TrackerProcess() {
  if (pid_ > 0) Terminate();
  if (stderr_fd_ >= 0) close(stderr_fd_);
}

void TrackerProcess::Drain(std::chrono::milliseconds timeout) {
  if (stderr_fd_ < 0) return;
  pollfd p{stderr_fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return;
  char buf[4096];
  ssize_t n;
  while ((n = read(stderr_fd_, buf, sizeof buf)) > 0) stderr_.append(buf, static_cast<size_t>(n));
}

bool TrackerProcess::WaitForFirstLoad(std::chrono::milliseconds timeout) {
  http::testing::RawConnection c(port_);
  c.Send("GET /data/tracker/events HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: 0\r\n\r\n");
  return c.ReadUntil("\nid: ", timeout).find("\nid: ") != std::string::npos;
}

std::string TrackerProcess::Stderr() {
  Drain(std::chrono::milliseconds(0));
  return stderr_;
}

int TrackerProcess::Terminate(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      Drain(std::chrono::milliseconds(0));
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

}  // namespace tracker::testing
