// gym/tabular.hpp: exact policy evaluation against Monte-Carlo rollouts of
// the real envs, gradients against central finite differences, the
// expected step's bookkeeping, the Gymnasium JSON layout and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "gym/envs/toy_text/cliff_walking.hpp"
#include "gym/envs/toy_text/frozen_lake.hpp"
#include "gym/envs/toy_text/taxi.hpp"
#include "gym/registry.hpp"
#include "gym/rng.hpp"
#include "gym/tabular.hpp"
#include "support.hpp"

using Catch::Matchers::Contains;
using gym::test::error_of;

namespace {

// A policy [batch x S x A] with every probability at least about floor / A,
// different for every state, from a fixed seed.
std::vector<double> random_policy(int batch, int S, int A, uint64_t seed, double floor = 0.2) {
  gym::Rng rng(seed, 0);
  std::vector<double> pi(std::size_t(batch) * std::size_t(S) * std::size_t(A));
  for (std::size_t row = 0; row < pi.size() / std::size_t(A); ++row) {
    double total = 0;
    for (int a = 0; a < A; ++a) total += pi[row * std::size_t(A) + std::size_t(a)] = floor + rng.uniform(0.0, 1.0);
    for (int a = 0; a < A; ++a) pi[row * std::size_t(A) + std::size_t(a)] /= total;
  }
  return pi;
}

// The same policy for every state: pi(a) = weights[a].
std::vector<double> fixed_policy(int S, const std::vector<double>& weights) {
  std::vector<double> pi;
  for (int s = 0; s < S; ++s) pi.insert(pi.end(), weights.begin(), weights.end());
  return pi;
}

int sample_action(const double* probs, int A, std::mt19937_64& gen) {
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(gen);
  double c = 0;
  for (int a = 0; a < A; ++a)
    if ((c += probs[a]) > u) return a;
  return A - 1;
}

struct MonteCarlo {
  double mean = 0, se = 0;        // discounted return
  double terminated = 0, terminated_se = 0;  // frequency of terminated episodes
  int episodes = 0;
};

template <class Episode>
MonteCarlo estimate(int episodes, Episode&& episode) {
  double sum = 0, sum2 = 0, term = 0;
  for (int e = 0; e < episodes; ++e) {
    bool terminated = false;
    const double g = episode(terminated);
    sum += g;
    sum2 += g * g;
    term += terminated;
  }
  MonteCarlo mc;
  mc.episodes = episodes;
  mc.mean = sum / episodes;
  mc.se = std::sqrt(std::max(0.0, sum2 / episodes - mc.mean * mc.mean) / (episodes - 1));
  mc.terminated = term / episodes;
  mc.terminated_se = std::sqrt(mc.terminated * (1 - mc.terminated) / (episodes - 1));
  return mc;
}

// Episodes of the registered env (gym::make: the single env, its TimeLimit
// at `horizon` steps) under pi.
MonteCarlo rollouts_env(const std::string& id, gym::Options options, const std::vector<double>& pi, int A,
                        int horizon, double gamma, int episodes, uint64_t seed) {
  options.emplace("max_episode_steps", horizon);
  auto env = gym::make(id, options);
  std::mt19937_64 gen(seed);
  bool first = true;
  return estimate(episodes, [&](bool& terminated) {
    auto r = first ? env->reset(seed) : env->reset();
    first = false;
    int s = int(r.obs.element(0));
    double g = 0, w = 1;
    while (true) {
      const auto step = env->step(gym::Array(sample_action(&pi[std::size_t(s) * std::size_t(A)], A, gen)));
      g += w * step.reward;
      w *= gamma;
      s = int(step.obs.element(0));
      if (step.terminated || step.truncated) {
        terminated = step.terminated;
        return g;
      }
    }
  });
}

// Episodes of model M run directly on the counter-based generator (the
// vector and GPU executors' path), cut at `horizon` steps.
template <class M>
MonteCarlo rollouts_model(const typename M::Params& p, const std::vector<double>& pi, int horizon, double gamma,
                          int episodes, uint64_t seed) {
  std::mt19937_64 gen(seed);
  uint64_t episode = 0;
  return estimate(episodes, [&](bool& terminated) {
    gym::Rng rng(seed, episode++);
    typename M::State st;
    M::reset(p, st, rng);
    double g = 0, w = 1;
    for (int t = 0; t < horizon; ++t) {
      const int a = sample_action(&pi[std::size_t(st.s) * M::kNumActions], M::kNumActions, gen);
      const gym::WorldStep r = M::step(p, st, a, rng);
      g += w * r.reward;
      w *= gamma;
      if (r.terminated) {
        terminated = true;
        break;
      }
    }
    return g;
  });
}

void check_against(const gym::PolicyEval& exact, const MonteCarlo& mc, double max_se) {
  INFO("exact return " << exact.returns[0] << ", Monte Carlo " << mc.mean << " +- " << mc.se);
  CHECK(mc.se < max_se);  // enough episodes for the comparison to mean something
  CHECK(std::fabs(exact.returns[0] - mc.mean) <= 4 * mc.se);
  INFO("exact termination probability " << exact.terminated[0] << ", Monte Carlo " << mc.terminated << " +- "
                                        << mc.terminated_se);
  // (plus one episode's worth: a frequency of 0 or 1 has a standard error of 0)
  CHECK(std::fabs(exact.terminated[0] - mc.terminated) <= 4 * mc.terminated_se + 1.0 / mc.episodes);
  CHECK(exact.terminated[0] + exact.truncated[0] == Approx(1.0).epsilon(1e-12));
}

double evaluate(const gym::TabularMdp& m, const std::vector<double>& pi, int batch, int b,
                const gym::PolicyEvalConfig& c, const std::vector<double>& initial = {}) {
  return gym::evaluate_policy(m, pi, batch, c, initial).returns[std::size_t(b)];
}

}  // namespace

