// Classic-control behaviour beyond the Gymnasium fixtures: continuous
// actions, bad input, parameters and reset options, state access, and the
// float32 vector env against the float64 reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <cstring>
#include <sstream>

#include "gym/cli.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/registry.hpp"
#include "support.hpp"

using gym::Array;
using gym::test::error_of;
using Catch::Matchers::Contains;

namespace {

const char* const kClassic[] = {"CartPole-v1",  "CartPoleContinuous-v1", "MountainCar-v0",
                                "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"};

Array one(double a) { return Array::from<double>(std::vector<double>{a}); }

}  // namespace

TEST_CASE("every classic env runs episodes through make, with its time limit", "[classic]") {
  for (const char* id : kClassic) {
    INFO(id);
    const auto env = gym::make(id);
    auto space = env->action_space().clone();
    space->seed(7);
    env->reset(3);
    int steps = 0;
    for (bool done = false; !done && steps < 2000; ++steps) {
      const auto r = env->step(space->sample());
      CHECK(env->observation_space().contains(r.obs));
      done = r.terminated || r.truncated;
      if (r.truncated) CHECK(steps + 1 == *env->spec().max_episode_steps);
    }
    CHECK(steps <= *env->spec().max_episode_steps);
  }
}

TEST_CASE("CartPoleContinuous is CartPole with force clip(a, -1, 1) * force_mag", "[classic]") {
  const auto discrete = gym::make("CartPole-v1");
  const auto cont = gym::make("CartPoleContinuous-v1");
  const std::vector<double> s = {0.1, -0.3, 0.05, 0.4};
  for (int a : {0, 1}) {
    const auto want = discrete->unwrapped().transition(s, Array(a));
    for (double x : {a == 1 ? 1.0 : -1.0, a == 1 ? 7.5 : -7.5}) {
      const auto got = cont->unwrapped().transition(s, one(x));
      CHECK(got.next_state == want.next_state);
      CHECK(got.reward == want.reward);
    }
  }
  // A zero action pushes nowhere: only gravity acts on the pole.
  const auto zero = cont->unwrapped().transition(s, one(0.0));
  CHECK(zero.next_state[1] != discrete->unwrapped().transition(s, Array(0)).next_state[1]);
  CHECK(gym::make("CartPoleContinuous-v1")->action_space().to_string() == "Box(-1.0, 1.0, (1,), float32)");
}

TEST_CASE("continuous actions: scalars and arrays, clipping as Gymnasium, NaN and arity are errors", "[classic]") {
  const auto env = gym::make("Pendulum-v1");
  const std::vector<double> s = {0.3, -1.0};
  const auto& raw = env->unwrapped();
  // Gymnasium clips the torque to [-max_torque, max_torque].
  CHECK(raw.transition(s, one(5.0)).next_state == raw.transition(s, one(2.0)).next_state);
  CHECK(raw.transition(s, Array(1.5)).next_state == raw.transition(s, one(1.5)).next_state);
  CHECK(raw.transition(s, Array::from<float>(std::vector<float>{1.5f})).next_state ==
        raw.transition(s, one(1.5)).next_state);
  CHECK_THAT(error_of([&] { raw.transition(s, one(std::nan(""))); }), Contains("not finite"));
  CHECK_THAT(error_of([&] { raw.transition(s, one(INFINITY)); }), Contains("not finite"));
  CHECK_THAT(error_of([&] { raw.transition(s, Array({1.0, 2.0})); }), Contains("shape (1,)"));
  env->reset(0);
  CHECK_THAT(error_of([&] { env->step(one(std::nan(""))); }), Contains("Pendulum-v1"));
  // MountainCarContinuous penalises the unclipped action.
  const auto mcc = gym::make("MountainCarContinuous-v0");
  const std::vector<double> m = {-0.5, 0.0};
  const auto big = mcc->unwrapped().transition(m, one(3.0));
  CHECK(big.next_state == mcc->unwrapped().transition(m, one(1.0)).next_state);
  CHECK(big.reward == Approx(-0.9));
}

