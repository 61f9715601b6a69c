// Tests for tf_record_format, TfRecordReader and TfRecordWriter, in the manner of LevelDB's
// log_test: build files byte by byte, mutate them, and assert whether the reader reads, skips,
// stops the file, or waits.
#include "logreader/tf_record_reader.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "logreader/crc32c.h"
#include "logreader/tf_record_format.h"
#include "logreader/tf_record_writer.h"
#include "testing/temp_dir.h"

namespace tracker {
namespace {

using ::tracker::testing::ReadFileToString;
using ::tracker::testing::TempDir;

// A framed file and where each of its records starts; offsets.back() is the file size.
struct Framed {
  std::string bytes;
  std::vector<uint64_t> offsets;
};

Framed Frame(const std::vector<std::string>& payloads) {
  Framed f;
  for (const std::string& p : payloads) {
    f.offsets.push_back(f.bytes.size());
    AppendRecord(&f.bytes, p);
  }
  f.offsets.push_back(f.bytes.size());
  return f;
}

std::string RandomString(std::mt19937* rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>((*rng)());
  return s;
}

std::vector<std::string> RandomPayloads(std::mt19937* rng, size_t count, size_t max_len) {
  std::vector<std::string> payloads;
  for (size_t i = 0; i < count; ++i) {
    payloads.push_back(RandomString(rng, std::uniform_int_distribution<size_t>(0, max_len)(*rng)));
  }
  return payloads;
}

// Some payloads of sizes around the 8-byte CRC step and the 12-byte header, including empty.
std::vector<std::string> SmallPayloads() {
  return {"",
          "a",
          "hello",
          std::string(8, 'x'),
          std::string(12, 'y'),
          std::string(17, 'z'),
          "the quick brown fox jumps over the lazy dog"};
}

// Everything a reader returned until it stopped (kWaiting or kDead).
struct Drained {
  std::vector<std::string> payloads;
  std::vector<uint64_t> record_offsets;
  std::vector<uint64_t> skipped_offsets;
  std::vector<std::string> skipped_messages;
  ReadResult last;
};

Drained Drain(TfRecordReader* reader) {
  Drained d;
  for (int guard = 0; guard < 10'000'000; ++guard) {
    ReadResult r = reader->Next();
    switch (r.status) {
      case ReadStatus::kRecord:
        d.payloads.emplace_back(r.payload);
        d.record_offsets.push_back(r.offset);
        break;
      case ReadStatus::kSkipped:
        d.skipped_offsets.push_back(r.offset);
        d.skipped_messages.push_back(r.message);
        break;
      case ReadStatus::kWaiting:
      case ReadStatus::kDead:
        d.last = std::move(r);
        return d;
    }
  }
  ADD_FAILURE() << "reader never stopped";
  return d;
}

size_t OpenDescriptorCount() {
  size_t n = 0;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    while (::readdir(dir) != nullptr) ++n;
    ::closedir(dir);
  }
  return n;
}

std::string Header(uint64_t length) {
  char h[kRecordHeaderSize];
  tf_record_internal::EncodeFixed64(h, length);
  tf_record_internal::EncodeFixed32(h + 8, crc32c::Mask(crc32c::Value(h, 8)));
  return std::string(h, sizeof(h));
}

class TfRecordReaderTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(std::string_view bytes) { return dir_.WriteFile(kName, bytes); }
  std::filesystem::path Append(std::string_view bytes) { return dir_.AppendFile(kName, bytes); }
  std::filesystem::path file() const { return dir_.path() / kName; }

  static constexpr const char* kName = "events.out.tfevents.1.test";
  TempDir dir_;
};

// --- ParseRecord ---------------------------------------------------------------------------------

TEST(ParseRecordTest, ParsesOneRecordAndReportsItsSize) {
  std::string bytes;
  AppendRecord(&bytes, "payload");
  bytes += "trailing";
  ParsedRecord r = ParseRecord(bytes);
  EXPECT_EQ(r.result, RecordParse::kRecord);
  EXPECT_EQ(r.payload, "payload");
  EXPECT_EQ(r.length, 7u);
  EXPECT_EQ(r.consumed, kRecordHeaderSize + 7 + kRecordFooterSize);
  EXPECT_EQ(r.payload.data(), bytes.data() + kRecordHeaderSize);  // a view, not a copy
}

