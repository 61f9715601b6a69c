// The router without sockets: TensorBoard's URL rules, errors, headers, gzip, ETags, the Host
// and token checks, on a table of fake routes.
#include "http/router.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <nlohmann/json.hpp>
#include <iterator>
#include <stdexcept>

#include "http/embedded_assets.h"
#include "http/embedded_files.h"

namespace tracker::http {
namespace {

using beast_http::field;
using beast_http::status;
using beast_http::verb;

std::string Gunzip(const std::string& data) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  EXPECT_EQ(rc, Z_STREAM_END);
  return out;
}

const std::string kBigJson = "[" + std::string(2000, ' ') + "]";
const std::string kHtml = "<!doctype html><title>t</title>" + std::string(400, ' ');

const EmbeddedFile kFiles[] = {
    {"/index.html", kHtml.data(), kHtml.size(), "\"idx\""},
    {"/app.js", "console.log(1);", 15, "\"js\""},
    {"/logo.png", "\x89PNG....", 8, "\"png\""},
};

// A table of fake routes that records what the handler saw.
struct Fixture {
  plugins::Request last;
  int calls = 0;

  std::vector<plugins::Route> Routes() {
    auto record = [this](const plugins::Request& r) {
      last = r;
      ++calls;
    };
    return {
        {"/data/runs",
         [record](const plugins::Request& r) -> StatusOr<plugins::Response> {
           record(r);
           return plugins::Response::Json("[\"train\", \"eval\"]");
         }},
        {"/data/big",
         [record](const plugins::Request& r) -> StatusOr<plugins::Response> {
           record(r);
           return plugins::Response::Json(kBigJson);
         }},
        {"/data/image",
         [record](const plugins::Request& r) -> StatusOr<plugins::Response> {
           record(r);
           return plugins::Response::Text(std::string(1000, 'x'), "image/png");
         }},
        {"/data/plugin/scalars/scalars",
         [record](const plugins::Request& r) -> StatusOr<plugins::Response> {
           record(r);
           if (!r.Param("run")) return InvalidArgumentError("Missing run");
           if (*r.Param("run") != "train") return NotFoundError("No run named " + *r.Param("run"));
           return plugins::Response::Json("[]");
         }},
        {"/data/plugin/scalars/scalars_multirun",
         [record](const plugins::Request& r) -> StatusOr<plugins::Response> {
           record(r);
           return plugins::Response::Json("{}");
         },
         /*allow_get=*/false, /*allow_post=*/true},
        {"/data/method_error",
         [](const plugins::Request&) -> StatusOr<plugins::Response> {
           return plugins::MethodNotAllowedError("POST only");
         }},
        {"/data/throws",
         [](const plugins::Request&) -> StatusOr<plugins::Response> {
           throw std::runtime_error("boom");
         }},
        {"/data/internal",
         [](const plugins::Request&) -> StatusOr<plugins::Response> {
           return InternalError("bad state");
         }},
        {"/data/notifications",
         [](const plugins::Request&) -> StatusOr<plugins::Response> {
           plugins::Response r{302, "text/plain", "", {{"Location", "../notifications_note.json"}}};
           return r;
         }},
    };
  }
};

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() : assets_(kFiles, 3) {}

  Router Make(RouterOptions options = {}) {
    return Router(std::move(options), fixture_.Routes(), &assets_);
  }

  static HttpRequest Req(std::string_view target, verb method = verb::get,
                         std::string_view host = "localhost:6006") {
    HttpRequest req{method, target, 11};
    if (!host.empty()) req.set(field::host, host);
    return req;
  }

  static nlohmann::json Json(const HttpResponse& res) { return nlohmann::json::parse(res.body()); }

  Fixture fixture_;
  EmbeddedAssets assets_;
};

