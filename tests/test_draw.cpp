// Draw lists, render modes and named policies: the core side of rendering,
// which needs no SDL (the render layer's own tests are in tests/render/).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "gym/draw.hpp"
#include "gym/policies.hpp"
#include "gym/registry.hpp"
#include "gym/render_backend.hpp"
#include "support.hpp"

using gym::test::error_of;
using Catch::Matchers::Contains;

namespace {

const char* const kDrawable[] = {"CartPole-v1", "CartPoleContinuous-v1", "MountainCar-v0",
                                 "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1", "AcrobotContinuous-v1"};

// Removes the installed render backend for the scope (as in a build without SDL2).
struct NoBackend {
  const gym::RenderBackend* saved = gym::render_backend();
  NoBackend() { gym::set_render_backend(nullptr); }
  ~NoBackend() { gym::set_render_backend(saved); }
};

}  // namespace

TEST_CASE("a draw list records primitives in canvas pixels", "[draw]") {
  gym::DrawList dl(600, 400, gym::Color{10, 20, 30});
  CHECK(dl.width() == 600);
  CHECK(dl.height() == 400);
  CHECK(dl.background() == gym::Color{10, 20, 30});
  dl.polygon({{0, 0}, {10, 0}, {10, 10}}, gym::colors::black);
  dl.line({0, 0}, {5, 5}, gym::Color{1, 2, 3}, 2.0f);
  dl.rect_filled({5, 5}, {1, 1}, gym::colors::white);
  dl.circle({3, 4}, 2.0f, gym::colors::black, 1.5f);
  dl.text({1, 2}, "hello", gym::colors::black, 20.0f);
  const auto prims = dl.primitives();
  REQUIRE(prims.size() == 5);
  CHECK(prims[0].kind == gym::DrawList::Kind::kPolygon);
  CHECK(dl.points(prims[0]).size() == 3);
  CHECK(prims[1].kind == gym::DrawList::Kind::kPolyline);
  CHECK(prims[1].thickness == 2.0f);
  // Rectangles are normalised to their min/max corners.
  CHECK(dl.points(prims[2])[0] == gym::Vec2{1, 1});
  CHECK(dl.points(prims[2])[2] == gym::Vec2{5, 5});
  CHECK(prims[3].radius == 2.0f);
  CHECK_FALSE(prims[3].filled);
  CHECK(dl.text_of(prims[4]) == "hello");
  dl.reset(50, 60);
  CHECK(dl.primitives().empty());
  CHECK(dl.width() == 50);
}

TEST_CASE("a draw list refuses what cannot be drawn", "[draw]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  gym::DrawList dl(10, 10);
  CHECK_THAT(error_of([&] { dl.polygon({{0, 0}, {nan, 0}, {1, 1}}, gym::colors::black); }), Contains("not finite"));
  CHECK_THAT(error_of([&] { dl.polygon({{0, 0}, {1, 1}}, gym::colors::black); }), Contains("at least 3 points"));
  CHECK_THAT(error_of([&] { dl.circle_filled({0, 0}, -1.0f, gym::colors::black); }), Contains("radius"));
  CHECK_THAT(error_of([&] { dl.line({0, 0}, {1, 1}, gym::colors::black, nan); }), Contains("thickness"));
  CHECK_THAT(error_of([&] { dl.text({0, 0}, "x", gym::colors::black, 0.0f); }), Contains("size"));
  CHECK_THAT(error_of([] { gym::DrawList(0, 10); }), Contains("canvas 0x10"));
  CHECK(dl.primitives().empty());  // nothing half-added
}

TEST_CASE("world views map world units to canvas pixels with y up", "[draw]") {
  const gym::DrawList dl(600, 400);
  const auto w = gym::WorldView::fit_width(dl, -2.4, 2.4, 100.0);
  CHECK(w.scale == Approx(125.0));
  CHECK(w(0, 0) == gym::Vec2{300, 300});
  CHECK(w(2.4, 1.0).x == Approx(600.0));
  CHECK(w(2.4, 1.0).y == Approx(175.0));
  const auto c = gym::WorldView::centred(dl, 2.0);
  CHECK(c(0, 0) == gym::Vec2{300, 200});
  CHECK(c(0, 2.0).y == Approx(0.0));
  CHECK_THAT(error_of([&] { gym::WorldView::fit_width(dl, 1, 1); }), Contains("empty x range"));
}

TEST_CASE("every classic env draws its current state, whatever its render mode", "[draw]") {
  for (const char* id : kDrawable) {
    INFO(id);
    const auto env = gym::make(id);
    const auto& modes = env->metadata().render_modes;
    CHECK(std::find(modes.begin(), modes.end(), "rgb_array") != modes.end());
    CHECK(std::find(modes.begin(), modes.end(), "human") != modes.end());
    gym::DrawList dl;
    CHECK_THAT(error_of([&] { env->draw(dl); }), Contains("before reset"));
    env->reset(1);
    env->draw(dl);
    CHECK(dl.width() > 0);
    CHECK(dl.primitives().size() >= 3);
  }
}

