// Tests of the scalars plugin: every golden answer of TensorBoard for the corpus, its error
// messages, NaN/Inf, multirun, TensorBoard's query-time downsampling, and tracker's batch route.
#include "plugins/scalars_plugin.h"
#include "plugins/scalar_smoothing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
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

  // Another event file for `run` (read after the first, in name order), seen at Reload().
  void AddFile(const std::string& run, const std::string& name,
               std::vector<tensorboard::Event> events) {
    tmp_.WriteFile(run + "/" + name, Records(events));
  }

  void Reload() { store_->Reload(); }

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
  const std::string stamp = nlohmann::json::parse(r->body)["series"][1]["stamp"];
  EXPECT_EQ(stamp.size(), 16u);
  EXPECT_EQ(
      r->body,
      "{\"series\": ["
      "{\"run\": \"nope\", \"tag\": \"loss\", \"error\": \"No scalar data for run='nope', "
      "tag='loss'\"}, "
      "{\"run\": \"train\", \"tag\": \"loss\", \"stamp\": \"" +
          stamp +
          "\", \"points\": [[1.0, 0, 1.0]]}, "
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
        R"({"series": [], "format": "xml"})", R"({"series": [], "format": 1})",
        R"({"series": [{"run": "train", "tag": "loss", "stamp": 5}]})",
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

// --- The stamp: smoothing without the raw points, and the binary form --------------------------

// 20,000 points (long enough for the smoothing's interleaved stretches), with a NaN and
// infinities among them.
std::vector<tensorboard::Event> LongSeries(int n = 20000, int first_step = 0) {
  std::vector<tensorboard::Event> events;
  for (int i = 0; i < n; ++i) {
    const int step = first_step + i;
    float v = std::sin(step * 0.01f) + static_cast<float>(step % 13) * 0.01f;
    if (step == 777) v = std::numeric_limits<float>::quiet_NaN();
    if (step == 4242) v = std::numeric_limits<float>::infinity();
    if (step == 9001) v = -std::numeric_limits<float>::infinity();
    events.push_back(Scalar("loss", step, v, 1000.0 + step * 0.5));
  }
  return events;
}

std::string BatchBody(const std::string& stamp, double smoothing, const std::string& extra = "") {
  std::string series = R"({"run": "train", "tag": "loss")";
  if (!stamp.empty()) series += R"(, "stamp": ")" + stamp + "\"";
  return R"({"series": [)" + series + R"(}], "points": 400, "smoothing": )" +
         std::to_string(smoothing) + extra + "}";
}

// Doubles from a JSON answer, with TensorBoard's spellings of NaN and infinities.
std::vector<double> Numbers(const nlohmann::json& array) {
  std::vector<double> out;
  for (const auto& v : array) {
    if (v.is_string()) {
      out.push_back(v == "NaN" ? kNaN : v == "Infinity" ? kInf : -kInf);
    } else {
      out.push_back(v.get<double>());
    }
  }
  return out;
}

// Equal to the bit (NaN included).
void ExpectSameBits(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(std::bit_cast<uint64_t>(a[i]), std::bit_cast<uint64_t>(b[i])) << i;
  }
}

