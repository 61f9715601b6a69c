// Tests of the scalars plugin: every golden answer of TensorBoard for the corpus, its error
// messages, NaN/Inf, multirun, TensorBoard's query-time downsampling, and tracker's batch route.
#include "plugins/scalars_plugin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <variant>
#include <vector>

#include "logreader/logdir.h"
#include "logreader/python_random.h"
#include "tensorboard/plugins/scalar.pb.h"
#include "testing/event_builder.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;
using ::tracker::testing::Records;
using ::tracker::testing::TempDir;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The HTTP status the router makes of a handler's answer.
int HttpStatus(const StatusOr<Response>& r) {
  if (r.ok()) return r->status;
  switch (r.status().code()) {
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kFailedPrecondition:
      return 405;
    default:
      return 500;
  }
}

// golden.py's norm_csv: rows of cells, numbers parsed.
using CsvCell = std::variant<double, std::string>;
std::vector<std::vector<CsvCell>> NormCsv(std::string s) {
  for (size_t p = s.find("\r\n"); p != std::string::npos; p = s.find("\r\n", p))
    s.replace(p, 2, "\n");
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  static const std::regex number("[-+0-9.eE]+|nan|inf|-inf");
  std::vector<std::vector<CsvCell>> rows;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t end = std::min(s.find('\n', start), s.size());
    const std::string line = s.substr(start, end - start);
    std::vector<CsvCell> row;
    size_t c = 0;
    while (true) {
      const size_t comma = line.find(',', c);
      const std::string cell =
          line.substr(c, comma == std::string::npos ? std::string::npos : comma - c);
      if (std::regex_match(cell, number)) {
        row.emplace_back(std::strtod(cell.c_str(), nullptr));
      } else {
        row.emplace_back(cell);
      }
      if (comma == std::string::npos) break;
      c = comma + 1;
    }
    rows.push_back(std::move(row));
    start = end + 1;
  }
  return rows;
}

bool CsvMatches(const std::string& expected, const std::string& actual, std::string* diff) {
  const auto a = NormCsv(expected), b = NormCsv(actual);
  if (a.size() != b.size()) {
    *diff = "rows " + std::to_string(a.size()) + " != " + std::to_string(b.size());
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) {
      *diff = "row " + std::to_string(i) + " width";
      return false;
    }
    for (size_t j = 0; j < a[i].size(); ++j) {
      if (a[i][j].index() != b[i][j].index()) {
        *diff = "row " + std::to_string(i) + " cell " + std::to_string(j) + " type";
        return false;
      }
      if (const double* x = std::get_if<double>(&a[i][j])) {
        const double y = std::get<double>(b[i][j]);
        if (!(*x == y || (std::isnan(*x) && std::isnan(y)) ||
              std::fabs(*x - y) <= 1e-9 * std::max(std::fabs(*x), std::fabs(y)))) {
          *diff = "row " + std::to_string(i) + " cell " + std::to_string(j);
          return false;
        }
      } else if (a[i][j] != b[i][j]) {
        *diff = "row " + std::to_string(i) + " text cell " + std::to_string(j);
        return false;
      }
    }
  }
  return true;
}

// --- TensorBoard's golden answers --------------------------------------------------------------

TEST(ScalarsGoldenTest, EveryScalarsKeyMatches) {
  auto plugin = MakeScalarsPlugin(CorpusContext());
  int checked = 0;
  for (const auto& [key, golden] : Golden().items()) {
    const bool ours = key.rfind("scalars/", 0) == 0 || key.rfind("bad/", 0) == 0;
    if (!ours) continue;
    SCOPED_TRACE(key);
    const std::string path = golden.at("path").get<std::string>();
    const StatusOr<Response> r = Call(*plugin, path);
    const int status = golden.at("status").get<int>();
    ASSERT_EQ(HttpStatus(r) / 100, status / 100) << r.status().ToString();
    ++checked;
    if (!golden.contains("body")) continue;
    std::string diff;
    if (golden.at("kind") == "csv") {
      EXPECT_EQ(r->content_type, "text/csv; charset=utf-8");
      EXPECT_TRUE(CsvMatches(golden.at("body").get<std::string>(), r->body, &diff)) << diff;
    } else {
      EXPECT_EQ(r->content_type, "application/json");
      EXPECT_TRUE(JsonMatches(golden.at("body"), nlohmann::json::parse(r->body), &diff)) << diff;
    }
  }
  // scalars/tags, 124 JSON series, 124 CSV series and the two refusals.
  EXPECT_EQ(checked, 251);
}