TEST(ParseRecordTest, NeedsMoreUntilTheLastByte) {
  std::string bytes;
  AppendRecord(&bytes, "abcdef");
  for (size_t n = 0; n < bytes.size(); ++n) {
    ParsedRecord r = ParseRecord(std::string_view(bytes).substr(0, n));
    EXPECT_EQ(r.result, RecordParse::kNeedMore) << n;
    EXPECT_EQ(r.consumed, 0u);
    // Once the header is there, the length says how much is needed.
    EXPECT_EQ(r.length, n < kRecordHeaderSize ? 0u : 6u) << n;
  }
  EXPECT_EQ(ParseRecord(bytes).result, RecordParse::kRecord);
}

TEST(ParseRecordTest, ClassifiesCorruption) {
  std::string good;
  AppendRecord(&good, "abcdef");

  std::string bad_length = good;
  bad_length[0] ^= 1;
  EXPECT_EQ(ParseRecord(bad_length).result, RecordParse::kBadLengthCrc);
  // Detected from the header alone, before the claimed payload is there.
  EXPECT_EQ(ParseRecord(std::string_view(bad_length).substr(0, kRecordHeaderSize)).result,
            RecordParse::kBadLengthCrc);

  std::string bad_payload = good;
  bad_payload[kRecordHeaderSize + 2] ^= 1;
  ParsedRecord r = ParseRecord(bad_payload);
  EXPECT_EQ(r.result, RecordParse::kBadPayloadCrc);
  EXPECT_EQ(r.consumed, good.size());
  EXPECT_TRUE(r.payload.empty());
  // Without payload verification the same bytes are a record.
  EXPECT_EQ(ParseRecord(bad_payload, /*verify_payload_crc=*/false).result, RecordParse::kRecord);

  std::string too_long = Header(kMaxRecordLength + 1);
  r = ParseRecord(too_long);
  EXPECT_EQ(r.result, RecordParse::kTooLong);
  EXPECT_EQ(r.length, kMaxRecordLength + 1);
  EXPECT_EQ(ParseRecord(Header(kMaxRecordLength)).result, RecordParse::kNeedMore);
}

TEST(ParseRecordTest, MatchesTheSpecFraming) {
  // Hand-assembled per spec §1.1: little-endian length, masked CRCs.
  std::string bytes;
  AppendRecord(&bytes, "hi");
  ASSERT_EQ(bytes.size(), 18u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x02\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(tf_record_internal::DecodeFixed32(bytes.data() + 8),
            crc32c::Mask(crc32c::Value(bytes.data(), 8)));
  EXPECT_EQ(tf_record_internal::DecodeFixed32(bytes.data() + 14),
            crc32c::Mask(crc32c::Value("hi", 2)));
}

// --- Writer --------------------------------------------------------------------------------------

TEST_F(TfRecordReaderTest, WriterProducesAppendRecordBytes) {
  const std::vector<std::string> payloads = SmallPayloads();
  auto writer = TfRecordWriter::Open(file());
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (const std::string& p : payloads) ASSERT_TRUE((*writer)->Write(p).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  const Framed expected = Frame(payloads);
  EXPECT_EQ(ReadFileToString(file()), expected.bytes);
  EXPECT_EQ((*writer)->bytes_written(), expected.bytes.size());
  EXPECT_EQ((*writer)->Write("x").code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE((*writer)->Close().ok());  // second Close is a no-op
}

TEST_F(TfRecordReaderTest, WriterAppends) {
  {
    auto writer = TfRecordWriter::Open(file());
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Write("one").ok());
  }  // the destructor closes
  auto writer = TfRecordWriter::Open(file(), /*append=*/true);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Write("two").ok());
  EXPECT_EQ((*writer)->bytes_written(), Frame({"two"}).bytes.size());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ(ReadFileToString(file()), Frame({"one", "two"}).bytes);
}

TEST_F(TfRecordReaderTest, WriterOpenFailureNamesThePath) {
  auto writer = TfRecordWriter::Open(dir_.path() / "no" / "such" / "dir" / "f");
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("no/such/dir"), std::string::npos);
}

