// Live data: the real binary on a logdir that is being written. New runs and points show up
// over HTTP, and the event stream announces them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "e2e/tracker_process.h"
#include "http/test_client.h"
#include "testing/temp_dir.h"
#include "writer/summary_writer.h"

namespace tracker::testing {
namespace {

using namespace std::chrono_literals;
using http::testing::Fetch;
using http::testing::HttpResult;
using http::testing::RawConnection;

// Polls `target` until `done(json)` or the timeout; returns the last JSON seen.
template <typename Pred>
nlohmann::json PollJson(int port, const std::string& target, Pred done,
                        std::chrono::milliseconds timeout = 15s) {
  nlohmann::json last;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    HttpResult r = Fetch(port, "GET", target);
    if (r.status == 200) {
      last = nlohmann::json::parse(r.body, nullptr, false);
      if (done(last)) return last;
    }
    std::this_thread::sleep_for(100ms);
  }
  return last;
}

TEST(LiveTest, AppendedEventsAppearOverHttpAndTheEventStream) {
  TempDir logdir;
  TrackerProcess tracker({"--logdir=" + logdir.path().string(), "--reload_interval=1"});
  ASSERT_GT(tracker.port(), 0) << tracker.Stderr();
  const int port = tracker.port();

  // The stream first, so that it sees every change after this point.
  RawConnection stream(port);
  stream.Send("GET /data/tracker/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
  const std::string head = stream.ReadUntil(": connected", 5s);
  ASSERT_NE(head.find("text/event-stream"), std::string::npos) << head;

  EXPECT_EQ(PollJson(port, "/data/runs", [](const auto& j) { return j.is_array(); }),
            nlohmann::json::array());

  SummaryWriterOptions options;
  options.flush_secs = 0;  // every event reaches the file at once
  auto writer = SummaryWriter::Create(logdir.path() / "train", options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (int step = 0; step < 5; ++step) {
    ASSERT_TRUE((*writer)->AddScalar("loss", 1.0 / (step + 1), step).ok());
  }
  ASSERT_TRUE((*writer)->Flush().ok());

  EXPECT_EQ(PollJson(port, "/data/runs",
                     [](const auto& j) { return j == nlohmann::json::array({"train"}); }),
            nlohmann::json::array({"train"}));
  auto points = PollJson(port, "/data/plugin/scalars/scalars?run=train&tag=loss",
                         [](const auto& j) { return j.is_array() && j.size() == 5; });
  ASSERT_TRUE(points.is_array()) << points;
  EXPECT_EQ(points.size(), 5u);

  // The stream named the new run and tag.
  const std::string event = stream.ReadUntil("\"train\": [\"loss\"]", 10s);
  EXPECT_NE(event.find("data: {\"generation\": "), std::string::npos) << event;
  EXPECT_NE(event.find("\"train\": [\"loss\"]"), std::string::npos) << event;

  // More points: visible, and announced again.
  for (int step = 5; step < 12; ++step) {
    ASSERT_TRUE((*writer)->AddScalar("loss", 0.01 * step, step).ok());
  }
  ASSERT_TRUE((*writer)->Flush().ok());
  points = PollJson(port, "/data/plugin/scalars/scalars?run=train&tag=loss",
                    [](const auto& j) { return j.is_array() && j.size() == 12; });
  ASSERT_TRUE(points.is_array()) << points;
  EXPECT_EQ(points.size(), 12u);
  EXPECT_EQ(points.back()[1], 11);
  EXPECT_NE(stream.ReadUntil("data: ", 10s).find("data: {\"generation\": "), std::string::npos);

  // A second run appears too.
  auto eval = SummaryWriter::Create(logdir.path() / "eval", options);
  ASSERT_TRUE(eval.ok());
  ASSERT_TRUE((*eval)->AddScalar("acc", 0.5, 1).ok());
  ASSERT_TRUE((*eval)->Flush().ok());
  auto runs = PollJson(port, "/data/runs", [](const auto& j) { return j.size() == 2; });
  EXPECT_EQ(runs.size(), 2u) << runs;
  const std::string eval_event = stream.ReadUntil("\"eval\": [\"acc\"]", 10s);
  EXPECT_NE(eval_event.find("\"eval\": [\"acc\"]"), std::string::npos) << eval_event;

  EXPECT_EQ(tracker.Terminate(), 0);
}

}  // namespace
}  // namespace tracker::testing
