#include "http/token_auth.h"

#include <gtest/gtest.h>

namespace tracker::http {
namespace {

using V = TokenAuth::Verdict;

TEST(TokenAuthTest, DisabledAllowsEverything) {
  TokenAuth auth("", "c");
  EXPECT_FALSE(auth.enabled());
  EXPECT_EQ(auth.Check("", "", {}), V::kAllowed);
}

TEST(TokenAuthTest, HeaderCookieAndQuery) {
  TokenAuth auth("abc-123", "tok");
  EXPECT_EQ(auth.Check("Bearer abc-123", "", {}), V::kAllowed);
  EXPECT_EQ(auth.Check("bearer   abc-123 ", "", {}), V::kAllowed);
  EXPECT_EQ(auth.Check("Bearer abc-12", "", {}), V::kDenied);
  EXPECT_EQ(auth.Check("Bearer abc-1234", "", {}), V::kDenied);
  EXPECT_EQ(auth.Check("Basic abc-123", "", {}), V::kDenied);
  EXPECT_EQ(auth.Check("", "a=b; tok=abc-123", {}), V::kAllowed);
  EXPECT_EQ(auth.Check("", "tok=\"abc-123\"", {}), V::kAllowed);
  EXPECT_EQ(auth.Check("", "xtok=abc-123", {}), V::kDenied);
  EXPECT_EQ(auth.Check("", "tok=wrong; tok=abc-123", {}), V::kAllowed);
  EXPECT_EQ(auth.Check("", "", {{"token", "abc-123"}}), V::kAllowedByQuery);
  EXPECT_EQ(auth.Check("", "", {{"token", "nope"}}), V::kDenied);
  EXPECT_EQ(auth.Check("", "", {}), V::kDenied);
  EXPECT_EQ(auth.SetCookieValue("/"), "tok=abc-123; Path=/; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace tracker::http
