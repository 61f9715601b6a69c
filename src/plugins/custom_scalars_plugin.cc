#include "plugins/custom_scalars_plugin.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <deque>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "plugins/json_util.h"
#include "plugins/scalars_plugin.h"
#include "tensorboard/plugins/custom_scalar.pb.h"

namespace tracker::plugins {
namespace {

constexpr std::string_view kCustomScalarsPlugin = "custom_scalars";
constexpr std::string_view kConfigTag = "custom_scalars__config__";

// The layout tag as TensorBoard's read_tensors sees it: plugin custom_scalars, tensor class.
bool IsLayoutTag(const TagData& tag) {
  return tag.has_metadata && tag.tensors != nullptr && tag.plugin_name() == kCustomScalarsPlugin &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_TENSOR;
}

bool ContainsChart(const tensorboard::Category& category, const tensorboard::Chart& chart) {
  for (const tensorboard::Chart& c : category.chart()) {
    if (google::protobuf::util::MessageDifferencer::Equals(c, chart)) return true;
  }
  return false;
}

class CustomScalarsPlugin : public Plugin {
 public:
  explicit CustomScalarsPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kCustomScalarsPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "Custom Scalars"},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-custom-scalar-dashboard"}}}};
  }

  bool IsActive() const override { return AnyTagOfPlugin(*context_.store, kCustomScalarsPlugin); }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/custom_scalars/layout", [this](const Request&) { return Layout(); }},
        {"/data/plugin/custom_scalars/scalars", [this](const Request& r) { return Scalars(r); }},
        {"/data/plugin/custom_scalars/download_data",
         [this](const Request& r) {
           return ServeScalars(context_, r.Param("run"), r.Param("tag"),
                               r.Param("format") == "csv");
         }},
    };
  }

 private:
  // The serialized layouts, newest value of each run's config tag (read_tensors with
  // downsample=1 keeps the last item), by run name.
  std::map<std::string, std::string> StoredLayouts() const {
    std::map<std::string, std::string> layouts;
    for (const auto& run : context_.store->Runs()) {
      std::shared_ptr<const tensorboard::TensorProto> tensor;
      run->Read([&](const RunData& data) {
        const TagData* tag = data.FindTag(kConfigTag);
        if (tag == nullptr || !IsLayoutTag(*tag) || tag->tensors->size() == 0) return;
        tensor = tag->tensors->items().back().tensor;
      });
      // TensorBoard takes numpy's item() of a scalar string tensor and fails on anything else;
      // such a run is skipped instead.
      if (tensor == nullptr || tensor->string_val_size() != 1) continue;
      layouts.emplace(run->name(), tensor->string_val(0));
    }
    return layouts;
  }

  StatusOr<Response> Layout() const {
    // TensorBoard's merge, quirk included: title_to_category points at the category of the
    // layout being merged, not at the copy appended to the merged layout, so charts of a later
    // run that go to a category first seen in an earlier-but-not-first run are lost. `parsed`
    // keeps those layouts alive for the pointers.
    std::optional<tensorboard::Layout> merged;
    std::deque<tensorboard::Layout> parsed;
    std::map<std::string, tensorboard::Category*> title_to_category;
    for (const auto& [run, bytes] : StoredLayouts()) {
      tensorboard::Layout layout;
      // TensorBoard fails the whole request on an unparsable layout; we skip that run.
      if (!layout.ParseFromString(bytes)) continue;
      if (!merged) {
        merged = std::move(layout);
        for (tensorboard::Category& category : *merged->mutable_category()) {
          title_to_category[category.title()] = &category;
        }
        continue;
      }
      tensorboard::Layout& current = parsed.emplace_back(std::move(layout));
      for (tensorboard::Category& category : *current.mutable_category()) {
        auto it = title_to_category.find(category.title());
        if (it != title_to_category.end()) {
          // Python builds the list of new charts before extending.
          std::vector<const tensorboard::Chart*> added;
          for (const tensorboard::Chart& chart : category.chart()) {
            if (!ContainsChart(*it->second, chart)) added.push_back(&chart);
          }
          for (const tensorboard::Chart* chart : added) *it->second->add_chart() = *chart;
        } else {
          *merged->add_category() = category;
          title_to_category[category.title()] = &category;
        }
      }
    }
    if (!merged) return Response::Json("{}");
    // json_format.MessageToJson(..., including_default_value_fields=True).
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    options.preserve_proto_field_names = false;
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(*merged, &json, options).ok()) {
      return InternalError("cannot print the custom scalars layout as JSON");
    }
    return Response::Json(std::move(json));
  }

  StatusOr<Response> Scalars(const Request& request) const {
    const std::optional<std::string> pattern = request.Param("tag");
    const std::optional<std::string> run = request.Param("run");
    constexpr std::string_view kInvalid = "{\"regex_valid\": false, \"tag_to_events\": {}}";
    if (!pattern || pattern->empty()) return Response::Json(std::string(kInvalid));
    // std::regex's ECMAScript grammar stands in for Python's re; they agree on the patterns
    // layouts use (alternations, classes, anchors, repetition).
    std::regex regex;
    try {
      regex.assign(*pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return Response::Json(std::string(kInvalid));
    }
    std::vector<std::string> tags;
    if (run) {
      if (auto found = context_.store->FindRun(*run)) {
        found->Read([&](const RunData& data) {
          for (const auto& [name, tag] : data.tags()) {
            if (IsScalarTag(*tag)) tags.push_back(name);
          }
        });
      }
    }
    std::string out = "{\"regex_valid\": true, \"tag_to_events\": {";
    bool first = true;
    const size_t limit = ScalarQueryLimit(context_);
    for (const std::string& tag : tags) {
      bool matches = false;
      try {
        // re.match: anchored at the start of the tag, not at its end.
        matches = std::regex_search(tag, regex, std::regex_constants::match_continuous);
      } catch (const std::regex_error&) {
        matches = false;  // too complex for std::regex: treat as no match rather than fail
      }
      if (!matches) continue;
      const std::optional<std::vector<ScalarPoint>> points =
          ReadScalarPoints(context_, *run, tag, limit);
      if (!points) continue;  // the tag went away between the two reads
      if (!first) out += ", ";
      first = false;
      AppendJsonString(&out, tag);
      out += ": ";
      AppendScalarTriples(&out, *points);
    }
    out += "}}";
    return Response::Json(std::move(out));
  }

  const PluginContext context_;
};

}  // namespace

std::unique_ptr<Plugin> MakeCustomScalarsPlugin(const PluginContext& context) {
  return std::make_unique<CustomScalarsPlugin>(context);
}

}  // namespace tracker::plugins
