#include "http/host_allowlist.h"

#include <algorithm>
#include <cctype>

namespace tracker::http {
namespace {

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Characters of a reg-name or IPv4 literal that we accept in a Host header. Anything else
// (spaces, '@', '/', control bytes) makes the header malformed.
bool IsHostChar(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; }

}  // namespace

HostAllowlist::HostAllowlist(const std::vector<std::string>& names, bool allow_any)
    : allow_any_(allow_any) {
  hosts_ = {"localhost", "127.0.0.1", "[::1]"};
  for (const std::string& name : names) {
    // A bare IPv6 literal ("::1", "fe80::1") is bracketed as it appears in a Host header.
    std::string host = name.find(':') != std::string::npos && name.front() != '['
                           ? HostOf("[" + name + "]")
                           : HostOf(name);
    if (!host.empty()) hosts_.push_back(std::move(host));
  }
}

std::string HostAllowlist::HostOf(std::string_view host_header) {
  std::string_view host = host_header;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return "";
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty() && port.front() != ':') return "";
    for (char c : host.substr(1, host.size() - 2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return "";
    }
  } else {
    const size_t colon = host.find(':');
    if (colon != std::string_view::npos) {
      port = host.substr(colon);
      host = host.substr(0, colon);
    }
    if (!std::all_of(host.begin(), host.end(), [](unsigned char c) { return IsHostChar(c); })) {
      return "";
    }
  }
  if (!port.empty() && !IsDigits(port.substr(1))) return "";
  std::string out(host);
  while (!out.empty() && out.back() == '.') out.pop_back();  // "localhost." is localhost
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool HostAllowlist::Allows(std::string_view host_header) const {
  if (allow_any_) return true;
  const std::string host = HostOf(host_header);
  if (host.empty()) return false;
  return std::find(hosts_.begin(), hosts_.end(), host) != hosts_.end();
}

}  // namespace tracker::http
