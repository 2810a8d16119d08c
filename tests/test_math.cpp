// gym::math: float trig accuracy against libm, double parity with libm, and
// the edge cases of the small helpers.
#include "gym/math.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kInfD = std::numeric_limits<double>::infinity();
constexpr double kNaND = std::numeric_limits<double>::quiet_NaN();
constexpr float kAccurateRange = 8192.0f;  // documented 2-ulp range of the float trig
constexpr double kPio2 = 1.5707963267948966;

// Distance in units in the last place: how many floats lie between a and b.
int64_t ulp_distance(float a, float b) {
  const auto ordered = [](float f) {
    const auto bits = std::bit_cast<int32_t>(f);
    return bits < 0 ? -int64_t{bits & 0x7fffffff} : int64_t{bits};
  };
  const int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

bool same_bits(double a, double b) { return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b); }
bool same_bits(float a, float b) { return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b); }

// Worst error of gym::math's float sin / cos / sincos against libm's double
// result rounded to float, and whether sincos agreed with sin and cos.
struct TrigErrors {
  int64_t sin_ulp = 0, cos_ulp = 0;
  float sin_worst_x = 0, cos_worst_x = 0;
  int64_t sincos_mismatches = 0;
  float sincos_mismatch_x = 0;

  void add(float x) {
    const float s = gym::math::sin(x), c = gym::math::cos(x);
    const int64_t ds = ulp_distance(s, float(std::sin(double(x))));
    const int64_t dc = ulp_distance(c, float(std::cos(double(x))));
    if (ds > sin_ulp) sin_ulp = ds, sin_worst_x = x;
    if (dc > cos_ulp) cos_ulp = dc, cos_worst_x = x;
    float s2 = 0, c2 = 0;
    gym::math::sincos(x, &s2, &c2);
    if (!same_bits(s, s2) || !same_bits(c, c2)) ++sincos_mismatches, sincos_mismatch_x = x;
  }
  void add_neighbourhood(float x, int ulps) {
    float lo = x, hi = x;
    add(x);
    for (int i = 0; i < ulps; ++i) {
      lo = std::nextafter(lo, -kInf);
      hi = std::nextafter(hi, kInf);
      add(lo);
      add(hi);
    }
  }
  void require_within(int64_t max_ulp) const {
    INFO("worst sin at x = " << sin_worst_x << " (" << sin_ulp << " ulp), worst cos at x = " << cos_worst_x
                             << " (" << cos_ulp << " ulp)");
    CHECK(sin_ulp <= max_ulp);
    CHECK(cos_ulp <= max_ulp);
    INFO("sincos disagrees with sin / cos at x = " << sincos_mismatch_x);
    CHECK(sincos_mismatches == 0);
  }
};

}  // namespace

TEST_CASE("float sin and cos are within 2 ulp of libm on a dense sweep of [-8192, 8192]", "[math]") {
  TrigErrors errors;
  // Evenly spaced, offset so the points are not all dyadic.
  constexpr int kLinear = 1 << 20;
  for (int k = 0; k < kLinear; ++k) {
    errors.add(float(-double(kAccurateRange) + (k + 0.318) * (2.0 * kAccurateRange / kLinear)));
  }
  // Every binade: a stride through the bit patterns of [0, 8192], both signs.
  const uint32_t top = std::bit_cast<uint32_t>(kAccurateRange);
  for (uint32_t bits = 0; bits <= top; bits += 4099) {
    const float x = std::bit_cast<float>(bits);
    errors.add(x);
    errors.add(-x);
  }
  errors.add(kAccurateRange);
  errors.add(-kAccurateRange);
  errors.require_within(2);
}

