// MiniGrid level generators (gym/envs/grid/minigrid_levels.hpp and
// minigrid_rooms.hpp): for every family and every registered variant, levels
// from hundreds of seeds have MiniGrid's structure (border, objects and their
// counts, where each thing lies) and can be solved, first by reachability
// over an abstraction of the rules, then by playing the level through
// family_step with a scripted agent.
//
// The reachability abstraction: states are (x, y, phase); turning is always
// possible, so the direction is not part of the state. Phase 0: hands free,
// the key (if any) where it lies; phase 1: carrying the key, locked doors of
// its colour passable; phase 2: hands free again after unlocking, the key set
// down next to the agent (entered from a phase-1 cell with an empty
// neighbour, once a phase-1 cell touches the locked door: phase-1 moves are
// reversible, so the agent can open the door and come back). Closed doors are
// passable (toggled open) except in GoToDoor, where toggling ends the
// episode; lava, walls and objects never are (Dynamic-Obstacles' balls move,
// so they do not block). An object is reachable when the agent can stand next
// to it. The dropped key is not put back on the grid (it can be picked up
// again), which over-approximates only where its cell is the sole way on; the
// scripted episodes then check each level for real.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gym/envs/grid/minigrid_levels.hpp"
#include "gym/numpy_random.hpp"
#include "gym/rng.hpp"

namespace {

using namespace gym::envs::grid;

constexpr int kSeeds = 500;        // per variant
constexpr int kScriptSeeds = 200;  // per variant, played through family_step

struct Variant {
  std::string name;
  LevelParams p;
};

// An id with every "{s}" replaced by s.
std::string fmt_id(std::string pattern, int s) {
  for (size_t at; (at = pattern.find("{s}")) != std::string::npos;) pattern.replace(at, 3, std::to_string(s));
  return pattern;
}

LevelParams params(Family f) {
  LevelParams p;
  p.family = f;
  return p;
}

// The registered ids of MiniGrid 3.2 (and a few sizes more), with their
// constructor arguments.
std::vector<Variant> family_variants(Family f) {
  std::vector<Variant> out;
  auto add = [&](std::string name, LevelParams p) { out.push_back({std::move(name), p}); };
  switch (f) {
    case Family::kEmpty:
      for (int s : {5, 6, 8, 16}) {
        LevelParams p = params(f);
        p.size = s;
        add(fmt_id("MiniGrid-Empty-{s}x{s}-v0", s), p);
        p.random_start = true;
        add(fmt_id(s <= 6 ? "MiniGrid-Empty-Random-{s}x{s}-v0" : "Empty-Random-{s}x{s} (unregistered)", s), p);
      }
      break;
    case Family::kFourRooms: add("MiniGrid-FourRooms-v0", params(f)); break;
    case Family::kDoorKey:
      for (int s : {5, 6, 8, 16}) {
        LevelParams p = params(f);
        p.size = s;
        add(fmt_id("MiniGrid-DoorKey-{s}x{s}-v0", s), p);
      }
      break;
    case Family::kLavaGap:
      for (int s : {5, 6, 7}) {
        LevelParams p = params(f);
        p.size = s;
        add(fmt_id("MiniGrid-LavaGapS{s}-v0", s), p);
      }
      break;
    case Family::kCrossing:
      for (bool lava : {true, false}) {
        for (auto [s, n] : {std::pair{9, 1}, {9, 2}, {9, 3}, {11, 5}}) {
          LevelParams p = params(f);
          p.size = s;
          p.num_crossings = n;
          p.lava = lava;
          add(std::string(lava ? "MiniGrid-LavaCrossingS" : "MiniGrid-SimpleCrossingS") + std::to_string(s) + "N" +
                  std::to_string(n) + "-v0",
              p);
        }
      }
      break;
    case Family::kDistShift:
      for (int row : {2, 5}) {
        LevelParams p = params(f);
        p.strip2_row = row;
        add(row == 2 ? "MiniGrid-DistShift1-v0" : "MiniGrid-DistShift2-v0", p);
      }
      break;
    case Family::kUnlock: add("MiniGrid-Unlock-v0", params(f)); break;
    case Family::kUnlockPickup: add("MiniGrid-UnlockPickup-v0", params(f)); break;
    case Family::kDynamicObstacles:
      for (auto [s, n, random] :
           {std::tuple{5, 2, false}, {5, 2, true}, {6, 3, false}, {6, 3, true}, {8, 4, false}, {16, 8, false},
            {5, 4, false}}) {  // the last: more than MiniGrid keeps (it keeps 2)
        LevelParams p = params(f);
        p.size = s;
        p.obstacles = n;
        p.random_start = random;
        if (n <= s / 2 + 1) add(fmt_id(random ? "MiniGrid-Dynamic-Obstacles-Random-{s}x{s}-v0" : "MiniGrid-Dynamic-Obstacles-{s}x{s}-v0", s), p);
        else add(fmt_id("Dynamic-Obstacles-{s}x{s}, n_obstacles " + std::to_string(n) + " (unregistered)", s), p);
      }
      break;
    case Family::kMultiRoom:
      // MiniGrid-MultiRoom-N4-S5-v0 has 6 rooms in MiniGrid 3.2 (kept for compatibility).
      for (auto [name, n, s] : {std::tuple{"MiniGrid-MultiRoom-N2-S4-v0", 2, 4}, {"MiniGrid-MultiRoom-N4-S5-v0", 6, 5},
                                {"MiniGrid-MultiRoom-N4-S5-v1", 4, 5}, {"MiniGrid-MultiRoom-N6-v0", 6, 10}}) {
        LevelParams p = params(f);
        p.num_rooms = n;
        p.max_room_size = s;
        add(name, p);
      }
      break;
    case Family::kKeyCorridor:
      for (auto [s, r] : {std::pair{3, 1}, {3, 2}, {3, 3}, {4, 3}, {5, 3}, {6, 3}}) {
        LevelParams p = params(f);
        p.room_size = s;
        p.num_rows = r;
        add("MiniGrid-KeyCorridorS" + std::to_string(s) + "R" + std::to_string(r) + "-v0", p);
      }
      break;
    case Family::kGoToDoor:
      for (int s : {5, 6, 8}) {
        LevelParams p = params(f);
        p.size = s;
        add(fmt_id("MiniGrid-GoToDoor-{s}x{s}-v0", s), p);
      }
      break;
    case Family::kFetch:
      for (auto [s, n] : {std::pair{5, 2}, {6, 2}, {8, 3}}) {
        LevelParams p = params(f);
        p.size = s;
        p.num_objs = n;
        add(fmt_id("MiniGrid-Fetch-{s}x{s}-N" + std::to_string(n) + "-v0", s), p);
      }
      break;
    case Family::kMemory:
      for (auto [s, random] : {std::pair{7, false}, {9, false}, {11, false}, {13, false}, {17, false}, {13, true},
                               {17, true}}) {
        LevelParams p = params(f);
        p.size = s;
        p.random_length = random;
        if (s == 17 && !random) add("MemoryS17 (unregistered)", p);
        else add("MiniGrid-MemoryS" + std::to_string(s) + (random ? "Random" : "") + "-v0", p);
      }
      break;
    case Family::kCustom: break;  // a user's map: nothing generated
  }
  return out;
}

// A level from gym::Rng(seed, 0), or from gym::NumpyRandom(seed) (the
// generator a single env resets with).
World generate_level(const LevelParams& p, uint64_t seed, bool numpy = false) {
  World w;
  if (numpy) {
    gym::NumpyRandom rng(seed);
    generate(p, w, rng);
  } else {
    gym::Rng rng(seed, 0);
    generate(p, w, rng);
  }
  return w;
}

// Field by field: a World's padding bytes are not part of its value.
bool same_world(const World& a, const World& b) {
  for (int i = 0; i < kMaxGrid * kMaxGrid; ++i)
    if (!(a.cells[i] == b.cells[i])) return false;
  bool same = a.width == b.width && a.height == b.height && a.agent_x == b.agent_x && a.agent_y == b.agent_y &&
              a.agent_dir == b.agent_dir && a.num_stash == b.num_stash && a.num_obstacles == b.num_obstacles &&
              a.mission == b.mission && a.carrying == b.carrying && a.step_count == b.step_count &&
              a.target == b.target && a.target_x == b.target_x && a.target_y == b.target_y && a.fail_x == b.fail_x &&
              a.fail_y == b.fail_y;
  for (int k = 0; same && k < a.num_stash; ++k)
    same = a.stash[k].x == b.stash[k].x && a.stash[k].y == b.stash[k].y && a.stash[k].obj == b.stash[k].obj;
  for (int k = 0; same && k < a.num_obstacles; ++k)
    same = a.obstacle_x[k] == b.obstacle_x[k] && a.obstacle_y[k] == b.obstacle_y[k];
  return same;
}

// ---- printing ---------------------------------------------------------------

// Two characters a cell: the type and, for doors and objects, the colour's
// initial (door: D locked, d closed, / open); the agent as > v < ^.
std::string ascii(const World& w) {
  static const char kColor[] = "rgbpye";
  std::string s;
  for (int y = 0; y < w.height; ++y) {
    for (int x = 0; x < w.width; ++x) {
      const Cell c = w.get(x, y);
      char a = '?', b = ' ';
      if (x == w.agent_x && y == w.agent_y) {
        a = ">v<^"[w.agent_dir & 3];
      } else {
        switch (c.type) {
          case kEmpty: a = '.'; break;
          case kWall: a = b = '#'; break;
          case kGoal: a = 'G'; break;
          case kLava: a = b = '~'; break;
          case kFloor: a = '_'; break;
          case kDoor: a = c.state == kLocked ? 'D' : c.state == kClosed ? 'd' : '/'; break;
          case kKey: a = 'K'; break;
          case kBall: a = 'B'; break;
          case kBox: a = 'X'; break;
          default: break;
        }
        if (c.type >= kDoor && c.type <= kBox && c.color < kNumColors) b = kColor[c.color];
      }
      s += a;
      s += b;
    }
    s += '\n';
  }
  return s;
}

// ---- reachability -------------------------------------------------------------

struct SolveOptions {
  bool toggle_doors = true;       // closed doors open on the way
  bool balls_move = false;        // Dynamic-Obstacles: balls do not block
  int avoid_x = -1, avoid_y = -1;  // a cell never stepped on (Memory's other end)
};

constexpr int kDx[4] = {1, 0, -1, 0};
constexpr int kDy[4] = {0, 1, 0, -1};

// The cells the agent can stand on in each phase (see the top of the file).
struct Reach {
  bool at[3][kMaxGrid][kMaxGrid] = {};
  bool door_opened = false;

