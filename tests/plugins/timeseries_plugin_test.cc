// Tests of the time series plugin against the answers TensorBoard's per-plugin routes gave for
// the corpus (the same data in the metrics plugin's shapes), and of its request validation.
#include "plugins/timeseries_plugin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "logreader/logdir.h"
#include "plugins/blob_key.h"
#include "testing/event_builder.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// POSTs `requests` as the Angular UI's form field.
StatusOr<Response> PostTimeSeries(Plugin& plugin, const nlohmann::json& requests) {
  const std::string body = "requests=" + UrlEncode(requests.dump());
  return Call(plugin, "/data/plugin/timeseries/timeSeries", &body,
              "application/x-www-form-urlencoded");
}

nlohmann::json TimeSeries(Plugin& plugin, const nlohmann::json& requests) {
  const StatusOr<Response> r = PostTimeSeries(plugin, requests);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? nlohmann::json::parse(r->body) : nlohmann::json();
}

// (run, tag) of a golden key "plugin/route?run|tag".
std::pair<std::string, std::string> RunAndTag(const std::string& key) {
  const std::string rest = key.substr(key.find('?') + 1);
  const size_t bar = rest.find('|');
  return {rest.substr(0, bar), rest.substr(bar + 1)};
}

// The corpus with the goldens' flags except histograms, whose timeseries default (51) then
// applies, the number TensorBoard's histograms route used.
PluginContext CorpusContextWithDefaultHistograms() {
  static const SamplesPerPlugin* samples = new SamplesPerPlugin(
      *SamplesPerPlugin::Parse("scalars=1000,images=10,text=10,audio=10,pr_curves=100"));
  PluginContext context = CorpusContext();
  context.samples = samples;
  return context;
}

TEST(TimeSeriesGoldenTest, TagsAgreeWithThePerPluginTagsRoutes) {
  auto plugin = MakeTimeSeriesPlugin(CorpusContext());
  EXPECT_TRUE(plugin->IsActive());
  const StatusOr<Response> r = Call(*plugin, "/data/plugin/timeseries/tags");
  ASSERT_TRUE(r.ok());
  const nlohmann::json tags = nlohmann::json::parse(r->body);
  for (const char* kind : {"scalars", "histograms"}) {
    SCOPED_TRACE(kind);
    const nlohmann::json& golden = Golden().at(std::string(kind) + "/tags").at("body");
    nlohmann::json expected = nlohmann::json::object();
    for (auto run = golden.begin(); run != golden.end(); ++run) {
      std::vector<std::string> names;
      for (auto tag = run.value().begin(); tag != run.value().end(); ++tag)
        names.push_back(tag.key());
      std::sort(names.begin(), names.end());
      expected[run.key()] = names;
    }
    EXPECT_EQ(tags[kind]["runTagInfo"], expected);
    // Descriptions: a tag is described if some run describes it; with one description it is
    // that description, rendered.
    std::map<std::string, std::set<std::string>> described;
    for (auto run = golden.begin(); run != golden.end(); ++run) {
      for (auto tag = run.value().begin(); tag != run.value().end(); ++tag) {
        const std::string description = tag.value()["description"];
        std::set<std::string>& set = described[tag.key()];
        if (!description.empty()) set.insert(description);
      }
    }
    for (const auto& [tag, descriptions] : described) {
      const nlohmann::json& got = tags[kind]["tagDescriptions"];
      if (descriptions.empty()) {
        EXPECT_FALSE(got.contains(tag)) << tag;
      } else if (descriptions.size() == 1) {
        std::string diff;
        EXPECT_TRUE(JsonMatches(nlohmann::json{{"description", *descriptions.begin()}},
                                {{"description", got.value(tag, "")}}, &diff))
            << tag << ": " << diff;
      } else {
        EXPECT_NE(got.value(tag, "").find("Multiple descriptions"), std::string::npos) << tag;
      }
    }
  }
  const nlohmann::json& images = Golden().at("images/tags").at("body");
  nlohmann::json expected = nlohmann::json::object();
  for (auto run = images.begin(); run != images.end(); ++run) {
    for (auto tag = run.value().begin(); tag != run.value().end(); ++tag) {
      expected[tag.key()][run.key()] = {{"maxSamplesPerStep", tag.value()["samples"]}};
    }
  }
  EXPECT_EQ(tags["images"]["tagRunSampledInfo"], expected);
  EXPECT_TRUE(tags["images"]["tagDescriptions"].is_object());
}

TEST(TimeSeriesGoldenTest, ScalarSeriesMatchScalarsGolden) {
  auto plugin = MakeTimeSeriesPlugin(CorpusContext());
  int checked = 0;
  for (const auto& [key, golden] : Golden().items()) {
    if (key.rfind("scalars/scalars?", 0) != 0) continue;
    const auto [run, tag] = RunAndTag(key);
    const nlohmann::json got =
        TimeSeries(*plugin, {{{"plugin", "scalars"}, {"tag", tag}, {"run", run}}});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["plugin"], "scalars");
    EXPECT_EQ(got[0]["tag"], tag);
    EXPECT_EQ(got[0]["run"], run);
    ASSERT_EQ(got[0]["runToSeries"].size(), 1u) << key;
    nlohmann::json triples = nlohmann::json::array();
    for (const auto& d : got[0]["runToSeries"][run]) {
      triples.push_back({d["wallTime"], d["step"], d["value"]});
    }
    std::string diff;
    EXPECT_TRUE(JsonMatches(golden.at("body"), triples, &diff)) << key << ": " << diff;
    ++checked;
  }
  EXPECT_EQ(checked, 124);
}

