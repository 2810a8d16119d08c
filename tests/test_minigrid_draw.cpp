// MiniGrid's frame as a draw list (envs/src/minigrid_draw.cpp): canvas,
// tiles, objects, the agent and the highlighted field of view, checked on the
// primitives themselves (the render layer's tests rasterise).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <utility>
#include <vector>

#include "gym/draw.hpp"
#include "gym/envs/grid/minigrid.hpp"
#include "gym/registry.hpp"

namespace {

namespace grid = gym::envs::grid;
using gym::Color;
using gym::DrawList;
using gym::Vec2;
using Prim = DrawList::Primitive;
using CellSet = std::set<std::pair<int, int>>;

constexpr float kTile = 32.0f;
constexpr Color kRed{255, 0, 0}, kGreen{0, 255, 0}, kBlue{0, 0, 255}, kPurple{112, 39, 195}, kYellow{255, 255, 0},
    kGrey{100, 100, 100}, kBlack{0, 0, 0}, kLava{255, 128, 0};

// A DoorKey-like 8 x 8 level with one of everything: a wall splitting it at
// x = 4 with a locked, a closed and an open door, the key, a ball, a box, a
// floor tile, lava and the goal; the agent at (2, 3) facing the wall.
grid::World door_key_world() {
  grid::World w;
  grid::clear_world(w, 8, 8);
  grid::wall_rect(w, 0, 0, 8, 8);
  grid::vert_wall(w, 4, 0, 8);
  w.set(4, 2, grid::door_cell(grid::kYellow, grid::kLocked));
  w.set(4, 5, grid::door_cell(grid::kGreen, grid::kClosed));
  w.set(4, 6, grid::door_cell(grid::kBlue, grid::kOpen));
  w.set(1, 5, grid::make_cell(grid::kKey, grid::kYellow));
  w.set(2, 1, grid::make_cell(grid::kBall, grid::kBlue));
  w.set(3, 6, grid::make_cell(grid::kBox, grid::kPurple));
  w.set(5, 4, grid::make_cell(grid::kFloor, grid::kBlue));
  w.set(6, 1, grid::lava_cell());
  w.set(6, 6, grid::goal_cell());
  w.agent_x = 2;
  w.agent_y = 3;
  w.agent_dir = 0;
  return w;
}

// A walled width x height room with nothing in it.
grid::World empty_room(int width, int height, int ax, int ay, int dir) {
  grid::World w;
  grid::clear_world(w, width, height);
  grid::wall_rect(w, 0, 0, width, height);
  w.agent_x = uint8_t(ax);
  w.agent_y = uint8_t(ay);
  w.agent_dir = uint8_t(dir);
  return w;
}

DrawList draw(const grid::World& w, const grid::LevelParams& p = {}) {
  DrawList out;
  gym::envs::MiniGrid::draw(p, w, gym::DrawContext{}, out);
  return out;
}

struct Bounds {
  Vec2 min, max;
};
Bounds bounds(const DrawList& dl, const Prim& p) {
  const auto pts = dl.points(p);
  if (p.kind == DrawList::Kind::kCircle) return {pts[0] - Vec2{p.radius, p.radius}, pts[0] + Vec2{p.radius, p.radius}};
  Bounds b{pts[0], pts[0]};
  for (const Vec2& q : pts) {
    b.min = {std::min(b.min.x, q.x), std::min(b.min.y, q.y)};
    b.max = {std::max(b.max.x, q.x), std::max(b.max.y, q.y)};
  }
  return b;
}

// An axis-aligned filled rectangle (as rect_filled records it).
bool is_rect(const DrawList& dl, const Prim& p) {
  if (p.kind != DrawList::Kind::kPolygon || p.count != 4) return false;
  const Bounds b = bounds(dl, p);
  for (const Vec2& q : dl.points(p))
    if ((q.x != b.min.x && q.x != b.max.x) || (q.y != b.min.y && q.y != b.max.y)) return false;
  return true;
}

// The primitive is a filled rectangle over the fractions [u0, u1] x [v0, v1] of tile (x, y).
bool is_tile_rect(const DrawList& dl, const Prim& p, int x, int y, float u0 = 0, float u1 = 1, float v0 = 0,
                  float v1 = 1) {
  if (!is_rect(dl, p)) return false;
  const Bounds b = bounds(dl, p);
  const auto near = [](float a, float e) { return std::abs(a - e) < 1e-3f; };
  return near(b.min.x, (float(x) + u0) * kTile) && near(b.max.x, (float(x) + u1) * kTile) &&
         near(b.min.y, (float(y) + v0) * kTile) && near(b.max.y, (float(y) + v1) * kTile);
}

// What is drawn inside tile (x, y) alone, without the highlight: the tile's
// object and the agent (the grid lines span the canvas).
std::vector<Prim> in_tile(const DrawList& dl, int x, int y) {
  std::vector<Prim> out;
  for (const Prim& p : dl.primitives()) {
    if (p.color.a != 255) continue;
    const Bounds b = bounds(dl, p);
    const float eps = 1e-3f;
    if (b.min.x >= float(x) * kTile - eps && b.max.x <= float(x + 1) * kTile + eps &&
        b.min.y >= float(y) * kTile - eps && b.max.y <= float(y + 1) * kTile + eps)
      out.push_back(p);
  }
  return out;
}

// The cells under translucent primitives, each of which must cover exactly one tile.
CellSet highlighted(const DrawList& dl) {
  CellSet cells;
  for (const Prim& p : dl.primitives()) {
    if (p.color.a == 255) continue;
    const Bounds b = bounds(dl, p);
    const int x = int(std::floor(b.min.x / kTile)), y = int(std::floor(b.min.y / kTile));
    INFO("translucent primitive at (" << b.min.x << ", " << b.min.y << ")");
    CHECK(is_tile_rect(dl, p, x, y));
    CHECK(p.color == Color{255, 255, 255, 77});  // MiniGrid's highlight_img: 30 % white
    CHECK(cells.insert({x, y}).second);          // one overlay a cell
  }
  return cells;
}

// The grid cells the partial observation shows (its non-zero entries), mapped
// from the view, where the agent sits at (V/2, V-1) looking towards vy = 0.
CellSet seen_by_observation(const grid::World& w, int view, bool see_through_walls) {
  std::vector<uint8_t> obs(std::size_t(view * view * 3));
  grid::observe_partial(w, view, see_through_walls, obs.data());
  const int fx = grid::dir_dx(w.agent_dir), fy = grid::dir_dy(w.agent_dir);
  const int rx = -fy, ry = fx;
  CellSet cells;
  for (int vx = 0; vx < view; ++vx)
    for (int vy = 0; vy < view; ++vy) {
      if (obs[std::size_t((vx * view + vy) * 3)] == 0) continue;
      const int ahead = view - 1 - vy, right = vx - view / 2;
      const int x = w.agent_x + fx * ahead + rx * right, y = w.agent_y + fy * ahead + ry * right;
      if (w.inside(x, y)) cells.insert({x, y});
    }
  return cells;
}

CellSet rectangle(int x0, int x1, int y0, int y1) {
  CellSet cells;
  for (int x = x0; x <= x1; ++x)
    for (int y = y0; y <= y1; ++y) cells.insert({x, y});
  return cells;
}

bool has(const std::vector<Prim>& prims, DrawList::Kind kind, Color c) {
  return std::any_of(prims.begin(), prims.end(), [&](const Prim& p) { return p.kind == kind && p.color == c; });
}

}  // namespace

