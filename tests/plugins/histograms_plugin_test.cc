// Tests of the histograms and distributions plugins: TensorBoard's answers for the corpus, the
// compression algorithm on hand-made edge cases, and errors.
#include "plugins/histograms_plugin.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "plugins/distributions_plugin.h"
#include "testing/event_builder.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

void ExpectGoldensMatch(Plugin& plugin, const std::string& prefix) {
  int checked = 0;
  for (const auto& [key, golden] : Golden().items()) {
    if (key.rfind(prefix, 0) != 0) continue;
    ++checked;
    SCOPED_TRACE(key);
    auto response = Call(plugin, golden["path"].get<std::string>());
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, golden["status"].get<int>());
    EXPECT_EQ(response->content_type, "application/json");
    std::string diff;
    EXPECT_TRUE(JsonMatches(golden["body"], nlohmann::json::parse(response->body), &diff)) << diff;
  }
  EXPECT_GT(checked, 1) << prefix;
}

TEST(HistogramsPluginGoldenTest, AllGoldenKeysMatch) {
  auto plugin = MakeHistogramsPlugin(CorpusContext());
  ExpectGoldensMatch(*plugin, "histograms/");
}

TEST(DistributionsPluginGoldenTest, AllGoldenKeysMatch) {
  auto plugin = MakeDistributionsPlugin(CorpusContext());
  ExpectGoldensMatch(*plugin, "distributions/");
}

TEST(HistogramsPluginTest, ActiveAndListed) {
  auto histograms = MakeHistogramsPlugin(CorpusContext());
  auto distributions = MakeDistributionsPlugin(CorpusContext());
  EXPECT_TRUE(histograms->IsActive());
  EXPECT_TRUE(distributions->IsActive());
  EXPECT_EQ(histograms->name(), "histograms");
  EXPECT_EQ(distributions->name(), "distributions");
  EXPECT_EQ(distributions->FrontendMetadata()["loading_mechanism"]["element_name"],
            "tf-distribution-dashboard");
}

TEST(HistogramsPluginTest, CountsAreFloatsAndAtMost51Items) {
  auto plugin = MakeHistogramsPlugin(CorpusContext());
  auto response =
      Call(*plugin, "/data/plugin/histograms/histograms?run=resnet_tb%2Ftrain&tag=fc%2Fbias");
  ASSERT_TRUE(response.ok());
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_LE(body.size(), 51u);
  ASSERT_FALSE(body.empty());
  EXPECT_TRUE(body[0][2][0][2].is_number_float());
  EXPECT_NE(response->body.find(".0]"), std::string::npos);  // counts spelled as floats
}

TEST(HistogramsPluginTest, Errors) {
  auto histograms = MakeHistogramsPlugin(CorpusContext());
  auto distributions = MakeDistributionsPlugin(CorpusContext());
  for (Plugin* plugin : {histograms.get(), distributions.get()}) {
    const std::string base =
        "/data/plugin/" + std::string(plugin->name()) + "/" + std::string(plugin->name());
    auto unknown_tag = Call(*plugin, base + "?run=resnet_tb%2Ftrain&tag=nope");
    ASSERT_FALSE(unknown_tag.ok());
    EXPECT_EQ(unknown_tag.status().code(), StatusCode::kNotFound);
    EXPECT_EQ(unknown_tag.status().message(), "No histogram tag 'nope' for run 'resnet_tb/train'");
    auto unknown_run = Call(*plugin, base + "?run=it's&tag=fc%2Fbias");
    ASSERT_FALSE(unknown_run.ok());
    EXPECT_EQ(unknown_run.status().code(), StatusCode::kNotFound);
    EXPECT_EQ(unknown_run.status().message(), "No histogram tag 'fc/bias' for run \"it's\"");
    // A scalar tag is not a histogram.
    auto scalar = Call(*plugin, base + "?run=resnet_tb%2Ftrain&tag=optimizer%2Flr");
    ASSERT_FALSE(scalar.ok());
    EXPECT_EQ(scalar.status().code(), StatusCode::kNotFound);
    auto missing = Call(*plugin, base + "?run=resnet_tb%2Ftrain");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(missing.status().message(),
              "Both run and tag must be specified: tag=None, run='resnet_tb/train'");
    auto neither = Call(*plugin, base);
    ASSERT_FALSE(neither.ok());
    EXPECT_EQ(neither.status().code(), StatusCode::kInvalidArgument);
  }
}

