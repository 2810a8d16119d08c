// The CPU vector env: agreement with the model, autoreset semantics, seeding
// and thread-count independence.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>

#include "gym/envs/classic/cartpole.hpp"
#include "gym/registry.hpp"

using gym::AutoresetMode;
using gym::envs::CartPole;
using State = CartPole::State<float>;

namespace {

gym::ModelVectorEnv<CartPole> make_cartpole(int n, AutoresetMode mode, int threads = 1, int max_steps = 500,
                                            CartPole::Params p = {}) {
  return gym::ModelVectorEnv<CartPole>({"CartPole-v1", max_steps, 475.0, ""}, p, n, {threads, mode});
}

State reset_state(uint64_t seed, int i, uint64_t episode) {
  gym::Rng rng = gym::Rng::for_env(seed, uint64_t(i), episode);
  return CartPole::reset<float>(CartPole::Params{}, CartPole::ResetOptions{}, rng);
}

std::vector<float> obs_of(const State& s) { return {s.x, s.x_dot, s.theta, s.theta_dot}; }

std::vector<float> row(std::span<const float> obs, int i) {
  return {obs.begin() + 4 * i, obs.begin() + 4 * i + 4};
}

std::vector<int32_t> random_actions(gym::Rng& rng, int n) {
  std::vector<int32_t> a(static_cast<std::size_t>(n));
  for (auto& v : a) v = int32_t(rng.below(2));
  return a;
}

// Runs `steps` random steps and folds every output into one hash.
uint64_t trajectory_hash(int n, int threads, AutoresetMode mode, int steps) {
  auto venv = make_cartpole(n, mode, threads, 50);
  venv.reset(7);
  gym::Rng rng = gym::Rng::for_env(99, 0, 0, gym::RngPurpose::kActions);
  uint64_t h = 1469598103934665603ull;
  auto fold = [&](const void* p, std::size_t bytes) {
    const auto* c = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < bytes; ++i) h = (h ^ c[i]) * 1099511628211ull;
  };
  for (int t = 0; t < steps; ++t) {
    const auto a = random_actions(rng, n);
    venv.step(std::span<const int32_t>(a));
    fold(venv.observations().data(), venv.observations().size_bytes());
    fold(venv.rewards().data(), venv.rewards().size_bytes());
    fold(venv.terminated().data(), venv.terminated().size_bytes());
    fold(venv.truncated().data(), venv.truncated().size_bytes());
    fold(venv.final_observations().data(), venv.final_observations().size_bytes());
  }
  return h;
}

}  // namespace

TEST_CASE("vector env reset draws env i's state from the stream keyed by (seed, i, episode 0)", "[vector]") {
  auto venv = make_cartpole(37, AutoresetMode::kNextStep);
  venv.reset(123);
  for (int i = 0; i < 37; ++i) CHECK(row(venv.observations(), i) == obs_of(reset_state(123, i, 0)));
}

TEST_CASE("neighbouring seeds do not share streams (no seed + i scheme)", "[vector]") {
  auto a = make_cartpole(4, AutoresetMode::kNextStep), b = make_cartpole(4, AutoresetMode::kNextStep);
  a.reset(1);
  b.reset(2);
  for (int i = 1; i < 4; ++i) CHECK(row(a.observations(), i) != row(b.observations(), i - 1));
}

TEST_CASE("vector env steps equal the scalar float32 model bit for bit", "[vector]") {
  const int n = 101;  // not a multiple of the vector width
  auto venv = make_cartpole(n, AutoresetMode::kNextStep, 1, 1000);
  venv.reset(5);
  gym::Rng rng = gym::Rng::for_env(1, 0, 0, gym::RngPurpose::kActions);
  for (int t = 0; t < 30; ++t) {
    std::vector<State> before;
    for (int i = 0; i < n; ++i) before.push_back(venv.state(i));
    std::vector<uint8_t> was_done(venv.terminated().begin(), venv.terminated().end());
    const auto a = random_actions(rng, n);
    venv.step(std::span<const int32_t>(a));
    for (int i = 0; i < n; ++i) {
      if (was_done[i]) continue;  // reset this step, checked elsewhere
      const auto want = CartPole::step<float>(before[i], a[i], CartPole::Params{});
      INFO("env " << i << " step " << t);
      CHECK(row(venv.observations(), i) == obs_of(want.state));
      CHECK(venv.rewards()[i] == want.reward);
      CHECK(bool(venv.terminated()[i]) == want.terminated);
    }
  }
}

