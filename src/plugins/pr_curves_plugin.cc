#include "plugins/pr_curves_plugin.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "logreader/python_random.h"
#include "plugins/json_util.h"
#include "plugins/tags_index.h"
#include "plugins/python_repr.h"
#include "plugins/tensor_values.h"
#include "tensorboard/plugins/pr_curve.pb.h"

namespace tracker::plugins {
namespace {

constexpr std::string_view kPrCurvesPlugin = "pr_curves";
constexpr size_t kDefaultCurvesPerSeries = 100;

// Rows of the stored [6, num_thresholds] tensor (TensorBoard's pr_curve/metadata.py).
constexpr size_t kTruePositives = 0;
constexpr size_t kFalsePositives = 1;
constexpr size_t kTrueNegatives = 2;
constexpr size_t kFalseNegatives = 3;
constexpr size_t kPrecision = 4;
constexpr size_t kRecall = 5;
constexpr size_t kRows = 6;

bool IsPrCurveTag(const TagData& tag) {
  return tag.has_metadata && tag.tensors != nullptr && tag.plugin_name() == kPrCurvesPlugin &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_TENSOR;
}

bool KnownVersion(const tensorboard::SummaryMetadata& metadata) {
  tensorboard::PrCurvePluginData data;
  return data.ParseFromString(metadata.plugin_data().content()) && data.version() <= 0;
}

// numpy's linspace(0.0, 1.0, n): i * (1 / (n - 1)), the last one exactly 1.0.
std::vector<double> Thresholds(size_t n) {
  std::vector<double> out(n);
  if (n == 0) return out;
  if (n == 1) {
    out[0] = 0.0;
    return out;
  }
  const double step = 1.0 / static_cast<double>(n - 1);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<double>(i) * step + 0.0;
  out[n - 1] = 1.0;
  return out;
}

// TensorBoard's _make_pr_entry, or nullopt for a tensor it could not have served (wrong shape,
// or counts that Python's int() rejects).
std::optional<nlohmann::ordered_json> PrEntry(const TensorEvent& event) {
  if (event.tensor == nullptr) return std::nullopt;
  std::optional<NumericTensor> t = DecodeNumericTensor(*event.tensor);
  if (!t || t->shape.size() != 2 || t->shape[0] < static_cast<int64_t>(kRows)) {
    return std::nullopt;
  }
  const size_t n = static_cast<size_t>(t->shape[1]);
  auto at = [&](size_t row, size_t col) { return t->values[row * n + col]; };
  // int(v) truncates toward zero; NaN and infinities raise in Python.
  std::vector<int64_t> counts[4];
  for (size_t row = 0; row < 4; ++row) {
    counts[row].reserve(n);
    for (size_t col = 0; col < n; ++col) {
      const double v = at(row, col);
      if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) return std::nullopt;
      counts[row].push_back(static_cast<int64_t>(v));
    }
  }
  // Curves end at the last threshold where TP + FP > 0 (precision is undefined after it).
  int64_t end_inclusive = static_cast<int64_t>(n) - 1;
  while (end_inclusive > 0 &&
         counts[kTruePositives][end_inclusive] + counts[kFalsePositives][end_inclusive] == 0) {
    --end_inclusive;
  }
  const size_t end = static_cast<size_t>(end_inclusive + 1);
  const std::vector<double> thresholds = Thresholds(n);

  auto floats = [&](size_t row) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (size_t col = 0; col < end; ++col) list.push_back(at(row, col));
    return list;
  };
  auto ints = [&](size_t row) {
    return nlohmann::ordered_json(
        std::vector<int64_t>(counts[row].begin(), counts[row].begin() + end));
  };
  nlohmann::ordered_json entry = nlohmann::ordered_json::object();
  entry["wall_time"] = event.wall_time;
  entry["step"] = event.step;
  entry["precision"] = floats(kPrecision);
  entry["recall"] = floats(kRecall);
  entry["true_positives"] = ints(kTruePositives);
  entry["false_positives"] = ints(kFalsePositives);
  entry["true_negatives"] = ints(kTrueNegatives);
  entry["false_negatives"] = ints(kFalseNegatives);
  entry["thresholds"] = std::vector<double>(thresholds.begin(), thresholds.begin() + end);
  return entry;
}