  bool stand(int x, int y) const { return at[0][x][y] || at[1][x][y] || at[2][x][y]; }
  // Next to (x, y) in a phase in which the hands are free (or any phase).
  bool face(int x, int y, bool hands_free) const {
    for (int d = 0; d < 4; ++d) {
      const int nx = x + kDx[d], ny = y + kDy[d];
      if (nx < 0 || ny < 0 || nx >= kMaxGrid || ny >= kMaxGrid) continue;
      if (at[0][nx][ny] || at[2][nx][ny] || (!hands_free && at[1][nx][ny])) return true;
    }
    return false;
  }
  bool touches_border(const World& w) const {
    for (int x = 0; x < w.width; ++x)
      for (int y = 0; y < w.height; ++y)
        if ((x == 0 || y == 0 || x == w.width - 1 || y == w.height - 1) && stand(x, y)) return true;
    return false;
  }
};

Reach solve(const World& w, const SolveOptions& o = {}) {
  Reach r;
  // The key of the locked doors, if the world has both.
  int key_x = -1, key_y = -1, key_color = -1;
  bool has_locked = false;
  for (int x = 0; x < w.width; ++x)
    for (int y = 0; y < w.height; ++y) {
      const Cell c = w.get(x, y);
      if (c.type == kDoor && c.state == kLocked) has_locked = true;
      if (c.type == kKey) {
        key_x = x;
        key_y = y;
        key_color = c.color;
      }
    }
  if (!has_locked) key_x = key_y = key_color = -1;

  auto passable = [&](int phase, int x, int y) {
    if (!w.inside(x, y) || (x == o.avoid_x && y == o.avoid_y)) return false;
    const Cell c = w.get(x, y);
    switch (c.type) {
      case kEmpty:
      case kGoal:
      case kFloor: return true;
      case kDoor:
        if (c.state == kOpen) return true;
        if (c.state == kClosed) return o.toggle_doors;
        return phase >= 1 && c.color == key_color;
      case kKey: return phase >= 1 && x == key_x && y == key_y;
      case kBall: return o.balls_move;
      default: return false;  // walls, lava, boxes
    }
  };
  auto flood = [&](int phase, std::vector<std::pair<int, int>> queue) {
    for (auto [x, y] : queue) r.at[phase][x][y] = true;
    for (size_t q = 0; q < queue.size(); ++q) {
      const auto [x, y] = queue[q];
      // Nothing leads on from a goal: stepping onto it ends the episode.
      if (w.get(x, y).type == kGoal) continue;
      for (int d = 0; d < 4; ++d) {
        const int nx = x + kDx[d], ny = y + kDy[d];
        if (!passable(phase, nx, ny) || r.at[phase][nx][ny]) continue;
        r.at[phase][nx][ny] = true;
        queue.push_back({nx, ny});
      }
    }
  };
  flood(0, {{w.agent_x, w.agent_y}});
  if (key_x < 0) return r;
  std::vector<std::pair<int, int>> seeds;
  for (int d = 0; d < 4; ++d) {
    const int x = key_x + kDx[d], y = key_y + kDy[d];
    if (w.inside(x, y) && r.at[0][x][y]) seeds.push_back({x, y});
  }
  flood(1, seeds);
  seeds.clear();
  for (int x = 0; x < w.width; ++x)
    for (int y = 0; y < w.height; ++y) {
      if (!r.at[1][x][y]) continue;
      for (int d = 0; d < 4; ++d) {
        const Cell c = w.get(x + kDx[d], y + kDy[d]);
        if (c.type == kDoor && c.state == kLocked && c.color == key_color) r.door_opened = true;
      }
    }
  if (!r.door_opened) return r;
  for (int x = 0; x < w.width; ++x)
    for (int y = 0; y < w.height; ++y) {
      if (!r.at[1][x][y]) continue;
      for (int d = 0; d < 4; ++d) {
        const int nx = x + kDx[d], ny = y + kDy[d];
        if (!(nx == w.agent_x && ny == w.agent_y) && w.inside(nx, ny) &&
            (is_empty(w.get(nx, ny)) || (nx == key_x && ny == key_y))) {
          seeds.push_back({x, y});
          break;
        }
      }
    }
  flood(2, seeds);
  return r;
}

// ---- structure ----------------------------------------------------------------

int count(const World& w, uint8_t type, int color = -1) {
  int n = 0;
  for (int x = 0; x < w.width; ++x)
    for (int y = 0; y < w.height; ++y) {
      const Cell c = w.get(x, y);
      n += c.type == type && (color < 0 || c.color == color);
    }
  return n;
}

Pos find(const World& w, uint8_t type) {
  for (int x = 0; x < w.width; ++x)
    for (int y = 0; y < w.height; ++y)
      if (w.get(x, y).type == type) return {x, y};
  return {};
}

bool has_goal(Family f) {
  switch (f) {
    case Family::kEmpty:
    case Family::kFourRooms:
    case Family::kDoorKey:
    case Family::kLavaGap:
    case Family::kCrossing:
    case Family::kDistShift:
    case Family::kDynamicObstacles:
    case Family::kMultiRoom: return true;
    default: return false;
  }
}

// What a level breaks, as text ("" when nothing), and the values whose
// spread over seeds is checked afterwards.
class Checker {
 public:
  Checker(const Variant& v, const World& w, std::map<std::string, std::set<int>>& seen)
      : p_(v.p), w_(w), seen_(seen) {}

  std::string run() {
    common();
    switch (p_.family) {
      case Family::kEmpty: empty(); break;
      case Family::kFourRooms: four_rooms(); break;
      case Family::kDoorKey: door_key(); break;
      case Family::kLavaGap: lava_gap(); break;
      case Family::kCrossing: crossing(); break;
      case Family::kDistShift: dist_shift(); break;
      case Family::kUnlock:
      case Family::kUnlockPickup: unlock(); break;
      case Family::kDynamicObstacles: dynamic_obstacles(); break;
      case Family::kMultiRoom: multi_room(); break;
      case Family::kKeyCorridor: key_corridor(); break;
      case Family::kGoToDoor: go_to_door(); break;
      case Family::kFetch: fetch(); break;
      case Family::kMemory: memory(); break;
      case Family::kCustom: break;
    }
    return out_.str();
  }

 private:
  void expect(bool ok, const std::string& what) {
    if (!ok) out_ << what << "; ";
  }
  void note(const char* key, int value) { seen_[key].insert(value); }
  int W() const { return w_.width; }
  int H() const { return w_.height; }
  bool agent_at(int x, int y) const { return w_.agent_x == x && w_.agent_y == y; }
  // Counts of every type but walls, empty cells and those listed.
  int others(std::initializer_list<uint8_t> allowed) const {
    int n = 0;
    for (int x = 0; x < W(); ++x)
      for (int y = 0; y < H(); ++y) {
        const uint8_t t = w_.get(x, y).type;
        bool ok = t == kWall || t == kEmpty;
        for (uint8_t a : allowed) ok = ok || t == a;
        n += !ok;
      }
    return n;
  }

