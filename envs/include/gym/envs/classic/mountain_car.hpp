// MountainCar: an under-powered car in a valley must rock back and forth to
// reach the flag on the right hill.
// Reference: Gymnasium 1.4, gymnasium/envs/classic_control/mountain_car.py
// (MountainCar-v0) and continuous_mountain_car.py (MountainCarContinuous-v0),
// after Moore (1990), "Efficient memory-based learning for robot control".
//
// Both float64 instantiations reproduce Gymnasium's arithmetic operation for
// operation; the continuous one also reproduces numpy's typing of it (see
// MountainCarContinuous::step).
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

#include "gym/float32.hpp"
#include "gym/hd.hpp"
#include "gym/math.hpp"
#include "gym/model.hpp"
#include "gym/options.hpp"
#include "gym/spaces.hpp"

namespace gym::envs {

// Shared by both variants: state, reset distribution and reset options.
struct MountainCarBase {
  static constexpr int kStateDim = 2;
  static constexpr int kObsDim = 2;
  static constexpr std::array<const char*, kStateDim> kStateNames = {"position", "velocity"};

  template <class T>
  struct State {
    T position;  // along the track; the valley's bottom is near -0.52
    T velocity;  // position units per step
  };

  // reset(options={"low": l, "high": h}) as in Gymnasium: position uniform in
  // [low, high), velocity 0.
  struct ResetOptions {
    double low = -0.6;
    double high = -0.4;
  };
  template <class R, class F>
  static void for_each_reset_option(R& r, F&& f) {
    f(r.low, ParamInfo{"low", "", "lower bound of the uniform initial position"});
    f(r.high, ParamInfo{"high", "", "upper bound of the uniform initial position"});
  }
  static void check(const ResetOptions& r, std::string_view owner);

  template <class T, class P, class R>
  GYM_HD static State<T> reset(const P&, const ResetOptions& r, R& rng) {
    return {rng.template uniform<T>(T(r.low), T(r.high)), T(0)};
  }

  template <class T, class P>
  GYM_HD static void observe(const State<T>& s, const P&, T* obs) {
    obs[0] = s.position;
    obs[1] = s.velocity;
  }

  // The motion both variants share once the velocity has been updated by
  // the engine and the slope: the speed limit, the track's ends, the stop at
  // the left wall, and whether the car is at the flag fast enough.
  template <class T, class P>
  GYM_HD static State<T> move(const State<T>& s, T velocity, const P& p, bool& at_goal) {
    const T max_speed = T(p.max_speed), min_position = T(p.min_position);
    velocity = math::clip(velocity, -max_speed, max_speed);
    const T position = math::clip(s.position + velocity, min_position, T(p.max_position));
    velocity = math::select((position == min_position) & (velocity < T(0)), T(0), velocity);
    at_goal = (position >= T(p.goal_position)) & (velocity >= T(p.goal_velocity));
    return {position, velocity};
  }
};

struct MountainCar : MountainCarBase {
  static constexpr const char* kId = "MountainCar";
  static constexpr bool kDiscrete = true;
  static constexpr int kNumActions = 3;  // 0: push left, 1: no push, 2: push right

