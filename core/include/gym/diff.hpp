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
#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gym/dual.hpp"
#include "gym/error.hpp"
#include "gym/model.hpp"
#include "gym/thread_pool.hpp"

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
  // With respect to the parameters asked for (none by default), K of them:
  std::vector<std::string> param_names;   // K
  Matrix d_next_state_d_params;           // D x K
  Matrix d_obs_d_params;                  // O x K
  std::vector<double> d_reward_d_params;  // K
};

// Tangent lanes kept for parameters when any are asked for: more than any
// built-in model has (Acrobot: 11).
inline constexpr int kMaxParamLanes = 12;

template <class M>
inline constexpr int diff_action_dim_v = M::kDiscrete ? 0 : action_dim_v<M>;

// The action argument of a model's step: an int32 for discrete models, A
// doubles for continuous ones.
template <class M>
using ActionArg = std::conditional_t<M::kDiscrete, int32_t, std::span<const double>>;

// Whether a model's parameters come as a template over the scalar
// (BasicParams<S>, Params = BasicParams<double>), which is what
// differentiating with respect to them takes.
template <class M>
concept HasBasicParams = requires { typename M::template BasicParams<double>; } &&
                         std::is_same_v<typename M::template BasicParams<double>, typename M::Params>;

// The positions, among a model's real-valued parameters (for_each_param
// order, flags skipped), of the named ones. Unknown names and flags are
// errors that list the parameters one can differentiate with respect to.
template <SteppableModel M>
std::vector<int> param_indices(std::span<const std::string> names) {
  std::vector<std::string> real;
  typename M::Params p{};
  M::for_each_param(p, [&](auto& field, const ParamInfo& info) {
    if constexpr (!std::is_same_v<std::decay_t<decltype(field)>, bool>) real.emplace_back(info.name);
  });
  std::vector<int> out;
  if (!names.empty() && !HasBasicParams<M>)
    throw Error(fmt::format("{}: its parameters are plain doubles (no BasicParams<S> template), so it cannot be "
                            "differentiated with respect to them",
                            M::kId));
  for (const auto& name : names) {
    const auto it = std::find(real.begin(), real.end(), name);
    if (it == real.end())
      throw Error(fmt::format("{}: cannot differentiate with respect to '{}'; its real-valued parameters are: {}",
                              M::kId, name, fmt::join(real, ", ")));
    if (std::find(out.begin(), out.end(), int(it - real.begin())) != out.end())
      throw Error(fmt::format("{}: parameter '{}' asked for twice", M::kId, name));
    out.push_back(int(it - real.begin()));
  }
  if (out.size() > std::size_t(kMaxParamLanes))
    throw Error(fmt::format("{}: at most {} parameters at once, got {}", M::kId, kMaxParamLanes, out.size()));
  return out;
}

// The same in fixed-size arrays, without allocation: what the trajectory
// code stores per step. Matrices are row-major. K tangent lanes for
// parameters (0: none).
template <SteppableModel M, int K = 0>
struct Jacobians {
  static constexpr int D = M::kStateDim, O = M::kObsDim, A = diff_action_dim_v<M>;
  std::array<double, D> next_state;
  std::array<double, O> obs;
  double reward;
  bool terminated;
  std::array<double, D * D> d_next_state_d_state;
  std::array<double, D * A> d_next_state_d_action;
  std::array<double, O * D> d_obs_d_state;
  std::array<double, O * A> d_obs_d_action;
  std::array<double, D> d_reward_d_state;
  std::array<double, A> d_reward_d_action;
  std::array<double, D * K> d_next_state_d_params;
  std::array<double, O * K> d_obs_d_params;
  std::array<double, K> d_reward_d_params;
};

