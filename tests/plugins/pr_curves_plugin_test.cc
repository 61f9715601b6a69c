// Tests of the PR curves plugin: TensorBoard's answers for the corpus, trimming and thresholds
// on hand-made curves, and errors.
#include "plugins/pr_curves_plugin.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "testing/event_builder.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

TEST(PrCurvesPluginGoldenTest, AllGoldenKeysMatch) {
  auto plugin = MakePrCurvesPlugin(CorpusContext());
  int checked = 0;
  for (const auto& [key, golden] : Golden().items()) {
    if (key.rfind("pr_curves/", 0) != 0) continue;
    ++checked;
    SCOPED_TRACE(key);
    auto response = Call(*plugin, golden["path"].get<std::string>());
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, golden["status"].get<int>());
    std::string diff;
    EXPECT_TRUE(JsonMatches(golden["body"], nlohmann::json::parse(response->body), &diff)) << diff;
  }
  EXPECT_EQ(checked, 3);
}

TEST(PrCurvesPluginTest, ActiveWithMetadata) {
  auto plugin = MakePrCurvesPlugin(CorpusContext());
  EXPECT_TRUE(plugin->IsActive());
  EXPECT_EQ(plugin->FrontendMetadata()["tab_name"], "PR Curves");
}

TEST(PrCurvesPluginTest, CountsAreIntegersAndSeveralRunsAnswerTogether) {
  auto plugin = MakePrCurvesPlugin(CorpusContext());
  // The same run twice is answered once, as a Python dict would.
  auto response = Call(*plugin,
                       "/data/plugin/pr_curves/pr_curves?run=resnet_tb%2Ftrain&"
                       "run=resnet_tb%2Ftrain&tag=pr%2Fcat_vs_rest");
  ASSERT_TRUE(response.ok());
  const auto body = nlohmann::json::parse(response->body);
  ASSERT_EQ(body.size(), 1u);
  const auto& first = body["resnet_tb/train"][0];
  EXPECT_TRUE(first["true_positives"][0].is_number_integer());
  EXPECT_TRUE(first["precision"][0].is_number_float());
  EXPECT_EQ(first["thresholds"][35], 0.7000000000000001);  // numpy's linspace, not i / 50.0
}

TEST(PrCurvesPluginTest, Errors) {
  auto plugin = MakePrCurvesPlugin(CorpusContext());
  struct Case {
    const char* query;
    const char* message;
  };
  // TensorBoard answers 400 for all of these, unknown runs and tags included.
  const Case cases[] = {
      {"tag=pr%2Fclass_1", "No runs provided when fetching PR curve data"},
      {"run=mnist_tbx%2Ftrain", "No tag provided when fetching PR curve data"},
      {"run=mnist_tbx%2Ftrain&tag=", "No tag provided when fetching PR curve data"},
      {"run=mnist_tbx%2Ftrain&tag=nope",
       "No PR curves could be found for run 'mnist_tbx/train' and tag 'nope'"},
      {"run=mnist_tbx%2Ftrain&run=nope&tag=pr%2Fclass_1",
       "No PR curves could be found for run 'nope' and tag 'pr/class_1'"},
      {"run=mnist_tbx%2Ftrain&tag=loss",
       "No PR curves could be found for run 'mnist_tbx/train' and tag 'loss'"},
  };
  for (const Case& c : cases) {
    auto response = Call(*plugin, std::string("/data/plugin/pr_curves/pr_curves?") + c.query);
    ASSERT_FALSE(response.ok()) << c.query;
    EXPECT_EQ(response.status().code(), StatusCode::kInvalidArgument) << c.query;
    EXPECT_EQ(response.status().message(), c.message);
  }
}

TEST(PrCurvesPluginTest, AvailableTimeEntries) {
  auto plugin = MakePrCurvesPlugin(CorpusContext());
  auto response = Call(*plugin, "/data/plugin/pr_curves/available_time_entries");
  ASSERT_TRUE(response.ok());
  const auto body = nlohmann::json::parse(response->body);
  ASSERT_TRUE(body.contains("mnist_tbx/train"));
  ASSERT_EQ(body["mnist_tbx/train"].size(), 4u);
  EXPECT_EQ(body["mnist_tbx/train"][3]["step"], 299);
  EXPECT_TRUE(body["mnist_tbx/train"][3]["wall_time"].is_number_float());
}

// --- Hand-made curves -------------------------------------------------------------------------

