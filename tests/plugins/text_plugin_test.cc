// Tests of the text plugin and of the Markdown renderer behind it: TensorBoard's answers for the
// corpus, and the safety of the HTML we produce.
#include "plugins/text_plugin.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "plugins/markdown.h"
#include "testing/golden.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

tensorboard::TensorProto StringTensor(std::initializer_list<int64_t> shape,
                                      std::initializer_list<std::string> values) {
  tensorboard::TensorProto t;
  t.set_dtype(tensorboard::DT_STRING);
  for (int64_t d : shape) t.mutable_tensor_shape()->add_dim()->set_size(d);
  for (const auto& v : values) t.add_string_val(v);
  return t;
}

// --- Markdown -----------------------------------------------------------------------------------

TEST(MarkdownTest, RendersCommonMark) {
  EXPECT_EQ(RenderMarkdown("# Title\n\nsome *em* and **strong**"),
            "<h1>Title</h1>\n<p>some <em>em</em> and <strong>strong</strong></p>");
  EXPECT_EQ(RenderMarkdown(""), "");
}

TEST(MarkdownTest, RendersGfmTables) {
  const std::string html = RenderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n");
  EXPECT_TRUE(Contains(html, "<table>")) << html;
  EXPECT_TRUE(Contains(html, "<th>a</th>")) << html;
  EXPECT_TRUE(Contains(html, "<td>2</td>")) << html;
}

TEST(MarkdownTest, RendersStrikethroughAndAutolinks) {
  EXPECT_TRUE(Contains(RenderMarkdown("~~gone~~"), "<del>gone</del>"));
  EXPECT_TRUE(Contains(RenderMarkdown("see https://example.com now"),
                       "<a href=\"https://example.com\">https://example.com</a>"));
}

