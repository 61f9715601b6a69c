// TfRecordReader. The design follows LevelDB's log::Reader: read big blocks, parse records
// straight out of the block, hand out views. Loading ~1 GB of small events means tens of millions
// of records per second, so the per-record path is ParseRecord on the buffer and nothing else: no
// allocation, no system call, no copy.
#include "logreader/tf_record_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace tracker {
namespace {

std::string Describe(const std::filesystem::path& path, uint64_t offset, std::string_view what) {
  std::string s = path.string();
  s += " at offset ";
  s += std::to_string(offset);
  s += ": ";
  s += what;
  return s;
}

std::string ErrnoMessage(const std::filesystem::path& path, const char* op, int err) {
  std::string s = path.string();
  s += ": cannot ";
  s += op;
  s += ": ";
  s += std::strerror(err);
  return s;
}

// Buffers of the default size given back by readers, for the next reader. Loading a logdir
// reads its files one after another; without this every file gets fresh memory, and on a
// virtual machine each first touch of a page can cost ~10 µs (a new 256 KiB buffer: ~0.6 ms).
// A few are enough: one per loading thread, and idle readers hold none.
class SpareBuffers {
 public:
  static constexpr size_t kMaxKept = 8;

  std::unique_ptr<char[]> Take() {
    {
      std::lock_guard lock(mutex_);
      if (!kept_.empty()) {
        std::unique_ptr<char[]> buffer = std::move(kept_.back());
        kept_.pop_back();
        return buffer;
      }
    }
    return std::make_unique_for_overwrite<char[]>(TfRecordReader::kDefaultChunkSize);
  }

