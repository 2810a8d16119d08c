// gym::make and friends: the registry's entry points, beside the built-ins
// they must see (core/ does not depend on envs/).
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gym/registry.hpp"
#include "gym/wrappers.hpp"

namespace gym {

namespace {

// Splits off the options every env understands; the rest go to the model.
struct SplitOptions {
  EnvSpec spec;
  Options model;
  RenderMode render_mode = RenderMode::kNone;
};

SplitOptions split_options(const EnvFactory& f, const Options& options) {
  SplitOptions out{f.spec, {}};
  for (const auto& [name, value] : options) {
    if (name == "max_episode_steps") {
      int steps = 0;
      assign_option(steps, value,
                    ParamInfo{"max_episode_steps", "steps", "episode length before truncation", 1.0},
                    f.spec.id);
      out.spec.max_episode_steps = steps;
    } else if (name == "render_mode") {
      const auto* text = std::get_if<std::string>(&value.value());
      if (!text) throw Error(fmt::format("{}: render_mode must be a string, got {}", f.spec.id, value.to_string()));
      out.render_mode = parse_render_mode(*text, f.spec.id);
      const auto& modes = f.metadata.render_modes;
      if (std::find(modes.begin(), modes.end(), *text) == modes.end())
        throw Error(fmt::format("{}: render_mode '{}' is not supported (render modes: {})", f.spec.id, *text,
                                modes.empty() ? "none" : fmt::format("{}", fmt::join(modes, ", "))));
    } else {
      out.model.emplace(name, value);
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<Env> make(std::string_view id, const Options& options) {
  const EnvFactory& f = registry().at(id);
  const auto split = split_options(f, options);
  std::unique_ptr<Env> env = f.make_env(split.spec, split.model);
  if (split.render_mode != RenderMode::kNone) env->set_render_mode(split.render_mode);
  if (split.spec.max_episode_steps) env = std::make_unique<TimeLimit>(std::move(env), *split.spec.max_episode_steps);
  return std::make_unique<OrderEnforcing>(std::move(env));
}

namespace {
std::map<std::string, DeviceVectorFactory, std::less<>>& device_factories() {
  static std::map<std::string, DeviceVectorFactory, std::less<>> factories;
  return factories;
}
}  // namespace

void set_device_vector_factory(const std::string& device, DeviceVectorFactory factory) {
  device_factories()[device] = std::move(factory);
}

std::unique_ptr<VectorEnv> make_vec(std::string_view id, int num_envs, VectorConfig config, const Options& options) {
  const EnvFactory& f = registry().at(id);
  if (const auto it = options.find("device"); it != options.end()) {
    const auto* device = std::get_if<std::string>(&it->second.value());
    if (!device) throw Error(fmt::format("{}: device must be a string (cpu or cuda), got {}", id, it->second.to_string()));
    Options rest = options;
    rest.erase("device");
    if (*device != "cpu") {
      const auto factory = device_factories().find(*device);
      if (factory == device_factories().end())
        throw Error(*device == "cuda"
                        ? fmt::format("{}: device=cuda needs the CUDA layer: link gympp::gpu (built where nvcc is "
                                      "found) into this program",
                                      id)
                        : fmt::format("{}: unknown device '{}' (devices: cpu, cuda)", id, *device));
      return factory->second(id, num_envs, config, rest);
    }
    return make_vec(id, num_envs, config, rest);
  }
  const auto split = split_options(f, options);
  return f.make_vector(split.spec, num_envs, config, split.model);
}

nlohmann::json describe(std::string_view id, const Options& options) {
  const EnvFactory& f = registry().at(id);
  const auto split = split_options(f, options);
  nlohmann::json out = f.describe(split.model);
  out["id"] = f.spec.id;
  out["reference"] = f.spec.reference;
  out["max_episode_steps"] = split.spec.max_episode_steps ? nlohmann::json(*split.spec.max_episode_steps) : nullptr;
  out["reward_threshold"] = f.spec.reward_threshold ? nlohmann::json(*f.spec.reward_threshold) : nullptr;
  out["render_fps"] = f.metadata.render_fps;
  out["render_modes"] = f.metadata.render_modes;
  return out;
}

}  // namespace gym
