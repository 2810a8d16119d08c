// gym::SeedSequence, gym::Pcg64 and gym::NumpyRandom against values recorded
// from numpy itself (scripts/gen_numpy_random.py), compared bit for bit.
#include "gym/numpy_random.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/error.hpp"

using nlohmann::json;

namespace {

// numpy_random.json is one JSON document (a case per line), not JSON Lines.
const json& fixture() {
  static const json data = [] {
    std::ifstream in(std::string(GYM_FIXTURE_DIR) + "/numpy_random.json");
    if (!in) throw std::runtime_error("cannot open fixture numpy_random.json");
    return json::parse(in);
  }();
  return data;
}

const json& cases() { return fixture().at("cases"); }

uint64_t seed_of(const json& c) { return std::stoull(c.at("seed").get<std::string>()); }

template <class T>
std::vector<T> words(const json& strings) {
  std::vector<T> out;
  for (const auto& s : strings) out.push_back(T(std::stoull(s.get<std::string>())));
  return out;
}

std::vector<double> doubles(const json& values) { return values.get<std::vector<double>>(); }

// A decimal string of a 128-bit integer as {high, low} halves.
std::pair<uint64_t, uint64_t> halves(const std::string& decimal) {
  __extension__ typedef unsigned __int128 u128;
  u128 v = 0;
  for (char c : decimal) v = v * 10 + u128(c - '0');
  return {uint64_t(v >> 64), uint64_t(v)};
}

std::vector<double> draw_random(gym::NumpyRandom& rng, std::size_t n) {
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(rng.random());
  return out;
}

// The draws of the fixture's "sequence", from one generator.
std::vector<double> draw_sequence(gym::NumpyRandom& rng) {
  std::vector<double> out;
  for (int i = 0; i < 4; ++i) out.push_back(rng.uniform(-0.05, 0.05));
  out.push_back(rng.random());
  out.push_back(rng.uniform(-0.6, -0.4));
  out.push_back(rng.uniform(-std::numbers::pi, std::numbers::pi));
  out.push_back(rng.uniform(-1.0, 1.0));
  return out;
}

}  // namespace

TEST_CASE("the numpy fixture covers the zero seed, 32-bit edges and 64-bit seeds", "[numpy_random]") {
  std::vector<uint64_t> seeds;
  for (const auto& c : cases()) seeds.push_back(seed_of(c));
  CHECK(seeds == std::vector<uint64_t>{0, 1, 2, 42, 123456789, 0xffffffffull, 0x100000000ull,
                                       0x8000000000000005ull, 0xffffffffffffffffull});
}

TEST_CASE("SeedSequence generates numpy's 32- and 64-bit state words", "[numpy_random]") {
  for (const auto& c : cases()) {
    INFO("seed " << seed_of(c));
    const gym::SeedSequence seq(seed_of(c));
    CHECK(seq.generate_state32(4) == words<uint32_t>(c.at("state32")));
    CHECK(seq.generate_state64(4) == words<uint64_t>(c.at("state64")));
  }
}

TEST_CASE("an integer seed is its 32-bit words, least significant first", "[numpy_random]") {
  CHECK(gym::SeedSequence(0).generate_state32(8) == gym::SeedSequence(std::vector<uint32_t>{0}).generate_state32(8));
  CHECK(gym::SeedSequence(42).generate_state32(8) == gym::SeedSequence(std::vector<uint32_t>{42}).generate_state32(8));
  CHECK(gym::SeedSequence(0x500000007ull).generate_state32(8) ==
        gym::SeedSequence(std::vector<uint32_t>{7, 5}).generate_state32(8));
  CHECK(gym::SeedSequence(0x100000000ull).generate_state32(8) !=
        gym::SeedSequence(std::vector<uint32_t>{0}).generate_state32(8));
}

TEST_CASE("PCG64 seeded from a SeedSequence has numpy's state and increment", "[numpy_random]") {
  for (const auto& c : cases()) {
    INFO("seed " << seed_of(c));
    const auto [state_hi, state_lo] = halves(c.at("pcg_state").get<std::string>());
    const auto [inc_hi, inc_lo] = halves(c.at("pcg_inc").get<std::string>());
    CHECK(gym::Pcg64(gym::SeedSequence(seed_of(c))).state() == gym::Pcg64State{state_hi, state_lo, inc_hi, inc_lo});
  }
}

