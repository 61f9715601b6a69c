// RequestTarget: the path and query of an HTTP request target, percent-decoded with Boost.URL.
#ifndef TRACKER_HTTP_REQUEST_TARGET_H_
#define TRACKER_HTTP_REQUEST_TARGET_H_

#include <map>
#include <string>
#include <string_view>

#include "status.h"

namespace tracker::http {

struct RequestTarget {
  std::string path;           // decoded: "%2F" is '/', "%20" is ' ' (as werkzeug decodes it)
  std::string encoded_path;   // as sent, for redirects that must echo it
  std::string encoded_query;  // as sent, without '?'; empty when there is none
  bool has_query = false;
  // Decoded parameters in order of appearance; '+' is a space, a key without '=' has value "".
  std::multimap<std::string, std::string> query;
};

// Parses an origin-form target ("/path?query"), or an absolute-form one
// ("http://host/path?query", which HTTP/1.1 servers must accept) keeping only path and query.
// Malformed targets and bad percent-encoding ("%zz", a lone "%") are InvalidArgument: the
// request is refused with 400 instead of guessing what the client meant.
StatusOr<RequestTarget> ParseRequestTarget(std::string_view target);

// `encoded_query` without the parameters named `name` (still encoded, '&'-joined).
std::string EncodedQueryWithout(std::string_view encoded_query, std::string_view name);

}  // namespace tracker::http

#endif  // TRACKER_HTTP_REQUEST_TARGET_H_
