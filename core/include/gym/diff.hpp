// gym::diff: exact derivatives of a model's dynamics (DESIGN.md section 4).
//
// The model's own step runs on gym::Dual<double, N>, one tangent lane per
// state variable and action component, so every Jacobian is exact to
// rounding and there are no hand-written derivatives to keep in sync. The
// values it returns are bit-identical to the plain float64 step.
//
// What the derivatives are at non-smooth points (see also gym/dual.hpp):
// - termination is a decision on values: it has no derivative, and a
//   trajectory gradient either stops at the terminating step
//   (TrajectoryOptions::stop_at_termination, the default) or ignores it;
// - clipping (Pendulum's speed and torque limits, MountainCar's speed limit
//   and walls, the action bounds) passes the derivative of the chosen side:
//   zero with respect to the clipped input while it is clipped, one-sided at
//   the bound itself; MountainCar's "stop at the left wall" zeroes the
//   velocity and its derivative;
// - angle wrapping (Acrobot) shifts by a constant: derivative one;
// - discrete actions have no derivative: d/d(action) is empty, and the
//   continuous variants (CartPoleContinuous, AcrobotContinuous,
//   MountainCarContinuous, Pendulum) are the ones to differentiate in the
//   action.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "gym/dual.hpp"
#include "gym/error.hpp"
#include "gym/model.hpp"

namespace gym::diff {

// A dense row-major matrix of doubles.
struct Matrix {
  int rows = 0, cols = 0;
  std::vector<double> data;  // rows * cols

