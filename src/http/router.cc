#include "http/router.h"

#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <cctype>
#include <exception>
#include <nlohmann/json.hpp>

#include "http/content_type.h"
#include "http/gzip.h"
#include "http/etag.h"
#include "http/request_target.h"

namespace tracker::http {
namespace {

using beast_http::field;
using beast_http::status;
using beast_http::verb;

// TensorBoard's old dashboard URLs, which it sends back to the index.
constexpr std::string_view kIndexRedirects[] = {"/events", "/graphs", "/histograms", "/images",
                                                "/audio"};

std::string ErrorBody(std::string_view message) {
  return nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                 nlohmann::json::error_handler_t::replace);
}

Reply MakeReply(status s, std::string content_type, std::string body) {
  Reply reply;
  reply.message.result(s);
  reply.message.set(field::content_type, content_type);
  reply.message.body() = std::move(body);
  return reply;
}

Reply Error(status s, std::string_view message) {
  return MakeReply(s, "application/json", ErrorBody(message));
}

Reply NotFound() { return MakeReply(status::not_found, "text/plain; charset=utf-8", "Not found"); }

Reply Redirect(status s, std::string location) {
  Reply reply = MakeReply(s, "text/plain; charset=utf-8", "");
  reply.message.set(field::location, location);
  return reply;
}

Reply MethodNotAllowed(std::string_view method, std::string_view path, std::string_view allow) {
  Reply reply = Error(status::method_not_allowed, "Method Not Allowed: " + std::string(method) +
                                                      " is not allowed on " + std::string(path));
  reply.message.set(field::allow, allow);
  return reply;
}

// The percent-encoded form of a decoded path, for Location headers.
std::string EncodePath(std::string_view path) {
  std::string out;
  while (true) {
    const size_t slash = path.find('/');
    out += boost::urls::encode(path.substr(0, slash), boost::urls::pchars);
    if (slash == std::string_view::npos) return out;
    out.push_back('/');
    path.remove_prefix(slash + 1);
  }
}

// The boundary parameter of a multipart Content-Type value (quoted or not), or "".
std::string BoundaryParameter(std::string_view content_type) {
  std::string lower(content_type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = lower.find("boundary=");
  if (at == std::string::npos) return "";
  std::string_view value = content_type.substr(at + 9);
  if (!value.empty() && value.front() == '"') {
    value.remove_prefix(1);
    return std::string(value.substr(0, value.find('"')));
  }
  value = value.substr(0, value.find(';'));
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  return std::string(value);
}

// The media type of a Content-Type value, lower-case, without parameters.
std::string MediaType(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
  size_t start = 0;
  while (start < type.size() && std::isspace(static_cast<unsigned char>(type[start]))) ++start;
  type.erase(0, start);
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

// Whether an If-None-Match value names `etag` (weak comparison, as RFC 9110 §13.1.2 asks).
bool IfNoneMatchNames(std::string_view header, std::string_view etag) {
  if (header.empty()) return false;
  auto strip_weak = [](std::string_view t) { return t.substr(0, 2) == "W/" ? t.substr(2) : t; };
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*" || strip_weak(tag) == strip_weak(etag)) return true;
  }
  return false;
}

// The ETag of the gzip form of an asset: a different representation needs a different strong
// validator.
std::string GzipETag(std::string_view etag) {
  if (etag.size() >= 2 && etag.back() == '"') {
    return std::string(etag.substr(0, etag.size() - 1)) + "-gzip\"";
  }
  return std::string(etag) + "-gzip";
}

std::optional<uint64_t> ParseCursor(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

Router::Router(RouterOptions options, std::vector<plugins::Route> routes, const AssetSource* assets)
    : options_(std::move(options)),
      auth_(options_.auth_token, options_.auth_cookie_name),
      assets_(assets) {
  if (options_.store_stamp) {
    cache_ = std::make_unique<ResponseCache>(options_.cache_bytes, options_.cache_entry_bytes);
  }
  for (plugins::Route& route : routes) {
    std::string path = route.path;
    routes_.insert_or_assign(std::move(path), std::move(route));
  }
}

HttpResponse Router::ErrorResponse(status s, std::string_view message, unsigned version) {
  HttpResponse res{s, version};
  res.set(field::content_type, "application/json");
  res.set("X-Content-Type-Options", "nosniff");
  res.set(field::cache_control, "no-cache, must-revalidate");
  res.set(field::expires, "0");
  res.body() = ErrorBody(message);
  res.prepare_payload();
  return res;
}

Reply Router::Handle(const HttpRequest& request) const {
  Reply reply;
  try {
    reply = Route(request);
  } catch (const std::exception& e) {
    spdlog::error("500 for {} {}: {}", std::string(request.method_string()),
                  std::string(request.target()), e.what());
    reply = Error(status::internal_server_error, std::string("Internal error: ") + e.what());
  } catch (...) {
    spdlog::error("500 for {} {}: unknown exception", std::string(request.method_string()),
                  std::string(request.target()));
    reply = Error(status::internal_server_error, "Internal error");
  }
  try {
    Finish(request, &reply);
  } catch (const std::exception& e) {
    // Only gzip can throw here (out of memory); send the refusal plainly.
    spdlog::error("500 for {} {}: {}", std::string(request.method_string()),
                  std::string(request.target()), e.what());
    reply = Reply();
    reply.message =
        ErrorResponse(status::internal_server_error, "Internal error", request.version());
  }
  return reply;
}

Reply Router::Route(const HttpRequest& request) const {
  // 1. Host: a page served from another name (DNS rebinding) must not read our answers.
  const std::string_view host = request[field::host];
  if (!options_.hosts.Allows(host)) {
    if (host.empty()) return Error(status::bad_request, "a Host header is required");
    const std::string name = HostAllowlist::HostOf(host);
    return Error(
        status::forbidden,
        "Host '" + std::string(host) + "' is not allowed" +
            (name.empty() ? std::string()
                          : "; start tracker with --allowed_hosts=" + name + " to serve it"));
  }

  // 2. The target, percent-decoded. Bad encodings are refused rather than guessed at.
  auto target_or = ParseRequestTarget(request.target());
  if (!target_or.ok()) return Error(status::bad_request, target_or.status().message());
  RequestTarget target = std::move(target_or).value();

  // 3. The token, before anything is revealed, including whether a path exists.
  bool set_cookie = false;
  if (auth_.enabled()) {
    switch (auth_.Check(request[field::authorization], request[field::cookie], target.query)) {
      case TokenAuth::Verdict::kAllowed:
        break;
      case TokenAuth::Verdict::kAllowedByQuery:
        if (request.method() == verb::get || request.method() == verb::head) {
          // Set the cookie and send the browser to the same URL without the token, so the
          // token leaves the address bar and history.
          const std::string rest = EncodedQueryWithout(target.encoded_query, "token");
          Reply reply =
              Redirect(status::found, target.encoded_path + (rest.empty() ? "" : "?" + rest));
          reply.message.set(field::set_cookie, auth_.SetCookieValue(options_.path_prefix + "/"));
          reply.message.set(field::cache_control, "no-store");
          reply.message.set("Referrer-Policy", "no-referrer");
          return reply;
        }
        set_cookie = true;
        break;
      case TokenAuth::Verdict::kDenied: {
        Reply reply = Error(status::unauthorized,
                            "this server needs its token: open the URL with ?token=TOKEN once, "
                            "or send the header Authorization: Bearer TOKEN");
        reply.message.set(field::www_authenticate, "Bearer");
        return reply;
      }
    }
    target.query.erase("token");  // the token is ours, not a route parameter
  }

  // 4. --path_prefix: the path must be the prefix or lie below it.
  std::string_view path = target.path;
  std::string script_root = options_.path_prefix;
  if (!options_.path_prefix.empty()) {
    const std::string_view prefix = options_.path_prefix;
    if (path == prefix) {
      path = "";
    } else if (path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix &&
               path[prefix.size()] == '/') {
      path.remove_prefix(prefix.size());
    } else {
      return NotFound();
    }
  }

  // 5. /experiment/<eid>: the Angular UI's prefix; the id means nothing to a local store.
  constexpr std::string_view kExperiment = "/experiment/";
  if (path.substr(0, kExperiment.size()) == kExperiment) {
    const size_t end = path.find('/', kExperiment.size());
    script_root += std::string(path.substr(0, end));
    path = end == std::string_view::npos ? std::string_view() : path.substr(end);
  }

  // 6. Nothing left: the root of the app is its path with a slash ("/tb" -> "/tb/").
  if (path.empty()) {
    return Redirect(status::moved_permanently,
                    target.encoded_path + "/" +
                        (target.has_query ? "?" + target.encoded_query : std::string()));
  }

  // 7. "/data/runs/" is "/data/runs".
  std::string clean(path);
  if (clean.size() > 1 && clean.back() == '/') clean.pop_back();

  Reply reply = Dispatch(request, clean, std::move(target.query), script_root);
  if (set_cookie) {
    reply.message.set(field::set_cookie, auth_.SetCookieValue(options_.path_prefix + "/"));
  }
  return reply;
}

Reply Router::Dispatch(const HttpRequest& request, std::string_view path,
                       std::multimap<std::string, std::string> query,
                       std::string_view script_root) const {
  const verb method = request.method();
  const bool get = method == verb::get || method == verb::head;

  if (auto it = routes_.find(path); it != routes_.end()) {
    const plugins::Route& route = it->second;
    if ((get && route.allow_get) || (method == verb::post && route.allow_post)) {
      return CallPlugin(route, request, path, std::move(query));
    }
    std::string allow = route.allow_get ? "GET, HEAD" : "";
    if (route.allow_post) allow += allow.empty() ? "POST" : ", POST";
    return MethodNotAllowed(request.method_string(), path, allow);
  }

  if (path == kEventStreamPath) {
    if (!get) return MethodNotAllowed(request.method_string(), path, "GET, HEAD");
    Reply reply = MakeReply(status::ok, "text/event-stream", "");
    // no-cache and no buffering in proxies (nginx honours X-Accel-Buffering), so each event
    // reaches the page when it is sent.
    reply.message.set(field::cache_control, "no-cache");
    reply.message.set("X-Accel-Buffering", "no");
    reply.event_stream = method == verb::get;
    reply.last_event_id = ParseCursor(request["Last-Event-ID"]);
    return reply;
  }

  for (std::string_view old : kIndexRedirects) {
    if (path == old) {
      if (!get) return MethodNotAllowed(request.method_string(), path, "GET, HEAD");
      return Redirect(status::found, EncodePath(script_root) + "/");
    }
  }

  if (assets_ != nullptr) {
    const std::string_view asset_path = path == "/" ? std::string_view("/index.html") : path;
    if (assets_->Find(asset_path)) {
      if (!get) return MethodNotAllowed(request.method_string(), path, "GET, HEAD");
      return ServeAsset(request, asset_path);
    }
  }
  return NotFound();
}

Reply Router::CallPlugin(const plugins::Route& route, const HttpRequest& request,
                         std::string_view path,
                         std::multimap<std::string, std::string> query) const {
  plugins::Request preq;
  // HEAD is answered as GET and its body dropped in Finish; handlers see only GET or POST.
  preq.method = request.method() == verb::post ? "POST" : "GET";
  preq.path = std::string(path);
  preq.query = std::move(query);
  preq.content_type = MediaType(request[field::content_type]);
  if (preq.content_type == "multipart/form-data") {
    preq.boundary = BoundaryParameter(request[field::content_type]);
  }
  preq.body = request.body();
  if (cache_ != nullptr && preq.method == "GET") {
    return CallCachedPlugin(route, request, path, std::move(preq));
  }

  return PluginReply(route.handler(preq), request);
}

Reply Router::PluginReply(StatusOr<plugins::Response> result, const HttpRequest& request) const {
  if (!result.ok()) {
    const Status& s = result.status();
    switch (s.code()) {
      case StatusCode::kInvalidArgument:
        return Error(status::bad_request, s.message());
      case StatusCode::kNotFound:
        return Error(status::not_found, s.message());
      case StatusCode::kFailedPrecondition:
        return Error(status::method_not_allowed, s.message());
      default:
        spdlog::error("500 for {} {}: {}", std::string(request.method_string()),
                      std::string(request.target()),
                      s.ToString());
        return Error(status::internal_server_error, s.message());
    }
  }
  plugins::Response& r = *result;
  Reply reply =
      MakeReply(static_cast<status>(r.status), std::move(r.content_type), std::move(r.body));
  for (auto& [name, value] : r.headers) reply.message.set(name, value);
  return reply;
}

Reply Router::CallCachedPlugin(const plugins::Route& route, const HttpRequest& request,
                               std::string_view path, plugins::Request preq) const {
  // The decoded path and query: equal requests spelled differently share an entry.
  std::string key(path);
  for (const auto& [name, value] : preq.query) {
    key += '\0';
    key += name;
    key += '=';
    key += value;
  }
  // Read before computing: see ResponseCache.
  const uint64_t stamp = options_.store_stamp();
  std::shared_ptr<const CachedResponse> entry = cache_->Find(key, stamp);
  if (entry == nullptr) {
    StatusOr<plugins::Response> result = route.handler(preq);
    if (!result.ok() || result->status != 200) {
      // Errors and redirects are cheap and rare: answered as they are, not kept.
      return PluginReply(std::move(result), request);
    }
    auto fresh = std::make_shared<CachedResponse>();
    fresh->stamp = stamp;
    fresh->content_type = std::move(result->content_type);
    fresh->body = std::move(result->body);
    fresh->etag = ETagFor(fresh->body);
    fresh->headers = std::move(result->headers);
    cache_->Insert(key, fresh);
    entry = std::move(fresh);
  }

  const bool compressible = IsCompressibleType(entry->content_type);
  const bool gzip = compressible && entry->body.size() >= kMinGzipSize &&
                    AcceptsGzip(request[field::accept_encoding]);
  if (gzip && entry->gzipped.empty()) {
    auto with_gzip = std::make_shared<CachedResponse>(*entry);
    with_gzip->gzipped = GzipCompress(entry->body);
    cache_->Insert(key, with_gzip);
    entry = std::move(with_gzip);
  }
  const std::string etag = gzip ? GzipETag(entry->etag) : entry->etag;
  Reply reply;
  reply.message.set(field::etag, etag);
  if (compressible) reply.message.set(field::vary, "Accept-Encoding");
  for (const auto& [name, value] : entry->headers) reply.message.set(name, value);
  if (IfNoneMatchNames(request[field::if_none_match], etag)) {
    reply.message.result(status::not_modified);
    return reply;
  }
  reply.message.result(status::ok);
  reply.message.set(field::content_type, entry->content_type);
  if (gzip) {
    reply.message.set(field::content_encoding, "gzip");
    reply.message.body() = entry->gzipped;
  } else {
    reply.message.body() = entry->body;
  }
  return reply;
}

Reply Router::ServeAsset(const HttpRequest& request, std::string_view path) const {
  std::optional<Asset> asset = assets_->Find(path);
  if (!asset) return NotFound();
  const bool compressible = IsCompressibleType(asset->content_type);
  const bool gzip = compressible && AcceptsGzip(request[field::accept_encoding]) &&
                    asset->bytes.size() >= kMinGzipSize;
  std::string body;
  std::string etag = asset->etag;
  bool encoded = false;
  if (gzip) {
    body = asset->gzipped.empty() ? GzipCompress(asset->bytes) : std::string(asset->gzipped);
    etag = GzipETag(etag);
    encoded = true;
  }
  Reply reply;
  reply.message.set(field::etag, etag);
  if (compressible) reply.message.set(field::vary, "Accept-Encoding");
  if (IfNoneMatchNames(request[field::if_none_match], etag)) {
    reply.message.result(status::not_modified);
    return reply;
  }
  reply.message.result(status::ok);
  reply.message.set(field::content_type, asset->content_type);
  if (encoded) {
    reply.message.set(field::content_encoding, "gzip");
    reply.message.body() = std::move(body);
  } else {
    reply.message.body() = std::string(asset->bytes);
  }
  return reply;
}

void Router::Finish(const HttpRequest& request, Reply* reply) const {
  HttpResponse& res = reply->message;
  res.version(request.version());
  res.keep_alive(request.keep_alive());
  res.set("X-Content-Type-Options", "nosniff");
  if (res.find(field::cache_control) == res.end()) {
    res.set(field::cache_control, "no-cache, must-revalidate");
  }
  res.set(field::expires, "0");
  const std::string_view content_type = res[field::content_type];
  if (IsHtmlType(content_type)) {
    res.set("Content-Security-Policy", kContentSecurityPolicy);
  }

  if (reply->event_stream) return;  // the session sends the headers and streams the body

  if (res.find(field::content_encoding) == res.end() && IsCompressibleType(content_type) &&
      res.result() != status::not_modified) {
    res.set(field::vary, "Accept-Encoding");
    if (res.body().size() >= kMinGzipSize && AcceptsGzip(request[field::accept_encoding])) {
      res.body() = GzipCompress(res.body());
      res.set(field::content_encoding, "gzip");
    }
  }

  if (res.result() == status::not_modified) {
    // No body and no length: a 304's Content-Length would have to be the 200's.
    res.body().clear();
    res.erase(field::content_length);
  } else if (request.method() == verb::head) {
    // The same headers as GET, with GET's length, and no body.
    const size_t length = res.body().size();
    res.body().clear();
    res.content_length(length);
  } else {
    res.prepare_payload();
  }
}

}  // namespace tracker::http
