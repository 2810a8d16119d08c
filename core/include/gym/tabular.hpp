// Tabular MDPs: a discrete environment's exact dynamics as flat arrays (what
// Gymnasium's toy-text envs keep in env.P), and the expected step of a
// stochastic policy on a distribution over states, exact and differentiable
// in the action probabilities (DESIGN.md section 4: grid worlds are
// differentiable in expectation).
//
// Semantics of the expected step. d[s] is the probability of being in state
// s with the episode still running (sum(d) <= 1), pi[s, a] the probability of
// taking action a in state s. One step gives
//   next[s']   = sum_{s, a, k} d[s] pi[s, a] p_k  over outcomes k of (s, a) with
//                next_state_k = s' and NOT terminated_k,
//   reward     = sum_{s, a, k} d[s] pi[s, a] p_k r_k   (terminating outcomes included),
//   terminated = sum_{s, a, k} d[s] pi[s, a] p_k       over terminating outcomes.
// Mass whose transition terminates leaves the distribution (it is reported in
// `terminated`), so sum(next) = sum(d) - terminated: the episode has ended
// there and collects no further reward. A terminal state's own outgoing table
// (FrozenLake's holes loop on themselves) therefore matters only for mass
// placed there by hand. Over a horizon of T steps, the mass still in d_T is
// the probability that the time limit truncates the episode.
//
// Layout: batches are row-major, d [B x S], pi [B x S x A], next [B x S].
// Each (batch element, state) is computed by a GYM_HD function over plain
// arrays (tabular_step_at, tabular_step_vjp_at), so a CUDA kernel can run one
// thread per pair; tabular_step_at gathers incoming transitions, so no two
// threads write the same value and no atomics are needed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/hd.hpp"
#include "gym/options.hpp"
#include "gym/world.hpp"

namespace gym {

// One entry of Gymnasium's P[s][a]: (prob, next_state, reward, terminated).
struct TabularOutcome {
  double prob;
  int32_t next_state;
  double reward;
  bool terminated;
};

struct TabularMdp {
  int32_t n_states = 0;
  int32_t n_actions = 0;
  std::vector<double> initial;  // [n_states], Gymnasium's initial_state_distrib

  // Outcomes of (s, a), in Gymnasium's order, are entries
  // offsets[s * n_actions + a] .. offsets[s * n_actions + a + 1] - 1 of the
  // four columns below (compressed sparse rows).
  std::vector<int32_t> offsets;  // [n_states * n_actions + 1]
  std::vector<double> prob;
  std::vector<int32_t> next_state;
  std::vector<double> reward;
  std::vector<uint8_t> terminated;

  // Derived by finalize(): per (s, a) the expected reward and the probability
  // of terminating; per next state s' its incoming non-terminating outcomes
  // (from (s, a) = in_sa / n_actions, in_sa % n_actions, with probability
  // in_prob), in the order of s, a, k.
  std::vector<double> expected_reward;  // [n_states * n_actions]
  std::vector<double> terminal_prob;    // [n_states * n_actions]
  std::vector<int32_t> in_offsets;      // [n_states + 1]
  std::vector<int32_t> in_sa;
  std::vector<double> in_prob;

