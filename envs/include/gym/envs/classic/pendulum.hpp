// Pendulum: swing a frictionless pendulum up and keep it upright with a
// limited torque.
// Reference: Gymnasium 1.4, gymnasium/envs/classic_control/pendulum.py
// (Pendulum-v1). Explicit Euler on the angular velocity, then the angle from
// the new velocity (semi-implicit), dt = 0.05 s.
//
// The float64 instantiation reproduces Gymnasium's arithmetic: the cost is
// computed on the state before the step, with the angle normalised by
// Python's modulo, and x**2 is libm's pow (math::pow2).
#pragma once

#include <array>
#include <cstdint>
#include <numbers>

#include "gym/hd.hpp"
#include "gym/math.hpp"
#include "gym/model.hpp"
#include "gym/options.hpp"
#include "gym/spaces.hpp"

namespace gym::envs {

struct Pendulum {
  static constexpr const char* kId = "Pendulum";
  static constexpr int kStateDim = 2;
  static constexpr int kObsDim = 3;
  static constexpr bool kDiscrete = false;
  static constexpr int kActionDim = 1;
  static constexpr std::array<const char*, kStateDim> kStateNames = {"theta", "theta_dot"};

  // Physical constants, templated on the scalar so that gym::diff can
  // differentiate with respect to them; Params holds plain doubles.
  template <class S>
  struct BasicParams {
    S max_speed = 8.0;   // rad/s, |theta_dot| is clipped to this
    S max_torque = 2.0;  // N m, |torque| is clipped to this
    S dt = 0.05;         // s, time step
    S g = 10.0;          // m/s^2 (Gymnasium's keyword argument g)
    S m = 1.0;           // kg, mass at the end of the rod
    S l = 1.0;           // m, length of the rod
  };
  using Params = BasicParams<double>;

  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.max_speed, ParamInfo::positive("max_speed", "rad/s", "angular speed limit"));
    f(p.max_torque, ParamInfo::positive("max_torque", "N m", "largest torque; larger actions are clipped"));
    f(p.dt, ParamInfo::positive("dt", "s", "time step"));
    f(p.g, ParamInfo::positive("g", "m/s^2", "gravitational acceleration"));
    f(p.m, ParamInfo::positive("m", "kg", "mass of the pendulum"));
    f(p.l, ParamInfo::positive("l", "m", "length of the pendulum"));
  }

  // reset(options={"x_init": x, "y_init": y}) as in Gymnasium: theta uniform
  // in [-x_init, x_init), theta_dot uniform in [-y_init, y_init).
  struct ResetOptions {
    double x_init = std::numbers::pi;
    double y_init = 1.0;
  };
  template <class R, class F>
  static void for_each_reset_option(R& r, F&& f) {
    f(r.x_init, ParamInfo{"x_init", "rad", "bound of the uniform initial angle"});
    f(r.y_init, ParamInfo{"y_init", "rad/s", "bound of the uniform initial angular velocity"});
  }

  template <class T>
  struct State {
    T theta;      // rad, 0 is upright; not wrapped (the observation carries cos and sin)
    T theta_dot;  // rad/s
  };

  template <class T, class R>
  GYM_HD static State<T> reset(const Params&, const ResetOptions& r, R& rng) {
    State<T> s;
    s.theta = rng.template uniform<T>(-T(r.x_init), T(r.x_init));
    s.theta_dot = rng.template uniform<T>(-T(r.y_init), T(r.y_init));
    return s;
  }

  // Reward: -(angle^2 + 0.1 theta_dot^2 + 0.001 torque^2) of the state before
  // the step, the angle normalised to [-pi, pi); the torque is clipped.
  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step(const State<T>& s, const T* action, const P& p) {
    const T th = s.theta, thdot = s.theta_dot, dt = T(p.dt);
    const T u = math::clip(action[0], -T(p.max_torque), T(p.max_torque));
    const T pi = T(std::numbers::pi);
    const T angle = math::pymod(th + pi, T(2) * pi) - pi;
    const T costs = math::pow2(angle) + T(0.1) * math::pow2(thdot) + T(0.001) * math::pow2(u);
    const T gravity_term = T(3) * T(p.g) / (T(2) * T(p.l)) * math::sin(th);
    const T torque_term = T(3.0) / (T(p.m) * math::pow2(T(p.l))) * u;
    T newthdot = thdot + (gravity_term + torque_term) * dt;
    newthdot = math::clip(newthdot, -T(p.max_speed), T(p.max_speed));
    const T newth = th + newthdot * dt;
    return {{newth, newthdot}, -costs, false};
  }

  template <class T>
  GYM_HD static void observe(const State<T>& s, const Params&, T* obs) {
    math::sincos(s.theta, &obs[1], &obs[0]);
    obs[2] = s.theta_dot;
  }

  static Box observation_space(const Params& p);
  static Box action_space(const Params& p);

  // Gymnasium's 500x500 scene: rod, pivot and, after a step, a torque arrow
  // (envs/src/classic_draw.cpp).
  static void draw(const State<double>& s, const Params& p, const DrawContext& ctx, DrawList& out);
};

}  // namespace gym::envs
