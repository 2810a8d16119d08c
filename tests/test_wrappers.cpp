// gym/wrappers.hpp (TimeLimit, OrderEnforcing, RecordEpisodeStatistics) and
// the physical-state access that the wrappers forward to gym::ModelEnv.
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

#include "gym/envs/classic/cartpole.hpp"
#include "gym/registry.hpp"
#include "gym/wrappers.hpp"

using Catch::Matchers::Contains;

namespace {

using CartPoleEnv = gym::ModelEnv<gym::envs::CartPole>;

// CartPole whose pole and cart may go anywhere: it never terminates, so only
// a time limit ends its episodes.
gym::envs::CartPole::Params endless_params() {
  gym::envs::CartPole::Params p;
  p.theta_threshold_radians = 100;
  p.x_threshold = 1e6;
  return p;
}

std::unique_ptr<gym::Env> bare_endless_cartpole() {
  return std::make_unique<CartPoleEnv>(gym::EnvSpec{"CartPole-v1", 500, 475.0, ""}, endless_params());
}

gym::Options endless_options(int max_episode_steps) {
  return {{"theta_threshold_radians", 100.0}, {"x_threshold", 1e6}, {"max_episode_steps", max_episode_steps}};
}

using gym::test::error_of;

// Steps with action 1 until the episode ends; returns the number of steps.
int run_episode(gym::Env& env, gym::StepResult* last = nullptr) {
  for (int steps = 1;; ++steps) {
    gym::StepResult r = env.step(1);
    if (r.terminated || r.truncated) {
      if (last) *last = std::move(r);
      return steps;
    }
  }
}

}  // namespace

TEST_CASE("TimeLimit truncates exactly at max_episode_steps and restarts counting on reset", "[wrappers]") {
  gym::TimeLimit env(bare_endless_cartpole(), 5);
  CHECK(env.max_episode_steps() == 5);
  for (int episode = 0; episode < 2; ++episode) {
    env.reset(uint64_t(episode));
    CHECK(env.elapsed_steps() == 0);
    for (int t = 1; t <= 5; ++t) {
      INFO("episode " << episode << ", step " << t);
      const auto r = env.step(t % 2);
      CHECK(env.elapsed_steps() == t);
      CHECK(r.truncated == (t == 5));
      CHECK_FALSE(r.terminated);
    }
  }
}

TEST_CASE("make's TimeLimit truncates an endless CartPole-v1 at exactly step 500", "[wrappers]") {
  const auto env = gym::make("CartPole-v1", {{"theta_threshold_radians", 100.0}, {"x_threshold", 1e6}});
  env->reset(42);
  int steps = 0;
  gym::StepResult last;
  for (bool done = false; !done;) {
    last = env->step(steps % 3 == 0 ? 1 : 0);
    ++steps;
    done = last.terminated || last.truncated;
  }
  CHECK(steps == 500);
  CHECK(last.truncated);
  CHECK_FALSE(last.terminated);
}

TEST_CASE("TimeLimit refuses a non-positive limit", "[wrappers]") {
  CHECK_THAT(error_of([] { gym::TimeLimit(bare_endless_cartpole(), 0); }),
             Contains("max_episode_steps") && Contains("0"));
  CHECK_THROWS_AS(gym::TimeLimit(bare_endless_cartpole(), -3), gym::Error);
}

TEST_CASE("a reset that throws does not restart the time limit of the running episode", "[wrappers]") {
  const auto env = gym::make("CartPole-v1", endless_options(5));
  env->reset(0);
  for (int t = 0; t < 3; ++t) CHECK_FALSE(env->step(1).truncated);
  // low > high is refused by CartPole's reset options; the episode goes on.
  CHECK_THROWS_AS(env->reset(1, {{"low", 1.0}, {"high", -1.0}}), gym::Error);
  CHECK_FALSE(env->step(1).truncated);
  CHECK(env->step(1).truncated);
}