  void common() {
    expect(W() == level_width(p_) && H() == level_height(p_), "grid size differs from level_width/level_height");
    expect(W() <= kMaxGrid && H() <= kMaxGrid, "grid larger than kMaxGrid");
    for (int i = W() * H(); i < kMaxGrid * kMaxGrid; ++i)
      expect(w_.cells[i] == Cell{}, "a cell beyond the grid's width x height was written");
    const bool border = p_.family != Family::kMultiRoom && p_.family != Family::kGoToDoor;
    if (border) {
      bool walled = true;
      for (int x = 0; x < W(); ++x) walled = walled && w_.get(x, 0).type == kWall && w_.get(x, H() - 1).type == kWall;
      for (int y = 0; y < H(); ++y) walled = walled && w_.get(0, y).type == kWall && w_.get(W() - 1, y).type == kWall;
      expect(walled, "the border is not all walls");
    }
    expect(w_.agent_x > 0 && w_.agent_y > 0 && w_.agent_x < W() - 1 && w_.agent_y < H() - 1,
           "the agent is not strictly inside the grid");
    expect(w_.get(w_.agent_x, w_.agent_y).type == kEmpty, "the agent is not on an empty cell");
    expect(w_.agent_dir < 4, "bad agent direction");
    expect(!w_.carries() && w_.step_count == 0 && w_.num_stash == 0, "the agent starts carrying or stepped");
    expect(count(w_, kGoal) == (has_goal(p_.family) ? 1 : 0), "wrong number of goals");
    for (int x = 0; x < W(); ++x)
      for (int y = 0; y < H(); ++y) {
        const Cell c = w_.get(x, y);
        expect(c.type < kAgent && c.type != kUnseen && c.color < kNumColors && c.state <= kLocked, "a malformed cell");
        expect(c.type == kDoor || c.state == 0, "an object other than a door has a state");
      }
    if (p_.family != Family::kDynamicObstacles) expect(w_.num_obstacles == 0, "obstacles outside Dynamic-Obstacles");
    // Nothing the agent can reach lies on the grid's edge.
    SolveOptions o;
    o.balls_move = p_.family == Family::kDynamicObstacles;
    o.toggle_doors = p_.family != Family::kGoToDoor;
    expect(!solve(w_, o).touches_border(w_), "the agent can walk off the walled area");
  }

  void goal_at(int x, int y) { expect(w_.get(x, y).type == kGoal, "the goal is not where MiniGrid puts it"); }
  void fixed_start() { expect(agent_at(1, 1) && w_.agent_dir == 0, "the agent does not start at (1, 1) facing right"); }
  void goal_reachable(const SolveOptions& o = {}) {
    const Pos g = find(w_, kGoal);
    expect(g.ok() && solve(w_, o).stand(g.x, g.y), "the goal cannot be reached");
  }

  void empty() {
    goal_at(W() - 2, H() - 2);
    expect(others({kGoal}) == 0 && count(w_, kWall) == 2 * (W() + H()) - 4, "Empty holds more than walls and a goal");
    if (!p_.random_start) fixed_start();
    note("agent cell", w_.agent_y * W() + w_.agent_x);
    goal_reachable();
  }

  void four_rooms() {
    expect(W() == 19 && H() == 19, "FourRooms is not 19 x 19");
    int gaps_v = 0, gaps_h = 0;
    for (int k = 1; k < 18; ++k) {
      gaps_v += w_.get(9, k).type != kWall;
      gaps_h += w_.get(k, 9).type != kWall;
    }
    expect(gaps_v == 2 && gaps_h == 2, "the inner walls do not have two openings each");
    expect(count(w_, kWall) == 4 * 18 + 2 * 17 - 1 - 4, "walls other than the border and the two inner walls");
    expect(others({kGoal}) == 0, "FourRooms holds objects");
    const Pos g = find(w_, kGoal);
    note("goal room", (g.x > 9) + 2 * (g.y > 9));
    note("agent room", (w_.agent_x > 9) + 2 * (w_.agent_y > 9));
    goal_reachable();
  }

  void door_key() {
    goal_at(W() - 2, H() - 2);
    expect(count(w_, kKey) == 1 && count(w_, kKey, kYellow) == 1, "not one yellow key");
    expect(count(w_, kDoor) == 1 && count(w_, kDoor, kYellow) == 1, "not one yellow door");
    const Pos d = find(w_, kDoor), k = find(w_, kKey);
    if (!d.ok() || !k.ok()) return;
    expect(w_.get(d.x, d.y).state == kLocked, "the door is not locked");
    expect(d.x >= 2 && d.x <= W() - 3 && d.y >= 1 && d.y <= H() - 3, "the door is out of MiniGrid's ranges");
    int wall = 0;
    for (int y = 0; y < H(); ++y) wall += w_.get(d.x, y).type == kWall;
    expect(wall == H() - 1, "the splitting wall is not whole");
    expect(k.x < d.x && w_.agent_x < d.x, "the key or the agent is not left of the wall");
    expect(others({kGoal, kKey, kDoor}) == 0, "DoorKey holds other objects");
    note("split", d.x);
    goal_reachable();
    const Pos g = find(w_, kGoal);
    const Reach r = solve(w_);
    expect(!r.at[0][g.x][g.y], "the goal can be reached without the key");
  }

  void lava_gap() {
    fixed_start();
    goal_at(W() - 2, H() - 2);
    const uint8_t obstacle = p_.lava ? kLava : kWall;
    int gx = -1;
    for (int x = 2; x <= W() - 3; ++x) {
      int n = 0;
      for (int y = 1; y < H() - 1; ++y) n += w_.get(x, y).type == obstacle;
      if (n == H() - 3) gx = x;
    }
    expect(gx > 0, "no obstacle column with one gap");
    expect(count(w_, kLava) == (p_.lava ? H() - 3 : 0), "wrong lava count");
    expect(count(w_, kWall) == 2 * (W() + H()) - 4 + (p_.lava ? 0 : H() - 3), "wrong wall count");
    expect(others({kGoal, kLava}) == 0, "LavaGap holds objects");
    note("gap column", gx);
    goal_reachable();
  }

  void crossing() {
    fixed_start();
    goal_at(W() - 2, H() - 2);
    const uint8_t obstacle = p_.lava ? kLava : kWall;
    auto is_obstacle = [&](int x, int y) { return w_.get(x, y).type == obstacle; };
    // A river row has all but one of its W - 2 cells obstacles (a crossing
    // column adds at most (W - 3) / 2 to any other row).
    int nr = 0, nc = 0;
    for (int y = 1; y < H() - 1; ++y) {
      int n = 0;
      for (int x = 1; x < W() - 1; ++x) n += is_obstacle(x, y);
      if (n >= W() - 3) {
        ++nr;
        expect(y % 2 == 0 && y >= 2 && y <= H() - 3, "a river row is not on an even row inside");
      }
    }
    for (int x = 1; x < W() - 1; ++x) {
      int n = 0;
      for (int y = 1; y < H() - 1; ++y) n += is_obstacle(x, y);
      if (n >= H() - 3) {
        ++nc;
        expect(x % 2 == 0 && x >= 2 && x <= W() - 3, "a river column is not on an even column inside");
      }
    }
    const int available = (H() - 3) / 2 + (W() - 3) / 2;
    const int k = p_.num_crossings < available ? p_.num_crossings : available;
    expect(nr + nc == k, "wrong number of rivers");
    // Every river cell but one opening per river (never at a crossing).
    const int cells = nr * (W() - 2) + nc * (H() - 2) - nr * nc - k;
    const int border = 2 * (W() + H()) - 4;
    expect(count(w_, obstacle) == cells + (p_.lava ? 0 : border), "wrong obstacle count (one opening per river)");
    expect(others({kGoal, kLava}) == 0, "Crossing holds objects");
    note("rows", nr);
    goal_reachable();
  }

  void dist_shift() {
    fixed_start();
    goal_at(W() - 2, 1);
    bool strips = true;
    for (int x = 3; x < W() - 3; ++x) strips = strips && is_obstacle_lava(x, 1) && is_obstacle_lava(x, p_.strip2_row);
    expect(strips, "the lava strips are not in place");
    expect(count(w_, kLava) == 2 * (W() - 6), "wrong lava count");
    expect(others({kGoal, kLava}) == 0, "DistShift holds objects");
    goal_reachable();
  }
  bool is_obstacle_lava(int x, int y) const { return w_.get(x, y).type == kLava; }

