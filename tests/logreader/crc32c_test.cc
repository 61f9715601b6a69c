#include "logreader/crc32c.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace tracker::crc32c {
namespace {

// Runs a check against both implementations: Extend (hardware when available) and the
// portable table.
using ExtendFn = uint32_t (*)(uint32_t, const char*, size_t);
const ExtendFn kImplementations[] = {&Extend, &ExtendPortable};

uint32_t ValueWith(ExtendFn extend, const std::string& s) { return extend(0, s.data(), s.size()); }

TEST(Crc32cTest, Rfc3720KnownAnswers) {
  std::string zeros(32, '\0');
  std::string ones(32, '\xff');
  std::string ascending(32, '\0');
  std::string descending(32, '\0');
  for (int i = 0; i < 32; ++i) {
    ascending[i] = static_cast<char>(i);
    descending[i] = static_cast<char>(31 - i);
  }
  // RFC 3720 B.4: an iSCSI read command PDU.
  const unsigned char kIscsiRead[48] = {
      0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
      0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  std::string iscsi(reinterpret_cast<const char*>(kIscsiRead), sizeof(kIscsiRead));

  for (ExtendFn extend : kImplementations) {
    SCOPED_TRACE(extend == &Extend ? "Extend" : "ExtendPortable");
    EXPECT_EQ(ValueWith(extend, zeros), 0x8a9136aau);
    EXPECT_EQ(ValueWith(extend, ones), 0x62a8ab43u);
    EXPECT_EQ(ValueWith(extend, ascending), 0x46dd794eu);
    EXPECT_EQ(ValueWith(extend, descending), 0x113fdb5cu);
    EXPECT_EQ(ValueWith(extend, iscsi), 0xd9963a56u);
    EXPECT_EQ(ValueWith(extend, "123456789"), 0xe3069283u);  // the standard check value
    EXPECT_EQ(ValueWith(extend, ""), 0u);
  }
}

TEST(Crc32cTest, ValueMatchesExtendFromZero) {
  const std::string s = "hello, tracker";
  EXPECT_EQ(Value(s.data(), s.size()), Extend(0, s.data(), s.size()));
  EXPECT_NE(Value("a", 1), Value("foo", 3));
}

TEST(Crc32cTest, HardwareAndPortableAgreeOnEveryLengthAndAlignment) {
  if (!HardwareAccelerated()) GTEST_SKIP() << "no SSE4.2: Extend is the portable path";
  std::mt19937 rng(20240501);
  std::vector<char> buf(1024 + 16);
  for (char& c : buf) c = static_cast<char>(rng());
  for (size_t n = 0; n <= 1024; ++n) {
    for (size_t start = 0; start < 8; ++start) {
      const uint32_t seed = static_cast<uint32_t>(rng());
      ASSERT_EQ(Extend(seed, buf.data() + start, n), ExtendPortable(seed, buf.data() + start, n))
          << "n=" << n << " start=" << start;
    }
  }
}

// Long buffers take the three-way parallel path (from 768 bytes, and in 24 KiB groups), whose
// partial CRCs are combined with shift tables: check the block edges.
TEST(Crc32cTest, HardwareAndPortableAgreeOnLongBuffers) {
  if (!HardwareAccelerated()) GTEST_SKIP() << "no SSE4.2: Extend is the portable path";
  std::mt19937 rng(99);
  std::vector<char> buf(200'000);
  for (char& c : buf) c = static_cast<char>(rng());
  for (size_t n : {767u, 768u, 769u, 775u, 776u, 1535u, 1536u, 24'575u, 24'576u, 24'577u,
                   24'576u + 768u, 49'152u + 767u, 100'003u, 199'990u}) {
    for (size_t start : {0u, 1u, 5u}) {
      const uint32_t seed = static_cast<uint32_t>(rng());
      ASSERT_EQ(Extend(seed, buf.data() + start, n), ExtendPortable(seed, buf.data() + start, n))
          << "n=" << n << " start=" << start;
    }
  }
  // And a known answer through the long path: 32 KiB of zeros, split so that both sides agree.
  std::string zeros(32768, '\0');
  EXPECT_EQ(Value(zeros.data(), zeros.size()), ExtendPortable(0, zeros.data(), zeros.size()));
  EXPECT_EQ(Value(zeros.data(), zeros.size()),
            Extend(Value(zeros.data(), 100), zeros.data() + 100, zeros.size() - 100));
}

TEST(Crc32cTest, ExtendComposes) {
  std::mt19937 rng(7);
  std::string s(300, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  for (ExtendFn extend : kImplementations) {
    const uint32_t whole = extend(0, s.data(), s.size());
    for (size_t split = 0; split <= s.size(); split += 7) {
      const uint32_t head = extend(0, s.data(), split);
      EXPECT_EQ(extend(head, s.data() + split, s.size() - split), whole) << "split=" << split;
    }
  }
  EXPECT_EQ(Value("hello world", 11), Extend(Value("hello ", 6), "world", 5));
}

TEST(Crc32cTest, MaskIsInvertibleAndChangesTheValue) {
  const uint32_t crc = Value("foo", 3);
  EXPECT_NE(crc, Mask(crc));
  EXPECT_NE(crc, Mask(Mask(crc)));
  EXPECT_EQ(crc, Unmask(Mask(crc)));
  EXPECT_EQ(crc, Unmask(Unmask(Mask(Mask(crc)))));
  std::mt19937 rng(11);
  for (int i = 0; i < 10000; ++i) {
    const uint32_t c = static_cast<uint32_t>(rng());
    ASSERT_EQ(Unmask(Mask(c)), c);
  }
  for (uint32_t c : {0u, 1u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) EXPECT_EQ(Unmask(Mask(c)), c);
  // The exact formula, as TensorFlow writes it.
  EXPECT_EQ(Mask(0x12345678u), (((0x12345678u >> 15) | (0x12345678u << 17)) + 0xa282ead8u));
}

}  // namespace
}  // namespace tracker::crc32c
