// HostAllowlist: which Host header values the server answers, so that a page on another site
// cannot read the data through DNS rebinding.
#ifndef TRACKER_HTTP_HOST_ALLOWLIST_H_
#define TRACKER_HTTP_HOST_ALLOWLIST_H_

#include <string>
#include <string_view>
#include <vector>

namespace tracker::http {

class HostAllowlist {
 public:
  // Allows localhost, 127.0.0.1 and [::1], plus each of `names` (host names or IP literals;
  // IPv6 literals with or without brackets), on any port. With `allow_any` every Host is
  // answered: the server was exposed on purpose (--bind_all) and nothing narrower was named.
  explicit HostAllowlist(const std::vector<std::string>& names, bool allow_any = false);
  // localhost, 127.0.0.1 and [::1] only.
  HostAllowlist() : HostAllowlist({}, false) {}

  // Whether a request with this Host header value is answered. A missing or malformed Host
  // is refused unless allow_any.
  bool Allows(std::string_view host_header) const;
  bool allow_any() const { return allow_any_; }

  // The host part of a Host header value, lower-case, IPv6 literals in brackets, without the
  // port and without a trailing dot; "" if malformed.
  static std::string HostOf(std::string_view host_header);

 private:
  std::vector<std::string> hosts_;  // normalised as HostOf returns them
  bool allow_any_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_HOST_ALLOWLIST_H_
