// gym::Array, and numpy's text formatting of arrays and scalars (numpy 2.x
// `str` / `repr` rules, default print options), which spaces.cpp reuses for
// Gymnasium-identical space reprs.
#include "gym/array.hpp"

#include "gym/float32.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>

#include <fmt/format.h>

namespace gym {

static_assert(sizeof(bool) == 1, "gym::Array stores bool as one byte");

std::string_view dtype_name(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return "float32";
    case DType::kFloat64: return "float64";
    case DType::kInt32: return "int32";
    case DType::kInt64: return "int64";
    case DType::kUInt8: return "uint8";
    case DType::kBool: return "bool";
  }
  return "unknown";
}

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return 4;
    case DType::kFloat64: return 8;
    case DType::kInt32: return 4;
    case DType::kInt64: return 8;
    case DType::kUInt8: return 1;
    case DType::kBool: return 1;
  }
  throw Error(fmt::format("gym::dtype_size: invalid dtype {}", int(dtype)));
}

bool is_floating(DType dtype) { return dtype == DType::kFloat32 || dtype == DType::kFloat64; }

std::string shape_string(const Shape& shape) {
  if (shape.size() == 1) return fmt::format("({},)", shape[0]);
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + ")";
}

namespace {

// Calls f(std::type_identity<T>{}) with T the C++ type of `dtype`.
template <class F>
decltype(auto) visit_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::kFloat32: return f(std::type_identity<float>{});
    case DType::kFloat64: return f(std::type_identity<double>{});
    case DType::kInt32: return f(std::type_identity<int32_t>{});
    case DType::kInt64: return f(std::type_identity<int64_t>{});
    case DType::kUInt8: return f(std::type_identity<uint8_t>{});
    case DType::kBool: return f(std::type_identity<bool>{});
  }
  throw Error(fmt::format("gym::Array: invalid dtype {}", int(dtype)));
}

template <class T>
T load(const std::byte* bytes, int64_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    // Any nonzero byte is true; never read a bool object that might hold 2..255.
    return bytes[i] != std::byte{0};
  } else {
    T value;
    std::memcpy(&value, bytes + i * int64_t(sizeof(T)), sizeof(T));
    return value;
  }
}

template <class T>
void store(std::byte* bytes, int64_t i, T value) {
  std::memcpy(bytes + i * int64_t(sizeof(T)), &value, sizeof(T));
}

// numpy's astype for one value, with defined results where numpy's are not:
// float -> integer truncates toward zero and saturates, NaN becomes 0 (as a
// CUDA conversion does); integer -> integer wraps modulo 2^bits (as numpy).
template <class To, class From>
To cast_value(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_same_v<To, float> && std::is_same_v<From, double>) {
    return to_float32(v);
  } else if constexpr (std::is_floating_point_v<To>) {
    return To(v);
  } else if constexpr (std::is_floating_point_v<From>) {
    if (std::isnan(v)) return To(0);
    const double t = std::trunc(double(v));
    // 2^digits of To, exactly representable: 256, 2^31, 2^63.
    const double upper = std::ldexp(1.0, std::numeric_limits<To>::digits);
    if (t >= upper) return std::numeric_limits<To>::max();
    if (t < double(std::numeric_limits<To>::min())) return std::numeric_limits<To>::min();
    return To(t);
  } else {
    return To(v);  // modular since C++20
  }
}

}  // namespace

Array::Array(DType dtype, Shape shape) : dtype_(dtype), shape_(std::move(shape)) {
  int64_t count = 1;
  for (int64_t dim : shape_) {
    if (dim < 0)
      throw Error(fmt::format("gym::Array: shape {} has a negative dimension {}", shape_string(shape_), dim));
    if (__builtin_mul_overflow(count, dim, &count))
      throw Error(fmt::format("gym::Array: shape {} has too many elements", shape_string(shape_)));
  }
  int64_t bytes = 0;
  if (__builtin_mul_overflow(count, int64_t(dtype_size(dtype_)), &bytes) ||
      uint64_t(bytes) > uint64_t(std::numeric_limits<std::ptrdiff_t>::max()))
    throw Error(fmt::format("gym::Array: shape {} of {} is too large", shape_string(shape_), dtype_name(dtype_)));
  bytes_.assign(std::size_t(bytes), std::byte{0});
}

int64_t Array::size() const {
  int64_t count = 1;
  for (int64_t dim : shape_) count *= dim;
  return count;
}

void Array::check_dtype(DType wanted) const {
  if (wanted != dtype_)
    throw Error(fmt::format("gym::Array: requested {} data from a {} array", dtype_name(wanted), dtype_name(dtype_)));
}

