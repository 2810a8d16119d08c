// [gpu] tests: their own executable, which exits 77 (ctest: skipped) when no
// CUDA device is present, after checking that the GPU API says so clearly.
//  1. CartPole stepped by a bare kernel agrees with the CPU float32 model.
//  2. gym::gpu::make_vec agrees with the CPU vector env (same seed, same
//     actions) for every classic env and autoreset mode over 100 steps,
//     autoresets included, within 1e-5 relative.
//  3. A fused rollout of K steps equals K single-step launches.
//  4. Device step Jacobians and trajectory gradients equal the same
//     functors' on the CPU (1e-5 and 1e-3 relative).
//  5. Grid worlds (gym::gpu::make_world_vec) equal the CPU world vector env
//     exactly (same seed, same actions: observations, rewards, flags), and
//     the device expected step of toy-text tables equals the CPU's bit for bit;
//     step_random equals step() with the actions it draws, and a bad action
//     leaves its env as it was.
//  6. gym::make_vec with device=cuda equals the CPU vector env.
#include <cmath>
#include <cstdio>
#include <utility>
#include <string>
#include <vector>

#include "gym/batch.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/gpu/device.hpp"
#include "gym/gpu/tabular.hpp"
#include "gym/gpu/vector_env.hpp"
#include "gym/gpu/world_vector_env.hpp"
#include "gym/registry.hpp"
#include "gym/tabular.hpp"
#include "host_batch.hpp"

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok && failures++ < 20) std::printf("[gpu] FAILED: %s\n", what.c_str());
}

bool close(float a, float b) { return std::fabs(a - b) <= 1e-5f * std::fmax(1.0f, std::fabs(b)); }

void cartpole_kernel_matches_cpu() {
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
  for (int i = 0; i < n; ++i) {
    const auto cpu = M::step<float>(gym::state_from_array<M::State<float>>(&states[4 * i]), actions[i], M::Params{});
    float want[4];
    gym::state_to_array(cpu.state, want);
    for (int d = 0; d < 4; ++d) expect(close(gpu_states[4 * i + d], want[d]), "cartpole_step env " + std::to_string(i));
    expect(rewards[i] == cpu.reward && bool(terminated[i]) == cpu.terminated, "cartpole_step flags");
  }
}

void vector_env_matches_cpu(const char* id, gym::AutoresetMode mode) {
  const int n = 4099, steps = 100;
  const std::string name = std::string(id) + " " + std::string(gym::to_string(mode));
  auto cpu = gym::make_vec(id, n, {1, mode});
  auto gpu = gym::gpu::make_vec(id, n, {mode});
  cpu->reset(7);
  gpu->reset(7);
  gym::Rng rng(3, 4);
  const int dim = cpu->action_dim();
  const bool discrete = gpu->discrete();
  const int num_actions = discrete ? int(dynamic_cast<const gym::Discrete&>(cpu->single_action_space()).n()) : 0;
  for (int t = 0; t < steps; ++t) {
    if (mode == gym::AutoresetMode::kDisabled) {
      // Keep both in lockstep: reset every env (no seed) whenever one ended.
      bool any = false;
      for (uint8_t e : cpu->terminated()) any |= e != 0;
      for (uint8_t e : cpu->truncated()) any |= e != 0;
      if (any) {
        cpu->reset();
        gpu->reset();
      }
    }
    if (discrete) {
      std::vector<int32_t> a(static_cast<std::size_t>(n));
      for (auto& x : a) x = int32_t(rng.below(uint32_t(num_actions)));
      cpu->step(std::span<const int32_t>(a));
      gpu->step(std::span<const int32_t>(a));
    } else {
      std::vector<float> a(std::size_t(n) * dim);
      for (auto& x : a) x = rng.uniform<float>(-2.0f, 2.0f);
      cpu->step(std::span<const float>(a));
      gpu->step(std::span<const float>(a));
    }
    gpu->check_errors();
    const auto obs = gpu->copy_observations();
    const auto rew = gpu->copy_rewards();
    const auto term = gpu->copy_terminated();
    const auto trunc = gpu->copy_truncated();
    int bad = 0;
    for (std::size_t k = 0; k < obs.size(); ++k) bad += !close(obs[k], cpu->observations()[k]);
    for (std::size_t k = 0; k < rew.size(); ++k) bad += !close(rew[k], cpu->rewards()[k]);
    for (std::size_t k = 0; k < term.size(); ++k)
      bad += term[k] != cpu->terminated()[k] || trunc[k] != cpu->truncated()[k];
    expect(bad == 0, name + ": step " + std::to_string(t) + ", " + std::to_string(bad) + " values differ");
    if (bad) return;
  }
}

