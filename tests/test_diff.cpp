// Exact derivatives (gym/dual.hpp, gym/diff.hpp) against central finite
// differences in float64, and the dual path against the plain path.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <sstream>

#include "gym/cli.hpp"
#include "gym/diff.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/registry.hpp"
#include "support.hpp"

using namespace gym;
using Catch::Matchers::Contains;

namespace {

// The largest relative error of `exact` against central differences (step
// 1e-6) of the scalar function f in each component of x.
template <class F>
double worst_against_central(const std::vector<double>& x, const std::vector<double>& exact, F&& f) {
  REQUIRE(exact.size() == x.size());
  double worst = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    auto up = x, down = x;
    up[k] += 1e-6;
    down[k] -= 1e-6;
    const double fd = (f(up) - f(down)) / 2e-6;
    worst = std::fmax(worst, std::fabs(fd - exact[k]) / std::fmax(1.0, std::fabs(fd)));
  }
  return worst;
}

// Random states in a box per variable, and random actions.
struct Sampler {
  std::vector<std::pair<double, double>> state_box;
  std::pair<double, double> action_box{-1.0, 1.0};
};

template <class M>
Sampler sampler_for() {
  using namespace envs;
  if constexpr (std::is_base_of_v<CartPole, M>) return {{{-2, 2}, {-2, 2}, {-0.2, 0.2}, {-2, 2}}, {-1.5, 1.5}};
  else if constexpr (std::is_base_of_v<MountainCarBase, M>) return {{{-1.1, 0.4}, {-0.06, 0.06}}, {-1.5, 1.5}};
  else if constexpr (std::is_same_v<M, Pendulum>) return {{{-6, 6}, {-7, 7}}, {-2.5, 2.5}};
  else return {{{-3, 3}, {-3, 3}, {-10, 10}, {-25, 25}}, {-1.5, 1.5}};  // Acrobot*
}

// The step as a plain function of (state, action) values, in float64. For
// MountainCarContinuous this is its formulas without Gymnasium's float32
// state storage (whose rounding makes finite differences meaningless); the
// dual path differentiates exactly those formulas.
template <class M>
ModelStep<typename M::template State<double>, double> plain_step(const typename M::template State<double>& s,
                                                                 std::span<const double> a, int32_t discrete,
                                                                 const typename M::Params& p) {
  if constexpr (M::kDiscrete) return M::template step<double>(s, discrete, p);
  else if constexpr (std::is_same_v<M, envs::MountainCarContinuous>) return M::step_formulas(s, a.data(), p);
  else return M::template step<double>(s, a.data(), p);
}

template <class M>
std::vector<double> outputs(const typename M::template State<double>& s, std::span<const double> a, int32_t discrete,
                            const typename M::Params& p, bool& terminated) {
  const auto out = plain_step<M>(s, a, discrete, p);
  terminated = out.terminated;
  std::vector<double> v(M::kStateDim);
  state_to_array(out.state, v.data());
  double obs[M::kObsDim];
  M::template observe<double>(out.state, p, obs);
  v.insert(v.end(), obs, obs + M::kObsDim);
  v.push_back(out.reward);
  return v;
}

struct FdReport {
  int checked = 0, skipped = 0;
  double worst = 0;
};

