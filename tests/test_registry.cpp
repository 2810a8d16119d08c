// gym/registry.hpp: gym::make, gym::make_vec, gym::describe and registering a
// user-defined model, which must then work everywhere a built-in id does.
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <numbers>
#include <span>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

#include "gym/cli.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/registry.hpp"
#include "gym/wrappers.hpp"

using Catch::Matchers::Contains;

namespace {

// A user model defined outside the library, as samples/custom_env does: a
// point mass pushed left, not at all, or right; reward -|x|.
struct TestPointMass {
  static constexpr const char* kId = "TestPointMass";
  static constexpr int kStateDim = 2;
  static constexpr int kObsDim = 2;
  static constexpr bool kDiscrete = true;
  static constexpr int kNumActions = 3;
  static constexpr std::array<const char*, kStateDim> kStateNames = {"x", "v"};

  struct Params {
    double mass = 1.0;   // kg
    double force = 1.0;  // N
    double dt = 0.05;    // s
    double goal = 0.05;  // m, half-width of the goal band
  };
  template <class P, class F>
  static void for_each_param(P& p, F&& f) {
    f(p.mass, gym::ParamInfo::positive("mass", "kg", "mass of the point"));
    f(p.force, gym::ParamInfo::positive("force", "N", "push strength"));
    f(p.dt, gym::ParamInfo::positive("dt", "s", "time step"));
    f(p.goal, gym::ParamInfo::positive("goal", "m", "half-width of the goal band"));
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
  GYM_HD static State<T> reset(const Params&, const ResetOptions&, R& rng) {
    return {rng.template uniform<T>(T(-1), T(1)), T(0)};
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

constexpr const char* kUserId = "TestPointMass-v0";

// The registry is process-wide and test cases may run in any order or alone.
void ensure_user_env_registered() {
  static const bool registered = [] {
    gym::register_env<TestPointMass>({kUserId, 50, -10.0, "gym++ tests: a user-defined model"});
    return true;
  }();
  CHECK(registered);
}

using gym::test::error_of;

const std::vector<double> kState = {0.01, -0.02, 0.03, 0.04};

// CartPole's Euler step for theta_dot, written out from Gymnasium's cartpole.py.
double expected_theta_dot(const std::vector<double>& s, int action, double gravity) {
  const double masspole = 0.1, masscart = 1.0, length = 0.5, tau = 0.02;
  const double total_mass = masspole + masscart, polemass_length = masspole * length;
  const double force = action == 1 ? 10.0 : -10.0;
  const double costheta = std::cos(s[2]), sintheta = std::sin(s[2]);
  const double temp = (force + polemass_length * (s[3] * s[3]) * sintheta) / total_mass;
  const double thetaacc =
      (gravity * sintheta - costheta * temp) / (length * (4.0 / 3.0 - masspole * (costheta * costheta) / total_mass));
  return s[3] + tau * thetaacc;
}

}  // namespace

TEST_CASE("make(CartPole-v1) has Gymnasium's spaces and spec", "[registry]") {
  const auto env = gym::make("CartPole-v1");
  CHECK(env->spec().id == "CartPole-v1");
  REQUIRE(env->spec().max_episode_steps);
  CHECK(*env->spec().max_episode_steps == 500);
  REQUIRE(env->spec().reward_threshold);
  CHECK(*env->spec().reward_threshold == 475.0);
  CHECK_THAT(env->spec().reference, Contains("CartPole-v1"));
  CHECK(env->metadata().render_fps == 50.0);

  const auto* obs = dynamic_cast<const gym::Box*>(&env->observation_space());
  REQUIRE(obs);
  CHECK(obs->shape() == gym::Shape{4});
  CHECK(obs->dtype() == gym::DType::kFloat32);
  const double inf = std::numeric_limits<double>::infinity();
  const double theta = double(float(2 * 12 * 2 * std::numbers::pi / 360));
  CHECK(obs->high() == std::vector<double>{double(float(4.8)), inf, theta, inf});
  CHECK(obs->low() == std::vector<double>{-double(float(4.8)), -inf, -theta, -inf});

  const auto* act = dynamic_cast<const gym::Discrete*>(&env->action_space());
  REQUIRE(act);
  CHECK(act->n() == 2);
  CHECK(act->start() == 0);
  CHECK(act->to_string() == "Discrete(2)");
}

TEST_CASE("make(CartPole-v0) truncates at 200 steps with threshold 195", "[registry]") {
  const auto env = gym::make("CartPole-v0");
  CHECK(env->spec().id == "CartPole-v0");
  CHECK(env->spec().max_episode_steps == 200);
  CHECK(env->spec().reward_threshold == 195.0);
}

TEST_CASE("make wraps the model in OrderEnforcing and TimeLimit, whose unwrapped env is the model", "[registry]") {
  const auto env = gym::make("CartPole-v1");
  const std::string name = env->to_string();
  CHECK_THAT(name, Contains("OrderEnforcing") && Contains("TimeLimit") && Contains("CartPole-v1"));
  const auto* model = dynamic_cast<const gym::ModelEnv<gym::envs::CartPole>*>(&env->unwrapped());
  REQUIRE(model);
  CHECK(model->model_params().gravity == 9.8);
  CHECK(env->unwrapped().to_string() == "CartPole-v1");
}

TEST_CASE("registry ids are sorted and contain both CartPole versions", "[registry]") {
  const auto ids = gym::registry().ids();
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(std::count(ids.begin(), ids.end(), "CartPole-v0") == 1);
  CHECK(std::count(ids.begin(), ids.end(), "CartPole-v1") == 1);
  CHECK(gym::registry().contains("CartPole-v1"));
  CHECK_FALSE(gym::registry().contains("cartpole-v1"));
}

TEST_CASE("make applies parameter options by name: gravity=12 changes a transition from the same state",
          "[registry]") {
  const auto standard = gym::make("CartPole-v1");
  const auto heavy = gym::make("CartPole-v1", {{"gravity", 12.0}});
  const auto heavy_text = gym::make("CartPole-v1", {{"gravity", "12"}});

  const auto* model = dynamic_cast<const gym::ModelEnv<gym::envs::CartPole>*>(&heavy->unwrapped());
  REQUIRE(model);
  CHECK(model->model_params().gravity == 12.0);

  for (int action : {0, 1}) {
    INFO("action " << action);
    const auto a = standard->transition(kState, action);
    const auto b = heavy->transition(kState, action);
    const auto c = heavy_text->transition(kState, action);
    CHECK(a.next_state[3] == Approx(expected_theta_dot(kState, action, 9.8)).epsilon(1e-12));
    CHECK(b.next_state[3] == Approx(expected_theta_dot(kState, action, 12.0)).epsilon(1e-12));
    CHECK(a.next_state[3] != b.next_state[3]);
    CHECK(a.next_state[1] != b.next_state[1]);  // the cart feels the pole's acceleration
    CHECK(a.next_state[0] == b.next_state[0]);  // x + tau * x_dot does not involve gravity
    CHECK(b.next_state == c.next_state);        // "12" and 12.0 are the same option
  }
}

TEST_CASE("make's sutton_barto_reward option turns the per-step reward to 0", "[registry]") {
  const auto env = gym::make("CartPole-v1", {{"sutton_barto_reward", true}});
  CHECK(env->transition(kState, 1).reward == 0.0);
  const auto failing = env->transition(std::vector<double>{0.0, 0.0, 0.5, 0.0}, 1);
  CHECK(failing.terminated);
  CHECK(failing.reward == -1.0);
  CHECK(gym::make("CartPole-v1")->transition(kState, 1).reward == 1.0);
}

TEST_CASE("make rejects an unknown id, listing the registered ones", "[registry]") {
  CHECK_THROWS_AS(gym::make("CartPole-v9"), gym::Error);
  const std::string msg = error_of([] { gym::make("CartPole-v9"); });
  CHECK_THAT(msg, Contains("CartPole-v9") && Contains("CartPole-v1") && Contains("CartPole-v0"));
  CHECK_THAT(error_of([] { gym::make_vec("Nope-v0", 4); }), Contains("Nope-v0") && Contains("CartPole-v1"));
  CHECK_THAT(error_of([] { gym::describe("Nope-v0"); }), Contains("Nope-v0") && Contains("CartPole-v1"));
}

TEST_CASE("make rejects an unknown option, listing the known names", "[registry]") {
  const std::string msg = error_of([] { gym::make("CartPole-v1", {{"gravityy", 12.0}}); });
  CHECK_THAT(msg, Contains("CartPole-v1") && Contains("'gravityy'") && Contains("gravity,") &&
                      Contains("masscart") && Contains("tau"));
  CHECK_THAT(error_of([] { gym::make_vec("CartPole-v1", 2, {}, {{"gravityy", 12.0}}); }), Contains("'gravityy'"));
}

TEST_CASE("make rejects options of the wrong type, naming the option and the value", "[registry]") {
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"gravity", "abc"}}); }),
             Contains("'gravity'") && Contains("abc"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"gravity", true}}); }), Contains("'gravity'") && Contains("bool"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"sutton_barto_reward", "maybe"}}); }),
             Contains("'sutton_barto_reward'") && Contains("maybe"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"max_episode_steps", 2.5}}); }),
             Contains("'max_episode_steps'") && Contains("2.5"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"max_episode_steps", "ten"}}); }),
             Contains("'max_episode_steps'") && Contains("ten"));
}

