#include "logreader/chunk_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace tracker::chunk_pool {
namespace {

TEST(ChunkPoolTest, BlocksAreAlignedDisjointAndWritable) {
  std::vector<std::pair<uint8_t*, size_t>> blocks;
  for (size_t bytes = 1; bytes <= kMaxBytes; bytes += 37) {
    uint8_t* p = Allocate(bytes);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << bytes;
    std::memset(p, static_cast<int>(bytes & 0xff), bytes);
    blocks.emplace_back(p, bytes);
  }
  // Every block still holds its own pattern: no two overlap.
  for (const auto& [p, bytes] : blocks) {
    for (size_t i = 0; i < bytes; ++i) ASSERT_EQ(p[i], static_cast<uint8_t>(bytes & 0xff));
  }
  for (const auto& [p, bytes] : blocks) Free(p, bytes);
}

TEST(ChunkPoolTest, FreedBlockIsReusedForTheSameRoundedSize) {
  uint8_t* a = Allocate(600);
  Free(a, 600);
  // 593..608 round to the same 608 bytes, so the freed block comes back.
  uint8_t* b = Allocate(593);
  EXPECT_EQ(a, b);
  Free(b, 593);
}

TEST(ChunkPoolTest, ManyRegionsWorth) {
  // More than one 2 MiB region, so the switch to a fresh region (and the leftover of the old
  // one going to a free list) is exercised.
  std::vector<uint8_t*> blocks;
  for (int i = 0; i < 3000; ++i) {
    uint8_t* p = Allocate(kMaxBytes);
    p[0] = 1;
    p[kMaxBytes - 1] = 2;
    blocks.push_back(p);
  }
  EXPECT_EQ(std::set<uint8_t*>(blocks.begin(), blocks.end()).size(), blocks.size());
  for (uint8_t* p : blocks) Free(p, kMaxBytes);
}

TEST(ChunkPoolTest, RejectsSizesOutsideTheRange) {
  EXPECT_THROW(Allocate(0), std::bad_alloc);
  EXPECT_THROW(Allocate(kMaxBytes + 1), std::bad_alloc);
  Free(nullptr, 16);  // a no-op, like operator delete
}

TEST(ChunkPoolTest, ConcurrentAllocateAndFree) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  std::vector<std::thread> threads;
  std::vector<std::vector<uint8_t*>> kept(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &kept] {
      for (int i = 0; i < kRounds; ++i) {
        const size_t bytes = 16 + static_cast<size_t>((i * 7 + t) % 500);
        uint8_t* p = Allocate(bytes);
        std::memset(p, t, bytes);
        if (i % 3 == 0) {
          Free(p, bytes);
        } else {
          kept[t].push_back(p);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<uint8_t*> all;
  for (int t = 0; t < kThreads; ++t) {
    for (uint8_t* p : kept[t]) {
      EXPECT_EQ(p[0], t);  // nobody else wrote over a block this thread still holds
      all.insert(p);
    }
  }
  size_t total = 0;
  for (const auto& k : kept) total += k.size();
  EXPECT_EQ(all.size(), total);
}

}  // namespace
}  // namespace tracker::chunk_pool
