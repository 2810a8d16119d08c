// The classic-control scenes, drawn as Gymnasium 1.4 draws them with pygame
// (gymnasium/envs/classic_control/*.py, render()): same canvas, colours,
// sizes and positions. Gymnasium draws in a y-up surface and flips it; here a
// world point (x, y) in those pixel units lands at canvas (x, H - y).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "gym/draw.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"

namespace gym::envs {

namespace {

// How pygame puts Gymnasium's pre-flip pixel coordinates on pixels, which
// the flip then moves from row y to row H - 1 - y:
// - aalines and the circles (integer centres) take (x, y) as the centre of
//   pixel (x, y): `at`;
// - gfxdraw's polygons round their vertices down to whole pixels and fill
//   every pixel whose centre the outline touches, so they reach about half
//   a pixel beyond the exact edge. `vertex` maps a vertex to where its
//   rounded-down pixel centre lies on average (x - 0.5), which keeps the
//   sub-pixel motion, and `fill_outline` grows the polygon by half a pixel;
// - vline and the one-pixel line cover whole pixels: `row`.
struct Pixels {
  float height;
  Vec2 operator()(double x, double y) const { return {float(x) + 0.5f, height - 0.5f - float(y)}; }
  Vec2 vertex(double x, double y) const { return {float(x), height - float(y)}; }
  // The top edge of the canvas row that pygame's row y becomes.
  float row(int y) const { return height - 1.0f - float(y); }
};

// pygame's Vector2(x, y).rotate_rad(angle), which wraps the angle to
// [0, 2 pi) and makes quarter turns (within its epsilon, 1e-6) exact: the
// int() of a rotated point, as Gymnasium takes for circle centres, can
// depend on it (a rod pointing straight down ends at x = offset, not one
// pixel left of it).
struct Point {
  double x, y;
};
Point pygame_rotate(double x, double y, double angle) {
  constexpr double kEpsilon = 1e-6, kQuarter = std::numbers::pi / 2, kTurn = 2 * std::numbers::pi;
  angle = std::fmod(angle, kTurn);
  if (angle < 0) angle += kTurn;
  if (std::fmod(angle + kEpsilon, kQuarter) < 2 * kEpsilon) {
    switch (int((angle + kEpsilon) / kQuarter)) {
      case 1: return {-y, x};
      case 2: return {-x, -y};
      case 3: return {y, -x};
      default: return {x, y};
    }
  }
  const double c = std::cos(angle), s = std::sin(angle);
  return {c * x - s * y, s * x + c * y};
}

// gfxdraw's filled_circle + aacircle of integer radius r: the pixels within
// r of the centre plus an anti-aliased rim, about a true disc of radius r + 0.5.
constexpr float kRimGrowth = 0.5f;

// gfxdraw's filled_polygon + aapolygon: the convex polygon `pts` pushed out
// by half a pixel on every edge (vertices moved along their miter).
void fill_outline(DrawList& out, std::span<const Vec2> pts, Color color) {
  constexpr float kGrowth = 0.5f;
  const std::size_t n = pts.size();
  float area = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Vec2 a = pts[i], b = pts[(i + 1) % n];
    area += a.x * b.y - b.x * a.y;
  }
  const float sign = area > 0 ? 1.0f : -1.0f;
  const auto outward = [&](Vec2 a, Vec2 b) {
    const Vec2 e = b - a;
    const float len = std::hypot(e.x, e.y);
    return Vec2{e.y / len, -e.x / len} * sign;
  };
  Vec2 grown[8];
  for (std::size_t i = 0; i < n; ++i) {
    const Vec2 prev = pts[(i + n - 1) % n], p = pts[i], next = pts[(i + 1) % n];
    const Vec2 n0 = outward(prev, p), n1 = outward(p, next);
    const float k = kGrowth / (1.0f + n0.x * n1.x + n0.y * n1.y);
    grown[i] = p + (n0 + n1) * k;
  }
  out.polygon(std::span<const Vec2>(grown, n), color);
}

// gfxdraw's rectangle [l, r] x [b, t], rotated by `angle` about the origin
// and moved to (ox, oy), in Gymnasium's pixel units.
struct Box {
  double l, r, b, t;
};
void rotated_box(DrawList& out, const Pixels& at, Box box, double angle, double ox, double oy, Color color) {
  const double corners[4][2] = {{box.l, box.b}, {box.l, box.t}, {box.r, box.t}, {box.r, box.b}};
  Vec2 pts[4];
  for (int i = 0; i < 4; ++i) {
    const Point c = pygame_rotate(corners[i][0], corners[i][1], angle);
    pts[i] = at.vertex(c.x + ox, c.y + oy);
  }
  fill_outline(out, pts, color);
}

}  // namespace

