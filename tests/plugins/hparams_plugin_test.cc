// Tests for the hparams plugin: TensorBoard's answers on the three single-experiment goldens,
// then each rule of spec §7.7 on small logdirs written with tracker::SummaryWriter.
#include "plugins/hparams_plugin.h"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "logreader/samples_per_plugin.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"
#include "writer/summary_writer.h"

namespace tracker::plugins {
namespace {

namespace hp = ::tensorboard::hparams;
using ::tracker::testing::Call;
using ::tracker::testing::JsonMatches;
using ::tracker::testing::TempDir;

constexpr char kPrefix[] = "/data/plugin/hparams/";
constexpr char kAllStatuses[] =
    R"("allowedStatuses": ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"])";

// A store loaded once from a logdir, with the plugin built on it.
class LoadedLogdir {
 public:
  explicit LoadedLogdir(const std::string& logdir, const std::string& samples = "")
      : samples_(*SamplesPerPlugin::Parse(samples)) {
    auto roots = InterpretLogdirFlag(logdir);
    EXPECT_TRUE(roots.ok()) << roots.status().ToString();
    store_ = std::make_unique<Multiplexer>(*roots, MultiplexerOptions{samples_, 2});
    store_->Reload();
    plugin_ = MakeHParamsPlugin(PluginContext{store_.get(), &samples_, logdir, ""});
  }

  Plugin& plugin() { return *plugin_; }

  // POSTs `body` as JSON to route `leaf`; expects a 200 and returns the parsed answer.
  nlohmann::json Post(const std::string& leaf, const std::string& body) {
    auto response = Call(*plugin_, kPrefix + leaf, &body);
    EXPECT_TRUE(response.ok()) << leaf << " " << body << ": " << response.status().ToString();
    if (!response.ok()) return nullptr;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->content_type, "application/json");
    return nlohmann::json::parse(response->body);
  }

  // POSTs `body` to `leaf`, expecting an error; returns it.
  Status PostError(const std::string& leaf, const std::string& body,
                   const std::string& content_type = "application/json") {
    auto response = Call(*plugin_, kPrefix + leaf, &body, content_type);
    EXPECT_FALSE(response.ok()) << leaf << " " << body << " answered " << response->body;
    return response.ok() ? OkStatus() : response.status();
  }

 private:
  SamplesPerPlugin samples_;
  std::unique_ptr<Multiplexer> store_;
  std::unique_ptr<Plugin> plugin_;
};

// ---- TensorBoard's answers --------------------------------------------------------------------

class HParamsGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HParamsGoldenTest, MatchesTensorBoard) {
  const std::string name = GetParam();
  std::string relative = name;
  for (size_t p = relative.find("__"); p != std::string::npos; p = relative.find("__")) {
    relative.replace(p, 2, "/");
  }
  std::ifstream in(std::string(TRACKER_TEST_DATA) + "/golden/hparams/" + name + "/golden.json");
  ASSERT_TRUE(in.good()) << name;
  const nlohmann::json golden = nlohmann::json::parse(in);
  LoadedLogdir logdir(std::string(TRACKER_TEST_DATA) + "/corpus/" + relative,
                      ::tracker::testing::kGoldenSamples);
  for (const char* key : {"hparams/experiment", "hparams/session_groups"}) {
    SCOPED_TRACE(key);
    const nlohmann::json& entry = golden.at(key);
    const std::string path = entry.at("path");
    const std::string post = entry.at("post");
    auto response = Call(logdir.plugin(), path, &post);
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, entry.at("status").get<int>());
    std::string diff;
    EXPECT_TRUE(JsonMatches(entry.at("body"), nlohmann::json::parse(response->body), &diff))
        << diff << "\n"
        << response->body;
  }
}

