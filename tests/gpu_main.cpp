// [gpu] CartPole stepped by a CUDA kernel agrees with the CPU float32 model.
// Exits 77 (ctest: skipped) when no CUDA device is present.
#include <cmath>
#include <cstdio>
#include <vector>

#include "gym/envs/classic/cartpole.hpp"
#include "gym/gpu/device.hpp"

int main() {
  if (gym::gpu::device_count() == 0) {
    std::puts("[gpu] SKIPPED: no CUDA device on this machine");
    return 77;
  }
  std::printf("[gpu] device: %s\n", gym::gpu::device_name().c_str());
  using M = gym::envs::CartPole;
  const int n = 1 << 16;
  gym::Rng rng = gym::Rng::for_env(1, 0, 0, gym::RngPurpose::kUser);
  std::vector<float> states(4 * n);
  std::vector<int> actions(n);
  for (auto& s : states) s = rng.uniform<float>(-0.3f, 0.3f);
  for (auto& a : actions) a = int(rng.below(2));
  std::vector<float> gpu_states = states, rewards;
  std::vector<unsigned char> terminated;
  gym::gpu::cartpole_step(gpu_states, actions, rewards, terminated);
  int failures = 0;
  for (int i = 0; i < n; ++i) {
    const auto cpu = M::step<float>(gym::state_from_array<M::State<float>>(&states[4 * i]), actions[i], M::Params{});
    float want[4];
    gym::state_to_array(cpu.state, want);
    for (int d = 0; d < 4; ++d) {
      const float got = gpu_states[4 * i + d];
      if (std::fabs(got - want[d]) > 1e-5f * std::fmax(1.0f, std::fabs(want[d])) && failures++ < 10)
        std::printf("env %d var %d: gpu %.9g cpu %.9g\n", i, d, got, want[d]);
    }
    if (rewards[i] != cpu.reward || bool(terminated[i]) != cpu.terminated) ++failures;
  }
  std::printf("[gpu] %d envs compared, %d mismatches\n", n, failures);
  return failures == 0 ? 0 : 1;
}
