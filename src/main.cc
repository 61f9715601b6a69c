// tracker's entry point: flags, logging, the loader, and (for now) --inspect.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <system_error>

#include "flags.h"
#include "logreader/inspect.h"
#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "logreader/samples_per_plugin.h"

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
    std::cout << tracker::InspectJson(multiplexer).dump(
                     2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  } else {
    std::cout << tracker::InspectText(multiplexer);
  }
  return missing ? 1 : 0;
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

  std::cerr << "tracker: the HTTP server is not part of this build yet; use --inspect to see "
               "what the logdir holds\n";
  return 2;
}