// --- Reading intact files ------------------------------------------------------------------------

TEST_F(TfRecordReaderTest, RoundTripWithWriter) {
  std::mt19937 rng(1);
  std::vector<std::string> payloads = SmallPayloads();
  for (const std::string& p : RandomPayloads(&rng, 200, 3000)) payloads.push_back(p);
  auto writer = TfRecordWriter::Open(file());
  ASSERT_TRUE(writer.ok());
  for (const std::string& p : payloads) ASSERT_TRUE((*writer)->Write(p).ok());
  ASSERT_TRUE((*writer)->Flush().ok());

  TfRecordReader reader(file());
  Drained d = Drain(&reader);
  EXPECT_EQ(d.payloads, payloads);
  const Framed f = Frame(payloads);
  EXPECT_EQ(d.record_offsets, std::vector<uint64_t>(f.offsets.begin(), f.offsets.end() - 1));
  EXPECT_TRUE(d.skipped_offsets.empty());
  EXPECT_EQ(d.last.status, ReadStatus::kWaiting);
  EXPECT_EQ(d.last.message, "");
  EXPECT_EQ(reader.offset(), (*writer)->bytes_written());
  EXPECT_EQ(reader.path(), file());
  EXPECT_FALSE(reader.dead());
}

TEST_F(TfRecordReaderTest, EmptyFileWaits) {
  Write("");
  TfRecordReader reader(file());
  for (int i = 0; i < 3; ++i) {
    ReadResult r = reader.Next();
    EXPECT_EQ(r.status, ReadStatus::kWaiting);
    EXPECT_EQ(r.offset, 0u);
    EXPECT_EQ(r.message, "");
  }
  EXPECT_EQ(reader.offset(), 0u);
}

TEST_F(TfRecordReaderTest, EofAtRecordBoundaryWaitsAndResumes) {
  Write(Frame({"a", "b"}).bytes);
  TfRecordReader reader(file());
  Drained d = Drain(&reader);
  EXPECT_EQ(d.payloads, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.last.status, ReadStatus::kWaiting);
  EXPECT_EQ(reader.Next().status, ReadStatus::kWaiting);  // still nothing
  Append(Frame({"c"}).bytes);
  d = Drain(&reader);
  EXPECT_EQ(d.payloads, std::vector<std::string>{"c"});
  EXPECT_EQ(d.last.status, ReadStatus::kWaiting);
}

TEST_F(TfRecordReaderTest, StartsAtAGivenOffset) {
  const Framed f = Frame({"zero", "one", "two", "three"});
  Write(f.bytes);
  TfRecordReader reader(file(), f.offsets[2]);
  Drained d = Drain(&reader);
  EXPECT_EQ(d.payloads, (std::vector<std::string>{"two", "three"}));
  EXPECT_EQ(d.record_offsets, (std::vector<uint64_t>{f.offsets[2], f.offsets[3]}));
}

TEST_F(TfRecordReaderTest, OffsetResumesInAFreshReader) {
  const Framed f = Frame({"zero", "one", "two"});
  Write(f.bytes);
  TfRecordReader first(file());
  ASSERT_EQ(first.Next().payload, "zero");
  TfRecordReader second(file(), first.offset());
  EXPECT_EQ(Drain(&second).payloads, (std::vector<std::string>{"one", "two"}));
}

TEST_F(TfRecordReaderTest, MovedReaderContinues) {
  Write(Frame({"zero", "one", "two"}).bytes);
  TfRecordReader reader(file());
  reader.SetChunkSizeForTesting(20);
  ASSERT_EQ(reader.Next().payload, "zero");
  TfRecordReader moved(std::move(reader));
  EXPECT_EQ(moved.Next().payload, "one");
  TfRecordReader assigned(file());
  assigned = std::move(moved);
  EXPECT_EQ(Drain(&assigned).payloads, std::vector<std::string>{"two"});
}

