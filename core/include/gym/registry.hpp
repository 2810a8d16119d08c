// The environment registry: gym::make("CartPole-v1", options) and friends.
//
// A model becomes an environment id with gym::register_env<M>(spec); from then
// on gym::make, gym::make_vec and the `gym` tool's commands accept it like a
// built-in one. Registration happens in the user's own code: nothing in the
// library is rebuilt.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/env.hpp"
#include "gym/model_env.hpp"
#include "gym/tabular.hpp"
#include "gym/vector_env.hpp"

namespace gym {

// How to build one registered id. Options are the env's parameter overrides
// (already stripped of the generic ones such as max_episode_steps).
struct EnvFactory {
  EnvSpec spec;
  EnvMetadata metadata;
  std::function<std::unique_ptr<Env>(const EnvSpec&, const Options&)> make_env;  // bare, unwrapped
  std::function<std::unique_ptr<VectorEnv>(const EnvSpec&, int, VectorConfig, const Options&)> make_vector;
  std::function<nlohmann::json(const Options&)> describe;  // params with defaults, state names
  // The exact MDP (gym/tabular.hpp) for envs that have one (toy text); empty otherwise.
  std::function<TabularMdp(const Options&)> tabulate;
};

// Safe to use from several threads at once (registering from one while
// others make envs): a factory, once added, stays where at() found it.
class Registry {
 public:
  // Throws if the id is malformed or taken.
  void add(EnvFactory factory);
  // Throws gym::Error listing the registered ids when `id` is unknown.
  const EnvFactory& at(std::string_view id) const;
  bool contains(std::string_view id) const;
  std::vector<std::string> ids() const;  // sorted

 private:
  const EnvFactory* find(std::string_view id) const;  // callers hold mutex_
  std::vector<std::string> sorted_ids() const;       // callers hold mutex_

  mutable std::shared_mutex mutex_;
  std::deque<EnvFactory> factories_;  // a deque: adding one moves none of the others
};

// The process-wide registry, holding the built-in environments (defined in
// gympp::envs, which registers them on first use).
Registry& registry();

// Gymnasium's make: the env for `id` with its parameters overridden by
// `options` (by name, e.g. {"gravity", 12.0}), wrapped in TimeLimit (from the
// spec's max_episode_steps, or the "max_episode_steps" option) and
// OrderEnforcing. Unknown ids and options are errors that list what exists.
std::unique_ptr<Env> make(std::string_view id, const Options& options = {});
// N copies in a vector env; "max_episode_steps" sets truncation as in make.
// The option "device" picks the executor: "cpu" (the default, worker threads)
// or "cuda" (gym::gpu's kernels, results copied to the host after each step;
// needs a program linked with gympp::gpu and a CUDA device).
std::unique_ptr<VectorEnv> make_vec(std::string_view id, int num_envs, VectorConfig config = {},
                                    const Options& options = {});

// How make_vec builds a vector env on another device (the options without
// "device"); gympp::gpu installs the one for "cuda" when it is linked.
using DeviceVectorFactory =
    std::function<std::unique_ptr<VectorEnv>(std::string_view id, int num_envs, VectorConfig config, const Options&)>;
void set_device_vector_factory(const std::string& device, DeviceVectorFactory factory);
// {"id", "reference", "max_episode_steps", "reward_threshold", "observation_space",
//  "action_space", "params": [...], "state": [...]} for `gym info`.
nlohmann::json describe(std::string_view id, const Options& options = {});

// The factory that turns model M into an environment id.
template <SteppableModel M>
EnvFactory model_factory(EnvSpec spec, typename M::Params defaults = {}, EnvMetadata metadata = {}) {
  EnvFactory f;
  f.spec = std::move(spec);
  f.metadata = std::move(metadata);
  if (DrawableModel<M> && f.metadata.render_modes.empty()) f.metadata.render_modes = {"human", "rgb_array"};
  f.make_env = [defaults, md = f.metadata](const EnvSpec& s, const Options& o) -> std::unique_ptr<Env> {
    return std::make_unique<ModelEnv<M>>(s, make_params<M>(defaults, o, s.id), md);
  };
  f.make_vector = [defaults](const EnvSpec& s, int n, VectorConfig c, const Options& o) -> std::unique_ptr<VectorEnv> {
    return std::make_unique<ModelVectorEnv<M>>(s, make_params<M>(defaults, o, s.id), n, c);
  };
  f.describe = [defaults, id = f.spec.id](const Options& o) {
    const auto p = make_params<M>(defaults, o, id);
    nlohmann::json out;
    out["params"] = params_json(p, [](const auto& q, auto&& fn) { M::for_each_param(q, fn); });
    out["state"] = std::vector<std::string>(M::kStateNames.begin(), M::kStateNames.end());
    out["observation_space"] = M::observation_space(p).to_json();
    out["action_space"] = M::action_space(p).to_json();
    return out;
  };
  return f;
}

template <SteppableModel M>
void register_env(EnvSpec spec, typename M::Params defaults = {}, EnvMetadata metadata = {}) {
  registry().add(model_factory<M>(std::move(spec), defaults, std::move(metadata)));
}

}  // namespace gym
