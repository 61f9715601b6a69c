// FloatArray: a fixed-size array of float32 in huge-page memory.
#ifndef TRACKER_PLUGINS_FLOAT_ARRAY_H_
#define TRACKER_PLUGINS_FLOAT_ARRAY_H_

#include <cstddef>

namespace tracker::plugins {

// The decoded value columns the scalars batch route keeps (ValueCache) are 4 bytes per point of
// every series on screen, written all at once by a page's first load. In fresh 4 KiB pages that
// memory took as long to fault in as the whole first load's computing (bench: 52 against 28 ms
// per chart of 5 M points), so arrays come from 2 MiB regions that ask for transparent huge
// pages (huge_pages.h): arrays up to 1 MiB are carved out of shared regions, each unmapped when
// its last array goes; larger ones get a mapping of their own.
//
// Thread-safe (a mutex per allocation and release); not copyable or movable.
class FloatArray {
 public:
  explicit FloatArray(size_t size);  // uninitialised values
  ~FloatArray();
  FloatArray(const FloatArray&) = delete;
  FloatArray& operator=(const FloatArray&) = delete;

  float* data() { return data_; }
  const float* data() const { return data_; }
  size_t size() const { return size_; }

  struct Region;  // a shared 2 MiB region (float_array.cc)

 private:
  float* data_ = nullptr;
  size_t size_ = 0;
  Region* region_ = nullptr;  // null: the array has a mapping of its own
};

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_FLOAT_ARRAY_H_