TEST_CASE("OrderEnforcing refuses step before reset, saying so", "[wrappers]") {
  const auto env = gym::make("CartPole-v1");
  const auto* order = dynamic_cast<const gym::OrderEnforcing*>(env.get());
  REQUIRE(order);
  CHECK_FALSE(order->has_reset());
  CHECK_THROWS_AS(env->step(0), gym::Error);
  CHECK_THAT(error_of([&] { env->step(0); }), Contains("CartPole-v1") && Contains("before reset"));
  env->reset(0);
  CHECK(order->has_reset());
  CHECK_NOTHROW(env->step(0));

  CartPoleEnv bare(gym::EnvSpec{"CartPole-v1", 500, 475.0, ""});
  CHECK_THAT(error_of([&] { bare.step(0); }), Contains("before reset"));
}

TEST_CASE("OrderEnforcing refuses step after termination until reset", "[wrappers]") {
  const auto env = gym::make("CartPole-v1");
  env->reset(3);
  gym::StepResult last;
  const int steps = run_episode(*env, &last);  // always pushing right tips the pole over quickly
  CHECK(last.terminated);
  CHECK_FALSE(last.truncated);
  CHECK(steps < 500);
  CHECK_THAT(error_of([&] { env->step(1); }), Contains("CartPole-v1") && Contains("reset"));
  CHECK_THROWS_AS(env->step(0), gym::Error);
  env->reset();
  CHECK_NOTHROW(env->step(1));
}

TEST_CASE("OrderEnforcing refuses step after truncation until reset", "[wrappers]") {
  const auto env = gym::make("CartPole-v1", endless_options(2));
  env->reset(3);
  CHECK_FALSE(env->step(0).truncated);
  CHECK(env->step(0).truncated);
  CHECK_THAT(error_of([&] { env->step(1); }), Contains("reset"));
  env->reset();
  CHECK_FALSE(env->step(1).truncated);
}

TEST_CASE("the model env itself refuses step after termination until reset", "[wrappers]") {
  CartPoleEnv env(gym::EnvSpec{"CartPole-v1", 500, 475.0, ""});
  env.reset(5);
  gym::StepResult last;
  run_episode(env, &last);
  CHECK(last.terminated);
  CHECK_THAT(error_of([&] { env.step(1); }), Contains("terminated") && Contains("reset"));
  env.reset();
  CHECK_NOTHROW(env.step(0));
}

TEST_CASE("RecordEpisodeStatistics reports return, length and time only on the last step of an episode",
          "[wrappers]") {
  gym::RecordEpisodeStatistics env(gym::make("CartPole-v1", {{"sutton_barto_reward", true}}));
  env.reset(11);
  double total = 0;
  int64_t length = 0;
  for (bool done = false; !done;) {
    const auto r = env.step(length % 4 == 0 ? 0 : 1);
    total += r.reward;
    ++length;
    done = r.terminated || r.truncated;
    if (!done) {
      CHECK_FALSE(r.info.contains("episode"));
      continue;
    }
    REQUIRE(r.info.contains("episode"));
    const auto& ep = r.info["episode"];
    CHECK(ep["r"].get<double>() == total);
    CHECK(ep["l"].get<int64_t>() == length);
    CHECK(ep["t"].is_number());
    CHECK(ep["t"].get<double>() >= 0.0);
  }
  CHECK(total == -1.0);  // Sutton and Barto: 0 per step, -1 on failure
  CHECK(env.episode_count() == 1);
  REQUIRE(env.return_queue().size() == 1);
  CHECK(env.return_queue().front() == total);
  CHECK(env.length_queue().front() == length);
  CHECK(env.time_queue().size() == 1);
}

