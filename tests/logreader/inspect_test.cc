// Runs the real binary: `tracker --inspect` as a user would.
#include "logreader/inspect.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "testing/event_builder.h"
#include "testing/temp_dir.h"

namespace tracker {
namespace {

using namespace tracker::testing;

struct Output {
  int exit_code;
  std::string out;
};

Output RunTracker(const std::string& args) {
  const std::string cmd = std::string(TRACKER_BINARY) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  Output result{-1, ""};
  if (pipe == nullptr) return result;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) result.out.append(buf.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(InspectTest, JsonHasTheDocumentedShape) {
  TempDir tmp;
  std::string bytes = Records({FileVersionEvent(), SimpleValueEvent("loss", 3, 1),
                               SimpleValueEvent("loss", 7, 1)});
  tmp.WriteFile("train/events.out.tfevents.1.h", bytes);
  tmp.WriteFile("empty/events.out.tfevents.2.h", "");
  tmp.WriteFile("cut/events.out.tfevents.3.h", bytes.substr(0, bytes.size() - 3));
  Output o = RunTracker("--inspect --json --logdir='" + tmp.path().string() + "'");
  ASSERT_EQ(o.exit_code, 0);
  auto j = nlohmann::json::parse(o.out);
  const auto& train = j["runs"]["train"];
  EXPECT_EQ(train["tags"]["loss"],
            nlohmann::json({{"plugin", "scalars"}, {"count", 2}, {"first_step", 3},
                            {"last_step", 7}}));
  EXPECT_EQ(train["files"], nlohmann::json::parse(R"([{"path": "events.out.tfevents.1.h",
      "records": 3, "skipped": 0, "state": "ok"}])"));
  EXPECT_EQ(j["runs"]["empty"]["tags"], nlohmann::json::object());
  EXPECT_EQ(j["runs"]["empty"]["files"][0]["state"], "ok");
  EXPECT_EQ(j["runs"]["cut"]["files"][0]["state"], "waiting");
  EXPECT_EQ(j["runs"]["cut"]["files"][0]["records"], 2);
}

TEST(InspectTest, CorpusLoadsAndAgreesWithTheManifest) {
  Output o = RunTracker("--inspect --json --logdir=" + std::string(TRACKER_TEST_DATA) + "/corpus");
  ASSERT_EQ(o.exit_code, 0);
  auto j = nlohmann::json::parse(o.out);
  const auto& runs = j["runs"];
  EXPECT_EQ(runs.size(), 75u);
  EXPECT_EQ(runs["mnist_tbx/train"]["tags"]["loss"]["count"], 300);
  EXPECT_EQ(runs["mnist_tbx/train"]["tags"]["__run_graph__"]["plugin"], "graphs");
  EXPECT_EQ(runs["hparams_tutorial"]["tags"]["_hparams_/experiment"]["plugin"], "hparams");
  EXPECT_EQ(runs["edge_cases/restart_and_disorder"]["tags"]["loss"]["count"], 90);
  EXPECT_EQ(runs["edge_cases/big_steps"]["tags"]["loss"]["last_step"], int64_t{1} << 40);
  EXPECT_EQ(runs["edge_cases/truncated_tail"]["files"][0]["state"], "waiting");
  EXPECT_EQ(runs["edge_cases/truncated_tail"]["files"][0]["records"], 30);
  EXPECT_TRUE(runs.contains("edge_cases/run with spaces ünïcødé 日本語"));
}

TEST(InspectTest, NamedLogdirSpecs) {
  TempDir tmp;
  tmp.WriteFile("a/events.out.tfevents.1.h", Records({FileVersionEvent(1)}));
  tmp.WriteFile("b/train/events.out.tfevents.1.h", Records({FileVersionEvent(2)}));
  Output o = RunTracker("--inspect --json --logdir=exp1:" + (tmp.path() / "a").string() +
                        ",exp2:" + (tmp.path() / "b").string());
  ASSERT_EQ(o.exit_code, 0);
  auto j = nlohmann::json::parse(o.out);
  EXPECT_TRUE(j["runs"].contains("exp1/."));
  EXPECT_TRUE(j["runs"].contains("exp2/train"));
  Output spec = RunTracker("--inspect --json --logdir_spec=exp1:" + (tmp.path() / "a").string());
  EXPECT_TRUE(nlohmann::json::parse(spec.out)["runs"].contains("exp1/."));
}

TEST(InspectTest, MissingLogdirExitsOne) {
  EXPECT_EQ(RunTracker("--inspect --logdir=/nonexistent/tracker/logs").exit_code, 1);
}

TEST(InspectTest, BadFlagsExitOne) {
  EXPECT_EQ(RunTracker("--inspect --logdir=/tmp --samples_per_plugin=scalars").exit_code, 1);
  EXPECT_EQ(RunTracker("--no_such_flag").exit_code, 1);
  EXPECT_EQ(RunTracker("--help").exit_code, 0);
}

TEST(InspectTest, TextReportNamesRunsTagsAndFiles) {
  TempDir tmp;
  tmp.WriteFile("train/events.out.tfevents.1.h",
                Records({FileVersionEvent(), SimpleValueEvent("loss", 3, 1)}));
  Output o = RunTracker("--inspect --logdir=" + tmp.path().string());
  ASSERT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("run 'train'"), std::string::npos);
  EXPECT_NE(o.out.find("loss"), std::string::npos);
  EXPECT_NE(o.out.find("2 records, 0 skipped, ok"), std::string::npos);
}

}  // namespace
}  // namespace tracker
