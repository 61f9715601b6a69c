// JSON output as TensorBoard writes it: Python float spelling, NaN and infinities as strings.
#ifndef TRACKER_PLUGINS_JSON_UTIL_H_
#define TRACKER_PLUGINS_JSON_UTIL_H_

#include <string>

#include <nlohmann/json.hpp>

namespace tracker::plugins {

// Python's repr() of a float: shortest round-trip digits, "1.0" for integral values, exponent
// form below 1e-4 and from 1e16 ("1e-05", "1e+16"), "nan"/"inf"/"-inf" for non-finite values.
std::string PythonFloat(double v);
void AppendPythonFloat(std::string* out, double v);

// Appends v as a JSON number the way TensorBoard writes it; NaN and infinities become the
// strings "NaN", "Infinity", "-Infinity".
void AppendJsonNumber(std::string* out, double v);
void AppendJsonString(std::string* out, std::string_view s);

// Serialises compactly with TensorBoard's conventions for floats (above). Strings that are not
// valid UTF-8 get U+FFFD replacements instead of an exception.
std::string DumpJson(const nlohmann::ordered_json& value);
std::string DumpJson(const nlohmann::json& value);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_JSON_UTIL_H_
