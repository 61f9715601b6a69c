#include "plugins/text_plugin.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "logreader/data_compat.h"
#include "logreader/python_random.h"
#include "plugins/json_util.h"
#include "plugins/markdown.h"
#include "tensorboard/plugins/text.pb.h"

namespace tracker::plugins {
namespace {

// The text route asks the data provider for this many items when --samples_per_plugin does not
// name text (TensorBoard's _DEFAULT_DOWNSAMPLING); the reservoir keeps only 10 anyway.
constexpr size_t kDefaultDownsample = 100;

// A tensor whose shape claims more cells than this is cut short with a warning: one string
// broadcast over a shape of [1e9] would otherwise make a gigabyte table.
constexpr int64_t kMaxCells = 100000;

constexpr std::string_view kDimensionWarning =
    "**Warning:** This text summary contained data of dimensionality %d, but only 2d tables are "
    "supported. Showing a 2d slice of the data instead.";

// Text tags as TensorBoard's data provider lists them: plugin "text" and data class TENSOR
// (IsTextSeries), and for the text routes also a TextPluginData version this code understands
// (0). Content that does not parse is accepted as
// version 0: RustBoard does not look at it at all, and hiding a tag helps nobody.
bool IsTextSeries(const TagData& tag) {
  return tag.has_metadata && tag.plugin_name() == kTextPlugin && tag.tensors != nullptr &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_TENSOR;
}

bool IsTextTag(const TagData& tag) {
  if (!IsTextSeries(tag)) return false;
  tensorboard::TextPluginData data;
  if (data.ParseFromString(tag.metadata.plugin_data().content()) && data.version() > 0) {
    return false;
  }
  return true;
}

// Removes NUL characters, counting them: they mean the bytes were not really text.
std::string DropNuls(std::string_view s, int64_t* count) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\0') {
      ++*count;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The cells of a text tensor, laid out as TensorBoard's make_ndarray does: string_val in
// row-major order, padded with its last value (or "") up to the number of elements.
class Cells {
 public:
  explicit Cells(const tensorboard::TensorProto& tensor) : tensor_(tensor) {}
  std::string_view at(int64_t i) const {
    const int n = tensor_.string_val_size();
    if (n == 0) return {};
    return tensor_.string_val(static_cast<int>(std::min<int64_t>(i, n - 1)));
  }

