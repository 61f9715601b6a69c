#include "logreader/reservoir.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace tracker {
namespace {

// Expected values come from a faithful Python copy of TensorBoard's _ReservoirBucket (reservoir.py)
// run under CPython 3.11.7:
//
//   import random
//   class Bucket:
//       def __init__(self, max_size):
//           self.items = []; self._random = random.Random(0)
//           self._max_size = max_size; self._num_items_seen = 0
//       def AddItem(self, item):
//           if len(self.items) < self._max_size or self._max_size == 0:
//               self.items.append(item)
//           else:
//               r = self._random.randint(0, self._num_items_seen)
//               if r < self._max_size:
//                   self.items.pop(r); self.items.append(item)
//               else:
//                   self.items[-1] = item
//           self._num_items_seen += 1
//       def FilterItems(self, filterFn):
//           size_before = len(self.items)
//           self.items = list(filter(filterFn, self.items))
//           size_diff = size_before - len(self.items)
//           prop_remaining = len(self.items) / float(size_before) if size_before > 0 else 0
//           self._num_items_seen = int(round(self._num_items_seen * prop_remaining))
//           return size_diff
//
// WeightedSum(v) below is Python's sum(i * x for i, x in enumerate(v)).

uint64_t WeightedSum(const std::vector<int64_t>& v) {
  uint64_t sum = 0;
  for (size_t i = 0; i < v.size(); ++i) sum += i * static_cast<uint64_t>(v[i]);
  return sum;
}

int64_t Sum(const std::vector<int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), int64_t{0});
}

Reservoir<int64_t> Filled(size_t capacity, int64_t begin, int64_t end) {
  Reservoir<int64_t> reservoir(capacity);
  for (int64_t step = begin; step < end; ++step) reservoir.Add(step);
  return reservoir;
}

TEST(ReservoirTest, TextKeepsTheSpecSteps) {
  // Spec §5.2: 15 text steps with the default capacity 10 keep exactly these steps.
  const Reservoir<int64_t> reservoir = Filled(10, 0, 15);
  EXPECT_EQ(reservoir.items(), (std::vector<int64_t>{1, 2, 3, 4, 8, 9, 10, 11, 13, 14}));
  EXPECT_EQ(reservoir.seen(), 15u);
  EXPECT_EQ(reservoir.capacity(), 10u);
}