// One step on dual numbers: lanes [0, D) the state, [D, D + A) the action,
// [D + A, D + A + K) the parameters at `param_index` (from param_indices;
// at most K of them, unused lanes stay zero).
template <SteppableModel M, int K = 0>
Jacobians<M, K> jacobians(const typename M::template State<double>& state, ActionArg<M> action,
                          const typename M::Params& params, std::span<const int> param_index = {}) {
  constexpr int D = M::kStateDim, O = M::kObsDim, A = diff_action_dim_v<M>, N = D + A + K;
  using DT = Dual<double, N>;
  if (param_index.size() > std::size_t(K))
    throw Error(fmt::format("{}: {} parameters asked for, {} lanes available", M::kId, param_index.size(), K));
  typename M::template State<DT> s;
  for_each_field<DT>(s, [&](DT& v, std::size_t k) {
    double x;
    std::memcpy(&x, reinterpret_cast<const char*>(&state) + k * sizeof(double), sizeof x);
    v = DT::variable(x, int(k));
  });
  // The parameters as duals: the selected ones are inputs, the rest constants.
  auto p = [&] {
    if constexpr (HasBasicParams<M>) {
      typename M::template BasicParams<DT> dual_params;
      std::vector<double> values;
      typename M::Params copy = params;
      M::for_each_param(copy, [&](auto& field, const ParamInfo&) { values.push_back(double(field)); });
      std::size_t i = 0;
      int real = 0;
      M::for_each_param(dual_params, [&](auto& field, const ParamInfo&) {
        if constexpr (std::is_same_v<std::decay_t<decltype(field)>, bool>) {
          field = values[i++] != 0;
        } else {
          field = DT(values[i++]);
          for (std::size_t q = 0; q < param_index.size(); ++q)
            if (param_index[q] == real) field = DT::variable(field.v, D + A + int(q));
          ++real;
        }
      });
      return dual_params;
    } else {
      if (!param_index.empty())
        throw Error(fmt::format("{}: its parameters cannot be differentiated (no BasicParams<S>)", M::kId));
      return params;
    }
  }();
  auto out = [&] {
    if constexpr (M::kDiscrete) {
      return M::template step<DT>(s, action, p);
    } else {
      if (action.size() != std::size_t(A))
        throw Error(fmt::format("{}: an action has {} components, got {}", M::kId, A, action.size()));
      DT a[A];
      for (int k = 0; k < A; ++k) a[k] = DT::variable(action[k], D + k);
      return M::template step<DT>(s, a, p);
    }
  }();
  DT obs[O];
  M::template observe<DT>(out.state, params, obs);

  Jacobians<M, K> j;
  for_each_field<DT>(out.state, [&](DT& v, std::size_t i) {
    j.next_state[i] = v.v;
    for (int k = 0; k < D; ++k) j.d_next_state_d_state[i * D + k] = v.d[k];
    for (int k = 0; k < A; ++k) j.d_next_state_d_action[i * A + k] = v.d[D + k];
    for (int k = 0; k < K; ++k) j.d_next_state_d_params[i * K + k] = v.d[D + A + k];
  });
  for (int i = 0; i < O; ++i) {
    j.obs[i] = obs[i].v;
    for (int k = 0; k < D; ++k) j.d_obs_d_state[i * D + k] = obs[i].d[k];
    for (int k = 0; k < A; ++k) j.d_obs_d_action[i * A + k] = obs[i].d[D + k];
    for (int k = 0; k < K; ++k) j.d_obs_d_params[i * K + k] = obs[i].d[D + A + k];
  }
  j.reward = out.reward.v;
  j.terminated = out.terminated;
  for (int k = 0; k < D; ++k) j.d_reward_d_state[k] = out.reward.d[k];
  for (int k = 0; k < A; ++k) j.d_reward_d_action[k] = out.reward.d[D + k];
  for (int k = 0; k < K; ++k) j.d_reward_d_params[k] = out.reward.d[D + A + k];
  return j;
}