TEST_CASE("exact policy evaluation equals Monte-Carlo rollouts of the real envs", "[tabular]") {
  SECTION("FrozenLake-v1 through gym::make (slippery, its 100-step limit), two policies") {
    const auto m = gym::tabulate("FrozenLake-v1");
    for (const auto& pi : {random_policy(1, 16, 4, 3), fixed_policy(16, {0.1, 0.4, 0.4, 0.1})}) {
      const auto exact = gym::evaluate_policy(m, pi, 1, {100, 1.0});
      check_against(exact, rollouts_env("FrozenLake-v1", {}, pi, 4, 100, 1.0, 20000, 11), 0.004);
    }
  }
  SECTION("FrozenLake8x8-v1, discounted, cut at 60 steps") {
    const auto m = gym::tabulate("FrozenLake8x8-v1");
    const auto pi = fixed_policy(64, {0.1, 0.4, 0.4, 0.1});
    const auto exact = gym::evaluate_policy(m, pi, 1, {60, 0.97});
    check_against(exact, rollouts_env("FrozenLake8x8-v1", {}, pi, 4, 60, 0.97, 20000, 12), 0.004);
  }
  SECTION("CliffWalkingSlippery-v1 (the model on the counter-based generator), 60 steps") {
    const gym::envs::CliffWalking::Params p{.is_slippery = true};
    const auto m = gym::envs::CliffWalking::tabulate(p);
    const auto pi = fixed_policy(48, {0.4, 0.3, 0.1, 0.2});
    const auto exact = gym::evaluate_policy(m, pi, 1, {60, 1.0});
    check_against(exact, rollouts_model<gym::envs::CliffWalking>(p, pi, 60, 1.0, 20000, 13), 3.0);
  }
  SECTION("Taxi-v4 rainy (the model on the counter-based generator), 200 steps, discounted") {
    const gym::envs::Taxi::Params p{.is_rainy = true};
    const auto m = gym::envs::Taxi::tabulate(p);
    const auto pi = random_policy(1, 500, 6, 5);
    const auto exact = gym::evaluate_policy(m, pi, 1, {200, 0.95});
    check_against(exact, rollouts_model<gym::envs::Taxi>(p, pi, 200, 0.95, 20000, 14), 0.15);
  }
}