TEST_CASE("make rejects out-of-range options, naming the option, the value and the range", "[registry]") {
  const std::string masscart = error_of([] { gym::make("CartPole-v1", {{"masscart", -1.0}}); });
  CHECK_THAT(masscart, Contains("CartPole-v1") && Contains("'masscart'") && Contains("-1") && Contains("> 0"));
  const std::string tau = error_of([] { gym::make("CartPole-v1", {{"tau", 0.0}}); });
  CHECK_THAT(tau, Contains("'tau'") && Contains("got 0") && Contains("> 0"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"length", std::nan("")}}); }),
             Contains("'length'") && Contains("nan"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"force_mag", "inf"}}); }),
             Contains("'force_mag'") && Contains("inf"));
  CHECK_THAT(error_of([] { gym::make("CartPole-v1", {{"max_episode_steps", 0}}); }),
             Contains("'max_episode_steps'") && Contains("0"));
  CHECK_THAT(error_of([] { gym::make_vec("CartPole-v1", 2, {}, {{"masscart", -1.0}}); }), Contains("'masscart'"));
  CHECK_THAT(error_of([] { gym::describe("CartPole-v1", {{"tau", 0.0}}); }), Contains("'tau'"));
}

TEST_CASE("the max_episode_steps option moves truncation and the spec", "[registry]") {
  const auto env = gym::make("CartPole-v1", {{"max_episode_steps", 3},
                                             {"theta_threshold_radians", 100.0},
                                             {"x_threshold", 1e6}});
  CHECK(env->spec().max_episode_steps == 3);
  CHECK(env->spec().id == "CartPole-v1");
  env->reset(1);
  CHECK_FALSE(env->step(0).truncated);
  CHECK_FALSE(env->step(1).truncated);
  const auto last = env->step(0);
  CHECK(last.truncated);
  CHECK_FALSE(last.terminated);

  CHECK(gym::make("CartPole-v1", {{"max_episode_steps", "7"}})->spec().max_episode_steps == 7);
  CHECK(gym::make_vec("CartPole-v1", 2, {}, {{"max_episode_steps", 3}})->spec().max_episode_steps == 3);
  CHECK(gym::describe("CartPole-v1", {{"max_episode_steps", 9}})["max_episode_steps"] == 9);
}

