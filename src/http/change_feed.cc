#include "http/change_feed.h"

#include "logreader/multiplexer.h"
#include "plugins/json_util.h"

namespace tracker::http {

uint64_t StoreChangeFeed::Cursor() const { return store_->generation(); }

std::string StoreChangeFeed::ChangeEvent(uint64_t since, uint64_t until) const {
  // The log may already hold changes after `until`; naming them now is harmless, and the
  // next event names them again.
  const StoreChanges changes = store_->ChangesSince(since);
  std::string out = "{\"generation\": " + std::to_string(until) + ", \"runs\": {";
  bool first_run = true;
  for (const auto& [run, tags] : changes.runs) {
    if (!first_run) out += ", ";
    first_run = false;
    plugins::AppendJsonString(&out, run);
    out += ": [";
    for (size_t i = 0; i < tags.size(); ++i) {
      if (i) out += ", ";
      plugins::AppendJsonString(&out, tags[i]);
    }
    out += ']';
  }
  out += "}, \"removed_runs\": [";
  for (size_t i = 0; i < changes.removed_runs.size(); ++i) {
    if (i) out += ", ";
    plugins::AppendJsonString(&out, changes.removed_runs[i]);
  }
  out += "]}";
  return out;
}

}  // namespace tracker::http
