// numpy's SeedSequence, PCG64 and Generator.uniform; see gym/numpy_random.hpp.
#include "gym/numpy_random.hpp"

#include <bit>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "gym/error.hpp"

namespace gym {
namespace {

// SeedSequence's hash constants (numpy/random/bit_generator.pyx).
constexpr uint32_t kInitA = 0x43b0d7e5u, kMultA = 0x931e8875u;
constexpr uint32_t kInitB = 0x8b51f9ddu, kMultB = 0x58f38dedu;
constexpr uint32_t kMixMultL = 0xca01f9ddu, kMixMultR = 0x4973f715u;
constexpr int kXShift = 16;  // half a 32-bit word
constexpr std::size_t kPoolSize = 4;

// numpy's hashmix. Its multiplier advances on every call, through the whole
// of one mixing pass, so it lives in an object rather than a function.
class HashMix {
 public:
  uint32_t operator()(uint32_t value) {
    value ^= constant_;
    constant_ *= kMultA;
    value *= constant_;
    return value ^ (value >> kXShift);
  }

 private:
  uint32_t constant_ = kInitA;
};

uint32_t mix(uint32_t x, uint32_t y) {
  const uint32_t r = kMixMultL * x - kMixMultR * y;
  return r ^ (r >> kXShift);
}

// PCG64's 128-bit arithmetic on {high, low} halves.
struct U128 {
  uint64_t hi, lo;
};

// PCG's default 128-bit LCG multiplier.
constexpr U128 kPcgMultiplier{2549297995355413924ull, 4865540595714422341ull};

#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;

u128 join(U128 x) { return (u128(x.hi) << 64) | x.lo; }
U128 split(u128 x) { return {uint64_t(x >> 64), uint64_t(x)}; }

U128 add(U128 a, U128 b) { return split(join(a) + join(b)); }
// x * a + c modulo 2^128.
U128 mul_add(U128 x, U128 a, U128 c) { return split(join(x) * join(a) + join(c)); }
#else
U128 add(U128 a, U128 b) {
  const uint64_t lo = a.lo + b.lo;
  return {a.hi + b.hi + (lo < a.lo ? 1 : 0), lo};
}
// The full product of two 64-bit words, from 32-bit partial products.
U128 mul_wide(uint64_t a, uint64_t b) {
  const uint64_t a0 = uint32_t(a), a1 = a >> 32, b0 = uint32_t(b), b1 = b >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + uint32_t(p01) + uint32_t(p10);  // < 3 * 2^32
  return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | uint32_t(p00)};
}
// x * a + c modulo 2^128: the high halves only meet the low ones.
U128 mul_add(U128 x, U128 a, U128 c) {
  U128 p = mul_wide(x.lo, a.lo);
  p.hi += x.hi * a.lo + x.lo * a.hi;
  return add(p, c);
}
#endif

}  // namespace

SeedSequence::SeedSequence(uint64_t entropy)
    : SeedSequence(entropy >> 32 ? std::vector<uint32_t>{uint32_t(entropy), uint32_t(entropy >> 32)}
                                 : std::vector<uint32_t>{uint32_t(entropy)}) {}

SeedSequence::SeedSequence(const std::vector<uint32_t>& words) {
  HashMix hash;
  for (std::size_t i = 0; i < kPoolSize; ++i) pool_[i] = hash(i < words.size() ? words[i] : 0u);
  // Every pool word into every other, so that late words reach early ones.
  for (std::size_t src = 0; src < kPoolSize; ++src)
    for (std::size_t dst = 0; dst < kPoolSize; ++dst)
      if (src != dst) pool_[dst] = mix(pool_[dst], hash(pool_[src]));
  for (std::size_t src = kPoolSize; src < words.size(); ++src)
    for (std::size_t dst = 0; dst < kPoolSize; ++dst) pool_[dst] = mix(pool_[dst], hash(words[src]));
}

std::vector<uint32_t> SeedSequence::generate_state32(std::size_t n) const {
  std::vector<uint32_t> out(n);
  uint32_t constant = kInitB;
  for (std::size_t i = 0; i < n; ++i) {
    uint32_t value = pool_[i % kPoolSize] ^ constant;
    constant *= kMultB;
    value *= constant;
    out[i] = value ^ (value >> kXShift);
  }
  return out;
}

std::vector<uint64_t> SeedSequence::generate_state64(std::size_t n) const {
  const std::vector<uint32_t> words = generate_state32(2 * n);
  std::vector<uint64_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = uint64_t{words[2 * i]} | (uint64_t{words[2 * i + 1]} << 32);
  return out;
}

// pcg64_set_seed: the first two words are the initial state, the last two the
// stream (the increment is that shifted left with its low bit set); the
// generator steps once before and once after adding the state.
Pcg64::Pcg64(const SeedSequence& seed) {
  const std::vector<uint64_t> w = seed.generate_state64(4);
  const U128 initstate{w[0], w[1]};
  const U128 inc{(w[2] << 1) | (w[3] >> 63), (w[3] << 1) | 1u};
  U128 s = mul_add(U128{0, 0}, kPcgMultiplier, inc);
  s = mul_add(add(s, initstate), kPcgMultiplier, inc);
  state_ = {s.hi, s.lo, inc.hi, inc.lo};
}

// Step, then XSL-RR: the xor of the halves rotated right by the top 6 bits.
uint64_t Pcg64::next_u64() {
  const U128 s = mul_add(U128{state_.state_hi, state_.state_lo}, kPcgMultiplier, U128{state_.inc_hi, state_.inc_lo});
  state_.state_hi = s.hi;
  state_.state_lo = s.lo;
  return std::rotr(s.hi ^ s.lo, int(s.hi >> 58));
}

NumpyRandom NumpyRandom::from_entropy() {
  std::random_device device;
  return NumpyRandom(SeedSequence(std::vector<uint32_t>{device(), device(), device(), device()}));
}

double NumpyRandom::uniform(double low, double high) {
  const double range = high - low;
  if (!std::isfinite(range))
    throw Error(fmt::format("gym::NumpyRandom::uniform: high - low = {} - ({}) is not finite", high, low));
  if (range < 0) throw Error(fmt::format("gym::NumpyRandom::uniform: high {} is below low {}", high, low));
  return low + range * random();
}

}  // namespace gym