TEST_CASE("minigrid draw: the canvas is the grid in 32-pixel tiles on black", "[minigrid][draw]") {
  const DrawList square = draw(door_key_world());
  CHECK(square.width() == 8 * 32);
  CHECK(square.height() == 8 * 32);
  CHECK(square.background() == kBlack);
  const DrawList wide = draw(empty_room(11, 5, 2, 2, 0));
  CHECK(wide.width() == 11 * 32);
  CHECK(wide.height() == 5 * 32);
}

TEST_CASE("minigrid draw: a one-pixel grey line runs along each row's top and each column's left edge",
          "[minigrid][draw]") {
  const grid::World w = empty_room(6, 4, 2, 2, 0);
  const DrawList dl = draw(w);
  CellSet rows, columns;  // (index, 0)
  for (const Prim& p : dl.primitives()) {
    if (!is_rect(dl, p) || p.color != kGrey) continue;
    const Bounds b = bounds(dl, p);
    if (b.max.y - b.min.y == 1 && b.min.x == 0 && b.max.x == 6 * kTile) rows.insert({int(b.min.y / kTile), 0});
    if (b.max.x - b.min.x == 1 && b.min.y == 0 && b.max.y == 4 * kTile) columns.insert({int(b.min.x / kTile), 0});
    if (b.max.y - b.min.y == 1) CHECK(std::fmod(b.min.y, kTile) == 0);
    if (b.max.x - b.min.x == 1) CHECK(std::fmod(b.min.x, kTile) == 0);
  }
  CHECK(rows == rectangle(0, 3, 0, 0));
  CHECK(columns == rectangle(0, 5, 0, 0));
  // Drawn before the objects, which cover them where they fill their tile.
  const auto prims = dl.primitives();
  const auto first_wall =
      std::find_if(prims.begin(), prims.end(), [&](const Prim& p) { return is_tile_rect(dl, p, 0, 0); });
  REQUIRE(first_wall != prims.end());
  CHECK(first_wall - prims.begin() == 4 + 6);
}

