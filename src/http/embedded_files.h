// The table of files compiled into the binary, written at build time by embed_assets_main.cc
// from the web UI that web/build.mjs bundles into build/web.
#ifndef TRACKER_HTTP_EMBEDDED_FILES_H_
#define TRACKER_HTTP_EMBEDDED_FILES_H_

#include <cstddef>

namespace tracker::http {

struct EmbeddedFile {
  const char* path;  // URL path, e.g. "/index.html"
  const char* data;
  size_t size;
  const char* etag;  // ETagFor(data), computed by the generator
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

}  // namespace tracker::http

#endif  // TRACKER_HTTP_EMBEDDED_FILES_H_