  void unlock() {
    const bool pickup = p_.family == Family::kUnlockPickup;
    const int split = p_.room_size - 1;
    expect(count(w_, kDoor) == 1 && count(w_, kKey) == 1, "not one door and one key");
    const Pos d = find(w_, kDoor), k = find(w_, kKey);
    if (!d.ok() || !k.ok()) return;
    const Cell door = w_.get(d.x, d.y), key = w_.get(k.x, k.y);
    expect(door.state == kLocked && key.color == door.color, "the door is not locked by the key's colour");
    expect(d.x == split && d.y >= 1 && d.y <= H() - 2, "the door is not on the wall between the rooms");
    expect(w_.target_x == d.x && w_.target_y == d.y, "target_x/y is not the door");
    expect(k.x < split && w_.agent_x < split, "the key or the agent is not in the left room");
    note("door colour", door.color);
    const Reach r = solve(w_);
    expect(r.door_opened, "the key cannot be carried to the door");
    if (pickup) {
      expect(count(w_, kBox) == 1 && others({kDoor, kKey, kBox}) == 0, "not one box");
      const Pos b = find(w_, kBox);
      if (!b.ok()) return;
      const Cell box = w_.get(b.x, b.y);
      expect(b.x > split, "the box is not in the right room");
      expect(w_.target.type == kBox && w_.target.color == box.color && w_.mission == box.color,
             "target/mission is not the box");
      expect(r.face(b.x, b.y, true) && !r.at[0][b.x - 1][b.y], "the box cannot be picked up after unlocking");
      note("box colour", box.color);
    } else {
      expect(others({kDoor, kKey}) == 0, "Unlock holds other objects");
    }
  }

  void dynamic_obstacles() {
    goal_at(W() - 2, H() - 2);
    if (!p_.random_start) fixed_start();
    // MiniGrid: n if n <= size / 2 + 1 (a float division), else int(size / 2).
    const int n = 2 * p_.obstacles <= p_.size + 2 ? p_.obstacles : p_.size / 2;
    expect(count(w_, kBall) == n && count(w_, kBall, kBlue) == n && w_.num_obstacles == n,
           "wrong number of blue ball obstacles");
    for (int k = 0; k < w_.num_obstacles; ++k)
      expect(w_.get(w_.obstacle_x[k], w_.obstacle_y[k]).type == kBall, "an obstacle record has no ball");
    expect(others({kGoal, kBall}) == 0, "Dynamic-Obstacles holds other objects");
    SolveOptions o;
    o.balls_move = true;
    goal_reachable(o);
  }

  // Walks the rooms' chain: from the agent's room through the one door not
  // yet crossed, to the goal's room.
  void multi_room() {
    expect(count(w_, kDoor) == p_.num_rooms - 1, "not num_rooms - 1 doors");
    expect(others({kGoal, kDoor}) == 0, "MultiRoom holds objects");
    bool crossed[kMaxGrid][kMaxGrid] = {};
    int sx = w_.agent_x, sy = w_.agent_y, prev_color = -1, rooms = 0;
    bool goal_seen = false;
    for (; rooms <= p_.num_rooms && sx >= 0; ++rooms) {
      bool in[kMaxGrid][kMaxGrid] = {};
      std::vector<std::pair<int, int>> q{{sx, sy}};
      in[sx][sy] = true;
      int next_x = -1, next_y = -1, doors = 0, wx0 = kMaxGrid, wy0 = kMaxGrid, wx1 = -1, wy1 = -1;
      for (size_t i = 0; i < q.size(); ++i) {
        const auto [x, y] = q[i];
        wx0 = std::min(wx0, x), wy0 = std::min(wy0, y), wx1 = std::max(wx1, x), wy1 = std::max(wy1, y);
        if (w_.get(x, y).type == kGoal) goal_seen = rooms == p_.num_rooms - 1;
        for (int d = 0; d < 4; ++d) {
          const int nx = x + kDx[d], ny = y + kDy[d];
          const Cell c = w_.get(nx, ny);
          if (c.type == kDoor && !crossed[nx][ny]) {
            crossed[nx][ny] = true;
            ++doors;
            expect(c.state == kClosed, "a door is not closed");
            expect(c.color != prev_color, "two consecutive doors share a colour");
            prev_color = c.color;
            next_x = nx + kDx[d];
            next_y = ny + kDy[d];
          }
          if (!w_.inside(nx, ny) || in[nx][ny] || c.type == kWall || c.type == kDoor) continue;
          in[nx][ny] = true;
          q.push_back({nx, ny});
        }
      }
      const int iw = wx1 - wx0 + 3, ih = wy1 - wy0 + 3;  // walls included
      expect(iw >= 4 && ih >= 4 && iw <= p_.max_room_size && ih <= p_.max_room_size &&
                 int(q.size()) == (iw - 2) * (ih - 2),
             "a room is not a rectangle of side 4 .. max_room_size");
      note("room width", iw);
      if (rooms == 0) expect(doors == (p_.num_rooms > 1 ? 1 : 0), "the first room has other than one door");
      else expect(doors == (rooms < p_.num_rooms - 1 ? 1 : 0), "a room of the chain has other than one new door");
      if (doors == 0) {
        ++rooms;
        break;
      }
      sx = next_x;
      sy = next_y;
    }
    expect(rooms == p_.num_rooms, "the chain does not have num_rooms rooms");
    expect(goal_seen, "the goal is not in the last room");
    note("door colour", prev_color);
    goal_reachable();
    SolveOptions shut;
    shut.toggle_doors = false;
    const Pos g = find(w_, kGoal);
    if (p_.num_rooms > 1) expect(!solve(w_, shut).stand(g.x, g.y), "the goal can be reached without opening a door");
  }

  void key_corridor() {
    const int s = p_.room_size - 1, rows = p_.num_rows;
    expect(count(w_, kBall) == 1 && count(w_, kKey) == 1, "not one ball and one key");
    int locked = 0;
    Pos d;
    for (int x = 0; x < W(); ++x)
      for (int y = 0; y < H(); ++y) {
        const Cell c = w_.get(x, y);
        if (c.type != kDoor) continue;
        if (c.state == kLocked) {
          ++locked;
          d = {x, y};
        } else {
          expect(c.state == kClosed, "an open door");
        }
      }
    expect(locked == 1, "not one locked door");
    expect(others({kDoor, kKey, kBall}) == 0, "KeyCorridor holds other objects");
    const Pos b = find(w_, kBall), k = find(w_, kKey);
    if (locked != 1 || !b.ok() || !k.ok()) return;
    const Cell door = w_.get(d.x, d.y), ball = w_.get(b.x, b.y), key = w_.get(k.x, k.y);
    expect(d.x == 2 * s && d.y % s != 0, "the locked door is not between the hallway and the right column");
    expect(b.x > 2 * s && b.y / s == d.y / s, "the ball is not behind the locked door");
    expect(k.x < s && key.color == door.color, "the key is not in the left column or of the door's colour");
    // The middle room's rectangle, its hallway openings included (RoomGrid
    // places the agent in the room's rectangle after the walls are removed).
    expect(w_.agent_x > s && w_.agent_x < 2 * s && w_.agent_y >= (rows / 2) * s && w_.agent_y <= (rows / 2 + 1) * s,
           "the agent is not in the middle room");
    expect(w_.target.type == kBall && w_.target.color == ball.color && w_.mission == ball.color,
           "target/mission is not the ball");
    for (int j = 1; j < rows; ++j)
      for (int x = s + 1; x < 2 * s; ++x) expect(w_.get(x, j * s).type == kEmpty, "the hallway is not open");
    // The side rooms have a door, and the locked room only the locked one.
    for (int j = 0; j < rows; ++j) {
      int doors = 0;
      for (int y = j * s + 1; y < (j + 1) * s; ++y) doors += w_.get(2 * s, y).type == kDoor;
      for (int x = 2 * s + 1; x < 3 * s; ++x) {
        if (j > 0) doors += w_.get(x, j * s).type == kDoor;
        if (j + 1 < rows) doors += w_.get(x, (j + 1) * s).type == kDoor;
      }
      if (j == d.y / s) expect(doors == 1, "the locked room has another door");
    }
    note("locked row", d.y / s);
    note("key row", k.y / s);
    note("ball colour", ball.color);
    const Reach r = solve(w_);
    // Every room can be entered (connect_all).
    for (int j = 0; j < rows; ++j)
      for (int i = 0; i < 3; ++i) {
        bool any = false;
        for (int x = i * s + 1; x < (i + 1) * s; ++x)
          for (int y = j * s + 1; y < (j + 1) * s; ++y) any = any || r.stand(x, y) || r.face(x, y, false);
        expect(any, "a room cannot be entered");
      }
    expect(r.face(b.x, b.y, true), "the ball cannot be picked up");
    expect(!r.face(b.x, b.y, false) || !r.at[0][b.x - 1][b.y], "the ball can be reached without the key");
  }

