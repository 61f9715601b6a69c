#include "plugins/scalars_plugin.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "logreader/data_compat.h"
#include "logreader/python_random.h"
#include "plugins/json_util.h"
#include "plugins/python_repr.h"
#include "plugins/scalar_smoothing.h"
#include "plugins/stamped_cache.h"
#include "plugins/tags_index.h"
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
  std::optional<std::string> stamp;  // of the window the client holds
};

struct BatchRequest {
  std::vector<SeriesRef> series;
  ScalarWindowOptions options;
  bool binary = false;
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
    SeriesRef ref{run->get<std::string>(), tag->get<std::string>(), std::nullopt};
    if (const auto stamp = item.find("stamp"); stamp != item.end() && !stamp->is_null()) {
      if (!stamp->is_string()) return InvalidArgumentError("\"stamp\" must be a string");
      ref.stamp = stamp->get<std::string>();
    }
    request.series.push_back(std::move(ref));
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
  if (const auto format = j.find("format"); format != j.end() && !format->is_null()) {
    if (*format == "binary") {
      request.binary = true;
    } else if (*format != "json") {
      return InvalidArgumentError("\"format\" must be \"json\" or \"binary\"");
    }
  }
  return request;
}

// --- The batch route's windows, and the cache of them ------------------------------------------

// Above this many stored points a batch is computed on every core: a screenful of charts of
// 50 runs × 100,000 steps is 5 M points per chart, ~60 ms on one thread.
constexpr size_t kParallelPoints = 1 << 20;

// What the batch route keeps of the windows it computed.
constexpr size_t kWindowCacheBytes = 32 << 20;

// What it keeps of the values of the series it smoothed (ValueCache): 32 M points, e.g. a
// screenful of 4 charts of 50 runs of 100,000 steps six times over; a series of more than a
// quarter of that is not kept.
constexpr size_t kValueCacheBytes = 128 << 20;

// FNV-1a over 64-bit words, with a shift to mix the high bits down.
uint64_t HashWords(std::initializer_list<uint64_t> words) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const uint64_t v : words) {
    h = (h ^ v) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  return h;
}

// What a series' values are a function of: its run (see WindowIdentity), the tag's change
// sequence and its size.
uint64_t SeriesIdentity(uint64_t created_seq, uint64_t modified_seq, size_t size) {
  return HashWords({created_seq, modified_seq, static_cast<uint64_t>(size)});
}

// What a window is a function of: the series' data (its run, told apart from an earlier run of
// the same name by when it was found, and the change sequence of the tag's last batch, which
// moves with every append and purge; the size for good measure) and the options that shape
// the bucketing. Not the smoothing weight.
uint64_t WindowIdentity(uint64_t created_seq, uint64_t modified_seq, size_t size,
                        const ScalarWindowOptions& options) {
  return HashWords({created_seq, modified_seq, static_cast<uint64_t>(size),
                    static_cast<uint64_t>(options.max_points),
                    static_cast<uint64_t>(options.step_min),
                    static_cast<uint64_t>(options.step_max)});
}

std::string StampString(uint64_t identity) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, identity >>= 4) out[i] = kHex[identity & 15];
  return out;
}

// What the batch route keeps of a window it computed: its points and where those are in the
// series, and the smoothing at one weight, the last one asked for. A reload or a second tab then
// costs no pass, and a smoothing change no bucketing.
struct WindowEntry {
  std::shared_ptr<const ScalarWindow> window;           // points and indices, no smoothing
  double smoothing = 0;                                 // the weight of `smoothed`
  std::shared_ptr<const std::vector<double>> smoothed;  // null: none computed yet

  size_t Bytes() const {
    return window->points.size() * sizeof(ScalarPoint) + window->indices.size() * sizeof(size_t) +
           (smoothed ? smoothed->size() * sizeof(double) : 0);
  }
};

// Windows by options and series, checked against WindowIdentity. A full-resolution window (a
// download) is not kept.
using WindowCache = StampedCache<WindowEntry>;

// The values of the series the batch route smoothed, as float32 (series with wider values are
// not kept), by series and checked against SeriesIdentity: decoding the stored chunks is most of
// a smoothing pass (bench/smoothing_bench.cc), so a smoothing change re-smooths these instead.
using ValueCache = StampedCache<std::shared_ptr<const FloatArray>>;

