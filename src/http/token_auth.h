// TokenAuth: the --auth_token check: a Bearer header for scripts, a cookie for the page and its
// event stream, and ?token= once to set that cookie.
#ifndef TRACKER_HTTP_TOKEN_AUTH_H_
#define TRACKER_HTTP_TOKEN_AUTH_H_

#include <map>
#include <string>
#include <string_view>

namespace tracker::http {

class TokenAuth {
 public:
  enum class Verdict {
    kAllowed,         // by the Authorization header or the cookie (or no token configured)
    kAllowedByQuery,  // by ?token=: the caller sets the cookie and drops the parameter
    kDenied,
  };

  // An empty token turns the check off. `cookie_name` should differ between servers on one
  // host (cookies ignore ports), e.g. by carrying the port. The token must need no escaping in
  // a URL or a cookie (the --auth_token flag allows only letters, digits and "-._~").
  TokenAuth(std::string token, std::string cookie_name);

  bool enabled() const { return !token_.empty(); }
  const std::string& cookie_name() const { return cookie_name_; }

  // `authorization` and `cookie` are the header values ("" when absent); `query` the decoded
  // query parameters.
  Verdict Check(std::string_view authorization, std::string_view cookie,
                const std::multimap<std::string, std::string>& query) const;

  // A Set-Cookie value for the token: HttpOnly so page scripts cannot read it, SameSite=Strict
  // so other sites cannot send it, scoped to `path`.
  std::string SetCookieValue(std::string_view path) const;

 private:
  bool Matches(std::string_view candidate) const;

  std::string token_;
  std::string cookie_name_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_TOKEN_AUTH_H_
