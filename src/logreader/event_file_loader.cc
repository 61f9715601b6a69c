#include "logreader/event_file_loader.h"

#include <spdlog/spdlog.h>

#include <system_error>

#include "logreader/event_decoder.h"
#include "tensorboard/event.pb.h"

namespace tracker {

namespace {
// A file full of damage should not flood the log: the count is in --inspect anyway.
constexpr int kMaxWarningsPerFile = 5;
}  // namespace

const char* FileStateName(FileState state) {
  switch (state) {
    case FileState::kOk: return "ok";
    case FileState::kWaiting: return "waiting";
    case FileState::kDead: return "dead";
  }
  return "unknown";
}

EventFileLoader::EventFileLoader(std::filesystem::path path, uint64_t start_offset)
    : reader_(std::move(path), start_offset) {}

void EventFileLoader::Warn(const std::string& message) {
  if (warnings_logged_ < kMaxWarningsPerFile) {
    spdlog::warn("{}", message);
  } else if (warnings_logged_ == kMaxWarningsPerFile) {
    spdlog::warn("{}: more damaged records; further ones are counted but not logged",
                 reader_.path().string());
  }
  ++warnings_logged_;
}

EventFileLoader::BatchResult EventFileLoader::ReadBatch(RunData* run, size_t max_records) {
  FastScalarEvent fast;
  tensorboard::Event event;
  size_t n = 0;
  for (; n < max_records; ++n) {
    std::string_view payload;
    if (!reader_.NextBuffered(&payload)) {
      ReadResult r = reader_.Next();
      switch (r.status) {
        case ReadStatus::kRecord:
          break;
        case ReadStatus::kSkipped:
          ++skipped_;
          Warn(r.message);
          continue;
        case ReadStatus::kDead:
          if (!r.message.empty() && r.message != last_wait_message_) Warn(r.message);
          last_wait_message_ = r.message;
          return {false, n};
        case ReadStatus::kWaiting:
          // An I/O problem is worth one line, not one per poll.
          if (!r.message.empty() && r.message != last_wait_message_) spdlog::warn("{}", r.message);
          last_wait_message_ = r.message;
          return {false, n};
      }
      payload = r.payload;  // still valid: the buffer is only touched by the next read
    }
    if (DecodeFastScalarEvent(payload, &fast)) {
      run->AddFastScalarEvent(fast);
      ++records_;
      continue;
    }
    event.Clear();
    if (!event.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      ++skipped_;
      // The record just consumed started its header and footer before and after the payload.
      const uint64_t at = reader_.offset() - kRecordHeaderSize - payload.size() - kRecordFooterSize;
      Warn(reader_.path().string() + ": record at offset " + std::to_string(at) +
           " is not a valid Event; skipped");
      continue;
    }
    ++records_;
    run->AddEvent(std::move(event));
  }
  return {true, n};
}

EventFileStats EventFileLoader::Stats() const {
  EventFileStats s;
  s.path = reader_.path();
  s.records = records_;
  s.skipped = skipped_;
  s.offset = reader_.offset();
  if (reader_.dead()) {
    s.state = FileState::kDead;
  } else {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(reader_.path(), ec);
    s.state = (!ec && size == reader_.offset()) ? FileState::kOk : FileState::kWaiting;
  }
  return s;
}

}  // namespace tracker
