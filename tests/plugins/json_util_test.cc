// Tests of JSON output in TensorBoard's spelling: Python float repr, NaN/Infinity strings,
// json.dumps separators, and safe handling of text that is not UTF-8.
#include "plugins/json_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace tracker::plugins {
namespace {

struct ReprCase {
  double value;
  const char* python;  // repr(value) in CPython 3.11
};

TEST(JsonUtilTest, PythonFloatMatchesPythonRepr) {
  const ReprCase cases[] = {
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {1.0, "1.0"},
      {-1.0, "-1.0"},
      {0.1, "0.1"},
      {1e-05, "1e-05"},
      {0.0001, "0.0001"},
      {0.00012345, "0.00012345"},
      {1e+16, "1e+16"},
      {9999999999999998.0, "9999999999999998.0"},
      {1.2345678901234568e+17, "1.2345678901234568e+17"},
      {1.5, "1.5"},
      {1700000010.0, "1700000010.0"},
      {1714004382.4499974, "1714004382.4499974"},
      {5e-324, "5e-324"},
      {1.7976931348623157e+308, "1.7976931348623157e+308"},
      {2.5e-05, "2.5e-05"},
      {100.0, "100.0"},
      {1e+22, "1e+22"},
      {-3.14, "-3.14"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1234567.0, "1234567.0"},
      {123456789012345.6, "123456789012345.6"},
      {1e-07, "1e-07"},
      {1.23e-18, "1.23e-18"},
      {9007199254740992.0, "9007199254740992.0"},
      {9.223372036854776e+18, "9.223372036854776e+18"},
      {-1e-300, "-1e-300"},
      {0.5, "0.5"},
      {3000000000000000.0, "3000000000000000.0"},
      {1000000000000000.2, "1000000000000000.2"},
      // float32 values widened to double, as TensorBoard shows v1 simple_value scalars.
      {static_cast<double>(0.1f), "0.10000000149011612"},
      {static_cast<double>(0.3f), "0.30000001192092896"},
      {static_cast<double>(1.1f), "1.100000023841858"},
      {static_cast<double>(0.7f), "0.699999988079071"},
      {static_cast<double>(std::numeric_limits<float>::max()), "3.4028234663852886e+38"},
      {static_cast<double>(std::numeric_limits<float>::denorm_min()), "1.401298464324817e-45"},
      {std::nan(""), "nan"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
  };
  for (const ReprCase& c : cases) {
    EXPECT_EQ(PythonFloat(c.value), c.python) << "for " << c.python;
  }
}

TEST(JsonUtilTest, AppendJsonNumberWritesNonFiniteAsStrings) {
  std::string out;
  AppendJsonNumber(&out, std::nan(""));
  out += ",";
  AppendJsonNumber(&out, std::numeric_limits<double>::infinity());
  out += ",";
  AppendJsonNumber(&out, -std::numeric_limits<double>::infinity());
  out += ",";
  AppendJsonNumber(&out, 2.0);
  out += ",";
  AppendJsonNumber(&out, 1e-05);
  EXPECT_EQ(out, "\"NaN\",\"Infinity\",\"-Infinity\",2.0,1e-05");
  // What a client parses back.
  const nlohmann::json parsed = nlohmann::json::parse("[" + out + "]");
  EXPECT_EQ(parsed[0], "NaN");
  EXPECT_EQ(parsed[3].get<double>(), 2.0);
}

TEST(JsonUtilTest, DumpJsonUsesPythonSeparatorsAndFloats) {
  nlohmann::ordered_json j = {
      {"b", 1},
      {"a",
       {{"nested", nlohmann::ordered_json::array({1.0, 0.5, -0.0, std::nan("")})},
        {"empty", nlohmann::ordered_json::object()}}},
      {"list", nlohmann::ordered_json::array()},
      {"flag", true},
      {"none", nullptr},
      {"big", int64_t{1} << 62},
  };
  // Insertion order is kept (ordered_json), as Python dicts keep theirs.
  EXPECT_EQ(DumpJson(j),
            "{\"b\": 1, \"a\": {\"nested\": [1.0, 0.5, -0.0, \"NaN\"], \"empty\": {}}, "
            "\"list\": [], \"flag\": true, \"none\": null, \"big\": 4611686018427387904}");
  // Plain json sorts keys.
  const nlohmann::json sorted = {{"z", std::numeric_limits<double>::infinity()}, {"a", 1e16}};
  EXPECT_EQ(DumpJson(sorted), "{\"a\": 1e+16, \"z\": \"Infinity\"}");
}

TEST(JsonUtilTest, DumpJsonEscapesStringsAndReplacesInvalidUtf8) {
  const nlohmann::json j = std::string("q\"b\\n\n\t\x01 \xc3\xa9 \xe6\x97\xa5 \xff\xc3 end");
  const std::string out = DumpJson(j);
  EXPECT_EQ(out, "\"q\\\"b\\\\n\\n\\t\\u0001 \xc3\xa9 \xe6\x97\xa5 \xef\xbf\xbd\xef\xbf\xbd end\"");
  // The result is valid JSON (nlohmann's own dump would have thrown on the input).
  EXPECT_NO_THROW(nlohmann::json::parse(out));
  EXPECT_THROW((void)j.dump(), nlohmann::json::type_error);
}

TEST(JsonUtilTest, AppendJsonStringHandlesTruncatedSequences) {
  std::string out;
  AppendJsonString(&out, std::string_view("a\xe6\x97", 3));  // a 3-byte sequence cut short
  EXPECT_EQ(out, "\"a\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_NO_THROW(nlohmann::json::parse(out));
}

}  // namespace
}  // namespace tracker::plugins
