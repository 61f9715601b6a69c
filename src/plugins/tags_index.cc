#include "plugins/tags_index.h"

#include <optional>
#include <vector>

#include "plugins/json_util.h"
#include "plugins/markdown.h"

namespace tracker::plugins {

std::string TagsIndexJson(const Multiplexer& store, const TagsIndexOptions& options) {
  struct TagEntry {
    std::string name, display_name, description;
    std::optional<int64_t> samples;
  };
  std::string out = "{";
  bool first_run = true;
  for (const auto& run : store.Runs()) {
    bool any = false;
    std::vector<TagEntry> entries;
    run->Read([&](const RunData& data) {
      for (const auto& [name, tag] : data.tags()) {
        if (!options.is_tag(*tag)) continue;
        any = true;
        if (!options.known_version(*tag)) continue;
        entries.push_back({name, tag->metadata.display_name(),
                           tag->metadata.summary_description(),
                           options.samples ? std::optional(options.samples(*tag)) : std::nullopt});
      }
    });
    if (!any) continue;
    if (!first_run) out += ", ";
    first_run = false;
    AppendJsonString(&out, run->name());
    out += ": {";
    // Markdown is rendered outside the run's lock, which the loader may be waiting for.
    for (size_t i = 0; i < entries.size(); ++i) {
      const TagEntry& e = entries[i];
      if (i > 0) out += ", ";
      AppendJsonString(&out, e.name);
      out += ": {\"displayName\": ";
      AppendJsonString(&out, e.display_name);
      out += ", \"description\": ";
      AppendJsonString(&out, e.description.empty() ? "" : RenderMarkdown(e.description));
      if (e.samples) out += ", \"samples\": " + std::to_string(*e.samples);
      out += '}';
    }
    out += '}';
  }
  out += '}';
  return out;
}

}  // namespace tracker::plugins