// One step with its Jacobians with respect to state and action, and to the
// parameters named in `wrt_params` (e.g. {"gravity", "masspole"}).
template <SteppableModel M>
StepJacobian jacobian(const typename M::template State<double>& state, ActionArg<M> action,
                      const typename M::Params& params, std::span<const std::string> wrt_params = {}) {
  constexpr int D = M::kStateDim, O = M::kObsDim, A = diff_action_dim_v<M>;
  const std::vector<int> index = param_indices<M>(wrt_params);
  const int K = int(index.size());
  StepJacobian j;
  auto matrix = [](int rows, int cols, const auto& data, int stride) {
    Matrix m(rows, cols);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) m(r, c) = data[std::size_t(r) * stride + c];
    return m;
  };
  auto fill = [&](const auto& f, int lanes) {
    j.next_state.assign(f.next_state.begin(), f.next_state.end());
    j.obs.assign(f.obs.begin(), f.obs.end());
    j.reward = f.reward;
    j.terminated = f.terminated;
    j.d_next_state_d_state = matrix(D, D, f.d_next_state_d_state, D);
    j.d_next_state_d_action = matrix(D, A, f.d_next_state_d_action, A);
    j.d_obs_d_state = matrix(O, D, f.d_obs_d_state, D);
    j.d_obs_d_action = matrix(O, A, f.d_obs_d_action, A);
    j.d_reward_d_state.assign(f.d_reward_d_state.begin(), f.d_reward_d_state.end());
    j.d_reward_d_action.assign(f.d_reward_d_action.begin(), f.d_reward_d_action.end());
    j.param_names.assign(wrt_params.begin(), wrt_params.end());
    j.d_next_state_d_params = matrix(D, K, f.d_next_state_d_params, lanes);
    j.d_obs_d_params = matrix(O, K, f.d_obs_d_params, lanes);
    j.d_reward_d_params.assign(f.d_reward_d_params.begin(), f.d_reward_d_params.begin() + K);
  };
  if (K == 0) fill(jacobians<M, 0>(state, action, params), 0);
  else fill(jacobians<M, kMaxParamLanes>(state, action, params, index), kMaxParamLanes);
  return j;
}

namespace detail {

// One block of a vector-Jacobian product: for an input block x of n
// components (the state, the action or the parameters),
//   out[k] = w * r_x[k] + sum_i g[i] * J_x(i, k),   J_x row-major d x n,
// with g the gradient with respect to the d next-state variables and w the
// weight of the step's reward. Every reverse pass below goes through it.
inline void reverse_block(const double* g, int d, double w, const double* r_x, const double* j_x, int n, double* out) {
  for (int k = 0; k < n; ++k) {
    double acc = w * r_x[k];
    for (int i = 0; i < d; ++i) acc += g[i] * j_x[i * n + k];
    out[k] = acc;
  }
}

}  // namespace detail

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
  detail::reverse_block(g_next.data(), D, g_reward, j.d_reward_d_state.data(), j.d_next_state_d_state.data.data(), D,
                        r.d_state.data());
  detail::reverse_block(g_next.data(), D, g_reward, j.d_reward_d_action.data(), j.d_next_state_d_action.data.data(),
                        A, r.d_action.data());
  return r;
}

struct TrajectoryOptions {
  double gamma = 1.0;               // discount: return = sum_t gamma^t r_t
  bool stop_at_termination = true;  // end the return (and the gradient) at a terminating step
  std::vector<std::string> wrt_params = {};  // also differentiate with respect to these parameters
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
  std::vector<double> d_return_d_params;    // one per TrajectoryOptions::wrt_params
};