double Array::element(int64_t i) const {
  if (i < 0 || i >= size())
    throw Error(fmt::format("gym::Array: element {} is out of range for shape {}", i, shape_string(shape_)));
  return visit_dtype(dtype_, [&](auto tag) { return double(load<typename decltype(tag)::type>(bytes_.data(), i)); });
}

std::vector<double> Array::to_doubles() const {
  std::vector<double> out(static_cast<std::size_t>(size()));
  visit_dtype(dtype_, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = double(load<T>(bytes_.data(), int64_t(i)));
  });
  return out;
}

Array Array::astype(DType dtype) const {
  Array out(dtype, shape_);
  const int64_t n = size();
  visit_dtype(dtype_, [&](auto from_tag) {
    using From = typename decltype(from_tag)::type;
    visit_dtype(dtype, [&](auto to_tag) {
      using To = typename decltype(to_tag)::type;
      for (int64_t i = 0; i < n; ++i) store(out.bytes_.data(), i, cast_value<To>(load<From>(bytes_.data(), i)));
    });
  });
  return out;
}

Array Array::reshaped(Shape shape) const {
  Array out(dtype_, std::move(shape));
  if (out.size() != size())
    throw Error(fmt::format("gym::Array: cannot reshape {} elements of shape {} into shape {}", size(),
                            shape_string(shape_), shape_string(out.shape_)));
  out.bytes_ = bytes_;
  return out;
}

bool operator==(const Array& a, const Array& b) {
  return a.dtype_ == b.dtype_ && a.shape_ == b.shape_ && a.bytes_ == b.bytes_;
}

// ---------------------------------------------------------------------------
// numpy text formatting (numpy/_core/arrayprint.py and Dragon4, default print
// options: precision 8, floatmode "maxprec", linewidth 75, threshold 1000,
// edgeitems 3). Shortest round-trip digits come from printf at increasing
// precision; printf and Dragon4 both round exact binary values half-to-even.
// ---------------------------------------------------------------------------
namespace {

// A finite value written as +-0.DIGITS x 10^point, DIGITS without trailing
// zeros ("0" for zero, with point 1).
struct Decimal {
  bool negative = false;
  std::string digits;
  int point = 1;
};

// Parses printf's "%e" output, "-4.8000e+00".
Decimal parse_exponential(const char* text) {
  Decimal d;
  const char* p = text;
  if (*p == '-') {
    d.negative = true;
    ++p;
  }
  for (; *p && *p != 'e'; ++p)
    if (*p != '.') d.digits += *p;
  const int exponent = *p == 'e' ? std::atoi(p + 1) : 0;
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  d.point = d.digits == "0" ? 1 : exponent + 1;
  return d;
}

// Parses printf's "%f" output, "-0.00195312".
Decimal parse_fixed(const char* text) {
  Decimal d;
  const char* p = text;
  if (*p == '-') {
    d.negative = true;
    ++p;
  }
  std::string all;
  int point = -1;
  for (; *p; ++p) {
    if (*p == '.') point = int(all.size());
    else all += *p;
  }
  if (point < 0) point = int(all.size());
  const std::size_t first = all.find_first_not_of('0');
  if (first == std::string::npos) return Decimal{d.negative, "0", 1};
  d.digits = all.substr(first);
  d.point = point - int(first);
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  return d;
}

// The shortest digits that read back as the same float (single) or double.
Decimal shortest(double x, bool single) {
  char buf[64];
  const int max_digits = single ? 9 : 17;
  for (int digits = 1; digits <= max_digits; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
    const bool round_trips = single ? std::strtof(buf, nullptr) == float(x) : std::strtod(buf, nullptr) == x;
    if (round_trips) break;
  }
  Decimal d = parse_exponential(buf);
  d.negative = std::signbit(x);
  return d;
}

int fraction_digits(const Decimal& d) { return std::max(0, int(d.digits.size()) - d.point); }

// The exact value rounded to `precision` digits after the first.
Decimal exact_scientific(double x, int precision) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", precision, x);
  Decimal r = parse_exponential(buf);
  r.negative = std::signbit(x);
  return r;
}

// Dragon4 "unique" mode with a cutoff: the shortest digits, or the exact value
// rounded when those need more than `precision` digits after the point
// (positional) or after the first digit (scientific).
Decimal unique_positional(double x, bool single, int precision) {
  Decimal d = shortest(x, single);
  if (fraction_digits(d) <= precision) return d;
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", precision, x);
  Decimal r = parse_fixed(buf);
  r.negative = std::signbit(x);
  return r;
}

