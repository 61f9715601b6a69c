#include "plugins/scalars_plugin.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "logreader/data_compat.h"
#include "logreader/python_random.h"
#include "plugins/json_util.h"
#include "plugins/tags_index.h"
#include "plugins/python_repr.h"
#include "tensorboard/plugins/scalar.pb.h"

namespace tracker::plugins {
namespace {

// TensorBoard's scalars plugin _DEFAULT_DOWNSAMPLING: what its routes return per series when
// --samples_per_plugin does not name scalars.
constexpr size_t kTensorBoardScalarLimit = 1000;

// Makes room for `extra` more bytes, growing geometrically: an exact reserve per appended
// series would copy the whole answer again for every series.
void Reserve(std::string* out, size_t extra) {
  const size_t need = out->size() + extra;
  if (need > out->capacity()) out->reserve(std::max(need, 2 * out->capacity()));
}

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

void AppendTriple(std::string* out, const ScalarPoint& p) {
  out->push_back('[');
  AppendJsonNumber(out, p.wall_time);
  *out += ", ";
  AppendInt(out, p.step);
  *out += ", ";
  AppendJsonNumber(out, p.value);
  out->push_back(']');
}

Status NoScalarData(const std::optional<std::string>& run, const std::optional<std::string>& tag) {
  return NotFoundError("No scalar data for run=" + PythonRepr(run) + ", tag=" + PythonRepr(tag));
}

// Python's csv.writer: "\r\n" line ends; floats as str() (== repr()), ints plainly.
std::string ScalarsCsv(const std::vector<ScalarPoint>& points) {
  std::string out = "Wall time,Step,Value\r\n";
  out.reserve(out.size() + points.size() * 40);
  for (const ScalarPoint& p : points) {
    AppendPythonFloat(&out, p.wall_time);
    out.push_back(',');
    AppendInt(&out, p.step);
    out.push_back(',');
    AppendPythonFloat(&out, p.value);
    out += "\r\n";
  }
  return out;
}

// --- The batch route's request --------------------------------------------------------------

struct SeriesRef {
  std::string run, tag;
};

struct BatchRequest {
  std::vector<SeriesRef> series;
  ScalarWindowOptions options;
};

// A JSON number that is an integer (5 or 5.0), as int64.
std::optional<int64_t> JsonInt(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    // 2^63 is the first double above int64's range.
    if (std::isfinite(d) && d == std::floor(d) && d >= -9.2233720368547758e18 &&
        d < 9.2233720368547758e18) {
      return static_cast<int64_t>(d);
    }
  }
  return std::nullopt;
}

StatusOr<BatchRequest> ParseBatchRequest(std::string_view body) {
  // No exceptions: a malformed body yields a discarded value.
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("request body is not valid JSON");
  if (!j.is_object()) return InvalidArgumentError("request body must be a JSON object");
  BatchRequest request;
  const auto series = j.find("series");
  if (series == j.end() || !series->is_array()) {
    return InvalidArgumentError("\"series\" must be a list of {\"run\", \"tag\"} objects");
  }
  for (const nlohmann::json& item : *series) {
    if (!item.is_object()) {
      return InvalidArgumentError("each of \"series\" must be an object {\"run\", \"tag\"}");
    }
    const auto run = item.find("run");
    const auto tag = item.find("tag");
    if (run == item.end() || tag == item.end() || !run->is_string() || !tag->is_string()) {
      return InvalidArgumentError("each of \"series\" needs string \"run\" and \"tag\"");
    }
    request.series.push_back({run->get<std::string>(), tag->get<std::string>()});
  }
  if (const auto points = j.find("points"); points != j.end() && !points->is_null()) {
    const std::optional<int64_t> n = JsonInt(*points);
    if (!n || *n < 0) return InvalidArgumentError("\"points\" must be an integer >= 0");
    request.options.max_points = static_cast<size_t>(*n);
  }
  if (const auto w = j.find("smoothing"); w != j.end() && !w->is_null()) {
    if (!w->is_number() || !(w->get<double>() >= 0 && w->get<double>() <= 1)) {
      return InvalidArgumentError("\"smoothing\" must be a number in [0, 1]");
    }
    request.options.smoothing = w->get<double>();
  }
  for (const auto& [key, field] : {std::pair{"step_min", &request.options.step_min},
                                   std::pair{"step_max", &request.options.step_max}}) {
    if (const auto v = j.find(key); v != j.end() && !v->is_null()) {
      const std::optional<int64_t> step = JsonInt(*v);
      if (!step) return InvalidArgumentError(std::string("\"") + key + "\" must be an integer");
      *field = *step;
    }
  }
  return request;
}

// --- The plugin ------------------------------------------------------------------------------

class ScalarsPlugin : public Plugin {
 public:
  explicit ScalarsPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kScalarsPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "scalars"},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-scalar-dashboard"}}}};
  }

  // TensorBoard's list_plugins: the plugin names of every tag's first metadata, whatever the
  // data class or content version.
  bool IsActive() const override { return AnyTagOfPlugin(*context_.store, kScalarsPlugin); }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/scalars/tags", [this](const Request&) { return Tags(); }},
        {"/data/plugin/scalars/scalars", [this](const Request& r) { return Scalars(r); }},
        {"/data/plugin/scalars/scalars_multirun",
         [this](const Request& r) { return ScalarsMultirun(r); }, /*allow_get=*/false,
         /*allow_post=*/true},
        {"/data/plugin/scalars/batch", [this](const Request& r) { return Batch(r); },
         /*allow_get=*/false, /*allow_post=*/true},
    };
  }

 private:
  StatusOr<Response> Tags() const {
    return Response::Json(TagsIndexJson(*context_.store, {IsScalarTag, IsKnownScalarVersion}));
  }

  StatusOr<Response> Scalars(const Request& request) const {
    const std::optional<std::string> tag = request.Param("tag");
    const std::optional<std::string> run = request.Param("run");
    if (!tag || !run) {
      return InvalidArgumentError("Both run and tag must be specified: tag=" + PythonRepr(tag) +
                                  ", run=" + PythonRepr(run));
    }
    return ServeScalars(context_, run, tag, request.Param("format") == "csv");
  }

  StatusOr<Response> ScalarsMultirun(const Request& request) const {
    if (request.method != "POST") {
      return MethodNotAllowedError("The method is not allowed for the requested URL.");
    }
    const std::multimap<std::string, std::string> form = request.FormFields();
    if (form.count("tag") != 1) return InvalidArgumentError("tag must be specified exactly once");
    const std::string& tag = form.find("tag")->second;
    const size_t limit = ScalarQueryLimit(context_);
    std::string out = "{";
    std::set<std::string, std::less<>> seen;  // a run named twice appears once, as in a dict
    auto [begin, end] = form.equal_range("runs");
    for (auto it = begin; it != end; ++it) {
      const std::string& run = it->second;
      if (!seen.insert(run).second) continue;
      const std::optional<std::vector<ScalarPoint>> points =
          ReadScalarPoints(context_, run, tag, limit);
      if (!points) continue;  // unknown runs are left out silently, as TensorBoard does
      if (out.size() > 1) out += ", ";
      AppendJsonString(&out, run);
      out += ": ";
      AppendScalarTriples(&out, *points);
    }
    out.push_back('}');
    return Response::Json(std::move(out));
  }

  StatusOr<Response> Batch(const Request& request) const {
    if (request.method != "POST") {
      return MethodNotAllowedError("The method is not allowed for the requested URL.");
    }
    ASSIGN_OR_RETURN(const BatchRequest batch, ParseBatchRequest(request.body));
    std::string out = "{\"series\": [";
    for (size_t i = 0; i < batch.series.size(); ++i) {
      const SeriesRef& ref = batch.series[i];
      if (i > 0) out += ", ";
      out += "{\"run\": ";
      AppendJsonString(&out, ref.run);
      out += ", \"tag\": ";
      AppendJsonString(&out, ref.tag);
      std::optional<ScalarWindow> window;
      if (auto run = context_.store->FindRun(ref.run)) {
        // The pass over the series runs under the shared lock; the JSON is written after it.
        window = run->Read([&](const RunData& data) -> std::optional<ScalarWindow> {
          const TagData* tag = data.FindTag(ref.tag);
          if (tag == nullptr || !IsScalarTag(*tag)) return std::nullopt;
          return SampleScalarSeries(*tag->scalars, batch.options);
        });
      }
      if (!window) {
        out += ", \"error\": ";
        AppendJsonString(&out, NoScalarData(ref.run, ref.tag).message());
        out.push_back('}');
        continue;
      }
      Reserve(&out, window->points.size() * (window->smoothed.empty() ? 48 : 72));
      out += ", \"points\": ";
      AppendScalarTriples(&out, window->points);
      if (batch.options.smoothing > 0) {
        out += ", \"smoothed\": [";
        for (size_t k = 0; k < window->smoothed.size(); ++k) {
          if (k > 0) out += ", ";
          AppendJsonNumber(&out, window->smoothed[k]);
        }
        out.push_back(']');
      }
      out.push_back('}');
    }
    out += "]}";
    return Response::Json(std::move(out));
  }

  const PluginContext context_;
};

