// gym::math: the math that model code calls, overloaded on the scalar type.
//
// - double goes straight to libm (std::sin, std::sqrt, ...), so a
//   double-precision model computes exactly what Gymnasium computes in Python.
// - float is the batched path. On the host, sin / cos / sincos are branch-free
//   polynomials that GCC auto-vectorises in struct-of-arrays loops (a call to
//   sinf never vectorises). The device runs the same polynomials (not CUDA's
//   sinf), so with nvcc's -fmad=false and the host's -ffp-contract=off a GPU
//   batch computes the CPU batch's floats bit for bit.
// - A dual-number scalar adds its own overloads next to its type.
//
// Float sin / cos / sincos on the host:
//   |x| <= 8192          within 2 ulp of the correctly rounded result (checked
//                        on every float of the range: at most 1 ulp, 99.5%
//                        correctly rounded)
//   8192 < |x| <= 2^17   the reduction is no longer exact: absolute error
//                        below 2e-6 (measured)
//   2^17 < |x| <= 2^22   absolute error grows to ~0.1
//   |x| > 2^22, finite   sin = +-0, cos = 1 (one float ulp there spans more
//                        than a period, so no answer is meaningful)
//   NaN or +-inf         NaN
// Results are always in [-1, 1], and sin(-0) = -0. They are reproducible
// under -ffp-contract=off; contraction (FMA) keeps the accuracy. -ffast-math
// is not supported: reassociation folds away the rounding trick and the
// exact reduction.
#pragma once

#include <cmath>
#include <cstdint>

#include <bit>

#include "gym/hd.hpp"