TEST(TimeSeriesGoldenTest, AllRunsOfATag) {
  auto plugin = MakeTimeSeriesPlugin(CorpusContext());
  const nlohmann::json got = TimeSeries(*plugin, {{{"plugin", "scalars"}, {"tag", "epoch_loss"}}});
  EXPECT_FALSE(got[0].contains("run"));
  std::set<std::string> expected, runs;
  const nlohmann::json& golden = Golden().at("scalars/tags").at("body");
  for (auto run = golden.begin(); run != golden.end(); ++run) {
    if (run.value().contains("epoch_loss")) expected.insert(run.key());
  }
  for (auto it = got[0]["runToSeries"].begin(); it != got[0]["runToSeries"].end(); ++it) {
    runs.insert(it.key());
    std::string diff;
    nlohmann::json triples = nlohmann::json::array();
    for (const auto& d : it.value()) triples.push_back({d["wallTime"], d["step"], d["value"]});
    EXPECT_TRUE(JsonMatches(Golden().at("scalars/scalars?" + it.key() + "|epoch_loss").at("body"),
                            triples, &diff))
        << it.key() << ": " << diff;
  }
  EXPECT_EQ(runs, expected);
  EXPECT_GE(runs.size(), 20u);  // hparams_tutorial/run-N/{train,validation} and Keras runs
}

TEST(TimeSeriesGoldenTest, HistogramSeriesMatchHistogramsGolden) {
  auto plugin = MakeTimeSeriesPlugin(CorpusContextWithDefaultHistograms());
  int checked = 0;
  for (const auto& [key, golden] : Golden().items()) {
    if (key.rfind("histograms/histograms?", 0) != 0) continue;
    const auto [run, tag] = RunAndTag(key);
    const nlohmann::json got =
        TimeSeries(*plugin, {{{"plugin", "histograms"}, {"tag", tag}, {"run", run}}});
    nlohmann::json as_route = nlohmann::json::array();
    for (const auto& d : got[0]["runToSeries"][run]) {
      nlohmann::json bins = nlohmann::json::array();
      for (const auto& b : d["bins"]) bins.push_back({b["min"], b["max"], b["count"]});
      as_route.push_back({d["wallTime"], d["step"], bins});
    }
    std::string diff;
    EXPECT_TRUE(JsonMatches(golden.at("body"), as_route, &diff)) << key << ": " << diff;
    ++checked;
  }
  EXPECT_EQ(checked, 24);
}