TEST(ScalarsGoldenTest, RefusalsCarryTensorBoardsMessages) {
  auto plugin = MakeScalarsPlugin(CorpusContext());
  StatusOr<Response> r = Call(*plugin, "/data/plugin/scalars/scalars?run=x");
  ASSERT_EQ(HttpStatus(r), 400);
  EXPECT_EQ(r.status().message(), "Both run and tag must be specified: tag=None, run='x'");
  r = Call(*plugin, "/data/plugin/scalars/scalars?tag=loss");
  EXPECT_EQ(r.status().message(), "Both run and tag must be specified: tag='loss', run=None");
  r = Call(*plugin, "/data/plugin/scalars/scalars");
  EXPECT_EQ(r.status().message(), "Both run and tag must be specified: tag=None, run=None");
  r = Call(*plugin, "/data/plugin/scalars/scalars?run=no%20such%20run&tag=loss");
  ASSERT_EQ(HttpStatus(r), 404);
  EXPECT_EQ(r.status().message(), "No scalar data for run='no such run', tag='loss'");
  // Python's repr switches quotes for a name holding a single quote.
  r = Call(*plugin, "/data/plugin/scalars/scalars?run=it%27s&tag=a%5Cb");
  EXPECT_EQ(r.status().message(), "No scalar data for run=\"it's\", tag='a\\\\b'");
  // A tag of another plugin is unknown to the scalars routes.
  r = Call(*plugin, "/data/plugin/scalars/scalars?run=mnist_tbx%2Ftrain&tag=weights%2Fdense_1");
  EXPECT_EQ(HttpStatus(r), 404);
}

// --- A store written for one test ----------------------------------------------------------------

// Writes one event file per run and loads them; `samples` is the --samples_per_plugin flag.
class Store {
 public:
  explicit Store(const std::string& samples = "") : samples_(*SamplesPerPlugin::Parse(samples)) {}

  void AddRun(const std::string& run, std::vector<tensorboard::Event> events) {
    events.insert(events.begin(), ::tracker::testing::FileVersionEvent(0.5));
    tmp_.WriteFile(run + "/events.out.tfevents.1.host", Records(events));
  }

  const PluginContext& Load() {
    store_ = std::make_unique<Multiplexer>(std::vector<LogdirRoot>{{"", tmp_.path()}},
                                           MultiplexerOptions{samples_, 1});
    store_->Reload();
    context_ = PluginContext{store_.get(), &samples_, tmp_.path().string(), ""};
    return context_;
  }

 private:
  TempDir tmp_;
  SamplesPerPlugin samples_;
  std::unique_ptr<Multiplexer> store_;
  PluginContext context_;
};

tensorboard::Event Scalar(const std::string& tag, int64_t step, float value, double wall) {
  return ::tracker::testing::SimpleValueEvent(tag, step, value, wall);
}