TEST(ReservoirTest, BelowCapacityKeepsEverything) {
  const Reservoir<int64_t> reservoir = Filled(10, 0, 10);
  EXPECT_EQ(reservoir.items(), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(ReservoirTest, CapacityZeroIsUnbounded) {
  const Reservoir<int64_t> reservoir = Filled(0, 0, 10000);
  ASSERT_EQ(reservoir.size(), 10000u);
  for (int64_t i = 0; i < 10000; ++i) ASSERT_EQ(reservoir.items()[i], i);
  EXPECT_EQ(reservoir.seen(), 10000u);
}

TEST(ReservoirTest, ThousandOfFiveThousand) {
  const Reservoir<int64_t> reservoir = Filled(1000, 0, 5000);
  const std::vector<int64_t>& items = reservoir.items();
  ASSERT_EQ(items.size(), 1000u);
  EXPECT_EQ(Sum(items), 2508125);
  EXPECT_EQ(WeightedSum(items), 1661115999u);
  EXPECT_EQ(std::vector<int64_t>(items.begin(), items.begin() + 8),
            (std::vector<int64_t>{5, 18, 24, 40, 42, 45, 47, 53}));
  EXPECT_EQ(std::vector<int64_t>(items.end() - 3, items.end()),
            (std::vector<int64_t>{4991, 4997, 4999}));
  EXPECT_EQ(reservoir.seen(), 5000u);
  EXPECT_TRUE(std::is_sorted(items.begin(), items.end()));
}

TEST(ReservoirTest, NewestIsAlwaysLast) {
  Reservoir<int64_t> reservoir(7);
  for (int64_t step = 0; step < 3000; ++step) {
    reservoir.Add(step);
    ASSERT_EQ(reservoir.items().back(), step);
  }
}

TEST(ReservoirTest, PurgeThenAdd) {
  // A restart at step 3000: purge steps >= 3000, then 3000..5999 arrive again.
  Reservoir<int64_t> reservoir = Filled(1000, 0, 5000);
  EXPECT_EQ(reservoir.RemoveIf([](int64_t step) { return step >= 3000; }), 391u);
  EXPECT_EQ(reservoir.size(), 609u);
  EXPECT_EQ(reservoir.seen(), 3045u);
  for (int64_t step = 3000; step < 6000; ++step) reservoir.Add(step);
  const std::vector<int64_t>& items = reservoir.items();
  ASSERT_EQ(items.size(), 1000u);
  EXPECT_EQ(Sum(items), 3278910);
  EXPECT_EQ(WeightedSum(items), 2084000616u);
  EXPECT_EQ(std::vector<int64_t>(items.begin(), items.begin() + 5),
            (std::vector<int64_t>{5, 18, 24, 40, 42}));
  EXPECT_EQ(std::vector<int64_t>(items.end() - 3, items.end()),
            (std::vector<int64_t>{5983, 5994, 5999}));
  EXPECT_EQ(reservoir.seen(), 6045u);
}

TEST(ReservoirTest, PurgeRefillsWithoutDrawingThenSamplesAgain) {
  Reservoir<int64_t> reservoir = Filled(4, 0, 7);
  EXPECT_EQ(reservoir.items(), (std::vector<int64_t>{1, 2, 5, 6}));
  EXPECT_EQ(reservoir.RemoveIf([](int64_t step) { return step % 2 != 0; }), 2u);
  EXPECT_EQ(reservoir.items(), (std::vector<int64_t>{2, 6}));
  EXPECT_EQ(reservoir.seen(), 4u);  // round(7 * 0.5) = round(3.5) = 4
  for (int64_t step = 7; step < 12; ++step) reservoir.Add(step);
  EXPECT_EQ(reservoir.items(), (std::vector<int64_t>{2, 6, 8, 11}));
  EXPECT_EQ(reservoir.seen(), 9u);
}

TEST(ReservoirTest, SeenRoundsHalfToEven) {
  Reservoir<int64_t> five = Filled(2, 0, 5);
  EXPECT_EQ(five.items(), (std::vector<int64_t>{3, 4}));
  five.RemoveIf([](int64_t step) { return step == 4; });
  EXPECT_EQ(five.seen(), 2u);  // round(2.5) = 2

  Reservoir<int64_t> seven = Filled(2, 0, 7);
  EXPECT_EQ(seven.items(), (std::vector<int64_t>{3, 6}));
  seven.RemoveIf([](int64_t step) { return step == 6; });
  EXPECT_EQ(seven.seen(), 4u);  // round(3.5) = 4
}

TEST(ReservoirTest, PythonRoundHelper) {
  using reservoir_internal::PythonRound;
  EXPECT_EQ(PythonRound(0.5), 0u);
  EXPECT_EQ(PythonRound(1.5), 2u);
  EXPECT_EQ(PythonRound(2.5), 2u);
  EXPECT_EQ(PythonRound(3.5), 4u);
  EXPECT_EQ(PythonRound(2.4999), 2u);
  EXPECT_EQ(PythonRound(2.5001), 3u);
}

TEST(ReservoirTest, PurgeOfEmptyReservoirZeroesSeen) {
  Reservoir<int64_t> reservoir(3);
  EXPECT_EQ(reservoir.RemoveIf([](int64_t) { return true; }), 0u);
  EXPECT_EQ(reservoir.seen(), 0u);
}

TEST(ReservoirTest, RemoveNothingKeepsSeen) {
  Reservoir<int64_t> reservoir = Filled(10, 0, 100);
  const std::vector<int64_t> before = reservoir.items();
  EXPECT_EQ(reservoir.RemoveIf([](int64_t) { return false; }), 0u);
  EXPECT_EQ(reservoir.items(), before);
  EXPECT_EQ(reservoir.seen(), 100u);
}

TEST(ReservoirTest, CopiesContinueIdentically) {
  Reservoir<int64_t> original = Filled(10, 0, 50);
  Reservoir<int64_t> copy = original;
  for (int64_t step = 50; step < 200; ++step) {
    original.Add(step);
    copy.Add(step);
  }
  EXPECT_EQ(original.items(), copy.items());
  Reservoir<int64_t> assigned(1);
  assigned = copy;
  assigned.Add(200);
  copy.Add(200);
  EXPECT_EQ(assigned.items(), copy.items());
}

TEST(ReservoirTest, MoveOnlyItems) {
  Reservoir<std::unique_ptr<std::string>> reservoir(2);
  for (int i = 0; i < 10; ++i) reservoir.Add(std::make_unique<std::string>(std::to_string(i)));
  ASSERT_EQ(reservoir.size(), 2u);
  EXPECT_EQ(*reservoir.items().back(), "9");
}

}  // namespace
}  // namespace tracker
