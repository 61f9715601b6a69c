// Helpers of the plugin interface: query parameters, form bodies, and which plugins have data.
#include <cctype>

#include "plugins/plugin.h"

namespace tracker::plugins {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding: '+' is a space, bad escapes stay literal.
std::string FormDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() &&
               HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// multipart/form-data (RFC 7578): parts between "--boundary" lines, each with headers, a blank
// line and its value; the field name comes from Content-Disposition. A body that does not parse
// yields no fields, which the routes report as a missing field.
std::multimap<std::string, std::string> MultipartFields(std::string_view body,
                                                        std::string_view boundary) {
  std::multimap<std::string, std::string> fields;
  if (boundary.empty()) return fields;
  const std::string delimiter = "--" + std::string(boundary);
  size_t pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // the closing delimiter
    const size_t headers_start = body.find("\r\n", pos);
    if (headers_start == std::string_view::npos) break;
    const size_t headers_end = body.find("\r\n\r\n", headers_start);
    if (headers_end == std::string_view::npos) break;
    const size_t next = body.find("\r\n" + delimiter, headers_end + 4);
    if (next == std::string_view::npos) break;
    const std::string_view headers = body.substr(headers_start, headers_end - headers_start);
    const std::string_view value = body.substr(headers_end + 4, next - headers_end - 4);
    // name="..." in Content-Disposition; browsers escape quotes in names as %22.
    const size_t name_at = headers.find("name=\"");
    if (name_at != std::string_view::npos) {
      const size_t start = name_at + 6;
      const size_t end = headers.find('"', start);
      if (end != std::string_view::npos) {
        fields.emplace(std::string(headers.substr(start, end - start)), std::string(value));
      }
    }
    pos = next + 2;
  }
  return fields;
}

}  // namespace

std::optional<std::string> Request::Param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Request::Params(std::string_view name) const {
  std::vector<std::string> out;
  auto [lo, hi] = query.equal_range(std::string(name));
  for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  return out;
}

std::multimap<std::string, std::string> Request::FormFields() const {
  if (content_type == "multipart/form-data") return MultipartFields(body, boundary);
  std::multimap<std::string, std::string> fields;
  if (content_type != "application/x-www-form-urlencoded") return fields;
  std::string_view rest = body;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    fields.emplace(FormDecode(pair.substr(0, eq)),
                   eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1)));
  }
  return fields;
}

bool AnyTagOfPlugin(const Multiplexer& store, std::string_view plugin_name) {
  for (const auto& run : store.Runs()) {
    const bool found = run->Read([plugin_name](const RunData& data) {
      for (const auto& [name, tag] : data.tags()) {
        if (tag->has_metadata && tag->plugin_name() == plugin_name) return true;
      }
      return false;
    });
    if (found) return true;
  }
  return false;
}

}  // namespace tracker::plugins