TEST(ScalarsPluginTest, NanAndInfinityInJsonAndCsv) {
  Store store;
  store.AddRun("train", {Scalar("loss", 0, std::nanf(""), 1.0), Scalar("loss", 1, INFINITY, 2.0),
                         Scalar("loss", 2, -INFINITY, 3.0), Scalar("loss", 3, 1.5f, 4.25),
                         Scalar("loss", 4, 0.1f, 1700000010.0)});
  auto plugin = MakeScalarsPlugin(store.Load());
  StatusOr<Response> r = Call(*plugin, "/data/plugin/scalars/scalars?run=train&tag=loss");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body,
            "[[1.0, 0, \"NaN\"], [2.0, 1, \"Infinity\"], [3.0, 2, \"-Infinity\"], "
            "[4.25, 3, 1.5], [1700000010.0, 4, 0.10000000149011612]]");
  r = Call(*plugin, "/data/plugin/scalars/scalars?run=train&tag=loss&format=csv");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(r->body,
            "Wall time,Step,Value\r\n1.0,0,nan\r\n2.0,1,inf\r\n3.0,2,-inf\r\n4.25,3,1.5\r\n"
            "1700000010.0,4,0.10000000149011612\r\n");
  // Any other format is JSON.
  r = Call(*plugin, "/data/plugin/scalars/scalars?run=train&tag=loss&format=json");
  EXPECT_EQ(r->content_type, "application/json");
}

TEST(ScalarsPluginTest, TagsRenderDescriptionsAndHideNewerVersions) {
  Store store;
  tensorboard::Event described = ::tracker::testing::ScalarTensorEvent("loss", 0, 1, true, 1.0);
  described.mutable_summary()->mutable_value(0)->mutable_metadata()->set_summary_description(
      "Training **loss**");
  tensorboard::Event future = ::tracker::testing::ScalarTensorEvent("future", 0, 1, true, 1.0);
  tensorboard::ScalarPluginData v1;
  v1.set_version(1);
  future.mutable_summary()
      ->mutable_value(0)
      ->mutable_metadata()
      ->mutable_plugin_data()
      ->set_content(v1.SerializeAsString());
  store.AddRun("a", {described, Scalar("v1tag", 0, 2, 1.0)});
  store.AddRun("b", {future});
  store.AddRun("c", {::tracker::testing::TextEvent("notes", 0, "hi", 1.0)});
  auto plugin = MakeScalarsPlugin(store.Load());
  EXPECT_TRUE(plugin->IsActive());
  const StatusOr<Response> r = Call(*plugin, "/data/plugin/scalars/tags");
  ASSERT_TRUE(r.ok());
  const nlohmann::json tags = nlohmann::json::parse(r->body);
  EXPECT_NE(tags["a"]["loss"]["description"].get<std::string>().find(
                "<p>Training <strong>loss</strong></p>"),
            std::string::npos)
      << r->body;
  EXPECT_EQ(tags["a"]["loss"]["displayName"], "");
  EXPECT_EQ(tags["a"]["v1tag"], (nlohmann::json{{"displayName", "v1tag"}, {"description", ""}}));
  EXPECT_EQ(tags["b"], nlohmann::json::object());  // listed, but its tag is hidden
  EXPECT_FALSE(tags.contains("c"));
  // The data route still serves the hidden tag, as TensorBoard's does.
  EXPECT_TRUE(Call(*plugin, "/data/plugin/scalars/scalars?run=b&tag=future").ok());
}

TEST(ScalarsPluginTest, InactiveWithoutScalars) {
  Store store;
  store.AddRun("c", {::tracker::testing::TextEvent("notes", 0, "hi", 1.0)});
  auto plugin = MakeScalarsPlugin(store.Load());
  EXPECT_FALSE(plugin->IsActive());
  EXPECT_EQ(Call(*plugin, "/data/plugin/scalars/tags")->body, "{}");
}

std::vector<tensorboard::Event> Ramp(const std::string& tag, int n) {
  std::vector<tensorboard::Event> events;
  for (int i = 0; i < n; ++i) events.push_back(Scalar(tag, i, static_cast<float>(i), 100.0 + i));
  return events;
}