// --- The compression algorithm (spec §7.4) --------------------------------------------------

std::vector<double> Values(const std::vector<CompressedHistogramPoint>& points) {
  std::vector<double> out;
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].basis_point, kNormalHistogramBps[i]);
    out.push_back(points[i].value);
  }
  return out;
}

TEST(CompressHistogramTest, NoBucketsGivesZeros) {
  EXPECT_EQ(Values(CompressHistogram({})), std::vector<double>(9, 0.0));
}

TEST(CompressHistogramTest, SingleBucketInterpolatesAcrossItsWidth) {
  const std::vector<double> v = Values(CompressHistogram({{-1.0, 1.0, 5.0}}));
  for (size_t i = 0; i + 1 < 9; ++i) {
    EXPECT_EQ(v[i], -1.0 + kNormalHistogramBps[i] * 2.0 / 10000.0) << i;
  }
  // 10000 is past the last weight: the scan runs off the end and the maximum fills in.
  EXPECT_EQ(v[8], 1.0);
}

TEST(CompressHistogramTest, SingleZeroWidthBucket) {
  // What tf.summary.histogram writes for a constant tensor.
  EXPECT_EQ(Values(CompressHistogram({{0.5, 0.5, 3.0}})), std::vector<double>(9, 0.5));
}

TEST(CompressHistogramTest, AllZeroCountsGiveTheMaximum) {
  // sum 0 -> divided by 1.0, every weight 0: no bucket is ever past a basis point.
  EXPECT_EQ(Values(CompressHistogram({{0.0, 1.0, 0.0}, {1.0, 2.0, 0.0}})),
            std::vector<double>(9, 2.0));
}

TEST(CompressHistogramTest, EmptyMiddleBucketIsSkipped) {
  const std::vector<double> v =
      Values(CompressHistogram({{0.0, 1.0, 1.0}, {1.0, 2.0, 0.0}, {2.0, 3.0, 1.0}}));
  // weights [5000, 5000, 10000]
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[1], 0.0 + 668.0 * 1.0 / 5000.0);
  EXPECT_EQ(v[3], 0.0 + 3085.0 * 1.0 / 5000.0);
  // 5000 is not past bucket 0 or the empty bucket 1: bucket 2, starting at bucket 1's right edge.
  EXPECT_EQ(v[4], 2.0);
  EXPECT_EQ(v[5], 2.0 + (6915.0 - 5000.0) * 1.0 / 5000.0);
  EXPECT_EQ(v[7], 2.0 + (9332.0 - 5000.0) * 1.0 / 5000.0);
  EXPECT_EQ(v[8], 3.0);
}

TEST(CompressHistogramTest, LeadingEmptyBucketsStartAtTheMinimum) {
  const std::vector<double> v = Values(CompressHistogram({{-4.0, -2.0, 0.0}, {-2.0, 2.0, 4.0}}));
  // weights [0, 10000]: bp 0 lands on bucket 1 whose previous weight is 0, so lhs = min = -4.
  EXPECT_EQ(v[0], -4.0);
  EXPECT_EQ(v[4], -4.0 + 5000.0 * 6.0 / 10000.0);
  EXPECT_EQ(v[8], 2.0);
}

TEST(CompressHistogramTest, EdgesAreClampedToMinAndMax) {
  // Out-of-order edges: a right edge beyond the last bucket's is clamped to it (rhs), and the
  // next bucket starts at the previous right edge unless that is below the minimum (lhs).
  const std::vector<double> v = Values(CompressHistogram({{0.0, 10.0, 1.0}, {-5.0, 4.0, 1.0}}));
  // weights [5000, 10000]; min 0, max 4.
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[1], 0.0 + 668.0 * (4.0 - 0.0) / 5000.0);
  EXPECT_EQ(v[4], 10.0);
  EXPECT_EQ(v[5], 10.0 + (6915.0 - 5000.0) * (4.0 - 10.0) / (10000.0 - 5000.0));
  EXPECT_EQ(v[8], 4.0);
}

