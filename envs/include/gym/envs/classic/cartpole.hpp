// CartPole: a pole hinged on a cart that moves along a frictionless track.
// Reference: Gymnasium 1.4, gymnasium/envs/classic_control/cartpole.py
// (CartPole-v0 / CartPole-v1), itself after Barto, Sutton and Anderson (1983)
// with the equations of Florian, "Correct equations for the dynamics of the
// cart-pole system" (2007). Explicit Euler with tau = 0.02 s.
//
// The float64 instantiation reproduces Gymnasium's arithmetic operation for
// operation (same evaluation order, libm trig), so a transition matches
// Gymnasium's to the last bit; the float32 instantiation is the batched path.
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

struct CartPole {
  static constexpr const char* kId = "CartPole";
  static constexpr int kStateDim = 4;
  static constexpr int kObsDim = 4;
  static constexpr bool kDiscrete = true;
  static constexpr int kNumActions = 2;  // 0: push left, 1: push right
  static constexpr std::array<const char*, kStateDim> kStateNames = {"x", "x_dot", "theta", "theta_dot"};

  // Physical constants, templated on the scalar so that gym::diff can
  // differentiate with respect to them; Params holds plain doubles.
  template <class S>
  struct BasicParams {
    S gravity = 9.8;     // m/s^2, downward
    S masscart = 1.0;    // kg
    S masspole = 0.1;    // kg
    S length = 0.5;      // m, half the pole's length (distance hinge -> centre of mass)
    S force_mag = 10.0;  // N, magnitude of the push
    S tau = 0.02;        // s, time step
    S theta_threshold_radians = 12 * 2 * std::numbers::pi / 360;  // rad, |theta| beyond ends the episode
    S x_threshold = 2.4;                                          // m, |x| beyond ends the episode
    bool sutton_barto_reward = false;  // reward 0 per step and -1 on failure instead of +1 per step
    bool semi_implicit_euler = false;  // update velocities first, then positions from the new velocities
  };
  using Params = BasicParams<double>;

  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.gravity, ParamInfo::positive("gravity", "m/s^2", "gravitational acceleration"));
    f(p.masscart, ParamInfo::positive("masscart", "kg", "mass of the cart"));
    f(p.masspole, ParamInfo::positive("masspole", "kg", "mass of the pole"));
    f(p.length, ParamInfo::positive("length", "m", "half the pole's length"));
    f(p.force_mag, ParamInfo::positive("force_mag", "N", "magnitude of the force pushing the cart"));
    f(p.tau, ParamInfo::positive("tau", "s", "time step of the Euler integrator"));
    f(p.theta_threshold_radians,
      ParamInfo::positive("theta_threshold_radians", "rad", "pole angle beyond which the episode terminates"));
    f(p.x_threshold, ParamInfo::positive("x_threshold", "m", "cart position beyond which the episode terminates"));
    f(p.sutton_barto_reward,
      ParamInfo::flag("sutton_barto_reward", "reward 0 per step and -1 on failure (Sutton and Barto)"));
    f(p.semi_implicit_euler, ParamInfo::flag("semi_implicit_euler",
                                             "semi-implicit Euler (Gymnasium's kinematics_integrator option)"));
  }

  // reset(options={"low": l, "high": h}) as in Gymnasium: each state variable
  // uniform in [low, high).
  struct ResetOptions {
    double low = -0.05;
    double high = 0.05;
  };
  template <class R, class F>
  static void for_each_reset_option(R& r, F&& f) {
    f(r.low, ParamInfo{"low", "", "lower bound of the uniform initial state"});
    f(r.high, ParamInfo{"high", "", "upper bound of the uniform initial state"});
  }
  static void check(const ResetOptions& r, std::string_view owner);

  template <class T>
  struct State {
    T x;          // m, cart position, 0 at the centre of the track
    T x_dot;      // m/s, cart velocity
    T theta;      // rad, pole angle from vertical, positive clockwise
    T theta_dot;  // rad/s, pole angular velocity
  };

  template <class T, class R>
  GYM_HD static State<T> reset(const Params&, const ResetOptions& r, R& rng) {
    const T lo = T(r.low), hi = T(r.high);
    State<T> s;
    s.x = rng.template uniform<T>(lo, hi);
    s.x_dot = rng.template uniform<T>(lo, hi);
    s.theta = rng.template uniform<T>(lo, hi);
    s.theta_dot = rng.template uniform<T>(lo, hi);
    return s;
  }

  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step(const State<T>& s, int32_t action, const P& p) {
    return dynamics<T>(s, action == 1 ? T(p.force_mag) : -T(p.force_mag), p);
  }

  // One step under a horizontal force on the cart (N), shared by the discrete
  // env and CartPoleContinuous.
  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> dynamics(const State<T>& s, T force, const P& p) {
    // Derived constants are recomputed from the parameters, so changing a mass
    // can never leave a stale total behind.
    const T masspole = T(p.masspole), length = T(p.length), tau = T(p.tau);
    const T total_mass = masspole + T(p.masscart);
    const T polemass_length = masspole * length;

    T sintheta, costheta;
    math::sincos(s.theta, &sintheta, &costheta);
    // div_const: a plain division in float64; in float32, a multiplication by
    // the batch-constant 1 / total_mass.
    const T temp = math::div_const(force + polemass_length * (s.theta_dot * s.theta_dot) * sintheta, total_mass);
    const T thetaacc = (T(p.gravity) * sintheta - costheta * temp) /
                       (length * (T(4.0) / T(3.0) - math::div_const(masspole * (costheta * costheta), total_mass)));
    const T xacc = temp - math::div_const(polemass_length * thetaacc * costheta, total_mass);

    // Gymnasium's "euler" integrator moves positions with the old velocities,
    // its "semi-implicit euler" with the new ones (a batch-wide choice: a
    // select, so the batch loop stays branch-free).
    State<T> n;
    n.x_dot = s.x_dot + tau * xacc;
    n.theta_dot = s.theta_dot + tau * thetaacc;
    const bool semi = p.semi_implicit_euler;
    n.x = s.x + tau * math::select(semi, n.x_dot, s.x_dot);
    n.theta = s.theta + tau * math::select(semi, n.theta_dot, s.theta_dot);

    const T x_limit = T(p.x_threshold), theta_limit = T(p.theta_threshold_radians);
    const bool terminated = (n.x < -x_limit) | (n.x > x_limit) | (n.theta < -theta_limit) | (n.theta > theta_limit);
    const T alive_reward = p.sutton_barto_reward ? T(0) : T(1);
    const T fail_reward = p.sutton_barto_reward ? T(-1) : T(1);
    return {n, terminated ? fail_reward : alive_reward, terminated};
  }

  template <class T>
  GYM_HD static void observe(const State<T>& s, const Params&, T* obs) {
    obs[0] = s.x;
    obs[1] = s.x_dot;
    obs[2] = s.theta;
    obs[3] = s.theta_dot;
  }

  static Box observation_space(const Params& p);
  static Discrete action_space(const Params&) { return Discrete(kNumActions); }

  // Gymnasium's 600x400 scene: track, cart, pole and axle (envs/src/classic_draw.cpp).
  static void draw(const State<double>& s, const Params& p, const DrawContext& ctx, DrawList& out);
};

// CartPoleContinuous-v1: ours, not Gymnasium's. CartPole with one real action
// a, the force clip(a, -1, 1) * force_mag, so that the dynamics can be
// differentiated with respect to the action. a = -1 and a = 1 give exactly
// CartPole's two discrete transitions.
struct CartPoleContinuous : CartPole {
  static constexpr const char* kId = "CartPoleContinuous";
  static constexpr bool kDiscrete = false;
  static constexpr int kActionDim = 1;

  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step(const State<T>& s, const T* action, const P& p) {
    return dynamics<T>(s, math::clip(action[0], T(-1), T(1)) * T(p.force_mag), p);
  }

  static Box action_space(const Params&);
};

}  // namespace gym::envs