TEST(ScalarsPluginTest, DownsamplesLikeTensorBoard) {
  // tracker keeps all 1500 points; the route returns TensorBoard's 1000, the same ones.
  Store store;
  store.AddRun("train", Ramp("loss", 1500));
  auto plugin = MakeScalarsPlugin(store.Load());
  const nlohmann::json got =
      nlohmann::json::parse(Call(*plugin, "/data/plugin/scalars/scalars?run=train&tag=loss")->body);
  const std::vector<size_t> indices = DownsampleIndices(1500, 1000);
  ASSERT_EQ(got.size(), 1000u);
  for (size_t i = 0; i < indices.size(); ++i) {
    ASSERT_EQ(got[i][1].get<int64_t>(), static_cast<int64_t>(indices[i])) << i;
  }
  EXPECT_EQ(got.back()[1], 1499);  // the newest point is always kept
}

TEST(ScalarsPluginTest, ExplicitSamplesPerPluginLimitsTheRoute) {
  Store store("scalars=300");
  store.AddRun("train", Ramp("loss", 1500));
  auto plugin = MakeScalarsPlugin(store.Load());
  const nlohmann::json got =
      nlohmann::json::parse(Call(*plugin, "/data/plugin/scalars/scalars?run=train&tag=loss")->body);
  EXPECT_EQ(got.size(), 300u);

  Store zero("scalars=0");  // unbounded reservoir, but TensorBoard's routes then return nothing
  zero.AddRun("train", Ramp("loss", 20));
  auto plugin0 = MakeScalarsPlugin(zero.Load());
  EXPECT_EQ(Call(*plugin0, "/data/plugin/scalars/scalars?run=train&tag=loss")->body, "[]");
}

TEST(ScalarsPluginTest, MultirunPost) {
  Store store;
  store.AddRun("train", {Scalar("loss", 0, 1, 1.0), Scalar("loss", 1, 0.5f, 2.0)});
  store.AddRun("eval", {Scalar("loss", 0, 2, 1.5)});
  store.AddRun("other", {Scalar("acc", 0, 2, 1.5)});
  auto plugin = MakeScalarsPlugin(store.Load());
  const std::string form = "application/x-www-form-urlencoded";
  const std::string body = "tag=loss&runs=train&runs=nope&runs=eval&runs=other&runs=train";
  StatusOr<Response> r = Call(*plugin, "/data/plugin/scalars/scalars_multirun", &body, form);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "{\"train\": [[1.0, 0, 1.0], [2.0, 1, 0.5]], \"eval\": [[1.5, 0, 2.0]]}");

  const std::string no_tag = "runs=train";
  r = Call(*plugin, "/data/plugin/scalars/scalars_multirun", &no_tag, form);
  ASSERT_EQ(HttpStatus(r), 400);
  EXPECT_EQ(r.status().message(), "tag must be specified exactly once");
  const std::string two_tags = "tag=loss&tag=acc&runs=train";
  EXPECT_EQ(HttpStatus(Call(*plugin, "/data/plugin/scalars/scalars_multirun", &two_tags, form)),
            400);
  const std::string no_runs = "tag=loss";
  EXPECT_EQ(Call(*plugin, "/data/plugin/scalars/scalars_multirun", &no_runs, form)->body, "{}");

  // GET is refused: the route admits only POST, and the handler says 405 too.
  EXPECT_EQ(HttpStatus(Call(*plugin, "/data/plugin/scalars/scalars_multirun?tag=loss")), 405);
  for (const Route& route : plugin->Routes()) {
    if (route.path == "/data/plugin/scalars/scalars_multirun") {
      EXPECT_FALSE(route.allow_get);
      EXPECT_TRUE(route.allow_post);
    }
  }
}

// --- tracker's batch route
// -------------------------------------------------------------------------

// 10,000 points: a gentle ramp with one spike up at step 5003 and one down at step 7007.
std::vector<tensorboard::Event> SpikySeries() {
  std::vector<tensorboard::Event> events;
  for (int i = 0; i < 10000; ++i) {
    float v = static_cast<float>(i % 100) / 100.0f;
    if (i == 5003) v = 1000;
    if (i == 7007) v = -1000;
    events.push_back(Scalar("loss", i, v, 1000.0 + i));
  }
  return events;
}

