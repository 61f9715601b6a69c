#include "logreader/event_decoder.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <google/protobuf/stubs/logging.h>

#include "tensorboard/event.pb.h"
#include "tensorboard/summary.pb.h"
#include "tensorboard/types.pb.h"
#include "testing/event_builder.h"

namespace tracker {
namespace {

using testing::ScalarTensorEvent;
using testing::SimpleValueEvent;

// Well-formed UTF-8 as protobuf checks it (RFC 3629): no overlong forms, no surrogates, nothing
// above U+10FFFF.
bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;  // the allowed range of the second byte
    if (c < 0x80) {
      n = 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const unsigned char b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b >> 6) != 2) return false;
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

// The shapes writers really produce, as bases for the mutation test below: each takes the
// byte-by-byte common-layout decoder (PyTorch and tensorboardX simple_value; Keras and
// tf.summary tensors with metadata; tensor_content; double; step 0 left out) or the general one
// (two values, a long tag).
std::vector<std::string> WriterShapedEvents() {
  std::vector<std::string> events;
  events.push_back(SimpleValueEvent("loss/total", 123456, 0.5f, 1714000000.25).SerializeAsString());
  events.push_back(SimpleValueEvent("epoch_loss", 0, 0.75f, 1714000000.5).SerializeAsString());
  events.push_back(ScalarTensorEvent("acc", 7, 0.125f, true, 3.0).SerializeAsString());
  tensorboard::Event content = ScalarTensorEvent("logloss", 9, 0, true, 4.0);
  tensorboard::TensorProto* t = content.mutable_summary()->mutable_value(0)->mutable_tensor();
  t->clear_float_val();
  const float f = 0.25f;
  t->set_tensor_content(std::string(reinterpret_cast<const char*>(&f), 4));
  events.push_back(content.SerializeAsString());
  tensorboard::Event d;
  d.set_wall_time(5.0);
  d.set_step(11);
  auto* dv = d.mutable_summary()->add_value();
  dv->set_tag("lr");
  dv->mutable_tensor()->set_dtype(tensorboard::DT_DOUBLE);
  dv->mutable_tensor()->mutable_tensor_shape();
  dv->mutable_tensor()->add_double_val(1e-3);
  events.push_back(d.SerializeAsString());
  tensorboard::Event two = SimpleValueEvent("a", 3, 1, 6.0);
  two.mutable_summary()->add_value()->set_tag(std::string(200, 'b'));
  two.mutable_summary()->mutable_value(1)->set_simple_value(2);
  events.push_back(two.SerializeAsString());
  return events;
}

TEST(EventDecoderTest, DecodesEveryWriterShape) {
  for (const std::string& bytes : WriterShapedEvents()) {
    tensorboard::Event e;
    ASSERT_TRUE(e.ParseFromString(bytes));
    FastScalarEvent out;
    ASSERT_TRUE(DecodeFastScalarEvent(bytes, &out)) << e.ShortDebugString();
    EXPECT_EQ(out.wall_time, e.wall_time());
    EXPECT_EQ(out.step, e.step());
    ASSERT_EQ(out.num_values, static_cast<size_t>(e.summary().value_size()));
    for (size_t i = 0; i < out.num_values; ++i) {
      const auto& v = e.summary().value(static_cast<int>(i));
      EXPECT_EQ(out.values[i].tag, v.tag());
      EXPECT_EQ(out.values[i].metadata,
                v.has_metadata() ? v.metadata().SerializeAsString() : std::string());
    }
  }
}

// Whatever the bytes, the fast path either declines or agrees with the generated parser.
TEST(EventDecoderTest, AgreesWithGeneratedParserOnMutatedInput) {
  google::protobuf::LogSilencer quiet;  // protobuf logs every non-UTF-8 string it rejects
  std::mt19937 rng(1234);
  for (const std::string& base : WriterShapedEvents()) {
    for (int i = 0; i < 20000; ++i) {
      std::string bytes = base;
      const int flips = 1 + static_cast<int>(rng() % 3);
      for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
      if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
      FastScalarEvent out;
      if (!DecodeFastScalarEvent(bytes, &out)) continue;
      tensorboard::Event e;
      if (!e.ParseFromString(bytes)) {
        // The fast path is more lenient about two things, keeping the value rather than losing
        // it: proto3 rejects non-UTF-8 tags, and metadata is left serialized (the run parses a
        // tag's first metadata and drops it if unreadable).
        bool all_valid = true;
        for (size_t v = 0; v < out.num_values; ++v) {
          tensorboard::SummaryMetadata metadata;
          all_valid &= IsUtf8(out.values[v].tag) &&
                       metadata.ParseFromString(std::string(out.values[v].metadata));
        }
        EXPECT_FALSE(all_valid) << "fast path accepted bytes protobuf rejects: "
                                << ::testing::PrintToString(bytes);
        continue;
      }
      ASSERT_EQ(e.summary().value_size(), static_cast<int>(out.num_values));
      EXPECT_EQ(e.step(), out.step);
      EXPECT_EQ(std::bit_cast<uint64_t>(e.wall_time()), std::bit_cast<uint64_t>(out.wall_time));
      for (size_t v = 0; v < out.num_values; ++v) {
        const auto& value = e.summary().value(static_cast<int>(v));
        EXPECT_EQ(value.tag(), out.values[v].tag);
        // The value itself, to the bit: simple_value, or the tensor's one number.
        double expected;
        if (value.has_tensor()) {
          const auto& t = value.tensor();
          if (t.float_val_size() == 1) {
            expected = t.float_val(0);
          } else if (t.double_val_size() == 1) {
            expected = t.double_val(0);
          } else if (t.tensor_content().size() == 4) {
            float f;
            std::memcpy(&f, t.tensor_content().data(), 4);
            expected = f;
          } else {
            ASSERT_EQ(t.tensor_content().size(), 8u);
            std::memcpy(&expected, t.tensor_content().data(), 8);
          }
        } else {
          expected = value.simple_value();
        }
        EXPECT_EQ(std::bit_cast<uint64_t>(expected), std::bit_cast<uint64_t>(out.values[v].value));
      }
    }
  }
}

}  // namespace
}  // namespace tracker
