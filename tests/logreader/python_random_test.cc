#include "logreader/python_random.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace tracker {
namespace {

// Every expected value below was printed by CPython 3.11.7's `random` module, e.g.
//   r = random.Random(seed); [r.getrandbits(32) for _ in range(5)]
//   r = random.Random(3); [r.randrange(n) for n in ns]
//   random.Random(0).sample(range(n), k)
// and for DownsampleIndices by TensorBoard's `_downsample` applied to range(n):
//   ix = random.Random(0).sample(range(n - 1), k - 1); ix.sort(); ix + [n - 1]

std::vector<uint64_t> Draw32(PythonRandom& random, int count) {
  std::vector<uint64_t> out;
  for (int i = 0; i < count; ++i) out.push_back(random.NextU32());
  return out;
}

// Sum of i * v[i]: a cheap order-sensitive fingerprint for long expected lists.
uint64_t WeightedSum(const std::vector<uint64_t>& v) {
  uint64_t sum = 0;
  for (size_t i = 0; i < v.size(); ++i) sum += i * v[i];
  return sum;
}

TEST(PythonRandomTest, SeedZeroMatchesSpec) {
  PythonRandom random(0);
  EXPECT_EQ(Draw32(random, 5), (std::vector<uint64_t>{3626764237u, 1654615998u, 3255389356u,
                                                      3823568514u, 1806341205u}));
}

TEST(PythonRandomTest, DefaultSeedIsZero) {
  PythonRandom random;
  EXPECT_EQ(random.NextU32(), 3626764237u);
}

TEST(PythonRandomTest, OtherSeeds) {
  PythonRandom one(1), answer(42), five(12345), max(4294967295u);
  EXPECT_EQ(Draw32(one, 5), (std::vector<uint64_t>{577090037u, 2444712010u, 3639700191u,
                                                   3445702192u, 3280387012u}));
  EXPECT_EQ(Draw32(answer, 5),
            (std::vector<uint64_t>{2746317213u, 478163327u, 107420369u, 3184935163u, 1181241943u}));
  EXPECT_EQ(Draw32(five, 5),
            (std::vector<uint64_t>{1789368711u, 3146859322u, 43676229u, 3522623596u, 3544234957u}));
  EXPECT_EQ(Draw32(max, 5),
            (std::vector<uint64_t>{2728839433u, 2661025012u, 872737089u, 924893097u, 2608619700u}));
}

TEST(PythonRandomTest, StreamContinuesAcrossTwists) {
  // 1000 draws cross the first regeneration of the 624-word state.
  PythonRandom random(0);
  Draw32(random, 1000);
  EXPECT_EQ(Draw32(random, 3), (std::vector<uint64_t>{126175447u, 1483675425u, 1494123482u}));
}

TEST(PythonRandomTest, GetRandBits) {
  PythonRandom random(7);
  std::vector<uint64_t> got;
  for (int k : {1, 5, 31, 32, 33, 48, 63, 64, 17, 64}) got.push_back(random.GetRandBits(k));
  EXPECT_EQ(got, (std::vector<uint64_t>{0u, 30u, 323946139u, 1695753998u, 2795742288u,
                                        231168335884083ull, 868196408185819179ull,
                                        10750541312280087032ull, 7602u, 9360537168593968532ull}));
}

TEST(PythonRandomTest, GetRandBitsZeroDrawsNothing) {
  PythonRandom random(0);
  EXPECT_EQ(random.GetRandBits(0), 0u);
  EXPECT_EQ(random.NextU32(), 3626764237u);
}

TEST(PythonRandomTest, RandBelow) {
  PythonRandom random(3);
  const std::vector<uint64_t> ns = {1,
                                    2,
                                    3,
                                    7,
                                    10,
                                    1000,
                                    1ull << 31,
                                    1ull << 32,
                                    (1ull << 32) + 1,
                                    (1ull << 40) + 3,
                                    1ull << 63,
                                    UINT64_MAX};
  std::vector<uint64_t> got;
  for (uint64_t n : ns) got.push_back(random.RandBelow(n));
  EXPECT_EQ(got, (std::vector<uint64_t>{0u, 0u, 1u, 4u, 7u, 640u, 281444313u, 2601030205u,
                                        2015337560u, 513466710252ull, 8674830585100174214ull,
                                        15429990336159368117ull}));
}

TEST(PythonRandomTest, RandintAsTheReservoirCallsIt) {
  // r.randint(0, s) for s in range(10, 40): the reservoir's draw once it is full.
  PythonRandom random(0);
  std::vector<uint64_t> got;
  for (uint64_t s = 10; s < 40; ++s) got.push_back(random.RandBelow(s + 1));
  EXPECT_EQ(got, (std::vector<uint64_t>{6, 6,  0, 4,  8,  15, 12, 9,  15, 11, 18, 6,  16, 4, 9,
                                        4, 24, 3, 19, 25, 8,  9,  19, 6,  4,  21, 30, 35, 6, 22}));
}

std::vector<uint64_t> SampleFromZero(uint64_t n, uint64_t k) {
  PythonRandom random(0);
  return random.Sample(n, k);
}

TEST(PythonRandomTest, SamplePoolMethod) {
  EXPECT_EQ(SampleFromZero(10, 3), (std::vector<uint64_t>{6, 9, 0}));
  EXPECT_EQ(SampleFromZero(10, 10), (std::vector<uint64_t>{6, 9, 0, 2, 4, 3, 5, 1, 8, 7}));
  EXPECT_EQ(SampleFromZero(21, 5), (std::vector<uint64_t>{12, 13, 1, 8, 16}));
  EXPECT_EQ(SampleFromZero(80, 6), (std::vector<uint64_t>{49, 53, 5, 33, 65, 62}));
  EXPECT_EQ(SampleFromZero(85, 6), (std::vector<uint64_t>{49, 53, 5, 33, 65, 62}));
  EXPECT_EQ(SampleFromZero(1, 1), (std::vector<uint64_t>{0}));
  EXPECT_TRUE(SampleFromZero(3, 0).empty());
  const std::vector<uint64_t> pool_250 = SampleFromZero(250, 50);
  EXPECT_EQ(pool_250,
            (std::vector<uint64_t>{216, 98,  194, 227, 107, 10,  66,  130, 124, 103, 235, 200, 212,
                                   77,  122, 91,  149, 228, 55,  129, 35,  72,  229, 193, 24,  158,
                                   204, 64,  136, 180, 207, 154, 37,  79,  25,  186, 18,  175, 84,
                                   120, 143, 215, 90,  111, 80,  156, 163, 52,  141, 239}));
}

TEST(PythonRandomTest, SampleSetMethod) {
  EXPECT_EQ(SampleFromZero(22, 5), (std::vector<uint64_t>{12, 13, 1, 8, 16}));
  EXPECT_EQ(SampleFromZero(86, 6), (std::vector<uint64_t>{49, 53, 5, 33, 65, 62}));
  EXPECT_EQ(SampleFromZero(100, 6), (std::vector<uint64_t>{49, 97, 53, 5, 33, 65}));
  EXPECT_EQ(SampleFromZero(500, 50),
            (std::vector<uint64_t>{432, 197, 388, 455, 215, 20,  132, 494, 261, 248, 207, 470, 401,
                                   424, 155, 495, 244, 183, 298, 456, 464, 111, 258, 71,  144, 386,
                                   48,  316, 409, 128, 465, 272, 361, 414, 308, 461, 75,  158, 50,
                                   373, 37,  460, 435, 350, 169, 241, 286, 51,  181, 222}));
  EXPECT_EQ(SampleFromZero(1000000, 20),
            (std::vector<uint64_t>{885440, 403958, 794772, 933488, 441001, 42450,  271493,
                                   536110, 509532, 424604, 962838, 821872, 870163, 318046,
                                   499748, 375441, 611720, 934973, 952225, 229053}));
}

TEST(PythonRandomTest, SampleSwitchesMethodExactlyAtSetsize) {
  // For k = 50, setsize = 21 + 4 ** ceil(log(150, 4)) = 277: 277 uses the pool, 278 the set.
  const std::vector<uint64_t> pool = SampleFromZero(277, 50);
  const std::vector<uint64_t> set = SampleFromZero(278, 50);
  EXPECT_EQ(std::accumulate(pool.begin(), pool.end(), uint64_t{0}), 7308u);
  EXPECT_EQ(WeightedSum(pool), 173716u);
  EXPECT_EQ(std::accumulate(set.begin(), set.end(), uint64_t{0}), 7144u);
  EXPECT_EQ(WeightedSum(set), 162779u);
  EXPECT_EQ((std::vector<uint64_t>(pool.begin(), pool.begin() + 4)),
            (std::vector<uint64_t>{197, 215, 20, 132}));
}

TEST(DownsampleIndicesTest, HistogramsFiveHundredToFiftyOne) {
  EXPECT_EQ(DownsampleIndices(500, 51),
            (std::vector<size_t>{20,  37,  48,  50,  51,  71,  75,  111, 128, 132, 144, 155, 158,
                                 169, 181, 183, 197, 207, 215, 222, 241, 244, 248, 258, 261, 272,
                                 286, 298, 308, 316, 350, 361, 373, 386, 388, 401, 409, 414, 424,
                                 432, 435, 455, 456, 460, 461, 464, 465, 470, 494, 495, 499}));
}

TEST(DownsampleIndicesTest, SmallCases) {
  EXPECT_EQ(DownsampleIndices(10, 3), (std::vector<size_t>{6, 8, 9}));
  EXPECT_EQ(DownsampleIndices(1000, 1), (std::vector<size_t>{999}));
  EXPECT_EQ(DownsampleIndices(6, 5), (std::vector<size_t>{0, 1, 3, 4, 5}));
}

TEST(DownsampleIndicesTest, KeepAllOrNothing) {
  EXPECT_EQ(DownsampleIndices(5, 5), (std::vector<size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(DownsampleIndices(3, 1000), (std::vector<size_t>{0, 1, 2}));
  EXPECT_TRUE(DownsampleIndices(5, 0).empty());
  EXPECT_TRUE(DownsampleIndices(0, 0).empty());
  EXPECT_TRUE(DownsampleIndices(0, 10).empty());
}

TEST(DownsampleIndicesTest, ScalarsTwentyThousandToThousand) {
  const std::vector<size_t> got = DownsampleIndices(20000, 1000);
  ASSERT_EQ(got.size(), 1000u);
  EXPECT_EQ(std::accumulate(got.begin(), got.end(), size_t{0}), 9789053u);
  EXPECT_EQ((std::vector<size_t>(got.begin(), got.begin() + 5)),
            (std::vector<size_t>{2, 7, 8, 37, 49}));
  EXPECT_EQ((std::vector<size_t>(got.end() - 5, got.end())),
            (std::vector<size_t>{19960, 19980, 19991, 19992, 19999}));
}

}  // namespace
}  // namespace tracker