  void go_to_door() {
    int rw = 0, rh = 0;
    while (rw < W() && w_.get(rw, 0).type != kEmpty) ++rw;
    while (rh < H() && w_.get(0, rh).type != kEmpty) ++rh;
    expect(rw >= 5 && rh >= 5, "the room is smaller than 5 x 5");
    int doors = 0, sides = 0;
    std::set<int> colors;
    for (int x = 0; x < W(); ++x)
      for (int y = 0; y < H(); ++y) {
        const Cell c = w_.get(x, y);
        const bool edge = ((x == 0 || x == rw - 1) && y < rh) || ((y == 0 || y == rh - 1) && x < rw);
        const bool inside = x > 0 && y > 0 && x < rw - 1 && y < rh - 1;
        if (c.type == kDoor) {
          ++doors;
          colors.insert(c.color);
          expect(c.state == kClosed, "a door is not closed");
          const bool on_x = (y == 0 || y == rh - 1) && x >= 2 && x <= rw - 3;
          const bool on_y = (x == 0 || x == rw - 1) && y >= 2 && y <= rh - 3;
          expect(on_x || on_y, "a door is not on a wall away from the corners");
          sides |= (y == 0) << 0 | (y == rh - 1) << 1 | (x == 0) << 2 | (x == rw - 1) << 3;
        } else if (edge) {
          expect(c.type == kWall, "the room's wall has a gap");
        } else {
          expect(c.type == kEmpty, inside ? "the room holds objects" : "something lies outside the room");
        }
      }
    expect(doors == 4 && colors.size() == 4 && sides == 15, "not four doors of distinct colours, one per wall");
    expect(w_.agent_x < rw - 1 && w_.agent_y < rh - 1, "the agent is not in the room");
    const Cell t = w_.get(w_.target_x, w_.target_y);
    expect(t.type == kDoor && w_.target == t && w_.mission == t.color, "target/mission is not a door");
    note("room width", rw);
    note("room height", rh);
    note("target wall", w_.target_y == 0 ? 0 : w_.target_y == rh - 1 ? 1 : w_.target_x == 0 ? 2 : 3);
    note("target colour", t.color);
    SolveOptions o;
    o.toggle_doors = false;
    expect(solve(w_, o).face(w_.target_x, w_.target_y, true), "the target door cannot be reached");
  }

  void fetch() {
    const int n = count(w_, kKey) + count(w_, kBall);
    expect(n == p_.num_objs, "not num_objs keys and balls");
    expect(others({kKey, kBall}) == 0, "Fetch holds other objects");
    const int syntax = w_.mission / 12, color = (w_.mission % 12) / 2, ball = w_.mission % 2;
    expect(syntax < 5 && color == w_.target.color && (ball ? kBall : kKey) == w_.target.type,
           "the mission does not encode the target");
    const Reach r = solve(w_);
    bool reachable = false;
    int matches = 0;
    for (int x = 0; x < W(); ++x)
      for (int y = 0; y < H(); ++y) {
        const Cell c = w_.get(x, y);
        if (c.type != w_.target.type || c.color != w_.target.color) continue;
        ++matches;
        reachable = reachable || r.face(x, y, true);
      }
    expect(matches >= 1, "no object matches the target");
    expect(reachable, "no object matching the target can be picked up");
    note("template", syntax);
    note("target colour", color);
    note("target is ball", ball);
  }

  void memory() {
    const int mid = H() / 2, ox = w_.target_x, he = ox - 1;
    expect(W() == H() && H() % 2 == 1, "Memory is not an odd square");
    expect(p_.random_length ? (he >= 4 && he <= W() - 3) : he == W() - 3, "wrong hallway length");
    const Cell cue = w_.get(1, mid - 1), top = w_.get(ox, mid - 2), bottom = w_.get(ox, mid + 2);
    expect((cue.type == kKey || cue.type == kBall) && cue.color == kGreen, "no green cue in the start room");
    expect(top.color == kGreen && bottom.color == kGreen &&
               ((top.type == kKey && bottom.type == kBall) || (top.type == kBall && bottom.type == kKey)),
           "not a green key and a green ball at the end");
    const bool top_matches = top.type == cue.type;
    expect(w_.target_y == (top_matches ? mid - 1 : mid + 1) && w_.fail_x == ox &&
               w_.fail_y == (top_matches ? mid + 1 : mid - 1),
           "success/failure cells are not next to the matching/other object");
    expect(count(w_, kKey) + count(w_, kBall) == 3 && others({kKey, kBall}) == 0, "not three objects");
    expect(w_.agent_y == mid && w_.agent_x >= 1 && w_.agent_x <= he && w_.agent_dir == 0,
           "the agent does not start in the middle row facing right");
    // The hallway's walls.
    bool walls = true;
    for (int j = 0; j < H(); ++j) {
      walls = walls && w_.get(he + 2, j).type == kWall;
      if (j != mid) walls = walls && w_.get(he, j).type == kWall;
    }
    for (int i = 5; i < he; ++i)
      walls = walls && w_.get(i, mid - 1).type == kWall && w_.get(i, mid + 1).type == kWall;
    expect(walls, "the hallway's walls are not in place");
    note("hallway end", he);
    note("top matches", top_matches);
    note("cue", cue.type);
    SolveOptions o;
    o.avoid_x = w_.fail_x;
    o.avoid_y = w_.fail_y;
    expect(solve(w_, o).stand(w_.target_x, w_.target_y), "the success cell cannot be reached");
    o.avoid_x = w_.target_x;
    o.avoid_y = w_.target_y;
    expect(solve(w_, o).stand(w_.fail_x, w_.fail_y), "the failure cell cannot be reached");
    expect(solve(w_).face(1, mid - 1, true), "the cue cannot be approached");
  }

  const LevelParams& p_;
  const World& w_;
  std::map<std::string, std::set<int>>& seen_;
  std::ostringstream out_;
};

std::set<int> range(int lo, int hi) {  // [lo, hi]
  std::set<int> s;
  for (int i = lo; i <= hi; ++i) s.insert(i);
  return s;
}

// What every variant's levels must spread over, for kSeeds seeds: each value
// MiniGrid can draw appears.
void check_spread(const Variant& v, std::map<std::string, std::set<int>>& seen) {
  const LevelParams& p = v.p;
  const std::set<int> colors = range(0, kNumColors - 1);
  auto has = [&](const char* key, const std::set<int>& want) {
    INFO(v.name << ": the values of " << key);
    CHECK(seen[key] == want);
  };
  switch (p.family) {
    case Family::kEmpty:
      // Random starts cover (nearly: 500 draws of 195 cells miss ~15) every free cell.
      if (p.random_start) CHECK(5 * seen["agent cell"].size() >= 4 * size_t((p.size - 2) * (p.size - 2) - 1));
      else CHECK(seen["agent cell"].size() == 1);
      break;
    case Family::kFourRooms:
      has("goal room", range(0, 3));
      has("agent room", range(0, 3));
      break;
    case Family::kDoorKey: has("split", range(2, p.size - 3)); break;
    case Family::kLavaGap: has("gap column", range(2, p.size - 3)); break;
    case Family::kUnlock: has("door colour", colors); break;
    case Family::kUnlockPickup: has("box colour", colors); break;
    case Family::kMultiRoom:
      has("room width", range(4, p.max_room_size));
      if (p.num_rooms > 1) has("door colour", colors);
      break;
    case Family::kKeyCorridor:
      has("locked row", range(0, p.num_rows - 1));
      has("key row", range(0, p.num_rows - 1));
      has("ball colour", colors);
      break;
    case Family::kGoToDoor:
      has("room width", range(5, p.size));
      has("room height", range(5, p.size));
      has("target wall", range(0, 3));
      has("target colour", colors);
      break;
    case Family::kFetch:
      has("template", range(0, 4));
      has("target colour", colors);
      has("target is ball", range(0, 1));
      break;
    case Family::kMemory:
      has("hallway end", p.random_length ? range(4, p.size - 3) : std::set<int>{p.size - 3});
      has("top matches", range(0, 1));
      has("cue", {kKey, kBall});
      break;
    default: break;
  }
}

// kSeeds levels of each variant from gym::Rng, then kNumpySeeds from
// gym::NumpyRandom: each checked; the spread checked over the former.
constexpr int kNumpySeeds = 50;

void check_family(Family f) {
  for (const Variant& v : family_variants(f)) {
    for (bool numpy : {false, true}) {
      std::map<std::string, std::set<int>> seen;
      int failures = 0;
      const int seeds = numpy ? kNumpySeeds : kSeeds;
      for (int seed = 0; seed < seeds; ++seed) {
        const World w = generate_level(v.p, uint64_t(seed), numpy);
        const std::string problems = Checker(v, w, seen).run();
        if (problems.empty()) continue;
        if (++failures <= 3)
          FAIL_CHECK(v.name << (numpy ? ", gym::NumpyRandom(" : ", gym::Rng(") << seed << (numpy ? ")" : ", 0)")
                            << ": " << problems << "\n"
                            << ascii(w));
      }
      INFO(v.name << ": levels with problems out of " << seeds << (numpy ? " (NumpyRandom)" : ""));
      CHECK(failures == 0);
      if (!numpy) check_spread(v, seen);
    }
  }
}

// ---- difficulty against MiniGrid ---------------------------------------------

// Shortest walks in cells (turns and toggles not counted) from the agent:
// through every door (none in GoToDoor, where toggling ends the episode),
// never through walls, lava, objects, a goal or Memory's failure cell.
struct Distances {
  int d[kMaxGrid][kMaxGrid];