TEST_CASE("minigrid draw: the agent is MiniGrid's red triangle turned a quarter per direction", "[minigrid][draw]") {
  // MiniGrid's triangle for direction 0, in tile fractions, and its
  // rotate_fn: the shape turned by dir * 90 degrees about the tile's centre
  // (clockwise on screen, y pointing down).
  const Vec2 base[3] = {{0.12f, 0.19f}, {0.87f, 0.50f}, {0.12f, 0.81f}};
  const int ax = 3, ay = 2;
  for (int dir = 0; dir < 4; ++dir) {
    INFO("direction " << dir);
    const DrawList dl = draw(empty_room(7, 6, ax, ay, dir));
    std::vector<Prim> red;
    for (const Prim& p : dl.primitives())
      if (p.color == kRed) red.push_back(p);
    REQUIRE(red.size() == 1);
    REQUIRE(red[0].kind == DrawList::Kind::kPolygon);
    REQUIRE(red[0].filled);
    const auto pts = dl.points(red[0]);
    REQUIRE(pts.size() == 3);
    const double theta = dir * std::numbers::pi / 2;
    for (const Vec2& b : base) {
      const double u = b.x - 0.5, v = b.y - 0.5;
      const Vec2 want{float((ax + 0.5 + std::cos(theta) * u - std::sin(theta) * v) * kTile),
                      float((ay + 0.5 + std::sin(theta) * u + std::cos(theta) * v) * kTile)};
      INFO("vertex (" << want.x << ", " << want.y << ")");
      CHECK(std::any_of(pts.begin(), pts.end(), [&](Vec2 q) {
        return std::abs(q.x - want.x) < 1e-3f && std::abs(q.y - want.y) < 1e-3f;
      }));
    }
    // The tip (the one vertex 0.37 tiles from the centre; the others are
    // 0.49 away) points at the cell in front.
    const Vec2 centre{(ax + 0.5f) * kTile, (ay + 0.5f) * kTile};
    const auto tips = std::count_if(pts.begin(), pts.end(), [&](Vec2 q) {
      return std::abs(q.x - centre.x - 0.37f * kTile * float(grid::dir_dx(dir))) < 1e-3f &&
             std::abs(q.y - centre.y - 0.37f * kTile * float(grid::dir_dy(dir))) < 1e-3f;
    });
    CHECK(tips == 1);
  }
}