StatusOr<Response> Batch(Plugin& plugin, const std::string& body) {
  return Call(plugin, "/data/plugin/scalars/batch", &body);
}

nlohmann::json BatchJson(Plugin& plugin, const std::string& body) {
  const StatusOr<Response> r = Batch(plugin, body);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? nlohmann::json::parse(r->body) : nlohmann::json();
}

bool HasStep(const nlohmann::json& points, int64_t step) {
  for (const auto& p : points) {
    if (p[1].get<int64_t>() == step) return true;
  }
  return false;
}

TEST(ScalarsBatchTest, DownsamplingKeepsSpikesAndEnds) {
  Store store;
  store.AddRun("train", SpikySeries());
  auto plugin = MakeScalarsPlugin(store.Load());
  const nlohmann::json got =
      BatchJson(*plugin, R"({"series": [{"run": "train", "tag": "loss"}], "points": 200})");
  ASSERT_EQ(got["series"].size(), 1u);
  const nlohmann::json& s = got["series"][0];
  EXPECT_EQ(s["run"], "train");
  EXPECT_EQ(s["tag"], "loss");
  EXPECT_FALSE(s.contains("smoothed"));
  const nlohmann::json& points = s["points"];
  EXPECT_LE(points.size(), 200u);
  EXPECT_GE(points.size(), 150u);
  EXPECT_EQ(points.front()[1], 0);
  EXPECT_EQ(points.back()[1], 9999);
  EXPECT_TRUE(HasStep(points, 5003));
  EXPECT_TRUE(HasStep(points, 7007));
  for (size_t i = 1; i < points.size(); ++i) {
    EXPECT_LT(points[i - 1][1].get<int64_t>(), points[i][1].get<int64_t>());  // arrival order
  }
  // Without "points", every point.
  const nlohmann::json all = BatchJson(*plugin, R"({"series": [{"run": "train", "tag": "loss"}]})");
  EXPECT_EQ(all["series"][0]["points"].size(), 10000u);
}

TEST(ScalarsBatchTest, SmoothingDoesNotDependOnResolutionOrZoom) {
  Store store;
  store.AddRun("train", SpikySeries());
  auto plugin = MakeScalarsPlugin(store.Load());
  auto smoothed_by_step = [&](const std::string& extra) {
    const nlohmann::json got = BatchJson(
        *plugin, R"({"series": [{"run": "train", "tag": "loss"}], "smoothing": 0.9)" + extra + "}");
    const nlohmann::json& s = got["series"][0];
    std::map<int64_t, double> out;
    EXPECT_EQ(s["smoothed"].size(), s["points"].size());
    for (size_t i = 0; i < s["points"].size(); ++i) {
      out[s["points"][i][1].get<int64_t>()] = s["smoothed"][i].get<double>();
    }
    return out;
  };
  const auto full = smoothed_by_step("");
  ASSERT_EQ(full.size(), 10000u);
  // TensorBoard's debiased EMA at the first points.
  EXPECT_DOUBLE_EQ(full.at(0), 0.0);
  EXPECT_NEAR(full.at(1), (0.9 * 0.1 * 0.0 + 0.1 * 0.01f) / (1 - 0.81), 1e-12);
  for (const std::string extra : {", \"points\": 100", ", \"points\": 1000",
                                  ", \"points\": 100, \"step_min\": 5000, \"step_max\": 6000"}) {
    const auto sampled = smoothed_by_step(extra);
    ASSERT_FALSE(sampled.empty());
    for (const auto& [step, value] : sampled) {
      EXPECT_DOUBLE_EQ(value, full.at(step)) << extra << " step " << step;
    }
  }
}

