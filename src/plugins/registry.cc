#include "plugins/registry.h"

#include <utility>

#include "plugins/audio_plugin.h"
#include "plugins/core_plugin.h"
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

namespace tracker::plugins {

PluginRegistry::PluginRegistry(PluginContext context) : context_(std::move(context)) {
  // TensorBoard's tab order (its default plugin loaders), restricted to the plugins we serve;
  // plugins_listing keeps this order and the UI draws its tabs from it.
  plugins_.push_back(MakeTimeSeriesPlugin(context_));
  plugins_.push_back(MakeScalarsPlugin(context_));
  plugins_.push_back(MakeCustomScalarsPlugin(context_));
  plugins_.push_back(MakeImagesPlugin(context_));
  plugins_.push_back(MakeAudioPlugin(context_));
  plugins_.push_back(MakeGraphsPlugin(context_));
  plugins_.push_back(MakeDistributionsPlugin(context_));
  plugins_.push_back(MakeHistogramsPlugin(context_));
  plugins_.push_back(MakeTextPlugin(context_));
  plugins_.push_back(MakePrCurvesPlugin(context_));
  plugins_.push_back(MakeHParamsPlugin(context_));

  std::vector<const Plugin*> listing;
  listing.reserve(plugins_.size());
  for (const auto& plugin : plugins_) listing.push_back(plugin.get());
  plugins_.push_back(MakeCorePlugin(context_, std::move(listing)));

  for (const auto& plugin : plugins_) {
    for (Route& route : plugin->Routes()) routes_.push_back(std::move(route));
  }
}

PluginRegistry::~PluginRegistry() = default;

const Route* PluginRegistry::FindRoute(std::string_view path) const {
  for (const Route& route : routes_) {
    if (route.path == path) return &route;
  }
  return nullptr;
}

}  // namespace tracker::plugins