TEST_CASE("same seed gives identical trajectories on 1, 2 and 4 threads, in every autoreset mode", "[vector]") {
  // 300 envs: chunks of one or two blocks of 128 envs; 1500: chunks of 768
  // or 384 envs, in blocks of 128 that a thread done early may take from
  // another.
  for (int n : {300, 1500}) {
    INFO(n << " envs");
    for (auto mode : {AutoresetMode::kNextStep, AutoresetMode::kSameStep}) {
      const uint64_t one = trajectory_hash(n, 1, mode, 120);
      CHECK(one == trajectory_hash(n, 1, mode, 120));
      CHECK(one == trajectory_hash(n, 2, mode, 120));
      CHECK(one == trajectory_hash(n, 4, mode, 120));
    }
  }
  CHECK(trajectory_hash(300, 1, AutoresetMode::kNextStep, 120) !=
        trajectory_hash(300, 1, AutoresetMode::kSameStep, 120));
}

TEST_CASE("next-step autoreset: the ending step returns the final obs, the next step resets", "[vector]") {
  auto venv = make_cartpole(1, AutoresetMode::kNextStep);
  venv.reset(11);
  int t = 0;
  State last{};
  while (!venv.terminated()[0]) {
    last = venv.state(0);
    venv.step(std::vector<int32_t>{1});
    REQUIRE(++t < 500);
  }
  const auto final_state = CartPole::step<float>(last, 1, CartPole::Params{}).state;
  CHECK(row(venv.observations(), 0) == obs_of(final_state));
  CHECK(venv.rewards()[0] == 1.0f);
  CHECK(venv.episode_lengths()[0] == t);
  CHECK(venv.episode_returns()[0] == float(t));
  CHECK(venv.has_final_observation()[0] == 0);

  venv.step(std::vector<int32_t>{0});  // ignored: this step resets
  CHECK(row(venv.observations(), 0) == obs_of(reset_state(11, 0, 1)));
  CHECK(venv.rewards()[0] == 0.0f);
  CHECK(venv.terminated()[0] == 0);
  CHECK(venv.truncated()[0] == 0);
  CHECK(venv.episode_lengths()[0] == 0);
  CHECK(venv.episode_returns()[0] == 0.0f);

  venv.step(std::vector<int32_t>{1});
  CHECK(venv.episode_lengths()[0] == 1);
  CHECK(row(venv.observations(), 0) == obs_of(CartPole::step<float>(reset_state(11, 0, 1), 1, {}).state));
}

TEST_CASE("same-step autoreset: the ending step returns the reset obs and keeps the final one", "[vector]") {
  auto venv = make_cartpole(1, AutoresetMode::kSameStep);
  venv.reset(11);
  int t = 0;
  State last{};
  do {
    last = venv.state(0);
    venv.step(std::vector<int32_t>{1});
    REQUIRE(++t < 500);
  } while (!venv.terminated()[0]);
  const auto final_state = CartPole::step<float>(last, 1, CartPole::Params{}).state;
  CHECK(venv.has_final_observation()[0] == 1);
  CHECK(row(venv.final_observations(), 0) == obs_of(final_state));
  CHECK(row(venv.observations(), 0) == obs_of(reset_state(11, 0, 1)));
  CHECK(venv.rewards()[0] == 1.0f);
  CHECK(venv.episode_lengths()[0] == t);
  CHECK(venv.episode_returns()[0] == float(t));

  venv.step(std::vector<int32_t>{0});  // a real step of the new episode
  CHECK(venv.has_final_observation()[0] == 0);
  CHECK(venv.terminated()[0] == 0);
  CHECK(venv.rewards()[0] == 1.0f);
  CHECK(venv.episode_lengths()[0] == 1);
  CHECK(row(venv.observations(), 0) == obs_of(CartPole::step<float>(reset_state(11, 0, 1), 0, {}).state));
}

TEST_CASE("disabled autoreset refuses to step an ended env until it is reset by mask", "[vector]") {
  auto venv = make_cartpole(3, AutoresetMode::kDisabled);
  venv.reset(4);
  const std::vector<int32_t> push{1, 1, 1};
  while (!(venv.terminated()[0] || venv.terminated()[1] || venv.terminated()[2])) venv.step(push);
  const int ended = venv.terminated()[0] ? 0 : venv.terminated()[1] ? 1 : 2;
  CHECK_THROWS_WITH(venv.step(push), Catch::Contains("env " + std::to_string(ended)) &&
                                         Catch::Contains("autoreset_mode is disabled"));
  std::vector<uint8_t> mask(3, 0);
  mask[ended] = 1;
  std::vector<std::vector<float>> others;
  for (int i = 0; i < 3; ++i) others.push_back(row(venv.observations(), i));
  venv.reset(std::nullopt, mask);
  for (int i = 0; i < 3; ++i) {
    if (i == ended) CHECK(row(venv.observations(), i) == obs_of(reset_state(4, i, 1)));
    else CHECK(row(venv.observations(), i) == others[i]);
  }
  CHECK(venv.terminated()[ended] == 0);
}

