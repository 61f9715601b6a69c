// Tests for SummaryWriter: reads the written files back record by record and checks each Event.
#include "writer/summary_writer.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "logreader/tf_record_reader.h"
#include "tensorboard/plugins/hparams.pb.h"
#include "testing/temp_dir.h"

namespace tracker {
namespace {

using google::protobuf::util::MessageDifferencer;
using tensorboard::Event;

constexpr double kStartTime = 1714000000.25;

// A fake clock that advances by 0.5 s per reading, so every wall time is known.
double fake_now = kStartTime;
double FakeClock() {
  const double now = fake_now;
  fake_now += 0.5;
  return now;
}

SummaryWriterOptions FakeClockOptions() {
  fake_now = kStartTime;
  SummaryWriterOptions options;
  options.clock = &FakeClock;
  return options;
}

// Reads every record of `path`, failing the test on anything but clean records.
std::vector<Event> ReadEvents(const std::filesystem::path& path) {
  std::vector<Event> events;
  TfRecordReader reader(path);
  for (;;) {
    ReadResult result = reader.Next();
    if (result.status == ReadStatus::kWaiting) {
      EXPECT_EQ(result.message, "");
      EXPECT_EQ(reader.offset(), std::filesystem::file_size(path)) << "partial record at the end";
      return events;
    }
    if (result.status != ReadStatus::kRecord) {
      ADD_FAILURE() << "bad record: " << result.message;
      return events;
    }
    Event event;
    EXPECT_TRUE(
        event.ParseFromArray(result.payload.data(), static_cast<int>(result.payload.size())));
    EXPECT_EQ(event.GetReflection()->GetUnknownFields(event).field_count(), 0);
    events.push_back(std::move(event));
  }
}

std::unique_ptr<SummaryWriter> MustCreate(const std::filesystem::path& logdir,
                                          SummaryWriterOptions options) {
  auto writer = SummaryWriter::Create(logdir, std::move(options));
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  return writer.ok() ? std::move(writer).value() : nullptr;
}

// Closes the writer and returns the events after the file_version record.
std::vector<Event> CloseAndRead(SummaryWriter& writer) {
  EXPECT_TRUE(writer.Close().ok());
  std::vector<Event> events = ReadEvents(writer.path());
  EXPECT_FALSE(events.empty());
  if (!events.empty()) events.erase(events.begin());
  return events;
}

const tensorboard::Summary::Value& OnlyValue(const Event& event) {
  EXPECT_EQ(event.summary().value_size(), 1);
  return event.summary().value(0);
}

std::vector<int64_t> Dims(const tensorboard::TensorProto& tensor) {
  std::vector<int64_t> dims;
  for (const auto& dim : tensor.tensor_shape().dim()) dims.push_back(dim.size());
  return dims;
}

std::vector<double> DoubleContent(const tensorboard::TensorProto& tensor) {
  EXPECT_EQ(tensor.dtype(), tensorboard::DT_DOUBLE);
  const std::string& bytes = tensor.tensor_content();
  EXPECT_EQ(bytes.size() % sizeof(double), 0u);
  std::vector<double> out(bytes.size() / sizeof(double));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(double));
  return out;
}

float FloatScalar(const tensorboard::TensorProto& tensor) {
  EXPECT_EQ(tensor.dtype(), tensorboard::DT_FLOAT);
  EXPECT_TRUE(tensor.has_tensor_shape());
  EXPECT_EQ(tensor.tensor_shape().dim_size(), 0);
  float value = 0;
  EXPECT_EQ(tensor.tensor_content().size(), sizeof(value));
  std::memcpy(&value, tensor.tensor_content().data(), sizeof(value));
  return value;
}

TEST(SummaryWriterTest, CreatesLogdirAndNamesFileLikeTensorBoard) {
  testing::TempDir dir;
  SummaryWriterOptions options = FakeClockOptions();
  options.filename_suffix = ".v2";
  auto writer = MustCreate(dir.path() / "a" / "b", options);
  ASSERT_NE(writer, nullptr);

  EXPECT_EQ(writer->path().parent_path(), dir.path() / "a" / "b");
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof(host) - 1), 0);
  const std::regex pattern("events\\.out\\.tfevents\\.1714000000\\." + std::string(host) + "\\." +
                           std::to_string(getpid()) + "\\.[0-9]+\\.v2");
  EXPECT_TRUE(std::regex_match(writer->path().filename().string(), pattern))
      << writer->path().filename();

  ASSERT_TRUE(writer->Close().ok());
  const std::vector<Event> events = ReadEvents(writer->path());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].file_version(), "brain.Event:2");
  EXPECT_EQ(events[0].wall_time(), kStartTime);
  EXPECT_EQ(events[0].step(), 0);
}