// Central differences with steps h and h/2; where the two disagree the
// perturbation crossed a non-smooth point (a clip, a wall, a wrap), and the
// sample is skipped rather than compared.
template <class M>
FdReport check_against_finite_differences(int samples, uint64_t seed) {
  constexpr int D = M::kStateDim, O = M::kObsDim, A = diff::diff_action_dim_v<M>;
  const typename M::Params p{};
  const Sampler box = sampler_for<M>();
  std::mt19937_64 rng(seed);
  FdReport report;
  for (int n = 0; n < samples; ++n) {
    std::vector<double> x(D + A);
    for (int k = 0; k < D; ++k)
      x[k] = std::uniform_real_distribution<double>(box.state_box[k].first, box.state_box[k].second)(rng);
    for (int k = 0; k < A; ++k) x[D + k] = std::uniform_real_distribution<double>(box.action_box.first, box.action_box.second)(rng);
    int32_t discrete = 0;
    if constexpr (M::kDiscrete) discrete = int32_t(rng() % uint64_t(M::action_space(p).n()));
    auto eval = [&](const std::vector<double>& at, bool& term) {
      const auto s = state_from_array<typename M::template State<double>>(at.data());
      return outputs<M>(s, std::span<const double>(at).subspan(D, A), discrete, p, term);
    };
    const auto s0 = state_from_array<typename M::template State<double>>(x.data());
    const diff::StepJacobian j = [&] {
      if constexpr (M::kDiscrete) return diff::jacobian<M>(s0, discrete, p);
      else return diff::jacobian<M>(s0, std::span<const double>(x).subspan(D, A), p);
    }();
    bool skip = false;
    std::vector<std::vector<double>> fd(D + A);
    double sample_worst = 0;
    for (int k = 0; k < D + A && !skip; ++k) {
      const double h = 1e-6 * std::fmax(1.0, std::fabs(x[k]));
      auto central = [&](double step) {
        auto up = x, down = x;
        up[k] += step;
        down[k] -= step;
        bool t_up = false, t_down = false, t0 = false;
        const auto fu = eval(up, t_up), fdn = eval(down, t_down);
        eval(x, t0);
        if (t_up != t0 || t_down != t0) skip = true;
        std::vector<double> g(fu.size());
        for (std::size_t i = 0; i < g.size(); ++i) g[i] = (fu[i] - fdn[i]) / (2 * step);
        return g;
      };
      const auto g1 = central(h), g2 = central(h / 2);
      for (std::size_t i = 0; i < g1.size(); ++i) {
        // A kink inside [x - h, x + h] shows as disagreement of the two steps.
        if (std::fabs(g1[i] - g2[i]) > 1e-5 * std::fmax(1.0, std::fabs(g1[i]))) skip = true;
        const double exact = i < std::size_t(D)       ? (k < D ? j.d_next_state_d_state(int(i), k)
                                                                : j.d_next_state_d_action(int(i), k - D))
                             : i < std::size_t(D + O) ? (k < D ? j.d_obs_d_state(int(i) - D, k)
                                                                : j.d_obs_d_action(int(i) - D, k - D))
                                                      : (k < D ? j.d_reward_d_state[k] : j.d_reward_d_action[k - D]);
        sample_worst = std::fmax(sample_worst, std::fabs(exact - g2[i]) / std::fmax(1.0, std::fabs(exact)));
      }
    }
    if (skip) {
      ++report.skipped;
      continue;
    }
    ++report.checked;
    report.worst = std::fmax(report.worst, sample_worst);
  }
  return report;
}

template <class M>
void check_model(int samples) {
  const FdReport r = check_against_finite_differences<M>(samples, 17);
  INFO(M::kId << ": " << r.checked << " samples checked, " << r.skipped << " skipped near a kink, worst "
              << r.worst);
  CHECK(r.checked >= samples * 8 / 10);
  CHECK(r.worst < 1e-6);
}

}  // namespace

TEST_CASE("Jacobians match central finite differences at thousands of random states", "[diff]") {
  check_model<envs::CartPole>(2000);
  check_model<envs::CartPoleContinuous>(2000);
  check_model<envs::MountainCar>(2000);
  check_model<envs::MountainCarContinuous>(2000);
  check_model<envs::Pendulum>(2000);
  check_model<envs::Acrobot>(2000);
  check_model<envs::AcrobotContinuous>(2000);
}

