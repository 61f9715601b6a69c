// TrackerProcess: the real tracker binary started for a test, on 127.0.0.1 and the free port it
// picks (--port 0), read back from its start-up line.
#ifndef TRACKER_TESTS_E2E_TRACKER_PROCESS_H_
#define TRACKER_TESTS_E2E_TRACKER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace tracker::testing {

class TrackerProcess {
 public:
  // Starts TRACKER_BINARY with `args` plus --port=0 and waits (up to `timeout`) for the
  // start-up line. port() is 0 if it did not come.
  explicit TrackerProcess(std::vector<std::string> args,
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Stops it with SIGTERM if still running.
  ~TrackerProcess();
  TrackerProcess(const TrackerProcess&) = delete;
  TrackerProcess& operator=(const TrackerProcess&) = delete;

  int port() const { return port_; }
  // The start-up line, e.g. "tracker 0.1.0 at http://localhost:40123/ (Press CTRL+C to quit)".
  const std::string& banner() const { return banner_; }
  // Waits until the first reload pass has finished: the event stream, asked for what happened
  // since cursor 0, then sends an event.
  bool WaitForFirstLoad(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // Everything it wrote to stderr up to now.
  std::string Stderr();
  // Sends `signal` (SIGTERM by default) and waits for the exit; returns the exit code (-1 if
  // it died of a signal or had to be killed after `timeout`).
  int Terminate(int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool running() const { return pid_ > 0; }

 private:
  void Drain(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  int port_ = 0;
  std::string banner_;
  std::string stderr_;
};

}  // namespace tracker::testing

#endif  // TRACKER_TESTS_E2E_TRACKER_PROCESS_H_
