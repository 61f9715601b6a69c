// Tests of the custom scalars plugin: the golden layout, TensorBoard's merge of several runs'
// layouts (quirk included), and the regex scalars route.
#include "plugins/custom_scalars_plugin.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "logreader/logdir.h"
#include "tensorboard/plugins/custom_scalar.pb.h"
#include "testing/event_builder.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

// Event files written for one test, loaded with the default flags.
class Store {
 public:
  void AddRun(const std::string& run, std::vector<tensorboard::Event> events) {
    events.insert(events.begin(), ::tracker::testing::FileVersionEvent(0.5));
    tmp_.WriteFile(run + "/events.out.tfevents.1.host", ::tracker::testing::Records(events));
  }
  const PluginContext& Load() {
    store_ = std::make_unique<Multiplexer>(std::vector<LogdirRoot>{{"", tmp_.path()}},
                                           MultiplexerOptions{samples_, 1});
    store_->Reload();
    context_ = PluginContext{store_.get(), &samples_, tmp_.path().string(), ""};
    return context_;
  }

 private:
  ::tracker::testing::TempDir tmp_;
  SamplesPerPlugin samples_;
  std::unique_ptr<Multiplexer> store_;
  PluginContext context_;
};

// A layout summary as tensorboard.summary's custom_scalar_pb writes it.
tensorboard::Event LayoutEvent(const tensorboard::Layout& layout, int64_t step = 0) {
  tensorboard::Event e;
  e.set_wall_time(1.0 + step);
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag("custom_scalars__config__");
  v->mutable_metadata()->mutable_plugin_data()->set_plugin_name("custom_scalars");
  auto* t = v->mutable_tensor();
  t->set_dtype(tensorboard::DT_STRING);
  t->mutable_tensor_shape();
  t->add_string_val(layout.SerializeAsString());
  return e;
}

tensorboard::Chart Multiline(const std::string& title, std::vector<std::string> tags) {
  tensorboard::Chart c;
  c.set_title(title);
  for (const auto& t : tags) c.mutable_multiline()->add_tag(t);
  return c;
}

tensorboard::Category Category(const std::string& title, std::vector<tensorboard::Chart> charts) {
  tensorboard::Category c;
  c.set_title(title);
  for (auto& chart : charts) *c.add_chart() = chart;
  return c;
}

tensorboard::Layout Layout(std::vector<tensorboard::Category> categories) {
  tensorboard::Layout l;
  for (auto& c : categories) *l.add_category() = c;
  return l;
}

nlohmann::json LayoutJson(Plugin& plugin) {
  const StatusOr<Response> r = Call(plugin, "/data/plugin/custom_scalars/layout");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r->content_type, "application/json");
  return nlohmann::json::parse(r->body);
}

TEST(CustomScalarsGoldenTest, LayoutMatches) {
  auto plugin = MakeCustomScalarsPlugin(CorpusContext());
  EXPECT_TRUE(plugin->IsActive());
  const nlohmann::json& golden = Golden().at("custom_scalars/layout");
  const StatusOr<Response> r = Call(*plugin, golden.at("path").get<std::string>());
  ASSERT_TRUE(r.ok());
  std::string diff;
  EXPECT_TRUE(JsonMatches(golden.at("body"), nlohmann::json::parse(r->body), &diff)) << diff;
}

TEST(CustomScalarsPluginTest, NoLayoutIsEmptyObject) {
  Store store;
  store.AddRun("train", {::tracker::testing::SimpleValueEvent("loss", 0, 1, 1.0)});
  auto plugin = MakeCustomScalarsPlugin(store.Load());
  EXPECT_FALSE(plugin->IsActive());
  EXPECT_EQ(Call(*plugin, "/data/plugin/custom_scalars/layout")->body, "{}");
}

