// The text plugin: text summaries (string tensors) rendered as safe HTML, /data/plugin/text/*.
#ifndef TRACKER_PLUGINS_TEXT_PLUGIN_H_
#define TRACKER_PLUGINS_TEXT_PLUGIN_H_

#include <memory>
#include <string>

#include "plugins/context.h"
#include "plugins/plugin.h"
#include "tensorboard/tensor.pb.h"

namespace tracker::plugins {

// Routes (spec §7.8):
//   GET /data/plugin/text/tags -> {run: [tag, ...]}
//   GET /data/plugin/text/text?run=R&tag=T[&markdown=false]
//       -> [{"wall_time", "step", "text": html}], 200 [] for an unknown run or tag.
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeTextPlugin(const PluginContext& context);

// The HTML TensorBoard shows for one text tensor: a scalar string as Markdown; a 1-D or 2-D
// array as an HTML table of cells, each rendered as Markdown; more dimensions as a warning
// paragraph and the [0, ..., 0, :, :] slice. With `markdown` false the strings are only escaped.
// NUL characters are dropped, with an HTML comment saying how many.
std::string TextTensorToHtml(const tensorboard::TensorProto& tensor, bool markdown);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_TEXT_PLUGIN_H_