// One series of a batch answer.
struct SeriesAnswer {
  bool found = false;
  std::string stamp;
  bool raw = true;  // whether the points are part of the answer (not if the client has them)
  std::shared_ptr<const ScalarWindow> window;
  std::shared_ptr<const std::vector<double>> smoothed;  // null without smoothing
};

// Writes a double as 8 little-endian bytes, whatever the host (compilers make this one store
// on little-endian machines), and moves past them.
void PutDouble(char** out, double v) {
  const uint64_t bits = std::bit_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) (*out)[i] = static_cast<char>(bits >> (8 * i));
  *out += 8;
}

// Opens one series' object of an answer, both forms: {"run": R, "tag": T, and for a series
// without data also its "error" and the closing brace. Returns whether it has data.
bool AppendSeriesHead(std::string* out, const SeriesRef& ref, const SeriesAnswer& a) {
  *out += "{\"run\": ";
  AppendJsonString(out, ref.run);
  *out += ", \"tag\": ";
  AppendJsonString(out, ref.tag);
  if (a.found) return true;
  *out += ", \"error\": ";
  AppendJsonString(out, NoScalarData(ref.run, ref.tag).message());
  out->push_back('}');
  return false;
}

std::string BatchJsonAnswer(const std::vector<SeriesRef>& refs,
                            const std::vector<SeriesAnswer>& answers) {
  std::string out = "{\"series\": [";
  for (size_t i = 0; i < refs.size(); ++i) {
    const SeriesAnswer& a = answers[i];
    if (i > 0) out += ", ";
    if (!AppendSeriesHead(&out, refs[i], a)) continue;
    out += ", \"stamp\": ";
    AppendJsonString(&out, a.stamp);
    Reserve(&out, (a.raw ? a.window->points.size() * 48 : 0) +
                      (a.smoothed ? a.smoothed->size() * 24 : 0));
    if (a.raw) {
      out += ", \"points\": ";
      AppendScalarTriples(&out, a.window->points);
    }
    if (a.smoothed) {
      out += ", \"smoothed\": [";
      for (size_t k = 0; k < a.smoothed->size(); ++k) {
        if (k > 0) out += ", ";
        AppendJsonNumber(&out, (*a.smoothed)[k]);
      }
      out.push_back(']');
    }
    out.push_back('}');
  }
  out += "]}";
  return out;
}

