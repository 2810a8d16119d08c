// gpu_policy: your own policy in a fused GPU rollout. A bang-bang CartPole
// controller, written as a GYM_HD functor, drives 65,536 envs for 1,000 steps
// in one kernel launch; only each env's episode returns leave the kernel.
// Exits 77 (ctest: skipped) where there is no CUDA device.
#include <cuda_runtime.h>

#include <cstdio>
#include <vector>

#include "gym/envs/classic/cartpole.hpp"
#include "gym/gpu/device.hpp"
#include "gym/gpu/rollout.cuh"

namespace {

// Push along a linear feedback of the observation (x, x_dot, theta, theta_dot).
struct BangBang {
  float k[4];
  template <class A>
  GYM_HD void act(const float* obs, int, uint64_t, A* action) const {
    const float u = k[0] * obs[0] + k[1] * obs[1] + k[2] * obs[2] + k[3] * obs[3];
    action[0] = A(u > 0 ? 1 : 0);
  }
};

}  // namespace

int main() {
  if (gym::gpu::device_count() == 0) {
    std::puts("gpu_policy: SKIPPED, no CUDA device on this machine");
    return 77;
  }
  const int n = 1 << 16, steps = 1000;
  auto env = gym::gpu::make_vec("CartPole-v1", n);
  env->reset(0);
  float* sums = nullptr;
  int32_t* episodes = nullptr;
  cudaMalloc(&sums, n * sizeof(float));
  cudaMalloc(&episodes, n * sizeof(int32_t));
  gym::batch::RolloutOutputs out;
  out.return_sums = sums;
  out.episodes = episodes;
  gym::gpu::rollout<gym::envs::CartPole>(*env, steps, BangBang{{0.1f, 0.2f, 2.0f, 0.4f}}, out);
  env->synchronize();
  std::vector<float> h_sums(n);
  std::vector<int32_t> h_episodes(n);
  cudaMemcpy(h_sums.data(), sums, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpy(h_episodes.data(), episodes, n * sizeof(int32_t), cudaMemcpyDeviceToHost);
  cudaFree(sums);
  cudaFree(episodes);
  double total = 0;
  long count = 0;
  for (int i = 0; i < n; ++i) {
    total += h_sums[std::size_t(i)];
    count += h_episodes[std::size_t(i)];
  }
  const double mean = count ? total / double(count) : 0.0;
  std::printf("gpu_policy: %d envs x %d steps on %s: %ld episodes ended, mean return %.1f\n", n, steps,
              gym::gpu::device_name().c_str(), count, mean);
  // The controller balances the pole: every ended episode is a 500-step time limit.
  return count > 0 && mean > 499.0 ? 0 : 1;
}
