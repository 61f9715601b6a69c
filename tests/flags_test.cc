#include "flags.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(FlagsTest, ServingFlags) {
  auto f = Parse({"--logdir=x", "--port", "7000", "--host=0.0.0.0", "--path_prefix=/tb//",
                  "--window_title", "my runs", "--allowed_hosts=a.example, b.example,,",
                  "--allowed_hosts", "c", "--auth_token=Ab-9._~", "--webroot=web/dist"});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->port, 7000);
  EXPECT_EQ(f->host, "0.0.0.0");
  EXPECT_FALSE(f->bind_all);
  EXPECT_EQ(f->path_prefix, "/tb");
  EXPECT_EQ(f->window_title, "my runs");
  EXPECT_EQ(f->allowed_hosts, (std::vector<std::string>{"a.example", "b.example", "c"}));
  EXPECT_EQ(f->auth_token, "Ab-9._~");
  EXPECT_EQ(f->webroot, "web/dist");
}

TEST(FlagsTest, ServingDefaults) {
  auto f = Parse({"--logdir=x"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->port, -1);  // 6006 and up
  EXPECT_EQ(f->host, "");  // 127.0.0.1
  EXPECT_FALSE(f->bind_all);
  EXPECT_EQ(f->path_prefix, "");
  EXPECT_TRUE(f->allowed_hosts.empty());
  EXPECT_EQ(f->auth_token, "");
  auto zero = Parse({"--logdir=x", "--port=0", "--bind_all", "--path_prefix=/"});
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->port, 0);
  EXPECT_TRUE(zero->bind_all);
  EXPECT_EQ(zero->path_prefix, "");
  EXPECT_EQ(Parse({"--logdir=x", "--port=default"})->port, -1);
}

TEST(FlagsTest, ServingErrors) {
  EXPECT_FALSE(Parse({"--port=65536"}).ok());
  EXPECT_FALSE(Parse({"--port=-1"}).ok());
  EXPECT_FALSE(Parse({"--port=80x"}).ok());
  EXPECT_FALSE(Parse({"--port"}).ok());
  auto both = Parse({"--host=::", "--bind_all"});
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().message(), "--host and --bind_all are mutually exclusive");
  EXPECT_FALSE(Parse({"--path_prefix=tb"}).ok());
  EXPECT_FALSE(Parse({"--path_prefix=/tb?x"}).ok());
  EXPECT_FALSE(Parse({"--auth_token=a b"}).ok());
  EXPECT_FALSE(Parse({"--auth_token=a+b"}).ok());
  EXPECT_FALSE(Parse({"--bind_all=maybe"}).ok());
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
