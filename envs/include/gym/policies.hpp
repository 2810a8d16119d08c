// Named policies for any environment: what `gym render --policy`, `gym play`
// and the samples run. Every env has "random" (uniform over the action space)
// and "noop" (the no-op action: push-free, zero torque); the classic-control
// envs also have a hand-tuned "controller" (envs/src/policies.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gym/array.hpp"
#include "gym/env.hpp"

namespace gym {

// One decision: the action for an observation. A policy may keep state (a
// random generator); make a new one per env.
using PolicyFn = std::function<Array(const Array& obs)>;

struct PolicyInfo {
  std::string name;  // "random", "noop", "controller"
  std::string doc;   // one line
};

// The policies available for `env` (by its id and spaces), "random" first.
std::vector<PolicyInfo> policies_for(const Env& env);
// The policy `name` for `env`; `seed` seeds the random policy. An unknown
// name is an error that lists the available ones. The policy reads env's
// parameters when it is made (e.g. Pendulum's max_torque).
PolicyFn make_policy(std::string_view name, const Env& env, uint64_t seed = 0);

}  // namespace gym
