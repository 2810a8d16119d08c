// gym::ModelEnv<M>: the single-environment executor. It holds the episode
// state of one model instance in float64 (the reference precision) and gives
// it the gym::Env interface.
//
// Seeding is Gymnasium's: reset(seed=s) draws the initial state from numpy's
// default_rng(s) (SeedSequence + PCG64) exactly as Gymnasium's env does, so
// the same seed and actions give the same trajectory in both; a reset without
// a seed continues that generator. (The vector and GPU executors use the
// counter-based Philox generator instead, keyed by seed and env index.)
//
// Continuous actions: an array of kActionDim numbers (any numeric dtype; a
// scalar when kActionDim is 1), converted to float64. NaN and infinity are
// errors; finite values outside the action space are clipped by the model
// as Gymnasium's env clips them. The result is what Gymnasium computes for
// a float64 action array (a float32 array there rounds some intermediate
// results to float32).
#pragma once

#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include <fmt/format.h>

#include "gym/diff.hpp"
#include "gym/env_base.hpp"
#include "gym/float32.hpp"
#include "gym/model.hpp"
#include "gym/numpy_random.hpp"
#include "gym/render_backend.hpp"

namespace gym {

template <SteppableModel M>
class ModelEnv final : public EnvBase<M, make_params<M>> {
  using Base = EnvBase<M, make_params<M>>;

 public:
  using Params = typename M::Params;
  using State = typename M::template State<double>;

  explicit ModelEnv(EnvSpec spec, Params params = {}, EnvMetadata metadata = {})
      : Base(std::move(spec), std::move(metadata), params) {}

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) override {
    const auto reset_options = make_reset_options<M>(options, spec_.id);
    NumpyRandom& np_random = this->seed_np_random(seed);
    state_ = M::template reset<double>(params_, reset_options, np_random);
    terminated_ = false;
    has_last_action_ = false;
    step_count_ = 0;
    if (render_mode_ == RenderMode::kHuman) render();
    return {observe(*state_), Info::object()};
  }

  StepResult step(const Array& action) override {
    if (!state_) throw Error(fmt::format("{}: step() called before reset()", spec_.id));
    if (terminated_)
      throw Error(fmt::format("{}: step() called after the episode terminated; call reset() first", spec_.id));
    const auto out = model_step(*state_, action);
    state_ = out.state;
    terminated_ = out.terminated;
    ++step_count_;
    if constexpr (DrawableModel<M>) {
      for (int k = 0; k < action_dim_v<M>; ++k) last_action_[std::size_t(k)] = action.element(k);
      has_last_action_ = true;
    }
    if (render_mode_ == RenderMode::kHuman) render();
    return {observe(out.state), double(out.reward), out.terminated, false, Info::object()};
  }

  Array render() override {
    switch (render_mode_) {
      case RenderMode::kRgbArray:
      case RenderMode::kHuman: return this->render_frame();
      case RenderMode::kAnsi: return Env::render();  // not a mode of model envs (set_render_mode refuses it)
      case RenderMode::kNone: break;
    }
    throw Error(fmt::format("{}: render() needs a render mode; make the env with render_mode={} (e.g. "
                            "gym::make(\"{}\", {{{{\"render_mode\", \"rgb_array\"}}}}))",
                            spec_.id, DrawableModel<M> ? "rgb_array or human" : "(none: this env cannot draw)",
                            spec_.id));
  }
  void set_render_mode(RenderMode mode) override {
    this->change_render_mode(mode, mode == RenderMode::kNone || (mode != RenderMode::kAnsi && DrawableModel<M>));
  }
  void draw(DrawList& out) const override {
    if constexpr (DrawableModel<M>) {
      if (!state_) throw Error(fmt::format("{}: cannot draw before reset()", spec_.id));
      const std::span<const double> last =
          has_last_action_ ? std::span<const double>(last_action_) : std::span<const double>();
      M::draw(*state_, params_, DrawContext{last, step_count_}, out);
    } else {
      Env::draw(out);
    }
  }

