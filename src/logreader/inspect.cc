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

namespace {

// Terminal columns of a UTF-8 string: East Asian wide characters take two.
size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    uint32_t cp = len == 1 ? c : c & (0x7f >> len);
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                      (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

std::string Pad(std::string_view s, size_t width) {
  const size_t w = DisplayWidth(s);
  return std::string(s) + std::string(w < width ? width - w : 0, ' ');
}

}  // namespace

std::string InspectText(const Multiplexer& multiplexer) {
  std::ostringstream out;
  const auto runs = multiplexer.Runs();
  out << runs.size() << (runs.size() == 1 ? " run" : " runs") << "\n";
  for (const auto& run : runs) {
    out << "\nrun '" << run->name() << "'  (" << run->dir().string() << ")\n";
    run->Read([&](const RunData& data) {
      if (data.tags().empty()) out << "  no tags\n";
      size_t tag_width = 0, plugin_width = 0;
      for (const auto& [name, tag] : data.tags()) {
        tag_width = std::max(tag_width, DisplayWidth(name));
        plugin_width = std::max(plugin_width, std::max<size_t>(6, tag->plugin_name().size()));
      }
      for (const auto& [name, tag] : data.tags()) {
        const std::string plugin = tag->plugin_name().empty() ? "(none)" : tag->plugin_name();
        out << "  " << Pad(name, tag_width) << "  " << Pad(plugin, plugin_width) << "  "
            << tag->size() << (tag->size() == 1 ? " value" : " values");
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