TEST_CASE("float sin and cos are within 2 ulp of libm at the hard points of the reduction", "[math]") {
  TrigErrors errors;
  const int max_k = int(kAccurateRange / kPio2);
  for (int k = -max_k; k <= max_k; ++k) {
    // Near multiples of pi/2 the reduced argument cancels to almost nothing
    // (the cos or sin there is tiny): a plain 3-part float reduction is
    // hundreds of ulp off at these points.
    errors.add_neighbourhood(float(k * kPio2), 2);
    // Near odd multiples of pi/4 the quadrant flips.
    const float boundary = float((k + 0.5) * kPio2);
    if (std::fabs(boundary) < kAccurateRange) errors.add_neighbourhood(boundary, 2);
  }
  // The float of [0, 8192] closest to a multiple of pi/2 (|x - 161 pi/2| = 2^-27.8).
  errors.add_neighbourhood(252.898209f, 2);
  // Tiny and subnormal values, where sin x = x and cos x = 1.
  for (float x : {std::numeric_limits<float>::denorm_min(), 1e-40f, std::numeric_limits<float>::min(), 1e-30f,
                  1e-20f, 1e-10f, 0x1p-12f, 1e-4f, 1e-3f, 0.1f}) {
    errors.add_neighbourhood(x, 1);
    errors.add_neighbourhood(-x, 1);
  }
  errors.require_within(2);
}

TEST_CASE("float sin keeps the sign of zero and cos(0) is exactly 1", "[math]") {
  CHECK(std::signbit(gym::math::sin(-0.0f)));
  CHECK_FALSE(std::signbit(gym::math::sin(0.0f)));
  CHECK(gym::math::cos(-0.0f) == 1.0f);
  CHECK(gym::math::cos(0.0f) == 1.0f);
  float s = 1, c = 0;
  gym::math::sincos(-0.0f, &s, &c);
  CHECK(std::signbit(s));
  CHECK(c == 1.0f);
}

TEST_CASE("float sin and cos of NaN or infinity are NaN", "[math]") {
  for (float x : {kNaN, -kNaN, kInf, -kInf}) {
    INFO("x = " << x);
    CHECK(std::isnan(gym::math::sin(x)));
    CHECK(std::isnan(gym::math::cos(x)));
    float s = 0, c = 0;
    gym::math::sincos(x, &s, &c);
    CHECK(std::isnan(s));
    CHECK(std::isnan(c));
  }
}

TEST_CASE("float sin and cos stay finite and in [-1, 1] beyond the accurate range", "[math]") {
  const float max = std::numeric_limits<float>::max();
  std::vector<float> xs = {8192.5f, 1e4f, 65536.0f, 1e5f, 123456.7f, 1e6f, 0x1p22f, 0x1.000002p22f, 1e7f, 0x1p24f,
                           1e10f,   1e20f, 1e30f,   max};
  for (float x = 8193.0f; x < 0x1p23f; x *= 1.37f) xs.push_back(x);
  for (float x : xs) {
    for (float sx : {x, -x}) {
      INFO("x = " << sx);
      const float s = gym::math::sin(sx), c = gym::math::cos(sx);
      CHECK(std::isfinite(s));
      CHECK(std::isfinite(c));
      CHECK(std::fabs(s) <= 1.0f);
      CHECK(std::fabs(c) <= 1.0f);
    }
  }
}

TEST_CASE("double sin, cos, sincos and sqrt return exactly libm's values", "[math]") {
  std::vector<double> xs = {0.0, -0.0, 1e-300, 5e-324, -1e-10, 0.5, 1.0, kPio2, 3.141592653589793, 1e5, 1e22, 1e300,
                            std::numeric_limits<double>::max(), kInfD, -kInfD, kNaND};
  for (int k = 0; k < 20000; ++k) xs.push_back(-5000.0 + k * 0.5003);
  for (double x : xs) {
    INFO("x = " << x);
    CHECK(same_bits(gym::math::sin(x), std::sin(x)));
    CHECK(same_bits(gym::math::cos(x), std::cos(x)));
    double s = 0, c = 0;
    gym::math::sincos(x, &s, &c);
    CHECK(same_bits(s, std::sin(x)));
    CHECK(same_bits(c, std::cos(x)));
    CHECK(same_bits(gym::math::sqrt(std::fabs(x)), std::sqrt(std::fabs(x))));
  }
}

