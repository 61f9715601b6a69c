// The core plugin: TensorBoard's /data/* routes about the server itself: environment, runs,
// the plugins listing that decides the dashboard's tabs, and the legacy logdir routes.
#ifndef TRACKER_PLUGINS_CORE_PLUGIN_H_
#define TRACKER_PLUGINS_CORE_PLUGIN_H_

#include <memory>
#include <vector>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Routes (spec §7.1):
//   GET /data/environment -> {"version": "2.22.0a0", "data_location", "window_title",
//       "experiment_name": "", "experiment_description": "", "creation_time": 0}
//   GET /data/runs -> run names ordered by first event time, then name (Multiplexer::Runs()).
//   GET /data/plugins_listing -> {plugin: {"disable_reload", "enabled", "remove_dom",
//       "tab_name", "loading_mechanism"}} with keys in the order of `listing` (TensorBoard's tab
//       order); "enabled" is the plugin's IsActive(), the rest its FrontendMetadata().
//   GET /data/logdir -> {"logdir": data_location}; GET /data/window_properties ->
//       {"window_title": ...}; GET /data/experiments and /data/experiment_runs -> [].
// `listing` is every other plugin, core excluded, in tab order; the plugins and
// `context.store` must outlive the core plugin, which is named "core" and is never listed.
std::unique_ptr<Plugin> MakeCorePlugin(const PluginContext& context,
                                       std::vector<const Plugin*> listing);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_CORE_PLUGIN_H_
