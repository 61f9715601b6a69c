// The audio plugin: audio summaries (blob sequences of WAV clips) under /data/plugin/audio/*.
#ifndef TRACKER_PLUGINS_AUDIO_PLUGIN_H_
#define TRACKER_PLUGINS_AUDIO_PLUGIN_H_

#include <memory>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Routes (TensorBoard's audio plugin):
//   GET tags -> {run: {tag: {"displayName", "description", "samples"}}}, samples = the most
//       clips any stored step holds.
//   GET audio?run=R&tag=T[&sample=i] -> [{"wall_time", "label": "", "step", "contentType",
//       "query": "blob_key=K&content_type=audio%2Fwav"}], one item per step as for images,
//       downsampled to --samples_per_plugin audio (default 10). The content type comes from the
//       tag's AudioPluginData encoding (WAV -> audio/wav, else application/octet-stream).
//       Missing run/tag or a bad sample -> 400; unknown -> 404 "No audio data for run=...,
//       tag=...".
//   GET individualAudio?blob_key=K[&content_type=C] -> the clip's bytes, served as C (which must
//       be audio/wav or application/octet-stream) or, without C, as sniffed from the bytes.
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeAudioPlugin(const PluginContext& context);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_AUDIO_PLUGIN_H_