TEST_CASE("RecordEpisodeStatistics keeps the last buffer_length episodes in its queues", "[wrappers]") {
  std::vector<double> returns;
  std::vector<int64_t> lengths;
  // Episodes of different lengths: a narrow track, the cart starting at rest
  // a little further from its right edge each time and always pushed right.
  gym::RecordEpisodeStatistics narrow(
      gym::make("CartPole-v1", {{"x_threshold", 0.3}, {"theta_threshold_radians", 100.0}}), 3);
  for (int episode = 0; episode < 5; ++episode) {
    narrow.reset(uint64_t(episode));
    narrow.set_state(std::vector<double>{0.29 - 0.02 * episode, 0.0, 0.0, 0.0});
    double ret = 0;
    int64_t len = 0;
    gym::StepResult r;
    do {
      r = narrow.step(1);
      ret += r.reward;
      ++len;
    } while (!r.terminated && !r.truncated);
    REQUIRE(r.info.contains("episode"));
    CHECK(r.info["episode"]["r"].get<double>() == ret);
    CHECK(r.info["episode"]["l"].get<int64_t>() == len);
    returns.push_back(ret);
    lengths.push_back(len);
  }
  CHECK(narrow.episode_count() == 5);
  CHECK(std::vector<double>(narrow.return_queue().begin(), narrow.return_queue().end()) ==
        std::vector<double>(returns.end() - 3, returns.end()));
  CHECK(std::vector<int64_t>(narrow.length_queue().begin(), narrow.length_queue().end()) ==
        std::vector<int64_t>(lengths.end() - 3, lengths.end()));
  CHECK(narrow.time_queue().size() == 3);
  // The episodes really differed, so the queue's order is meaningful.
  CHECK(lengths.front() < lengths.back());
}

TEST_CASE("RecordEpisodeStatistics starts counting afresh when reset mid-episode", "[wrappers]") {
  gym::RecordEpisodeStatistics env(gym::make("CartPole-v1", endless_options(4)));
  env.reset(1);
  env.step(0);
  env.step(1);
  env.reset(2);
  gym::StepResult last;
  CHECK(run_episode(env, &last) == 4);
  REQUIRE(last.info.contains("episode"));
  CHECK(last.info["episode"]["l"] == 4);
  CHECK(last.info["episode"]["r"] == 4.0);
  CHECK(env.episode_count() == 1);
}

TEST_CASE("RecordEpisodeStatistics and Wrapper refuse a zero buffer and a null env", "[wrappers]") {
  CHECK_THROWS_AS(gym::RecordEpisodeStatistics(gym::make("CartPole-v1"), 0), gym::Error);
  CHECK_THROWS_AS(gym::TimeLimit(nullptr, 10), gym::Error);
  CHECK_THROWS_AS(gym::OrderEnforcing(nullptr), gym::Error);
}

TEST_CASE("an invalid action throws gym::Error and leaves the env's state and counters untouched",
          "[wrappers]") {
  gym::RecordEpisodeStatistics env(gym::make("CartPole-v1", endless_options(3)));
  env.reset(7);
  const std::vector<double> before = env.state();
  const std::vector<gym::Array> bad = {gym::Array(2),
                                       gym::Array(-1),
                                       gym::Array(0.5),
                                       gym::Array::scalar<float>(0.5f),
                                       gym::Array{0.0, 1.0},
                                       gym::Array::from<int64_t>({1, 0}, {2}),
                                       gym::Array(std::nan("")),
                                       gym::Array(std::numeric_limits<double>::infinity())};
  for (const auto& action : bad) {
    INFO("action " << action.to_string() << " of shape " << gym::shape_string(action.shape()));
    const std::string msg = error_of([&] { env.step(action); });
    CHECK_THAT(msg, Contains("CartPole-v1") && Contains("invalid action") && Contains("Discrete(2)"));
    CHECK(env.state() == before);
  }
  // Still usable: the next valid step starts from the untouched state, and
  // the failed calls did not count towards the 3-step limit.
  const auto expected = env.transition(before, 1);
  const auto r = env.step(1);
  CHECK(env.state() == expected.next_state);
  CHECK(r.obs == expected.obs);
  CHECK_FALSE(r.truncated);
  CHECK_FALSE(env.step(0).truncated);
  const auto last = env.step(0);
  CHECK(last.truncated);
  REQUIRE(last.info.contains("episode"));
  CHECK(last.info["episode"]["l"] == 3);
}

