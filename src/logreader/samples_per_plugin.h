// SamplesPerPlugin: the parsed --samples_per_plugin flag, i.e. how many items each plugin keeps.
#ifndef TRACKER_LOGREADER_SAMPLES_PER_PLUGIN_H_
#define TRACKER_LOGREADER_SAMPLES_PER_PLUGIN_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "status.h"

namespace tracker {

// Per-plugin reservoir capacities (items kept per run×tag), with defaults from spec §5.2 except
// that tracker keeps every scalar unless told otherwise (spec §13):
//   scalars 0 (= keep all), histograms 500, images 10, audio 10, pr_curves 100, anything else 10.
// Immutable after parsing; safe to share between threads.
class SamplesPerPlugin {
 public:
  // Returned by QueryLimitFor for `plugin=all`: no query-time limit.
  static constexpr size_t kNoLimit = static_cast<size_t>(-1);

  // The defaults, as if the flag were empty.
  SamplesPerPlugin() = default;

  // Parses TensorBoard's syntax, e.g. "scalars=500,images=20": comma-separated `plugin=value`
  // tokens, whitespace around tokens, names and values stripped, empty tokens ignored (so ""
  // gives the defaults), a repeated plugin takes its last value. The value is a non-negative
  // decimal integer, or `all`; both 0 and `all` mean an unbounded reservoir (`all` is RustBoard
  // syntax; TensorBoard's Python CLI rejects it). Anything else (no '=', an empty plugin name,
  // a negative, non-numeric or out-of-range value) is InvalidArgument naming the bad token.
  static StatusOr<SamplesPerPlugin> Parse(std::string_view flag);

  // Reservoir capacity for a plugin's tags; 0 means keep everything.
  size_t CapacityFor(std::string_view plugin_name) const;

  // Whether the plugin was named in the flag.
  bool IsExplicit(std::string_view plugin_name) const;

  // The limit given explicitly, for query-time downsampling by the HTTP routes; nullopt when
  // the plugin was not named (routes then use their own default). An explicit 0 is returned as
  // 0, which TensorBoard's routes honour literally (zero points; spec §5.2); `all` is returned
  // as kNoLimit.
  std::optional<size_t> QueryLimitFor(std::string_view plugin_name) const;

 private:
  struct Explicit {
    size_t capacity;     // 0 = unbounded
    size_t query_limit;  // as given; kNoLimit for `all`
  };
  std::map<std::string, Explicit, std::less<>> explicit_;
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_SAMPLES_PER_PLUGIN_H_
