// The out-of-line parts of the classic-control models: spaces and the
// cross-field checks of parameters and reset options.
#include <limits>

#include <fmt/format.h>

#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/error.hpp"

namespace gym::envs {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Gymnasium's utils.maybe_parse_reset_bounds rule.
void check_bounds(double low, double high, std::string_view owner) {
  if (!(low <= high))
    throw Error(fmt::format("{}: reset option low = {} must not exceed high = {}", owner, low, high));
}

void check_order(double lo, const char* lo_name, double hi, const char* hi_name, std::string_view owner) {
  if (!(lo < hi)) throw Error(fmt::format("{}: {} = {} must be below {} = {}", owner, lo_name, lo, hi_name, hi));
}

}  // namespace

// ---- CartPole ---------------------------------------------------------------

Box CartPole::observation_space(const Params& p) {
  const double x = 2 * p.x_threshold, theta = 2 * p.theta_threshold_radians;
  return Box({-x, -kInf, -theta, -kInf}, {x, kInf, theta, kInf}, Shape{kObsDim}, DType::kFloat32);
}

void CartPole::check(const ResetOptions& r, std::string_view owner) { check_bounds(r.low, r.high, owner); }

Box CartPoleContinuous::action_space(const Params&) { return Box(-1.0, 1.0, Shape{kActionDim}, DType::kFloat32); }

// ---- MountainCar ------------------------------------------------------------

void MountainCarBase::check(const ResetOptions& r, std::string_view owner) { check_bounds(r.low, r.high, owner); }

Box MountainCar::observation_space(const Params& p) {
  return Box({p.min_position, -p.max_speed}, {p.max_position, p.max_speed}, Shape{kObsDim}, DType::kFloat32);
}

void MountainCar::check(const Params& p, std::string_view owner) {
  check_order(p.min_position, "min_position", p.max_position, "max_position", owner);
}

Box MountainCarContinuous::observation_space(const Params& p) {
  return Box({p.min_position, -p.max_speed}, {p.max_position, p.max_speed}, Shape{kObsDim}, DType::kFloat32);
}

Box MountainCarContinuous::action_space(const Params& p) {
  return Box(p.min_action, p.max_action, Shape{kActionDim}, DType::kFloat32);
}

void MountainCarContinuous::check(const Params& p, std::string_view owner) {
  check_order(p.min_position, "min_position", p.max_position, "max_position", owner);
  check_order(p.min_action, "min_action", p.max_action, "max_action", owner);
}

// ---- Pendulum ---------------------------------------------------------------

Box Pendulum::observation_space(const Params& p) {
  return Box({-1.0, -1.0, -p.max_speed}, {1.0, 1.0, p.max_speed}, Shape{kObsDim}, DType::kFloat32);
}

Box Pendulum::action_space(const Params& p) {
  return Box(-p.max_torque, p.max_torque, Shape{kActionDim}, DType::kFloat32);
}

// ---- Acrobot ----------------------------------------------------------------

Box Acrobot::observation_space(const Params& p) {
  return Box({-1.0, -1.0, -1.0, -1.0, -p.max_vel_1, -p.max_vel_2}, {1.0, 1.0, 1.0, 1.0, p.max_vel_1, p.max_vel_2},
             Shape{kObsDim}, DType::kFloat32);
}

void Acrobot::check(const ResetOptions& r, std::string_view owner) { check_bounds(r.low, r.high, owner); }

Box AcrobotContinuous::action_space(const Params&) { return Box(-1.0, 1.0, Shape{kActionDim}, DType::kFloat32); }

}  // namespace gym::envs
