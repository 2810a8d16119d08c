// gym::gpu::VectorEnv: N envs of one model on a CUDA device, stepped by
// kernels that run gym::batch::step_env (core/include/gym/batch.hpp) per
// thread: the same GYM_HD model code, autoreset modes and Philox streams
// (keyed by seed and env index) as the CPU gym::ModelVectorEnv. Results stay
// in device memory (struct of arrays) and are exposed as raw pointers with
// shapes; host copies are explicit.
//
// This header needs no CUDA headers: plain C++ programs use it, and the
// kernels live in gpu/src/vector_env.cu (instantiated for the built-in
// classic models). Without a device every call that needs one throws
// gym::Error saying so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "gym/array.hpp"
#include "gym/autoreset.hpp"
#include "gym/options.hpp"

namespace gym::gpu {

// A device array: a DLPack-style descriptor (pointer, dtype, shape, device),
// enough for PyTorch or JAX to wrap it without a copy.
struct DeviceArray {
  void* data = nullptr;
  DType dtype = DType::kFloat32;
  std::vector<int64_t> shape;
  int device = 0;
};

// The policy of a fused rollout. Weights are float32 in device memory, laid
// out as gym::batch::LinearPolicy / MlpPolicy read them (row-major; outputs
// = the number of discrete actions, whose argmax is taken, or the action's
// components).
struct DevicePolicy {
  enum class Kind { kRandom, kLinear, kMlp } kind = Kind::kRandom;
  uint64_t seed = 0;              // kRandom: Philox streams keyed by (seed, env index), the step as the counter
  const float* weights = nullptr;  // kLinear: [outputs x obs_dim]
  const float* bias = nullptr;     // kLinear: [outputs]
  int hidden = 0;                  // kMlp: 16, 32 or 64 tanh units
  const float* w1 = nullptr;       // kMlp: [hidden x obs_dim]
  const float* b1 = nullptr;       // kMlp: [hidden]
  const float* w2 = nullptr;       // kMlp: [outputs x hidden]
  const float* b2 = nullptr;       // kMlp: [outputs]
};

// What a fused rollout keeps (in device memory owned by the env, valid until
// the next rollout): per-step arrays are [K x N] step-major.
struct RolloutRequest {
  bool observations = false;  // [K x N x obs_dim] float32
  bool rewards = false;       // [K x N] float32
  bool dones = false;         // [K x N] uint8, terminated | truncated
  bool returns = true;        // [N] float32 sums of the returns of episodes ended in the rollout, [N] int32 counts
};

struct RolloutResult {
  DeviceArray observations, rewards, dones, return_sums, episodes;  // data == nullptr where not requested
};

// Exact Jacobians of one step of every env (gym::batch::step_jacobian_env,
// float32 dual numbers), in device memory owned by the env until the next call.
struct StepJacobians {
  int inputs = 0;                // state_dim + action_dim (state_dim for discrete actions)
  DeviceArray d_next_state;      // [N x state_dim x inputs] float32
  DeviceArray d_reward;          // [N x inputs] float32
};

// Gradients of open-loop trajectories from every env's current state
// (gym::batch::trajectory_gradient_env per env), in device memory owned by
// the env until the next call.
struct TrajectoryGradients {
  int horizon = 0;
  DeviceArray returns;    // [N] float32, discounted
  DeviceArray steps;      // [N] int32, steps taken (fewer where an episode terminated)
  DeviceArray d_actions;  // [N x horizon x action_dim] float32
  DeviceArray d_state0;   // [N x state_dim] float32
};

struct Config {
  AutoresetMode autoreset_mode = AutoresetMode::kNextStep;
  int device = 0;
  void* stream = nullptr;  // a cudaStream_t; null: the default stream
};

class VectorEnv {
 public:
  virtual ~VectorEnv() = default;

  virtual int num_envs() const = 0;
  virtual int obs_dim() const = 0;
  virtual int action_dim() const = 0;  // 1 for discrete actions
  virtual bool discrete() const = 0;
  virtual const std::string& id() const = 0;

