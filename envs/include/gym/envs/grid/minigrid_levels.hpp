// MiniGrid's families: their parameters, level generators and step rules,
// GYM_HD so that a GPU thread generates and steps its own world. The
// generators follow each family's construction in MiniGrid 3.x (which walls,
// rooms, doors and objects, where, drawn how), with our generator's numbers.
#pragma once

#include <cstdint>

#include "gym/envs/grid/grid_world.hpp"
#include "gym/hd.hpp"
#include "gym/world.hpp"

namespace gym::envs::grid {

enum class Family : uint8_t {
  kEmpty,
  kFourRooms,
  kDoorKey,
  kLavaGap,
  kCrossing,
  kDistShift,
  kUnlock,
  kUnlockPickup,
  kDynamicObstacles,
  kMultiRoom,
  kKeyCorridor,
  kGoToDoor,
  kFetch,
  kMemory,
  kCustom,  // a user's map (MiniGrid-Custom-v0; see MiniGrid::parse_map)
};

// A user's level: the grid and the agent's start, as parse_map reads it.
struct CustomLayout {
  Cell cells[kMaxGrid * kMaxGrid];  // [y * kMaxGrid + x]
  uint8_t width = 0, height = 0;
  uint8_t agent_x = 0, agent_y = 0, agent_dir = 0;
};

// The parameters of one registered id (MiniGrid's constructor arguments).
struct LevelParams {
  Family family = Family::kEmpty;
  int size = 8;                 // grid side (width)
  int height = 0;               // 0: square
  int max_steps = 0;            // 0: the family's default
  int agent_view_size = 7;
  bool see_through_walls = false;
  bool fully_observable = false;
  bool random_start = false;    // Empty/Dynamic-Obstacles "Random" variants, DistShift
  bool lava = true;             // Crossing/LavaGap obstacles: lava (true) or walls
  int num_crossings = 1;        // Crossing
  int obstacles = 4;            // Dynamic-Obstacles (MiniGrid's n_obstacles)
  int strip2_row = 2;           // DistShift
  int num_rooms = 6;            // MultiRoom (min = max in MiniGrid's ids)
  int max_room_size = 10;       // MultiRoom
  int num_rows = 3;             // KeyCorridor
  int room_size = 6;            // KeyCorridor, Unlock, UnlockPickup
  int num_objs = 3;             // Fetch
  bool random_length = false;   // Memory
  CustomLayout layout;          // kCustom
};

GYM_HD inline int level_width(const LevelParams& p) {
  switch (p.family) {
    case Family::kFourRooms: return 19;
    case Family::kDistShift: return 9;
    case Family::kMultiRoom: return 25;
    case Family::kUnlock:
    case Family::kUnlockPickup: return 2 * (p.room_size - 1) + 1;
    case Family::kKeyCorridor: return 3 * (p.room_size - 1) + 1;
    case Family::kCustom: return p.layout.width;
    default: return p.size;
  }
}
GYM_HD inline int level_height(const LevelParams& p) {
  switch (p.family) {
    case Family::kFourRooms: return 19;
    case Family::kDistShift: return 7;
    case Family::kMultiRoom: return 25;
    case Family::kUnlock:
    case Family::kUnlockPickup: return p.room_size;
    case Family::kKeyCorridor: return p.num_rows * (p.room_size - 1) + 1;
    case Family::kCustom: return p.layout.height;
    default: return p.height > 0 ? p.height : p.size;
  }
}

GYM_HD inline int num_actions(const LevelParams& p) { return p.family == Family::kDynamicObstacles ? 3 : kNumActions; }

// MiniGrid's default max_steps per family.
GYM_HD inline int max_steps(const LevelParams& p) {
  if (p.max_steps > 0) return p.max_steps;
  const int s = p.size, w = level_width(p), h = level_height(p);
  switch (p.family) {
    case Family::kEmpty:
    case Family::kLavaGap:
    case Family::kCrossing:
    case Family::kDynamicObstacles:
    case Family::kGoToDoor: return 4 * s * s;
    case Family::kFourRooms: return 100;
    case Family::kDoorKey: return 10 * s * s;
    case Family::kDistShift: return 4 * w * h;
    case Family::kUnlock:
    case Family::kUnlockPickup: return 8 * p.room_size * p.room_size;
    case Family::kMultiRoom: return 20 * p.num_rooms;
    case Family::kKeyCorridor: return 30 * p.room_size * p.room_size;
    case Family::kFetch:
    case Family::kMemory: return 5 * s * s;
    case Family::kCustom: return 4 * w * h;
  }
  return 4 * s * s;
}

// ---- building blocks ------------------------------------------------------

GYM_HD inline void horz_wall(World& w, int x, int y, int length, Cell c = wall_cell()) {
  for (int i = 0; i < length; ++i) w.set(x + i, y, c);
}
GYM_HD inline void vert_wall(World& w, int x, int y, int length, Cell c = wall_cell()) {
  for (int j = 0; j < length; ++j) w.set(x, y + j, c);
}
GYM_HD inline void wall_rect(World& w, int x, int y, int width, int height) {
  horz_wall(w, x, y, width);
  horz_wall(w, x, y + height - 1, width);
  vert_wall(w, x, y, height);
  vert_wall(w, x + width - 1, y, height);
}

struct Pos {
  int x = -1, y = -1;
  GYM_HD bool ok() const { return x >= 0; }
};

// MiniGrid's place_obj: a uniformly random empty cell of the rectangle
// (top, size), not the agent's, not next to the agent when away_from_agent
// (RoomGrid's reject_next_to); gives up after max_tries (returns !ok()).
template <class R>
GYM_HD Pos place_obj(World& w, Cell obj, R& rng, int tx = 0, int ty = 0, int sx = 0, int sy = 0,
                     bool away_from_agent = false, int max_tries = 100000, bool agent_placed = true) {
  if (tx < 0) tx = 0;
  if (ty < 0) ty = 0;
  const int ex = sx > 0 ? (tx + sx < w.width ? tx + sx : w.width) : w.width;
  const int ey = sy > 0 ? (ty + sy < w.height ? ty + sy : w.height) : w.height;
  for (int tries = 0; tries <= max_tries; ++tries) {
    const int x = uniform_int(rng, tx, ex), y = uniform_int(rng, ty, ey);
    if (!is_empty(w.get(x, y))) continue;
    if (agent_placed && x == w.agent_x && y == w.agent_y) continue;
    if (away_from_agent && agent_placed) {
      const int d = (x > w.agent_x ? x - w.agent_x : w.agent_x - x) + (y > w.agent_y ? y - w.agent_y : w.agent_y - y);
      if (d < 2) continue;
    }
    w.set(x, y, obj);
    return {x, y};
  }
  return {};
}

// MiniGrid's place_agent: a random empty cell of the rectangle, and a random
// direction when rand_dir.
template <class R>
GYM_HD Pos place_agent(World& w, R& rng, int tx = 0, int ty = 0, int sx = 0, int sy = 0, bool rand_dir = true) {
  const Pos p = place_obj(w, Cell{}, rng, tx, ty, sx, sy, false, 100000, false);
  if (p.ok()) {
    w.agent_x = uint8_t(p.x);
    w.agent_y = uint8_t(p.y);
  }
  if (rand_dir) w.agent_dir = uint8_t(uniform_int(rng, 0, 4));
  return p;
}

template <class R>
GYM_HD uint8_t random_color(R& rng) {
  return uint8_t(uniform_int(rng, 0, kNumColors));
}

template <class T, class R>
GYM_HD void shuffle(T* items, int n, R& rng) {
  for (int i = n - 1; i > 0; --i) {
    const int j = uniform_int(rng, 0, i + 1);
    const T t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

// ---- rooms (MiniGrid's RoomGrid) -------------------------------------------

// A grid of cols x rows square rooms of side room_size sharing their walls,
// with the door positions of MiniGrid's RoomGrid (a random cell of each
// shared wall); returns them in doors_right[j][i] / doors_down[j][i].
struct RoomLayout {
  int room_size = 6, cols = 1, rows = 1;
  Pos right[5][5];  // door position on the right wall of room (i, j)
  Pos down[5][5];   // on the bottom wall
  GYM_HD int left(int i) const { return i * (room_size - 1); }
  GYM_HD int top(int j) const { return j * (room_size - 1); }
};

template <class R>
GYM_HD void build_rooms(World& w, RoomLayout& rooms, R& rng) {
  const int s = rooms.room_size;
  for (int j = 0; j < rooms.rows; ++j)
    for (int i = 0; i < rooms.cols; ++i) wall_rect(w, rooms.left(i), rooms.top(j), s, s);
  for (int j = 0; j < rooms.rows; ++j) {
    for (int i = 0; i < rooms.cols; ++i) {
      const int xl = rooms.left(i) + 1, yl = rooms.top(j) + 1, xm = rooms.left(i) + s - 1, ym = rooms.top(j) + s - 1;
      if (i < rooms.cols - 1) rooms.right[j][i] = {xm, uniform_int(rng, yl, ym)};
      if (j < rooms.rows - 1) rooms.down[j][i] = {uniform_int(rng, xl, xm), ym};
    }
  }
}

// Places an object in room (i, j) away from the agent (RoomGrid.add_object).
template <class R>
GYM_HD Pos add_object(World& w, const RoomLayout& rooms, int i, int j, Cell obj, R& rng) {
  return place_obj(w, obj, rng, rooms.left(i), rooms.top(j), rooms.room_size, rooms.room_size, true, 1000);
}

// RoomGrid.place_agent: a random cell of room (i, j), redrawn until the
// agent faces an empty cell or a wall.
template <class R>
GYM_HD void place_agent_in_room(World& w, const RoomLayout& rooms, int i, int j, R& rng) {
  for (int tries = 0; tries < 1000; ++tries) {
    place_agent(w, rng, rooms.left(i), rooms.top(j), rooms.room_size, rooms.room_size);
    const Cell front = w.get(w.agent_x + dir_dx(w.agent_dir), w.agent_y + dir_dy(w.agent_dir));
    if (front.type == kEmpty || front.type == kWall) return;
  }
}

// ---- generators -----------------------------------------------------------

// The agent in the top-left corner facing right, or anywhere (random_start).
template <class R>
GYM_HD void start_agent(const LevelParams& p, World& w, R& rng) {
  if (p.random_start) {
    place_agent(w, rng);
  } else {
    w.agent_x = w.agent_y = 1;
    w.agent_dir = 0;
  }
}

// A walled room with the goal in the far corner: Empty, Dynamic-Obstacles.
template <class R>
GYM_HD void walled_room_with_goal(const LevelParams& p, World& w, R& rng) {
  wall_rect(w, 0, 0, w.width, w.height);
  w.set(w.width - 2, w.height - 2, goal_cell());
  start_agent(p, w, rng);
}

template <class R>
GYM_HD void gen_empty(const LevelParams& p, World& w, R& rng) {
  walled_room_with_goal(p, w, rng);
}

template <class R>
GYM_HD void gen_four_rooms(const LevelParams&, World& w, R& rng) {
  const int W = w.width, H = w.height;
  wall_rect(w, 0, 0, W, H);
  const int rw = W / 2, rh = H / 2;
  for (int j = 0; j < 2; ++j) {
    for (int i = 0; i < 2; ++i) {
      const int xl = i * rw, yt = j * rh, xr = xl + rw, yb = yt + rh;
      if (i + 1 < 2) {
        vert_wall(w, xr, yt, rh);
        w.set(xr, uniform_int(rng, yt + 1, yb), Cell{});
      }
      if (j + 1 < 2) {
        horz_wall(w, xl, yb, rw);
        w.set(uniform_int(rng, xl + 1, xr), yb, Cell{});
      }
    }
  }
  place_agent(w, rng);
  place_obj(w, goal_cell(), rng);
}

template <class R>
GYM_HD void gen_door_key(const LevelParams&, World& w, R& rng) {
  const int W = w.width, H = w.height;
  wall_rect(w, 0, 0, W, H);
  w.set(W - 2, H - 2, goal_cell());
  const int split = uniform_int(rng, 2, W - 2);
  vert_wall(w, split, 0, H);
  place_agent(w, rng, 0, 0, split, H);
  const int door = uniform_int(rng, 1, H - 2);
  w.set(split, door, door_cell(kYellow, kLocked));
  place_obj(w, make_cell(kKey, kYellow), rng, 0, 0, split, H);
}

// The room LavaGap and the crossings start from: walls around, the agent in
// the top-left corner facing right, the goal in the bottom-right one.
GYM_HD inline void corner_to_corner_room(World& w) {
  wall_rect(w, 0, 0, w.width, w.height);
  w.agent_x = w.agent_y = 1;
  w.agent_dir = 0;
  w.set(w.width - 2, w.height - 2, goal_cell());
}

template <class R>
GYM_HD void gen_lava_gap(const LevelParams& p, World& w, R& rng) {
  const int W = w.width, H = w.height;
  corner_to_corner_room(w);
  const int gx = uniform_int(rng, 2, W - 2), gy = uniform_int(rng, 1, H - 1);
  vert_wall(w, gx, 1, H - 2, p.lava ? lava_cell() : wall_cell());
  w.set(gx, gy, Cell{});
}

// Crossing: rivers of lava (or walls) across the room, every other row or
// column, with one opening each along a monotone path to the goal.
template <class R>
GYM_HD void gen_crossing(const LevelParams& p, World& w, R& rng) {
  const int W = w.width, H = w.height;
  corner_to_corner_room(w);
  const Cell obstacle = p.lava ? lava_cell() : wall_cell();
  // Candidate rivers: code > 0 a column x = code, code < 0 a row y = -code.
  int rivers[2 * kMaxGrid];
  int n = 0;
  for (int y = 2; y < H - 2; y += 2) rivers[n++] = -y;
  for (int x = 2; x < W - 2; x += 2) rivers[n++] = x;
  shuffle(rivers, n, rng);
  const int k = p.num_crossings < n ? p.num_crossings : n;
  int cols[kMaxGrid], rows[kMaxGrid];
  int nc = 0, nr = 0;
  for (int i = 0; i < k; ++i) {
    if (rivers[i] > 0) cols[nc++] = rivers[i];
    else rows[nr++] = -rivers[i];
  }
  // Sorted, so that the openings follow the rooms between rivers in order.
  for (int a = 1; a < nc; ++a)
    for (int b = a; b > 0 && cols[b - 1] > cols[b]; --b) {
      const int t = cols[b];
      cols[b] = cols[b - 1];
      cols[b - 1] = t;
    }
  for (int a = 1; a < nr; ++a)
    for (int b = a; b > 0 && rows[b - 1] > rows[b]; --b) {
      const int t = rows[b];
      rows[b] = rows[b - 1];
      rows[b - 1] = t;
    }
  for (int r = 0; r < nr; ++r) horz_wall(w, 1, rows[r], W - 2, obstacle);
  for (int c = 0; c < nc; ++c) vert_wall(w, cols[c], 1, H - 2, obstacle);
  // The path: one step right across each column river, one step down across
  // each row river, in random order; each crossing opens one cell.
  bool moves[2 * kMaxGrid];  // true: cross a column (move right)
  int m = 0;
  for (int c = 0; c < nc; ++c) moves[m++] = true;
  for (int r = 0; r < nr; ++r) moves[m++] = false;
  shuffle(moves, m, rng);
  int room_x = 0, room_y = 0;  // which band between rivers the path is in
  for (int s = 0; s < m; ++s) {
    const int x0 = room_x == 0 ? 0 : cols[room_x - 1], x1 = room_x < nc ? cols[room_x] : W - 1;
    const int y0 = room_y == 0 ? 0 : rows[room_y - 1], y1 = room_y < nr ? rows[room_y] : H - 1;
    if (moves[s]) {
      w.set(x1, uniform_int(rng, y0 + 1, y1), Cell{});
      ++room_x;
    } else {
      w.set(uniform_int(rng, x0 + 1, x1), y1, Cell{});
      ++room_y;
    }
  }
}

template <class R>
GYM_HD void gen_dist_shift(const LevelParams& p, World& w, R& rng) {
  const int W = w.width, H = w.height;
  wall_rect(w, 0, 0, W, H);
  w.set(W - 2, 1, goal_cell());
  for (int i = 0; i < W - 6; ++i) {
    w.set(3 + i, 1, lava_cell());
    w.set(3 + i, p.strip2_row, lava_cell());
  }
  start_agent(p, w, rng);
}

// Unlock and UnlockPickup: two rooms and a locked door between them, its key
// in the agent's room; UnlockPickup adds a box behind the door to pick up.
template <class R>
GYM_HD void gen_unlock(const LevelParams& p, World& w, R& rng, bool pickup) {
  RoomLayout rooms;
  rooms.room_size = p.room_size;
  rooms.cols = 2;
  rooms.rows = 1;
  build_rooms(w, rooms, rng);
  // RoomGrid starts the agent in the middle room before anything is placed.
  w.agent_x = uint8_t((rooms.cols / 2) * (p.room_size - 1) + p.room_size / 2);
  w.agent_y = uint8_t(p.room_size / 2);
  w.agent_dir = 0;
  if (pickup) {
    const uint8_t c = random_color(rng);
    add_object(w, rooms, 1, 0, make_cell(kBox, c), rng);
    w.target = make_cell(kBox, c);
  }
  const uint8_t door_color = random_color(rng);
  const Pos d = rooms.right[0][0];
  w.set(d.x, d.y, door_cell(door_color, kLocked));
  w.target_x = int8_t(d.x);
  w.target_y = int8_t(d.y);
  add_object(w, rooms, 0, 0, make_cell(kKey, door_color), rng);
  place_agent_in_room(w, rooms, 0, 0, rng);
  w.mission = pickup ? uint8_t(w.target.color) : 0;
}

template <class R>
GYM_HD void gen_dynamic_obstacles(const LevelParams& p, World& w, R& rng) {
  walled_room_with_goal(p, w, rng);
  // MiniGrid caps the count at size / 2 when more would not fit.
  const int n = p.obstacles <= p.size / 2 + 1 ? p.obstacles : p.size / 2;
  w.num_obstacles = 0;
  for (int i = 0; i < n && i < kMaxObstacles; ++i) {
    const Pos o = place_obj(w, make_cell(kBall, kBlue), rng, 0, 0, 0, 0, false, 100);
    if (!o.ok()) continue;
    w.obstacle_x[w.num_obstacles] = int8_t(o.x);
    w.obstacle_y[w.num_obstacles] = int8_t(o.y);
    ++w.num_obstacles;
  }
}

// Declared here, defined by the remaining families (minigrid_rooms.hpp).
template <class R>
GYM_HD void gen_multi_room(const LevelParams& p, World& w, R& rng);
template <class R>
GYM_HD void gen_key_corridor(const LevelParams& p, World& w, R& rng);
template <class R>
GYM_HD void gen_go_to_door(const LevelParams& p, World& w, R& rng);
template <class R>
GYM_HD void gen_fetch(const LevelParams& p, World& w, R& rng);
template <class R>
GYM_HD void gen_memory(const LevelParams& p, World& w, R& rng);

template <class R>
GYM_HD void generate(const LevelParams& p, World& w, R& rng) {
  clear_world(w, level_width(p), level_height(p));
  switch (p.family) {
    case Family::kEmpty: gen_empty(p, w, rng); break;
    case Family::kFourRooms: gen_four_rooms(p, w, rng); break;
    case Family::kDoorKey: gen_door_key(p, w, rng); break;
    case Family::kLavaGap: gen_lava_gap(p, w, rng); break;
    case Family::kCrossing: gen_crossing(p, w, rng); break;
    case Family::kDistShift: gen_dist_shift(p, w, rng); break;
    case Family::kUnlock: gen_unlock(p, w, rng, false); break;
    case Family::kUnlockPickup: gen_unlock(p, w, rng, true); break;
    case Family::kDynamicObstacles: gen_dynamic_obstacles(p, w, rng); break;
    case Family::kMultiRoom: gen_multi_room(p, w, rng); break;
    case Family::kKeyCorridor: gen_key_corridor(p, w, rng); break;
    case Family::kGoToDoor: gen_go_to_door(p, w, rng); break;
    case Family::kFetch: gen_fetch(p, w, rng); break;
    case Family::kMemory: gen_memory(p, w, rng); break;
    case Family::kCustom:
      for (int y = 0; y < w.height; ++y)
        for (int x = 0; x < w.width; ++x) w.set(x, y, p.layout.cells[y * kMaxGrid + x]);
      w.agent_x = p.layout.agent_x;
      w.agent_y = p.layout.agent_y;
      w.agent_dir = p.layout.agent_dir;
      break;
  }
}

// Dynamic-Obstacles: each obstacle moves to a random free cell of the 3 x 3
// square around it (101 tries, as MiniGrid's place_obj with max_tries=100),
// or stays.
template <class R>
GYM_HD void move_obstacles(World& w, R& rng) {
  for (int k = 0; k < w.num_obstacles; ++k) {
    const int ox = w.obstacle_x[k], oy = w.obstacle_y[k];
    const Pos to = place_obj(w, make_cell(kBall, kBlue), rng, ox - 1, oy - 1, 3, 3, false, 100);
    if (!to.ok()) continue;
    w.set(ox, oy, Cell{});
    w.obstacle_x[k] = int8_t(to.x);
    w.obstacle_y[k] = int8_t(to.y);
  }
}

// One step of a family: MiniGrid's base rules, then the family's own.
template <class R>
GYM_HD WorldStep family_step(const LevelParams& p, World& w, int32_t action, R& rng) {
  WorldStep out;
  const int limit = max_steps(p);
  bool not_clear = false;
  if (p.family == Family::kDynamicObstacles) {
    const Cell front = w.get(w.agent_x + dir_dx(w.agent_dir), w.agent_y + dir_dy(w.agent_dir));
    not_clear = !is_empty(front) && front.type != kGoal;
    move_obstacles(w, rng);
  }
  if (p.family == Family::kMemory && action == kPickup) action = kToggle;
  const BaseStep base = apply_action(w, action);
  if (action == kForward && base.front.type == kGoal) {
    out.terminated = true;
    out.reward = success_reward(w, limit);
  }
  if (action == kForward && base.front.type == kLava) out.terminated = true;
  switch (p.family) {
    case Family::kUnlock:
      if (action == kToggle && w.get(w.target_x, w.target_y).state == kOpen) {
        out.reward = success_reward(w, limit);
        out.terminated = true;
      }
      break;
    case Family::kUnlockPickup:
    case Family::kKeyCorridor:
      if (action == kPickup && w.carries() && w.carrying.type == w.target.type && w.carrying.color == w.target.color) {
        out.reward = success_reward(w, limit);
        out.terminated = true;
      }
      break;
    case Family::kDynamicObstacles:
      if (action == kForward && not_clear) {
        out.reward = -1.0;
        out.terminated = true;
      }
      break;
    case Family::kGoToDoor:
      if (action == kToggle) out.terminated = true;
      if (action == kDone) {
        const int ax = w.agent_x, ay = w.agent_y, tx = w.target_x, ty = w.target_y;
        if ((ax == tx && (ay - ty == 1 || ty - ay == 1)) || (ay == ty && (ax - tx == 1 || tx - ax == 1)))
          out.reward = success_reward(w, limit);
        out.terminated = true;
      }
      break;
    case Family::kFetch:
      if (w.carries()) {
        out.reward = (w.carrying.type == w.target.type && w.carrying.color == w.target.color) ? success_reward(w, limit)
                                                                                              : 0.0;
        out.terminated = true;
      }
      break;
    case Family::kMemory:
      if (w.agent_x == w.target_x && w.agent_y == w.target_y) {
        out.reward = success_reward(w, limit);
        out.terminated = true;
      }
      if (w.agent_x == w.fail_x && w.agent_y == w.fail_y) {
        out.reward = 0.0;
        out.terminated = true;
      }
      break;
    default: break;
  }
  out.truncated = w.step_count >= limit;
  return out;
}

}  // namespace gym::envs::grid

#include "gym/envs/grid/minigrid_rooms.hpp"
