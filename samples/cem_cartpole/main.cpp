// A first agent, written the way a user embeds gym++: the cross-entropy
// method on a linear policy, evaluated on a vector env, then checked on 100
// seeded episodes of the single env against CartPole-v1's reward threshold.
//
//   cem_cartpole [--seed S] [--population P] [--episodes E] [--iterations I]
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "gym/registry.hpp"

namespace {

constexpr int kObs = 4;
constexpr int kParams = kObs + 1;  // weights and bias
using Policy = std::array<double, kParams>;

int act(const Policy& w, const float* obs) {
  double z = w[kObs];
  for (int k = 0; k < kObs; ++k) z += w[k] * obs[k];
  return z > 0 ? 1 : 0;
}

// Mean return of each candidate over `episodes` episodes, all run at once in
// one vector env (candidate c owns envs [c * episodes, (c + 1) * episodes)).
std::vector<double> evaluate(gym::VectorEnv& venv, const std::vector<Policy>& candidates, int episodes,
                             uint64_t seed, int64_t& env_steps) {
  const int n = venv.num_envs();
  venv.reset(seed);
  std::vector<int32_t> actions(static_cast<std::size_t>(n));
  std::vector<double> first_return(std::size_t(n), 0.0);
  std::vector<uint8_t> finished(std::size_t(n), 0);
  for (int left = n; left > 0;) {
    const auto obs = venv.observations();
    for (int i = 0; i < n; ++i) actions[i] = act(candidates[i / episodes], &obs[std::size_t(i) * kObs]);
    venv.step(std::span<const int32_t>(actions));
    env_steps += n;
    const auto term = venv.terminated(), trunc = venv.truncated();
    const auto returns = venv.episode_returns();
    for (int i = 0; i < n; ++i) {
      if (!finished[i] && (term[i] || trunc[i])) {
        finished[i] = 1;
        first_return[i] = returns[i];
        --left;
      }
    }
  }
  std::vector<double> score(candidates.size(), 0.0);
  for (int i = 0; i < n; ++i) score[i / episodes] += first_return[i] / episodes;
  return score;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Cross-entropy method on a linear policy for CartPole-v1"};
  uint64_t seed = 1;
  int population = 64, episodes = 4, iterations = 30;
  app.add_option("--seed", seed, "seed of the search and of the training episodes")->capture_default_str();
  app.add_option("--population", population, "candidates per iteration")->check(CLI::Range(4, 1 << 16));
  app.add_option("--episodes", episodes, "episodes per candidate")->check(CLI::Range(1, 1024));
  app.add_option("--iterations", iterations, "maximum iterations")->check(CLI::Range(1, 10000));
  CLI11_PARSE(app, argc, argv);

  try {
    const auto t0 = std::chrono::steady_clock::now();
    auto venv = gym::make_vec("CartPole-v1", population * episodes);
    const double threshold = venv->spec().reward_threshold.value();
    const int elites = std::max(2, population / 8);

    Policy mean{}, stddev;
    stddev.fill(1.0);
    gym::Rng rng = gym::Rng::for_env(seed, 0, 0, gym::RngPurpose::kUser);
    int64_t env_steps = 0;
    fmt::print("CEM on CartPole-v1: {} candidates x {} episodes per iteration, {} elites\n", population, episodes,
               elites);
    for (int it = 0; it < iterations; ++it) {
      std::vector<Policy> candidates(static_cast<std::size_t>(population));
      for (auto& c : candidates)
        for (int k = 0; k < kParams; ++k) c[k] = mean[k] + stddev[k] * rng.normal();
      const auto score = evaluate(*venv, candidates, episodes, seed * 1000 + uint64_t(it), env_steps);
      std::vector<int> order(candidates.size());
      std::iota(order.begin(), order.end(), 0);
      std::partial_sort(order.begin(), order.begin() + elites, order.end(),
                        [&](int a, int b) { return score[a] > score[b]; });
      for (int k = 0; k < kParams; ++k) {
        double m = 0, v = 0;
        for (int e = 0; e < elites; ++e) m += candidates[order[e]][k] / elites;
        for (int e = 0; e < elites; ++e) v += std::pow(candidates[order[e]][k] - m, 2) / elites;
        mean[k] = m;
        stddev[k] = std::sqrt(v) + 0.05 / (it + 1);  // a little extra noise early, against premature collapse
      }
      double elite_mean = 0;
      for (int e = 0; e < elites; ++e) elite_mean += score[order[e]] / elites;
      const double pop_mean = std::accumulate(score.begin(), score.end(), 0.0) / population;
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      fmt::print("iter {:>2}  population mean {:6.1f}  elite mean {:6.1f}  best {:6.1f}  env-steps {:>9}  {:7.1f} ms\n",
                 it, pop_mean, elite_mean, score[order[0]], env_steps, seconds * 1e3);
      if (pop_mean >= threshold) break;
    }

    // Evaluation: the mean policy on 100 seeded episodes of the single env.
    auto env = gym::make("CartPole-v1");
    double total = 0;
    for (uint64_t s = 0; s < 100; ++s) {
      auto [obs, info] = env->reset(s);
      for (bool done = false; !done;) {
        auto r = env->step(act(mean, obs.data<float>().data()));
        total += r.reward;
        obs = std::move(r.obs);
        done = r.terminated || r.truncated;
      }
    }
    const double eval_mean = total / 100;
    fmt::print("policy w = [{:.3f}], evaluation over 100 seeded episodes (seeds 0-99): mean return {:.1f} "
               "(threshold {})\n",
               fmt::join(mean, ", "), eval_mean, threshold);
    fmt::print("{}\n", eval_mean >= threshold ? "SOLVED" : "NOT SOLVED");
    return eval_mean >= threshold ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "cem_cartpole: error: {}\n", e.what());
    return 2;
  }
}
