// record_fuzzer: libFuzzer harness for the TFRecord framing (ParseRecord) and TfRecordReader.
//
// For each input it
//   1. walks the input with ParseRecord, checking the invariants of every result;
//   2. puts the input in an in-memory file and drains a TfRecordReader over it, once whole and
//      once growing (half the bytes, then the rest) with a small chunk size, checking that the
//      reader reports exactly what the walk found.
// Every intact payload goes to CheckPayload: the place to add decoders of what records contain
// (events, summaries) as they are written.
//
// Build: CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DTRACKER_FUZZ=ON
//            -DTRACKER_BUILD_TESTS=OFF -DTRACKER_BUILD_BENCH=OFF
//        (add -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link to give libFuzzer coverage of the
//        library code too, not only of this file and the inline ParseRecord)
// Run:   build-fuzz/record_fuzzer -max_total_time=60 CORPUS_DIR
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/stubs/logging.h>

#include "logreader/event_decoder.h"
#include "logreader/run_data.h"
#include "logreader/samples_per_plugin.h"
#include "logreader/tf_record_format.h"
#include "logreader/tf_record_reader.h"
#include "tensorboard/event.pb.h"

namespace tracker {
namespace {

// Aborts, which libFuzzer records as a crash with its input, when an invariant does not hold.
#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

// Called with every payload whose CRCs matched, and with the raw input itself (random bytes
// rarely carry valid CRCs, so that is how event decoding gets fuzzed in depth). The fast path
// must agree with the generated parser on whatever it accepts, and the run accumulator must
// take any event without crashing.
void CheckPayload(std::string_view payload) {
  static const SamplesPerPlugin* samples = new SamplesPerPlugin(*SamplesPerPlugin::Parse(""));
  RunData run(samples);
  FastScalarEvent fast;
  tensorboard::Event event;
  const bool parsed = event.ParseFromArray(payload.data(), static_cast<int>(payload.size()));
  if (DecodeFastScalarEvent(payload, &fast)) {
    if (parsed) {
      FUZZ_CHECK(event.step() == fast.step);
      FUZZ_CHECK(event.summary().value_size() == static_cast<int>(fast.num_values));
      for (size_t i = 0; i < fast.num_values; ++i) {
        FUZZ_CHECK(event.summary().value(static_cast<int>(i)).tag() == fast.values[i].tag);
      }
    }
    run.AddFastScalarEvent(fast);
    run.AddFastScalarEvent(fast);
  }
  if (parsed) {
    run.AddEvent(event);
    run.AddEvent(std::move(event));
  }
  for (const auto& [name, tag] : run.tags()) {
    if (auto range = tag->StepRange()) FUZZ_CHECK(range->first <= range->second);
  }
}

// What ParseRecord finds walking the input from offset 0, in the reader's terms.
struct Outcome {
  std::vector<uint64_t> record_offsets;
  std::vector<uint64_t> skipped_offsets;
  uint64_t end = 0;   // where reading stopped: a record boundary
  bool dead = false;  // stopped on a broken length rather than for lack of bytes
};

bool operator==(const Outcome& a, const Outcome& b) {
  return a.record_offsets == b.record_offsets && a.skipped_offsets == b.skipped_offsets &&
         a.end == b.end && a.dead == b.dead;
}

Outcome WalkRecords(std::string_view data) {
  Outcome out;
  size_t pos = 0;
  while (true) {
    const std::string_view rest = data.substr(pos);
    const ParsedRecord r = ParseRecord(rest);
    switch (r.result) {
      case RecordParse::kRecord: {
        FUZZ_CHECK(r.consumed == kRecordHeaderSize + r.length + kRecordFooterSize);
        FUZZ_CHECK(r.consumed <= rest.size());
        FUZZ_CHECK(r.payload.data() == rest.data() + kRecordHeaderSize);
        FUZZ_CHECK(r.payload.size() == r.length);
        // Framing the payload again gives back exactly the bytes parsed.
        std::string reframed;
        AppendRecord(&reframed, r.payload);
        FUZZ_CHECK(reframed == rest.substr(0, r.consumed));
        CheckPayload(r.payload);
        out.record_offsets.push_back(pos);
        pos += r.consumed;
        break;
      }
      case RecordParse::kBadPayloadCrc:
        FUZZ_CHECK(r.consumed == kRecordHeaderSize + r.length + kRecordFooterSize);
        FUZZ_CHECK(r.consumed <= rest.size());
        FUZZ_CHECK(r.payload.empty());
        FUZZ_CHECK(ParseRecord(rest, /*verify_payload_crc=*/false).result == RecordParse::kRecord);
        out.skipped_offsets.push_back(pos);
        pos += r.consumed;
        break;
      case RecordParse::kNeedMore:
        FUZZ_CHECK(r.consumed == 0);
        if (rest.size() < kRecordHeaderSize) {
          FUZZ_CHECK(r.length == 0);
        } else {
          FUZZ_CHECK(r.length <= kMaxRecordLength);
          FUZZ_CHECK(kRecordHeaderSize + r.length + kRecordFooterSize > rest.size());
        }
        out.end = pos;
        return out;
      case RecordParse::kBadLengthCrc:
      case RecordParse::kTooLong:
        FUZZ_CHECK(rest.size() >= kRecordHeaderSize);
        FUZZ_CHECK(r.consumed == 0);
        FUZZ_CHECK(r.result == RecordParse::kBadLengthCrc || r.length > kMaxRecordLength);
        out.end = pos;
        out.dead = true;
        return out;
    }
  }
}

// An in-memory file the reader can open by path, reused across inputs.
class MemFile {
 public:
  MemFile() : fd_(::memfd_create("record_fuzzer", 0)) {
    FUZZ_CHECK(fd_ >= 0);
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  const std::string& path() const { return path_; }
  void Reset() { FUZZ_CHECK(::ftruncate(fd_, 0) == 0); }
  void Append(std::string_view bytes) {
    const off_t at = ::lseek(fd_, 0, SEEK_END);
    FUZZ_CHECK(at >= 0);
    FUZZ_CHECK(::pwrite(fd_, bytes.data(), bytes.size(), at) == static_cast<ssize_t>(bytes.size()));
  }

 private:
  int fd_;
  std::string path_;
};

// Drains `reader` until it waits or dies, adding what it reports to *out. Checks each payload
// against the bytes of the file.
void Drain(TfRecordReader* reader, std::string_view data, Outcome* out) {
  while (true) {
    const ReadResult r = reader->Next();
    switch (r.status) {
      case ReadStatus::kRecord:
        FUZZ_CHECK(r.offset + kRecordHeaderSize + r.payload.size() + kRecordFooterSize <=
                   data.size());
        FUZZ_CHECK(r.payload == data.substr(r.offset + kRecordHeaderSize, r.payload.size()));
        out->record_offsets.push_back(r.offset);
        break;
      case ReadStatus::kSkipped:
        FUZZ_CHECK(!r.message.empty());
        out->skipped_offsets.push_back(r.offset);
        break;
      case ReadStatus::kWaiting:
        FUZZ_CHECK(r.message.empty());  // the file is there: no I/O error expected
        FUZZ_CHECK(r.offset == reader->offset());
        FUZZ_CHECK(reader->buffer_capacity() == 0);
        out->end = reader->offset();
        return;
      case ReadStatus::kDead:
        FUZZ_CHECK(!r.message.empty());
        FUZZ_CHECK(reader->dead());
        FUZZ_CHECK(reader->Next().status == ReadStatus::kDead);
        out->end = reader->offset();
        out->dead = true;
        return;
    }
  }
}

}  // namespace
}  // namespace tracker

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace tracker;  // NOLINT
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  static google::protobuf::LogSilencer* quiet = new google::protobuf::LogSilencer();
  (void)quiet;
  CheckPayload(data);
  const Outcome expected = WalkRecords(data);

  static MemFile* file = new MemFile();  // never destroyed: libFuzzer exits without unwinding

  // The whole input at once, default chunk size.
  file->Reset();
  file->Append(data);
  {
    TfRecordReader reader(file->path());
    Outcome got;
    Drain(&reader, data, &got);
    FUZZ_CHECK(got == expected);
  }

  // The file grows: half of it, then the rest, read in small chunks chosen by the input. The
  // reader must end up reporting the same as if it had seen the whole file at once.
  file->Reset();
  const size_t split = size / 2;
  file->Append(data.substr(0, split));
  {
    TfRecordReader reader(file->path());
    reader.SetChunkSizeForTesting(1 + (size > 0 ? bytes[0] % 37 : 0));
    Outcome got;
    Drain(&reader, data, &got);
    file->Append(data.substr(split));
    if (!got.dead) Drain(&reader, data, &got);
    FUZZ_CHECK(got == expected);
  }
  return 0;
}
