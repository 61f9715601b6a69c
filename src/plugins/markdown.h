// Markdown to safe HTML: the one renderer behind text summaries and tag descriptions.
#ifndef TRACKER_PLUGINS_MARKDOWN_H_
#define TRACKER_PLUGINS_MARKDOWN_H_

#include <string>
#include <string_view>

namespace tracker::plugins {

// Markdown (CommonMark + GFM tables, strikethrough, autolinks) to safe HTML: raw HTML in the
// source stays escaped (CMARK_OPT_DEFAULT without UNSAFE, and the tagfilter extension), links
// only with safe schemes (http, https, mailto, relative), and images are rendered as links
// (<a href=src>alt</a>) so nothing external is ever loaded by the page. Thread-safe (cmark-gfm
// extensions must be registered once: use std::call_once; and its parser mutates a global
// table, so parses take turns under one process-wide lock).
std::string RenderMarkdown(std::string_view markdown);

// `text` with &, <, > and " escaped, for inserting into HTML element content or attributes.
std::string EscapeHtml(std::string_view text);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_MARKDOWN_H_