TEST_CASE("the dual path computes exactly the values of the plain path", "[diff]") {
  std::mt19937_64 rng(5);
  for (const char* id : {"CartPole-v1", "CartPoleContinuous-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                         "Pendulum-v1", "Acrobot-v1", "AcrobotContinuous-v1"}) {
    INFO(id);
    const auto env = make(id);
    auto space = env->action_space().clone();
    space->seed(3);
    env->reset(9);
    for (int t = 0; t < 300; ++t) {
      const auto state = env->state();
      const Array action = space->sample();
      const Transition plain = env->unwrapped().transition(state, action);
      const diff::StepJacobian j = env->unwrapped().jacobian(state, action);
      CHECK(j.next_state == plain.next_state);
      CHECK(j.reward == plain.reward);
      CHECK(j.terminated == plain.terminated);
      for (std::size_t i = 0; i < j.obs.size(); ++i) CHECK(float(j.obs[i]) == plain.obs.to_doubles()[i]);
      const auto r = env->step(action);
      if (r.terminated || r.truncated) env->reset();
    }
  }
}

TEST_CASE("discrete envs have no action derivative; continuous ones do", "[diff]") {
  const auto cp = make("CartPole-v1");
  const auto j = cp->unwrapped().jacobian(std::vector<double>{0, 0, 0.1, 0}, Array(1));
  CHECK(j.d_next_state_d_action.cols == 0);
  CHECK(j.d_reward_d_action.empty());
  const auto cc = make("CartPoleContinuous-v1");
  const auto jc = cc->unwrapped().jacobian(std::vector<double>{0, 0, 0.1, 0}, Array({0.3}));
  CHECK(jc.d_next_state_d_action.cols == 1);
  CHECK(jc.d_next_state_d_action(1, 0) > 0);  // pushing right accelerates the cart to the right
  // Beyond the action bound the force is clipped: no derivative.
  const auto clipped = cc->unwrapped().jacobian(std::vector<double>{0, 0, 0.1, 0}, Array({3.0}));
  CHECK(clipped.d_next_state_d_action(1, 0) == 0.0);
  // Bad input gets the same errors as transition().
  CHECK_THAT(test::error_of([&] { cc->unwrapped().jacobian(std::vector<double>{0, 0, 0.1}, Array({0.3})); }),
             Contains("state has 4 values"));
  CHECK_THAT(test::error_of([&] { cc->unwrapped().jacobian(std::vector<double>{0, 0, 0.1, 0}, Array({NAN})); }),
             Contains("not finite"));
}

TEST_CASE("trajectory gradients match finite differences of the return", "[diff]") {
  auto check = [](auto model, std::vector<double> s0, int horizon, double gamma) {
    using M = decltype(model);
    const typename M::Params p{};
    std::mt19937_64 rng(horizon);
    std::vector<double> actions(std::size_t(horizon) * M::kActionDim);
    for (double& a : actions) a = std::uniform_real_distribution<double>(-0.9, 0.9)(rng);
    const auto state0 = state_from_array<typename M::template State<double>>(s0.data());
    const diff::TrajectoryOptions options{gamma, true};
    const auto g = diff::trajectory_gradient<M>(state0, actions, p, options);
    REQUIRE(g.steps == horizon);
    auto ret = [&](const std::vector<double>& a, const std::vector<double>& s) {
      return diff::trajectory_gradient<M>(state_from_array<typename M::template State<double>>(s.data()), a, p,
                                          options)
          .total_return;
    };
    const double worst = std::fmax(
        worst_against_central(actions, g.d_return_d_actions, [&](const auto& a) { return ret(a, s0); }),
        worst_against_central(s0, g.d_return_d_state0, [&](const auto& s) { return ret(actions, s); }));
    INFO(M::kId << " horizon " << horizon << ": worst relative error " << worst);
    CHECK(worst < 1e-5);
  };
  for (int horizon : {5, 10, 20}) {
    check(envs::Pendulum{}, {2.5, 0.3}, horizon, 0.99);
    check(envs::CartPoleContinuous{}, {0.0, 0.1, 0.02, -0.1}, horizon, 1.0);
    check(envs::AcrobotContinuous{}, {0.1, -0.2, 0.3, 0.1}, horizon, 0.95);
  }
}

TEST_CASE("trajectory gradients stop at termination unless told not to", "[diff]") {
  const envs::CartPoleContinuous::Params p{};
  const envs::CartPole::State<double> s0{0.0, 0.0, 0.19, 1.0};  // falls within a few steps
  const std::vector<double> actions(30, 1.0 - 1e-3);
  const auto stopped = diff::trajectory_gradient<envs::CartPoleContinuous>(s0, actions, p);
  CHECK(stopped.terminated);
  CHECK(stopped.steps < 30);
  CHECK(stopped.total_return == Approx(stopped.steps));
  for (std::size_t t = std::size_t(stopped.steps); t < actions.size(); ++t) CHECK(stopped.d_return_d_actions[t] == 0);
  const auto full = diff::trajectory_gradient<envs::CartPoleContinuous>(s0, actions, p, {1.0, false});
  CHECK(full.steps == 30);
  CHECK_THAT(test::error_of([&] { diff::trajectory_gradient<envs::CartPoleContinuous>(s0, actions, p, {1.5, true}); }),
             Contains("gamma"));
}

TEST_CASE("gym grad answers every continuous env and reports bad lines", "[diff][cli]") {
  for (const char* id : {"CartPoleContinuous-v1", "MountainCarContinuous-v0", "Pendulum-v1", "AcrobotContinuous-v1"}) {
    INFO(id);
    const auto env = make(id);
    env->reset(0);
    nlohmann::json q{{"state", env->state()}, {"action", {0.25}}};
    std::istringstream in(q.dump() + "\n{\"state\": [1], \"action\": [0]}\n");
    std::ostringstream out, err;
    CHECK(cli::run({"gym", "grad", id}, in, out, err) == 1);
    std::istringstream lines(out.str());
    std::string first, second;
    std::getline(lines, first);
    std::getline(lines, second);
    const auto j = nlohmann::json::parse(first);
    const auto want = env->unwrapped().jacobian(env->state(), Array({0.25}));
    CHECK(j["d_next_state_d_state"].get<std::vector<std::vector<double>>>() == want.d_next_state_d_state.nested());
    CHECK(j["d_next_state_d_action"].get<std::vector<std::vector<double>>>() == want.d_next_state_d_action.nested());
    CHECK(j["d_reward_d_state"].get<std::vector<double>>() == want.d_reward_d_state);
    CHECK(j["d_reward_d_action"].get<std::vector<double>>() == want.d_reward_d_action);
    CHECK_THAT(second, Contains("line 2"));
  }
}

TEST_CASE("batched trajectory gradients equal the single ones, whatever the thread count", "[diff]") {
  const envs::Pendulum::Params p{};
  const int n = 37, horizon = 15;
  std::mt19937_64 rng(8);
  std::vector<double> states(std::size_t(n) * 2), actions(std::size_t(n) * horizon);
  for (double& s : states) s = std::uniform_real_distribution<double>(-3, 3)(rng);
  for (double& a : actions) a = std::uniform_real_distribution<double>(-2, 2)(rng);
  ThreadPool one(1), two(2);
  const auto a = diff::trajectory_gradients<envs::Pendulum>(states, actions, p, one);
  const auto b = diff::trajectory_gradients<envs::Pendulum>(states, actions, p, two);
  REQUIRE(a.size() == std::size_t(n));
  for (int i = 0; i < n; ++i) {
    const auto single = diff::trajectory_gradient<envs::Pendulum>(
        state_from_array<envs::Pendulum::State<double>>(&states[std::size_t(i) * 2]),
        std::span<const double>(actions).subspan(std::size_t(i) * horizon, horizon), p);
    CHECK(a[i].total_return == single.total_return);
    CHECK(a[i].d_return_d_actions == single.d_return_d_actions);
    CHECK(b[i].d_return_d_actions == single.d_return_d_actions);
    CHECK(b[i].d_return_d_state0 == single.d_return_d_state0);
  }
  CHECK_THAT(test::error_of([&] { diff::trajectory_gradients<envs::Pendulum>(std::vector<double>{1.0}, actions, p, one); }),
             Contains("whole states"));
}

TEST_CASE("policy gradients match finite differences of the return", "[diff]") {
  // A linear policy on Pendulum's state: u = theta_0 * sin(theta) + theta_1 * theta_dot + theta_2.
  auto run = [](const std::vector<double>& w, const std::vector<double>& s0) {
    const diff::Policy policy = [&](std::span<const double> x, int) {
      diff::PolicyOutput o{{w[0] * std::sin(x[0]) + w[1] * x[1] + w[2]}, diff::Matrix(1, 2), diff::Matrix(1, 3)};
      o.d_action_d_state(0, 0) = w[0] * std::cos(x[0]);
      o.d_action_d_state(0, 1) = w[1];
      o.d_action_d_theta(0, 0) = std::sin(x[0]);
      o.d_action_d_theta(0, 1) = x[1];
      o.d_action_d_theta(0, 2) = 1.0;
      return o;
    };
    return diff::policy_gradient<envs::Pendulum>(state_from_array<envs::Pendulum::State<double>>(s0.data()), policy,
                                                 12, 3, envs::Pendulum::Params{}, {0.98, true});
  };
  const std::vector<double> w = {-0.4, -0.3, 0.1}, s0 = {2.0, 0.5};
  const auto g = run(w, s0);
  CHECK(g.steps == 12);
  const double worst = std::fmax(
      worst_against_central(w, g.d_return_d_theta, [&](const auto& x) { return run(x, s0).total_return; }),
      worst_against_central(s0, g.d_return_d_state0, [&](const auto& x) { return run(w, x).total_return; }));
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-5);
  const diff::Policy wrong = [](std::span<const double>, int) { return diff::PolicyOutput{{0.0, 1.0}, {}, {}}; };
  CHECK_THAT(test::error_of([&] {
               diff::policy_gradient<envs::Pendulum>({0.0, 0.0}, wrong, 5, 0, envs::Pendulum::Params{});
             }),
             Contains("policy must return"));
}