TEST_CASE("policy evaluation: a deterministic path earns gamma^(steps - 1) exactly at the step it arrives",
          "[tabular]") {
  // FrozenLake 4x4 without slipping: down, down, right, down, right, right
  // reaches G at the 6th step, t = 5.
  const auto m = gym::tabulate("FrozenLake-v1", {{"is_slippery", false}});
  std::vector<double> pi = fixed_policy(16, {1, 0, 0, 0});
  const int path[][2] = {{0, 1}, {4, 1}, {8, 2}, {9, 1}, {13, 2}, {14, 2}};
  for (const auto& [s, a] : path) {
    for (int b = 0; b < 4; ++b) pi[std::size_t(s * 4 + b)] = b == a ? 1.0 : 0.0;
  }
  const auto at5 = gym::evaluate_policy(m, pi, 1, {5, 0.9});
  CHECK(at5.returns[0] == 0.0);
  CHECK(at5.truncated[0] == 1.0);
  const auto at6 = gym::evaluate_policy(m, pi, 1, {6, 0.9});
  CHECK(at6.returns[0] == Approx(std::pow(0.9, 5)).epsilon(1e-15));
  CHECK(at6.terminated[0] == 1.0);
  CHECK(at6.truncated[0] == 0.0);
  CHECK(gym::evaluate_policy(m, pi, 1, {100, 0.9}).returns[0] == at6.returns[0]);  // the goal absorbs
}

TEST_CASE("d return / d pi and d return / d initial equal central finite differences", "[tabular]") {
  const auto check = [](const gym::TabularMdp& m, int batch, int horizon, double gamma, int stride) {
    const int S = m.n_states, A = m.n_actions;
    const auto pi = random_policy(batch, S, A, 21);
    const gym::PolicyEvalConfig c{horizon, gamma, true};
    const auto g = gym::evaluate_policy(m, pi, batch, c);
    REQUIRE(g.grad_pi.size() == pi.size());
    // Along e[s, a] - e[s, a + 1], which keeps pi[b, s, :] on the simplex.
    const double h = 1e-6;
    int checked = 0;
    for (std::size_t i = 0; i < pi.size(); i += std::size_t(stride)) {
      const std::size_t a = i % std::size_t(A), j = i - a + (a + 1) % std::size_t(A);
      const int b = int(i / (std::size_t(S) * std::size_t(A)));
      auto plus = pi, minus = pi;
      plus[i] += h, plus[j] -= h;
      minus[i] -= h, minus[j] += h;
      const double fd = (evaluate(m, plus, batch, b, c) - evaluate(m, minus, batch, b, c)) / (2 * h);
      const double analytic = g.grad_pi[i] - g.grad_pi[j];
      INFO("pi entry " << i << ": analytic " << analytic << ", finite difference " << fd);
      CHECK(analytic == Approx(fd).margin(1e-7).epsilon(1e-5));
      ++checked;
    }
    CHECK(checked >= 40);
    // The return is linear in the initial distribution.
    std::vector<double> initial(std::size_t(batch) * std::size_t(S), 0.5 / S);
    const auto gi = gym::evaluate_policy(m, pi, batch, c, initial);
    for (std::size_t i = 0; i < initial.size(); i += std::size_t(stride)) {
      auto plus = initial, minus = initial;
      plus[i] += 1e-3, minus[i] -= 1e-3;
      const int b = int(i / std::size_t(S));
      const double fd = (evaluate(m, pi, batch, b, c, plus) - evaluate(m, pi, batch, b, c, minus)) / 2e-3;
      CHECK(gi.grad_initial[i] == Approx(fd).margin(1e-9).epsilon(1e-7));
    }
  };
  SECTION("FrozenLake-v1, batch of 2, 30 steps") { check(gym::tabulate("FrozenLake-v1"), 2, 30, 0.95, 1); }
  SECTION("CliffWalkingSlippery-v1, 40 steps") { check(gym::tabulate("CliffWalkingSlippery-v1"), 1, 40, 1.0, 3); }
  SECTION("Taxi-v4 rainy, 12 steps") { check(gym::tabulate("Taxi-v4", {{"is_rainy", true}}), 1, 12, 0.9, 47); }
}

