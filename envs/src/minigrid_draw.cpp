// MiniGrid's frame, as MiniGrid 3.2 renders it (minigrid/core/grid.py
// render_tile, core/world_object.py's render methods, minigrid_env.py
// get_full_render): 32-pixel tiles on black, a one-pixel grey line at each
// tile's top and left edges, the objects in the same shapes, colours and
// tile fractions, the agent as a red triangle, and the cells the agent sees
// brightened by 30 % white. MiniGrid fills shapes with supersampling; here
// the same shapes are primitives, antialiased by the render layer.
#include <array>
#include <cstdint>

#include "gym/draw.hpp"
#include "gym/envs/grid/minigrid.hpp"

namespace gym::envs {

namespace {

using grid::Cell;
using grid::World;

constexpr float kTile = 32.0f;  // pixels per cell (MiniGrid's TILE_PIXELS)

// MiniGrid's COLORS, indexed by COLOR_TO_IDX.
constexpr std::array<Color, grid::kNumColors> kPalette = {
    Color{255, 0, 0}, Color{0, 255, 0}, Color{0, 0, 255}, Color{112, 39, 195}, Color{255, 255, 0}, Color{100, 100, 100}};
constexpr Color kGridLine{100, 100, 100};
constexpr Color kLava{255, 128, 0};
constexpr Color kAgentColor{255, 0, 0};
// highlight_img: img + 0.3 * (white - img), a white wash at alpha 0.3.
constexpr Color kHighlight{255, 255, 255, 77};

Color palette(uint8_t index) { return index < kPalette.size() ? kPalette[index] : kPalette[grid::kGrey]; }

// A colour scaled as numpy scales an RGB array before storing it as uint8
// (truncation): Floor's COLORS / 2, the locked door's 0.45 * COLORS.
Color scaled(Color c, float k) { return {uint8_t(float(c.r) * k), uint8_t(float(c.g) * k), uint8_t(float(c.b) * k)}; }

// One tile; shapes are given, as MiniGrid gives them, in fractions of it.
struct Tile {
  float x0, y0;  // top-left corner, pixels
  Vec2 at(float u, float v) const { return {x0 + u * kTile, y0 + v * kTile}; }
};

void fill(DrawList& out, const Tile& t, float u0, float u1, float v0, float v1, Color c) {
  out.rect_filled(t.at(u0, v0), t.at(u1, v1), c);
}

void draw_door(DrawList& out, const Tile& t, Cell cell) {
  const Color c = palette(cell.color);
  if (cell.state == grid::kOpen) {
    // The door swung open against the tile's right edge.
    fill(out, t, 0.88f, 1.00f, 0.00f, 1.00f, c);
    fill(out, t, 0.92f, 0.96f, 0.04f, 0.96f, colors::black);
  } else if (cell.state == grid::kLocked) {
    fill(out, t, 0.00f, 1.00f, 0.00f, 1.00f, c);
    fill(out, t, 0.06f, 0.94f, 0.06f, 0.94f, scaled(c, 0.45f));
    fill(out, t, 0.52f, 0.75f, 0.50f, 0.56f, c);  // key slot
  } else {
    fill(out, t, 0.00f, 1.00f, 0.00f, 1.00f, c);
    fill(out, t, 0.04f, 0.96f, 0.04f, 0.96f, colors::black);
    fill(out, t, 0.08f, 0.92f, 0.08f, 0.92f, c);
    fill(out, t, 0.12f, 0.88f, 0.12f, 0.88f, colors::black);
    out.circle_filled(t.at(0.75f, 0.50f), 0.08f * kTile, c);  // handle
  }
}

void draw_key(DrawList& out, const Tile& t, Color c) {
  fill(out, t, 0.50f, 0.63f, 0.31f, 0.88f, c);  // shaft
  fill(out, t, 0.38f, 0.50f, 0.59f, 0.66f, c);  // teeth
  fill(out, t, 0.38f, 0.50f, 0.81f, 0.88f, c);
  out.circle_filled(t.at(0.56f, 0.28f), 0.190f * kTile, c);  // ring
  out.circle_filled(t.at(0.56f, 0.28f), 0.064f * kTile, colors::black);
}

void draw_lava(DrawList& out, const Tile& t) {
  fill(out, t, 0.0f, 1.0f, 0.0f, 1.0f, kLava);
  // Three waves, each a zigzag of lines 0.06 tile wide (point_in_line, r = 0.03).
  for (int i = 0; i < 3; ++i) {
    const float lo = 0.3f + 0.2f * float(i), hi = lo + 0.1f;
    out.polyline({t.at(0.1f, lo), t.at(0.3f, hi), t.at(0.5f, lo), t.at(0.7f, hi), t.at(0.9f, lo)}, colors::black,
                 0.06f * kTile);
  }
}

void draw_object(DrawList& out, const Tile& t, Cell cell) {
  const Color c = palette(cell.color);
  switch (cell.type) {
    case grid::kWall:
    case grid::kGoal: fill(out, t, 0.0f, 1.0f, 0.0f, 1.0f, c); break;
    case grid::kFloor: fill(out, t, 0.031f, 1.0f, 0.031f, 1.0f, scaled(c, 0.5f)); break;
    case grid::kLava: draw_lava(out, t); break;
    case grid::kDoor: draw_door(out, t, cell); break;
    case grid::kKey: draw_key(out, t, c); break;
    case grid::kBall: out.circle_filled(t.at(0.5f, 0.5f), 0.31f * kTile, c); break;
    case grid::kBox:
      fill(out, t, 0.12f, 0.88f, 0.12f, 0.88f, c);
      fill(out, t, 0.18f, 0.82f, 0.18f, 0.82f, colors::black);
      fill(out, t, 0.16f, 0.84f, 0.47f, 0.53f, c);  // slit
      break;
    default: break;  // empty and unseen cells show the background; the agent is drawn on its own
  }
}

// MiniGrid's agent: the triangle (0.12, 0.19), (0.87, 0.50), (0.12, 0.81)
// pointing along +x, turned a quarter per direction about the tile's centre.
// The turn is exact: a point's offset from the centre is split along the
// agent's forward and right vectors.
void draw_agent(DrawList& out, const Tile& t, int dir) {
  const float fx = float(grid::dir_dx(dir)), fy = float(grid::dir_dy(dir));
  const float rx = -fy, ry = fx;  // the agent's right
  const auto at = [&](float u, float v) {  // u ahead of the centre, v to its right, in tiles
    return t.at(0.5f + fx * u + rx * v, 0.5f + fy * u + ry * v);
  };
  out.polygon({at(-0.38f, -0.31f), at(0.37f, 0.0f), at(-0.38f, 0.31f)}, kAgentColor);
}

// The cells of the grid that the agent sees, as MiniGrid's get_full_render
// marks them: the partial view's visible cells (observe_partial's occlusion,
// whose unseen cells, and only those, encode as type 0), mapped back onto the
// grid, those outside it dropped. visible[y * kMaxGrid + x].
void visible_cells(const grid::LevelParams& p, const World& w, bool* visible) {
  const int view = p.agent_view_size, half = view / 2;
  uint8_t obs[grid::kMaxView * grid::kMaxView * 3];
  grid::observe_partial(w, view, p.see_through_walls, obs);
  const int dx = grid::dir_dx(w.agent_dir), dy = grid::dir_dy(w.agent_dir);
  const int rx = -dy, ry = dx;
  for (int vx = 0; vx < view; ++vx) {
    for (int vy = 0; vy < view; ++vy) {
      if (obs[(vx * view + vy) * 3] == grid::kUnseen) continue;
      const int a = view - 1 - vy, b = vx - half;  // cells ahead of the agent, cells to its right
      const int x = w.agent_x + dx * a + rx * b, y = w.agent_y + dy * a + ry * b;
      if (w.inside(x, y)) visible[y * grid::kMaxGrid + x] = true;
    }
  }
}

}  // namespace

void MiniGrid::draw(const Params& p, const State& w, const DrawContext&, DrawList& out) {
  const int width = w.width, height = w.height;
  out.reset(width * int(kTile), height * int(kTile), colors::black);
  const float canvas_w = float(width) * kTile, canvas_h = float(height) * kTile;
  // Each tile's top and left grid lines, as whole rows and columns; the
  // objects that fill their tile (walls, goals, lava, doors) cover them, as
  // in MiniGrid.
  for (int y = 0; y < height; ++y) out.rect_filled({0, float(y) * kTile}, {canvas_w, float(y) * kTile + 1}, kGridLine);
  for (int x = 0; x < width; ++x) out.rect_filled({float(x) * kTile, 0}, {float(x) * kTile + 1, canvas_h}, kGridLine);
  // The carried object lives outside the grid and is not drawn.
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) draw_object(out, Tile{float(x) * kTile, float(y) * kTile}, w.get(x, y));
  draw_agent(out, Tile{float(w.agent_x) * kTile, float(w.agent_y) * kTile}, w.agent_dir);
  // The highlight goes over everything in its cells (the agent too), as
  // render_tile applies it last.
  if (p.fully_observable) return;
  bool visible[grid::kMaxGrid * grid::kMaxGrid] = {};
  visible_cells(p, w, visible);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if (visible[y * grid::kMaxGrid + x]) {
        const Tile t{float(x) * kTile, float(y) * kTile};
        fill(out, t, 0.0f, 1.0f, 0.0f, 1.0f, kHighlight);
      }
}

}  // namespace gym::envs
