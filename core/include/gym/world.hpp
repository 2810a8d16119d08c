// The world-model concept: environments with a discrete state (grid worlds
// and Gymnasium's toy text), written once as plain data and pure functions
// like the classic-control models of gym/model.hpp, but with
//   - a state that is any trivially copyable struct (a grid, positions, a
//     carried object...), updated in place,
//   - a step that may draw random numbers (slippery ice, rain, moving
//     obstacles),
//   - integer observations (uint8 images, int64 state indices).
// Executors: gym::WorldEnv<M> (one env, gym/world_env.hpp),
// gym::WorldVectorEnv<M> (N envs on CPU threads) and the GPU executor.
//
// A world model M provides:
//   M::kId                       short name, e.g. "FrozenLake"
//   M::kNumActions               actions are 0 .. kNumActions-1 (Discrete(kNumActions))
//   using M::Obs                 observation element type: uint8_t or int64_t
//   struct M::Params             trivially copyable; defaults in the initialisers
//   for_each_param(P&, F)        lists the numeric/boolean Params fields as
//                                f(field, ParamInfo), as classic models do
//   struct M::State              trivially copyable
//   static Shape obs_shape(const Params&)       () for a scalar, e.g. {7, 7, 3} for an image
//   static Box/Discrete observation_space(const Params&)
//   static Discrete action_space(const Params&)
//   template <class R> GYM_HD static void reset(const Params&, State&, R& rng)
//   template <class R> GYM_HD static WorldStep step(const Params&, State&, int32_t action, R& rng)
//   GYM_HD static void observe(const Params&, const State&, Obs* out)   obs_size(params) values
// and may provide
//   static int max_episode_steps(const Params&)   the env's own truncation
//                                (MiniGrid's max_steps); WorldStep::truncated reports it
//   static void info(const Params&, const State&, const WorldStep*, Info&)   Gymnasium's info
//                                dict (nullptr step: after reset), e.g. {"prob": 1.0}
//   static std::string render_text(const Params&, const State&, int last_action)   ansi mode
//   static void draw(const Params&, const State&, const DrawContext&, DrawList&)   rgb_array/human
//   static bool apply_option(Params&, std::string_view name, const OptionValue&, std::string_view owner)
//                                options that are not numbers (map_name, desc): true when handled
//   static void check(const Params&, std::string_view owner)            cross-field rules
//   static nlohmann::json state_to_json(const Params&, const State&)    `gym step` and set_state
//   static State state_from_json(const Params&, const nlohmann::json&)  (throws gym::Error)
//
// reset/step/observe are GYM_HD, header-only, and free of virtual calls,
// exceptions, allocation and I/O. R is gym::Rng (vector and GPU executors)
// or gym::NumpyRandom (the single env, seeded as Gymnasium seeds its envs);
// models draw through rng.template uniform<double>(lo, hi) (both agree on it)
// or the helpers below.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "gym/array.hpp"
#include "gym/hd.hpp"
#include "gym/options.hpp"
#include "gym/spaces.hpp"

namespace gym {

// What one world step returns; the state is updated in place.
struct WorldStep {
  double reward = 0.0;  // float64 as the references compute it; vector envs store float32
  bool terminated = false;  // the MDP's own end
  bool truncated = false;   // the env's own step limit (MiniGrid's max_steps)
};

template <class M>
concept WorldModel = requires(const typename M::Params& p, typename M::State& s, const typename M::State& cs,
                              typename M::Obs* obs) {
  { M::kId } -> std::convertible_to<const char*>;
  { M::kNumActions } -> std::convertible_to<int>;
  { M::obs_shape(p) } -> std::same_as<Shape>;
  { M::action_space(p) } -> std::same_as<Discrete>;
  M::observation_space(p);
  M::observe(p, cs, obs);
} && std::is_trivially_copyable_v<typename M::State> && std::is_trivially_copyable_v<typename M::Params> &&
                     (std::is_same_v<typename M::Obs, uint8_t> || std::is_same_v<typename M::Obs, int64_t>);

// Number of observation values per env.
template <WorldModel M>
int64_t obs_size(const typename M::Params& p) {
  int64_t n = 1;
  for (int64_t d : M::obs_shape(p)) n *= d;
  return n;
}

// Numpy's Generator.random() on either generator: uniform in [0, 1).
template <class R>
GYM_HD double random_unit(R& rng) {
  return rng.template uniform<double>(0.0, 1.0);
}

// An index drawn from `probs` (n values summing to 1) as Gymnasium's
// categorical_sample draws it: np.argmax(cumsum(probs) > u), the first i
// with cumsum(probs)[i] > u, and 0 (argmax of all False) when rounding
// leaves the sum below u.
template <class R>
GYM_HD int categorical_sample(const double* probs, int n, R& rng) {
  const double u = random_unit(rng);
  double c = 0.0;
  for (int i = 0; i < n; ++i) {
    c += probs[i];
    if (c > u) return i;
  }
  return 0;
}

// Uniform integer in [lo, hi) (hi > lo), for level generators.
template <class R>
GYM_HD int uniform_int(R& rng, int lo, int hi) {
  const int k = lo + int(random_unit(rng) * double(hi - lo));
  return k < hi ? k : hi - 1;
}

}  // namespace gym
