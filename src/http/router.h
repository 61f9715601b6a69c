// Router: one parsed HTTP request in, one response out, with no sockets involved. It applies
// TensorBoard's URL rules (spec §6), the Host and token checks, and the shared response headers,
// and dispatches to plugin routes, the event stream and the static assets.
#ifndef TRACKER_HTTP_ROUTER_H_
#define TRACKER_HTTP_ROUTER_H_

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/asset_source.h"
#include "http/response_cache.h"
#include "http/host_allowlist.h"
#include "http/token_auth.h"
#include "plugins/plugin.h"

namespace tracker::http {

namespace beast_http = boost::beast::http;
using HttpRequest = beast_http::request<beast_http::string_body>;
using HttpResponse = beast_http::response<beast_http::string_body>;

struct RouterOptions {
  // "" or a path like "/tb" (leading slash, no trailing slash): every route lives under it.
  std::string path_prefix;
  HostAllowlist hosts;
  // --auth_token; empty means no token is asked for.
  std::string auth_token;
  std::string auth_cookie_name = "tracker_token";
  // A stamp that changes with every change to the store (Multiplexer::stamp). With it, GET
  // answers of plugin routes are cached while the store stays the same, and carry an ETag
  // (If-None-Match gets 304). Null: nothing is cached.
  std::function<uint64_t()> store_stamp;
  size_t cache_bytes = 64 << 20;        // the cache's bound, bodies and their gzip forms
  size_t cache_entry_bytes = 16 << 20;  // larger answers are not kept
};

// What the session does with a request.
struct Reply {
  HttpResponse message;
  // The request opened the event stream: `message` holds only its headers, and the session
  // streams ChangeFeed events after them.
  bool event_stream = false;
  // The stream's Last-Event-ID: the cursor the page saw before it reconnected.
  std::optional<uint64_t> last_event_id;
};

class Router {
 public:
  static constexpr std::string_view kEventStreamPath = "/data/tracker/events";
  // Sent with every text/html response: only the server's own scripts, no eval, images only
  // from the server and data: URLs, no plugins, no framing by other sites.
  static constexpr std::string_view kContentSecurityPolicy =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "font-src 'self' data:; media-src 'self' data:; connect-src 'self'; object-src 'none'; "
      "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
  // Bodies smaller than this are sent as they are: gzip would save nothing.
  static constexpr size_t kMinGzipSize = 256;

  // `routes` are matched by exact path; their handlers must stay callable while the router
  // lives. `assets` may be null (no web page) and must outlive the router.
  Router(RouterOptions options, std::vector<plugins::Route> routes, const AssetSource* assets);

  // Thread-safe; never throws. A handler's exception or an unexpected status becomes a 500
  // with a JSON error, logged, since it is a bug.
  Reply Handle(const HttpRequest& request) const;

  // A JSON error response {"error": message} with the shared headers, for the session's own
  // refusals (malformed HTTP, oversized headers or body) and the router's.
  static HttpResponse ErrorResponse(beast_http::status status, std::string_view message,
                                    unsigned version = 11);

 private:
  Reply Route(const HttpRequest& request) const;
  Reply Dispatch(const HttpRequest& request, std::string_view path,
                 std::multimap<std::string, std::string> query, std::string_view script_root) const;
  Reply CallPlugin(const plugins::Route& route, const HttpRequest& request, std::string_view path,
                   std::multimap<std::string, std::string> query) const;
  // A handler's answer or error as a reply (errors as {"error"} with TensorBoard's codes).
  Reply PluginReply(StatusOr<plugins::Response> result, const HttpRequest& request) const;
  // A cached GET answer of a plugin route (computing and storing it on a miss).
  Reply CallCachedPlugin(const plugins::Route& route, const HttpRequest& request,
                         std::string_view path, plugins::Request preq) const;
  Reply ServeAsset(const HttpRequest& request, std::string_view path) const;
  // Headers every response carries, gzip when it pays and is accepted, HEAD's empty body.
  void Finish(const HttpRequest& request, Reply* reply) const;

  RouterOptions options_;
  TokenAuth auth_;
  std::map<std::string, plugins::Route, std::less<>> routes_;
  const AssetSource* assets_;
  std::unique_ptr<ResponseCache> cache_;  // null without options_.store_stamp
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_ROUTER_H_
