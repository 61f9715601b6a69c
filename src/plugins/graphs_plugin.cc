#include "plugins/graphs_plugin.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <string_view>
#include <utility>

#include "logreader/data_compat.h"
#include "plugins/json_util.h"
#include "tensorboard/run_metadata.pb.h"

namespace tracker::plugins {
namespace {

using google::protobuf::TextFormat;

// The data plugin names behind the graphs dashboard (TensorBoard's graphs metadata module).
constexpr std::string_view kRunMetadataPlugin = "graph_run_metadata";  // op graph + profile
constexpr std::string_view kRunMetadataGraphPlugin = "graph_run_metadata_graph";  // op graph
constexpr std::string_view kKerasModelPlugin = "graph_keras_model";  // conceptual graph
constexpr std::array<std::string_view, 5> kDataPlugins = {
    kGraphsPlugin, kRunMetadataPlugin, kRunMetadataGraphPlugin, kKerasModelPlugin,
    kGraphTaggedRunMetadataPlugin};

constexpr const char* kGraphContentType = "text/x-protobuf; charset=utf-8";

// TensorFlow's summary ops mark these blobs with content b"1"; TensorBoard's info route ignores
// other versions (with a warning), so a tag with other content is not listed.
constexpr std::string_view kRunMetadataVersion = "1";

// Python's text_format prints floats through repr() after widening to double; libprotobuf
// prints the shortest float32 digits. Only the float and double spellings differ.
class PythonFloatPrinter : public TextFormat::FastFieldValuePrinter {
 public:
  void PrintFloat(float val, TextFormat::BaseTextGenerator* generator) const override {
    generator->PrintString(PythonFloat(static_cast<double>(val)));
  }
  void PrintDouble(double val, TextFormat::BaseTextGenerator* generator) const override {
    generator->PrintString(PythonFloat(val));
  }
};

// One blob of a tag: the bytes stay inside the shared, immutable tensor of the store, so a graph
// of hundreds of megabytes is parsed where it lies instead of being copied first.
class Blob {
 public:
  explicit Blob(std::shared_ptr<const tensorboard::TensorProto> tensor)
      : tensor_(std::move(tensor)) {}
  // make_ndarray pads a tensor without string_val with "".
  std::string_view bytes() const {
    return tensor_->string_val_size() > 0 ? std::string_view(tensor_->string_val(0))
                                          : std::string_view();
  }
  bool ParseInto(google::protobuf::Message* message) const {
    const std::string_view b = bytes();
    return message->ParseFromArray(b.data(), static_cast<int>(b.size()));
  }

 private:
  std::shared_ptr<const tensorboard::TensorProto> tensor_;
};

// A graph blob of a tag, as TensorBoard's data provider reads it: the tag must belong to one of
// `plugins` with data class BLOB_SEQUENCE; the newest kept event is read (downsample=1 keeps the
// last) and its first value. A tag with nothing readable is NotFound.
StatusOr<Blob> ReadBlob(const PluginContext& context, const std::string& run_name,
                        std::string_view tag_name,
                        std::initializer_list<std::string_view> plugins) {
  auto run = context.store->FindRun(run_name);
  if (run == nullptr) return NotFoundError("no run named \"" + run_name + "\"");
  std::shared_ptr<const tensorboard::TensorProto> tensor =
      run->Read([&](const RunData& data) -> std::shared_ptr<const tensorboard::TensorProto> {
        const TagData* tag = data.FindTag(tag_name);
        if (tag == nullptr || !tag->has_metadata || tag->tensors == nullptr ||
            tag->tensors->items().empty() ||
            tag->metadata.data_class() != tensorboard::DATA_CLASS_BLOB_SEQUENCE ||
            std::find(plugins.begin(), plugins.end(), tag->plugin_name()) == plugins.end()) {
          return nullptr;
        }
        return tag->tensors->items().back().tensor;
      });
  if (tensor == nullptr) {
    return NotFoundError("run \"" + run_name + "\" has no graph data for tag \"" +
                         std::string(tag_name) + "\"");
  }
  const std::optional<int64_t> n = NumElements(*tensor);
  if (!n.has_value() || *n < 1) {
    return NotFoundError("the graph data of tag \"" + std::string(tag_name) + "\" in run \"" +
                         run_name + "\" is empty");
  }
  return Blob(std::move(tensor));
}

// Python's int() for a query parameter: surrounding whitespace, an optional sign, decimal digits
// (underscores allowed between them). Values beyond int64 saturate: every attribute is smaller.
std::optional<int64_t> ParsePythonInt(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
  int64_t value = 0;
  bool saturated = false;
  char previous = 0;
  for (char c : s) {
    if (c == '_') {
      if (previous == '_') return std::nullopt;
    } else if (c >= '0' && c <= '9') {
      if (value > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) {
        saturated = true;
      } else {
        value = value * 10 + (c - '0');
      }
    } else {
      return std::nullopt;
    }
    previous = c;
  }
  if (saturated) {
    return negative ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  return negative ? -value : value;
}

Response GraphText(const google::protobuf::Message& message) {
  return Response::Text(PythonTextFormat(message), kGraphContentType);
}

class GraphsPlugin : public Plugin {
 public:
  explicit GraphsPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kGraphsPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"tab_name", "graphs"},
            {"disable_reload", true},
            {"remove_dom", false},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-graph-dashboard"}}}};
  }