TEST(SummaryWriterTest, LaterWritersSortAfterEarlierOnes) {
  testing::TempDir dir;
  auto first = MustCreate(dir.path(), FakeClockOptions());
  auto second = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(first->path(), second->path());
}

TEST(SummaryWriterTest, CreateFailsWhenLogdirIsAFile) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.WriteFile("not_a_dir", "x");
  auto writer = SummaryWriter::Create(file / "run");
  EXPECT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("not_a_dir"), std::string::npos);
}

TEST(SummaryWriterTest, ScalarsAreV2TensorsWithMetadataOnlyOnFirstValuePerTag) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  writer->SetDescription("loss", "cross entropy");
  ASSERT_TRUE(writer->AddScalar("loss", 2.5, 0).ok());
  ASSERT_TRUE(writer->AddScalar("accuracy", 0.1, 0, 99.0).ok());
  ASSERT_TRUE(writer->AddScalar("loss", 1.25, 10).ok());
  ASSERT_TRUE(writer->AddScalar("accuracy", 0.5, 10).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 4u);

  const auto& loss0 = OnlyValue(events[0]);
  EXPECT_EQ(loss0.tag(), "loss");
  EXPECT_EQ(events[0].step(), 0);
  EXPECT_EQ(events[0].wall_time(), kStartTime + 0.5);  // the file_version record read 0.0
  EXPECT_EQ(FloatScalar(loss0.tensor()), 2.5f);
  ASSERT_TRUE(loss0.has_metadata());
  EXPECT_EQ(loss0.metadata().plugin_data().plugin_name(), "scalars");
  EXPECT_EQ(loss0.metadata().plugin_data().content(), "");
  EXPECT_EQ(loss0.metadata().display_name(), "");
  EXPECT_EQ(loss0.metadata().summary_description(), "cross entropy");
  EXPECT_EQ(loss0.metadata().data_class(), tensorboard::DATA_CLASS_UNKNOWN);

  const auto& accuracy0 = OnlyValue(events[1]);
  EXPECT_EQ(events[1].wall_time(), 99.0);
  EXPECT_EQ(FloatScalar(accuracy0.tensor()), 0.1f);
  ASSERT_TRUE(accuracy0.has_metadata());
  EXPECT_EQ(accuracy0.metadata().summary_description(), "");

  EXPECT_EQ(events[2].step(), 10);
  EXPECT_FALSE(OnlyValue(events[2]).has_metadata());
  EXPECT_EQ(FloatScalar(OnlyValue(events[2]).tensor()), 1.25f);
  EXPECT_FALSE(OnlyValue(events[3]).has_metadata());
}

TEST(SummaryWriterTest, V1ScalarsAreSimpleValuesWithoutMetadata) {
  testing::TempDir dir;
  SummaryWriterOptions options = FakeClockOptions();
  options.v1_scalars = true;
  auto writer = MustCreate(dir.path(), options);
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->AddScalar("loss", 0.1, 3).ok());
  ASSERT_TRUE(writer->AddScalar("loss", 0.2, 4).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 2u);
  for (const Event& event : events) {
    const auto& value = OnlyValue(event);
    EXPECT_EQ(value.value_case(), tensorboard::Summary::Value::kSimpleValue);
    EXPECT_FALSE(value.has_metadata());
  }
  EXPECT_EQ(OnlyValue(events[0]).simple_value(), 0.1f);
  EXPECT_EQ(events[1].step(), 4);
}

