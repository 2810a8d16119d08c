// The SDL offscreen rasteriser and the render modes that use it: headless,
// deterministic, anti-aliased, the same frame for the single and vector envs.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "gym/registry.hpp"
#include "gym/render/rasteriser.hpp"
#include "gym/render/window.hpp"
#include "support.hpp"

using gym::test::error_of;
using Catch::Matchers::Contains;

namespace {

struct Pixel {
  int r, g, b;
  friend bool operator==(const Pixel&, const Pixel&) = default;
};

Pixel at(const gym::Array& img, int x, int y) {
  const auto d = img.data<uint8_t>();
  const std::size_t w = std::size_t(img.shape()[1]);
  const std::size_t i = (std::size_t(y) * w + std::size_t(x)) * 3;
  return {d[i], d[i + 1], d[i + 2]};
}

// Sets an environment variable for the scope (restoring the old value).
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(const char* n, const char* value) : name(n) {
    if (const char* v = std::getenv(n)) old = v;
    if (value) setenv(n, value, 1);
    else unsetenv(n);
  }
  ~ScopedEnv() {
    if (old) setenv(name.c_str(), old->c_str(), 1);
    else unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("the SDL backend is installed by linking the render layer", "[render]") {
  REQUIRE(gym::render_backend() != nullptr);
  CHECK_THAT(gym::render_backend()->name(), Contains("SDL 2."));
}

TEST_CASE("rasterised shapes land where the draw list puts them, with anti-aliased edges", "[render]") {
  gym::DrawList dl(64, 48, gym::Color{255, 255, 255});
  dl.rect_filled({10, 10}, {20, 30}, gym::Color{255, 0, 0});  // pixel-aligned: exact coverage
  dl.circle_filled({45, 24}, 8.0f, gym::Color{0, 0, 255});
  dl.polygon({{2, 40}, {30, 46}, {2, 46}}, gym::Color{0, 128, 0});  // slanted edge
  gym::render::Rasteriser r;
  const gym::Array img = r.rasterise(dl);
  REQUIRE(img.shape() == gym::Shape{48, 64, 3});
  CHECK(at(img, 15, 20) == Pixel{255, 0, 0});
  CHECK(at(img, 10, 10) == Pixel{255, 0, 0});
  CHECK(at(img, 19, 29) == Pixel{255, 0, 0});
  CHECK(at(img, 9, 20) == Pixel{255, 255, 255});
  CHECK(at(img, 20, 20) == Pixel{255, 255, 255});
  CHECK(at(img, 45, 24) == Pixel{0, 0, 255});
  CHECK(at(img, 45, 14) == Pixel{255, 255, 255});
  CHECK(at(img, 0, 0) == Pixel{255, 255, 255});
  // Along the triangle's slanted edge some pixels are blends of green and white.
  int blended = 0;
  for (int x = 2; x < 30; ++x)
    for (int y = 40; y < 47; ++y) {
      const Pixel p = at(img, x, y);
      if (p.r > 0 && p.r < 255 && p.g >= 128 && p.b == p.r) ++blended;
    }
  CHECK(blended >= 10);
  // Scaled output: twice the size, the same picture.
  const gym::Array big = r.rasterise(dl, 2.0f);
  REQUIRE(big.shape() == gym::Shape{96, 128, 3});
  CHECK(at(big, 30, 40) == Pixel{255, 0, 0});
  CHECK(at(big, 90, 48) == Pixel{0, 0, 255});
}

TEST_CASE("the rasteriser reuses its surface without leaving old frames behind", "[render]") {
  gym::render::Rasteriser r;
  gym::DrawList a(40, 30), b(40, 30, gym::Color{0, 0, 0});
  a.rect_filled({0, 0}, {40, 30}, gym::Color{200, 0, 0});
  const gym::Array first = r.rasterise(a);
  CHECK(at(first, 5, 5) == Pixel{200, 0, 0});
  b.circle_filled({35, 25}, 3.0f, gym::Color{0, 255, 0});
  const gym::Array second = r.rasterise(b);
  CHECK(at(second, 5, 5) == Pixel{0, 0, 0});  // the red fill of the last frame is gone
  CHECK(at(second, 35, 25) == Pixel{0, 255, 0});
  gym::DrawList empty(40, 30, gym::Color{1, 2, 3});
  const gym::Array third = r.rasterise(empty);
  CHECK(at(third, 35, 25) == Pixel{1, 2, 3});
  // Text is drawn with the built-in font.
  gym::DrawList text(80, 20);
  text.text({2, 2}, "gym++", gym::colors::black, 13.0f);
  const gym::Array t = r.rasterise(text);
  int dark = 0;
  for (int x = 0; x < 80; ++x)
    for (int y = 0; y < 20; ++y) dark += at(t, x, y).r < 128;
  CHECK(dark > 20);
  // Concave polygons are filled, not hulled: the notch stays background.
  gym::DrawList notch(40, 40);
  notch.polygon({{5, 5}, {35, 5}, {35, 35}, {20, 15}, {5, 35}}, gym::colors::black);
  const gym::Array n = r.rasterise(notch);
  CHECK(at(n, 20, 8) == Pixel{0, 0, 0});
  CHECK(at(n, 20, 30) == Pixel{255, 255, 255});
  CHECK(at(n, 8, 25) == Pixel{0, 0, 0});
  CHECK_THAT(error_of([&] { r.rasterise(notch, 0.0f); }), Contains("scale must be > 0"));
  CHECK_THAT(error_of([&] { r.rasterise(gym::DrawList()); }), Contains("no canvas"));
}

TEST_CASE("rgb_array frames are deterministic and headless", "[render]") {
  // No display of any kind: rgb_array must not care.
  const ScopedEnv no_display("DISPLAY", nullptr), no_wayland("WAYLAND_DISPLAY", nullptr),
      no_driver("SDL_VIDEODRIVER", nullptr);
  const auto env = gym::make("CartPole-v1", {{"render_mode", "rgb_array"}});
  CHECK_THAT(error_of([&] { env->render(); }), Contains("before reset"));
  env->reset(3);
  const gym::Array a = env->render();
  CHECK(a.shape() == gym::Shape{400, 600, 3});
  CHECK(a.dtype() == gym::DType::kUInt8);
  CHECK(env->render() == a);
  env->step(1);
  CHECK_FALSE(env->render() == a);
  // A second env in the same state draws the same bytes.
  const auto other = gym::make("CartPole-v1", {{"render_mode", "rgb_array"}});
  other->reset(0);
  other->set_state(env->state());
  CHECK(other->render() == env->render());
}

TEST_CASE("human mode without a display is a clear error, not a crash", "[render]") {
  const ScopedEnv no_display("DISPLAY", nullptr), no_wayland("WAYLAND_DISPLAY", nullptr),
      no_driver("SDL_VIDEODRIVER", nullptr);
  const auto env = gym::make("CartPole-v1", {{"render_mode", "human"}});
  CHECK_THAT(error_of([&] { env->reset(0); }), Contains("needs a display") && Contains("rgb_array"));
}

TEST_CASE("human mode runs on SDL's dummy video driver", "[render]") {
  const ScopedEnv dummy("SDL_VIDEODRIVER", "dummy");
  gym::Options o{{"render_mode", "human"}};
  const auto env = gym::make("Pendulum-v1", o);
  env->reset(0);
  for (int i = 0; i < 3; ++i) env->step(gym::Array::from<float>({1.0f}, {1}));
  CHECK(env->render().size() == 0);  // human mode returns nothing
}

TEST_CASE("a vector env renders every env's frame, or a tiled image", "[render]") {
  const auto vec = gym::make_vec("CartPole-v1", 5);
  vec->reset(9);
  const gym::Array frames = vec->render();
  REQUIRE(frames.shape() == gym::Shape{5, 400, 600, 3});
  // Env i's frame is what a single env in env i's state draws.
  const auto single = gym::make("CartPole-v1", {{"render_mode", "rgb_array"}});
  single->reset(0);
  gym::DrawList a, b;
  vec->draw(3, a);
  const auto frame3 = frames.data<uint8_t>().subspan(3 * 400 * 600 * 3, 400 * 600 * 3);
  const gym::Array direct = gym::render_backend()->rasterise(a);
  CHECK(std::equal(frame3.begin(), frame3.end(), direct.data<uint8_t>().begin()));
  const gym::Array tiled = vec->render_tiled(3);
  REQUIRE(tiled.shape() == gym::Shape{800, 1800, 3});
  CHECK(at(tiled, 1799, 799) == Pixel{255, 255, 255});  // the unused sixth tile is background
  const std::vector<int> pick{4, 0};
  CHECK(vec->render(pick).shape() == gym::Shape{2, 400, 600, 3});
  CHECK(vec->render_tiled(0, pick).shape() == gym::Shape{400, 1200, 3});
  const std::vector<int> bad{7};
  CHECK_THAT(error_of([&] { vec->render(bad); }), Contains("env index 7"));
  CHECK_THAT(error_of([&] { vec->render_tiled(-1); }), Contains("columns"));
}

TEST_CASE("pixel-aligned translucent rectangles cover every pixel exactly once", "[render]") {
  // A rectangle is two triangles sharing a diagonal; pixel centres on it must
  // go to exactly one of them (a hole shows the background, a doubled pixel
  // is blended twice). Tiles of MiniGrid's size, at many offsets.
  gym::DrawList dl(200, 200, gym::Color{0, 0, 0});
  for (int k = 0; k < 5; ++k) {
    const float x = 3.0f + 37.0f * float(k), y = 5.0f + 36.0f * float(k);
    dl.rect_filled({x, y}, {x + 32, y + 32}, gym::Color{255, 255, 255, 77});
  }
  gym::render::Rasteriser r;
  const gym::Array img = r.rasterise(dl);
  int covered = 0, wrong = 0;
  for (int k = 0; k < 5; ++k) {
    const int x0 = 3 + 37 * k, y0 = 5 + 36 * k;
    for (int y = y0; y < y0 + 32; ++y)
      for (int x = x0; x < x0 + 32; ++x) {
        const Pixel p = at(img, x, y);
        ++covered;
        wrong += !(p == at(img, x0 + 1, y0 + 20));  // every pixel as one off the diagonal
      }
  }
  CHECK(covered == 5 * 32 * 32);
  CHECK(wrong == 0);
  CHECK(at(img, 3 + 5, 5 + 20).r > 60);  // the tile is drawn at all (77/255 of white)
}
