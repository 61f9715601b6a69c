// DiskAssets: the web page's files read from a directory at each request (--webroot), so the
// page can be worked on without rebuilding the binary.
#ifndef TRACKER_HTTP_DISK_ASSETS_H_
#define TRACKER_HTTP_DISK_ASSETS_H_

#include <filesystem>

#include "http/asset_source.h"

namespace tracker::http {

class DiskAssets : public AssetSource {
 public:
  // `root` should exist; files are looked up below its canonical form.
  explicit DiskAssets(std::filesystem::path root);

  // Only regular files whose canonical path (symlinks resolved) lies below the root, reached
  // through path segments that are plain names: no "..", ".", empty segments, backslashes or
  // NUL. Files over 256 MiB are not served.
  std::optional<Asset> Find(std::string_view path) const override;

 private:
  std::filesystem::path root_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_DISK_ASSETS_H_
