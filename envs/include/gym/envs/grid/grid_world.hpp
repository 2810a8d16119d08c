// The grid-world engine: MiniGrid's world (cells with object type, colour and
// state; an agent with a position, a direction and at most one carried
// object), its seven actions and their rules, and its observations (the
// egocentric partial view with occlusion, and the fully observable
// encoding), in fixed-capacity plain data so that a batch of worlds lives in
// one array on a CPU thread or a GPU.
//
// Reference: MiniGrid 3.x (minigrid/minigrid_env.py, core/grid.py,
// core/world_object.py); the indices below are MiniGrid's, so encodings are
// interchangeable with it. Grids are indexed [x][y] in every encoding, as
// MiniGrid's Grid.encode() is.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#include "gym/hd.hpp"

namespace gym::envs::grid {

// MiniGrid's OBJECT_TO_IDX.
enum ObjectType : uint8_t {
  kUnseen = 0,
  kEmpty = 1,
  kWall = 2,
  kFloor = 3,
  kDoor = 4,
  kKey = 5,
  kBall = 6,
  kBox = 7,
  kGoal = 8,
  kLava = 9,
  kAgent = 10,
};
inline constexpr int kNumObjectTypes = 11;

// MiniGrid's COLOR_TO_IDX.
enum Color : uint8_t { kRed = 0, kGreen = 1, kBlue = 2, kPurple = 3, kYellow = 4, kGrey = 5 };
inline constexpr int kNumColors = 6;

// Door states (MiniGrid's STATE_TO_IDX).
enum DoorState : uint8_t { kOpen = 0, kClosed = 1, kLocked = 2 };

// MiniGrid's Actions.
enum Action : int32_t { kLeft = 0, kRight = 1, kForward = 2, kPickup = 3, kDrop = 4, kToggle = 5, kDone = 6 };
inline constexpr int kNumActions = 7;

// Capacities: the largest MiniGrid family grid is 25 x 25 (MultiRoom); the
// partial view is at most 15 x 15; a world holds at most 8 boxes with
// something inside and 16 moving obstacles.
inline constexpr int kMaxGrid = 25;
inline constexpr int kMaxView = 15;
inline constexpr int kMaxStash = 8;
inline constexpr int kMaxObstacles = 16;

// One cell as MiniGrid encodes it: (type, colour, state).
struct Cell {
  uint8_t type = kEmpty;
  uint8_t color = 0;
  uint8_t state = 0;
};

GYM_HD constexpr bool operator==(Cell a, Cell b) { return a.type == b.type && a.color == b.color && a.state == b.state; }

GYM_HD constexpr Cell make_cell(uint8_t type, uint8_t color = 0, uint8_t state = 0) { return {type, color, state}; }
GYM_HD constexpr Cell wall_cell() { return {kWall, kGrey, 0}; }
GYM_HD constexpr Cell goal_cell() { return {kGoal, kGreen, 0}; }
GYM_HD constexpr Cell lava_cell() { return {kLava, kRed, 0}; }
GYM_HD constexpr Cell door_cell(uint8_t color, uint8_t state) { return {kDoor, color, state}; }

// MiniGrid's WorldObj predicates.
GYM_HD constexpr bool is_empty(Cell c) { return c.type == kEmpty; }
GYM_HD constexpr bool can_overlap(Cell c) {
  return c.type == kEmpty || c.type == kGoal || c.type == kFloor || c.type == kLava ||
         (c.type == kDoor && c.state == kOpen);
}
GYM_HD constexpr bool can_pickup(Cell c) { return c.type == kKey || c.type == kBall || c.type == kBox; }
GYM_HD constexpr bool see_behind(Cell c) { return c.type != kWall && !(c.type == kDoor && c.state != kOpen); }

// What a box holds, kept beside the grid: the box at (x, y), or the box the
// agent carries when x == -1.
struct Stash {
  int8_t x = 0, y = 0;
  Cell obj;
};

// MiniGrid's DIR_TO_VEC: 0 right (+x), 1 down (+y), 2 left, 3 up.
GYM_HD constexpr int dir_dx(int d) { return d == 0 ? 1 : d == 2 ? -1 : 0; }
GYM_HD constexpr int dir_dy(int d) { return d == 1 ? 1 : d == 3 ? -1 : 0; }

// One world: the grid, the agent, and the task's own data. The small fields
// come first and the grid is stored row by row at the world's own width, so
// that a step of a small world touches a few cache lines of its state.
struct World {
  uint8_t width = 0, height = 0;
  uint8_t agent_x = 0, agent_y = 0, agent_dir = 0;
  uint8_t num_stash = 0;
  uint8_t num_obstacles = 0;
  uint8_t mission = 0;  // index into the family's missions (MiniGrid::mission gives the text)
  Cell carrying{kEmpty, 0, 0};  // kEmpty: nothing
  int32_t step_count = 0;
  // The task's target: the object to fetch or pick up (type, colour), the
  // door to go to (its position), Memory's success and failure cells.
  Cell target{kEmpty, 0, 0};
  int8_t target_x = -1, target_y = -1;
  int8_t fail_x = -1, fail_y = -1;
  Stash stash[kMaxStash];
  int8_t obstacle_x[kMaxObstacles] = {};
  int8_t obstacle_y[kMaxObstacles] = {};
  Cell cells[kMaxGrid * kMaxGrid];  // cell (x, y) at [y * width + x]
  uint8_t spare = 0;                // lets the last cell be read as a 4-byte word (observe_partial_view)