TEST(ScalarsBatchTest, StampedSeriesGetTheSmoothingOfTheFullAnswer) {
  Store store;
  store.AddRun("train", LongSeries());
  const PluginContext& context = store.Load();
  auto plugin = MakeScalarsPlugin(context);
  const nlohmann::json first = BatchJson(*plugin, BatchBody("", 0.6))["series"][0];
  const std::string stamp = first["stamp"];
  ASSERT_GT(first["points"].size(), 300u);

  for (const double w : {0.9, 0.6, 0.999, 1.0}) {
    // The client sends its stamp back: only the smoothing comes, no points.
    const nlohmann::json only = BatchJson(*plugin, BatchBody(stamp, w))["series"][0];
    EXPECT_FALSE(only.contains("points"));
    EXPECT_EQ(only["stamp"], stamp);
    // A plugin with nothing kept computes the whole window: the same smoothing, to the bit.
    auto fresh = MakeScalarsPlugin(context);
    const nlohmann::json full = BatchJson(*fresh, BatchBody("", w))["series"][0];
    EXPECT_EQ(full["stamp"], stamp);
    EXPECT_EQ(full["points"], first["points"]);
    ExpectSameBits(Numbers(only["smoothed"]), Numbers(full["smoothed"]));
  }
  // Smoothing off: the stamp alone.
  const nlohmann::json plain = BatchJson(*plugin, BatchBody(stamp, 0))["series"][0];
  EXPECT_EQ(plain,
            nlohmann::json::parse(R"({"run": "train", "tag": "loss", "stamp": ")" + stamp + "\"}"));
  // A zoom is another window: another stamp, so the held one gets the whole answer.
  const nlohmann::json zoomed = BatchJson(
      *plugin, BatchBody(stamp, 0.6, R"(, "step_min": 100, "step_max": 5000)"))["series"][0];
  EXPECT_NE(zoomed["stamp"], stamp);
  EXPECT_TRUE(zoomed.contains("points"));
  EXPECT_EQ(zoomed["points"][0][1], 100);
}

TEST(ScalarsBatchTest, StaleStampsGetTheWholeWindow) {
  Store store;
  store.AddRun("train", LongSeries(6000));
  auto plugin = MakeScalarsPlugin(store.Load());
  const nlohmann::json first = BatchJson(*plugin, BatchBody("", 0.6))["series"][0];
  const std::string stamp = first["stamp"];
  // New points arrive (a live run): the window the client holds is gone.
  store.AddFile("train", "events.out.tfevents.2.host", LongSeries(3000, 6000));
  store.Reload();
  const nlohmann::json after = BatchJson(*plugin, BatchBody(stamp, 0.6))["series"][0];
  EXPECT_NE(after["stamp"], stamp);
  ASSERT_TRUE(after.contains("points"));
  EXPECT_EQ(after["points"].back()[1], 8999);
  EXPECT_EQ(after["smoothed"].size(), after["points"].size());
  // A stamp that never was, or one of other options, is as good as none.
  for (const std::string extra : {"", R"(, "points": 401)"}) {
    const nlohmann::json other =
        BatchJson(*plugin, BatchBody("0123456789abcdef", 0.6, extra))["series"][0];
    EXPECT_TRUE(other.contains("points"));
  }
  const nlohmann::json held =
      BatchJson(*plugin, BatchBody(after["stamp"], 0.6, R"(, "points": 401)"));
  EXPECT_TRUE(held["series"][0].contains("points"));
}

// The values kept for smoothing changes follow the series: after new points, a zoom (a new
// window) and a smoothing change both smooth the new data, as a fresh server would.
TEST(ScalarsBatchTest, KeptValuesFollowNewData) {
  Store store;
  store.AddRun("train", LongSeries(6000));
  auto plugin = MakeScalarsPlugin(store.Load());
  BatchJson(*plugin, BatchBody("", 0.6));  // keeps the values of the 6,000 points
  store.AddFile("train", "events.out.tfevents.2.host", LongSeries(3000, 6000));
  store.Reload();
  const std::string zoom = R"(, "step_min": 5000, "step_max": 8999)";
  const nlohmann::json zoomed = BatchJson(*plugin, BatchBody("", 0.6, zoom))["series"][0];
  const nlohmann::json changed =
      BatchJson(*plugin, BatchBody(zoomed["stamp"], 0.7, zoom))["series"][0];

  Store fresh_store;
  fresh_store.AddRun("train", LongSeries(6000));
  fresh_store.AddFile("train", "events.out.tfevents.2.host", LongSeries(3000, 6000));
  auto fresh = MakeScalarsPlugin(fresh_store.Load());
  const nlohmann::json expected_zoomed = BatchJson(*fresh, BatchBody("", 0.6, zoom))["series"][0];
  const nlohmann::json expected_changed = BatchJson(*fresh, BatchBody("", 0.7, zoom))["series"][0];
  EXPECT_EQ(zoomed["points"].back()[1], 8999);
  ExpectSameBits(Numbers(zoomed["smoothed"]), Numbers(expected_zoomed["smoothed"]));
  ExpectSameBits(Numbers(changed["smoothed"]), Numbers(expected_changed["smoothed"]));
}

