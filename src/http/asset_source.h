// AssetSource: the static files of the web page, found by exact path; nothing outside the set
// can be named.
#ifndef TRACKER_HTTP_ASSET_SOURCE_H_
#define TRACKER_HTTP_ASSET_SOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::http {

struct Asset {
  std::string content_type;
  std::string etag;        // quoted, of the identity bytes
  std::string_view bytes;  // valid while `owner` (or, for embedded files, the program) lives
  // The gzip form of `bytes` when the source keeps one ready, else empty.
  std::string_view gzipped;
  std::shared_ptr<const std::string> owner;
};

class AssetSource {
 public:
  virtual ~AssetSource() = default;
  // The asset at the decoded URL path `path` (e.g. "/index.html"), or nullopt. Thread-safe.
  // Whatever `path` holds ("..", "%2e%2e" once decoded, backslashes, NUL, symlinks on disk),
  // only files of the source's own set are returned.
  virtual std::optional<Asset> Find(std::string_view path) const = 0;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_ASSET_SOURCE_H_