TEST_CASE("a masked reset with a seed rekeys only the masked envs", "[vector]") {
  auto venv = make_cartpole(4, AutoresetMode::kNextStep);
  venv.reset(1);
  const auto before = std::vector<float>(venv.observations().begin(), venv.observations().end());
  venv.reset(2, std::vector<uint8_t>{0, 1, 0, 0});
  CHECK(row(venv.observations(), 1) == obs_of(reset_state(2, 1, 0)));
  CHECK(row(venv.observations(), 0) == row(before, 0));
  CHECK(row(venv.observations(), 3) == row(before, 3));
}

TEST_CASE("time-limit truncation in the vector env, then autoreset with a fresh stream", "[vector]") {
  CartPole::Params never_fails;
  never_fails.x_threshold = 1e6;
  never_fails.theta_threshold_radians = 1e6;
  auto venv = make_cartpole(8, AutoresetMode::kNextStep, 2, 5, never_fails);
  venv.reset(3);
  const std::vector<int32_t> a(8, 0);
  for (int t = 1; t <= 5; ++t) {
    venv.step(a);
    for (int i = 0; i < 8; ++i) {
      CHECK(venv.truncated()[i] == (t == 5));
      CHECK(venv.terminated()[i] == 0);
    }
  }
  CHECK(venv.episode_lengths()[3] == 5);
  venv.step(a);
  CHECK(row(venv.observations(), 3) == obs_of(reset_state(3, 3, 1)));
  CHECK(row(venv.observations(), 3) != obs_of(reset_state(3, 3, 0)));
}

TEST_CASE("make_vec builds vector envs by id and validates its arguments", "[vector]") {
  auto venv = gym::make_vec("CartPole-v1", 16, {2, AutoresetMode::kSameStep}, {{"gravity", 12.0}});
  CHECK(venv->num_envs() == 16);
  CHECK(venv->num_threads() == 2);
  CHECK(venv->metadata()["autoreset_mode"] == "same_step");
  CHECK(venv->single_action_space().to_string() == "Discrete(2)");
  CHECK_THROWS_WITH(gym::make_vec("CartPole-v1", 0), Catch::Contains("num_envs must be >= 1, got 0"));
  CHECK_THROWS_WITH(gym::make_vec("CartPole-v1", 4, {0}), Catch::Contains("num_threads"));
  CHECK_THROWS_WITH(gym::make_vec("CartPole-v1", 4, {}, {{"masscart", -1.0}}), Catch::Contains("masscart"));
}

TEST_CASE("vector env bad input: step before reset, wrong action count or value, wrong mask size", "[vector]") {
  auto venv = make_cartpole(4, AutoresetMode::kNextStep);
  CHECK_THROWS_WITH(venv.step(std::vector<int32_t>{0, 0, 0, 0}), Catch::Contains("before reset"));
  venv.reset(0);
  const auto before = std::vector<float>(venv.observations().begin(), venv.observations().end());
  CHECK_THROWS_WITH(venv.step(std::vector<int32_t>{0, 1}), Catch::Contains("2 actions for 4 envs"));
  CHECK_THROWS_WITH(venv.step(std::vector<int32_t>{0, 1, 2, 0}),
                    Catch::Contains("action 2 of env 2") && Catch::Contains("Discrete(2)"));
  CHECK_THROWS_WITH(venv.step(std::vector<int32_t>{0, -1, 0, 0}), Catch::Contains("action -1 of env 1"));
  CHECK_THROWS_WITH(venv.step(gym::Array::from<double>({0.0, 1.0, 0.0, 1.0}, {4})),
                    Catch::Contains("integer actions"));
  CHECK_THROWS_WITH(venv.reset(1, std::vector<uint8_t>{1}), Catch::Contains("mask has 1 entries for 4 envs"));
  // Nothing changed on the way.
  CHECK(std::vector<float>(venv.observations().begin(), venv.observations().end()) == before);
  venv.step(gym::Array::from<int64_t>({0, 1, 0, 1}, {4}));
  CHECK(venv.episode_lengths()[0] == 1);
}

