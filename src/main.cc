// tracker's entry point: flags, logging, the loader, the HTTP server, and --inspect.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/ip/address.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <system_error>

#include "flags.h"
#include "http/change_feed.h"
#include "http/disk_assets.h"
#include "http/embedded_assets.h"
#include "http/router.h"
#include "http/server.h"
#include "logreader/inspect.h"
#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "logreader/samples_per_plugin.h"
#include "plugins/registry.h"

#ifndef TRACKER_VERSION
#define TRACKER_VERSION "dev"
#endif

namespace {

int Fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

int RunInspect(const tracker::Flags& flags, std::vector<tracker::LogdirRoot> roots,
               tracker::SamplesPerPlugin samples) {
  bool missing = false;
  for (const auto& root : roots) {
    std::error_code ec;
    if (!std::filesystem::is_directory(root.path, ec)) {
      std::cerr << "Error: logdir " << root.path.string() << " does not exist\n";
      missing = true;
    }
  }
  tracker::Multiplexer multiplexer(std::move(roots), {std::move(samples), 0});
  multiplexer.Reload();
  if (flags.json) {
    std::cout << tracker::InspectJson(multiplexer)
                     .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  } else {
    std::cout << tracker::InspectText(multiplexer);
  }
  return missing ? 1 : 0;
}

// Whether --host names every address (0.0.0.0, ::): as exposed as --bind_all.
bool IsWildcard(const std::string& host) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  return !ec && address.is_unspecified();
}

// The host part of the URL the banner prints.
std::string DisplayHost(const tracker::Flags& flags) {
  if (flags.host.empty() && !flags.bind_all) return "localhost";
  if (flags.bind_all || IsWildcard(flags.host)) {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) == 0 && name[0] != '\0') return name;
    return "localhost";
  }
  if (flags.host.find(':') != std::string::npos && flags.host.front() != '[') {
    return "[" + flags.host + "]";  // an IPv6 literal
  }
  return flags.host;
}

int Serve(const tracker::Flags& flags, std::vector<tracker::LogdirRoot> roots,
          tracker::SamplesPerPlugin samples) {
  namespace http = tracker::http;

  std::unique_ptr<http::AssetSource> assets;
  if (!flags.webroot.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(flags.webroot, ec)) {
      return Fail("--webroot " + flags.webroot + " is not a directory");
    }
    assets = std::make_unique<http::DiskAssets>(flags.webroot);
  } else {
    assets = std::make_unique<http::EmbeddedAssets>();
  }

  http::ServerOptions server_options;
  server_options.listen = {flags.host, flags.bind_all, flags.port};
  auto server = http::Server::Bind(server_options);
  if (!server.ok()) return Fail(server.status().message());
  const unsigned short port = (*server)->port();

  // The store loads in the background: the server answers at once, with what is loaded.
  tracker::Multiplexer multiplexer(std::move(roots), {samples, 0});
  tracker::plugins::PluginRegistry registry(tracker::plugins::PluginContext{
      &multiplexer, &samples, flags.logdir_value(), flags.window_title});

  const bool exposed = flags.bind_all || IsWildcard(flags.host);
  std::vector<std::string> hosts = flags.allowed_hosts;
  if (!flags.host.empty() && !IsWildcard(flags.host)) hosts.push_back(flags.host);
  http::RouterOptions router_options;
  router_options.path_prefix = flags.path_prefix;
  router_options.hosts = http::HostAllowlist(hosts, exposed && flags.allowed_hosts.empty());
  router_options.auth_token = flags.auth_token;
  // Cookies ignore ports: one name per port keeps two servers on one host apart.
  router_options.auth_cookie_name = "tracker_token_" + std::to_string(port);
  router_options.store_stamp = [&multiplexer] { return multiplexer.stamp(); };
  http::Router router(std::move(router_options), registry.routes(), assets.get());
  http::StoreChangeFeed feed(&multiplexer);

  if (!exposed) {
    std::cerr << "Serving on localhost only; to expose it to the network, use a proxy or pass "
                 "--bind_all\n";
  } else if (flags.allowed_hosts.empty() && flags.auth_token.empty()) {
    spdlog::warn(
        "listening on every address and answering any Host header without a token: "
        "anyone who can reach this port can read your data. Pass --auth_token (and "
        "--allowed_hosts for your host names) on a shared network.");
  }
  // One write, so that a script reading stderr never sees half the line.
  const std::string banner = "tracker " + std::string(TRACKER_VERSION) + " at http://" +
                             DisplayHost(flags) + ":" + std::to_string(port) + flags.path_prefix +
                             "/" + (flags.auth_token.empty() ? "" : "?token=" + flags.auth_token) +
                             " (Press CTRL+C to quit)\n";
  std::cerr << banner << std::flush;

  multiplexer.StartReloading(flags.reload_interval);
  (*server)->Run(router, feed);
  multiplexer.Stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Logs go to stderr so that --inspect --json output stays clean.
  spdlog::set_default_logger(spdlog::stderr_color_mt("tracker"));
  spdlog::set_pattern("%^%l%$: %v");

  auto parsed = tracker::ParseFlags(argc, argv);
  if (!parsed.ok()) return Fail(parsed.status().message());
  const tracker::Flags& flags = *parsed;
  if (flags.help) {
    std::cout << tracker::UsageText();
    return 0;
  }
  if (flags.version) {
    std::cout << "tracker " << TRACKER_VERSION << "\n";
    return 0;
  }
  for (const std::string& notice : flags.notices) spdlog::info("{}", notice);
  if (flags.logdir_value().empty()) return Fail("--logdir is required (see --help)");

  auto samples = tracker::SamplesPerPlugin::Parse(flags.samples_per_plugin);
  if (!samples.ok()) return Fail(samples.status().message());
  auto roots = flags.logdir.empty() ? tracker::ParseLogdirSpec(flags.logdir_spec)
                                    : tracker::InterpretLogdirFlag(flags.logdir);
  if (!roots.ok()) return Fail(roots.status().message());

  if (flags.inspect) return RunInspect(flags, std::move(roots).value(), std::move(samples).value());
  return Serve(flags, std::move(roots).value(), std::move(samples).value());
}