  std::vector<std::string> state_names() const override { return {M::kStateNames.begin(), M::kStateNames.end()}; }
  std::vector<double> state() const override {
    if (!state_) throw Error(fmt::format("{}: state() called before reset()", spec_.id));
    std::vector<double> out(M::kStateDim);
    state_to_array(*state_, out.data());
    return out;
  }
  void set_state(std::span<const double> state) override {
    state_ = checked_state(state);
    terminated_ = false;
  }
  Transition transition(std::span<const double> state, const Array& action) const override {
    const auto out = model_step(checked_state(state), action);
    Transition t;
    t.next_state.resize(M::kStateDim);
    state_to_array(out.state, t.next_state.data());
    t.obs = observe(out.state);
    t.reward = double(out.reward);
    t.terminated = out.terminated;
    return t;
  }
  diff::StepJacobian jacobian(std::span<const double> state, const Array& action,
                              std::span<const std::string> wrt_params = {}) const override {
    const State s = checked_state(state);
    if constexpr (M::kDiscrete) {
      check_discrete_action(action);
      return diff::jacobian<M>(s, int32_t(action.element(0)), params_, wrt_params);
    } else {
      const auto a = continuous_action(action);
      return diff::jacobian<M>(s, std::span<const double>(a), params_, wrt_params);
    }
  }
  nlohmann::json params() const override {
    return params_json(params_, [](const auto& p, auto&& f) { M::for_each_param(p, f); });
  }

 private:
  using Base::action_space_;
  using Base::params_;
  using Base::render_mode_;
  using Base::spec_;

  State checked_state(std::span<const double> state) const {
    if (state.size() != std::size_t(M::kStateDim))
      throw Error(fmt::format("{}: a state has {} values ({}), got {}", spec_.id, M::kStateDim,
                              fmt::join(M::kStateNames, ", "), state.size()));
    for (std::size_t i = 0; i < state.size(); ++i)
      if (!std::isfinite(state[i]))
        throw Error(fmt::format("{}: state value {} ({}) is not finite: {}", spec_.id, i, M::kStateNames[i], state[i]));
    return state_from_array<State>(state.data());
  }

  auto model_step(const State& state, const Array& action) const {
    if constexpr (M::kDiscrete) {
      check_discrete_action(action);
      return M::template step<double>(state, int32_t(action.element(0)), params_);
    } else {
      const auto a = continuous_action(action);
      return M::template step<double>(state, a.data(), params_);
    }
  }

  void check_discrete_action(const Array& action) const {
    if (auto why = action_space_.why_not_contains(action))
      throw Error(fmt::format("{}: invalid action {} for action space {}: {}", spec_.id, action.to_string(),
                              action_space_.to_string(), *why));
  }

  std::array<double, action_dim_v<M>> continuous_action(const Array& action) const {
    constexpr int kA = action_dim_v<M>;
    const bool shape_ok = action.shape() == Shape{kA} || (kA == 1 && action.ndim() == 0);
    if (!shape_ok)
      throw Error(fmt::format("{}: an action is {} number{} (shape ({},)) for action space {}, got shape {}",
                              spec_.id, kA, kA == 1 ? "" : "s", kA, action_space_.to_string(),
                              shape_string(action.shape())));
    if (action.dtype() == DType::kBool)
      throw Error(fmt::format("{}: an action must be numeric, got a bool array", spec_.id));
    std::array<double, kA> a;
    for (int i = 0; i < kA; ++i) {
      a[i] = action.element(i);
      if (!std::isfinite(a[i]))
        throw Error(fmt::format("{}: action value {} is not finite: {} (action space {})", spec_.id, i, a[i],
                                action_space_.to_string()));
    }
    return a;
  }

  // Gymnasium's observations are float32 copies of the float64 state.
  Array observe(const State& s) const {
    std::array<double, M::kObsDim> obs;
    M::template observe<double>(s, params_, obs.data());
    std::array<float, M::kObsDim> obs32;
    for (int i = 0; i < M::kObsDim; ++i) obs32[i] = to_float32(obs[i]);
    return Array::from<float>(std::span<const float>(obs32), Shape{M::kObsDim});
  }

  std::optional<State> state_;
  bool terminated_ = false;
  // For draw().
  std::array<double, action_dim_v<M>> last_action_{};  // without an allocation per step
  bool has_last_action_ = false;                       // none right after reset
  int64_t step_count_ = 0;
};

}  // namespace gym