TEST(CompressHistogramTest, NonIntegerCountsUseNumpysSummationOrder) {
  // Eight or more counts are summed pairwise by numpy; the answer must not depend on it
  // being sequential. Here both orders agree, so just check the shape of the result.
  std::vector<std::array<double, 3>> buckets;
  for (int i = 0; i < 20; ++i) buckets.push_back({i * 1.0, i + 1.0, 0.1 * (i + 1)});
  const std::vector<double> v = Values(CompressHistogram(buckets));
  for (size_t i = 1; i < v.size(); ++i) EXPECT_LE(v[i - 1], v[i]);
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[8], 20.0);
}

// --- A hand-made store: undecodable values are skipped, distributions of odd shapes ----------

tensorboard::Event HistogramEvent(std::string_view tag, int64_t step, std::vector<double> values,
                                  std::vector<int64_t> shape, bool with_metadata) {
  tensorboard::Event event;
  event.set_wall_time(1000 + step);
  event.set_step(step);
  auto* value = event.mutable_summary()->add_value();
  value->set_tag(std::string(tag));
  if (with_metadata)
    value->mutable_metadata()->mutable_plugin_data()->set_plugin_name("histograms");
  auto* tensor = value->mutable_tensor();
  tensor->set_dtype(tensorboard::DT_DOUBLE);
  for (int64_t d : shape) tensor->mutable_tensor_shape()->add_dim()->set_size(d);
  for (double v : values) tensor->add_double_val(v);
  return event;
}

TEST(HistogramsPluginTest, HandMadeShapes) {
  testing::TempDir dir;
  std::vector<tensorboard::Event> events = {testing::FileVersionEvent()};
  events.push_back(HistogramEvent("h", 0, {0, 1, 2, 1, 3, 2}, {2, 3}, true));
  events.push_back(HistogramEvent("h", 1, {}, {0, 3}, false));                     // no data
  events.push_back(HistogramEvent("h", 2, {1, 2, 3, 4, 5, 6, 7}, {2, 3}, false));  // too many
  events.push_back(HistogramEvent("h", 3, {7}, {1, 3}, false));  // edge padding: 7,7,7
  dir.WriteFile("run/events.out.tfevents.1.host", testing::Records(events));
  const SamplesPerPlugin samples;
  auto roots = InterpretLogdirFlag(dir.path().string());
  ASSERT_TRUE(roots.ok());
  Multiplexer store(*roots, MultiplexerOptions{samples, 1});
  store.Reload();
  const PluginContext context{&store, &samples, dir.path().string(), ""};

  auto histograms = MakeHistogramsPlugin(context);
  auto h = Call(*histograms, "/data/plugin/histograms/histograms?run=run&tag=h");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->body,
            "[[1000.0, 0, [[0.0, 1.0, 2.0], [1.0, 3.0, 2.0]]], [1001.0, 1, []], "
            "[1003.0, 3, [[7.0, 7.0, 7.0]]]]");

  auto distributions = MakeDistributionsPlugin(context);
  auto d = Call(*distributions, "/data/plugin/distributions/distributions?run=run&tag=h");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const auto body = nlohmann::json::parse(d->body);
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(body[0][2][0], nlohmann::json::parse("[0, 0.0]"));
  EXPECT_EQ(body[0][2][8], nlohmann::json::parse("[10000, 3.0]"));
  EXPECT_EQ(body[1][2][4], nlohmann::json::parse("[5000, 0.0]"));
  EXPECT_EQ(body[2][2][4], nlohmann::json::parse("[5000, 7.0]"));

  auto tags = Call(*distributions, "/data/plugin/distributions/tags");
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags->body, "{\"run\": {\"h\": {\"displayName\": \"\", \"description\": \"\"}}}");
}

}  // namespace
}  // namespace tracker::plugins