Decimal unique_scientific(double x, bool single, int precision) {
  Decimal d = shortest(x, single);
  if (int(d.digits.size()) - 1 <= precision) return d;
  return exact_scientific(x, precision);
}

// What is left of a number with no fractional digits (numpy's trim modes).
enum class Trim {
  kDot,          // numpy '.': "4."
  kOneZero,      // numpy '0': "4.0"
  kDotAndZeros,  // numpy '-': "4"
};

struct Positional {
  std::string integer;   // with sign
  std::string fraction;  // without the point
};

Positional positional_parts(const Decimal& d) {
  Positional p;
  if (d.point <= 0) {
    p.integer = "0";
    p.fraction = std::string(std::size_t(-d.point), '0') + d.digits;
  } else if (d.point >= int(d.digits.size())) {
    p.integer = d.digits + std::string(std::size_t(d.point) - d.digits.size(), '0');
  } else {
    p.integer = d.digits.substr(0, std::size_t(d.point));
    p.fraction = d.digits.substr(std::size_t(d.point));
  }
  if (d.negative) p.integer = "-" + p.integer;
  return p;
}

std::string join_positional(const Positional& p, Trim trim) {
  if (!p.fraction.empty()) return p.integer + "." + p.fraction;
  switch (trim) {
    case Trim::kOneZero: return p.integer + ".0";
    case Trim::kDotAndZeros: return p.integer;
    default: return p.integer + ".";
  }
}

struct Scientific {
  std::string integer;   // with sign: "-1"
  std::string fraction;  // without the point
  std::string exponent;  // with sign and at least two digits: "+05"
};

Scientific scientific_parts(const Decimal& d, int min_digits, int exp_digits) {
  Scientific s;
  s.integer = std::string(d.negative ? "-" : "") + d.digits.substr(0, 1);
  s.fraction = d.digits.substr(1);
  if (int(s.fraction.size()) < min_digits) s.fraction.append(std::size_t(min_digits) - s.fraction.size(), '0');
  const int exponent = d.digits == "0" ? 0 : d.point - 1;
  std::string digits = std::to_string(std::abs(exponent));
  const int width = std::max(2, exp_digits);
  if (int(digits.size()) < width) digits = std::string(std::size_t(width) - digits.size(), '0') + digits;
  s.exponent = std::string(exponent < 0 ? "-" : "+") + digits;
  return s;
}

std::string join_scientific(const Scientific& s, Trim trim) {
  std::string mantissa = s.integer;
  if (!s.fraction.empty()) mantissa += "." + s.fraction;
  else if (trim != Trim::kDotAndZeros) mantissa += ".";
  return mantissa + "e" + s.exponent;
}

std::string nonfinite_string(double x) {
  if (std::isnan(x)) return "nan";
  return x < 0 ? "-inf" : "inf";
}

// str() of a numpy float scalar: positional from 1e-4 up to 1e16 (float64)
// or 1e6 (float32), else scientific.
std::string float_scalar_string(double x, bool single) {
  if (!std::isfinite(x)) return nonfinite_string(x);
  const double a = std::fabs(x);
  const Decimal d = shortest(x, single);
  if (a == 0 || (a >= 1e-4 && a < (single ? 1e6 : 1e16)))
    return join_positional(positional_parts(d), Trim::kOneZero);
  return join_scientific(scientific_parts(d, 0, -1), Trim::kDotAndZeros);
}

// One element of an array, as its C++ type widened: double, int64 or bool.
struct Element {
  double real = 0;
  int64_t integer = 0;
};

Element read_element(const Array& a, int64_t i) {
  return visit_dtype(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T v = a.data<T>()[std::size_t(i)];
    if constexpr (std::is_floating_point_v<T>) return Element{double(v), 0};
    else return Element{double(v), int64_t(v)};
  });
}

std::string scalar_string(const Element& e, DType dtype) {
  if (dtype == DType::kBool) return e.integer ? "True" : "False";
  if (!is_floating(dtype)) return std::to_string(e.integer);
  return float_scalar_string(e.real, dtype == DType::kFloat32);
}

// numpy's FloatingFormat / IntegerFormat / BoolFormat: a per-array element
// formatter whose widths come from all the (shown) elements.
class ElementFormat {
 public:
  ElementFormat(DType dtype, const std::vector<Element>& shown) : dtype_(dtype) {
    if (dtype == DType::kBool) return;
    if (!is_floating(dtype)) {
      for (const Element& e : shown) width_ = std::max(width_, int(std::to_string(e.integer).size()));
      return;
    }
    fill_float(shown);
  }