namespace {

// The names of a model's real-valued parameters, and a copy of its params
// with the k-th of them moved by delta.
template <class M>
std::vector<std::string> real_param_names() {
  std::vector<std::string> names;
  typename M::Params p{};
  M::for_each_param(p, [&](auto& field, const ParamInfo& info) {
    if constexpr (!std::is_same_v<std::decay_t<decltype(field)>, bool>) names.emplace_back(info.name);
  });
  return names;
}

template <class M>
typename M::Params moved(typename M::Params p, int k, double delta) {
  int real = 0;
  M::for_each_param(p, [&](auto& field, const ParamInfo&) {
    if constexpr (!std::is_same_v<std::decay_t<decltype(field)>, bool>) {
      if (real == k) field += delta;
      ++real;
    }
  });
  return p;
}

template <class M>
void check_param_jacobian(std::vector<double> state, std::vector<double> action, int32_t discrete) {
  const auto names = real_param_names<M>();
  const typename M::Params p{};
  const auto s = state_from_array<typename M::template State<double>>(state.data());
  const diff::StepJacobian j = [&] {
    if constexpr (M::kDiscrete) return diff::jacobian<M>(s, discrete, p, names);
    else return diff::jacobian<M>(s, action, p, names);
  }();
  REQUIRE(j.d_next_state_d_params.cols == int(names.size()));
  double worst = 0;
  for (int k = 0; k < int(names.size()); ++k) {
    bool t = false;
    double value = 0;
    int real = 0;
    typename M::Params copy = p;
    M::for_each_param(copy, [&](auto& field, const ParamInfo&) {
      if constexpr (!std::is_same_v<std::decay_t<decltype(field)>, bool>) {
        if (real++ == k) value = field;
      }
    });
    const double h = 1e-6 * std::fmax(1.0, std::fabs(value));
    const auto up = outputs<M>(s, action, discrete, moved<M>(p, k, h), t);
    const auto down = outputs<M>(s, action, discrete, moved<M>(p, k, -h), t);
    for (int i = 0; i < M::kStateDim; ++i) {
      const double fd = (up[i] - down[i]) / (2 * h);
      worst = std::fmax(worst, std::fabs(fd - j.d_next_state_d_params(i, k)) / std::fmax(1.0, std::fabs(fd)));
    }
    const double fd_reward = (up.back() - down.back()) / (2 * h);
    worst = std::fmax(worst, std::fabs(fd_reward - j.d_reward_d_params[k]) / std::fmax(1.0, std::fabs(fd_reward)));
  }
  INFO(M::kId << ": worst relative error over " << names.size() << " parameters: " << worst);
  CHECK(worst < 1e-6);
  // Differentiating with respect to parameters changes no value.
  const diff::StepJacobian plain = [&] {
    if constexpr (M::kDiscrete) return diff::jacobian<M>(s, discrete, p);
    else return diff::jacobian<M>(s, action, p);
  }();
  CHECK(j.next_state == plain.next_state);
  CHECK(j.d_next_state_d_state.data == plain.d_next_state_d_state.data);
}

}  // namespace