TEST_F(TfRecordReaderTest, MissingFileWaitsWithAMessageAndIsRetried) {
  TfRecordReader reader(file());
  ReadResult r = reader.Next();
  EXPECT_EQ(r.status, ReadStatus::kWaiting);
  EXPECT_NE(r.message.find(file().string()), std::string::npos) << r.message;
  EXPECT_FALSE(reader.dead());
  Write(Frame({"late"}).bytes);
  EXPECT_EQ(Drain(&reader).payloads, std::vector<std::string>{"late"});
}

TEST_F(TfRecordReaderTest, HoldsNoDescriptorOrBufferWhileWaiting) {
  Write(Frame({"a", "b", "c"}).bytes);
  const size_t before = OpenDescriptorCount();
  TfRecordReader reader(file());
  ASSERT_EQ(reader.Next().status, ReadStatus::kRecord);
  EXPECT_EQ(OpenDescriptorCount(), before + 1);  // open while records are being returned
  EXPECT_GT(reader.buffer_capacity(), 0u);
  EXPECT_EQ(Drain(&reader).last.status, ReadStatus::kWaiting);
  EXPECT_EQ(OpenDescriptorCount(), before);
  EXPECT_EQ(reader.buffer_capacity(), 0u);
}

TEST_F(TfRecordReaderTest, BufferNeverExceedsTheFile) {
  Write(Frame({"small"}).bytes);
  TfRecordReader reader(file());
  ASSERT_EQ(reader.Next().status, ReadStatus::kRecord);
  EXPECT_LE(reader.buffer_capacity(), Frame({"small"}).bytes.size());
}

// --- Truncation and growth -----------------------------------------------------------------------

TEST_F(TfRecordReaderTest, FileCutAtEveryOffsetWaitsAfterTheWholeRecords) {
  const std::vector<std::string> payloads = SmallPayloads();
  const Framed f = Frame(payloads);
  for (size_t chunk : {size_t{1}, size_t{13}, TfRecordReader::kDefaultChunkSize}) {
    for (size_t cut = 0; cut <= f.bytes.size(); ++cut) {
      SCOPED_TRACE("chunk=" + std::to_string(chunk) + " cut=" + std::to_string(cut));
      Write(std::string_view(f.bytes).substr(0, cut));
      TfRecordReader reader(file());
      reader.SetChunkSizeForTesting(chunk);
      Drained d = Drain(&reader);
      size_t whole = 0;
      while (whole < payloads.size() && f.offsets[whole + 1] <= cut) ++whole;
      ASSERT_EQ(d.last.status, ReadStatus::kWaiting) << d.last.message;
      EXPECT_EQ(d.last.message, "");
      EXPECT_TRUE(d.skipped_offsets.empty());
      ASSERT_EQ(d.payloads.size(), whole);
      EXPECT_TRUE(std::equal(d.payloads.begin(), d.payloads.end(), payloads.begin()));
      EXPECT_EQ(reader.offset(), f.offsets[whole]);
      EXPECT_EQ(d.last.offset, f.offsets[whole]);

      // The rest arrives: the partial record is read whole, then the others.
      Append(std::string_view(f.bytes).substr(cut));
      Drained rest = Drain(&reader);
      EXPECT_EQ(rest.last.status, ReadStatus::kWaiting);
      EXPECT_TRUE(std::equal(rest.payloads.begin(), rest.payloads.end(), payloads.begin() + whole,
                             payloads.end()));
      EXPECT_EQ(rest.payloads.size(), payloads.size() - whole);
      EXPECT_EQ(reader.offset(), f.bytes.size());
    }
  }
}

TEST_F(TfRecordReaderTest, GrowingFileHalfARecordThenTheRest) {
  std::string record;
  AppendRecord(&record, "a payload that arrives in two writes");
  Write(Frame({"first"}).bytes);
  Append(record.substr(0, record.size() / 2));
  TfRecordReader reader(file());
  ASSERT_EQ(reader.Next().payload, "first");
  const uint64_t boundary = reader.offset();
  ReadResult r = reader.Next();
  EXPECT_EQ(r.status, ReadStatus::kWaiting);
  EXPECT_EQ(reader.offset(), boundary);
  Append(record.substr(record.size() / 2));
  r = reader.Next();
  ASSERT_EQ(r.status, ReadStatus::kRecord);
  EXPECT_EQ(r.payload, "a payload that arrives in two writes");
  EXPECT_EQ(r.offset, boundary);
  EXPECT_EQ(reader.Next().status, ReadStatus::kWaiting);
}

