#include "plugins/audio_plugin.h"

#include <string>
#include <utility>
#include <vector>

#include "logreader/data_compat.h"
#include "plugins/blob_key.h"
#include "plugins/json_util.h"
#include "plugins/tags_index.h"
#include "plugins/python_repr.h"
#include "tensorboard/plugins/audio.pb.h"

namespace tracker::plugins {
namespace {

constexpr size_t kDefaultClipsPerSeries = 10;
constexpr std::string_view kWav = "audio/wav";
constexpr std::string_view kOctetStream = "application/octet-stream";

// The MIME type TensorBoard derives from the tag's AudioPluginData (only WAV is known).
std::string MimeTypeFor(const tensorboard::SummaryMetadata& metadata) {
  tensorboard::AudioPluginData data;
  if (data.ParseFromString(metadata.plugin_data().content()) &&
      data.encoding() == tensorboard::AudioPluginData::WAV) {
    return std::string(kWav);
  }
  return std::string(kOctetStream);
}

bool KnownVersion(const tensorboard::SummaryMetadata& metadata) {
  tensorboard::AudioPluginData data;
  return data.ParseFromString(metadata.plugin_data().content()) && data.version() <= 0;
}

// Python's urllib.parse.quote_plus for the few characters a MIME type holds.
std::string QuotePlus(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '_' ||
        c == '.' || c == '-' || c == '~') {
      out.push_back(c);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

class AudioPlugin : public Plugin {
 public:
  explicit AudioPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kAudioPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {{"disable_reload", false},
            {"remove_dom", false},
            {"tab_name", "audio"},
            {"loading_mechanism",
             {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-audio-dashboard"}}}};
  }

  bool IsActive() const override { return AnyTagOfPlugin(*context_.store, kAudioPlugin); }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/audio/tags", [this](const Request&) { return Tags(); }},
        {"/data/plugin/audio/audio", [this](const Request& r) { return Audio(r); }},
        {"/data/plugin/audio/individualAudio",
         [this](const Request& r) { return IndividualAudio(r); }},
    };
  }

 private:
  StatusOr<Response> Tags() const {
    return Response::Json(TagsIndexJson(
        *context_.store,
        {[](const TagData& tag) { return IsBlobSequenceOf(tag, kAudioPlugin); },
         [](const TagData& tag) { return KnownVersion(tag.metadata); }, MaxBlobSequenceLength}));
  }

  StatusOr<Response> Audio(const Request& request) const {
    const std::optional<std::string> run_name = request.Param("run");
    const std::optional<std::string> tag_name = request.Param("tag");
    if (!run_name || !tag_name) {
      return InvalidArgumentError("Both run and tag must be specified: tag=" +
                                  PythonRepr(tag_name) + ", run=" + PythonRepr(run_name));
    }
    ASSIGN_OR_RETURN(const int64_t sample, ParseSampleParam(request));
    const Status not_found = NotFoundError("No audio data for run=" + PythonRepr(*run_name) +
                                           ", tag=" + PythonRepr(*tag_name));
    auto run = context_.store->FindRun(*run_name);
    if (run == nullptr) return not_found;
    size_t limit = kDefaultClipsPerSeries;
    if (context_.samples != nullptr) {
      limit = context_.samples->QueryLimitFor(kAudioPlugin).value_or(limit);
    }
    bool found = false;
    std::string content_type;
    const std::vector<BlobSequenceStep> steps = run->Read([&](const RunData& data) {
      const TagData* tag = data.FindTag(*tag_name);
      found = tag != nullptr && IsBlobSequenceOf(*tag, kAudioPlugin);
      if (!found) return std::vector<BlobSequenceStep>();
      content_type = MimeTypeFor(tag->metadata);
      return ReadBlobSequence(*tag, limit);
    });
    if (!found) return not_found;
    const std::string query_type = "&content_type=" + QuotePlus(content_type);
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const BlobSequenceStep& s : steps) {
      // TensorBoard skips steps with fewer than `sample` clips and fails on exactly `sample`;
      // we skip both.
      if (s.length <= sample) continue;
      out.push_back(
          {{"wall_time", s.wall_time},
           {"label", ""},
           {"step", s.step},
           {"contentType", content_type},
           {"query", "blob_key=" + MakeBlobKey(kAudioPlugin, *run_name, *tag_name, s.step, sample) +
                         query_type}});
    }
    return Response::Json(DumpJson(out));
  }

  StatusOr<Response> IndividualAudio(const Request& request) const {
    const std::optional<std::string> key = request.Param("blob_key");
    if (!key) return InvalidArgumentError("Missing blob_key");
    const std::optional<std::string> mime = request.Param("content_type");
    if (mime && *mime != kWav && *mime != kOctetStream) {
      return InvalidArgumentError("Illegal mime type " + PythonRepr(*mime));
    }
    ASSIGN_OR_RETURN(std::string bytes, ReadBlob(*context_.store, *key));
    std::string type = mime ? *mime : SniffContentType(bytes);
    return Response{200, std::move(type), std::move(bytes), {}};
  }

  const PluginContext context_;
};

}  // namespace

std::unique_ptr<Plugin> MakeAudioPlugin(const PluginContext& context) {
  return std::make_unique<AudioPlugin>(context);
}

}  // namespace tracker::plugins
