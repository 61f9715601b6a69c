#include "logreader/event_decoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <google/protobuf/stubs/logging.h>

#include "tensorboard/event.pb.h"
#include "tensorboard/types.pb.h"
#include "testing/event_builder.h"

namespace tracker {
namespace {

using testing::ScalarTensorEvent;
using testing::SimpleValueEvent;

bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

TEST(EventDecoderTest, DecodesSimpleValue) {
  auto e = SimpleValueEvent("loss", 42, 0.25f, 1714000001.5);
  FastScalarEvent out;
  ASSERT_TRUE(DecodeFastScalarEvent(e.SerializeAsString(), &out));
  EXPECT_EQ(out.wall_time, 1714000001.5);
  EXPECT_EQ(out.step, 42);
  ASSERT_EQ(out.num_values, 1u);
  EXPECT_EQ(out.values[0].tag, "loss");
  EXPECT_EQ(out.values[0].value, 0.25);
  EXPECT_EQ(out.values[0].kind, FastValueKind::kSimpleValue);
}

TEST(EventDecoderTest, DecodesFloatTensorWithoutMetadata) {
  auto e = ScalarTensorEvent("acc", 7, 0.1f, false, 3.0);
  FastScalarEvent out;
  ASSERT_TRUE(DecodeFastScalarEvent(e.SerializeAsString(), &out));
  ASSERT_EQ(out.num_values, 1u);
  EXPECT_EQ(out.values[0].value, static_cast<double>(0.1f));  // float32 widened, as TensorBoard
  EXPECT_EQ(out.values[0].kind, FastValueKind::kFloatTensor);
}

TEST(EventDecoderTest, KeepsMetadataSerialized) {
  // TF 2.x repeats the metadata on every value; the fast path must not give up on it.
  auto e = ScalarTensorEvent("acc", 7, 0.5f, true, 3.0);
  FastScalarEvent out;
  ASSERT_TRUE(DecodeFastScalarEvent(e.SerializeAsString(), &out));
  EXPECT_EQ(out.values[0].metadata, e.summary().value(0).metadata().SerializeAsString());
  EXPECT_EQ(out.values[0].value, 0.5);
  auto plain = SimpleValueEvent("x", 1, 1);
  ASSERT_TRUE(DecodeFastScalarEvent(plain.SerializeAsString(), &out));
  EXPECT_TRUE(out.values[0].metadata.empty());
}

TEST(EventDecoderTest, DecodesTensorContentAndDouble) {
  tensorboard::Event e;
  e.set_step(1);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag("d");
  v->mutable_tensor()->set_dtype(tensorboard::DT_DOUBLE);
  double d = 0.1;
  v->mutable_tensor()->set_tensor_content(std::string(reinterpret_cast<char*>(&d), 8));
  FastScalarEvent out;
  ASSERT_TRUE(DecodeFastScalarEvent(e.SerializeAsString(), &out));
  EXPECT_EQ(out.values[0].value, 0.1);
  EXPECT_EQ(out.values[0].kind, FastValueKind::kDoubleTensor);
}

TEST(EventDecoderTest, NegativeAndHugeSteps) {
  for (int64_t step : {int64_t{-5}, int64_t{1} << 40, INT64_MAX, INT64_MIN}) {
    FastScalarEvent out;
    ASSERT_TRUE(DecodeFastScalarEvent(SimpleValueEvent("x", step, 1).SerializeAsString(), &out));
    EXPECT_EQ(out.step, step);
  }
}

TEST(EventDecoderTest, NanAndInfinityPassThrough) {
  FastScalarEvent out;
  ASSERT_TRUE(DecodeFastScalarEvent(SimpleValueEvent("x", 0, NAN).SerializeAsString(), &out));
  EXPECT_TRUE(std::isnan(out.values[0].value));
  ASSERT_TRUE(DecodeFastScalarEvent(SimpleValueEvent("x", 0, -INFINITY).SerializeAsString(), &out));
  EXPECT_EQ(out.values[0].value, -INFINITY);
}

TEST(EventDecoderTest, MultipleValuesInOneEvent) {
  auto e = SimpleValueEvent("a", 3, 1);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag("b");
  v->set_simple_value(2);
  FastScalarEvent out;
  ASSERT_TRUE(DecodeFastScalarEvent(e.SerializeAsString(), &out));
  ASSERT_EQ(out.num_values, 2u);
  EXPECT_EQ(out.values[1].tag, "b");
  EXPECT_EQ(out.values[1].value, 2);
}

TEST(EventDecoderTest, RejectsWhatNeedsTheGeneralPath) {
  FastScalarEvent out;
  // file_version, session_log.
  tensorboard::Event fv;
  fv.set_file_version("brain.Event:2");
  EXPECT_FALSE(DecodeFastScalarEvent(fv.SerializeAsString(), &out));
  // A non-scalar tensor.
  auto e = ScalarTensorEvent("a", 0, 1, false);
  e.mutable_summary()->mutable_value(0)->mutable_tensor()->mutable_tensor_shape()->add_dim()->set_size(1);
  EXPECT_FALSE(DecodeFastScalarEvent(e.SerializeAsString(), &out));
  // A string tensor.
  auto s = ScalarTensorEvent("a", 0, 1, false);
  s.mutable_summary()->mutable_value(0)->mutable_tensor()->set_dtype(tensorboard::DT_STRING);
  EXPECT_FALSE(DecodeFastScalarEvent(s.SerializeAsString(), &out));
  // An empty tag (node_name fallback) and histograms.
  EXPECT_FALSE(DecodeFastScalarEvent(SimpleValueEvent("", 0, 1).SerializeAsString(), &out));
  tensorboard::Event h;
  auto* hv = h.mutable_summary()->add_value();
  hv->set_tag("h");
  hv->mutable_histo()->set_min(1);
  EXPECT_FALSE(DecodeFastScalarEvent(h.SerializeAsString(), &out));
  // No summary at all, an empty payload.
  EXPECT_FALSE(DecodeFastScalarEvent("", &out));
}

// Whatever the bytes, the fast path either declines or agrees with the generated parser.
TEST(EventDecoderTest, AgreesWithGeneratedParserOnMutatedInput) {
  google::protobuf::LogSilencer quiet;  // protobuf logs every non-UTF-8 string it rejects
  std::mt19937 rng(1234);
  const std::string base = SimpleValueEvent("loss/total", 123456, 0.5f, 1714000000.25)
                               .SerializeAsString();
  for (int i = 0; i < 20000; ++i) {
    std::string bytes = base;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
    FastScalarEvent out;
    if (!DecodeFastScalarEvent(bytes, &out)) continue;
    tensorboard::Event e;
    if (!e.ParseFromString(bytes)) {
      // The only thing the fast path is more lenient about: proto3 rejects non-UTF-8 tags,
      // tracker keeps the value rather than losing it.
      bool all_tags_utf8 = true;
      for (size_t v = 0; v < out.num_values; ++v) all_tags_utf8 &= IsUtf8(out.values[v].tag);
      EXPECT_FALSE(all_tags_utf8) << "fast path accepted bytes protobuf rejects";
      continue;
    }
    ASSERT_EQ(e.summary().value_size(), static_cast<int>(out.num_values));
    EXPECT_EQ(e.step(), out.step);
    for (size_t v = 0; v < out.num_values; ++v) {
      EXPECT_EQ(e.summary().value(v).tag(), out.values[v].tag);
    }
  }
}

}  // namespace
}  // namespace tracker
