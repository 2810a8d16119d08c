// Named policies: uniform random, no-op, and hand-tuned controllers for the
// classic-control envs, chosen by the env's id.
#include "gym/policies.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gym/error.hpp"

namespace gym {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

double param(const Env& env, std::string_view name) {
  for (const auto& p : env.params())
    if (p.at("name").get<std::string>() == name) return p.at("value").get<double>();
  throw Error(fmt::format("{}: has no parameter '{}'", env.spec().id, name));
}

Array discrete(int64_t a) { return Array::scalar<int64_t>(a); }
Array continuous(float a) { return Array::from<float>({a}, Shape{1}); }

// The no-op action, where the action space has one.
std::optional<Array> noop_action(const Env& env) {
  const std::string& id = env.spec().id;
  if (starts_with(id, "MountainCar-") || starts_with(id, "Acrobot-")) return discrete(1);
  if (const auto* box = dynamic_cast<const Box*>(&env.action_space())) {
    const auto& low = box->low();
    const auto& high = box->high();
    for (std::size_t i = 0; i < low.size(); ++i)
      if (!(low[i] <= 0 && 0 <= high[i])) return std::nullopt;
    Array zero(box->dtype(), box->shape());
    return zero;
  }
  return std::nullopt;
}

struct Controller {
  std::string doc;
  PolicyFn act;
};

// Hand-tuned controllers, from observations alone.
std::optional<Controller> controller(const Env& env) {
  const std::string& id = env.spec().id;
  if (starts_with(id, "CartPoleContinuous-")) {
    // A linear state feedback (pole angle and rate dominate, the cart is pulled to the centre).
    return Controller{"linear state feedback on pole angle and rate, cart pulled to the centre",
                      [](const Array& o) {
                        const double u =
                            0.1 * o.element(0) + 0.2 * o.element(1) + 2.0 * o.element(2) + 0.4 * o.element(3);
                        return continuous(float(std::clamp(u, -1.0, 1.0)));
                      }};
  }
  if (starts_with(id, "CartPole-")) {
    return Controller{"bang-bang on a linear feedback of pole angle and rate, cart pulled to the centre",
                      [](const Array& o) {
                        const double u =
                            0.1 * o.element(0) + 0.2 * o.element(1) + 2.0 * o.element(2) + 0.4 * o.element(3);
                        return discrete(u > 0 ? 1 : 0);
                      }};
  }
  if (starts_with(id, "MountainCarContinuous-")) {
    // Push along the velocity: each swing adds energy.
    return Controller{"full push along the velocity (each swing adds energy)",
                      [](const Array& o) { return continuous(o.element(1) >= 0 ? 1.0f : -1.0f); }};
  }
  if (starts_with(id, "MountainCar-")) {
    return Controller{"push along the velocity (each swing adds energy)",
                      [](const Array& o) { return discrete(o.element(1) >= 0 ? 2 : 0); }};
  }
  if (starts_with(id, "Pendulum-")) {
    // Energy-based swing-up (pump towards the upright energy), then a PD
    // controller once the pendulum is near the top.
    const double max_torque = param(env, "max_torque"), g = param(env, "g"), m = param(env, "m"),
                 l = param(env, "l");
    return Controller{"energy-based swing-up, then PD control near the top", [=](const Array& o) {
      const double c = o.element(0), s = o.element(1), w = o.element(2);
      const double theta = std::atan2(s, c);  // 0 upright
      double u;
      if (c > 0.85) {
        u = -10.0 * theta - 2.0 * w;
      } else {
        // Energy relative to upright at rest: E = 1/2 (m l^2 / 3) w^2 + m g l/2 (cos(theta) - 1)
        const double energy = 0.5 * (m * l * l / 3.0) * w * w + m * g * l / 2.0 * (c - 1.0);
        u = (energy < 0 ? 1.0 : -1.0) * (w >= 0 ? 1.0 : -1.0) * max_torque;
      }
      return continuous(float(std::clamp(u, -max_torque, max_torque)));
    }};
  }
  if (starts_with(id, "AcrobotContinuous-") || starts_with(id, "Acrobot-")) {
    // Energy pumping: full torque along the second joint's own rotation.
    const bool is_discrete = starts_with(id, "Acrobot-");
    return Controller{"energy pumping: full torque along the second joint's rotation", [is_discrete](const Array& o) {
                        const double u = o.element(5) >= 0 ? 1.0 : -1.0;
                        return is_discrete ? discrete(u > 0 ? 2 : 0) : continuous(float(u));
                      }};
  }
  return std::nullopt;
}

}  // namespace

std::vector<PolicyInfo> policies_for(const Env& env) {
  std::vector<PolicyInfo> out{{"random", "uniform over the action space"}};
  if (noop_action(env)) out.push_back({"noop", "the no-op action at every step"});
  if (auto c = controller(env)) out.push_back({"controller", "hand-tuned: " + c->doc});
  return out;
}

PolicyFn make_policy(std::string_view name, const Env& env, uint64_t seed) {
  if (name == "random") {
    std::shared_ptr<Space> space(env.action_space().clone());
    space->seed(seed);
    return [space](const Array&) { return space->sample(); };
  }
  if (name == "noop")
    if (auto a = noop_action(env)) return [a = *a](const Array&) { return a; };
  if (name == "controller")
    if (auto c = controller(env)) return c->act;
  std::vector<std::string> names;
  for (const auto& p : policies_for(env)) names.push_back(p.name);
  throw Error(fmt::format("{}: unknown policy '{}' (available: {})", env.spec().id, name, fmt::join(names, ", ")));
}

}  // namespace gym
