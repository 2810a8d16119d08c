// Host arrays behind a gym::batch::View, for tests that run gym::batch's
// per-env functions on the CPU (test_batch.cpp, and gpu_main.cpp beside the
// device).
#pragma once

#include <cstdint>
#include <vector>

#include "gym/batch.hpp"

namespace gym::test {

template <class M>
struct HostBatch : EpisodeArrays {
  static constexpr int kD = M::kStateDim, kO = M::kObsDim;
  int n;
  std::size_t stride;  // of the state's columns: View::stride (0: n)
  std::vector<float> state, obs, final_obs;

  explicit HostBatch(int n_, std::size_t stride_ = 0)
      : EpisodeArrays(std::size_t(n_)), n(n_), stride(stride_), state(std::size_t(kD) * (stride ? stride : n)),
        obs(std::size_t(kO) * n), final_obs(std::size_t(kO) * n) {}

  gym::batch::View<M> view(AutoresetMode mode, int32_t max_steps) {
    gym::batch::View<M> v;
    static_cast<EpisodeView&>(v) = EpisodeArrays::view();
    v.n = n;
    v.stride = stride;
    v.max_steps = max_steps;
    v.mode = mode;
    v.state = state.data();
    v.obs = obs.data();
    v.final_obs = final_obs.data();
    return v;
  }
};

}  // namespace gym::test