TEST(MarkdownTest, RawHtmlStaysEscaped) {
  const std::string inline_html = RenderMarkdown("hi <script>alert(1)</script> there");
  EXPECT_FALSE(Contains(inline_html, "<script")) << inline_html;
  EXPECT_TRUE(Contains(inline_html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << inline_html;

  const std::string block_html = RenderMarkdown("<script>\nalert(1)\n</script>\n\nafter");
  EXPECT_FALSE(Contains(block_html, "<script")) << block_html;
  EXPECT_TRUE(Contains(block_html, "&lt;script&gt;")) << block_html;
  EXPECT_TRUE(Contains(block_html, "<p>after</p>")) << block_html;

  const std::string attr = RenderMarkdown("<img src=x onerror=alert(1)>");
  EXPECT_FALSE(Contains(attr, "<img")) << attr;
}

TEST(MarkdownTest, UnsafeLinksAreDroppedButKeepTheirText) {
  for (const char* md :
       {"[click](javascript:alert(1))", "[click](JavaScript:alert(1))", "[click](vbscript:x)",
        "[click](data:text/html;base64,PHNjcmlwdD4=)", "[click](<java\tscript:alert(1)>)",
        "<javascript:alert(1)>", "[click][r]\n\n[r]: javascript:alert(1)"}) {
    const std::string html = RenderMarkdown(md);
    EXPECT_FALSE(Contains(html, "href")) << md << " -> " << html;
    EXPECT_FALSE(Contains(html, "<a")) << md << " -> " << html;
  }
  EXPECT_EQ(RenderMarkdown("[click](javascript:alert(1))"), "<p>click</p>");
}

TEST(MarkdownTest, SafeLinksStay) {
  EXPECT_EQ(RenderMarkdown("[a](https://x.org/p?q=1 \"T\")"),
            "<p><a href=\"https://x.org/p?q=1\" title=\"T\">a</a></p>");
  EXPECT_TRUE(Contains(RenderMarkdown("[a](http://x.org)"), "href=\"http://x.org\""));
  EXPECT_TRUE(Contains(RenderMarkdown("[a](mailto:me@x.org)"), "href=\"mailto:me@x.org\""));
  EXPECT_TRUE(Contains(RenderMarkdown("[a](../runs/a#b)"), "href=\"../runs/a#b\""));
  EXPECT_TRUE(Contains(RenderMarkdown("[a](/x:y)"), "href=\"/x:y\""));
}

TEST(MarkdownTest, ImagesBecomeLinks) {
  EXPECT_EQ(RenderMarkdown("![a cat](https://x.org/cat.png)"),
            "<p><a href=\"https://x.org/cat.png\">a cat</a></p>");
  EXPECT_FALSE(Contains(RenderMarkdown("![a *cat*](cat.png \"t\")"), "<img"));
  EXPECT_EQ(RenderMarkdown("![pic](javascript:alert(1))"), "<p>pic</p>");
  EXPECT_EQ(RenderMarkdown("![x](data:image/png;base64,AAAA)"), "<p>x</p>");
}

TEST(MarkdownTest, InvalidUtf8IsReplaced) {
  EXPECT_EQ(RenderMarkdown("a\xff!"), "<p>a\xef\xbf\xbd!</p>");
}

// cmark-gfm keeps parser state in globals (see ParseMutex in markdown.cc); without the lock this
// fails within a few hundred renders.
TEST(MarkdownTest, RendersFromManyThreads) {
  const std::string source = "| a | b |\n|---|---|\n| ~~1~~ | www.x.org |\n";
  const std::string expected = RenderMarkdown(source);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (RenderMarkdown(source) != expected) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(MarkdownTest, EscapeHtml) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}

// --- text tensors to HTML -----------------------------------------------------------------------

TEST(TextTensorToHtmlTest, ScalarIsMarkdown) {
  EXPECT_EQ(TextTensorToHtml(StringTensor({}, {"**hi**"}), true), "<p><strong>hi</strong></p>");
  EXPECT_EQ(TextTensorToHtml(StringTensor({}, {"**hi** <b>"}), false), "**hi** &lt;b&gt;");
}

TEST(TextTensorToHtmlTest, VectorIsOneColumnTable) {
  EXPECT_EQ(TextTensorToHtml(StringTensor({2}, {"a", "*b*"}), true),
            "<table>\n<tbody>\n<tr>\n<td><p>a</p></td>\n</tr>\n<tr>\n<td><p><em>b</em></p></td>\n"
            "</tr>\n</tbody>\n</table>");
}

TEST(TextTensorToHtmlTest, MatrixIsTable) {
  EXPECT_EQ(TextTensorToHtml(StringTensor({2, 2}, {"a", "b", "c", "d"}), true),
            "<table>\n<tbody>\n<tr>\n<td><p>a</p></td>\n<td><p>b</p></td>\n</tr>\n"
            "<tr>\n<td><p>c</p></td>\n<td><p>d</p></td>\n</tr>\n</tbody>\n</table>");
  EXPECT_EQ(TextTensorToHtml(StringTensor({1, 2}, {"<i>", "b"}), false),
            "<table>\n<tbody>\n<tr>\n<td>&lt;i&gt;</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>");
}

TEST(TextTensorToHtmlTest, MissingValuesRepeatTheLast) {
  // make_ndarray pads string_val with its last value up to the shape's size.
  EXPECT_EQ(TextTensorToHtml(StringTensor({1, 3}, {"a", "b"}), false),
            "<table>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n<td>b</td>\n</tr>\n</tbody>\n"
            "</table>");
}

TEST(TextTensorToHtmlTest, HigherRankShowsWarningAndFirstSlice) {
  const std::string html = TextTensorToHtml(StringTensor({2, 1, 2}, {"a", "b", "c", "d"}), true);
  EXPECT_EQ(html,
            "<p><strong>Warning:</strong> This text summary contained data of dimensionality 3, "
            "but only 2d tables are supported. Showing a 2d slice of the data instead.</p>"
            "<table>\n<tbody>\n<tr>\n<td><p>a</p></td>\n<td><p>b</p></td>\n</tr>\n</tbody>\n"
            "</table>");
}

TEST(TextTensorToHtmlTest, NulsAreDroppedWithAWarning) {
  const std::string html =
      TextTensorToHtml(StringTensor({2}, {std::string("a\0b", 3), std::string("\0\0c", 3)}), true);
  EXPECT_EQ(html.rfind("<!-- WARNING: discarded 3 null bytes in markdown string after UTF-8 "
                       "decoding -->\n<table>",
                       0),
            0u)
      << html;
  EXPECT_TRUE(Contains(html, "<td><p>ab</p></td>")) << html;
}

TEST(TextTensorToHtmlTest, HugeBroadcastShapeIsCut) {
  const std::string html = TextTensorToHtml(StringTensor({1000000000}, {"x"}), false);
  EXPECT_LT(html.size(), 10u * 1000 * 1000);
  EXPECT_TRUE(Contains(html, "too large")) << html.substr(0, 300);
}

// --- routes on the corpus -----------------------------------------------------------------------

class TextPluginTest : public ::testing::Test {
 protected:
  TextPluginTest() : plugin_(MakeTextPlugin(CorpusContext())) {}
  std::unique_ptr<Plugin> plugin_;
};

TEST_F(TextPluginTest, MatchesTensorBoardGoldens) {
  int checked = 0;
  for (const auto& [key, record] : Golden().items()) {
    if (key.rfind("text/", 0) != 0) continue;
    SCOPED_TRACE(key);
    auto response = Call(*plugin_, record["path"].get<std::string>());
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, record["status"].get<int>());
    EXPECT_EQ(response->content_type, "application/json");
    std::string diff;
    EXPECT_TRUE(JsonMatches(record["body"], nlohmann::json::parse(response->body), &diff)) << diff;
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST_F(TextPluginTest, UnknownRunOrTagIsEmptyList) {
  for (const char* path : {"/data/plugin/text/text?run=nope&tag=config",
                           "/data/plugin/text/text?run=resnet_tb/train&tag=nope",
                           "/data/plugin/text/text?run=resnet_tb/train", "/data/plugin/text/text",
                           // A tag of another plugin is unknown to this one.
                           "/data/plugin/text/text?run=resnet_tb/train&tag=__run_graph__"}) {
    auto response = Call(*plugin_, path);
    ASSERT_TRUE(response.ok()) << path;
    EXPECT_EQ(response->status, 200) << path;
    EXPECT_EQ(response->body, "[]") << path;
  }
}

TEST_F(TextPluginTest, MarkdownFalseEscapesOnly) {
  auto response =
      Call(*plugin_, "/data/plugin/text/text?run=resnet_tb/train&tag=config&markdown=false");
  ASSERT_TRUE(response.ok());
  const auto body = nlohmann::json::parse(response->body);
  ASSERT_EQ(body.size(), 1u);
  const std::string text = body[0]["text"];
  EXPECT_EQ(text.rfind("## Run configuration", 0), 0u) << text;
  EXPECT_FALSE(Contains(text, "<h2>")) << text;
}

TEST_F(TextPluginTest, IsActiveAndListed) {
  EXPECT_TRUE(plugin_->IsActive());
  EXPECT_EQ(plugin_->name(), "text");
  EXPECT_EQ(plugin_->FrontendMetadata()["loading_mechanism"]["element_name"], "tf-text-dashboard");
}

}  // namespace
}  // namespace tracker::plugins
