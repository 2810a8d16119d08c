// Spaces as in Gymnasium 1.4 (gymnasium/spaces/{box,discrete,multi_discrete,
// multi_binary}.py): the same validation, sampling rules and reprs.
//
// Membership is decided on values, not on numpy's casting table, so that the
// convenient C++ actions (`env.step({0.5})` is float64, `env.step(1)` is
// int64) are members of float32 and int32 spaces:
// - floating Boxes accept any dtype whose values lie within the bounds (a
//   float64 value is compared as is, not after rounding to float32);
// - integer spaces (integer Box, Discrete, MultiDiscrete, MultiBinary) accept
//   any dtype whose values are exact integers in range; bool counts as 0/1.
// NaN is never a member. Shapes must match exactly.
#include "gym/spaces.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

namespace gym {

// numpy's text formats, defined in array.cpp.
namespace detail {
std::string scalar_string(double value, DType dtype);
std::string array_string(const Array& a, std::string_view separator);
}  // namespace detail

namespace {

constexpr double kTwo63 = 9223372036854775808.0;             // 2^63
constexpr double kBelowTwo63 = 9223372036854774784.0;        // the largest double below 2^63

int64_t checked_count(const Shape& shape, std::string_view space) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      throw Error(fmt::format("gym::{}: shape {} has a negative dimension {}", space, shape_string(shape), dim));
    if (__builtin_mul_overflow(count, dim, &count))
      throw Error(fmt::format("gym::{}: shape {} has too many elements", space, shape_string(shape)));
  }
  return count;
}

// The range of an integer dtype.
int64_t int_min(DType dtype) {
  switch (dtype) {
    case DType::kInt32: return std::numeric_limits<int32_t>::min();
    case DType::kUInt8: return 0;
    default: return std::numeric_limits<int64_t>::min();
  }
}
int64_t int_max(DType dtype) {
  switch (dtype) {
    case DType::kInt32: return std::numeric_limits<int32_t>::max();
    case DType::kUInt8: return std::numeric_limits<uint8_t>::max();
    default: return std::numeric_limits<int64_t>::max();
  }
}

// A bound of an integer Box as an integer: infinite bounds stand for the
// dtype's limits, as in Gymnasium.
int64_t int_bound(double bound, DType dtype) {
  if (bound <= double(int_min(dtype))) return int_min(dtype);
  if (bound >= double(int_max(dtype))) return int_max(dtype);
  return int64_t(bound);
}

// A double as int64, saturating at the limits. NaN is never passed.
int64_t saturate_int64(double v) {
  return v <= -kTwo63 ? std::numeric_limits<int64_t>::min() : int64_t(std::min(v, kBelowTwo63));
}

// "element 2 = 7", "element (1, 0) = 7" or, for a scalar, "value 7"; without
// the value when `value` is empty.
std::string describe(const Array& x, int64_t i, const std::string& value = "") {
  if (x.ndim() == 0) return value.empty() ? "value" : "value " + value;
  std::string name;
  if (x.ndim() == 1) {
    name = fmt::format("element {}", i);
  } else {
    Shape index(x.shape().size());
    int64_t rest = i;
    for (int k = x.ndim() - 1; k >= 0; --k) {
      index[std::size_t(k)] = rest % x.shape()[std::size_t(k)];
      rest /= x.shape()[std::size_t(k)];
    }
    name = "element " + shape_string(index);
  }
  return value.empty() ? name : name + " = " + value;
}

std::string element_string(const Array& x, int64_t i) {
  if (x.dtype() == DType::kInt64) return std::to_string(x.data<int64_t>()[std::size_t(i)]);
  return detail::scalar_string(x.element(i), x.dtype());
}

std::optional<std::string> check_shape(const Array& x, const Shape& shape) {
  if (x.shape() == shape) return std::nullopt;
  return fmt::format("expected shape {}, got {}", shape_string(shape), shape_string(x.shape()));
}

// Why element i of x is not an integer in [lo, hi], if it is not.
std::optional<std::string> why_not_integer_in(const Array& x, int64_t i, int64_t lo, int64_t hi) {
  int64_t value;
  if (x.dtype() == DType::kInt64) {
    value = x.data<int64_t>()[std::size_t(i)];
  } else if (!is_floating(x.dtype())) {
    value = int64_t(x.element(i));  // int32, uint8, bool: exact
  } else {
    const double v = x.element(i);
    if (std::isnan(v)) return describe(x, i) + " is NaN";
    if (std::isfinite(v) && v != std::trunc(v)) return describe(x, i, element_string(x, i)) + " is not an integer";
    if (v < -kTwo63 || v >= kTwo63)  // infinities included
      return describe(x, i, element_string(x, i)) + fmt::format(" is outside [{}, {}]", lo, hi);
    value = int64_t(v);
  }
  if (value < lo || value > hi)
    return describe(x, i, element_string(x, i)) + fmt::format(" is outside [{}, {}]", lo, hi);
  return std::nullopt;
}

