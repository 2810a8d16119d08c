// gym::Array: construction, conversion and numpy-identical text. Expected
// strings were produced by numpy 2.4 (`np.array2string(a, separator=", ")`).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "gym/array.hpp"

using gym::Array;
using gym::DType;
using gym::Shape;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("dtype names, sizes and kinds follow numpy", "[array]") {
  CHECK(gym::dtype_name(DType::kFloat32) == "float32");
  CHECK(gym::dtype_name(DType::kFloat64) == "float64");
  CHECK(gym::dtype_name(DType::kInt32) == "int32");
  CHECK(gym::dtype_name(DType::kInt64) == "int64");
  CHECK(gym::dtype_name(DType::kUInt8) == "uint8");
  CHECK(gym::dtype_name(DType::kBool) == "bool");
  CHECK(gym::dtype_size(DType::kFloat32) == 4);
  CHECK(gym::dtype_size(DType::kFloat64) == 8);
  CHECK(gym::dtype_size(DType::kInt32) == 4);
  CHECK(gym::dtype_size(DType::kInt64) == 8);
  CHECK(gym::dtype_size(DType::kUInt8) == 1);
  CHECK(gym::dtype_size(DType::kBool) == 1);
  CHECK(gym::is_floating(DType::kFloat32));
  CHECK(gym::is_floating(DType::kFloat64));
  CHECK_FALSE(gym::is_floating(DType::kInt64));
  CHECK_FALSE(gym::is_floating(DType::kBool));
  STATIC_REQUIRE(gym::dtype_of<float>() == DType::kFloat32);
  STATIC_REQUIRE(gym::dtype_of<uint8_t>() == DType::kUInt8);
}

TEST_CASE("shape_string prints numpy tuples", "[array]") {
  CHECK(gym::shape_string({}) == "()");
  CHECK(gym::shape_string({4}) == "(4,)");
  CHECK(gym::shape_string({2, 3}) == "(2, 3)");
  CHECK(gym::shape_string({2, 0, 1}) == "(2, 0, 1)");
}

TEST_CASE("a new array is zero-filled with the requested dtype and shape", "[array]") {
  const Array a(DType::kInt32, {2, 3});
  CHECK(a.dtype() == DType::kInt32);
  CHECK(a.shape() == Shape{2, 3});
  CHECK(a.ndim() == 2);
  CHECK(a.size() == 6);
  for (int32_t v : a.data<int32_t>()) CHECK(v == 0);

  CHECK(Array(DType::kFloat64, {}).size() == 1);
  CHECK(Array(DType::kFloat64, {3, 0}).size() == 0);
}

TEST_CASE("a negative dimension throws gym::Error naming the shape", "[array]") {
  REQUIRE_THROWS_AS(Array(DType::kFloat32, {2, -1}), gym::Error);
  REQUIRE_THROWS_WITH(Array(DType::kFloat32, {2, -1}), Catch::Contains("(2, -1)") && Catch::Contains("negative"));
  REQUIRE_THROWS_WITH(Array(DType::kUInt8, {int64_t{1} << 40, int64_t{1} << 40}), Catch::Contains("too many"));
}

TEST_CASE("the default array is an empty float64 vector", "[array]") {
  const Array a;
  CHECK(a.dtype() == DType::kFloat64);
  CHECK(a.shape() == Shape{0});
  CHECK(a.size() == 0);
  CHECK(a.to_doubles().empty());
  CHECK(a.to_string() == "[]");
}

TEST_CASE("convenience constructors make int64 and float64 scalars and float64 vectors", "[array]") {
  const Array i = 1;
  CHECK(i.dtype() == DType::kInt64);
  CHECK(i.shape().empty());
  CHECK(i.data<int64_t>()[0] == 1);

  const Array d = 0.5;
  CHECK(d.dtype() == DType::kFloat64);
  CHECK(d.element(0) == 0.5);

  const Array v{0.5, -1.0, 2.0};
  CHECK(v.dtype() == DType::kFloat64);
  CHECK(v.shape() == Shape{3});
  CHECK(v.to_doubles() == std::vector<double>{0.5, -1.0, 2.0});
}

