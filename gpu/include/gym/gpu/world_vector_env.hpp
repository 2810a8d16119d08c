// gym::gpu::WorldVectorEnv: N grid worlds (MiniGrid's families, toy text) on a CUDA
// device, one thread an env, each running gym::world_batch's GYM_HD reset
// and step (core/include/gym/world_batch.hpp): the same model code,
// autoreset modes and Philox streams as the CPU gym::WorldVectorEnv, whose
// tests exercise that code. Results stay in device memory; host copies are
// explicit. Needs no CUDA headers; throws gym::Error without a device.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gym/gpu/vector_env.hpp"

namespace gym::gpu {

class WorldVectorEnv {
 public:
  virtual ~WorldVectorEnv() = default;

  virtual int num_envs() const = 0;
  virtual int obs_dim() const = 0;           // values per env's observation
  virtual DType observation_dtype() const = 0;  // uint8 (MiniGrid images) or int64 (toy-text states)
  virtual const std::string& id() const = 0;

  // Resets every env; with a seed, env i's stream is rekeyed by (seed, i).
  virtual void reset(std::optional<uint64_t> seed = std::nullopt) = 0;
  // One step of every env; actions: N int32 in device memory. An action
  // outside the action space leaves that env as it was and is flagged in
  // errors(), which check_errors() turns into an exception.
  virtual void step_device(const int32_t* actions) = 0;
  // The same from host memory (copied to the device first).
  virtual void step(std::span<const int32_t> actions) = 0;
  // One step under uniform random actions drawn on the device from Philox
  // streams keyed by (seed, env index) and the step number.
  virtual void step_random(uint64_t seed) = 0;
  virtual void synchronize() = 0;

  // Device results of the last reset()/step().
  virtual DeviceArray observations() const = 0;  // [N x obs_dim] of observation_dtype()
  virtual DeviceArray rewards() const = 0;       // [N] float32
  virtual DeviceArray terminated() const = 0;    // [N] uint8
  virtual DeviceArray truncated() const = 0;     // [N] uint8
  virtual DeviceArray episode_returns() const = 0;
  virtual DeviceArray episode_lengths() const = 0;  // [N] int32
  virtual DeviceArray errors() const = 0;           // [N] uint8

  // Host copies (synchronising).
  virtual std::vector<uint8_t> copy_observations() const = 0;  // the observations' bytes
  virtual std::vector<float> copy_rewards() const = 0;
  virtual std::vector<uint8_t> copy_terminated() const = 0;
  virtual std::vector<uint8_t> copy_truncated() const = 0;
  virtual void check_errors() const = 0;
};

// The grid-world env `id` (MiniGrid-*, FrozenLake, CliffWalking, Taxi) on the device, with options as
// gym::make takes them. Throws gym::Error without a device, for ids that are
// not grid worlds, and when the device cannot hold num_envs envs.
std::unique_ptr<WorldVectorEnv> make_world_vec(std::string_view id, int num_envs, Config config = {},
                                               const Options& options = {});

// Whether `id` (with these options) is an env make_world_vec runs, rather
// than gym::gpu::make_vec (classic control). Throws for unknown ids and bad
// options as gym::make does.
bool is_world_env(std::string_view id, const Options& options = {});

}  // namespace gym::gpu