// The binary answer, read back as the page reads it.
struct BinarySeries {
  nlohmann::json index;
  std::vector<double> wall, step, value, smoothed;
};

std::vector<BinarySeries> DecodeBinary(const std::string& body) {
  std::vector<BinarySeries> out;
  uint32_t h = 0;
  for (int i = 0; i < 4; ++i) h |= static_cast<uint32_t>(static_cast<uint8_t>(body[i])) << (8 * i);
  EXPECT_EQ((4 + h) % 8, 0u);
  const nlohmann::json header = nlohmann::json::parse(body.substr(4, h));
  size_t offset = 4 + h;
  auto column = [&](size_t n) {
    std::vector<double> c(n);
    for (size_t i = 0; i < n; ++i, offset += 8) {
      uint64_t bits = 0;
      for (int b = 0; b < 8; ++b)
        bits |= static_cast<uint64_t>(static_cast<uint8_t>(body[offset + b])) << (8 * b);
      c[i] = std::bit_cast<double>(bits);
    }
    return c;
  };
  for (const auto& entry : header["series"]) {
    BinarySeries s{entry, {}, {}, {}, {}};
    if (!entry.contains("error")) {
      const size_t n = entry["n"];
      if (entry["raw"]) {
        s.wall = column(n);
        s.step = column(n);
        s.value = column(n);
      }
      if (entry["smoothed"]) s.smoothed = column(n);
    }
    out.push_back(std::move(s));
  }
  EXPECT_EQ(offset, body.size());
  return out;
}

TEST(ScalarsBatchTest, BinaryAnswerHoldsTheJsonAnswersNumbers) {
  Store store;
  store.AddRun("train", LongSeries());
  auto plugin = MakeScalarsPlugin(store.Load());
  const std::string series =
      R"({"series": [{"run": "train", "tag": "loss"}, {"run": "ü \"x\"", "tag": "loss"}],)"
      R"( "points": 400, "smoothing": 0.7)";
  const nlohmann::json json = BatchJson(*plugin, series + "}");
  const StatusOr<Response> r = Batch(*plugin, series + R"(, "format": "binary"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->content_type, "application/octet-stream");
  const std::vector<BinarySeries> binary = DecodeBinary(r->body);
  ASSERT_EQ(binary.size(), 2u);
  EXPECT_EQ(binary[1].index["error"], json["series"][1]["error"]);
  EXPECT_EQ(binary[1].index["run"], "ü \"x\"");
  const nlohmann::json& j = json["series"][0];
  EXPECT_EQ(binary[0].index["stamp"], j["stamp"]);
  EXPECT_EQ(binary[0].index["n"], j["points"].size());
  std::vector<double> wall, step, value;
  for (const auto& p : j["points"]) {
    wall.push_back(p[0].get<double>());
    step.push_back(p[1].get<double>());
    value.push_back(Numbers(nlohmann::json::array({p[2]}))[0]);
  }
  ExpectSameBits(binary[0].wall, wall);
  ExpectSameBits(binary[0].step, step);
  ExpectSameBits(binary[0].value, value);
  ExpectSameBits(binary[0].smoothed, Numbers(j["smoothed"]));
  // Infinities win their buckets: the binary form carries them as they are.
  EXPECT_TRUE(std::any_of(value.begin(), value.end(), [](double v) { return std::isinf(v); }));

  // With the stamp: no raw columns, the smoothing alone.
  const StatusOr<Response> only =
      Batch(*plugin, BatchBody(j["stamp"], 0.7, R"(, "format": "binary")"));
  ASSERT_TRUE(only.ok());
  const std::vector<BinarySeries> o = DecodeBinary(only->body);
  EXPECT_EQ(o[0].index["raw"], false);
  EXPECT_TRUE(o[0].value.empty());
  ExpectSameBits(o[0].smoothed, binary[0].smoothed);
}

