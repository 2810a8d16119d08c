// CartPole against transitions recorded from Gymnasium 1.4 itself.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>

#include "fixture.hpp"
#include "gym/cli.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/registry.hpp"

using gym::envs::CartPole;
using nlohmann::json;

namespace {

std::vector<json> transitions() {
  std::vector<json> out;
  for (auto& line : gym::test::read_fixture("cartpole.jsonl"))
    if (line.contains("state")) out.push_back(std::move(line));
  return out;
}

void check_close(const std::vector<double>& got, const json& want, double tol) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double w = want[i].get<double>();
    INFO("component " << i << ": got " << got[i] << ", Gymnasium " << w);
    CHECK(std::fabs(got[i] - w) <= tol * std::fmax(1.0, std::fabs(w)));
  }
}

}  // namespace

TEST_CASE("the CartPole fixture covers trajectories, terminations and every parameter variant", "[cartpole]") {
  const auto data = transitions();
  REQUIRE(data.size() > 800);
  int terminal = 0, variants = 0;
  for (const auto& t : data) {
    terminal += t["terminated"].get<bool>();
    variants += !t["params"].empty();
  }
  CHECK(terminal > 100);
  CHECK(variants >= 240);
}

TEST_CASE("the float64 CartPole model reproduces Gymnasium's transitions to 1e-12", "[cartpole]") {
  int exact = 0;
  const auto data = transitions();
  for (const auto& t : data) {
    const auto params = gym::make_params<CartPole>({}, gym::test::to_options(t["params"]), "CartPole-v1");
    const auto state = t["state"].get<std::vector<double>>();
    const auto out = CartPole::step<double>(gym::state_from_array<CartPole::State<double>>(state.data()),
                                            t["action"].get<int32_t>(), params);
    std::vector<double> next(4);
    gym::state_to_array(out.state, next.data());
    INFO("transition " << t.dump());
    check_close(next, t["next_state"], 1e-12);
    CHECK(out.reward == t["reward"].get<double>());
    CHECK(out.terminated == t["terminated"].get<bool>());
    exact += next == t["next_state"].get<std::vector<double>>();
  }
  // Same operations in the same order with the same libm: bit-identical here.
  CHECK(exact == int(data.size()));
}

TEST_CASE("gym::make environments return Gymnasium's float32 observations for the fixture", "[cartpole]") {
  std::map<std::string, std::unique_ptr<gym::Env>> envs;
  for (const auto& t : transitions()) {
    const std::string key = t["env"].get<std::string>() + t["params"].dump();
    auto& env = envs[key];
    if (!env) env = gym::make(t["env"].get<std::string>(), gym::test::to_options(t["params"]));
    const auto got = env->transition(t["state"].get<std::vector<double>>(), gym::Array(t["action"].get<int>()));
    INFO("transition " << t.dump());
    REQUIRE(got.obs.dtype() == gym::DType::kFloat32);
    CHECK(got.obs.to_doubles() == t["obs"].get<std::vector<double>>());
    CHECK(got.reward == t["reward"].get<double>());
  }
}

TEST_CASE("`gym step` reproduces every fixture transition to 1e-12", "[cartpole][cli]") {
  // One `gym step` run per (env, params) group, as a user would check us.
  std::map<std::string, std::vector<json>> groups;
  for (auto& t : transitions()) groups[t["env"].get<std::string>() + "|" + t["params"].dump()].push_back(t);
  REQUIRE(groups.size() == 8);
  for (const auto& [key, group] : groups) {
    std::vector<std::string> args = {"gym", "step", group[0]["env"].get<std::string>()};
    for (const auto& [name, value] : group[0]["params"].items()) {
      args.push_back("--param");
      args.push_back(name + "=" + (value.is_boolean() ? (value.get<bool>() ? "true" : "false") : value.dump()));
    }
    std::string input;
    for (const auto& t : group) input += json{{"state", t["state"]}, {"action", t["action"]}}.dump() + "\n";
    std::istringstream in(input);
    std::ostringstream out, err;
    REQUIRE(gym::cli::run(args, in, out, err) == 0);
    std::istringstream lines(out.str());
    std::size_t k = 0;
    for (std::string line; std::getline(lines, line); ++k) {
      REQUIRE(k < group.size());
      const json got = json::parse(line);
      INFO(key << " query " << k << ": " << line);
      check_close(got["next_state"].get<std::vector<double>>(), group[k]["next_state"], 1e-12);
      CHECK(got["obs"] == group[k]["obs"]);
      CHECK(got["reward"].get<double>() == group[k]["reward"].get<double>());
      CHECK(got["terminated"] == group[k]["terminated"]);
    }
    CHECK(k == group.size());
  }
}