void CartPole::draw(const State<double>& s, const Params& p, const DrawContext&, DrawList& out) {
  constexpr int kWidth = 600, kHeight = 400;
  out.reset(kWidth, kHeight, colors::white);
  const Pixels at{float(kHeight)};
  const double scale = kWidth / (2 * p.x_threshold);
  const double pole_width = 10.0, pole_len = scale * (2 * p.length);
  const double cart_width = 50.0, cart_height = 30.0, axle_offset = cart_height / 4.0;
  const double cart_x = s.x * scale + kWidth / 2.0, cart_y = 100.0;  // cart_y: the cart's centre line

  rotated_box(out, at, {-cart_width / 2, cart_width / 2, -cart_height / 2, cart_height / 2}, 0.0, cart_x, cart_y,
              colors::black);
  rotated_box(out, at, {-pole_width / 2, pole_width / 2, -pole_width / 2, pole_len - pole_width / 2}, -s.theta,
              cart_x, cart_y + axle_offset, Color{202, 152, 101});
  // The axle: centre truncated to whole pixels as Gymnasium's int() does.
  out.circle_filled(at(int(cart_x), int(cart_y + axle_offset)), float(int(pole_width / 2)) + kRimGrowth,
                    Color{129, 132, 203});
  // The track: pygame's hline at y = 100, one pixel row, drawn last as Gymnasium does.
  out.rect_filled({0, at.row(int(cart_y))}, {float(kWidth), at.row(int(cart_y)) + 1}, colors::black);
}

namespace {

template <class P>
void draw_mountain_car(const MountainCarBase::State<double>& s, const P& p, DrawList& out) {
  constexpr int kWidth = 600, kHeight = 400;
  out.reset(kWidth, kHeight, colors::white);
  const Pixels at{float(kHeight)};
  const auto hill = [](double x) { return std::sin(3 * x) * 0.45 + 0.55; };
  const double scale = kWidth / (p.max_position - p.min_position);
  const double car_width = 40, car_height = 20, clearance = 10;

  constexpr int kHillPoints = 100;  // np.linspace(min_position, max_position, 100), computed as numpy does
  const double step = (p.max_position - p.min_position) / (kHillPoints - 1);
  Vec2 curve[kHillPoints];
  for (int i = 0; i < kHillPoints; ++i) {
    const double x = i + 1 < kHillPoints ? i * step + p.min_position : p.max_position;
    curve[i] = at((x - p.min_position) * scale, hill(x) * scale);
  }
  out.polyline(curve, colors::black);

  // The car's tilt: Gymnasium rotates by cos(3 x) radians (proportional to,
  // not equal to, the slope's angle).
  const double pos = s.position, angle = std::cos(3 * pos);
  const double car_x = (pos - p.min_position) * scale, car_y = clearance + hill(pos) * scale;
  rotated_box(out, at, {-car_width / 2, car_width / 2, 0, car_height}, angle, car_x, car_y, colors::black);

  // Wheels on the car's base, a quarter of its width either side of its axis
  // (centres truncated to whole pixels as Gymnasium's int() does).
  const float wheel_radius = float(int(car_height / 2.5)) + kRimGrowth;
  for (double dx : {car_width / 4, -car_width / 4}) {
    const Point c = pygame_rotate(dx, 0, angle);
    const int wx = int(c.x + car_x), wy = int(c.y + clearance + hill(pos) * scale);  // Gymnasium's order of sums
    out.circle_filled(at(wx, wy), wheel_radius, Color{128, 128, 128});
  }

  const int flag_x = int((p.goal_position - p.min_position) * scale);
  const int flag_y1 = int(hill(p.goal_position) * scale), flag_y2 = flag_y1 + 50;
  out.rect_filled({float(flag_x), at.row(flag_y2)}, {float(flag_x + 1), at.row(flag_y1) + 1}, colors::black);
  // Integer vertices: each exactly on its pixel's centre.
  const Vec2 flag[3] = {at(flag_x, flag_y2), at(flag_x, flag_y2 - 10), at(flag_x + 25, flag_y2 - 5)};
  fill_outline(out, flag, Color{204, 204, 0});
}

// Our stand-in for Gymnasium's clockwise.png, which it scales to a square of
// side scale * |u| / 2 (2 = the default max_torque) and mirrors for u > 0: a
// three-quarter circle from 12 o'clock round to 9 o'clock, clockwise for a
// negative torque, ending in an arrowhead. Proportions as in the image.
void torque_arrow(DrawList& out, Vec2 centre, double side, bool counter_clockwise) {
  constexpr int kSegments = 36;
  const double radius = 0.457 * side, head_length = 0.16 * side, head_half_width = 0.07 * side;
  const float mirror = counter_clockwise ? -1.0f : 1.0f;
  // Canvas angles (y down): -pi/2 is 12 o'clock, increasing clockwise.
  const auto point = [&](double a, double r) {
    return Vec2{centre.x + mirror * float(r * std::cos(a)), centre.y + float(r * std::sin(a))};
  };
  const double start = -std::numbers::pi / 2, end = std::numbers::pi;
  Vec2 arc[kSegments + 1];
  for (int i = 0; i <= kSegments; ++i) arc[i] = point(start + (end - start) * i / kSegments, radius);
  out.polyline(arc, colors::black, std::max(1.0f, float(0.03 * side)));
  // The head: its base across the arc's end, its tip along the direction of travel (up at 9 o'clock).
  const Vec2 base = point(end, radius);
  out.polygon({point(end, radius - head_half_width), point(end, radius + head_half_width),
               Vec2{base.x, base.y - float(head_length)}},
              colors::black);
}

}  // namespace

