#include "http/request_target.h"

#include <gtest/gtest.h>

namespace tracker::http {
namespace {

TEST(RequestTargetTest, DecodesPathAndQuery) {
  auto t = ParseRequestTarget(
      "/data/plugin/scalars/scalars?run=run%20with%20spaces%20%C3%BC&tag=a%2Fb+c&x");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->path, "/data/plugin/scalars/scalars");
  EXPECT_TRUE(t->has_query);
  EXPECT_EQ(t->query.find("run")->second, "run with spaces \xc3\xbc");
  EXPECT_EQ(t->query.find("tag")->second, "a/b c");
  EXPECT_EQ(t->query.find("x")->second, "");
  auto p = ParseRequestTarget("/a%20b/%2e%2e/c");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->path, "/a b/../c");
  EXPECT_EQ(p->encoded_path, "/a%20b/%2e%2e/c");
  EXPECT_FALSE(p->has_query);
}

TEST(RequestTargetTest, RepeatedParametersKeepTheirOrder) {
  auto t = ParseRequestTarget("/x?runs=b&runs=a&runs=c");
  ASSERT_TRUE(t.ok());
  auto [lo, hi] = t->query.equal_range("runs");
  std::vector<std::string> values;
  for (auto it = lo; it != hi; ++it) values.push_back(it->second);
  EXPECT_EQ(values, (std::vector<std::string>{"b", "a", "c"}));
}

TEST(RequestTargetTest, BadEncodingIsInvalidArgument) {
  for (const char* target :
       {"/x?a=%zz", "/x?a=%", "/x?a=%4", "/%zz", "/x?a=b#f", "x", "", "/a b", "/x?a=\x01"}) {
    auto t = ParseRequestTarget(target);
    EXPECT_FALSE(t.ok()) << target;
    if (!t.ok()) EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(RequestTargetTest, CharactersBrowsersSendRawAreAccepted) {
  // Chromium sends ^ | { } ` typed in the address bar as they are; scripts send UTF-8.
  auto t = ParseRequestTarget("/x?tag=loss^2|{a}`&run=r\xc3\xa9");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->query.find("tag")->second, "loss^2|{a}`");
  EXPECT_EQ(t->query.find("run")->second, "r\xc3\xa9");
  auto p = ParseRequestTarget("/data/\"a\"<b>");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->path, "/data/\"a\"<b>");
}

TEST(RequestTargetTest, AbsoluteForm) {
  auto t = ParseRequestTarget("http://localhost:6006/data/runs?x=1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/data/runs");
  EXPECT_EQ(t->query.find("x")->second, "1");
  auto root = ParseRequestTarget("http://localhost:6006");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->path, "/");
}

TEST(RequestTargetTest, EncodedQueryWithout) {
  EXPECT_EQ(EncodedQueryWithout("a=1&token=x&b=%20", "token"), "a=1&b=%20");
  EXPECT_EQ(EncodedQueryWithout("token=x", "token"), "");
  EXPECT_EQ(EncodedQueryWithout("tok%65n=x&flag", "token"), "flag");
  EXPECT_EQ(EncodedQueryWithout("tokens=1", "token"), "tokens=1");
}

}  // namespace
}  // namespace tracker::http