// K fused steps (one launch) against K one-step launches with the same
// device-side random actions: identical results on the same device.
void fused_rollout_matches_steps(const char* id) {
  const int n = 3001, k = 100;
  auto fused = gym::gpu::make_vec(id, n);
  auto stepped = gym::gpu::make_vec(id, n);
  fused->reset(9);
  stepped->reset(9);
  const auto result = fused->rollout(k, {gym::gpu::DevicePolicy::Kind::kRandom, 5}, {false, false, true, true});
  for (int t = 0; t < k; ++t) stepped->step_random(5);
  fused->check_errors();
  expect(fused->copy_observations() == stepped->copy_observations(), std::string(id) + ": fused observations");
  expect(fused->copy_rewards() == stepped->copy_rewards(), std::string(id) + ": fused rewards");
  expect(result.dones.shape == std::vector<int64_t>{k, n} && result.observations.data == nullptr,
         std::string(id) + ": rollout result shapes");
}

// Device Jacobians against the same functor on the CPU, from the same reset
// states (the host batch is seeded as the device one: same Philox streams).
template <class M>
void jacobians_match_cpu(const char* id) {
  constexpr int D = M::kStateDim, N = gym::batch::jacobian_inputs_v<M>, A = gym::action_dim_v<M>;
  const int n = 257;
  auto gpu = gym::gpu::make_vec(id, n);
  gpu->reset(4);
  gym::test::HostBatch<M> host(n);
  const auto v = host.view(gym::AutoresetMode::kNextStep, 0);
  for (int i = 0; i < n; ++i) gym::batch::seed_env(v, i, true, 4);
  std::conditional_t<M::kDiscrete, std::vector<int32_t>, std::vector<float>> actions(std::size_t(n) * A);
  for (std::size_t k = 0; k < actions.size(); ++k) actions[k] = M::kDiscrete ? int(k % 2) : 0.5f;
  const auto j = gpu->jacobians(std::span(std::as_const(actions)));
  const auto got = gym::gpu::copy_floats(j.d_next_state);
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    float jac[D * N], rgrad[N];
    gym::batch::step_jacobian_env(v, i, actions.data() + std::size_t(i) * A, jac, rgrad);
    for (int k = 0; k < D * N; ++k) bad += !close(got[std::size_t(i) * D * N + k], jac[k]);
  }
  expect(bad == 0, std::string(id) + ": " + std::to_string(bad) + " Jacobian entries differ");
}

// Device trajectory gradients against the same functor on the CPU from the
// same reset states.
template <class M>
void trajectory_gradients_match_cpu(const char* id) {
  constexpr int D = M::kStateDim, A = M::kActionDim, W = gym::batch::trajectory_step_scalars_v<M>;
  const int n = 129, horizon = 30;
  auto gpu = gym::gpu::make_vec(id, n);
  gpu->reset(6);
  std::vector<float> actions(std::size_t(n) * horizon * A);
  gym::Rng rng(1, 1);
  for (float& a : actions) a = rng.uniform<float>(-1.0f, 1.0f);
  const auto g = gpu->trajectory_gradients(actions, horizon, 0.99f);
  const auto d_actions = gym::gpu::copy_floats(g.d_actions);
  // The reset states on the host: the same Philox streams.
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    gym::Rng r(gym::env_key(6, uint64_t(i)), 0);
    const auto s = M::template reset<float>(typename M::Params{}, typename M::ResetOptions{}, r);
    float s0[D];
    gym::state_to_array(s, s0);
    std::vector<float> ws(std::size_t(horizon) * W), da(std::size_t(horizon) * A), ds(D);
    float total = 0;
    gym::batch::trajectory_gradient_env<M, float>(typename M::Params{}, s0, actions.data() + std::size_t(i) * horizon * A,
                                                  horizon, 0.99f, true, ws.data(), da.data(), ds.data(), &total);
    for (int k = 0; k < horizon * A; ++k)
      bad += std::fabs(d_actions[std::size_t(i) * horizon * A + k] - da[k]) > 1e-3f * std::fmax(1.0f, std::fabs(da[k]));
  }
  expect(bad == 0, std::string(id) + ": " + std::to_string(bad) + " trajectory gradient entries differ");
}

