#include "flags.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace tracker {
namespace {

// TensorBoard flags that only tune TensorBoard's own loader or plugins. tracker accepts them so
// that a tracker command drops in where a tensorboard command stood.
constexpr std::string_view kNoEffectFlags[] = {
    "load_fast",
    "max_reload_threads",
    "reload_multifile",
    "reload_multifile_inactive_secs",
    "reload_task",
    "detect_file_replacement",
    "purge_orphaned_data",
    "master_tpu_unsecure_channel",
    "event_file",
    "tag",
    "extra_data_server_flags",
    "grpc_creds_type",
    "generic_data",
    "db",
    "db_import",
    "inspect_tag",
    "reuse_port",
    "verbosity",
};
// Of those, the ones that are booleans and so may come without a value.
constexpr std::string_view kNoEffectBoolFlags[] = {"reload_multifile", "detect_file_replacement",
                                                   "db_import", "reuse_port"};

template <typename C>
bool Contains(const C& c, std::string_view v) {
  for (std::string_view x : c) {
    if (x == v) return true;
  }
  return false;
}

StatusOr<double> ParseNonNegative(std::string_view flag, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || errno != 0 || !std::isfinite(v) ||
      v < 0) {
    return InvalidArgumentError("--" + std::string(flag) + " must be a number >= 0, got '" + value +
                                "'");
  }
  return v;
}

StatusOr<int> ParsePort(const std::string& value) {
  if (value == "default") return -1;
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || end != value.c_str() + value.size() || errno != 0 || v < 0 || v > 65535) {
    return InvalidArgumentError("--port must be 0 (any free port) to 65535, got '" + value + "'");
  }
  return static_cast<int>(v);
}

std::vector<std::string> SplitCommas(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    const size_t comma = value.find(',', start);
    std::string item =
        value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Letters, digits and "-._~": no escaping needed in a URL query or a cookie.
bool IsUrlSafeToken(const std::string& token) {
  for (unsigned char c : token) {
    if (!std::isalnum(c) && c != '-' && c != '.' && c != '_' && c != '~') return false;
  }
  return !token.empty();
}

}  // namespace

