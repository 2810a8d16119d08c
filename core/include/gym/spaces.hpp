// Spaces as in Gymnasium 1.x: Box, Discrete, MultiDiscrete, MultiBinary.
// Each can check membership (with the reason when an array is not a member),
// sample from its own seeded generator, and print itself like Gymnasium does.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/array.hpp"
#include "gym/rng.hpp"

namespace gym {

class Space {
 public:
  virtual ~Space() = default;

  virtual const Shape& shape() const = 0;
  virtual DType dtype() const = 0;

  // Why `x` is not an element of this space (dtype, shape, bounds, NaN...),
  // or nothing when it is one. Like Gymnasium, a dtype that converts to ours
  // without loss (an int64 into a float32 Box, a float64 holding an exact
  // integer into a Discrete) is accepted; shape must match exactly.
  virtual std::optional<std::string> why_not_contains(const Array& x) const = 0;
  bool contains(const Array& x) const { return !why_not_contains(x).has_value(); }

  // A random element, from this space's own generator (see seed()).
  virtual Array sample() = 0;
  // Reseeds the space's generator; the same seed gives the same samples.
  void seed(uint64_t seed) { rng_ = Rng::for_env(seed, 0, 0, RngPurpose::kSpace); }

  // Gymnasium's repr, e.g. "Discrete(2)" or "Box(-1.0, 1.0, (3,), float32)".
  virtual std::string to_string() const = 0;
  // {"type": "Box", "shape": [...], "dtype": ..., "low": [...], "high": [...]} etc.
  virtual nlohmann::json to_json() const = 0;
  virtual std::unique_ptr<Space> clone() const = 0;

 protected:
  Rng rng_ = Rng::for_env(0, 0, 0, RngPurpose::kSpace);
};

// A (possibly unbounded) box in R^n. low/high may be +-infinity. For float32
// boxes the bounds are stored rounded to float32, as numpy does.
class Box final : public Space {
 public:
  Box(double low, double high, Shape shape, DType dtype = DType::kFloat32);
  Box(std::vector<double> low, std::vector<double> high, Shape shape, DType dtype = DType::kFloat32);

  const Shape& shape() const override { return shape_; }
  DType dtype() const override { return dtype_; }
  const std::vector<double>& low() const { return low_; }
  const std::vector<double>& high() const { return high_; }
  bool is_bounded() const;  // every bound finite

  std::optional<std::string> why_not_contains(const Array& x) const override;
  // Gymnasium's rule per element: uniform when bounded on both sides, shifted
  // exponential when bounded on one side, standard normal when unbounded;
  // integer boxes sample floor(uniform(low, high + 1)).
  Array sample() override;
  std::string to_string() const override;
  nlohmann::json to_json() const override;
  std::unique_ptr<Space> clone() const override { return std::make_unique<Box>(*this); }

 private:
  Shape shape_;
  DType dtype_;
  std::vector<double> low_, high_;
};

// {start, start + 1, ..., start + n - 1}; elements are int64 scalars.
class Discrete final : public Space {
 public:
  explicit Discrete(int64_t n, int64_t start = 0);

  const Shape& shape() const override { return shape_; }
  DType dtype() const override { return DType::kInt64; }
  int64_t n() const { return n_; }
  int64_t start() const { return start_; }

  std::optional<std::string> why_not_contains(const Array& x) const override;
  Array sample() override;
  std::string to_string() const override;
  nlohmann::json to_json() const override;
  std::unique_ptr<Space> clone() const override { return std::make_unique<Discrete>(*this); }

 private:
  Shape shape_{};
  int64_t n_, start_;
};

// A vector of Discrete spaces: element k in {start[k], ..., start[k] + nvec[k] - 1}.
class MultiDiscrete final : public Space {
 public:
  explicit MultiDiscrete(std::vector<int64_t> nvec, std::vector<int64_t> start = {});

  const Shape& shape() const override { return shape_; }
  DType dtype() const override { return DType::kInt64; }
  const std::vector<int64_t>& nvec() const { return nvec_; }
  const std::vector<int64_t>& start() const { return start_; }

  std::optional<std::string> why_not_contains(const Array& x) const override;
  Array sample() override;
  std::string to_string() const override;
  nlohmann::json to_json() const override;
  std::unique_ptr<Space> clone() const override { return std::make_unique<MultiDiscrete>(*this); }

 private:
  Shape shape_;
  std::vector<int64_t> nvec_, start_;
};

// Binary arrays of a given shape; elements are int8-like 0/1 stored as uint8.
class MultiBinary final : public Space {
 public:
  explicit MultiBinary(int64_t n) : MultiBinary(Shape{n}) {}
  explicit MultiBinary(Shape shape);

  const Shape& shape() const override { return shape_; }
  DType dtype() const override { return DType::kUInt8; }

  std::optional<std::string> why_not_contains(const Array& x) const override;
  Array sample() override;
  std::string to_string() const override;
  nlohmann::json to_json() const override;
  std::unique_ptr<Space> clone() const override { return std::make_unique<MultiBinary>(*this); }

 private:
  Shape shape_;
};

}  // namespace gym
