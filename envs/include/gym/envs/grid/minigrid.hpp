// MiniGrid's environment families as one world model (gym/world.hpp): the
// engine of grid_world.hpp, a level generator per family and the families'
// own step rules (Unlock's reward for opening the door, Fetch's for picking
// up the right object, the moving obstacles of Dynamic-Obstacles, ...).
//
// One model for every family keeps one executor instantiation (and one GPU
// kernel) for all of them: Params::family selects the generator and rules.
// Levels are drawn from the executor's generator, not numpy's, so a seed
// gives a level of the same structure and difficulty as MiniGrid's, not the
// same level (tests check the structure, solvability and statistics).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "gym/array.hpp"
#include "gym/draw.hpp"
#include "gym/envs/grid/grid_world.hpp"
#include "gym/envs/grid/minigrid_levels.hpp"
#include "gym/hd.hpp"
#include "gym/options.hpp"
#include "gym/spaces.hpp"
#include "gym/world.hpp"

namespace gym::envs {

struct MiniGrid {
  static constexpr const char* kId = "MiniGrid";
  static constexpr int kNumActions = grid::kNumActions;
  using Obs = uint8_t;
  using Family = grid::Family;
  using State = grid::World;
  using Params = grid::LevelParams;

  // The options of the env's family only (an Empty env has no num_rooms).
  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    using grid::Family;
    const Family k = p.family;
    auto any = [k](std::initializer_list<Family> fs) {
      for (Family x : fs)
        if (x == k) return true;
      return false;
    };
    if (any({Family::kEmpty, Family::kDoorKey, Family::kLavaGap, Family::kCrossing, Family::kDynamicObstacles,
             Family::kGoToDoor, Family::kFetch, Family::kMemory}))
      f(p.size, ParamInfo::range("size", "cells", "grid side", 3, grid::kMaxGrid));
    f(p.max_steps, ParamInfo::range("max_steps", "steps", "steps before truncation (0: the family's default)", 0,
                                    1e9));
    f(p.agent_view_size,
      ParamInfo::range("agent_view_size", "cells", "side of the partial view (odd, >= 3)", 3, grid::kMaxView));
    f(p.see_through_walls, ParamInfo::flag("see_through_walls", "the partial view ignores occlusion"));
    f(p.fully_observable,
      ParamInfo::flag("fully_observable", "observe the whole grid with the agent drawn in (FullyObsWrapper)"));
    if (any({Family::kEmpty, Family::kDynamicObstacles, Family::kDistShift}))
      f(p.random_start, ParamInfo::flag("random_start", "random agent start instead of the fixed corner"));
    if (k == Family::kCrossing) f(p.num_crossings, ParamInfo::range("num_crossings", "", "obstacle rivers", 0, 12));
    if (k == Family::kDynamicObstacles)
      f(p.obstacles, ParamInfo::range("n_obstacles", "", "moving obstacles", 0, grid::kMaxObstacles));
    if (k == Family::kDistShift)
      f(p.strip2_row, ParamInfo::range("strip2_row", "", "row of the second lava strip", 1, 5));
    if (k == Family::kMultiRoom) {
      f(p.num_rooms, ParamInfo::range("num_rooms", "", "rooms", 1, 12));
      f(p.max_room_size, ParamInfo::range("max_room_size", "cells", "largest room side", 4, 12));
    }
    if (k == Family::kKeyCorridor) f(p.num_rows, ParamInfo::range("num_rows", "", "rows of rooms", 1, 5));
    if (any({Family::kKeyCorridor, Family::kUnlock, Family::kUnlockPickup}))
      f(p.room_size, ParamInfo::range("room_size", "cells", "room side", 3, 12));
    if (k == Family::kFetch) f(p.num_objs, ParamInfo::range("num_objs", "", "objects", 1, 12));
    if (k == Family::kMemory) f(p.random_length, ParamInfo::flag("random_length", "random hallway length"));
  }
  static void check(const Params& p, std::string_view owner);

  static Shape obs_shape(const Params& p) {
    if (p.fully_observable) return {grid::level_width(p), grid::level_height(p), 3};
    return {p.agent_view_size, p.agent_view_size, 3};
  }
  static Box observation_space(const Params& p);
  static Discrete action_space(const Params& p) { return Discrete(grid::num_actions(p)); }
  static int max_episode_steps(const Params& p) { return grid::max_steps(p); }

  template <class R>
  GYM_HD static void reset(const Params& p, State& w, R& rng) {
    grid::generate(p, w, rng);
  }

  template <class R>
  GYM_HD static WorldStep step(const Params& p, State& w, int32_t action, R& rng) {
    return grid::family_step(p, w, action, rng);
  }

  GYM_HD static void observe(const Params& p, const State& w, uint8_t* out) {
    if (p.fully_observable) grid::observe_full(w, out);
    else grid::observe_partial(w, p.agent_view_size, p.see_through_walls, out);
  }

  // {"direction": d, "mission": "..."} as MiniGrid's observation dict has them.
  static void info(const Params& p, const State& w, const WorldStep*, nlohmann::json& out);
  static std::string render_text(const Params& p, const State& w, int last_action);
  static void draw(const Params& p, const State& w, const DrawContext& ctx, DrawList& out);
  // MiniGrid's terms: {"grid", "agent_pos", "agent_dir", "carrying", "step_count", "box_contents"}.
  static nlohmann::json state_to_json(const Params& p, const State& w);
  static State state_from_json(const Params& p, const nlohmann::json& j);
  // {"image": [x][y][3], "direction": d} for `gym step`.
  static nlohmann::json obs_json(const Params& p, const State& w);
  // A user's level from its text map (MiniGrid-Custom-v0's option map=TEXT or
  // map=@FILE): MiniGrid's pprint_grid format, two characters a cell, which
  // is also what render_mode=ansi prints; README "Custom levels" has the
  // legend. Errors name the line and column.
  static grid::CustomLayout parse_map(std::string_view text);
  // A level as parse_map reads it back (every colour named, grey as E; the
  // ansi frame, MiniGrid's pprint format, loses grey and open doors' colours).
  static std::string map_text(const grid::CustomLayout& layout);
  static bool apply_option(Params& p, std::string_view name, const OptionValue& value, std::string_view owner);
  // The text options among the params (params_json's list): MiniGrid-Custom-v0's map.
  static void describe_options(const Params& p, nlohmann::json& out);
  // The mission text of a world (MiniGrid's obs["mission"]).
  static std::string mission(const Params& p, const State& w);
};

}  // namespace gym::envs