TEST_F(RouterTest, ExactRouteAndCommonHeaders) {
  Router router = Make();
  Reply r = router.Handle(Req("/data/runs"));
  EXPECT_EQ(r.message.result(), status::ok);
  EXPECT_EQ(r.message.body(), "[\"train\", \"eval\"]");
  EXPECT_EQ(r.message[field::content_type], "application/json");
  EXPECT_EQ(r.message["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(r.message[field::cache_control], "no-cache, must-revalidate");
  EXPECT_EQ(r.message[field::expires], "0");
  EXPECT_EQ(r.message[field::content_length], "17");
  EXPECT_EQ(r.message.find("Content-Security-Policy"), r.message.end());  // not HTML
  EXPECT_FALSE(r.event_stream);
}

TEST_F(RouterTest, UnknownPathIsTextNotFound) {
  Router router = Make();
  Reply r = router.Handle(Req("/data/nope"));
  EXPECT_EQ(r.message.result(), status::not_found);
  EXPECT_EQ(r.message.body(), "Not found");
  EXPECT_EQ(r.message[field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(r.message["X-Content-Type-Options"], "nosniff");
}

TEST_F(RouterTest, TrailingSlashIsRemoved) {
  Router router = Make();
  EXPECT_EQ(router.Handle(Req("/data/runs/")).message.result(), status::ok);
  EXPECT_EQ(router.Handle(Req("/data/runs//")).message.result(), status::not_found);
  EXPECT_EQ(router.Handle(Req("/data/runs/?x=1")).message.result(), status::ok);
}

TEST_F(RouterTest, ExperimentPrefixIsStripped) {
  Router router = Make();
  Reply r = router.Handle(Req("/experiment/defaultExperimentId/data/runs"));
  EXPECT_EQ(r.message.result(), status::ok);
  EXPECT_EQ(fixture_.last.path, "/data/runs");
  // The experiment's root redirects to itself with a slash, like the app's root.
  r = router.Handle(Req("/experiment/abc"));
  EXPECT_EQ(r.message.result(), status::moved_permanently);
  EXPECT_EQ(r.message[field::location], "/experiment/abc/");
  // Its index is the app's index.
  r = router.Handle(Req("/experiment/abc/"));
  EXPECT_EQ(r.message.result(), status::ok);
  EXPECT_EQ(r.message[field::content_type], "text/html; charset=utf-8");
  // "/experiment" alone is just an unknown path.
  EXPECT_EQ(router.Handle(Req("/experiment")).message.result(), status::not_found);
}

TEST_F(RouterTest, PathPrefix) {
  RouterOptions options;
  options.path_prefix = "/tb";
  Router router = Make(options);
  Reply r = router.Handle(Req("/tb"));
  EXPECT_EQ(r.message.result(), status::moved_permanently);
  EXPECT_EQ(r.message[field::location], "/tb/");
  r = router.Handle(Req("/tb?a=1"));
  EXPECT_EQ(r.message[field::location], "/tb/?a=1");
  EXPECT_EQ(router.Handle(Req("/tb/")).message.result(), status::ok);
  EXPECT_EQ(router.Handle(Req("/tb/data/runs")).message.result(), status::ok);
  EXPECT_EQ(router.Handle(Req("/tb/experiment/x/data/runs")).message.result(), status::ok);
  // Outside the prefix: 404, even for routes that exist.
  EXPECT_EQ(router.Handle(Req("/data/runs")).message.result(), status::not_found);
  EXPECT_EQ(router.Handle(Req("/")).message.result(), status::not_found);
  EXPECT_EQ(router.Handle(Req("/tbx/data/runs")).message.result(), status::not_found);
  EXPECT_EQ(router.Handle(Req("/tbdata/runs")).message.result(), status::not_found);
  r = router.Handle(Req("/tb/experiment/x"));
  EXPECT_EQ(r.message.result(), status::moved_permanently);
  EXPECT_EQ(r.message[field::location], "/tb/experiment/x/");
}

TEST_F(RouterTest, RootRedirectWithoutPrefix) {
  Router router = Make();
  // Without a prefix "/" is the index itself.
  Reply r = router.Handle(Req("/"));
  EXPECT_EQ(r.message.result(), status::ok);
  EXPECT_EQ(r.message[field::content_type], "text/html; charset=utf-8");
}

TEST_F(RouterTest, OldDashboardUrlsRedirectToTheIndex) {
  RouterOptions options;
  options.path_prefix = "/tb";
  Router router = Make(options);
  for (const char* old :
       {"/tb/events", "/tb/graphs", "/tb/histograms", "/tb/images", "/tb/audio"}) {
    Reply r = router.Handle(Req(old));
    EXPECT_EQ(r.message.result(), status::found) << old;
    EXPECT_EQ(r.message[field::location], "/tb/") << old;
  }
  Reply r = router.Handle(Req("/tb/experiment/e%20x/events/"));
  EXPECT_EQ(r.message[field::location], "/tb/experiment/e%20x/");
  EXPECT_EQ(router.Handle(Req("/tb/favicon.ico")).message.result(), status::not_found);
}

TEST_F(RouterTest, QueryIsPercentDecoded) {
  Router router = Make();
  router.Handle(Req("/data/runs?run=a%2Fb+c&tag=%E6%97%A5&tag=x&flag"));
  EXPECT_EQ(fixture_.last.Param("run"), "a/b c");
  EXPECT_EQ(fixture_.last.Params("tag"), (std::vector<std::string>{"\xe6\x97\xa5", "x"}));
  EXPECT_EQ(fixture_.last.Param("flag"), "");
  EXPECT_EQ(fixture_.last.method, "GET");
}

TEST_F(RouterTest, BadPercentEncodingIs400) {
  Router router = Make();
  for (const char* target : {"/data/runs?run=%zz", "/data/runs?run=%", "/data/runs?run=%4",
                             "/data/%zzruns", "not-a-target", "/data/runs#frag"}) {
    Reply r = router.Handle(Req(target));
    EXPECT_EQ(r.message.result(), status::bad_request) << target;
    EXPECT_EQ(r.message[field::content_type], "application/json") << target;
    EXPECT_TRUE(Json(r.message).contains("error")) << target;
  }
  EXPECT_EQ(fixture_.calls, 0);
}

TEST_F(RouterTest, PercentEncodedPathIsDecodedBeforeMatching) {
  Router router = Make();
  EXPECT_EQ(router.Handle(Req("/data/%72uns")).message.result(), status::ok);
  EXPECT_EQ(router.Handle(Req("/data%2Fruns")).message.result(), status::ok);
}

TEST_F(RouterTest, AbsoluteFormTarget) {
  Router router = Make();
  EXPECT_EQ(router.Handle(Req("http://localhost:6006/data/runs")).message.result(), status::ok);
}

TEST_F(RouterTest, HandlerErrorsAreJsonWithTensorBoardCodes) {
  Router router = Make();
  Reply r = router.Handle(Req("/data/plugin/scalars/scalars"));
  EXPECT_EQ(r.message.result(), status::bad_request);
  EXPECT_EQ(Json(r.message), nlohmann::json({{"error", "Missing run"}}));
  r = router.Handle(Req("/data/plugin/scalars/scalars?run=x"));
  EXPECT_EQ(r.message.result(), status::not_found);
  EXPECT_EQ(Json(r.message), nlohmann::json({{"error", "No run named x"}}));
  r = router.Handle(Req("/data/method_error"));
  EXPECT_EQ(r.message.result(), status::method_not_allowed);
}

TEST_F(RouterTest, ExceptionsAndUnexpectedStatusesAre500Json) {
  Router router = Make();
  Reply r = router.Handle(Req("/data/throws"));
  EXPECT_EQ(r.message.result(), status::internal_server_error);
  EXPECT_EQ(r.message[field::content_type], "application/json");
  EXPECT_TRUE(Json(r.message).contains("error"));
  r = router.Handle(Req("/data/internal"));
  EXPECT_EQ(r.message.result(), status::internal_server_error);
  EXPECT_EQ(Json(r.message)["error"], "bad state");
}

TEST_F(RouterTest, WrongMethodIs405) {
  Router router = Make();
  Reply r = router.Handle(Req("/data/plugin/scalars/scalars_multirun"));
  EXPECT_EQ(r.message.result(), status::method_not_allowed);
  EXPECT_EQ(r.message[field::allow], "POST");
  EXPECT_TRUE(Json(r.message).contains("error"));
  r = router.Handle(Req("/data/runs", verb::post));
  EXPECT_EQ(r.message.result(), status::method_not_allowed);
  EXPECT_EQ(r.message[field::allow], "GET, HEAD");
  EXPECT_EQ(router.Handle(Req("/data/runs", verb::delete_)).message.result(),
            status::method_not_allowed);
  EXPECT_EQ(router.Handle(Req("/index.html", verb::post)).message.result(),
            status::method_not_allowed);
  EXPECT_EQ(router.Handle(Req("/data/tracker/events", verb::post)).message.result(),
            status::method_not_allowed);
}

TEST_F(RouterTest, PostBodyAndContentType) {
  Router router = Make();
  HttpRequest req = Req("/data/plugin/scalars/scalars_multirun", verb::post);
  req.set(field::content_type, "Application/X-WWW-Form-Urlencoded; charset=UTF-8");
  req.body() = "tag=loss&runs=train";
  req.prepare_payload();
  Reply r = router.Handle(req);
  EXPECT_EQ(r.message.result(), status::ok);
  EXPECT_EQ(fixture_.last.method, "POST");
  EXPECT_EQ(fixture_.last.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(fixture_.last.body, "tag=loss&runs=train");
  EXPECT_EQ(fixture_.last.FormFields().count("runs"), 1u);
}

TEST_F(RouterTest, MultipartFormBodiesAsBrowsersSendFormData) {
  Router router = Make();
  HttpRequest req = Req("/data/plugin/scalars/scalars_multirun", verb::post);
  req.set(field::content_type, "multipart/form-data; boundary=\"----WebKitFormBoundaryAb1\"");
  req.body() =
      "------WebKitFormBoundaryAb1\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n"
      "loss/a\r\n------WebKitFormBoundaryAb1\r\nContent-Disposition: form-data; "
      "name=\"runs\"\r\n\r\ntrain\r\n------WebKitFormBoundaryAb1\r\n"
      "Content-Disposition: form-data; name=\"runs\"\r\n\r\neval one\r\n"
      "------WebKitFormBoundaryAb1--\r\n";
  req.prepare_payload();
  EXPECT_EQ(router.Handle(req).message.result(), status::ok);
  EXPECT_EQ(fixture_.last.boundary, "----WebKitFormBoundaryAb1");
  const auto fields = fixture_.last.FormFields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields.find("tag")->second, "loss/a");
  auto [lo, hi] = fields.equal_range("runs");
  ASSERT_EQ(std::distance(lo, hi), 2);
  EXPECT_EQ(lo->second, "train");
  EXPECT_EQ(std::next(lo)->second, "eval one");

  // A body cut short, or with the wrong boundary, has no fields (the route then says which
  // field is missing).
  fixture_.last.body.resize(60);
  EXPECT_TRUE(fixture_.last.FormFields().empty());
  fixture_.last.boundary = "other";
  EXPECT_TRUE(fixture_.last.FormFields().empty());
}

TEST_F(RouterTest, HeadIsGetWithoutBody) {
  Router router = Make();
  Reply get = router.Handle(Req("/data/runs"));
  Reply head = router.Handle(Req("/data/runs", verb::head));
  EXPECT_EQ(head.message.result(), status::ok);
  EXPECT_TRUE(head.message.body().empty());
  EXPECT_EQ(head.message[field::content_length], get.message[field::content_length]);
  EXPECT_EQ(head.message[field::content_type], "application/json");
  EXPECT_EQ(fixture_.last.method, "GET");
  Reply asset_head = router.Handle(Req("/index.html", verb::head));
  EXPECT_TRUE(asset_head.message.body().empty());
  EXPECT_EQ(asset_head.message[field::content_length], std::to_string(kHtml.size()));
  EXPECT_FALSE(asset_head.message["Content-Security-Policy"].empty());
}

TEST_F(RouterTest, RedirectHeadersFromPlugins) {
  Router router = Make();
  Reply r = router.Handle(Req("/data/notifications"));
  EXPECT_EQ(r.message.result(), status::found);
  EXPECT_EQ(r.message[field::location], "../notifications_note.json");
}

TEST_F(RouterTest, GzipWhenAcceptedForTextOnly) {
  Router router = Make();
  HttpRequest req = Req("/data/big");
  req.set(field::accept_encoding, "gzip, deflate, br");
  Reply r = router.Handle(req);
  EXPECT_EQ(r.message[field::content_encoding], "gzip");
  EXPECT_EQ(r.message[field::vary], "Accept-Encoding");
  EXPECT_EQ(Gunzip(r.message.body()), kBigJson);
  EXPECT_EQ(r.message[field::content_length], std::to_string(r.message.body().size()));

  // Not accepted: identity.
  for (const char* ae : {"", "identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0, *"}) {
    HttpRequest plain = Req("/data/big");
    if (*ae) plain.set(field::accept_encoding, ae);
    Reply p = router.Handle(plain);
    EXPECT_EQ(p.message.find(field::content_encoding), p.message.end()) << ae;
    EXPECT_EQ(p.message.body(), kBigJson) << ae;
    EXPECT_EQ(p.message[field::vary], "Accept-Encoding") << ae;
  }
  for (const char* ae : {"x-gzip", "*", "GZIP;q=0.5", "br;q=1, *;q=0.1"}) {
    HttpRequest g = Req("/data/big");
    g.set(field::accept_encoding, ae);
    EXPECT_EQ(router.Handle(g).message[field::content_encoding], "gzip") << ae;
  }

  // Images are never compressed, small bodies are not worth it.
  HttpRequest img = Req("/data/image");
  img.set(field::accept_encoding, "gzip");
  Reply i = router.Handle(img);
  EXPECT_EQ(i.message.find(field::content_encoding), i.message.end());
  EXPECT_EQ(i.message.body().size(), 1000u);
  HttpRequest small = Req("/data/runs");
  small.set(field::accept_encoding, "gzip");
  Reply s = router.Handle(small);
  EXPECT_EQ(s.message.find(field::content_encoding), s.message.end());

  // HEAD announces the gzip length.
  HttpRequest head = Req("/data/big", verb::head);
  head.set(field::accept_encoding, "gzip");
  Reply h = router.Handle(head);
  EXPECT_EQ(h.message[field::content_encoding], "gzip");
  EXPECT_EQ(h.message[field::content_length], std::to_string(r.message.body().size()));
}

TEST_F(RouterTest, StaticAssetsWithTypesETagsAnd304) {
  Router router = Make();
  Reply r = router.Handle(Req("/index.html"));
  EXPECT_EQ(r.message.result(), status::ok);
  EXPECT_EQ(r.message.body(), kHtml);
  EXPECT_EQ(r.message[field::etag], "\"idx\"");
  EXPECT_EQ(r.message[field::content_type], "text/html; charset=utf-8");
  const std::string csp(r.message["Content-Security-Policy"]);
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("img-src 'self' data:;"), std::string::npos);
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);

  HttpRequest again = Req("/index.html");
  again.set(field::if_none_match, "\"other\", \"idx\"");
  Reply not_modified = router.Handle(again);
  EXPECT_EQ(not_modified.message.result(), status::not_modified);
  EXPECT_TRUE(not_modified.message.body().empty());
  EXPECT_EQ(not_modified.message[field::etag], "\"idx\"");
  EXPECT_EQ(not_modified.message.find(field::content_length), not_modified.message.end());

  HttpRequest weak = Req("/index.html");
  weak.set(field::if_none_match, "W/\"idx\"");
  EXPECT_EQ(router.Handle(weak).message.result(), status::not_modified);
  HttpRequest stale = Req("/index.html");
  stale.set(field::if_none_match, "\"old\"");
  EXPECT_EQ(router.Handle(stale).message.result(), status::ok);

  // The gzip form has its own ETag, and 304 works for it too.
  HttpRequest gz = Req("/index.html");
  gz.set(field::accept_encoding, "gzip");
  Reply g = router.Handle(gz);
  EXPECT_EQ(g.message[field::content_encoding], "gzip");
  EXPECT_EQ(g.message[field::etag], "\"idx-gzip\"");
  EXPECT_EQ(Gunzip(g.message.body()), kHtml);
  gz.set(field::if_none_match, "\"idx-gzip\"");
  EXPECT_EQ(router.Handle(gz).message.result(), status::not_modified);

  Reply js = router.Handle(Req("/app.js"));
  EXPECT_EQ(js.message[field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.message.find("Content-Security-Policy"), js.message.end());
  HttpRequest png = Req("/logo.png");
  png.set(field::accept_encoding, "gzip");
  Reply p = router.Handle(png);
  EXPECT_EQ(p.message[field::content_type], "image/png");
  EXPECT_EQ(p.message.find(field::content_encoding), p.message.end());
}

TEST_F(RouterTest, NoPathEscapesTheAssets) {
  Router router = Make();
  for (const char* target :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/static/../index.html/../../etc/passwd", "//etc/passwd",
        "/index.html%00.png", "/..\\..\\etc\\passwd", "/%252e%252e/etc/passwd"}) {
    Reply r = router.Handle(Req(target));
    EXPECT_TRUE(r.message.result() == status::not_found ||
                r.message.result() == status::bad_request)
        << target << " -> " << r.message.result_int();
    EXPECT_EQ(r.message.body().find("root:"), std::string::npos) << target;
  }
}

TEST_F(RouterTest, EventStreamRoute) {
  Router router = Make();
  HttpRequest req = Req("/data/tracker/events");
  req.set(field::accept_encoding, "gzip");
  req.set("Last-Event-ID", "42");
  Reply r = router.Handle(req);
  EXPECT_TRUE(r.event_stream);
  EXPECT_EQ(r.last_event_id, 42u);
  EXPECT_EQ(r.message.result(), status::ok);
  EXPECT_EQ(r.message[field::content_type], "text/event-stream");
  EXPECT_EQ(r.message[field::cache_control], "no-cache");
  EXPECT_EQ(r.message["X-Accel-Buffering"], "no");
  EXPECT_EQ(r.message.find(field::content_encoding), r.message.end());
  EXPECT_EQ(r.message.find(field::content_length), r.message.end());
  // Under the experiment prefix too, where the Angular UI puts everything.
  EXPECT_TRUE(router.Handle(Req("/experiment/x/data/tracker/events")).event_stream);
  // HEAD gets the headers and no stream.
  Reply head = router.Handle(Req("/data/tracker/events", verb::head));
  EXPECT_FALSE(head.event_stream);
  EXPECT_EQ(head.message.result(), status::ok);
}

TEST_F(RouterTest, HostCheck) {
  RouterOptions options;
  options.hosts = HostAllowlist({"tb.example.com"});
  Router router = Make(options);
  for (const char* host : {"localhost", "localhost:6006", "127.0.0.1:1234", "[::1]:6006",
                           "LOCALHOST", "tb.example.com", "tb.example.com:443"}) {
    EXPECT_EQ(router.Handle(Req("/data/runs", verb::get, host)).message.result(), status::ok)
        << host;
  }
  for (const char* host : {"evil.com", "evil.com:6006", "localhost.evil.com", "127.0.0.2", "[::2]",
                           "localhost:abc", "local host", "user@localhost"}) {
    Reply r = router.Handle(Req("/data/runs", verb::get, host));
    EXPECT_EQ(r.message.result(), status::forbidden) << host;
    EXPECT_TRUE(Json(r.message).contains("error")) << host;
  }
  EXPECT_EQ(router.Handle(Req("/data/runs", verb::get, "")).message.result(), status::bad_request);
  EXPECT_EQ(fixture_.calls, 7);

  RouterOptions any;
  any.hosts = HostAllowlist({}, /*allow_any=*/true);
  Router open = Make(any);
  EXPECT_EQ(open.Handle(Req("/data/runs", verb::get, "evil.com")).message.result(), status::ok);
  EXPECT_EQ(open.Handle(Req("/data/runs", verb::get, "")).message.result(), status::ok);
}

TEST_F(RouterTest, TokenAuth) {
  RouterOptions options;
  options.auth_token = "s3cret";
  options.auth_cookie_name = "tracker_token_6006";
  options.path_prefix = "/tb";
  Router router = Make(options);

  // Nothing is revealed without the token, not even whether a path exists.
  for (const char* target :
       {"/tb/data/runs", "/tb/", "/tb/nope", "/tb/data/runs?token=wrong", "/elsewhere"}) {
    Reply r = router.Handle(Req(target));
    EXPECT_EQ(r.message.result(), status::unauthorized) << target;
    EXPECT_EQ(r.message[field::www_authenticate], "Bearer");
    EXPECT_TRUE(Json(r.message).contains("error"));
  }
  EXPECT_EQ(fixture_.calls, 0);

  // ?token= once: a cookie and a redirect to the same URL without the token.
  Reply r = router.Handle(Req("/tb/data/runs?a=1&token=s3cret&b=%20"));
  EXPECT_EQ(r.message.result(), status::found);
  EXPECT_EQ(r.message[field::location], "/tb/data/runs?a=1&b=%20");
  const std::string cookie(r.message[field::set_cookie]);
  EXPECT_EQ(cookie, "tracker_token_6006=s3cret; Path=/tb/; HttpOnly; SameSite=Strict");
  r = router.Handle(Req("/tb/?token=s3cret"));
  EXPECT_EQ(r.message[field::location], "/tb/");

  // The cookie works, among others.
  HttpRequest with_cookie = Req("/tb/data/runs");
  with_cookie.set(field::cookie, "other=1; tracker_token_6006=s3cret");
  EXPECT_EQ(router.Handle(with_cookie).message.result(), status::ok);
  with_cookie.set(field::cookie, "tracker_token_6007=s3cret");
  EXPECT_EQ(router.Handle(with_cookie).message.result(), status::unauthorized);

  // So does the Bearer header; the token parameter never reaches a handler.
  HttpRequest bearer = Req("/tb/data/runs?token=s3cret&x=1");
  bearer.set(field::authorization, "Bearer s3cret");
  EXPECT_EQ(router.Handle(bearer).message.result(), status::ok);
  EXPECT_FALSE(fixture_.last.Param("token"));
  EXPECT_EQ(fixture_.last.Param("x"), "1");
  HttpRequest wrong = Req("/tb/data/runs");
  wrong.set(field::authorization, "Bearer s3cre");
  EXPECT_EQ(router.Handle(wrong).message.result(), status::unauthorized);
  bearer.set(field::authorization, "Basic czNjcmV0");
  EXPECT_EQ(router.Handle(bearer).message.result(), status::found);  // by its ?token=

  // A POST with ?token= is answered, and sets the cookie.
  HttpRequest post = Req("/tb/data/plugin/scalars/scalars_multirun?token=s3cret", verb::post);
  Reply p = router.Handle(post);
  EXPECT_EQ(p.message.result(), status::ok);
  EXPECT_FALSE(p.message[field::set_cookie].empty());
}

TEST_F(RouterTest, HostCheckComesBeforeAuth) {
  RouterOptions options;
  options.auth_token = "t";
  Router router = Make(options);
  HttpRequest req = Req("/data/runs", verb::get, "evil.com");
  req.set(field::authorization, "Bearer t");
  EXPECT_EQ(router.Handle(req).message.result(), status::forbidden);
}

TEST_F(RouterTest, KeepAliveFollowsTheRequest) {
  Router router = Make();
  HttpRequest req = Req("/data/runs");
  EXPECT_TRUE(router.Handle(req).message.keep_alive());
  req.keep_alive(false);
  EXPECT_FALSE(router.Handle(req).message.keep_alive());
  HttpRequest old{verb::get, "/data/runs", 10};
  old.set(field::host, "localhost");
  Reply r = router.Handle(old);
  EXPECT_EQ(r.message.version(), 10u);
  EXPECT_FALSE(r.message.keep_alive());
}

TEST_F(RouterTest, CachedAnswersWhileTheStoreStaysTheSame) {
  uint64_t stamp = 7;
  RouterOptions options;
  options.store_stamp = [&stamp] { return stamp; };
  Router router = Make(std::move(options));

  Reply first = router.Handle(Req("/data/runs?b=2&a=1"));
  ASSERT_EQ(first.message.result(), status::ok);
  const std::string etag(first.message[field::etag]);
  EXPECT_FALSE(etag.empty());
  EXPECT_EQ(fixture_.calls, 1);

  // The same request, its query spelled in another order: from the cache, same bytes.
  Reply second = router.Handle(Req("/data/runs?a=1&b=2"));
  EXPECT_EQ(second.message.body(), first.message.body());
  EXPECT_EQ(second.message[field::etag], etag);
  EXPECT_EQ(fixture_.calls, 1);

  // A client that has it gets 304 and no body.
  HttpRequest conditional = Req("/data/runs?a=1&b=2");
  conditional.set(field::if_none_match, etag);
  Reply not_modified = router.Handle(conditional);
  EXPECT_EQ(not_modified.message.result(), status::not_modified);
  EXPECT_TRUE(not_modified.message.body().empty());
  EXPECT_EQ(fixture_.calls, 1);

  // New data: computed again.
  stamp = 8;
  EXPECT_EQ(router.Handle(Req("/data/runs?a=1&b=2")).message.result(), status::ok);
  EXPECT_EQ(fixture_.calls, 2);

  // gzip forms are cached too, under their own ETag.
  HttpRequest gz = Req("/data/big");
  gz.set(field::accept_encoding, "gzip");
  Reply zipped = router.Handle(gz);
  EXPECT_EQ(zipped.message[field::content_encoding], "gzip");
  EXPECT_EQ(Gunzip(zipped.message.body()), kBigJson);
  Reply plain = router.Handle(Req("/data/big"));
  EXPECT_EQ(plain.message.body(), kBigJson);
  EXPECT_NE(plain.message[field::etag], zipped.message[field::etag]);
  EXPECT_EQ(Gunzip(router.Handle(gz).message.body()), kBigJson);
  EXPECT_EQ(fixture_.calls, 3);

  // Errors and POSTs are never cached.
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(router.Handle(Req("/data/plugin/scalars/scalars?run=nope")).message.result(),
              status::not_found);
  }
  EXPECT_EQ(fixture_.calls, 5);
  for (int i = 0; i < 2; ++i) {
    HttpRequest post = Req("/data/plugin/scalars/scalars_multirun", verb::post);
    post.body() = "tag=x";
    post.prepare_payload();
    EXPECT_EQ(router.Handle(post).message.result(), status::ok);
  }
  EXPECT_EQ(fixture_.calls, 7);
}

TEST(ResponseCacheTest, BoundedByBytesAndDropsStaleEntries) {
  ResponseCache cache(/*max_bytes=*/3000, /*max_entry_bytes=*/1500);
  auto entry = [](uint64_t stamp, size_t size) {
    auto e = std::make_shared<CachedResponse>();
    e->stamp = stamp;
    e->body.assign(size, 'x');
    return e;
  };
  cache.Insert("a", entry(1, 1000));
  cache.Insert("b", entry(1, 1000));
  EXPECT_NE(cache.Find("a", 1), nullptr);  // "a" is now the most recent
  cache.Insert("c", entry(1, 1000));        // over the bound: "b" goes
  EXPECT_EQ(cache.Find("b", 1), nullptr);
  EXPECT_NE(cache.Find("a", 1), nullptr);
  EXPECT_NE(cache.Find("c", 1), nullptr);
  EXPECT_LE(cache.bytes(), 3000u);
  cache.Insert("huge", entry(1, 2000));  // larger than an entry may be
  EXPECT_EQ(cache.Find("huge", 1), nullptr);
  EXPECT_EQ(cache.Find("a", 2), nullptr);  // stale: dropped
  EXPECT_EQ(cache.size(), 1u);
}

TEST(RouterEmbeddedTest, TheBinaryCarriesTheIndexPageAndItsScript) {
  EmbeddedAssets assets;
  Router router({}, {}, &assets);
  HttpRequest req{verb::get, "/", 11};
  req.set(field::host, "127.0.0.1");
  Reply r = router.Handle(req);
  ASSERT_EQ(r.message.result(), status::ok);
  EXPECT_FALSE(r.message[field::etag].empty());
  // The page's script, by the relative name the page gives (so --path_prefix works).
  const std::string& html = r.message.body();
  const size_t src = html.find("<script");
  ASSERT_NE(src, std::string::npos) << html;
  const size_t start = html.find("src=\"", src) + 5;
  const std::string script = html.substr(start, html.find('"', start) - start);
  ASSERT_FALSE(script.empty());
  EXPECT_NE(script.front(), '/') << "absolute script paths break --path_prefix";
  HttpRequest js{verb::get, "/" + script, 11};
  js.set(field::host, "127.0.0.1");
  Reply js_reply = router.Handle(js);
  EXPECT_EQ(js_reply.message.result(), status::ok);
  EXPECT_EQ(js_reply.message[field::content_type], "text/javascript; charset=utf-8");
  EXPECT_GT(js_reply.message.body().size(), 100u);
}

}  // namespace
}  // namespace tracker::http
