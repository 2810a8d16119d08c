// Spaces: validation, membership, sampling, seeding and Gymnasium-identical
// reprs. Expected reprs were printed by Gymnasium 1.4.0 with numpy 2.4.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <memory>
#include <set>

#include "gym/spaces.hpp"

using gym::Array;
using gym::Box;
using gym::Discrete;
using gym::DType;
using gym::MultiBinary;
using gym::MultiDiscrete;
using gym::Shape;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.141592653589793;

// Gymnasium's CartPole-v1 observation space (cartpole.py: 2 * x_threshold,
// 2 * 12 degrees in radians).
Box cartpole_observation_space() {
  const double theta = 2 * 12 * 2 * kPi / 360;
  return Box({-4.8, -kInf, -theta, -kInf}, {4.8, kInf, theta, kInf}, {4});
}

Array f32(std::initializer_list<float> values) {
  return Array::from<float>(values, {int64_t(values.size())});
}
Array i64(std::initializer_list<int64_t> values) {
  return Array::from<int64_t>(values, {int64_t(values.size())});
}

std::vector<Array> samples(gym::Space& space, uint64_t seed, int n) {
  space.seed(seed);
  std::vector<Array> out;
  for (int i = 0; i < n; ++i) out.push_back(space.sample());
  return out;
}

}  // namespace

// --------------------------------------------------------------------------- Box

TEST_CASE("Box rejects bad arguments with a message naming the problem", "[spaces][box]") {
  using Catch::Contains;
  REQUIRE_THROWS_AS(Box(std::vector<double>{0, 0, 0}, {1, 1, 1}, {4}), gym::Error);
  REQUIRE_THROWS_WITH(Box(std::vector<double>{0, 0, 0}, {1, 1, 1, 1}, {4}), Contains("low has 3 values") && Contains("(4,)"));
  REQUIRE_THROWS_WITH(Box(std::vector<double>{0, 0}, {1, 1, 1}, {2}), Contains("high has 3 values"));
  REQUIRE_THROWS_WITH(Box(std::vector<double>{0, 2}, {1, 1}, {2}), Contains("low[1] = 2 is greater than high[1] = 1"));
  REQUIRE_THROWS_WITH(Box(kNaN, 1.0, {2}), Contains("low[0] is NaN"));
  REQUIRE_THROWS_WITH(Box(0.0, kNaN, {2}), Contains("high[0] is NaN"));
  REQUIRE_THROWS_WITH(Box(kInf, kInf, {1}), Contains("low[0] = inf"));
  REQUIRE_THROWS_WITH(Box(-kInf, -kInf, {1}), Contains("high[0] = -inf"));
  REQUIRE_THROWS_WITH(Box(0.0, 1.0, {2, -1}), Contains("(2, -1)") && Contains("negative"));
  REQUIRE_THROWS_WITH(Box(0.0, 1.0, {2}, DType::kBool), Contains("bool"));
  REQUIRE_THROWS_WITH(Box(0.0, 1e39, {1}), Contains("high[0] = 1e+39 is outside the float32 range"));
  REQUIRE_THROWS_WITH(Box(0.0, 256.0, {1}, DType::kUInt8), Contains("outside the uint8 range [0, 255]"));
  REQUIRE_THROWS_WITH(Box(-1.0, 1.0, {1}, DType::kUInt8), Contains("low[0] = -1"));
  REQUIRE_THROWS_WITH(Box(0.0, kInf, {1}, DType::kUInt8), Contains("finite"));
  REQUIRE_THROWS_WITH(Box(0.5, 2.0, {1}, DType::kInt64), Contains("low[0] = 0.5 is not an integer"));
  REQUIRE_THROWS_WITH(Box(0.0, 3e9, {1}, DType::kInt32), Contains("int32 range"));
  CHECK_NOTHROW(Box(1.0, 1.0, {3}));           // low == high is a point
  CHECK_NOTHROW(Box(0.0, 1.0, {0}));           // empty, as Gymnasium allows
  CHECK_NOTHROW(Box(-kInf, kInf, {2}, DType::kInt32));
}

TEST_CASE("float32 Box bounds are stored rounded to float32", "[spaces][box]") {
  const Box box = cartpole_observation_space();
  CHECK(box.low()[2] == double(float(-2 * 12 * 2 * kPi / 360)));
  CHECK(box.high()[2] == 0.41887903213500977);
  CHECK(box.high()[0] == double(4.8f));
  CHECK(box.high()[1] == kInf);
  CHECK_FALSE(box.is_bounded());

  const Box f64(-0.1, 0.1, {1}, DType::kFloat64);
  CHECK(f64.high()[0] == 0.1);
  CHECK(f64.is_bounded());
}

