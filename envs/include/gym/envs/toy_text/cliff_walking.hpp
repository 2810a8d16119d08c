// CliffWalking: cross a 4 x 12 grid from the bottom-left corner to the
// bottom-right one along a cliff (Sutton and Barto, Example 6.6).
// Reference: Gymnasium 1.4, gymnasium/envs/toy_text/cliffwalking.py
// (CliffWalking-v1, and CliffWalkingSlippery-v1 = is_slippery=True).
//
// Semantics, as Gymnasium's env.P: a move is clipped to the grid; landing on
// the cliff (row 3, columns 1..10) costs -100 and puts the agent back on the
// start (36) without ending the episode; every other move costs -1, and
// entering the goal (47) terminates. The goal and cliff cells have ordinary
// outgoing moves (unreachable in play). Slippery, the moves (a - 1) % 4, a and
// (a + 1) % 4 each have probability 1 / 3. No time limit is registered.
//
// State: the cell index row * 12 + col.
#pragma once

#include <cstdint>
#include <string>

#include "gym/draw.hpp"
#include "gym/hd.hpp"
#include "gym/options.hpp"
#include "gym/tabular.hpp"

namespace gym::envs {

struct CliffWalking : TabularWorld<CliffWalking> {
  static constexpr const char* kId = "CliffWalking";
  static constexpr int kNumActions = 4;  // 0 up, 1 right, 2 down, 3 left
  static constexpr int kMaxOutcomes = 3;
  static constexpr int32_t kRows = 4, kCols = 12;
  static constexpr int32_t kStart = 3 * kCols;      // (3, 0)
  static constexpr int32_t kGoal = kRows * kCols - 1;  // (3, 11)

  struct Params {
    bool is_slippery = false;
  };
  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.is_slippery, ParamInfo::flag("is_slippery", "each move goes to one side with probability 1/3 each"));
  }

  struct State {
    int32_t s;    // cell index, row * 12 + col
    double prob;  // probability of the outcome last drawn (1 after reset): info["prob"]
  };

  // ---- the MDP -------------------------------------------------------------

  GYM_HD static int32_t num_states(const Params&) { return kRows * kCols; }
  GYM_HD static double initial_prob(const Params&, int32_t s) { return s == kStart ? 1.0 : 0.0; }
  GYM_HD static bool is_cliff(int32_t row, int32_t col) { return row == kRows - 1 && col >= 1 && col <= kCols - 2; }

  GYM_HD static int outcomes(const Params& p, int32_t s, int32_t a, TabularOutcome* out) {
    const int32_t row = s / kCols, col = s % kCols;
    if (!p.is_slippery) {
      out[0] = move(row, col, a, 1.0);
      return 1;
    }
    const double third = 1.0 / 3.0;
    out[0] = move(row, col, (a + 3) % 4, third);
    out[1] = move(row, col, a, third);
    out[2] = move(row, col, (a + 1) % 4, third);
    return 3;
  }

  // ---- the world model (the rest comes from TabularWorld) -------------------

  // Gymnasium's ansi frame: x for the agent, C cliff, T goal, o elsewhere.
  static std::string render_text(const Params& p, const State& st, int last_action);
  static void draw(const Params& p, const State& st, const DrawContext& ctx, DrawList& out);

 private:
  GYM_HD static TabularOutcome move(int32_t row, int32_t col, int32_t dir, double prob) {
    if (dir == 0) row = row > 0 ? row - 1 : 0;
    else if (dir == 1) col = col + 1 < kCols ? col + 1 : kCols - 1;
    else if (dir == 2) row = row + 1 < kRows ? row + 1 : kRows - 1;
    else col = col > 0 ? col - 1 : 0;
    if (is_cliff(row, col)) return {prob, kStart, -100.0, false};
    const int32_t next = row * kCols + col;
    return {prob, next, -1.0, next == kGoal};
  }
};

}  // namespace gym::envs
