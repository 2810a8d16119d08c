// gym::gpu::make_world_vec: a registered grid-world id to its device vector
// env, with the params gym::make would build (the registry's defaults and
// the options, checked the same way).
#include <fmt/format.h>

#include "gym/envs/grid/minigrid.hpp"
#include "gym/envs/toy_text/cliff_walking.hpp"
#include "gym/envs/toy_text/frozen_lake.hpp"
#include "gym/envs/toy_text/taxi.hpp"
#include "gym/gpu/device.hpp"
#include "gym/gpu/world_vector_env.hpp"
#include "gym/registry.hpp"
#include "gym/world_env.hpp"
#include "world_vec.hpp"

namespace gym::gpu {

namespace {

// The world models the device executor runs, listed once for both
// questions below.
template <class... Ms>
struct ModelList {};
using WorldModels = ModelList<envs::MiniGrid, envs::FrozenLake, envs::CliffWalking, envs::Taxi>;

template <class... Ms>
bool is_world(const Env& env, ModelList<Ms...>) {
  return (... || (dynamic_cast<const WorldEnv<Ms>*>(&env.unwrapped()) != nullptr));
}

// The device env of world model M when `env` is one of M's, else null.
template <class M>
std::unique_ptr<WorldVectorEnv> make_if(const Env& env, std::string_view id, int num_envs, Config config) {
  const auto* world = dynamic_cast<const WorldEnv<M>*>(&env.unwrapped());
  if (!world) return nullptr;
  const auto& params = world->model_params();
  return detail::make_world_model_vec<M>(std::string(id), params, num_envs, int(obs_size<M>(params)),
                                         env.spec().max_episode_steps.value_or(0), config);
}

// The device env of whichever listed model `env` is one of.
template <class... Ms>
std::unique_ptr<WorldVectorEnv> make_world_model(const Env& env, std::string_view id, int num_envs, Config config,
                                                 ModelList<Ms...>) {
  std::unique_ptr<WorldVectorEnv> v;
  (void)(... || ((v = make_if<Ms>(env, id, num_envs, config)) != nullptr));
  return v;
}

}  // namespace

bool is_world_env(std::string_view id, const Options& options) { return is_world(*make(id, options), WorldModels{}); }

std::unique_ptr<WorldVectorEnv> make_world_vec(std::string_view id, int num_envs, Config config,
                                               const Options& options) {
  if (num_envs < 1) throw Error(fmt::format("{}: num_envs must be >= 1, got {}", id, num_envs));
  // The host env gives the params exactly as registered, with the options
  // applied and checked (and unknown ids the registry's error).
  const auto env = make(id, options);
  if (!is_world(*env, WorldModels{}))
    throw Error(fmt::format("{}: not a grid world (the GPU world executor runs MiniGrid-*, FrozenLake, CliffWalking "
                            "and Taxi)",
                            id));
  if (device_count() == 0)
    throw Error(fmt::format("{}: no CUDA device on this machine (gym::gpu needs one; the CPU vector env is "
                            "gym::make_vec)",
                            id));
  return make_world_model(*env, id, num_envs, config, WorldModels{});
}

}  // namespace gym::gpu
