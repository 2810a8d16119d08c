// MiniGrid's room-based families: MultiRoom, KeyCorridor, GoToDoor, Fetch
// and Memory (level generators; their step rules are in family_step).
// Included at the end of minigrid_levels.hpp.
//
// Reference: MiniGrid 3.2 (minigrid/envs/multiroom.py, keycorridor.py,
// gotodoor.py, fetch.py, memory.py, core/roomgrid.py). Each generator makes
// the same draws in the same order as MiniGrid's, through uniform_int, so the
// levels have MiniGrid's structure and distribution (not its exact levels:
// the numbers come from our generator). Fixed-size arrays only: these run on
// a GPU thread.
#pragma once

#include <cstdint>

#include "gym/envs/grid/grid_world.hpp"
#include "gym/envs/grid/minigrid_levels.hpp"
#include "gym/hd.hpp"
#include "gym/world.hpp"

namespace gym::envs::grid {

// MiniGrid's COLOR_NAMES in sorted (alphabetical) order, as MultiRoom draws
// its door colours from sorted(set(COLOR_NAMES)).
GYM_HD constexpr uint8_t sorted_color(int i) {  // a function, not an array: device code reads it too
  constexpr uint8_t kSorted[kNumColors] = {kBlue, kGreen, kGrey, kPurple, kRed, kYellow};
  return kSorted[i];
}

// ---- MultiRoom -------------------------------------------------------------

inline constexpr int kMaxMultiRooms = 12;  // LevelParams::num_rooms' upper bound
// Whole chains drawn before settling for the longest one. MiniGrid retries
// forever; with its registered parameters a chain of num_rooms rooms comes
// within a few tries, so the cap only bounds parameters that cannot fit.
inline constexpr int kMultiRoomChainTries = 2000;

struct RoomRect {
  int x = 0, y = 0, w = 0, h = 0;  // top-left corner (a wall cell) and size, walls included
  int door_x = -1, door_y = -1;    // the entry door (none for the first room)
};

// One call of MultiRoom's _placeRoom without its recursion: a room of random
// size entered through (ex, ey) on wall `entry_wall` (0 right, 1 bottom,
// 2 left, 3 top; `first`: the room's top-left is (ex, ey)). Appends it to
// rooms[n] when it lies in the grid and overlaps none of rooms[0 .. n-2].
template <class R>
GYM_HD bool multi_room_place(RoomRect* rooms, int n, bool first, int entry_wall, int ex, int ey, int max_size,
                             int width, int height, R& rng) {
  const int sx = uniform_int(rng, 4, max_size + 1), sy = uniform_int(rng, 4, max_size + 1);
  int tx = ex, ty = ey;
  if (!first) {
    switch (entry_wall) {
      case 0: tx = ex - sx + 1; ty = uniform_int(rng, ey - sy + 2, ey); break;
      case 1: tx = uniform_int(rng, ex - sx + 2, ex); ty = ey - sy + 1; break;
      case 2: tx = ex; ty = uniform_int(rng, ey - sy + 2, ey); break;
      default: tx = uniform_int(rng, ex - sx + 2, ex); ty = ey; break;
    }
  }
  // MiniGrid's bounds (note >= on the height: the last row stays free).
  if (tx < 0 || ty < 0 || tx + sx > width || ty + sy >= height) return false;
  // Rooms may share a wall only with the room they are entered from.
  for (int k = 0; k + 1 < n; ++k) {
    const RoomRect& o = rooms[k];
    const bool apart = tx + sx < o.x || o.x + o.w <= tx || ty + sy < o.y || o.y + o.h <= ty;
    if (!apart) return false;
  }
  rooms[n] = RoomRect{tx, ty, sx, sy, first ? -1 : ex, first ? -1 : ey};
  return true;
}

// A chain of up to `num_rooms` rooms from a random start: each room tries 8
// times to place the next one through a door on one of its other walls, and
// the chain ends where all 8 fail (MiniGrid's recursion never backtracks
// past a placed room). Returns the chain's length.
template <class R>
GYM_HD int multi_room_chain(RoomRect* rooms, int num_rooms, int max_size, int width, int height, R& rng) {
  const int ex = uniform_int(rng, 0, width - 2), ey = uniform_int(rng, 0, width - 2);
  if (!multi_room_place(rooms, 0, true, 2, ex, ey, max_size, width, height, rng)) return 0;
  int n = 1, entry_wall = 2;
  while (n < num_rooms) {
    bool placed = false;
    for (int attempt = 0; attempt < 8 && !placed; ++attempt) {
      const RoomRect& r = rooms[n - 1];
      // A uniform choice among the three walls other than the entry, in order.
      int exit_wall = uniform_int(rng, 0, 3);
      if (exit_wall >= entry_wall) ++exit_wall;
      int dx = 0, dy = 0;
      switch (exit_wall) {
        case 0: dx = r.x + r.w - 1; dy = r.y + uniform_int(rng, 1, r.h - 1); break;
        case 1: dx = r.x + uniform_int(rng, 1, r.w - 1); dy = r.y + r.h - 1; break;
        case 2: dx = r.x; dy = r.y + uniform_int(rng, 1, r.h - 1); break;
        default: dx = r.x + uniform_int(rng, 1, r.w - 1); dy = r.y; break;
      }
      const int next_entry = (exit_wall + 2) % 4;
      if (multi_room_place(rooms, n, false, next_entry, dx, dy, max_size, width, height, rng)) {
        placed = true;
        entry_wall = next_entry;
        ++n;
      }
    }
    if (!placed) break;
  }
  return n;
}

// MultiRoom: num_rooms rooms of random sizes 4 .. max_room_size (walls
// included) chained through closed doors, each door's colour differing from
// the previous door's; the agent anywhere in the first room, the goal in the
// last. Outside the rooms the grid is empty floor with no border wall, as
// MiniGrid's. mission = 0 (one text).
template <class R>
GYM_HD void gen_multi_room(const LevelParams& p, World& w, R& rng) {
  const int W = w.width, H = w.height;
  const int want = p.num_rooms < 1 ? 1 : p.num_rooms > kMaxMultiRooms ? kMaxMultiRooms : p.num_rooms;
  const int max_size = p.max_room_size < 4 ? 4 : p.max_room_size;
  RoomRect best[kMaxMultiRooms], cur[kMaxMultiRooms];
  int nbest = 0;
  for (int tries = 0; tries < kMultiRoomChainTries && nbest < want; ++tries) {
    const int n = multi_room_chain(cur, want, max_size, W, H, rng);
    if (n > nbest) {
      nbest = n;
      for (int k = 0; k < n; ++k) best[k] = cur[k];
    }
  }
  int prev_color = -1;
  for (int k = 0; k < nbest; ++k) {
    const RoomRect& r = best[k];
    wall_rect(w, r.x, r.y, r.w, r.h);
    if (k == 0) continue;
    // A uniform colour among the sorted names, the previous door's excluded.
    int idx = uniform_int(rng, 0, prev_color < 0 ? kNumColors : kNumColors - 1);
    if (prev_color >= 0 && idx >= prev_color) ++idx;
    prev_color = idx;
    w.set(r.door_x, r.door_y, door_cell(sorted_color(idx), kClosed));
  }
  if (nbest == 0) return;  // unreachable: a first room always fits a 25 x 25 grid
  place_agent(w, rng, best[0].x, best[0].y, best[0].w, best[0].h);
  place_obj(w, goal_cell(), rng, best[nbest - 1].x, best[nbest - 1].y, best[nbest - 1].w, best[nbest - 1].h);
  w.mission = 0;
}

// ---- KeyCorridor -----------------------------------------------------------

// KeyCorridor: a RoomGrid of 3 columns x num_rows rooms; the middle column is
// one hallway (the walls between its rooms removed); a locked door of random
// colour leads from the hallway to a random room of the right column, which
// holds a ball of random colour (the target); the key lies in a random room
// of the left column; the agent starts in the middle of the hallway; then
// connect_all adds closed doors of random colours between random
// neighbouring rooms (never the locked room) until every room is connected.
// mission = the ball's colour ("pick up the <colour> ball").
template <class R>
GYM_HD void gen_key_corridor(const LevelParams& p, World& w, R& rng) {
  constexpr int kCols = 3, kMaxRows = 5;
  const int rows = p.num_rows < 1 ? 1 : p.num_rows > kMaxRows ? kMaxRows : p.num_rows;
  RoomLayout rooms;
  rooms.room_size = p.room_size;
  rooms.cols = kCols;
  rooms.rows = rows;
  build_rooms(w, rooms, rng);
  w.agent_x = uint8_t((kCols / 2) * (p.room_size - 1) + p.room_size / 2);
  w.agent_y = uint8_t((rows / 2) * (p.room_size - 1) + p.room_size / 2);
  w.agent_dir = 0;

  // RoomGrid's per-room door slots: 0 right, 1 bottom, 2 left, 3 top; true
  // where the wall has a door or an opening.
  bool linked[kMaxRows][kCols][4] = {};
  bool locked[kMaxRows][kCols] = {};
  auto link = [&](int i, int j, int k) {
    linked[j][i][k] = true;
    const int ni = i + (k == 0 ? 1 : k == 2 ? -1 : 0), nj = j + (k == 1 ? 1 : k == 3 ? -1 : 0);
    linked[nj][ni][(k + 2) % 4] = true;
  };
  auto door_pos = [&](int i, int j, int k) -> Pos {
    switch (k) {
      case 0: return rooms.right[j][i];
      case 1: return rooms.down[j][i];
      case 2: return rooms.right[j][i - 1];
      default: return rooms.down[j - 1][i];
    }
  };
  auto has_neighbor = [&](int i, int j, int k) {
    return k == 0 ? i + 1 < kCols : k == 1 ? j + 1 < rows : k == 2 ? i > 0 : j > 0;
  };

  // The hallway: the wall between vertically adjacent middle rooms removed.
  for (int j = 1; j < rows; ++j) {
    horz_wall(w, rooms.left(1) + 1, rooms.top(j), p.room_size - 2, Cell{});
    link(1, j, 3);
  }
  const int room_idx = uniform_int(rng, 0, rows);
  const uint8_t door_color = random_color(rng);
  const Pos door = door_pos(2, room_idx, 2);
  w.set(door.x, door.y, door_cell(door_color, kLocked));
  link(2, room_idx, 2);
  locked[room_idx][2] = true;
  const uint8_t ball_color = random_color(rng);
  add_object(w, rooms, 2, room_idx, make_cell(kBall, ball_color), rng);
  const int key_row = uniform_int(rng, 0, rows);
  add_object(w, rooms, 0, key_row, make_cell(kKey, door_color), rng);
  place_agent_in_room(w, rooms, 1, rows / 2, rng);

  // connect_all: rooms reachable from the agent's through doors and openings
  // (the locked door counts), a random closed door added until all are.
  for (int iter = 0; iter <= 5000; ++iter) {
    bool seen[kMaxRows][kCols] = {};
    int stack_i[kMaxRows * kCols], stack_j[kMaxRows * kCols];
    int top = 0, count = 0;
    stack_i[top] = 1;
    stack_j[top++] = rows / 2;
    seen[rows / 2][1] = true;
    while (top > 0) {
      --top;
      const int i = stack_i[top], j = stack_j[top];
      ++count;
      for (int k = 0; k < 4; ++k) {
        if (!linked[j][i][k]) continue;
        const int ni = i + (k == 0 ? 1 : k == 2 ? -1 : 0), nj = j + (k == 1 ? 1 : k == 3 ? -1 : 0);
        if (seen[nj][ni]) continue;
        seen[nj][ni] = true;
        stack_i[top] = ni;
        stack_j[top++] = nj;
      }
    }
    if (count == rows * kCols) break;
    const int i = uniform_int(rng, 0, kCols), j = uniform_int(rng, 0, rows), k = uniform_int(rng, 0, 4);
    if (!has_neighbor(i, j, k) || linked[j][i][k]) continue;
    const int ni = i + (k == 0 ? 1 : k == 2 ? -1 : 0), nj = j + (k == 1 ? 1 : k == 3 ? -1 : 0);
    if (locked[j][i] || locked[nj][ni]) continue;
    const uint8_t c = random_color(rng);
    const Pos d = door_pos(i, j, k);
    w.set(d.x, d.y, door_cell(c, kClosed));
    link(i, j, k);
  }
  w.target = make_cell(kBall, ball_color);
  w.mission = ball_color;
}

// ---- GoToDoor ----------------------------------------------------------------

// GoToDoor: a walled room of random size (5 .. size each way) in the grid's
// top-left corner, one closed door on each wall (not next to a corner), four
// distinct random colours; the agent anywhere in the room; the target one
// of the doors at random: its position in target_x/target_y, its cell in
// target. mission = the target door's colour ("go to the <colour> door").
template <class R>
GYM_HD void gen_go_to_door(const LevelParams&, World& w, R& rng) {
  const int rw = uniform_int(rng, 5, w.width + 1), rh = uniform_int(rng, 5, w.height + 1);
  wall_rect(w, 0, 0, rw, rh);
  Pos doors[4];
  doors[0] = {uniform_int(rng, 2, rw - 2), 0};
  doors[1] = {uniform_int(rng, 2, rw - 2), rh - 1};
  doors[2] = {0, uniform_int(rng, 2, rh - 2)};
  doors[3] = {rw - 1, uniform_int(rng, 2, rh - 2)};
  uint8_t colors[4];
  for (int n = 0; n < 4;) {
    const uint8_t c = random_color(rng);
    bool dup = false;
    for (int k = 0; k < n; ++k) dup = dup || colors[k] == c;
    if (!dup) colors[n++] = c;
  }
  for (int k = 0; k < 4; ++k) w.set(doors[k].x, doors[k].y, door_cell(colors[k], kClosed));
  place_agent(w, rng, 0, 0, rw, rh);
  const int t = uniform_int(rng, 0, 4);
  w.target = door_cell(colors[t], kClosed);
  w.target_x = int8_t(doors[t].x);
  w.target_y = int8_t(doors[t].y);
  w.mission = colors[t];
}

// ---- Fetch -----------------------------------------------------------------

inline constexpr int kMaxFetchObjs = 16;
inline constexpr int kFetchTemplates = 5;  // "get a", "go get a", "fetch a", "go fetch a", "you must fetch a"

// Fetch: num_objs keys and balls of random types and colours anywhere in the
// walled room, then the agent, then the target one of them at random (its
// type and colour in target: any object that matches is accepted).
// mission = template * 12 + colour * 2 + (type == ball), template 0..4 in
// MiniGrid's order ("get a", "go get a", "fetch a", "go fetch a", "you must
// fetch a").
template <class R>
GYM_HD void gen_fetch(const LevelParams& p, World& w, R& rng) {
  wall_rect(w, 0, 0, w.width, w.height);
  Cell objs[kMaxFetchObjs];
  int n = 0;
  const int want = p.num_objs > kMaxFetchObjs ? kMaxFetchObjs : p.num_objs;
  for (int k = 0; k < want; ++k) {
    const uint8_t type = uniform_int(rng, 0, 2) == 0 ? kKey : kBall;
    const Cell obj = make_cell(type, random_color(rng));
    // Skipped only when the room is full (MiniGrid would loop forever).
    if (place_obj(w, obj, rng, 0, 0, 0, 0, false, 100000, false).ok()) objs[n++] = obj;
  }
  place_agent(w, rng);
  if (n == 0) return;
  const Cell target = objs[uniform_int(rng, 0, n)];
  const int syntax = uniform_int(rng, 0, kFetchTemplates);
  w.target = target;
  w.mission = uint8_t(syntax * 2 * kNumColors + target.color * 2 + (target.type == kBall ? 1 : 0));
}

// ---- Memory ----------------------------------------------------------------

// Memory: a start room on the left with a green key or ball (the cue) at
// (1, H/2 - 1), a one-cell hallway along the middle row to a vertical
// corridor at its end (x = hallway_end + 1) with a green ball and a green key
// above and below, in random order; hallway_end = size - 3, or random in
// [4, size - 3] with random_length. The agent starts facing right at a random
// cell of the middle row between the start room and the corridor. Reaching
// the cell next to the object that matches the cue is success (target_x/y),
// next to the other failure (fail_x/y). mission = 0 (one text).
template <class R>
GYM_HD void gen_memory(const LevelParams& p, World& w, R& rng) {
  const int W = w.width, H = w.height, mid = H / 2;
  wall_rect(w, 0, 0, W, H);
  const int upper = mid - 2, lower = mid + 2;
  const int hallway_end = p.random_length ? uniform_int(rng, 4, W - 2) : W - 3;
  for (int i = 1; i < 5; ++i) {
    w.set(i, upper, wall_cell());
    w.set(i, lower, wall_cell());
  }
  w.set(4, upper + 1, wall_cell());
  w.set(4, lower - 1, wall_cell());
  for (int i = 5; i < hallway_end; ++i) {
    w.set(i, upper + 1, wall_cell());
    w.set(i, lower - 1, wall_cell());
  }
  for (int j = 0; j < H; ++j) {
    if (j != mid) w.set(hallway_end, j, wall_cell());
    w.set(hallway_end + 2, j, wall_cell());
  }
  w.agent_x = uint8_t(uniform_int(rng, 1, hallway_end + 1));
  w.agent_y = uint8_t(mid);
  w.agent_dir = 0;
  const uint8_t cue = uniform_int(rng, 0, 2) == 0 ? kKey : kBall;
  w.set(1, mid - 1, make_cell(cue, kGreen));
  const bool ball_first = uniform_int(rng, 0, 2) == 0;  // MiniGrid's [Ball, Key] order
  const uint8_t top = ball_first ? kBall : kKey, bottom = ball_first ? kKey : kBall;
  const int ox = hallway_end + 1;
  w.set(ox, mid - 2, make_cell(top, kGreen));
  w.set(ox, mid + 2, make_cell(bottom, kGreen));
  const bool top_matches = cue == top;
  w.target_x = int8_t(ox);
  w.target_y = int8_t(top_matches ? mid - 1 : mid + 1);
  w.fail_x = int8_t(ox);
  w.fail_y = int8_t(top_matches ? mid + 1 : mid - 1);
  w.mission = 0;
}

}  // namespace gym::envs::grid