TEST(SummaryWriterTest, HistogramBucketsLikeTfSummaryHistogram) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  const std::vector<double> values = {0, 1, 2, 3};
  ASSERT_TRUE(writer->AddHistogram("h", values, 1, 2).ok());
  const std::vector<double> same = {5, 5, 5};
  ASSERT_TRUE(writer->AddHistogram("h", same, 2, 3).ok());
  ASSERT_TRUE(writer->AddHistogram("h", {}, 3, 4).ok());
  ASSERT_TRUE(writer->AddHistogram("h", values, 4, 0).ok());
  const std::vector<double> default_buckets = {-1, 0.5, 7};
  ASSERT_TRUE(writer->AddHistogram("h", default_buckets, 5).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 5u);

  const auto& first = OnlyValue(events[0]);
  ASSERT_TRUE(first.has_metadata());
  EXPECT_EQ(first.metadata().plugin_data().plugin_name(), "histograms");
  EXPECT_EQ(Dims(first.tensor()), (std::vector<int64_t>{2, 3}));
  // Width 1.5: 0 and 1 fall in bucket 0, 2 in bucket 1, and the maximum is clamped into it.
  EXPECT_EQ(DoubleContent(first.tensor()), (std::vector<double>{0, 1.5, 2, 1.5, 3, 2}));

  EXPECT_FALSE(OnlyValue(events[1]).has_metadata());
  EXPECT_EQ(Dims(OnlyValue(events[1]).tensor()), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(DoubleContent(OnlyValue(events[1]).tensor()),
            (std::vector<double>{5, 5, 0, 5, 5, 0, 5, 5, 3}));

  EXPECT_EQ(Dims(OnlyValue(events[2]).tensor()), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(DoubleContent(OnlyValue(events[2]).tensor()), std::vector<double>(12, 0.0));

  EXPECT_EQ(Dims(OnlyValue(events[3]).tensor()), (std::vector<int64_t>{0, 3}));
  EXPECT_TRUE(OnlyValue(events[3]).tensor().tensor_content().empty());

  const std::vector<double> rows = DoubleContent(OnlyValue(events[4]).tensor());
  ASSERT_EQ(rows.size(), 90u);
  EXPECT_EQ(rows.front(), -1);
  EXPECT_EQ(rows[88], 7);  // last right edge is exactly the maximum
  double total = 0;
  for (size_t i = 0; i < 30; ++i) {
    total += rows[3 * i + 2];
    if (i > 0) {
      EXPECT_EQ(rows[3 * i], rows[3 * i - 2]) << "buckets are contiguous";
    }
  }
  EXPECT_EQ(total, 3);
}

TEST(SummaryWriterTest, HistogramRejectsNonFiniteValues) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  const std::vector<double> values = {1, std::numeric_limits<double>::quiet_NaN()};
  const Status status = writer->AddHistogram("h", values, 0);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CloseAndRead(*writer).empty());
}

TEST(SummaryWriterTest, HistogramBucketsAreWrittenAsGiven) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  const std::vector<std::array<double, 3>> buckets = {{-1, 0, 4}, {0, 2.5, 6}};
  ASSERT_TRUE(writer->AddHistogramBuckets("b", buckets, 7).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Dims(OnlyValue(events[0]).tensor()), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(DoubleContent(OnlyValue(events[0]).tensor()),
            (std::vector<double>{-1, 0, 4, 0, 2.5, 6}));
}

// A minimal PNG reader for 8-bit, non-interlaced, filter-0 images like EncodePng's: checks the
// signature, every chunk CRC and the zlib stream, and returns the pixels.
struct DecodedPng {
  uint32_t width = 0, height = 0;
  int color_type = -1;
  std::vector<uint8_t> pixels;
};