TEST_CASE("minigrid draw: each object has MiniGrid's shape and colour", "[minigrid][draw]") {
  using Kind = DrawList::Kind;
  const DrawList dl = draw(door_key_world());

  SECTION("walls and the goal fill their tile with their colour") {
    for (auto [x, y] : {std::pair{0, 0}, {7, 3}, {4, 0}, {4, 7}}) {
      const auto t = in_tile(dl, x, y);
      REQUIRE(t.size() == 1);
      CHECK(is_tile_rect(dl, t[0], x, y));
      CHECK(t[0].color == kGrey);
    }
    const auto goal = in_tile(dl, 6, 6);
    REQUIRE(goal.size() == 1);
    CHECK(is_tile_rect(dl, goal[0], 6, 6));
    CHECK(goal[0].color == kGreen);
  }
  SECTION("lava is orange with three black zigzag waves") {
    const auto t = in_tile(dl, 6, 1);
    REQUIRE(t.size() == 4);
    CHECK(is_tile_rect(dl, t[0], 6, 1));
    CHECK(t[0].color == kLava);
    for (int i = 1; i < 4; ++i) {
      CHECK(t[std::size_t(i)].kind == Kind::kPolyline);
      CHECK(t[std::size_t(i)].color == kBlack);
      CHECK(t[std::size_t(i)].count == 5);
      CHECK(t[std::size_t(i)].thickness == Approx(0.06 * kTile));
    }
  }
  SECTION("a locked door is filled with a darker panel and a key slot") {
    const auto t = in_tile(dl, 4, 2);
    REQUIRE(t.size() == 3);
    CHECK(is_tile_rect(dl, t[0], 4, 2));
    CHECK(t[0].color == kYellow);
    CHECK(is_tile_rect(dl, t[1], 4, 2, 0.06f, 0.94f, 0.06f, 0.94f));
    CHECK(t[1].color == Color{114, 114, 0});  // 0.45 * yellow
    CHECK(is_tile_rect(dl, t[2], 4, 2, 0.52f, 0.75f, 0.50f, 0.56f));
    CHECK(t[2].color == kYellow);
  }
  SECTION("a closed door is a framed panel with a round handle") {
    const auto t = in_tile(dl, 4, 5);
    REQUIRE(t.size() == 5);
    CHECK(is_tile_rect(dl, t[0], 4, 5));
    CHECK(t[0].color == kGreen);
    CHECK(t[3].color == kBlack);
    CHECK(is_tile_rect(dl, t[3], 4, 5, 0.12f, 0.88f, 0.12f, 0.88f));
    CHECK(t[4].kind == Kind::kCircle);
    CHECK(t[4].color == kGreen);
    CHECK(dl.points(t[4])[0].x == Approx((4 + 0.75) * kTile));
  }
  SECTION("an open door is a hollow strip along the tile's right edge") {
    const auto t = in_tile(dl, 4, 6);
    REQUIRE(t.size() == 2);
    CHECK(is_tile_rect(dl, t[0], 4, 6, 0.88f, 1.0f, 0.0f, 1.0f));
    CHECK(t[0].color == kBlue);
    CHECK(is_tile_rect(dl, t[1], 4, 6, 0.92f, 0.96f, 0.04f, 0.96f));
    CHECK(t[1].color == kBlack);
  }
  SECTION("a key is a shaft, two teeth and a ring") {
    const auto t = in_tile(dl, 1, 5);
    REQUIRE(t.size() == 5);
    CHECK(std::count_if(t.begin(), t.end(), [&](const Prim& p) { return is_rect(dl, p) && p.color == kYellow; }) == 3);
    CHECK(has(t, Kind::kCircle, kYellow));
    CHECK(has(t, Kind::kCircle, kBlack));  // the ring's hole
  }
  SECTION("a ball is a filled circle in the tile's centre") {
    const auto t = in_tile(dl, 2, 1);
    REQUIRE(t.size() == 1);
    CHECK(t[0].kind == Kind::kCircle);
    CHECK(t[0].filled);
    CHECK(t[0].color == kBlue);
    CHECK(dl.points(t[0])[0] == Vec2{2.5f * kTile, 1.5f * kTile});
    CHECK(t[0].radius == Approx(0.31 * kTile));
  }
  SECTION("a box is a square outline with a slit") {
    const auto t = in_tile(dl, 3, 6);
    REQUIRE(t.size() == 3);
    CHECK(is_tile_rect(dl, t[0], 3, 6, 0.12f, 0.88f, 0.12f, 0.88f));
    CHECK(t[0].color == kPurple);
    CHECK(t[1].color == kBlack);
    CHECK(is_tile_rect(dl, t[2], 3, 6, 0.16f, 0.84f, 0.47f, 0.53f));
    CHECK(t[2].color == kPurple);
  }
  SECTION("a floor tile is its colour at half strength, inside the grid lines") {
    const auto t = in_tile(dl, 5, 4);
    REQUIRE(t.size() == 1);
    CHECK(is_tile_rect(dl, t[0], 5, 4, 0.031f, 1.0f, 0.031f, 1.0f));
    CHECK(t[0].color == Color{0, 0, 127});
  }
  SECTION("empty cells draw nothing; the agent's cell only the agent") {
    CHECK(in_tile(dl, 1, 1).empty());
    CHECK(in_tile(dl, 5, 2).empty());
    const auto agent = in_tile(dl, 2, 3);
    REQUIRE(agent.size() == 1);
    CHECK(agent[0].color == kRed);
  }
}

TEST_CASE("minigrid draw: an object under the agent is drawn beneath it", "[minigrid][draw]") {
  grid::World w = door_key_world();
  w.agent_x = 4;  // in the open door
  w.agent_y = 6;
  const DrawList dl = draw(w);
  const auto t = in_tile(dl, 4, 6);
  REQUIRE(t.size() == 3);
  CHECK(t[0].color == kBlue);
  CHECK(t[2].color == kRed);
}