// Gymnasium's array_short_repr: the common value when all are equal.
std::string short_repr(const Array& a) {
  const std::vector<double> v = a.to_doubles();
  if (v.empty() || !std::all_of(v.begin(), v.end(), [&](double x) { return x == v[0]; }))
    return detail::array_string(a, " ");
  if (a.dtype() == DType::kInt64) return std::to_string(a.data<int64_t>()[0]);
  return detail::scalar_string(v[0], a.dtype());
}

nlohmann::json json_number(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

template <class T>
nlohmann::json json_array(const std::vector<T>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& v : values) out.push_back(v);
  return out;
}

// Checks one bound of a Box of `dtype` as Gymnasium's _cast_low/_cast_high
// do, and rounds float32 bounds to float32 as numpy stores them.
void validate_bound(DType dtype, const char* name, std::size_t i, double& value) {
  if (std::isnan(value)) throw Error(fmt::format("gym::Box: {}[{}] is NaN", name, i));
  const bool is_low = name[0] == 'l';
  if (std::isinf(value) && (value > 0) == is_low)
    throw Error(fmt::format("gym::Box: {}[{}] = {} leaves the interval empty", name, i, value));
  const std::string_view dt = dtype_name(dtype);
  if (dtype == DType::kFloat32) {
    if (std::isfinite(value) && std::fabs(value) > double(FLT_MAX))
      throw Error(fmt::format("gym::Box: {}[{}] = {} is outside the float32 range", name, i, value));
    value = double(float(value));
    return;
  }
  if (is_floating(dtype)) return;
  if (std::isinf(value)) {
    if (dtype == DType::kUInt8)
      throw Error(fmt::format("gym::Box: {}[{}] = {}, but unsigned dtype {} needs finite bounds", name, i, value, dt));
    return;  // stands for the dtype's limit, as in Gymnasium
  }
  if (value != std::trunc(value))
    throw Error(fmt::format("gym::Box: {}[{}] = {} is not an integer, but dtype is {}", name, i, value, dt));
  if (value < double(int_min(dtype)) || value > double(int_max(dtype)))
    throw Error(fmt::format("gym::Box: {}[{}] = {} is outside the {} range [{}, {}]", name, i, value, dt,
                            int_min(dtype), int_max(dtype)));
}

}  // namespace

// ---------------------------------------------------------------------------
// Box

Box::Box(double low, double high, Shape shape, DType dtype)
    : Box(std::vector<double>(std::size_t(checked_count(shape, "Box")), low),
          std::vector<double>(std::size_t(checked_count(shape, "Box")), high), shape, dtype) {}

Box::Box(std::vector<double> low, std::vector<double> high, Shape shape, DType dtype)
    : shape_(std::move(shape)), dtype_(dtype), low_(std::move(low)), high_(std::move(high)) {
  if (dtype_ == DType::kBool)
    throw Error("gym::Box: dtype bool is not supported; use a floating or integer dtype, or MultiBinary");
  const int64_t count = checked_count(shape_, "Box");
  if (int64_t(low_.size()) != count)
    throw Error(fmt::format("gym::Box: low has {} values but shape {} has {} elements", low_.size(),
                            shape_string(shape_), count));
  if (int64_t(high_.size()) != count)
    throw Error(fmt::format("gym::Box: high has {} values but shape {} has {} elements", high_.size(),
                            shape_string(shape_), count));

  for (std::size_t i = 0; i < low_.size(); ++i) {
    validate_bound(dtype_, "low", i, low_[i]);
    validate_bound(dtype_, "high", i, high_[i]);
    if (low_[i] > high_[i])
      throw Error(fmt::format("gym::Box: low[{}] = {} is greater than high[{}] = {}", i, low_[i], i, high_[i]));
  }
}

bool Box::is_bounded() const {
  auto finite = [](double v) { return std::isfinite(v); };
  return std::all_of(low_.begin(), low_.end(), finite) && std::all_of(high_.begin(), high_.end(), finite);
}

