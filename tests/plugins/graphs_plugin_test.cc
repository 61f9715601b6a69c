// Tests of the graphs plugin: TensorBoard's answers for the corpus (graph text compared the way
// tools/golden.py does), attribute limits, merging of function graphs and errors.
#include "plugins/graphs_plugin.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "tensorboard/run_metadata.pb.h"
#include "testing/event_builder.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// golden.py's word characters, with every non-ASCII byte counted as one (Python's \w is
// Unicode-aware; graph text escapes non-ASCII bytes anyway).
bool IsWord(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The end of the longest match of golden.py's number pattern (without its lookarounds) at `i`:
// -?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?); npos if none. Shorter matches never pass
// the lookahead (the next character would be a digit, '.' or 'e'), so the longest is the one.
size_t NumberEnd(const std::string& s, size_t i) {
  size_t j = i;
  if (j < s.size() && s[j] == '-') ++j;
  const size_t start = j;
  if (j < s.size() && IsDigit(s[j])) {
    while (j < s.size() && IsDigit(s[j])) ++j;
    if (j < s.size() && s[j] == '.') ++j;
    while (j < s.size() && IsDigit(s[j])) ++j;
  } else if (j + 1 < s.size() && s[j] == '.' && IsDigit(s[j + 1])) {
    ++j;
    while (j < s.size() && IsDigit(s[j])) ++j;
  } else {
    return std::string::npos;
  }
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
    size_t k = j + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    if (k < s.size() && IsDigit(s[k])) {
      while (k < s.size() && IsDigit(s[k])) ++k;
      j = k;
    }
  }
  return j > start ? j : std::string::npos;
}

