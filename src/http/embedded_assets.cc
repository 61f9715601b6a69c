#include "http/embedded_assets.h"

#include "http/content_type.h"
#include "http/gzip.h"

namespace tracker::http {

EmbeddedAssets::EmbeddedAssets() : EmbeddedAssets(kEmbeddedFiles, kEmbeddedFileCount) {}

EmbeddedAssets::EmbeddedAssets(const EmbeddedFile* files, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const EmbeddedFile& file = files[i];
    Entry entry{&file, std::string(ContentTypeForPath(file.path)), {}};
    if (IsCompressibleType(entry.content_type)) {
      std::string gz = GzipCompress(std::string_view(file.data, file.size));
      // Keep the gzip form only where it saves bytes (not for tiny files).
      if (gz.size() < file.size) entry.gzipped = std::move(gz);
    }
    assets_.insert_or_assign(file.path, std::move(entry));
  }
}

std::optional<Asset> EmbeddedAssets::Find(std::string_view path) const {
  // An exact lookup in a fixed table: no path can reach anything else.
  auto it = assets_.find(path);
  if (it == assets_.end()) return std::nullopt;
  const Entry& e = it->second;
  return Asset{e.content_type, e.file->etag, std::string_view(e.file->data, e.file->size),
               e.gzipped, nullptr};
}

}  // namespace tracker::http
