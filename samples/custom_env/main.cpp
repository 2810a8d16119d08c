// Registering your own environment: a model defined here, in user code, is
// registered under an id and then works everywhere a built-in env does:
// gym::make, gym::make_vec and every command of the `gym` tool.
//
//   custom_env                 a short tour
//   custom_env <gym command>   e.g. `custom_env rollout PointMass-v0 --episodes 3`
#include <array>

#include <fmt/format.h>

#include "gym/cli.hpp"
#include "gym/registry.hpp"

// A point mass on a line, pushed left or right (or not at all) towards the
// origin. Reward -|x| per step; the episode terminates inside the goal band.
struct PointMass {
  static constexpr const char* kId = "PointMass";
  static constexpr int kStateDim = 2;
  static constexpr int kObsDim = 2;
  static constexpr bool kDiscrete = true;
  static constexpr int kNumActions = 3;  // 0: push left, 1: coast, 2: push right
  static constexpr std::array<const char*, kStateDim> kStateNames = {"x", "v"};

  struct Params {
    double mass = 1.0;    // kg
    double force = 1.0;   // N
    double dt = 0.05;     // s
    double goal = 0.05;   // m, half-width of the goal band
    double start = 1.0;   // m, initial |x| bound
  };
  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.mass, gym::ParamInfo::positive("mass", "kg", "mass of the point"));
    f(p.force, gym::ParamInfo::positive("force", "N", "push strength"));
    f(p.dt, gym::ParamInfo::positive("dt", "s", "time step"));
    f(p.goal, gym::ParamInfo::positive("goal", "m", "half-width of the goal band"));
    f(p.start, gym::ParamInfo::positive("start", "m", "initial position drawn in [-start, start]"));
  }
  struct ResetOptions {};
  template <class R, class F>
  static void for_each_reset_option(R&, F&&) {}

  template <class T>
  struct State {
    T x;  // m
    T v;  // m/s
  };

  template <class T, class R>
  GYM_HD static State<T> reset(const Params& p, const ResetOptions&, R& rng) {
    return {rng.template uniform<T>(T(-p.start), T(p.start)), T(0)};
  }
  template <class T>
  GYM_HD static gym::ModelStep<State<T>, T> step(const State<T>& s, int32_t action, const Params& p) {
    const T accel = T(action - 1) * T(p.force) / T(p.mass);
    const State<T> n{s.x + T(p.dt) * s.v, s.v + T(p.dt) * accel};
    const T dist = n.x < 0 ? -n.x : n.x;
    return {n, -dist, dist < T(p.goal)};
  }
  template <class T>
  GYM_HD static void observe(const State<T>& s, const Params&, T* obs) {
    obs[0] = s.x;
    obs[1] = s.v;
  }
  static gym::Box observation_space(const Params&) {
    const double inf = std::numeric_limits<double>::infinity();
    return gym::Box(-inf, inf, gym::Shape{kObsDim});
  }
  static gym::Discrete action_space(const Params&) { return gym::Discrete(kNumActions); }
};

int main(int argc, char** argv) {
  gym::register_env<PointMass>({"PointMass-v0", 200, -10.0, "gym++ sample: samples/custom_env"});
  if (argc > 1) return gym::cli::run(std::vector<std::string>(argv, argv + argc));

  // A hand-written controller through the single-env API...
  auto env = gym::make("PointMass-v0", {{"mass", 2.0}});
  auto [obs, info] = env->reset(7);
  double ret = 0;
  int steps = 0;
  for (bool done = false; !done; ++steps) {
    const auto o = obs.data<float>();
    const double push = -o[0] - 1.5 * o[1];  // PD control
    auto r = env->step(push < -0.05 ? 0 : push > 0.05 ? 2 : 1);
    ret += r.reward;
    obs = std::move(r.obs);
    done = r.terminated || r.truncated;
  }
  fmt::print("PointMass-v0 (mass 2 kg), PD controller: return {:.2f} in {} steps\n", ret, steps);
  // ...the vector env, and the `gym` tool's commands, all for the new id.
  auto venv = gym::make_vec("PointMass-v0", 1024, {2});
  venv->reset(0);
  fmt::print("vector env: {} envs on {} threads, observation {}\n", venv->num_envs(), venv->num_threads(),
             venv->single_observation_space().to_string());
  return gym::cli::run({"custom_env", "info", "PointMass-v0"});
}
