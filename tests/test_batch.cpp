// gym::batch, the per-env step that GPU threads run, executed on the CPU:
// for every classic model and autoreset mode it reproduces ModelVectorEnv's
// results bit for bit (same Philox streams, same float arithmetic, same
// bookkeeping), and it flags bad actions per env instead of throwing.
#include <catch2/catch.hpp>

#include <cstring>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "gym/batch.hpp"
#include "gym/diff.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/vector_env.hpp"
#include "host_batch.hpp"

using gym::AutoresetMode;
using gym::test::HostBatch;

namespace {

template <class T>
bool same_bits(std::span<const T> a, std::type_identity_t<std::span<const T>> b) {
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
  CHECK(host.error == gym::AlignedVector<uint8_t>{0, gym::batch::kActionOutOfRange, gym::batch::kActionOutOfRange});
  for (int d = 0; d < 4; ++d) {
    CHECK(host.state[std::size_t(d) * 3 + 1] == before[std::size_t(d) * 3 + 1]);
    CHECK(host.state[std::size_t(d) * 3 + 2] == before[std::size_t(d) * 3 + 2]);
  }
  CHECK(host.steps == gym::AlignedVector<int32_t>{1, 0, 0});

  // Continuous: NaN and infinity are flagged.
  using P = gym::envs::Pendulum;
  HostBatch<P> pend(2);
  auto pv = pend.view(AutoresetMode::kNextStep, 200);
  for (int i = 0; i < 2; ++i) gym::batch::seed_env(pv, i, true, 3);
  const float bad[2] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()};
  for (int i = 0; i < 2; ++i) gym::batch::step_env(pv, i, &bad[i]);
  CHECK(pend.error == gym::AlignedVector<uint8_t>{gym::batch::kNotFinite, gym::batch::kNotFinite});
  CHECK(pend.steps == gym::AlignedVector<int32_t>{0, 0});

  // Autoreset disabled: stepping an ended env is flagged, not done.
  host.ended[0] = 1;
  const int32_t ok = 0;
  gym::batch::step_env(view, 0, &ok);
  CHECK(host.error[0] == gym::batch::kSteppedAfterEnd);
  CHECK(host.steps[0] == 1);
}

TEST_CASE("batch functions find state variable d of env i at state[d * View::stride + i]", "[batch]") {
  using M = gym::envs::CartPole;
  const int n = 21, max_steps = 40;
  const std::size_t stride = 64 + 13;  // columns apart by more than n, as the CPU vector env's are
  HostBatch<M> plain(n), padded(n, stride);
  const auto pv = plain.view(AutoresetMode::kNextStep, max_steps), dv = padded.view(AutoresetMode::kNextStep, max_steps);
  REQUIRE(dv.state_stride() == stride);
  REQUIRE(pv.state_stride() == std::size_t(n));
  auto same_state = [&] {
    for (std::size_t d = 0; d < std::size_t(M::kStateDim); ++d)
      for (std::size_t i = 0; i < std::size_t(n); ++i)
        if (padded.state[d * stride + i] != plain.state[d * std::size_t(n) + i]) return false;
    return true;
  };
  for (int i = 0; i < n; ++i) {
    gym::batch::seed_env(pv, i, true, 8);
    gym::batch::seed_env(dv, i, true, 8);
  }
  REQUIRE(same_state());
  gym::Rng rng(3, 4);
  for (int t = 0; t < 90; ++t) {  // through resets
    const auto actions = random_actions<M>(rng, n);
    for (int i = 0; i < n; ++i) {
      gym::batch::step_env(pv, i, &actions[std::size_t(i)]);
      gym::batch::step_env(dv, i, &actions[std::size_t(i)]);
    }
    REQUIRE(same_state());
    REQUIRE(padded.obs == plain.obs);
    REQUIRE(padded.reward == plain.reward);
  }
  const gym::batch::RolloutOutputs none{};
  for (int i = 0; i < n; ++i) {
    gym::batch::rollout_env(pv, i, 30, 90, gym::batch::RandomPolicy<M>{4}, none);
    gym::batch::rollout_env(dv, i, 30, 90, gym::batch::RandomPolicy<M>{4}, none);
  }
  CHECK(same_state());
  CHECK(padded.obs == plain.obs);
  for (int i = 0; i < n; ++i) {
    const int32_t a = i % 2;
    constexpr int D = M::kStateDim, N = gym::batch::jacobian_inputs_v<M>;
    float jp[D * N], jd[D * N], gp[N], gd[N];
    gym::batch::step_jacobian_env(pv, i, &a, jp, gp);
    gym::batch::step_jacobian_env(dv, i, &a, jd, gd);
    CHECK(std::memcmp(jp, jd, sizeof jp) == 0);
    CHECK(std::memcmp(gp, gd, sizeof gp) == 0);
  }
}

