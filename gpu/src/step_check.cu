// The CartPole model stepped by a CUDA kernel: the first proof that model code
// written once runs unchanged on the device. The full GPU vector env builds on
// the same pattern.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "gym/envs/classic/cartpole.hpp"
#include "gym/gpu/device.hpp"

namespace gym::gpu {

namespace {

using Model = envs::CartPole;

__global__ void cartpole_step_kernel(float* states, const int* actions, float* rewards, unsigned char* terminated,
                                     int n, Model::Params params) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const auto s = state_from_array<Model::State<float>>(states + 4 * i);
  const auto out = Model::step<float>(s, actions[i], params);
  state_to_array(out.state, states + 4 * i);
  rewards[i] = out.reward;
  terminated[i] = out.terminated;
}

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("gym::gpu: ") + what + ": " + cudaGetErrorString(e));
}

}  // namespace

void cartpole_step(std::vector<float>& states, const std::vector<int>& actions, std::vector<float>& rewards,
                   std::vector<unsigned char>& terminated) {
  const int n = int(actions.size());
  if (states.size() != std::size_t(4) * n) throw std::runtime_error("gym::gpu::cartpole_step: states must be n x 4");
  if (device_count() == 0) throw std::runtime_error("gym::gpu::cartpole_step: no CUDA device");
  rewards.assign(n, 0.0f);
  terminated.assign(n, 0);
  float *d_states = nullptr, *d_rewards = nullptr;
  int* d_actions = nullptr;
  unsigned char* d_term = nullptr;
  check(cudaMalloc(&d_states, states.size() * sizeof(float)), "cudaMalloc");
  check(cudaMalloc(&d_actions, n * sizeof(int)), "cudaMalloc");
  check(cudaMalloc(&d_rewards, n * sizeof(float)), "cudaMalloc");
  check(cudaMalloc(&d_term, n), "cudaMalloc");
  check(cudaMemcpy(d_states, states.data(), states.size() * sizeof(float), cudaMemcpyHostToDevice), "copy");
  check(cudaMemcpy(d_actions, actions.data(), n * sizeof(int), cudaMemcpyHostToDevice), "copy");
  cartpole_step_kernel<<<(n + 255) / 256, 256>>>(d_states, d_actions, d_rewards, d_term, n, Model::Params{});
  check(cudaGetLastError(), "kernel launch");
  check(cudaMemcpy(states.data(), d_states, states.size() * sizeof(float), cudaMemcpyDeviceToHost), "copy");
  check(cudaMemcpy(rewards.data(), d_rewards, n * sizeof(float), cudaMemcpyDeviceToHost), "copy");
  check(cudaMemcpy(terminated.data(), d_term, n, cudaMemcpyDeviceToHost), "copy");
  cudaFree(d_states);
  cudaFree(d_actions);
  cudaFree(d_rewards);
  cudaFree(d_term);
}

}  // namespace gym::gpu