TEST(CustomScalarsPluginTest, MergesLayoutsInRunNameOrder) {
  Store store;
  // Run "b" (merged second), run "a" (first: its layout is the base), run "c" (third).
  store.AddRun("b", {LayoutEvent(Layout({Category("Loss", {Multiline("train", {"loss"}),
                                                           Multiline("eval", {"eval/loss"})}),
                                         Category("New", {Multiline("lr", {"lr"})})}))});
  // A run's newest layout wins over its older ones.
  store.AddRun("a", {LayoutEvent(Layout({Category("Old", {})}), 0),
                     LayoutEvent(Layout({Category("Loss", {Multiline("train", {"loss"})})}), 1)});
  // "New" was first seen in "b", not in the base: TensorBoard merges "c"'s chart for it into a
  // detached copy, so it never shows; "Loss" is merged for real.
  store.AddRun("c", {LayoutEvent(Layout({Category("New", {Multiline("momentum", {"m"})}),
                                         Category("Loss", {Multiline("test", {"test/loss"}),
                                                           Multiline("train", {"loss"})})}))});
  auto plugin = MakeCustomScalarsPlugin(store.Load());
  EXPECT_TRUE(plugin->IsActive());
  const nlohmann::json expected = nlohmann::json::parse(R"({
    "version": 0,
    "category": [
      {"title": "Loss", "closed": false, "chart": [
        {"title": "train", "multiline": {"tag": ["loss"]}},
        {"title": "eval", "multiline": {"tag": ["eval/loss"]}},
        {"title": "test", "multiline": {"tag": ["test/loss"]}}]},
      {"title": "New", "closed": false, "chart": [
        {"title": "lr", "multiline": {"tag": ["lr"]}}]}]})");
  std::string diff;
  EXPECT_TRUE(JsonMatches(expected, LayoutJson(*plugin), &diff)) << diff;
}

TEST(CustomScalarsPluginTest, DefaultFieldsArePrinted) {
  Store store;
  tensorboard::Layout layout = Layout({Category("Empty", {})});
  store.AddRun("a", {LayoutEvent(layout)});
  auto plugin = MakeCustomScalarsPlugin(store.Load());
  const nlohmann::json expected = nlohmann::json::parse(
      R"({"version": 0, "category": [{"title": "Empty", "chart": [], "closed": false}]})");
  std::string diff;
  EXPECT_TRUE(JsonMatches(expected, LayoutJson(*plugin), &diff)) << diff;
}

TEST(CustomScalarsPluginTest, ScalarsByRegex) {
  auto plugin = MakeCustomScalarsPlugin(CorpusContext());
  const StatusOr<Response> r =
      Call(*plugin, "/data/plugin/custom_scalars/scalars?run=mnist_tbx%2Ftrain&tag=accuracy");
  ASSERT_TRUE(r.ok());
  const nlohmann::json got = nlohmann::json::parse(r->body);
  EXPECT_EQ(got["regex_valid"], true);
  // re.match anchors at the start only: accuracy, accuracy/lower and accuracy/upper.
  std::vector<std::string> tags;
  for (auto it = got["tag_to_events"].begin(); it != got["tag_to_events"].end(); ++it) {
    tags.push_back(it.key());
    std::string diff;
    const nlohmann::json& golden =
        Golden().at("scalars/scalars?mnist_tbx/train|" + it.key()).at("body");
    EXPECT_TRUE(JsonMatches(golden, it.value(), &diff)) << it.key() << ": " << diff;
  }
  EXPECT_EQ(tags, (std::vector<std::string>{"accuracy", "accuracy/lower", "accuracy/upper"}));

  auto body = [&](const std::string& query) {
    return Call(*plugin, "/data/plugin/custom_scalars/scalars?" + query)->body;
  };
  EXPECT_EQ(body("run=mnist_tbx%2Ftrain&tag=ccuracy"),
            "{\"regex_valid\": true, \"tag_to_events\": {}}");
  EXPECT_EQ(body("run=mnist_tbx%2Ftrain&tag=%28"),
            "{\"regex_valid\": false, \"tag_to_events\": {}}");
  EXPECT_EQ(body("run=mnist_tbx%2Ftrain&tag="), "{\"regex_valid\": false, \"tag_to_events\": {}}");
  EXPECT_EQ(body("run=mnist_tbx%2Ftrain"), "{\"regex_valid\": false, \"tag_to_events\": {}}");
  EXPECT_EQ(body("run=nope&tag=.*"), "{\"regex_valid\": true, \"tag_to_events\": {}}");
  EXPECT_EQ(body("tag=.*"), "{\"regex_valid\": true, \"tag_to_events\": {}}");
  const nlohmann::json alternation =
      nlohmann::json::parse(body("run=mnist_tbx%2Ftrain&tag=loss%7Clearning_rate"));
  EXPECT_EQ(alternation["tag_to_events"].size(), 2u);
}

TEST(CustomScalarsPluginTest, DownloadDataIsTheScalarsRoute) {
  auto plugin = MakeCustomScalarsPlugin(CorpusContext());
  StatusOr<Response> r =
      Call(*plugin,
           "/data/plugin/custom_scalars/download_data?run=mnist_tbx%2Ftrain&tag=loss&format=csv");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(r->body.rfind("Wall time,Step,Value\r\n", 0), 0u);
  r = Call(*plugin, "/data/plugin/custom_scalars/download_data?run=mnist_tbx%2Ftrain");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "No scalar data for run='mnist_tbx/train', tag=None");
}

}  // namespace
}  // namespace tracker::plugins
