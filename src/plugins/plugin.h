// The plugin interface: a plugin reads the store and answers HTTP routes as values, knowing
// nothing about sockets (only src/http knows Beast).
#ifndef TRACKER_PLUGINS_PLUGIN_H_
#define TRACKER_PLUGINS_PLUGIN_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "logreader/multiplexer.h"
#include "status.h"

namespace tracker::plugins {

// A request after the HTTP layer has stripped --path_prefix and /experiment/<id>, decoded the
// query string and read the body.
struct Request {
  std::string method = "GET";  // GET, POST or HEAD
  std::string path;            // e.g. "/data/plugin/scalars/scalars"
  std::multimap<std::string, std::string> query;  // percent-decoded, in order
  std::string content_type;    // of the body, without parameters, lower-case
  std::string boundary;        // the boundary parameter of a multipart/form-data body
  std::string body;

  // The first value of a query parameter, if present.
  std::optional<std::string> Param(std::string_view name) const;
  // All values of a query parameter, in order.
  std::vector<std::string> Params(std::string_view name) const;
  // Fields of an application/x-www-form-urlencoded or multipart/form-data body (browsers send
  // FormData as the latter); empty for other content types or a malformed body.
  std::multimap<std::string, std::string> FormFields() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Location

  static Response Json(std::string body) { return Response{200, "application/json", std::move(body), {}}; }
  static Response Text(std::string body, std::string content_type = "text/plain; charset=utf-8") {
    return Response{200, std::move(content_type), std::move(body), {}};
  }
};

// A route handler. Errors are values: kInvalidArgument -> 400, kNotFound -> 404,
// kFailedPrecondition -> 405 (wrong method); the router turns them into {"error": message}.
using Handler = std::function<StatusOr<Response>(const Request&)>;

struct Route {
  std::string path;  // full path, e.g. "/data/plugin/scalars/tags"
  Handler handler;
  bool allow_get = true;
  bool allow_post = false;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  // The plugin's name in /data/plugins_listing and in its route prefix.
  virtual std::string_view name() const = 0;
  // The plugins_listing entry (without "enabled"): tab_name, disable_reload, remove_dom,
  // loading_mechanism, in TensorBoard's key order.
  virtual nlohmann::ordered_json FrontendMetadata() const = 0;
  // Whether the plugin has data: its data plugin names appear in some run's tag metadata.
  virtual bool IsActive() const = 0;
  virtual std::vector<Route> Routes() = 0;
};

// Whether some run has a tag whose metadata names `plugin_name`: what makes most plugins active.
bool AnyTagOfPlugin(const Multiplexer& store, std::string_view plugin_name);

// Error constructors with TensorBoard's messages' shape.
inline Status MethodNotAllowedError(std::string m) {
  return FailedPreconditionError(std::move(m));
}

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_PLUGIN_H_
