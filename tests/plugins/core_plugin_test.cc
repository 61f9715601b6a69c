// Tests of the core routes: runs and plugins_listing against TensorBoard's golden answers, and
// the shapes of environment and the legacy routes.
#include "plugins/core_plugin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plugins/audio_plugin.h"
#include "plugins/custom_scalars_plugin.h"
#include "plugins/distributions_plugin.h"
#include "plugins/graphs_plugin.h"
#include "plugins/histograms_plugin.h"
#include "plugins/hparams_plugin.h"
#include "plugins/images_plugin.h"
#include "plugins/pr_curves_plugin.h"
#include "plugins/scalars_plugin.h"
#include "plugins/text_plugin.h"
#include "plugins/timeseries_plugin.h"
#include "testing/golden.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

// TensorBoard's tab order (spec §7.1).
const std::vector<std::string> kTabOrder = {
    "timeseries",  "scalars",          "custom_scalars", "images",     "audio",
    "debugger-v2", "graphs",           "distributions",  "histograms", "text",
    "pr_curves",   "profile_redirect", "hparams",        "mesh",       "wit_redirect"};

// A plugin tracker does not implement: listed, never enabled.
class InactivePlugin : public Plugin {
 public:
  InactivePlugin(std::string name, nlohmann::ordered_json metadata)
      : name_(std::move(name)), metadata_(std::move(metadata)) {}
  std::string_view name() const override { return name_; }
  nlohmann::ordered_json FrontendMetadata() const override { return metadata_; }
  bool IsActive() const override { return false; }
  std::vector<Route> Routes() override { return {}; }

 private:
  std::string name_;
  nlohmann::ordered_json metadata_;
};

nlohmann::ordered_json CustomElement(const char* tab, const char* element) {
  return {{"disable_reload", false},
          {"remove_dom", false},
          {"tab_name", tab},
          {"loading_mechanism", {{"type", "CUSTOM_ELEMENT"}, {"element_name", element}}}};
}

// Every plugin of the listing, built on `context` the way the registry does.
std::vector<std::unique_ptr<Plugin>> AllPlugins(const PluginContext& context) {
  std::vector<std::unique_ptr<Plugin>> p;
  p.push_back(MakeTimeSeriesPlugin(context));
  p.push_back(MakeScalarsPlugin(context));
  p.push_back(MakeCustomScalarsPlugin(context));
  p.push_back(MakeImagesPlugin(context));
  p.push_back(MakeAudioPlugin(context));
  p.push_back(std::make_unique<InactivePlugin>(
      "debugger-v2", nlohmann::ordered_json{{"disable_reload", false},
                                            {"remove_dom", false},
                                            {"tab_name", "Debugger V2"},
                                            {"loading_mechanism", {{"type", "NG_COMPONENT"}}}}));
  p.push_back(MakeGraphsPlugin(context));
  p.push_back(MakeDistributionsPlugin(context));
  p.push_back(MakeHistogramsPlugin(context));
  p.push_back(MakeTextPlugin(context));
  p.push_back(MakePrCurvesPlugin(context));
  p.push_back(std::make_unique<InactivePlugin>(
      "profile_redirect", CustomElement("Profile", "tf-profile-redirect-dashboard")));
  p.push_back(MakeHParamsPlugin(context));
  p.push_back(std::make_unique<InactivePlugin>("mesh", CustomElement("mesh", "mesh-dashboard")));
  p.push_back(std::make_unique<InactivePlugin>(
      "wit_redirect", CustomElement("What-If Tool", "tf-wit-redirect-dashboard")));
  return p;
}

std::vector<const Plugin*> Pointers(const std::vector<std::unique_ptr<Plugin>>& plugins) {
  std::vector<const Plugin*> out;
  for (const auto& p : plugins) out.push_back(p.get());
  return out;
}

nlohmann::ordered_json CallJson(Plugin& plugin, const std::string& path) {
  const StatusOr<Response> r = Call(plugin, path);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return nullptr;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "application/json");
  return nlohmann::ordered_json::parse(r->body);
}

TEST(CorePluginTest, RunsMatchGolden) {
  auto core = MakeCorePlugin(CorpusContext(), {});
  EXPECT_EQ(core->name(), "core");
  const nlohmann::json golden = Golden().at("runs");
  const StatusOr<Response> r = Call(*core, golden.at("path").get<std::string>());
  ASSERT_TRUE(r.ok());
  std::string diff;
  EXPECT_TRUE(JsonMatches(golden.at("body"), nlohmann::json::parse(r->body), &diff)) << diff;
}