std::optional<std::string> Box::why_not_contains(const Array& x) const {
  if (auto problem = check_shape(x, shape_)) return problem;
  for (int64_t i = 0; i < x.size(); ++i) {
    if (!is_floating(dtype_)) {
      if (auto problem = why_not_integer_in(x, i, int_bound(low_[std::size_t(i)], dtype_),
                                            int_bound(high_[std::size_t(i)], dtype_)))
        return problem;
      continue;
    }
    const double v = x.element(i);
    if (std::isnan(v)) return describe(x, i) + " is NaN";
    if (v < low_[std::size_t(i)] || v > high_[std::size_t(i)])
      return describe(x, i, element_string(x, i)) +
             fmt::format(" is outside [{}, {}]", detail::scalar_string(low_[std::size_t(i)], dtype_),
                         detail::scalar_string(high_[std::size_t(i)], dtype_));
  }
  return std::nullopt;
}

Array Box::sample() {
  Array out(dtype_, shape_);
  const bool integer = !is_floating(dtype_);
  for (std::size_t i = 0; i < low_.size(); ++i) {
    const double lo = low_[i];
    // Integer boxes draw from [low, high + 1) and floor, so high is reachable.
    const double hi = integer && std::isfinite(high_[i]) ? high_[i] + 1.0 : high_[i];
    double v;
    if (std::isfinite(lo) && std::isfinite(hi)) {
      const double u = rng_.next_double();
      // The second form avoids inf when high - low overflows (float64 boxes near DBL_MAX).
      v = std::isfinite(hi - lo) ? lo + (hi - lo) * u : lo * (1.0 - u) + hi * u;
    } else if (std::isfinite(lo)) {
      v = lo + rng_.exponential();
    } else if (std::isfinite(hi)) {
      v = hi - rng_.exponential();
    } else {
      v = rng_.normal();
    }
    if (integer) v = std::floor(v);
    // Rounding in the formulas above may step a hair outside the box.
    v = std::clamp(v, lo, high_[i]);
    switch (dtype_) {
      case DType::kFloat32: out.data<float>()[i] = float(std::clamp(v, double(-FLT_MAX), double(FLT_MAX))); break;
      case DType::kFloat64: out.data<double>()[i] = v; break;
      default: {
        const int64_t n = std::clamp(saturate_int64(v), int_bound(lo, dtype_), int_bound(high_[i], dtype_));
        if (dtype_ == DType::kInt64) out.data<int64_t>()[i] = n;
        else if (dtype_ == DType::kInt32) out.data<int32_t>()[i] = int32_t(n);
        else out.data<uint8_t>()[i] = uint8_t(n);
      }
    }
  }
  return out;
}

std::string Box::to_string() const {
  // Gymnasium prints the stored arrays, where integer infinities are the dtype's limits.
  auto bounds = [&](const std::vector<double>& b) {
    Array a(dtype_, shape_);
    for (std::size_t i = 0; i < b.size(); ++i) {
      switch (dtype_) {
        case DType::kFloat32: a.data<float>()[i] = float(b[i]); break;
        case DType::kFloat64: a.data<double>()[i] = b[i]; break;
        case DType::kInt64: a.data<int64_t>()[i] = int_bound(b[i], dtype_); break;
        case DType::kInt32: a.data<int32_t>()[i] = int32_t(int_bound(b[i], dtype_)); break;
        default: a.data<uint8_t>()[i] = uint8_t(int_bound(b[i], dtype_)); break;
      }
    }
    return short_repr(a);
  };
  return fmt::format("Box({}, {}, {}, {})", bounds(low_), bounds(high_), shape_string(shape_), dtype_name(dtype_));
}

nlohmann::json Box::to_json() const {
  auto bounds = [&](const std::vector<double>& b) {
    nlohmann::json out = nlohmann::json::array();
    for (double v : b)
      out.push_back(is_floating(dtype_) || std::isinf(v) ? json_number(v) : nlohmann::json(int_bound(v, dtype_)));
    return out;
  };
  return {{"type", "Box"},
          {"shape", json_array(shape_)},
          {"dtype", std::string(dtype_name(dtype_))},
          {"low", bounds(low_)},
          {"high", bounds(high_)}};
}

// ---------------------------------------------------------------------------
// Discrete

Discrete::Discrete(int64_t n, int64_t start) : n_(n), start_(start) {
  if (n <= 0) throw Error(fmt::format("gym::Discrete: n must be positive, got {}", n));
  int64_t last;
  if (__builtin_add_overflow(start, n - 1, &last))
    throw Error(fmt::format("gym::Discrete: start + n - 1 = {} + {} overflows int64", start, n - 1));
}

