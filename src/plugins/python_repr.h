// PythonRepr: Python's repr() of a str (or None), so error messages read as TensorBoard's
// ("No histogram tag 'loss' for run 'train'").
#ifndef TRACKER_PLUGINS_PYTHON_REPR_H_
#define TRACKER_PLUGINS_PYTHON_REPR_H_

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::plugins {

// Single quotes unless the text holds a single quote and no double quote; backslash, the
// quote, \t, \n and \r escaped; other control characters as \xNN. Valid UTF-8 is kept as is
// (Python 3 prints non-ASCII text literally); a byte that is not valid UTF-8 prints as the
// lone surrogate Python's file-system decoding would have made of it (\udcNN).
inline std::string PythonRepr(std::string_view s) {
  const bool has_single = s.find('\'') != std::string_view::npos;
  const bool has_double = s.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  char buf[16];
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\\' || c == static_cast<unsigned char>(quote)) {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c < 0x20 || c == 0x7f) {
        std::snprintf(buf, sizeof(buf), "\\x%02x", c);
        out += buf;
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    }
    if (ok && len == 2 && c < 0xc2) ok = false;  // overlong
    if (ok && len == 2 && c == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0) {
      // U+0080..U+009F are not printable: Python writes \x80..\x9f.
      std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(s[i + 1]));
      out += buf;
      i += 2;
      continue;
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      std::snprintf(buf, sizeof(buf), "\\udc%02x", c);
      out += buf;
      ++i;
    }
  }
  out.push_back(quote);
  return out;
}

// Exact-match overloads, so a std::string or a literal is not ambiguous between the two above.
inline std::string PythonRepr(const std::string& s) { return PythonRepr(std::string_view(s)); }
inline std::string PythonRepr(const char* s) { return PythonRepr(std::string_view(s)); }

// repr() of an optional str: None when absent.
inline std::string PythonRepr(const std::optional<std::string>& s) {
  return s ? PythonRepr(std::string_view(*s)) : std::string("None");
}

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_PYTHON_REPR_H_
