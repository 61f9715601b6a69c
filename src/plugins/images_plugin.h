// The images plugin: image summaries (blob sequences of PNGs) under /data/plugin/images/*.
#ifndef TRACKER_PLUGINS_IMAGES_PLUGIN_H_
#define TRACKER_PLUGINS_IMAGES_PLUGIN_H_

#include <memory>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Routes (spec §7.5):
//   GET tags -> {run: {tag: {"displayName", "description", "samples"}}}, samples = the most
//       images any stored step holds.
//   GET images?run=R&tag=T[&sample=i] -> [{"wall_time", "step", "query": "blob_key=K"}]: one
//       item per step (first event of a step wins), ascending, downsampled to
//       --samples_per_plugin images (default 10), then only the steps with more than i images.
//       Missing run/tag or a sample that is not a non-negative integer -> 400; unknown run or
//       tag -> 404 "No image data for run='R', tag='T'".
//   GET individualImage?blob_key=K -> the image bytes, content type sniffed from them.
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeImagesPlugin(const PluginContext& context);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_IMAGES_PLUGIN_H_