namespace {

// K fused steps against K single steps with the same policy, every array
// compared bit for bit (and the fused outputs against what the steps saw).
template <class M, class Policy>
void check_rollout(const char* id, AutoresetMode mode, const Policy& policy) {
  INFO(id << " autoreset " << gym::to_string(mode));
  using Action = std::conditional_t<M::kDiscrete, int32_t, float>;
  constexpr int kO = M::kObsDim, kA = gym::action_dim_v<M>;
  const int n = 19, k1 = 37, k2 = 25, max_steps = 30;
  HostBatch<M> fused(n), stepped(n);
  const auto fv = fused.view(mode, max_steps), sv = stepped.view(mode, max_steps);
  for (int i = 0; i < n; ++i) {
    gym::batch::seed_env(fv, i, true, 21);
    gym::batch::seed_env(sv, i, true, 21);
  }
  std::vector<float> obs(std::size_t(k1 + k2) * n * kO), rewards(std::size_t(k1 + k2) * n), sums(n);
  std::vector<uint8_t> dones(std::size_t(k1 + k2) * n);
  std::vector<int32_t> episodes(n);
  // Two launches, the second continuing the step count.
  for (auto [t0, k] : {std::pair{0, k1}, std::pair{k1, k2}}) {
    gym::batch::RolloutOutputs out{obs.data() + std::size_t(t0) * n * kO, rewards.data() + std::size_t(t0) * n,
                                   dones.data() + std::size_t(t0) * n, sums.data(), episodes.data()};
    for (int i = 0; i < n; ++i) gym::batch::rollout_env(fv, i, k, uint64_t(t0), policy, out);
  }
  std::vector<float> want_sums(n, 0.0f);
  std::vector<int32_t> want_episodes(n, 0);
  for (int t = 0; t < k1 + k2; ++t) {
    for (int i = 0; i < n; ++i) {
      Action a[kA];
      policy.act(&stepped.obs[std::size_t(i) * kO], i, uint64_t(t), a);
      gym::batch::step_env(sv, i, a);
      const std::size_t row = std::size_t(t) * n + std::size_t(i);
      REQUIRE(std::memcmp(&obs[row * kO], &stepped.obs[std::size_t(i) * kO], sizeof(float) * kO) == 0);
      REQUIRE(rewards[row] == stepped.reward[std::size_t(i)]);
      const bool done = stepped.terminated[std::size_t(i)] || stepped.truncated[std::size_t(i)];
      REQUIRE(dones[row] == uint8_t(done));
      if (done && t >= k1) {  // the second launch's sums
        want_sums[std::size_t(i)] += stepped.ep_return[std::size_t(i)];
        ++want_episodes[std::size_t(i)];
      }
    }
  }
  CHECK(sums == want_sums);
  CHECK(episodes == want_episodes);
  CHECK(fused.state == stepped.state);
  CHECK(fused.obs == stepped.obs);
  CHECK(fused.ep_return == stepped.ep_return);
  CHECK(fused.ep_length == stepped.ep_length);
  CHECK(fused.steps == stepped.steps);
  CHECK(fused.ended == stepped.ended);
  CHECK(fused.key == stepped.key);
  CHECK(fused.episode == stepped.episode);
}

}  // namespace

