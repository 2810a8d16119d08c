// FrozenLake: walk from S to G across a frozen lake without falling into a
// hole (H); on slippery ice the agent may slide sideways.
// Reference: Gymnasium 1.4, gymnasium/envs/toy_text/frozen_lake.py
// (FrozenLake-v1, FrozenLake8x8-v1).
//
// The transitions are computed from the map, in the order of Gymnasium's
// env.P[s][a]: slippery, the three outcomes are the moves (a - 1) % 4, a and
// (a + 1) % 4 with probabilities fail_rate, success_rate, fail_rate, where
// fail_rate = (1 - success_rate) / 2 (0.33333333333333337 for the default
// success_rate = 1/3); duplicates (against a wall) are kept apart, as
// Gymnasium keeps them. Entering G or H terminates; from G or H every action
// loops with probability 1, reward 0, terminated. Rewards come from
// reward_schedule = (goal, hole, frozen/start), default (1, 0, 0).
//
// State: the cell index row * ncol + col. Maps hold up to kMaxSide x kMaxSide
// = 32 x 32 cells in the Params themselves (fixed capacity: Params stay
// trivially copyable for the batch and the GPU; 1096 bytes, well within a
// CUDA kernel argument).
//
// map_name=random is Gymnasium's map_name=None: the map is
// generate_random_map(size, p, seed) (frozen_lake.py), drawn once when the
// options are applied, from numpy's generator seeded as Gymnasium seeds it,
// so map_seed=S gives Gymnasium's map for seed=S cell for cell.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/draw.hpp"
#include "gym/hd.hpp"
#include "gym/options.hpp"
#include "gym/tabular.hpp"

namespace gym::envs {

struct FrozenLake : TabularWorld<FrozenLake> {
  static constexpr const char* kId = "FrozenLake";
  static constexpr int kNumActions = 4;  // 0 left, 1 down, 2 right, 3 up
  static constexpr int kMaxOutcomes = 3;
  static constexpr int kMaxSide = 32;  // rows and columns of the largest map

  static constexpr int kMinRandomSide = 2;  // a 1 x 1 random map never has a path (S is overwritten by G)

  // Where the map came from, so that desc and map_name given together are
  // refused whatever order they are applied in, and map_size, map_p and
  // map_seed are accepted for random maps only.
  enum class MapSource : uint8_t { kDefault, kMapName, kDesc, kRandom };

