// Command-line flags of the tracker binary, parsed TensorBoard's way (`--name=value` or
// `--name value`).
#ifndef TRACKER_FLAGS_H_
#define TRACKER_FLAGS_H_

#include <string>
#include <vector>

#include "status.h"

namespace tracker {

struct Flags {
  std::string logdir;       // --logdir: a path, or name:path,... (see logdir.h)
  std::string logdir_spec;  // --logdir_spec: TensorBoard 2.x's spelling of the grammar
  std::string samples_per_plugin;
  double reload_interval = 5.0;
  bool inspect = false;
  bool json = false;
  bool help = false;
  bool version = false;

  // Serving.
  int port = -1;            // -1: 6006, or the next free one up to 6016; 0: any free port
  std::string host;         // "" means 127.0.0.1
  bool bind_all = false;    // every address, IPv4 and IPv6
  std::string path_prefix;  // "" or "/p" (leading slash, trailing slashes removed)
  std::string window_title;
  std::vector<std::string> allowed_hosts;  // extra Host header names
  std::string auth_token;
  std::string webroot;  // serve the web page from this directory instead of the binary

  // One line each for flags that are accepted for compatibility but change nothing here.
  std::vector<std::string> notices;

  // The logdir value in effect, whichever flag gave it.
  const std::string& logdir_value() const { return logdir.empty() ? logdir_spec : logdir; }
};

// Parses argv. Unknown flags, missing values, bad numbers and conflicting flags are
// InvalidArgument errors with a message naming the flag.
StatusOr<Flags> ParseFlags(int argc, const char* const* argv);

std::string UsageText();

}  // namespace tracker

#endif  // TRACKER_FLAGS_H_