TEST_CASE("sqrt is IEEE: exact squares, -0 stays -0, negatives give NaN", "[math]") {
  CHECK(gym::math::sqrt(16.0f) == 4.0f);
  CHECK(gym::math::sqrt(2.25) == 1.5);
  CHECK(gym::math::sqrt(2.0f) == std::sqrt(2.0f));
  CHECK(std::signbit(gym::math::sqrt(-0.0f)));
  CHECK(std::signbit(gym::math::sqrt(-0.0)));
  CHECK(std::isnan(gym::math::sqrt(-1.0f)));
  CHECK(std::isnan(gym::math::sqrt(-1.0)));
  CHECK(gym::math::sqrt(kInf) == kInf);
  CHECK(gym::math::sqrt(kInfD) == kInfD);
}

TEST_CASE("min and max follow std::min / std::max, NaN and ties included", "[math]") {
  STATIC_REQUIRE(gym::math::min(1.0f, 2.0f) == 1.0f);
  STATIC_REQUIRE(gym::math::max(1.0, 2.0) == 2.0);
  CHECK(gym::math::min(-3.0f, 2.0f) == -3.0f);
  CHECK(gym::math::max(-3.0, 2.0) == 2.0);
  CHECK(gym::math::min(-kInf, 0.0f) == -kInf);
  CHECK(gym::math::max(kInfD, 0.0) == kInfD);
  // Ties (including +0 and -0) return the first argument, as std::min does.
  CHECK(std::signbit(gym::math::min(-0.0f, 0.0f)));
  CHECK_FALSE(std::signbit(gym::math::min(0.0f, -0.0f)));
  CHECK(std::signbit(gym::math::max(-0.0, 0.0)));
  // A NaN in first place propagates; in second place it is ignored.
  CHECK(std::isnan(gym::math::min(kNaN, 1.0f)));
  CHECK(gym::math::min(1.0f, kNaN) == 1.0f);
  CHECK(std::isnan(gym::math::max(kNaND, 1.0)));
  CHECK(gym::math::max(1.0, kNaND) == 1.0);
}

TEST_CASE("clip behaves like numpy.clip: bounds inclusive, NaN propagates, lo > hi gives hi", "[math]") {
  STATIC_REQUIRE(gym::math::clip(5.0f, -1.0f, 1.0f) == 1.0f);
  STATIC_REQUIRE(gym::math::clip(-5.0, -1.0, 1.0) == -1.0);
  CHECK(gym::math::clip(0.25f, -1.0f, 1.0f) == 0.25f);
  CHECK(gym::math::clip(1.0f, -1.0f, 1.0f) == 1.0f);
  CHECK(gym::math::clip(-1.0, -1.0, 1.0) == -1.0);
  CHECK(gym::math::clip(kInf, -1.0f, 1.0f) == 1.0f);
  CHECK(gym::math::clip(-kInfD, -1.0, 1.0) == -1.0);
  CHECK(gym::math::clip(3.0f, -kInf, kInf) == 3.0f);
  CHECK(std::isnan(gym::math::clip(kNaN, -1.0f, 1.0f)));
  CHECK(std::isnan(gym::math::clip(kNaND, -1.0, 1.0)));
  CHECK(gym::math::clip(0.0f, 2.0f, 1.0f) == 1.0f);
  CHECK(gym::math::clip(5.0, 2.0, 1.0) == 1.0);
  CHECK(gym::math::clip(7.0f, 3.0f, 3.0f) == 3.0f);
}

TEST_CASE("abs clears the sign, square multiplies", "[math]") {
  CHECK(gym::math::abs(-2.5f) == 2.5f);
  CHECK(gym::math::abs(2.5) == 2.5);
  CHECK_FALSE(std::signbit(gym::math::abs(-0.0f)));
  CHECK_FALSE(std::signbit(gym::math::abs(-0.0)));
  CHECK(gym::math::abs(-kInf) == kInf);
  CHECK(gym::math::abs(-kInfD) == kInfD);
  CHECK(std::isnan(gym::math::abs(kNaN)));
  CHECK(gym::math::abs(-std::numeric_limits<float>::denorm_min()) == std::numeric_limits<float>::denorm_min());
  STATIC_REQUIRE(gym::math::square(-3.0f) == 9.0f);
  STATIC_REQUIRE(gym::math::square(0.5) == 0.25);
  CHECK(gym::math::square(1e20f) == kInf);
  CHECK(std::isnan(gym::math::square(kNaND)));
}
