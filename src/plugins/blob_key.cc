#include "plugins/blob_key.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>

#include "logreader/python_random.h"
#include "tensorboard/summary.pb.h"

namespace tracker::plugins {
namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out.push_back(kBase64Url[(v >> 18) & 63]);
    out.push_back(kBase64Url[(v >> 12) & 63]);
    out.push_back(kBase64Url[(v >> 6) & 63]);
    out.push_back(kBase64Url[v & 63]);
  }
  // TensorBoard strips the '=' padding, so a partial group simply ends early.
  if (in.size() - i == 1) {
    const uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    out.push_back(kBase64Url[(v >> 18) & 63]);
    out.push_back(kBase64Url[(v >> 12) & 63]);
  } else if (in.size() - i == 2) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out.push_back(kBase64Url[(v >> 18) & 63]);
    out.push_back(kBase64Url[(v >> 12) & 63]);
    out.push_back(kBase64Url[(v >> 6) & 63]);
  }
  return out;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

StatusOr<std::string> Base64Decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return InvalidArgumentError("blob key: bad base64 length");
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = Base64Value(c);
    if (v < 0) return InvalidArgumentError("blob key: not base64");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// Python's json encoder with ensure_ascii: printable ASCII literally except '"' and '\\',
// the five short escapes, everything else \u-escaped in lower-case hex.
void AppendAsciiJsonString(std::string* out, std::string_view s) {
  char buf[16];
  auto escape = [&](uint32_t unit) {
    std::snprintf(buf, sizeof(buf), "\\u%04x", unit);
    *out += buf;
  };
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          *out += "\\\"";
          break;
        case '\\':
          *out += "\\\\";
          break;
        case '\n':
          *out += "\\n";
          break;
        case '\r':
          *out += "\\r";
          break;
        case '\t':
          *out += "\\t";
          break;
        case '\b':
          *out += "\\b";
          break;
        case '\f':
          *out += "\\f";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            escape(c);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Decode one UTF-8 sequence, rejecting overlong forms, surrogates and values past U+10FFFF
    // (Python's strict UTF-8 decoder would not have produced them either).
    const size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size();
    uint32_t cp = len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; ok && k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc >> 6) == 2;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (ok) {
      const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
      ok = cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    }
    if (!ok) {
      escape(0xdc00 | c);  // surrogateescape, as os.fsdecode() spells an undecodable byte
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      escape(0xd800 + ((cp - 0x10000) >> 10));
      escape(0xdc00 + ((cp - 0x10000) & 0x3ff));
    } else {
      escape(cp);
    }
    i += len;
  }
  out->push_back('"');
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// A reader for exactly the JSON a blob key holds. nlohmann::json would do for well-formed
// keys, but it rejects the lone surrogates that stand for undecodable bytes.
class KeyJsonReader {
 public:
  explicit KeyJsonReader(std::string_view text) : s_(text) {}

