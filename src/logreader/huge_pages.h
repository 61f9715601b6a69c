// Anonymous memory in 2 MiB-aligned mappings that ask the kernel for transparent huge pages.
#ifndef TRACKER_LOGREADER_HUGE_PAGES_H_
#define TRACKER_LOGREADER_HUGE_PAGES_H_

#include <cstddef>
#include <cstdint>

namespace tracker::huge_pages {

// One huge page: the unit the kernel can back with a single fault. On this kind of virtual
// machine the first touch of a 4 KiB page costs ~10 µs, while a 2 MiB huge page costs about as
// much as one 4 KiB fault: for memory filled in bulk (scalar chunks, decoded value columns)
// that is the difference between a fifth of the work and nothing.
inline constexpr size_t kBytes = size_t{2} << 20;

// `bytes` rounded up to whole huge pages.
inline size_t Rounded(size_t bytes) { return (bytes + kBytes - 1) & ~(kBytes - 1); }

// A fresh, zero-filled mapping of Rounded(bytes) bytes aligned to kBytes, advised
// MADV_HUGEPAGE (advice only: where THP is off it simply uses 4 KiB pages). Throws
// std::bad_alloc when the system has no memory left.
uint8_t* Map(size_t bytes);

// Gives back a mapping from Map(bytes), with the same `bytes`.
void Unmap(uint8_t* mapping, size_t bytes);

}  // namespace tracker::huge_pages

#endif  // TRACKER_LOGREADER_HUGE_PAGES_H_