TEST_CASE("state get and set validate length and finiteness", "[classic]") {
  for (const char* id : kClassic) {
    INFO(id);
    const auto env = gym::make(id);
    env->reset(1);
    auto state = env->state();
    CHECK(state.size() == env->state_names().size());
    env->set_state(state);
    CHECK(env->state() == state);
    state.push_back(0.0);
    CHECK_THAT(error_of([&] { env->set_state(state); }), Contains("values"));
    state.pop_back();
    state[0] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THAT(error_of([&] { env->set_state(state); }), Contains("not finite"));
    state[0] = INFINITY;
    CHECK_THAT(error_of([&] { env->set_state(state); }), Contains("not finite"));
  }
  // Set a state, step, and land where transition() says.
  const auto env = gym::make("Acrobot-v1");
  env->reset(0);
  const std::vector<double> s = {3.0, -3.0, 10.0, -25.0};
  env->set_state(s);
  const auto r = env->step(Array(2));
  CHECK(env->state() == env->unwrapped().transition(s, Array(2)).next_state);
  CHECK(r.obs.to_doubles() == env->unwrapped().transition(s, Array(2)).obs.to_doubles());
}

TEST_CASE("parameters are overridable, validated and reported", "[classic]") {
  const auto heavy = gym::make("Pendulum-v1", {{"g", 9.81}, {"m", 2.0}});
  CHECK(heavy->unwrapped().params().dump().find("9.81") != std::string::npos);
  CHECK_THAT(error_of([] { gym::make("Pendulum-v1", {{"m", -1.0}}); }), Contains("m"));
  CHECK_THAT(error_of([] { gym::make("Acrobot-v1", {{"link_mass_1", 0.0}}); }), Contains("link_mass_1"));
  CHECK_THAT(error_of([] { gym::make("MountainCar-v0", {{"min_position", 1.0}}); }), Contains("min_position"));
  CHECK_THAT(error_of([] { gym::make("MountainCarContinuous-v0", {{"min_action", 2.0}}); }),
             Contains("min_action"));
  CHECK_THAT(error_of([] { gym::make("Pendulum-v1", {{"gravity", 1.0}}); }), Contains("max_speed"));
  // The observation space follows the parameters, as Gymnasium's does.
  CHECK(gym::make("Pendulum-v1", {{"max_speed", 4.0}})->observation_space().to_string() ==
        "Box([-1. -1. -4.], [1. 1. 4.], (3,), float32)");
  // A stronger engine changes the dynamics.
  const std::vector<double> s = {-0.5, 0.0};
  CHECK(gym::make("MountainCar-v0", {{"force", 0.002}})->unwrapped().transition(s, Array(2)).next_state !=
        gym::make("MountainCar-v0")->unwrapped().transition(s, Array(2)).next_state);
}

TEST_CASE("reset options follow Gymnasium's bounds, and bad ones are errors", "[classic]") {
  const auto mc = gym::make("MountainCar-v0");
  for (uint64_t seed = 0; seed < 20; ++seed) {
    mc->reset(seed, {{"low", -0.3}, {"high", -0.2}});
    const auto s = mc->state();
    CHECK(s[0] >= -0.3);
    CHECK(s[0] < -0.2);
    CHECK(s[1] == 0.0);
  }
  CHECK_THAT(error_of([&] { mc->reset(0, {{"low", 0.5}, {"high", 0.1}}); }), Contains("must not exceed"));
  CHECK_THAT(error_of([&] { mc->reset(0, {{"x_init", 0.5}}); }), Contains("x_init"));
  const auto pendulum = gym::make("Pendulum-v1");
  pendulum->reset(4, {{"x_init", 0.1}, {"y_init", 0.0}});
  CHECK(std::fabs(pendulum->state()[0]) <= 0.1);
  CHECK(pendulum->state()[1] == 0.0);
  // Acrobot's reset state is float32, as Gymnasium's .astype(np.float32).
  const auto acrobot = gym::make("Acrobot-v1");
  acrobot->reset(9);
  for (double v : acrobot->state()) CHECK(double(float(v)) == v);
}

TEST_CASE("a reset without a seed continues the seeded generator", "[classic]") {
  for (const char* id : kClassic) {
    INFO(id);
    const auto a = gym::make(id), b = gym::make(id);
    a->reset(11);
    b->reset(11);
    a->reset();
    b->reset();
    CHECK(a->state() == b->state());
    const auto second = a->state();
    a->reset(11);
    a->reset();
    CHECK(a->state() == second);
  }
}