  bool IsActive() const override {
    for (const auto& run : context_.store->Runs()) {
      const bool any = run->Read([](const RunData& data) {
        for (const auto& [name, tag] : data.tags()) {
          if (tag->has_metadata && std::find(kDataPlugins.begin(), kDataPlugins.end(),
                                             tag->plugin_name()) != kDataPlugins.end()) {
            return true;
          }
        }
        return false;
      });
      if (any) return true;
    }
    return false;
  }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/graphs/info", [this](const Request& r) { return InfoRoute(r); }},
        {"/data/plugin/graphs/graph", [this](const Request& r) { return GraphRoute(r); }},
        {"/data/plugin/graphs/run_metadata",
         [this](const Request& r) { return RunMetadataRoute(r); }},
    };
  }

 private:
  StatusOr<Response> InfoRoute(const Request&) const {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& run : context_.store->Runs()) {
      nlohmann::ordered_json item = {
          {"run", run->name()}, {"tags", nlohmann::ordered_json::object()}, {"run_graph", false}};
      bool listed = false;
      run->Read([&](const RunData& data) {
        for (const auto& [name, tag] : data.tags()) {
          if (!tag->has_metadata ||
              tag->metadata.data_class() != tensorboard::DATA_CLASS_BLOB_SEQUENCE) {
            continue;
          }
          const std::string& plugin = tag->plugin_name();
          const std::string& content = tag->metadata.plugin_data().content();
          auto tag_item = [&]() -> nlohmann::ordered_json& {
            listed = true;
            nlohmann::ordered_json& t = item["tags"][name];
            if (t.is_null()) {
              t = {{"tag", name},
                   {"conceptual_graph", false},
                   {"op_graph", false},
                   {"profile", false}};
            }
            return t;
          };
          if (plugin == kGraphsPlugin) {
            if (name == kRunGraphTag) {
              listed = true;
              item["run_graph"] = true;
            }
          } else if (plugin == kGraphTaggedRunMetadataPlugin) {
            tag_item()["profile"] = true;
          } else if (content != kRunMetadataVersion) {
            continue;  // an unknown version of a TensorFlow summary op
          } else if (plugin == kRunMetadataPlugin) {
            auto& t = tag_item();
            t["profile"] = true;
            t["op_graph"] = true;
          } else if (plugin == kRunMetadataGraphPlugin) {
            tag_item()["op_graph"] = true;
          } else if (plugin == kKerasModelPlugin) {
            tag_item()["conceptual_graph"] = true;
          }
        }
      });
      if (listed) out[run->name()] = std::move(item);
    }
    return Response::Json(DumpJson(out));
  }

  StatusOr<Response> GraphRoute(const Request& request) const {
    const std::optional<std::string> run = request.Param("run");
    if (!run) return InvalidArgumentError("query parameter \"run\" is required");
    const std::optional<std::string> tag = request.Param("tag");
    std::optional<int64_t> limit_attr_size;
    if (auto limit = request.Param("limit_attr_size")) {
      limit_attr_size = ParsePythonInt(*limit);
      if (!limit_attr_size) {
        return InvalidArgumentError("query parameter `limit_attr_size` must be an integer");
      }
    }
    const std::optional<std::string> large_attrs_key = request.Param("large_attrs_key");

    tensorboard::GraphDef graph;
    if (request.Param("conceptual").value_or("") == "true") {
      return InvalidArgumentError(
          "conceptual graphs (Keras model JSON) are not supported by this server; ask for the "
          "op graph instead (leave out conceptual=true)");
    } else if (!tag) {
      ASSIGN_OR_RETURN(const Blob blob, ReadBlob(context_, *run, kRunGraphTag, {kGraphsPlugin}));
      if (!blob.ParseInto(&graph)) {
        return NotFoundError("the graph of run \"" + *run + "\" is not a readable GraphDef");
      }
    } else {
      // An op graph: the graphs of the functions a traced step ran, before optimisation.
      ASSIGN_OR_RETURN(const Blob blob, ReadBlob(context_, *run, *tag,
                                                 {kRunMetadataPlugin, kRunMetadataGraphPlugin}));
      tensorboard::RunMetadata run_metadata;
      if (!blob.ParseInto(&run_metadata)) {
        return NotFoundError("the run metadata of tag \"" + *tag + "\" in run \"" + *run +
                             "\" is not a readable RunMetadata");
      }
      std::vector<tensorboard::GraphDef> graphs;
      for (auto& function_graph : *run_metadata.mutable_function_graphs()) {
        graphs.push_back(std::move(*function_graph.mutable_pre_optimization_graph()));
      }
      ASSIGN_OR_RETURN(graph, MergeGraphDefs(std::move(graphs)));
    }
    RETURN_IF_ERROR(PrepareGraphForUi(&graph, limit_attr_size, large_attrs_key));
    return GraphText(graph);
  }

  StatusOr<Response> RunMetadataRoute(const Request& request) const {
    const std::optional<std::string> tag = request.Param("tag");
    if (!tag) return InvalidArgumentError("query parameter \"tag\" is required");
    const std::optional<std::string> run = request.Param("run");
    if (!run) return InvalidArgumentError("query parameter \"run\" is required");
    ASSIGN_OR_RETURN(
        const Blob blob,
        ReadBlob(context_, *run, *tag, {kGraphTaggedRunMetadataPlugin, kRunMetadataPlugin}));
    tensorboard::RunMetadata run_metadata;
    if (!blob.ParseInto(&run_metadata)) {
      return NotFoundError("the run metadata of tag \"" + *tag + "\" in run \"" + *run +
                           "\" is not a readable RunMetadata");
    }
    return GraphText(run_metadata);
  }

  PluginContext context_;
};

