// Acrobot: a two-link chain hanging from a fixed joint, actuated only at the
// joint between the links; swing the tip above the line one link-length over
// the base.
// Reference: Gymnasium 1.4, gymnasium/envs/classic_control/acrobot.py
// (Acrobot-v1), the "book" dynamics of Sutton and Barto (1998, 2018), one
// fourth-order Runge-Kutta step of dt = 0.2 s, angles wrapped to [-pi, pi],
// angular velocities clipped to [-4 pi, 4 pi] and [-9 pi, 9 pi].
//
// The float64 instantiation reproduces Gymnasium's arithmetic (its rk4 over
// the state augmented with the torque, in its evaluation order, libm trig and
// pow); reset states are float32 numbers, as Gymnasium's .astype(np.float32).
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>
#include <numbers>

#include "gym/float32.hpp"
#include "gym/hd.hpp"
#include "gym/math.hpp"
#include "gym/model.hpp"
#include "gym/options.hpp"
#include "gym/spaces.hpp"

namespace gym::envs {

struct Acrobot {
  static constexpr const char* kId = "Acrobot";
  static constexpr int kStateDim = 4;
  static constexpr int kObsDim = 6;
  static constexpr bool kDiscrete = true;
  static constexpr int kNumActions = 3;  // torque -1, 0, +1 on the joint between the links
  static constexpr std::array<const char*, kStateDim> kStateNames = {"theta1", "theta2", "dtheta1", "dtheta2"};