TEST_F(TfRecordReaderTest, GrowingFileByteByByteWithTheWriter) {
  // A writer flushing each record while the reader polls, then a record dribbled in byte by byte.
  auto writer = TfRecordWriter::Open(file());
  ASSERT_TRUE(writer.ok());
  TfRecordReader reader(file());
  for (int i = 0; i < 20; ++i) {
    const std::string p = "event " + std::to_string(i);
    ASSERT_TRUE((*writer)->Write(p).ok());
    EXPECT_EQ(reader.Next().status, ReadStatus::kWaiting);  // still in the writer's buffer
    ASSERT_TRUE((*writer)->Flush().ok());
    ReadResult r = reader.Next();
    ASSERT_EQ(r.status, ReadStatus::kRecord);
    EXPECT_EQ(r.payload, p);
    EXPECT_EQ(reader.Next().status, ReadStatus::kWaiting);
  }
  ASSERT_TRUE((*writer)->Close().ok());
  const std::string record = Frame({"dribbled"}).bytes;
  for (size_t i = 0; i + 1 < record.size(); ++i) {
    Append(record.substr(i, 1));
    ASSERT_EQ(reader.Next().status, ReadStatus::kWaiting) << i;
  }
  Append(record.substr(record.size() - 1));
  EXPECT_EQ(reader.Next().payload, "dribbled");
}

// --- Chunking ------------------------------------------------------------------------------------

TEST_F(TfRecordReaderTest, RecordsBiggerThanTheChunk) {
  std::mt19937 rng(2);
  const std::vector<std::string> payloads = {RandomString(&rng, 1000), "small",
                                             RandomString(&rng, 5000), "", "x"};
  Write(Frame(payloads).bytes);
  TfRecordReader reader(file());
  reader.SetChunkSizeForTesting(64);
  EXPECT_EQ(Drain(&reader).payloads, payloads);
}

TEST_F(TfRecordReaderTest, RecordBiggerThanTheDefaultChunkThenShrinksBack) {
  std::mt19937 rng(3);
  std::vector<std::string> payloads = {"before", RandomString(&rng, 9 << 20)};
  for (int i = 0; i < 1000; ++i) payloads.push_back("after " + std::to_string(i));
  Write(Frame(payloads).bytes);
  TfRecordReader reader(file());
  ASSERT_EQ(reader.Next().payload, "before");
  ReadResult big = reader.Next();
  ASSERT_EQ(big.status, ReadStatus::kRecord);
  EXPECT_EQ(big.payload, payloads[1]);
  EXPECT_GE(reader.buffer_capacity(), payloads[1].size());
  ASSERT_EQ(reader.Next().payload, "after 0");
  EXPECT_LE(reader.buffer_capacity(), TfRecordReader::kDefaultChunkSize);
  Drained d = Drain(&reader);
  EXPECT_EQ(d.payloads.size(), 999u);
  EXPECT_EQ(d.payloads.back(), "after 999");
}

TEST_F(TfRecordReaderTest, ThousandsOfRecordsAcrossChunkBoundaries) {
  std::mt19937 rng(4);
  const std::vector<std::string> payloads = RandomPayloads(&rng, 5000, 200);
  const Framed f = Frame(payloads);
  Write(f.bytes);
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{64}, size_t{4096}, size_t{65536},
                       TfRecordReader::kDefaultChunkSize}) {
    SCOPED_TRACE("chunk=" + std::to_string(chunk));
    TfRecordReader reader(file());
    reader.SetChunkSizeForTesting(chunk);
    Drained d = Drain(&reader);
    EXPECT_EQ(d.payloads, payloads);
    EXPECT_EQ(d.record_offsets, std::vector<uint64_t>(f.offsets.begin(), f.offsets.end() - 1));
    EXPECT_EQ(d.last.status, ReadStatus::kWaiting);
  }
}

