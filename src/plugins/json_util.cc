#include "plugins/json_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tracker::plugins {

void AppendPythonFloat(std::string* out, double v) {
  if (std::isnan(v)) {
    *out += "nan";
    return;
  }
  if (std::isinf(v)) {
    *out += v > 0 ? "inf" : "-inf";
    return;
  }
  if (v == 0) {
    *out += std::signbit(v) ? "-0.0" : "0.0";
    return;
  }
  // Shortest round-trip digits and the decimal exponent from to_chars, then Python's layout
  // rules, in a stack buffer: this runs for every point of every scalar answer.
  char sci[32];
  const char* const sci_end = std::to_chars(sci, sci + sizeof sci, v,
                                            std::chars_format::scientific).ptr;
  const char* p = sci;
  char buf[48];
  char* o = buf;
  if (*p == '-') *o++ = *p++;
  char digits[20];
  int n = 0;
  for (; p < sci_end && *p != 'e'; ++p) {
    if (*p != '.') digits[n++] = *p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+'), sci_end, exponent);
  if (exponent < -4 || exponent >= 16) {
    *o++ = digits[0];
    if (n > 1) {
      *o++ = '.';
      for (int i = 1; i < n; ++i) *o++ = digits[i];
    }
    *o++ = 'e';
    *o++ = exponent < 0 ? '-' : '+';
    const int e = std::abs(exponent);
    if (e >= 100) *o++ = static_cast<char>('0' + e / 100);
    *o++ = static_cast<char>('0' + e / 10 % 10);
    *o++ = static_cast<char>('0' + e % 10);
  } else if (exponent < 0) {
    *o++ = '0';
    *o++ = '.';
    for (int i = 0; i < -exponent - 1; ++i) *o++ = '0';
    for (int i = 0; i < n; ++i) *o++ = digits[i];
  } else {
    const int int_len = exponent + 1;
    for (int i = 0; i < int_len; ++i) *o++ = i < n ? digits[i] : '0';
    *o++ = '.';
    if (n <= int_len) {
      *o++ = '0';
    } else {
      for (int i = int_len; i < n; ++i) *o++ = digits[i];
    }
  }
  out->append(buf, o);
}

std::string PythonFloat(double v) {
  std::string out;
  AppendPythonFloat(&out, v);
  return out;
}

void AppendJsonNumber(std::string* out, double v) {
  if (std::isnan(v)) {
    *out += "\"NaN\"";
  } else if (std::isinf(v)) {
    *out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    AppendPythonFloat(out, v);
  }
}

void AppendJsonString(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': *out += "\\\""; break;
        case '\\': *out += "\\\\"; break;
        case '\n': *out += "\\n"; break;
        case '\r': *out += "\\r"; break;
        case '\t': *out += "\\t"; break;
        case '\b': *out += "\\b"; break;
        case '\f': *out += "\\f"; break;
        default:
          if (c < 0x20) {
            *out += "\\u00";
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 15]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Copy a well-formed UTF-8 sequence; replace anything else with U+FFFD.
    const size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    }
    if (ok) {
      out->append(s.substr(i, len));
      i += len;
    } else {
      *out += "\xef\xbf\xbd";
      ++i;
    }
  }
  out->push_back('"');
}

namespace {

template <typename Json>
void Dump(const Json& j, std::string* out) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: *out += "null"; break;
    case nlohmann::json::value_t::boolean: *out += j.template get<bool>() ? "true" : "false"; break;
    case nlohmann::json::value_t::number_integer: *out += std::to_string(j.template get<int64_t>()); break;
    case nlohmann::json::value_t::number_unsigned: *out += std::to_string(j.template get<uint64_t>()); break;
    case nlohmann::json::value_t::number_float: AppendJsonNumber(out, j.template get<double>()); break;
    case nlohmann::json::value_t::string: AppendJsonString(out, j.template get_ref<const std::string&>()); break;
    case nlohmann::json::value_t::array: {
      out->push_back('[');
      bool first = true;
      for (const auto& v : j) {
        if (!first) *out += ", ";
        first = false;
        Dump(v, out);
      }
      out->push_back(']');
      break;
    }
    case nlohmann::json::value_t::object: {
      out->push_back('{');
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) *out += ", ";
        first = false;
        AppendJsonString(out, it.key());
        *out += ": ";
        Dump(it.value(), out);
      }
      out->push_back('}');
      break;
    }
    default: *out += "null"; break;  // binary / discarded: never produced by plugins
  }
}

}  // namespace

std::string DumpJson(const nlohmann::ordered_json& value) {
  std::string out;
  Dump(value, &out);
  return out;
}

std::string DumpJson(const nlohmann::json& value) {
  std::string out;
  Dump(value, &out);
  return out;
}

}  // namespace tracker::plugins
