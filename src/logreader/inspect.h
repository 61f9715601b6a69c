// `tracker --inspect`: what was loaded, per run and tag, and the state of every event file.
#ifndef TRACKER_LOGREADER_INSPECT_H_
#define TRACKER_LOGREADER_INSPECT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "logreader/multiplexer.h"

namespace tracker {

// {"runs": {"<run>": {"tags": {"<tag>": {"plugin", "count", "first_step", "last_step"}},
//                     "files": [{"path", "records", "skipped", "state"}]}}}
// Runs in /data/runs order, tags by name, files by name with paths relative to the run.
// first_step/last_step are null for a tag with nothing kept.
nlohmann::ordered_json InspectJson(const Multiplexer& multiplexer);

// The same, as a human-readable report.
std::string InspectText(const Multiplexer& multiplexer);

}  // namespace tracker

#endif  // TRACKER_LOGREADER_INSPECT_H_