TEST_CASE("Jacobians with respect to the parameters match finite differences", "[diff]") {
  check_param_jacobian<envs::CartPole>({0.1, -0.4, 0.05, 0.3}, {}, 1);
  check_param_jacobian<envs::CartPoleContinuous>({0.1, -0.4, 0.05, 0.3}, {0.4}, 0);
  check_param_jacobian<envs::MountainCar>({-0.5, 0.01}, {}, 2);
  check_param_jacobian<envs::MountainCarContinuous>({-0.5, 0.01}, {0.3}, 0);
  check_param_jacobian<envs::Pendulum>({2.0, -1.5}, {0.8}, 0);
  check_param_jacobian<envs::Acrobot>({0.3, -0.2, 1.0, -2.0}, {}, 0);
  check_param_jacobian<envs::AcrobotContinuous>({0.3, -0.2, 1.0, -2.0}, {0.5}, 0);
}

TEST_CASE("trajectory gradients with respect to parameters match finite differences", "[diff]") {
  const std::vector<double> actions = {0.5, -0.2, 1.1, 0.3, -0.7, 0.9, 0.0, -1.0, 0.4, 0.2};
  const envs::Pendulum::State<double> s0{2.0, 0.5};
  diff::TrajectoryOptions options{0.97, true, {"g", "m", "l", "dt"}};
  const auto g = diff::trajectory_gradient<envs::Pendulum>(s0, actions, envs::Pendulum::Params{}, options);
  REQUIRE(g.d_return_d_params.size() == 4);
  const auto names = real_param_names<envs::Pendulum>();
  double worst = 0;
  for (std::size_t q = 0; q < options.wrt_params.size(); ++q) {
    const int k = int(std::find(names.begin(), names.end(), options.wrt_params[q]) - names.begin());
    auto ret = [&](double delta) {
      return diff::trajectory_gradient<envs::Pendulum>(s0, actions, moved<envs::Pendulum>({}, k, delta), {0.97})
          .total_return;
    };
    const double fd = (ret(1e-6) - ret(-1e-6)) / 2e-6;
    worst = std::fmax(worst, std::fabs(fd - g.d_return_d_params[q]) / std::fmax(1.0, std::fabs(fd)));
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-5);
}

