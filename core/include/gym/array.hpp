// gym::Array: a small owning n-d array (dtype + shape + bytes), the value type
// of observations, actions and rendered frames in the type-erased API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "gym/error.hpp"

namespace gym {

enum class DType : uint8_t { kFloat32, kFloat64, kInt32, kInt64, kUInt8, kBool };

std::string_view dtype_name(DType dtype);  // numpy's names: "float32", "int64", "bool", ...
std::size_t dtype_size(DType dtype);
bool is_floating(DType dtype);

template <class T>
constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, float>) return DType::kFloat32;
  else if constexpr (std::is_same_v<T, double>) return DType::kFloat64;
  else if constexpr (std::is_same_v<T, int32_t>) return DType::kInt32;
  else if constexpr (std::is_same_v<T, int64_t>) return DType::kInt64;
  else if constexpr (std::is_same_v<T, uint8_t>) return DType::kUInt8;
  else if constexpr (std::is_same_v<T, bool>) return DType::kBool;
  else static_assert(!sizeof(T), "gym::Array holds float, double, int32_t, int64_t, uint8_t or bool");
}

using Shape = std::vector<int64_t>;

std::string shape_string(const Shape& shape);  // numpy style: "()", "(4,)", "(2, 3)"

class Array {
 public:
  // An empty float64 array of shape (0,).
  Array() : shape_{0} {}
  // A zero-filled array.
  Array(DType dtype, Shape shape);

  // Scalars (shape ()) and 1-d lists, for convenient actions: env.step(1),
  // env.step({0.5}).
  Array(int value) : Array(scalar<int64_t>(value)) {}
  Array(int64_t value) : Array(scalar<int64_t>(value)) {}
  Array(double value) : Array(scalar<double>(value)) {}
  Array(std::initializer_list<double> values) : Array(from<double>(values, {int64_t(values.size())})) {}

  template <class T>
  static Array scalar(T value) {
    Array a(dtype_of<T>(), Shape{});
    std::memcpy(a.bytes_.data(), &value, sizeof(T));
    return a;
  }
  template <class T>
  static Array from(std::span<const T> values, Shape shape) {
    Array a(dtype_of<T>(), std::move(shape));
    if (std::size_t(a.size()) != values.size())
      throw Error("gym::Array: " + std::to_string(values.size()) + " values do not fill shape " +
                  shape_string(a.shape_));
    if (!values.empty()) std::memcpy(a.bytes_.data(), values.data(), values.size_bytes());
    return a;
  }
  template <class T>
  static Array from(std::initializer_list<T> values, Shape shape) {
    return from(std::span<const T>(values.begin(), values.size()), std::move(shape));
  }
  template <class T>
  static Array from(const std::vector<T>& values) {
    return from(std::span<const T>(values), Shape{int64_t(values.size())});
  }

  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  int ndim() const { return int(shape_.size()); }
  int64_t size() const;  // number of elements

  // Typed views; throw gym::Error when T is not the array's dtype.
  template <class T>
  std::span<T> data() {
    check_dtype(dtype_of<T>());
    return {reinterpret_cast<T*>(bytes_.data()), std::size_t(size())};
  }
  template <class T>
  std::span<const T> data() const {
    check_dtype(dtype_of<T>());
    return {reinterpret_cast<const T*>(bytes_.data()), std::size_t(size())};
  }

  // Element i (flat, row-major) converted to double, whatever the dtype.
  double element(int64_t i) const;
  // All elements as doubles.
  std::vector<double> to_doubles() const;
  // A converted copy (numpy's astype: float -> int truncates toward zero).
  Array astype(DType dtype) const;
  // The same data under another shape with as many elements.
  Array reshaped(Shape shape) const;

  // numpy-like text, e.g. "[0.1, -0.2]" or "1".
  std::string to_string() const;

  friend bool operator==(const Array& a, const Array& b);

 private:
  void check_dtype(DType wanted) const;

  DType dtype_ = DType::kFloat64;
  Shape shape_;
  std::vector<std::byte> bytes_;
};

}  // namespace gym
