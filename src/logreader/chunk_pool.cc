#include "logreader/chunk_pool.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <new>

#include "logreader/huge_pages.h"

namespace tracker::chunk_pool {
namespace {

constexpr size_t kGranule = 16;
constexpr size_t kClasses = kMaxBytes / kGranule + 1;  // class i holds blocks of i * kGranule
constexpr size_t kRegionBytes = huge_pages::kBytes;

// A free block's first bytes link it to the next free block of its class.
struct FreeBlock {
  FreeBlock* next;
};

class Pool {
 public:
  uint8_t* Allocate(size_t bytes) {
    const size_t size = RoundedSize(bytes);
    const size_t cls = size / kGranule;
    std::lock_guard lock(mutex_);
    if (FreeBlock* block = free_[cls]; block != nullptr) {
      free_[cls] = block->next;
      return reinterpret_cast<uint8_t*>(block);
    }
    if (size > remaining_) {
      // The region's leftover is too small for this request; keep it for a smaller one.
      if (remaining_ >= kGranule) PushFree(next_, remaining_);
      next_ = huge_pages::Map(kRegionBytes);
      remaining_ = kRegionBytes;
    }
    uint8_t* block = next_;
    next_ += size;
    remaining_ -= size;
    return block;
  }

  void Free(uint8_t* chunk, size_t bytes) {
    std::lock_guard lock(mutex_);
    PushFree(chunk, RoundedSize(bytes));
  }

 private:
  void PushFree(uint8_t* block, size_t size) {
    auto* free_block = reinterpret_cast<FreeBlock*>(block);
    free_block->next = free_[size / kGranule];
    free_[size / kGranule] = free_block;
  }

  std::mutex mutex_;
  std::array<FreeBlock*, kClasses> free_{};
  uint8_t* next_ = nullptr;  // bump pointer into the current region
  size_t remaining_ = 0;
};

Pool& GlobalPool() {
  // Never destroyed: chunks may be freed by static destructors after main returns.
  static Pool* const pool = new Pool();
  return *pool;
}

}  // namespace

uint8_t* Allocate(size_t bytes) {
  if (bytes == 0 || bytes > kMaxBytes) throw std::bad_alloc();
  return GlobalPool().Allocate(bytes);
}

void Free(uint8_t* chunk, size_t bytes) {
  if (chunk != nullptr) GlobalPool().Free(chunk, bytes);
}

}  // namespace tracker::chunk_pool