TEST(ScalarsBatchTest, StepRangeRestrictsPoints) {
  Store store;
  store.AddRun("train", SpikySeries());
  auto plugin = MakeScalarsPlugin(store.Load());
  nlohmann::json got = BatchJson(*plugin, R"({"series": [{"run": "train", "tag": "loss"}],
      "step_min": 5000, "step_max": 5099})");
  const nlohmann::json& points = got["series"][0]["points"];
  ASSERT_EQ(points.size(), 100u);
  EXPECT_EQ(points.front()[1], 5000);
  EXPECT_EQ(points.back()[1], 5099);
  got = BatchJson(*plugin, R"({"series": [{"run": "train", "tag": "loss"}],
      "step_min": 5000, "step_max": 5999, "points": 40})");
  EXPECT_LE(got["series"][0]["points"].size(), 40u);
  EXPECT_TRUE(HasStep(got["series"][0]["points"], 5003));
  EXPECT_FALSE(HasStep(got["series"][0]["points"], 7007));
  // An empty range is an empty series, not an error.
  got = BatchJson(*plugin, R"({"series": [{"run": "train", "tag": "loss"}], "step_min": 20000})");
  EXPECT_EQ(got["series"][0]["points"], nlohmann::json::array());
}

TEST(ScalarsBatchTest, UnknownSeriesAreReportedPerSeries) {
  Store store;
  store.AddRun("train",
               {Scalar("loss", 0, 1, 1.0), ::tracker::testing::TextEvent("notes", 0, "x", 1.0)});
  auto plugin = MakeScalarsPlugin(store.Load());
  const StatusOr<Response> r = Batch(*plugin, R"({"series": [
      {"run": "nope", "tag": "loss"}, {"run": "train", "tag": "loss"},
      {"run": "train", "tag": "notes"}]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body,
            "{\"series\": ["
            "{\"run\": \"nope\", \"tag\": \"loss\", \"error\": \"No scalar data for run='nope', "
            "tag='loss'\"}, "
            "{\"run\": \"train\", \"tag\": \"loss\", \"points\": [[1.0, 0, 1.0]]}, "
            "{\"run\": \"train\", \"tag\": \"notes\", \"error\": \"No scalar data for run='train', "
            "tag='notes'\"}]}");
}

TEST(ScalarsBatchTest, BadRequestsAre400) {
  Store store;
  store.AddRun("train", {Scalar("loss", 0, 1, 1.0)});
  auto plugin = MakeScalarsPlugin(store.Load());
  for (const std::string body :
       {"", "{", "[]", "{}", R"({"series": {}})", R"({"series": [1]})",
        R"({"series": [{"run": "train"}]})", R"({"series": [{"run": 1, "tag": "loss"}]})",
        R"({"series": [], "points": -1})", R"({"series": [], "points": 2.5})",
        R"({"series": [], "points": "10"})", R"({"series": [], "smoothing": 1.5})",
        R"({"series": [], "smoothing": "x"})", R"({"series": [], "step_min": "a"})",
        "{\"series\": [{\"run\": \"\xff\", \"tag\": \"x\"}]}"}) {
    EXPECT_EQ(HttpStatus(Batch(*plugin, body)), 400) << body;
  }
  EXPECT_EQ(HttpStatus(Call(*plugin, "/data/plugin/scalars/batch")), 405);
  EXPECT_EQ(BatchJson(*plugin, R"({"series": []})"), nlohmann::json::parse(R"({"series": []})"));
  // Numbers may be written as integral floats.
  EXPECT_EQ(
      BatchJson(
          *plugin,
          R"({"series": [{"run": "train", "tag": "loss"}], "points": 4.0})")["series"][0]["points"]
          .size(),
      1u);
}

// --- SampleScalarSeries directly
// ------------------------------------------------------------------