TEST(TimeSeriesGoldenTest, ImageSeriesMatchImagesGolden) {
  auto plugin = MakeTimeSeriesPlugin(CorpusContext());
  int checked = 0;
  for (const auto& [key, golden] : Golden().items()) {
    if (key.rfind("images/images?", 0) != 0) continue;
    const auto [run, tag] = RunAndTag(key);
    const nlohmann::json got =
        TimeSeries(*plugin, {{{"plugin", "images"}, {"tag", tag}, {"run", run}, {"sample", 0}}});
    EXPECT_EQ(got[0]["sample"], 0);
    const nlohmann::json& series = got[0]["runToSeries"][run];
    ASSERT_EQ(series.size(), golden.at("body").size()) << key;
    for (size_t i = 0; i < series.size(); ++i) {
      EXPECT_EQ(series[i]["step"], golden["body"][i]["step"]);
      EXPECT_DOUBLE_EQ(series[i]["wallTime"].get<double>(),
                       golden["body"][i]["wall_time"].get<double>());
      const std::string id = series[i]["imageId"];
      EXPECT_EQ(id, MakeBlobKey("images", run, tag, series[i]["step"].get<int64_t>(), 2));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 15);
}

TEST(TimeSeriesGoldenTest, ImageDataServesTheImage) {
  auto plugin = MakeTimeSeriesPlugin(CorpusContext());
  const nlohmann::json got = TimeSeries(*plugin, {{{"plugin", "images"},
                                                   {"tag", "augmented_batch"},
                                                   {"run", "resnet_tb/train"},
                                                   {"sample", 2}}});
  const nlohmann::json& series = got[0]["runToSeries"]["resnet_tb/train"];
  ASSERT_FALSE(series.empty());
  const std::string id = series[0]["imageId"];
  const StatusOr<Response> r = Call(*plugin, "/data/plugin/timeseries/imageData?imageId=" + id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->content_type, "image/png");
  EXPECT_EQ(r->body, *ReadBlob(*CorpusContext().store, id));
  EXPECT_EQ(r->body.substr(1, 3), "PNG");

  // A sample past the last image: that run is left out.
  const nlohmann::json none = TimeSeries(*plugin, {{{"plugin", "images"},
                                                    {"tag", "augmented_batch"},
                                                    {"run", "resnet_tb/train"},
                                                    {"sample", 3}}});
  EXPECT_EQ(none[0]["runToSeries"], nlohmann::json::object());

  EXPECT_EQ(Call(*plugin, "/data/plugin/timeseries/imageData").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Call(*plugin, "/data/plugin/timeseries/imageData?imageId=").status().message(),
            "Missing 'imageId' field");
  EXPECT_EQ(Call(*plugin, "/data/plugin/timeseries/imageData?imageId=" +
                              MakeBlobKey("images", "resnet_tb/train", "augmented_batch", 7, 2))
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST(TimeSeriesPluginTest, RequestErrors) {
  auto plugin = MakeTimeSeriesPlugin(CorpusContext());
  const nlohmann::json got = TimeSeries(*plugin, nlohmann::json::parse(R"([
      {"plugin": "scalars"},
      {"plugin": "audio", "tag": "x", "run": "r"},
      {"tag": "x"},
      {"plugin": "histograms", "tag": "x"},
      {"plugin": "images", "tag": "x", "run": "r"},
      {"plugin": "images", "tag": "x", "run": "r", "sample": 1.5},
      {"plugin": "scalars", "tag": "nope", "run": "mnist_tbx/train"}])"));
  EXPECT_EQ(got, nlohmann::json::parse(R"([
      {"plugin": "scalars", "tag": null, "error": "Missing tag"},
      {"plugin": "audio", "tag": "x", "run": "r", "error": "Invalid plugin"},
      {"plugin": null, "tag": "x", "error": "Invalid plugin"},
      {"plugin": "histograms", "tag": "x", "error": "Missing run"},
      {"plugin": "images", "tag": "x", "run": "r", "error": "Missing sample"},
      {"plugin": "images", "tag": "x", "run": "r", "error": "Missing sample"},
      {"plugin": "scalars", "tag": "nope", "run": "mnist_tbx/train", "runToSeries": {}}])"));

  StatusOr<Response> r = Call(*plugin, "/data/plugin/timeseries/timeSeries");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "Missing 'requests' field");
  r = Call(*plugin, "/data/plugin/timeseries/timeSeries?requests=%5B");
  EXPECT_EQ(r.status().message(), "Unable to parse 'requests' as JSON");
  r = Call(*plugin, "/data/plugin/timeseries/timeSeries?requests=%7B%7D");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  r = Call(*plugin, "/data/plugin/timeseries/timeSeries?requests=%5B1%5D");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  // GET with the query parameter works like the POST form.
  r = Call(*plugin,
           "/data/plugin/timeseries/timeSeries?requests=" +
               UrlEncode(R"([{"plugin": "scalars", "tag": "loss", "run": "mnist_tbx/train"}])"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(nlohmann::json::parse(r->body)[0]["runToSeries"]["mnist_tbx/train"].size(), 300u);
}

TEST(TimeSeriesPluginTest, CombinesDifferentDescriptions) {
  ::tracker::testing::TempDir tmp;
  auto described = [](const std::string& description) {
    tensorboard::Event e = ::tracker::testing::ScalarTensorEvent("loss", 0, 1, true, 1.0);
    e.mutable_summary()->mutable_value(0)->mutable_metadata()->set_summary_description(description);
    return e;
  };
  const std::vector<std::pair<std::string, std::string>> runs = {
      {"a", "first *one*"}, {"b", "second"}, {"c", "first *one*"}};
  for (const auto& [run, description] : runs) {
    tmp.WriteFile(run + "/events.out.tfevents.1.host",
                  ::tracker::testing::Records(
                      {::tracker::testing::FileVersionEvent(0.5), described(description)}));
  }
  SamplesPerPlugin samples;
  Multiplexer store({{"", tmp.path()}}, {samples, 1});
  store.Reload();
  auto plugin = MakeTimeSeriesPlugin(PluginContext{&store, &samples, "", ""});
  const nlohmann::json tags =
      nlohmann::json::parse(Call(*plugin, "/data/plugin/timeseries/tags")->body);
  EXPECT_EQ(tags["scalars"]["runTagInfo"],
            nlohmann::json::parse(R"({"a": ["loss"], "b": ["loss"], "c": ["loss"]})"));
  std::string diff;
  // "# Multiple descriptions\n## For runs: a, c\nfirst *one*\n## For run: b\nsecond", rendered.
  EXPECT_TRUE(JsonMatches({{"description",
                            "<h1>Multiple descriptions</h1><h2>For runs: a, c</h2><p>first "
                            "<em>one</em></p><h2>For run: b</h2><p>second</p>"}},
                          {{"description", tags["scalars"]["tagDescriptions"]["loss"]}}, &diff))
      << diff << " " << tags.dump();
  EXPECT_EQ(tags["histograms"],
            nlohmann::json::parse(R"({"runTagInfo": {}, "tagDescriptions": {}})"));
  EXPECT_EQ(tags["images"],
            nlohmann::json::parse(R"({"tagDescriptions": {}, "tagRunSampledInfo": {}})"));
}

}  // namespace
}  // namespace tracker::plugins