uint32_t BigEndian32(const std::string& s, size_t at) {
  return (uint32_t{static_cast<uint8_t>(s[at])} << 24) |
         (uint32_t{static_cast<uint8_t>(s[at + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[at + 2])} << 8) |
         uint32_t{static_cast<uint8_t>(s[at + 3])};
}

DecodedPng DecodePng(const std::string& png, int channels) {
  DecodedPng out;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::string idat;
  std::vector<std::string> types;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = BigEndian32(png, at);
    const std::string type = png.substr(at + 4, 4);
    const std::string data = png.substr(at + 8, length);
    const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(png.data() + at + 4), length + 4);
    EXPECT_EQ(BigEndian32(png, at + 8 + length), crc) << type;
    types.push_back(type);
    if (type == "IHDR") {
      out.width = BigEndian32(data, 0);
      out.height = BigEndian32(data, 4);
      EXPECT_EQ(data[8], 8);  // bit depth
      out.color_type = data[9];
      EXPECT_EQ(data.substr(10), std::string(3, '\0'));
    } else if (type == "IDAT") {
      idat += data;
    }
    at += 12 + length;
  }
  EXPECT_EQ(types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  const size_t row = out.width * channels;
  std::vector<uint8_t> raw((row + 1) * out.height);
  uLongf raw_size = raw.size();
  EXPECT_EQ(
      uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()),
      Z_OK);
  EXPECT_EQ(raw_size, raw.size());
  for (uint32_t y = 0; y < out.height; ++y) {
    EXPECT_EQ(raw[y * (row + 1)], 0) << "filter type of row " << y;
    out.pixels.insert(out.pixels.end(), raw.begin() + y * (row + 1) + 1,
                      raw.begin() + (y + 1) * (row + 1));
  }
  return out;
}

TEST(EncodePngTest, RoundTripsEveryChannelCount) {
  const int kColorTypes[] = {0, 4, 2, 6};
  for (int channels = 1; channels <= 4; ++channels) {
    const int width = 7, height = 5;
    std::vector<uint8_t> pixels(width * height * channels);
    for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>(i * 37 + channels);
    const std::string png = EncodePng(width, height, channels, pixels);
    ASSERT_FALSE(png.empty());
    const DecodedPng decoded = DecodePng(png, channels);
    EXPECT_EQ(decoded.width, 7u);
    EXPECT_EQ(decoded.height, 5u);
    EXPECT_EQ(decoded.color_type, kColorTypes[channels - 1]);
    EXPECT_EQ(decoded.pixels, pixels);
  }
}

TEST(EncodePngTest, RejectsInconsistentArguments) {
  const std::vector<uint8_t> pixels(12);
  EXPECT_NE(EncodePng(2, 2, 3, pixels), "");
  EXPECT_EQ(EncodePng(2, 2, 4, pixels), "");  // needs 16 bytes
  EXPECT_EQ(EncodePng(0, 2, 3, pixels), "");
  EXPECT_EQ(EncodePng(2, 2, 5, pixels), "");
}

TEST(SummaryWriterTest, ImagesAreStringTensorsOfWidthHeightAndPngs) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  const std::vector<uint8_t> pixels(4 * 3 * 3, 200);
  const std::string png = EncodePng(4, 3, 3, pixels);
  ASSERT_TRUE(writer->AddImage("sample", png, 4, 3, 0).ok());
  const std::vector<std::string> batch = {png, png, EncodePng(4, 3, 1, std::vector<uint8_t>(12))};
  ASSERT_TRUE(writer->AddImage("sample", batch, 4, 3, 100).ok());
  EXPECT_EQ(writer->AddImage("sample", png, 0, 3, 200).code(), StatusCode::kInvalidArgument);
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 2u);

  const auto& first = OnlyValue(events[0]);
  ASSERT_TRUE(first.has_metadata());
  EXPECT_EQ(first.metadata().plugin_data().plugin_name(), "images");
  EXPECT_EQ(first.metadata().plugin_data().content(), "");
  EXPECT_EQ(first.tensor().dtype(), tensorboard::DT_STRING);
  EXPECT_EQ(Dims(first.tensor()), (std::vector<int64_t>{3}));
  ASSERT_EQ(first.tensor().string_val_size(), 3);
  EXPECT_EQ(first.tensor().string_val(0), "4");
  EXPECT_EQ(first.tensor().string_val(1), "3");
  EXPECT_EQ(first.tensor().string_val(2), png);

  const auto& second = OnlyValue(events[1]);
  EXPECT_FALSE(second.has_metadata());
  EXPECT_EQ(Dims(second.tensor()), (std::vector<int64_t>{5}));
  EXPECT_EQ(second.tensor().string_val(4), batch[2]);
}

