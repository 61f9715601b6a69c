// TfRecordReader: follows one TFRecord file that may still be growing, record by record.
#ifndef TRACKER_LOGREADER_TF_RECORD_READER_H_
#define TRACKER_LOGREADER_TF_RECORD_READER_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "logreader/tf_record_format.h"

namespace tracker {

enum class ReadStatus {
  // `payload` holds the next record; both its CRCs matched.
  kRecord,
  // No complete record after offset() for now: the file ends at a record boundary or inside a
  // record that is still being written, or it could not be opened or read (then `message` says
  // why). Nothing was consumed; call Next() again later and reading resumes at offset().
  kWaiting,
  // The record at `offset` had a valid length but a bad payload CRC. It was skipped (offset()
  // is now past it) and reading goes on with the next call.
  kSkipped,
  // The framing is broken at `offset`: a bad length CRC, or a length over kMaxRecordLength.
  // Where the next record starts is unknown, so the file is over: every later Next() returns
  // kDead again with the same message.
  kDead,
};

struct ReadResult {
  ReadStatus status;
  // kRecord only: the payload, valid until the next call to Next() or the reader's destruction.
  std::string_view payload;
  // The file offset of the record this result is about (for kWaiting: offset()).
  uint64_t offset;
  // kSkipped, kDead, and kWaiting after an I/O error: a human-readable reason naming the file and
  // the offset, ready to be logged. Empty otherwise.
  std::string message;
};

// Reads the records of one file from a starting record boundary, in order. The file may grow
// between calls (a training job appending events); a partial trailing record is not an error but
// a kWaiting, and is read whole once the rest of it is there (spec §1.2). Corruption is handled
// as in spec §13: a bad payload CRC skips one record, a broken length ends the file.
//
// Resources: the reader holds an open file descriptor and a read buffer (256 KiB, more only
// while a bigger record is being read) only while it is returning records. Whenever Next()
// returns kWaiting or kDead the descriptor is closed and the buffer freed, so a logdir with
// thousands of idle files costs no descriptors and little memory; the next Next() reopens the
// file by path and reads from offset().
//
// Missing or unreadable files: an open or read failure is reported as kWaiting with a message,
// never kDead, because it may be transient (a file being rotated, a network filesystem hiccup).
// Noticing that a file was deleted for good is the caller's job (the run loader stats files).
// If the file is truncated below offset() or replaced, the reader just waits for the file to
// grow past offset() again; detecting replacement is also the caller's job.
//
// The buffer only ever holds bytes that are really in the file: a header claiming a huge (but
// allowed) length makes the reader wait until the file is that long; it never allocates for it.
//
// Not thread-safe: one thread at a time. Movable, not copyable.
class TfRecordReader {
 public:
  // Bytes asked for per read. 4 MiB loaded no faster than 256 KiB, which stays in the L2 cache
  // between the kernel's copy and the parse.
  static constexpr size_t kDefaultChunkSize = size_t{256} << 10;

  // Reads `path` from `start_offset`, which must be a record boundary (0, or an offset() of an
  // earlier reader of the same file). Does not touch the file until the first Next().
  explicit TfRecordReader(std::filesystem::path path, uint64_t start_offset = 0);
  ~TfRecordReader();

  TfRecordReader(TfRecordReader&& other) noexcept;
  TfRecordReader& operator=(TfRecordReader&& other) noexcept;
  TfRecordReader(const TfRecordReader&) = delete;
  TfRecordReader& operator=(const TfRecordReader&) = delete;

  // Returns the next record, or why there is none now. Invalidates the previous payload.
  // Costs no system call for a record already in the buffer.
  ReadResult Next();

  // The loading hot path: the next record if it is already whole in the buffer and both its
  // CRCs match, with nothing built but the view (Next() returns a ReadResult with a string per
  // record). Returns false, consuming nothing, whenever Next() must decide: the buffer is empty
  // or ends inside the record, a CRC is bad, or the file is dead. Invalidates the previous
  // payload like Next().
  bool NextBuffered(std::string_view* payload) {
    const ParsedRecord r = ParseRecord(std::string_view(buffer_.get() + begin_, end_ - begin_));
    if (r.result != RecordParse::kRecord) return false;
    begin_ += r.consumed;
    offset_ += r.consumed;
    *payload = r.payload;
    return true;
  }

  // The offset of the next unread record: always a record boundary. A later reader created with
  // this offset resumes exactly here.
  uint64_t offset() const { return offset_; }
  const std::filesystem::path& path() const { return path_; }
  // True once Next() has returned kDead.
  bool dead() const { return dead_; }
  // Bytes of read buffer currently held (0 whenever the last Next() returned kWaiting or kDead).
  size_t buffer_capacity() const { return capacity_; }

  // Sets how many bytes one read asks for (default kDefaultChunkSize), so tests and the fuzzer
  // can put chunk boundaries everywhere. Must be > 0.
  void SetChunkSizeForTesting(size_t bytes) { chunk_size_ = bytes; }

 private:
  enum class FillResult { kFilled, kShort, kError };

  // Makes sure the buffer holds at least `need` bytes from offset_ on, reading a whole chunk
  // when it can. kShort: the file does not have them (yet). kError: *error says why.
  FillResult Fill(size_t need, std::string* error);
  // Closes the file and frees the buffer; the next Fill reopens and re-reads from offset_.
  void Release();
  ReadResult Waiting(std::string message);
  ReadResult MarkDead(std::string reason);

  std::filesystem::path path_;
  uint64_t offset_;  // file offset of buffer_[begin_]
  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t begin_ = 0;  // unparsed bytes are buffer_[begin_, end_)
  size_t end_ = 0;
  size_t chunk_size_ = kDefaultChunkSize;
  bool dead_ = false;
  std::string dead_message_;
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_TF_RECORD_READER_H_