  GYM_HD bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
  // Cells outside the grid read as walls, as MiniGrid's slices do.
  GYM_HD Cell get(int x, int y) const { return inside(x, y) ? cells[y * width + x] : wall_cell(); }
  GYM_HD void set(int x, int y, Cell c) { cells[y * width + x] = c; }
  GYM_HD bool carries() const { return carrying.type != kEmpty; }

  GYM_HD int stash_at(int x, int y) const {
    for (int k = 0; k < num_stash; ++k)
      if (stash[k].x == x && stash[k].y == y) return k;
    return -1;
  }
  GYM_HD void remove_stash(int k) {
    stash[k] = stash[num_stash - 1];
    --num_stash;
  }
  // Moves the contents record of the box at (fx, fy) to (tx, ty).
  GYM_HD void move_stash(int fx, int fy, int tx, int ty) {
    const int k = stash_at(fx, fy);
    if (k >= 0) {
      stash[k].x = int8_t(tx);
      stash[k].y = int8_t(ty);
    }
  }
};

// Clears a world to an empty width x height grid.
GYM_HD inline void clear_world(World& w, int width, int height) {
  for (int i = 0; i < width * height; ++i) w.cells[i] = Cell{};
  w.width = uint8_t(width);
  w.height = uint8_t(height);
  w.agent_x = w.agent_y = w.agent_dir = 0;
  w.num_stash = 0;
  w.num_obstacles = 0;
  w.mission = 0;
  w.carrying = Cell{};
  w.step_count = 0;
  w.target = Cell{};
  w.target_x = w.target_y = w.fail_x = w.fail_y = -1;
}

// MiniGrid's base step (MiniGridEnv.step) without the reward: what happens to
// the world. Returns what the agent's forward move ran into: the cell in
// front of it before the action.
struct BaseStep {
  Cell front;           // the cell in front of the agent before the action
  bool moved = false;   // a forward move happened
};

GYM_HD inline BaseStep apply_action(World& w, int32_t action) {
  w.step_count += 1;
  const int fx = w.agent_x + dir_dx(w.agent_dir), fy = w.agent_y + dir_dy(w.agent_dir);
  const Cell front = w.get(fx, fy);
  BaseStep out{front, false};
  switch (action) {
    case kLeft: w.agent_dir = uint8_t((w.agent_dir + 3) % 4); break;
    case kRight: w.agent_dir = uint8_t((w.agent_dir + 1) % 4); break;
    case kForward:
      if (can_overlap(front) && w.inside(fx, fy)) {
        w.agent_x = uint8_t(fx);
        w.agent_y = uint8_t(fy);
        out.moved = true;
      }
      break;
    case kPickup:
      if (can_pickup(front) && !w.carries()) {
        w.carrying = front;
        w.set(fx, fy, Cell{});
        w.move_stash(fx, fy, -1, -1);
      }
      break;
    case kDrop:
      if (is_empty(front) && w.carries() && w.inside(fx, fy)) {
        w.set(fx, fy, w.carrying);
        w.move_stash(-1, -1, fx, fy);
        w.carrying = Cell{};
      }
      break;
    case kToggle:
      if (front.type == kDoor) {
        if (front.state == kLocked) {
          if (w.carrying.type == kKey && w.carrying.color == front.color) w.set(fx, fy, door_cell(front.color, kOpen));
        } else {
          w.set(fx, fy, door_cell(front.color, front.state == kOpen ? kClosed : kOpen));
        }
      } else if (front.type == kBox) {
        // A box opens into what it holds (or nothing).
        const int k = w.stash_at(fx, fy);
        if (k >= 0) {
          w.set(fx, fy, w.stash[k].obj);
          w.remove_stash(k);
        } else {
          w.set(fx, fy, Cell{});
        }
      }
      break;
    default: break;  // kDone: nothing
  }
  return out;
}

// MiniGrid's success reward: 1 - 0.9 * step_count / max_steps, with the
// step already counted.
GYM_HD inline double success_reward(const World& w, int max_steps) {
  return 1.0 - 0.9 * (double(w.step_count) / double(max_steps));
}

// One step of MiniGrid's visibility sweep along a row, towards higher bits:
// from each visible cell that can be seen behind, sight moves on through
// the run of such cells and into the first cell after it. Returns the row's
// new visible set. `clear`: cells that can be seen behind; `all`: the row.
GYM_HD constexpr uint32_t spread_up(uint32_t visible, uint32_t clear, uint32_t all) {
  // Adding the visible clear cells to the clear mask carries through each
  // run from its first visible cell and sets the cell after the run.
  return (visible | ((clear + (visible & clear)) ^ clear)) & all;
}

// The same sweep towards lower bits, for a row of `width` cells: sight moves
// from each visible cell of `pass` to the cell below it, transitively. No
// carry runs downwards, so the closure is taken by doubling (Kogge-Stone):
// after the step of shift s, `visible` holds the cells reached within 2s
// moves and q the cells that light their lower neighbour from 2s above.
GYM_HD constexpr uint32_t spread_down(uint32_t visible, uint32_t pass, int width) {
  uint32_t q = pass >> 1;  // bit i: sight at i + 1 moves on to i
  for (int s = 1; s < width; s <<= 1) {
    visible |= q & (visible >> s);
    q &= q >> s;
  }
  return visible;
}

// A cell as one word, type | colour << 8 | state << 16: the three bytes of
// the observation in memory order on a little-endian machine.
GYM_HD constexpr uint32_t pack_cell(Cell c) { return uint32_t(c.type) | uint32_t(c.color) << 8 | uint32_t(c.state) << 16; }

// The egocentric partial view (MiniGrid's gen_obs): view x view x 3 values
// indexed [vx][vy][channel], the agent at (view/2, view-1) looking towards
// vy = 0, cells it cannot see (occluded, unless see_through_walls) as 0
// (unseen), and in its own cell what it carries (or empty).
//
// Visibility is MiniGrid's process_vis, row by row from the agent's outwards:
// sight spreads rightwards then leftwards through cells that can be seen
// behind, and each cell it leaves lights itself and its neighbour in the next
// row; here on bit masks of the rows (tests/test_minigrid.cpp checks it
// against a cell-by-cell transcription on random grids).
//
// Three branch-free passes: gather the view's cells (outside the grid:
// walls, as MiniGrid's slices) with each row's see-behind mask; sweep the
// masks; write every cell once, masked by its visibility, in the output's
// order, through a local buffer so that the output gets a few wide stores.
// kView > 0: the view size known at compile time (MiniGrid's default 7 is
// compiled on its own: its loops unroll); 0: `view_size` at run time.
template <int kView>
GYM_HD inline void observe_partial_view(const World& w, int view_size, bool see_through_walls,
                                        uint8_t* __restrict out) {
  static_assert(std::endian::native == std::endian::little, "pack_cell's word is stored as its bytes");
  constexpr int kCap = kView > 0 ? kView : kMaxView;
  const int view = kView > 0 ? kView : view_size;
  const int dx = dir_dx(w.agent_dir), dy = dir_dy(w.agent_dir);
  const int rx = -dy, ry = dx;  // the agent's right
  const int half = view / 2;
  const uint32_t all = (1u << view) - 1;
  // Locals, so that stores cannot make the compiler reload them.
  const int W = w.width, H = w.height;
  const Cell* __restrict cells = w.cells;
  // View cell (vx, vy) is a = view - 1 - vy cells ahead of the agent and
  // b = vx - half to its right.
  uint32_t packed[kCap][kCap];  // [vy][vx]
  uint32_t clear[kCap];         // per row vy: bit vx set where sight passes
  for (int vy = 0; vy < view; ++vy) {
    const int a = view - 1 - vy;
    const int x0 = w.agent_x + dx * a - rx * half, y0 = w.agent_y + dy * a - ry * half;
    uint32_t row_clear = 0;
    for (int vx = 0; vx < view; ++vx) {
      const int x = x0 + rx * vx, y = y0 + ry * vx;
      const bool inside = unsigned(x) < unsigned(W) && unsigned(y) < unsigned(H);
      uint32_t v;  // the cell and the next one's first byte, masked off
      std::memcpy(&v, cells + (inside ? y * W + x : 0), 4);
      v = inside ? v & 0xffffffu : pack_cell(wall_cell());
      packed[vy][vx] = v;
      const uint32_t type = v & 0xffu, state = v >> 16;
      row_clear |= uint32_t((type != kWall) & ((type != kDoor) | (state == kOpen))) << vx;  // see_behind
    }
    clear[vy] = row_clear;
  }
  uint32_t seen[kCap];  // per row vy: bit vx set where the agent sees
  if (see_through_walls) {
    for (int vy = 0; vy < view; ++vy) seen[vy] = all;
  } else {
    uint32_t visible = 1u << half;  // the agent's cell, in the nearest row
    for (int vy = view - 1; vy >= 0; --vy) {
      const uint32_t t = clear[vy];
      const uint32_t lit = spread_up(visible, t & (all >> 1), all);  // left to right (bits up)
      const uint32_t lit2 = spread_down(lit, t & ~1u, view);         // then right to left
      seen[vy] = lit2;
      const uint32_t from_up = lit & t & (all >> 1);  // cells that lit their right neighbour
      const uint32_t from_down = lit2 & t & ~1u;      // and those that lit their left one
      visible = from_up | (from_up << 1) | from_down | (from_down >> 1);
    }
  }
  packed[view - 1][half] = pack_cell(w.carrying);  // the agent's cell shows what it carries
#if defined(__CUDA_ARCH__)
  // On the device `out` is in the executor's shared memory (its staging of
  // the block's observations): bytes straight there cost less than a local
  // buffer.
  for (int vx = 0; vx < view; ++vx) {
    for (int vy = 0; vy < view; ++vy) {
      const uint32_t v = packed[vy][vx] & (0u - ((seen[vy] >> vx) & 1u));
      uint8_t* o = out + (vx * view + vy) * 3;
      o[0] = uint8_t(v);
      o[1] = uint8_t(v >> 8);
      o[2] = uint8_t(v >> 16);
    }
  }
#else
  uint8_t buf[kCap * kCap * 3 + 1];  // one spare byte for the last cell's word
  for (int vx = 0; vx < view; ++vx) {
    for (int vy = 0; vy < view; ++vy) {
      const uint32_t v = packed[vy][vx] & (0u - ((seen[vy] >> vx) & 1u));
      std::memcpy(buf + (vx * view + vy) * 3, &v, 4);  // its fourth byte is the next cell's first
    }
  }
  std::memcpy(out, buf, std::size_t(view * view * 3));
#endif
}

GYM_HD inline void observe_partial(const World& w, int view, bool see_through_walls, uint8_t* out) {
  if (view == 7) observe_partial_view<7>(w, view, see_through_walls, out);
  else observe_partial_view<0>(w, view, see_through_walls, out);
}

// The fully observable encoding (MiniGrid's FullyObsWrapper): width x height
// x 3 indexed [x][y][channel], the agent drawn as (agent, red, direction).
GYM_HD inline void observe_full(const World& w, uint8_t* out) {
  for (int x = 0; x < w.width; ++x) {
    for (int y = 0; y < w.height; ++y) {
      const Cell c = (x == w.agent_x && y == w.agent_y) ? Cell{kAgent, kRed, w.agent_dir} : w.get(x, y);
      uint8_t* o = out + (x * w.height + y) * 3;
      o[0] = c.type;
      o[1] = c.color;
      o[2] = c.state;
    }
  }
}

}  // namespace gym::envs::grid
