#include "testing/golden.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>

#include "logreader/logdir.h"

namespace tracker::testing {
namespace {

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string StripHtml(const std::string& v) {
  static const std::regex tags("<[^>]*>");
  static const std::regex spaces("\\s+");
  std::string text = std::regex_replace(v, tags, " ");
  // The few entities markdown renderers produce.
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + 1)) {
      text.replace(p, std::strlen(from), to);
    }
  }
  text = std::regex_replace(text, spaces, " ");
  const size_t b = text.find_first_not_of(' '), e = text.find_last_not_of(' ');
  return b == std::string::npos ? "" : text.substr(b, e - b + 1);
}

bool Compare(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
             const std::string& key, std::string* diff) {
  auto fail = [&](const std::string& why) {
    if (diff->empty()) *diff = path + ": " + why;
    return false;
  };
  if (a.is_boolean() || b.is_boolean()) {
    return (a.is_boolean() && b.is_boolean() && a == b) ? true : fail(a.dump() + " != " + b.dump());
  }
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    if (x == y || (std::isnan(x) && std::isnan(y)) ||
        std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y))) {
      return true;
    }
    return fail(a.dump() + " != " + b.dump());
  }
  if (a.type() != b.type()) return fail("type " + a.dump().substr(0, 60) + " vs " + b.dump().substr(0, 60));
  if (a.is_object()) {
    if (a.size() != b.size()) return fail("keys differ: " + a.dump().substr(0, 200) + " vs " + b.dump().substr(0, 200));
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) return fail("missing key " + it.key());
      if (!Compare(it.value(), b[it.key()], path + "." + it.key(), it.key(), diff)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return fail("length " + std::to_string(a.size()) + " != " + std::to_string(b.size()));
    if (key == "domainDiscrete") {
      std::vector<std::string> x, y;
      for (const auto& v : a) x.push_back(v.dump());
      for (const auto& v : b) y.push_back(v.dump());
      std::sort(x.begin(), x.end());
      std::sort(y.begin(), y.end());
      return x == y ? true : fail("domain values differ");
    }
    for (size_t i = 0; i < a.size(); ++i) {
      if (!Compare(a[i], b[i], path + "[" + std::to_string(i) + "]", "", diff)) return false;
    }
    return true;
  }
  if (a.is_string() && (key == "text" || key == "description")) {
    return StripHtml(a.get<std::string>()) == StripHtml(b.get<std::string>())
               ? true
               : fail("text " + StripHtml(a.get<std::string>()).substr(0, 80) + " != " +
                      StripHtml(b.get<std::string>()).substr(0, 80));
  }
  return a == b ? true : fail(a.dump().substr(0, 80) + " != " + b.dump().substr(0, 80));
}

}  // namespace

const plugins::PluginContext& CorpusContext() {
  static const SamplesPerPlugin* samples = new SamplesPerPlugin(*SamplesPerPlugin::Parse(kGoldenSamples));
  static const Multiplexer* store = [] {
    auto roots = InterpretLogdirFlag(std::string(TRACKER_TEST_DATA) + "/corpus");
    auto* m = new Multiplexer(*roots, {*samples, 2});
    m->Reload();
    return m;
  }();
  static const plugins::PluginContext* context =
      new plugins::PluginContext{store, samples, std::string(TRACKER_TEST_DATA) + "/corpus", ""};
  return *context;
}

const nlohmann::json& Golden() {
  static const nlohmann::json* golden = [] {
    std::ifstream in(std::string(TRACKER_TEST_DATA) + "/golden/golden.json");
    return new nlohmann::json(nlohmann::json::parse(in));
  }();
  return *golden;
}

StatusOr<plugins::Response> Call(plugins::Plugin& plugin, const std::string& path_and_query,
                                 const std::string* post_body, const std::string& content_type) {
  plugins::Request request;
  const size_t q = path_and_query.find('?');
  request.path = path_and_query.substr(0, q);
  if (q != std::string::npos) {
    std::string_view rest = std::string_view(path_and_query).substr(q + 1);
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      const size_t eq = pair.find('=');
      request.query.emplace(PercentDecode(pair.substr(0, eq)),
                            eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1)));
    }
  }
  if (post_body != nullptr) {
    request.method = "POST";
    request.body = *post_body;
    request.content_type = content_type;
  }
  for (auto& route : plugin.Routes()) {
    if (route.path == request.path) return route.handler(request);
  }
  return NotFoundError("no route " + request.path);
}

bool JsonMatches(const nlohmann::json& expected, const nlohmann::json& actual, std::string* diff) {
  diff->clear();
  return Compare(expected, actual, "$", "", diff);
}

}  // namespace tracker::testing