TEST(SummaryWriterTest, TextIsAScalarStringTensor) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->AddText("notes", "| a | b |\n|---|---|\n| 1 | ü |", 5).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 1u);
  const auto& value = OnlyValue(events[0]);
  EXPECT_EQ(value.metadata().plugin_data().plugin_name(), "text");
  EXPECT_EQ(value.tensor().dtype(), tensorboard::DT_STRING);
  EXPECT_TRUE(value.tensor().has_tensor_shape());
  EXPECT_EQ(Dims(value.tensor()), std::vector<int64_t>{});
  ASSERT_EQ(value.tensor().string_val_size(), 1);
  EXPECT_EQ(value.tensor().string_val(0), "| a | b |\n|---|---|\n| 1 | ü |");
}

TEST(SummaryWriterTest, ATagKeepsTheKindOfItsFirstValue) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->AddScalar("x", 1, 0).ok());
  EXPECT_EQ(writer->AddText("x", "text", 1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(writer->AddScalar("", 1, 0).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CloseAndRead(*writer).size(), 1u);
}

TEST(SummaryWriterTest, GraphIsWrittenAsGraphDefBytes) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  tensorboard::GraphDef graph;
  auto* node = graph.add_node();
  node->set_name("input/x");
  node->set_op("Placeholder");
  (*node->mutable_attr())["dtype"].set_type(tensorboard::DT_FLOAT);
  (*node->mutable_attr())["shape"].mutable_shape()->add_dim()->set_size(-1);
  auto* add = graph.add_node();
  add->set_name("dense/add");
  add->set_op("AddV2");
  add->add_input("input/x");
  add->add_input("^input/x");
  graph.mutable_versions()->set_producer(1234);
  ASSERT_TRUE(writer->AddGraph(graph).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 1u);
  ASSERT_EQ(events[0].what_case(), Event::kGraphDef);
  EXPECT_EQ(events[0].step(), 0);
  tensorboard::GraphDef read_back;
  ASSERT_TRUE(read_back.ParseFromString(events[0].graph_def()));
  EXPECT_TRUE(MessageDifferencer::Equals(read_back, graph));
}

TEST(SummaryWriterTest, HParamsRoundTripThroughPluginData) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  tensorboard::hparams::Experiment experiment;
  auto* lr = experiment.add_hparam_infos();
  lr->set_name("lr");
  lr->set_type(tensorboard::hparams::DATA_TYPE_FLOAT64);
  lr->mutable_domain_interval()->set_min_value(1e-4);
  lr->mutable_domain_interval()->set_max_value(1);
  auto* optimizer = experiment.add_hparam_infos();
  optimizer->set_name("optimizer");
  optimizer->set_type(tensorboard::hparams::DATA_TYPE_STRING);
  optimizer->mutable_domain_discrete()->add_values()->set_string_value("adam");
  experiment.add_metric_infos()->mutable_name()->set_tag("accuracy");
  ASSERT_TRUE(writer->AddHParamsConfig(experiment).ok());

  const std::map<std::string, HParamValue> hparams = {
      {"lr", 0.01}, {"optimizer", "adam"}, {"batch_norm", true}};
  ASSERT_TRUE(writer->AddSessionStart(hparams, "trial-7", 1714000100.0).ok());
  ASSERT_TRUE(writer->AddSessionEnd(tensorboard::hparams::STATUS_SUCCESS, 1714000200.0).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 3u);

  const char* kTags[] = {"_hparams_/experiment", "_hparams_/session_start_info",
                         "_hparams_/session_end_info"};
  std::vector<tensorboard::hparams::HParamsPluginData> data(3);
  for (int i = 0; i < 3; ++i) {
    const auto& value = OnlyValue(events[i]);
    EXPECT_EQ(value.tag(), kTags[i]);
    EXPECT_EQ(events[i].step(), 0);
    EXPECT_EQ(value.metadata().plugin_data().plugin_name(), "hparams");
    EXPECT_EQ(value.metadata().display_name(), "");
    EXPECT_EQ(value.tensor().dtype(), tensorboard::DT_FLOAT);
    EXPECT_EQ(Dims(value.tensor()), std::vector<int64_t>{0});
    EXPECT_TRUE(value.tensor().tensor_content().empty());
    ASSERT_TRUE(data[i].ParseFromString(value.metadata().plugin_data().content()));
    EXPECT_EQ(data[i].version(), 0);
  }

  ASSERT_TRUE(data[0].has_experiment());
  tensorboard::hparams::Experiment expected = experiment;
  expected.set_time_created_secs(events[0].wall_time());  // filled from the clock
  EXPECT_TRUE(MessageDifferencer::Equals(data[0].experiment(), expected))
      << data[0].experiment().DebugString();

  ASSERT_TRUE(data[1].has_session_start_info());
  const auto& start = data[1].session_start_info();
  EXPECT_EQ(start.group_name(), "trial-7");
  EXPECT_EQ(start.start_time_secs(), 1714000100.0);
  ASSERT_EQ(start.hparams_size(), 3);
  EXPECT_EQ(start.hparams().at("lr").number_value(), 0.01);
  EXPECT_EQ(start.hparams().at("optimizer").string_value(), "adam");
  EXPECT_EQ(start.hparams().at("batch_norm").kind_case(), google::protobuf::Value::kBoolValue);
  EXPECT_TRUE(start.hparams().at("batch_norm").bool_value());

  ASSERT_TRUE(data[2].has_session_end_info());
  EXPECT_EQ(data[2].session_end_info().status(), tensorboard::hparams::STATUS_SUCCESS);
  EXPECT_EQ(data[2].session_end_info().end_time_secs(), 1714000200.0);
}

