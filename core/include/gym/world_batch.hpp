// One env of a batch of world models (gym/world.hpp), as the CPU
// gym::WorldVectorEnv's threads and the GPU's threads run it: reset and step
// with Gymnasium's autoreset modes, over arrays described by a View. GYM_HD,
// so the CPU tests exercise the code every GPU thread runs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gym/autoreset.hpp"
#include "gym/episodes.hpp"
#include "gym/hd.hpp"
#include "gym/rng.hpp"
#include "gym/world.hpp"

namespace gym::world_batch {

// Error bits of an env's last step (the GPU flags bad actions per env
// instead of throwing; the CPU executor checks before stepping).
inline constexpr uint8_t kActionOutOfRange = 1;

// The arrays of a batch of n envs: obs [n x obs_dim], one state and stream
// per env, and EpisodeView's values (its error array may be null: the CPU
// checks actions up front).
template <class M>
struct View : EpisodeView {
  using Obs = typename M::Obs;
  int n = 0;
  int obs_dim = 0;
  int32_t max_steps = 0;  // the registry's time limit (0: none; the model may still truncate)
  AutoresetMode mode = AutoresetMode::kNextStep;
  typename M::Params params{};
  typename M::State* state = nullptr;
  Rng* rng = nullptr;  // env i's stream for its current episode
  Obs* obs = nullptr;
  Obs* final_obs = nullptr;  // same-step mode: the last observation of an ended episode
};

// Starts a new episode in env i from a fresh stream for (seed, i, episode),
// which the episode's steps then continue. `state` and `obs` are env i's
// (v.state[i] and its row of v.obs, or a staged copy of them).
template <class M>
GYM_HD void reset_env(const View<M>& v, int i, typename M::State& state, typename M::Obs* obs) {
  const std::size_t k = std::size_t(i);
  v.rng[k] = Rng(v.key[k], v.episode[k]++);
  M::reset(v.params, state, v.rng[k]);
  M::observe(v.params, state, obs);
  v.steps[k] = 0;
  v.ep_return[k] = 0;
  v.ep_length[k] = 0;
}

template <class M>
GYM_HD void reset_env(const View<M>& v, int i) {
  reset_env(v, i, v.state[i], v.obs + std::size_t(i) * std::size_t(v.obs_dim));
}

// Rekeys env i (with a seed) and resets it, clearing its step results.
template <class M>
GYM_HD void seed_env(const View<M>& v, int i, bool reseed, uint64_t seed) {
  const std::size_t k = std::size_t(i);
  if (reseed) {
    v.key[k] = env_key(seed, uint64_t(i));
    v.episode[k] = 0;
  }
  reset_env(v, i);
  v.reward[k] = 0;
  v.terminated[k] = v.truncated[k] = v.has_final[k] = v.ended[k] = v.fresh[k] = 0;
  if (v.error) v.error[k] = 0;
}

// One step of env i under the batch's autoreset mode, on `state` and `obs`
// as reset_env takes them. Returns false, leaving everything as it was, for
// an action outside the action space (flagged in v.error where the view has
// one; without it the caller checks the actions first).
template <class M>
GYM_HD bool step_env(const View<M>& v, int i, int32_t action, typename M::State& state, typename M::Obs* obs) {
  const std::size_t k = std::size_t(i);
  if (v.error) {
    v.error[k] = 0;
    if (action < 0 || action >= M::kNumActions) {
      v.error[k] = kActionOutOfRange;
      return false;
    }
  }
  if (v.mode == AutoresetMode::kNextStep && v.ended[k]) {
    // The step after an episode's end resets the env, ignoring its action.
    reset_env(v, i, state, obs);
    v.reward[k] = 0;
    v.terminated[k] = v.truncated[k] = 0;
    v.ended[k] = 0;
    return true;
  }
  if (v.fresh[k]) {  // same-step mode: the episode reported last step is over
    v.ep_return[k] = 0;
    v.ep_length[k] = 0;
    v.fresh[k] = 0;
  }
  const WorldStep r = M::step(v.params, state, action, v.rng[k]);
  M::observe(v.params, state, obs);
  v.steps[k] += 1;
  v.reward[k] = float(r.reward);
  v.ep_return[k] += float(r.reward);
  v.ep_length[k] += 1;
  v.terminated[k] = r.terminated;
  v.truncated[k] = r.truncated || (v.max_steps > 0 && v.steps[k] >= v.max_steps);
  v.ended[k] = v.terminated[k] | v.truncated[k];
  if (v.mode == AutoresetMode::kSameStep) {
    v.has_final[k] = v.ended[k];
    if (v.ended[k]) {
      typename M::Obs* final_obs = v.final_obs + k * std::size_t(v.obs_dim);
      for (int d = 0; d < v.obs_dim; ++d) final_obs[d] = obs[d];
      const float finished_return = v.ep_return[k];
      const int32_t finished_length = v.ep_length[k];
      reset_env(v, i, state, obs);
      v.ep_return[k] = finished_return;  // this step reports the episode that just ended
      v.ep_length[k] = finished_length;
      v.fresh[k] = 1;
      v.ended[k] = 0;
    }
  }
  return true;
}

template <class M>
GYM_HD bool step_env(const View<M>& v, int i, int32_t action) {
  return step_env(v, i, action, v.state[i], v.obs + std::size_t(i) * std::size_t(v.obs_dim));
}

}  // namespace gym::world_batch
