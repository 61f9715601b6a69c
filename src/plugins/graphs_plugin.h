// The graphs plugin: run graphs, op graphs of traced functions and run metadata, served as
// protobuf text format (/data/plugin/graphs/*).
#ifndef TRACKER_PLUGINS_GRAPHS_PLUGIN_H_
#define TRACKER_PLUGINS_GRAPHS_PLUGIN_H_

#include <google/protobuf/message.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/context.h"
#include "plugins/plugin.h"
#include "status.h"
#include "tensorboard/graph.pb.h"

namespace tracker::plugins {

// Routes (spec §7.6):
//   GET /data/plugin/graphs/info -> {run: {"run", "tags": {tag: {...}}, "run_graph"}}
//   GET /data/plugin/graphs/graph?run=R[&tag=T][&limit_attr_size=N&large_attrs_key=K]
//       -> text/x-protobuf GraphDef. conceptual=true (Keras model JSON) is not supported: 400.
//   GET /data/plugin/graphs/run_metadata?run=R&tag=T -> text/x-protobuf RunMetadata
// Where TensorBoard answers 500 for bad limits (N <= 0, N without K) we answer 400.
// `context.store` must outlive the plugin.
std::unique_ptr<Plugin> MakeGraphsPlugin(const PluginContext& context);

// Protobuf text format as TensorBoard's Python prints it (str(message)): libprotobuf's layout
// (two-space indent, fields by number, map entries sorted by key, bytes C-escaped) with float
// and double values spelled as Python's repr() of the value widened to double, e.g. float 1e-07
// as 1.0000000116860974e-07 and 1.0f as 1.0.
std::string PythonTextFormat(const google::protobuf::Message& message);

// TensorBoard's graph_util.merge_graph_defs: no graph gives an empty GraphDef, one graph is
// returned as is, several are put side by side with their node and function names prefixed by
// "graph_<i>" so that equal names in different graphs stay apart. Graphs whose
// versions.producer differ cannot be merged (InvalidArgument).
StatusOr<tensorboard::GraphDef> MergeGraphDefs(std::vector<tensorboard::GraphDef> graphs);

// TensorBoard's process_graph.prepare_graph_for_ui: with a limit, every node attribute whose
// serialized size exceeds it is removed and its name appended to attr[large_attrs_key].list.s
// (in key order). InvalidArgument for a limit <= 0 or a limit without a key.
Status PrepareGraphForUi(tensorboard::GraphDef* graph, std::optional<int64_t> limit_attr_size,
                         const std::optional<std::string>& large_attrs_key);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_GRAPHS_PLUGIN_H_
