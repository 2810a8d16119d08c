// numpy's random number pipeline, bit for bit, so that a single env seeded
// with reset(seed=s) starts where Gymnasium's does.
//
// Gymnasium (gymnasium.utils.seeding.np_random) seeds an env with
// np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed))); the
// classic-control envs then draw Generator.random() and Generator.uniform().
// This file reproduces that chain as of numpy 2.4 (numpy/random/
// bit_generator.pyx, src/pcg64/pcg64.h, _pcg64.pyx, src/distributions/
// distributions.c, _generator.pyx), checked against numpy itself by
// tests/test_numpy_random.cpp (fixture: scripts/gen_numpy_random.py).
//
// Host-only and for the single env only: a sequential stream per env cannot
// be split across threads or GPU lanes, so the vector env and GPU keep the
// counter-based Philox generator of gym/rng.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gym {

// numpy.random.SeedSequence(entropy) with the default pool size (4) and no
// spawn key.
class SeedSequence {
 public:
  // An integer entropy, split into 32-bit words least significant first, as
  // numpy does (0 is one word, 2**32 two).
  explicit SeedSequence(uint64_t entropy);
  // Entropy given as its 32-bit words: SeedSequence(np.array(words, np.uint32)).
  explicit SeedSequence(const std::vector<uint32_t>& words);

  // generate_state(n, np.uint32).
  std::vector<uint32_t> generate_state32(std::size_t n) const;
  // generate_state(n, np.uint64): pairs of 32-bit words, low word first.
  std::vector<uint64_t> generate_state64(std::size_t n) const;

 private:
  std::array<uint32_t, 4> pool_{};
};

// numpy.random.PCG64's 128-bit state, as two 64-bit halves.
struct Pcg64State {
  uint64_t state_hi, state_lo;
  uint64_t inc_hi, inc_lo;  // always odd
  friend bool operator==(const Pcg64State&, const Pcg64State&) = default;
};

// numpy.random.PCG64: a 128-bit LCG with the XSL-RR output function.
class Pcg64 {
 public:
  explicit Pcg64(const SeedSequence& seed);

  // PCG64.random_raw(): the next 64-bit output.
  uint64_t next_u64();
  // numpy's next_double: the top 53 bits of next_u64() scaled to [0, 1).
  double next_double() { return double(next_u64() >> 11) * 0x1.0p-53; }

  // PCG64.state["state"]["state"] and ["inc"].
  Pcg64State state() const { return state_; }

 private:
  Pcg64State state_{};
};

// What Gymnasium calls self.np_random: np.random.default_rng(seed).
class NumpyRandom {
 public:
  explicit NumpyRandom(uint64_t seed) : NumpyRandom(SeedSequence(seed)) {}
  explicit NumpyRandom(const SeedSequence& seed) : bits_(seed) {}
  // Seeded from 128 bits of std::random_device, like default_rng(None).
  static NumpyRandom from_entropy();

  // Generator.random().
  double random() { return bits_.next_double(); }

  // Generator.uniform(low, high): low + (high - low) * random(), the
  // difference taken in double. Throws gym::Error, drawing nothing, where
  // numpy raises: high - low negative, infinite or NaN.
  double uniform(double low, double high);

  // The model-facing interface, the same as gym::Rng::uniform<T>. Draws in
  // double from double bounds and then rounds, like Gymnasium's
  // uniform(...).astype(np.float32); for float T that matches Gymnasium only
  // when the float bounds are the doubles Gymnasium used.
  template <class T>
  T uniform(T low, T high) {
    return T(uniform(double(low), double(high)));
  }

  // The bit generator's next_uint32, as numpy's integer draws use it: each
  // 64-bit output serves two calls, its low half first and its high half
  // kept for the next one (64-bit draws in between leave the kept half).
  uint32_t next_u32() {
    if (has_u32_) {
      has_u32_ = false;
      return u32_;
    }
    const uint64_t v = bits_.next_u64();
    has_u32_ = true;
    u32_ = uint32_t(v >> 32);
    return uint32_t(v);
  }

  // The underlying PCG64, for raw draws.
  Pcg64& bit_generator() { return bits_; }

 private:
  Pcg64 bits_;
  bool has_u32_ = false;
  uint32_t u32_ = 0;
};

}  // namespace gym
