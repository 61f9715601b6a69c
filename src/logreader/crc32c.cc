// CRC-32C, in the style of LevelDB's util/crc32c.cc: a portable slicing-by-8 table
// implementation, and the SSE4.2 crc32 instruction chosen at run time.
//
// Every record of an event file costs two CRCs (the 8 length bytes and the payload), so this is
// on the hot path of loading: the table version runs at about 1 GB/s, the instruction at more
// than ten times that.
#include "logreader/crc32c.h"

#include <array>
#include <atomic>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace tracker::crc32c {
namespace {

// The reflected Castagnoli polynomial.
constexpr uint32_t kPolynomial = 0x82f63b78u;

// kTables[0] is the classic byte-at-a-time table. kTables[k][b] is the CRC contribution of byte
// b followed by k zero bytes, which lets the portable loop fold 8 input bytes with 8 independent
// lookups instead of a chain of 8 dependent ones ("slicing-by-8").
using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables MakeTables() {
  Tables t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t crc = b;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ ((crc & 1) ? kPolynomial : 0);
    t[0][b] = crc;
  }
  for (size_t k = 1; k < 8; ++k) {
    for (uint32_t b = 0; b < 256; ++b) {
      uint32_t prev = t[k - 1][b];
      t[k][b] = (prev >> 8) ^ t[0][prev & 0xff];
    }
  }
  return t;
}

constexpr Tables kTables = MakeTables();

inline uint32_t LoadLittleEndian32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return static_cast<uint32_t>(u[0]) | (static_cast<uint32_t>(u[1]) << 8) |
         (static_cast<uint32_t>(u[2]) << 16) | (static_cast<uint32_t>(u[3]) << 24);
}

#if defined(__x86_64__)

// --- Combining CRCs computed in parallel ---------------------------------------------------------
// The crc32 instruction has a latency of 3 cycles but can start one per cycle, so one dependent
// chain runs at a third of the instruction's throughput (about 4 GB/s here, against 12 GB/s for
// three chains). Long buffers are therefore cut into three blocks whose CRCs are computed
// together and then combined: the CRC register is linear over GF(2), so the register after
// blocks A then B is Z(reg_A) ^ reg_B(from 0), where Z appends |B| zero bytes. Z is a 32x32 bit
// matrix, applied here with four 256-entry tables; the tables are built at compile time.
// (Mark Adler's technique, as in his crc32c.c and zlib's crc32_combine.)

// A GF(2) 32x32 matrix: column i is the image of bit i.
using Matrix = std::array<uint32_t, 32>;

constexpr uint32_t Times(const Matrix& m, uint32_t v) {
  uint32_t sum = 0;
  for (int i = 0; v != 0; ++i, v >>= 1) {
    if (v & 1) sum ^= m[i];
  }
  return sum;
}

constexpr Matrix Square(const Matrix& m) {
  Matrix r{};
  for (int i = 0; i < 32; ++i) r[i] = Times(m, m[i]);
  return r;
}

// The operator that feeds `bytes` zero bytes (a power of two) through a raw CRC register.
constexpr Matrix ZerosOperator(size_t bytes) {
  Matrix op{};  // one zero bit: shift right, xor the polynomial if the low bit was set
  op[0] = kPolynomial;
  for (int i = 1; i < 32; ++i) op[i] = uint32_t{1} << (i - 1);
  for (int i = 0; i < 3; ++i) op = Square(op);  // 8 zero bits
  for (size_t b = bytes; b > 1; b >>= 1) op = Square(op);
  return op;
}

using ShiftTable = std::array<std::array<uint32_t, 256>, 4>;

constexpr ShiftTable MakeShiftTable(size_t bytes) {
  const Matrix op = ZerosOperator(bytes);
  ShiftTable t{};
  for (int k = 0; k < 4; ++k) {
    for (uint32_t b = 0; b < 256; ++b) t[k][b] = Times(op, b << (8 * k));
  }
  return t;
}

inline uint32_t Shift(const ShiftTable& t, uint32_t crc) {
  return t[0][crc & 0xff] ^ t[1][(crc >> 8) & 0xff] ^ t[2][(crc >> 16) & 0xff] ^ t[3][crc >> 24];
}

// Block sizes for the three-way split (powers of two): long blocks amortise the two table
// shifts, short ones still pay off from 768 bytes on.
constexpr size_t kLongBlock = 8192;
constexpr size_t kShortBlock = 256;
constexpr ShiftTable kLongShift = MakeShiftTable(kLongBlock);
constexpr ShiftTable kShortShift = MakeShiftTable(kShortBlock);

