#include "plugins/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <memory>
#include <mutex>
#include <vector>

namespace tracker::plugins {
namespace {

// The GFM extensions we parse with. Registration fills a process-wide list inside cmark-gfm, so
// it happens once; afterwards the list is only read.
const char* const kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter"};

void EnsureExtensionsRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

// Serialises parsing. cmark-gfm's inline parser keeps its table of special characters in a
// global: each parse adds the characters of its extensions ('~', '|', ':', 'w') on entry and
// removes them on exit, so two parses at once make each other miss strikethrough, tables or
// autolinks (github/cmark-gfm#221; seen here as wrong output from concurrent requests). Parsing
// a summary takes microseconds, so one lock costs nothing measurable; rendering the tree to HTML
// touches no globals and runs outside it.
std::mutex& ParseMutex() {
  static std::mutex mu;
  return mu;
}

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

// Whether a link target may appear in the page: a relative reference, or an absolute URL with
// one of a few schemes. An allowlist rather than cmark's own denylist (javascript:, vbscript:,
// file:, data:) so that a scheme nobody thought of stays out too. Browsers drop tabs and
// newlines anywhere in a URL and leading spaces and control characters, so we do the same
// before looking for the scheme: "java\tscript:" must not pass as a relative path.
bool IsSafeUrl(std::string_view url) {
  std::string cleaned;
  cleaned.reserve(url.size());
  for (char c : url) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (cleaned.empty() && static_cast<unsigned char>(c) <= 0x20) continue;
    cleaned.push_back(c);
  }
  const size_t end = cleaned.find_first_of(":/?#");
  if (end == std::string::npos || cleaned[end] != ':') return true;  // relative
  std::string scheme;
  for (size_t i = 0; i < end; ++i) {
    const char c = cleaned[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '-' || c == '.';
    if (!ok) return false;  // not a valid scheme; refuse rather than guess what a browser does
    scheme.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// Moves the children of `node` in front of it, then removes and frees `node`: what is left of a
// link or image whose target we refuse is its text.
void ReplaceWithChildren(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) {
    cmark_node_unlink(child);
    cmark_node_insert_before(node, child);
  }
  cmark_node_free(node);  // also unlinks it
}

// A text node holding `literal`: raw HTML is shown as the text it is, escaped on output.
cmark_node* TextNode(const char* literal) {
  cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(text, literal != nullptr ? literal : "");
  return text;
}

// Rewrites the parsed document so that rendering it cannot load or run anything:
// - raw HTML (block or inline) becomes text, so it is escaped rather than dropped (TensorBoard's
//   sanitiser escapes tags it does not allow, and showing the source tells the writer why their
//   HTML did not render);
// - links keep their text but lose unsafe targets;
// - images become links to their source with the alt text as the link text.
void MakeSafe(cmark_node* root) {
  // Collect first: changing the tree under a live iterator is not supported.
  std::vector<cmark_node*> nodes;
  cmark_iter* iter = cmark_iter_new(root);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        nodes.push_back(node);
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);

  // Children come after their parents in `nodes`; rewriting in reverse order touches every
  // child before its parent is replaced, so no pointer in the list goes stale.
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    cmark_node* node = *it;
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_INLINE: {
        cmark_node_insert_before(node, TextNode(cmark_node_get_literal(node)));
        cmark_node_free(node);
        break;
      }
      case CMARK_NODE_HTML_BLOCK: {
        std::string literal = cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "";
        while (!literal.empty() && (literal.back() == '\n' || literal.back() == '\r')) {
          literal.pop_back();
        }
        cmark_node* paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH);
        cmark_node_append_child(paragraph, TextNode(literal.c_str()));
        cmark_node_insert_before(node, paragraph);
        cmark_node_free(node);
        break;
      }
      case CMARK_NODE_LINK: {
        const char* url = cmark_node_get_url(node);
        if (!IsSafeUrl(url != nullptr ? url : "")) ReplaceWithChildren(node);
        break;
      }
      case CMARK_NODE_IMAGE: {
        const char* url = cmark_node_get_url(node);
        if (!IsSafeUrl(url != nullptr ? url : "")) {
          ReplaceWithChildren(node);
          break;
        }
        cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(link, url);
        if (const char* title = cmark_node_get_title(node)) cmark_node_set_title(link, title);
        while (cmark_node* child = cmark_node_first_child(node)) {
          cmark_node_unlink(child);
          cmark_node_append_child(link, child);
        }
        cmark_node_insert_before(node, link);
        cmark_node_free(node);
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace

std::string RenderMarkdown(std::string_view markdown) {
  EnsureExtensionsRegistered();
  // VALIDATE_UTF8: summaries are arbitrary bytes; invalid sequences become U+FFFD instead of
  // reaching the JSON encoder. Without CMARK_OPT_UNSAFE cmark also blanks javascript: and
  // friends, a second line behind IsSafeUrl.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  std::unique_ptr<cmark_node, NodeDeleter> document;
  {
    std::lock_guard lock(ParseMutex());
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    document.reset(cmark_parser_finish(parser.get()));
  }
  if (document == nullptr) return EscapeHtml(markdown);
  MakeSafe(document.get());
  char* html =
      cmark_render_html(document.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out = html != nullptr ? html : "";
  cmark_get_default_mem_allocator()->free(html);
  // cmark ends every block with a newline; TensorBoard's renderer does not end with one.
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace tracker::plugins
