#include "gym/draw.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "gym/error.hpp"

namespace gym {

namespace {

void check_finite(std::span<const Vec2> pts, std::string_view what) {
  for (const Vec2& p : pts)
    if (!std::isfinite(p.x) || !std::isfinite(p.y))
      throw Error(fmt::format("DrawList::{}: point ({}, {}) is not finite", what, p.x, p.y));
}

void check_size(float value, std::string_view what, std::string_view name) {
  if (!std::isfinite(value) || value < 0)
    throw Error(fmt::format("DrawList::{}: {} must be finite and >= 0, got {}", what, name, value));
}

}  // namespace

DrawList::DrawList(int width, int height, Color background) { reset(width, height, background); }

void DrawList::reset(int width, int height, Color background) {
  if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide)
    throw Error(fmt::format("DrawList: canvas {}x{} is outside 1..{} pixels per side", width, height, kMaxSide));
  width_ = width;
  height_ = height;
  background_ = background;
  clear();
}

void DrawList::clear() {
  primitives_.clear();
  points_.clear();
  texts_.clear();
}

uint32_t DrawList::push_points(std::span<const Vec2> pts) {
  const auto first = uint32_t(points_.size());
  points_.insert(points_.end(), pts.begin(), pts.end());
  return first;
}

void DrawList::polygon(std::span<const Vec2> pts, Color color) {
  check_finite(pts, "polygon");
  if (pts.size() < 3) throw Error(fmt::format("DrawList::polygon: needs at least 3 points, got {}", pts.size()));
  primitives_.push_back({Kind::kPolygon, color, true, true, 0.0f, 0.0f, push_points(pts), uint32_t(pts.size()), 0});
}

void DrawList::polyline(std::span<const Vec2> pts, Color color, float thickness, bool closed) {
  check_finite(pts, "polyline");
  check_size(thickness, "polyline", "thickness");
  if (pts.size() < 2) throw Error(fmt::format("DrawList::polyline: needs at least 2 points, got {}", pts.size()));
  primitives_.push_back(
      {Kind::kPolyline, color, false, closed, thickness, 0.0f, push_points(pts), uint32_t(pts.size()), 0});
}

void DrawList::line(Vec2 a, Vec2 b, Color color, float thickness) { polyline({a, b}, color, thickness); }

void DrawList::rect_filled(Vec2 a, Vec2 b, Color color) {
  const float x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x), y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  polygon({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, color);
}

void DrawList::rect(Vec2 a, Vec2 b, Color color, float thickness) {
  const float x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x), y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  polyline({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, color, thickness, true);
}

void DrawList::circle_filled(Vec2 centre, float radius, Color color) {
  check_finite({&centre, 1}, "circle_filled");
  check_size(radius, "circle_filled", "radius");
  primitives_.push_back({Kind::kCircle, color, true, true, 0.0f, radius, push_points({&centre, 1}), 1, 0});
}

void DrawList::circle(Vec2 centre, float radius, Color color, float thickness) {
  check_finite({&centre, 1}, "circle");
  check_size(radius, "circle", "radius");
  check_size(thickness, "circle", "thickness");
  primitives_.push_back({Kind::kCircle, color, false, true, thickness, radius, push_points({&centre, 1}), 1, 0});
}

void DrawList::text(Vec2 pos, std::string_view s, Color color, float size) {
  check_finite({&pos, 1}, "text");
  if (!(size > 0) || !std::isfinite(size)) throw Error(fmt::format("DrawList::text: size must be > 0, got {}", size));
  texts_.emplace_back(s);
  primitives_.push_back(
      {Kind::kText, color, true, false, 0.0f, size, push_points({&pos, 1}), 1, uint32_t(texts_.size() - 1)});
}

WorldView WorldView::fit_width(const DrawList& canvas, double x_min, double x_max, double baseline) {
  if (!(x_max > x_min)) throw Error(fmt::format("WorldView::fit_width: empty x range [{}, {}]", x_min, x_max));
  WorldView v;
  v.scale = float(canvas.width() / (x_max - x_min));
  v.x0 = float(-x_min * v.scale);
  v.y0 = float(canvas.height() - baseline);
  return v;
}

WorldView WorldView::centred(const DrawList& canvas, double extent) {
  if (!(extent > 0)) throw Error(fmt::format("WorldView::centred: extent must be > 0, got {}", extent));
  WorldView v;
  v.scale = float(std::min(canvas.width(), canvas.height()) / (2.0 * extent));
  v.x0 = canvas.width() / 2.0f;
  v.y0 = canvas.height() / 2.0f;
  return v;
}

}  // namespace gym
