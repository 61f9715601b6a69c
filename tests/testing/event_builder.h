// Helpers that build Event protos and framed event-file bytes for tests.
#ifndef TRACKER_TESTS_TESTING_EVENT_BUILDER_H_
#define TRACKER_TESTS_TESTING_EVENT_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tensorboard/event.pb.h"

namespace tracker::testing {

tensorboard::Event FileVersionEvent(double wall_time = 1.0, std::string_view version = "brain.Event:2");
// v1: Summary.Value.simple_value.
tensorboard::Event SimpleValueEvent(std::string_view tag, int64_t step, float value,
                                    double wall_time = 0);
// v2: a DT_FLOAT scalar tensor; with_metadata adds the "scalars" plugin metadata like the
// first value of a tf.summary.scalar tag.
tensorboard::Event ScalarTensorEvent(std::string_view tag, int64_t step, float value,
                                     bool with_metadata, double wall_time = 0);
tensorboard::Event TextEvent(std::string_view tag, int64_t step, std::string_view text,
                             double wall_time = 0);
tensorboard::Event SessionStartEvent(int64_t step, double wall_time = 0);

// Serialized events, framed as TFRecords, concatenated.
std::string Records(const std::vector<tensorboard::Event>& events);
std::string Record(const tensorboard::Event& event);

}  // namespace tracker::testing

#endif  // TRACKER_TESTS_TESTING_EVENT_BUILDER_H_