TEST_CASE("batch::rollout_env equals step by step execution, for random, linear and MLP policies", "[batch]") {
  using gym::envs::CartPole;
  using gym::envs::Pendulum;
  using gym::envs::Acrobot;
  for (AutoresetMode mode : {AutoresetMode::kNextStep, AutoresetMode::kSameStep}) {
    check_rollout<CartPole>("CartPole-v1", mode, gym::batch::RandomPolicy<CartPole>{4});
    check_rollout<Pendulum>("Pendulum-v1", mode, gym::batch::RandomPolicy<Pendulum>{4, -2.0f, 2.0f});
    check_rollout<Acrobot>("Acrobot-v1", mode, gym::batch::RandomPolicy<Acrobot>{9});
    const float w[8] = {-0.1f, -0.2f, -2.0f, -0.4f, 0.1f, 0.2f, 2.0f, 0.4f}, b[2] = {0, 0};
    check_rollout<CartPole>("CartPole-v1", mode, gym::batch::LinearPolicy<CartPole>{w, b});
    const float pw[3] = {0.5f, -1.0f, -0.3f}, pb[1] = {0.1f};
    check_rollout<Pendulum>("Pendulum-v1", mode, gym::batch::LinearPolicy<Pendulum>{pw, pb});
    float w1[4 * 6], b1[4], w2[3 * 4], b2[3];
    gym::Rng rng(1, 2);
    for (float& x : w1) x = rng.uniform<float>(-1, 1);
    for (float& x : b1) x = rng.uniform<float>(-1, 1);
    for (float& x : w2) x = rng.uniform<float>(-1, 1);
    for (float& x : b2) x = rng.uniform<float>(-1, 1);
    check_rollout<Acrobot>("Acrobot-v1", mode, gym::batch::MlpPolicy<Acrobot, 4>{w1, b1, w2, b2});
  }
}

TEST_CASE("a fused rollout of the linear CartPole controller ends only time-limited episodes of 500", "[batch]") {
  using M = gym::envs::CartPole;
  const int n = 64;
  HostBatch<M> host(n);
  const auto v = host.view(AutoresetMode::kNextStep, 500);
  for (int i = 0; i < n; ++i) gym::batch::seed_env(v, i, true, 1);
  // Logits -u and +u for u = the controller's linear feedback: argmax pushes along u.
  const float w[8] = {-0.1f, -0.2f, -2.0f, -0.4f, 0.1f, 0.2f, 2.0f, 0.4f}, b[2] = {0, 0};
  std::vector<float> sums(n);
  std::vector<int32_t> episodes(n);
  gym::batch::RolloutOutputs out;
  out.return_sums = sums.data();
  out.episodes = episodes.data();
  for (int i = 0; i < n; ++i) gym::batch::rollout_env(v, i, 1200, 0, gym::batch::LinearPolicy<M>{w, b}, out);
  for (int i = 0; i < n; ++i) {
    CHECK(episodes[std::size_t(i)] == 2);  // steps 500 and 1001 end them (the step after an end resets)
    CHECK(sums[std::size_t(i)] == 1000.0f);
  }
}

namespace {

template <class M>
void check_jacobian(const char* id) {
  INFO(id);
  constexpr int D = M::kStateDim, N = gym::batch::jacobian_inputs_v<M>;
  const int n = 16;
  HostBatch<M> host(n);
  const auto v = host.view(AutoresetMode::kNextStep, 0);
  for (int i = 0; i < n; ++i) gym::batch::seed_env(v, i, true, 8);
  gym::Rng rng(2, 3);
  // Move away from the reset states a little, so that no env sits at a kink.
  for (int t = 0; t < 3; ++t) {
    const auto actions = random_actions<M>(rng, n);
    for (int i = 0; i < n; ++i) gym::batch::step_env(v, i, actions.data() + std::size_t(i) * gym::action_dim_v<M>);
  }
  const auto actions = random_actions<M>(rng, n);
  for (int i = 0; i < n; ++i) {
    const auto* a = actions.data() + std::size_t(i) * gym::action_dim_v<M>;
    float jac[D * N], rgrad[N];
    gym::batch::step_jacobian_env(v, i, a, jac, rgrad);
    typename M::template State<double> s;
    gym::for_each_field<double>(s, [&](double& x, std::size_t d) { x = host.state[d * std::size_t(n) + std::size_t(i)]; });
    const auto want = [&] {
      if constexpr (M::kDiscrete) {
        return gym::diff::jacobians<M>(s, a[0], typename M::Params{});
      } else {
        std::vector<double> ad(a, a + gym::action_dim_v<M>);
        return gym::diff::jacobians<M>(s, std::span<const double>(ad), typename M::Params{});
      }
    }();
    for (int r = 0; r < D; ++r)
      for (int c = 0; c < N; ++c) {
        const double w = c < D ? want.d_next_state_d_state[std::size_t(r * D + c)]
                               : want.d_next_state_d_action[std::size_t(r * (N - D) + (c - D))];
        INFO("env " << i << " d next_state[" << r << "] / d input " << c);
        CHECK(double(jac[r * N + c]) == Approx(w).epsilon(2e-3).margin(2e-4));
      }
    for (int c = 0; c < N; ++c) {
      const double w = c < D ? want.d_reward_d_state[std::size_t(c)] : want.d_reward_d_action[std::size_t(c - D)];
      CHECK(double(rgrad[c]) == Approx(w).epsilon(2e-3).margin(2e-4));
    }
  }
}

}  // namespace

