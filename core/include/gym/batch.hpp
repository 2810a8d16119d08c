// gym::batch: one env of a struct-of-arrays batch, reset and stepped by GYM_HD
// functions, with the vector env's autoreset modes and Philox streams. They
// are what a GPU thread runs for its env (gym::gpu), and the tests run them on
// the CPU against gym::ModelVectorEnv, whose results they reproduce bit for
// bit on the host: same draws, same arithmetic, same bookkeeping.
//
// Nothing here throws or allocates. Bad input that a host API would refuse
// (an action outside the action space, NaN, a step of an ended env with
// autoreset disabled) leaves the env untouched and sets a bit in its error
// flags instead (kActionOutOfRange, kNotFinite, kSteppedAfterEnd).
#pragma once

#include <cstdint>
#include <type_traits>

#include "gym/autoreset.hpp"
#include "gym/dual.hpp"
#include "gym/episodes.hpp"
#include "gym/float32.hpp"
#include "gym/hd.hpp"
#include "gym/math.hpp"
#include "gym/model.hpp"
#include "gym/rng.hpp"

namespace gym::batch {

// Error bits, per env (View::error).
inline constexpr uint8_t kActionOutOfRange = 1;
inline constexpr uint8_t kNotFinite = 2;
inline constexpr uint8_t kSteppedAfterEnd = 4;

// The arrays of N envs, in host or device memory. Layouts are those of
// gym::ModelVectorEnv: state [kStateDim x N] (one column per variable),
// observations [N x kObsDim], and EpisodeView's one value per env.
template <class M, class T = float>
struct View : EpisodeView {
  using Params = typename M::Params;
  int n = 0;
  Params params{};
  int32_t max_steps = 0;  // truncation after this many steps; <= 0: none
  AutoresetMode mode = AutoresetMode::kNextStep;
  T* state = nullptr;
  float* obs = nullptr;
  float* final_obs = nullptr;
  // Elements from one state variable's column to the next: n where 0. The
  // CPU vector env leaves a guard between columns (gym/aligned.hpp).
  std::size_t stride = 0;
  GYM_HD std::size_t state_stride() const { return stride ? stride : std::size_t(n); }
};

template <class M, class T>
GYM_HD inline void write_observation(const View<M, T>& v, int i, const typename M::template State<T>& s) {
  T o[M::kObsDim];
  M::template observe<T>(s, v.params, o);
  for (int k = 0; k < M::kObsDim; ++k) v.obs[std::size_t(i) * M::kObsDim + k] = to_float32(o[k]);
}

// Starts a new episode in env i, its initial state drawn from `rng`, and
// clears the episode's bookkeeping (key and episode are the caller's).
template <class M, class T>
GYM_HD inline void reset_env(const View<M, T>& v, int i, Rng& rng) {
  auto s = M::template reset<T>(v.params, typename M::ResetOptions{}, rng);
  for_each_field<T>(s, [&](T& x, std::size_t d) { v.state[d * v.state_stride() + std::size_t(i)] = x; });
  write_observation(v, i, s);
  v.steps[i] = 0;
  v.ep_return[i] = 0;
  v.ep_length[i] = 0;
  v.fresh[i] = 0;
}

// Starts a new episode in env i from its next stream (key[i], episode[i]).
template <class M, class T>
GYM_HD inline void reset_env(const View<M, T>& v, int i) {
  Rng rng(v.key[i], v.episode[i]++);
  reset_env(v, i, rng);
}

// ModelVectorEnv::reset for env i: with a seed, env i's streams are rekeyed
// by (seed, i).
template <class M, class T>
GYM_HD inline void seed_env(const View<M, T>& v, int i, bool reseed, uint64_t seed) {
  if (reseed) {
    v.key[i] = env_key(seed, uint64_t(i));
    v.episode[i] = 0;
  }
  reset_env(v, i);
  v.reward[i] = 0;
  v.terminated[i] = v.truncated[i] = v.has_final[i] = v.ended[i] = 0;
  v.error[i] = 0;
}

// Checks env i's action (discrete: one int32; continuous: kActionDim floats).
template <class M, class A>
GYM_HD inline uint8_t action_error(const typename M::Params& p, const A* action) {
  if constexpr (M::kDiscrete) {
    (void)p;
    const int64_t a = int64_t(action[0]);  // discrete models take 0 .. kNumActions - 1
    return (a < 0 || a >= M::kNumActions) ? kActionOutOfRange : 0;
  } else {
    (void)p;
    uint8_t e = 0;
    for (int k = 0; k < M::kActionDim; ++k) {
      const float a = float(action[k]);
      if (!(a - a == 0.0f)) e |= kNotFinite;  // NaN or infinity
    }
    return e;
  }
}

// One step of env i: what ModelVectorEnv::step does for it, in the batch's
// autoreset mode. `action` points at env i's action (1 or kActionDim values).
template <class M, class T, class A>
GYM_HD inline void step_env(const View<M, T>& v, int i, const A* action) {
  const std::size_t stride = v.state_stride(), ui = std::size_t(i);
  if (v.mode == AutoresetMode::kNextStep && v.ended[i]) {
    // The step after an episode ended resets the env; its action is ignored.
    reset_env(v, i);
    v.reward[i] = 0;
    v.terminated[i] = v.truncated[i] = 0;
    v.ended[i] = 0;
    v.error[i] = 0;
    return;
  }
  uint8_t err = action_error<M>(v.params, action);
  if (v.mode == AutoresetMode::kDisabled && v.ended[i]) err |= kSteppedAfterEnd;
  v.error[i] = err;
  if (err) return;
  if (v.mode == AutoresetMode::kSameStep && v.fresh[i]) {
    v.ep_return[i] = 0;
    v.ep_length[i] = 0;
    v.fresh[i] = 0;
  }
  typename M::template State<T> s;
  for_each_field<T>(s, [&](T& x, std::size_t d) { x = v.state[d * stride + ui]; });
  auto out = [&] {
    if constexpr (M::kDiscrete) {
      return M::template step<T>(s, int32_t(action[0]), v.params);
    } else {
      T a[M::kActionDim];
      for (int k = 0; k < M::kActionDim; ++k) a[k] = T(action[k]);
      return M::template step<T>(s, a, v.params);
    }
  }();
  for_each_field<T>(out.state, [&](T& x, std::size_t d) { v.state[d * stride + ui] = x; });
  write_observation(v, i, out.state);
  const int32_t step_count = v.steps[i] + 1;
  v.steps[i] = step_count;
  v.reward[i] = float(out.reward);
  v.ep_return[i] += float(out.reward);
  v.ep_length[i] += 1;
  v.terminated[i] = out.terminated;
  v.truncated[i] = v.max_steps > 0 && step_count >= v.max_steps;
  const uint8_t ended = v.terminated[i] | v.truncated[i];
  v.ended[i] = ended;
  if (v.mode == AutoresetMode::kSameStep) {
    v.has_final[i] = ended;
    if (ended) {
      for (int k = 0; k < M::kObsDim; ++k) v.final_obs[ui * M::kObsDim + k] = v.obs[ui * M::kObsDim + k];
      const float finished_return = v.ep_return[i];
      const int32_t finished_length = v.ep_length[i];
      reset_env(v, i);
      // This step's statistics describe the episode that just ended; the next
      // step starts counting the new one.
      v.ep_return[i] = finished_return;
      v.ep_length[i] = finished_length;
      v.fresh[i] = 1;
      v.ended[i] = 0;
    }
  }
}

// How many numbers a policy computes for a model: one logit per action
// (discrete) or the action's components (continuous).
template <class M>
inline constexpr int policy_outputs_v = [] {
  if constexpr (M::kDiscrete) return int(M::kNumActions);
  else return int(M::kActionDim);
}();

// A policy's outputs to an action: the argmax (first of equals) for discrete
// models, the values themselves for continuous ones (the model clips them).
template <class M, class A>
GYM_HD inline void write_action(const float* out, A* action) {
  if constexpr (M::kDiscrete) {
    int best = 0;
    for (int r = 1; r < M::kNumActions; ++r)
      if (out[r] > out[best]) best = r;
    action[0] = A(best);
  } else {
    for (int k = 0; k < M::kActionDim; ++k) action[k] = A(out[k]);
  }
}

// out = W x + b for W [Rows x Cols] row-major: the layers of the policies below.
template <int Rows, int Cols>
GYM_HD inline void affine(const float* w, const float* b, const float* x, float* out) {
  for (int r = 0; r < Rows; ++r) {
    float acc = b[r];
    for (int c = 0; c < Cols; ++c) acc += w[r * Cols + c] * x[c];
    out[r] = acc;
  }
}

// ---- Policies: GYM_HD functors (obs, env index, step) -> action -----------
// act(const float* obs, int i, uint64_t t, A* action) writes env i's action
// (1 int32 or kActionDim floats) for its observation at step t.

// Uniform random actions from Philox streams keyed by (seed, i) with the step
// as the stream: integers 0 .. kNumActions - 1, or floats in [low, high).
template <class M>
struct RandomPolicy {
  uint64_t seed = 0;
  float low = -1, high = 1;  // continuous action box (every component)
  template <class A>
  GYM_HD void act(const float*, int i, uint64_t t, A* action) const {
    Rng rng(env_key(seed, uint64_t(i), RngPurpose::kActions), t);
    if constexpr (M::kDiscrete) {
      action[0] = A(rng.below(uint64_t(M::kNumActions)));
    } else {
      for (int k = 0; k < M::kActionDim; ++k) action[k] = rng.uniform<float>(low, high);
    }
  }
};

// out = W obs + b with W [outputs x kObsDim] and b [outputs] row-major;
// outputs = kNumActions (discrete: the argmax is taken) or kActionDim.
template <class M>
struct LinearPolicy {
  const float* weights = nullptr;
  const float* bias = nullptr;
  template <class A>
  GYM_HD void act(const float* obs, int, uint64_t, A* action) const {
    float out[policy_outputs_v<M>];
    affine<policy_outputs_v<M>, M::kObsDim>(weights, bias, obs, out);
    write_action<M>(out, action);
  }
};

// One hidden layer of H tanh units: out = W2 tanh(W1 obs + b1) + b2.
template <class M, int H>
struct MlpPolicy {
  const float* w1 = nullptr;  // [H x kObsDim]
  const float* b1 = nullptr;  // [H]
  const float* w2 = nullptr;  // [outputs x H]
  const float* b2 = nullptr;  // [outputs]
  template <class A>
  GYM_HD void act(const float* obs, int, uint64_t, A* action) const {
    float hidden[H];
    affine<H, M::kObsDim>(w1, b1, obs, hidden);
    for (int h = 0; h < H; ++h) hidden[h] = math::tanh(hidden[h]);
    float out[policy_outputs_v<M>];
    affine<policy_outputs_v<M>, H>(w2, b2, hidden, out);
    write_action<M>(out, action);
  }
};

// ---- Fused rollouts ------------------------------------------------------

// What a fused rollout writes; null pointers are skipped. Per-step arrays are
// [K x N] (x kObsDim for observations), step-major.
struct RolloutOutputs {
  float* obs = nullptr;          // observations() after each step (same-step mode: the reset one)
  float* rewards = nullptr;
  uint8_t* dones = nullptr;      // terminated | truncated
  float* return_sums = nullptr;  // [N] sum of the returns of the episodes that ended during the rollout
  int32_t* episodes = nullptr;   // [N] how many episodes ended during the rollout
};

// K steps of env i under `policy`, from step number t0: exactly K calls of
// step_env with the policy's actions, with env i's whole state held in a
// one-env view of local variables (registers on a GPU) and written back once.
template <class M, class T, class Policy>
GYM_HD inline void rollout_env(const View<M, T>& v, int i, int steps, uint64_t t0, const Policy& policy,
                               const RolloutOutputs& out) {
  using Action = std::conditional_t<M::kDiscrete, int32_t, float>;
  constexpr int kD = M::kStateDim, kO = M::kObsDim;
  const std::size_t n = std::size_t(v.n), stride = v.state_stride(), ui = std::size_t(i);
  T state[kD];
  float obs[kO], final_obs[kO];
  EpisodeValues e;
  for (int d = 0; d < kD; ++d) state[d] = v.state[std::size_t(d) * stride + ui];
  for (int k = 0; k < kO; ++k) obs[k] = v.obs[ui * kO + k];
  e.load(v, ui);
  View<M, T> one;
  static_cast<EpisodeView&>(one) = e.view();
  one.n = 1;
  one.params = v.params;
  one.max_steps = v.max_steps;
  one.mode = v.mode;
  one.state = state;
  one.obs = obs;
  one.final_obs = final_obs;
  float return_sum = 0;
  int32_t episodes = 0;
  for (int s = 0; s < steps; ++s) {
    Action action[action_dim_v<M>];
    policy.act(obs, i, t0 + uint64_t(s), action);
    step_env(one, 0, action);
    const uint8_t done = e.terminated | e.truncated;
    if (done) {
      return_sum += e.ep_return;
      ++episodes;
    }
    const std::size_t row = std::size_t(s) * n + ui;
    if (out.obs)
      for (int k = 0; k < kO; ++k) out.obs[row * kO + k] = obs[k];
    if (out.rewards) out.rewards[row] = e.reward;
    if (out.dones) out.dones[row] = done;
  }
  for (int d = 0; d < kD; ++d) v.state[std::size_t(d) * stride + ui] = state[d];
  for (int k = 0; k < kO; ++k) v.obs[ui * kO + k] = obs[k];
  if (e.has_final)
    for (int k = 0; k < kO; ++k) v.final_obs[ui * kO + k] = final_obs[k];
  e.store(v, ui);
  if (out.return_sums) out.return_sums[i] = return_sum;
  if (out.episodes) out.episodes[i] = episodes;
}

// ---- Step Jacobians -------------------------------------------------------

// Inputs a step is differentiated with respect to: the state, then the
// action's components (none for discrete models).
template <class M>
inline constexpr int jacobian_inputs_v = M::kStateDim + (M::kDiscrete ? 0 : action_dim_v<M>);

// The exact Jacobians of one step of env i, on dual numbers of scalar T:
// jac [kStateDim x inputs] = d next_state / d (state, action) and
// reward_grad [inputs] = d reward / d (state, action), row-major. The env is
// not changed. What gym::diff::jacobians computes in float64, here in T for
// a batch (a GPU thread per env).
template <class M, class T, class A>
GYM_HD inline void step_jacobian_env(const View<M, T>& v, int i, const A* action, T* jac, T* reward_grad) {
  constexpr int D = M::kStateDim, N = jacobian_inputs_v<M>;
  using DT = Dual<T, N>;
  typename M::template State<DT> s;
  for_each_field<DT>(s, [&](DT& x, std::size_t d) {
    x = DT::variable(v.state[d * v.state_stride() + std::size_t(i)], int(d));
  });
  auto out = [&] {
    if constexpr (M::kDiscrete) {
      return M::template step<DT>(s, int32_t(action[0]), v.params);
    } else {
      DT a[action_dim_v<M>];
      for (int k = 0; k < action_dim_v<M>; ++k) a[k] = DT::variable(T(action[k]), D + k);
      return M::template step<DT>(s, a, v.params);
    }
  }();
  for_each_field<DT>(out.state, [&](DT& x, std::size_t r) {
    for (int c = 0; c < N; ++c) jac[r * N + std::size_t(c)] = x.d[c];
  });
  for (int c = 0; c < N; ++c) reward_grad[c] = out.reward.d[c];
}

// ---- Trajectory gradients --------------------------------------------------

// Scalars of workspace that one step of trajectory_gradient_env stores: its
// Jacobian with respect to (state, action), its reward's gradient and its
// discount.
template <class M>
inline constexpr int trajectory_step_scalars_v = (M::kStateDim + 1) * jacobian_inputs_v<M> + 1;

// The discounted return of an open-loop action sequence from `state0` (D
// values), with its gradient with respect to every action (d_actions,
// horizon x A, zero after termination) and to the initial state (d_state0):
// gym::diff::trajectory_gradient for continuous models, in T and without
// allocation. `workspace` holds horizon x trajectory_step_scalars_v<M>
// values (the forward pass's Jacobians, read back by the reverse pass).
// Returns the number of steps taken (less than horizon when the episode
// terminated and stop_at_termination is set); *total_return gets the return.
template <class M, class T>
GYM_HD inline int trajectory_gradient_env(const typename M::Params& p, const T* state0, const T* actions,
                                          int horizon, T gamma, bool stop_at_termination, T* workspace,
                                          T* d_actions, T* d_state0, T* total_return) {
  static_assert(!M::kDiscrete, "trajectory gradients need a continuous action");
  constexpr int D = M::kStateDim, A = M::kActionDim, N = D + A, W = trajectory_step_scalars_v<M>;
  using DT = Dual<T, N>;
  T s[D];
  for (int d = 0; d < D; ++d) s[d] = state0[d];
  T ret = 0, discount = 1;
  int steps = 0;
  for (int t = 0; t < horizon; ++t) {
    typename M::template State<DT> sd;
    for_each_field<DT>(sd, [&](DT& x, std::size_t d) { x = DT::variable(s[d], int(d)); });
    DT a[A];
    for (int k = 0; k < A; ++k) a[k] = DT::variable(actions[std::size_t(t) * A + k], D + k);
    auto out = M::template step<DT>(sd, a, p);
    DT next[D];
    for_each_field<DT>(out.state, [&](DT& x, std::size_t r) { next[r] = x; });
    T* w = workspace + std::size_t(t) * W;  // [D x N] next-state Jacobian, [N] reward gradient, discount
    for (int r = 0; r < D; ++r)
      for (int c = 0; c < N; ++c) w[r * N + c] = next[r].d[c];
    for (int c = 0; c < N; ++c) w[D * N + c] = out.reward.d[c];
    w[(D + 1) * N] = discount;
    ret += discount * out.reward.v;
    for (int d = 0; d < D; ++d) s[d] = next[d].v;
    ++steps;
    if (out.terminated && stop_at_termination) break;
    discount *= gamma;
  }
  for (int k = 0; k < horizon * A; ++k) d_actions[k] = 0;
  // Reverse pass: g = d return / d (state before step t), one vector-Jacobian
  // product per step.
  T g[D];
  for (int d = 0; d < D; ++d) g[d] = 0;
  for (int t = steps - 1; t >= 0; --t) {
    const T* w = workspace + std::size_t(t) * W;
    const T discount_t = w[(D + 1) * N];
    T prev[N];
    for (int c = 0; c < N; ++c) {
      T acc = discount_t * w[D * N + c];
      for (int r = 0; r < D; ++r) acc += g[r] * w[r * N + c];
      prev[c] = acc;
    }
    for (int k = 0; k < A; ++k) d_actions[std::size_t(t) * A + k] = prev[D + k];
    for (int d = 0; d < D; ++d) g[d] = prev[d];
  }
  for (int d = 0; d < D; ++d) d_state0[d] = g[d];
  *total_return = ret;
  return steps;
}

}  // namespace gym::batch