INSTANTIATE_TEST_SUITE_P(HParamsCorpus, HParamsGoldenTest,
                         ::testing::Values("hparams_tbx__trial_0", "hparams_tutorial",
                                           "third_party__tf2_hparams_tutorial"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// ---- Logdirs written here ---------------------------------------------------------------------

double FakeClock() { return 1700000000.0; }

// Writes runs into a temporary logdir; Load() closes the writers and reads it.
class LogdirBuilder {
 public:
  SummaryWriter& Run(const std::string& run) {
    auto& writer = writers_[run];
    if (writer == nullptr) {
      SummaryWriterOptions options;
      options.clock = &FakeClock;
      options.flush_secs = -1;
      auto created = SummaryWriter::Create(dir_.path() / run, options);
      EXPECT_TRUE(created.ok()) << created.status().ToString();
      writer = std::move(created).value();
    }
    return *writer;
  }

  std::unique_ptr<LoadedLogdir> Load() {
    for (auto& [run, writer] : writers_) EXPECT_TRUE(writer->Close().ok()) << run;
    return std::make_unique<LoadedLogdir>(dir_.path().string());
  }

  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::map<std::string, std::unique_ptr<SummaryWriter>> writers_;
};

hp::HParamInfo Discrete(const std::string& name, hp::DataType type,
                        const std::vector<HParamValue>& values) {
  hp::HParamInfo info;
  info.set_name(name);
  info.set_type(type);
  auto* domain = info.mutable_domain_discrete();
  for (const HParamValue& v : values) {
    auto* out = domain->add_values();
    if (const auto* d = std::get_if<double>(&v)) {
      out->set_number_value(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      out->set_string_value(*s);
    } else {
      out->set_bool_value(std::get<bool>(v));
    }
  }
  return info;
}

hp::HParamInfo Interval(const std::string& name, double min, double max) {
  hp::HParamInfo info;
  info.set_name(name);
  info.set_type(hp::DATA_TYPE_FLOAT64);
  info.mutable_domain_interval()->set_min_value(min);
  info.mutable_domain_interval()->set_max_value(max);
  return info;
}

hp::HParamInfo NoDomain(const std::string& name, hp::DataType type) {
  hp::HParamInfo info;
  info.set_name(name);
  info.set_type(type);
  return info;
}

hp::MetricInfo Metric(const std::string& tag, const std::string& group = "",
                      const std::string& display_name = "") {
  hp::MetricInfo info;
  info.mutable_name()->set_tag(tag);
  info.mutable_name()->set_group(group);
  info.set_display_name(display_name);
  return info;
}

hp::Experiment Config(std::vector<hp::HParamInfo> hparams, std::vector<hp::MetricInfo> metrics) {
  hp::Experiment experiment;
  experiment.set_time_created_secs(1.0);  // keeps the writer's clock out of it
  for (auto& h : hparams) *experiment.add_hparam_infos() = std::move(h);
  for (auto& m : metrics) *experiment.add_metric_infos() = std::move(m);
  return experiment;
}

// Writes one session in run `run`: its start (hparams, group), metric scalars and, unless
// status is STATUS_UNKNOWN, its end.
void Session(LogdirBuilder& logdir, const std::string& run,
             const std::map<std::string, HParamValue>& hparams,
             const std::map<std::string, double>& metrics, hp::Status status = hp::STATUS_SUCCESS,
             const std::string& group = "", int64_t step = 10) {
  SummaryWriter& w = logdir.Run(run);
  ASSERT_TRUE(w.AddSessionStart(hparams, group, 100).ok());
  for (const auto& [tag, value] : metrics) {
    ASSERT_TRUE(w.AddScalar(tag, value + 100, step - 1, 1000.0 + static_cast<double>(step)).ok());
    ASSERT_TRUE(w.AddScalar(tag, value, step, 2000.0 + static_cast<double>(step)).ok());
  }
  if (status != hp::STATUS_UNKNOWN) {
    ASSERT_TRUE(w.AddSessionEnd(status, 200).ok());
  }
}

std::vector<std::string> GroupNames(const nlohmann::json& answer) {
  std::vector<std::string> names;
  for (const auto& group : answer.at("sessionGroups")) names.push_back(group.at("name"));
  return names;
}

const nlohmann::json& HParamNamed(const nlohmann::json& experiment, const std::string& name) {
  for (const auto& info : experiment.at("hparamInfos")) {
    if (info.at("name") == name) return info;
  }
  static const nlohmann::json kNone;
  ADD_FAILURE() << "no hparam " << name << " in " << experiment.dump();
  return kNone;
}

// Whether an hparam's domainDiscrete holds `expected` in any order (TensorBoard's is a set).
bool DomainIs(const nlohmann::json& info, const std::string& expected) {
  std::string diff;
  const bool same =
      JsonMatches({{"domainDiscrete", nlohmann::json::parse(expected)}},
                  {{"domainDiscrete", info.value("domainDiscrete", nlohmann::json())}}, &diff);
  if (!same) ADD_FAILURE() << diff << " in " << info.dump();
  return same;
}

std::string GroupsRequest(const std::string& extra = "") {
  return std::string("{") + kAllStatuses + R"(, "startIndex": 0, "sliceSize": 100)" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

// ---- Experiment -------------------------------------------------------------------------------

TEST(HParamsPluginTest, NameRoutesAndActivity) {
  LogdirBuilder empty;
  ASSERT_TRUE(empty.Run("run").AddScalar("loss", 1, 0).ok());
  auto loaded = empty.Load();
  EXPECT_EQ(loaded->plugin().name(), "hparams");
  EXPECT_FALSE(loaded->plugin().IsActive());
  EXPECT_EQ(loaded->plugin().FrontendMetadata()["loading_mechanism"]["element_name"],
            "tf-hparams-dashboard");
  std::vector<std::string> paths;
  for (const Route& route : loaded->plugin().Routes()) {
    paths.push_back(route.path);
    EXPECT_TRUE(route.allow_get && route.allow_post) << route.path;
  }
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "/data/plugin/hparams/experiment", "/data/plugin/hparams/session_groups",
                       "/data/plugin/hparams/metric_evals", "/data/plugin/hparams/download_data"}));
  // No hparams data: an empty experiment, every field printed.
  const nlohmann::json experiment = loaded->Post("experiment", "{}");
  EXPECT_EQ(experiment, nlohmann::json::parse(R"({"name": "", "description": "", "user": "",
      "timeCreatedSecs": 0, "hparamInfos": [], "metricInfos": []})"));

  LogdirBuilder with_session;
  Session(with_session, "run", {{"lr", 0.1}}, {{"loss", 1}});
  EXPECT_TRUE(with_session.Load()->plugin().IsActive());
}

TEST(HParamsPluginTest, MergesSeveralExperimentConfigs) {
  LogdirBuilder logdir;
  // PyTorch's add_hparams: every call writes its own config next to its session.
  ASSERT_TRUE(
      logdir.Run("a")
          .AddHParamsConfig(
              Config({Interval("lr", 0.1, 0.2),
                      Discrete("opt", hp::DATA_TYPE_STRING, {std::string("sgd")}),
                      NoDomain("bs", hp::DATA_TYPE_FLOAT64), NoDomain("tag", hp::DATA_TYPE_STRING)},
                     {Metric("loss", "", "Loss")}))
          .ok());
  Session(logdir, "a",
          {{"lr", 0.1}, {"opt", std::string("sgd")}, {"bs", 16.0}, {"tag", std::string("x")}},
          {{"loss", 0.5}});
  hp::HParamInfo dropout = Discrete("dropout", hp::DATA_TYPE_FLOAT64, {0.5});
  dropout.set_display_name("Dropout");
  ASSERT_TRUE(logdir.Run("b")
                  .AddHParamsConfig(Config({Interval("lr", 0.05, 0.15),
                                            Discrete("opt", hp::DATA_TYPE_STRING,
                                                     {std::string("adam"), std::string("sgd")}),
                                            Discrete("bs", hp::DATA_TYPE_FLOAT64, {32.0}), dropout,
                                            NoDomain("tag", hp::DATA_TYPE_BOOL)},
                                           {Metric("loss", "", "Other name"), Metric("acc")}))
                  .ok());
  Session(
      logdir, "b",
      {{"lr", 0.05}, {"opt", std::string("adam")}, {"bs", 32.0}, {"dropout", 0.5}, {"tag", true}},
      {{"loss", 0.25}, {"acc", 0.75}});
  auto loaded = logdir.Load();

  const nlohmann::json experiment = loaded->Post("experiment", R"({"experimentName": ""})");
  // Differing hparams first (by the sessions' values: no config says so), then by name.
  std::vector<std::string> names;
  for (const auto& info : experiment.at("hparamInfos")) names.push_back(info.at("name"));
  EXPECT_EQ(names, (std::vector<std::string>{"bs", "lr", "opt", "tag", "dropout"}));
  EXPECT_EQ(HParamNamed(experiment, "lr").at("domainInterval"),
            nlohmann::json::parse(R"({"minValue": 0.05, "maxValue": 0.2})"));
  EXPECT_TRUE(HParamNamed(experiment, "lr").at("differs").get<bool>());
  EXPECT_TRUE(DomainIs(HParamNamed(experiment, "opt"), R"(["sgd", "adam"])"));
  // No domain in one config, a discrete one in the other: derived from the sessions.
  EXPECT_EQ(HParamNamed(experiment, "bs").at("type"), "DATA_TYPE_FLOAT64");
  EXPECT_EQ(HParamNamed(experiment, "bs").at("domainInterval"),
            nlohmann::json::parse(R"({"minValue": 16, "maxValue": 32})"));
  // Different types: derived (a string and a bool make a STRING domain of their JSON texts).
  EXPECT_EQ(HParamNamed(experiment, "tag").at("type"), "DATA_TYPE_STRING");
  EXPECT_TRUE(DomainIs(HParamNamed(experiment, "tag"), R"(["x", "true"])"));
  EXPECT_EQ(HParamNamed(experiment, "dropout").at("displayName"), "Dropout");
  EXPECT_FALSE(HParamNamed(experiment, "dropout").at("differs").get<bool>());
  // Metrics united by (group, tag); the first config's description of a metric wins.
  ASSERT_EQ(experiment.at("metricInfos").size(), 2u);
  EXPECT_EQ(experiment["metricInfos"][0]["name"]["tag"], "loss");
  EXPECT_EQ(experiment["metricInfos"][0]["displayName"], "Loss");
  EXPECT_EQ(experiment["metricInfos"][1]["name"]["tag"], "acc");

  // Every session, with the united metrics.
  const nlohmann::json groups = loaded->Post("session_groups", GroupsRequest());
  ASSERT_EQ(GroupNames(groups), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(groups["sessionGroups"][0]["metricValues"].size(), 1u);
  EXPECT_EQ(groups["sessionGroups"][1]["metricValues"].size(), 2u);
  EXPECT_EQ(groups["sessionGroups"][1]["metricValues"][1]["name"]["tag"], "acc");
  EXPECT_EQ(groups["sessionGroups"][1]["metricValues"][1]["value"], 0.75);
}

TEST(HParamsPluginTest, SingleConfigIsReturnedAsStoredThenSortedAndLimited) {
  LogdirBuilder logdir;
  hp::HParamInfo lr = Interval("lr", 0.1, 0.2);
  lr.set_differs(true);
  ASSERT_TRUE(logdir.Run(".")
                  .AddHParamsConfig(Config({NoDomain("z", hp::DATA_TYPE_STRING), lr,
                                            Discrete("a", hp::DATA_TYPE_BOOL, {true, false})},
                                           {Metric("loss")}))
                  .ok());
  Session(logdir, "s1", {{"lr", 0.1}}, {{"loss", 1}});
  auto loaded = logdir.Load();
  nlohmann::json experiment = loaded->Post("experiment", "{}");
  std::vector<std::string> names;
  for (const auto& info : experiment.at("hparamInfos")) names.push_back(info.at("name"));
  EXPECT_EQ(names, (std::vector<std::string>{"lr", "a", "z"}));
  EXPECT_EQ(experiment.at("timeCreatedSecs"), 1.0);
  EXPECT_EQ(experiment.at("metricInfos").size(), 1u);

  experiment = loaded->Post("experiment", R"({"hparamsLimit": 2, "includeMetrics": false})");
  ASSERT_EQ(experiment.at("hparamInfos").size(), 2u);
  EXPECT_EQ(experiment["hparamInfos"][1]["name"], "a");
  EXPECT_EQ(experiment.at("metricInfos"), nlohmann::json::array());
  // Python's [:-1].
  experiment = loaded->Post("experiment", R"({"hparamsLimit": -1})");
  EXPECT_EQ(experiment.at("hparamInfos").size(), 2u);
  // Without metrics, the sessions carry none either.
  const nlohmann::json groups =
      loaded->Post("session_groups", GroupsRequest(R"("includeMetrics": false)"));
  EXPECT_EQ(groups["sessionGroups"][0]["metricValues"], nlohmann::json::array());
  EXPECT_EQ(groups["sessionGroups"][0]["sessions"][0]["metricValues"], nlohmann::json::array());
}

TEST(HParamsPluginTest, DerivesTheExperimentFromSessions) {
  LogdirBuilder logdir;
  Session(logdir, "exp/s1",
          {{"lr", 0.1}, {"opt", std::string("sgd")}, {"mixed", 1.0}, {"flag", true}},
          {{"loss", 1}});
  Session(
      logdir, "exp/s2",
      {{"lr", 0.3}, {"opt", std::string("adam")}, {"mixed", std::string("a\"b")}, {"flag", true}},
      {{"loss", 2}});
  ASSERT_TRUE(logdir.Run("exp/s1/eval").AddScalar("acc", 0.5, 1).ok());
  ASSERT_TRUE(logdir.Run("exp/s2/eval/deep").AddScalar("acc", 0.5, 1).ok());
  ASSERT_TRUE(logdir.Run("exp/nosession").AddScalar("other", 0.5, 1).ok());
  auto loaded = logdir.Load();
  const nlohmann::json experiment = loaded->Post("experiment", "{}");
  std::string diff;
  EXPECT_TRUE(JsonMatches(nlohmann::json::parse(R"({
      "name": "", "description": "", "user": "", "timeCreatedSecs": 0,
      "hparamInfos": [
        {"name": "lr", "displayName": "", "description": "", "type": "DATA_TYPE_FLOAT64",
         "domainInterval": {"minValue": 0.1, "maxValue": 0.3}, "differs": true},
        {"name": "mixed", "displayName": "", "description": "", "type": "DATA_TYPE_STRING",
         "domainDiscrete": ["1.0", "a\\\"b"], "differs": true},
        {"name": "opt", "displayName": "", "description": "", "type": "DATA_TYPE_STRING",
         "domainDiscrete": ["sgd", "adam"], "differs": true},
        {"name": "flag", "displayName": "", "description": "", "type": "DATA_TYPE_BOOL",
         "domainDiscrete": [true], "differs": false}],
      "metricInfos": [
        {"name": {"group": "eval", "tag": "acc"}, "displayName": "", "description": "",
         "datasetType": "DATASET_UNKNOWN"},
        {"name": {"group": "eval/deep", "tag": "acc"}, "displayName": "", "description": "",
         "datasetType": "DATASET_UNKNOWN"},
        {"name": {"group": "", "tag": "loss"}, "displayName": "", "description": "",
         "datasetType": "DATASET_UNKNOWN"}]})"),
                          experiment, &diff))
      << diff << "\n"
      << experiment.dump(1);

  // A session's metric in a sub-run is the last value of run join(session, group).
  const nlohmann::json groups = loaded->Post("session_groups", GroupsRequest());
  ASSERT_EQ(GroupNames(groups), (std::vector<std::string>{"exp/s1", "exp/s2"}));
  const auto& s1 = groups["sessionGroups"][0]["sessions"][0];
  ASSERT_EQ(s1["metricValues"].size(), 2u);
  EXPECT_EQ(s1["metricValues"][0]["name"]["group"], "eval");
  EXPECT_EQ(s1["metricValues"][1]["value"], 1.0);
  EXPECT_EQ(s1["metricValues"][1]["trainingStep"], 10);
  EXPECT_EQ(s1["metricValues"][1]["wallTimeSecs"], 2010.0);
  EXPECT_EQ(s1["status"], "STATUS_SUCCESS");
  EXPECT_EQ(s1["startTimeSecs"], 100.0);
  EXPECT_EQ(s1["endTimeSecs"], 200.0);
}

TEST(HParamsPluginTest, RootSessionOwnsTheRunsBelowIt) {
  LogdirBuilder logdir;
  Session(logdir, ".", {{"lr", 0.1}}, {{"loss", 1}});
  ASSERT_TRUE(logdir.Run("train").AddScalar("acc", 0.5, 3).ok());
  auto loaded = logdir.Load();
  const nlohmann::json experiment = loaded->Post("experiment", "{}");
  ASSERT_EQ(experiment.at("metricInfos").size(), 2u);
  EXPECT_EQ(experiment["metricInfos"][0]["name"]["group"], "train");
  const nlohmann::json groups = loaded->Post("session_groups", GroupsRequest());
  EXPECT_EQ(groups["sessionGroups"][0]["metricValues"].size(), 2u);
}

// ---- Session groups ---------------------------------------------------------------------------

// Four sessions: opt sgd/adam/rmsprop/(missing), lr, and a loss metric missing in one.
std::unique_ptr<LoadedLogdir> FourSessions(LogdirBuilder& logdir) {
  Session(logdir, "r1", {{"opt", std::string("sgd")}, {"lr", 0.1}}, {{"loss", 3}});
  Session(logdir, "r2", {{"opt", std::string("adam")}, {"lr", 0.2}}, {{"loss", 1}});
  Session(logdir, "r3", {{"opt", std::string("rmsprop")}, {"lr", 0.3}}, {}, hp::STATUS_FAILURE);
  Session(logdir, "r4", {{"lr", 0.4}}, {{"loss", 2}}, hp::STATUS_UNKNOWN);
  return logdir.Load();
}

TEST(HParamsPluginTest, FiltersByRegexpIntervalAndDiscreteSet) {
  LogdirBuilder logdir;
  auto loaded = FourSessions(logdir);
  // Missing values pass unless excluded.
  EXPECT_EQ(GroupNames(loaded->Post(
                "session_groups",
                GroupsRequest(R"("colParams": [{"hparam": "opt", "filterRegexp": "^s|prop"}])"))),
            (std::vector<std::string>{"r1", "r3", "r4"}));
  EXPECT_EQ(
      GroupNames(loaded->Post(
          "session_groups",
          GroupsRequest(
              R"("colParams": [{"hparam": "opt", "filterRegexp": "g", "excludeMissingValues": true}])"))),
      (std::vector<std::string>{"r1"}));
  EXPECT_EQ(
      GroupNames(loaded->Post(
          "session_groups",
          GroupsRequest(R"("colParams": [{"hparam": "opt", "excludeMissingValues": true}])"))),
      (std::vector<std::string>{"r1", "r2", "r3"}));
  EXPECT_EQ(
      GroupNames(loaded->Post(
          "session_groups",
          GroupsRequest(
              R"("colParams": [{"hparam": "lr", "filterInterval": {"minValue": 0.2, "maxValue": 0.3}}])"))),
      (std::vector<std::string>{"r2", "r3"}));
  EXPECT_EQ(
      GroupNames(loaded->Post(
          "session_groups",
          GroupsRequest(
              R"("colParams": [{"metric": {"tag": "loss"}, "filterInterval": {"minValue": 1.5, "maxValue": 5}}])"))),
      (std::vector<std::string>{"r1", "r3", "r4"}));
  EXPECT_EQ(GroupNames(loaded->Post(
                "session_groups",
                GroupsRequest(
                    R"("colParams": [{"hparam": "opt", "filterDiscrete": ["adam", "sgd", 1]},
                                 {"hparam": "lr", "filterDiscrete": [0.1, 0.2, 0.4]}])"))),
            (std::vector<std::string>{"r1", "r2", "r4"}));
  // A regexp on a number, an interval on a string: TensorBoard's 400s.
  Status error = loaded->PostError(
      "session_groups", GroupsRequest(R"("colParams": [{"hparam": "lr", "filterRegexp": "1"}])"));
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message(),
            "Cannot use a regexp filter for a value of type <class 'float'>. Value: 0.1");
  error = loaded->PostError(
      "session_groups",
      GroupsRequest(
          R"("colParams": [{"hparam": "opt", "filterInterval": {"minValue": 0, "maxValue": 1}}])"));
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message(),
            "Cannot use an interval filter for a value of type: <class 'str'>, Value: sgd");
  EXPECT_EQ(
      loaded
          ->PostError("session_groups",
                      GroupsRequest(R"("colParams": [{"hparam": "opt", "filterRegexp": "("}])"))
          .code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      loaded->PostError("session_groups", GroupsRequest(R"("colParams": [{"order": "ORDER_ASC"}])"))
          .code(),
      StatusCode::kInvalidArgument);
}

TEST(HParamsPluginTest, SortsAscendingDescendingWithMissingValuesFirstOrLast) {
  LogdirBuilder logdir;
  auto loaded = FourSessions(logdir);
  auto sorted = [&](const std::string& col) {
    return GroupNames(
        loaded->Post("session_groups", GroupsRequest(R"("colParams": [)" + col + "]")));
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(sorted(R"({"hparam": "opt", "order": "ORDER_ASC"})"), (Names{"r2", "r3", "r1", "r4"}));
  EXPECT_EQ(sorted(R"({"hparam": "opt", "order": "ORDER_ASC", "missingValuesFirst": true})"),
            (Names{"r4", "r2", "r3", "r1"}));
  EXPECT_EQ(sorted(R"({"hparam": "opt", "order": "ORDER_DESC"})"), (Names{"r1", "r3", "r2", "r4"}));
  EXPECT_EQ(sorted(R"({"hparam": "opt", "order": "ORDER_DESC", "missingValuesFirst": true})"),
            (Names{"r4", "r1", "r3", "r2"}));
  EXPECT_EQ(sorted(R"({"metric": {"tag": "loss"}, "order": "ORDER_ASC"})"),
            (Names{"r2", "r4", "r1", "r3"}));
  EXPECT_EQ(sorted(R"({"metric": {"tag": "loss"}, "order": "ORDER_DESC"})"),
            (Names{"r1", "r4", "r2", "r3"}));
  EXPECT_EQ(sorted(R"({"hparam": "lr", "order": "ORDER_DESC"})"), (Names{"r4", "r3", "r2", "r1"}));
  // The first ordered colParam is the primary key; ties keep the secondary key's order.
  EXPECT_EQ(sorted(R"({"metric": {"tag": "nothing"}, "order": "ORDER_DESC"},
                      {"hparam": "lr", "order": "ORDER_DESC"})"),
            (Names{"r4", "r3", "r2", "r1"}));
}

TEST(HParamsPluginTest, PagesAndFiltersByStatus) {
  LogdirBuilder logdir;
  auto loaded = FourSessions(logdir);
  nlohmann::json answer = loaded->Post(
      "session_groups", std::string("{") + kAllStatuses + R"(, "startIndex": 1, "sliceSize": 2})");
  EXPECT_EQ(GroupNames(answer), (std::vector<std::string>{"r2", "r3"}));
  EXPECT_EQ(answer.at("totalSize"), 4);
  // sliceSize defaults to 0: an empty page.
  answer = loaded->Post("session_groups", std::string("{") + kAllStatuses + "}");
  EXPECT_EQ(answer.at("sessionGroups"), nlohmann::json::array());
  EXPECT_EQ(answer.at("totalSize"), 4);
  // Python slices: a negative start counts from the end.
  answer = loaded->Post("session_groups",
                        std::string("{") + kAllStatuses + R"(, "startIndex": -1, "sliceSize": 5})");
  EXPECT_EQ(GroupNames(answer), (std::vector<std::string>{"r4"}));
  // No allowed status keeps nothing.
  answer = loaded->Post("session_groups", R"({"startIndex": 0, "sliceSize": 10})");
  EXPECT_EQ(answer, nlohmann::json::parse(R"({"sessionGroups": [], "totalSize": 0})"));
  answer =
      loaded->Post("session_groups",
                   R"({"allowedStatuses": ["STATUS_FAILURE", "STATUS_UNKNOWN"], "sliceSize": 10})");
  EXPECT_EQ(GroupNames(answer), (std::vector<std::string>{"r3", "r4"}));
}

TEST(HParamsPluginTest, IncludeInResultKeepsOnlyTheNamedHParams) {
  LogdirBuilder logdir;
  auto loaded = FourSessions(logdir);
  nlohmann::json answer =
      loaded->Post("session_groups",
                   GroupsRequest(R"("colParams": [{"hparam": "lr", "includeInResult": true}])"));
  EXPECT_EQ(answer["sessionGroups"][0]["hparams"], nlohmann::json::parse(R"({"lr": 0.1})"));
  answer = loaded->Post("session_groups",
                        GroupsRequest(R"("colParams": [{"hparam": "lr", "includeInResult": false},
                                                        {"hparam": "opt"}])"));
  EXPECT_EQ(answer["sessionGroups"][0]["hparams"], nlohmann::json::parse(R"({"opt": "sgd"})"));
  answer = loaded->Post("session_groups", GroupsRequest(R"("colParams": [{"hparam": "lr"}])"));
  EXPECT_EQ(answer["sessionGroups"][0]["hparams"].size(), 2u);
}

TEST(HParamsPluginTest, AggregatesTheSessionsOfAGroup) {
  LogdirBuilder logdir;
  // One group of four sessions; "acc" only in two of them.
  Session(logdir, "g/a", {{"lr", 0.1}}, {{"loss", 4}, {"acc", 0.5}}, hp::STATUS_SUCCESS, "grp", 1);
  Session(logdir, "g/b", {{"lr", 0.1}}, {{"loss", 1}}, hp::STATUS_SUCCESS, "grp", 2);
  Session(logdir, "g/c", {{"lr", 0.1}}, {{"loss", 3}, {"acc", 0.25}}, hp::STATUS_SUCCESS, "grp", 4);
  Session(logdir, "g/d", {{"lr", 0.1}}, {{"loss", 2}}, hp::STATUS_SUCCESS, "grp", 8);
  auto loaded = logdir.Load();
  auto metrics = [&](const std::string& aggregation) {
    const nlohmann::json answer = loaded->Post("session_groups", GroupsRequest(aggregation));
    EXPECT_EQ(answer.at("totalSize"), 1);
    EXPECT_EQ(answer["sessionGroups"][0]["name"], "grp");
    EXPECT_EQ(answer["sessionGroups"][0]["sessions"].size(), 4u);
    return answer["sessionGroups"][0]["metricValues"];
  };
  // Average (also the default): mean value, floored mean step, mean wall time.
  nlohmann::json avg = metrics(R"("aggregationType": "AGGREGATION_AVG")");
  EXPECT_EQ(avg, metrics(""));
  ASSERT_EQ(avg.size(), 2u);
  EXPECT_EQ(avg[0]["name"]["tag"], "acc");
  EXPECT_EQ(avg[0]["value"], 0.375);
  EXPECT_EQ(avg[0]["trainingStep"], 2);  // (1 + 4) / 2, floored
  EXPECT_EQ(avg[1]["name"]["tag"], "loss");
  EXPECT_EQ(avg[1]["value"], 2.5);
  EXPECT_EQ(avg[1]["trainingStep"], 3);  // 15 / 4
  EXPECT_EQ(avg[1]["wallTimeSecs"], 2003.75);
  auto loss_of = [](const nlohmann::json& values) {
    for (const auto& v : values) {
      if (v["name"]["tag"] == "loss") return v["value"].get<double>();
    }
    return -1.0;
  };
  // Median, min, max: all the metrics of the selected session (lower median of 4 is the 2nd).
  const std::string loss = R"("aggregationMetric": {"tag": "loss"})";
  EXPECT_EQ(loss_of(metrics(R"("aggregationType": "AGGREGATION_MEDIAN", )" + loss)), 2.0);
  EXPECT_EQ(loss_of(metrics(R"("aggregationType": "AGGREGATION_MIN", )" + loss)), 1.0);
  const nlohmann::json max = metrics(R"("aggregationType": "AGGREGATION_MAX", )" + loss);
  EXPECT_EQ(loss_of(max), 4.0);
  EXPECT_EQ(max.size(), 2u);  // g/a's acc too
  EXPECT_EQ(metrics(R"("aggregationType": "AGGREGATION_MIN", "aggregationMetric": {"tag": "acc"})")
                .size(),
            2u);
  // A metric no session has: no values (TensorBoard fails with a 500).
  EXPECT_EQ(
      metrics(R"("aggregationType": "AGGREGATION_MEDIAN", "aggregationMetric": {"tag": "x"})"),
      nlohmann::json::array());
}

// ---- metric_evals and download_data -----------------------------------------------------------

TEST(HParamsPluginTest, MetricEvalsAnswersLikeTheScalarsRoute) {
  LogdirBuilder logdir;
  Session(logdir, "s", {{"lr", 0.1}}, {{"loss", 0.5}});
  ASSERT_TRUE(logdir.Run("s/eval").AddScalar("acc", 0.25, 7, 5.5).ok());
  auto loaded = logdir.Load();
  EXPECT_EQ(loaded->Post("metric_evals", R"({"sessionName": "s", "metricName": {"tag": "loss"}})"),
            nlohmann::json::parse("[[1010.0, 9, 100.5], [2010.0, 10, 0.5]]"));
  EXPECT_EQ(loaded->Post("metric_evals",
                         R"({"sessionName": "s", "metricName": {"group": "eval", "tag": "acc"}})"),
            nlohmann::json::parse("[[5.5, 7, 0.25]]"));
  const Status error =
      loaded->PostError("metric_evals", R"({"sessionName": "s", "metricName": {"tag": "nope"}})");
  EXPECT_EQ(error.code(), StatusCode::kNotFound);
  EXPECT_EQ(error.message(), "No scalar data for run='s', tag='nope'");
}

TEST(HParamsPluginTest, DownloadsTheTable) {
  LogdirBuilder logdir;
  ASSERT_TRUE(
      logdir.Run(".")
          .AddHParamsConfig(Config(
              {Discrete("opt", hp::DATA_TYPE_STRING, {std::string("a,b")}), Interval("lr", 0, 1)},
              {Metric("loss", "", "Loss"), Metric("acc")}))
          .ok());
  Session(logdir, "r1", {{"opt", std::string("a,b")}, {"lr", 0.5}}, {{"loss", 0.25}});
  auto loaded = logdir.Load();
  const std::string request =
      "/data/plugin/hparams/download_data?columnsVisibility=%5Btrue%2Ctrue%2Ctrue%2C1%5D&request=" +
      std::string(
          R"(%7B%22allowedStatuses%22%3A%5B%22STATUS_SUCCESS%22%5D%2C%22sliceSize%22%3A9%7D)");
  auto csv = Call(loaded->plugin(), request + "&format=csv");
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(csv->content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body, "lr,opt,Loss,acc\r\n0.5,\"a,b\",0.25,\r\n");
  auto json = Call(loaded->plugin(), request + "&format=json");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(nlohmann::json::parse(json->body),
            nlohmann::json::parse(R"({"header": ["lr", "opt", "Loss", "acc"],
                                      "rows": [[0.5, "a,b", 0.25, null]]})"));
  auto latex = Call(loaded->plugin(), request + "&format=latex");
  ASSERT_TRUE(latex.ok()) << latex.status().ToString();
  EXPECT_EQ(latex->body,
            "\\begin{table}[tbp]\n\\begin{tabular}{llll}\nlr & opt & Loss & acc \\\\ \\hline\n"
            "$0.5$ & a,b & $0.25$ & - \\\\\n\\hline\n\\end{tabular}\n\\end{table}\n");
  EXPECT_FALSE(Call(loaded->plugin(), request + "&format=xml").ok());
  EXPECT_FALSE(Call(loaded->plugin(), "/data/plugin/hparams/download_data?format=csv").ok());
}

// ---- Requests ---------------------------------------------------------------------------------

TEST(HParamsPluginTest, RefusesMalformedRequests) {
  LogdirBuilder logdir;
  Session(logdir, "s", {{"lr", 0.1}}, {{"loss", 0.5}});
  auto loaded = logdir.Load();
  Status error = loaded->PostError("experiment", "{not json");
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message(),
            "Expected a JSON-formatted request data of type: <class "
            "'tensorboard.plugins.hparams.api_pb2.GetExperimentRequest'>, but got b'{not json' ");
  error = loaded->PostError("session_groups", R"({"experimentName": "", "unknownField": 1})");
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(error.message().find("ListSessionGroupsRequest'>, but got b'{\"experimentName\""),
            std::string::npos)
      << error.message();
  EXPECT_EQ(loaded->PostError("session_groups", R"({"allowedStatuses": ["STATUS_NOPE"]})").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(loaded->PostError("metric_evals", "").code(), StatusCode::kInvalidArgument);
  // A form's body reads as empty, as in werkzeug.
  error = loaded->PostError("experiment", "{}", "application/x-www-form-urlencoded");
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(error.message().find("but got b'' "), std::string::npos) << error.message();
  // Any other content type is read as JSON.
  const std::string body = "{}";
  EXPECT_TRUE(
      Call(loaded->plugin(), std::string(kPrefix) + "experiment", &body, "text/plain").ok());
  // GET: the request in ?request=, else None.
  auto get = Call(loaded->plugin(), std::string(kPrefix) + "experiment?request=%7B%7D");
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(nlohmann::json::parse(get->body).at("hparamInfos").size(), 1u);
  get = Call(loaded->plugin(), std::string(kPrefix) + "experiment");
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.status().message(),
            "Expected a JSON-formatted request data of type: <class "
            "'tensorboard.plugins.hparams.api_pb2.GetExperimentRequest'>, but got None ");
  // proto field names are accepted as well as JSON names.
  EXPECT_EQ(
      loaded->Post("session_groups", std::string("{") + kAllStatuses + R"(, "slice_size": 5})")
          .at("sessionGroups")
          .size(),
      1u);
}

TEST(HParamsPluginTest, RefusesPluginDataOfAnotherVersion) {
  LogdirBuilder logdir;
  Session(logdir, "s", {{"lr", 0.1}}, {{"loss", 0.5}});
  tensorboard::Event event;
  event.set_wall_time(1);
  auto* value = event.mutable_summary()->add_value();
  value->set_tag("_hparams_/experiment");
  value->mutable_metadata()->mutable_plugin_data()->set_plugin_name("hparams");
  hp::HParamsPluginData data;
  data.set_version(1);
  data.mutable_experiment()->set_name("future");
  value->mutable_metadata()->mutable_plugin_data()->set_content(data.SerializeAsString());
  ASSERT_TRUE(logdir.Run("x").WriteEvent(event).ok());
  auto loaded = logdir.Load();
  const Status error = loaded->PostError("experiment", "{}");
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message().rfind("Only supports plugin_data version: 0; found: 1 in: ", 0), 0u)
      << error.message();
  EXPECT_EQ(loaded->PostError("session_groups", GroupsRequest()).code(),
            StatusCode::kInvalidArgument);
}