  // Physical constants, templated on the scalar so that gym::diff can
  // differentiate with respect to them; Params holds plain doubles.
  template <class S>
  struct BasicParams {
    S dt = 0.2;               // s, one RK4 step
    S link_length_1 = 1.0;    // m
    S link_length_2 = 1.0;    // m (drawing only; the dynamics use link 2's centre of mass)
    S link_mass_1 = 1.0;      // kg
    S link_mass_2 = 1.0;      // kg
    S link_com_pos_1 = 0.5;   // m, joint to centre of mass of link 1
    S link_com_pos_2 = 0.5;   // m, joint to centre of mass of link 2
    S link_moi = 1.0;         // kg m^2, moment of inertia of each link
    S max_vel_1 = 4 * std::numbers::pi;  // rad/s
    S max_vel_2 = 9 * std::numbers::pi;  // rad/s
    S gravity = 9.8;          // m/s^2 (a constant in Gymnasium's code)
  };
  using Params = BasicParams<double>;

  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.dt, ParamInfo::positive("dt", "s", "time step (one Runge-Kutta step)"));
    f(p.link_length_1, ParamInfo::positive("link_length_1", "m", "length of link 1"));
    f(p.link_length_2, ParamInfo::positive("link_length_2", "m", "length of link 2 (drawing only)"));
    f(p.link_mass_1, ParamInfo::positive("link_mass_1", "kg", "mass of link 1"));
    f(p.link_mass_2, ParamInfo::positive("link_mass_2", "kg", "mass of link 2"));
    f(p.link_com_pos_1, ParamInfo::positive("link_com_pos_1", "m", "distance from joint 1 to link 1's centre of mass"));
    f(p.link_com_pos_2, ParamInfo::positive("link_com_pos_2", "m", "distance from joint 2 to link 2's centre of mass"));
    f(p.link_moi, ParamInfo::positive("link_moi", "kg m^2", "moment of inertia of each link"));
    f(p.max_vel_1, ParamInfo::positive("max_vel_1", "rad/s", "angular speed limit of link 1"));
    f(p.max_vel_2, ParamInfo::positive("max_vel_2", "rad/s", "angular speed limit of link 2"));
    f(p.gravity, ParamInfo::positive("gravity", "m/s^2", "gravitational acceleration"));
  }

  // reset(options={"low": l, "high": h}) as in Gymnasium: each state variable
  // uniform in [low, high), rounded to float32.
  struct ResetOptions {
    double low = -0.1;
    double high = 0.1;
  };
  template <class R, class F>
  static void for_each_reset_option(R& r, F&& f) {
    f(r.low, ParamInfo{"low", "", "lower bound of the uniform initial state"});
    f(r.high, ParamInfo{"high", "", "upper bound of the uniform initial state"});
  }
  static void check(const ResetOptions& r, std::string_view owner);

  template <class T>
  struct State {
    T theta1;   // rad, link 1 from hanging straight down
    T theta2;   // rad, link 2 relative to link 1
    T dtheta1;  // rad/s
    T dtheta2;  // rad/s
  };

  template <class T, class R>
  GYM_HD static State<T> reset(const Params&, const ResetOptions& r, R& rng) {
    const T lo = T(r.low), hi = T(r.high);
    State<T> s;
    s.theta1 = as_float32(rng.template uniform<T>(lo, hi));
    s.theta2 = as_float32(rng.template uniform<T>(lo, hi));
    s.dtheta1 = as_float32(rng.template uniform<T>(lo, hi));
    s.dtheta2 = as_float32(rng.template uniform<T>(lo, hi));
    return s;
  }

  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step(const State<T>& s, int32_t action, const P& p) {
    return dynamics<T>(s, T(action - 1), p);
  }

  // One step under a torque at the joint between the links, shared by the
  // discrete env and AcrobotContinuous.
  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> dynamics(const State<T>& s, T torque, const P& p) {
    // Gymnasium's rk4 over [theta1, theta2, dtheta1, dtheta2]; its fifth,
    // constant component (the torque) is carried as `torque`.
    const T dt = T(p.dt), dt2 = dt / T(2.0);
    State<T> k1 = derivatives(s, torque, p);
    State<T> k2 = derivatives(axpy(s, dt2, k1), torque, p);
    State<T> k3 = derivatives(axpy(s, dt2, k2), torque, p);
    State<T> k4 = derivatives(axpy(s, dt, k3), torque, p);
    const T h = dt / T(6.0);
    auto combine = [&](T y, T a, T b, T c, T d) { return y + h * (((a + T(2) * b) + T(2) * c) + d); };
    State<T> n;
    n.theta1 = wrap(combine(s.theta1, k1.theta1, k2.theta1, k3.theta1, k4.theta1));
    n.theta2 = wrap(combine(s.theta2, k1.theta2, k2.theta2, k3.theta2, k4.theta2));
    n.dtheta1 = bound(combine(s.dtheta1, k1.dtheta1, k2.dtheta1, k3.dtheta1, k4.dtheta1), T(p.max_vel_1));
    n.dtheta2 = bound(combine(s.dtheta2, k1.dtheta2, k2.dtheta2, k3.dtheta2, k4.dtheta2), T(p.max_vel_2));
    // Terminal when the tip is one link length above the base.
    const bool terminated = -math::cos(n.theta1) - math::cos(n.theta2 + n.theta1) > T(1.0);
    return {n, math::select(terminated, T(0), T(-1)), terminated};
  }

  template <class T>
  GYM_HD static void observe(const State<T>& s, const Params&, T* obs) {
    math::sincos(s.theta1, &obs[1], &obs[0]);
    math::sincos(s.theta2, &obs[3], &obs[2]);
    obs[4] = s.dtheta1;
    obs[5] = s.dtheta2;
  }

  static Box observation_space(const Params& p);
  static Discrete action_space(const Params&) { return Discrete(kNumActions); }

  // Gymnasium's 500x500 scene: goal line, links and joints (envs/src/classic_draw.cpp).
  static void draw(const State<double>& s, const Params& p, const DrawContext& ctx, DrawList& out);

  // The equations of motion: d/dt of the state under a torque at joint 2.
  template <class T, class P = Params>
  GYM_HD GYM_FORCEINLINE static State<T> derivatives(const State<T>& s, T a, const P& p) {
    const T m1 = T(p.link_mass_1), m2 = T(p.link_mass_2), l1 = T(p.link_length_1);
    const T lc1 = T(p.link_com_pos_1), lc2 = T(p.link_com_pos_2), I1 = T(p.link_moi), I2 = T(p.link_moi);
    const T g = T(p.gravity), pi = T(std::numbers::pi);
    const T theta1 = s.theta1, theta2 = s.theta2, dtheta1 = s.dtheta1, dtheta2 = s.dtheta2;
    const T sin2 = math::sin(theta2), cos2 = math::cos(theta2);
    const T d1 =
        m1 * math::pow2(lc1) + m2 * (math::pow2(l1) + math::pow2(lc2) + T(2) * l1 * lc2 * cos2) + I1 + I2;
    const T d2 = m2 * (math::pow2(lc2) + l1 * lc2 * cos2) + I2;
    const T phi2 = m2 * lc2 * g * math::cos(theta1 + theta2 - pi / T(2.0));
    const T phi1 = -m2 * l1 * lc2 * math::pow2(dtheta2) * sin2 - T(2) * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
                   (m1 * lc1 + m2 * l1) * g * math::cos(theta1 - pi / T(2)) + phi2;
    const T ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * math::pow2(dtheta1) * sin2 - phi2) /
                       (m2 * math::pow2(lc2) + I2 - math::pow2(d2) / d1);
    const T ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    return {dtheta1, dtheta2, ddtheta1, ddtheta2};
  }

 private:
  template <class T>
  GYM_HD static T as_float32(T x) {
    if constexpr (std::is_same_v<T, double>) return round_to_float32(x);
    else return x;
  }

  template <class T>
  GYM_HD static State<T> axpy(const State<T>& y, T h, const State<T>& k) {
    return {y.theta1 + h * k.theta1, y.theta2 + h * k.theta2, y.dtheta1 + h * k.dtheta1, y.dtheta2 + h * k.dtheta2};
  }

  // Gymnasium's wrap(x, -pi, pi): subtracts or adds 2 pi until x is in range
  // (derivative 1). The float path does it in one step (no loop, so it
  // vectorises).
  template <class T>
  GYM_HD static T wrap(T x) {
    const T pi = T(std::numbers::pi), lo = -pi, hi = pi;
    const T diff = hi - lo;
    if constexpr (is_reference_v<T>) {
      while (x > hi) x = x - diff;
      while (x < lo) x = x + diff;
      return x;
    } else {
      const T turns = math::floor((x - lo) / diff);
      const T wrapped = x - turns * diff;
      return math::select((x > hi) | (x < lo), wrapped, x);
    }
  }

  // Gymnasium's bound(x, -m, m) = min(max(x, -m), m) with Python's min / max.
  template <class T>
  GYM_HD static T bound(T x, T m) {
    return math::min(math::max(x, -m), m);
  }
};

// AcrobotContinuous-v1: ours, not Gymnasium's. Acrobot with one real action,
// the torque clip(a, -1, 1), so that the dynamics can be differentiated with
// respect to the action. a = -1, 0 and 1 give exactly Acrobot's three
// discrete transitions.
struct AcrobotContinuous : Acrobot {
  static constexpr const char* kId = "AcrobotContinuous";
  static constexpr bool kDiscrete = false;
  static constexpr int kActionDim = 1;

  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step(const State<T>& s, const T* action, const P& p) {
    return dynamics<T>(s, math::clip(action[0], T(-1), T(1)), p);
  }

  static Box action_space(const Params&);
};

}  // namespace gym::envs