TEST(ScalarsBatchTest, LargeBatchesOnSeveralThreadsAnswerInOrder) {
  Store store;
  std::string series;
  for (int r = 0; r < 12; ++r) {
    // 12 runs × 100,000 points: above the threshold for several threads.
    std::vector<tensorboard::Event> events;
    for (int i = 0; i < 100000; ++i)
      events.push_back(Scalar("loss", i, static_cast<float>(r), 1.0 + i));
    store.AddRun("run" + std::to_string(r), std::move(events));
    series += std::string(r > 0 ? ", " : "") + R"({"run": "run)" + std::to_string(r) +
              R"(", "tag": "loss"})";
  }
  auto plugin = MakeScalarsPlugin(store.Load());
  const nlohmann::json got =
      BatchJson(*plugin, R"({"series": [)" + series + R"(], "points": 100, "smoothing": 0.5})");
  ASSERT_EQ(got["series"].size(), 12u);
  for (int r = 0; r < 12; ++r) {
    const nlohmann::json& s = got["series"][r];
    EXPECT_EQ(s["run"], "run" + std::to_string(r));
    EXPECT_EQ(s["points"][0][2], static_cast<double>(r));
    EXPECT_EQ(s["smoothed"][0], static_cast<double>(r));  // constant: returned as it is
  }
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

TEST(SampleScalarSeriesTest, SmoothingAtIndicesIsTheWindowsSmoothing) {
  // Lengths around where the smoothing starts running in interleaved stretches.
  uint64_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(seed >> 11) / 9007199254740992.0;
  };
  for (const int n : {1, 2, 5, 4095, 4096, 4099, 20001}) {
    ScalarSeries series;
    std::vector<double> values;
    for (int i = 0; i < n; ++i) {
      double v = next() * 2 - 1;
      if (next() < 0.01) v = kNaN;
      if (next() < 0.002) v = next() < 0.5 ? kInf : -kInf;
      values.push_back(v);
      series.Add({static_cast<double>(i), i, v});
    }
    for (const double w : {0.3, 0.9, 0.999}) {
      for (const int64_t lo : {int64_t{0}, int64_t{n / 3}}) {
        ScalarWindowOptions options;
        options.max_points = 64;
        options.smoothing = w;
        options.step_min = lo;
        const ScalarWindow window = SampleScalarSeries(series, options);
        ASSERT_EQ(window.indices.size(), window.points.size());
        ExpectSameBits(SmoothScalarSeriesAt(series, window.indices, w), window.smoothed);
        // And it is TensorBoard's sequential EMA, up to rounding.
        double ema = 0, power = 1;
        size_t k = 0;
        for (int i = 0; i < n && k < window.indices.size(); ++i) {
          if (std::isfinite(values[i])) {
            ema = ema * w + (1 - w) * values[i];
            power *= w;
          }
          if (static_cast<size_t>(i) != window.indices[k]) continue;
          const double expected = std::isfinite(values[i]) ? ema / (1 - power) : values[i];
          const double got = window.smoothed[k++];
          if (std::isfinite(expected)) {
            EXPECT_NEAR(got, expected, 1e-12 * std::max(1.0, std::abs(expected))) << n << " " << i;
          } else {
            EXPECT_EQ(std::bit_cast<uint64_t>(got), std::bit_cast<uint64_t>(expected));
          }
        }
        EXPECT_EQ(k, window.indices.size());
      }
    }
  }
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
