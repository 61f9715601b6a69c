#include "logreader/run_data.h"

#include <cstring>
#include <utility>

#include "logreader/data_compat.h"
#include "tensorboard/types.pb.h"

namespace tracker {
namespace {

uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

uint32_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// a[0, n) == b[0, n), inline: the fast path compares one tag per event, and for tags of a few
// dozen bytes the call to memcmp cost more than the comparison (~5% of a load).
inline bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (Load64(a + i) != Load64(b + i)) return false;
    }
    return Load64(a + n - 8) == Load64(b + n - 8);  // the last 8, overlapping what was seen
  }
  if (n >= 4) return Load32(a) == Load32(b) && Load32(a + n - 4) == Load32(b + n - 4);
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

// Maps tag bytes to TagData without building a std::string: the scalar fast path looks up
// one tag per event, tens of millions of times per second. Keys are views of the tags_ map's
// keys, which never move.
class RunData::TagIndex {
 public:
  TagData* Find(std::string_view tag) const {
    if (slots_.empty()) return nullptr;
    const uint64_t h = Hash(tag);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.data == nullptr) return nullptr;
      if (s.hash == h && s.key.size() == tag.size() &&
          SameBytes(s.key.data(), tag.data(), tag.size())) {
        return s.data;
      }
    }
  }

  void Insert(std::string_view key, TagData* data) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Place(Slot{key, Hash(key), data});
    ++size_;
  }

 private:
  struct Slot {
    std::string_view key;
    uint64_t hash = 0;
    TagData* data = nullptr;
  };

  static uint64_t Hash(std::string_view s) {
    // Eight bytes at a time with a multiply-xorshift mix: tags are short.
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (s.size() * 0xff51afd7ed558ccdull);
    const char* p = s.data();
    size_t n = s.size();
    while (n >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
      h ^= h >> 31;
      p += 8;
      n -= 8;
    }
    if (n > 0) {
      // The tail without a variable-length copy (which compiles to a byte loop): an 8-byte
      // load that overlaps the previous word, or two overlapping 4-byte loads.
      uint64_t w;
      if (s.size() >= 8) {
        std::memcpy(&w, s.data() + s.size() - 8, 8);
      } else if (n >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        w = (static_cast<uint64_t>(hi) << 32) | lo;
      } else {
        w = static_cast<uint8_t>(p[0]) | (static_cast<uint64_t>(static_cast<uint8_t>(p[n / 2])) << 8) |
            (static_cast<uint64_t>(static_cast<uint8_t>(p[n - 1])) << 16);
      }
      h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
      h ^= h >> 31;
    }
    return h * 0x94d049bb133111ebull;
  }

  void Place(const Slot& slot) {
    for (size_t i = slot.hash & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].data == nullptr) {
        slots_[i] = slot;
        return;
      }
    }
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.data != nullptr) Place(s);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

std::optional<std::pair<int64_t, int64_t>> TagData::StepRange() const {
  if (scalars) {
    if (scalars->size() == 0) return std::nullopt;
    return std::make_pair(scalars->min_step(), scalars->max_step());
  }
  if (tensors->size() == 0) return std::nullopt;
  int64_t lo = tensors->items().front().step, hi = lo;
  for (const TensorEvent& e : tensors->items()) {
    lo = std::min(lo, e.step);
    hi = std::max(hi, e.step);
  }
  return std::make_pair(lo, hi);
}

RunData::RunData(const SamplesPerPlugin* samples)
    : samples_(samples), index_(std::make_unique<TagIndex>()) {}

RunData::~RunData() = default;

const TagData* RunData::FindTag(std::string_view tag) const {
  auto it = tags_.find(tag);
  return it == tags_.end() ? nullptr : it->second.get();
}