  // Resets every env; with a seed, env i's streams are rekeyed by (seed, i).
  virtual void reset(std::optional<uint64_t> seed = std::nullopt) = 0;
  // One step of every env. Actions in device memory: N int32 (discrete) or
  // [N x action_dim] float32 (continuous). Bad actions do not stop the
  // batch: the env is left as it was and flagged in errors() (gym::batch's
  // error bits), which check_errors() turns into an exception.
  virtual void step_device(const void* actions) = 0;
  // The same from host memory (copied to the device first).
  virtual void step(std::span<const int32_t> actions) = 0;
  virtual void step(std::span<const float> actions) = 0;
  // One step of every env under the uniform random policy, the actions drawn
  // on the device from Philox streams keyed by (seed, env index) and the step
  // number (no host traffic: what `gym bench --device cuda` times).
  virtual void step_random(uint64_t seed) = 0;
  // K steps of every env in one kernel launch, the state held in registers
  // and `policy` choosing each action on the device (gym::batch::rollout_env):
  // the same results as K step() calls with those actions.
  virtual RolloutResult rollout(int steps, const DevicePolicy& policy, RolloutRequest what = {}) = 0;
  // d (next state, reward) / d (state, action) from every env's current state
  // with these actions (host arrays, as step() takes them); the envs do not move.
  virtual StepJacobians jacobians(std::span<const int32_t> actions) = 0;
  virtual StepJacobians jacobians(std::span<const float> actions) = 0;
  // For continuous-action envs: the return of each env's action sequence
  // (host array [N x horizon x action_dim]) from its current state and its
  // gradient with respect to the actions and that state; the envs do not move.
  virtual TrajectoryGradients trajectory_gradients(std::span<const float> actions, int horizon, float gamma = 1.0f,
                                                   bool stop_at_termination = true) = 0;
  // For gym/gpu/rollout.cuh: the env's gym::batch::View<M> (checked against
  // `model`), its stream, and the step number that the rollout's first step
  // takes (the device-side policies' counter, advanced by `steps`).
  struct CustomRollout {
    const void* view;
    void* stream;
    uint64_t first_step;
  };
  virtual CustomRollout begin_custom_rollout(const std::type_info& model, int steps) = 0;
  // Waits for the env's stream.
  virtual void synchronize() = 0;

  // Device results of the last reset()/step().
  virtual DeviceArray observations() const = 0;  // [N x obs_dim] float32
  virtual DeviceArray rewards() const = 0;       // [N] float32
  virtual DeviceArray terminated() const = 0;    // [N] uint8
  virtual DeviceArray truncated() const = 0;     // [N] uint8
  virtual DeviceArray episode_returns() const = 0;
  virtual DeviceArray episode_lengths() const = 0;  // [N] int32
  virtual DeviceArray errors() const = 0;           // [N] uint8, gym::batch error bits

  // Host copies (synchronising).
  virtual std::vector<float> copy_observations() const = 0;
  virtual std::vector<float> copy_rewards() const = 0;
  virtual std::vector<uint8_t> copy_terminated() const = 0;
  virtual std::vector<uint8_t> copy_truncated() const = 0;
  // Throws gym::Error naming the first flagged env and its problem.
  virtual void check_errors() const = 0;
};

// A host copy of a float32 device array (synchronises the device).
std::vector<float> copy_floats(const DeviceArray& array);
// A host copy of any device array's bytes (synchronises the device).
std::vector<std::byte> copy_bytes(const DeviceArray& array);

// The env `id` (a built-in classic-control env) on the device, with
// parameter overrides as gym::make takes them ("max_episode_steps" too).
// Throws gym::Error without a CUDA device, for an unknown id or option, and
// when the device cannot hold num_envs envs.
std::unique_ptr<VectorEnv> make_vec(std::string_view id, int num_envs, Config config = {},
                                    const Options& options = {});

}  // namespace gym::gpu
