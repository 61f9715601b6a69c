#include "http/content_type.h"

#include <gtest/gtest.h>

namespace tracker::http {
namespace {

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeForPath("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/a/b/app.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/x.json"), "application/json");
  EXPECT_EQ(ContentTypeForPath("/x.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeForPath("/x.png"), "image/png");
  EXPECT_EQ(ContentTypeForPath("/x.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeForPath("/noext"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForPath("/dir.d/noext"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForPath("/x.exe"), "application/octet-stream");
}

TEST(ContentTypeTest, Compressible) {
  EXPECT_TRUE(IsCompressibleType("application/json"));
  EXPECT_TRUE(IsCompressibleType("text/csv; charset=utf-8"));
  EXPECT_TRUE(IsCompressibleType("Text/HTML"));
  EXPECT_TRUE(IsCompressibleType("image/svg+xml"));
  EXPECT_TRUE(IsCompressibleType("text/javascript; charset=utf-8"));
  EXPECT_FALSE(IsCompressibleType("text/event-stream"));
  EXPECT_FALSE(IsCompressibleType("image/png"));
  EXPECT_FALSE(IsCompressibleType("audio/wav"));
  EXPECT_FALSE(IsCompressibleType("font/woff2"));
  EXPECT_FALSE(IsCompressibleType("application/octet-stream"));
  EXPECT_TRUE(IsHtmlType("text/html; charset=utf-8"));
  EXPECT_FALSE(IsHtmlType("text/plain"));
}

}  // namespace
}  // namespace tracker::http
