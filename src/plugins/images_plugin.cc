#include "plugins/images_plugin.h"

#include <string>
#include <utility>
#include <vector>

#include "logreader/data_compat.h"
#include "plugins/blob_key.h"
#include "plugins/json_util.h"
#include "plugins/tags_index.h"
#include "plugins/python_repr.h"
#include "tensorboard/plugins/image.pb.h"

namespace tracker::plugins {
namespace {

constexpr size_t kDefaultImagesPerSeries = 10;

// Tags written by a newer ImagePluginData than TensorBoard knows are hidden from the tags route
// (spec §2.5); unparsable content counts as such.
bool KnownVersion(const tensorboard::SummaryMetadata& metadata) {
  tensorboard::ImagePluginData data;
  return data.ParseFromString(metadata.plugin_data().content()) && data.version() <= 0;
}

class ImagesPlugin : public Plugin {
 public:
  explicit ImagesPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kImagesPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "images"},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-image-dashboard"}}}};
  }

  bool IsActive() const override { return AnyTagOfPlugin(*context_.store, kImagesPlugin); }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/images/tags", [this](const Request&) { return Tags(); }},
        {"/data/plugin/images/images", [this](const Request& r) { return Images(r); }},
        {"/data/plugin/images/individualImage",
         [this](const Request& r) { return IndividualImage(r); }},
    };
  }

 private:
  StatusOr<Response> Tags() const {
    return Response::Json(TagsIndexJson(
        *context_.store,
        {[](const TagData& tag) { return IsBlobSequenceOf(tag, kImagesPlugin); },
         [](const TagData& tag) { return KnownVersion(tag.metadata); },
         // Width and height lead every image tensor.
         [](const TagData& tag) {
           return tag.size() == 0 ? int64_t{0} : MaxBlobSequenceLength(tag) - 2;
         }}));
  }

  StatusOr<Response> Images(const Request& request) const {
    const std::optional<std::string> run_name = request.Param("run");
    const std::optional<std::string> tag_name = request.Param("tag");
    if (!run_name || !tag_name) {
      return InvalidArgumentError("Both run and tag must be specified: tag=" +
                                  PythonRepr(tag_name) + ", run=" + PythonRepr(run_name));
    }
    ASSIGN_OR_RETURN(const int64_t sample, ParseSampleParam(request));
    const Status not_found = NotFoundError("No image data for run=" + PythonRepr(*run_name) +
                                           ", tag=" + PythonRepr(*tag_name));
    auto run = context_.store->FindRun(*run_name);
    if (run == nullptr) return not_found;
    size_t limit = kDefaultImagesPerSeries;
    if (context_.samples != nullptr) {
      limit = context_.samples->QueryLimitFor(kImagesPlugin).value_or(limit);
    }
    bool found = false;
    const std::vector<BlobSequenceStep> steps = run->Read([&](const RunData& data) {
      const TagData* tag = data.FindTag(*tag_name);
      found = tag != nullptr && IsBlobSequenceOf(*tag, kImagesPlugin);
      return found ? ReadBlobSequence(*tag, limit) : std::vector<BlobSequenceStep>();
    });
    if (!found) return not_found;
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const BlobSequenceStep& s : steps) {
      if (s.length - 2 <= sample) continue;
      out.push_back({{"wall_time", s.wall_time},
                     {"step", s.step},
                     {"query", "blob_key=" + MakeBlobKey(kImagesPlugin, *run_name, *tag_name,
                                                         s.step, sample + 2)}});
    }
    return Response::Json(DumpJson(out));
  }

  StatusOr<Response> IndividualImage(const Request& request) const {
    const std::optional<std::string> key = request.Param("blob_key");
    if (!key) return InvalidArgumentError("Missing blob_key");
    ASSIGN_OR_RETURN(std::string bytes, ReadBlob(*context_.store, *key));
    std::string type = SniffContentType(bytes);
    return Response{200, std::move(type), std::move(bytes), {}};
  }

  const PluginContext context_;
};

}  // namespace

std::unique_ptr<Plugin> MakeImagesPlugin(const PluginContext& context) {
  return std::make_unique<ImagesPlugin>(context);
}

}  // namespace tracker::plugins
