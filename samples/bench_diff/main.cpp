// bench_diff: what differentiation costs. For each classic model: float64
// steps per second, the same step on dual numbers carrying the full
// Jacobian (one tangent lane per state variable and action component), the
// packaged gym::diff::jacobian, and batched trajectory gradients on threads.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench_timing.hpp"
#include "gym/diff.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"

namespace {

using Clock = std::chrono::steady_clock;

using gym::bench::median;

volatile double sink;  // keeps results alive

// Everything a step computed, so that none of it is optimised away.
template <class Out>
double consume(const Out& out) {
  double acc = 0;
  using T = decltype(out.reward);
  auto st = out.state;
  gym::for_each_field<T>(st, [&](T& v, std::size_t) {
    if constexpr (gym::is_dual_v<T>) {
      acc += v.v;
      for (double d : v.d) acc += d;
    } else {
      acc += v;
    }
  });
  return acc + gym::value_of(out.reward);
}

template <class M>
void bench_model(int n, int repeats, int threads, int horizon, int batch) {
  constexpr int D = M::kStateDim, A = gym::diff::diff_action_dim_v<M>, N = D + A;
  using S = typename M::template State<double>;
  using DT = gym::Dual<double, N>;
  const typename M::Params p{};
  std::mt19937_64 rng(1);
  std::vector<S> states(1024);
  std::vector<double> actions(1024 * std::max(A, 1));
  for (auto& s : states)
    gym::for_each_field<double>(s, [&](double& v, std::size_t) { v = std::uniform_real_distribution<double>(-0.1, 0.1)(rng); });
  for (double& a : actions) a = std::uniform_real_distribution<double>(-1, 1)(rng);

  auto plain = [&](int i) {
    const S& s = states[std::size_t(i) & 1023];
    if constexpr (M::kDiscrete) sink = consume(M::template step<double>(s, i & 1, p));
    else sink = consume(M::template step<double>(s, &actions[(std::size_t(i) & 1023) * A], p));
  };
  auto dual = [&](int i) {
    const S& s0 = states[std::size_t(i) & 1023];
    typename M::template State<DT> s;
    gym::for_each_field<DT>(s, [&](DT& v, std::size_t k) {
      double x;
      std::memcpy(&x, reinterpret_cast<const char*>(&s0) + k * sizeof(double), sizeof x);
      v = DT::variable(x, int(k));
    });
    if constexpr (M::kDiscrete) {
      sink = consume(M::template step<DT>(s, i & 1, p));
    } else {
      DT a[A];
      for (int k = 0; k < A; ++k) a[k] = DT::variable(actions[(std::size_t(i) & 1023) * A + k], D + k);
      sink = consume(M::template step<DT>(s, a, p));
    }
  };
  auto packaged = [&](int i) {
    const S& s = states[std::size_t(i) & 1023];
    if constexpr (M::kDiscrete) sink = gym::diff::jacobian<M>(s, i & 1, p).reward;
    else sink = gym::diff::jacobian<M>(s, std::span<const double>(&actions[(std::size_t(i) & 1023) * A], A), p).reward;
  };
  const double r_plain = gym::bench::median_rate(n, repeats, plain);
  const double r_dual = gym::bench::median_rate(n, repeats, dual);
  const double r_pack = gym::bench::median_rate(n / 4, repeats, packaged);
  std::string traj = "-";
  if constexpr (!M::kDiscrete) {
    std::vector<double> s0(std::size_t(batch) * D), acts(std::size_t(batch) * horizon * A);
    for (double& v : s0) v = std::uniform_real_distribution<double>(-0.1, 0.1)(rng);
    for (double& v : acts) v = std::uniform_real_distribution<double>(-1, 1)(rng);
    gym::ThreadPool pool(threads);
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = Clock::now();
      const auto g = gym::diff::trajectory_gradients<M>(s0, acts, p, pool);
      rates.push_back(double(batch) * horizon / std::chrono::duration<double>(Clock::now() - t0).count());
      sink = g[0].total_return;
    }
    traj = fmt::format("{:.2f}", median(rates) / 1e6);
  }
  fmt::print("| {} | {} | {:.1f} | {:.1f} | {:.1f}x | {:.2f} | {:.1f}x | {} |\n", M::kId, N, r_plain / 1e6, r_dual / 1e6,
             r_plain / r_dual, r_pack / 1e6, r_plain / r_pack, traj);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_diff: the cost of exact Jacobians and trajectory gradients (float64, one core per env)"};
  int n = 1 << 20, repeats = 5, threads = 1, horizon = 50, batch = 1024;
  app.add_option("--steps", n, "steps per timed run")->capture_default_str();
  app.add_option("--repeats", repeats, "timed runs; the median is reported")->capture_default_str();
  app.add_option("--threads", threads, "threads for the batched trajectory gradients")->capture_default_str();
  app.add_option("--horizon", horizon, "trajectory length")->capture_default_str();
  app.add_option("--batch", batch, "trajectories per batch")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (n < 16 || repeats < 1 || threads < 1 || horizon < 1 || batch < 1) {
    fmt::print(stderr, "bench_diff: --steps >= 16, and --repeats, --threads, --horizon, --batch >= 1\n");
    return 2;
  }
  fmt::print("| model | tangent lanes | float64 step (M/s) | dual step, full Jacobian (M/s) | cost | "
             "gym::diff::jacobian (M/s) | cost | trajectory gradients, {} x {} steps, {} thread{} (M steps/s) |\n",
             batch, horizon, threads, threads == 1 ? "" : "s");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  bench_model<gym::envs::CartPole>(n, repeats, threads, horizon, batch);
  bench_model<gym::envs::CartPoleContinuous>(n, repeats, threads, horizon, batch);
  bench_model<gym::envs::MountainCar>(n, repeats, threads, horizon, batch);
  bench_model<gym::envs::MountainCarContinuous>(n, repeats, threads, horizon, batch);
  bench_model<gym::envs::Pendulum>(n, repeats, threads, horizon, batch);
  bench_model<gym::envs::Acrobot>(n / 4, repeats, threads, horizon, batch / 4);
  bench_model<gym::envs::AcrobotContinuous>(n / 4, repeats, threads, horizon, batch / 4);
  return 0;
}
