// float64 -> float32 with IEEE round-to-nearest and overflow to infinity,
// spelled out because an out-of-range conversion is undefined behaviour in
// C++. This is numpy's astype(np.float32), which Gymnasium's observations use.
#pragma once

#include <cfloat>
#include <cmath>

#include "gym/hd.hpp"

namespace gym {

GYM_HD inline float to_float32(double x) {
  constexpr double kOverflow = double(FLT_MAX) + 0x1.0p103;  // FLT_MAX + half an ulp
  if (std::isfinite(x) && std::fabs(x) > double(FLT_MAX)) {
    const float magnitude = std::fabs(x) >= kOverflow ? HUGE_VALF : FLT_MAX;
    return x > 0 ? magnitude : -magnitude;
  }
  return float(x);
}
GYM_HD inline float to_float32(float x) { return x; }

// x rounded to the nearest float32 and widened back: numpy's float32 storage
// of a float64 value. Kept out of line on purpose: GCC 12's SLP vectoriser
// (-O2 and up) drops a double -> float -> double round trip when it packs two
// of them into one vector, returning x unrounded (wrong code, seen on
// MountainCarContinuous's two state components); a call keeps them apart.
GYM_HD GYM_NOINLINE inline double round_to_float32(double x) { return double(to_float32(x)); }

}  // namespace gym