// --- Corruption ----------------------------------------------------------------------------------

TEST_F(TfRecordReaderTest, CorruptLengthOrLengthCrcKillsTheFile) {
  const std::vector<std::string> payloads = {"zero", "one", "two", "three"};
  const Framed f = Frame(payloads);
  const size_t victim = 2;
  for (size_t i = 0; i < kRecordHeaderSize; ++i) {
    for (char flip : {'\x01', '\x80', '\xff'}) {
      SCOPED_TRACE("byte " + std::to_string(i) + " flip " + std::to_string(flip & 0xff));
      std::string bytes = f.bytes;
      bytes[f.offsets[victim] + i] ^= flip;
      Write(bytes);
      TfRecordReader reader(file());
      Drained d = Drain(&reader);
      EXPECT_EQ(d.payloads, (std::vector<std::string>{"zero", "one"}));
      ASSERT_EQ(d.last.status, ReadStatus::kDead);
      EXPECT_EQ(d.last.offset, f.offsets[victim]);
      EXPECT_NE(d.last.message.find(file().string()), std::string::npos) << d.last.message;
      EXPECT_NE(d.last.message.find("offset " + std::to_string(f.offsets[victim])),
                std::string::npos)
          << d.last.message;
      EXPECT_TRUE(reader.dead());
      EXPECT_EQ(reader.offset(), f.offsets[victim]);
      EXPECT_EQ(reader.buffer_capacity(), 0u);
      // Dead is final, even if the file is fixed or grows.
      Append(Frame({"more"}).bytes);
      ReadResult again = reader.Next();
      EXPECT_EQ(again.status, ReadStatus::kDead);
      EXPECT_EQ(again.message, d.last.message);
    }
  }
}

TEST_F(TfRecordReaderTest, CorruptPayloadOrPayloadCrcSkipsExactlyThatRecord) {
  const std::vector<std::string> payloads = {"zero", "one", "the victim record", "three", ""};
  const Framed f = Frame(payloads);
  const size_t victim = 2;
  const size_t first = f.offsets[victim] + kRecordHeaderSize;
  for (size_t pos = first; pos < f.offsets[victim + 1]; ++pos) {
    SCOPED_TRACE("byte " + std::to_string(pos));
    std::string bytes = f.bytes;
    bytes[pos] ^= 0x20;
    Write(bytes);
    TfRecordReader reader(file());
    reader.SetChunkSizeForTesting(16);
    Drained d = Drain(&reader);
    EXPECT_EQ(d.payloads, (std::vector<std::string>{"zero", "one", "three", ""}));
    ASSERT_EQ(d.skipped_offsets, std::vector<uint64_t>{f.offsets[victim]});
    EXPECT_NE(d.skipped_messages[0].find(file().string()), std::string::npos);
    EXPECT_NE(d.skipped_messages[0].find("offset " + std::to_string(f.offsets[victim])),
              std::string::npos)
        << d.skipped_messages[0];
    EXPECT_EQ(d.last.status, ReadStatus::kWaiting);
    EXPECT_FALSE(reader.dead());
    EXPECT_EQ(reader.offset(), f.bytes.size());
  }
}

TEST_F(TfRecordReaderTest, GarbageAfterValidRecords) {
  std::mt19937 rng(5);
  const Framed f = Frame({"a", "b"});
  // Fewer bytes than a header: could be the start of a record being written.
  Write(f.bytes + RandomString(&rng, 5));
  TfRecordReader waiting(file());
  Drained d = Drain(&waiting);
  EXPECT_EQ(d.payloads.size(), 2u);
  EXPECT_EQ(d.last.status, ReadStatus::kWaiting);
  // A whole header of garbage: its CRC does not match, the file is over.
  Write(f.bytes + RandomString(&rng, 100));
  TfRecordReader dead(file());
  d = Drain(&dead);
  EXPECT_EQ(d.payloads.size(), 2u);
  EXPECT_EQ(d.last.status, ReadStatus::kDead);
  EXPECT_EQ(d.last.offset, f.bytes.size());
}

