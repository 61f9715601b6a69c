#include "plugins/histograms_plugin.h"

#include <string>
#include <utility>

#include "logreader/data_compat.h"
#include "logreader/python_random.h"
#include "plugins/json_util.h"
#include "plugins/tags_index.h"
#include "plugins/python_repr.h"
#include "tensorboard/plugins/histogram.pb.h"

namespace tracker::plugins {
namespace {

// TensorBoard's HistogramsPlugin.SAMPLE_SIZE: "a round number + 1 since sampling includes both
// start and end steps". Fixed: --samples_per_plugin does not change it (spec §5.2).
constexpr size_t kHistogramsSampleSize = 51;

bool IsHistogramTag(const TagData& tag) {
  return tag.has_metadata && tag.tensors != nullptr && tag.plugin_name() == kHistogramsPlugin &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_TENSOR;
}

bool KnownVersion(const tensorboard::SummaryMetadata& metadata) {
  tensorboard::HistogramPluginData data;
  return data.ParseFromString(metadata.plugin_data().content()) && data.version() <= 0;
}

void AppendValue(std::string* out, double v, bool integral) {
  if (integral) {
    *out += std::to_string(static_cast<int64_t>(v));
  } else {
    AppendJsonNumber(out, v);
  }
}

// numpy's tolist(): nested lists following the shape, starting at `dim` and element `*next`.
void AppendNested(std::string* out, const NumericTensor& t, size_t dim, size_t* next) {
  if (dim == t.shape.size()) {
    AppendValue(out, t.values[(*next)++], t.integral);
    return;
  }
  out->push_back('[');
  for (int64_t i = 0; i < t.shape[dim]; ++i) {
    if (i > 0) *out += ", ";
    AppendNested(out, t, dim + 1, next);
  }
  out->push_back(']');
}

class HistogramsPlugin : public Plugin {
 public:
  explicit HistogramsPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kHistogramsPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "histograms"},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-histogram-dashboard"}}}};
  }

  bool IsActive() const override { return AnyTagOfPlugin(*context_.store, kHistogramsPlugin); }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/histograms/tags",
         [this](const Request&) -> StatusOr<Response> {
           return Response::Json(HistogramTagsIndex(context_));
         }},
        {"/data/plugin/histograms/histograms", [this](const Request& r) { return Histograms(r); }},
    };
  }

 private:
  StatusOr<Response> Histograms(const Request& request) const {
    ASSIGN_OR_RETURN(const std::vector<HistogramDatum> data,
                     ReadHistograms(context_, request, kHistogramsSampleSize));
    std::string out = "[";
    for (size_t i = 0; i < data.size(); ++i) {
      if (i > 0) out += ", ";
      out.push_back('[');
      AppendJsonNumber(&out, data[i].wall_time);
      out += ", " + std::to_string(data[i].step) + ", ";
      size_t next = 0;
      AppendNested(&out, data[i].buckets, 0, &next);
      out.push_back(']');
    }
    out.push_back(']');
    return Response::Json(std::move(out));
  }

  const PluginContext context_;
};

}  // namespace

std::string HistogramTagsIndex(const PluginContext& context) {
  return TagsIndexJson(*context.store, {IsHistogramTag, [](const TagData& tag) {
                                          return KnownVersion(tag.metadata);
                                        }});
}

StatusOr<std::vector<HistogramDatum>> ReadHistograms(const PluginContext& context,
                                                     const Request& request, size_t limit) {
  const std::optional<std::string> run_name = request.Param("run");
  const std::optional<std::string> tag_name = request.Param("tag");
  if (!run_name || !tag_name) {
    return InvalidArgumentError("Both run and tag must be specified: tag=" + PythonRepr(tag_name) +
                                ", run=" + PythonRepr(run_name));
  }
  const Status not_found = NotFoundError("No histogram tag " + PythonRepr(*tag_name) + " for run " +
                                         PythonRepr(*run_name));
  auto run = context.store->FindRun(*run_name);
  if (run == nullptr) return not_found;
  // Copy the (shared, immutable) tensors under the lock; decode them after releasing it.
  bool found = false;
  const std::vector<TensorEvent> events = run->Read([&](const RunData& data) {
    std::vector<TensorEvent> kept;
    const TagData* tag = data.FindTag(*tag_name);
    found = tag != nullptr && IsHistogramTag(*tag);
    if (!found) return kept;
    const std::vector<TensorEvent>& items = tag->tensors->items();
    for (size_t i : DownsampleIndices(items.size(), limit)) kept.push_back(items[i]);
    return kept;
  });
  if (!found) return not_found;
  std::vector<HistogramDatum> out;
  out.reserve(events.size());
  for (const TensorEvent& e : events) {
    if (e.tensor == nullptr) continue;
    std::optional<NumericTensor> buckets = DecodeNumericTensor(*e.tensor);
    if (!buckets) continue;
    out.push_back({e.wall_time, e.step, std::move(*buckets)});
  }
  return out;
}

std::unique_ptr<Plugin> MakeHistogramsPlugin(const PluginContext& context) {
  return std::make_unique<HistogramsPlugin>(context);
}

}  // namespace tracker::plugins