  void Give(std::unique_ptr<char[]> buffer) {
    std::lock_guard lock(mutex_);
    if (kept_.size() < kMaxKept) kept_.push_back(std::move(buffer));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<char[]>> kept_;
};

SpareBuffers& Spares() {
  static SpareBuffers* const spares = new SpareBuffers();  // never destroyed: used at exit
  return *spares;
}

// A buffer of `bytes` (no zero-filling); a spare one when it is the default size.
std::unique_ptr<char[]> NewBuffer(size_t bytes) {
  if (bytes == TfRecordReader::kDefaultChunkSize) return Spares().Take();
  return std::make_unique_for_overwrite<char[]>(bytes);
}

void DropBuffer(std::unique_ptr<char[]> buffer, size_t bytes) {
  if (buffer != nullptr && bytes == TfRecordReader::kDefaultChunkSize) {
    Spares().Give(std::move(buffer));
  }
}

}  // namespace

TfRecordReader::TfRecordReader(std::filesystem::path path, uint64_t start_offset)
    : path_(std::move(path)), offset_(start_offset) {}

TfRecordReader::~TfRecordReader() { Release(); }

TfRecordReader::TfRecordReader(TfRecordReader&& other) noexcept
    : path_(std::move(other.path_)),
      offset_(other.offset_),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      capacity_(std::exchange(other.capacity_, 0)),
      begin_(std::exchange(other.begin_, 0)),
      end_(std::exchange(other.end_, 0)),
      chunk_size_(other.chunk_size_),
      dead_(other.dead_),
      dead_message_(std::move(other.dead_message_)) {}

TfRecordReader& TfRecordReader::operator=(TfRecordReader&& other) noexcept {
  if (this != &other) {
    Release();
    path_ = std::move(other.path_);
    offset_ = other.offset_;
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
    capacity_ = std::exchange(other.capacity_, 0);
    begin_ = std::exchange(other.begin_, 0);
    end_ = std::exchange(other.end_, 0);
    chunk_size_ = other.chunk_size_;
    dead_ = other.dead_;
    dead_message_ = std::move(other.dead_message_);
  }
  return *this;
}

ReadResult TfRecordReader::Next() {
  if (dead_) return {ReadStatus::kDead, {}, offset_, dead_message_};
  while (true) {
    const ParsedRecord r = ParseRecord(std::string_view(buffer_.get() + begin_, end_ - begin_));
    switch (r.result) {
      case RecordParse::kRecord: {
        const uint64_t at = offset_;
        begin_ += r.consumed;
        offset_ += r.consumed;
        return {ReadStatus::kRecord, r.payload, at, {}};
      }
      case RecordParse::kBadPayloadCrc: {
        // The length was valid (its CRC matched), so the next record's position is known: skip
        // this one instead of stalling the whole file the way TensorBoard does (spec §13).
        const uint64_t at = offset_;
        begin_ += r.consumed;
        offset_ += r.consumed;
        std::string message = Describe(
            path_, at,
            "bad payload CRC in record of length " + std::to_string(r.length) + "; skipped");
        return {ReadStatus::kSkipped, {}, at, std::move(message)};
      }
      case RecordParse::kBadLengthCrc:
        return MarkDead("bad length CRC; record boundaries lost, file abandoned");
      case RecordParse::kTooLong:
        return MarkDead("impossible record length " + std::to_string(r.length) + " (limit " +
                        std::to_string(kMaxRecordLength) + "); file abandoned");
      case RecordParse::kNeedMore: {
        const size_t need = (end_ - begin_ < kRecordHeaderSize)
                                ? kRecordHeaderSize
                                : kRecordHeaderSize + r.length + kRecordFooterSize;
        std::string error;
        switch (Fill(need, &error)) {
          case FillResult::kFilled:
            continue;
          case FillResult::kShort:
            return Waiting({});
          case FillResult::kError:
            return Waiting(std::move(error));
        }
      }
    }
  }
}

TfRecordReader::FillResult TfRecordReader::Fill(size_t need, std::string* error) {
  if (fd_ < 0) {
    do {
      fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) {
      *error = ErrnoMessage(path_, "open", errno);
      return FillResult::kError;
    }
  }
  // One fstat per chunk tells how many bytes really exist, so that (a) a partial record at the
  // end of a file is recognised without reading it, and (b) a buffer is never sized from a length
  // field alone: a record's bytes are allocated only once they are in the file.
  struct stat st;
  if (::fstat(fd_, &st) != 0) {
    *error = ErrnoMessage(path_, "stat", errno);
    return FillResult::kError;
  }
  const uint64_t file_size = static_cast<uint64_t>(st.st_size);
  const uint64_t available = file_size > offset_ ? file_size - offset_ : 0;
  if (available < need) return FillResult::kShort;

  // Bytes from offset_ on that we want in the buffer: a whole chunk when the file has it, the
  // whole record when that is bigger.
  const size_t want =
      std::max(need, static_cast<size_t>(std::min<uint64_t>(chunk_size_, available)));
  const size_t have = end_ - begin_;
  // Reallocate to grow for a big record, or to shrink back once a big record has been read.
  if (want > capacity_ || capacity_ > std::max(want, chunk_size_)) {
    std::unique_ptr<char[]> fresh = NewBuffer(want);
    if (have > 0) std::memcpy(fresh.get(), buffer_.get() + begin_, have);
    DropBuffer(std::exchange(buffer_, std::move(fresh)), capacity_);
    capacity_ = want;
  } else if (begin_ > 0 && have > 0) {
    // The tail is less than one record: moving it is cheap next to reading a chunk.
    std::memmove(buffer_.get(), buffer_.get() + begin_, have);
  }
  begin_ = 0;
  end_ = have;

  while (end_ < need) {
    const ssize_t n =
        ::pread(fd_, buffer_.get() + end_, capacity_ - end_, static_cast<off_t>(offset_ + end_));
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = ErrnoMessage(path_, "read", errno);
      return FillResult::kError;
    }
    if (n == 0) return FillResult::kShort;  // the file shrank since fstat
    end_ += static_cast<size_t>(n);
  }
  return FillResult::kFilled;
}

void TfRecordReader::Release() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  DropBuffer(std::move(buffer_), capacity_);
  buffer_.reset();
  capacity_ = 0;
  begin_ = 0;
  end_ = 0;
}

ReadResult TfRecordReader::Waiting(std::string message) {
  // Partial bytes are dropped rather than kept: they are re-read from offset_ on the next call,
  // which costs at most one record, and an idle reader then holds no buffer at all.
  Release();
  return {ReadStatus::kWaiting, {}, offset_, std::move(message)};
}

ReadResult TfRecordReader::MarkDead(std::string reason) {
  Release();
  dead_ = true;
  dead_message_ = Describe(path_, offset_, reason);
  return {ReadStatus::kDead, {}, offset_, dead_message_};
}

}  // namespace tracker