TEST_CASE("make_vec builds N copies with the id's spec and rejects N < 1", "[registry]") {
  const auto venv = gym::make_vec("CartPole-v1", 8, {2});
  CHECK(venv->num_envs() == 8);
  CHECK(venv->num_threads() == 2);
  CHECK(venv->obs_dim() == 4);
  CHECK(venv->spec().max_episode_steps == 500);
  CHECK(venv->single_action_space().to_string() == "Discrete(2)");
  CHECK_THAT(error_of([] { gym::make_vec("CartPole-v1", 0); }), Contains("num_envs") && Contains("0"));
}

TEST_CASE("describe lists params with values, units and ranges, the state names and the spec", "[registry]") {
  const auto d = gym::describe("CartPole-v1");
  CHECK(d["id"] == "CartPole-v1");
  CHECK(d["max_episode_steps"] == 500);
  CHECK(d["reward_threshold"] == 475.0);
  CHECK(d["state"] == nlohmann::json({"x", "x_dot", "theta", "theta_dot"}));
  CHECK(d["action_space"]["type"] == "Discrete");
  CHECK(d["action_space"]["n"] == 2);
  CHECK(d["observation_space"]["type"] == "Box");

  REQUIRE(d["params"].is_array());
  const auto& params = d["params"];
  const auto find = [&](const std::string& name) {
    const auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p["name"] == name; });
    REQUIRE(it != params.end());
    return *it;
  };
  const auto gravity = find("gravity");
  CHECK(gravity["value"] == 9.8);
  CHECK(gravity["unit"] == "m/s^2");
  CHECK(gravity["range"] == "> 0");
  CHECK_FALSE(gravity["doc"].get<std::string>().empty());
  CHECK(find("masscart")["unit"] == "kg");
  CHECK(find("tau")["unit"] == "s");
  CHECK(find("force_mag")["unit"] == "N");
  CHECK(find("sutton_barto_reward")["value"] == false);
  for (const auto& p : params) {
    INFO(p.dump());
    CHECK(p.contains("unit"));
    CHECK(p.contains("range"));
  }

  const auto heavy = gym::describe("CartPole-v1", {{"gravity", 12.0}});
  const auto it = std::find_if(heavy["params"].begin(), heavy["params"].end(),
                               [](const auto& p) { return p["name"] == "gravity"; });
  REQUIRE(it != heavy["params"].end());
  CHECK((*it)["value"] == 12.0);
}