TEST_CASE("CartPole's spaces and registration match Gymnasium's", "[cartpole]") {
  for (const auto& line : gym::test::read_fixture("cartpole.jsonl")) {
    if (!line.contains("spec")) continue;
    const auto& spec = line["spec"];
    const auto env = gym::make(spec["id"].get<std::string>());
    INFO(spec["id"]);
    CHECK(env->spec().max_episode_steps == spec["max_episode_steps"].get<int>());
    CHECK(env->spec().reward_threshold == spec["reward_threshold"].get<double>());
    const auto obs = env->observation_space().to_json();
    CHECK(obs["low"] == spec["observation_space"]["low"]);
    CHECK(obs["high"] == spec["observation_space"]["high"]);
    CHECK(obs["dtype"] == "float32");
    CHECK(env->action_space().to_string() == line["action_space_repr"].get<std::string>());
  }
}

TEST_CASE("CartPole resets uniformly in [-0.05, 0.05), or in the bounds given as reset options", "[cartpole]") {
  auto env = gym::make("CartPole-v1");
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const auto s = env->reset(seed).obs.to_doubles();
    for (double v : s) {
      CHECK(v >= -0.05);
      CHECK(v < 0.05);
    }
  }
  const auto s = env->reset(3, {{"low", -1.0}, {"high", -0.5}}).obs.to_doubles();
  for (double v : s) CHECK((v >= -1.0 && v < -0.5));
  CHECK_THROWS_WITH(env->reset(3, {{"low", 1.0}, {"high", 0.0}}), Catch::Contains("must not exceed high"));
  CHECK_THROWS_WITH(env->reset(3, {{"lo", 1.0}}), Catch::Contains("unknown reset option 'lo'"));
}

TEST_CASE("the same seed gives the same CartPole episode, a different seed a different one", "[cartpole]") {
  auto run = [](uint64_t seed) {
    auto env = gym::make("CartPole-v1");
    std::vector<double> trace = env->reset(seed).obs.to_doubles();
    for (int t = 0; t < 20; ++t) {
      const auto r = env->step(t % 3 == 0 ? 0 : 1);
      for (double v : r.obs.to_doubles()) trace.push_back(v);
      if (r.terminated) break;
    }
    return trace;
  };
  CHECK(run(42) == run(42));
  CHECK(run(42) != run(43));
}

TEST_CASE("the float32 CartPole stays within float rounding of the float64 one over an episode", "[cartpole]") {
  CartPole::Params p;
  auto sd = CartPole::State<double>{0.01, -0.02, 0.03, 0.04};
  auto sf = CartPole::State<float>{0.01f, -0.02f, 0.03f, 0.04f};
  for (int t = 0; t < 60; ++t) {
    const int a = (t / 3) % 2;
    const auto od = CartPole::step<double>(sd, a, p);
    const auto of = CartPole::step<float>(sf, a, p);
    sd = od.state;
    sf = of.state;
    CHECK(of.terminated == od.terminated);
  }
  CHECK(sf.x == Approx(sd.x).epsilon(1e-4).margin(1e-5));
  CHECK(sf.theta == Approx(sd.theta).epsilon(1e-4).margin(1e-5));
  CHECK(sf.theta_dot == Approx(sd.theta_dot).epsilon(1e-4).margin(1e-5));
}