TEST_CASE("minigrid draw: the carried object is not drawn", "[minigrid][draw]") {
  grid::World w = door_key_world();
  const DrawList empty_handed = draw(w);
  w.carrying = grid::make_cell(grid::kBall, grid::kRed);
  const DrawList carrying = draw(w);
  REQUIRE(carrying.primitives().size() == empty_handed.primitives().size());
  for (std::size_t i = 0; i < carrying.primitives().size(); ++i) {
    const Prim &a = carrying.primitives()[i], &b = empty_handed.primitives()[i];
    CHECK(a.kind == b.kind);
    CHECK(a.color == b.color);
  }
  CHECK(std::vector<Vec2>(carrying.points().begin(), carrying.points().end()) ==
        std::vector<Vec2>(empty_handed.points().begin(), empty_handed.points().end()));
}

TEST_CASE("minigrid draw: the highlight covers exactly the cells the agent sees", "[minigrid][draw]") {
  SECTION("in an open room, the view square ahead, clipped to the grid") {
    // 10 x 10, agent at (5, 5), view 7: 7 cells ahead (its own row first), 3 to each side.
    const CellSet want[4] = {rectangle(5, 9, 2, 8), rectangle(2, 8, 5, 9), rectangle(0, 5, 2, 8),
                             rectangle(2, 8, 0, 5)};
    for (int dir = 0; dir < 4; ++dir) {
      INFO("direction " << dir);
      const grid::World w = empty_room(10, 10, 5, 5, dir);
      CHECK(highlighted(draw(w)) == want[dir]);
      CHECK(seen_by_observation(w, 7, false) == want[dir]);
    }
    grid::LevelParams small;
    small.agent_view_size = 3;
    CHECK(highlighted(draw(empty_room(10, 10, 5, 5, 3), small)) == rectangle(4, 6, 3, 5));
  }
  SECTION("walls and closed doors hide what lies behind them") {
    grid::World w = door_key_world();
    w.agent_y = 2;  // facing the wall with the locked and the closed door, the open one out of view
    CHECK(highlighted(draw(w)) == rectangle(2, 4, 0, 5));
    CHECK(seen_by_observation(w, 7, false) == rectangle(2, 4, 0, 5));
    // MiniGrid's occlusion is not geometric: light through the open door at
    // (4, 6) spreads sideways along the row behind the wall.
    w.agent_y = 3;
    const CellSet lit = highlighted(draw(w));
    CHECK(lit == seen_by_observation(w, 7, false));
    CHECK(lit.count({5, 3}) == 1);
  }
  SECTION("see_through_walls lights the whole view square") {
    grid::LevelParams p;
    p.see_through_walls = true;
    const grid::World w = door_key_world();
    CHECK(highlighted(draw(w, p)) == rectangle(2, 7, 0, 6));
    CHECK(seen_by_observation(w, 7, true) == rectangle(2, 7, 0, 6));
  }
  SECTION("every direction and position of the level agrees with the partial observation") {
    grid::World w = door_key_world();
    for (int x = 1; x < 7; ++x)
      for (int y = 1; y < 7; ++y)
        for (int dir = 0; dir < 4; ++dir) {
          if (!grid::can_overlap(w.get(x, y))) continue;
          w.agent_x = uint8_t(x);
          w.agent_y = uint8_t(y);
          w.agent_dir = uint8_t(dir);
          INFO("agent at (" << x << ", " << y << "), direction " << dir);
          CHECK(highlighted(draw(w)) == seen_by_observation(w, 7, false));
        }
  }
  SECTION("a fully observable env has no highlight") {
    grid::LevelParams p;
    p.fully_observable = true;
    CHECK(highlighted(draw(door_key_world(), p)).empty());
  }
}

TEST_CASE("minigrid draw: a registered env draws its level", "[minigrid][draw]") {
  auto env = gym::make("MiniGrid-DoorKey-8x8-v0");
  env->reset(7);
  DrawList dl;
  env->draw(dl);
  CHECK(dl.width() == 8 * 32);
  CHECK(dl.height() == 8 * 32);
  int agents = 0, goals = 0, overlays = 0;
  for (const Prim& p : dl.primitives()) {
    agents += p.color == kRed && p.kind == DrawList::Kind::kPolygon && p.count == 3;
    goals += p.color == kGreen && is_rect(dl, p);
    overlays += p.color.a != 255;
  }
  CHECK(agents == 1);
  CHECK(goals == 1);
  CHECK(overlays > 1);
}