  struct Params {
    int32_t nrow = 4;  // rows of the map
    int32_t ncol = 4;  // columns
    // The map, row-major, nrow * ncol letters: S start, F frozen, H hole, G goal.
    char desc[kMaxSide * kMaxSide] = "SFFFFHFHFFFHHFFG";
    bool is_slippery = true;
    double success_rate = 1.0 / 3.0;  // slippery: probability of moving as intended
    double reward_schedule[3] = {1.0, 0.0, 0.0};  // reward for entering G, H, F or S
    MapSource map_source = MapSource::kDefault;
    // map_name=random: generate_random_map's arguments, kept to report them
    // and to draw the map again when one of them is changed.
    int32_t map_size = 8;   // side of the map, kMinRandomSide .. kMaxSide
    double map_p = 0.8;     // probability that a cell is frozen, (0, 1]
    uint64_t map_seed = 0;  // the map's seed: map_seed, or drawn from entropy when not given
  };
  // The params of Gymnasium's named maps "4x4" and "8x8" (throws for others).
  static Params with_map(std::string_view map_name);
  // Gymnasium's generate_random_map(size, p, seed): boards of 'F' (probability
  // p) and 'H' drawn by numpy's Generator.choice, S and G put in the corners,
  // until one has a path from S to G. Throws gym::Error for a size outside
  // kMinRandomSide .. kMaxSide, a p outside (0, 1] (Gymnasium clamps p > 1 to
  // 1, numpy refuses p < 0, and p = 0 never has a path), or when no board
  // within kRandomMapBudget cells drawn has a path (where Gymnasium would
  // keep drawing).
  static std::vector<std::string> random_map(int32_t size, double p, uint64_t seed);
  static constexpr int64_t kRandomMapBudget = int64_t{1} << 25;  // cells, about 0.1 s of draws

  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.is_slippery, ParamInfo::flag("is_slippery", "the agent may slide perpendicular to its move"));
    f(p.success_rate, ParamInfo::range("success_rate", "", "slippery: probability of the intended move", 0.0, 1.0));
  }
  // Gymnasium's other options, as text: map_name ("4x4", "8x8", or "random"
  // (also "none", "None") for Gymnasium's None, with map_size, map_p and
  // map_seed), desc (rows separated by ',' or newlines, e.g.
  // "SFFF,FHFH,FFFH,HFFG"; given with map_name it is an error, where Gymnasium
  // would ignore map_name) and reward_schedule ("goal,hole,frozen", e.g.
  // "1,0,0"). Options arrive sorted by name, so map_name comes before map_p,
  // map_seed and map_size of the same call; each of them draws the map again.
  static bool apply_option(Params& p, std::string_view name, const OptionValue& value, std::string_view owner);
  static void check(const Params& p, std::string_view owner);
  // Appends the options above to params_json's list, with their values
  // (the map as desc's rows; for a random map its size, p and seed).
  static void describe_options(const Params& p, nlohmann::json& out);

  struct State {
    int32_t s;    // cell index, row * ncol + col
    double prob;  // probability of the outcome last drawn (1 after reset): info["prob"]
  };

  // ---- the MDP -------------------------------------------------------------

  GYM_HD static int32_t num_states(const Params& p) { return p.nrow * p.ncol; }

  // Gymnasium's initial_state_distrib: uniform over the S cells.
  GYM_HD static double initial_prob(const Params& p, int32_t s) {
    return p.desc[s] == 'S' ? 1.0 / double(num_starts(p)) : 0.0;
  }
  GYM_HD static int32_t num_starts(const Params& p) {
    int32_t n = 0;
    for (int32_t i = 0; i < num_states(p); ++i) n += p.desc[i] == 'S';
    return n;
  }

  GYM_HD static int outcomes(const Params& p, int32_t s, int32_t a, TabularOutcome* out) {
    const char letter = p.desc[s];
    if (letter == 'G' || letter == 'H') {
      out[0] = {1.0, s, 0.0, true};
      return 1;
    }
    const int32_t row = s / p.ncol, col = s % p.ncol;
    if (!p.is_slippery) {
      out[0] = move(p, row, col, a, 1.0);
      return 1;
    }
    const double fail_rate = (1.0 - p.success_rate) / 2.0;
    out[0] = move(p, row, col, (a + 3) % 4, fail_rate);
    out[1] = move(p, row, col, a, p.success_rate);
    out[2] = move(p, row, col, (a + 1) % 4, fail_rate);
    return 3;
  }

  // ---- the world model (the rest comes from TabularWorld) -------------------

  // TabularWorld's reset with the start count taken once, not per cell.
  template <class R>
  GYM_HD static void reset(const Params& p, State& st, R& rng) {
    const double start_prob = 1.0 / double(num_starts(p));
    st.s = sample_index(num_states(p), [&](int32_t s) { return p.desc[s] == 'S' ? start_prob : 0.0; },
                        random_unit(rng));
    st.prob = 1.0;
  }

  // Gymnasium's ansi frame: the last move in brackets, then the map with the
  // agent's cell on a red background.
  static std::string render_text(const Params& p, const State& st, int last_action);
  static void draw(const Params& p, const State& st, const DrawContext& ctx, DrawList& out);

 private:
  // The outcome of moving from (row, col) in direction `dir`, with probability prob.
  GYM_HD static TabularOutcome move(const Params& p, int32_t row, int32_t col, int32_t dir, double prob) {
    if (dir == 0) col = col > 0 ? col - 1 : 0;
    else if (dir == 1) row = row + 1 < p.nrow ? row + 1 : p.nrow - 1;
    else if (dir == 2) col = col + 1 < p.ncol ? col + 1 : p.ncol - 1;
    else row = row > 0 ? row - 1 : 0;
    const int32_t next = row * p.ncol + col;
    const char letter = p.desc[next];
    const double reward = letter == 'G' ? p.reward_schedule[0] : letter == 'H' ? p.reward_schedule[1]
                                                                                : p.reward_schedule[2];
    return {prob, next, reward, letter == 'G' || letter == 'H'};
  }
};

}  // namespace gym::envs
