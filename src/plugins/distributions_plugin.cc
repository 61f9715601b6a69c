#include "plugins/distributions_plugin.h"

#include <string>
#include <utility>

#include "logreader/data_compat.h"
#include "plugins/histograms_plugin.h"
#include "plugins/json_util.h"

namespace tracker::plugins {
namespace {

// DistributionsPlugin.SAMPLE_SIZE: one more than the default histogram reservoir, so every
// stored value is shown.
constexpr size_t kDistributionsSampleSize = 501;

// numpy's pairwise summation of float64 (what counts.sum() computes): plain below 8 items,
// eight interleaved accumulators up to 128, halves (rounded to multiples of 8) above. The
// order of additions decides the last bit when counts are not integers.
double PairwiseSum(const double* a, size_t n) {
  if (n < 8) {
    double res = 0.;
    for (size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return PairwiseSum(a, n2) + PairwiseSum(a + n2, n - n2);
}

// numpy's searchsorted(side="right") for one key: a binary search with numpy's NaN-last order
// (a NaN element counts as greater than the key), which on unsorted input (negative counts)
// lands where numpy's does rather than where a linear scan would.
size_t SearchSortedRight(const std::vector<double>& a, double key) {
  size_t lo = 0, hi = a.size();
  while (lo < hi) {
    const size_t mid = lo + ((hi - lo) >> 1);
    const double v = a[mid];
    const bool key_less = key < v || (v != v && key == key);
    if (!key_less) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// Python's max(a, b) and min(a, b): the first argument unless the second compares beyond it.
double PyMax(double a, double b) { return b > a ? b : a; }
double PyMin(double a, double b) { return b < a ? b : a; }

}  // namespace

std::vector<CompressedHistogramPoint> CompressHistogram(
    const std::vector<std::array<double, 3>>& buckets) {
  std::vector<CompressedHistogramPoint> result;
  result.reserve(kNormalHistogramBps.size());
  if (buckets.empty()) {
    for (int bp : kNormalHistogramBps) result.push_back({bp, 0.0});
    return result;
  }
  const double minmin = buckets.front()[0];
  const double maxmax = buckets.back()[1];
  const size_t n = buckets.size();
  std::vector<double> counts(n);
  for (size_t i = 0; i < n; ++i) counts[i] = buckets[i][2];
  // numpy's add.reduce starts from the identity 0.0; `or 1.0` replaces a zero total.
  double total = 0.0 + PairwiseSum(counts.data(), n);
  if (total == 0) total = 1.0;
  const double scale = kNormalHistogramBps.back();
  std::vector<double> weights(n);
  double running = 0;
  for (size_t i = 0; i < n; ++i) {
    const double w = counts[i] * scale / total;
    running = i == 0 ? w : running + w;
    weights[i] = running;
  }

  size_t bp_index = 0;
  while (bp_index < kNormalHistogramBps.size()) {
    const double bp = kNormalHistogramBps[bp_index];
    size_t i = SearchSortedRight(weights, bp);
    bool appended = false;
    while (i < n) {
      const double cumsum = weights[i];
      const double cumsum_prev = i > 0 ? weights[i - 1] : 0.0;
      if (cumsum == cumsum_prev) {  // an empty bucket: interpolating would divide by zero
        ++i;
        continue;
      }
      const double lhs = (i == 0 || cumsum_prev == 0) ? minmin : PyMax(buckets[i - 1][1], minmin);
      const double rhs = PyMin(buckets[i][1], maxmax);
      // _lerp(x, x0, x1, y0, y1) = y0 + (x - x0) * (y1 - y0) / (x1 - x0)
      const double value = lhs + (bp - cumsum_prev) * (rhs - lhs) / (cumsum - cumsum_prev);
      result.push_back({kNormalHistogramBps[bp_index], value});
      ++bp_index;
      appended = true;
      break;
    }
    if (!appended) break;
  }
  for (; bp_index < kNormalHistogramBps.size(); ++bp_index) {
    result.push_back({kNormalHistogramBps[bp_index], maxmax});
  }
  return result;
}

namespace {

class DistributionsPlugin : public Plugin {
 public:
  explicit DistributionsPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return "distributions"; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "distributions"},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-distribution-dashboard"}}}};
  }

  bool IsActive() const override { return AnyTagOfPlugin(*context_.store, kHistogramsPlugin); }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/distributions/tags",
         [this](const Request&) -> StatusOr<Response> {
           return Response::Json(HistogramTagsIndex(context_));
         }},
        {"/data/plugin/distributions/distributions",
         [this](const Request& r) { return Distributions(r); }},
    };
  }

 private:
  StatusOr<Response> Distributions(const Request& request) const {
    ASSIGN_OR_RETURN(const std::vector<HistogramDatum> data,
                     ReadHistograms(context_, request, kDistributionsSampleSize));
    std::string out = "[";
    bool first = true;
    std::vector<std::array<double, 3>> buckets;
    for (const HistogramDatum& d : data) {
      const NumericTensor& t = d.buckets;
      buckets.clear();
      if (!t.values.empty()) {
        // Rows of at least [left, right, count]; TensorBoard fails on anything else.
        if (t.shape.size() != 2 || t.shape[1] < 3) continue;
        const size_t width = static_cast<size_t>(t.shape[1]);
        for (size_t row = 0; row < static_cast<size_t>(t.shape[0]); ++row) {
          const double* v = &t.values[row * width];
          buckets.push_back({v[0], v[1], v[2]});
        }
      }
      if (!first) out += ", ";
      first = false;
      out.push_back('[');
      AppendJsonNumber(&out, d.wall_time);
      out += ", " + std::to_string(d.step) + ", [";
      const std::vector<CompressedHistogramPoint> points = CompressHistogram(buckets);
      for (size_t i = 0; i < points.size(); ++i) {
        if (i > 0) out += ", ";
        out += "[" + std::to_string(points[i].basis_point) + ", ";
        AppendJsonNumber(&out, points[i].value);
        out.push_back(']');
      }
      out += "]]";
    }
    out.push_back(']');
    return Response::Json(std::move(out));
  }

  const PluginContext context_;
};

}  // namespace

std::unique_ptr<Plugin> MakeDistributionsPlugin(const PluginContext& context) {
  return std::make_unique<DistributionsPlugin>(context);
}

}  // namespace tracker::plugins
