// Fused rollouts with your own policy: include this header in a .cu file,
// write the policy as a struct with a GYM_HD member
//   template <class A> void act(const float* obs, int env, uint64_t step, A* action) const
// (the shape of gym::batch::RandomPolicy / LinearPolicy / MlpPolicy), and call
//   gym::gpu::rollout<gym::envs::CartPole>(env, steps, MyPolicy{...}, outputs);
// on a gym::gpu::VectorEnv made for that model. The kernel is the one the
// built-in policies use: K steps per thread with the env's state in registers.
// See gpu/samples/gpu_policy.cu.
#pragma once

#include <cuda_runtime.h>

#include <string>
#include <typeinfo>

#include "gym/batch.hpp"
#include "gym/error.hpp"
#include "gym/gpu/vector_env.hpp"

namespace gym::gpu {

inline constexpr int kRolloutThreads = 256;

template <class M, class Policy>
__global__ void rollout_kernel(batch::View<M> v, int steps, uint64_t t0, Policy policy, batch::RolloutOutputs out) {
  const int i = int(blockIdx.x) * kRolloutThreads + int(threadIdx.x);
  if (i < v.n) batch::rollout_env(v, i, steps, t0, policy, out);
}

// Runs `steps` steps of every env of `env` (made for model M) under `policy`,
// writing what `out` points at (device memory, [K x N] step-major, null
// pointers skipped). Asynchronous on the env's stream.
template <class M, class Policy>
void rollout(VectorEnv& env, int steps, const Policy& policy, const batch::RolloutOutputs& out) {
  if (steps < 1) throw Error(env.id() + ": rollout steps must be >= 1, got " + std::to_string(steps));
  const auto launch = env.begin_custom_rollout(typeid(M), steps);
  const auto& view = *static_cast<const batch::View<M>*>(launch.view);
  const int blocks = (view.n + kRolloutThreads - 1) / kRolloutThreads;
  rollout_kernel<M, Policy><<<blocks, kRolloutThreads, 0, static_cast<cudaStream_t>(launch.stream)>>>(
      view, steps, launch.first_step, policy, out);
  const cudaError_t e = cudaGetLastError();
  if (e != cudaSuccess) throw Error(env.id() + ": rollout kernel: " + cudaGetErrorString(e));
}

}  // namespace gym::gpu
