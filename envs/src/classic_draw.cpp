// The classic-control scenes, drawn as Gymnasium 1.4 draws them with pygame
// (gymnasium/envs/classic_control/*.py, render()): same canvas, colours,
// sizes and positions. Gymnasium draws in a y-up surface and flips it; here a
// world point (x, y) in those pixel units lands at canvas (x, H - y).
#include <cmath>

#include "gym/draw.hpp"
#include "gym/envs/classic/cartpole.hpp"

namespace gym::envs {

namespace {

// Gymnasium's pre-flip pixel coordinates (y up from the bottom edge).
struct Flip {
  float height;
  Vec2 operator()(double x, double y) const { return {float(x), height - float(y)}; }
};

// (x, y) rotated by `angle` radians counter-clockwise, as pygame's Vector2.rotate_rad.
Vec2 rotate(double x, double y, double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  return {float(x * c - y * s), float(x * s + y * c)};
}

}  // namespace

void CartPole::draw(const State<double>& s, const Params& p, const DrawContext&, DrawList& out) {
  constexpr int kWidth = 600, kHeight = 400;
  out.reset(kWidth, kHeight, colors::white);
  const Flip at{float(kHeight)};
  const double scale = kWidth / (2 * p.x_threshold);
  const double pole_width = 10.0, pole_len = scale * (2 * p.length);
  const double cart_width = 50.0, cart_height = 30.0, axle_offset = cart_height / 4.0;
  const double cart_x = s.x * scale + kWidth / 2.0, cart_y = 100.0;

  out.polygon({at(cart_x - cart_width / 2, cart_y - cart_height / 2), at(cart_x - cart_width / 2, cart_y + cart_height / 2),
               at(cart_x + cart_width / 2, cart_y + cart_height / 2), at(cart_x + cart_width / 2, cart_y - cart_height / 2)},
              colors::black);

  const double l = -pole_width / 2, r = pole_width / 2, t = pole_len - pole_width / 2, b = -pole_width / 2;
  Vec2 pole[4];
  const double corners[4][2] = {{l, b}, {l, t}, {r, t}, {r, b}};
  for (int i = 0; i < 4; ++i) {
    const Vec2 c = rotate(corners[i][0], corners[i][1], -s.theta);
    pole[i] = at(c.x + cart_x, c.y + cart_y + axle_offset);
  }
  out.polygon(pole, Color{202, 152, 101});
  out.circle_filled(at(cart_x, cart_y + axle_offset), float(pole_width / 2), Color{129, 132, 203});
  // The track: one pixel row (pygame's hline at y = 100), drawn last as Gymnasium does.
  out.rect_filled(at(0, cart_y), at(kWidth, cart_y + 1), colors::black);
}

}  // namespace gym::envs
