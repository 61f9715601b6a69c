// crc32c: the CRC-32C (Castagnoli) checksum and TFRecord's masking of it.
#ifndef TRACKER_LOGREADER_CRC32C_H_
#define TRACKER_LOGREADER_CRC32C_H_

#include <cstddef>
#include <cstdint>

namespace tracker::crc32c {

// Returns the CRC-32C of the concatenation of A and data[0, n), where `crc` is the CRC-32C of
// some byte string A (0 for the empty string). So Extend(Value(a), b) == Value(a + b).
// Uses the SSE4.2 crc32 instruction when the CPU has it, else a portable table. Any alignment.
uint32_t Extend(uint32_t crc, const char* data, size_t n);

// The portable (table-driven) implementation of Extend, whatever the CPU. Same results; exposed
// so tests can check the two implementations against each other.
uint32_t ExtendPortable(uint32_t crc, const char* data, size_t n);

// True if Extend runs on the hardware crc32 instruction.
bool HardwareAccelerated();

// Returns the CRC-32C of data[0, n).
inline uint32_t Value(const char* data, size_t n) { return Extend(0, data, n); }

inline constexpr uint32_t kMaskDelta = 0xa282ead8u;

// Returns the masked form of `crc`, as stored in TFRecord files. Masking exists because a CRC
// computed over bytes that themselves contain CRCs is weak; TensorFlow (like LevelDB) stores
// rotate-right-15 plus a constant.
inline uint32_t Mask(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kMaskDelta; }

// Inverse of Mask: Unmask(Mask(c)) == c for every c.
inline uint32_t Unmask(uint32_t masked) {
  uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

}  // namespace tracker::crc32c

#endif  // TRACKER_LOGREADER_CRC32C_H_