// --- SampleScalarSeries ------------------------------------------------------------------------

// A point the bucketing may keep: where it arrived, the point, and the EMA state just after it
// (the division that turns that state into the smoothed value is done only for kept points).
struct Candidate {
  size_t index;
  ScalarPoint point;
  double ema, power;
};

struct Bucket {
  bool used = false;
  Candidate first, low, high, last;
};

// One pass over a series, fed in blocks of points so that the hot state lives in locals.
class WindowBuilder {
 public:
  // `expected`: about how many points are in the range, to size the output once.
  WindowBuilder(const ScalarWindowOptions& options, int64_t lo, int64_t hi, size_t expected)
      : lo_(lo),
        hi_(hi),
        w_(options.smoothing),
        smooth_(options.smoothing > 0),
        max_points_(options.max_points == 0 ? std::numeric_limits<size_t>::max()
                                            : options.max_points),
        // Four points per bucket; below four points allowed, one (the last) per bucket.
        last_only_(options.max_points > 0 && options.max_points < 4),
        buckets_(options.max_points == 0 ? 0
                 : last_only_            ? options.max_points
                                         : options.max_points / 4) {
    // Steps map to buckets in doubles: exact enough for drawing, and the span of two int64s can
    // exceed int64 (the edge-case corpus has steps near 2^62).
    const double span = static_cast<double>(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo));
    scale_ = static_cast<double>(buckets_.size()) / (span + 1.0);
    kept_.reserve(std::min(max_points_, expected));
    if (smooth_) kept_smoothed_.reserve(std::min(max_points_, expected));
  }

  void Feed(const ScalarPoint* points, size_t n) {
    if (smooth_) {
      buckets_.empty() ? FeedImpl<true, false>(points, n) : FeedImpl<true, true>(points, n);
    } else {
      buckets_.empty() ? FeedImpl<false, false>(points, n) : FeedImpl<false, true>(points, n);
    }
  }

  ScalarWindow Finish() {
    ScalarWindow window;
    if (current_ != kNone) buckets_[current_].last = previous_;
    if (in_range_ <= max_points_) {
      window.points = std::move(kept_);
      window.smoothed = std::move(kept_smoothed_);
    } else {
      std::vector<const Candidate*> chosen;
      chosen.reserve(buckets_.size() * 4);
      for (const Bucket& bucket : buckets_) {
        if (!bucket.used) continue;
        if (last_only_) {
          chosen.push_back(&bucket.last);
          continue;
        }
        for (const Candidate* c : {&bucket.first, &bucket.low, &bucket.high, &bucket.last}) {
          chosen.push_back(c);
        }
      }
      // Back to arrival order; a point that is, say, both first and lowest appears once.
      std::sort(chosen.begin(), chosen.end(),
                [](const Candidate* a, const Candidate* b) { return a->index < b->index; });
      chosen.erase(
          std::unique(chosen.begin(), chosen.end(),
                      [](const Candidate* a, const Candidate* b) { return a->index == b->index; }),
          chosen.end());
      window.points.reserve(chosen.size());
      for (const Candidate* c : chosen) {
        window.points.push_back(c->point);
        if (smooth_) window.smoothed.push_back(Smoothed(c->point.value, c->ema, c->power));
      }
    }
    // TensorBoard returns a constant series unsmoothed (even with weight 1, where the EMA is 0).
    if (smooth_ && constant_) {
      for (size_t i = 0; i < window.points.size(); ++i) {
        window.smoothed[i] = window.points[i].value;
      }
    }
    return window;
  }

 private:
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();

  // TensorBoard's classicSmoothing (webapp): a debiased EMA over the finite values; non-finite
  // values pass through. Math.pow(w, n) is kept as a running product, which differs only in
  // the last bits and only while w^n is still far from 0.
  double Smoothed(double value, double ema, double power) const {
    if (!std::isfinite(value)) return value;
    return w_ == 1 ? ema : ema / (1 - power);
  }

  template <bool kSmooth, bool kBucket>
  void FeedImpl(const ScalarPoint* points, size_t n) {
    // Locals, written back at the end: the compiler cannot keep members in registers across the
    // stores into the buckets and the kept points.
    double ema = ema_, power = power_;
    bool constant = constant_;
    size_t index = index_, in_range = in_range_, current = current_;
    double low = low_, high = high_;
    Candidate previous = previous_;
    if (kSmooth && index == 0 && n > 0) first_value_ = points[0].value;
    const double first_value = first_value_, w = w_;
    for (size_t i = 0; i < n; ++i, ++index) {
      const ScalarPoint& p = points[i];
      if constexpr (kSmooth) {
        constant &= p.value == first_value;  // NaN is never equal, as in JavaScript
        if (std::isfinite(p.value)) {
          ema = ema * w + (1 - w) * p.value;
          power *= w;
        }
      }
      if (p.step < lo_ || p.step > hi_) continue;
      ++in_range;
      if (in_range <= max_points_) [[unlikely]] {
        kept_.push_back(p);
        if (kSmooth) kept_smoothed_.push_back(Smoothed(p.value, ema, power));
      }
      if constexpr (kBucket) {
        size_t b = static_cast<size_t>(
            static_cast<double>(static_cast<uint64_t>(p.step) - static_cast<uint64_t>(lo_)) *
            scale_);
        if (b >= buckets_.size()) b = buckets_.size() - 1;
        const Candidate c{index, p, ema, power};
        if (b != current) [[unlikely]] {
          if (current != kNone) buckets_[current].last = previous;
          Bucket& bucket = buckets_[b];
          if (!bucket.used) {
            bucket.used = true;
            bucket.first = bucket.low = bucket.high = c;
          } else {  // steps went back to an earlier bucket
            if (p.value < bucket.low.point.value) bucket.low = c;
            if (p.value > bucket.high.point.value) bucket.high = c;
          }
          current = b;
          low = bucket.low.point.value;
          high = bucket.high.point.value;
        } else {
          // NaN compares false both ways, so it never displaces a number.
          if (p.value < low) [[unlikely]] {
            buckets_[b].low = c;
            low = p.value;
          }
          if (p.value > high) [[unlikely]] {
            buckets_[b].high = c;
            high = p.value;
          }
        }
        previous = c;
      }
    }
    ema_ = ema;
    power_ = power;
    constant_ = constant;
    index_ = index;
    in_range_ = in_range;
    current_ = current;
    low_ = low;
    high_ = high;
    previous_ = previous;
  }

  const int64_t lo_, hi_;
  const double w_;
  const bool smooth_;
  const size_t max_points_;
  const bool last_only_;
  std::vector<Bucket> buckets_;
  double scale_ = 0;

  // The points of the range while they still fit: if the whole range fits, no bucketing.
  std::vector<ScalarPoint> kept_;
  std::vector<double> kept_smoothed_;

  size_t index_ = 0, in_range_ = 0;
  double ema_ = 0, power_ = 1, first_value_ = 0;
  bool constant_ = true;
  size_t current_ = kNone;     // bucket of the previous in-range point
  double low_ = 0, high_ = 0;  // its lowest and highest value so far
  Candidate previous_{};
};

}  // namespace