TEST_CASE("render modes are chosen at make time, as in Gymnasium", "[draw]") {
  CHECK(gym::make("CartPole-v1")->render_mode() == gym::RenderMode::kNone);
  CHECK(gym::make("CartPole-v1", {{"render_mode", "rgb_array"}})->render_mode() == gym::RenderMode::kRgbArray);
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"render_mode", "ascii"}}); }),
             Contains("unknown render_mode 'ascii'"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"render_mode", "ansi"}}); }),
             Contains("render_mode 'ansi' is not supported (render modes: human, rgb_array)"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"render_mode", 3}}); }), Contains("must be a string"));
  const auto env = gym::make("CartPole-v1");
  env->reset(0);
  CHECK_THAT(error_of([&] { env->render(); }), Contains("render() needs a render mode"));
  CHECK_THAT(error_of([&] { env->render_text(); }), Contains("render_text() needs render_mode=ansi"));
}

TEST_CASE("without the render layer, rendering says what is missing", "[draw]") {
  const NoBackend none;
  const auto env = gym::make("CartPole-v1", {{"render_mode", "rgb_array"}});
  env->reset(0);
  CHECK_THAT(error_of([&] { env->render(); }), Contains("needs the render layer") && Contains("SDL2"));
  const auto vec = gym::make_vec("CartPole-v1", 2);
  vec->reset(0);
  CHECK_THAT(error_of([&] { vec->render(); }), Contains("needs the render layer"));
}

TEST_CASE("parameters change live through set_params, checked like make's options", "[draw]") {
  const auto env = gym::make("CartPole-v1");
  env->reset(4);
  const auto before = env->state();
  env->set_params({{"gravity", 12.0}, {"masspole", 0.2}});
  CHECK(env->state() == before);
  auto value = [&](const char* name) {
    for (const auto& p : env->params())
      if (p["name"] == name) return p["value"].get<double>();
    return -1.0;
  };
  CHECK(value("gravity") == 12.0);
  CHECK(value("masspole") == 0.2);
  CHECK_THAT(error_of([&] { env->set_params({{"gravity", 13.0}, {"masscart", -1.0}}); }), Contains("masscart"));
  CHECK(value("gravity") == 12.0);  // nothing changed
  CHECK_THAT(error_of([&] { env->set_params({{"gravty", 1.0}}); }), Contains("gravity"));
  // The new parameters drive the dynamics: a larger gravity tips the pole faster.
  env->set_state(std::vector<double>{0, 0, 0.1, 0});
  const double slow = gym::make("CartPole-v1")->transition(std::vector<double>{0, 0, 0.1, 0}, 1).next_state[3];
  const double fast = env->transition(std::vector<double>{0, 0, 0.1, 0}, 1).next_state[3];
  CHECK(fast > slow);
}

TEST_CASE("named policies: random, noop where the env has one, and controllers that solve the task", "[draw]") {
  struct Case {
    const char* id;
    double min_mean_return;  // what the controller must reach over 5 episodes (random is far below)
  };
  const Case cases[] = {{"CartPole-v1", 475},      {"CartPoleContinuous-v1", 475}, {"MountainCar-v0", -130},
                        {"MountainCarContinuous-v0", 85}, {"Pendulum-v1", -300}, {"Acrobot-v1", -150},
                        {"AcrobotContinuous-v1", -150}};
  for (const auto& c : cases) {
    INFO(c.id);
    const auto env = gym::make(c.id);
    auto mean_return = [&](const char* name) {
      const auto act = gym::make_policy(name, *env, 5);
      double total = 0;
      for (int e = 0; e < 5; ++e) {
        auto obs = env->reset(uint64_t(100 + e)).obs;
        for (bool done = false; !done;) {
          auto r = env->step(act(obs));
          total += r.reward;
          obs = r.obs;
          done = r.terminated || r.truncated;
        }
      }
      return total / 5;
    };
    const double controller = mean_return("controller");
    const double random = mean_return("random");
    CHECK(controller >= c.min_mean_return);
    CHECK(controller > random);
  }
  const auto cartpole = gym::make("CartPole-v1");
  std::vector<std::string> names;
  for (const auto& p : gym::policies_for(*cartpole)) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"random", "controller"});  // CartPole has no no-op action
  CHECK_THAT(error_of([&] { gym::make_policy("greedy", *cartpole); }),
             Contains("unknown policy 'greedy' (available: random, controller)"));
  const auto mc = gym::make("MountainCar-v0");
  CHECK(gym::make_policy("noop", *mc)(mc->reset(0).obs).element(0) == 1);
  const auto pendulum = gym::make("Pendulum-v1");
  const auto zero = gym::make_policy("noop", *pendulum)(pendulum->reset(0).obs);
  CHECK(zero.shape() == gym::Shape{1});
  CHECK(zero.element(0) == 0.0);
}