  std::string operator()(const Element& e) const {
    if (dtype_ == DType::kBool) return e.integer ? " True" : "False";
    if (!is_floating(dtype_)) return pad_left(std::to_string(e.integer), width_);
    const double x = e.real;
    const bool single = dtype_ == DType::kFloat32;
    if (!std::isfinite(x)) return pad_left(nonfinite_string(x), pad_left_ + pad_right_ + 1);
    if (exp_format_) {
      // Dragon4's min_digits: digits past the shortest ones are the exact value's.
      Scientific s = scientific_parts(exact_scientific(x, precision_), precision_, exp_size_);
      s.integer = pad_left(s.integer, pad_left_);
      return join_scientific(s, Trim::kDot);
    }
    Positional p = positional_parts(unique_positional(x, single, precision_));
    p.integer = pad_left(p.integer, pad_left_);
    std::string text = join_positional(p, Trim::kDot);
    const int used = int(p.fraction.size());
    if (used < pad_right_) text.append(std::size_t(pad_right_ - used), ' ');
    return text;
  }

 private:
  static std::string pad_left(std::string s, int width) {
    if (int(s.size()) < width) s = std::string(std::size_t(width) - s.size(), ' ') + s;
    return s;
  }

  void fill_float(const std::vector<Element>& shown) {
    const bool single = dtype_ == DType::kFloat32;
    std::vector<double> finite;
    bool any_nonfinite = false, any_neginf = false;
    double max_abs = 0, min_abs = std::numeric_limits<double>::infinity();
    for (const Element& e : shown) {
      if (!std::isfinite(e.real)) {
        any_nonfinite = true;
        any_neginf |= std::isinf(e.real) && e.real < 0;
        continue;
      }
      finite.push_back(e.real);
      if (e.real != 0) {
        max_abs = std::max(max_abs, std::fabs(e.real));
        min_abs = std::min(min_abs, std::fabs(e.real));
      }
    }
    // numpy 2 switches to scientific from 10^min(8, decimal precision of the
    // dtype), and does these comparisons in the array's own precision.
    if (max_abs > 0 && single) {
      const float hi = float(max_abs), lo = float(min_abs);
      exp_format_ = hi >= 1e6f || lo < 1e-4f || hi / lo > 1000.0f;
    } else if (max_abs > 0) {
      exp_format_ = max_abs >= 1e8 || min_abs < 1e-4 || max_abs / min_abs > 1000.0;
    }

    if (finite.empty()) {
      pad_left_ = pad_right_ = 0;
    } else if (exp_format_) {
      int frac = 0, exp_len = 0;
      for (double x : finite) {
        const Scientific s = scientific_parts(unique_scientific(x, single, precision_), 0, -1);
        frac = std::max(frac, int(s.fraction.size()));
        exp_len = std::max(exp_len, int(s.exponent.size()));
        pad_left_ = std::max(pad_left_, int(s.integer.size()));
      }
      exp_size_ = exp_len - 1;
      precision_ = frac;
      pad_right_ = exp_size_ + 2 + precision_;
    } else {
      for (double x : finite) {
        const Positional p = positional_parts(unique_positional(x, single, precision_));
        pad_left_ = std::max(pad_left_, int(p.integer.size()));
        pad_right_ = std::max(pad_right_, int(p.fraction.size()));
      }
    }
    if (any_nonfinite) {
      const int offset = pad_right_ + 1;
      pad_left_ = std::max({pad_left_, 3 - offset, 3 + int(any_neginf) - offset});
    }
  }

  DType dtype_;
  int width_ = 0;  // integers
  bool exp_format_ = false;
  int precision_ = 8;
  int pad_left_ = 0, pad_right_ = 0, exp_size_ = -1;
};

constexpr int kLineWidth = 75;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;

// numpy's _formatArray (non-legacy): nested brackets, rows wrapped at the
// line width, "..." in place of the middle of long axes when summarising.
class ArrayPrinter {
 public:
  ArrayPrinter(const Array& a, std::string_view separator) : a_(a), separator_(separator) {
    summarise_ = a.size() > kThreshold;
    strides_.assign(a.shape().size(), 1);
    for (int k = int(a.shape().size()) - 2; k >= 0; --k) strides_[k] = strides_[k + 1] * a.shape()[k + 1];
    std::vector<Element> shown;
    collect(0, 0, shown);
    format_.emplace(a.dtype(), shown);
  }