  bool Consume(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool AtEnd() {
    SkipSpace();
    return pos_ == s_.size();
  }

  bool ReadString(std::string* out) {
    if (!Consume('"')) return false;
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) return false;
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t unit;
          if (!ReadHex4(&unit)) return false;
          if (unit >= 0xd800 && unit <= 0xdbff && pos_ + 1 < s_.size() && s_[pos_] == '\\' &&
              s_[pos_ + 1] == 'u') {
            const size_t save = pos_;
            pos_ += 2;
            uint32_t low;
            if (ReadHex4(&low) && low >= 0xdc00 && low <= 0xdfff) {
              AppendUtf8(out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
              break;
            }
            pos_ = save;
          }
          if (unit >= 0xdc80 && unit <= 0xdcff) {
            out->push_back(static_cast<char>(unit & 0xff));  // surrogateescape'd byte
          } else {
            AppendUtf8(out, unit);
          }
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  bool ReadInt(int64_t* out) {
    SkipSpace();
    bool negative = false;
    if (pos_ < s_.size() && s_[pos_] == '-') {
      negative = true;
      ++pos_;
    }
    const size_t digits = pos_;
    uint64_t magnitude = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      const uint64_t d = static_cast<uint64_t>(s_[pos_] - '0');
      if (magnitude > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
      magnitude = magnitude * 10 + d;
      ++pos_;
    }
    if (pos_ == digits) return false;
    if (s_[digits] == '0' && pos_ - digits > 1) return false;  // JSON has no leading zeros
    if (pos_ < s_.size() && (s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E')) {
      return false;  // a float step or index: not one of ours
    }
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    if (magnitude > limit) return false;
    *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    return true;
  }

 private:
  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool ReadHex4(uint32_t* out) {
    if (pos_ + 4 > s_.size()) return false;
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[pos_++];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return false;
      }
      v = (v << 4) | static_cast<uint32_t>(d);
    }
    *out = v;
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// The number of elements the stored tensor declares: TensorBoard's _tensor_size (the product
// of the dims, whatever the string_val holds).
int64_t TensorSize(const tensorboard::TensorProto& tensor) {
  int64_t size = 1;
  for (const auto& dim : tensor.tensor_shape().dim()) {
    if (dim.size() < 0) return 0;
    if (dim.size() != 0 && size > std::numeric_limits<int64_t>::max() / dim.size()) return 0;
    size *= dim.size();
  }
  return size;
}

}  // namespace

std::string MakeBlobKey(std::string_view plugin, std::string_view run, std::string_view tag,
                        int64_t step, int64_t index) {
  std::string json = "[\"\",";
  AppendAsciiJsonString(&json, plugin);
  json.push_back(',');
  AppendAsciiJsonString(&json, run);
  json.push_back(',');
  AppendAsciiJsonString(&json, tag);
  json.push_back(',');
  json += std::to_string(step);
  json.push_back(',');
  json += std::to_string(index);
  json.push_back(']');
  return Base64UrlEncode(json);
}

StatusOr<BlobKey> ParseBlobKey(std::string_view key) {
  auto decoded = Base64Decode(key);
  if (!decoded.ok()) return decoded.status();
  KeyJsonReader reader(*decoded);
  BlobKey out;
  const bool ok = reader.Consume('[') && reader.ReadString(&out.experiment_id) &&
                  reader.Consume(',') && reader.ReadString(&out.plugin) && reader.Consume(',') &&
                  reader.ReadString(&out.run) && reader.Consume(',') &&
                  reader.ReadString(&out.tag) && reader.Consume(',') && reader.ReadInt(&out.step) &&
                  reader.Consume(',') && reader.ReadInt(&out.index) && reader.Consume(']') &&
                  reader.AtEnd();
  if (!ok) {
    return InvalidArgumentError(
        "Malformed blob key: expected base64 of [experiment_id, plugin, run, tag, step, index]");
  }
  return out;
}

std::string SniffContentType(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (starts("\xff\xd8\xff")) return "image/jpeg";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (starts("BM")) return "image/bmp";
  if (b.size() >= 12 && starts("RIFF") && b.substr(8, 4) == "WAVE") return "audio/wav";
  return "application/octet-stream";
}

bool IsBlobSequenceOf(const TagData& tag, std::string_view plugin) {
  return tag.has_metadata && tag.tensors != nullptr && tag.plugin_name() == plugin &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_BLOB_SEQUENCE;
}

std::vector<BlobSequenceStep> ReadBlobSequence(const TagData& tag, size_t limit) {
  std::vector<BlobSequenceStep> steps;
  if (tag.tensors == nullptr) return steps;
  // First event per step wins; std::map orders by step.
  std::map<int64_t, BlobSequenceStep> by_step;
  for (const TensorEvent& e : tag.tensors->items()) {
    if (by_step.count(e.step) != 0) continue;
    by_step.emplace(e.step,
                    BlobSequenceStep{e.wall_time, e.step, e.tensor ? TensorSize(*e.tensor) : 0});
  }
  steps.reserve(by_step.size());
  for (auto& [step, datum] : by_step) steps.push_back(datum);
  if (limit >= steps.size()) return steps;
  std::vector<BlobSequenceStep> kept;
  for (size_t i : DownsampleIndices(steps.size(), limit)) kept.push_back(steps[i]);
  return kept;
}

int64_t MaxBlobSequenceLength(const TagData& tag) {
  int64_t max = 0;
  if (tag.tensors == nullptr) return max;
  for (const TensorEvent& e : tag.tensors->items()) {
    if (e.tensor) max = std::max(max, TensorSize(*e.tensor));
  }
  return max;
}

StatusOr<int64_t> ParseSampleParam(const Request& request) {
  const std::optional<std::string> param = request.Param("sample");
  if (!param) return int64_t{0};
  std::string_view s = *param;
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  int64_t value = 0;
  bool ok = !s.empty() && s.front() != '_' && s.back() != '_';
  for (size_t i = 0; ok && i < s.size(); ++i) {
    if (s[i] == '_') {
      ok = s[i + 1] != '_';
      continue;
    }
    ok = s[i] >= '0' && s[i] <= '9' && value <= (std::numeric_limits<int64_t>::max() - 9) / 10;
    value = value * 10 + (s[i] - '0');
  }
  if (!ok) return InvalidArgumentError("sample must be an integer, not " + *param);
  if (negative && value != 0) {
    return InvalidArgumentError("sample must not be negative: " + *param);
  }
  return value;
}

StatusOr<std::string> ReadBlob(const Multiplexer& store, std::string_view key) {
  auto parsed = ParseBlobKey(key);
  if (!parsed.ok()) return parsed.status();
  const BlobKey& k = *parsed;
  auto run = store.FindRun(k.run);
  if (run == nullptr) return NotFoundError(std::string(key));
  // The tensor is shared and immutable, so it can be read after the lock is released.
  std::shared_ptr<const tensorboard::TensorProto> tensor;
  Status status = run->Read([&](const RunData& data) -> Status {
    const TagData* tag = data.FindTag(k.tag);
    if (tag == nullptr || !tag->has_metadata || tag->tensors == nullptr ||
        tag->metadata.data_class() != tensorboard::DATA_CLASS_BLOB_SEQUENCE) {
      return NotFoundError(std::string(key));
    }
    for (const TensorEvent& e : tag->tensors->items()) {
      if (e.step == k.step) {
        tensor = e.tensor;
        return OkStatus();
      }
    }
    return NotFoundError(std::string(key) + ": no such step " + std::to_string(k.step));
  });
  if (!status.ok()) return status;
  if (tensor == nullptr || tensor->dtype() != tensorboard::DT_STRING) {
    return NotFoundError(std::string(key));
  }
  const int64_t size = TensorSize(*tensor);
  const int64_t index = k.index < 0 ? k.index + size : k.index;
  if (index < 0 || index >= size) return NotFoundError(std::string(key));
  // make_ndarray pads a short string_val with its last element.
  const auto& values = tensor->string_val();
  if (values.empty()) return std::string();
  return values[static_cast<int>(std::min<int64_t>(index, values.size() - 1))];
}

}  // namespace tracker::plugins
