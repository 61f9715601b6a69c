// TfRecordWriter: appends TFRecord-framed payloads to a file (for tracker's own writer and tests).
#ifndef TRACKER_LOGREADER_TF_RECORD_WRITER_H_
#define TRACKER_LOGREADER_TF_RECORD_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

#include "status.h"

namespace tracker {

// Writes records in the framing of tf_record_format.h. Output is buffered in user space: a
// concurrent reader sees records only after Flush() or Close(). Not thread-safe. The destructor
// closes the file if Close() was not called (and drops any error).
class TfRecordWriter {
 public:
  // Creates (or truncates) `path`, or with append == true opens it for appending, creating it if
  // missing. Appending assumes the existing content ends at a record boundary. Errors name the
  // path and the reason.
  static StatusOr<std::unique_ptr<TfRecordWriter>> Open(const std::filesystem::path& path,
                                                        bool append = false);
  ~TfRecordWriter();
  TfRecordWriter(const TfRecordWriter&) = delete;
  TfRecordWriter& operator=(const TfRecordWriter&) = delete;

  // Appends one record holding `payload` (at most kMaxRecordLength bytes; longer is an
  // InvalidArgument error and nothing is written).
  Status Write(std::string_view payload);
  // Hands everything written so far to the OS (not fsync), so a reader of the file sees it.
  Status Flush();
  // Flushes and closes. Later calls to Write/Flush fail; a second Close is a no-op.
  Status Close();
  // Bytes written by this writer, framing included (content from before an append not counted).
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  TfRecordWriter(std::FILE* file, std::filesystem::path path);
  Status IoError(const char* op) const;

  std::FILE* file_;
  std::filesystem::path path_;
  uint64_t bytes_written_ = 0;
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_TF_RECORD_WRITER_H_