TEST_CASE("sample_discrete_batch draws every action and is deterministic", "[vector]") {
  for (int64_t n : {1, 2, 3, 4, 7, 16}) {
    gym::Discrete space(n, n == 7 ? -3 : 0);
    std::vector<int32_t> a(1000), b(1000);
    gym::Rng r1 = gym::Rng::for_env(5, 0, 0), r2 = gym::Rng::for_env(5, 0, 0);
    gym::sample_discrete_batch(space, r1, a);
    gym::sample_discrete_batch(space, r2, b);
    CHECK(a == b);
    std::vector<int> count(static_cast<std::size_t>(n), 0);
    for (int32_t v : a) {
      REQUIRE(v >= space.start());
      REQUIRE(v < space.start() + n);
      ++count[std::size_t(v - space.start())];
    }
    for (int c : count) CHECK(c > 1000 / n / 2);
  }
}

TEST_CASE("step_random: actions drawn in the vector env, the same on any thread count, equal to step(them)",
          "[vector]") {
  // 1300 envs: on 3 threads, chunks of 512 envs in blocks of 128 (a thread
  // done early takes blocks from another), and a last action group of 20.
  constexpr int n = 1300;
  for (const char* id : {"CartPole-v1", "Pendulum-v1", "MiniGrid-Empty-5x5-v0"}) {
    INFO(id);
    std::vector<std::unique_ptr<gym::VectorEnv>> envs;
    for (int threads : {1, 2, 3}) envs.push_back(gym::make_vec(id, n, {threads, AutoresetMode::kSameStep}));
    auto replay = gym::make_vec(id, n, {1, AutoresetMode::kSameStep});  // steps with step(random_actions())
    for (auto& e : envs) e->reset(11);
    replay->reset(11);
    for (int t = 0; t < 40; ++t) {
      for (auto& e : envs) e->step_random(5);
      const gym::Array actions = envs[0]->random_actions();
      replay->step(actions);
      for (std::size_t k = 1; k < envs.size(); ++k) {
        REQUIRE(envs[k]->random_actions().to_doubles() == actions.to_doubles());
        REQUIRE(envs[k]->observation_array().to_doubles() == envs[0]->observation_array().to_doubles());
        REQUIRE(std::ranges::equal(envs[k]->rewards(), envs[0]->rewards()));
      }
      REQUIRE(replay->observation_array().to_doubles() == envs[0]->observation_array().to_doubles());
      REQUIRE(std::ranges::equal(replay->rewards(), envs[0]->rewards()));
      REQUIRE(std::ranges::equal(replay->terminated(), envs[0]->terminated()));
      // In the action space: 0 .. n-1, or within the box.
      const auto values = actions.to_doubles();
      if (const auto* d = dynamic_cast<const gym::Discrete*>(&envs[0]->single_action_space())) {
        for (double a : values) REQUIRE((a >= 0 && a < double(d->n()) && a == std::floor(a)));
      } else {
        const auto& box = dynamic_cast<const gym::Box&>(envs[0]->single_action_space());
        for (double a : values) REQUIRE((a >= box.low()[0] && a <= box.high()[0]));
      }
    }
  }
}

TEST_CASE("step_random: every action is drawn, streams differ by seed and step", "[vector]") {
  auto venv = gym::make_vec("MiniGrid-Empty-5x5-v0", 1000, {2, AutoresetMode::kNextStep});
  venv->reset(0);
  std::array<int, 7> counts{};
  venv->step_random(1);
  const auto first = venv->random_actions().to_doubles();
  for (double a : first) counts[std::size_t(a)] += 1;
  for (int c : counts) CHECK(c > 100);  // 1000 draws over 7 actions: about 143 each
  venv->step_random(1);
  CHECK(venv->random_actions().to_doubles() != first);  // the next step's actions
  auto other = gym::make_vec("MiniGrid-Empty-5x5-v0", 1000, {2, AutoresetMode::kNextStep});
  other->reset(0);
  other->step_random(2);
  CHECK(other->random_actions().to_doubles() != first);  // another seed
}

TEST_CASE("step_random: bad use is an error that changes nothing", "[vector]") {
  auto venv = gym::make_vec("CartPole-v1", 8, {1, AutoresetMode::kDisabled});
  CHECK_THROWS_WITH(venv->step_random(0), Catch::Matchers::Contains("before reset()"));
  CHECK_THROWS_WITH(venv->random_actions(), Catch::Matchers::Contains("before any step_random()"));
  venv->reset(0);
  for (int t = 0; t < 600; ++t) {
    const auto ended = venv->terminated();
    bool any = false;
    for (std::size_t i = 0; i < ended.size(); ++i) any = any || ended[i] || venv->truncated()[i];
    if (any) break;
    venv->step_random(0);
  }
  const auto before = venv->observation_array().to_doubles();
  CHECK_THROWS_WITH(venv->step_random(0), Catch::Matchers::Contains("autoreset_mode is disabled"));
  CHECK(venv->observation_array().to_doubles() == before);
}
