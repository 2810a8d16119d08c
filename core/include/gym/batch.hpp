// gym::batch: one env of a struct-of-arrays batch, reset and stepped by GYM_HD
// functions, with the vector env's autoreset modes and Philox streams. They
// are what a GPU thread runs for its env (gym::gpu), and the tests run them on
// the CPU against gym::ModelVectorEnv, whose results they reproduce bit for
// bit on the host: same draws, same arithmetic, same bookkeeping.
//
// Nothing here throws or allocates. Bad input that a host API would refuse
// (an action outside the action space, NaN, a step of an ended env with
// autoreset disabled) leaves the env untouched and sets a bit in its error
// flags instead (kActionOutOfRange, kNotFinite, kSteppedAfterEnd).
#pragma once

#include <cstdint>

#include "gym/autoreset.hpp"
#include "gym/float32.hpp"
#include "gym/hd.hpp"
#include "gym/model.hpp"
#include "gym/rng.hpp"

namespace gym::batch {

// Error bits, per env (View::error).
inline constexpr uint8_t kActionOutOfRange = 1;
inline constexpr uint8_t kNotFinite = 2;
inline constexpr uint8_t kSteppedAfterEnd = 4;

// The arrays of N envs, in host or device memory. Layouts are those of
// gym::ModelVectorEnv: state [kStateDim x N] (one column per variable),
// observations [N x kObsDim], one value per env for the rest.
template <class M, class T = float>
struct View {
  using Params = typename M::Params;
  int n = 0;
  Params params{};
  int32_t max_steps = 0;  // truncation after this many steps; <= 0: none
  AutoresetMode mode = AutoresetMode::kNextStep;
  T* state = nullptr;
  float* obs = nullptr;
  float* final_obs = nullptr;
  float* reward = nullptr;
  float* ep_return = nullptr;
  int32_t* ep_length = nullptr;
  int32_t* steps = nullptr;
  uint8_t* terminated = nullptr;
  uint8_t* truncated = nullptr;
  uint8_t* ended = nullptr;      // the episode ended and the env was not reset since
  uint8_t* has_final = nullptr;  // same-step mode: final_obs holds the ended episode's last observation
  uint8_t* fresh = nullptr;      // same-step mode: ep_return/ep_length still describe the ended episode
  uint8_t* error = nullptr;      // error bits of the last step
  uint64_t* key = nullptr;       // Philox key of env i: env_key(seed, i)
  uint64_t* episode = nullptr;   // episodes started with that key
};

template <class M, class T>
GYM_HD inline void write_observation(const View<M, T>& v, int i, const typename M::template State<T>& s) {
  T o[M::kObsDim];
  M::template observe<T>(s, v.params, o);
  for (int k = 0; k < M::kObsDim; ++k) v.obs[std::size_t(i) * M::kObsDim + k] = to_float32(o[k]);
}

// Starts a new episode in env i from its next stream (key[i], episode[i]).
template <class M, class T>
GYM_HD inline void reset_env(const View<M, T>& v, int i) {
  Rng rng(v.key[i], v.episode[i]++);
  const auto s = M::template reset<T>(v.params, typename M::ResetOptions{}, rng);
  auto copy = s;
  for_each_field<T>(copy, [&](T& x, std::size_t d) { v.state[d * std::size_t(v.n) + std::size_t(i)] = x; });
  write_observation(v, i, s);
  v.steps[i] = 0;
  v.ep_return[i] = 0;
  v.ep_length[i] = 0;
  v.fresh[i] = 0;
}

// ModelVectorEnv::reset for env i: with a seed, env i's streams are rekeyed
// by (seed, i).
template <class M, class T>
GYM_HD inline void seed_env(const View<M, T>& v, int i, bool reseed, uint64_t seed) {
  if (reseed) {
    v.key[i] = env_key(seed, uint64_t(i));
    v.episode[i] = 0;
  }
  reset_env(v, i);
  v.reward[i] = 0;
  v.terminated[i] = v.truncated[i] = v.has_final[i] = v.ended[i] = 0;
  v.error[i] = 0;
}

// Checks env i's action (discrete: one int32; continuous: kActionDim floats).
template <class M, class A>
GYM_HD inline uint8_t action_error(const typename M::Params& p, const A* action) {
  if constexpr (M::kDiscrete) {
    (void)p;
    const int64_t a = int64_t(action[0]);  // discrete models take 0 .. kNumActions - 1
    return (a < 0 || a >= M::kNumActions) ? kActionOutOfRange : 0;
  } else {
    (void)p;
    uint8_t e = 0;
    for (int k = 0; k < M::kActionDim; ++k) {
      const float a = float(action[k]);
      if (!(a - a == 0.0f)) e |= kNotFinite;  // NaN or infinity
    }
    return e;
  }
}

// One step of env i: what ModelVectorEnv::step does for it, in the batch's
// autoreset mode. `action` points at env i's action (1 or kActionDim values).
template <class M, class T, class A>
GYM_HD inline void step_env(const View<M, T>& v, int i, const A* action) {
  const std::size_t n = std::size_t(v.n), ui = std::size_t(i);
  if (v.mode == AutoresetMode::kNextStep && v.ended[i]) {
    // The step after an episode ended resets the env; its action is ignored.
    reset_env(v, i);
    v.reward[i] = 0;
    v.terminated[i] = v.truncated[i] = 0;
    v.ended[i] = 0;
    v.error[i] = 0;
    return;
  }
  uint8_t err = action_error<M>(v.params, action);
  if (v.mode == AutoresetMode::kDisabled && v.ended[i]) err |= kSteppedAfterEnd;
  v.error[i] = err;
  if (err) return;
  if (v.mode == AutoresetMode::kSameStep && v.fresh[i]) {
    v.ep_return[i] = 0;
    v.ep_length[i] = 0;
    v.fresh[i] = 0;
  }
  typename M::template State<T> s;
  for_each_field<T>(s, [&](T& x, std::size_t d) { x = v.state[d * n + ui]; });
  auto out = [&] {
    if constexpr (M::kDiscrete) {
      return M::template step<T>(s, int32_t(action[0]), v.params);
    } else {
      T a[M::kActionDim];
      for (int k = 0; k < M::kActionDim; ++k) a[k] = T(action[k]);
      return M::template step<T>(s, a, v.params);
    }
  }();
  for_each_field<T>(out.state, [&](T& x, std::size_t d) { v.state[d * n + ui] = x; });
  write_observation(v, i, out.state);
  const int32_t step_count = v.steps[i] + 1;
  v.steps[i] = step_count;
  v.reward[i] = float(out.reward);
  v.ep_return[i] += float(out.reward);
  v.ep_length[i] += 1;
  v.terminated[i] = out.terminated;
  v.truncated[i] = v.max_steps > 0 && step_count >= v.max_steps;
  const uint8_t ended = v.terminated[i] | v.truncated[i];
  v.ended[i] = ended;
  if (v.mode == AutoresetMode::kSameStep) {
    v.has_final[i] = ended;
    if (ended) {
      for (int k = 0; k < M::kObsDim; ++k) v.final_obs[ui * M::kObsDim + k] = v.obs[ui * M::kObsDim + k];
      const float finished_return = v.ep_return[i];
      const int32_t finished_length = v.ep_length[i];
      reset_env(v, i);
      // This step's statistics describe the episode that just ended; the next
      // step starts counting the new one.
      v.ep_return[i] = finished_return;
      v.ep_length[i] = finished_length;
      v.fresh[i] = 1;
      v.ended[i] = 0;
    }
  }
}

}  // namespace gym::batch