  int64_t num_outcomes() const { return int64_t(prob.size()); }
  // Outcomes of (s, a) as structs (for tests and printing).
  std::vector<TabularOutcome> outcomes(int s, int a) const;
};

// Checks a table filled in its forward columns (sizes, outcomes per (s, a),
// probabilities in [0, 1] summing to 1 within 1e-9 per (s, a) and for the
// initial distribution, next states in range, finite rewards; gym::Error
// naming the first problem, with `owner` in front) and computes the derived
// columns.
void finalize(TabularMdp& mdp, std::string_view owner = "tabular MDP");

// The table of a model that exposes its MDP:
//   M::kMaxOutcomes, M::kNumActions,
//   static int32_t num_states(const Params&),
//   static double initial_prob(const Params&, int32_t s),
//   static int outcomes(const Params&, int32_t s, int32_t a, TabularOutcome* out)  (returns the count).
template <class M>
TabularMdp tabulate_model(const typename M::Params& p, std::string_view owner) {
  TabularMdp m;
  m.n_states = M::num_states(p);
  m.n_actions = M::kNumActions;
  m.initial.resize(std::size_t(m.n_states));
  m.offsets.reserve(std::size_t(m.n_states) * std::size_t(m.n_actions) + 1);
  m.offsets.push_back(0);
  TabularOutcome out[M::kMaxOutcomes];
  for (int32_t s = 0; s < m.n_states; ++s) {
    m.initial[std::size_t(s)] = M::initial_prob(p, s);
    for (int32_t a = 0; a < m.n_actions; ++a) {
      const int n = M::outcomes(p, s, a, out);
      for (int k = 0; k < n; ++k) {
        m.prob.push_back(out[k].prob);
        m.next_state.push_back(out[k].next_state);
        m.reward.push_back(out[k].reward);
        m.terminated.push_back(out[k].terminated);
      }
      m.offsets.push_back(int32_t(m.prob.size()));
    }
  }
  finalize(m, owner);
  return m;
}

// {"n_states", "n_actions", "initial_state_distrib": [...], "P": {"0": {"0":
// [[prob, next_state, reward, terminated], ...], ...}, ...}}: Gymnasium's
// env.P with string keys (JSON objects have no integer keys), keys and
// outcomes in Gymnasium's order (an ordered_json, so that the text reads as
// json.dumps(env.P) does). Rewards that are whole numbers are written as
// integers, as Gymnasium's are.
nlohmann::ordered_json to_gymnasium_json(const TabularMdp& mdp);
// The inverse (also accepts P as nested arrays P[s][a]); validated as finalize() does.
TabularMdp tabular_from_gymnasium_json(const nlohmann::json& j);
TabularMdp tabular_from_gymnasium_json(const nlohmann::ordered_json& j);

// The table of a registered env, with its options (Gymnasium's names, e.g.
// is_slippery, map_name, desc, is_rainy). Throws gym::Error for an unknown id
// and for envs without an exact table.
TabularMdp tabulate(std::string_view id, const Options& options = {});

// Plain pointers into a finalized TabularMdp, for GYM_HD code (copy the
// arrays to the device and point a view at them there).
struct TabularView {
  int32_t n_states, n_actions;
  const int32_t* offsets;
  const double* prob;
  const int32_t* next_state;
  const uint8_t* terminated;
  const double* expected_reward;
  const double* terminal_prob;
  const int32_t* in_offsets;
  const int32_t* in_sa;
  const double* in_prob;
};
TabularView view_of(const TabularMdp& mdp);

// What one state contributes to one batch element's expected step.
template <class T>
struct TabularStepAt {
  T next;        // next[s]: mass arriving in s without terminating
  T reward;      // expected reward of the transitions leaving s
  T terminated;  // mass leaving s through terminating transitions
};

// The expected step at state s of one batch element: d [S] and pi [S x A] are
// that element's rows. The batch's next distribution is .next over all s; its
// reward and terminated mass are the sums over s of .reward and .terminated.
template <class T>
GYM_HD TabularStepAt<T> tabular_step_at(const TabularView& m, const T* d, const T* pi, int32_t s) {
  TabularStepAt<T> out{T(0), T(0), T(0)};
  const int32_t A = m.n_actions;
  for (int32_t i = m.in_offsets[s]; i < m.in_offsets[s + 1]; ++i) {
    const int32_t sa = m.in_sa[i];
    out.next += d[sa / A] * pi[sa] * T(m.in_prob[i]);
  }
  T r = T(0), t = T(0);
  for (int32_t a = 0; a < A; ++a) {
    const int32_t sa = s * A + a;
    r += pi[sa] * T(m.expected_reward[sa]);
    t += pi[sa] * T(m.terminal_prob[sa]);
  }
  out.reward = d[s] * r;
  out.terminated = d[s] * t;
  return out;
}

// The vector-Jacobian product of the expected step at state s of one batch
// element: given the cotangents of its outputs, g_next [S] (of next),
// g_reward and g_terminated (of the element's reward and terminated mass),
// returns dL/dd[s] and writes dL/dpi[s, a] to g_pi_s[a] (A values). Exact:
// the step is linear in d and, for fixed d, in each pi[s, :].
template <class T>
GYM_HD T tabular_step_vjp_at(const TabularView& m, const T* d, const T* pi, int32_t s, const T* g_next, T g_reward,
                             T g_terminated, T* g_pi_s) {
  const int32_t A = m.n_actions;
  T g_d = T(0);
  for (int32_t a = 0; a < A; ++a) {
    const int32_t sa = s * A + a;
    // q: d L / d (mass taking action a in s).
    T q = g_reward * T(m.expected_reward[sa]) + g_terminated * T(m.terminal_prob[sa]);
    for (int32_t k = m.offsets[sa]; k < m.offsets[sa + 1]; ++k)
      if (!m.terminated[k]) q += T(m.prob[k]) * g_next[m.next_state[k]];
    g_pi_s[a] = d[s] * q;
    g_d += pi[sa] * q;
  }
  return g_d;
}

// ---- host API over batches, with validation -------------------------------

// d: [batch x S] with entries in [0, 1] and rows summing to at most 1 (+1e-9);
// pi: [batch x S x A] with entries >= 0 and each pi[b, s, :] summing to 1
// within 1e-9. Anything else is a gym::Error naming the entry.
struct TabularStep {
  std::vector<double> next;        // [batch x S]
  std::vector<double> reward;      // [batch]
  std::vector<double> terminated;  // [batch]
};
TabularStep expected_step(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi, int batch);
// The checks expected_step makes (the GPU's expected step makes them too).
void check_step_inputs(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi, int batch);

struct TabularStepGrad {
  std::vector<double> d;   // [batch x S]
  std::vector<double> pi;  // [batch x S x A]
};
// The gradient of sum_b (g_next[b] . next[b] + g_reward[b] reward[b] +
// g_terminated[b] terminated[b]); empty g_terminated means zeros.
TabularStepGrad expected_step_vjp(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi,
                                  int batch, std::span<const double> g_next, std::span<const double> g_reward,
                                  std::span<const double> g_terminated = {});

struct PolicyEvalConfig {
  int horizon = 0;        // steps, >= 1 (e.g. the env's max_episode_steps)
  double gamma = 1.0;     // discount in [0, 1]; the reward of step t weighs gamma^t, t from 0
  bool gradient = false;  // also compute grad_pi and grad_initial
};

struct PolicyEval {
  std::vector<double> returns;       // [batch] expected (discounted) return over the horizon
  std::vector<double> terminated;    // [batch] probability that the episode terminates within it
  std::vector<double> truncated;     // [batch] probability that it is still running after it
  std::vector<double> grad_pi;       // [batch x S x A] d return / d pi (each entry as a free variable)
  std::vector<double> grad_initial;  // [batch x S] d return / d initial distribution
};

// Exact policy evaluation of the stationary policy pi [batch x S x A] from
// `initial` ([batch x S]; empty: the MDP's initial distribution for every
// element): the expected return of an episode that runs until it terminates
// or `horizon` steps have passed, the same quantity a Monte-Carlo average of
// episodes under TimeLimit(horizon) estimates. With config.gradient, its exact
// gradient by backpropagation through the horizon (memory: horizon x batch x S
// doubles).
PolicyEval evaluate_policy(const TabularMdp& mdp, std::span<const double> pi, int batch, const PolicyEvalConfig& config,
                           std::span<const double> initial = {});

// A tabular world's state index from JSON: {"s": index} (other keys than
// "s" and `extra_key` are errors) or the bare index, in 0 .. n_states - 1.
int32_t tabular_state_index(const nlohmann::json& j, int32_t n_states, std::string_view model,
                            std::string_view extra_key = {});

// ---- world models over a table ---------------------------------------------

// A world model whose state is one index of a table (Gymnasium's toy text)
// derives from TabularWorld<itself> and provides
//   kId, kNumActions, kMaxOutcomes, Params, State {int32_t s; double prob; ...},
//   GYM_HD static int32_t num_states(const Params&),
//   GYM_HD static double initial_prob(const Params&, int32_t s),
//   GYM_HD static int outcomes(const Params&, int32_t s, int32_t a, TabularOutcome* out)  (returns the count,
//                                at most kMaxOutcomes, in Gymnasium's order);
// the base adds what follows from them (a model may hide any of it with its
// own): the observation (the index), the spaces, reset and step drawing as
// Gymnasium's toy text draws, info {"prob": ...}, JSON states {"s": index}
// and tabulate().
template <class M>
struct TabularWorld {
  using Obs = int64_t;

