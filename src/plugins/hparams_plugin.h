// The hparams plugin: TensorBoard's /data/plugin/hparams routes (experiment, session_groups,
// metric_evals, download_data) answered from the hparams summaries in the store (spec §7.7).
#ifndef TRACKER_PLUGINS_HPARAMS_PLUGIN_H_
#define TRACKER_PLUGINS_HPARAMS_PLUGIN_H_

#include <memory>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

// Builds the plugin named "hparams" on `context`, whose store must outlive it.
//
// Requests are the API protos (package tensorboard.hparams) in proto3 JSON, as a POST body of
// any content type but a form, or as GET ?request=<json>; parsing is strict (an unknown field
// is InvalidArgument, with TensorBoard's message). Answers are proto3 JSON with every
// default-valued field printed, as TensorBoard's json_format prints them.
//
// With one experiment config (tag _hparams_/experiment) the answers are TensorBoard's. With
// several (PyTorch's add_hparams writes one per call) they are merged instead of TensorBoard's
// arbitrary pick: hparams united by name (discrete domains united, intervals widened,
// conflicting domains derived from the sessions' values), metrics united by (group, tag).
//
// Thread-safe: handlers only read the store, under each run's shared lock.
std::unique_ptr<Plugin> MakeHParamsPlugin(const PluginContext& context);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_HPARAMS_PLUGIN_H_
