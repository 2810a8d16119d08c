// gym::Dual<T, N>: a forward-mode dual number with N tangent lanes, for
// exact derivatives of a model's step (DESIGN.md section 4). A model written
// over a scalar template runs unchanged on Dual<double, N>: each value is
// computed by exactly the operations the plain double path performs (so the
// simulation never changes when it is differentiated), and each tangent
// lane carries d(value)/d(input k) by the chain rule.
//
// Non-smooth operations get one-sided, documented derivatives:
//   comparisons                  on the value only (no derivative flows through a branch)
//   min / max / clip / select    the derivative of the chosen argument (zero at a
//                                clipped bound; at a tie, that of the argument returned)
//   floor                        zero
//   pymod(x, y) (Python's %)     d/dx = 1, d/dy = -floor(x / y)
//   abs                          sign(x), and 0 at x = 0
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "gym/hd.hpp"
#include "gym/math.hpp"  // the plain overloads the dual ones build on

namespace gym {

template <class T, int N>
struct Dual {
  static_assert(N >= 1, "a dual number needs at least one tangent lane");
  T v{};     // the value
  T d[N]{};  // d[k]: derivative of the value with respect to input k

  constexpr Dual() = default;  // defaulted: host and device alike, no GYM_HD needed
  // A constant: every derivative zero. Implicit, so that constants mix with
  // duals in expressions the way they mix with doubles.
  template <class U, class = std::enable_if_t<std::is_arithmetic_v<U>>>
  GYM_HD constexpr Dual(U value) : v(T(value)) {}

  // Input number k: value x, derivative 1 in lane k.
  GYM_HD static constexpr Dual variable(T x, int k) {
    Dual r(x);
    r.d[k] = T(1);
    return r;
  }

  GYM_HD constexpr T value() const { return v; }
  // Explicit conversion to a plain number drops the derivatives.
  GYM_HD explicit constexpr operator T() const { return v; }

  GYM_HD constexpr Dual& operator+=(const Dual& o) { return *this = *this + o; }
  GYM_HD constexpr Dual& operator-=(const Dual& o) { return *this = *this - o; }
  GYM_HD constexpr Dual& operator*=(const Dual& o) { return *this = *this * o; }
  GYM_HD constexpr Dual& operator/=(const Dual& o) { return *this = *this / o; }

  GYM_HD friend constexpr Dual operator+(const Dual& a) { return a; }
  GYM_HD friend constexpr Dual operator-(const Dual& a) {
    Dual r;
    r.v = -a.v;
    for (int k = 0; k < N; ++k) r.d[k] = -a.d[k];
    return r;
  }
  GYM_HD friend constexpr Dual operator+(const Dual& a, const Dual& b) {
    Dual r;
    r.v = a.v + b.v;
    for (int k = 0; k < N; ++k) r.d[k] = a.d[k] + b.d[k];
    return r;
  }
  GYM_HD friend constexpr Dual operator-(const Dual& a, const Dual& b) {
    Dual r;
    r.v = a.v - b.v;
    for (int k = 0; k < N; ++k) r.d[k] = a.d[k] - b.d[k];
    return r;
  }
  GYM_HD friend constexpr Dual operator*(const Dual& a, const Dual& b) {
    Dual r;
    r.v = a.v * b.v;
    for (int k = 0; k < N; ++k) r.d[k] = a.d[k] * b.v + a.v * b.d[k];
    return r;
  }
  GYM_HD friend constexpr Dual operator/(const Dual& a, const Dual& b) {
    Dual r;
    r.v = a.v / b.v;
    // (a'b - ab') / b^2 = (a' - r b') / b
    for (int k = 0; k < N; ++k) r.d[k] = (a.d[k] - r.v * b.d[k]) / b.v;
    return r;
  }

