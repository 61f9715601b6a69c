// Logdir specs (`--logdir`, `name:path,...`) and run discovery: which directories are runs and
// what TensorBoard names them.
#ifndef TRACKER_LOGREADER_LOGDIR_H_
#define TRACKER_LOGREADER_LOGDIR_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "status.h"

namespace tracker {

// One root to watch. `group` is the name given in a `name:path` entry, empty for a bare path.
struct LogdirRoot {
  std::string group;
  std::filesystem::path path;
};

// Parses a `--logdir_spec` value (spec §4.1): comma-separated `name:path` or `path` entries.
// An entry is named iff it contains ':', does not start with '/' and is not a URI (drive
// letters mean nothing on POSIX, as in TensorBoard there); it is split at the first colon. Paths are `~`-expanded and made absolute with
// symlinks resolved where they exist. Duplicate paths: the last entry wins.
StatusOr<std::vector<LogdirRoot>> ParseLogdirSpec(std::string_view spec);

// Interprets tracker's `--logdir` value: a value naming an existing directory is one plain
// path (commas, colons and all); anything else uses the `--logdir_spec` grammar, so both
// `--logdir=logs` and `--logdir=exp1:logs/a,exp2:logs/b` work.
StatusOr<std::vector<LogdirRoot>> InterpretLogdirFlag(std::string_view value);

// True if a file's basename marks it as an event file: it contains "tfevents".
bool IsEventFileName(std::string_view basename);
// Event files that are loaded: the above minus the profiler's `*.profile-empty` placeholders
// (which still make their directory a run).
bool IsLoadableEventFileName(std::string_view basename);

struct DiscoveredRun {
  std::string name;                       // TensorBoard's run name, e.g. ".", "train", "exp1/."
  std::filesystem::path dir;              // as reached by the walk (under the root)
  std::vector<std::filesystem::path> event_files;  // loadable event files, sorted by name
};

// Walks `root` recursively, following symlinked directories without looping, and returns
// every directory that directly contains an event file. Problems (unreadable directories) are
// appended to `warnings` and the walk goes on. A missing root yields no runs and a warning.
// If `visited` is given, every directory walked is appended to it (for a file watcher).
std::vector<DiscoveredRun> DiscoverRuns(const LogdirRoot& root, std::vector<std::string>* warnings,
                                        std::vector<std::filesystem::path>* visited = nullptr);

// The run name for `dir` found under `root` (spec §4.2): the relative path with '/', "." for
// the root itself, prefixed with "group/" when the root is named.
std::string RunName(const LogdirRoot& root, const std::filesystem::path& dir);

}  // namespace tracker

#endif  // TRACKER_LOGREADER_LOGDIR_H_