TEST_CASE("a registered user model works with make, make_vec, describe and the gym tool", "[registry][cli]") {
  ensure_user_env_registered();
  const auto ids = gym::registry().ids();
  CHECK(std::count(ids.begin(), ids.end(), kUserId) == 1);

  SECTION("make, with parameter options") {
    const auto env = gym::make(kUserId, {{"mass", 2.0}});
    CHECK(env->spec().max_episode_steps == 50);
    CHECK(env->spec().reward_threshold == -10.0);
    CHECK(env->action_space().to_string() == "Discrete(3)");
    CHECK(env->state_names() == std::vector<std::string>{"x", "v"});
    const auto t = env->transition(std::vector<double>{0.5, 0.0}, 2);
    CHECK(t.next_state == std::vector<double>{0.5, 0.05 * 1.0 / 2.0});
    CHECK(t.reward == -0.5);
    CHECK_FALSE(t.terminated);

    const auto reset = env->reset(3);
    CHECK(reset.obs.shape() == gym::Shape{2});
    int steps = 0;
    for (bool done = false; !done; ++steps) {
      const auto r = env->step(1);
      done = r.terminated || r.truncated;
    }
    CHECK(steps <= 50);
    CHECK_THAT(error_of([] { gym::make(kUserId, {{"mass", 0.0}}); }), Contains(kUserId) && Contains("'mass'"));
    CHECK_THAT(error_of([] { gym::make(kUserId, {{"gravity", 1.0}}); }), Contains("'gravity'") && Contains("mass"));
  }

  SECTION("make_vec") {
    const auto venv = gym::make_vec(kUserId, 16, {2}, {{"force", 2.0}});
    CHECK(venv->num_envs() == 16);
    CHECK(venv->obs_dim() == 2);
    venv->reset(0);
    const std::vector<int32_t> actions(16, 2);
    venv->step(std::span<const int32_t>(actions));
    REQUIRE(venv->observations().size() == 32);
    for (int i = 0; i < 16; ++i) CHECK(venv->observations()[std::size_t(2 * i + 1)] == Approx(0.05f * 2.0f));
  }

  SECTION("describe") {
    const auto d = gym::describe(kUserId);
    CHECK(d["id"] == kUserId);
    CHECK(d["max_episode_steps"] == 50);
    CHECK(d["state"] == nlohmann::json({"x", "v"}));
    REQUIRE(d["params"].size() == 4);
    CHECK(d["params"][0]["name"] == "mass");
    CHECK(d["params"][0]["unit"] == "kg");
    CHECK(d["params"][2]["unit"] == "s");
  }

  SECTION("gym info and gym list") {
    std::istringstream in;
    std::ostringstream out, err;
    CHECK(gym::cli::run({"gym", "info", kUserId}, in, out, err) == 0);
    CHECK_THAT(out.str(), Contains(kUserId) && Contains("mass") && Contains("kg") && Contains("Discrete(3)"));
    CHECK(err.str().empty());

    std::ostringstream list_out;
    CHECK(gym::cli::run({"gym", "list"}, in, list_out, err) == 0);
    CHECK_THAT(list_out.str(), Contains(kUserId) && Contains("CartPole-v1"));

    std::ostringstream rollout_out;
    CHECK(gym::cli::run({"gym", "rollout", kUserId, "--episodes", "2", "--seed", "1"}, in, rollout_out, err) == 0);
    CHECK_THAT(rollout_out.str(), Contains("2 episodes of TestPointMass-v0"));
  }
}

