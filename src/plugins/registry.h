// PluginRegistry: every plugin in TensorBoard's tab order, core included, and their routes.
#ifndef TRACKER_PLUGINS_REGISTRY_H_
#define TRACKER_PLUGINS_REGISTRY_H_

#include <memory>
#include <string_view>
#include <vector>

#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::plugins {

class PluginRegistry {
 public:
  // Builds the plugins on `context`, whose store must outlive the registry.
  explicit PluginRegistry(PluginContext context);
  ~PluginRegistry();

  // Every route of every plugin.
  const std::vector<Route>& routes() const { return routes_; }
  // The route whose path equals `path` exactly, or nullptr.
  const Route* FindRoute(std::string_view path) const;
  const PluginContext& context() const { return context_; }

 private:
  PluginContext context_;
  std::vector<std::unique_ptr<Plugin>> plugins_;
  std::vector<Route> routes_;
};

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_REGISTRY_H_