namespace detail {

template <ContinuousModel M, int K>
TrajectoryGradient trajectory_gradient(const typename M::template State<double>& state0,
                                       std::span<const double> actions, const typename M::Params& params,
                                       const TrajectoryOptions& options, std::span<const int> param_index) {
  constexpr int D = M::kStateDim, A = M::kActionDim;
  const int horizon = int(actions.size() / A);
  TrajectoryGradient out;
  out.d_return_d_actions.assign(actions.size(), 0.0);
  std::vector<Jacobians<M, K>> steps;
  steps.reserve(std::size_t(horizon));
  auto s = state0;
  out.states.resize(D);
  state_to_array(s, out.states.data());
  std::vector<double> discounts;  // gamma^t, as accumulated forward
  double discount = 1.0;
  for (int t = 0; t < horizon; ++t) {
    discounts.push_back(discount);
    const Jacobians<M, K>& j =
        steps.emplace_back(jacobians<M, K>(s, actions.subspan(std::size_t(t) * A, A), params, param_index));
    out.total_return += discount * j.reward;
    s = state_from_array<typename M::template State<double>>(j.next_state.data());
    out.states.insert(out.states.end(), j.next_state.begin(), j.next_state.end());
    discount *= options.gamma;
    if (j.terminated && options.stop_at_termination) {
      out.terminated = true;
      break;
    }
  }
  out.steps = int(steps.size());
  // Reverse pass: g is d(return)/d(state before step t); each step is one
  // vector-Jacobian product.
  std::array<double, D> g{};
  std::array<double, K> gp{};
  for (int t = out.steps - 1; t >= 0; --t) {
    const Jacobians<M, K>& j = steps[std::size_t(t)];
    const double w = discounts[std::size_t(t)];
    std::array<double, D> prev;
    std::array<double, K> gp_t;
    detail::reverse_block(g.data(), D, w, j.d_reward_d_state.data(), j.d_next_state_d_state.data(), D, prev.data());
    detail::reverse_block(g.data(), D, w, j.d_reward_d_action.data(), j.d_next_state_d_action.data(), A,
                          out.d_return_d_actions.data() + std::size_t(t) * A);
    detail::reverse_block(g.data(), D, w, j.d_reward_d_params.data(), j.d_next_state_d_params.data(), K, gp_t.data());
    for (int k = 0; k < K; ++k) gp[k] += gp_t[k];
    g = prev;
  }
  out.d_return_d_state0.assign(g.begin(), g.end());
  out.d_return_d_params.assign(gp.begin(), gp.begin() + std::ptrdiff_t(param_index.size()));
  return out;
}

}  // namespace detail

template <ContinuousModel M>
TrajectoryGradient trajectory_gradient(const typename M::template State<double>& state0,
                                       std::span<const double> actions, const typename M::Params& params,
                                       const TrajectoryOptions& options = {}) {
  constexpr int A = M::kActionDim;
  if (actions.size() % A != 0)
    throw Error(fmt::format("{}: {} action values do not make whole actions of {}", M::kId, actions.size(), A));
  if (!(options.gamma >= 0 && options.gamma <= 1))
    throw Error(fmt::format("{}: the discount gamma must be in [0, 1], got {}", M::kId, options.gamma));
  for (double a : actions)
    if (!std::isfinite(a)) throw Error(fmt::format("{}: an action value is not finite: {}", M::kId, a));
  const std::vector<int> index = param_indices<M>(options.wrt_params);
  if (index.empty()) return detail::trajectory_gradient<M, 0>(state0, actions, params, options, index);
  return detail::trajectory_gradient<M, kMaxParamLanes>(state0, actions, params, options, index);
}

// A differentiable policy for trajectory gradients: the action it takes in a
// state at step t, with the action's Jacobians with respect to the state
// (A x D) and to the policy's own parameters theta (A x P).
struct PolicyOutput {
  std::vector<double> action;  // A
  Matrix d_action_d_state;     // A x D
  Matrix d_action_d_theta;     // A x P
};
using Policy = std::function<PolicyOutput(std::span<const double> state, int t)>;

struct PolicyGradient {
  double total_return = 0;
  int steps = 0;
  bool terminated = false;
  std::vector<double> actions;            // steps x A, as the policy chose them
  std::vector<double> d_return_d_theta;   // P
  std::vector<double> d_return_d_state0;  // D
};

