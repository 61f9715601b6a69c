// gzip content coding: whether a client accepts it, and compressing a body with zlib.
#ifndef TRACKER_HTTP_GZIP_H_
#define TRACKER_HTTP_GZIP_H_

#include <string>
#include <string_view>

namespace tracker::http {

// Whether an Accept-Encoding header value allows gzip: "gzip", "x-gzip" or "*" with a q-value
// above 0, unless gzip itself is listed with q=0 (RFC 9110 §12.5.3). An empty or missing
// header allows only identity.
bool AcceptsGzip(std::string_view accept_encoding);

// The gzip stream of `data` (mtime 0, so equal bodies compress to equal bytes). Level 3, as
// TensorBoard uses: most of the gain of level 9 at a fraction of the time, and responses are
// compressed per request.
std::string GzipCompress(std::string_view data, int level = 3);

}  // namespace tracker::http

#endif  // TRACKER_HTTP_GZIP_H_