// golden.py's norm_pbtxt: every number as "%.6e" (float32 precision), whitespace folded.
std::string NormPbtxt(const std::string& s) {
  std::string numbers;
  for (size_t i = 0; i < s.size();) {
    const bool after_ok = i == 0 || !(IsWord(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '"');
    const size_t end = after_ok ? NumberEnd(s, i) : std::string::npos;
    if (end != std::string::npos && !(end < s.size() && (IsWord(s[end]) || s[end] == '.'))) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.6e", std::strtod(s.substr(i, end - i).c_str(), nullptr));
      numbers += buf;
      i = end;
    } else {
      numbers.push_back(s[i]);
      ++i;
    }
  }
  std::string out;
  for (char c : numbers) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

TEST(GraphsNormPbtxtTest, FollowsGoldenPy) {
  EXPECT_EQ(NormPbtxt("f: 1e-07\n  size: -1 name: \"a1\"  x: 1.5.3"),
            "f: 1.000000e-07 size: -1.000000e+00 name: \"a1\" x: 1.5.3");
  EXPECT_EQ(NormPbtxt("float_val: 1.0000000116860974e-07"), "float_val: 1.000000e-07");
  EXPECT_EQ(NormPbtxt("s: \"dense_1/kernel\" op: x2 v: .5"),
            "s: \"dense_1/kernel\" op: x2 v: 5.000000e-01");
}

// --- text format --------------------------------------------------------------------------------

TEST(GraphsTextFormatTest, FloatsPrintAsPythonReprOfTheWidenedValue) {
  tensorboard::NodeDef node;
  node.set_name("n");
  (*node.mutable_attr())["eps"].set_f(1e-07f);
  (*node.mutable_attr())["one"].set_f(1.0f);
  (*node.mutable_attr())["a_list"].mutable_list()->add_f(0.01f);
  tensorboard::GraphDef graph;
  *graph.add_node() = node;
  EXPECT_EQ(PythonTextFormat(graph),
            "node {\n"
            "  name: \"n\"\n"
            "  attr {\n"
            "    key: \"a_list\"\n"
            "    value {\n"
            "      list {\n"
            "        f: 0.009999999776482582\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "  attr {\n"
            "    key: \"eps\"\n"
            "    value {\n"
            "      f: 1.0000000116860974e-07\n"
            "    }\n"
            "  }\n"
            "  attr {\n"
            "    key: \"one\"\n"
            "    value {\n"
            "      f: 1.0\n"
            "    }\n"
            "  }\n"
            "}\n");
}

TEST(GraphsTextFormatTest, BytesAreCEscaped) {
  tensorboard::AttrValue v;
  v.set_s(std::string("a\0\"\n\xff", 5));
  EXPECT_EQ(PythonTextFormat(v), "s: \"a\\000\\\"\\n\\377\"\n");
}

// --- limit_attr_size ----------------------------------------------------------------------------

tensorboard::GraphDef GraphWithAttrs() {
  tensorboard::GraphDef graph;
  tensorboard::NodeDef* node = graph.add_node();
  node->set_name("c");
  (*node->mutable_attr())["small"].set_i(1);
  (*node->mutable_attr())["big"].set_s(std::string(100, 'x'));
  (*node->mutable_attr())["bigger"].set_s(std::string(200, 'y'));
  return graph;
}

TEST(GraphsPrepareForUiTest, MovesLargeAttributesToTheKey) {
  tensorboard::GraphDef graph = GraphWithAttrs();
  ASSERT_TRUE(PrepareGraphForUi(&graph, 50, std::string("_too_large_attrs")).ok());
  const auto& attrs = graph.node(0).attr();
  EXPECT_EQ(attrs.size(), 2u);
  EXPECT_TRUE(attrs.contains("small"));
  ASSERT_TRUE(attrs.contains("_too_large_attrs"));
  const auto& names = attrs.at("_too_large_attrs").list().s();
  ASSERT_EQ(names.size(), 2);
  EXPECT_EQ(names[0], "big");
  EXPECT_EQ(names[1], "bigger");
}

TEST(GraphsPrepareForUiTest, SizeEqualToTheLimitStays) {
  tensorboard::GraphDef graph = GraphWithAttrs();
  const int64_t big_size = static_cast<int64_t>(graph.node(0).attr().at("big").ByteSizeLong());
  ASSERT_TRUE(PrepareGraphForUi(&graph, big_size, std::string("k")).ok());
  EXPECT_TRUE(graph.node(0).attr().contains("big"));
  EXPECT_FALSE(graph.node(0).attr().contains("bigger"));
}

TEST(GraphsPrepareForUiTest, NoLimitChangesNothing) {
  tensorboard::GraphDef graph = GraphWithAttrs();
  ASSERT_TRUE(PrepareGraphForUi(&graph, std::nullopt, std::nullopt).ok());
  EXPECT_EQ(graph.node(0).attr().size(), 3u);
}

TEST(GraphsPrepareForUiTest, BadLimitsAreInvalidArguments) {
  tensorboard::GraphDef graph = GraphWithAttrs();
  EXPECT_EQ(PrepareGraphForUi(&graph, 0, std::string("k")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(PrepareGraphForUi(&graph, -5, std::string("k")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(PrepareGraphForUi(&graph, 10, std::nullopt).code(), StatusCode::kInvalidArgument);
}

// --- merging function graphs --------------------------------------------------------------------

tensorboard::GraphDef FunctionGraph(const std::string& node_name, int producer) {
  tensorboard::GraphDef graph;
  graph.mutable_versions()->set_producer(producer);
  auto* a = graph.add_node();
  a->set_name(node_name);
  a->set_op("Placeholder");
  auto* call = graph.add_node();
  call->set_name("call");
  call->set_op("PartitionedCall");
  call->add_input(node_name);
  call->add_input("^" + node_name);
  (*call->mutable_attr())["f"].mutable_func()->set_name("__inference_f_1");
  graph.mutable_library()->add_function()->mutable_signature()->set_name("__inference_f_1");
  auto* gradient = graph.mutable_library()->add_gradient();
  gradient->set_function_name("fn");
  gradient->set_gradient_func("grad");
  return graph;
}

TEST(GraphsMergeGraphDefsTest, NoneOrOne) {
  auto none = MergeGraphDefs({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->node_size(), 0);
  auto one = MergeGraphDefs({FunctionGraph("x", 5)});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->node(0).name(), "x");  // unprefixed
}

TEST(GraphsMergeGraphDefsTest, PrefixesEachGraph) {
  auto merged = MergeGraphDefs({FunctionGraph("x", 5), FunctionGraph("x", 5)});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->versions().producer(), 5);
  ASSERT_EQ(merged->node_size(), 4);
  EXPECT_EQ(merged->node(0).name(), "graph_1/x");
  EXPECT_EQ(merged->node(2).name(), "graph_2/x");
  EXPECT_EQ(merged->node(3).input(0), "graph_2/x");
  EXPECT_EQ(merged->node(3).input(1), "graph_2/^x");  // as TensorBoard does
  EXPECT_EQ(merged->node(3).attr().at("f").func().name(), "graph_2___inference_f_1");
  ASSERT_EQ(merged->library().function_size(), 2);
  EXPECT_EQ(merged->library().function(0).signature().name(), "graph_1___inference_f_1");
  EXPECT_EQ(merged->library().gradient(1).function_name(), "graph_2_fn");
  EXPECT_EQ(merged->library().gradient(1).gradient_func(), "graph_2_grad");
}

TEST(GraphsMergeGraphDefsTest, DifferentProducersAreRefused) {
  auto merged = MergeGraphDefs({FunctionGraph("x", 5), FunctionGraph("y", 6)});
  EXPECT_EQ(merged.status().code(), StatusCode::kInvalidArgument);
}

// --- routes on the corpus -----------------------------------------------------------------------

class GraphsPluginTest : public ::testing::Test {
 protected:
  GraphsPluginTest() : plugin_(MakeGraphsPlugin(CorpusContext())) {}

  StatusOr<Response> Get(const std::string& path) { return Call(*plugin_, path); }

  std::unique_ptr<Plugin> plugin_;
};

TEST_F(GraphsPluginTest, MatchesTensorBoardGoldens) {
  int checked = 0;
  for (const auto& [key, record] : Golden().items()) {
    if (key.rfind("graphs/", 0) != 0) continue;
    SCOPED_TRACE(key);
    auto response = Get(record["path"].get<std::string>());
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, record["status"].get<int>());
    if (record["kind"] == "pbtxt") {
      EXPECT_EQ(response->content_type, "text/x-protobuf; charset=utf-8");
      const std::string expected = NormPbtxt(record["body"].get<std::string>());
      const std::string actual = NormPbtxt(response->body);
      if (expected != actual) {
        size_t at = 0;
        while (at < expected.size() && at < actual.size() && expected[at] == actual[at]) ++at;
        const size_t from = at < 100 ? 0 : at - 100;
        ADD_FAILURE() << "graph text differs at " << at
                      << "\nexpected: " << expected.substr(from, 300)
                      << "\nactual:   " << actual.substr(from, 300);
      }
    } else {
      EXPECT_EQ(response->content_type, "application/json");
      std::string diff;
      EXPECT_TRUE(JsonMatches(record["body"], nlohmann::json::parse(response->body), &diff))
          << diff;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST_F(GraphsPluginTest, OpGraphsOfTheCorpusAreEmpty) {
  // The corpus' traced functions were written with empty RunMetadata (TensorBoard's run_metadata
  // golden for batch_2 is empty too), so their op graphs are empty GraphDefs, not errors.
  for (const char* path :
       {"/data/plugin/graphs/graph?run=third_party/tf2_custom_loop&tag=logitic_graph",
        "/data/plugin/graphs/graph?run=third_party/tf2_keras_fit/train&tag=batch_2"}) {
    auto response = Get(path);
    ASSERT_TRUE(response.ok()) << path << ": " << response.status().ToString();
    EXPECT_EQ(response->body, "") << path;
    EXPECT_EQ(response->content_type, "text/x-protobuf; charset=utf-8");
  }
}

// --- routes on a logdir written by the test -----------------------------------------------------

tensorboard::Event BlobEvent(std::string_view tag, std::string_view plugin, int64_t step,
                             const std::string& blob) {
  tensorboard::Event e;
  e.set_wall_time(100 + static_cast<double>(step));
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(std::string(tag));
  v->mutable_metadata()->mutable_plugin_data()->set_plugin_name(std::string(plugin));
  v->mutable_metadata()->mutable_plugin_data()->set_content("1");
  auto* t = v->mutable_tensor();
  t->set_dtype(tensorboard::DT_STRING);
  t->mutable_tensor_shape();  // shape [], which data_compat turns into [1]
  t->add_string_val(blob);
  return e;
}

class GraphsWrittenLogdirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tensorboard::GraphDef run_graph = FunctionGraph("old", 5);
    tensorboard::GraphDef newer_run_graph = FunctionGraph("new", 5);
    tensorboard::RunMetadata traced;
    *traced.add_function_graphs()->mutable_pre_optimization_graph() = FunctionGraph("x", 7);
    *traced.add_function_graphs()->mutable_pre_optimization_graph() = FunctionGraph("x", 7);
    traced.mutable_step_stats()->add_dev_stats()->set_device("/cpu:0");
    tensorboard::RunMetadata profile;
    profile.mutable_step_stats()->add_dev_stats()->set_device("/gpu:0");

    std::vector<tensorboard::Event> events = {::tracker::testing::FileVersionEvent()};
    events.emplace_back().set_graph_def(run_graph.SerializeAsString());
    events.back().set_wall_time(2);
    events.emplace_back().set_graph_def(newer_run_graph.SerializeAsString());
    events.back().set_wall_time(3);
    events.back().set_step(1);
    tensorboard::Event tagged;
    tagged.set_wall_time(4);
    tagged.mutable_tagged_run_metadata()->set_tag("step_1");
    tagged.mutable_tagged_run_metadata()->set_run_metadata(profile.SerializeAsString());
    events.push_back(tagged);
    events.push_back(BlobEvent("trace", "graph_run_metadata", 1, traced.SerializeAsString()));
    events.push_back(BlobEvent("ops", "graph_run_metadata_graph", 1, traced.SerializeAsString()));
    events.push_back(BlobEvent("model", "graph_keras_model", 1, "{}"));
    dir_.WriteFile("run/events.out.tfevents.1.test", ::tracker::testing::Records(events));

    auto roots = InterpretLogdirFlag(dir_.path().string());
    ASSERT_TRUE(roots.ok());
    store_ = std::make_unique<Multiplexer>(*roots, MultiplexerOptions{SamplesPerPlugin(), 1});
    store_->Reload();
    context_.store = store_.get();
    context_.samples = &samples_;
    plugin_ = MakeGraphsPlugin(context_);
  }

  StatusOr<Response> Get(const std::string& path) { return Call(*plugin_, path); }

  ::tracker::testing::TempDir dir_;
  SamplesPerPlugin samples_;
  std::unique_ptr<Multiplexer> store_;
  PluginContext context_;
  std::unique_ptr<Plugin> plugin_;
};

TEST_F(GraphsWrittenLogdirTest, Info) {
  auto response = Get("/data/plugin/graphs/info");
  ASSERT_TRUE(response.ok());
  const auto expected = nlohmann::json::parse(R"({"run": {"run": "run", "run_graph": true, "tags": {
      "step_1": {"tag": "step_1", "conceptual_graph": false, "op_graph": false, "profile": true},
      "trace": {"tag": "trace", "conceptual_graph": false, "op_graph": true, "profile": true},
      "ops": {"tag": "ops", "conceptual_graph": false, "op_graph": true, "profile": false},
      "model": {"tag": "model", "conceptual_graph": true, "op_graph": false, "profile": false}
  }}})");
  std::string diff;
  EXPECT_TRUE(JsonMatches(expected, nlohmann::json::parse(response->body), &diff))
      << diff << "\n"
      << response->body;
}

TEST_F(GraphsWrittenLogdirTest, RunGraphIsTheNewest) {
  auto response = Get("/data/plugin/graphs/graph?run=run");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_TRUE(Contains(response->body, "name: \"new\"")) << response->body;
  EXPECT_FALSE(Contains(response->body, "name: \"old\"")) << response->body;
}

TEST_F(GraphsWrittenLogdirTest, OpGraphMergesTheFunctionGraphs) {
  for (const char* tag : {"trace", "ops"}) {
    auto response = Get(std::string("/data/plugin/graphs/graph?run=run&tag=") + tag);
    ASSERT_TRUE(response.ok()) << tag << ": " << response.status().ToString();
    EXPECT_TRUE(Contains(response->body, "name: \"graph_1/x\"")) << response->body;
    EXPECT_TRUE(Contains(response->body, "name: \"graph_2/x\"")) << response->body;
    EXPECT_TRUE(Contains(response->body, "producer: 7")) << response->body;
    EXPECT_FALSE(Contains(response->body, "step_stats")) << response->body;
  }
}

TEST_F(GraphsWrittenLogdirTest, RunMetadata) {
  auto tagged = Get("/data/plugin/graphs/run_metadata?run=run&tag=step_1");
  ASSERT_TRUE(tagged.ok()) << tagged.status().ToString();
  EXPECT_EQ(tagged->body, "step_stats {\n  dev_stats {\n    device: \"/gpu:0\"\n  }\n}\n");
  auto traced = Get("/data/plugin/graphs/run_metadata?run=run&tag=trace");
  ASSERT_TRUE(traced.ok()) << traced.status().ToString();
  EXPECT_TRUE(Contains(traced->body, "function_graphs {")) << traced->body;
  // graph_run_metadata_graph holds no profile.
  EXPECT_EQ(Get("/data/plugin/graphs/run_metadata?run=run&tag=ops").status().code(),
            StatusCode::kNotFound);
}

TEST_F(GraphsPluginTest, LimitAttrSize) {
  const std::string base = "/data/plugin/graphs/graph?run=mnist_tbx/train";
  auto full = Get(base);
  ASSERT_TRUE(full.ok());
  EXPECT_FALSE(Contains(full->body, "_too_large_attrs"));
  auto limited = Get(base + "&limit_attr_size=20&large_attrs_key=_too_large_attrs");
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  EXPECT_TRUE(Contains(limited->body, "key: \"_too_large_attrs\"")) << limited->body.substr(0, 800);
  EXPECT_LT(limited->body.size(), full->body.size());
  // A limit above every attribute changes nothing.
  auto loose = Get(base + "&limit_attr_size=1000000&large_attrs_key=k");
  ASSERT_TRUE(loose.ok());
  EXPECT_EQ(loose->body, full->body);
}

TEST_F(GraphsPluginTest, Errors) {
  struct Case {
    const char* path;
    StatusCode code;
    const char* message;  // a substring
  };
  const Case cases[] = {
      {"/data/plugin/graphs/graph", StatusCode::kInvalidArgument, "\"run\" is required"},
      {"/data/plugin/graphs/graph?run=mnist_tbx/train&limit_attr_size=abc",
       StatusCode::kInvalidArgument, "must be an integer"},
      // TensorBoard answers these two with 500.
      {"/data/plugin/graphs/graph?run=mnist_tbx/train&limit_attr_size=5",
       StatusCode::kInvalidArgument, "large_attrs_key"},
      {"/data/plugin/graphs/graph?run=mnist_tbx/train&limit_attr_size=0&large_attrs_key=k",
       StatusCode::kInvalidArgument, "> 0"},
      {"/data/plugin/graphs/graph?run=nope", StatusCode::kNotFound, "nope"},
      {"/data/plugin/graphs/graph?run=third_party/tf2_custom_loop", StatusCode::kNotFound, ""},
      {"/data/plugin/graphs/graph?run=mnist_tbx/train&tag=nope", StatusCode::kNotFound, ""},
      // A profile-only tag has no op graph.
      {"/data/plugin/graphs/graph?run=mnist_tbx/train&tag=profiler", StatusCode::kNotFound, ""},
      {"/data/plugin/graphs/graph?run=third_party/tf2_images/train&tag=keras&conceptual=true",
       StatusCode::kInvalidArgument, "conceptual"},
      {"/data/plugin/graphs/run_metadata?run=mnist_tbx/train", StatusCode::kInvalidArgument,
       "\"tag\" is required"},
      {"/data/plugin/graphs/run_metadata?tag=profiler", StatusCode::kInvalidArgument,
       "\"run\" is required"},
      {"/data/plugin/graphs/run_metadata?run=mnist_tbx/train&tag=nope", StatusCode::kNotFound, ""},
      // An op-graph-only tag has no profile.
      {"/data/plugin/graphs/run_metadata?run=third_party/tf2_custom_loop&tag=logitic_graph",
       StatusCode::kNotFound, ""},
  };
  for (const Case& c : cases) {
    auto response = Get(c.path);
    EXPECT_FALSE(response.ok()) << c.path;
    if (response.ok()) continue;
    EXPECT_EQ(response.status().code(), c.code) << c.path << ": " << response.status().ToString();
    EXPECT_TRUE(Contains(response.status().message(), c.message))
        << c.path << ": " << response.status().ToString();
  }
}

TEST_F(GraphsPluginTest, LimitAcceptsPythonIntSpelling) {
  auto response = Get(
      "/data/plugin/graphs/graph?run=mnist_tbx/train&limit_attr_size=%2B1_000&large_attrs_key=k");
  EXPECT_TRUE(response.ok()) << response.status().ToString();
}

TEST_F(GraphsPluginTest, IsActiveAndListed) {
  EXPECT_TRUE(plugin_->IsActive());
  EXPECT_EQ(plugin_->name(), "graphs");
  EXPECT_EQ(plugin_->FrontendMetadata()["disable_reload"], true);
}

}  // namespace
}  // namespace tracker::plugins