TEST_F(TfRecordReaderTest, ImpossibleLengthWithValidCrcKillsTheFile) {
  const Framed f = Frame({"a"});
  Write(f.bytes + Header(uint64_t{1} << 40) + "some bytes");
  TfRecordReader reader(file());
  Drained d = Drain(&reader);
  EXPECT_EQ(d.payloads, std::vector<std::string>{"a"});
  ASSERT_EQ(d.last.status, ReadStatus::kDead);
  EXPECT_NE(d.last.message.find(std::to_string(uint64_t{1} << 40)), std::string::npos)
      << d.last.message;
}

TEST_F(TfRecordReaderTest, LargeClaimedLengthWaitsWithoutAllocatingIt) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "RLIMIT_AS and AddressSanitizer's shadow memory do not mix";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  GTEST_SKIP() << "RLIMIT_AS and AddressSanitizer's shadow memory do not mix";
#endif
#endif
  // A valid header claiming the largest allowed length, in a small file: the record may still be
  // being written, so the reader waits, and must not reserve the gigabyte. The check runs in a
  // child whose address space is capped below that, where such an allocation would throw.
  Write(Frame({"a"}).bytes + Header(kMaxRecordLength) + "the start of it");
  const auto read_under_limit = [this] {
    std::ifstream statm("/proc/self/statm");
    uint64_t pages = 0;
    statm >> pages;
    const rlim_t limit = pages * ::sysconf(_SC_PAGESIZE) + (rlim_t{256} << 20);
    struct rlimit rl = {limit, limit};
    if (::setrlimit(RLIMIT_AS, &rl) != 0) std::_Exit(2);
    TfRecordReader reader(file());
    if (reader.Next().payload != "a") std::_Exit(3);
    for (int i = 0; i < 3; ++i) {
      if (reader.Next().status != ReadStatus::kWaiting) std::_Exit(4);
    }
    std::_Exit(0);
  };
  EXPECT_EXIT(read_under_limit(), ::testing::ExitedWithCode(0), "");
}

// --- Randomised ----------------------------------------------------------------------------------

TEST_F(TfRecordReaderTest, RandomisedCorruptionAndTruncation) {
  std::mt19937 rng(20240501);
  for (int round = 0; round < 200; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::vector<std::string> payloads = RandomPayloads(&rng, rng() % 60, 300);
    Framed f = Frame(payloads);
    // Corrupt a payload or footer byte of some records; those, and only those, are skipped.
    std::vector<bool> corrupt(payloads.size());
    for (size_t i = 0; i < payloads.size(); ++i) {
      if (rng() % 5 != 0) continue;
      corrupt[i] = true;
      const size_t body = f.offsets[i + 1] - f.offsets[i] - kRecordHeaderSize;
      f.bytes[f.offsets[i] + kRecordHeaderSize + rng() % body] ^=
          static_cast<char>(1 + rng() % 255);
    }
    // Sometimes cut the file anywhere.
    size_t size = f.bytes.size();
    if (rng() % 2 == 0) size = rng() % (f.bytes.size() + 1);
    Write(std::string_view(f.bytes).substr(0, size));

    std::vector<std::string> want_payloads;
    std::vector<uint64_t> want_skipped;
    size_t i = 0;
    for (; i < payloads.size() && f.offsets[i + 1] <= size; ++i) {
      if (corrupt[i]) {
        want_skipped.push_back(f.offsets[i]);
      } else {
        want_payloads.push_back(payloads[i]);
      }
    }
    TfRecordReader reader(file());
    reader.SetChunkSizeForTesting(1 + rng() % 1000);
    Drained d = Drain(&reader);
    EXPECT_EQ(d.payloads, want_payloads);
    EXPECT_EQ(d.skipped_offsets, want_skipped);
    EXPECT_EQ(d.last.status, ReadStatus::kWaiting);
    EXPECT_EQ(reader.offset(), f.offsets[i]);
  }
}

}  // namespace
}  // namespace tracker
