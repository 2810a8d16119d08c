// The classic-control scenes against Gymnasium's own frames
// (tests/fixtures/render, written by scripts/gen_render_reference.py with
// pygame 2.6.1), and where known pixels of each scene land.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <numbers>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb/stb_image.h>

#include "fixture.hpp"
#include "gym/registry.hpp"

namespace {

struct Pixel {
  int r, g, b;
  friend bool operator==(const Pixel&, const Pixel&) = default;
};

std::ostream& operator<<(std::ostream& os, const Pixel& p) {
  return os << '(' << p.r << ", " << p.g << ", " << p.b << ')';
}

constexpr Pixel kWhite{255, 255, 255}, kBlack{0, 0, 0};

// An RGB frame, row-major.
struct Image {
  int height = 0, width = 0;
  std::vector<uint8_t> rgb;

  Pixel at(int x, int y) const {
    const std::size_t i = (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
  // Pixel at the rounded-down position (canvas coordinates).
  Pixel at(double x, double y) const { return at(int(std::floor(x)), int(std::floor(y))); }
};

Image load_png(const std::string& file) {
  const std::string path = std::string(GYM_FIXTURE_DIR) + "/render/" + file;
  int w = 0, h = 0, n = 0;
  stbi_uc* data = stbi_load(path.c_str(), &w, &h, &n, 3);
  if (!data) throw std::runtime_error("cannot decode " + path + ": " + stbi_failure_reason());
  Image img{h, w, std::vector<uint8_t>(data, data + std::size_t(w) * std::size_t(h) * 3)};
  stbi_image_free(data);
  return img;
}

Image to_image(const gym::Array& a) {
  REQUIRE(a.shape().size() == 3);
  REQUIRE(a.shape()[2] == 3);
  const auto d = a.data<uint8_t>();
  return {int(a.shape()[0]), int(a.shape()[1]), std::vector<uint8_t>(d.begin(), d.end())};
}

// gym++'s frame of `state` in env `id` with parameter overrides `options`.
Image render(const std::string& id, const std::vector<double>& state, gym::Options options = {}) {
  options.insert_or_assign("render_mode", "rgb_array");
  const auto env = gym::make(id, options);
  env->reset(0);
  env->set_state(state);
  return to_image(env->render());
}

struct Comparison {
  double iou;           // of the foregrounds: pixels that are not pure white
  double mean_diff[3];  // mean |ours - theirs| per channel over the frame, in 0..255 levels
};

// The frames compared on every pixel but those where skip(x, y).
template <class Skip>
Comparison compare(const Image& ours, const Image& theirs, Skip skip) {
  std::size_t both = 0, either = 0;
  double sum[3] = {0, 0, 0};
  for (int y = 0; y < ours.height; ++y)
    for (int x = 0; x < ours.width; ++x) {
      if (skip(x, y)) continue;
      const Pixel a = ours.at(x, y), b = theirs.at(x, y);
      const bool fa = !(a == kWhite), fb = !(b == kWhite);
      both += fa && fb;
      either += fa || fb;
      sum[0] += std::abs(a.r - b.r);
      sum[1] += std::abs(a.g - b.g);
      sum[2] += std::abs(a.b - b.b);
    }
  const double n = double(ours.width) * ours.height;
  return {either ? double(both) / double(either) : 1.0, {sum[0] / n, sum[1] / n, sum[2] / n}};
}

Comparison compare(const Image& ours, const Image& theirs) {
  return compare(ours, theirs, [](int, int) { return false; });
}

nlohmann::json frames() {
  std::ifstream in(std::string(GYM_FIXTURE_DIR) + "/render/states.json");
  if (!in) throw std::runtime_error("cannot open tests/fixtures/render/states.json");
  return nlohmann::json::parse(in).at("frames");
}

// Byte-identical frames (a function: Catch would print every byte of a
// failed vector comparison).
bool same(const Image& a, const Image& b) { return a.rgb == b.rgb; }

// Whether some pixel in the box [x0, x1) x [y0, y1) is a blend strictly
// between white and `shape` (an anti-aliased edge).
bool has_blend(const Image& img, int x0, int y0, int x1, int y1, Pixel shape) {
  const auto between = [](int v, int a, int b) { return (v - a) * (v - b) < 0; };
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const Pixel p = img.at(x, y);
      if (between(p.r, shape.r, 255) && between(p.g, shape.g, 255) && between(p.b, shape.b, 255)) return true;
    }
  return false;
}

// The row in column x whose pixel is darkest (the hill's line crosses there).
int darkest_row(const Image& img, int x) {
  int best = 0, best_value = 3 * 256;
  for (int y = 0; y < img.height; ++y) {
    const Pixel p = img.at(x, y);
    if (p.r + p.g + p.b < best_value) {
      best_value = p.r + p.g + p.b;
      best = y;
    }
  }
  return best;
}

constexpr double kPi = std::numbers::pi;
constexpr Pixel kPole{202, 152, 101}, kGrey{128, 128, 128}, kFlag{204, 204, 0}, kRod{204, 77, 77}, kLink{0, 204, 204},
    kJoint{204, 204, 0};

}  // namespace

TEST_CASE("each classic scene matches Gymnasium's frame of the same state", "[render]") {
  // Bounds per env, each under the lowest figure measured over its fixtures
  // (given at each) with some margin. Only edge pixels differ: pygame's
  // gfxdraw rounds polygon vertices down to whole pixels and anti-aliases
  // the outline with Wu lines, ImGui keeps sub-pixel vertices and a linear
  // fringe. MountainCar's IoU is the lowest because most of its foreground
  // is the hill, a one-pixel line two pixels wide: pygame's aalines spreads
  // each column's ink over two pixels along the minor axis, ImGui's fringe
  // reaches one pixel on either side perpendicular to the line, so on the
  // slopes it also tints a third pixel (about 300 faint pixels, all along
  // the hill). Less a band of 3 px either side of the hill, the frames
  // match as well as the other scenes' (IoU 0.962 to 0.975), checked too.
  struct Bound {
    double iou, mean_diff;  // minimum IoU, maximum mean |difference| per channel (levels of 255)
  };
  const std::map<std::string, Bound> bounds = {
      {"CartPole-v1", {0.92, 0.20}},     // measured IoU 0.945 to 0.965, mean difference <= 0.12
      {"MountainCar-v0", {0.87, 0.35}},  // measured IoU 0.888 to 0.892, mean difference <= 0.23
      {"Pendulum-v1", {0.96, 0.10}},     // measured IoU 0.978 to 0.998, mean difference <= 0.04
      {"Acrobot-v1", {0.96, 0.25}},      // measured IoU 0.981 to 0.9995, mean difference <= 0.14
  };
  const nlohmann::json all = frames();
  REQUIRE(all.size() == 16);
  std::map<std::string, int> count;
  for (const auto& f : all) {
    const std::string id = f.at("env"), file = f.at("file");
    INFO(file << " " << f.at("params").dump() << " state " << f.at("state").dump());
    ++count[id];
    const Image theirs = load_png(file);
    const Image ours = render(id, f.at("state").get<std::vector<double>>(), gym::test::to_options(f.at("params")));
    REQUIRE(ours.height == theirs.height);
    REQUIRE(ours.width == theirs.width);
    const Comparison c = compare(ours, theirs);
    INFO("IoU " << c.iou << ", mean differences " << c.mean_diff[0] << " " << c.mean_diff[1] << " " << c.mean_diff[2]);
    const Bound b = bounds.at(id);
    CHECK(c.iou >= b.iou);
    for (double d : c.mean_diff) CHECK(d <= b.mean_diff);
    if (id == "MountainCar-v0") {
      REQUIRE(!f.at("params").contains("min_position"));
      REQUIRE(!f.at("params").contains("max_position"));
      const double scale = 600 / 1.8;
      const auto near_hill = [&](int x, int y) {
        const double hill = std::sin(3 * (-1.2 + (x + 0.5) / scale)) * 0.45 + 0.55;
        return std::abs(y + 0.5 - (400 - hill * scale)) < 3.5;
      };
      CHECK(compare(ours, theirs, near_hill).iou >= 0.94);
    }
  }
  CHECK(count.size() == 4);
}

TEST_CASE("CartPole: cart, pole and corners land where Gymnasium's geometry puts them", "[render]") {
  const double x = 0.5, theta = 0.3;
  const Image img = render("CartPole-v1", {x, 0.0, theta, 0.0});
  REQUIRE(img.width == 600);
  REQUIRE(img.height == 400);
  // 125 pixels per metre (600 / 4.8); the cart's centre is 100 px above the bottom.
  const double cart_x = 300 + x * 125, cart_y = 400 - 100;
  CHECK(img.at(cart_x, cart_y) == kBlack);
  // The axle is a quarter of the cart's height (30 px) above its centre; the
  // pole leans by theta from the vertical.
  const double axle_y = cart_y - 30 / 4.0;
  CHECK(img.at(cart_x + 60 * std::sin(theta), axle_y - 60 * std::cos(theta)) == kPole);
  CHECK(img.at(cart_x - 60 * std::sin(theta), axle_y - 60 * std::cos(theta)) == kWhite);
  for (auto [cx, cy] : {std::pair{0, 0}, {599, 0}, {0, 399}, {599, 399}}) CHECK(img.at(cx, cy) == kWhite);
  CHECK(same(img, render("CartPole-v1", {x, 0.0, theta, 0.0})));
  CHECK_FALSE(same(img, render("CartPole-v1", {x, 0.0, -theta, 0.0})));
}

TEST_CASE("MountainCar: hill, car, wheels and flag land where Gymnasium's geometry puts them", "[render]") {
  const double pos = -0.5, scale = 600 / 1.8;
  const auto hill = [](double x) { return std::sin(3 * x) * 0.45 + 0.55; };
  const Image img = render("MountainCar-v0", {pos, 0.0});
  REQUIRE(img.width == 600);
  REQUIRE(img.height == 400);
  // The hill: in every tenth column the darkest pixel is on the curve.
  for (int col = 5; col < 600; col += 10) {
    if (col > 200 && col < 260) continue;  // the car
    INFO("column " << col);
    const double y = 400 - 0.5 - hill(-1.2 + (col + 0.5) / scale) * scale;
    CHECK(std::abs(darkest_row(img, col) + 0.5 - y) <= 1.5);
  }
  // The car, tilted by cos(3 pos) rad, stands 10 px above the curve; a point
  // 16 px up its axis is inside the body, its wheels 10 px either side of
  // the axis at its base.
  const double angle = std::cos(3 * pos), car_x = (pos + 1.2) * scale, car_y = 400 - (10 + hill(pos) * scale);
  CHECK(img.at(car_x - 16 * std::sin(angle), car_y - 16 * std::cos(angle)) == kBlack);
  CHECK(img.at(car_x + 10 * std::cos(angle), car_y - 10 * std::sin(angle)) == kGrey);
  CHECK(img.at(car_x - 10 * std::cos(angle), car_y + 10 * std::sin(angle)) == kGrey);
  CHECK(img.at(car_x, car_y - 30) == kWhite);
  // The flag at goal_position 0.5: a pole 50 px high from the curve, the
  // flag 25 px wide at its top.
  const double flag_x = (0.5 + 1.2) * scale, flag_base = 400 - hill(0.5) * scale;
  CHECK(img.at(flag_x, flag_base - 25) == kBlack);
  CHECK(img.at(flag_x + 8, flag_base - 50 + 5) == kFlag);
  CHECK(img.at(flag_x - 8, flag_base - 50 + 5) == kWhite);
  // goal_position moves the flag; MountainCarContinuous (goal 0.45) draws the same scene.
  const Image moved = render("MountainCar-v0", {pos, 0.0}, {{"goal_position", 0.2}});
  CHECK(moved.at((0.2 + 1.2) * scale + 8, 400 - hill(0.2) * scale - 50 + 5) == kFlag);
  CHECK(moved.at(flag_x + 8, flag_base - 50 + 5) == kWhite);
  CHECK(same(render("MountainCarContinuous-v0", {pos, 0.0}),
             render("MountainCar-v0", {pos, 0.0}, {{"goal_position", 0.45}})));
  CHECK(same(img, render("MountainCar-v0", {pos, 0.0})));
  CHECK_FALSE(same(img, render("MountainCar-v0", {pos + 0.01, 0.0})));
}

TEST_CASE("Pendulum: rod and pivot land where Gymnasium's geometry puts them", "[render]") {
  const double theta = 1.0, scale = 500 / 4.4;
  const Image img = render("Pendulum-v1", {theta, 0.0});
  REQUIRE(img.width == 500);
  REQUIRE(img.height == 500);
  // theta = 0 points up, positive theta turns counter-clockwise; the rod is
  // 1 long (whatever l is) and 0.2 wide.
  const double cx = 250.5, cy = 249.5, dx = -std::sin(theta), dy = -std::cos(theta);
  CHECK(img.at(cx, cy) == kBlack);
  for (double d : {20.0, 60.0, 100.0, scale}) CHECK(img.at(cx + d * dx, cy + d * dy) == kRod);
  CHECK(img.at(cx + 60 * dx - 0.15 * scale * dy, cy + 60 * dy + 0.15 * scale * dx) == kWhite);
  CHECK(img.at(cx - 60 * dx, cy - 60 * dy) == kWhite);
  CHECK(img.at(cx + (scale + 0.15 * scale) * dx, cy + (scale + 0.15 * scale) * dy) == kWhite);
  CHECK(same(img, render("Pendulum-v1", {theta, 0.0})));
  CHECK_FALSE(same(img, render("Pendulum-v1", {theta + 0.01, 0.0})));
}

TEST_CASE("Pendulum: after a step a torque arrow turns with the torque's sign and grows with its size", "[render]") {
  const auto env = gym::make("Pendulum-v1", {{"render_mode", "rgb_array"}});
  const auto frame_after = [&](std::optional<double> u) {
    env->reset(0);
    env->set_state(std::vector<double>{0.0, 0.0});
    if (u) env->step(gym::Array::from(std::vector<double>{*u}));
    return to_image(env->render());
  };
  // Gymnasium's arrow image spans scale * |u| / 2 px (u clipped to
  // max_torque = 2), centred on the pivot; ours is a three-quarter circle
  // of 0.457 of that diameter, open in the quadrant it turns towards.
  const double cx = 250.5, cy = 249.5, scale = 500 / 4.4;
  const auto on_arc = [&](const Image& img, double u, double degrees) {
    const double r = 0.457 * scale * std::abs(u) / 2, a = degrees * kPi / 180;
    const Pixel p = img.at(cx + r * std::cos(a), cy - r * std::sin(a));  // degrees counter-clockwise from 3 o'clock
    return p == kWhite ? kWhite : p.r < 64 && p.g < 64 && p.b < 64 ? kBlack : p;  // the stroke's core, or not the arc
  };
  const Image none = frame_after(std::nullopt);
  const Image ccw = frame_after(2.0), cw = frame_after(-2.0), small = frame_after(-0.5);
  CHECK(on_arc(none, 2.0, -90) == kWhite);
  // Positive torque: counter-clockwise, from 12 o'clock through 9, 6 and 3.
  CHECK(on_arc(ccw, 2.0, 180) == kBlack);
  CHECK(on_arc(ccw, 2.0, -90) == kBlack);
  CHECK(on_arc(ccw, 2.0, 135) == kBlack);
  CHECK(on_arc(ccw, 2.0, 45) == kWhite);
  // Negative torque: the mirror image.
  CHECK(on_arc(cw, 2.0, 0) == kBlack);
  CHECK(on_arc(cw, 2.0, -90) == kBlack);
  CHECK(on_arc(cw, 2.0, 45) == kBlack);
  CHECK(on_arc(cw, 2.0, 135) == kWhite);
  // A quarter of the torque: a quarter of the size.
  CHECK(on_arc(small, 0.5, -90) == kBlack);
  CHECK(on_arc(small, 2.0, -90) == kWhite);
  // Actions beyond max_torque are clipped, as Gymnasium clips last_u.
  CHECK(same(frame_after(5.0), ccw));
}

TEST_CASE("Acrobot: links, joints and goal line land where Gymnasium's geometry puts them", "[render]") {
  const double th1 = 1.0, th2 = 0.5;
  const Image img = render("Acrobot-v1", {th1, th2, 0.0, 0.0});
  REQUIRE(img.width == 500);
  REQUIRE(img.height == 500);
  // 500 / (2 * (1 + 1 + 0.2)) px per metre; theta1 = 0 hangs straight down.
  const double scale = 500 / 4.4, half = 0.5 * scale;
  const double x1 = 250 + scale * std::sin(th1), y1 = 250 + scale * std::cos(th1);
  CHECK(img.at(250.5, 249.5) == kJoint);
  CHECK(img.at(250 + half * std::sin(th1), 250 + half * std::cos(th1)) == kLink);
  CHECK(img.at(x1, y1) == kJoint);
  CHECK(img.at(x1 + half * std::sin(th1 + th2), y1 + half * std::cos(th1 + th2)) == kLink);
  CHECK(img.at(250 - half * std::sin(th1), 250 - half * std::cos(th1)) == kWhite);
  // The goal line: one pixel row at height 1 above the pivot, across the canvas.
  const int goal_row = 499 - int(250 + scale);
  for (int x : {5, 250, 494}) {
    CHECK(img.at(x, goal_row) == kBlack);
    CHECK(img.at(x, goal_row - 1) == kWhite);
    CHECK(img.at(x, goal_row + 1) == kWhite);
  }
  // Link lengths set the scale (the goal stays at height 1).
  const Image longer = render("Acrobot-v1", {0.0, 0.0, 0.0, 0.0}, {{"link_length_1", 0.7}, {"link_length_2", 1.2}});
  const double s2 = 500 / 4.2;
  CHECK(longer.at(250.5, 250 + 0.35 * s2) == kLink);
  CHECK(longer.at(250.5, 250 + 1.3 * s2) == kLink);
  CHECK(longer.at(250.5, 250 + 2.0 * s2) == kWhite);
  CHECK(longer.at(5, 499 - int(250 + s2)) == kBlack);
  CHECK(same(render("AcrobotContinuous-v1", {th1, th2, 0.0, 0.0}), img));
  CHECK(same(img, render("Acrobot-v1", {th1, th2, 0.0, 0.0})));
  CHECK_FALSE(same(img, render("Acrobot-v1", {th1, th2 + 0.01, 0.0, 0.0})));
}

TEST_CASE("the classic scenes anti-alias slanted edges: the track, hill, pole, rod and links", "[render]") {
  // Some pixel along each slanted edge is a blend strictly between the
  // background and the shape's colour.
  const Image cartpole = render("CartPole-v1", {0.5, 0.0, 0.3, 0.0});
  CHECK(has_blend(cartpole, 362, 230, 400, 292, kPole));
  const Image car = render("MountainCar-v0", {-0.5, 0.0});
  CHECK(has_blend(car, 20, 0, 120, 400, kBlack));  // the hill's left slope
  const Image pendulum = render("Pendulum-v1", {1.0, 0.0});
  CHECK(has_blend(pendulum, 150, 180, 240, 250, kRod));
  const Image acrobot = render("Acrobot-v1", {1.0, 0.5, 0.0, 0.0});
  CHECK(has_blend(acrobot, 255, 255, 330, 300, kLink));
}
