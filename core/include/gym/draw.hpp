// gym::DrawList: a frame described as backend-neutral primitives (filled and
// outlined polygons, circles, lines, rectangles, text), in the pixel
// coordinates of a canvas of width x height with y pointing down. The render
// layer (render/, SDL2) rasterises it to an RGB array or a window; the play app
// draws it into a Dear ImGui window at any scale. Nothing here depends on SDL.
//
// Models describe a frame in their own world units through gym::WorldView,
// which maps world coordinates (y up) to canvas pixels:
//
//   static void draw(const State<double>& s, const Params& p, const DrawContext& ctx, DrawList& out) {
//     out.reset(600, 400);
//     const WorldView w = WorldView::fit_width(out, -2.4, 2.4, 100.0);  // x range, pixel baseline
//     out.rect_filled(w(s.x, 0) - Vec2{25, 15}, w(s.x, 0) + Vec2{25, 15}, colors::black);
//   }
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gym {

struct Color {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Color&, const Color&) = default;
};

namespace colors {
inline constexpr Color white{255, 255, 255};
inline constexpr Color black{0, 0, 0};
}  // namespace colors

struct Vec2 {
  float x = 0, y = 0;
  friend Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
  friend Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
  friend Vec2 operator*(Vec2 a, float k) { return {a.x * k, a.y * k}; }
  friend bool operator==(const Vec2&, const Vec2&) = default;
};

class DrawList {
 public:
  enum class Kind : uint8_t { kPolygon, kPolyline, kCircle, kText };
  static constexpr int kMaxSide = 16384;  // pixels per canvas side

  // One primitive. Points live in the list's shared point buffer.
  struct Primitive {
    Kind kind;
    Color color;
    bool filled;       // polygons and circles: filled, else outlined
    bool closed;       // polylines: last point joins the first
    float thickness;   // outlines and lines, in pixels
    float radius;      // circles; text: font size in pixels
    uint32_t first;    // index of the first point (circles and text: the centre / top-left)
    uint32_t count;    // number of points
    uint32_t text;     // text: index into texts()
  };

  DrawList() = default;
  DrawList(int width, int height, Color background = colors::white);

  int width() const { return width_; }
  int height() const { return height_; }
  Color background() const { return background_; }
  void set_background(Color c) { background_ = c; }
  // Empties the list, keeping the canvas and the allocations.
  void clear();
  // Empties the list and sets a new canvas (what a model's draw() starts with).
  void reset(int width, int height, Color background = colors::white);

  // Filled polygons must be convex; outline any shape with polyline(closed).
  void polygon(std::span<const Vec2> points, Color color);
  void polygon(std::initializer_list<Vec2> points, Color color) { polygon(std::span(points.begin(), points.size()), color); }
  void polyline(std::span<const Vec2> points, Color color, float thickness = 1.0f, bool closed = false);
  void polyline(std::initializer_list<Vec2> points, Color color, float thickness = 1.0f, bool closed = false) {
    polyline(std::span(points.begin(), points.size()), color, thickness, closed);
  }
  void line(Vec2 a, Vec2 b, Color color, float thickness = 1.0f);
  // Axis-aligned rectangles between two corners.
  void rect_filled(Vec2 a, Vec2 b, Color color);
  void rect(Vec2 a, Vec2 b, Color color, float thickness = 1.0f);
  void circle_filled(Vec2 centre, float radius, Color color);
  void circle(Vec2 centre, float radius, Color color, float thickness = 1.0f);
  // Text with its top-left corner at `pos`, in the renderer's built-in font.
  void text(Vec2 pos, std::string_view text, Color color, float size = 13.0f);

  std::span<const Primitive> primitives() const { return primitives_; }
  std::span<const Vec2> points() const { return points_; }
  std::span<const Vec2> points(const Primitive& p) const { return {points_.data() + p.first, p.count}; }
  const std::string& text_of(const Primitive& p) const { return texts_[p.text]; }

 private:
  uint32_t push_points(std::span<const Vec2> pts);

  int width_ = 0, height_ = 0;
  Color background_ = colors::white;
  std::vector<Primitive> primitives_;
  std::vector<Vec2> points_;
  std::vector<std::string> texts_;
};

// World coordinates (y up, any units) to canvas pixels: px = x0 + scale * x,
// py = y0 - scale * y.
struct WorldView {
  float scale = 1.0f;
  float x0 = 0.0f, y0 = 0.0f;

  Vec2 operator()(double x, double y) const { return {x0 + scale * float(x), y0 - scale * float(y)}; }
  // Length in world units to pixels.
  float px(double length) const { return scale * float(length); }

  // The world x range [x_min, x_max] spans the canvas width; world y = 0 is
  // `baseline` pixels above the canvas's bottom edge.
  static WorldView fit_width(const DrawList& canvas, double x_min, double x_max, double baseline = 0.0);
  // The world square [-extent, extent]^2 fits the canvas (centred, same scale on both axes).
  static WorldView centred(const DrawList& canvas, double extent);
};

// What a model's draw() may use besides its state: the last action (empty
// right after a reset) and the step within the episode.
struct DrawContext {
  std::span<const double> last_action;
  int64_t step = 0;
};

}  // namespace gym
