// What exact gradients through the dynamics buy: Pendulum-v1 swung up by
// model-predictive control (MPC), with two planners given the same number of
// model steps per real step.
//
// At every real step each planner improves an open-loop plan of `horizon`
// torques from the env's current state, the first torque is applied, and the
// plan is shifted by one step to warm-start the next one.
// - gradient: Adam ascent on the plan's return, the gradient from
//   gym::diff::trajectory_gradient (one forward pass through the model on dual
//   numbers, one reverse pass). Torques are u = 2 tanh(z) with z free, because
//   a clipped torque has zero gradient. One call is counted as `horizon` model
//   steps although it also computes every step's Jacobians: its wall time is
//   printed as well.
// - CEM: the cross-entropy method, which only evaluates plans: Gaussian
//   candidates around the plan, refitted to the elites; each candidate costs
//   `horizon` model steps. The shifted plan is one of the candidates and the
//   best plan seen is the one applied, so CEM never loses its warm start.
// A budget of B rollouts per real step is B gradient iterations or B CEM
// candidates (at B = 1 CEM has only its warm start, which it cannot improve).
// Each budget is scored on the same seeded Pendulum-v1 episodes (reset(seed),
// 200 steps, Gymnasium's return). The defaults were picked on these episodes
// for both planners alike: the Adam step from {0.1, 0.2, 0.3, 0.5, 1}, CEM's
// initial spread from {0.3, 0.6, 1, 2} N m, its round size and elite share.
//
//   pendulum_swingup [--episodes E] [--seed S] [--horizon H] [--budgets 1,2,4,...]
//                    [--learning-rate A] [--cem-std S] [--quick]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gym/diff.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/registry.hpp"
#include "gym/rng.hpp"

namespace {

using Model = gym::envs::Pendulum;
using State = Model::State<double>;

constexpr double kSolved = -200.0;  // mean return of a swing-up that holds the pendulum upright

// Return of an open-loop plan from `s`, on the plain float64 model.
double plan_return(State s, std::span<const double> plan, const Model::Params& p) {
  double total = 0;
  for (double u : plan) {
    const auto out = Model::step<double>(s, &u, p);
    total += out.reward;
    s = out.state;
  }
  return total;
}

// Drops the applied first step; the last value is repeated to refill the tail.
void shift(std::vector<double>& plan) {
  std::rotate(plan.begin(), plan.begin() + 1, plan.end());
  plan.back() = plan[plan.size() - 2];
}

class GradientPlanner {
 public:
  GradientPlanner(int horizon, int iterations, double learning_rate)
      : iterations_(iterations), lr_(learning_rate), z_(std::size_t(horizon), 0.0), m_(z_.size()), v_(z_.size()) {}

  void reset(uint64_t /*episode*/) { std::fill(z_.begin(), z_.end(), 0.0); }

  double act(const State& s, const Model::Params& p, int64_t& model_steps) {
    constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;
    const double max_u = p.max_torque;
    std::vector<double> u(z_.size());
    // A new state is a new problem: the plan is warm, Adam's moments restart.
    std::fill(m_.begin(), m_.end(), 0.0);
    std::fill(v_.begin(), v_.end(), 0.0);
    for (int it = 1; it <= iterations_; ++it) {
      for (std::size_t t = 0; t < z_.size(); ++t) u[t] = max_u * std::tanh(z_[t]);
      const auto g = gym::diff::trajectory_gradient<Model>(s, u, p);
      model_steps += g.steps;
      const double c1 = 1 - std::pow(kBeta1, it), c2 = 1 - std::pow(kBeta2, it);
      for (std::size_t t = 0; t < z_.size(); ++t) {
        const double th = std::tanh(z_[t]);
        const double dz = g.d_return_d_actions[t] * max_u * (1 - th * th);  // chain rule through 2 tanh(z)
        m_[t] = kBeta1 * m_[t] + (1 - kBeta1) * dz;
        v_[t] = kBeta2 * v_[t] + (1 - kBeta2) * dz * dz;
        z_[t] += lr_ * (m_[t] / c1) / (std::sqrt(v_[t] / c2) + kEps);
      }
    }
    const double first = max_u * std::tanh(z_[0]);
    shift(z_);
    return first;
  }

 private:
  int iterations_;
  double lr_;
  std::vector<double> z_, m_, v_;  // plan (pre-tanh) and Adam's moments, horizon values each
};

class CemPlanner {
 public:
  // `candidates` rollouts per real step, in rounds of at least 16 (at most 4
  // rounds), the Gaussian refitted to the best quarter after each round.
  CemPlanner(int horizon, int candidates, double initial_std, uint64_t seed)
      : rounds_(std::clamp(candidates / 16, 1, 4)), initial_std_(initial_std), seed_(seed),
        plan_(std::size_t(horizon), 0.0) {
    const int population = candidates / rounds_;
    sizes_.assign(std::size_t(rounds_), population);
    sizes_.back() += candidates - population * rounds_;
  }