// Writers log their tags in the same order every step, so the tag that followed the previous
// one last time is almost always the next one: checking it first skips the hash lookup.
TagData* RunData::FindTagFast(std::string_view tag) {
  TagData* guess = last_tag_ != nullptr ? last_tag_->next_hint : nullptr;
  TagData* found;
  if (guess != nullptr && guess->name.size() == tag.size() &&
      SameBytes(guess->name.data(), tag.data(), tag.size())) {
    found = guess;
  } else {
    found = index_->Find(tag);
    if (found == nullptr) return nullptr;
    if (last_tag_ != nullptr) last_tag_->next_hint = found;
  }
  last_tag_ = found;
  return found;
}

void RunData::Begin(double wall_time) {
  if (!first_event_wall_time_) first_event_wall_time_ = wall_time;
}

TagData* RunData::FindOrCreateTag(std::string_view tag,
                                  const tensorboard::SummaryMetadata* metadata) {
  if (TagData* found = index_->Find(tag)) {
    // Only the first metadata of a tag counts; a tag first seen without one takes the first
    // that comes (TensorBoard's accumulator does the same), though its storage stays as made.
    if (!found->has_metadata && metadata != nullptr) {
      found->metadata = *metadata;
      found->has_metadata = true;
    }
    return found;
  }
  auto data = std::make_unique<TagData>();
  data->name = std::string(tag);
  if (metadata != nullptr) {
    data->metadata = *metadata;
    data->has_metadata = true;
    data->compat_key = *metadata;
    if (data->metadata.data_class() == tensorboard::DATA_CLASS_UNKNOWN) {
      data->metadata.set_data_class(DataClassForPlugin(data->plugin_name()));
    }
  }
  const std::string& plugin = data->plugin_name();
  const size_t capacity = samples_->CapacityFor(plugin);
  if (plugin == kScalarsPlugin) {
    data->scalars = std::make_unique<ScalarSeries>(capacity);
  } else {
    data->tensors = std::make_unique<Reservoir<TensorEvent>>(capacity);
  }
  TagData* raw = data.get();
  auto [it, inserted] = tags_.emplace(raw->name, std::move(data));
  index_->Insert(it->first, raw);
  return raw;
}

void RunData::PurgeTag(TagData* tag, int64_t step) {
  tag->modified_seq = seq_;
  if (tag->scalars) {
    if (tag->scalars->size() == 0 || tag->scalars->max_step() < step) return;
    purged_values_ += tag->scalars->RemoveIf([step](const ScalarPoint& p) { return p.step >= step; });
  } else {
    purged_values_ += tag->tensors->RemoveIf([step](const TensorEvent& e) { return e.step >= step; });
  }
}

// Spec §5.5, for a summary event that carries only metadata-free scalars.
void RunData::MaybePurgeForFastEvent(const FastScalarEvent& event) {
  if (file_version_ < 2 && most_recent_step_ && event.step < *most_recent_step_) {
    for (size_t i = 0; i < event.num_values; ++i) {
      if (TagData* tag = index_->Find(event.values[i].tag)) PurgeTag(tag, event.step);
    }
  }
  most_recent_step_ = event.step;
}

void RunData::MaybePurge(const tensorboard::Event& event) {
  if (file_version_ >= 2) {
    // A restarted job writes SessionLog START: its earlier run's steps from there on are
    // orphans. The first START of a run is its own start.
    if (event.has_session_log() && event.session_log().status() == tensorboard::SessionLog::START) {
      if (seen_session_start_) {
        for (auto& [name, tag] : tags_) PurgeTag(tag.get(), event.step());
      }
      seen_session_start_ = true;
    }
  } else if (event.has_summary() && most_recent_step_ && event.step() < *most_recent_step_) {
    // Old writers without a file version: a step going backwards means a restart, for the
    // tags in this event.
    for (const auto& value : event.summary().value()) {
      if (TagData* tag = index_->Find(value.tag())) PurgeTag(tag, event.step());
    }
  }
  if (event.has_summary()) most_recent_step_ = event.step();
}

