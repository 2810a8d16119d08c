// Taxi: drive a taxi on a 5 x 5 grid with walls, pick a passenger up at one
// of four stands (R, G, Y, B) and drop them off at another (Dietterich 2000).
// Reference: Gymnasium 1.4, gymnasium/envs/toy_text/taxi.py (Taxi-v4).
//
// State: ((taxi_row * 5 + taxi_col) * 5 + passenger) * 4 + destination, 500
// states; passenger 0..3 is a stand, 4 in the taxi. Actions: 0 south,
// 1 north, 2 east, 3 west, 4 pickup, 5 dropoff. Rewards: -1 per step, -10
// for an illegal pickup or dropoff, +20 for the delivery (which terminates).
// A dropoff with the passenger aboard at a stand that is not the destination
// leaves them there (reward -1). The initial state is uniform over the 300
// states with the passenger at a stand other than the destination.
//
// is_rainy: a move that is not blocked goes as intended with probability
// rainy_probability and to either side (left first, then right, each with
// (1 - rainy_probability) / 2) otherwise, a side move that a wall blocks
// staying put; a blocked move keeps all three outcomes on the current state.
// fickle_passenger: with probability fickle_probability (drawn at reset), the
// passenger, once aboard, changes their destination (uniformly among the
// three others) the first time the taxi moves; this is not part of env.P (not
// Markov in the 500 states), so Taxi with fickle_passenger has no table.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "gym/draw.hpp"
#include "gym/hd.hpp"
#include "gym/options.hpp"
#include "gym/tabular.hpp"

namespace gym::envs {

struct Taxi : TabularWorld<Taxi> {
  static constexpr const char* kId = "Taxi";
  static constexpr int kNumActions = 6;  // south, north, east, west, pickup, dropoff
  static constexpr int kMaxOutcomes = 3;
  static constexpr int32_t kSize = 5;                           // rows and columns
  static constexpr int32_t kNumStates = kSize * kSize * 5 * 4;  // 500
  static constexpr int32_t kInTaxi = 4;                         // passenger index when aboard

