// Why the defaults differ from TensorBoard for scalars only: TensorBoard samples 1000 scalars per
// tag because its Python objects cost ~500 bytes per point; tracker's compressed ScalarSeries
// costs a few bytes, so it keeps every point and downsamples at query time instead. Everything
// else keeps TensorBoard's capacities, whose payloads (images, histograms) are large anyway.
#include "logreader/samples_per_plugin.h"

#include <charconv>

namespace tracker {
namespace {

constexpr size_t kDefaultCapacity = 10;

struct DefaultCapacity {
  std::string_view plugin;
  size_t capacity;
};
constexpr DefaultCapacity kDefaults[] = {
    {"scalars", 0}, {"histograms", 500}, {"images", 10}, {"audio", 10}, {"pr_curves", 100},
};

std::string_view Strip(std::string_view s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Status BadToken(std::string_view token, std::string_view why) {
  return InvalidArgumentError("--samples_per_plugin: bad token '" + std::string(token) + "': " +
                              std::string(why) + " (expected plugin=N with N >= 0, or plugin=all)");
}

}  // namespace

StatusOr<SamplesPerPlugin> SamplesPerPlugin::Parse(std::string_view flag) {
  SamplesPerPlugin result;
  while (true) {
    const size_t comma = flag.find(',');
    const std::string_view token = Strip(flag.substr(0, comma));
    if (!token.empty()) {
      const size_t eq = token.find('=');
      if (eq == std::string_view::npos) return BadToken(token, "missing '='");
      const std::string_view name = Strip(token.substr(0, eq));
      const std::string_view value = Strip(token.substr(eq + 1));
      if (name.empty()) return BadToken(token, "empty plugin name");
      if (value.empty()) return BadToken(token, "missing value");
      Explicit entry;
      if (value == "all") {
        entry = {0, kNoLimit};
      } else {
        if (value.front() == '-') return BadToken(token, "negative value");
        size_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec == std::errc::result_out_of_range) return BadToken(token, "value out of range");
        if (ec != std::errc() || end != value.data() + value.size()) {
          return BadToken(token, "value is not a non-negative integer");
        }
        entry = {n, n};
      }
      result.explicit_.insert_or_assign(std::string(name), entry);
    }
    if (comma == std::string_view::npos) break;
    flag.remove_prefix(comma + 1);
  }
  return result;
}

size_t SamplesPerPlugin::CapacityFor(std::string_view plugin_name) const {
  if (auto it = explicit_.find(plugin_name); it != explicit_.end()) return it->second.capacity;
  for (const DefaultCapacity& d : kDefaults) {
    if (d.plugin == plugin_name) return d.capacity;
  }
  return kDefaultCapacity;
}

bool SamplesPerPlugin::IsExplicit(std::string_view plugin_name) const {
  return explicit_.find(plugin_name) != explicit_.end();
}

std::optional<size_t> SamplesPerPlugin::QueryLimitFor(std::string_view plugin_name) const {
  if (auto it = explicit_.find(plugin_name); it != explicit_.end()) return it->second.query_limit;
  return std::nullopt;
}

}  // namespace tracker