tensorboard::Event PrEvent(int64_t step, const std::vector<std::vector<float>>& rows,
                           bool with_metadata) {
  tensorboard::Event event;
  event.set_wall_time(50 + step);
  event.set_step(step);
  auto* value = event.mutable_summary()->add_value();
  value->set_tag("pr");
  if (with_metadata) value->mutable_metadata()->mutable_plugin_data()->set_plugin_name("pr_curves");
  auto* tensor = value->mutable_tensor();
  tensor->set_dtype(tensorboard::DT_FLOAT);
  tensor->mutable_tensor_shape()->add_dim()->set_size(static_cast<int64_t>(rows.size()));
  tensor->mutable_tensor_shape()->add_dim()->set_size(
      rows.empty() ? 0 : static_cast<int64_t>(rows[0].size()));
  for (const auto& row : rows) {
    for (float v : row) tensor->add_float_val(v);
  }
  return event;
}

TEST(PrCurvesPluginTest, TrimsAfterTheLastPositiveAndSkipsBadTensors) {
  testing::TempDir dir;
  std::vector<tensorboard::Event> events = {testing::FileVersionEvent()};
  events.push_back(PrEvent(0,
                           {{3, 2, 1.9f, 0, 0},
                            {2, 1, 0, 0, 0},
                            {0, 1, 2, 3, 3},
                            {0, 1, 2, 3, 3},
                            {0.6f, 2.0f / 3, 1, 1, 1},
                            {1, 0.5f, 0.25f, 0, 0}},
                           true));
  events.push_back(PrEvent(1, {{1}, {0}, {0}, {0}, {1}, {1}}, false));  // one threshold
  events.push_back(PrEvent(2, {{1, 2}, {0, 0}}, false));                // too few rows: skipped
  events.push_back(PrEvent(3, {{0, 0}, {0, 0}, {1, 1}, {1, 1}, {0, 0}, {0, 0}}, false));
  dir.WriteFile("run/events.out.tfevents.1.host", testing::Records(events));
  const SamplesPerPlugin samples;
  auto roots = InterpretLogdirFlag(dir.path().string());
  ASSERT_TRUE(roots.ok());
  Multiplexer store(*roots, MultiplexerOptions{samples, 1});
  store.Reload();
  auto plugin = MakePrCurvesPlugin(PluginContext{&store, &samples, dir.path().string(), ""});

  auto response = Call(*plugin, "/data/plugin/pr_curves/pr_curves?run=run&tag=pr");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  const auto curves = nlohmann::json::parse(response->body)["run"];
  ASSERT_EQ(curves.size(), 3u);
  // TP + FP = [5, 3, 1, 0, 0] (1.9 truncates to 1): the curve stops at threshold 2 of 5.
  EXPECT_EQ(curves[0]["true_positives"], nlohmann::json::parse("[3, 2, 1]"));
  EXPECT_EQ(curves[0]["false_positives"], nlohmann::json::parse("[2, 1, 0]"));
  EXPECT_EQ(curves[0]["true_negatives"], nlohmann::json::parse("[0, 1, 2]"));
  EXPECT_EQ(curves[0]["false_negatives"], nlohmann::json::parse("[0, 1, 2]"));
  EXPECT_EQ(curves[0]["thresholds"], nlohmann::json::parse("[0.0, 0.25, 0.5]"));
  EXPECT_EQ(curves[0]["precision"][1], static_cast<double>(2.0f / 3));
  EXPECT_EQ(curves[0]["recall"], nlohmann::json::parse("[1.0, 0.5, 0.25]"));
  EXPECT_EQ(curves[0]["wall_time"], 50.0);
  EXPECT_EQ(curves[1]["step"], 1);
  EXPECT_EQ(curves[1]["thresholds"], nlohmann::json::parse("[0.0]"));
  // No positives at all: the first threshold is always kept.
  EXPECT_EQ(curves[2]["step"], 3);
  EXPECT_EQ(curves[2]["true_positives"], nlohmann::json::parse("[0]"));
  EXPECT_EQ(curves[2]["thresholds"], nlohmann::json::parse("[0.0]"));

  auto tags = Call(*plugin, "/data/plugin/pr_curves/tags");
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags->body, "{\"run\": {\"pr\": {\"displayName\": \"\", \"description\": \"\"}}}");
}

}  // namespace
}  // namespace tracker::plugins