  struct Params {
    bool is_rainy = false;
    bool fickle_passenger = false;
    double rainy_probability = 0.8;   // is_rainy: probability of the intended move
    double fickle_probability = 0.3;  // fickle_passenger: probability, per episode, of a change of mind
  };
  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.is_rainy, ParamInfo::flag("is_rainy", "moves slip to either side with probability (1 - rainy_probability) / 2"));
    f(p.fickle_passenger,
      ParamInfo::flag("fickle_passenger", "the passenger may change destination once the taxi moves off"));
    f(p.rainy_probability,
      ParamInfo::range("rainy_probability", "", "is_rainy: probability of the intended move", 0.0, 1.0));
    f(p.fickle_probability,
      ParamInfo::range("fickle_probability", "", "fickle_passenger: per-episode probability of a change", 0.0, 1.0));
  }

  struct State {
    int32_t s;         // encoded state, see above
    bool fickle_step;  // the passenger will change their mind at the next move with them aboard
    double prob;       // probability of the outcome last drawn (1 after reset): info["prob"]
  };

  struct Decoded {
    int32_t row, col, passenger, destination;
  };
  GYM_HD static int32_t encode(int32_t row, int32_t col, int32_t passenger, int32_t destination) {
    return ((row * kSize + col) * 5 + passenger) * 4 + destination;
  }
  GYM_HD static Decoded decode(int32_t s) { return {s / 100, s / 20 % 5, s / 4 % 5, s % 4}; }
  // The stands R, G, Y, B.
  GYM_HD static int32_t stand_row(int32_t i) { return i < 2 ? 0 : 4; }
  GYM_HD static int32_t stand_col(int32_t i) { return i == 0 || i == 2 ? 0 : i == 1 ? 4 : 3; }
  // No wall between column k - 1 and column k in `row` (k = 0 and 5 are the
  // border): the map's character at (1 + row, 2 * k) is ':'.
  GYM_HD static bool open(int32_t row, int32_t k) {
    constexpr uint32_t kOpenRows[kSize] = {0b011010, 0b011010, 0b011110, 0b010100, 0b010100};
    return (kOpenRows[row] >> k) & 1u;
  }

  // ---- the MDP -------------------------------------------------------------

  GYM_HD static int32_t num_states(const Params&) { return kNumStates; }
  GYM_HD static double initial_prob(const Params&, int32_t s) {
    const Decoded d = decode(s);
    return d.passenger < 4 && d.passenger != d.destination ? 1.0 / 300.0 : 0.0;
  }

  // Gymnasium's P[s][a] (without the fickle passenger).
  GYM_HD static int outcomes(const Params& p, int32_t s, int32_t a, TabularOutcome* out) {
    const Decoded d = decode(s);
    int32_t row = d.row, col = d.col, passenger = d.passenger;
    double reward = -1.0;
    bool terminated = false;
    if (!p.is_rainy) {
      if (a == 0) row = row + 1 < kSize ? row + 1 : kSize - 1;
      else if (a == 1) row = row > 0 ? row - 1 : 0;
      else if (a == 2 && open(d.row, d.col + 1)) col = col + 1 < kSize ? col + 1 : kSize - 1;
      else if (a == 3 && open(d.row, d.col)) col = col > 0 ? col - 1 : 0;
      else if (a == 4) pickup(d, passenger, reward);
      else if (a == 5) dropoff(d, passenger, reward, terminated);
      out[0] = {1.0, encode(row, col, passenger, d.destination), reward, terminated};
      return 1;
    }
    if (a >= 4) {
      if (a == 4) pickup(d, passenger, reward);
      else dropoff(d, passenger, reward, terminated);
      out[0] = {1.0, encode(row, col, passenger, d.destination), reward, terminated};
      return 1;
    }
    // Moves, as (dr, dc) of the intended direction, then its left and right.
    constexpr int32_t kMoves[4][3][2] = {{{1, 0}, {0, 1}, {0, -1}},
                                         {{-1, 0}, {0, -1}, {0, 1}},
                                         {{0, 1}, {-1, 0}, {1, 0}},
                                         {{0, -1}, {1, 0}, {-1, 0}}};
    const bool can_move = (a == 0 && d.row < kSize - 1) || (a == 1 && d.row > 0) ||
                          (a == 2 && open(d.row, d.col + 1)) || (a == 3 && open(d.row, d.col));
    int32_t left_row = row, left_col = col, right_row = row, right_col = col;
    if (can_move) {
      row = clamp(d.row + kMoves[a][0][0]);
      col = clamp(d.col + kMoves[a][0][1]);
      side_move(d, kMoves[a][1], left_row, left_col);
      side_move(d, kMoves[a][2], right_row, right_col);
    }
    const double side = (1.0 - p.rainy_probability) / 2.0;
    out[0] = {p.rainy_probability, encode(row, col, passenger, d.destination), -1.0, false};
    out[1] = {side, encode(left_row, left_col, passenger, d.destination), -1.0, false};
    out[2] = {side, encode(right_row, right_col, passenger, d.destination), -1.0, false};
    return 3;
  }

  // Gymnasium's action_mask(s): 1 where the action changes something.
  GYM_HD static void action_mask(int32_t s, int8_t* mask) {
    const Decoded d = decode(s);
    mask[0] = d.row < kSize - 1;
    mask[1] = d.row > 0;
    mask[2] = d.col < kSize - 1 && open(d.row, d.col + 1);
    mask[3] = d.col > 0 && open(d.row, d.col);
    mask[4] = d.passenger < 4 && at_stand(d, d.passenger);
    mask[5] = d.passenger == kInTaxi && stand_at(d) >= 0;
  }

  // ---- the world model (the rest comes from TabularWorld) -------------------

  template <class R>
  GYM_HD static void reset(const Params& p, State& st, R& rng) {
    TabularWorld::reset(p, st, rng);
    st.fickle_step = p.fickle_passenger && random_unit(rng) < p.fickle_probability;
  }

  template <class R>
  GYM_HD static WorldStep step(const Params& p, State& st, int32_t a, R& rng) {
    const Decoded before = decode(st.s);
    const WorldStep r = TabularWorld::step(p, st, a, rng);
    const Decoded after = decode(st.s);
    if (p.fickle_passenger && st.fickle_step && before.passenger == kInTaxi &&
        (after.row != before.row || after.col != before.col)) {
      st.fickle_step = false;
      // numpy's choice([the other three destinations]).
      const int32_t k = int32_t(bounded_index(rng, 3));
      st.s = encode(after.row, after.col, after.passenger, k < before.destination ? k : k + 1);
    }
    return r;
  }

  // Throws for fickle_passenger (no exact table in the 500 states).
  static TabularMdp tabulate(const Params& p);
  // {"prob": 1.0, "action_mask": [6 x 0/1]} after reset, {"prob": p, "action_mask": ...} after a step.
  static void info(const Params& p, const State& st, const WorldStep* step, nlohmann::json& out);
  // Gymnasium's ansi frame: the map with the taxi (yellow, green when
  // occupied), the passenger (blue) and the destination (magenta), then the
  // last action in brackets.
  static std::string render_text(const Params& p, const State& st, int last_action);
  static void draw(const Params& p, const State& st, const DrawContext& ctx, DrawList& out);
  // The state as {"s": index, "fickle_step": bool} (fickle_step optional,
  // default false); state_from_json also takes the bare index.
  static nlohmann::json state_to_json(const Params& p, const State& st);
  static State state_from_json(const Params& p, const nlohmann::json& j);

  // numpy's Generator.integers(0, n) for 1 <= n < 2^32 (Lemire's method on
  // 32-bit draws, as numpy's buffered_bounded_lemire_uint32), drawing from
  // the generator's 32-bit stream: gym::Rng::next_u32, or numpy's next_uint32
  // where the generator offers it (PCG64 hands out the two halves of each
  // 64-bit output, low half first). Without it, the low half of a 64-bit draw
  // (what numpy uses first; the high half it would keep for the next 32-bit
  // draw is lost).
  template <class R>
  GYM_HD static uint32_t bounded_index(R& rng, uint32_t n) {
    uint64_t m = uint64_t(next_u32(rng)) * n;
    uint32_t leftover = uint32_t(m);
    if (leftover < n) {
      const uint32_t threshold = (0xFFFFFFFFu - (n - 1)) % n;
      while (leftover < threshold) {
        m = uint64_t(next_u32(rng)) * n;
        leftover = uint32_t(m);
      }
    }
    return uint32_t(m >> 32);
  }

 private:
  template <class R>
  GYM_HD static uint32_t next_u32(R& rng) {
    if constexpr (requires { rng.next_u32(); }) return rng.next_u32();
    else return uint32_t(rng.bit_generator().next_u64());
  }

  GYM_HD static int32_t clamp(int32_t v) { return v < 0 ? 0 : v > kSize - 1 ? kSize - 1 : v; }
  GYM_HD static bool at_stand(const Decoded& d, int32_t i) { return d.row == stand_row(i) && d.col == stand_col(i); }
  // The stand the taxi is at, -1 for none.
  GYM_HD static int32_t stand_at(const Decoded& d) {
    for (int32_t i = 0; i < 4; ++i)
      if (at_stand(d, i)) return i;
    return -1;
  }
  GYM_HD static void pickup(const Decoded& d, int32_t& passenger, double& reward) {
    if (d.passenger < 4 && at_stand(d, d.passenger)) passenger = kInTaxi;
    else reward = -10.0;
  }
  GYM_HD static void dropoff(const Decoded& d, int32_t& passenger, double& reward, bool& terminated) {
    const int32_t stand = stand_at(d);
    if (d.passenger == kInTaxi && stand == d.destination) {
      passenger = d.destination;
      terminated = true;
      reward = 20.0;
    } else if (d.passenger == kInTaxi && stand >= 0) {
      passenger = stand;
    } else {
      reward = -10.0;
    }
  }
  // A rainy side move: clamped to the grid; a wall in the way keeps the taxi
  // where it is (Gymnasium checks the wall at the clamped cell).
  GYM_HD static void side_move(const Decoded& d, const int32_t (&delta)[2], int32_t& row, int32_t& col) {
    const int32_t r = clamp(d.row + delta[0]), c = clamp(d.col + delta[1]);
    if ((delta[1] == 1 && !open(r, c)) || (delta[1] == -1 && !open(r, c + 1))) {
      row = d.row;
      col = d.col;
    } else {
      row = r;
      col = c;
    }
  }
};

}  // namespace gym::envs
