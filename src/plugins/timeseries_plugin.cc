#include "plugins/timeseries_plugin.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "logreader/data_compat.h"
#include "logreader/python_random.h"
#include "plugins/blob_key.h"
#include "plugins/json_util.h"
#include "plugins/markdown.h"
#include "plugins/scalars_plugin.h"
#include "plugins/tensor_values.h"
#include "tensorboard/plugins/histogram.pb.h"
#include "tensorboard/plugins/image.pb.h"

namespace tracker::plugins {
namespace {

constexpr std::string_view kTimeSeriesPlugin = "timeseries";

// metrics_plugin.py's defaults when --samples_per_plugin does not name the plugin. Histograms
// take "a round number + 1 since sampling includes both start and end steps".
constexpr size_t kDefaultHistogramLimit = 51;
constexpr size_t kDefaultImageLimit = 10;

size_t LimitFor(const PluginContext& context, std::string_view plugin, size_t fallback) {
  if (context.samples != nullptr) {
    if (const std::optional<size_t> limit = context.samples->QueryLimitFor(plugin)) return *limit;
  }
  return fallback;
}

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

bool IsHistogramTag(const TagData& tag) {
  return tag.has_metadata && tag.tensors != nullptr && tag.plugin_name() == kHistogramsPlugin &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_TENSOR;
}

// Content versions above 0 are hidden from the tags route (spec §2.5); unparsable content
// counts as such, as in the per-plugin tags routes.
template <typename PluginData>
bool KnownVersion(const TagData& tag) {
  PluginData data;
  return data.ParseFromString(tag.metadata.plugin_data().content()) && data.version() <= 0;
}

// --- tags ------------------------------------------------------------------------------------

// One listed tag of one run, gathered under the run's lock.
struct ListedTag {
  std::string run, tag, description;
  bool known_version = true;
  int64_t max_length = 0;  // images: most blobs of any step
};

// metrics_plugin's _get_tag_to_description: descriptions of version-checked tags, rendered;
// a tag with several distinct descriptions gets them combined, each under the runs that use
// it. (As in TensorBoard, "runs that use it" counts every tag with that description.)
nlohmann::ordered_json TagDescriptions(const std::vector<ListedTag>& listed) {
  std::map<std::string, std::set<std::string>> tag_to_descriptions;
  std::map<std::string, std::set<std::string>> description_to_runs;
  for (const ListedTag& t : listed) {
    if (!t.known_version || t.description.empty()) continue;
    tag_to_descriptions[t.tag].insert(t.description);
    description_to_runs[t.description].insert(t.run);
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [tag, descriptions] : tag_to_descriptions) {
    std::string markdown;
    if (descriptions.size() == 1) {
      markdown = *descriptions.begin();
    } else {
      markdown = "# Multiple descriptions\n";
      bool first = true;
      for (const std::string& description : descriptions) {  // sorted, as Python's sorted()
        const std::set<std::string>& runs = description_to_runs[description];
        if (!first) markdown += "\n";
        first = false;
        markdown += runs.size() > 1 ? "## For runs: " : "## For run: ";
        bool first_run = true;
        for (const std::string& run : runs) {
          if (!first_run) markdown += ", ";
          first_run = false;
          markdown += run;
        }
        markdown += "\n" + description;
      }
    }
    out[tag] = RenderMarkdown(markdown);
  }
  return out;
}

// {"runTagInfo": {run: [tags]}, "tagDescriptions": {...}}; a run whose tags are all of an
// unknown version stays with [].
nlohmann::ordered_json BasicMapping(const std::vector<ListedTag>& listed) {
  nlohmann::ordered_json run_tag_info = nlohmann::ordered_json::object();
  for (const ListedTag& t : listed) {
    nlohmann::ordered_json& tags = run_tag_info[t.run];
    if (tags.is_null()) tags = nlohmann::ordered_json::array();
    if (t.known_version) tags.push_back(t.tag);  // the store keeps tags sorted
  }
  return {{"runTagInfo", std::move(run_tag_info)}, {"tagDescriptions", TagDescriptions(listed)}};
}

nlohmann::ordered_json ImageMapping(const std::vector<ListedTag>& listed) {
  nlohmann::ordered_json info = nlohmann::ordered_json::object();
  for (const ListedTag& t : listed) {
    if (!t.known_version) continue;
    // Width and height lead every image tensor.
    info[t.tag][t.run] = {{"maxSamplesPerStep", t.max_length - 2}};
  }
  return {{"tagDescriptions", TagDescriptions(listed)}, {"tagRunSampledInfo", std::move(info)}};
}

// --- timeSeries --------------------------------------------------------------------------------

// Python truthiness of a JSON value.
bool Truthy(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return false;
    case nlohmann::json::value_t::boolean:
      return v.get<bool>();
    case nlohmann::json::value_t::number_integer:
      return v.get<int64_t>() != 0;
    case nlohmann::json::value_t::number_unsigned:
      return v.get<uint64_t>() != 0;
    case nlohmann::json::value_t::number_float:
      return v.get<double>() != 0;
    case nlohmann::json::value_t::string:
      return !v.get_ref<const std::string&>().empty();
    default:
      return !v.empty();
  }
}

// Python's isinstance(v, int): JSON integers and, as Python's bool is an int, booleans.
std::optional<int64_t> PythonInt(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_unsigned()) return static_cast<int64_t>(v.get<uint64_t>());
  return std::nullopt;
}