  void reset(uint64_t episode) {
    std::fill(plan_.begin(), plan_.end(), 0.0);
    rng_ = gym::Rng::for_env(seed_, episode, 0, gym::RngPurpose::kUser);
  }

  double act(const State& s, const Model::Params& p, int64_t& model_steps) {
    constexpr double kMinStd = 0.05;  // N m
    const std::size_t h = plan_.size();
    const double max_u = p.max_torque;
    std::vector<double> mean = plan_, stddev(h, initial_std_);
    double best = plan_return(s, plan_, p);
    model_steps += int64_t(h);
    bool first = true;
    for (const int population : sizes_) {
      // The warm start was the first candidate of the first round.
      const int n = population - (first ? 1 : 0);
      const int elites = std::max(1, population / 4);
      std::vector<std::vector<double>> cand(std::size_t(std::max(n, 0)), std::vector<double>(h));
      std::vector<double> score(cand.size());
      for (std::size_t c = 0; c < cand.size(); ++c) {
        for (std::size_t t = 0; t < h; ++t)
          cand[c][t] = std::clamp(mean[t] + stddev[t] * rng_.normal(), -max_u, max_u);
        score[c] = plan_return(s, cand[c], p);
        model_steps += int64_t(h);
        if (score[c] > best) best = score[c], plan_ = cand[c];
      }
      if (first) cand.push_back(plan_), score.push_back(best);  // keeps the best plan among the elites
      first = false;
      std::vector<std::size_t> order(cand.size());
      std::iota(order.begin(), order.end(), 0);
      const auto ne = std::min<std::size_t>(std::size_t(elites), order.size());
      std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(ne), order.end(),
                        [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
      for (std::size_t t = 0; t < h; ++t) {
        double m = 0, var = 0;
        for (std::size_t e = 0; e < ne; ++e) m += cand[order[e]][t] / double(ne);
        for (std::size_t e = 0; e < ne; ++e) var += std::pow(cand[order[e]][t] - m, 2) / double(ne);
        mean[t] = m;
        stddev[t] = std::max(std::sqrt(var), kMinStd);
      }
    }
    const double u = plan_[0];
    shift(plan_);
    return u;
  }

 private:
  int rounds_;
  double initial_std_;  // N m, of the first round's candidates around the plan
  uint64_t seed_;
  std::vector<int> sizes_;     // candidates in each round
  std::vector<double> plan_;   // best plan of the last real step, shifted; horizon torques in N m
  gym::Rng rng_;
};

struct Score {
  double mean = 0, worst = 0, seconds = 0;
  int64_t model_steps = 0;  // in all episodes
};

// Runs `episodes` seeded Pendulum-v1 episodes with `planner` choosing every torque.
template <class Planner>
Score evaluate(gym::Env& env, Planner& planner, const Model::Params& p, int episodes, uint64_t seed) {
  const auto t0 = std::chrono::steady_clock::now();
  Score score;
  score.worst = std::numeric_limits<double>::infinity();
  for (int e = 0; e < episodes; ++e) {
    env.reset(seed + uint64_t(e));
    planner.reset(uint64_t(e));
    double ret = 0;
    for (bool done = false; !done;) {
      const auto x = env.state();
      const double u = planner.act(State{x[0], x[1]}, p, score.model_steps);
      const auto r = env.step(gym::Array({u}));
      ret += r.reward;
      done = r.terminated || r.truncated;
    }
    score.mean += ret / episodes;
    score.worst = std::min(score.worst, ret);
  }
  score.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return score;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Pendulum-v1 swing-up by MPC: gradient planning through exact derivatives vs the cross-entropy method"};
  uint64_t seed = 0;
  int episodes = 100, horizon = 30;
  double learning_rate = 0.1, cem_std = 1.0;
  std::vector<int> budgets = {1, 2, 4, 8, 16, 32, 64};
  bool quick = false;
  app.add_option("--seed", seed, "first episode seed (episodes use seed, seed+1, ...) and CEM's sampling seed")
      ->capture_default_str();
  app.add_option("--episodes", episodes, "seeded evaluation episodes per planner and budget")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--horizon", horizon, "planning horizon, steps")->check(CLI::Range(2, 1000))->capture_default_str();
  app.add_option("--budgets", budgets, "rollouts of the model per real step: gradient iterations or CEM candidates")
      ->check(CLI::Range(1, 4096))
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--learning-rate", learning_rate, "Adam step size on the pre-tanh plan")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--cem-std", cem_std, "CEM's initial standard deviation around the plan, N m")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--quick", quick, "5 episodes, one budget (8); fails unless the gradient planner solves it");
  CLI11_PARSE(app, argc, argv);
  if (quick) {
    if (app.count("--episodes") == 0) episodes = 5;
    if (app.count("--budgets") == 0) budgets = {8};
  }
  std::sort(budgets.begin(), budgets.end());
  budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());