TEST(CorePluginTest, PluginsListingMatchesGoldenInTabOrder) {
  const auto plugins = AllPlugins(CorpusContext());
  auto core = MakeCorePlugin(CorpusContext(), Pointers(plugins));
  const nlohmann::json golden = Golden().at("plugins_listing");
  const nlohmann::ordered_json listing = CallJson(*core, golden.at("path").get<std::string>());

  std::vector<std::string> keys, enabled;
  for (auto it = listing.begin(); it != listing.end(); ++it) {
    keys.push_back(it.key());
    if (it.value().at("enabled").get<bool>()) enabled.push_back(it.key());
  }
  EXPECT_EQ(keys, kTabOrder);
  std::sort(enabled.begin(), enabled.end());
  EXPECT_EQ(nlohmann::json(enabled), golden.at("body"));

  // Each entry: TensorBoard's key order and values.
  for (auto it = listing.begin(); it != listing.end(); ++it) {
    std::vector<std::string> entry_keys;
    for (auto e = it.value().begin(); e != it.value().end(); ++e) entry_keys.push_back(e.key());
    EXPECT_EQ(entry_keys, (std::vector<std::string>{"disable_reload", "enabled", "remove_dom",
                                                    "tab_name", "loading_mechanism"}))
        << it.key();
  }
  EXPECT_EQ(
      listing["timeseries"].dump(),
      R"({"disable_reload":false,"enabled":true,"remove_dom":false,"tab_name":"Time Series","loading_mechanism":{"type":"NG_COMPONENT"}})");
  EXPECT_EQ(
      listing["scalars"].dump(),
      R"({"disable_reload":false,"enabled":true,"remove_dom":false,"tab_name":"scalars","loading_mechanism":{"type":"CUSTOM_ELEMENT","element_name":"tf-scalar-dashboard"}})");
  EXPECT_EQ(
      listing["custom_scalars"].dump(),
      R"({"disable_reload":false,"enabled":true,"remove_dom":false,"tab_name":"Custom Scalars","loading_mechanism":{"type":"CUSTOM_ELEMENT","element_name":"tf-custom-scalar-dashboard"}})");
  EXPECT_TRUE(listing["graphs"]["disable_reload"].get<bool>());
  EXPECT_FALSE(listing["debugger-v2"]["enabled"].get<bool>());
}

TEST(CorePluginTest, ListingReordersKeysAndFillsDefaults) {
  // A plugin that writes its metadata in another order, and one that writes none.
  InactivePlugin shuffled("a", {{"loading_mechanism", {{"type", "NG_COMPONENT"}}},
                                {"tab_name", "A"},
                                {"remove_dom", true},
                                {"disable_reload", true}});
  InactivePlugin bare("b", nlohmann::ordered_json::object());
  auto core = MakeCorePlugin(CorpusContext(), {&bare, &shuffled});
  const nlohmann::ordered_json listing = CallJson(*core, "/data/plugins_listing");
  EXPECT_EQ(
      listing.dump(),
      R"({"b":{"disable_reload":false,"enabled":false,"remove_dom":false,"tab_name":"b","loading_mechanism":{"type":"NONE"}},)"
      R"("a":{"disable_reload":true,"enabled":false,"remove_dom":true,"tab_name":"A","loading_mechanism":{"type":"NG_COMPONENT"}}})");
}

TEST(CorePluginTest, EnvironmentAndLegacyRoutes) {
  PluginContext context = CorpusContext();
  context.data_location = "/logs";
  context.window_title = "my title";
  auto core = MakeCorePlugin(context, {});
  EXPECT_EQ(CallJson(*core, "/data/environment").dump(),
            R"({"version":"2.22.0a0","data_location":"/logs","window_title":"my title",)"
            R"("experiment_name":"","experiment_description":"","creation_time":0})");
  EXPECT_EQ(CallJson(*core, "/data/logdir").dump(), R"({"logdir":"/logs"})");
  EXPECT_EQ(CallJson(*core, "/data/window_properties").dump(), R"({"window_title":"my title"})");
  EXPECT_EQ(CallJson(*core, "/data/experiments").dump(), "[]");
  EXPECT_EQ(CallJson(*core, "/data/experiment_runs").dump(), "[]");
}

TEST(CorePluginTest, RunsBodyUsesPythonSeparators) {
  auto core = MakeCorePlugin(CorpusContext(), {});
  const StatusOr<Response> r = Call(*core, "/data/runs");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body.rfind("[\"third_party/tf2_keras_fit/train\", \"", 0), 0u) << r->body;
}

}  // namespace
}  // namespace tracker::plugins