// The binary form documented in the header: a JSON index, then float64 columns.
std::string BatchBinaryAnswer(const std::vector<SeriesRef>& refs,
                              const std::vector<SeriesAnswer>& answers) {
  std::string header = "{\"series\": [";
  size_t doubles = 0;
  for (size_t i = 0; i < refs.size(); ++i) {
    const SeriesAnswer& a = answers[i];
    if (i > 0) header += ", ";
    if (!AppendSeriesHead(&header, refs[i], a)) continue;
    const size_t n = a.window->points.size();
    header += ", \"stamp\": ";
    AppendJsonString(&header, a.stamp);
    header += ", \"n\": ";
    AppendInt(&header, static_cast<int64_t>(n));
    header += a.raw ? ", \"raw\": true" : ", \"raw\": false";
    header += a.smoothed ? ", \"smoothed\": true}" : ", \"smoothed\": false}";
    doubles += (a.raw ? 3 * n : 0) + (a.smoothed ? n : 0);
  }
  header += "]}";
  while ((4 + header.size()) % 8 != 0) header.push_back(' ');  // columns 8-byte aligned

  std::string out(4 + header.size() + 8 * doubles, '\0');
  const uint32_t h = static_cast<uint32_t>(header.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>(h >> (8 * i));
  std::memcpy(out.data() + 4, header.data(), header.size());
  char* p = out.data() + 4 + header.size();
  for (const SeriesAnswer& a : answers) {
    if (!a.found) continue;
    const std::vector<ScalarPoint>& points = a.window->points;
    if (a.raw) {
      for (const ScalarPoint& point : points) PutDouble(&p, point.wall_time);
      for (const ScalarPoint& point : points) PutDouble(&p, static_cast<double>(point.step));
      for (const ScalarPoint& point : points) PutDouble(&p, point.value);
    }
    if (a.smoothed) {
      for (const double v : *a.smoothed) PutDouble(&p, v);
    }
  }
  return out;
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
    const auto start = std::chrono::steady_clock::now();
    const std::vector<SeriesAnswer> answers = ComputeBatch(batch);
    const double compute_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    Response response =
        batch.binary
            ? Response{200, "application/octet-stream", BatchBinaryAnswer(batch.series, answers), {}}
            : Response::Json(BatchJsonAnswer(batch.series, answers));
    // The sampling and smoothing time, for the browser's developer tools and the page benchmark.
    char timing[64];
    std::snprintf(timing, sizeof(timing), "compute;dur=%.1f", compute_ms);
    response.headers.emplace_back("Server-Timing", timing);
    return response;
  }

  // The series of a batch, on every core when there are many points: the series are handed
  // out one at a time, so a slow one does not hold up the rest.
  std::vector<SeriesAnswer> ComputeBatch(const BatchRequest& batch) const {
    std::vector<SeriesAnswer> answers(batch.series.size());
    std::atomic<size_t> next{0};
    std::mutex failure_mu;
    std::exception_ptr failure;  // the first exception of any thread, rethrown by this one
    auto work = [&] {
      try {
        for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < answers.size();) {
          answers[i] = ComputeSeries(batch.series[i], batch.options);
        }
      } catch (...) {
        std::lock_guard lock(failure_mu);
        if (!failure) failure = std::current_exception();
        next = answers.size();  // the others stop too
      }
    };
    std::vector<std::thread> helpers;
    const size_t threads =
        std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), batch.series.size());
    if (threads > 1 && StoredPoints(batch.series) >= kParallelPoints) {
      for (size_t t = 1; t < threads; ++t) {
        try {
          helpers.emplace_back(work);
        } catch (const std::system_error&) {
          break;  // no more threads now: this one does the rest
        }
      }
    }
    work();
    for (std::thread& t : helpers) t.join();
    if (failure) std::rethrow_exception(failure);
    return answers;
  }

  size_t StoredPoints(const std::vector<SeriesRef>& refs) const {
    size_t total = 0;
    for (const SeriesRef& ref : refs) {
      if (auto run = context_.store->FindRun(ref.run)) {
        total += run->Read([&](const RunData& data) -> size_t {
          const TagData* tag = data.FindTag(ref.tag);
          return tag != nullptr && tag->scalars != nullptr ? tag->scalars->size() : 0;
        });
      }
    }
    return total;
  }

  SeriesAnswer ComputeSeries(const SeriesRef& ref, const ScalarWindowOptions& options) const {
    SeriesAnswer answer;
    const std::shared_ptr<const Run> run = context_.store->FindRun(ref.run);
    if (run == nullptr) return answer;
    // Lengths first: run and tag names may hold any character. A window's key adds its options.
    std::string series_key;
    AppendInt(&series_key, static_cast<int64_t>(ref.run.size()));
    series_key.push_back(',');
    AppendInt(&series_key, static_cast<int64_t>(ref.tag.size()));
    series_key.push_back(',');
    series_key += ref.run;
    series_key += ref.tag;
    std::string key = series_key;
    for (const int64_t v :
         {static_cast<int64_t>(options.max_points), options.step_min, options.step_max}) {
      key.push_back(',');
      AppendInt(&key, v);
    }
    const double w = options.smoothing;
    // The pass runs under the run's shared lock; the answer is written after it.
    run->Read([&](const RunData& data) {
      const TagData* tag = data.FindTag(ref.tag);
      if (tag == nullptr || !IsScalarTag(*tag)) return;
      const ScalarSeries& series = *tag->scalars;
      const uint64_t identity =
          WindowIdentity(run->created_seq(), tag->modified_seq, series.size(), options);
      const uint64_t content = SeriesIdentity(run->created_seq(), tag->modified_seq, series.size());
      std::shared_ptr<const FloatArray> kept;
      bool floats_unknown = true;  // false once a pass found the series not all float32
      if (w > 0) {
        kept = values_.Find(series_key, content).value_or(nullptr);
        floats_unknown = kept == nullptr;
      }
      std::optional<WindowEntry> entry = windows_.Find(key, identity);
      bool changed = !entry.has_value();
      if (!entry) {
        // The bucketing pass; with smoothing, it also gathers the values unless they are kept.
        std::shared_ptr<FloatArray> gather =
            w > 0 && kept == nullptr ? std::make_shared<FloatArray>(series.size()) : nullptr;
        ScalarWindowOptions unsmoothed = options;
        unsmoothed.smoothing = 0;
        ScalarWindow window = SampleScalarSeries(series, unsmoothed, gather.get());
        if (window.gathered_values) {
          kept = std::move(gather);
          values_.Insert(series_key, content, kept, kept->size() * sizeof(float));
        }
        floats_unknown = false;
        entry.emplace();
        entry->window = std::make_shared<const ScalarWindow>(std::move(window));
      }
      if (w > 0 && (entry->smoothed == nullptr || entry->smoothing != w)) {
        // From the kept values; a series not seen yet is decoded once and kept (float32 only).
        if (kept == nullptr && floats_unknown) {
          kept = DecodeFloatValues(series);
          if (kept != nullptr) values_.Insert(series_key, content, kept, kept->size() * sizeof(float));
        }
        const std::vector<size_t>& indices = entry->window->indices;
        entry->smoothing = w;
        entry->smoothed = std::make_shared<const std::vector<double>>(
            kept != nullptr ? SmoothValuesAt(kept->data(), kept->size(), indices, w)
                            : SmoothScalarSeriesAt(series, indices, w));
        changed = true;
      }
      if (changed) windows_.Insert(key, identity, *entry, entry->Bytes());
      answer.found = true;
      answer.stamp = StampString(identity);
      answer.raw = ref.stamp != answer.stamp;
      answer.window = std::move(entry->window);
      if (w > 0) answer.smoothed = std::move(entry->smoothed);
    });
    return answer;
  }

  const PluginContext context_;
  mutable WindowCache windows_{kWindowCacheBytes, kWindowCacheBytes / 8};
  mutable ValueCache values_{kValueCacheBytes, kValueCacheBytes / 4};
};

