// The custom scalars plugin: the dashboard layouts written as "custom_scalars" summaries, and
// the regex-selected scalars that dashboard draws, under /data/plugin/custom_scalars/*.
#ifndef TRACKER_PLUGINS_CUSTOM_SCALARS_PLUGIN_H_
#define TRACKER_PLUGINS_CUSTOM_SCALARS_PLUGIN_H_

#include <memory>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Routes (TensorBoard's custom_scalars_plugin.py):
//   GET layout -> the tensorboard.Layout of every run holding the tag custom_scalars__config__
//       (its newest value), merged in run-name order: categories with a title already seen
//       get the charts they do not have yet, others are appended. Printed as protobuf JSON
//       (lowerCamelCase, default-valued fields included); {} when no run has a layout.
//   GET scalars?run=R&tag=REGEX -> {"regex_valid": bool, "tag_to_events": {tag: [[wall_time,
//       step, value], ...]}} for the scalar tags of R that the regex matches at their start
//       (Python's re.match), each as the scalars route returns it. An empty or invalid regex
//       -> regex_valid false; an unknown run -> regex_valid true and no tags.
//   GET download_data?run=R&tag=T[&format=csv] -> exactly the scalars plugin's scalars route.
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeCustomScalarsPlugin(const PluginContext& context);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_CUSTOM_SCALARS_PLUGIN_H_