  std::string print() {
    std::vector<int64_t> index;
    return recurse(index, " ", kLineWidth);
  }

 private:
  bool summarised(int axis) const { return summarise_ && 2 * kEdgeItems < a_.shape()[std::size_t(axis)]; }

  // The elements numpy's _leading_trailing keeps, which set the widths.
  void collect(int axis, int64_t offset, std::vector<Element>& out) const {
    if (axis == a_.ndim()) {
      out.push_back(read_element(a_, offset));
      return;
    }
    const int64_t len = a_.shape()[std::size_t(axis)];
    for (int64_t i = 0; i < len; ++i) {
      if (summarised(axis) && i == kEdgeItems) i = len - kEdgeItems;
      collect(axis + 1, offset + i * strides_[std::size_t(axis)], out);
    }
  }

  int64_t offset_of(const std::vector<int64_t>& index) const {
    int64_t offset = 0;
    for (std::size_t k = 0; k < index.size(); ++k) offset += index[k] * strides_[k];
    return offset;
  }

  static std::string rstrip(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  }

  void extend_line(std::string& s, std::string& line, const std::string& word, int width,
                   const std::string& hanging_indent) const {
    const bool needs_wrap = int(line.size() + word.size()) > width && line.size() > hanging_indent.size();
    if (needs_wrap) {
      s += rstrip(line) + "\n";
      line = hanging_indent;
    }
    line += word;
  }

  std::string recurse(std::vector<int64_t>& index, const std::string& hanging_indent, int width) {
    const int axis = int(index.size());
    const int axes_left = a_.ndim() - axis;
    if (axes_left == 0) return (*format_)(read_element(a_, offset_of(index)));

    const std::string next_indent = hanging_indent + " ";
    const int next_width = width - 1;
    const int64_t len = a_.shape()[std::size_t(axis)];
    const bool summary = summarised(axis);
    const int64_t leading = summary ? kEdgeItems : 0;
    const int64_t trailing = summary ? kEdgeItems : len;

    auto item = [&](int64_t i) {
      index.push_back(i);
      std::string text = recurse(index, next_indent, next_width);
      index.pop_back();
      return text;
    };

    std::string s;
    if (axes_left == 1) {
      const int sep_width = int(rstrip(std::string(separator_)).size());
      const int elem_width = width - std::max(sep_width, 1);
      std::string line = hanging_indent;
      for (int64_t i = 0; i < leading; ++i) {
        extend_line(s, line, item(i), elem_width, hanging_indent);
        line += separator_;
      }
      if (summary) {
        extend_line(s, line, "...", elem_width, hanging_indent);
        line += separator_;
      }
      for (int64_t i = trailing; i > 1; --i) {
        extend_line(s, line, item(len - i), elem_width, hanging_indent);
        line += separator_;
      }
      extend_line(s, line, item(len - 1), elem_width, hanging_indent);
      s += line;
    } else {
      const std::string line_sep = rstrip(std::string(separator_)) + std::string(std::size_t(axes_left - 1), '\n');
      for (int64_t i = 0; i < leading; ++i) s += hanging_indent + item(i) + line_sep;
      if (summary) s += hanging_indent + "..." + line_sep;
      for (int64_t i = trailing; i > 1; --i) s += hanging_indent + item(len - i) + line_sep;
      s += hanging_indent + item(len - 1);
    }
    return "[" + s.substr(hanging_indent.size()) + "]";
  }

  const Array& a_;
  std::string_view separator_;
  bool summarise_ = false;
  std::vector<int64_t> strides_;
  std::optional<ElementFormat> format_;
};

}  // namespace

// Shared with spaces.cpp, which declares them (no public header: numpy's text
// format is an implementation detail of the reprs).
namespace detail {

// str() of the numpy scalar `value` of `dtype`: "1.0", "0.41887903", "1e-05", "3", "True".
std::string scalar_string(double value, DType dtype) {
  if (is_floating(dtype)) return float_scalar_string(value, dtype == DType::kFloat32);
  return scalar_string(Element{value, cast_value<int64_t>(value)}, dtype);
}

// numpy's array2string with `separator`: str(a) for " ", repr(a) without
// "array(...)" for ", ". 0-d arrays print as their scalar.
std::string array_string(const Array& a, std::string_view separator) {
  if (a.ndim() == 0) return scalar_string(read_element(a, 0), a.dtype());
  if (a.size() == 0) return "[]";
  return ArrayPrinter(a, separator).print();
}

}  // namespace detail

std::string Array::to_string() const { return detail::array_string(*this, ", "); }

}  // namespace gym
