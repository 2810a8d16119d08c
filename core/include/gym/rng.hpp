// Counter-based random numbers: Philox-4x32-10 (Salmon et al., "Parallel
// random numbers: as easy as 1, 2, 3", SC'11), identical on host and device.
//
// A stream is a Philox key plus a 64-bit stream id in the upper counter words;
// the lower counter words count blocks. gym++ keys each environment's stream
// by hashing (seed, env index, purpose) and puts the episode number in the
// stream id, so every (seed, env, episode) gets its own independent stream,
// whatever the batch split or thread count.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "gym/hd.hpp"

namespace gym {

struct PhiloxBlock {
  uint32_t v[4];
};

// One Philox-4x32-10 evaluation: 128 random bits for (counter, key).
GYM_HD inline PhiloxBlock philox4x32_10(PhiloxBlock ctr, uint32_t k0, uint32_t k1) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
  constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = uint64_t{kM0} * ctr.v[0];
    const uint64_t p1 = uint64_t{kM1} * ctr.v[2];
    const uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
    const uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
    ctr = PhiloxBlock{{hi1 ^ ctr.v[1] ^ k0, lo1, hi0 ^ ctr.v[3] ^ k1, lo0}};
    k0 += kW0;
    k1 += kW1;
  }
  return ctr;
}

// Block 0 of n streams at once: out[i] is the first block of the stream
// (keys[i], streams[i]). The iterations are independent, so their ten-round
// dependency chains overlap in the pipeline instead of running one after
// the other.
inline void philox_first_blocks(const uint64_t* __restrict keys, const uint64_t* __restrict streams, int n,
                                PhiloxBlock* __restrict out) {
  for (int i = 0; i < n; ++i)
    out[i] = philox4x32_10(PhiloxBlock{{0u, 0u, uint32_t(streams[i]), uint32_t(streams[i] >> 32)}},
                           uint32_t(keys[i]), uint32_t(keys[i] >> 32));
}

// SplitMix64's finaliser: a bijective 64-bit mixer.
GYM_HD constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Hash of (seed, index, purpose) used as a Philox key. Neighbouring seeds and
// neighbouring indices give unrelated keys (unlike seed + i).
GYM_HD constexpr uint64_t stream_key(uint64_t seed, uint64_t index, uint64_t purpose = 0) {
  return mix64(mix64(mix64(seed ^ 0x6A09E667F3BCC909ull) ^ index) + 0x9E3779B97F4A7C15ull * (purpose + 1));
}

// What a stream is used for; part of the key so that uses never overlap.
enum class RngPurpose : uint64_t { kReset = 0, kActions = 1, kSpace = 2, kUser = 3 };

// The Philox key of environment `index`'s stream for `purpose`.
GYM_HD constexpr uint64_t env_key(uint64_t seed, uint64_t index, RngPurpose purpose = RngPurpose::kReset) {
  return stream_key(seed, index, uint64_t(purpose));
}

// A sequential view of one Philox stream. 48 bytes, trivially copyable.
class Rng {
 public:
  GYM_HD Rng() : Rng(0, 0) {}
  GYM_HD Rng(uint64_t key, uint64_t stream)
      : k0_(uint32_t(key)), k1_(uint32_t(key >> 32)), stream_lo_(uint32_t(stream)),
        stream_hi_(uint32_t(stream >> 32)) {}

  // The same stream with its first block already computed (see
  // philox_first_blocks): it draws exactly what Rng(key, stream) draws.
  GYM_HD Rng(uint64_t key, uint64_t stream, const PhiloxBlock& first_block) : Rng(key, stream) {
    buf_ = first_block;
    block_ = 1;
    used_ = 0;
  }

  // The stream of environment `index` for its `episode`-th reset after seeding.
  GYM_HD static Rng for_env(uint64_t seed, uint64_t index, uint64_t episode,
                            RngPurpose purpose = RngPurpose::kReset) {
    return Rng(env_key(seed, index, purpose), episode);
  }

  GYM_HD uint32_t next_u32() {
    if (used_ == 4) refill();
    return buf_.v[used_++];
  }
  GYM_HD uint64_t next_u64() {
    const uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }
  // A fresh 128-bit block, for callers that consume bits in bulk.
  GYM_HD PhiloxBlock next_block() {
    refill();
    used_ = 4;
    return buf_;
  }

  // Fills out with the words next_u32() would return, in order; whole
  // blocks are computed in one loop of independent Philox evaluations
  // (their dependency chains overlap, and the loop vectorises).
  void fill(uint32_t* __restrict out, std::size_t n) {
    std::size_t i = 0;
    while (i < n && used_ < 4) out[i++] = buf_.v[used_++];
    const std::size_t blocks = (n - i) / 4;
    const uint64_t first = block_;
    for (std::size_t k = 0; k < blocks; ++k) {
      const uint64_t b = first + k;
      const PhiloxBlock r = philox4x32_10(PhiloxBlock{{uint32_t(b), uint32_t(b >> 32), stream_lo_, stream_hi_}}, k0_, k1_);
      for (int w = 0; w < 4; ++w) out[i + 4 * k + std::size_t(w)] = r.v[w];
    }
    block_ = first + blocks;
    i += 4 * blocks;
    while (i < n) out[i++] = next_u32();
  }

  // Uniform in [0, 1) with the full mantissa: 53 bits for double, 24 for float.
  GYM_HD double next_double() { return double(next_u64() >> 11) * 0x1.0p-53; }
  GYM_HD float next_float() { return float(next_u32() >> 8) * 0x1.0p-24f; }

  // lo + (hi - lo) * u with u in [0, 1), like numpy: in [lo, hi) up to the
  // final rounding, which can give hi itself (as numpy can).
  template <class T>
  GYM_HD T uniform(T lo, T hi) {
    if constexpr (sizeof(T) == sizeof(float)) {
      return lo + (hi - lo) * T(next_float());
    } else {
      return lo + (hi - lo) * T(next_double());
    }
  }

  // Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).
  GYM_HD uint64_t below(uint64_t n) {
    if (n <= 1) return 0;
    if (n <= 0xFFFFFFFFull) {
      const uint32_t n32 = uint32_t(n);
      uint64_t m = uint64_t{next_u32()} * n32;
      if (uint32_t(m) < n32) {
        const uint32_t threshold = uint32_t(-n32) % n32;
        while (uint32_t(m) < threshold) m = uint64_t{next_u32()} * n32;
      }
      return m >> 32;
    }
    const uint64_t limit = ~uint64_t{0} - (~uint64_t{0} % n);  // reject the biased tail
    uint64_t x;
    do x = next_u64();
    while (x >= limit);
    return x % n;
  }

  // Standard normal (Box-Muller; one draw per call, the pair's twin discarded).
  GYM_HD double normal() {
    const double u1 = 1.0 - next_double();  // (0, 1]
    const double u2 = next_double();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Exponential with rate 1.
  GYM_HD double exponential() { return -std::log(1.0 - next_double()); }

 private:
  GYM_HD void refill() {
    buf_ = philox4x32_10(PhiloxBlock{{uint32_t(block_), uint32_t(block_ >> 32), stream_lo_, stream_hi_}}, k0_, k1_);
    ++block_;
    used_ = 0;
  }

  uint32_t k0_, k1_, stream_lo_, stream_hi_;
  uint64_t block_ = 0;
  PhiloxBlock buf_{};
  uint32_t used_ = 4;
};

}  // namespace gym