  // Physical constants, templated on the scalar so that gym::diff can
  // differentiate with respect to them; Params holds plain doubles.
  template <class S>
  struct BasicParams {
    S min_position = -1.2;   // left wall
    S max_position = 0.6;    // right end of the track
    S max_speed = 0.07;      // |velocity| is clipped to this
    S goal_position = 0.5;   // the flag
    S goal_velocity = 0.0;   // velocity needed at the flag
    S force = 0.001;         // acceleration of a push
    S gravity = 0.0025;      // scale of the slope's pull
  };
  using Params = BasicParams<double>;

  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.min_position, ParamInfo{"min_position", "", "left end of the track (a wall)"});
    f(p.max_position, ParamInfo{"max_position", "", "right end of the track"});
    f(p.max_speed, ParamInfo::positive("max_speed", "", "speed limit per step"));
    f(p.goal_position, ParamInfo{"goal_position", "", "position of the flag"});
    f(p.goal_velocity, ParamInfo{"goal_velocity", "", "minimum velocity at the flag to finish"});
    f(p.force, ParamInfo::positive("force", "", "acceleration of a push"));
    f(p.gravity, ParamInfo::positive("gravity", "", "strength of gravity along the slope"));
  }
  static void check(const Params& p, std::string_view owner);
  using MountainCarBase::check;

  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step(const State<T>& s, int32_t action, const P& p) {
    const T velocity = s.velocity + (T(action - 1) * T(p.force) + math::cos(T(3) * s.position) * (-T(p.gravity)));
    bool terminated;
    const State<T> next = move(s, velocity, p, terminated);
    return {next, T(-1), terminated};
  }

  static Box observation_space(const Params& p);
  static Discrete action_space(const Params&) { return Discrete(kNumActions); }

  // Gymnasium's 600x400 scene: hill, car and flag (envs/src/classic_draw.cpp).
  static void draw(const State<double>& s, const Params& p, const DrawContext& ctx, DrawList& out);
};

// MountainCarContinuous-v0: the same car under a real-valued force.
struct MountainCarContinuous : MountainCarBase {
  static constexpr const char* kId = "MountainCarContinuous";
  static constexpr bool kDiscrete = false;
  static constexpr int kActionDim = 1;

