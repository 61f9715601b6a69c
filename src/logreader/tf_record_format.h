// tf_record_format: the TFRecord framing shared by the reader, the writer and the fuzzer.
//
// A file is a concatenation of records, all integers little-endian (spec §1.1):
//
//   uint64 length | uint32 Mask(crc32c(length)) | payload[length] | uint32 Mask(crc32c(payload))
//
// ParseRecord is a pure function on a byte buffer, so the file-following logic (TfRecordReader)
// and the byte-level decisions (this file) can be tested and fuzzed separately. It is defined
// inline because it runs once per record on the loading hot path.
#ifndef TRACKER_LOGREADER_TF_RECORD_FORMAT_H_
#define TRACKER_LOGREADER_TF_RECORD_FORMAT_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "logreader/crc32c.h"

namespace tracker {

inline constexpr size_t kRecordHeaderSize = 12;  // uint64 length + uint32 masked CRC of it
inline constexpr size_t kRecordFooterSize = 4;   // uint32 masked CRC of the payload

// The longest payload we accept. A length CRC can pass by chance (1 in 2^32) or a file can be
// written with garbage by a buggy writer; a length beyond this is treated as corruption that ends
// the file rather than a promise to wait for that many bytes. 1 GiB is far beyond any real event
// (protobuf itself refuses messages of 2 GiB and more).
inline constexpr uint64_t kMaxRecordLength = uint64_t{1} << 30;

enum class RecordParse {
  kRecord,         // a whole record whose two CRCs match
  kNeedMore,       // the buffer ends inside this record: more bytes are needed to decide
  kBadLengthCrc,   // the length's CRC does not match: record boundaries are lost from here on
  kTooLong,        // the length's CRC matches but the length exceeds kMaxRecordLength
  kBadPayloadCrc,  // the length is valid but the payload's CRC does not match
};

struct ParsedRecord {
  RecordParse result;
  // kRecord: the payload, a view into the parsed buffer. Empty otherwise.
  std::string_view payload;
  // kRecord and kBadPayloadCrc: bytes taken by the whole record (header + payload + footer), so
  // the next record starts `consumed` bytes further on. 0 otherwise.
  size_t consumed;
  // The payload length from the header, whenever the header was complete and its CRC matched
  // (every result except kBadLengthCrc and a kNeedMore with fewer than kRecordHeaderSize bytes);
  // 0 otherwise. With kNeedMore it tells how many bytes the record needs in total:
  // kRecordHeaderSize + length + kRecordFooterSize.
  uint64_t length;
};

namespace tf_record_internal {

// memcpy of the native integer (one load or store on x86 and ARM), byte-swapped on big-endian
// hosts: the format is little-endian.
inline uint64_t DecodeFixed64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

inline uint32_t DecodeFixed32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

inline void EncodeFixed64(char* p, uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  std::memcpy(p, &v, sizeof(v));
}

inline void EncodeFixed32(char* p, uint32_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  std::memcpy(p, &v, sizeof(v));
}

}  // namespace tf_record_internal

// Parses the record that starts at data[0], which must be a record boundary. Never reads outside
// `data` and never allocates. The header is checked as soon as its 12 bytes are there, so a
// corrupt length is reported even when the bytes it claims are not. With verify_payload_crc ==
// false the payload CRC is not checked (the result is kRecord whenever the bytes are there).
inline ParsedRecord ParseRecord(std::string_view data, bool verify_payload_crc = true) {
  using tf_record_internal::DecodeFixed32;
  using tf_record_internal::DecodeFixed64;
  if (data.size() < kRecordHeaderSize) return {RecordParse::kNeedMore, {}, 0, 0};
  const char* p = data.data();
  const uint64_t length = DecodeFixed64(p);
  if (crc32c::Unmask(DecodeFixed32(p + 8)) != crc32c::Value(p, 8)) {
    return {RecordParse::kBadLengthCrc, {}, 0, 0};
  }
  if (length > kMaxRecordLength) return {RecordParse::kTooLong, {}, 0, length};
  // No overflow: length <= kMaxRecordLength.
  const size_t total = kRecordHeaderSize + static_cast<size_t>(length) + kRecordFooterSize;
  if (data.size() < total) return {RecordParse::kNeedMore, {}, 0, length};
  std::string_view payload(p + kRecordHeaderSize, static_cast<size_t>(length));
  if (verify_payload_crc && crc32c::Unmask(DecodeFixed32(p + kRecordHeaderSize + length)) !=
                                crc32c::Value(payload.data(), payload.size())) {
    return {RecordParse::kBadPayloadCrc, {}, total, length};
  }
  return {RecordParse::kRecord, payload, total, length};
}

// Appends one framed record holding `payload` to *out.
inline void AppendRecord(std::string* out, std::string_view payload) {
  using tf_record_internal::EncodeFixed32;
  using tf_record_internal::EncodeFixed64;
  char header[kRecordHeaderSize];
  EncodeFixed64(header, payload.size());
  EncodeFixed32(header + 8, crc32c::Mask(crc32c::Value(header, 8)));
  char footer[kRecordFooterSize];
  EncodeFixed32(footer, crc32c::Mask(crc32c::Value(payload.data(), payload.size())));
  out->append(header, sizeof(header));
  out->append(payload);
  out->append(footer, sizeof(footer));
}

}  // namespace tracker

#endif  // TRACKER_LOGREADER_TF_RECORD_FORMAT_H_
