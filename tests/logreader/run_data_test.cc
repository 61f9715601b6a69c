#include "logreader/run_data.h"

#include <gtest/gtest.h>

#include "logreader/event_decoder.h"
#include "testing/event_builder.h"

namespace tracker {
namespace {

using namespace tracker::testing;

// Feeds an event the way the loader does: the fast path when it applies, else the generated
// classes. Both paths must give the same result, so tests also force the slow path.
void Feed(RunData* run, const tensorboard::Event& e, bool allow_fast = true) {
  FastScalarEvent fast;
  const std::string bytes = e.SerializeAsString();
  if (allow_fast && DecodeFastScalarEvent(bytes, &fast)) {
    run->AddFastScalarEvent(fast);
  } else {
    tensorboard::Event parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    run->AddEvent(std::move(parsed));
  }
}

std::vector<int64_t> Steps(const TagData* tag) {
  std::vector<int64_t> out;
  if (tag->scalars) {
    tag->scalars->ForEach([&](const ScalarPoint& p) { out.push_back(p.step); });
  } else {
    for (const auto& e : tag->tensors->items()) out.push_back(e.step);
  }
  return out;
}

std::vector<int64_t> Range(int64_t lo, int64_t hi) {
  std::vector<int64_t> out;
  for (int64_t s = lo; s <= hi; ++s) out.push_back(s);
  return out;
}

class RunDataTest : public ::testing::TestWithParam<bool> {
 protected:
  SamplesPerPlugin samples_ = *SamplesPerPlugin::Parse("");
  bool fast() const { return GetParam(); }
};

TEST_P(RunDataTest, V1ScalarsAreKeptInFull) {
  RunData run(&samples_);
  Feed(&run, FileVersionEvent(10.0), fast());
  for (int s = 0; s < 5000; ++s) Feed(&run, SimpleValueEvent("loss", s, s * 0.5f, 100 + s), fast());
  const TagData* tag = run.FindTag("loss");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->plugin_name(), "scalars");
  EXPECT_EQ(tag->metadata.display_name(), "loss");
  EXPECT_EQ(tag->metadata.data_class(), tensorboard::DATA_CLASS_SCALAR);
  ASSERT_TRUE(tag->is_scalar());
  EXPECT_EQ(tag->size(), 5000u);
  EXPECT_EQ(tag->scalars->Last()->value, 4999 * 0.5f);
  EXPECT_EQ(run.first_event_wall_time(), 10.0);
  EXPECT_EQ(run.file_version(), 2);
}

TEST_P(RunDataTest, V2ScalarsUseFirstMetadata) {
  RunData run(&samples_);
  Feed(&run, ScalarTensorEvent("acc", 0, 0.1f, true), fast());
  for (int s = 1; s < 10; ++s) Feed(&run, ScalarTensorEvent("acc", s, 0.1f * s, false), fast());
  const TagData* tag = run.FindTag("acc");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->plugin_name(), "scalars");
  EXPECT_EQ(tag->metadata.display_name(), "");  // v2 keeps the writer's (empty) display name
  EXPECT_EQ(tag->size(), 10u);
  EXPECT_EQ(tag->scalars->Points()[0].value, static_cast<double>(0.1f));
}

TEST_P(RunDataTest, MetadataRepeatedOnEveryValueKeepsTheFirst) {
  RunData run(&samples_);
  auto first = ScalarTensorEvent("acc", 0, 1, true);
  first.mutable_summary()->mutable_value(0)->mutable_metadata()->set_summary_description("first");
  Feed(&run, first, fast());
  for (int s = 1; s < 10; ++s) {
    auto e = ScalarTensorEvent("acc", s, 1, true);
    e.mutable_summary()->mutable_value(0)->mutable_metadata()->set_summary_description("later");
    Feed(&run, e, fast());
  }
  const TagData* tag = run.FindTag("acc");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->size(), 10u);
  EXPECT_EQ(tag->metadata.summary_description(), "first");
}

TEST_P(RunDataTest, FloatTensorWithoutMetadataIsNotAScalar) {
  RunData run(&samples_);
  for (int s = 0; s < 20; ++s) Feed(&run, ScalarTensorEvent("raw", s, 1, false), fast());
  const TagData* tag = run.FindTag("raw");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->plugin_name(), "");
  EXPECT_FALSE(tag->is_scalar());
  EXPECT_EQ(tag->size(), 10u);  // default reservoir of 10 for tags without a plugin
  EXPECT_EQ(Steps(tag).back(), 19);  // the newest is always kept
}

TEST_P(RunDataTest, SecondSessionStartPurgesLaterStepsOfAllTags) {
  // edge_cases/restart_and_disorder: START at 0, loss 0..59 then 65,62,70,68,75, START at 40.
  RunData run(&samples_);
  Feed(&run, FileVersionEvent(), fast());
  Feed(&run, SessionStartEvent(0), fast());
  for (int s = 0; s < 60; ++s) {
    Feed(&run, SimpleValueEvent("loss", s, 1), fast());
    Feed(&run, SimpleValueEvent("accuracy", s, 1), fast());
  }
  for (int s : {65, 62, 70, 68, 75}) Feed(&run, SimpleValueEvent("loss", s, 1), fast());
  EXPECT_EQ(run.FindTag("loss")->size(), 65u);  // file_version 2: disorder alone purges nothing
  Feed(&run, SessionStartEvent(40), fast());
  for (int s = 40; s < 90; ++s) {
    Feed(&run, SimpleValueEvent("loss", s, 2), fast());
    Feed(&run, SimpleValueEvent("accuracy", s, 2), fast());
  }
  EXPECT_EQ(Steps(run.FindTag("loss")), Range(0, 89));
  EXPECT_EQ(Steps(run.FindTag("accuracy")), Range(0, 89));
}

