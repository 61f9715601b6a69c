#include "flags.h"

#include <gtest/gtest.h>

namespace tracker {
namespace {

StatusOr<Flags> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "tracker");
  return ParseFlags(static_cast<int>(args.size()), args.data());
}

TEST(FlagsTest, EqualsAndSpaceForms) {
  auto f = Parse({"--logdir=logs", "--reload_interval", "2.5", "--inspect", "--json"});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->logdir, "logs");
  EXPECT_EQ(f->reload_interval, 2.5);
  EXPECT_TRUE(f->inspect);
  EXPECT_TRUE(f->json);
}

TEST(FlagsTest, LogdirSpecAndBothIsAnError) {
  auto f = Parse({"--logdir_spec=a:/x"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->logdir_value(), "a:/x");
  auto both = Parse({"--logdir=x", "--logdir_spec=a:/x"});
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().message(), "May not specify both --logdir and --logdir_spec");
}

TEST(FlagsTest, TensorBoardOnlyFlagsAreAcceptedWithANotice) {
  auto f = Parse({"--logdir=x", "--load_fast=false", "--reload_multifile", "--max_reload_threads=4"});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->notices.size(), 3u);
}

TEST(FlagsTest, Errors) {
  EXPECT_FALSE(Parse({"--reload_interval=-1"}).ok());
  EXPECT_FALSE(Parse({"--reload_interval=abc"}).ok());
  EXPECT_FALSE(Parse({"--logdir"}).ok());
  EXPECT_FALSE(Parse({"--bogus=1"}).ok());
  EXPECT_FALSE(Parse({"positional"}).ok());
  EXPECT_FALSE(Parse({"--inspect=maybe"}).ok());
}

}  // namespace
}  // namespace tracker
