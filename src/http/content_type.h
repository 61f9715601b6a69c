// Content types: which type a file name gets, and which types are text worth compressing.
#ifndef TRACKER_HTTP_CONTENT_TYPE_H_
#define TRACKER_HTTP_CONTENT_TYPE_H_

#include <string_view>

namespace tracker::http {

// The Content-Type for a file served as a static asset, by its extension (case-insensitive).
// Text types carry "; charset=utf-8"; JSON does not, as TensorBoard sends it. Unknown
// extensions get application/octet-stream, which nosniff keeps from being rendered.
std::string_view ContentTypeForPath(std::string_view path);

// Whether a response of this Content-Type is text that gzip shrinks: text/*, JSON, JavaScript,
// SVG, protobuf text. Never images, fonts or other binary types, and never the event stream
// (compression would buffer events that must reach the page at once).
bool IsCompressibleType(std::string_view content_type);

// Whether the Content-Type is HTML (which gets the Content-Security-Policy).
bool IsHtmlType(std::string_view content_type);

}  // namespace tracker::http

#endif  // TRACKER_HTTP_CONTENT_TYPE_H_
