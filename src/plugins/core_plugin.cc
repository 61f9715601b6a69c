#include "plugins/core_plugin.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "plugins/json_util.h"

namespace tracker::plugins {
namespace {

// The TensorBoard version whose behaviour tracker reproduces; the Angular UI shows it and
// adapts to it.
constexpr const char* kTensorBoardVersion = "2.22.0a0";

// TensorBoard's core_plugin._serve_plugins_listing writes these keys in this order.
constexpr const char* kListingKeyOrder[] = {"disable_reload", "enabled", "remove_dom", "tab_name",
                                            "loading_mechanism"};

class CorePlugin : public Plugin {
 public:
  CorePlugin(const PluginContext& context, std::vector<const Plugin*> listing)
      : context_(context), listing_(std::move(listing)) {}

  std::string_view name() const override { return "core"; }
  nlohmann::ordered_json FrontendMetadata() const override {
    return nlohmann::ordered_json::object();
  }
  bool IsActive() const override { return true; }

  std::vector<Route> Routes() override {
    auto json = [](nlohmann::ordered_json value) {
      return [body = DumpJson(value)](const Request&) -> StatusOr<Response> {
        return Response::Json(body);
      };
    };
    return {
        {"/data/environment", [this](const Request&) { return Environment(); }},
        {"/data/runs", [this](const Request&) { return Runs(); }},
        {"/data/plugins_listing", [this](const Request&) { return PluginsListing(); }},
        {"/data/logdir", json({{"logdir", context_.data_location}})},
        {"/data/window_properties", json({{"window_title", context_.window_title}})},
        {"/data/experiments", json(nlohmann::ordered_json::array())},
        {"/data/experiment_runs", json(nlohmann::ordered_json::array())},
    };
  }

 private:
  StatusOr<Response> Environment() const {
    // The local data provider's experiment metadata: no name, no description, creation time 0.
    // TensorBoard's "debug" block (data provider and flags) is optional and left out.
    const nlohmann::ordered_json out = {
        {"version", kTensorBoardVersion},        {"data_location", context_.data_location},
        {"window_title", context_.window_title}, {"experiment_name", ""},
        {"experiment_description", ""},          {"creation_time", 0}};
    return Response::Json(DumpJson(out));
  }

  StatusOr<Response> Runs() const {
    std::string out = "[";
    for (const auto& run : context_.store->Runs()) {
      if (out.size() > 1) out += ", ";
      AppendJsonString(&out, run->name());
    }
    out.push_back(']');
    return Response::Json(std::move(out));
  }

  StatusOr<Response> PluginsListing() const {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const Plugin* plugin : listing_) {
      nlohmann::ordered_json metadata = plugin->FrontendMetadata();
      if (!metadata.is_object()) metadata = nlohmann::ordered_json::object();
      metadata["enabled"] = plugin->IsActive();
      // base_plugin.FrontendMetadata's defaults for anything a plugin leaves out.
      if (!metadata.contains("disable_reload")) metadata["disable_reload"] = false;
      if (!metadata.contains("remove_dom")) metadata["remove_dom"] = false;
      if (!metadata.contains("tab_name")) metadata["tab_name"] = std::string(plugin->name());
      if (!metadata.contains("loading_mechanism")) {
        metadata["loading_mechanism"] = {{"type", "NONE"}};
      }
      // Re-emit in TensorBoard's key order whatever order the plugin used; keys TensorBoard
      // does not write (none today) follow.
      nlohmann::ordered_json entry = nlohmann::ordered_json::object();
      for (const char* key : kListingKeyOrder) {
        if (auto it = metadata.find(key); it != metadata.end()) entry[key] = *it;
      }
      for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        if (!entry.contains(it.key())) entry[it.key()] = it.value();
      }
      out[std::string(plugin->name())] = std::move(entry);
    }
    return Response::Json(DumpJson(out));
  }

  const PluginContext context_;
  const std::vector<const Plugin*> listing_;
};

}  // namespace

std::unique_ptr<Plugin> MakeCorePlugin(const PluginContext& context,
                                       std::vector<const Plugin*> listing) {
  return std::make_unique<CorePlugin>(context, std::move(listing));
}

}  // namespace tracker::plugins
