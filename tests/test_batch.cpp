// gym::batch, the per-env step that GPU threads run, executed on the CPU:
// for every classic model and autoreset mode it reproduces ModelVectorEnv's
// results bit for bit (same Philox streams, same float arithmetic, same
// bookkeeping), and it flags bad actions per env instead of throwing.
#include <catch2/catch.hpp>

#include <cstring>
#include <limits>
#include <vector>

#include "gym/batch.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/vector_env.hpp"

using gym::AutoresetMode;

namespace {

// Host arrays behind a gym::batch::View.
template <class M>
struct HostBatch {
  static constexpr int kD = M::kStateDim, kO = M::kObsDim;
  int n;
  std::vector<float> state, obs, final_obs, reward, ep_return;
  std::vector<int32_t> ep_length, steps;
  std::vector<uint8_t> terminated, truncated, ended, has_final, fresh, error;
  std::vector<uint64_t> key, episode;

  explicit HostBatch(int n_)
      : n(n_), state(std::size_t(kD) * n), obs(std::size_t(kO) * n), final_obs(std::size_t(kO) * n), reward(n),
        ep_return(n), ep_length(n), steps(n), terminated(n), truncated(n), ended(n), has_final(n), fresh(n),
        error(n), key(n), episode(n) {}

  gym::batch::View<M> view(AutoresetMode mode, int32_t max_steps) {
    gym::batch::View<M> v;
    v.n = n;
    v.max_steps = max_steps;
    v.mode = mode;
    v.state = state.data();
    v.obs = obs.data();
    v.final_obs = final_obs.data();
    v.reward = reward.data();
    v.ep_return = ep_return.data();
    v.ep_length = ep_length.data();
    v.steps = steps.data();
    v.terminated = terminated.data();
    v.truncated = truncated.data();
    v.ended = ended.data();
    v.has_final = has_final.data();
    v.fresh = fresh.data();
    v.error = error.data();
    v.key = key.data();
    v.episode = episode.data();
    return v;
  }
};

template <class T>
bool same_bits(std::span<const T> a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), b.size() * sizeof(T)) == 0;
}

// Random actions for every env: discrete ones in range, continuous ones a bit
// beyond the box (the model clips them).
template <class M>
auto random_actions(gym::Rng& rng, int n) {
  if constexpr (M::kDiscrete) {
    std::vector<int32_t> a(static_cast<std::size_t>(n));
    for (auto& x : a) x = int32_t(rng.below(uint32_t(M::kNumActions)));
    return a;
  } else {
    std::vector<float> a(std::size_t(n) * M::kActionDim);
    for (auto& x : a) x = rng.uniform<float>(-2.5f, 2.5f);
    return a;
  }
}

template <class M>
void check_against_vector_env(const char* id, AutoresetMode mode) {
  INFO(id << " autoreset " << gym::to_string(mode));
  const int n = 37, steps = 400, max_steps = 60;
  gym::ModelVectorEnv<M> venv({id, max_steps, std::nullopt, ""}, {}, n, {1, mode});
  HostBatch<M> host(n);
  const auto view = host.view(mode, max_steps);
  venv.reset(11);
  for (int i = 0; i < n; ++i) gym::batch::seed_env(view, i, true, 11);
  gym::Rng rng(5, 6);
  for (int t = 0; t < steps; ++t) {
    const auto actions = random_actions<M>(rng, n);
    if (mode == AutoresetMode::kDisabled) {
      // Reset the ended envs as a user must, through the mask.
      std::vector<uint8_t> mask(host.ended.begin(), host.ended.end());
      venv.reset(std::nullopt, mask);
      for (int i = 0; i < n; ++i)
        if (mask[std::size_t(i)]) gym::batch::seed_env(view, i, false, 0);
    }
    venv.step(std::span(actions));
    for (int i = 0; i < n; ++i) gym::batch::step_env(view, i, actions.data() + std::size_t(i) * gym::action_dim_v<M>);
    INFO("step " << t);
    REQUIRE(same_bits(venv.observations(), host.obs));
    REQUIRE(same_bits(venv.rewards(), host.reward));
    REQUIRE(same_bits(venv.terminated(), host.terminated));
    REQUIRE(same_bits(venv.truncated(), host.truncated));
    REQUIRE(same_bits(venv.episode_returns(), host.ep_return));
    REQUIRE(same_bits(venv.episode_lengths(), host.ep_length));
    if (mode == AutoresetMode::kSameStep) {
      REQUIRE(same_bits(venv.has_final_observation(), host.has_final));
      for (int i = 0; i < n; ++i)
        if (host.has_final[std::size_t(i)])
          REQUIRE(std::memcmp(&venv.final_observations()[std::size_t(i) * M::kObsDim],
                              &host.final_obs[std::size_t(i) * M::kObsDim], sizeof(float) * M::kObsDim) == 0);
    }
    for (uint8_t e : host.error) REQUIRE(e == 0);
  }
}

