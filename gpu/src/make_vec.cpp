// gym::gpu::make_vec: a registered id to its device vector env, with the
// registry's time limit and gym::make's parameter checks.
#include <fmt/format.h>

#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/gpu/device.hpp"
#include "gym/gpu/vector_env.hpp"
#include "gym/registry.hpp"
#include "model_vec.hpp"

namespace gym::gpu {

namespace {

template <class M>
std::unique_ptr<VectorEnv> make_for(const EnvSpec& spec, int n, Config config, const Options& options) {
  Options model;
  int32_t max_steps = spec.max_episode_steps.value_or(0);
  for (const auto& [name, value] : options) {
    if (name == "max_episode_steps") {
      int steps = 0;
      assign_option(steps, value, ParamInfo{"max_episode_steps", "steps", "episode length before truncation", 1.0},
                    spec.id);
      max_steps = steps;
    } else {
      model.emplace(name, value);
    }
  }
  // The built-in ids register their models' default Params; the overrides
  // are checked as gym::make checks them.
  const auto params = make_params<M>({}, model, spec.id);
  return detail::make_model_vec<M>(spec.id, params, n, max_steps, config);
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::unique_ptr<VectorEnv> make_vec(std::string_view id, int num_envs, Config config, const Options& options) {
  const EnvSpec& spec = registry().at(id).spec;  // unknown ids: the registry's error, listing the known ones
  if (num_envs < 1) throw Error(fmt::format("{}: num_envs must be >= 1, got {}", id, num_envs));
  if (device_count() == 0)
    throw Error(fmt::format("{}: no CUDA device on this machine (gym::gpu needs one; the CPU vector env is "
                            "gym::make_vec)",
                            id));
  if (starts_with(id, "CartPoleContinuous-")) return make_for<envs::CartPoleContinuous>(spec, num_envs, config, options);
  if (starts_with(id, "CartPole-")) return make_for<envs::CartPole>(spec, num_envs, config, options);
  if (starts_with(id, "MountainCarContinuous-"))
    return make_for<envs::MountainCarContinuous>(spec, num_envs, config, options);
  if (starts_with(id, "MountainCar-")) return make_for<envs::MountainCar>(spec, num_envs, config, options);
  if (starts_with(id, "Pendulum-")) return make_for<envs::Pendulum>(spec, num_envs, config, options);
  if (starts_with(id, "AcrobotContinuous-")) return make_for<envs::AcrobotContinuous>(spec, num_envs, config, options);
  if (starts_with(id, "Acrobot-")) return make_for<envs::Acrobot>(spec, num_envs, config, options);
  throw Error(fmt::format("{}: no device executor for this env (built in: the classic-control envs)", id));
}

}  // namespace gym::gpu
