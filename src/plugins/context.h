// PluginContext: what every plugin is built with: a read-only view of the store and the flags
// that shape answers.
#ifndef TRACKER_PLUGINS_CONTEXT_H_
#define TRACKER_PLUGINS_CONTEXT_H_

#include <string>

#include "logreader/multiplexer.h"
#include "logreader/samples_per_plugin.h"

namespace tracker::plugins {

struct PluginContext {
  const Multiplexer* store = nullptr;       // runs and their data; read with Run::Read
  const SamplesPerPlugin* samples = nullptr;  // QueryLimitFor: explicit --samples_per_plugin
  std::string data_location;   // the raw --logdir / --logdir_spec value (/data/environment)
  std::string window_title;    // --window_title
};

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_CONTEXT_H_