  Distances(const World& w, bool doors) {
    for (auto& col : d)
      for (int& v : col) v = -1;
    std::vector<std::pair<int, int>> q{{w.agent_x, w.agent_y}};
    d[w.agent_x][w.agent_y] = 0;
    for (size_t i = 0; i < q.size(); ++i) {
      const auto [x, y] = q[i];
      if (w.get(x, y).type == kGoal) continue;
      for (int k = 0; k < 4; ++k) {
        const int nx = x + kDx[k], ny = y + kDy[k];
        if (!w.inside(nx, ny) || d[nx][ny] >= 0 || (nx == w.fail_x && ny == w.fail_y)) continue;
        const uint8_t t = w.get(nx, ny).type;
        if (!(t == kEmpty || t == kGoal || t == kFloor || (t == kDoor && doors))) continue;
        d[nx][ny] = d[x][y] + 1;
        q.push_back({nx, ny});
      }
    }
  }
  int at(Pos p) const { return p.ok() ? d[p.x][p.y] : -1; }
  // The shortest walk to a cell next to (x, y); -1 if none.
  int next_to(int x, int y) const {
    int best = -1;
    for (int k = 0; k < 4; ++k) {
      const int nx = x + kDx[k], ny = y + kDy[k];
      if (nx < 0 || ny < 0 || nx >= kMaxGrid || ny >= kMaxGrid || d[nx][ny] < 0) continue;
      if (best < 0 || d[nx][ny] < best) best = d[nx][ny];
    }
    return best;
  }
};

// What a level measures: "goal", "door", "key", "target" (walks to the goal,
// next to the target door, the key, the target object), "doors" (door
// cells), "room" (cells reachable), "duplicates" (more than one object
// matches Fetch's target), "success" (walk to Memory's success cell),
// "hallway" (Memory's hallway_end).
std::map<std::string, double> measure(Family f, const World& w) {
  std::map<std::string, double> m;
  const Distances dist(w, f != Family::kGoToDoor);
  auto matches = [&](int x, int y) {
    const Cell c = w.get(x, y);
    return c.type == w.target.type && c.color == w.target.color;
  };
  if (has_goal(f)) m["goal"] = dist.at(find(w, kGoal));
  if (f == Family::kUnlock || f == Family::kGoToDoor) m["door"] = dist.next_to(w.target_x, w.target_y);
  if (f == Family::kUnlockPickup || f == Family::kKeyCorridor) {
    const Pos k = find(w, kKey);
    m["key"] = dist.next_to(k.x, k.y);
    for (int x = 0; x < w.width; ++x)
      for (int y = 0; y < w.height; ++y)
        if (matches(x, y)) m["target"] = dist.next_to(x, y);
    m["doors"] = count(w, kDoor);
  }
  if (f == Family::kGoToDoor) {
    int n = 0;
    for (int x = 0; x < w.width; ++x)
      for (int y = 0; y < w.height; ++y) n += dist.d[x][y] >= 0;
    m["room"] = n;
  }
  if (f == Family::kFetch) {
    int best = -1, n = 0;
    for (int x = 0; x < w.width; ++x)
      for (int y = 0; y < w.height; ++y) {
        if (!matches(x, y)) continue;
        ++n;
        const int d = dist.next_to(x, y);
        if (d >= 0 && (best < 0 || d < best)) best = d;
      }
    m["target"] = best;
    m["duplicates"] = n > 1;
  }
  if (f == Family::kMemory) {
    m["success"] = dist.d[w.target_x][w.target_y];
    m["hallway"] = w.target_x - 1;
  }
  return m;
}

// MiniGrid 3.2's means and standard deviations of those measures over its
// levels for seeds 0 .. 2999 (env.reset(seed=s); the same walks computed on
// the grid MiniGrid made), for the ids and measures that vary.
struct Reference {
  const char* id;
  const char* measure;
  double mean, sd;
};
constexpr int kReferenceSeeds = 3000;
const Reference kMiniGrid[] = {
    {"MiniGrid-Empty-Random-5x5-v0", "goal", 2.2257, 0.9463},
    {"MiniGrid-Empty-Random-6x6-v0", "goal", 3.1693, 1.4159},
    {"MiniGrid-FourRooms-v0", "goal", 13.3610, 6.4835},
    {"MiniGrid-DoorKey-5x5-v0", "goal", 1.8747, 2.4304},
    {"MiniGrid-DoorKey-6x6-v0", "goal", 4.0763, 3.0585},
    {"MiniGrid-DoorKey-8x8-v0", "goal", 7.5630, 3.9424},
    {"MiniGrid-DoorKey-16x16-v0", "goal", 20.4330, 7.0544},
    {"MiniGrid-LavaCrossingS9N2-v0", "goal", 12.9293, 2.3535},
    {"MiniGrid-LavaCrossingS9N3-v0", "goal", 12.9480, 2.1147},
    {"MiniGrid-LavaCrossingS11N5-v0", "goal", 17.1420, 2.1826},
    {"MiniGrid-SimpleCrossingS9N2-v0", "goal", 12.9293, 2.3535},
    {"MiniGrid-SimpleCrossingS9N3-v0", "goal", 12.9480, 2.1147},
    {"MiniGrid-SimpleCrossingS11N5-v0", "goal", 17.1420, 2.1826},
    {"MiniGrid-Unlock-v0", "door", 2.6073, 1.7046},
    {"MiniGrid-UnlockPickup-v0", "key", 1.7357, 1.2339},
    {"MiniGrid-UnlockPickup-v0", "target", 6.0237, 2.7936},
    {"MiniGrid-Dynamic-Obstacles-5x5-v0", "goal", 3.4850, 1.5198},
    {"MiniGrid-Dynamic-Obstacles-Random-5x5-v0", "goal", 2.2077, 1.3873},
    {"MiniGrid-Dynamic-Obstacles-6x6-v0", "goal", 5.4447, 1.8918},
    {"MiniGrid-Dynamic-Obstacles-Random-6x6-v0", "goal", 3.2720, 1.9002},
    {"MiniGrid-Dynamic-Obstacles-8x8-v0", "goal", 9.7360, 1.6835},
    {"MiniGrid-Dynamic-Obstacles-16x16-v0", "goal", 25.9280, 1.3924},
    {"MiniGrid-MultiRoom-N2-S4-v0", "goal", 3.9897, 1.0084},
    {"MiniGrid-MultiRoom-N4-S5-v0", "goal", 21.3157, 2.1081},
    {"MiniGrid-MultiRoom-N4-S5-v1", "goal", 13.0310, 1.7995},
    {"MiniGrid-MultiRoom-N6-v0", "goal", 34.4580, 5.2087},
    {"MiniGrid-KeyCorridorS3R2-v0", "key", 2.4880, 1.0996},
    {"MiniGrid-KeyCorridorS3R2-v0", "target", 2.0107, 0.6796},
    {"MiniGrid-KeyCorridorS3R2-v0", "doors", 4.2457, 0.4305},
    {"MiniGrid-KeyCorridorS3R3-v0", "key", 3.1307, 1.3744},
    {"MiniGrid-KeyCorridorS3R3-v0", "target", 2.5793, 0.9344},
    {"MiniGrid-KeyCorridorS3R3-v0", "doors", 6.7933, 0.7750},
    {"MiniGrid-KeyCorridorS4R3-v0", "key", 5.6593, 2.3982},
    {"MiniGrid-KeyCorridorS4R3-v0", "target", 4.8333, 1.6331},
    {"MiniGrid-KeyCorridorS4R3-v0", "doors", 6.8210, 0.7786},
    {"MiniGrid-KeyCorridorS5R3-v0", "key", 8.1013, 3.3593},
    {"MiniGrid-KeyCorridorS5R3-v0", "target", 6.9920, 2.3159},
    {"MiniGrid-KeyCorridorS5R3-v0", "doors", 6.8113, 0.7653},
    {"MiniGrid-KeyCorridorS6R3-v0", "key", 10.4810, 4.2737},
    {"MiniGrid-KeyCorridorS6R3-v0", "target", 9.1487, 2.9593},
    {"MiniGrid-KeyCorridorS6R3-v0", "doors", 6.7977, 0.7686},
    {"MiniGrid-GoToDoor-5x5-v0", "door", 1.6510, 0.9373},
    {"MiniGrid-GoToDoor-6x6-v0", "door", 2.0977, 1.1897},
    {"MiniGrid-GoToDoor-6x6-v0", "room", 12.3317, 2.4831},
    {"MiniGrid-GoToDoor-8x8-v0", "door", 2.9497, 1.7019},
    {"MiniGrid-GoToDoor-8x8-v0", "room", 20.5073, 7.1407},
    {"MiniGrid-Fetch-5x5-N2-v0", "target", 1.0110, 0.9221},
    {"MiniGrid-Fetch-5x5-N2-v0", "duplicates", 0.0880, 0.2833},
    {"MiniGrid-Fetch-6x6-N2-v0", "target", 1.6047, 1.2593},
    {"MiniGrid-Fetch-6x6-N2-v0", "duplicates", 0.0877, 0.2828},
    {"MiniGrid-Fetch-8x8-N3-v0", "target", 2.8797, 1.9186},
    {"MiniGrid-Fetch-8x8-N3-v0", "duplicates", 0.1693, 0.3750},
    {"MiniGrid-MemoryS7-v0", "success", 3.4513, 1.1020},
    {"MiniGrid-MemoryS9-v0", "success", 4.4240, 1.6950},
    {"MiniGrid-MemoryS11-v0", "success", 5.4093, 2.2678},
    {"MiniGrid-MemoryS13-v0", "success", 6.3890, 2.8459},
    {"MiniGrid-MemoryS13Random-v0", "success", 5.0300, 2.3197},
    {"MiniGrid-MemoryS13Random-v0", "hallway", 7.0823, 1.9838},
    {"MiniGrid-MemoryS17Random-v0", "success", 6.0510, 3.1905},
    {"MiniGrid-MemoryS17Random-v0", "hallway", 9.1277, 3.1351}
};

// ---- scripted episodes ----------------------------------------------------------

// Plays a level through family_step: walks (turning, toggling closed doors
// open) along shortest paths, picks things up, drops the key.
class Player {
 public:
  Player(const LevelParams& p, const World& w) : p_(p), w_(w), rng_(12345, 0) {
    p_.max_steps = 1 << 20;  // scripted paths are not the shortest in steps
  }

