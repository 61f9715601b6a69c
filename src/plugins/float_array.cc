#include "plugins/float_array.h"

#include <algorithm>
#include <cstdint>
#include <mutex>

#include "logreader/huge_pages.h"

namespace tracker::plugins {

struct FloatArray::Region {
  uint8_t* base;
  size_t used = 0;  // bytes handed out, from base
  size_t live = 0;  // arrays not yet released
};

namespace {

constexpr size_t kAlignment = 64;  // a cache line
constexpr size_t kSharedMaxBytes = huge_pages::kBytes / 2;

size_t ArrayBytes(size_t size) {
  return std::max(kAlignment, (size * sizeof(float) + kAlignment - 1) & ~(kAlignment - 1));
}

std::mutex& Mutex() {
  static std::mutex* const mu = new std::mutex();  // never destroyed: arrays may outlive main
  return *mu;
}

FloatArray::Region* current = nullptr;  // the region new arrays are carved from; under Mutex()

void Release(FloatArray::Region* region) {
  huge_pages::Unmap(region->base, huge_pages::kBytes);
  delete region;
}

}  // namespace

FloatArray::FloatArray(size_t size) : size_(size) {
  const size_t bytes = ArrayBytes(size);
  if (bytes > kSharedMaxBytes) {
    data_ = reinterpret_cast<float*>(huge_pages::Map(bytes));
    return;
  }
  std::lock_guard lock(Mutex());
  if (current == nullptr || current->used + bytes > huge_pages::kBytes) {
    // The full region stays mapped while some array in it lives; the last one unmaps it.
    if (current != nullptr && current->live == 0) Release(current);
    current = new Region{huge_pages::Map(huge_pages::kBytes)};
  }
  region_ = current;
  data_ = reinterpret_cast<float*>(current->base + current->used);
  current->used += bytes;
  ++current->live;
}

FloatArray::~FloatArray() {
  if (region_ == nullptr) {
    huge_pages::Unmap(reinterpret_cast<uint8_t*>(data_), ArrayBytes(size_));
    return;
  }
  std::lock_guard lock(Mutex());
  if (--region_->live > 0) return;
  if (region_ == current) {
    region_->used = 0;  // empty again: carve the next arrays from its start
  } else {
    Release(region_);
  }
}

}  // namespace tracker::plugins