TEST(SampleScalarSeriesTest, MillionPointsToTwoThousand) {
  ScalarSeries series;
  constexpr int kPoints = 1000000;
  for (int i = 0; i < kPoints; ++i) {
    double v = std::sin(i * 0.001) + (i % 7) * 0.01;
    if (i == 123457) v = 50;    // spike up
    if (i == 876543) v = -50;   // spike down
    if (i == 500000) v = kNaN;  // a NaN does not break anything
    series.Add({1.7e9 + i * 0.25, i, v});
  }
  ScalarWindowOptions options;
  options.max_points = 2000;
  options.smoothing = 0.6;
  const auto start = std::chrono::steady_clock::now();
  const ScalarWindow window = SampleScalarSeries(series, options);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // Reported, not asserted: timings depend on the machine and the build type.
  std::cout << "[ timing ] SampleScalarSeries 1,000,000 -> " << window.points.size()
            << " points with smoothing: " << ms << " ms\n";
  EXPECT_LE(window.points.size(), 2000u);
  EXPECT_GE(window.points.size(), 1500u);
  EXPECT_EQ(window.smoothed.size(), window.points.size());
  EXPECT_EQ(window.points.front().step, 0);
  EXPECT_EQ(window.points.back().step, kPoints - 1);
  bool up = false, down = false;
  for (const ScalarPoint& p : window.points) {
    up |= p.step == 123457;
    down |= p.step == 876543;
  }
  EXPECT_TRUE(up);
  EXPECT_TRUE(down);
  for (size_t i = 1; i < window.points.size(); ++i) {
    ASSERT_LT(window.points[i - 1].step, window.points[i].step);
  }
}

TEST(SampleScalarSeriesTest, SmoothingFollowsTensorBoard) {
  ScalarSeries series;
  const double values[] = {1, 2, kNaN, 4, kInf, 3};
  for (int i = 0; i < 6; ++i) series.Add({static_cast<double>(i), i, values[i]});
  ScalarWindowOptions options;
  options.smoothing = 0.5;
  const ScalarWindow w = SampleScalarSeries(series, options);
  ASSERT_EQ(w.smoothed.size(), 6u);
  // last = last * 0.5 + 0.5 * v over finite values, divided by 1 - 0.5^n.
  EXPECT_DOUBLE_EQ(w.smoothed[0], 0.5 / 0.5);
  EXPECT_DOUBLE_EQ(w.smoothed[1], (0.25 + 1.0) / 0.75);
  EXPECT_TRUE(std::isnan(w.smoothed[2]));
  EXPECT_DOUBLE_EQ(w.smoothed[3], (0.625 + 2.0) / 0.875);
  EXPECT_EQ(w.smoothed[4], kInf);
  EXPECT_DOUBLE_EQ(w.smoothed[5], ((0.625 + 2.0) * 0.5 + 1.5) / 0.9375);

  // A constant series is returned unchanged, even with weight 1.
  ScalarSeries constant;
  for (int i = 0; i < 5; ++i) constant.Add({0, i, 0.7});
  options.smoothing = 1;
  for (double s : SampleScalarSeries(constant, options).smoothed) EXPECT_EQ(s, 0.7);
}

TEST(SampleScalarSeriesTest, FewPointsAndExtremeSteps) {
  ScalarSeries series;
  const int64_t lo = std::numeric_limits<int64_t>::min() + 1;
  const int64_t hi = std::numeric_limits<int64_t>::max();
  for (int i = 0; i < 100; ++i) series.Add({0, i < 50 ? lo + i : hi - 99 + i, double(i)});
  ScalarWindowOptions options;
  options.max_points = 3;  // fewer than one four-point bucket: one point per bucket
  ScalarWindow w = SampleScalarSeries(series, options);
  EXPECT_LE(w.points.size(), 3u);
  EXPECT_EQ(w.points.back().step, hi);
  options.max_points = 8;
  w = SampleScalarSeries(series, options);
  EXPECT_LE(w.points.size(), 8u);
  EXPECT_EQ(w.points.front().step, lo);
  EXPECT_EQ(w.points.back().step, hi);
  EXPECT_TRUE(SampleScalarSeries(ScalarSeries(), options).points.empty());
}

}  // namespace
}  // namespace tracker::plugins
