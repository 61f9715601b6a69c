// Test helpers for plugins: the corpus loaded as TensorBoard's goldens were captured, and a
// semantic comparison with TensorBoard's answers (the rules of tools/golden.py).
#ifndef TRACKER_TESTS_TESTING_GOLDEN_H_
#define TRACKER_TESTS_TESTING_GOLDEN_H_

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "logreader/multiplexer.h"
#include "logreader/samples_per_plugin.h"
#include "plugins/context.h"
#include "plugins/plugin.h"

namespace tracker::testing {

// The flags the goldens were captured with.
inline constexpr const char* kGoldenSamples =
    "scalars=1000,histograms=500,images=10,text=10,audio=10,pr_curves=100";

// tests/data/corpus loaded once per process with kGoldenSamples.
const plugins::PluginContext& CorpusContext();

// tests/data/golden/golden.json: key -> {"path", "post", "kind", "status", "body"}.
const nlohmann::json& Golden();

// Calls the route of `plugin` matching the path of `path_and_query` (e.g.
// "/data/plugin/scalars/scalars?run=a&tag=b"; the query is percent-decoded), GET, or POST
// with `post_json` as an application/json body when given.
StatusOr<plugins::Response> Call(plugins::Plugin& plugin, const std::string& path_and_query,
                                 const std::string* post_body = nullptr,
                                 const std::string& content_type = "application/json");

// True if `actual` equals `expected` under golden.py's rules: floats within 1e-9 relative,
// "NaN"/"Infinity" strings, booleans never equal numbers, HTML in "text"/"description" compared
// as text, hparam domainDiscrete order ignored. On a difference, *diff says where.
bool JsonMatches(const nlohmann::json& expected, const nlohmann::json& actual, std::string* diff);

}  // namespace tracker::testing

#endif  // TRACKER_TESTS_TESTING_GOLDEN_H_