  World& world() { return w_; }
  const gym::WorldStep& last() const { return last_; }
  bool ended() const { return ended_; }
  const std::string& error() const { return error_; }

  bool act(int action) {
    if (ended_) return fail("acted after the episode ended");
    last_ = family_step(p_, w_, action, rng_);
    ended_ = last_.terminated || last_.truncated;
    return true;
  }

  // Walks to a cell next to one satisfying `target` (the agent then faces
  // it), or onto one when `stand`; only max_moves cells along the way when
  // max_moves >= 0. Never steps on goals (but a target goal when standing),
  // lava or (avoid_x, avoid_y).
  template <class F>
  bool go(F&& target, bool stand, bool toggle_doors = true, int avoid_x = -1, int avoid_y = -1, int max_moves = -1) {
    int prev[kMaxGrid][kMaxGrid];
    for (auto& row : prev)
      for (int& v : row) v = -2;
    auto passable = [&](int x, int y) {
      if (!w_.inside(x, y) || (x == avoid_x && y == avoid_y)) return false;
      const Cell c = w_.get(x, y);
      if (c.type == kGoal) return stand && target(x, y);
      if (c.type == kLava) return false;
      if (c.type == kDoor && c.state == kClosed) return toggle_doors;
      if (c.type == kDoor && c.state == kLocked)
        return toggle_doors && w_.carrying.type == kKey && w_.carrying.color == c.color;
      return can_overlap(c);
    };
    auto done = [&](int x, int y, int& face) {
      if (stand) return target(x, y);
      for (int d = 0; d < 4; ++d)
        if (target(x + kDx[d], y + kDy[d])) {
          face = d;
          return true;
        }
      return false;
    };
    std::vector<std::pair<int, int>> q{{w_.agent_x, w_.agent_y}};
    prev[w_.agent_x][w_.agent_y] = -1;
    int end_x = -1, end_y = -1, face = -1;
    for (size_t i = 0; i < q.size() && end_x < 0; ++i) {
      const auto [x, y] = q[i];
      if (done(x, y, face)) {
        end_x = x;
        end_y = y;
        break;
      }
      if (w_.get(x, y).type == kGoal) continue;
      for (int d = 0; d < 4; ++d) {
        const int nx = x + kDx[d], ny = y + kDy[d];
        if (!passable(nx, ny) || prev[nx][ny] != -2) continue;
        prev[nx][ny] = d;
        q.push_back({nx, ny});
      }
    }
    if (end_x < 0) return fail("no path");
    int dirs[kMaxGrid * kMaxGrid], n = 0;
    for (int x = end_x, y = end_y; prev[x][y] >= 0;) {
      const int d = prev[x][y];
      dirs[n++] = d;
      x -= kDx[d];
      y -= kDy[d];
    }
    for (int k = n - 1; k >= 0; --k) {
      if (max_moves >= 0 && n - 1 - k >= max_moves) return true;
      if (!turn_to(dirs[k])) return false;
      const Cell front = w_.get(w_.agent_x + kDx[dirs[k]], w_.agent_y + kDy[dirs[k]]);
      if (front.type == kDoor && front.state != kOpen && !act_alive(kToggle)) return false;
      if (k == 0 && stand) return act(kForward);  // the last move may end the episode
      if (!act_alive(kForward)) return false;
    }
    return stand || turn_to(face);
  }

  // Sets the carried key down on an empty cell next to the agent that the
  // way to `target` does not need, moving along that way if there is none.
  template <class F>
  bool drop_key(F&& target) {
    for (int tries = 0; tries < 64; ++tries) {
      for (int d = 0; d < 4; ++d) {
        const int x = w_.agent_x + kDx[d], y = w_.agent_y + kDy[d];
        if (!is_empty(w_.get(x, y))) continue;
        // Would the target still be reachable with the key there?
        World trial = w_;
        trial.set(x, y, w_.carrying);
        Player probe(p_, trial);
        probe.world().carrying = Cell{};
        if (!probe.go(target, false)) continue;
        return turn_to(d) && act_alive(kDrop) && !w_.carries();
      }
      // Step once along the way and try again.
      const int x0 = w_.agent_x, y0 = w_.agent_y;
      if (!go(target, false, true, -1, -1, 1)) return false;
      if (w_.agent_x == x0 && w_.agent_y == y0) break;
    }
    return fail("nowhere to set the key down");
  }

  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what;
    return false;
  }

 private:
  // Actions that must not end the episode.
  bool act_alive(int action) {
    if (!act(action)) return false;
    if (ended_) return fail("the episode ended on the way");
    return true;
  }
  bool turn_to(int d) {
    while (w_.agent_dir != d)
      if (!act_alive((d - w_.agent_dir + 4) % 4 == 3 ? kLeft : kRight)) return false;
    return true;
  }

  LevelParams p_;
  World w_;
  gym::Rng rng_;
  gym::WorldStep last_;
  bool ended_ = false;
  std::string error_;
};

}  // namespace

TEST_CASE("Empty levels: walls, one goal in the far corner, the agent at (1, 1) or anywhere, for every size",
          "[minigrid_levels]") {
  check_family(Family::kEmpty);
}

TEST_CASE("FourRooms levels: two inner walls with two openings each, goal and agent anywhere, solvable",
          "[minigrid_levels]") {
  check_family(Family::kFourRooms);
}

TEST_CASE("DoorKey levels: a splitting wall with a locked yellow door, its key on the agent's side, solvable only "
          "with the key",
          "[minigrid_levels]") {
  check_family(Family::kDoorKey);
}

TEST_CASE("LavaGap levels: a lava column with one gap, the goal reachable without touching lava", "[minigrid_levels]") {
  check_family(Family::kLavaGap);
}

TEST_CASE("Crossing levels: num_crossings rivers of lava or wall with one opening each, solvable", "[minigrid_levels]") {
  check_family(Family::kCrossing);
}

TEST_CASE("DistShift levels: two lava strips, the goal at the top right, solvable", "[minigrid_levels]") {
  check_family(Family::kDistShift);
}

TEST_CASE("Unlock and UnlockPickup levels: a locked door, its key in the agent's room, the box behind the door",
          "[minigrid_levels]") {
  check_family(Family::kUnlock);
  check_family(Family::kUnlockPickup);
}

TEST_CASE("Dynamic-Obstacles levels: MiniGrid's number of blue balls, recorded as obstacles, goal reachable",
          "[minigrid_levels]") {
  check_family(Family::kDynamicObstacles);
}

TEST_CASE("MultiRoom levels: a chain of num_rooms rooms through closed doors, each door of another colour than the one "
          "before, goal in the last room",
          "[minigrid_levels]") {
  check_family(Family::kMultiRoom);
}

TEST_CASE("KeyCorridor levels: a hallway, the ball behind the one locked door, its key in the left column, every "
          "room connected",
          "[minigrid_levels]") {
  check_family(Family::kKeyCorridor);
}

TEST_CASE("GoToDoor levels: a room of random size with four doors of distinct colours, one per wall, the target "
          "among them",
          "[minigrid_levels]") {
  check_family(Family::kGoToDoor);
}

TEST_CASE("Fetch levels: num_objs keys and balls, the mission names one of them, reachable", "[minigrid_levels]") {
  check_family(Family::kFetch);
}

TEST_CASE("Memory levels: the cue, the hallway, the two objects and the success cell next to the matching one",
          "[minigrid_levels]") {
  check_family(Family::kMemory);
}