// --- SampleScalarSeries ------------------------------------------------------------------------

// A point the bucketing may keep, and where it arrived.
struct Candidate {
  size_t index;
  ScalarPoint point;
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
        max_points_(options.max_points == 0 ? std::numeric_limits<size_t>::max()
                                            : options.max_points),
        // Four points per bucket; below four points allowed, one (the last) per bucket.
        last_only_(options.max_points > 0 && options.max_points < 4),
        buckets_(options.max_points == 0 ? 0
                 : last_only_            ? options.max_points
                                         : options.max_points / 4) {
    // Steps map to buckets in doubles: exact enough for drawing, and the span of two int64s can
    // exceed int64 (the edge-case corpus has steps near 2^62).
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    scale_ = static_cast<double>(buckets_.size()) / (static_cast<double>(span) + 1.0);
    narrow_ = span <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    kept_.reserve(std::min(max_points_, expected));
    kept_indices_.reserve(std::min(max_points_, expected));
  }

  void Feed(const ScalarPoint* points, size_t n) {
    if (buckets_.empty()) {
      FeedImpl<false, false>(points, n);
    } else if (narrow_) {
      FeedImpl<true, true>(points, n);
    } else {
      FeedImpl<true, false>(points, n);
    }
  }

  ScalarWindow Finish() {
    ScalarWindow window;
    if (current_ != kNone) buckets_[current_].last = previous_;
    if (in_range_ <= max_points_) {
      window.points = std::move(kept_);
      window.indices = std::move(kept_indices_);
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
      window.indices.reserve(chosen.size());
      for (const Candidate* c : chosen) {
        window.points.push_back(c->point);
        window.indices.push_back(c->index);
      }
    }
    return window;
  }

 private:
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();

