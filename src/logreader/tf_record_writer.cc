// TfRecordWriter. stdio does the buffering: event writers emit many small records, and one
// write(2) per record would dominate their cost.
#include "logreader/tf_record_writer.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "logreader/tf_record_format.h"

namespace tracker {

StatusOr<std::unique_ptr<TfRecordWriter>> TfRecordWriter::Open(const std::filesystem::path& path,
                                                               bool append) {
  // "e" is glibc's O_CLOEXEC: a server that spawns processes must not leak the descriptor.
  std::FILE* file = std::fopen(path.c_str(), append ? "abe" : "wbe");
  if (file == nullptr) {
    const int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kUnavailable,
                  path.string() + ": cannot open for writing: " + std::strerror(err));
  }
  return std::unique_ptr<TfRecordWriter>(new TfRecordWriter(file, path));
}

TfRecordWriter::TfRecordWriter(std::FILE* file, std::filesystem::path path)
    : file_(file), path_(std::move(path)) {}

TfRecordWriter::~TfRecordWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

Status TfRecordWriter::IoError(const char* op) const {
  return UnavailableError(path_.string() + ": cannot " + op + ": " + std::strerror(errno));
}

Status TfRecordWriter::Write(std::string_view payload) {
  using tf_record_internal::EncodeFixed32;
  using tf_record_internal::EncodeFixed64;
  if (file_ == nullptr) return FailedPreconditionError(path_.string() + ": writer is closed");
  if (payload.size() > kMaxRecordLength) {
    return InvalidArgumentError(path_.string() + ": record of " + std::to_string(payload.size()) +
                                " bytes exceeds the limit of " + std::to_string(kMaxRecordLength));
  }
  // Same bytes as AppendRecord, without building a copy of the payload.
  char header[kRecordHeaderSize];
  EncodeFixed64(header, payload.size());
  EncodeFixed32(header + 8, crc32c::Mask(crc32c::Value(header, 8)));
  char footer[kRecordFooterSize];
  EncodeFixed32(footer, crc32c::Mask(crc32c::Value(payload.data(), payload.size())));
  if (std::fwrite(header, 1, sizeof(header), file_) != sizeof(header) ||
      std::fwrite(payload.data(), 1, payload.size(), file_) != payload.size() ||
      std::fwrite(footer, 1, sizeof(footer), file_) != sizeof(footer)) {
    return IoError("write");
  }
  bytes_written_ += sizeof(header) + payload.size() + sizeof(footer);
  return OkStatus();
}

Status TfRecordWriter::Flush() {
  if (file_ == nullptr) return FailedPreconditionError(path_.string() + ": writer is closed");
  if (std::fflush(file_) != 0) return IoError("flush");
  return OkStatus();
}

Status TfRecordWriter::Close() {
  if (file_ == nullptr) return OkStatus();
  std::FILE* file = std::exchange(file_, nullptr);
  if (std::fclose(file) != 0) return IoError("close");
  return OkStatus();
}

}  // namespace tracker