  GYM_HD friend constexpr bool operator<(const Dual& a, const Dual& b) { return a.v < b.v; }
  GYM_HD friend constexpr bool operator>(const Dual& a, const Dual& b) { return a.v > b.v; }
  GYM_HD friend constexpr bool operator<=(const Dual& a, const Dual& b) { return a.v <= b.v; }
  GYM_HD friend constexpr bool operator>=(const Dual& a, const Dual& b) { return a.v >= b.v; }
  GYM_HD friend constexpr bool operator==(const Dual& a, const Dual& b) { return a.v == b.v; }
  GYM_HD friend constexpr bool operator!=(const Dual& a, const Dual& b) { return a.v != b.v; }
};

template <class T>
struct is_dual : std::false_type {};
template <class T, int N>
struct is_dual<Dual<T, N>> : std::true_type {};
template <class T>
inline constexpr bool is_dual_v = is_dual<T>::value;

// The plain number type under a scalar: T itself, or a dual's value type.
template <class T>
struct scalar_value {
  using type = T;
};
template <class T, int N>
struct scalar_value<Dual<T, N>> {
  using type = T;
};
template <class T>
using scalar_value_t = typename scalar_value<T>::type;

// The value of a scalar, plain or dual.
template <class T>
GYM_HD constexpr scalar_value_t<T> value_of(const T& x) {
  if constexpr (is_dual_v<T>) return x.v;
  else return x;
}

// True for the reference-precision scalars: double and duals over double.
// Models take their Gymnasium-exact code paths for these.
template <class T>
inline constexpr bool is_reference_v = std::is_same_v<scalar_value_t<T>, double>;

namespace math {

// f(a) with derivative f'(a): the chain rule for unary functions.
template <class T, int N>
GYM_HD constexpr Dual<T, N> chain(const Dual<T, N>& a, T f, T df) {
  Dual<T, N> r;
  r.v = f;
  for (int k = 0; k < N; ++k) r.d[k] = df * a.d[k];
  return r;
}

template <class T, int N>
GYM_HD inline Dual<T, N> sin(const Dual<T, N>& a) {
  return chain(a, T(std::sin(a.v)), T(std::cos(a.v)));
}
template <class T, int N>
GYM_HD inline Dual<T, N> cos(const Dual<T, N>& a) {
  return chain(a, T(std::cos(a.v)), T(-std::sin(a.v)));
}
template <class T, int N>
GYM_HD inline void sincos(const Dual<T, N>& a, Dual<T, N>* s, Dual<T, N>* c) {
  const T sv = std::sin(a.v), cv = std::cos(a.v);
  *s = chain(a, sv, cv);
  *c = chain(a, cv, T(-sv));
}
template <class T, int N>
GYM_HD inline Dual<T, N> sqrt(const Dual<T, N>& a) {
  const T r = std::sqrt(a.v);
  return chain(a, r, T(0.5) / r);
}
template <class T, int N>
GYM_HD inline Dual<T, N> abs(const Dual<T, N>& a) {
  return chain(a, T(std::fabs(a.v)), T(a.v > 0 ? 1 : a.v < 0 ? -1 : 0));
}
// x**2: the value exactly as the plain path computes it (libm pow for double).
template <class T, int N>
GYM_HD inline Dual<T, N> pow2(const Dual<T, N>& a) {
  return chain(a, T(pow2(a.v)), T(2) * a.v);
}
template <class T, int N>
GYM_HD inline Dual<T, N> floor(const Dual<T, N>& a) {
  return Dual<T, N>(floor(a.v));
}
template <class T, int N>
GYM_HD inline Dual<T, N> pymod(const Dual<T, N>& x, const Dual<T, N>& y) {
  Dual<T, N> r;
  r.v = pymod(x.v, y.v);
  const T q = std::floor(x.v / y.v);
  for (int k = 0; k < N; ++k) r.d[k] = x.d[k] - q * y.d[k];
  return r;
}
template <class T, int N>
GYM_HD constexpr Dual<T, N> square(const Dual<T, N>& a) {
  return a * a;
}
template <class T, int N>
GYM_HD constexpr Dual<T, N> min(const Dual<T, N>& a, const Dual<T, N>& b) {
  return b < a ? b : a;
}
template <class T, int N>
GYM_HD constexpr Dual<T, N> max(const Dual<T, N>& a, const Dual<T, N>& b) {
  return a < b ? b : a;
}
template <class T, int N>
GYM_HD constexpr Dual<T, N> clip(const Dual<T, N>& x, const Dual<T, N>& lo, const Dual<T, N>& hi) {
  return min(max(x, lo), hi);
}
template <class T, int N>
GYM_HD constexpr Dual<T, N> select(bool c, const Dual<T, N>& a, const Dual<T, N>& b) {
  return c ? a : b;
}
// Division by a batch constant: a plain division here (exactly the double path).
template <class T, int N>
GYM_HD constexpr Dual<T, N> div_const(const Dual<T, N>& x, const Dual<T, N>& d) {
  return x / d;
}

}  // namespace math
}  // namespace gym
