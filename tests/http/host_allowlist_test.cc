#include "http/host_allowlist.h"

#include <gtest/gtest.h>

namespace tracker::http {
namespace {

TEST(HostAllowlistTest, HostOf) {
  EXPECT_EQ(HostAllowlist::HostOf("LocalHost:6006"), "localhost");
  EXPECT_EQ(HostAllowlist::HostOf("localhost."), "localhost");
  EXPECT_EQ(HostAllowlist::HostOf("[::1]:80"), "[::1]");
  EXPECT_EQ(HostAllowlist::HostOf("[::1]"), "[::1]");
  EXPECT_EQ(HostAllowlist::HostOf("10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(HostAllowlist::HostOf("[::1"), "");
  EXPECT_EQ(HostAllowlist::HostOf("[::1]x"), "");
  EXPECT_EQ(HostAllowlist::HostOf("a b"), "");
  EXPECT_EQ(HostAllowlist::HostOf("a:b"), "");
  EXPECT_EQ(HostAllowlist::HostOf("a@b"), "");
}

TEST(HostAllowlistTest, DefaultsAndNames) {
  HostAllowlist list({"tb.example.com", "::2", "[fe80::1]", "10.1.2.3"});
  EXPECT_TRUE(list.Allows("localhost"));
  EXPECT_TRUE(list.Allows("127.0.0.1:6006"));
  EXPECT_TRUE(list.Allows("[::1]:6006"));
  EXPECT_TRUE(list.Allows("TB.example.com:8443"));
  EXPECT_TRUE(list.Allows("[::2]"));
  EXPECT_TRUE(list.Allows("[FE80::1]:1"));
  EXPECT_TRUE(list.Allows("10.1.2.3:6006"));
  EXPECT_FALSE(list.Allows("example.com"));
  EXPECT_FALSE(list.Allows("tb.example.com.evil.com"));
  EXPECT_FALSE(list.Allows(""));
  EXPECT_FALSE(list.allow_any());
  HostAllowlist any({}, true);
  EXPECT_TRUE(any.Allows("anything.example"));
  EXPECT_TRUE(any.Allows(""));
}

}  // namespace
}  // namespace tracker::http
