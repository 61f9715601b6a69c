#include "logreader/inspect.h"

#include <algorithm>
#include <sstream>

namespace tracker {

nlohmann::ordered_json InspectJson(const Multiplexer& multiplexer) {
  nlohmann::ordered_json runs = nlohmann::ordered_json::object();
  for (const auto& run : multiplexer.Runs()) {
    nlohmann::ordered_json tags = nlohmann::ordered_json::object();
    run->Read([&](const RunData& data) {
      for (const auto& [name, tag] : data.tags()) {
        nlohmann::ordered_json t;
        t["plugin"] = tag->plugin_name();
        t["count"] = tag->size();
        auto range = tag->StepRange();
        t["first_step"] = range ? nlohmann::ordered_json(range->first) : nullptr;
        t["last_step"] = range ? nlohmann::ordered_json(range->second) : nullptr;
        tags[name] = std::move(t);
      }
      return 0;
    });
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const EventFileStats& f : run->FileStats()) {
      files.push_back({{"path", f.path.generic_string()},
                       {"records", f.records},
                       {"skipped", f.skipped},
                       {"state", FileStateName(f.state)}});
    }
    runs[run->name()] = {{"tags", std::move(tags)}, {"files", std::move(files)}};
  }
  return {{"runs", std::move(runs)}};
}

std::string InspectText(const Multiplexer& multiplexer) {
  std::ostringstream out;
  const auto runs = multiplexer.Runs();
  out << runs.size() << (runs.size() == 1 ? " run" : " runs") << "\n";
  for (const auto& run : runs) {
    out << "\nrun '" << run->name() << "'  (" << run->dir().string() << ")\n";
    run->Read([&](const RunData& data) {
      size_t width = 3;
      for (const auto& [name, tag] : data.tags()) width = std::max(width, name.size());
      if (data.tags().empty()) out << "  no tags\n";
      for (const auto& [name, tag] : data.tags()) {
        out << "  " << name << std::string(width - name.size() + 2, ' ');
        std::string plugin = tag->plugin_name().empty() ? "(none)" : tag->plugin_name();
        out << plugin << std::string(plugin.size() < 12 ? 12 - plugin.size() : 1, ' ');
        out << tag->size() << (tag->size() == 1 ? " value" : " values");
        if (auto range = tag->StepRange()) {
          out << ", steps " << range->first << ".." << range->second;
        }
        out << "\n";
      }
      return 0;
    });
    for (const EventFileStats& f : run->FileStats()) {
      out << "  file " << f.path.generic_string() << ": " << f.records << " records, "
          << f.skipped << " skipped, " << FileStateName(f.state) << "\n";
    }
  }
  return out.str();
}

}  // namespace tracker