TEST_CASE("asking for a parameter that cannot be differentiated is an error", "[diff]") {
  const auto env = make("CartPole-v1");
  const std::vector<double> s = {0, 0, 0.1, 0};
  const std::vector<std::string> unknown = {"mass"}, flag = {"sutton_barto_reward"}, twice = {"tau", "tau"};
  CHECK_THAT(test::error_of([&] { env->unwrapped().jacobian(s, Array(1), unknown); }), Contains("masspole"));
  CHECK_THAT(test::error_of([&] { env->unwrapped().jacobian(s, Array(1), flag); }), Contains("sutton_barto_reward"));
  CHECK_THAT(test::error_of([&] { env->unwrapped().jacobian(s, Array(1), twice); }), Contains("twice"));
  const std::vector<std::string> ok = {"gravity", "tau"};
  const auto j = env->unwrapped().jacobian(s, Array(1), ok);
  CHECK(j.param_names == ok);
  CHECK(j.d_next_state_d_params.rows == 4);
  CHECK(j.d_next_state_d_params(0, 1) == 0.0);  // x' = x + tau * x_dot with x_dot = 0
  CHECK(j.d_next_state_d_params(3, 0) > 0);     // more gravity: the leaning pole falls faster
}

TEST_CASE("gym grad --wrt adds the parameter Jacobians", "[diff][cli]") {
  std::istringstream in("{\"state\": [2.0, -1.5], \"action\": [0.8]}\n");
  std::ostringstream out, err;
  REQUIRE(cli::run({"gym", "grad", "Pendulum-v1", "--wrt", "g,m"}, in, out, err) == 0);
  const auto j = nlohmann::json::parse(out.str());
  CHECK(j["param_names"] == nlohmann::json({"g", "m"}));
  const auto want = make("Pendulum-v1")->unwrapped().jacobian(std::vector<double>{2.0, -1.5}, Array({0.8}),
                                                              std::vector<std::string>{"g", "m"});
  CHECK(j["d_next_state_d_params"].get<std::vector<std::vector<double>>>() == want.d_next_state_d_params.nested());
  CHECK(j["d_reward_d_params"].get<std::vector<double>>() == want.d_reward_d_params);
  std::istringstream again("{\"state\": [2.0, -1.5], \"action\": [0.8]}\n");
  std::ostringstream bad;
  CHECK(cli::run({"gym", "grad", "Pendulum-v1", "--wrt", "gravity"}, again, bad, err) == 1);
  CHECK_THAT(bad.str(), Contains("max_speed"));
}
