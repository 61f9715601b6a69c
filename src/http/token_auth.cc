#include "http/token_auth.h"

#include <cctype>

namespace tracker::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

TokenAuth::TokenAuth(std::string token, std::string cookie_name)
    : token_(std::move(token)), cookie_name_(std::move(cookie_name)) {}

// Compares in time that depends only on the lengths, so response timing does not reveal how
// many leading characters of a guess were right.
bool TokenAuth::Matches(std::string_view candidate) const {
  if (candidate.size() != token_.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < token_.size(); ++i) {
    diff |= static_cast<unsigned char>(candidate[i] ^ token_[i]);
  }
  return diff == 0;
}

TokenAuth::Verdict TokenAuth::Check(std::string_view authorization, std::string_view cookie,
                                    const std::multimap<std::string, std::string>& query) const {
  if (!enabled()) return Verdict::kAllowed;
  authorization = Trim(authorization);
  if (StartsWithIgnoreCase(authorization, "Bearer ") && Matches(Trim(authorization.substr(7)))) {
    return Verdict::kAllowed;
  }
  // Cookie: name=value; name2=value2
  while (!cookie.empty()) {
    const size_t semi = cookie.find(';');
    const std::string_view pair = Trim(cookie.substr(0, semi));
    cookie = semi == std::string_view::npos ? std::string_view() : cookie.substr(semi + 1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != cookie_name_) continue;
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (Matches(value)) return Verdict::kAllowed;
  }
  auto [lo, hi] = query.equal_range("token");
  for (auto it = lo; it != hi; ++it) {
    if (Matches(it->second)) return Verdict::kAllowedByQuery;
  }
  return Verdict::kDenied;
}

std::string TokenAuth::SetCookieValue(std::string_view path) const {
  return cookie_name_ + "=" + token_ + "; Path=" + std::string(path) +
         "; HttpOnly; SameSite=Strict";
}

}  // namespace tracker::http