namespace {

// Steps a float32 ModelVectorEnv and, from the same initial states, the
// float64 model, with the same actions; returns the largest relative
// difference of the states over `steps` steps (until an env ends).
template <class M>
double float32_vs_float64(int steps) {
  using namespace gym;
  const typename M::Params params{};
  ModelVectorEnv<M> venv(EnvSpec{M::kId, std::nullopt, std::nullopt, ""}, params, 8, VectorConfig{2, AutoresetMode::kDisabled});
  venv.reset(21);
  std::vector<typename M::template State<double>> ref;
  for (int i = 0; i < venv.num_envs(); ++i) {
    const auto s = venv.state(i);
    typename M::template State<double> d;
    for_each_field<double>(d, [&](double& v, std::size_t k) {
      float f;
      std::memcpy(&f, reinterpret_cast<const char*>(&s) + k * sizeof(float), sizeof f);
      v = f;
    });
    ref.push_back(d);
  }
  Rng rng = Rng::for_env(1, 0, 0, RngPurpose::kActions);
  double worst = 0;
  for (int t = 0; t < steps; ++t) {
    std::vector<float> fa(std::size_t(venv.num_envs()) * action_dim_v<M>);
    std::vector<int32_t> ia(std::size_t(venv.num_envs()));
    if constexpr (M::kDiscrete) {
      sample_discrete_batch(M::action_space(params), rng, ia);
      venv.step(std::span<const int32_t>(ia));
    } else {
      sample_box_batch(M::action_space(params), rng, fa);
      venv.step(std::span<const float>(fa));
    }
    bool ended = false;
    for (int i = 0; i < venv.num_envs(); ++i) {
      const auto out = [&] {
        if constexpr (M::kDiscrete) {
          return M::template step<double>(ref[i], ia[i], params);
        } else {
          std::vector<double> a(fa.begin() + i * M::kActionDim, fa.begin() + (i + 1) * M::kActionDim);
          return M::template step<double>(ref[i], a.data(), params);
        }
      }();
      ref[i] = out.state;
      ended |= out.terminated || venv.terminated()[i];
      const auto got = venv.state(i);
      std::array<float, M::kStateDim> g;
      std::memcpy(g.data(), &got, sizeof got);
      std::array<double, M::kStateDim> w;
      state_to_array(out.state, w.data());
      for (int k = 0; k < M::kStateDim; ++k)
        worst = std::fmax(worst, std::fabs(double(g[k]) - w[k]) / std::fmax(1.0, std::fabs(w[k])));
    }
    if (ended) break;
  }
  return worst;
}

}  // namespace

TEST_CASE("the float32 vector env follows the float64 model", "[classic][vector]") {
  CHECK(float32_vs_float64<gym::envs::CartPole>(10) < 1e-5);
  CHECK(float32_vs_float64<gym::envs::CartPoleContinuous>(10) < 1e-5);
  CHECK(float32_vs_float64<gym::envs::MountainCar>(50) < 1e-5);
  CHECK(float32_vs_float64<gym::envs::MountainCarContinuous>(50) < 1e-5);
  CHECK(float32_vs_float64<gym::envs::Pendulum>(20) < 1e-4);
  CHECK(float32_vs_float64<gym::envs::Acrobot>(5) < 1e-4);
}

TEST_CASE("vector envs with continuous actions: shapes, NaN and the wrong action type are errors", "[classic][vector]") {
  const auto venv = gym::make_vec("Pendulum-v1", 4);
  CHECK(venv->action_dim() == 1);
  CHECK_THAT(error_of([&] { venv->step(std::span<const float>(std::vector<float>(4, 0.0f))); }),
             Contains("before reset"));
  venv->reset(0);
  std::vector<float> a = {0.5f, -3.0f, 2.0f, 0.0f};
  venv->step(std::span<const float>(a));
  a[2] = std::nanf("");
  CHECK_THAT(error_of([&] { venv->step(std::span<const float>(a)); }), Contains("env 2"));
  CHECK_THAT(error_of([&] { venv->step(std::span<const float>(std::vector<float>(3, 0.0f))); }),
             Contains("3 action values"));
  CHECK_THAT(error_of([&] { venv->step(std::span<const int32_t>(std::vector<int32_t>(4, 0))); }),
             Contains("continuous"));
  venv->step(Array::from<double>({0.1, 0.2, 0.3, 0.4}, {4, 1}));
  venv->step(Array::from<double>({0.1, 0.2, 0.3, 0.4}, {4}));
  CHECK_THAT(error_of([&] { venv->step(Array::from<double>({0.1, 0.2, 0.3, 0.4}, {2, 2})); }),
             Contains("shape (4, 1)"));
  const auto discrete = gym::make_vec("Acrobot-v1", 2);
  discrete->reset(0);
  CHECK_THAT(error_of([&] { discrete->step(std::span<const float>(std::vector<float>(2, 0.0f))); }),
             Contains("discrete"));
}