  // Physical constants, templated on the scalar so that gym::diff can
  // differentiate with respect to them; Params holds plain doubles.
  template <class S>
  struct BasicParams {
    S min_action = -1.0;     // actions are clipped to [min_action, max_action]
    S max_action = 1.0;
    S min_position = -1.2;
    S max_position = 0.6;
    S max_speed = 0.07;
    S goal_position = 0.45;  // Gymnasium: 0.45 here, 0.5 in MountainCar-v0
    S goal_velocity = 0.0;
    S power = 0.0015;        // acceleration per unit of action
    S gravity = 0.0025;      // a constant in Gymnasium's code
  };
  using Params = BasicParams<double>;

  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.min_action, ParamInfo{"min_action", "", "lowest action (smaller ones are clipped)"});
    f(p.max_action, ParamInfo{"max_action", "", "highest action (larger ones are clipped)"});
    f(p.min_position, ParamInfo{"min_position", "", "left end of the track (a wall)"});
    f(p.max_position, ParamInfo{"max_position", "", "right end of the track"});
    f(p.max_speed, ParamInfo::positive("max_speed", "", "speed limit per step"));
    f(p.goal_position, ParamInfo{"goal_position", "", "position of the flag"});
    f(p.goal_velocity, ParamInfo{"goal_velocity", "", "minimum velocity at the flag to finish"});
    f(p.power, ParamInfo::positive("power", "", "acceleration per unit of action"));
    f(p.gravity, ParamInfo::positive("gravity", "", "strength of gravity along the slope"));
  }
  static void check(const Params& p, std::string_view owner);
  using MountainCarBase::check;

  // Reward: 100 on reaching the goal, minus 0.1 a^2 for the unclipped action.
  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step(const State<T>& s, const T* action, const P& p) {
    if constexpr (std::is_same_v<T, double>) {
      return step_as_numpy(s, action[0], p);
    } else if constexpr (is_reference_v<T>) {
      // Duals: the values of the float64 path, with the derivatives of the
      // same formulas.
      auto out = step_formulas(s, action, p);
      const auto ref = step_as_numpy({value_of(s.position), value_of(s.velocity)}, value_of(action[0]),
                                     param_values<MountainCarContinuous>(p));
      out.state.position.v = ref.state.position;
      out.state.velocity.v = ref.state.velocity;
      out.reward.v = ref.reward;
      out.terminated = ref.terminated;
      return out;
    } else {
      return step_formulas(s, action, p);
    }
  }

  // Gymnasium's formulas in the scalar T throughout (the batch path).
  template <class T, class P = Params>
  GYM_HD static ModelStep<State<T>, T> step_formulas(const State<T>& s, const T* action, const P& p) {
    const T a = action[0];
    const T force = math::clip(a, T(p.min_action), T(p.max_action));
    const T velocity = s.velocity + (force * T(p.power) - T(p.gravity) * math::cos(T(3) * s.position));
    bool terminated;
    const State<T> next = move(s, velocity, p, terminated);
    const T reward = math::select(terminated, T(100), T(0)) - math::pow2(a) * T(0.1);
    return {next, reward, terminated};
  }

  static Box observation_space(const Params& p);
  static Box action_space(const Params& p);

  // Gymnasium's 600x400 scene, as MountainCar's (envs/src/classic_draw.cpp).
  static void draw(const State<double>& s, const Params& p, const DrawContext& ctx, DrawList& out);

 private:
  // Gymnasium's float64 path, with numpy 2's typing. Its state is a float64
  // array after reset but a float32 array after every step, and with a
  // float32 position or velocity part of the arithmetic is float32: 3 *
  // position is a float32 product; a float32 plus a Python float (a clipped
  // action, a clipped speed or position) is a float32 sum; comparisons of a
  // float32 with a Python float compare in float32. A state whose two values
  // are float32 numbers is taken as the float32 array (a reset position is a
  // random double, which is a float32 number once in 2^29 draws).
  struct Num {  // a Python value: its number and how numpy types it
    enum Kind { kF64, kF32, kPy } kind;
    double v;
  };
  static bool gt(Num x, double c) { return x.kind == Num::kF32 ? float(x.v) > float(c) : x.v > c; }
  static bool lt(Num x, double c) { return x.kind == Num::kF32 ? float(x.v) < float(c) : x.v < c; }
  static bool ge(Num x, double c) { return x.kind == Num::kF32 ? float(x.v) >= float(c) : x.v >= c; }
  static bool eq(Num x, double c) { return x.kind == Num::kF32 ? float(x.v) == float(c) : x.v == c; }
  // x + y for a numpy scalar x and a value y.
  static Num add(Num x, Num y) {
    if (x.kind == Num::kF32 && y.kind != Num::kF64) return {Num::kF32, double(float(x.v) + float(y.v))};
    return {Num::kF64, x.v + y.v};
  }

  static ModelStep<State<double>, double> step_as_numpy(const State<double>& s, double a, const Params& p) {
    const bool f32 = round_to_float32(s.position) == s.position && round_to_float32(s.velocity) == s.velocity;
    Num position{f32 ? Num::kF32 : Num::kF64, s.position};
    Num velocity{f32 ? Num::kF32 : Num::kF64, s.velocity};
    // force = min(max(a, min_action), max_action): the np.float64 action, or
    // a Python float when clipped.
    const bool clipped = p.min_action > a || p.max_action < (p.min_action > a ? p.min_action : a);
    const double force = math::min(math::max(a, p.min_action), p.max_action);
    const double three_position =
        position.kind == Num::kF32 ? double(3.0f * float(position.v)) : 3.0 * position.v;
    const double dv = force * p.power - p.gravity * std::cos(three_position);
    velocity = add(velocity, {clipped ? Num::kPy : Num::kF64, dv});
    if (gt(velocity, p.max_speed)) velocity = {Num::kPy, p.max_speed};
    if (lt(velocity, -p.max_speed)) velocity = {Num::kPy, -p.max_speed};
    position = add(position, velocity);
    if (gt(position, p.max_position)) position = {Num::kPy, p.max_position};
    if (lt(position, p.min_position)) position = {Num::kPy, p.min_position};
    if (eq(position, p.min_position) && velocity.v < 0) velocity = {Num::kPy, 0.0};
    const bool terminated = ge(position, p.goal_position) && ge(velocity, p.goal_velocity);
    const double reward = (terminated ? 100.0 : 0.0) - math::pow2(a) * 0.1;
    return {{round_to_float32(position.v), round_to_float32(velocity.v)}, reward, terminated};
  }
};

}  // namespace gym::envs