StatusOr<Flags> ParseFlags(int argc, const char* const* argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, 2) != "--") {
      return InvalidArgumentError("unexpected argument '" + std::string(arg) +
                                  "'; flags look like --logdir=PATH");
    }
    arg.remove_prefix(2);
    std::string name(arg.substr(0, arg.find('=')));
    std::optional<std::string> value;
    if (arg.find('=') != std::string_view::npos) value = std::string(arg.substr(arg.find('=') + 1));

    auto take_value = [&]() -> StatusOr<std::string> {
      if (value) return *value;
      if (i + 1 >= argc) return InvalidArgumentError("--" + name + " needs a value");
      return std::string(argv[++i]);
    };
    auto take_bool = [&]() -> StatusOr<bool> {
      if (!value) return true;
      if (*value == "true" || *value == "1") return true;
      if (*value == "false" || *value == "0") return false;
      return InvalidArgumentError("--" + name + " takes true or false, got '" + *value + "'");
    };

    if (name == "logdir" || name == "logdir_spec" || name == "samples_per_plugin") {
      ASSIGN_OR_RETURN(std::string v, take_value());
      (name == "logdir"        ? flags.logdir
       : name == "logdir_spec" ? flags.logdir_spec
                               : flags.samples_per_plugin) = std::move(v);
    } else if (name == "reload_interval") {
      ASSIGN_OR_RETURN(std::string v, take_value());
      ASSIGN_OR_RETURN(flags.reload_interval, ParseNonNegative(name, v));
    } else if (name == "inspect") {
      ASSIGN_OR_RETURN(flags.inspect, take_bool());
    } else if (name == "json") {
      ASSIGN_OR_RETURN(flags.json, take_bool());
    } else if (name == "port") {
      ASSIGN_OR_RETURN(std::string v, take_value());
      ASSIGN_OR_RETURN(flags.port, ParsePort(v));
    } else if (name == "host" || name == "path_prefix" || name == "window_title" ||
               name == "auth_token" || name == "webroot") {
      ASSIGN_OR_RETURN(std::string v, take_value());
      (name == "host"           ? flags.host
       : name == "path_prefix"  ? flags.path_prefix
       : name == "window_title" ? flags.window_title
       : name == "auth_token"   ? flags.auth_token
                                : flags.webroot) = std::move(v);
    } else if (name == "allowed_hosts") {
      ASSIGN_OR_RETURN(std::string v, take_value());
      for (std::string& h : SplitCommas(v)) flags.allowed_hosts.push_back(std::move(h));
    } else if (name == "bind_all") {
      ASSIGN_OR_RETURN(flags.bind_all, take_bool());
    } else if (name == "help") {
      flags.help = true;
    } else if (name == "version" || name == "version_tb") {
      flags.version = true;
    } else if (Contains(kNoEffectFlags, name)) {
      if (!Contains(kNoEffectBoolFlags, name)) {
        ASSIGN_OR_RETURN(std::string ignored, take_value());
      }
      flags.notices.push_back("--" + name + " has no effect in tracker");
    } else {
      return InvalidArgumentError("unknown flag --" + name + " (see --help)");
    }
  }
  if (!flags.logdir.empty() && !flags.logdir_spec.empty()) {
    return InvalidArgumentError("May not specify both --logdir and --logdir_spec");
  }
  if (flags.bind_all && !flags.host.empty()) {
    return InvalidArgumentError("--host and --bind_all are mutually exclusive");
  }
  // TensorBoard's rule: trailing slashes go, a leading one is required.
  while (!flags.path_prefix.empty() && flags.path_prefix.back() == '/')
    flags.path_prefix.pop_back();
  if (!flags.path_prefix.empty() && flags.path_prefix.front() != '/') {
    return InvalidArgumentError("--path_prefix must start with a slash, got '" + flags.path_prefix +
                                "'");
  }
  if (flags.path_prefix.find('?') != std::string::npos ||
      flags.path_prefix.find('#') != std::string::npos) {
    return InvalidArgumentError("--path_prefix must be a plain path, got '" + flags.path_prefix +
                                "'");
  }
  if (!flags.auth_token.empty() && !IsUrlSafeToken(flags.auth_token)) {
    return InvalidArgumentError(
        "--auth_token may hold only letters, digits and -._~ (it goes into URLs and cookies)");
  }
  return flags;
}

std::string UsageText() {
  return R"(tracker: a TensorBoard-compatible, local-first experiment tracker

usage: tracker --logdir=PATH | --logdir=NAME:PATH,NAME:PATH [flags]

  --logdir=SPEC             a directory of runs, or name:path pairs separated by commas
                            (a value that names an existing directory is always a plain path)
  --logdir_spec=SPEC        the same name:path grammar, as TensorBoard 2.x spells it
  --samples_per_plugin=S    reservoir sizes, e.g. scalars=1000,images=20; 0 or all keeps
                            everything. Default: every scalar, histograms=500, images=10,
                            audio=10, pr_curves=100, everything else 10
  --reload_interval=SECS    poll for new data every SECS seconds (default 5; 0 loads once)
  --port=N                  the port to serve on (default: 6006, or the next free one up to
                            6016); 0 picks any free port; a busy explicit port is an error
  --host=ADDR               the address to listen on (default 127.0.0.1: this machine only)
  --bind_all                listen on every address, IPv4 and IPv6 (exposes your data to
                            the network: use --auth_token)
  --path_prefix=/P          serve every route under /P, e.g. behind a reverse proxy
  --window_title=TITLE      the browser window's title
  --allowed_hosts=H1,H2     Host header names to answer besides localhost, 127.0.0.1, [::1]
                            and --host (for a reverse proxy or a public name)
  --auth_token=T            require T: open the URL once with ?token=T (sets a cookie), or
                            send "Authorization: Bearer T"
  --webroot=DIR             serve the web page from DIR instead of the copy in the binary
  --inspect                 load the logdir once and print what it holds, per run and tag,
                            and the state of every event file; exit 1 if the logdir is missing
  --json                    with --inspect: print JSON
  --version                 print the version
  --help                    print this help
)";
}

}  // namespace tracker