TEST_CASE("from() copies values and rejects a count that does not fill the shape", "[array]") {
  const Array a = Array::from<float>({1.f, 2.f, 3.f, 4.f, 5.f, 6.f}, {2, 3});
  CHECK(a.dtype() == DType::kFloat32);
  CHECK(a.element(4) == 5.0);
  CHECK(Array::from(std::vector<int64_t>{7, 8}).shape() == Shape{2});
  REQUIRE_THROWS_WITH(Array::from<float>({1.f, 2.f}, {3}), Catch::Contains("2 values") && Catch::Contains("(3,)"));
}

TEST_CASE("typed access with the wrong dtype throws naming both dtypes", "[array]") {
  Array a(DType::kFloat32, {2});
  CHECK_NOTHROW(a.data<float>());
  REQUIRE_THROWS_AS(a.data<double>(), gym::Error);
  REQUIRE_THROWS_WITH(a.data<double>(), Catch::Contains("float64") && Catch::Contains("float32"));
  const Array& c = a;
  REQUIRE_THROWS_WITH(c.data<int64_t>(), Catch::Contains("int64") && Catch::Contains("float32"));
}

TEST_CASE("element and to_doubles convert every dtype to double", "[array]") {
  CHECK(Array::from<float>({1.5f, -2.f}, {2}).to_doubles() == std::vector<double>{1.5, -2.0});
  CHECK(Array::from<int32_t>({-3, 4}, {2}).to_doubles() == std::vector<double>{-3.0, 4.0});
  CHECK(Array::from<uint8_t>({255, 0}, {2}).to_doubles() == std::vector<double>{255.0, 0.0});
  CHECK(Array::from<bool>({true, false}, {2}).to_doubles() == std::vector<double>{1.0, 0.0});
  CHECK(Array::scalar<int64_t>(-9).element(0) == -9.0);
  const Array a{1.0, 2.0};
  REQUIRE_THROWS_WITH(a.element(2), Catch::Contains("element 2") && Catch::Contains("(2,)"));
  REQUIRE_THROWS_AS(a.element(-1), gym::Error);
}

TEST_CASE("astype truncates floats toward zero like numpy", "[array]") {
  const Array a = Array{-1.7, 1.7, 2.5, -0.2}.astype(DType::kInt64);
  CHECK(a.dtype() == DType::kInt64);
  CHECK(a.to_doubles() == std::vector<double>{-1, 1, 2, 0});
  CHECK(Array::from<float>({3.9f}, {1}).astype(DType::kUInt8).element(0) == 3);
}

TEST_CASE("astype saturates out-of-range floats and maps NaN to 0 instead of undefined behaviour", "[array]") {
  const Array a = Array{kInf, -kInf, kNaN, 1e30, -1e30}.astype(DType::kInt32);
  const auto v = a.data<int32_t>();
  CHECK(v[0] == std::numeric_limits<int32_t>::max());
  CHECK(v[1] == std::numeric_limits<int32_t>::min());
  CHECK(v[2] == 0);
  CHECK(v[3] == std::numeric_limits<int32_t>::max());
  CHECK(v[4] == std::numeric_limits<int32_t>::min());
  const Array bytes = Array{-5.0, 300.0}.astype(DType::kUInt8);
  const auto u = bytes.data<uint8_t>();
  CHECK(u[0] == 0);
  CHECK(u[1] == 255);
  const Array wide = Array{9.3e18, -9.3e18}.astype(DType::kInt64);
  const auto w = wide.data<int64_t>();
  CHECK(w[0] == std::numeric_limits<int64_t>::max());
  CHECK(w[1] == std::numeric_limits<int64_t>::min());
}

TEST_CASE("astype wraps integers modulo 2^bits like numpy", "[array]") {
  const Array a = Array::from<int64_t>({300, -1}, {2}).astype(DType::kUInt8);
  const auto v = a.data<uint8_t>();
  CHECK(v[0] == 44);
  CHECK(v[1] == 255);
}

TEST_CASE("astype rounds float64 to float32, overflowing to infinity", "[array]") {
  const Array a = Array{0.1, 1e39, -1e39, 3.4028235e38}.astype(DType::kFloat32);
  const auto v = a.data<float>();
  CHECK(v[0] == 0.1f);
  CHECK(v[1] == std::numeric_limits<float>::infinity());
  CHECK(v[2] == -std::numeric_limits<float>::infinity());
  CHECK(v[3] == std::numeric_limits<float>::max());
}