namespace gym::math {

// ---------------------------------------------------------------------------
// Simple helpers. min / max follow std::min / std::max (the first argument is
// returned when either is NaN, and for equal values); clip(x, lo, hi) is
// min(max(x, lo), hi) like numpy.clip: a NaN x stays NaN, and lo > hi gives
// hi. All of them compile to selects, not branches.

GYM_HD constexpr float square(float x) { return x * x; }
GYM_HD constexpr double square(double x) { return x * x; }

GYM_HD constexpr float min(float a, float b) { return b < a ? b : a; }
GYM_HD constexpr double min(double a, double b) { return b < a ? b : a; }
GYM_HD constexpr float max(float a, float b) { return a < b ? b : a; }
GYM_HD constexpr double max(double a, double b) { return a < b ? b : a; }

GYM_HD constexpr float clip(float x, float lo, float hi) { return min(max(x, lo), hi); }
GYM_HD constexpr double clip(double x, double lo, double hi) { return min(max(x, lo), hi); }

GYM_HD inline float abs(float x) { return std::fabs(x); }
GYM_HD inline double abs(double x) { return std::fabs(x); }

// c ? a : b without a branch. For the float batch path this is a bit mask:
// with a float ?: GCC tends to move the arithmetic around it into the arms,
// and it will not if-convert arithmetic that may trap, so the batch loop
// would stay scalar.
GYM_HD GYM_FORCEINLINE float select(bool c, float a, float b) {
#if defined(__CUDA_ARCH__)
  return c ? a : b;
#else
  const uint32_t mask = 0u - uint32_t(c);
  return std::bit_cast<float>((std::bit_cast<uint32_t>(a) & mask) | (std::bit_cast<uint32_t>(b) & ~mask));
#endif
}
GYM_HD constexpr double select(bool c, double a, double b) { return c ? a : b; }

// x / d for a divisor d that is the same for a whole batch (a physical
// constant such as a total mass). double divides, exactly as the reference
// computes. float multiplies by 1 / d instead: the reciprocal is hoisted out
// of a batch loop, a division per element is saved, and the result stays
// within 1.5 ulp of x / d. Use `/` for divisors that vary per element.
GYM_HD constexpr double div_const(double x, double d) { return x / d; }
GYM_HD constexpr float div_const(float x, float d) { return x * (1.0f / d); }

// IEEE square root: correctly rounded, so identical everywhere. (GCC
// vectorises float sqrt loops only with -fno-math-errno, which changes no
// value.)
GYM_HD inline float sqrt(float x) { return std::sqrt(x); }
GYM_HD inline double sqrt(double x) { return std::sqrt(x); }

GYM_HD inline float tanh(float x) { return std::tanh(x); }
GYM_HD inline double tanh(double x) { return std::tanh(x); }
GYM_HD inline double sin(double x) { return std::sin(x); }
GYM_HD inline double cos(double x) { return std::cos(x); }
GYM_HD inline void sincos(double x, double* s, double* c) {
  *s = std::sin(x);
  *c = std::cos(x);
}

namespace detail {

// A float's bits and back, on the host (std::bit_cast) and the device.
GYM_HD GYM_FORCEINLINE constexpr uint32_t to_bits(float x) {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(x);
#else
  return std::bit_cast<uint32_t>(x);
#endif
}
GYM_HD GYM_FORCEINLINE constexpr float from_bits(uint32_t x) {
#if defined(__CUDA_ARCH__)
  return __uint_as_float(x);
#else
  return std::bit_cast<float>(x);
#endif
}

// pi/2 split into parts whose products with the quadrant number j are exact
// for j < 2^13 (parts 1-4 have at most 11 significant bits); part 5 is a
// full float. The sum matches pi/2 to 2^-78 (Cody-Waite reduction).
inline constexpr float kPio2Part1 = 0x1.92p0f;
inline constexpr float kPio2Part2 = 0x1.fb4p-12f;
inline constexpr float kPio2Part3 = 0x1.444p-24f;
inline constexpr float kPio2Part4 = 0x1.68cp-39f;
inline constexpr float kPio2Part5 = 0x1.1a6264p-54f;
inline constexpr float kTwoOverPi = 0x1.45f306p-1f;
// Adding 1.5 * 2^23 rounds any |v| < 2^22 to an integer (ties to even), which
// then sits in the low mantissa bits: the rounding needs no SSE4.1 roundps.
inline constexpr float kRoundShift = 0x1.8p23f;
// Beyond this the rounding above breaks down (it needs |x| * 2/pi < 2^22).
inline constexpr float kTrigMaxArg = 0x1p22f;

// Minimax polynomials on [-pi/4, pi/4], cephes' sinf / cosf coefficients:
// sin r ~ r + r^3 (s1 + s2 r^2 + s3 r^4), cos r ~ 1 - r^2/2 + r^4 (c1 + c2 r^2 + c3 r^4).
inline constexpr float kSin1 = -1.6666654611e-1f;
inline constexpr float kSin2 = 8.3321608736e-3f;
inline constexpr float kSin3 = -1.9515295891e-4f;
inline constexpr float kCos1 = 4.166664568298827e-2f;
inline constexpr float kCos2 = -1.388731625493765e-3f;
inline constexpr float kCos3 = 2.443315711809948e-5f;

inline constexpr uint32_t kSignBit = 0x80000000u;

struct SinCosF {
  float sin, cos;
};

// Both results from one reduction; the quadrant picks and signs them with
// bit masks, so a loop of calls has no branch and vectorises.
GYM_HD GYM_FORCEINLINE constexpr SinCosF sincos_kernel(float x) {
  const uint32_t sign = to_bits(x) & kSignBit;
  const float abs_x = from_bits(to_bits(x) ^ sign);
  // Huge, infinite and NaN x are reduced as 0; nan_or_zero then turns inf and
  // NaN into NaN. A mask, not a float select: GCC would move the following
  // multiplication into the select's arms, and it will not if-convert an FP
  // operation that may trap, so the loop would not vectorise.
  const uint32_t keep = 0u - uint32_t(abs_x <= kTrigMaxArg);
  const float ax = from_bits(to_bits(abs_x) & keep);
  const float nan_or_zero = abs_x - abs_x;

  // |x| = j * pi/2 + r with j = round(|x| * 2/pi), so |r| <= pi/4 (plus the
  // rounding error of that product, < 1e-3).
  const float shifted = ax * kTwoOverPi + kRoundShift;
  const float j = shifted - kRoundShift;
  const uint32_t quadrant = to_bits(shifted);  // low bits: j mod 4
  // Exact: every product is exact and the differences lose no bits.
  const float b = (ax - j * kPio2Part1) - j * kPio2Part2;
  // The rest of j * pi/2 as a float pair (Fast2Sum; part 3 dominates part 4).
  const float p3 = j * kPio2Part3;
  const float p4 = j * kPio2Part4;
  const float sh = p3 + p4;
  const float sl = (p4 - (sh - p3)) + j * kPio2Part5;
  // r = rh + rl with 2Sum: near a multiple of pi/2 (|r| can be 2^-27.8 for
  // |x| <= 8192) b and sh cancel, so the last bits decide the result.
  const float rh = b - sh;
  const float bv = rh - b;
  const float rl = ((b - (rh - bv)) - (sh + bv)) - sl;

  const float z = rh * rh;
  const float sin_r = rh + (rl + rh * z * (kSin1 + z * (kSin2 + z * kSin3)));
  // 1 - z/2 carries most of cos r; keep its rounding error (lo) as well.
  const float half_z = 0.5f * z;
  const float hi = 1.0f - half_z;
  const float lo = (1.0f - hi) - half_z;
  const float cos_r = hi + (lo + (z * z * (kCos1 + z * (kCos2 + z * kCos3)) - rh * rl));

  // Quadrant q: sin x = (s, c, -s, -c)[q], cos x = (c, -s, -c, s)[q]. Chosen
  // with bit masks too: a float select lets GCC compute the polynomial that
  // is not chosen conditionally, which blocks vectorisation as above.
  const uint32_t sin_bits = to_bits(sin_r + nan_or_zero);
  const uint32_t cos_bits = to_bits(cos_r + nan_or_zero);
  const uint32_t odd = 0u - (quadrant & 1u);
  const uint32_t s = (sin_bits & ~odd) | (cos_bits & odd);
  const uint32_t c = (cos_bits & ~odd) | (sin_bits & odd);
  const uint32_t s_flip = ((quadrant & 2u) << 30) ^ sign;
  const uint32_t c_flip = ((quadrant + 1u) & 2u) << 30;
  return {from_bits(s ^ s_flip), from_bits(c ^ c_flip)};
}

}  // namespace detail


GYM_HD GYM_FORCEINLINE float sin(float x) { return detail::sincos_kernel(x).sin; }

GYM_HD GYM_FORCEINLINE float cos(float x) { return detail::sincos_kernel(x).cos; }

GYM_HD GYM_FORCEINLINE void sincos(float x, float* s, float* c) {
  const detail::SinCosF r = detail::sincos_kernel(x);
  *s = r.sin;
  *c = r.cos;
}

// ---------------------------------------------------------------------------
// Python's operators, for models that reproduce Python code.

// x**2. On a float64 (a numpy scalar or a Python float) Python calls libm's
// pow(x, 2.0), which differs from x * x in the last bit for about one argument
// in 1200; the volatile exponent keeps GCC from folding the call into x * x.
// The float batch path squares.
GYM_HD inline double pow2(double x) {
#if defined(__CUDA_ARCH__)
  return ::pow(x, 2.0);
#else
  volatile double two = 2.0;
  return std::pow(x, double(two));
#endif
}
GYM_HD constexpr float pow2(float x) { return x * x; }

// Rounds down. The float version is branch-free on the host (rounding by
// adding 1.5 * 2^23, exact for |x| < 2^22; larger floats are integers), so
// loops that call it vectorise without SSE4.1.
GYM_HD inline double floor(double x) { return std::floor(x); }
GYM_HD GYM_FORCEINLINE float floor(float x) {
#if defined(__CUDA_ARCH__)
  return ::floorf(x);
#else
  const float nearest = (x + 0x1.8p23f) - 0x1.8p23f;
  const float down = nearest - select(nearest > x, 1.0f, 0.0f);
  return select(std::fabs(x) < 0x1p22f, down, x);
#endif
}

// Python's x % y on floats (numpy's remainder): the result has the sign of y.
// double follows numpy's divmod exactly (fmod, then moved into y's sign; a
// zero takes y's sign). float, for the batch path, is x - y * floor(x / y).
GYM_HD inline double pymod(double x, double y) {
  double m = std::fmod(x, y);
  if (m != 0) {
    if ((y < 0) != (m < 0)) m += y;
  } else {
    m = std::copysign(0.0, y);
  }
  return m;
}
GYM_HD GYM_FORCEINLINE float pymod(float x, float y) { return x - y * floor(x / y); }

}  // namespace gym::math

// The dual-number overloads of everything above (forward-mode derivatives).
#include "gym/dual.hpp"