template <class M>
void check_all_modes(const char* id) {
  for (AutoresetMode mode : {AutoresetMode::kNextStep, AutoresetMode::kSameStep, AutoresetMode::kDisabled})
    check_against_vector_env<M>(id, mode);
}

}  // namespace

TEST_CASE("batch::step_env reproduces the CPU vector env bit for bit, for every classic model", "[batch]") {
  check_all_modes<gym::envs::CartPole>("CartPole-v1");
  check_all_modes<gym::envs::CartPoleContinuous>("CartPoleContinuous-v1");
  check_all_modes<gym::envs::MountainCar>("MountainCar-v0");
  check_all_modes<gym::envs::MountainCarContinuous>("MountainCarContinuous-v0");
  check_all_modes<gym::envs::Pendulum>("Pendulum-v1");
  check_all_modes<gym::envs::Acrobot>("Acrobot-v1");
  check_all_modes<gym::envs::AcrobotContinuous>("AcrobotContinuous-v1");
}

TEST_CASE("batch::step_env flags bad actions per env and leaves that env untouched", "[batch]") {
  using M = gym::envs::CartPole;
  HostBatch<M> host(3);
  auto view = host.view(AutoresetMode::kDisabled, 500);
  for (int i = 0; i < 3; ++i) gym::batch::seed_env(view, i, true, 2);
  const auto before = host.state;
  const int32_t actions[3] = {1, 2, -1};
  for (int i = 0; i < 3; ++i) gym::batch::step_env(view, i, &actions[i]);
  CHECK(host.error == std::vector<uint8_t>{0, gym::batch::kActionOutOfRange, gym::batch::kActionOutOfRange});
  for (int d = 0; d < 4; ++d) {
    CHECK(host.state[std::size_t(d) * 3 + 1] == before[std::size_t(d) * 3 + 1]);
    CHECK(host.state[std::size_t(d) * 3 + 2] == before[std::size_t(d) * 3 + 2]);
  }
  CHECK(host.steps == std::vector<int32_t>{1, 0, 0});

  // Continuous: NaN and infinity are flagged.
  using P = gym::envs::Pendulum;
  HostBatch<P> pend(2);
  auto pv = pend.view(AutoresetMode::kNextStep, 200);
  for (int i = 0; i < 2; ++i) gym::batch::seed_env(pv, i, true, 3);
  const float bad[2] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()};
  for (int i = 0; i < 2; ++i) gym::batch::step_env(pv, i, &bad[i]);
  CHECK(pend.error == std::vector<uint8_t>{gym::batch::kNotFinite, gym::batch::kNotFinite});
  CHECK(pend.steps == std::vector<int32_t>{0, 0});

  // Autoreset disabled: stepping an ended env is flagged, not done.
  host.ended[0] = 1;
  const int32_t ok = 0;
  gym::batch::step_env(view, 0, &ok);
  CHECK(host.error[0] == gym::batch::kSteppedAfterEnd);
  CHECK(host.steps[0] == 1);
}
