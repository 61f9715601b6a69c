#include "logreader/logdir.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <system_error>
#include <utility>

namespace tracker {
namespace fs = std::filesystem;
namespace {

bool LooksLikeUri(std::string_view s) {
  // ^[a-zA-Z][0-9a-zA-Z.]*://
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  size_t i = 1;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  return s.substr(i, 3) == "://";
}

fs::path ExpandUser(std::string_view path) {
  if (path.empty() || path[0] != '~') return fs::path(std::string(path));
  if (path.size() > 1 && path[1] != '/') return fs::path(std::string(path));  // ~user: leave it
  const char* home = std::getenv("HOME");
  if (home == nullptr) return fs::path(std::string(path));
  return fs::path(home) / std::string(path.substr(path.size() > 1 ? 2 : 1));
}

// Absolute, with symlinks resolved as far as the path exists (like os.path.realpath).
fs::path RealPath(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p;
  fs::path canon = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : canon;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

StatusOr<std::vector<LogdirRoot>> ParseLogdirSpec(std::string_view spec) {
  // Keyed by path so that a repeated path keeps the last name, in first-seen order.
  std::vector<LogdirRoot> roots;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view entry = Trim(spec.substr(start, comma - start));
    start = comma + 1;
    if (entry.empty()) continue;
    LogdirRoot root;
    std::string_view path = entry;
    if (entry.find(':') != std::string_view::npos && entry[0] != '/' && !LooksLikeUri(entry)) {
      size_t colon = entry.find(':');
      root.group = std::string(entry.substr(0, colon));
      path = entry.substr(colon + 1);
      if (path.empty()) {
        return InvalidArgumentError("logdir entry '" + std::string(entry) + "' has no path");
      }
    }
    if (LooksLikeUri(path)) {
      return InvalidArgumentError("logdir '" + std::string(path) +
                                  "' is a URI; tracker reads local directories only");
    }
    root.path = RealPath(ExpandUser(path));
    auto same = std::find_if(roots.begin(), roots.end(),
                             [&](const LogdirRoot& r) { return r.path == root.path; });
    if (same != roots.end()) {
      same->group = root.group;
    } else {
      roots.push_back(std::move(root));
    }
    if (comma == spec.size()) break;
  }
  if (roots.empty()) return InvalidArgumentError("empty logdir");
  return roots;
}

StatusOr<std::vector<LogdirRoot>> InterpretLogdirFlag(std::string_view value) {
  fs::path plain = ExpandUser(value);
  std::error_code ec;
  if (!value.empty() && fs::is_directory(plain, ec)) {
    return std::vector<LogdirRoot>{LogdirRoot{"", RealPath(plain)}};
  }
  return ParseLogdirSpec(value);
}

bool IsEventFileName(std::string_view basename) {
  return basename.find("tfevents") != std::string_view::npos;
}

bool IsLoadableEventFileName(std::string_view basename) {
  constexpr std::string_view kProfileEmpty = ".profile-empty";
  if (!IsEventFileName(basename)) return false;
  return !(basename.size() >= kProfileEmpty.size() &&
           basename.substr(basename.size() - kProfileEmpty.size()) == kProfileEmpty);
}

std::string RunName(const LogdirRoot& root, const fs::path& dir) {
  std::string rel = dir.lexically_relative(root.path).generic_string();
  if (rel.empty()) rel = ".";
  return root.group.empty() ? rel : root.group + "/" + rel;
}

namespace {

struct DirId {
  dev_t dev;
  ino_t ino;
  bool operator<(const DirId& o) const { return std::tie(dev, ino) < std::tie(o.dev, o.ino); }
};

void Walk(const LogdirRoot& root, const fs::path& dir, std::set<DirId>* on_path,
          std::vector<DiscoveredRun>* runs, std::vector<std::string>* warnings,
          std::vector<fs::path>* visited) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) return;
  DirId id{st.st_dev, st.st_ino};
  // A directory already on the current path is a symlink loop; elsewhere it is a second name
  // for the same directory, which TensorBoard also shows twice.
  if (!on_path->insert(id).second) return;
  if (visited != nullptr) visited->push_back(dir);

  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    warnings->push_back("cannot list " + dir.string() + ": " + ec.message());
    on_path->erase(id);
    return;
  }
  bool is_run = false;
  std::vector<fs::path> event_files;
  std::vector<fs::path> subdirs;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      warnings->push_back("error listing " + dir.string() + ": " + ec.message());
      break;
    }
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    // is_directory follows symlinks, which is what we want for symlinked run directories.
    if (entry.is_directory(type_ec)) {
      subdirs.push_back(entry.path());
      continue;
    }
    std::string name = entry.path().filename().string();
    if (!IsEventFileName(name)) continue;
    is_run = true;
    if (IsLoadableEventFileName(name)) event_files.push_back(entry.path());
  }
  if (is_run) {
    std::sort(event_files.begin(), event_files.end());
    runs->push_back(DiscoveredRun{RunName(root, dir), dir, std::move(event_files)});
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const fs::path& sub : subdirs) Walk(root, sub, on_path, runs, warnings, visited);
  on_path->erase(id);
}

}  // namespace

std::vector<DiscoveredRun> DiscoverRuns(const LogdirRoot& root, std::vector<std::string>* warnings,
                                        std::vector<fs::path>* visited) {
  std::vector<DiscoveredRun> runs;
  std::error_code ec;
  if (!fs::is_directory(root.path, ec)) {
    warnings->push_back("logdir " + root.path.string() + " does not exist (yet)");
    return runs;
  }
  std::set<DirId> on_path;
  Walk(root, root.path, &on_path, &runs, warnings, visited);
  return runs;
}

}  // namespace tracker
