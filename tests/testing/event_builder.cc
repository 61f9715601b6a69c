#include "testing/event_builder.h"

#include "logreader/tf_record_format.h"
#include "tensorboard/summary.pb.h"
#include "tensorboard/types.pb.h"

namespace tracker::testing {

tensorboard::Event FileVersionEvent(double wall_time, std::string_view version) {
  tensorboard::Event e;
  e.set_wall_time(wall_time);
  e.set_file_version(std::string(version));
  return e;
}

tensorboard::Event SimpleValueEvent(std::string_view tag, int64_t step, float value,
                                    double wall_time) {
  tensorboard::Event e;
  e.set_wall_time(wall_time);
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(std::string(tag));
  v->set_simple_value(value);
  return e;
}

tensorboard::Event ScalarTensorEvent(std::string_view tag, int64_t step, float value,
                                     bool with_metadata, double wall_time) {
  tensorboard::Event e;
  e.set_wall_time(wall_time);
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(std::string(tag));
  auto* t = v->mutable_tensor();
  t->set_dtype(tensorboard::DT_FLOAT);
  t->mutable_tensor_shape();
  t->add_float_val(value);
  if (with_metadata) v->mutable_metadata()->mutable_plugin_data()->set_plugin_name("scalars");
  return e;
}

tensorboard::Event TextEvent(std::string_view tag, int64_t step, std::string_view text,
                             double wall_time) {
  tensorboard::Event e;
  e.set_wall_time(wall_time);
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(std::string(tag));
  auto* t = v->mutable_tensor();
  t->set_dtype(tensorboard::DT_STRING);
  t->mutable_tensor_shape();
  t->add_string_val(std::string(text));
  v->mutable_metadata()->mutable_plugin_data()->set_plugin_name("text");
  return e;
}

tensorboard::Event SessionStartEvent(int64_t step, double wall_time) {
  tensorboard::Event e;
  e.set_wall_time(wall_time);
  e.set_step(step);
  e.mutable_session_log()->set_status(tensorboard::SessionLog::START);
  return e;
}

std::string Record(const tensorboard::Event& event) {
  std::string out;
  AppendRecord(&out, event.SerializeAsString());
  return out;
}

std::string Records(const std::vector<tensorboard::Event>& events) {
  std::string out;
  for (const auto& e : events) AppendRecord(&out, e.SerializeAsString());
  return out;
}

}  // namespace tracker::testing