TEST(HParamsPluginTest, SkipsAnUnreadableConfigWhenAnotherIsFine) {
  LogdirBuilder logdir;
  ASSERT_TRUE(logdir.Run("good").AddHParamsConfig(Config({Interval("lr", 0, 1)}, {})).ok());
  tensorboard::Event event;
  event.set_wall_time(1);
  auto* value = event.mutable_summary()->add_value();
  value->set_tag("_hparams_/experiment");
  value->mutable_metadata()->mutable_plugin_data()->set_plugin_name("hparams");
  value->mutable_metadata()->mutable_plugin_data()->set_content("\xff\xff not a proto");
  ASSERT_TRUE(logdir.Run("junk").WriteEvent(event).ok());
  auto loaded = logdir.Load();
  const nlohmann::json experiment = loaded->Post("experiment", "{}");
  ASSERT_EQ(experiment.at("hparamInfos").size(), 1u);
  EXPECT_EQ(experiment["hparamInfos"][0]["name"], "lr");
}

TEST(HParamsPluginTest, WritesNonFiniteNumbersAsTensorBoardDoes) {
  LogdirBuilder logdir;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Session(logdir, "s", {{"lr", nan}, {"opt", std::string("sgd")}}, {{"loss", nan}});
  auto loaded = logdir.Load();
  const std::string request = GroupsRequest();
  auto response = Call(loaded->plugin(), std::string(kPrefix) + "session_groups", &request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  // A double field prints "NaN"; a NaN hparam (which Python's json_format cannot print) is left
  // out of the group.
  EXPECT_NE(response->body.find("\"value\": \"NaN\""), std::string::npos) << response->body;
  const nlohmann::json groups = nlohmann::json::parse(response->body);
  EXPECT_EQ(groups["sessionGroups"][0]["hparams"], nlohmann::json::parse(R"({"opt": "sgd"})"));
  // Derived: a number hparam whose values are all NaN has no interval.
  const nlohmann::json experiment = loaded->Post("experiment", "{}");
  EXPECT_EQ(HParamNamed(experiment, "lr").at("type"), "DATA_TYPE_FLOAT64");
  EXPECT_FALSE(HParamNamed(experiment, "lr").contains("domainInterval"));
}

}  // namespace
}  // namespace tracker::plugins
