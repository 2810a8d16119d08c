// The built-in environments and the process-wide registry that holds them.
#include <fmt/format.h>

#include "gym/envs/classic/cartpole.hpp"
#include "gym/registry.hpp"

namespace gym {

namespace envs {

Box CartPole::observation_space(const Params& p) {
  const double inf = std::numeric_limits<double>::infinity();
  const double x = 2 * p.x_threshold, theta = 2 * p.theta_threshold_radians;
  return Box({-x, -inf, -theta, -inf}, {x, inf, theta, inf}, Shape{kObsDim}, DType::kFloat32);
}

void CartPole::check(const ResetOptions& r, std::string_view owner) {
  if (!(r.low <= r.high))
    throw Error(fmt::format("{}: reset option low = {} must not exceed high = {}", owner, r.low, r.high));
}

}  // namespace envs

namespace {

void register_builtins(Registry& r) {
  const EnvMetadata classic{{}, 50.0};
  r.add(model_factory<envs::CartPole>({"CartPole-v0", 200, 195.0, "Gymnasium 1.4 CartPole-v0"}, {}, classic));
  r.add(model_factory<envs::CartPole>({"CartPole-v1", 500, 475.0, "Gymnasium 1.4 CartPole-v1"}, {}, classic));
}

}  // namespace

Registry& registry() {
  static Registry instance = [] {
    Registry r;
    register_builtins(r);
    return r;
  }();
  return instance;
}

}  // namespace gym