TEST_CASE("Box repr matches Gymnasium", "[spaces][box]") {
  CHECK(cartpole_observation_space().to_string() ==
        "Box([-4.8               -inf -0.41887903        -inf], "
        "[4.8               inf 0.41887903        inf], (4,), float32)");
  CHECK(Box(-1.0, 1.0, {3}).to_string() == "Box(-1.0, 1.0, (3,), float32)");
  CHECK(Box(-2.0, 2.0, {1}).to_string() == "Box(-2.0, 2.0, (1,), float32)");                    // Pendulum action
  CHECK(Box({-1, -1, -8}, {1, 1, 8}, {3}).to_string() == "Box([-1. -1. -8.], [1. 1. 8.], (3,), float32)");  // Pendulum
  CHECK(Box({-1.2, -0.07}, {0.6, 0.07}, {2}).to_string() == "Box([-1.2  -0.07], [0.6  0.07], (2,), float32)");
  CHECK(Box({-1, -1, -1, -1, -4 * kPi, -9 * kPi}, {1, 1, 1, 1, 4 * kPi, 9 * kPi}, {6}).to_string() ==
        "Box([ -1.        -1.        -1.        -1.       -12.566371 -28.274334], "
        "[ 1.        1.        1.        1.       12.566371 28.274334], (6,), float32)");  // Acrobot
  CHECK(Box(0.0, 255.0, {2, 2}, DType::kUInt8).to_string() == "Box(0, 255, (2, 2), uint8)");
  CHECK(Box(-kInf, kInf, {2}).to_string() == "Box(-inf, inf, (2,), float32)");
  CHECK(Box(-kInf, kInf, {2}, DType::kInt64).to_string() ==
        "Box(-9223372036854775808, 9223372036854775807, (2,), int64)");
  CHECK(Box({0, -100}, {10, 5}, {2}, DType::kInt64).to_string() == "Box([   0 -100], [10  5], (2,), int64)");
  CHECK(Box({0, 1e-5}, {1, 2}, {2}).to_string() == "Box([0.e+00 1.e-05], [1. 2.], (2,), float32)");
  CHECK(Box(1e20, 1e21, {1}).to_string() == "Box(1e+20, 1e+21, (1,), float32)");
  CHECK(Box(0.1, 0.3, {2}, DType::kFloat64).to_string() == "Box(0.1, 0.3, (2,), float64)");
  CHECK(Box(0.0, 1.0, {0}).to_string() == "Box([], [], (0,), float32)");
}

TEST_CASE("Box contains elements within its bounds, edges included", "[spaces][box]") {
  const Box box = cartpole_observation_space();
  CHECK(box.contains(f32({0.f, 0.f, 0.f, 0.f})));
  CHECK(box.contains(f32({-4.8f, 1e30f, 0.41887903f, -1e30f})));  // the float32 edges themselves
  CHECK(box.contains(f32({4.8f, std::numeric_limits<float>::infinity(), 0.f, 0.f})));  // inf is in an unbounded dim
  CHECK_FALSE(box.contains(f32({std::nextafter(4.8f, 5.f), 0.f, 0.f, 0.f})));
  CHECK_FALSE(box.contains(f32({0.f, 0.f, std::nextafter(0.41887903f, 1.f), 0.f})));
  // float64 values are compared as they are, against the float32-rounded bounds.
  CHECK(box.contains(Array{0.0, 0.0, 0.41887903213500977, 0.0}));
  CHECK_FALSE(box.contains(Array{0.0, 0.0, std::nextafter(0.41887903213500977, 1.0), 0.0}));
  // Integers convert to a float box without loss.
  CHECK(box.contains(i64({4, 100, 0, -100})));
  CHECK_FALSE(box.contains(i64({5, 0, 0, 0})));
}

