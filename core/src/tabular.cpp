#include "gym/tabular.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gym/error.hpp"
#include "gym/registry.hpp"

namespace gym {

namespace {

constexpr double kSumTolerance = 1e-9;

bool is_probability(double p) { return std::isfinite(p) && p >= 0.0 && p <= 1.0; }

void check_size(std::string_view what, std::size_t got, std::size_t want, std::string_view shape) {
  if (got != want)
    throw Error(fmt::format("{} has {} values; expected {} = {}", what, got, want, shape));
}

// d: [batch x S], rows of probabilities summing to at most 1.
void check_distribution(const TabularMdp& m, std::span<const double> d, int batch, std::string_view what) {
  const std::size_t S = std::size_t(m.n_states);
  check_size(what, d.size(), std::size_t(batch) * S, fmt::format("batch {} x {} states", batch, S));
  for (int b = 0; b < batch; ++b) {
    double total = 0.0;
    for (std::size_t s = 0; s < S; ++s) {
      const double v = d[std::size_t(b) * S + s];
      if (!is_probability(v))
        throw Error(fmt::format("{}[{}][{}] = {} is not a probability in [0, 1]", what, b, s, v));
      total += v;
    }
    if (total > 1.0 + kSumTolerance)
      throw Error(fmt::format("{}[{}] sums to {} > 1: it must be a (sub-)probability distribution over states", what,
                              b, total));
  }
}

// pi: [batch x S x A], each pi[b, s, :] a distribution over actions.
void check_policy(const TabularMdp& m, std::span<const double> pi, int batch) {
  const std::size_t S = std::size_t(m.n_states), A = std::size_t(m.n_actions);
  check_size("pi", pi.size(), std::size_t(batch) * S * A,
             fmt::format("batch {} x {} states x {} actions", batch, S, A));
  for (std::size_t row = 0; row < std::size_t(batch) * S; ++row) {
    double total = 0.0;
    for (std::size_t a = 0; a < A; ++a) {
      const double v = pi[row * A + a];
      if (!is_probability(v))
        throw Error(fmt::format("pi[{}][{}][{}] = {} is not a probability in [0, 1]", row / S, row % S, a, v));
      total += v;
    }
    if (std::fabs(total - 1.0) > kSumTolerance)
      throw Error(fmt::format("pi[{}][{}][:] sums to {}, not 1: each state's action probabilities must sum to 1",
                              row / S, row % S, total));
  }
}

void check_batch(const TabularMdp& m, int batch) {
  if (m.in_offsets.empty()) throw Error("tabular MDP: not finalized (call gym::finalize after filling it)");
  if (batch < 1) throw Error(fmt::format("batch must be >= 1, got {}", batch));
}

}  // namespace

std::vector<TabularOutcome> TabularMdp::outcomes(int s, int a) const {
  if (s < 0 || s >= n_states || a < 0 || a >= n_actions)
    throw Error(fmt::format("tabular MDP: (state {}, action {}) is outside {} states x {} actions", s, a, n_states,
                            n_actions));
  std::vector<TabularOutcome> out;
  const std::size_t sa = std::size_t(s) * std::size_t(n_actions) + std::size_t(a);
  for (int32_t k = offsets[sa]; k < offsets[sa + 1]; ++k)
    out.push_back({prob[std::size_t(k)], next_state[std::size_t(k)], reward[std::size_t(k)],
                   terminated[std::size_t(k)] != 0});
  return out;
}

void finalize(TabularMdp& m, std::string_view owner) {
  if (m.n_states < 1 || m.n_actions < 1)
    throw Error(fmt::format("{}: needs at least one state and one action, got {} states and {} actions", owner,
                            m.n_states, m.n_actions));
  const std::size_t S = std::size_t(m.n_states), A = std::size_t(m.n_actions), SA = S * A;
  check_size(fmt::format("{}: initial_state_distrib", owner), m.initial.size(), S, "n_states");
  check_size(fmt::format("{}: offsets", owner), m.offsets.size(), SA + 1, "n_states x n_actions + 1");
  const std::size_t n = m.prob.size();
  if (m.next_state.size() != n || m.reward.size() != n || m.terminated.size() != n)
    throw Error(fmt::format("{}: the outcome columns differ in length (prob {}, next_state {}, reward {}, "
                            "terminated {})",
                            owner, n, m.next_state.size(), m.reward.size(), m.terminated.size()));
  if (n > std::size_t(std::numeric_limits<int32_t>::max()))
    throw Error(fmt::format("{}: {} outcomes are more than this table format holds", owner, n));
  if (m.offsets[0] != 0 || std::size_t(m.offsets[SA]) != n)
    throw Error(fmt::format("{}: offsets must run from 0 to the number of outcomes ({})", owner, n));

  double total = 0.0;
  for (std::size_t s = 0; s < S; ++s) {
    if (!is_probability(m.initial[s]))
      throw Error(fmt::format("{}: initial_state_distrib[{}] = {} is not a probability", owner, s, m.initial[s]));
    total += m.initial[s];
  }
  if (std::fabs(total - 1.0) > kSumTolerance)
    throw Error(fmt::format("{}: initial_state_distrib sums to {}, not 1", owner, total));

  m.expected_reward.assign(SA, 0.0);
  m.terminal_prob.assign(SA, 0.0);
  std::vector<int32_t> incoming(S + 1, 0);
  for (std::size_t sa = 0; sa < SA; ++sa) {
    const int32_t b = m.offsets[sa], e = m.offsets[sa + 1];
    if (e <= b)
      throw Error(fmt::format("{}: P[{}][{}] has no outcomes", owner, sa / A, sa % A));
    double sum = 0.0;
    for (int32_t k = b; k < e; ++k) {
      const std::size_t i = std::size_t(k);
      if (!is_probability(m.prob[i]))
        throw Error(fmt::format("{}: P[{}][{}][{}] has probability {}", owner, sa / A, sa % A, k - b, m.prob[i]));
      if (m.next_state[i] < 0 || m.next_state[i] >= m.n_states)
        throw Error(fmt::format("{}: P[{}][{}][{}] leads to state {}, outside 0..{}", owner, sa / A, sa % A, k - b,
                                m.next_state[i], m.n_states - 1));
      if (!std::isfinite(m.reward[i]))
        throw Error(fmt::format("{}: P[{}][{}][{}] has reward {}", owner, sa / A, sa % A, k - b, m.reward[i]));
      sum += m.prob[i];
      m.expected_reward[sa] += m.prob[i] * m.reward[i];
      if (m.terminated[i]) m.terminal_prob[sa] += m.prob[i];
      else ++incoming[std::size_t(m.next_state[i]) + 1];
    }
    if (std::fabs(sum - 1.0) > kSumTolerance)
      throw Error(fmt::format("{}: the probabilities of P[{}][{}] sum to {}, not 1", owner, sa / A, sa % A, sum));
  }

  // Incoming non-terminating outcomes per next state, in (s, a, k) order.
  for (std::size_t s = 0; s < S; ++s) incoming[s + 1] += incoming[s];
  m.in_offsets = incoming;
  m.in_sa.assign(std::size_t(incoming[S]), 0);
  m.in_prob.assign(std::size_t(incoming[S]), 0.0);
  std::vector<int32_t> fill(incoming.begin(), incoming.end() - 1);
  for (std::size_t sa = 0; sa < SA; ++sa)
    for (int32_t k = m.offsets[sa]; k < m.offsets[sa + 1]; ++k) {
      const std::size_t i = std::size_t(k);
      if (m.terminated[i]) continue;
      const std::size_t slot = std::size_t(fill[std::size_t(m.next_state[i])]++);
      m.in_sa[slot] = int32_t(sa);
      m.in_prob[slot] = m.prob[i];
    }
}

nlohmann::ordered_json to_gymnasium_json(const TabularMdp& m) {
  using json = nlohmann::ordered_json;
  const auto number = [](double v) -> json {
    if (std::trunc(v) == v && std::fabs(v) < 9.0e15) return int64_t(v);
    return v;
  };
  json P = json::object();
  for (int32_t s = 0; s < m.n_states; ++s) {
    json row = json::object();
    for (int32_t a = 0; a < m.n_actions; ++a) {
      json list = json::array();
      const std::size_t sa = std::size_t(s) * std::size_t(m.n_actions) + std::size_t(a);
      for (int32_t k = m.offsets[sa]; k < m.offsets[sa + 1]; ++k) {
        const std::size_t i = std::size_t(k);
        list.push_back(json::array({m.prob[i], m.next_state[i], number(m.reward[i]), m.terminated[i] != 0}));
      }
      row[std::to_string(a)] = std::move(list);
    }
    P[std::to_string(s)] = std::move(row);
  }
  return {{"n_states", m.n_states}, {"n_actions", m.n_actions}, {"initial_state_distrib", m.initial}, {"P", P}};
}

namespace {

template <class Json>
TabularMdp from_gymnasium_json(const Json& j) {
  const std::string_view owner = "Gymnasium P table";
  try {
    TabularMdp m;
    m.n_states = j.at("n_states").template get<int32_t>();
    m.n_actions = j.at("n_actions").template get<int32_t>();
    if (m.n_states < 1 || m.n_actions < 1)
      throw Error(fmt::format("{}: needs at least one state and one action, got {} and {}", owner, m.n_states,
                              m.n_actions));
    m.initial = j.at("initial_state_distrib").template get<std::vector<double>>();
    const Json& P = j.at("P");
    const auto entry = [](const Json& table, int32_t i) -> const Json& {
      return table.is_array() ? table.at(std::size_t(i)) : table.at(std::to_string(i));
    };
    m.offsets.push_back(0);
    for (int32_t s = 0; s < m.n_states; ++s)
      for (int32_t a = 0; a < m.n_actions; ++a) {
        for (const auto& o : entry(entry(P, s), a)) {
          if (!o.is_array() || o.size() != 4)
            throw Error(fmt::format("{}: P[{}][{}] entries must be [prob, next_state, reward, terminated]", owner, s,
                                    a));
          m.prob.push_back(o[0].template get<double>());
          m.next_state.push_back(o[1].template get<int32_t>());
          m.reward.push_back(o[2].template get<double>());
          m.terminated.push_back(o[3].template get<bool>());
        }
        m.offsets.push_back(int32_t(m.prob.size()));
      }
    finalize(m, owner);
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: {}", owner, e.what()));
  }
}

}  // namespace

TabularMdp tabular_from_gymnasium_json(const nlohmann::json& j) { return from_gymnasium_json(j); }
TabularMdp tabular_from_gymnasium_json(const nlohmann::ordered_json& j) { return from_gymnasium_json(j); }

TabularMdp tabulate(std::string_view id, const Options& options) {
  const EnvFactory& f = registry().at(id);
  if (!f.tabulate) {
    std::vector<std::string> tabular;
    for (const auto& other : registry().ids())
      if (registry().at(other).tabulate) tabular.push_back(other);
    throw Error(fmt::format("{} has no exact transition table (envs with one: {})", id,
                            tabular.empty() ? std::string("none") : fmt::format("{}", fmt::join(tabular, ", "))));
  }
  return f.tabulate(options);
}

int32_t tabular_state_index(const nlohmann::json& j, int32_t n_states, std::string_view model,
                            std::string_view extra_key) {
  const nlohmann::json* v = &j;
  if (j.is_object()) {
    for (const auto& [key, _] : j.items())
      if (key != "s" && key != extra_key)
        throw Error(fmt::format("{} state: unknown key '{}' (expected {{\"s\": index{}}})", model, key,
                                extra_key.empty() ? "" : fmt::format(", \"{}\": ...", extra_key)));
    if (!j.contains("s")) throw Error(fmt::format("{} state: missing \"s\" in {}", model, j.dump()));
    v = &j["s"];
  }
  if (!v->is_number_integer())
    throw Error(fmt::format("{} state: expected {{\"s\": index}} or an integer index, got {}", model, j.dump()));
  const int64_t s = v->get<int64_t>();
  if (s < 0 || s >= n_states) throw Error(fmt::format("{} state: index {} is outside 0..{}", model, s, n_states - 1));
  return int32_t(s);
}

TabularView view_of(const TabularMdp& m) {
  return {m.n_states,          m.n_actions,         m.offsets.data(),    m.prob.data(),
          m.next_state.data(), m.terminated.data(), m.expected_reward.data(), m.terminal_prob.data(),
          m.in_offsets.data(), m.in_sa.data(),      m.in_prob.data()};
}

namespace {

// The batched step without validation; the reductions over states run in
// state order, so results do not depend on anything but the inputs.
void step_unchecked(const TabularView& v, const double* d, const double* pi, int batch, double* next, double* reward,
                    double* terminated) {
  const std::size_t S = std::size_t(v.n_states), SA = S * std::size_t(v.n_actions);
  for (int b = 0; b < batch; ++b) {
    const double* db = d + std::size_t(b) * S;
    const double* pib = pi + std::size_t(b) * SA;
    double r = 0.0, t = 0.0;
    for (int32_t s = 0; s < v.n_states; ++s) {
      const TabularStepAt<double> at = tabular_step_at(v, db, pib, s);
      next[std::size_t(b) * S + std::size_t(s)] = at.next;
      r += at.reward;
      t += at.terminated;
    }
    reward[b] = r;
    terminated[b] = t;
  }
}

// Accumulates the vector-Jacobian product into g_d (overwritten) and g_pi (added to).
void vjp_unchecked(const TabularView& v, const double* d, const double* pi, int batch, const double* g_next,
                   const double* g_reward, const double* g_terminated, double* g_d, double* g_pi) {
  const std::size_t S = std::size_t(v.n_states), A = std::size_t(v.n_actions), SA = S * A;
  std::vector<double> row(A);
  for (int b = 0; b < batch; ++b) {
    const std::size_t bs = std::size_t(b) * S, bsa = std::size_t(b) * SA;
    for (int32_t s = 0; s < v.n_states; ++s) {
      g_d[bs + std::size_t(s)] = tabular_step_vjp_at(v, d + bs, pi + bsa, s, g_next + bs, g_reward[b],
                                                     g_terminated ? g_terminated[b] : 0.0, row.data());
      double* g = g_pi + bsa + std::size_t(s) * A;
      for (std::size_t a = 0; a < A; ++a) g[a] += row[a];
    }
  }
}

}  // namespace

void check_step_inputs(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi, int batch) {
  check_batch(mdp, batch);
  check_distribution(mdp, d, batch, "d");
  check_policy(mdp, pi, batch);
}

TabularStep expected_step(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi, int batch) {
  check_step_inputs(mdp, d, pi, batch);
  TabularStep out;
  out.next.resize(d.size());
  out.reward.resize(std::size_t(batch));
  out.terminated.resize(std::size_t(batch));
  step_unchecked(view_of(mdp), d.data(), pi.data(), batch, out.next.data(), out.reward.data(), out.terminated.data());
  return out;
}

TabularStepGrad expected_step_vjp(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi,
                                  int batch, std::span<const double> g_next, std::span<const double> g_reward,
                                  std::span<const double> g_terminated) {
  check_batch(mdp, batch);
  check_distribution(mdp, d, batch, "d");
  check_policy(mdp, pi, batch);
  check_size("g_next", g_next.size(), d.size(), fmt::format("batch {} x {} states", batch, mdp.n_states));
  check_size("g_reward", g_reward.size(), std::size_t(batch), "batch");
  if (!g_terminated.empty()) check_size("g_terminated", g_terminated.size(), std::size_t(batch), "batch");
  TabularStepGrad out;
  out.d.resize(d.size());
  out.pi.assign(pi.size(), 0.0);
  vjp_unchecked(view_of(mdp), d.data(), pi.data(), batch, g_next.data(), g_reward.data(),
                g_terminated.empty() ? nullptr : g_terminated.data(), out.d.data(), out.pi.data());
  return out;
}

PolicyEval evaluate_policy(const TabularMdp& mdp, std::span<const double> pi, int batch, const PolicyEvalConfig& config,
                           std::span<const double> initial) {
  check_batch(mdp, batch);
  if (config.horizon < 1) throw Error(fmt::format("horizon must be >= 1, got {}", config.horizon));
  if (!(config.gamma >= 0.0 && config.gamma <= 1.0))
    throw Error(fmt::format("gamma must be in [0, 1], got {}", config.gamma));
  check_policy(mdp, pi, batch);
  const std::size_t S = std::size_t(mdp.n_states), B = std::size_t(batch), T = std::size_t(config.horizon);

  // d_t for every t (the backward pass needs them), d_0 first.
  std::vector<double> d((config.gradient ? T + 1 : 2) * B * S);
  if (initial.empty()) {
    for (std::size_t b = 0; b < B; ++b) std::copy(mdp.initial.begin(), mdp.initial.end(), d.begin() + std::ptrdiff_t(b * S));
  } else {
    check_distribution(mdp, initial, batch, "initial");
    std::copy(initial.begin(), initial.end(), d.begin());
  }

  const TabularView v = view_of(mdp);
  PolicyEval out;
  out.returns.assign(B, 0.0);
  out.terminated.assign(B, 0.0);
  std::vector<double> reward(B), terminated(B), weight(T);
  double w = 1.0;
  for (std::size_t t = 0; t < T; ++t) {
    weight[t] = w;
    const double* cur = d.data() + (config.gradient ? t : t % 2) * B * S;
    double* nxt = d.data() + (config.gradient ? t + 1 : (t + 1) % 2) * B * S;
    step_unchecked(v, cur, pi.data(), batch, nxt, reward.data(), terminated.data());
    for (std::size_t b = 0; b < B; ++b) {
      out.returns[b] += w * reward[b];
      out.terminated[b] += terminated[b];
    }
    w *= config.gamma;
  }
  const double* last = d.data() + (config.gradient ? T : T % 2) * B * S;
  out.truncated.assign(B, 0.0);
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t s = 0; s < S; ++s) out.truncated[b] += last[b * S + s];
  if (!config.gradient) return out;

  // Backward: lambda_t = d return / d d_t; lambda_T = 0 (d_T earns nothing).
  std::vector<double> lambda(B * S, 0.0), lambda_prev(B * S), g_reward(B);
  out.grad_pi.assign(pi.size(), 0.0);
  for (std::size_t t = T; t-- > 0;) {
    std::fill(g_reward.begin(), g_reward.end(), weight[t]);
    vjp_unchecked(v, d.data() + t * B * S, pi.data(), batch, lambda.data(), g_reward.data(), nullptr,
                  lambda_prev.data(), out.grad_pi.data());
    lambda.swap(lambda_prev);
  }
  out.grad_initial = std::move(lambda);
  return out;
}

}  // namespace gym
