#include "plugins/json_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tracker::plugins {

std::string PythonFloat(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  // Shortest round-trip digits and the decimal exponent, then Python's layout rules.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  const size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  const int exponent = std::atoi(sci.c_str() + e + 1);
  const bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[8];
    std::snprintf(exp, sizeof(exp), "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp;
  }
  if (exponent < 0) {
    return out + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  }
  const size_t int_len = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= int_len) {
    return out + digits + std::string(int_len - digits.size(), '0') + ".0";
  }
  return out + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

void AppendJsonNumber(std::string* out, double v) {
  if (std::isnan(v)) {
    *out += "\"NaN\"";
  } else if (std::isinf(v)) {
    *out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    *out += PythonFloat(v);
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
