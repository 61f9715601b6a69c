// ETags of static assets: a hash of the bytes, the same whether computed at build time for
// embedded files or at request time for --webroot files.
#ifndef TRACKER_HTTP_ETAG_H_
#define TRACKER_HTTP_ETAG_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tracker::http {

// A strong ETag (quoted) from the 64-bit FNV-1a hash of `bytes` and their length. Not a
// security measure: it only has to change when the bytes change.
inline std::string ETagFor(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(h >> shift) & 0xf]);
  out += "-" + std::to_string(bytes.size()) + "\"";
  return out;
}

}  // namespace tracker::http

#endif  // TRACKER_HTTP_ETAG_H_