TEST_CASE("vector results do not depend on the thread count for the new envs", "[classic][vector]") {
  for (const char* id : {"Pendulum-v1", "Acrobot-v1", "MountainCarContinuous-v0", "MountainCar-v0"}) {
    INFO(id);
    const auto one = gym::make_vec(id, 100, gym::VectorConfig{1});
    const auto two = gym::make_vec(id, 100, gym::VectorConfig{2});
    one->reset(3);
    two->reset(3);
    gym::Rng rng = gym::Rng::for_env(2, 0, 0, gym::RngPurpose::kActions);
    for (int t = 0; t < 300; ++t) {
      if (one->action_dim() == 1 && dynamic_cast<const gym::Box*>(&one->single_action_space())) {
        std::vector<float> a(100);
        gym::sample_box_batch(dynamic_cast<const gym::Box&>(one->single_action_space()), rng, a);
        one->step(std::span<const float>(a));
        two->step(std::span<const float>(a));
      } else {
        std::vector<int32_t> a(100);
        gym::sample_discrete_batch(dynamic_cast<const gym::Discrete&>(one->single_action_space()), rng, a);
        one->step(std::span<const int32_t>(a));
        two->step(std::span<const int32_t>(a));
      }
    }
    CHECK(std::equal(one->observations().begin(), one->observations().end(), two->observations().begin()));
    CHECK(std::equal(one->episode_returns().begin(), one->episode_returns().end(), two->episode_returns().begin()));
  }
}

TEST_CASE("gym step answers continuous actions as a number or an array", "[classic][cli]") {
  std::istringstream in(
      "{\"state\": [0.5, 1.0], \"action\": 1.5}\n"
      "{\"state\": [0.5, 1.0], \"action\": [1.5]}\n"
      "{\"state\": [0.5, 1.0], \"action\": [1.5, 2]}\n"
      "{\"state\": [0.5, 1.0], \"action\": \"left\"}\n");
  std::ostringstream out, err;
  CHECK(gym::cli::run({"gym", "step", "Pendulum-v1"}, in, out, err) == 1);
  std::istringstream lines(out.str());
  std::string l1, l2, l3, l4;
  std::getline(lines, l1);
  std::getline(lines, l2);
  std::getline(lines, l3);
  std::getline(lines, l4);
  CHECK(l1 == l2);
  CHECK_THAT(l1, Contains("next_state"));
  CHECK_THAT(l3, Contains("shape (1,)"));
  CHECK_THAT(l4, Contains("number or an array"));
}

TEST_CASE("gym rollout --actions checks its input", "[classic][cli]") {
  std::ostringstream out, err;
  std::istringstream bad_json("[1, 2");
  CHECK(gym::cli::run({"gym", "rollout", "CartPole-v1", "--actions", "-"}, bad_json, out, err) == 2);
  CHECK_THAT(err.str(), Contains("not valid JSON"));
  std::istringstream not_array("{\"a\": 1}");
  CHECK(gym::cli::run({"gym", "rollout", "CartPole-v1", "--actions", "-"}, not_array, out, err) == 2);
  CHECK_THAT(err.str(), Contains("JSON array"));
  std::istringstream bad_action("[0, 1, 5]");
  CHECK(gym::cli::run({"gym", "rollout", "CartPole-v1", "--actions", "-"}, bad_action, out, err) == 2);
  CHECK_THAT(err.str(), Contains("Discrete(2)"));
  CHECK(gym::cli::run({"gym", "rollout", "CartPole-v1", "--actions", "/nonexistent/a.json"}, bad_action, out, err) == 2);
  CHECK_THAT(err.str(), Contains("cannot open"));
  // An episode that ends inside the sequence is followed by an unseeded reset.
  std::istringstream many(nlohmann::json(std::vector<int>(300, 1)).dump());
  std::ostringstream replay;
  REQUIRE(gym::cli::run({"gym", "rollout", "CartPole-v1", "--seed", "4", "--actions", "-", "--json"}, many, replay,
                        err) == 0);
  const auto j = nlohmann::json::parse(replay.str());
  CHECK(j["states"].size() == 300);
  int ends = 0;
  for (const auto& t : j["terminated"]) ends += t.get<bool>();
  CHECK(ends > 5);
}
