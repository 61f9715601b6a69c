#include "http/request_target.h"

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>

namespace tracker::http {
namespace {

// Characters that RFC 3986 forbids in a target but that clients send raw anyway: browsers
// leave ^ | { } ` in the query as typed, and scripts send UTF-8 bytes. Werkzeug accepts them,
// so TensorBoard does; we escape them before the strict parse. '%', spaces and control
// characters are left alone, so a bad escape or a broken request line is still an error.
bool NeedsEscape(unsigned char c) {
  if (c >= 0x80) return true;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return true;
    default:
      return false;
  }
}

std::string EscapeLenient(std::string_view target) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(target.size() + 16);
  for (const unsigned char c : target) {
    if (NeedsEscape(c)) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

StatusOr<RequestTarget> ParseRequestTarget(std::string_view raw_target) {
  const std::string escaped = EscapeLenient(raw_target);
  const std::string_view target = escaped;
  auto parsed = !target.empty() && target.front() == '/' ? boost::urls::parse_origin_form(target)
                                                         : boost::urls::parse_absolute_uri(target);
  if (!parsed) {
    return InvalidArgumentError("malformed request target: " + parsed.error().message());
  }
  const boost::urls::url_view& url = *parsed;
  RequestTarget out;
  out.encoded_path = std::string(url.encoded_path());
  if (out.encoded_path.empty()) out.encoded_path = "/";  // "http://host" means "/"
  out.path = url.path();
  if (out.path.empty()) out.path = "/";
  out.has_query = url.has_query();
  out.encoded_query = std::string(url.encoded_query());
  // params() decodes percent-escapes and '+' as a space, as HTML forms and werkzeug do. The
  // grammar was checked by the parse above, so decoding cannot fail here.
  for (const auto& param : url.params()) out.query.emplace(param.key, param.value);
  return out;
}

std::string EncodedQueryWithout(std::string_view encoded_query, std::string_view name) {
  std::string out;
  auto params = boost::urls::parse_query(encoded_query);
  if (!params) return std::string(encoded_query);
  for (const auto& param : *params) {
    // Compare decoded keys: "tok%65n" is "token" too.
    if (param.key.decode() == name) continue;
    if (!out.empty()) out.push_back('&');
    out.append(param.key.data(), param.key.size());
    if (param.has_value) {
      out.push_back('=');
      out.append(param.value.data(), param.value.size());
    }
  }
  return out;
}

}  // namespace tracker::http
