// Host arrays behind a gym::batch::View, for tests that run gym::batch's
// per-env functions on the CPU (test_batch.cpp, and gpu_main.cpp beside the
// device).
#pragma once

#include <cstdint>
#include <vector>

#include "gym/batch.hpp"

namespace gym::test {

template <class M>
struct HostBatch {
  static constexpr int kD = M::kStateDim, kO = M::kObsDim;
  int n;
  std::vector<float> state, obs, final_obs, reward, ep_return;
  std::vector<int32_t> ep_length, steps;
  std::vector<uint8_t> terminated, truncated, ended, has_final, fresh, error;
  std::vector<uint64_t> key, episode;

  explicit HostBatch(int n_)
      : n(n_), state(std::size_t(kD) * n), obs(std::size_t(kO) * n), final_obs(std::size_t(kO) * n), reward(n),
        ep_return(n), ep_length(n), steps(n), terminated(n), truncated(n), ended(n), has_final(n), fresh(n),
        error(n), key(n), episode(n) {}

  gym::batch::View<M> view(AutoresetMode mode, int32_t max_steps) {
    gym::batch::View<M> v;
    v.n = n;
    v.max_steps = max_steps;
    v.mode = mode;
    v.state = state.data();
    v.obs = obs.data();
    v.final_obs = final_obs.data();
    v.reward = reward.data();
    v.ep_return = ep_return.data();
    v.ep_length = ep_length.data();
    v.steps = steps.data();
    v.terminated = terminated.data();
    v.truncated = truncated.data();
    v.ended = ended.data();
    v.has_final = has_final.data();
    v.fresh = fresh.data();
    v.error = error.data();
    v.key = key.data();
    v.episode = episode.data();
    return v;
  }
};

}  // namespace gym::test