bool IsScalarTag(const TagData& tag) {
  return tag.has_metadata && tag.scalars != nullptr && tag.plugin_name() == kScalarsPlugin &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_SCALAR;
}

bool IsKnownScalarVersion(const TagData& tag) {
  // Unparsable content counts as unknown, like the other plugins' tags routes.
  tensorboard::ScalarPluginData data;
  return data.ParseFromString(tag.metadata.plugin_data().content()) && data.version() <= 0;
}

size_t ScalarQueryLimit(const PluginContext& context) {
  if (context.samples != nullptr) {
    if (const std::optional<size_t> limit = context.samples->QueryLimitFor(kScalarsPlugin)) {
      return *limit;
    }
  }
  return kTensorBoardScalarLimit;
}

std::optional<std::vector<ScalarPoint>> ReadScalarPoints(const PluginContext& context,
                                                         std::string_view run, std::string_view tag,
                                                         size_t limit) {
  const std::shared_ptr<const Run> found = context.store->FindRun(run);
  if (found == nullptr) return std::nullopt;
  return found->Read([&](const RunData& data) -> std::optional<std::vector<ScalarPoint>> {
    const TagData* t = data.FindTag(tag);
    if (t == nullptr || !IsScalarTag(*t)) return std::nullopt;
    const ScalarSeries& series = *t->scalars;
    if (limit >= series.size()) return series.Points();
    return series.PointsAt(DownsampleIndices(series.size(), limit));
  });
}