void RunData::AddFastScalarEvent(const FastScalarEvent& event) {
  Begin(event.wall_time);
  MaybePurgeForFastEvent(event);
  for (size_t i = 0; i < event.num_values; ++i) {
    const FastScalarValue& v = event.values[i];
    TagData* tag = FindTagFast(v.tag);
    if (tag != nullptr && tag->scalars) {
      tag->scalars->Add(ScalarPoint{event.wall_time, event.step, v.value});
      tag->modified_seq = seq_;
    } else {
      AddFastValueSlow(event.wall_time, event.step, v);
    }
  }
}

// A fast-path value whose tag is new or not a scalars tag: rebuild the value the general path
// would have seen and take that path, so both give the same result.
void RunData::AddFastValueSlow(double wall_time, int64_t step, const FastScalarValue& v) {
  tensorboard::Summary::Value value;
  value.set_tag(std::string(v.tag));
  if (!v.metadata.empty() &&
      !value.mutable_metadata()->ParseFromArray(v.metadata.data(), static_cast<int>(v.metadata.size()))) {
    value.clear_metadata();  // unreadable metadata: keep the value, as without metadata
  }
  if (v.kind == FastValueKind::kSimpleValue) {
    value.set_simple_value(static_cast<float>(v.value));
    MigrateV1Value(&value);
  } else {
    tensorboard::TensorProto* t = value.mutable_tensor();
    t->mutable_tensor_shape();
    if (v.kind == FastValueKind::kFloatTensor) {
      t->set_dtype(tensorboard::DT_FLOAT);
      t->add_float_val(static_cast<float>(v.value));
    } else {
      t->set_dtype(tensorboard::DT_DOUBLE);
      t->add_double_val(v.value);
    }
  }
  AddValue(wall_time, step, &value);
}

void RunData::AddEvent(tensorboard::Event event) {
  Begin(event.wall_time());
  if (event.what_case() == tensorboard::Event::kFileVersion) {
    file_version_ = ParseFileVersion(event.file_version());
  }
  MaybePurge(event);
  switch (event.what_case()) {
    case tensorboard::Event::kSummary:
      for (auto& value : *event.mutable_summary()->mutable_value()) {
        MigrateV1Value(&value);
        AddValue(event.wall_time(), event.step(), &value);
      }
      break;
    case tensorboard::Event::kGraphDef: {
      tensorboard::Summary::Value value = RunGraphValue(event.graph_def());
      AddValue(event.wall_time(), event.step(), &value);
      break;
    }
    case tensorboard::Event::kTaggedRunMetadata: {
      tensorboard::Summary::Value value = TaggedRunMetadataValue(event.tagged_run_metadata());
      AddValue(event.wall_time(), event.step(), &value);
      break;
    }
    default:
      // file_version, session_log, log_message, meta_graph_def: nothing to store per tag.
      break;
  }
}

void RunData::AddValue(double wall_time, int64_t step, tensorboard::Summary::Value* value) {
  // Tensors written the old way with plugin assets are named by node_name.
  std::string_view tag_name = value->tag();
  if (tag_name.empty() && value->has_tensor()) tag_name = value->node_name();
  TagData* tag = FindOrCreateTag(tag_name, value->has_metadata() ? &value->metadata() : nullptr);
  tag->modified_seq = seq_;
  ApplyDataClassCompat(tag->compat_key, value);
  if (!value->has_tensor()) return;  // nothing TensorBoard would store (e.g. obsolete fields)

  if (tag->scalars) {
    std::optional<double> v = ScalarFromTensor(value->tensor());
    if (v) tag->scalars->Add(ScalarPoint{wall_time, step, *v});
    return;
  }
  auto tensor = std::make_shared<tensorboard::TensorProto>(std::move(*value->mutable_tensor()));
  tag->tensors->Add(TensorEvent{wall_time, step, std::move(tensor)});
}

}  // namespace tracker
