// ChunkPool: where the encoded chunks of every ScalarSeries live.
#ifndef TRACKER_LOGREADER_CHUNK_POOL_H_
#define TRACKER_LOGREADER_CHUNK_POOL_H_

#include <cstddef>
#include <cstdint>

namespace tracker::chunk_pool {

// Why not operator new: loading stores ~100 MB of chunks per 20 million points, a few hundred
// bytes at a time, all of it fresh memory. On this kind of virtual machine every first touch of
// a 4 KiB page costs ~10 µs (measured: 0.35 s per 100 MB, a fifth of a whole load), while a
// 2 MiB transparent huge page costs about as much as one 4 KiB fault. The pool carves chunks out
// of 2 MiB regions that ask the kernel for huge pages (MADV_HUGEPAGE; where THP is off they are
// ordinary pages and nothing else changes).
//
// Sizes are rounded up to 16 bytes; each rounded size has a free list, so a freed chunk (a purge
// re-encodes the last chunks of a series, a removed run frees all of its chunks) is reused by the
// next chunk of that size. Memory is not returned to the system: the footprint follows the peak
// of stored scalars, as with malloc's fragmented heap.
//
// Thread-safe: loader threads of different runs allocate concurrently (one call per sealed
// chunk of 128 points, so a mutex is cheap).

// The largest size Allocate accepts.
inline constexpr size_t kMaxBytes = 4096;

// Returns `bytes` (1..kMaxBytes) of uninitialised memory, 16-byte aligned. Throws std::bad_alloc
// when the system has no memory left, like operator new.
uint8_t* Allocate(size_t bytes);

// Gives back memory from Allocate(bytes), with the same `bytes`.
void Free(uint8_t* chunk, size_t bytes);

// What an allocation of `bytes` really takes (for memory accounting).
inline size_t RoundedSize(size_t bytes) { return (bytes + 15) & ~size_t{15}; }

}  // namespace tracker::chunk_pool

#endif  // TRACKER_LOGREADER_CHUNK_POOL_H_