  try {
    auto env = gym::make("Pendulum-v1");
    const Model::Params params{};  // Pendulum-v1's
    const int steps = env->spec().max_episode_steps.value();
    fmt::print("Pendulum-v1 swing-up by MPC, horizon {} steps, {} seeded episodes (seeds {}-{}) of {} real steps\n",
               horizon, episodes, seed, seed + uint64_t(episodes) - 1, steps);
    fmt::print("budget B = model rollouts of {} steps per real step: B Adam iterations on trajectory_gradient\n"
               "(each counted as {} model steps, though it also computes the Jacobians) or B CEM candidates\n\n",
               horizon, horizon);
    fmt::print("learning curves: episode return against model steps per real step (wall time in s)\n");
    fmt::print("{:>5} {:>12} | {:>22} | {:>22} | {}\n", "B", "model steps", "gradient (Adam)", "CEM", "better mean");
    fmt::print("{:>5} {:>12} | {:>8} {:>8} {:>4} | {:>8} {:>8} {:>4} |\n", "", "/ real step", "mean", "worst", "s",
               "mean", "worst", "s");
    std::optional<int> gradient_solved, cem_solved;
    std::vector<int> cem_better;
    bool gradient_ok = true;
    Score g_total, c_total;
    for (const int b : budgets) {
      GradientPlanner gradient(horizon, b, learning_rate);
      CemPlanner cem(horizon, b, cem_std, seed);
      const Score g = evaluate(*env, gradient, params, episodes, seed);
      const Score c = evaluate(*env, cem, params, episodes, seed);
      const char* better = g.mean > c.mean ? "gradient" : c.mean > g.mean ? "CEM" : "tie";
      fmt::print("{:>5} {:>12} | {:>8.1f} {:>8.1f} {:>4.1f} | {:>8.1f} {:>8.1f} {:>4.1f} | {}\n", b, b * horizon,
                 g.mean, g.worst, g.seconds, c.mean, c.worst, c.seconds, better);
      std::fflush(stdout);
      if (g.mean > kSolved && !gradient_solved) gradient_solved = b;
      if (c.mean > kSolved && !cem_solved) cem_solved = b;
      if (c.mean > g.mean) cem_better.push_back(b);
      gradient_ok = gradient_ok && g.mean > kSolved;
      g_total.seconds += g.seconds, g_total.model_steps += g.model_steps;
      c_total.seconds += c.seconds, c_total.model_steps += c.model_steps;
    }

    fmt::print("\nmodel steps needed to reach a mean return above {} ({} real env steps per episode either way):\n",
               kSolved, steps);
    const auto report = [&](const char* name, std::optional<int> b) {
      if (b)
        fmt::print("  {:<9} B = {:>3}: {:>6} model steps per real step, {:>8} per episode\n", name, *b, *b * horizon,
                   int64_t(*b) * horizon * steps);
      else
        fmt::print("  {:<9} not reached with B up to {}\n", name, budgets.back());
    };
    report("gradient", gradient_solved);
    report("CEM", cem_solved);
    if (gradient_solved && cem_solved)
      fmt::print("{}\n", *gradient_solved < *cem_solved   ? "the gradient planner needed fewer model steps"
                         : *gradient_solved > *cem_solved ? "CEM needed fewer model steps"
                                                          : "both needed the same budget");
    if (!cem_better.empty())
      fmt::print("CEM had the better mean return at B = {}\n", fmt::join(cem_better, ", "));
    fmt::print("wall time per model step: gradient {:.0f} ns (dual-number step with Jacobians, then the reverse "
               "pass), CEM {:.0f} ns (plain float64 step)\n",
               g_total.seconds * 1e9 / double(g_total.model_steps), c_total.seconds * 1e9 / double(c_total.model_steps));
    if (quick) {
      fmt::print("{}\n", gradient_ok ? "SOLVED" : "NOT SOLVED");
      return gradient_ok ? 0 : 1;
    }
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "pendulum_swingup: error: {}\n", e.what());
    return 2;
  }
}