TEST_CASE("actions of other dtypes holding an exact integer step like the int64 action", "[wrappers]") {
  const auto env = gym::make("CartPole-v1");
  const std::vector<double> state = {0.01, 0.02, -0.03, 0.04};
  const auto reference = env->transition(state, 1);
  for (const auto& action : {gym::Array(1.0), gym::Array::scalar<int32_t>(1), gym::Array::scalar<float>(1.0f),
                             gym::Array::scalar<uint8_t>(1), gym::Array::scalar<bool>(true)}) {
    INFO("dtype " << gym::dtype_name(action.dtype()));
    CHECK(env->transition(state, action).next_state == reference.next_state);
  }
  CHECK(env->transition(state, gym::Array::scalar<bool>(false)).next_state == env->transition(state, 0).next_state);
}

TEST_CASE("set_state and state round-trip exactly, and observations follow the set state", "[wrappers]") {
  const auto env = gym::make("CartPole-v1");
  CHECK(env->state_names() == std::vector<std::string>{"x", "x_dot", "theta", "theta_dot"});
  env->reset(0);
  const std::vector<double> s = {0.1, -0.2, 0.05, 0.3};
  env->set_state(s);
  CHECK(env->state() == s);
  const std::vector<double> precise = {0.1234567890123456789, -1e-300, 0.0, 3.0000000000000004};
  env->set_state(precise);
  CHECK(env->state() == precise);

  const auto expected = env->transition(precise, 0);
  const auto r = env->step(0);
  CHECK(env->state() == expected.next_state);
  CHECK(r.obs == expected.obs);
  CHECK(r.reward == expected.reward);
  CHECK(r.obs.dtype() == gym::DType::kFloat32);
  CHECK(r.obs.data<float>()[0] == float(expected.next_state[0]));
}

TEST_CASE("set_state rejects a wrong length or a non-finite value and keeps the old state", "[wrappers]") {
  const auto env = gym::make("CartPole-v1");
  env->reset(0);
  const auto before = env->state();
  CHECK_THAT(error_of([&] { env->set_state(std::vector<double>{0.0, 0.0, 0.0}); }),
             Contains("CartPole-v1") && Contains("4 values") && Contains("got 3"));
  CHECK_THROWS_AS(env->set_state(std::vector<double>{0, 0, 0, 0, 0}), gym::Error);
  CHECK_THROWS_AS(env->set_state(std::vector<double>{}), gym::Error);
  CHECK_THAT(error_of([&] { env->set_state(std::vector<double>{0.0, 0.0, std::nan(""), 0.0}); }),
             Contains("theta") && Contains("not finite"));
  CHECK_THAT(error_of([&] {
               env->set_state(std::vector<double>{0.0, std::numeric_limits<double>::infinity(), 0.0, 0.0});
             }),
             Contains("x_dot") && Contains("not finite"));
  CHECK(env->state() == before);
  CHECK_NOTHROW(env->step(0));
}

TEST_CASE("state before the first reset is an error", "[wrappers]") {
  const auto env = gym::make("CartPole-v1");
  CHECK_THAT(error_of([&] { (void)env->state(); }), Contains("before reset"));
}

TEST_CASE("transition() leaves the env's state and episode untouched", "[wrappers]") {
  const auto env = gym::make("CartPole-v1", endless_options(2));
  env->reset(9);
  const auto before = env->state();
  const auto t = env->transition(std::vector<double>{1.0, 2.0, 0.1, -0.5}, 1);
  CHECK(t.next_state != before);
  CHECK(env->state() == before);
  CHECK_THROWS_AS(env->transition(std::vector<double>{1.0, 2.0}, 1), gym::Error);
  CHECK_THROWS_AS(env->transition(before, 2), gym::Error);
  CHECK(env->state() == before);
  // The episode continues from `before` and the time limit still counts 2.
  CHECK(env->step(0).obs == env->transition(before, 0).obs);
  CHECK(env->step(0).truncated);
}

TEST_CASE("transition() works on a terminated env and reports termination from the given state", "[wrappers]") {
  const auto env = gym::make("CartPole-v1");
  env->reset(2);
  run_episode(*env);
  const auto out = env->transition(std::vector<double>{2.39, 1.0, 0.0, 0.0}, 1);
  CHECK(out.terminated);
  CHECK(out.reward == 1.0);
  const auto in = env->transition(std::vector<double>{0.0, 0.0, 0.0, 0.0}, 1);
  CHECK_FALSE(in.terminated);
}