void MountainCar::draw(const State<double>& s, const Params& p, const DrawContext&, DrawList& out) {
  draw_mountain_car(s, p, out);
}

void MountainCarContinuous::draw(const State<double>& s, const Params& p, const DrawContext&, DrawList& out) {
  draw_mountain_car(s, p, out);
}

void Pendulum::draw(const State<double>& s, const Params& p, const DrawContext& ctx, DrawList& out) {
  constexpr int kDim = 500;
  out.reset(kDim, kDim, colors::white);
  const Pixels at{float(kDim)};
  const Color rod_color{204, 77, 77};
  // Gymnasium draws a rod of length 1 whatever `l` is.
  const double bound = 2.2, scale = kDim / (bound * 2);
  const int offset = kDim / 2;
  const double rod_length = 1 * scale, rod_width = 0.2 * scale;
  const double angle = s.theta + std::numbers::pi / 2;

  rotated_box(out, at, {0, rod_length, -rod_width / 2, rod_width / 2}, angle, offset, offset, rod_color);
  const float rod_radius = float(int(rod_width / 2)) + kRimGrowth;
  out.circle_filled(at(offset, offset), rod_radius, rod_color);
  const Point end = pygame_rotate(rod_length, 0, angle);
  out.circle_filled(at(int(end.x + offset), int(end.y + offset)), rod_radius, rod_color);

  if (!ctx.last_action.empty()) {
    const double u = std::clamp(ctx.last_action[0], -p.max_torque, p.max_torque);
    const double side = scale * std::abs(u) / p.max_torque;
    if (side >= 1) torque_arrow(out, at(offset, offset), side, u > 0);
  }

  out.circle_filled(at(offset, offset), float(int(0.05 * scale)) + kRimGrowth, colors::black);
}

void Acrobot::draw(const State<double>& s, const Params& p, const DrawContext&, DrawList& out) {
  constexpr int kDim = 500;
  out.reset(kDim, kDim, colors::white);
  const Pixels at{float(kDim)};
  const double bound = p.link_length_1 + p.link_length_2 + 0.2;
  const double scale = kDim / (bound * 2), offset = kDim / 2.0;

  // The goal line, one pixel row at height 1 (Gymnasium's fixed termination
  // height, not a link length), from x = -2.2 to 2.2 whatever the scale.
  const int goal_row = int(1 * scale + offset);
  const int x0 = std::max(0, int(-2.2 * scale + offset)), x1 = std::min(kDim - 1, int(2.2 * scale + offset));
  out.rect_filled({float(x0), at.row(goal_row)}, {float(x1 + 1), at.row(goal_row) + 1}, colors::black);

  const double joints[2][2] = {
      {offset, offset},
      {p.link_length_1 * std::sin(s.theta1) * scale + offset, -p.link_length_1 * std::cos(s.theta1) * scale + offset}};
  const double angles[2] = {s.theta1 - std::numbers::pi / 2, s.theta1 + s.theta2 - std::numbers::pi / 2};
  const double lengths[2] = {p.link_length_1 * scale, p.link_length_2 * scale};
  const float joint_radius = float(int(0.1 * scale)) + kRimGrowth;
  for (int i = 0; i < 2; ++i) {
    const double x = joints[i][0], y = joints[i][1];
    rotated_box(out, at, {0, lengths[i], -0.1 * scale, 0.1 * scale}, angles[i], x, y, Color{0, 204, 204});
    out.circle_filled(at(int(x), int(y)), joint_radius, Color{204, 204, 0});
  }
}

}  // namespace gym::envs