TEST_CASE("PCG64's outputs are numpy's random_raw", "[numpy_random]") {
  for (const auto& c : cases()) {
    INFO("seed " << seed_of(c));
    gym::Pcg64 bits(gym::SeedSequence(seed_of(c)));
    std::vector<uint64_t> raw;
    for (int i = 0; i < 8; ++i) raw.push_back(bits.next_u64());
    CHECK(raw == words<uint64_t>(c.at("raw")));
  }
}

TEST_CASE("random() is numpy's Generator.random()", "[numpy_random]") {
  for (const auto& c : cases()) {
    INFO("seed " << seed_of(c));
    gym::NumpyRandom rng(seed_of(c));
    CHECK(draw_random(rng, 8) == doubles(c.at("random")));
  }
}

TEST_CASE("uniform reproduces the classic-control reset draws of Gymnasium", "[numpy_random]") {
  for (const auto& c : cases()) {
    INFO("seed " << seed_of(c));
    {  // CartPole: uniform(-0.05, 0.05, size=(4,))
      gym::NumpyRandom rng(seed_of(c));
      std::vector<double> got;
      for (int i = 0; i < 4; ++i) got.push_back(rng.template uniform<double>(-0.05, 0.05));
      CHECK(got == doubles(c.at("uniform_x4")));
    }
    {  // MountainCar: uniform(-0.6, -0.4)
      gym::NumpyRandom rng(seed_of(c));
      CHECK(rng.uniform(-0.6, -0.4) == c.at("uniform_scalar").get<double>());
    }
    {  // Pendulum: uniform(low=[-pi, -1], high=[pi, 1]), element by element
      gym::NumpyRandom rng(seed_of(c));
      const double first = rng.uniform(-std::numbers::pi, std::numbers::pi);
      const double second = rng.uniform(-1.0, 1.0);
      CHECK(std::vector<double>{first, second} == doubles(c.at("uniform_bounds")));
    }
    {  // Acrobot: uniform(-0.1, 0.1, size=(4,)).astype(np.float32)
      gym::NumpyRandom rng(seed_of(c));
      std::vector<double> got;
      for (int i = 0; i < 4; ++i) got.push_back(double(float(rng.uniform(-0.1, 0.1))));
      CHECK(got == doubles(c.at("uniform_f32")));
    }
  }
}

TEST_CASE("successive calls continue one stream, as in a numpy Generator", "[numpy_random]") {
  for (const auto& c : cases()) {
    INFO("seed " << seed_of(c));
    gym::NumpyRandom rng(seed_of(c));
    CHECK(draw_sequence(rng) == doubles(c.at("sequence")));
  }
}

TEST_CASE("reseeding after draws restarts numpy's stream for the new seed", "[numpy_random]") {
  gym::NumpyRandom rng(7);
  for (const auto& c : cases()) {
    INFO("seed " << seed_of(c));
    draw_random(rng, 3);
    rng = gym::NumpyRandom(seed_of(c));
    CHECK(draw_sequence(rng) == doubles(c.at("sequence")));
  }
}

TEST_CASE("two generators with the same seed agree and different seeds differ", "[numpy_random]") {
  gym::NumpyRandom a(2024), b(2024), c(2025);
  const std::vector<double> from_a = draw_random(a, 100);
  CHECK(from_a == draw_random(b, 100));
  CHECK(from_a != draw_random(c, 100));
  CHECK(draw_random(a, 4) == draw_random(b, 4));
}

TEST_CASE("uniform throws gym::Error, drawing nothing, where numpy raises", "[numpy_random]") {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  gym::NumpyRandom rng(0);
  CHECK_THROWS_AS(rng.uniform(1.0, 0.0), gym::Error);
  CHECK_THROWS_AS(rng.uniform(0.0, inf), gym::Error);
  CHECK_THROWS_AS(rng.uniform(nan, 1.0), gym::Error);
  CHECK_THROWS_AS(rng.uniform(-1e308, 1e308), gym::Error);
  CHECK(rng.uniform(0.5, 0.5) == 0.5);  // an empty range is allowed and still draws
  CHECK(rng.random() == doubles(cases().at(0).at("random")).at(1));
}

TEST_CASE("generators seeded from entropy give different streams", "[numpy_random]") {
  gym::NumpyRandom a = gym::NumpyRandom::from_entropy(), b = gym::NumpyRandom::from_entropy();
  CHECK(a.bit_generator().state() != b.bit_generator().state());
}