  template <class P>
  static Shape obs_shape(const P&) {
    return {};
  }
  template <class P>
  static Discrete observation_space(const P& p) {
    return Discrete(M::num_states(p));
  }
  template <class P>
  static Discrete action_space(const P&) {
    return Discrete(M::kNumActions);
  }
  template <class P, class S>
  GYM_HD static void observe(const P&, const S& st, Obs* obs) {
    obs[0] = st.s;
  }

  // Gymnasium's categorical_sample(initial_state_distrib): one uniform draw
  // u, then the first state whose cumulative probability exceeds u, or state
  // 0 if rounding leaves the total below u (numpy's argmax of an all-false
  // array; Taxi's 300 x 1/300 sum to 1 - 3.9e-15).
  template <class P, class S, class R>
  GYM_HD static void reset(const P& p, S& st, R& rng) {
    st.s = sample_index(M::num_states(p), [&](int32_t s) { return M::initial_prob(p, s); }, random_unit(rng));
    st.prob = 1.0;
  }
  template <class F>
  GYM_HD static int32_t sample_index(int32_t n, F&& prob, double u) {
    double c = 0.0;
    for (int32_t i = 0; i < n; ++i) {
      c += prob(i);
      if (c > u) return i;
    }
    return 0;
  }

  // One outcome of P[s][a], drawn with gym::categorical_sample as Gymnasium's
  // step draws it.
  template <class P, class S, class R>
  GYM_HD static WorldStep step(const P& p, S& st, int32_t a, R& rng) {
    TabularOutcome out[M::kMaxOutcomes];
    double probs[M::kMaxOutcomes];
    const int n = M::outcomes(p, st.s, a, out);
    for (int k = 0; k < n; ++k) probs[k] = out[k].prob;
    const TabularOutcome& o = out[categorical_sample(probs, n, rng)];
    st.s = o.next_state;
    st.prob = o.prob;
    return {float(o.reward), o.terminated, false};
  }

  template <class P>
  static TabularMdp tabulate(const P& p) {
    return tabulate_model<M>(p, M::kId);
  }

  // {"prob": 1} after reset (an int, as Gymnasium's FrozenLake and
  // CliffWalking report it), {"prob": p} after a step.
  template <class P, class S>
  static void info(const P&, const S& st, const WorldStep* step, nlohmann::json& out) {
    if (step) out["prob"] = st.prob;
    else out["prob"] = 1;
  }

  // The state as {"s": index}; state_from_json also takes the bare index.
  template <class P, class S>
  static nlohmann::json state_to_json(const P&, const S& st) {
    return {{"s", st.s}};
  }
  template <class P>
  static auto state_from_json(const P& p, const nlohmann::json& j) {
    typename M::State st{};
    st.s = tabular_state_index(j, M::num_states(p), M::kId);
    st.prob = 1.0;
    return st;
  }
};

}  // namespace gym