  Matrix() = default;
  Matrix(int r, int c) : rows(r), cols(c), data(std::size_t(r) * std::size_t(c), 0.0) {}
  double& operator()(int i, int j) { return data[std::size_t(i) * cols + j]; }
  double operator()(int i, int j) const { return data[std::size_t(i) * cols + j]; }
  // [[row 0], [row 1], ...] for JSON.
  std::vector<std::vector<double>> nested() const {
    std::vector<std::vector<double>> out(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i)
      out[std::size_t(i)].assign(data.begin() + std::ptrdiff_t(i) * cols, data.begin() + std::ptrdiff_t(i + 1) * cols);
    return out;
  }
};

// One step from (state, action) with its Jacobians. D state variables, O
// observation components, A action components (0 for a discrete action).
// The observation here is the float64 observation of the next state, before
// the env rounds it to float32.
struct StepJacobian {
  std::vector<double> next_state;  // D
  std::vector<double> obs;         // O
  double reward = 0;
  bool terminated = false;
  Matrix d_next_state_d_state;            // D x D
  Matrix d_next_state_d_action;           // D x A
  Matrix d_obs_d_state;                   // O x D
  Matrix d_obs_d_action;                  // O x A
  std::vector<double> d_reward_d_state;   // D
  std::vector<double> d_reward_d_action;  // A
};

template <class M>
inline constexpr int diff_action_dim_v = M::kDiscrete ? 0 : action_dim_v<M>;

// The action argument of a model's step: an int32 for discrete models, A
// doubles for continuous ones.
template <class M>
using ActionArg = std::conditional_t<M::kDiscrete, int32_t, std::span<const double>>;

template <SteppableModel M>
StepJacobian jacobian(const typename M::template State<double>& state, ActionArg<M> action,
                      const typename M::Params& params) {
  constexpr int D = M::kStateDim, O = M::kObsDim, A = diff_action_dim_v<M>, N = D + A;
  using DT = Dual<double, N>;
  typename M::template State<DT> s;
  for_each_field<DT>(s, [&](DT& v, std::size_t k) {
    double x;
    std::memcpy(&x, reinterpret_cast<const char*>(&state) + k * sizeof(double), sizeof x);
    v = DT::variable(x, int(k));
  });
  auto out = [&] {
    if constexpr (M::kDiscrete) {
      return M::template step<DT>(s, action, params);
    } else {
      if (action.size() != std::size_t(A))
        throw Error(fmt::format("{}: an action has {} components, got {}", M::kId, A, action.size()));
      DT a[A];
      for (int k = 0; k < A; ++k) a[k] = DT::variable(action[k], D + k);
      return M::template step<DT>(s, a, params);
    }
  }();
  DT obs[O];
  M::template observe<DT>(out.state, params, obs);

  StepJacobian j;
  j.next_state.resize(D);
  j.d_next_state_d_state = Matrix(D, D);
  j.d_next_state_d_action = Matrix(D, A);
  for_each_field<DT>(out.state, [&](DT& v, std::size_t i) {
    j.next_state[i] = v.v;
    for (int k = 0; k < D; ++k) j.d_next_state_d_state(int(i), k) = v.d[k];
    for (int k = 0; k < A; ++k) j.d_next_state_d_action(int(i), k) = v.d[D + k];
  });
  j.obs.resize(O);
  j.d_obs_d_state = Matrix(O, D);
  j.d_obs_d_action = Matrix(O, A);
  for (int i = 0; i < O; ++i) {
    j.obs[i] = obs[i].v;
    for (int k = 0; k < D; ++k) j.d_obs_d_state(i, k) = obs[i].d[k];
    for (int k = 0; k < A; ++k) j.d_obs_d_action(i, k) = obs[i].d[D + k];
  }
  j.reward = out.reward.v;
  j.terminated = out.terminated;
  j.d_reward_d_state.assign(out.reward.d, out.reward.d + D);
  j.d_reward_d_action.assign(out.reward.d + D, out.reward.d + N);
  return j;
}

// Vector-Jacobian product of one step: given the gradient of some loss with
// respect to the next state (g_next, D values) and to the reward (g_reward),
// the gradient with respect to the state and to the action:
//   g_state  = g_next^T dnext/dstate  + g_reward dreward/dstate
//   g_action = g_next^T dnext/daction + g_reward dreward/daction
struct VjpResult {
  std::vector<double> d_state;   // D
  std::vector<double> d_action;  // A
};

inline VjpResult vjp(const StepJacobian& j, std::span<const double> g_next, double g_reward) {
  const int D = j.d_next_state_d_state.rows, A = j.d_next_state_d_action.cols;
  if (g_next.size() != std::size_t(D))
    throw Error(fmt::format("vjp: the next-state gradient has {} values for a state of {}", g_next.size(), D));
  VjpResult r{std::vector<double>(std::size_t(D)), std::vector<double>(std::size_t(A))};
  for (int k = 0; k < D; ++k) {
    double acc = g_reward * j.d_reward_d_state[k];
    for (int i = 0; i < D; ++i) acc += g_next[i] * j.d_next_state_d_state(i, k);
    r.d_state[k] = acc;
  }
  for (int k = 0; k < A; ++k) {
    double acc = g_reward * j.d_reward_d_action[k];
    for (int i = 0; i < D; ++i) acc += g_next[i] * j.d_next_state_d_action(i, k);
    r.d_action[k] = acc;
  }
  return r;
}

struct TrajectoryOptions {
  double gamma = 1.0;               // discount: return = sum_t gamma^t r_t
  bool stop_at_termination = true;  // end the return (and the gradient) at a terminating step
};

// The discounted return of an open-loop action sequence from an initial
// state, with its gradient with respect to every action and to the initial
// state (one forward pass storing each step's Jacobians, then one reverse
// pass of vector-Jacobian products).
struct TrajectoryGradient {
  double total_return = 0;
  int steps = 0;            // steps taken (< horizon if the episode terminated)
  bool terminated = false;
  std::vector<double> states;               // (steps + 1) x D, the visited states
  std::vector<double> d_return_d_actions;   // horizon x A (zero after termination)
  std::vector<double> d_return_d_state0;    // D
};

template <ContinuousModel M>
TrajectoryGradient trajectory_gradient(const typename M::template State<double>& state0,
                                       std::span<const double> actions, const typename M::Params& params,
                                       TrajectoryOptions options = {}) {
  constexpr int D = M::kStateDim, A = M::kActionDim;
  if (actions.size() % A != 0)
    throw Error(fmt::format("{}: {} action values do not make whole actions of {}", M::kId, actions.size(), A));
  if (!(options.gamma >= 0 && options.gamma <= 1))
    throw Error(fmt::format("{}: the discount gamma must be in [0, 1], got {}", M::kId, options.gamma));
  for (double a : actions)
    if (!std::isfinite(a)) throw Error(fmt::format("{}: an action value is not finite: {}", M::kId, a));
  const int horizon = int(actions.size() / A);
  TrajectoryGradient out;
  out.d_return_d_actions.assign(actions.size(), 0.0);
  std::vector<StepJacobian> steps;
  steps.reserve(std::size_t(horizon));
  auto s = state0;
  out.states.resize(D);
  state_to_array(s, out.states.data());
  std::vector<double> discounts;  // gamma^t, as accumulated forward
  double discount = 1.0;
  for (int t = 0; t < horizon; ++t) {
    discounts.push_back(discount);
    StepJacobian j = jacobian<M>(s, actions.subspan(std::size_t(t) * A, A), params);
    out.total_return += discount * j.reward;
    s = state_from_array<typename M::template State<double>>(j.next_state.data());
    out.states.insert(out.states.end(), j.next_state.begin(), j.next_state.end());
    const bool ends = j.terminated && options.stop_at_termination;
    steps.push_back(std::move(j));
    discount *= options.gamma;
    if (ends) {
      out.terminated = true;
      break;
    }
  }
  out.steps = int(steps.size());
  // Reverse pass: g is d(return)/d(state before step t).
  std::vector<double> g(D, 0.0);
  for (int t = out.steps - 1; t >= 0; --t) {
    const VjpResult r = vjp(steps[t], g, discounts[t]);
    for (int k = 0; k < A; ++k) out.d_return_d_actions[std::size_t(t) * A + k] = r.d_action[k];
    g = r.d_state;
  }
  out.d_return_d_state0 = g;
  return out;
}

}  // namespace gym::diff