std::optional<std::string> Discrete::why_not_contains(const Array& x) const {
  if (auto problem = check_shape(x, shape_)) return problem;
  return why_not_integer_in(x, 0, start_, start_ + (n_ - 1));
}

Array Discrete::sample() { return Array::scalar<int64_t>(start_ + int64_t(rng_.below(uint64_t(n_)))); }

std::string Discrete::to_string() const {
  if (start_ != 0) return fmt::format("Discrete({}, start={})", n_, start_);
  return fmt::format("Discrete({})", n_);
}

nlohmann::json Discrete::to_json() const { return {{"type", "Discrete"}, {"n", n_}, {"start", start_}}; }

// ---------------------------------------------------------------------------
// MultiDiscrete

MultiDiscrete::MultiDiscrete(std::vector<int64_t> nvec, std::vector<int64_t> start)
    : shape_{int64_t(nvec.size())}, nvec_(std::move(nvec)), start_(std::move(start)) {
  if (start_.empty()) start_.assign(nvec_.size(), 0);
  if (start_.size() != nvec_.size())
    throw Error(fmt::format("gym::MultiDiscrete: start has {} values but nvec has {}", start_.size(), nvec_.size()));
  for (std::size_t k = 0; k < nvec_.size(); ++k) {
    if (nvec_[k] <= 0) throw Error(fmt::format("gym::MultiDiscrete: nvec[{}] = {} must be positive", k, nvec_[k]));
    int64_t last;
    if (__builtin_add_overflow(start_[k], nvec_[k] - 1, &last))
      throw Error(fmt::format("gym::MultiDiscrete: start[{}] + nvec[{}] - 1 = {} + {} overflows int64", k, k,
                              start_[k], nvec_[k] - 1));
  }
}

std::optional<std::string> MultiDiscrete::why_not_contains(const Array& x) const {
  if (auto problem = check_shape(x, shape_)) return problem;
  for (std::size_t k = 0; k < nvec_.size(); ++k) {
    if (auto problem = why_not_integer_in(x, int64_t(k), start_[k], start_[k] + (nvec_[k] - 1))) return problem;
  }
  return std::nullopt;
}

Array MultiDiscrete::sample() {
  Array out(DType::kInt64, shape_);
  auto data = out.data<int64_t>();
  for (std::size_t k = 0; k < nvec_.size(); ++k) data[k] = start_[k] + int64_t(rng_.below(uint64_t(nvec_[k])));
  return out;
}

std::string MultiDiscrete::to_string() const {
  const std::string nvec = detail::array_string(Array::from(nvec_), " ");
  if (std::any_of(start_.begin(), start_.end(), [](int64_t s) { return s != 0; }))
    return fmt::format("MultiDiscrete({}, start={})", nvec, detail::array_string(Array::from(start_), " "));
  return fmt::format("MultiDiscrete({})", nvec);
}

nlohmann::json MultiDiscrete::to_json() const {
  return {{"type", "MultiDiscrete"}, {"nvec", json_array(nvec_)}, {"start", json_array(start_)}};
}

// ---------------------------------------------------------------------------
// MultiBinary

MultiBinary::MultiBinary(Shape shape) : shape_(std::move(shape)) {
  checked_count(shape_, "MultiBinary");
  for (int64_t dim : shape_)
    if (dim == 0) throw Error(fmt::format("gym::MultiBinary: shape {} has a zero dimension", shape_string(shape_)));
}

std::optional<std::string> MultiBinary::why_not_contains(const Array& x) const {
  if (auto problem = check_shape(x, shape_)) return problem;
  for (int64_t i = 0; i < x.size(); ++i)
    if (auto problem = why_not_integer_in(x, i, 0, 1)) return problem;
  return std::nullopt;
}

Array MultiBinary::sample() {
  Array out(DType::kUInt8, shape_);
  for (uint8_t& bit : out.data<uint8_t>()) bit = uint8_t(rng_.below(2));
  return out;
}

std::string MultiBinary::to_string() const {
  // Gymnasium prints its `n`: an int for MultiBinary(4), a tuple otherwise.
  if (shape_.size() == 1) return fmt::format("MultiBinary({})", shape_[0]);
  return fmt::format("MultiBinary({})", shape_string(shape_));
}

nlohmann::json MultiBinary::to_json() const { return {{"type", "MultiBinary"}, {"shape", json_array(shape_)}}; }

}  // namespace gym