TEST_CASE("Box never contains NaN, wrong shapes or out-of-bounds values", "[spaces][box]") {
  const Box box(-1.0, 1.0, {3});
  CHECK_FALSE(box.contains(f32({0.f, std::nanf(""), 0.f})));
  CHECK_FALSE(Box(-kInf, kInf, {1}).contains(Array{kNaN}));
  CHECK_FALSE(box.contains(f32({0.f, 0.f})));
  CHECK_FALSE(box.contains(f32({0.f, 0.f, 0.f, 0.f})));
  CHECK_FALSE(box.contains(Array(DType::kFloat32, {3, 1})));
  CHECK_FALSE(box.contains(Array(DType::kFloat32, {1, 3})));
  CHECK_FALSE(box.contains(Array(0.0)));
  CHECK_FALSE(box.contains(Array()));
  CHECK(box.contains(Array(DType::kFloat32, {3})));
  CHECK(Box(0.0, 1.0, {}).contains(Array(0.5)));  // a scalar box takes shape ()
}

TEST_CASE("why_not_contains names the first problem", "[spaces][box]") {
  const Box box(0.0, 4.0, {4}, DType::kInt64);
  CHECK_FALSE(box.why_not_contains(i64({0, 1, 4, 3})).has_value());
  CHECK(box.why_not_contains(i64({0, 1, 7, 9})) == std::optional<std::string>("element 2 = 7 is outside [0, 4]"));
  CHECK(box.why_not_contains(i64({0, 1, 2})) == std::optional<std::string>("expected shape (4,), got (3,)"));
  CHECK(box.why_not_contains(Array{0.0, 0.5, 1.0, 1.0}) == std::optional<std::string>("element 1 = 0.5 is not an integer"));
  CHECK(box.why_not_contains(Array{0.0, kNaN, 1.0, 1.0}) == std::optional<std::string>("element 1 is NaN"));

  const Box f(-1.0, 1.0, {2, 2});
  CHECK(f.why_not_contains(Array::from<double>({0, 0, 0, kNaN}, {2, 2})) ==
        std::optional<std::string>("element (1, 1) is NaN"));
  CHECK(f.why_not_contains(Array::from<float>({0.f, 0.f, 1.5f, 0.f}, {2, 2})) ==
        std::optional<std::string>("element (1, 0) = 1.5 is outside [-1.0, 1.0]"));
}

TEST_CASE("integer Box accepts integer values of any dtype and rejects fractions", "[spaces][box]") {
  const Box box(-3.0, 3.0, {2}, DType::kInt32);
  CHECK(box.contains(Array::from<int32_t>({-3, 3}, {2})));
  CHECK(box.contains(i64({0, 1})));
  CHECK(box.contains(Array::from<uint8_t>({0, 3}, {2})));
  CHECK(box.contains(Array::from<bool>({true, false}, {2})));
  CHECK(box.contains(Array{-3.0, 2.0}));  // float64 holding exact integers
  CHECK_FALSE(box.contains(Array{-3.0, 2.5}));
  CHECK_FALSE(box.contains(i64({-4, 0})));
  CHECK_FALSE(box.contains(Array{kInf, 0.0}));
  // Unbounded integer boxes still end at the dtype's limits.
  const Box wide(-kInf, kInf, {1}, DType::kInt32);
  CHECK(wide.contains(i64({std::numeric_limits<int32_t>::max()})));
  CHECK_FALSE(wide.contains(i64({int64_t{std::numeric_limits<int32_t>::max()} + 1})));
  CHECK(Box(-kInf, kInf, {1}, DType::kInt64).contains(i64({std::numeric_limits<int64_t>::max()})));
}

TEST_CASE("Box samples stay inside bounded, half-bounded and unbounded dimensions", "[spaces][box]") {
  const std::vector<double> low{-1.0, 2.0, -kInf, -kInf, 1e6, 0.0};
  const std::vector<double> high{1.0, kInf, -5.0, kInf, 1e6, 1e-3};
  for (DType dtype : {DType::kFloat32, DType::kFloat64}) {
    Box box(low, high, {6}, dtype);
    box.seed(7);
    for (int i = 0; i < 5000; ++i) {
      const Array x = box.sample();
      REQUIRE(x.dtype() == dtype);
      INFO(x.to_string());
      REQUIRE(box.contains(x));
    }
  }
  const std::vector<double> int_low{-3, 0, -kInf, -kInf};
  const std::vector<double> int_high{3, kInf, 10, kInf};
  for (DType dtype : {DType::kInt32, DType::kInt64}) {
    Box box(int_low, int_high, {4}, dtype);
    box.seed(8);
    for (int i = 0; i < 5000; ++i) REQUIRE(box.contains(box.sample()));
  }
  Box bytes(0.0, 255.0, {8, 8}, DType::kUInt8);
  for (int i = 0; i < 500; ++i) REQUIRE(bytes.contains(bytes.sample()));
}