std::string Prefixed(std::string_view prefix, char separator, std::string_view name) {
  std::string out(prefix);
  out.push_back(separator);
  out.append(name);
  return out;
}

}  // namespace

std::string PythonTextFormat(const google::protobuf::Message& message) {
  TextFormat::Printer printer;
  printer.SetDefaultFieldValuePrinter(new PythonFloatPrinter());  // the printer owns it
  std::string out;
  printer.PrintToString(message, &out);
  return out;
}

StatusOr<tensorboard::GraphDef> MergeGraphDefs(std::vector<tensorboard::GraphDef> graphs) {
  if (graphs.empty()) return tensorboard::GraphDef();
  if (graphs.size() == 1) return std::move(graphs[0]);
  tensorboard::GraphDef merged;
  if (graphs[0].versions().producer() != 0) *merged.mutable_versions() = graphs[0].versions();
  for (size_t i = 0; i < graphs.size(); ++i) {
    tensorboard::GraphDef& graph = graphs[i];
    if (graph.versions().producer() != merged.versions().producer()) {
      return InvalidArgumentError("Cannot combine GraphDefs of different versions.");
    }
    const std::string prefix = "graph_" + std::to_string(i + 1);
    for (tensorboard::NodeDef& node : *graph.mutable_node()) {
      node.set_name(Prefixed(prefix, '/', node.name()));
      // Control inputs ("^x") get the prefix in front of the caret, as TensorBoard does.
      for (std::string& input : *node.mutable_input()) input = Prefixed(prefix, '/', input);
      // PartitionedCall names the function it calls in attr "f"; the function is renamed below.
      // (TensorBoard's Python creates "f" when it is missing; so do we.)
      if (node.op() == "PartitionedCall") {
        auto* func = (*node.mutable_attr())["f"].mutable_func();
        func->set_name(Prefixed(prefix, '_', func->name()));
      }
      *merged.add_node() = std::move(node);
    }
    for (auto& function : *graph.mutable_library()->mutable_function()) {
      auto* signature = function.mutable_signature();
      signature->set_name(Prefixed(prefix, '_', signature->name()));
      *merged.mutable_library()->add_function() = std::move(function);
    }
    for (auto& gradient : *graph.mutable_library()->mutable_gradient()) {
      gradient.set_function_name(Prefixed(prefix, '_', gradient.function_name()));
      gradient.set_gradient_func(Prefixed(prefix, '_', gradient.gradient_func()));
      *merged.mutable_library()->add_gradient() = std::move(gradient);
    }
  }
  return merged;
}

Status PrepareGraphForUi(tensorboard::GraphDef* graph, std::optional<int64_t> limit_attr_size,
                         const std::optional<std::string>& large_attrs_key) {
  if (!limit_attr_size) return OkStatus();
  if (!large_attrs_key) {
    return InvalidArgumentError(
        "query parameter `large_attrs_key` is required when `limit_attr_size` is given");
  }
  if (*limit_attr_size <= 0) {
    return InvalidArgumentError("query parameter `limit_attr_size` must be > 0, but is " +
                                std::to_string(*limit_attr_size));
  }
  const uint64_t limit = static_cast<uint64_t>(*limit_attr_size);
  for (tensorboard::NodeDef& node : *graph->mutable_node()) {
    auto& attrs = *node.mutable_attr();
    // A protobuf map iterates in no particular order; sorted keys keep the list of removed
    // attributes stable from one request to the next.
    std::vector<std::string> keys;
    keys.reserve(attrs.size());
    for (const auto& [key, value] : attrs) keys.push_back(key);
    std::sort(keys.begin(), keys.end());
    for (const std::string& key : keys) {
      auto it = attrs.find(key);
      if (it == attrs.end() || it->second.ByteSizeLong() <= limit) continue;
      attrs.erase(it);
      attrs[*large_attrs_key].mutable_list()->add_s(key);
    }
  }
  return OkStatus();
}

std::unique_ptr<Plugin> MakeGraphsPlugin(const PluginContext& context) {
  return std::make_unique<GraphsPlugin>(context);
}

}  // namespace tracker::plugins