TEST_CASE("the per-state step and its vector-Jacobian product are exact in every d and pi entry", "[tabular]") {
  // The GYM_HD bodies on raw arrays, each entry perturbed on its own (off the
  // simplex: the step is a polynomial in d and pi, defined everywhere).
  const auto m = gym::tabulate("FrozenLake-v1", {{"desc", "SFH,FFF,HFG"}, {"success_rate", 0.5}});
  const gym::TabularView v = gym::view_of(m);
  const int S = m.n_states, A = m.n_actions;
  auto pi = random_policy(1, S, A, 4);
  std::vector<double> d, g_next;
  gym::Rng rng(9, 0);
  for (int s = 0; s < S; ++s) {
    d.push_back(rng.uniform(0.0, 0.1));
    g_next.push_back(rng.uniform(-1.0, 1.0));
  }
  const double g_reward = 0.7, g_terminated = -0.3;
  const auto loss = [&](const std::vector<double>& dd, const std::vector<double>& pp) {
    double l = 0;
    for (int s = 0; s < S; ++s) {
      const auto at = gym::tabular_step_at(v, dd.data(), pp.data(), s);
      l += g_next[std::size_t(s)] * at.next + g_reward * at.reward + g_terminated * at.terminated;
    }
    return l;
  };
  std::vector<double> g_d(static_cast<std::size_t>(S)), g_pi(pi.size());
  for (int s = 0; s < S; ++s)
    g_d[std::size_t(s)] = gym::tabular_step_vjp_at(v, d.data(), pi.data(), s, g_next.data(), g_reward, g_terminated,
                                                   &g_pi[std::size_t(s * A)]);
  const double h = 1e-6;
  for (std::size_t i = 0; i < pi.size(); ++i) {
    auto plus = pi, minus = pi;
    plus[i] += h, minus[i] -= h;
    CHECK(g_pi[i] == Approx((loss(d, plus) - loss(d, minus)) / (2 * h)).margin(1e-9));
  }
  for (std::size_t i = 0; i < d.size(); ++i) {
    auto plus = d, minus = d;
    plus[i] += h, minus[i] -= h;
    CHECK(g_d[i] == Approx((loss(plus, pi) - loss(minus, pi)) / (2 * h)).margin(1e-9));
  }
  // The batched host API agrees with the bodies.
  const auto step = gym::expected_step(m, d, pi, 1);
  const auto vjp = gym::expected_step_vjp(m, d, pi, 1, g_next, {&g_reward, 1}, {&g_terminated, 1});
  for (int s = 0; s < S; ++s) {
    CHECK(step.next[std::size_t(s)] == gym::tabular_step_at(v, d.data(), pi.data(), s).next);
    CHECK(vjp.d[std::size_t(s)] == g_d[std::size_t(s)]);
  }
  CHECK(vjp.pi == g_pi);
}

TEST_CASE("the expected step conserves mass: what does not terminate arrives somewhere", "[tabular]") {
  for (const char* id : {"FrozenLake8x8-v1", "CliffWalking-v1", "Taxi-v4"}) {
    INFO(id);
    const auto m = gym::tabulate(id);
    const int S = m.n_states, A = m.n_actions, B = 3;
    const auto pi = random_policy(B, S, A, 8);
    std::vector<double> d(std::size_t(B) * std::size_t(S));
    gym::Rng rng(2, 0);
    for (int b = 0; b < B; ++b) {
      double total = 0;
      for (int s = 0; s < S; ++s) total += d[std::size_t(b * S + s)] = rng.uniform(0.0, 1.0);
      for (int s = 0; s < S; ++s) d[std::size_t(b * S + s)] *= (0.5 + 0.2 * b) / total;
    }
    const auto r = gym::expected_step(m, d, pi, B);
    for (int b = 0; b < B; ++b) {
      double next = 0;
      for (int s = 0; s < S; ++s) next += r.next[std::size_t(b * S + s)];
      CHECK(next + r.terminated[std::size_t(b)] == Approx(0.5 + 0.2 * b).epsilon(1e-13));
    }
  }
}

TEST_CASE("tables round-trip through Gymnasium's JSON layout", "[tabular]") {
  const auto m = gym::tabulate("Taxi-v4", {{"is_rainy", true}});
  const auto j = gym::to_gymnasium_json(m);
  CHECK(j["P"]["20"]["4"] == nlohmann::ordered_json::parse("[[1.0, 20, -10, false]]"));  // no passenger at (0, 1)
  CHECK(j["P"]["0"]["4"] == nlohmann::ordered_json::parse("[[1.0, 16, -1, false]]"));    // picked up at R
  const auto back = gym::tabular_from_gymnasium_json(j);
  CHECK(back.initial == m.initial);
  CHECK(back.offsets == m.offsets);
  CHECK(back.prob == m.prob);
  CHECK(back.next_state == m.next_state);
  CHECK(back.reward == m.reward);
  CHECK(back.terminated == m.terminated);
  CHECK(back.in_sa == m.in_sa);
}