TEST(SummaryWriterTest, SessionLogStartAndRawEvents) {
  testing::TempDir dir;
  auto writer = MustCreate(dir.path(), FakeClockOptions());
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->AddSessionLogStart(40).ok());
  Event raw;
  raw.set_wall_time(12.5);
  raw.set_step(3);
  raw.mutable_tagged_run_metadata()->set_tag("step_3");
  raw.mutable_tagged_run_metadata()->set_run_metadata(std::string("\x0a\x00", 2));
  ASSERT_TRUE(writer->WriteEvent(raw).ok());
  const std::vector<Event> events = CloseAndRead(*writer);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].step(), 40);
  EXPECT_EQ(events[0].session_log().status(), tensorboard::SessionLog::START);
  EXPECT_TRUE(MessageDifferencer::Equals(events[1], raw));
}

TEST(SummaryWriterTest, FlushMakesRecordsVisibleAndCloseEndsWriting) {
  testing::TempDir dir;
  SummaryWriterOptions options = FakeClockOptions();
  options.flush_secs = 3600;
  auto writer = MustCreate(dir.path(), options);
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->AddScalar("loss", 1, 0).ok());
  ASSERT_TRUE(writer->Flush().ok());
  EXPECT_EQ(ReadEvents(writer->path()).size(), 2u);
  ASSERT_TRUE(writer->Close().ok());
  EXPECT_TRUE(writer->Close().ok());
  EXPECT_EQ(writer->AddScalar("loss", 2, 1).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(writer->Flush().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadEvents(writer->path()).size(), 2u);
}

TEST(SummaryWriterTest, SameCallsWithAFakeClockWriteIdenticalBytes) {
  testing::TempDir dir;
  std::string contents[2];
  for (std::string& content : contents) {
    auto writer = MustCreate(dir.path(), FakeClockOptions());
    ASSERT_NE(writer, nullptr);
    ASSERT_TRUE(writer->AddScalar("loss", 0.5, 1).ok());
    ASSERT_TRUE(
        writer->AddSessionStart({{"a", 1.0}, {"b", "x"}, {"c", false}, {"d", 2.0}}, "g", 1).ok());
    ASSERT_TRUE(writer->Close().ok());
    content = testing::ReadFileToString(writer->path());
  }
  EXPECT_FALSE(contents[0].empty());
  EXPECT_EQ(contents[0], contents[1]);
}

}  // namespace
}  // namespace tracker
