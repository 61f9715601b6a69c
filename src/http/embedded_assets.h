// EmbeddedAssets: the web page's files as compiled into the binary, the default AssetSource.
#ifndef TRACKER_HTTP_EMBEDDED_ASSETS_H_
#define TRACKER_HTTP_EMBEDDED_ASSETS_H_

#include <map>
#include <string>

#include "http/asset_source.h"
#include "http/embedded_files.h"

namespace tracker::http {

class EmbeddedAssets : public AssetSource {
 public:
  // Indexes kEmbeddedFiles and gzips the text files once, so requests only copy bytes.
  EmbeddedAssets();
  // Indexes `files` instead (tests).
  EmbeddedAssets(const EmbeddedFile* files, size_t count);

  std::optional<Asset> Find(std::string_view path) const override;
  size_t size() const { return assets_.size(); }

 private:
  struct Entry {
    const EmbeddedFile* file;
    std::string content_type;
    std::string gzipped;
  };
  std::map<std::string, Entry, std::less<>> assets_;
};

}  // namespace tracker::http

#endif  // TRACKER_HTTP_EMBEDDED_ASSETS_H_