TEST_CASE("registering a taken or malformed id throws and leaves the registry unchanged", "[registry]") {
  ensure_user_env_registered();
  const auto before = gym::registry().ids();
  CHECK_THAT(error_of([] { gym::register_env<TestPointMass>({kUserId, 10, std::nullopt, ""}); }),
             Contains(kUserId) && Contains("already registered"));
  CHECK_THAT(error_of([] { gym::register_env<gym::envs::CartPole>({"CartPole-v1", 500, 475.0, ""}); }),
             Contains("CartPole-v1") && Contains("already registered"));
  CHECK_THROWS_AS(gym::register_env<TestPointMass>({"", 10, std::nullopt, ""}), gym::Error);
  CHECK_THAT(error_of([] { gym::register_env<TestPointMass>({"Test Point-v0", 10, std::nullopt, ""}); }),
             Contains("Test Point-v0"));
  CHECK_THROWS_AS(gym::register_env<TestPointMass>({"TestPoint=v0", 10, std::nullopt, ""}), gym::Error);
  CHECK(gym::registry().ids() == before);
  // The original registration still holds: its spec was not replaced.
  CHECK(gym::make(kUserId)->spec().max_episode_steps == 50);
}

TEST_CASE("the registry takes registrations from one thread while others make envs", "[registry]") {
  ensure_user_env_registered();
  constexpr int kWriters = 2, kPerWriter = 50;
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back([w, &failures] {
      for (int k = 0; k < kPerWriter; ++k) {
        try {
          gym::register_env<TestPointMass>(
              {"TestPointThread" + std::to_string(w) + "x" + std::to_string(k) + "-v0", 10, std::nullopt, ""});
        } catch (...) {
          ++failures;
        }
      }
    });
  for (int r = 0; r < 2; ++r)
    threads.emplace_back([&] {
      while (writing.load()) {
        try {
          // Each lookup walks the factories while the writers add to them.
          if (gym::make(kUserId)->spec().max_episode_steps != 50) ++failures;
          if (gym::registry().ids().empty() || !gym::registry().contains("CartPole-v1")) ++failures;
        } catch (...) {
          ++failures;
        }
      }
    });
  for (int w = 0; w < kWriters; ++w) threads[std::size_t(w)].join();
  writing = false;
  for (std::size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  CHECK(failures == 0);
  for (int w = 0; w < kWriters; ++w)
    for (int k = 0; k < kPerWriter; ++k)
      CHECK(gym::registry().at("TestPointThread" + std::to_string(w) + "x" + std::to_string(k) + "-v0").spec.max_episode_steps == 10);
}
