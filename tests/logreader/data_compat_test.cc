#include "logreader/data_compat.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cstring>

#include "tensorboard/histogram.pb.h"
#include "tensorboard/plugins/image.pb.h"
#include "tensorboard/types.pb.h"

namespace tracker {
namespace {

using tensorboard::Summary;

std::vector<float> FloatContent(const tensorboard::TensorProto& t) {
  std::vector<float> out(t.tensor_content().size() / 4);
  std::memcpy(out.data(), t.tensor_content().data(), out.size() * 4);
  return out;
}

TEST(DataCompatTest, SimpleValueBecomesFloatScalarTensor) {
  Summary::Value v;
  v.set_tag("loss");
  v.set_simple_value(0.1f);
  MigrateV1Value(&v);
  ASSERT_TRUE(v.has_tensor());
  EXPECT_EQ(v.tensor().dtype(), tensorboard::DT_FLOAT);
  EXPECT_EQ(v.tensor().tensor_shape().dim_size(), 0);
  ASSERT_EQ(v.tensor().float_val_size(), 1);
  EXPECT_EQ(v.metadata().plugin_data().plugin_name(), "scalars");
  EXPECT_EQ(v.metadata().display_name(), "loss");  // v1 display name = tag
  EXPECT_EQ(ScalarFromTensor(v.tensor()), static_cast<double>(0.1f));
}

TEST(DataCompatTest, KeepsExistingDisplayNameAndDescription) {
  Summary::Value v;
  v.set_tag("loss");
  v.set_simple_value(1);
  v.mutable_metadata()->set_display_name("Loss!");
  v.mutable_metadata()->set_summary_description("training **loss**");
  MigrateV1Value(&v);
  EXPECT_EQ(v.metadata().display_name(), "Loss!");
  EXPECT_EQ(v.metadata().summary_description(), "training **loss**");
}

TEST(DataCompatTest, HistogramKeepsNonEmptyBucketRangeAsFloat32) {
  Summary::Value v;
  v.set_tag("w");
  auto* h = v.mutable_histo();
  h->set_min(-0.5);
  h->set_max(2.5);
  // Buckets: (-DBL_MAX,-1] 0, (-1,0] 3, (0,1] 0, (1,2] 5, (2,3] 2, (3,DBL_MAX] 0
  for (double limit : {-1.0, 0.0, 1.0, 2.0, 3.0, DBL_MAX}) h->add_bucket_limit(limit);
  for (double count : {0.0, 3.0, 0.0, 5.0, 2.0, 0.0}) h->add_bucket(count);
  MigrateV1Value(&v);
  ASSERT_TRUE(v.has_tensor());
  EXPECT_EQ(v.tensor().dtype(), tensorboard::DT_FLOAT);
  ASSERT_EQ(v.tensor().tensor_shape().dim_size(), 2);
  EXPECT_EQ(v.tensor().tensor_shape().dim(0).size(), 4);
  EXPECT_EQ(v.tensor().tensor_shape().dim(1).size(), 3);
  const std::vector<float> expected = {-0.5f, 0, 3, 0, 1, 0, 1, 2, 5, 2, 2.5f, 2};
  EXPECT_EQ(FloatContent(v.tensor()), expected);
  EXPECT_EQ(v.metadata().plugin_data().plugin_name(), "histograms");
}

TEST(DataCompatTest, EmptyHistogramIsZeroRows) {
  Summary::Value v;
  v.set_tag("w");
  v.mutable_histo()->add_bucket_limit(1);
  v.mutable_histo()->add_bucket(0);
  MigrateV1Value(&v);
  ASSERT_EQ(v.tensor().tensor_shape().dim_size(), 2);
  EXPECT_EQ(v.tensor().tensor_shape().dim(0).size(), 0);
}

TEST(DataCompatTest, ImageBecomesStringTensor) {
  Summary::Value v;
  v.set_tag("img");
  v.mutable_image()->set_width(28);
  v.mutable_image()->set_height(14);
  v.mutable_image()->set_encoded_image_string("PNGDATA");
  MigrateV1Value(&v);
  ASSERT_EQ(v.tensor().string_val_size(), 3);
  EXPECT_EQ(v.tensor().string_val(0), "28");
  EXPECT_EQ(v.tensor().string_val(1), "14");
  EXPECT_EQ(v.tensor().string_val(2), "PNGDATA");
  tensorboard::ImagePluginData content;
  ASSERT_TRUE(content.ParseFromString(v.metadata().plugin_data().content()));
  EXPECT_TRUE(content.converted_to_tensor());
}

TEST(DataCompatTest, AudioKeepsFirstColumnUnderDataClassCompat) {
  Summary::Value v;
  v.set_tag("a");
  v.mutable_audio()->set_encoded_audio_string("RIFF");
  MigrateV1Value(&v);
  EXPECT_EQ(v.tensor().string_val_size(), 2);
  const tensorboard::SummaryMetadata first = v.metadata();
  ApplyDataClassCompat(first, &v);
  ASSERT_EQ(v.tensor().string_val_size(), 1);
  EXPECT_EQ(v.tensor().string_val(0), "RIFF");
  EXPECT_EQ(v.tensor().tensor_shape().dim(0).size(), 1);
  EXPECT_EQ(v.metadata().data_class(), tensorboard::DATA_CLASS_BLOB_SEQUENCE);
}

TEST(DataCompatTest, HParamsWithoutTensorGetNullTensor) {
  Summary::Value v;
  v.set_tag("_hparams_/experiment");
  v.mutable_metadata()->mutable_plugin_data()->set_plugin_name("hparams");
  ApplyDataClassCompat(v.metadata(), &v);
  ASSERT_TRUE(v.has_tensor());
  EXPECT_EQ(v.tensor().dtype(), tensorboard::DT_FLOAT);
  ASSERT_EQ(v.tensor().tensor_shape().dim_size(), 1);
  EXPECT_EQ(v.tensor().tensor_shape().dim(0).size(), 0);
  EXPECT_EQ(v.metadata().data_class(), tensorboard::DATA_CLASS_TENSOR);
}

TEST(DataCompatTest, ExplicitDataClassPassesThrough) {
  Summary::Value v;
  v.set_tag("k");
  v.mutable_metadata()->mutable_plugin_data()->set_plugin_name("graph_keras_model");
  v.mutable_metadata()->set_data_class(tensorboard::DATA_CLASS_TENSOR);
  v.mutable_tensor()->set_dtype(tensorboard::DT_STRING);
  ApplyDataClassCompat(v.metadata(), &v);
  EXPECT_EQ(v.tensor().tensor_shape().dim_size(), 0);  // untouched
  v.mutable_metadata()->set_data_class(tensorboard::DATA_CLASS_UNKNOWN);
  ApplyDataClassCompat(v.metadata(), &v);
  ASSERT_EQ(v.tensor().tensor_shape().dim_size(), 1);  // [] -> [1]
}

TEST(DataCompatTest, DataClassForPlugins) {
  EXPECT_EQ(DataClassForPlugin("scalars"), tensorboard::DATA_CLASS_SCALAR);
  EXPECT_EQ(DataClassForPlugin("histograms"), tensorboard::DATA_CLASS_TENSOR);
  EXPECT_EQ(DataClassForPlugin("images"), tensorboard::DATA_CLASS_BLOB_SEQUENCE);
  EXPECT_EQ(DataClassForPlugin("pr_curves"), tensorboard::DATA_CLASS_TENSOR);
  EXPECT_EQ(DataClassForPlugin("something_else"), tensorboard::DATA_CLASS_UNKNOWN);
}

TEST(DataCompatTest, ParseFileVersion) {
  EXPECT_EQ(ParseFileVersion("brain.Event:2"), 2);
  EXPECT_EQ(ParseFileVersion("brain.Event:1"), 1);
  EXPECT_EQ(ParseFileVersion("brain.Event:x"), -1);
  EXPECT_EQ(ParseFileVersion("garbage"), -1);
}

TEST(DataCompatTest, ScalarFromTensorDtypes) {
  tensorboard::TensorProto t;
  t.set_dtype(tensorboard::DT_INT64);
  t.add_int64_val(1LL << 40);
  EXPECT_EQ(ScalarFromTensor(t), static_cast<double>(1LL << 40));
  t.Clear();
  t.set_dtype(tensorboard::DT_HALF);
  t.add_half_val(0x3c00);  // 1.0
  EXPECT_EQ(ScalarFromTensor(t), 1.0);
  t.Clear();
  t.set_dtype(tensorboard::DT_INT32);
  int32_t x = -7;
  t.set_tensor_content(std::string(reinterpret_cast<char*>(&x), 4));
  EXPECT_EQ(ScalarFromTensor(t), -7.0);
  t.Clear();
  t.set_dtype(tensorboard::DT_STRING);
  t.add_string_val("1");
  EXPECT_EQ(ScalarFromTensor(t), std::nullopt);
  t.Clear();
  t.set_dtype(tensorboard::DT_FLOAT);
  t.mutable_tensor_shape()->add_dim()->set_size(0);
  EXPECT_EQ(ScalarFromTensor(t), std::nullopt);  // no elements
}

TEST(DataCompatTest, RunGraphAndTaggedRunMetadataValues) {
  auto g = RunGraphValue("GRAPH");
  EXPECT_EQ(g.tag(), "__run_graph__");
  EXPECT_EQ(g.metadata().plugin_data().plugin_name(), "graphs");
  EXPECT_EQ(g.tensor().string_val(0), "GRAPH");
  tensorboard::TaggedRunMetadata trm;
  trm.set_tag("step_1");
  trm.set_run_metadata("RM");
  auto r = TaggedRunMetadataValue(trm);
  EXPECT_EQ(r.tag(), "step_1");
  EXPECT_EQ(r.metadata().plugin_data().plugin_name(), "graph_tagged_run_metadata");
  EXPECT_EQ(r.tensor().tensor_shape().dim(0).size(), 1);
}

}  // namespace
}  // namespace tracker
