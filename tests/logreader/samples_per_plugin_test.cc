#include "logreader/samples_per_plugin.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker {
namespace {

SamplesPerPlugin ParseOk(std::string_view flag) {
  StatusOr<SamplesPerPlugin> parsed = SamplesPerPlugin::Parse(flag);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : SamplesPerPlugin();
}

void ExpectInvalid(std::string_view flag, std::string_view bad_token) {
  StatusOr<SamplesPerPlugin> parsed = SamplesPerPlugin::Parse(flag);
  ASSERT_FALSE(parsed.ok()) << "accepted: " << flag;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("'" + std::string(bad_token) + "'"), std::string::npos)
      << parsed.status().message();
}

TEST(SamplesPerPluginTest, Defaults) {
  const SamplesPerPlugin defaults;
  EXPECT_EQ(defaults.CapacityFor("scalars"), 0u);  // tracker keeps every scalar
  EXPECT_EQ(defaults.CapacityFor("histograms"), 500u);
  EXPECT_EQ(defaults.CapacityFor("images"), 10u);
  EXPECT_EQ(defaults.CapacityFor("audio"), 10u);
  EXPECT_EQ(defaults.CapacityFor("pr_curves"), 100u);
  EXPECT_EQ(defaults.CapacityFor("text"), 10u);
  EXPECT_EQ(defaults.CapacityFor("hparams"), 10u);
  EXPECT_EQ(defaults.CapacityFor("graph_tagged_run_metadata"), 10u);
  EXPECT_EQ(defaults.CapacityFor(""), 10u);  // no metadata at all
  EXPECT_FALSE(defaults.IsExplicit("scalars"));
  EXPECT_EQ(defaults.QueryLimitFor("scalars"), std::nullopt);
}

TEST(SamplesPerPluginTest, EmptyFlagIsDefaults) {
  for (std::string_view flag : {"", " ", ",", " , ,"}) {
    const SamplesPerPlugin parsed = ParseOk(flag);
    EXPECT_EQ(parsed.CapacityFor("scalars"), 0u) << flag;
    EXPECT_EQ(parsed.CapacityFor("histograms"), 500u) << flag;
    EXPECT_FALSE(parsed.IsExplicit("scalars")) << flag;
  }
}

TEST(SamplesPerPluginTest, OverridesNamedPluginsOnly) {
  const SamplesPerPlugin parsed = ParseOk("scalars=500,images=20");
  EXPECT_EQ(parsed.CapacityFor("scalars"), 500u);
  EXPECT_EQ(parsed.CapacityFor("images"), 20u);
  EXPECT_EQ(parsed.CapacityFor("histograms"), 500u);
  EXPECT_EQ(parsed.CapacityFor("text"), 10u);
  EXPECT_TRUE(parsed.IsExplicit("scalars"));
  EXPECT_TRUE(parsed.IsExplicit("images"));
  EXPECT_FALSE(parsed.IsExplicit("histograms"));
  EXPECT_EQ(parsed.QueryLimitFor("scalars"), 500u);
  EXPECT_EQ(parsed.QueryLimitFor("images"), 20u);
  EXPECT_EQ(parsed.QueryLimitFor("histograms"), std::nullopt);
}

TEST(SamplesPerPluginTest, WhitespaceIsStripped) {
  const SamplesPerPlugin parsed = ParseOk("  scalars = 5 ,\timages=7\n, text =3");
  EXPECT_EQ(parsed.CapacityFor("scalars"), 5u);
  EXPECT_EQ(parsed.CapacityFor("images"), 7u);
  EXPECT_EQ(parsed.CapacityFor("text"), 3u);
}

TEST(SamplesPerPluginTest, ZeroAndAllKeepEverything) {
  const SamplesPerPlugin parsed = ParseOk("histograms=0,images=all");
  EXPECT_EQ(parsed.CapacityFor("histograms"), 0u);
  EXPECT_EQ(parsed.CapacityFor("images"), 0u);
  EXPECT_TRUE(parsed.IsExplicit("histograms"));
  // TensorBoard downsamples an explicit 0 to zero points at query time; `all` has no limit.
  EXPECT_EQ(parsed.QueryLimitFor("histograms"), 0u);
  EXPECT_EQ(parsed.QueryLimitFor("images"), SamplesPerPlugin::kNoLimit);
}

TEST(SamplesPerPluginTest, ExplicitScalarsRestoreTensorBoardSampling) {
  const SamplesPerPlugin parsed = ParseOk("scalars=1000");
  EXPECT_EQ(parsed.CapacityFor("scalars"), 1000u);
  EXPECT_EQ(parsed.QueryLimitFor("scalars"), 1000u);
}

TEST(SamplesPerPluginTest, LastValueWins) {
  const SamplesPerPlugin parsed = ParseOk("images=3,images=4");
  EXPECT_EQ(parsed.CapacityFor("images"), 4u);
}

TEST(SamplesPerPluginTest, UnknownPluginsAreAccepted) {
  const SamplesPerPlugin parsed = ParseOk("my_plugin=42");
  EXPECT_EQ(parsed.CapacityFor("my_plugin"), 42u);
  EXPECT_EQ(parsed.CapacityFor("other_plugin"), 10u);
}

TEST(SamplesPerPluginTest, LargeValues) {
  EXPECT_EQ(ParseOk("scalars=18446744073709551615").CapacityFor("scalars"), 18446744073709551615u);
  ExpectInvalid("scalars=18446744073709551616", "scalars=18446744073709551616");
}

TEST(SamplesPerPluginTest, Errors) {
  ExpectInvalid("scalars", "scalars");
  ExpectInvalid("images=20,scalars", "scalars");
  ExpectInvalid("scalars=-1", "scalars=-1");
  ExpectInvalid("scalars=abc", "scalars=abc");
  ExpectInvalid("scalars=1.5", "scalars=1.5");
  ExpectInvalid("scalars=10x", "scalars=10x");
  ExpectInvalid("scalars=", "scalars=");
  ExpectInvalid("=5", "=5");
  ExpectInvalid(" = 5 ", "= 5");
  ExpectInvalid("scalars=1=2", "scalars=1=2");
  ExpectInvalid("scalars=1 2", "scalars=1 2");
  ExpectInvalid("images=ALL", "images=ALL");
}

TEST(SamplesPerPluginTest, ErrorMessageIsReadable) {
  StatusOr<SamplesPerPlugin> parsed = SamplesPerPlugin::Parse("images=20, scalars=-3");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "--samples_per_plugin: bad token 'scalars=-3': negative value (expected plugin=N "
            "with N >= 0, or plugin=all)");
}

}  // namespace
}  // namespace tracker