TEST_P(RunDataTest, FirstSessionStartDoesNotPurge) {
  // edge_cases/resumed_run: a purge_step=100 restart in a run that never had a START before.
  RunData run(&samples_);
  Feed(&run, FileVersionEvent(), fast());
  for (int s = 0; s < 120; ++s) Feed(&run, SimpleValueEvent("loss", s, 1), fast());
  Feed(&run, FileVersionEvent(), fast());
  Feed(&run, SessionStartEvent(100), fast());
  for (int s = 100; s < 200; ++s) Feed(&run, SimpleValueEvent("loss", s, 1), fast());
  EXPECT_EQ(run.FindTag("loss")->size(), 220u);
}

TEST_P(RunDataTest, WithoutFileVersionOutOfOrderStepPurgesOnlyItsTags) {
  RunData run(&samples_);
  for (int s = 0; s < 10; ++s) {
    Feed(&run, SimpleValueEvent("a", s, 1), fast());
    Feed(&run, SimpleValueEvent("b", s, 1), fast());
  }
  Feed(&run, SimpleValueEvent("a", 5, 2), fast());
  EXPECT_EQ(Steps(run.FindTag("a")), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(run.FindTag("b")->size(), 10u);
  EXPECT_EQ(run.purged_values(), 5u);
}

TEST_P(RunDataTest, TextUsesTensorBoardsReservoir) {
  RunData run(&samples_);
  for (int s = 0; s < 15; ++s) Feed(&run, TextEvent("notes", s, "hello"), fast());
  // spec §5.2: writing 15 text steps keeps steps 1,2,3,4,8,9,10,11,13,14.
  EXPECT_EQ(Steps(run.FindTag("notes")), (std::vector<int64_t>{1, 2, 3, 4, 8, 9, 10, 11, 13, 14}));
}

TEST_P(RunDataTest, SamplesPerPluginBoundsScalars) {
  SamplesPerPlugin bounded = *SamplesPerPlugin::Parse("scalars=10");
  RunData run(&bounded);
  for (int s = 0; s < 15; ++s) Feed(&run, SimpleValueEvent("loss", s, 1), fast());
  EXPECT_EQ(Steps(run.FindTag("loss")), (std::vector<int64_t>{1, 2, 3, 4, 8, 9, 10, 11, 13, 14}));
}

TEST_P(RunDataTest, MixedFastAndSlowValuesOfOneTag) {
  RunData run(&samples_);
  Feed(&run, ScalarTensorEvent("m", 0, 1, true), fast());
  Feed(&run, SimpleValueEvent("m", 1, 2), fast());  // v1 value under a v2 tag
  Feed(&run, ScalarTensorEvent("m", 2, 3, false), fast());
  EXPECT_EQ(Steps(run.FindTag("m")), (std::vector<int64_t>{0, 1, 2}));
}

INSTANTIATE_TEST_SUITE_P(FastAndSlowPaths, RunDataTest, ::testing::Bool());

TEST(RunDataEventsTest, GraphAndTaggedRunMetadata) {
  SamplesPerPlugin samples = *SamplesPerPlugin::Parse("");
  RunData run(&samples);
  tensorboard::Event g;
  g.set_wall_time(5);
  g.set_graph_def("GRAPHBYTES");
  run.AddEvent(g);
  tensorboard::Event t;
  t.set_step(3);
  t.mutable_tagged_run_metadata()->set_tag("step_3");
  t.mutable_tagged_run_metadata()->set_run_metadata("RM");
  run.AddEvent(t);
  const TagData* graph = run.FindTag("__run_graph__");
  ASSERT_NE(graph, nullptr);
  EXPECT_EQ(graph->plugin_name(), "graphs");
  EXPECT_EQ(graph->tensors->items()[0].tensor->string_val(0), "GRAPHBYTES");
  const TagData* rm = run.FindTag("step_3");
  ASSERT_NE(rm, nullptr);
  EXPECT_EQ(rm->plugin_name(), "graph_tagged_run_metadata");
  EXPECT_EQ(rm->tensors->items()[0].step, 3);
}

TEST(RunDataEventsTest, HParamsMetadataOnlyValuesAreStored) {
  SamplesPerPlugin samples = *SamplesPerPlugin::Parse("");
  RunData run(&samples);
  tensorboard::Event e;
  auto* v = e.mutable_summary()->add_value();
  v->set_tag("_hparams_/session_start_info");
  v->mutable_metadata()->mutable_plugin_data()->set_plugin_name("hparams");
  v->mutable_metadata()->mutable_plugin_data()->set_content("CONTENT");
  run.AddEvent(e);
  const TagData* tag = run.FindTag("_hparams_/session_start_info");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->plugin_name(), "hparams");
  EXPECT_EQ(tag->metadata.plugin_data().content(), "CONTENT");
  EXPECT_EQ(tag->size(), 1u);
}

}  // namespace
}  // namespace tracker