void world_vector_env_matches_cpu(const char* id, gym::AutoresetMode mode, const gym::Options& options = {}) {
  const int n = 1000;  // not a multiple of the block size
  auto cpu = gym::make_vec(id, n, {1, mode}, options);
  auto gpu = gym::gpu::make_world_vec(id, n, {mode}, options);
  cpu->reset(7);
  gpu->reset(7);
  gym::Rng rng(5, 0);
  std::vector<int32_t> actions(n);
  int bad = 0;
  const int num_actions = int(dynamic_cast<const gym::Discrete&>(cpu->single_action_space()).n());
  for (int t = 0; t < 300; ++t) {
    for (auto& a : actions) a = int32_t(rng.next_u32() % uint32_t(num_actions));
    cpu->step(std::span<const int32_t>(actions));
    gpu->step(actions);
    const auto obs = gpu->copy_observations();
    const auto cpu_obs = cpu->observation_bytes();
    bad += !std::equal(obs.begin(), obs.end(), reinterpret_cast<const uint8_t*>(cpu_obs.data()),
                       reinterpret_cast<const uint8_t*>(cpu_obs.data()) + cpu_obs.size());
    const auto rewards = gpu->copy_rewards();
    const auto cpu_rewards = cpu->rewards();
    bad += !std::equal(rewards.begin(), rewards.end(), cpu_rewards.begin(), cpu_rewards.end());
    const auto term = gpu->copy_terminated(), trunc = gpu->copy_truncated();
    bad += !std::equal(term.begin(), term.end(), cpu->terminated().begin(), cpu->terminated().end());
    bad += !std::equal(trunc.begin(), trunc.end(), cpu->truncated().begin(), cpu->truncated().end());
  }
  gpu->check_errors();
  expect(bad == 0, std::string(id) + " (" + std::string(gym::to_string(mode)) + (options.empty() ? "" : ", options") +
                       "): " + std::to_string(bad) + " steps differ from the CPU world vector env");
}

// step_random(seed) equals step() with the actions it documents: env i's
// (seed, i, kActions) stream at the step's number.
void world_step_random_matches_step(const char* id) {
  const int n = 517;
  auto a = gym::gpu::make_world_vec(id, n);
  auto b = gym::gpu::make_world_vec(id, n);
  a->reset(21);
  b->reset(21);
  std::vector<int32_t> actions(n);
  int bad = 0;
  for (uint64_t t = 0; t < 150; ++t) {
    a->step_random(99);
    for (int i = 0; i < n; ++i) {
      gym::Rng rng(gym::env_key(99, uint64_t(i), gym::RngPurpose::kActions), t);
      actions[std::size_t(i)] = int32_t(rng.next_u32() % 7u);
    }
    b->step(actions);
    bad += a->copy_observations() != b->copy_observations() || a->copy_rewards() != b->copy_rewards();
  }
  expect(bad == 0, std::string(id) + ": step_random differs from step() with its actions in " + std::to_string(bad) +
                       " steps");
}

// A bad action leaves its env (observation included) as it was, flags it,
// and steps the others.
void world_bad_action_is_flagged(const char* id) {
  const int n = 300;
  auto gpu = gym::gpu::make_world_vec(id, n);
  gpu->reset(4);
  std::vector<int32_t> actions(n, 2);
  gpu->step(actions);
  const auto before = gpu->copy_observations();
  actions[5] = 9;
  actions[299] = -1;
  gpu->step(actions);
  const auto after = gpu->copy_observations();
  const std::size_t d = std::size_t(gpu->obs_dim());
  expect(std::equal(before.begin() + 5 * d, before.begin() + 6 * d, after.begin() + 5 * d) &&
             std::equal(before.begin() + 299 * d, before.end(), after.begin() + 299 * d),
         std::string(id) + ": an env given a bad action changed its observation");
  std::string message;
  try {
    gpu->check_errors();
  } catch (const gym::Error& e) {
    message = e.what();
  }
  expect(message.find("env 5 got an action outside Discrete(7)") != std::string::npos,
         std::string(id) + ": check_errors should name env 5's bad action; said '" + message + "'");
}

// gym::make_vec(id, n, config, {{"device", "cuda"}}) against the CPU vector env.
void registry_device_matches_cpu(const char* id) {
  const int n = 777;
  auto cpu = gym::make_vec(id, n);
  auto dev = gym::make_vec(id, n, {}, {{"device", "cuda"}});
  cpu->reset(3);
  dev->reset(3);
  gym::Rng rng(8, 0);
  std::vector<int32_t> actions(n);
  const int num_actions = int(dynamic_cast<const gym::Discrete&>(cpu->single_action_space()).n());
  int bad = 0;
  for (int t = 0; t < 200; ++t) {
    for (auto& a : actions) a = int32_t(rng.next_u32() % uint32_t(num_actions));
    cpu->step(std::span<const int32_t>(actions));
    dev->step(std::span<const int32_t>(actions));
    const auto a = cpu->observation_bytes(), b = dev->observation_bytes();
    bad += !std::equal(a.begin(), a.end(), b.begin(), b.end());
    bad += !std::equal(cpu->rewards().begin(), cpu->rewards().end(), dev->rewards().begin(), dev->rewards().end());
    bad += !std::equal(cpu->episode_lengths().begin(), cpu->episode_lengths().end(), dev->episode_lengths().begin(),
                       dev->episode_lengths().end());
  }
  expect(bad == 0, std::string(id) + " through make_vec(device=cuda): " + std::to_string(bad) + " steps differ");
}