StatusOr<Response> ServeScalars(const PluginContext& context, const std::optional<std::string>& run,
                                const std::optional<std::string>& tag, bool csv) {
  std::optional<std::vector<ScalarPoint>> points;
  if (run && tag) points = ReadScalarPoints(context, *run, *tag, ScalarQueryLimit(context));
  if (!points) return NoScalarData(run, tag);
  if (csv) return Response::Text(ScalarsCsv(*points), "text/csv; charset=utf-8");
  std::string out;
  AppendScalarTriples(&out, *points);
  return Response::Json(std::move(out));
}

void AppendScalarTriples(std::string* out, const std::vector<ScalarPoint>& points) {
  Reserve(out, points.size() * 48);
  out->push_back('[');
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) *out += ", ";
    AppendTriple(out, points[i]);
  }
  out->push_back(']');
}

ScalarWindow SampleScalarSeries(const ScalarSeries& series, const ScalarWindowOptions& options) {
  if (series.empty()) return ScalarWindow();
  const int64_t lo = std::max(series.min_step(), options.step_min);
  const int64_t hi = std::min(series.max_step(), options.step_max);
  if (lo > hi) return ScalarWindow();
  // Room for every point only when the range covers the series (a zoom usually keeps few).
  const bool whole = lo == series.min_step() && hi == series.max_step();
  WindowBuilder builder(options, lo, hi, whole ? series.size() : 1024);
  // ForEach hands out one point at a time; the builder works on blocks.
  constexpr size_t kBlock = 256;
  ScalarPoint block[kBlock];
  size_t n = 0;
  series.ForEach([&](const ScalarPoint& p) {
    block[n++] = p;
    if (n == kBlock) {
      builder.Feed(block, n);
      n = 0;
    }
  });
  builder.Feed(block, n);
  return builder.Finish();
}

std::unique_ptr<Plugin> MakeScalarsPlugin(const PluginContext& context) {
  return std::make_unique<ScalarsPlugin>(context);
}

}  // namespace tracker::plugins
