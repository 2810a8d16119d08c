// Built into gym_tsan_tests under ThreadSanitizer: the vector env's threaded
// step, where the pool's workers step their chunks while the caller steps its
// own, must be free of data races and give exactly one thread's results.
#include <cstdint>
#include <optional>
#include <vector>

#include <catch2/catch.hpp>

#include "gym/envs/classic/cartpole.hpp"
#include "gym/vector_env.hpp"

namespace {

using gym::AutoresetMode;
using Venv = gym::ModelVectorEnv<gym::envs::CartPole>;

Venv make(int n, int threads, AutoresetMode mode) {
  // A short time limit, so that every autoreset path runs within the test.
  return Venv({"CartPole-v1", 40, 475.0, ""}, {}, n, {threads, mode});
}

// Resets, with autoreset disabled, the envs whose episode ended last step.
void reset_ended(gym::VectorEnv& venv) {
  std::vector<uint8_t> mask(std::size_t(venv.num_envs()));
  bool any = false;
  for (std::size_t i = 0; i < mask.size(); ++i) any |= (mask[i] = venv.terminated()[i] | venv.truncated()[i]) != 0;
  if (any) venv.reset(std::nullopt, mask);
}

template <class T>
std::vector<T> copy(std::span<const T> s) {
  return {s.begin(), s.end()};
}

}  // namespace

TEST_CASE("threaded steps race-free and equal to one thread's, in every autoreset mode", "[tsan]") {
  const int n = 300;  // chunks of 128 envs: the last thread's chunk is short or empty
  for (auto mode : {AutoresetMode::kNextStep, AutoresetMode::kSameStep, AutoresetMode::kDisabled}) {
    for (int threads : {2, 4}) {
      INFO("autoreset mode " << int(mode) << ", " << threads << " threads");
      Venv one = make(n, 1, mode), many = make(n, threads, mode);
      one.reset(11);
      many.reset(11);
      std::vector<int32_t> actions(static_cast<std::size_t>(n), 0);
      for (int step = 0; step < 120; ++step) {
        if (mode == AutoresetMode::kDisabled) {
          reset_ended(one);
          reset_ended(many);
        }
        if (step % 2 == 0) {  // the env draws the actions, each chunk on its thread
          one.step_random(5);
          many.step_random(5);
        } else {  // the caller's actions
          for (int i = 0; i < n; ++i) actions[std::size_t(i)] = (i * 7 + step) % 3 == 0;
          one.step(std::span<const int32_t>(actions));
          many.step(std::span<const int32_t>(actions));
        }
        REQUIRE(copy(many.observations()) == copy(one.observations()));
        REQUIRE(copy(many.rewards()) == copy(one.rewards()));
        REQUIRE(copy(many.terminated()) == copy(one.terminated()));
        REQUIRE(copy(many.truncated()) == copy(one.truncated()));
        REQUIRE(copy(many.has_final_observation()) == copy(one.has_final_observation()));
        REQUIRE(copy(many.episode_returns()) == copy(one.episode_returns()));
      }
    }
  }
}