TEST_CASE("astype to bool is true for every nonzero value, NaN included", "[array]") {
  const Array a = Array{0.0, -0.0, 2.0, kNaN}.astype(DType::kBool);
  const auto v = a.data<bool>();
  CHECK_FALSE(v[0]);
  CHECK_FALSE(v[1]);
  CHECK(v[2]);
  CHECK(v[3]);
  CHECK(Array::from<bool>({true, false}, {2}).astype(DType::kFloat32).to_doubles() == std::vector<double>{1, 0});
}

TEST_CASE("reshaped keeps the data and rejects a different element count", "[array]") {
  const Array a = Array::from<int32_t>({1, 2, 3, 4, 5, 6}, {6});
  const Array b = a.reshaped({2, 3});
  CHECK(b.shape() == Shape{2, 3});
  CHECK(b.to_doubles() == a.to_doubles());
  CHECK(a.reshaped({1, 6, 1}).size() == 6);
  REQUIRE_THROWS_WITH(a.reshaped({4}), Catch::Contains("(6,)") && Catch::Contains("(4,)"));
  REQUIRE_THROWS_AS(a.reshaped({-2, -3}), gym::Error);
}

TEST_CASE("to_string matches numpy's formatting", "[array]") {
  CHECK(Array(1).to_string() == "1");
  CHECK(Array(1.5).to_string() == "1.5");
  CHECK(Array(2.0).to_string() == "2.0");
  CHECK(Array::scalar<float>(1e-5f).to_string() == "1e-05");
  CHECK(Array::scalar<bool>(true).to_string() == "True");
  CHECK(Array{0.1, -0.2}.to_string() == "[ 0.1, -0.2]");
  CHECK(Array::from<float>({0.41887903f, 1.f}, {2}).to_string() == "[0.41887903, 1.        ]");
  CHECK(Array::from<bool>({true, false}, {2}).to_string() == "[ True, False]");
  CHECK(Array::from<int64_t>({1, 2, 3, 4}, {2, 2}).to_string() == "[[1, 2],\n [3, 4]]");
  CHECK(Array::from<uint8_t>({255, 0, 7}, {3}).to_string() == "[255,   0,   7]");
  CHECK(Array{1e-5, kNaN, -kInf}.to_string() == "[1.e-05,    nan,   -inf]");
  CHECK(Array(DType::kFloat32, {2, 0}).to_string() == "[]");
}

TEST_CASE("to_string wraps long rows at 75 columns and summarises over 1000 elements", "[array]") {
  std::vector<float> sevenths(30);
  for (std::size_t i = 0; i < sevenths.size(); ++i) sevenths[i] = float(i) / 7.f;
  CHECK(Array::from(sevenths).to_string() ==
        "[0.        , 0.14285715, 0.2857143 , 0.42857143, 0.5714286 , 0.71428573,\n"
        " 0.85714287, 1.        , 1.1428572 , 1.2857143 , 1.4285715 , 1.5714285 ,\n"
        " 1.7142857 , 1.8571428 , 2.        , 2.142857  , 2.2857144 , 2.4285715 ,\n"
        " 2.5714285 , 2.7142856 , 2.857143  , 3.        , 3.142857  , 3.2857144 ,\n"
        " 3.4285715 , 3.5714285 , 3.7142856 , 3.857143  , 4.        , 4.142857  ]");

  std::vector<int64_t> counts(1001);
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = int64_t(i);
  CHECK(Array::from(counts).to_string() == "[   0,    1,    2, ...,  998,  999, 1000]");
}

TEST_CASE("operator== compares dtype, shape and bytes", "[array]") {
  const Array a{1.0, 2.0};
  CHECK(a == Array{1.0, 2.0});
  CHECK_FALSE(a == Array{1.0, 3.0});
  CHECK_FALSE(a == a.reshaped({2, 1}));
  CHECK_FALSE(a == a.astype(DType::kFloat32));
  CHECK_FALSE(Array(1) == Array(1.0));
  CHECK(Array(DType::kUInt8, {0}) == Array(DType::kUInt8, {0}));
  CHECK_FALSE(Array(DType::kUInt8, {0}) == Array(DType::kUInt8, {0, 2}));
}