inline uint64_t Load64(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);  // unaligned loads are fine on x86
  return word;
}

// Consumes whole groups of three kBlock-byte blocks from (*data, *n).
template <size_t kBlock>
__attribute__((target("sse4.2"), always_inline)) inline uint64_t ThreeWay(uint64_t crc0,
                                                                          const ShiftTable& shift,
                                                                          const char** data,
                                                                          size_t* n) {
  const char* p = *data;
  while (*n >= 3 * kBlock) {
    uint64_t crc1 = 0;
    uint64_t crc2 = 0;
    for (size_t i = 0; i < kBlock; i += 8) {
      crc0 = _mm_crc32_u64(crc0, Load64(p + i));
      crc1 = _mm_crc32_u64(crc1, Load64(p + kBlock + i));
      crc2 = _mm_crc32_u64(crc2, Load64(p + 2 * kBlock + i));
    }
    crc0 = Shift(shift, static_cast<uint32_t>(crc0)) ^ crc1;
    crc0 = Shift(shift, static_cast<uint32_t>(crc0)) ^ crc2;
    p += 3 * kBlock;
    *n -= 3 * kBlock;
  }
  *data = p;
  return crc0;
}

// Compiled for SSE4.2 regardless of the build's -march; only called after the CPU check below.
__attribute__((target("sse4.2"))) uint32_t ExtendSse42(uint32_t crc, const char* data, size_t n) {
  uint64_t l = ~crc;
  if (n >= 3 * kShortBlock) {
    l = ThreeWay<kLongBlock>(l, kLongShift, &data, &n);
    l = ThreeWay<kShortBlock>(l, kShortShift, &data, &n);
  }
  while (n >= 8) {
    l = _mm_crc32_u64(l, Load64(data));
    data += 8;
    n -= 8;
  }
  auto l32 = static_cast<uint32_t>(l);
  if (n >= 4) {
    uint32_t word;
    std::memcpy(&word, data, 4);
    l32 = _mm_crc32_u32(l32, word);
    data += 4;
    n -= 4;
  }
  if (n >= 2) {
    uint16_t word;
    std::memcpy(&word, data, 2);
    l32 = _mm_crc32_u16(l32, word);
    data += 2;
    n -= 2;
  }
  if (n > 0) l32 = _mm_crc32_u8(l32, static_cast<uint8_t>(*data));
  return ~l32;
}

bool DetectSse42() {
  __builtin_cpu_init();  // needed if we run before libgcc's own initializer
  return __builtin_cpu_supports("sse4.2");
}

#endif  // defined(__x86_64__)

}  // namespace

uint32_t ExtendPortable(uint32_t crc, const char* data, size_t n) {
  const Tables& t = kTables;
  uint32_t l = ~crc;
  while (n >= 8) {
    uint32_t lo = LoadLittleEndian32(data) ^ l;
    uint32_t hi = LoadLittleEndian32(data + 4);
    l = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
        t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
    data += 8;
    n -= 8;
  }
  while (n > 0) {
    l = t[0][(l ^ static_cast<uint8_t>(*data)) & 0xff] ^ (l >> 8);
    ++data;
    --n;
  }
  return ~l;
}

bool HardwareAccelerated() {
#if defined(__x86_64__)
  // A function-local static rather than a namespace-scope one, so that a static initializer
  // elsewhere that computes a CRC cannot see it before it is set.
  static const bool kHardware = DetectSse42();
  return kHardware;
#else
  return false;
#endif
}

namespace {

using ExtendFn = uint32_t (*)(uint32_t, const char*, size_t);

uint32_t ExtendFirstCall(uint32_t crc, const char* data, size_t n);

// Extend is called twice per record, so it dispatches through one pointer load and a tail jump
// instead of testing the CPU each time. The pointer is constant-initialized to a resolver, so it
// is valid even during static initialization; racing first calls store the same value.
std::atomic<ExtendFn> g_extend{&ExtendFirstCall};

uint32_t ExtendFirstCall(uint32_t crc, const char* data, size_t n) {
  ExtendFn chosen = &ExtendPortable;
#if defined(__x86_64__)
  if (HardwareAccelerated()) chosen = &ExtendSse42;
#endif
  g_extend.store(chosen, std::memory_order_relaxed);
  return chosen(crc, data, n);
}

}  // namespace

uint32_t Extend(uint32_t crc, const char* data, size_t n) {
  return g_extend.load(std::memory_order_relaxed)(crc, data, n);
}

}  // namespace tracker::crc32c