void expected_step_matches_cpu(const char* id) {
  const gym::TabularMdp mdp = gym::tabulate(id);
  const int batch = 3, S = mdp.n_states, A = mdp.n_actions;
  std::vector<double> d(std::size_t(batch * S)), pi(std::size_t(batch * S * A));
  gym::Rng rng(11, 0);
  for (int b = 0; b < batch; ++b) {
    double total = 0;
    for (int s = 0; s < S; ++s) total += d[std::size_t(b * S + s)] = rng.next_double();
    for (int s = 0; s < S; ++s) d[std::size_t(b * S + s)] /= total;
    for (int s = 0; s < S; ++s) {
      double row = 0;
      for (int a = 0; a < A; ++a) row += pi[std::size_t((b * S + s) * A + a)] = rng.next_double() + 0.1;
      for (int a = 0; a < A; ++a) pi[std::size_t((b * S + s) * A + a)] /= row;
    }
  }
  const auto cpu = gym::expected_step(mdp, d, pi, batch);
  const auto gpu = gym::gpu::expected_step(mdp, d, pi, batch);
  expect(cpu.next == gpu.next && cpu.reward == gpu.reward && cpu.terminated == gpu.terminated,
         std::string(id) + ": the device expected step differs from the CPU's");
}

}  // namespace

int main() {
  if (gym::gpu::device_count() == 0) {
    std::string message;
    try {
      gym::gpu::make_vec("CartPole-v1", 16);
    } catch (const gym::Error& e) {
      message = e.what();
    }
    if (message.find("no CUDA device") == std::string::npos) {
      std::printf("[gpu] FAILED: without a device, gym::gpu::make_vec should say so; got '%s'\n", message.c_str());
      return 1;
    }
    std::printf("[gpu] SKIPPED: no CUDA device on this machine (make_vec says: %s)\n", message.c_str());
    return 77;
  }
  std::printf("[gpu] device: %s\n", gym::gpu::device_name().c_str());
  cartpole_kernel_matches_cpu();
  for (const char* id : {"CartPole-v1", "CartPoleContinuous-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                         "Pendulum-v1", "Acrobot-v1", "AcrobotContinuous-v1"})
    for (auto mode : {gym::AutoresetMode::kNextStep, gym::AutoresetMode::kSameStep, gym::AutoresetMode::kDisabled})
      vector_env_matches_cpu(id, mode);
  for (const char* id : {"CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCarContinuous-v0"})
    fused_rollout_matches_steps(id);
  jacobians_match_cpu<gym::envs::CartPole>("CartPole-v1");
  jacobians_match_cpu<gym::envs::Pendulum>("Pendulum-v1");
  jacobians_match_cpu<gym::envs::AcrobotContinuous>("AcrobotContinuous-v1");
  trajectory_gradients_match_cpu<gym::envs::Pendulum>("Pendulum-v1");
  trajectory_gradients_match_cpu<gym::envs::CartPoleContinuous>("CartPoleContinuous-v1");
  trajectory_gradients_match_cpu<gym::envs::MountainCarContinuous>("MountainCarContinuous-v0");
  for (const char* id : {"MiniGrid-DoorKey-8x8-v0", "MiniGrid-Dynamic-Obstacles-8x8-v0", "MiniGrid-MultiRoom-N6-v0",
                         "MiniGrid-KeyCorridorS4R3-v0", "MiniGrid-MemoryS13Random-v0", "FrozenLake8x8-v1",
                         "CliffWalkingSlippery-v1", "Taxi-v4"})
    for (auto mode : {gym::AutoresetMode::kNextStep, gym::AutoresetMode::kSameStep})
      world_vector_env_matches_cpu(id, mode);
  // MiniGrid's other observations: a run-time view size, the full grid.
  world_vector_env_matches_cpu("MiniGrid-DoorKey-8x8-v0", gym::AutoresetMode::kNextStep, {{"agent_view_size", 5}});
  world_vector_env_matches_cpu("MiniGrid-FourRooms-v0", gym::AutoresetMode::kSameStep, {{"fully_observable", true}});
  for (const char* id : {"MiniGrid-DoorKey-8x8-v0", "MiniGrid-MultiRoom-N6-v0"}) {
    world_step_random_matches_step(id);
    world_bad_action_is_flagged(id);
  }
  for (const char* id : {"FrozenLake8x8-v1", "CliffWalkingSlippery-v1", "Taxi-v4"}) expected_step_matches_cpu(id);
  for (const char* id : {"CartPole-v1", "Acrobot-v1", "MiniGrid-DoorKey-8x8-v0"}) registry_device_matches_cpu(id);
  std::printf("[gpu] %s\n", failures == 0 ? "all agree" : "mismatches");
  return failures == 0 ? 0 : 1;
}