 private:
  const tensorboard::TensorProto& tensor_;
};

// make_table: each cell in its own <td>, one <tr> per row (a 1-D array is one column).
std::string MakeTable(const std::vector<std::string>& cells, int64_t rows, int64_t cols) {
  std::string out = "<table>\n<tbody>\n";
  for (int64_t r = 0; r < rows; ++r) {
    out += "<tr>\n";
    for (int64_t c = 0; c < cols; ++c) {
      out += "<td>";
      out += cells[static_cast<size_t>(r * cols + c)];
      out += "</td>\n";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>";
  return out;
}

std::string Render(std::string_view source, bool markdown) {
  return markdown ? RenderMarkdown(source) : EscapeHtml(source);
}

nlohmann::ordered_json TextEvent(const TensorEvent& event, bool markdown) {
  nlohmann::ordered_json item;
  item["wall_time"] = event.wall_time;
  item["step"] = event.step;
  item["text"] = event.tensor ? TextTensorToHtml(*event.tensor, markdown) : std::string();
  return item;
}

class TextPlugin : public Plugin {
 public:
  explicit TextPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kTextPlugin; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return {
        {"tab_name", "text"},
        {"disable_reload", false},
        {"remove_dom", false},
        {"loading_mechanism", {{"type", "CUSTOM_ELEMENT"}, {"element_name", "tf-text-dashboard"}}}};
  }

  bool IsActive() const override {
    for (const auto& run : context_.store->Runs()) {
      const bool any = run->Read([](const RunData& data) {
        return std::any_of(data.tags().begin(), data.tags().end(),
                           [](const auto& entry) { return IsTextTag(*entry.second); });
      });
      if (any) return true;
    }
    return false;
  }

  std::vector<Route> Routes() override {
    return {
        {"/data/plugin/text/tags", [this](const Request& r) { return Tags(r); }},
        {"/data/plugin/text/text", [this](const Request& r) { return Text(r); }},
    };
  }

 private:
  StatusOr<Response> Tags(const Request&) const {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& run : context_.store->Runs()) {
      run->Read([&](const RunData& data) {
        nlohmann::ordered_json tags = nlohmann::ordered_json::array();
        bool any = false;
        for (const auto& [name, tag] : data.tags()) {
          any = any || IsTextSeries(*tag);  // a run with only newer versions still lists []
          if (IsTextTag(*tag)) tags.push_back(name);
        }
        if (any) out[run->name()] = std::move(tags);
      });
    }
    return Response::Json(DumpJson(out));
  }

  StatusOr<Response> Text(const Request& request) const {
    // TensorBoard answers [] for a missing or unknown run or tag; so do we.
    const std::optional<std::string> run_name = request.Param("run");
    const std::optional<std::string> tag_name = request.Param("tag");
    const bool markdown = request.Param("markdown").value_or("") != "false";
    std::vector<TensorEvent> events;
    if (run_name && tag_name) {
      if (auto run = context_.store->FindRun(*run_name)) {
        // Copy the (shared, immutable) tensors under the lock; render after releasing it.
        events = run->Read([&](const RunData& data) {
          const TagData* tag = data.FindTag(*tag_name);
          return tag != nullptr && IsTextTag(*tag) ? tag->tensors->items()
                                                   : std::vector<TensorEvent>();
        });
      }
    }
    const size_t limit =
        context_.samples != nullptr
            ? context_.samples->QueryLimitFor(kTextPlugin).value_or(kDefaultDownsample)
            : kDefaultDownsample;
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (size_t i : DownsampleIndices(events.size(), limit)) {
      out.push_back(TextEvent(events[i], markdown));
    }
    return Response::Json(DumpJson(out));
  }

  PluginContext context_;
};

}  // namespace

std::string TextTensorToHtml(const tensorboard::TensorProto& tensor, bool markdown) {
  const Cells cells(tensor);
  const auto& dims = tensor.tensor_shape().dim();
  int64_t nul_count = 0;
  std::string html;

  if (dims.empty()) {
    html = Render(DropNuls(cells.at(0), &nul_count), markdown);
  } else {
    std::string warning;
    int64_t rows = dims[0].size(), cols = 1;
    if (dims.size() >= 2) {
      rows = dims[dims.size() - 2].size();
      cols = dims[dims.size() - 1].size();
    }
    if (dims.size() > 2) {
      // The [0, ..., 0, :, :] slice is the first rows×cols cells in row-major order.
      std::string text(kDimensionWarning);
      text.replace(text.find("%d"), 2, std::to_string(dims.size()));
      warning = RenderMarkdown(text);
    }
    if (!NumElements(tensor).has_value() || rows < 0 || cols < 0) rows = cols = 0;
    if (cols > kMaxCells || (cols > 0 && rows > kMaxCells / cols)) {
      cols = std::min(cols, kMaxCells);
      rows = kMaxCells / cols;
      warning += RenderMarkdown(
          "**Warning:** This text summary is too large to show in full. "
          "Showing its first " +
          std::to_string(rows) + " rows of " + std::to_string(cols) + " columns instead.");
    }
    std::vector<std::string> rendered;
    rendered.reserve(static_cast<size_t>(rows * cols));
    for (int64_t i = 0; i < rows * cols; ++i) {
      rendered.push_back(Render(DropNuls(cells.at(i), &nul_count), markdown));
    }
    html = warning + MakeTable(rendered, rows, cols);
  }

  if (nul_count > 0) {
    return "<!-- WARNING: discarded " + std::to_string(nul_count) +
           " null bytes in markdown string after UTF-8 decoding -->\n" + html;
  }
  return html;
}

std::unique_ptr<Plugin> MakeTextPlugin(const PluginContext& context) {
  return std::make_unique<TextPlugin>(context);
}

}  // namespace tracker::plugins