TEST_CASE("Box samples use the whole interval: both integer bounds are reached", "[spaces][box]") {
  Box box(-2.0, 2.0, {1}, DType::kInt64);
  box.seed(1);
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(box.sample().data<int64_t>()[0]);
  CHECK(seen == std::set<int64_t>{-2, -1, 0, 1, 2});

  Box f(10.0, 20.0, {1});
  double lo = kInf, hi = -kInf;
  for (int i = 0; i < 2000; ++i) {
    const double v = f.sample().element(0);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  CHECK(lo < 10.1);
  CHECK(hi > 19.9);
}

TEST_CASE("Box sampling follows Gymnasium's distributions per kind of interval", "[spaces][box]") {
  // [0, inf): 0 + Exp(1); (-inf, 0]: 0 - Exp(1); (-inf, inf): N(0, 1).
  Box box({0.0, -kInf, -kInf}, {kInf, 0.0, kInf}, {3}, DType::kFloat64);
  box.seed(3);
  constexpr int kN = 20000;
  double sum[3] = {}, sum_sq[3] = {};
  for (int i = 0; i < kN; ++i) {
    const Array x = box.sample();
    for (int k = 0; k < 3; ++k) {
      sum[k] += x.element(k);
      sum_sq[k] += x.element(k) * x.element(k);
    }
  }
  CHECK(sum[0] / kN == Approx(1.0).margin(0.05));
  CHECK(sum[1] / kN == Approx(-1.0).margin(0.05));
  CHECK(sum[2] / kN == Approx(0.0).margin(0.05));
  CHECK(sum_sq[2] / kN == Approx(1.0).margin(0.05));
}

TEST_CASE("Box to_json writes infinite bounds as strings", "[spaces][box]") {
  const nlohmann::json j = cartpole_observation_space().to_json();
  CHECK(j["type"] == "Box");
  CHECK(j["shape"] == nlohmann::json::array({4}));
  CHECK(j["dtype"] == "float32");
  CHECK(j["low"][1] == "-inf");
  CHECK(j["high"][3] == "inf");
  CHECK(j["high"][0].get<double>() == double(4.8f));
  CHECK(j.dump().find("null") == std::string::npos);

  const nlohmann::json ints = Box(-kInf, 5.0, {1}, DType::kInt32).to_json();
  CHECK(ints["low"][0] == "-inf");
  CHECK(ints["high"][0] == 5);
  CHECK(ints["high"][0].is_number_integer());
}

// --------------------------------------------------------------------------- Discrete

TEST_CASE("Discrete rejects a non-positive n and an overflowing range", "[spaces][discrete]") {
  REQUIRE_THROWS_AS(Discrete(0), gym::Error);
  REQUIRE_THROWS_WITH(Discrete(-3), Catch::Contains("n must be positive, got -3"));
  REQUIRE_THROWS_WITH(Discrete(2, std::numeric_limits<int64_t>::max()), Catch::Contains("overflows"));
  CHECK_NOTHROW(Discrete(1, std::numeric_limits<int64_t>::max()));
}

TEST_CASE("Discrete contains integer scalars in {start, ..., start + n - 1}", "[spaces][discrete]") {
  const Discrete d(3, -1);
  CHECK(d.contains(Array(-1)));
  CHECK(d.contains(Array(1)));
  CHECK_FALSE(d.contains(Array(2)));
  CHECK_FALSE(d.contains(Array(-2)));
  CHECK(d.contains(Array::scalar<int32_t>(0)));
  CHECK(d.contains(Array::scalar<uint8_t>(1)));
  CHECK(d.contains(Array(1.0)));  // a float holding an exact integer
  CHECK_FALSE(d.contains(Array(0.5)));
  CHECK_FALSE(d.contains(Array(kNaN)));
  CHECK_FALSE(d.contains(Array(kInf)));
  CHECK_FALSE(d.contains(Array(1e300)));
  CHECK_FALSE(d.contains(i64({0})));  // shape (1,) is not a scalar
  CHECK_FALSE(d.contains(Array()));
  CHECK(d.why_not_contains(Array(5)) == std::optional<std::string>("value 5 is outside [-1, 1]"));
  CHECK(d.why_not_contains(Array(0.5)) == std::optional<std::string>("value 0.5 is not an integer"));
  CHECK(d.why_not_contains(i64({0})) == std::optional<std::string>("expected shape (), got (1,)"));

  const Discrete top(2, std::numeric_limits<int64_t>::max() - 1);
  CHECK(top.contains(Array::scalar<int64_t>(std::numeric_limits<int64_t>::max())));
}

TEST_CASE("Discrete samples cover exactly its elements", "[spaces][discrete]") {
  Discrete d(5, 10);
  d.seed(4);
  std::set<int64_t> seen;
  for (int i = 0; i < 500; ++i) {
    const Array x = d.sample();
    REQUIRE(x.dtype() == DType::kInt64);
    REQUIRE(x.shape().empty());
    REQUIRE(d.contains(x));
    seen.insert(x.data<int64_t>()[0]);
  }
  CHECK(seen == std::set<int64_t>{10, 11, 12, 13, 14});
}

TEST_CASE("Discrete repr and json match Gymnasium", "[spaces][discrete]") {
  CHECK(Discrete(2).to_string() == "Discrete(2)");
  CHECK(Discrete(3, -1).to_string() == "Discrete(3, start=-1)");
  CHECK(Discrete(2).to_json() == nlohmann::json{{"type", "Discrete"}, {"n", 2}, {"start", 0}});
}

// --------------------------------------------------------------------------- MultiDiscrete

TEST_CASE("MultiDiscrete validates nvec and start", "[spaces][multidiscrete]") {
  REQUIRE_THROWS_WITH(MultiDiscrete({2, 0}), Catch::Contains("nvec[1] = 0 must be positive"));
  REQUIRE_THROWS_WITH(MultiDiscrete({2, 3}, {0}), Catch::Contains("start has 1 values but nvec has 2"));
  const MultiDiscrete md({2, 3});
  CHECK(md.start() == std::vector<int64_t>{0, 0});
  CHECK(md.shape() == Shape{2});
}

TEST_CASE("MultiDiscrete contains vectors with every entry in its own range", "[spaces][multidiscrete]") {
  const MultiDiscrete md({2, 3}, {1, -1});
  CHECK(md.contains(i64({1, -1})));
  CHECK(md.contains(i64({2, 1})));
  CHECK(md.contains(Array{2.0, 0.0}));
  CHECK_FALSE(md.contains(i64({0, 0})));
  CHECK_FALSE(md.contains(i64({1, 2})));
  CHECK_FALSE(md.contains(Array{1.5, 0.0}));
  CHECK_FALSE(md.contains(i64({1, 0, 0})));
  CHECK(md.why_not_contains(i64({1, 2})) == std::optional<std::string>("element 1 = 2 is outside [-1, 1]"));
}

TEST_CASE("MultiDiscrete samples stay in range and reach every value", "[spaces][multidiscrete]") {
  MultiDiscrete md({2, 3}, {1, -1});
  md.seed(5);
  std::set<std::pair<int64_t, int64_t>> seen;
  for (int i = 0; i < 500; ++i) {
    const Array x = md.sample();
    REQUIRE(md.contains(x));
    seen.insert({x.data<int64_t>()[0], x.data<int64_t>()[1]});
  }
  CHECK(seen.size() == 6);
}

TEST_CASE("MultiDiscrete repr and json match Gymnasium", "[spaces][multidiscrete]") {
  CHECK(MultiDiscrete({2, 3}).to_string() == "MultiDiscrete([2 3])");
  CHECK(MultiDiscrete({2, 10}, {-1, 0}).to_string() == "MultiDiscrete([ 2 10], start=[-1  0])");
  CHECK(MultiDiscrete({2, 3}).to_json() ==
        nlohmann::json{{"type", "MultiDiscrete"}, {"nvec", {2, 3}}, {"start", {0, 0}}});
}

// --------------------------------------------------------------------------- MultiBinary

TEST_CASE("MultiBinary requires positive dimensions", "[spaces][multibinary]") {
  REQUIRE_THROWS_WITH(MultiBinary(0), Catch::Contains("(0,)"));
  REQUIRE_THROWS_WITH(MultiBinary(Shape{2, -1}), Catch::Contains("negative"));
  CHECK(MultiBinary(Shape{2, 3}).shape() == Shape{2, 3});
}

TEST_CASE("MultiBinary contains 0/1 arrays of any integer dtype", "[spaces][multibinary]") {
  const MultiBinary mb(3);
  CHECK(mb.contains(Array::from<uint8_t>({0, 1, 1}, {3})));
  CHECK(mb.contains(Array::from<bool>({true, false, true}, {3})));
  CHECK(mb.contains(i64({1, 1, 0})));
  CHECK_FALSE(mb.contains(Array::from<uint8_t>({0, 2, 1}, {3})));
  CHECK_FALSE(mb.contains(i64({0, -1, 1})));
  CHECK_FALSE(mb.contains(Array::from<uint8_t>({0, 1}, {2})));
  CHECK_FALSE(mb.contains(Array{0.0, kNaN, 1.0}));
  CHECK(mb.why_not_contains(Array::from<uint8_t>({0, 2, 1}, {3})) ==
        std::optional<std::string>("element 1 = 2 is outside [0, 1]"));
}

TEST_CASE("MultiBinary samples are uint8 zeros and ones, both present", "[spaces][multibinary]") {
  MultiBinary mb(Shape{4, 8});
  mb.seed(6);
  int ones = 0;
  for (int i = 0; i < 100; ++i) {
    const Array x = mb.sample();
    REQUIRE(x.dtype() == DType::kUInt8);
    REQUIRE(mb.contains(x));
    for (uint8_t b : x.data<uint8_t>()) ones += b;
  }
  CHECK(ones > 1400);
  CHECK(ones < 1800);
}

TEST_CASE("MultiBinary repr and json match Gymnasium", "[spaces][multibinary]") {
  CHECK(MultiBinary(4).to_string() == "MultiBinary(4)");
  CHECK(MultiBinary(Shape{2, 3}).to_string() == "MultiBinary((2, 3))");
  CHECK(MultiBinary(Shape{2, 3}).to_json() == nlohmann::json{{"type", "MultiBinary"}, {"shape", {2, 3}}});
}

// --------------------------------------------------------------------------- all spaces

TEST_CASE("same seed gives the same samples and different seeds differ, for every space", "[spaces]") {
  std::vector<std::unique_ptr<gym::Space>> spaces;
  spaces.push_back(std::make_unique<Box>(cartpole_observation_space()));
  spaces.push_back(std::make_unique<Box>(-5.0, 5.0, Shape{3}, DType::kInt64));
  spaces.push_back(std::make_unique<Discrete>(1000));
  spaces.push_back(std::make_unique<MultiDiscrete>(std::vector<int64_t>{100, 100, 100}));
  spaces.push_back(std::make_unique<MultiBinary>(64));
  for (auto& space : spaces) {
    INFO(space->to_string());
    const auto a = samples(*space, 42, 50);
    CHECK(samples(*space, 42, 50) == a);
    CHECK(samples(*space, 43, 50) != a);
    // A clone carries the generator state along.
    space->seed(9);
    space->sample();
    auto copy = space->clone();
    CHECK(copy->sample() == space->sample());
    CHECK(copy->to_string() == space->to_string());
  }
}

TEST_CASE("membership checks never crash, whatever the dtype, shape and contents", "[spaces]") {
  std::vector<std::unique_ptr<gym::Space>> spaces;
  spaces.push_back(std::make_unique<Box>(cartpole_observation_space()));
  spaces.push_back(std::make_unique<Box>(-kInf, kInf, Shape{2, 2}, DType::kInt64));
  spaces.push_back(std::make_unique<Box>(0.0, 255.0, Shape{4}, DType::kUInt8));
  spaces.push_back(std::make_unique<Discrete>(2));
  spaces.push_back(std::make_unique<MultiDiscrete>(std::vector<int64_t>{2, 3, 4, 5}));
  spaces.push_back(std::make_unique<MultiBinary>(4));
  const std::vector<double> nasty{kNaN, kInf, -kInf, 1e300, -1e300, 9.3e18, -9.3e18, 0.5, -0.0, 1.0};
  for (DType dtype : {DType::kFloat32, DType::kFloat64, DType::kInt32, DType::kInt64, DType::kUInt8, DType::kBool}) {
    for (const Shape& shape : {Shape{}, Shape{0}, Shape{4}, Shape{2, 2}, Shape{1, 4}}) {
      const Array base(DType::kFloat64, shape);
      for (double value : nasty) {
        std::vector<double> values(std::size_t(base.size()), value);
        const Array x = Array::from<double>(std::span<const double>(values), shape).astype(dtype);
        for (auto& space : spaces) {
          CHECK_NOTHROW(space->why_not_contains(x));
          if (auto reason = space->why_not_contains(x)) CHECK_FALSE(reason->empty());
        }
      }
    }
  }
}