class TimeSeriesPlugin : public Plugin {
 public:
  explicit TimeSeriesPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kTimeSeriesPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "Time Series"},
            {"loading_mechanism", {{"type", "NG_COMPONENT"}}}};
  }

  bool IsActive() const override {
    for (const auto& run : context_.store->Runs()) {
      const bool active = run->Read([](const RunData& data) {
        for (const auto& [name, tag] : data.tags()) {
          if (!tag->has_metadata) continue;
          const std::string& plugin = tag->plugin_name();
          if (plugin == kScalarsPlugin || plugin == kHistogramsPlugin || plugin == kImagesPlugin) {
            return true;
          }
        }
        return false;
      });
      if (active) return true;
    }
    return false;
  }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/timeseries/tags", [this](const Request&) { return Tags(); }},
        {"/data/plugin/timeseries/timeSeries", [this](const Request& r) { return TimeSeries(r); },
         /*allow_get=*/true,
         /*allow_post=*/true},
        {"/data/plugin/timeseries/imageData", [this](const Request& r) { return ImageData(r); }},
    };
  }

 private:
  StatusOr<Response> Tags() const {
    std::vector<ListedTag> scalars, histograms, images;
    for (const auto& run : context_.store->Runs()) {
      run->Read([&](const RunData& data) {
        for (const auto& [name, tag] : data.tags()) {
          const std::string& description = tag->metadata.summary_description();
          if (IsScalarTag(*tag)) {
            scalars.push_back({run->name(), name, description, IsKnownScalarVersion(*tag)});
          } else if (IsHistogramTag(*tag)) {
            histograms.push_back({run->name(), name, description,
                                  KnownVersion<tensorboard::HistogramPluginData>(*tag)});
          } else if (IsBlobSequenceOf(*tag, kImagesPlugin)) {
            // An image tag without any stored value (TensorBoard fails on it) lists 0 samples,
            // as the images plugin's tags route does.
            images.push_back({run->name(), name, description,
                              KnownVersion<tensorboard::ImagePluginData>(*tag),
                              tag->size() == 0 ? 2 : MaxBlobSequenceLength(*tag)});
          }
        }
      });
    }
    // Markdown is rendered after every lock is released.
    const nlohmann::ordered_json out = {{"scalars", BasicMapping(scalars)},
                                        {"histograms", BasicMapping(histograms)},
                                        {"images", ImageMapping(images)}};
    return Response::Json(DumpJson(out));
  }

  StatusOr<Response> TimeSeries(const Request& request) const {
    std::string requests;
    if (request.method == "POST") {
      const std::multimap<std::string, std::string> form = request.FormFields();
      if (auto it = form.find("requests"); it != form.end()) requests = it->second;
    } else if (std::optional<std::string> param = request.Param("requests")) {
      requests = std::move(*param);
    }
    if (requests.empty()) return InvalidArgumentError("Missing 'requests' field");
    const nlohmann::json parsed =
        nlohmann::json::parse(requests, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return InvalidArgumentError("Unable to parse 'requests' as JSON");
    // TensorBoard answers 500 for these; they are the client's mistake.
    if (!parsed.is_array()) return InvalidArgumentError("'requests' must be a JSON list");
    for (const nlohmann::json& item : parsed) {
      if (!item.is_object()) return InvalidArgumentError("each of 'requests' must be an object");
    }
    std::string out = "[";
    for (size_t i = 0; i < parsed.size(); ++i) {
      if (i > 0) out += ", ";
      AppendSeriesResponse(&out, parsed[i]);
    }
    out.push_back(']');
    return Response::Json(std::move(out));
  }

  // metrics_plugin's _get_time_series for one request object.
  void AppendSeriesResponse(std::string* out, const nlohmann::json& request) const {
    static const nlohmann::json kNull;
    auto field = [&](const char* key) -> const nlohmann::json& {
      auto it = request.find(key);
      return it == request.end() ? kNull : *it;
    };
    const nlohmann::json& tag = field("tag");
    const nlohmann::json& run = field("run");
    const nlohmann::json& plugin = field("plugin");
    const nlohmann::json& sample = field("sample");

    *out += "{\"plugin\": " + DumpJson(plugin) + ", \"tag\": " + DumpJson(tag);
    if (run.is_string()) *out += ", \"run\": " + DumpJson(run);
    const std::optional<int64_t> sample_index = PythonInt(sample);
    if (sample_index) *out += ", \"sample\": " + DumpJson(sample);

    const std::string plugin_name = plugin.is_string() ? plugin.get<std::string>() : "";
    const char* error = nullptr;
    if (!tag.is_string()) {
      error = "Missing tag";
    } else if (plugin_name != kScalarsPlugin && plugin_name != kHistogramsPlugin &&
               plugin_name != kImagesPlugin) {
      error = "Invalid plugin";
    } else if (plugin_name != kScalarsPlugin && !run.is_string()) {
      error = "Missing run";
    } else if (plugin_name == kImagesPlugin && !sample_index) {
      error = "Missing sample";
    }
    if (error != nullptr) {
      *out += ", \"error\": \"";
      *out += error;
      *out += "\"}";
      return;
    }

    // `runs = [run] if run else None`: a falsy run means every run; a truthy one that is not a
    // string names no run.
    std::vector<std::shared_ptr<const Run>> runs;
    if (!Truthy(run)) {
      runs = context_.store->Runs();
    } else if (run.is_string()) {
      if (auto found = context_.store->FindRun(run.get_ref<const std::string&>())) {
        runs.push_back(std::move(found));
      }
    }
    const std::string& tag_name = tag.get_ref<const std::string&>();
    *out += ", \"runToSeries\": {";
    bool first = true;
    auto begin_run = [&](const std::string& name) {
      if (!first) *out += ", ";
      first = false;
      AppendJsonString(out, name);
      *out += ": ";
    };
    for (const auto& r : runs) {
      if (plugin_name == kScalarsPlugin) {
        AppendScalars(out, *r, tag_name, begin_run);
      } else if (plugin_name == kHistogramsPlugin) {
        AppendHistograms(out, *r, tag_name, begin_run);
      } else {
        AppendImages(out, *r, tag_name, *sample_index + 2, begin_run);
      }
    }
    *out += "}}";
  }

  template <typename BeginRun>
  void AppendScalars(std::string* out, const Run& run, const std::string& tag,
                     BeginRun begin_run) const {
    const std::optional<std::vector<ScalarPoint>> points =
        ReadScalarPoints(context_, run.name(), tag, ScalarQueryLimit(context_));
    if (!points) return;
    begin_run(run.name());
    out->push_back('[');
    for (size_t i = 0; i < points->size(); ++i) {
      const ScalarPoint& p = (*points)[i];
      if (i > 0) *out += ", ";
      *out += "{\"wallTime\": ";
      AppendJsonNumber(out, p.wall_time);
      *out += ", \"step\": ";
      AppendInt(out, p.step);
      *out += ", \"value\": ";
      AppendJsonNumber(out, p.value);
      out->push_back('}');
    }
    out->push_back(']');
  }

  template <typename BeginRun>
  void AppendHistograms(std::string* out, const Run& run, const std::string& tag,
                        BeginRun begin_run) const {
    const size_t limit = LimitFor(context_, kHistogramsPlugin, kDefaultHistogramLimit);
    // Copy the shared, immutable tensors under the lock; decode them after releasing it.
    bool found = false;
    const std::vector<TensorEvent> events = run.Read([&](const RunData& data) {
      std::vector<TensorEvent> kept;
      const TagData* t = data.FindTag(tag);
      found = t != nullptr && IsHistogramTag(*t);
      if (!found) return kept;
      const std::vector<TensorEvent>& items = t->tensors->items();
      for (size_t i : DownsampleIndices(items.size(), limit)) kept.push_back(items[i]);
      return kept;
    });
    if (!found) return;
    begin_run(run.name());
    out->push_back('[');
    bool first = true;
    for (const TensorEvent& e : events) {
      if (e.tensor == nullptr) continue;
      // Rows of (left, right, count); a tensor of another shape cannot be a histogram, and
      // TensorBoard would fail the request on it: skip it.
      const std::optional<NumericTensor> t = DecodeNumericTensor(*e.tensor);
      if (!t || t->shape.size() != 2 || t->shape[1] != 3) continue;
      if (!first) *out += ", ";
      first = false;
      *out += "{\"wallTime\": ";
      AppendJsonNumber(out, e.wall_time);
      *out += ", \"step\": ";
      AppendInt(out, e.step);
      *out += ", \"bins\": [";
      for (size_t row = 0; row * 3 < t->values.size(); ++row) {
        if (row > 0) *out += ", ";
        const char* keys[] = {"{\"min\": ", ", \"max\": ", ", \"count\": "};
        for (size_t k = 0; k < 3; ++k) {
          *out += keys[k];
          const double v = t->values[row * 3 + k];
          if (t->integral) {
            AppendInt(out, static_cast<int64_t>(v));  // numpy's tolist() gives ints
          } else {
            AppendJsonNumber(out, v);
          }
        }
        out->push_back('}');
      }
      *out += "]}";
    }
    out->push_back(']');
  }

  template <typename BeginRun>
  void AppendImages(std::string* out, const Run& run, const std::string& tag, int64_t index,
                    BeginRun begin_run) const {
    const size_t limit = LimitFor(context_, kImagesPlugin, kDefaultImageLimit);
    bool found = false;
    const std::vector<BlobSequenceStep> steps = run.Read([&](const RunData& data) {
      const TagData* t = data.FindTag(tag);
      found = t != nullptr && IsBlobSequenceOf(*t, kImagesPlugin);
      return found ? ReadBlobSequence(*t, limit) : std::vector<BlobSequenceStep>();
    });
    if (!found) return;
    std::string series;
    for (const BlobSequenceStep& step : steps) {
      if (step.length <= index) continue;
      // Python indexing: a negative sample counts from the end; past the start TensorBoard
      // fails the request, we leave the step out.
      const int64_t position = index < 0 ? step.length + index : index;
      if (position < 0) continue;
      series += series.empty() ? "[" : ", ";
      series += "{\"step\": ";
      AppendInt(&series, step.step);
      series += ", \"wallTime\": ";
      AppendJsonNumber(&series, step.wall_time);
      series += ", \"imageId\": ";
      AppendJsonString(&series, MakeBlobKey(kImagesPlugin, run.name(), tag, step.step, position));
      series.push_back('}');
    }
    if (series.empty()) return;  // runs without that sample are left out
    begin_run(run.name());
    *out += series;
    out->push_back(']');
  }

  StatusOr<Response> ImageData(const Request& request) const {
    const std::optional<std::string> key = request.Param("imageId");
    if (!key || key->empty()) return InvalidArgumentError("Missing 'imageId' field");
    ASSIGN_OR_RETURN(std::string bytes, ReadBlob(*context_.store, *key));
    // imghdr knows PNG, JPEG, GIF and BMP among the types TensorBoard maps; a WAV is not an image.
    std::string content_type = SniffContentType(bytes);
    if (content_type.rfind("image/", 0) != 0) content_type = "application/octet-stream";
    return Response{200, std::move(content_type), std::move(bytes), {}};
  }

  const PluginContext context_;
};

}  // namespace

std::unique_ptr<Plugin> MakeTimeSeriesPlugin(const PluginContext& context) {
  return std::make_unique<TimeSeriesPlugin>(context);
}

}  // namespace tracker::plugins
