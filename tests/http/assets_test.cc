// Static assets: the embedded table and --webroot, and that no path escapes either.
#include <gtest/gtest.h>
#include <unistd.h>

#include "http/disk_assets.h"
#include "http/embedded_assets.h"
#include "http/etag.h"
#include "testing/temp_dir.h"

namespace tracker::http {
namespace {

TEST(EmbeddedAssetsTest, BuiltFromTheWebUi) {
  EmbeddedAssets assets;
  auto index = assets.Find("/index.html");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index->etag, ETagFor(index->bytes));
  EXPECT_NE(index->bytes.find("<!doctype html>"), std::string_view::npos);
  EXPECT_TRUE(assets.Find("/app.js"));
  EXPECT_TRUE(assets.Find("/app.css"));
  EXPECT_FALSE(assets.Find("/"));
  EXPECT_FALSE(assets.Find("index.html"));
  EXPECT_FALSE(assets.Find("/../web/index.html"));
  EXPECT_FALSE(assets.Find("/static/index.html"));
}

TEST(EmbeddedAssetsTest, KeepsGzipOnlyForTextThatShrinks) {
  static const std::string big(5000, 'a');
  const EmbeddedFile files[] = {{"/big.js", big.data(), big.size(), "\"1\""},
                                {"/tiny.js", "x", 1, "\"2\""},
                                {"/img.png", big.data(), big.size(), "\"3\""}};
  EmbeddedAssets assets(files, 3);
  EXPECT_FALSE(assets.Find("/big.js")->gzipped.empty());
  EXPECT_TRUE(assets.Find("/tiny.js")->gzipped.empty());
  EXPECT_TRUE(assets.Find("/img.png")->gzipped.empty());
}

TEST(DiskAssetsTest, ServesFilesBelowTheRootOnly) {
  testing::TempDir tmp;
  tmp.WriteFile("web/index.html", "<p>hi</p>");
  tmp.WriteFile("web/js/app.js", "1;");
  tmp.WriteFile("secret.txt", "root:x:0:0");
  tmp.WriteFile("web/.hidden/x", "x");
  ASSERT_EQ(symlink((tmp.path() / "secret.txt").c_str(), (tmp.path() / "web/link.txt").c_str()), 0);
  ASSERT_EQ(symlink((tmp.path()).c_str(), (tmp.path() / "web/up").c_str()), 0);
  DiskAssets assets(tmp.path() / "web");

  auto index = assets.Find("/index.html");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->bytes, "<p>hi</p>");
  EXPECT_EQ(index->etag, ETagFor("<p>hi</p>"));
  EXPECT_EQ(assets.Find("/js/app.js")->content_type, "text/javascript; charset=utf-8");

  for (const char* path :
       {"/../secret.txt", "/js/../../secret.txt", "/./index.html", "//index.html", "/js//app.js",
        "/link.txt", "/up/secret.txt", "/js", "/", "", "index.html", "/..\\secret.txt", "/nope"}) {
    EXPECT_FALSE(assets.Find(path)) << path;
  }
  EXPECT_FALSE(assets.Find(std::string_view("/index.html\0x", 13)));
  // A changed file is served changed, with a new ETag.
  tmp.WriteFile("web/index.html", "<p>hello</p>");
  EXPECT_EQ(assets.Find("/index.html")->bytes, "<p>hello</p>");
  EXPECT_NE(assets.Find("/index.html")->etag, index->etag);
}

}  // namespace
}  // namespace tracker::http