TEST_CASE("the same seed gives the same level and different seeds different levels, for every variant",
          "[minigrid_levels]") {
  for (Family f : {Family::kEmpty, Family::kFourRooms, Family::kDoorKey, Family::kLavaGap, Family::kCrossing,
                   Family::kDistShift, Family::kUnlock, Family::kUnlockPickup, Family::kDynamicObstacles,
                   Family::kMultiRoom, Family::kKeyCorridor, Family::kGoToDoor, Family::kFetch, Family::kMemory}) {
    for (const Variant& v : family_variants(f)) {
      INFO(v.name);
      std::set<std::string> levels;
      for (int seed = 0; seed < 20; ++seed) {
        const World a = generate_level(v.p, uint64_t(seed)), b = generate_level(v.p, uint64_t(seed));
        CHECK(same_world(a, b));
        levels.insert(ascii(a) + char('0' + a.agent_dir) + char(a.mission));
      }
      if ((f == Family::kEmpty || f == Family::kDistShift) && !v.p.random_start) CHECK(levels.size() == 1);
      else CHECK(levels.size() >= 3);
    }
  }
}

TEST_CASE("levels are as hard as MiniGrid's: mean walks to the goal, key, target and door within 4.5 standard "
          "errors of MiniGrid 3.2's",
          "[minigrid_levels]") {
  constexpr int kStatSeeds = 2000;
  std::map<std::string, const Variant*> variants;
  std::vector<Variant> all;
  for (Family f : {Family::kEmpty, Family::kFourRooms, Family::kDoorKey, Family::kLavaGap, Family::kCrossing,
                   Family::kDistShift, Family::kUnlock, Family::kUnlockPickup, Family::kDynamicObstacles,
                   Family::kMultiRoom, Family::kKeyCorridor, Family::kGoToDoor, Family::kFetch, Family::kMemory})
    for (Variant& v : family_variants(f)) all.push_back(v);
  for (const Variant& v : all) variants[v.name] = &v;
  std::map<std::string, std::map<std::string, std::vector<double>>> samples;
  for (const Reference& ref : kMiniGrid) {
    INFO(ref.id);
    REQUIRE(variants.count(ref.id) == 1);
    auto& sample = samples[ref.id];
    if (sample.empty()) {
      const Variant& v = *variants[ref.id];
      for (int seed = 0; seed < kStatSeeds; ++seed)
        for (const auto& [k, value] : measure(v.p.family, generate_level(v.p, uint64_t(seed)))) sample[k].push_back(value);
    }
    const std::vector<double>& xs = sample[ref.measure];
    REQUIRE(xs.size() == size_t(kStatSeeds));
    double mean = 0.0, var = 0.0;
    for (double x : xs) mean += x / kStatSeeds;
    for (double x : xs) var += (x - mean) * (x - mean) / kStatSeeds;
    const double se = std::sqrt(ref.sd * ref.sd / kReferenceSeeds + var / kStatSeeds);
    INFO(ref.measure << ": gym++ " << mean << " (sd " << std::sqrt(var) << "), MiniGrid " << ref.mean << " (sd " << ref.sd
                     << ")");
    CHECK(std::abs(mean - ref.mean) <= 4.5 * se);
  }
}

TEST_CASE("a scripted agent solves every variant's levels through family_step and gets MiniGrid's reward",
          "[minigrid_levels]") {
  for (Family f : {Family::kEmpty, Family::kFourRooms, Family::kDoorKey, Family::kLavaGap, Family::kCrossing,
                   Family::kDistShift, Family::kUnlock, Family::kUnlockPickup, Family::kMultiRoom,
                   Family::kKeyCorridor, Family::kGoToDoor, Family::kFetch, Family::kMemory}) {
    for (const Variant& v : family_variants(f)) {
      int failures = 0;
      for (int seed = 0; seed < kScriptSeeds; ++seed) {
        const World start = generate_level(v.p, uint64_t(seed));
        Player pl(v.p, start);
        World& w = pl.world();
        auto is = [&](uint8_t type, int color = -1) {
          return [&w, type, color](int x, int y) {
            const Cell c = w.get(x, y);
            return c.type == type && (color < 0 || c.color == color);
          };
        };
        auto at = [](int tx, int ty) { return [tx, ty](int x, int y) { return x == tx && y == ty; }; };
        auto target_obj = [&w](int x, int y) {
          const Cell c = w.get(x, y);
          return c.type == w.target.type && c.color == w.target.color;
        };
        bool ok = true;
        switch (f) {
          case Family::kGoToDoor:
            ok = pl.go(at(w.target_x, w.target_y), false, false) && pl.act(kDone);
            break;
          case Family::kFetch: ok = pl.go(target_obj, false) && pl.act(kPickup); break;
          case Family::kMemory: ok = pl.go(at(w.target_x, w.target_y), true, true, w.fail_x, w.fail_y); break;
          case Family::kDoorKey:
          case Family::kUnlock:
          case Family::kUnlockPickup:
          case Family::kKeyCorridor: {
            const Pos key = find(w, kKey);
            ok = pl.go(at(key.x, key.y), false) && pl.act(kPickup) && w.carrying.type == kKey;
            const int color = w.carrying.color;
            auto locked = [&w, color](int x, int y) {
              const Cell c = w.get(x, y);
              return c.type == kDoor && c.state == kLocked && c.color == color;
            };
            ok = ok && pl.go(locked, false) && pl.act(kToggle);
            if (f == Family::kDoorKey) ok = ok && !pl.ended() && pl.go(is(kGoal), true);
            if (f == Family::kUnlockPickup || f == Family::kKeyCorridor)
              ok = ok && !pl.ended() && pl.drop_key(target_obj) && pl.go(target_obj, false) && pl.act(kPickup);
            break;
          }
          default: ok = pl.go(is(kGoal), true); break;
        }
        const bool solved = ok && pl.ended() && pl.last().terminated && pl.last().reward > 0.0f;
        if (!solved && ++failures <= 3)
          FAIL_CHECK(v.name << ", gym::Rng(" << seed << ", 0): not solved ("
                            << (pl.error().empty() ? "no reward" : pl.error()) << ")\n"
                            << ascii(start) << "after:\n"
                            << ascii(w));
      }
      INFO(v.name << ": scripted episodes that failed out of " << kScriptSeeds);
      CHECK(failures == 0);
    }
  }
}

TEST_CASE("GoToDoor rewards done only next to the target door, and ends the episode on toggle", "[minigrid_levels]") {
  for (const Variant& v : family_variants(Family::kGoToDoor)) {
    for (int seed = 0; seed < 50; ++seed) {
      INFO(v.name << ", gym::Rng(" << seed << ", 0)");
      const World start = generate_level(v.p, uint64_t(seed));
      // Next to some other door: done ends the episode without reward.
      Player pl(v.p, start);
      World& w = pl.world();
      const int tx = w.target_x, ty = w.target_y;
      auto other = [&w, tx, ty](int x, int y) { return w.get(x, y).type == kDoor && !(x == tx && y == ty); };
      REQUIRE(pl.go(other, false, false));
      const bool next_to_target = std::abs(w.agent_x - tx) + std::abs(w.agent_y - ty) == 1;
      REQUIRE(pl.act(kDone));
      CHECK(pl.last().terminated);
      CHECK((pl.last().reward > 0.0f) == next_to_target);
      // Toggling the target door ends the episode too.
      Player toggler(v.p, start);
      REQUIRE(toggler.go([tx, ty](int x, int y) { return x == tx && y == ty; }, false, false));
      REQUIRE(toggler.act(kToggle));
      CHECK(toggler.last().terminated);
      CHECK(toggler.last().reward == 0.0f);
    }
  }
}

TEST_CASE("Memory ends without reward on the failure cell", "[minigrid_levels]") {
  for (const Variant& v : family_variants(Family::kMemory)) {
    for (int seed = 0; seed < 50; ++seed) {
      INFO(v.name << ", gym::Rng(" << seed << ", 0)");
      Player pl(v.p, generate_level(v.p, uint64_t(seed)));
      World& w = pl.world();
      REQUIRE(pl.go([&w](int x, int y) { return x == w.fail_x && y == w.fail_y; }, true, true, w.target_x,
                    w.target_y));
      CHECK(pl.last().terminated);
      CHECK(pl.last().reward == 0.0f);
    }
  }
}

TEST_CASE("Fetch ends without reward when the agent picks up an object that is not the target", "[minigrid_levels]") {
  for (const Variant& v : family_variants(Family::kFetch)) {
    int tried = 0;
    for (int seed = 0; seed < 200; ++seed) {
      INFO(v.name << ", gym::Rng(" << seed << ", 0)");
      Player pl(v.p, generate_level(v.p, uint64_t(seed)));
      World& w = pl.world();
      auto wrong = [&w](int x, int y) {
        const Cell c = w.get(x, y);
        return (c.type == kKey || c.type == kBall) && !(c.type == w.target.type && c.color == w.target.color);
      };
      if (!pl.go(wrong, false)) continue;  // every object matches, or none other is reachable
      ++tried;
      REQUIRE(pl.act(kPickup));
      CHECK(pl.last().terminated);
      CHECK(pl.last().reward == 0.0f);
    }
    CHECK(tried > 50);
  }
}