TEST_CASE("tabular input is validated, naming the entry and the problem", "[tabular]") {
  const auto m = gym::tabulate("FrozenLake-v1");
  const std::vector<double> pi = fixed_policy(16, {0.25, 0.25, 0.25, 0.25});
  const auto eval = [&](std::vector<double> p, int batch, gym::PolicyEvalConfig c, std::vector<double> init = {}) {
    return [=] { gym::evaluate_policy(m, p, batch, c, init); };
  };
  CHECK_THAT(error_of(eval({0.25, 0.25}, 1, {10})), Contains("pi has 2 values; expected 64"));
  CHECK_THAT(error_of(eval(pi, 2, {10})), Contains("pi has 64 values; expected 128"));
  auto bad = pi;
  bad[13] = 0.15;  // state 3's row sums to 0.9
  CHECK_THAT(error_of(eval(bad, 1, {10})), Contains("pi[0][3][:] sums to 0.9") && Contains("must sum to 1"));
  bad = pi;
  bad[5] = -0.25, bad[6] = 0.75;
  CHECK_THAT(error_of(eval(bad, 1, {10})), Contains("pi[0][1][1] = -0.25 is not a probability"));
  bad[5] = NAN;
  CHECK_THAT(error_of(eval(bad, 1, {10})), Contains("pi[0][1][1] = nan"));
  CHECK_THAT(error_of(eval(pi, 1, {0})), Contains("horizon must be >= 1"));
  CHECK_THAT(error_of(eval(pi, 1, {10, 1.5})), Contains("gamma must be in [0, 1]"));
  CHECK_THAT(error_of(eval(pi, 0, {10})), Contains("batch must be >= 1"));
  CHECK_THAT(error_of(eval(pi, 1, {10}, std::vector<double>(16, 0.1))), Contains("initial[0] sums to 1.6"));
  CHECK_THAT(error_of(eval(pi, 1, {10}, std::vector<double>(15, 0.0))), Contains("initial has 15 values"));
  std::vector<double> d(16, 0.0);
  d[2] = -0.1;
  CHECK_THAT(error_of([&] { gym::expected_step(m, d, pi, 1); }), Contains("d[0][2] = -0.1 is not a probability"));
  CHECK_THAT(error_of([&] {
               gym::expected_step_vjp(m, std::vector<double>(16, 0.0), pi, 1, std::vector<double>(3), {});
             }),
             Contains("g_next has 3 values; expected 16"));

  // Hand-built tables.
  gym::TabularMdp t;
  t.n_states = 2, t.n_actions = 1;
  t.initial = {1.0, 0.0};
  t.offsets = {0, 2, 3};
  t.prob = {0.5, 0.4, 1.0};
  t.next_state = {0, 1, 1};
  t.reward = {0, 1, 0};
  t.terminated = {0, 0, 1};
  CHECK_THAT(error_of([&] { gym::finalize(t); }), Contains("P[0][0] sum to 0.9, not 1"));
  t.prob = {0.5, 0.5, 1.0};
  t.next_state = {0, 2, 1};
  CHECK_THAT(error_of([&] { gym::finalize(t); }), Contains("P[0][0][1] leads to state 2, outside 0..1"));
  t.next_state = {0, 1, 1};
  t.initial = {0.5, 0.4};
  CHECK_THAT(error_of([&] { gym::finalize(t); }), Contains("initial_state_distrib sums to 0.9"));
  t.initial = {1.0, 0.0};
  t.offsets = {0, 3, 3};
  t.prob = {0.5, 0.4, 0.1};
  CHECK_THAT(error_of([&] { gym::finalize(t); }), Contains("P[1][0] has no outcomes"));
  t.offsets = {0, 2, 3};
  t.prob = {0.5, 0.5, 1.0};
  gym::finalize(t);
  CHECK(t.in_offsets == std::vector<int32_t>{0, 1, 2});  // the terminating outcome arrives nowhere
  gym::TabularMdp unfinished;
  unfinished.n_states = 1, unfinished.n_actions = 1;
  CHECK_THAT(error_of([&] { gym::evaluate_policy(unfinished, std::vector<double>{1.0}, 1, {1}); }),
             Contains("not finalized"));
  CHECK_THAT(error_of([] { gym::tabular_from_gymnasium_json(nlohmann::json{{"n_states", 1}}); }),
             Contains("Gymnasium P table"));
}