class PrCurvesPlugin : public Plugin {
 public:
  explicit PrCurvesPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kPrCurvesPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "PR Curves"},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-pr-curve-dashboard"}}}};
  }

  bool IsActive() const override { return AnyTagOfPlugin(*context_.store, kPrCurvesPlugin); }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/pr_curves/tags", [this](const Request&) { return Tags(); }},
        {"/data/plugin/pr_curves/pr_curves", [this](const Request& r) { return PrCurves(r); }},
        {"/data/plugin/pr_curves/available_time_entries",
         [this](const Request&) { return AvailableTimeEntries(); }},
    };
  }

 private:
  StatusOr<Response> Tags() const {
    return Response::Json(
        TagsIndexJson(*context_.store, {IsPrCurveTag, [](const TagData& tag) {
                                          return KnownVersion(tag.metadata);
                                        }}));
  }

  StatusOr<Response> PrCurves(const Request& request) const {
    const std::vector<std::string> runs = request.Params("run");
    if (runs.empty()) return InvalidArgumentError("No runs provided when fetching PR curve data");
    const std::optional<std::string> tag_name = request.Param("tag");
    if (!tag_name || tag_name->empty()) {
      return InvalidArgumentError("No tag provided when fetching PR curve data");
    }
    size_t limit = kDefaultCurvesPerSeries;
    if (context_.samples != nullptr) {
      limit = context_.samples->QueryLimitFor(kPrCurvesPlugin).value_or(limit);
    }
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const std::string& run_name : runs) {
      const Status not_found =
          InvalidArgumentError("No PR curves could be found for run " + PythonRepr(run_name) +
                               " and tag " + PythonRepr(*tag_name));
      auto run = context_.store->FindRun(run_name);
      if (run == nullptr) return not_found;
      bool found = false;
      const std::vector<TensorEvent> events = run->Read([&](const RunData& data) {
        std::vector<TensorEvent> kept;
        const TagData* tag = data.FindTag(*tag_name);
        found = tag != nullptr && IsPrCurveTag(*tag);
        if (!found) return kept;
        const std::vector<TensorEvent>& items = tag->tensors->items();
        for (size_t i : DownsampleIndices(items.size(), limit)) kept.push_back(items[i]);
        return kept;
      });
      if (!found) return not_found;
      nlohmann::ordered_json entries = nlohmann::ordered_json::array();
      for (const TensorEvent& e : events) {
        if (std::optional<nlohmann::ordered_json> entry = PrEntry(e)) {
          entries.push_back(std::move(*entry));
        }
      }
      out[run_name] = std::move(entries);
    }
    return Response::Json(DumpJson(out));
  }

  StatusOr<Response> AvailableTimeEntries() const {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& run : context_.store->Runs()) {
      std::optional<nlohmann::ordered_json> entries =
          run->Read([](const RunData& data) -> std::optional<nlohmann::ordered_json> {
            for (const auto& [name, tag] : data.tags()) {
              if (!IsPrCurveTag(*tag)) continue;
              nlohmann::ordered_json list = nlohmann::ordered_json::array();
              for (const TensorEvent& e : tag->tensors->items()) {
                list.push_back({{"step", e.step}, {"wall_time", e.wall_time}});
              }
              return list;
            }
            return std::nullopt;
          });
      if (entries) out[run->name()] = std::move(*entries);
    }
    return Response::Json(DumpJson(out));
  }

  const PluginContext context_;
};

}  // namespace

std::unique_ptr<Plugin> MakePrCurvesPlugin(const PluginContext& context) {
  return std::make_unique<PrCurvesPlugin>(context);
}

}  // namespace tracker::plugins