TEST_CASE("batch::step_jacobian_env (float duals) agrees with gym::diff's float64 Jacobians", "[batch]") {
  check_jacobian<gym::envs::CartPole>("CartPole-v1");
  check_jacobian<gym::envs::CartPoleContinuous>("CartPoleContinuous-v1");
  check_jacobian<gym::envs::MountainCarContinuous>("MountainCarContinuous-v0");
  check_jacobian<gym::envs::Pendulum>("Pendulum-v1");
  check_jacobian<gym::envs::AcrobotContinuous>("AcrobotContinuous-v1");
}

namespace {

template <class M>
void check_trajectory_gradient(const char* id, std::vector<double> state0, double gamma, int horizon) {
  INFO(id << " gamma " << gamma);
  constexpr int D = M::kStateDim, A = M::kActionDim;
  gym::Rng rng(7, 8);
  std::vector<double> actions(std::size_t(horizon) * A);
  for (double& a : actions) a = double(rng.uniform<float>(-0.8f, 0.8f));
  const auto want = gym::diff::trajectory_gradient<M>(gym::state_from_array<typename M::template State<double>>(state0.data()),
                                                      actions, typename M::Params{}, {gamma, true, {}});
  std::vector<float> s0(state0.begin(), state0.end()), af(actions.begin(), actions.end());
  std::vector<float> workspace(std::size_t(horizon) * gym::batch::trajectory_step_scalars_v<M>);
  std::vector<float> d_actions(actions.size()), d_state0(D);
  float total = 0;
  const int steps = gym::batch::trajectory_gradient_env<M>(typename M::Params{}, s0.data(), af.data(), horizon,
                                                           float(gamma), true, workspace.data(), d_actions.data(),
                                                           d_state0.data(), &total);
  CHECK(steps == want.steps);
  CHECK(double(total) == Approx(want.total_return).epsilon(1e-4));
  for (std::size_t k = 0; k < actions.size(); ++k) {
    INFO("d return / d action " << k);
    CHECK(double(d_actions[k]) == Approx(want.d_return_d_actions[k]).epsilon(5e-3).margin(1e-3));
  }
  for (int d = 0; d < D; ++d) CHECK(double(d_state0[std::size_t(d)]) == Approx(want.d_return_d_state0[std::size_t(d)]).epsilon(5e-3).margin(1e-3));
}

}  // namespace

TEST_CASE("batch::trajectory_gradient_env (float) agrees with gym::diff::trajectory_gradient", "[batch]") {
  check_trajectory_gradient<gym::envs::Pendulum>("Pendulum-v1", {2.5, 0.3}, 0.99, 40);
  check_trajectory_gradient<gym::envs::Pendulum>("Pendulum-v1", {-1.0, -2.0}, 1.0, 25);
  check_trajectory_gradient<gym::envs::CartPoleContinuous>("CartPoleContinuous-v1", {0.01, 0.02, -0.03, 0.04}, 0.95, 30);
  check_trajectory_gradient<gym::envs::MountainCarContinuous>("MountainCarContinuous-v0", {-0.5, 0.0}, 0.99, 40);
  check_trajectory_gradient<gym::envs::AcrobotContinuous>("AcrobotContinuous-v1", {0.1, -0.1, 0.2, 0.0}, 0.9, 15);
}
