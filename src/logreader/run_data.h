// RunData: everything kept for one run (tags, their first metadata, scalar series and tensor
// reservoirs) and the accumulation rules that fill it: purging and first-metadata-wins.
#ifndef TRACKER_LOGREADER_RUN_DATA_H_
#define TRACKER_LOGREADER_RUN_DATA_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logreader/event_decoder.h"
#include "logreader/reservoir.h"
#include "logreader/samples_per_plugin.h"
#include "logreader/scalar_series.h"
#include "tensorboard/event.pb.h"
#include "tensorboard/summary.pb.h"
#include "tensorboard/tensor.pb.h"

namespace tracker {

// One stored non-scalar value. The tensor is immutable and shared so that a reader can keep
// it after releasing the run's lock.
struct TensorEvent {
  double wall_time = 0;
  int64_t step = 0;
  std::shared_ptr<const tensorboard::TensorProto> tensor;
};

// A tag of a run: its first metadata and its values. Scalars-plugin tags keep their values in
// a compact ScalarSeries; every other tag in a TensorBoard reservoir of tensors.
struct TagData {
  std::string name;
  // The first SummaryMetadata seen for the tag (after migration, with its data class); empty
  // if no value of the tag carried metadata yet.
  tensorboard::SummaryMetadata metadata;
  bool has_metadata = false;
  // The metadata that decides data-class migration: the first value's, even if empty.
  tensorboard::SummaryMetadata compat_key;
  std::unique_ptr<ScalarSeries> scalars;          // set iff plugin_name() == "scalars"
  std::unique_ptr<Reservoir<TensorEvent>> tensors;  // set otherwise
  // The multiplexer's change sequence number when the tag last changed (see set_sequence).
  uint64_t modified_seq = 0;
  // The tag that came after this one in the last fast-path event (RunData::FindTagFast).
  TagData* next_hint = nullptr;

  const std::string& plugin_name() const { return metadata.plugin_data().plugin_name(); }
  bool is_scalar() const { return scalars != nullptr; }
  size_t size() const { return scalars ? scalars->size() : tensors->size(); }
  // Smallest and largest kept step; nullopt when nothing is kept.
  std::optional<std::pair<int64_t, int64_t>> StepRange() const;
};

// The accumulated contents of one run. Not thread-safe: the owner (the multiplexer's Run)
// guards it with a shared mutex, taken exclusively by the loader for each batch of records.
class RunData {
 public:
  // `samples` decides reservoir capacities; it must outlive this object.
  explicit RunData(const SamplesPerPlugin* samples);
  ~RunData();
  RunData(const RunData&) = delete;
  RunData& operator=(const RunData&) = delete;

  // Tags changed from now on are stamped with `seq` (the multiplexer's change counter), so
  // readers can ask which tags changed since a point in time.
  void set_sequence(uint64_t seq) { seq_ = seq; }

  // The fast path: a scalar event decoded straight from the wire.
  void AddFastScalarEvent(const FastScalarEvent& event);
  // Every other event, parsed with the generated classes.
  void AddEvent(tensorboard::Event event);

  // Tags in name order.
  const std::map<std::string, std::unique_ptr<TagData>, std::less<>>& tags() const {
    return tags_;
  }
  const TagData* FindTag(std::string_view tag) const;

  // wall_time of the first event read (the run's start time for ordering runs), if any.
  std::optional<double> first_event_wall_time() const { return first_event_wall_time_; }
  double file_version() const { return file_version_; }
  // Number of values dropped because of a restart or out-of-order steps (spec §5.5).
  uint64_t purged_values() const { return purged_values_; }

 private:
  class TagIndex;  // a small open-addressing table from tag bytes to TagData, for the hot path

  TagData* FindTagFast(std::string_view tag);
  void Begin(double wall_time);
  void MaybePurgeForFastEvent(const FastScalarEvent& event);
  void MaybePurge(const tensorboard::Event& event);
  void PurgeTag(TagData* tag, int64_t step);
  TagData* FindOrCreateTag(std::string_view tag, const tensorboard::SummaryMetadata* metadata);
  void AddValue(double wall_time, int64_t step, tensorboard::Summary::Value* value);
  void AddFastValueSlow(double wall_time, int64_t step, const FastScalarValue& v);

  const SamplesPerPlugin* samples_;
  std::map<std::string, std::unique_ptr<TagData>, std::less<>> tags_;
  std::unique_ptr<TagIndex> index_;
  std::optional<double> first_event_wall_time_;
  double file_version_ = -1;  // -1: none seen (TensorBoard's None)
  bool seen_session_start_ = false;
  std::optional<int64_t> most_recent_step_;
  uint64_t purged_values_ = 0;
  uint64_t seq_ = 0;
  TagData* last_tag_ = nullptr;  // tags are never deleted, so this stays valid
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_RUN_DATA_H_