  // kNarrow: the step range spans less than 2^63, so a step's offset converts to double as a
  // signed integer (one instruction; an unsigned 64-bit one takes several).
  template <bool kBucket, bool kNarrow>
  void FeedImpl(const ScalarPoint* points, size_t n) {
    // Locals, written back at the end: the compiler cannot keep members in registers across the
    // stores into the buckets and the kept points.
    size_t index = index_, in_range = in_range_, current = current_;
    double low = low_, high = high_;
    Candidate previous = previous_;
    Bucket* const buckets = buckets_.data();
    const size_t num_buckets = buckets_.size();
    const double scale = scale_;
    const int64_t lo = lo_, hi = hi_;
    const size_t max_points = max_points_;
    for (size_t i = 0; i < n; ++i, ++index) {
      const ScalarPoint& p = points[i];
      if (p.step < lo || p.step > hi) continue;
      ++in_range;
      if (in_range <= max_points) [[unlikely]] {
        kept_.push_back(p);
        kept_indices_.push_back(index);
      }
      if constexpr (kBucket) {
        const uint64_t offset = static_cast<uint64_t>(p.step) - static_cast<uint64_t>(lo);
        const double x = kNarrow ? static_cast<double>(static_cast<int64_t>(offset))
                                 : static_cast<double>(offset);
        size_t b = static_cast<size_t>(x * scale);
        if (b >= num_buckets) b = num_buckets - 1;
        const Candidate c{index, p};
        if (b != current) [[unlikely]] {
          if (current != kNone) buckets[current].last = previous;
          Bucket& bucket = buckets[b];
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
            buckets[b].low = c;
            low = p.value;
          }
          if (p.value > high) [[unlikely]] {
            buckets[b].high = c;
            high = p.value;
          }
        }
        previous = c;
      }
    }
    index_ = index;
    in_range_ = in_range;
    current_ = current;
    low_ = low;
    high_ = high;
    previous_ = previous;
  }

  const int64_t lo_, hi_;
  const size_t max_points_;
  const bool last_only_;
  std::vector<Bucket> buckets_;
  double scale_ = 0;
  bool narrow_ = true;

  // The points of the range while they still fit: if the whole range fits, no bucketing.
  std::vector<ScalarPoint> kept_;
  std::vector<size_t> kept_indices_;

  size_t index_ = 0, in_range_ = 0;
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

ScalarWindow SampleScalarSeries(const ScalarSeries& series, const ScalarWindowOptions& options,
                                FloatArray* float_values) {
  if (series.empty()) return ScalarWindow();
  const int64_t lo = std::max(series.min_step(), options.step_min);
  const int64_t hi = std::min(series.max_step(), options.step_max);
  if (lo > hi) return ScalarWindow();
  // Room for every point only when the range covers the series (a zoom usually keeps few).
  const bool whole = lo == series.min_step() && hi == series.max_step();
  WindowBuilder builder(options, lo, hi, whole ? series.size() : 1024);
  bool floats = float_values != nullptr && float_values->size() == series.size();
  size_t gathered = 0;
  // ForEach hands out one point at a time; the builder works on blocks.
  constexpr size_t kBlock = 256;
  ScalarPoint block[kBlock];
  size_t n = 0;
  auto feed = [&] {
    builder.Feed(block, n);
    if (floats) {
      // The values as float32, if each one is exactly one (the bits come back unchanged).
      uint64_t differ = 0;
      float* out = float_values->data() + gathered;
      for (size_t i = 0; i < n; ++i) {
        out[i] = static_cast<float>(block[i].value);
        differ |= std::bit_cast<uint64_t>(static_cast<double>(out[i])) ^
                  std::bit_cast<uint64_t>(block[i].value);
      }
      gathered += n;
      floats = differ == 0;
    }
    n = 0;
  };
  series.ForEach([&](const ScalarPoint& p) {
    block[n++] = p;
    if (n == kBlock) feed();
  });
  feed();
  ScalarWindow window = builder.Finish();
  window.gathered_values = floats;
  if (options.smoothing > 0) {
    // From the gathered values when there are some: the same doubles, so the same answer.
    window.smoothed =
        floats ? SmoothValuesAt(float_values->data(), float_values->size(), window.indices,
                                options.smoothing)
               : SmoothScalarSeriesAt(series, window.indices, options.smoothing);
  }
  return window;
}

std::unique_ptr<Plugin> MakeScalarsPlugin(const PluginContext& context) {
  return std::make_unique<ScalarsPlugin>(context);
}

}  // namespace tracker::plugins