// The discounted return of `horizon` steps of a closed-loop policy from an
// initial state, with its gradient with respect to the policy's P
// parameters and to the initial state. The action is fed to the model as the
// policy returns it (the model clips it as usual).
template <ContinuousModel M>
PolicyGradient policy_gradient(const typename M::template State<double>& state0, const Policy& policy, int horizon,
                               int num_theta, const typename M::Params& params, TrajectoryOptions options = {}) {
  constexpr int D = M::kStateDim, A = M::kActionDim;
  if (horizon < 1) throw Error(fmt::format("{}: the horizon must be >= 1, got {}", M::kId, horizon));
  if (num_theta < 0) throw Error(fmt::format("{}: the number of policy parameters must be >= 0", M::kId));
  if (!(options.gamma >= 0 && options.gamma <= 1))
    throw Error(fmt::format("{}: the discount gamma must be in [0, 1], got {}", M::kId, options.gamma));
  struct Step {
    Jacobians<M> j;
    PolicyOutput pi;
    double discount;
  };
  std::vector<Step> steps;
  steps.reserve(std::size_t(horizon));
  PolicyGradient out;
  auto s = state0;
  double discount = 1.0;
  for (int t = 0; t < horizon; ++t) {
    std::array<double, D> x;
    state_to_array(s, x.data());
    PolicyOutput pi = policy(x, t);
    if (pi.action.size() != std::size_t(A) || pi.d_action_d_state.rows != A || pi.d_action_d_state.cols != D ||
        pi.d_action_d_theta.rows != A || pi.d_action_d_theta.cols != num_theta)
      throw Error(fmt::format("{}: the policy must return {} action values, a {} x {} d_action_d_state and a {} x {} "
                              "d_action_d_theta",
                              M::kId, A, A, D, A, num_theta));
    for (double a : pi.action)
      if (!std::isfinite(a)) throw Error(fmt::format("{}: the policy returned a non-finite action at step {}", M::kId, t));
    out.actions.insert(out.actions.end(), pi.action.begin(), pi.action.end());
    Jacobians<M> j = jacobians<M>(s, pi.action, params);
    out.total_return += discount * j.reward;
    s = state_from_array<typename M::template State<double>>(j.next_state.data());
    const bool ends = j.terminated && options.stop_at_termination;
    steps.push_back({j, std::move(pi), discount});
    discount *= options.gamma;
    if (ends) {
      out.terminated = true;
      break;
    }
  }
  out.steps = int(steps.size());
  // Reverse pass. With a_t = pi(s_t): d(return)/d(a_t) = g_{t+1} J_a + w r_a,
  // and it flows on to theta through pi_theta and to s_t through pi_s.
  std::array<double, D> g{};
  out.d_return_d_theta.assign(std::size_t(num_theta), 0.0);
  for (int t = out.steps - 1; t >= 0; --t) {
    const Step& st = steps[std::size_t(t)];
    std::array<double, A> ga;
    detail::reverse_block(g.data(), D, st.discount, st.j.d_reward_d_action.data(), st.j.d_next_state_d_action.data(),
                          A, ga.data());
    for (int q = 0; q < num_theta; ++q)
      for (int k = 0; k < A; ++k) out.d_return_d_theta[std::size_t(q)] += ga[k] * st.pi.d_action_d_theta(k, q);
    std::array<double, D> prev;
    detail::reverse_block(g.data(), D, st.discount, st.j.d_reward_d_state.data(), st.j.d_next_state_d_state.data(), D,
                          prev.data());
    for (int k = 0; k < D; ++k)
      for (int m = 0; m < A; ++m) prev[k] += ga[m] * st.pi.d_action_d_state(m, k);
    g = prev;
  }
  out.d_return_d_state0.assign(g.begin(), g.end());
  return out;
}

// N trajectories at once on `pool`'s threads: initial states [N x D] and
// actions [N x T x A], row-major. Trajectory i is exactly what
// trajectory_gradient returns for it alone, whatever the thread count.
template <ContinuousModel M>
std::vector<TrajectoryGradient> trajectory_gradients(std::span<const double> states0, std::span<const double> actions,
                                                     const typename M::Params& params, ThreadPool& pool,
                                                     const TrajectoryOptions& options = {}) {
  constexpr int D = M::kStateDim;
  if (states0.empty() || states0.size() % D != 0)
    throw Error(fmt::format("{}: {} initial-state values do not make whole states of {}", M::kId, states0.size(), D));
  const std::size_t n = states0.size() / D;
  if (actions.size() % n != 0)
    throw Error(fmt::format("{}: {} action values do not split evenly over {} trajectories", M::kId, actions.size(), n));
  const std::size_t per_env = actions.size() / n;
  std::vector<TrajectoryGradient> out(n);
  pool.run(int(n), [&](int i) {
    const auto s0 = state_from_array<typename M::template State<double>>(states0.data() + std::size_t(i) * D);
    out[std::size_t(i)] = trajectory_gradient<M>(s0, actions.subspan(std::size_t(i) * per_env, per_env), params, options);
  });
  return out;
}

}  // namespace gym::diff
