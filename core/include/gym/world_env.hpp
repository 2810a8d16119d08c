// Executors of world models (gym/world.hpp): gym::WorldEnv<M>, one env with
// the gym::Env interface, and gym::WorldVectorEnv<M>, N envs on CPU threads
// with Gymnasium's three autoreset modes; gym::world_factory<M> turns a world
// model into a registry entry.
//
// Seeding follows the classic executors: the single env draws from numpy's
// default_rng(seed) exactly as Gymnasium's np_random (same seed, same
// actions, same trajectory as Gymnasium where the model draws as the
// reference does); env i of a vector env draws from the Philox stream keyed
// by (seed, i), a fresh stream per episode, which its steps continue, so
// results depend on neither the thread count nor the batch split.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gym/env_base.hpp"
#include "gym/numpy_random.hpp"
#include "gym/registry.hpp"
#include "gym/render_backend.hpp"
#include "gym/rng.hpp"
#include "gym/thread_pool.hpp"
#include "gym/vector_env.hpp"
#include "gym/world.hpp"
#include "gym/world_batch.hpp"

namespace gym {

template <class M>
concept DrawableWorld = WorldModel<M> && requires(const typename M::Params& p, const typename M::State& s,
                                                  const DrawContext& ctx, DrawList& out) { M::draw(p, s, ctx, out); };
template <class M>
concept TextWorld = WorldModel<M> && requires(const typename M::Params& p, const typename M::State& s) {
  { M::render_text(p, s, 0) } -> std::convertible_to<std::string>;
};
template <class M>
concept JsonStateWorld = WorldModel<M> && requires(const typename M::Params& p, const typename M::State& s,
                                                   const nlohmann::json& j) {
  { M::state_to_json(p, s) } -> std::same_as<nlohmann::json>;
  { M::state_from_json(p, j) } -> std::same_as<typename M::State>;
};

// Options applied to a world model's Params: the model's own non-numeric
// options first (apply_option), the rest by name through for_each_param;
// then range and cross-field checks.
template <WorldModel M>
typename M::Params make_world_params(typename M::Params params, const Options& options, std::string_view owner) {
  Options rest;
  for (const auto& [name, value] : options) {
    bool handled = false;
    if constexpr (requires { M::apply_option(params, std::string_view(name), value, owner); })
      handled = M::apply_option(params, std::string_view(name), value, owner);
    if (!handled) rest.emplace(name, value);
  }
  std::vector<std::string> text_options;  // for the unknown-option error: the model's own (describe_options)
  if constexpr (requires(nlohmann::json& j) { M::describe_options(params, j); }) {
    if (!rest.empty()) {
      nlohmann::json described = nlohmann::json::array();
      M::describe_options(params, described);
      for (const auto& entry : described) text_options.push_back(entry.at("name").get<std::string>());
    }
  }
  apply_options(params, rest, [](auto& p, auto&& f) { M::for_each_param(p, f); }, owner, "option", text_options);
  check_params(params, [](const auto& p, auto&& f) { M::for_each_param(p, f); }, owner);
  if constexpr (requires { M::check(params, owner); }) M::check(params, owner);
  return params;
}

// The model's own step limit (MiniGrid's max_steps), 0 for none.
template <WorldModel M>
int world_max_steps(const typename M::Params& p) {
  if constexpr (requires { M::max_episode_steps(p); }) return int(M::max_episode_steps(p));
  else return 0;
}

// One observation as an Array of the model's dtype and shape.
template <WorldModel M>
Array world_observation(const typename M::Params& p, const typename M::State& s) {
  std::vector<typename M::Obs> obs(std::size_t(obs_size<M>(p)));
  M::observe(p, s, obs.data());
  return Array::from<typename M::Obs>(std::span<const typename M::Obs>(obs), M::obs_shape(p));
}

template <WorldModel M>
class WorldEnv final : public EnvBase<M, make_world_params<M>> {
  using Base = EnvBase<M, make_world_params<M>>;

 public:
  using Params = typename M::Params;
  using State = typename M::State;

  explicit WorldEnv(EnvSpec spec, Params params = {}, EnvMetadata metadata = {})
      : Base(std::move(spec), std::move(metadata), params) {}

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) override {
    if (!options.empty())
      throw Error(fmt::format("{}: unknown reset option '{}' (it takes none)", spec_.id, options.begin()->first));
    State s;
    M::reset(params_, s, this->seed_np_random(seed));
    state_ = s;
    ended_ = false;
    last_action_ = -1;
    step_count_ = 0;
    if (render_mode_ == RenderMode::kHuman) render();
    return {world_observation<M>(params_, s), info(nullptr)};
  }

  StepResult step(const Array& action) override {
    if (!state_) throw Error(fmt::format("{}: step() called before reset()", spec_.id));
    if (ended_)
      throw Error(fmt::format("{}: step() called after the episode ended; call reset() first", spec_.id));
    const int32_t a = checked_action(action);
    const WorldStep r = M::step(params_, *state_, a, *np_random_);
    ended_ = r.terminated || r.truncated;
    last_action_ = a;
    ++step_count_;
    if (render_mode_ == RenderMode::kHuman) render();
    return {world_observation<M>(params_, *state_), double(r.reward), r.terminated, r.truncated, info(&r)};
  }

  Array render() override {
    switch (render_mode_) {
      case RenderMode::kRgbArray:
      case RenderMode::kHuman: return this->render_frame();
      case RenderMode::kAnsi:
        throw Error(fmt::format("{}: in render_mode=ansi the frame is text: call render_text()", spec_.id));
      case RenderMode::kNone: break;
    }
    throw Error(fmt::format("{}: render() needs a render mode; make the env with render_mode=... (this env's: {})",
                            spec_.id, fmt::join(metadata_.render_modes, ", ")));
  }
  std::string render_text() override {
    if constexpr (TextWorld<M>) {
      if (render_mode_ == RenderMode::kAnsi) {
        if (!state_) throw Error(fmt::format("{}: cannot render before reset()", spec_.id));
        return M::render_text(params_, *state_, last_action_);
      }
    }
    return Env::render_text();
  }
  void set_render_mode(RenderMode mode) override {
    this->change_render_mode(mode, mode == RenderMode::kNone || (mode == RenderMode::kAnsi && TextWorld<M>) ||
                                       ((mode == RenderMode::kRgbArray || mode == RenderMode::kHuman) &&
                                        DrawableWorld<M>));
  }
  void draw(DrawList& out) const override {
    if constexpr (DrawableWorld<M>) {
      if (!state_) throw Error(fmt::format("{}: cannot draw before reset()", spec_.id));
      const double last = last_action_;
      const std::span<const double> last_span = last_action_ >= 0 ? std::span<const double>(&last, 1)
                                                                  : std::span<const double>();
      M::draw(params_, *state_, DrawContext{last_span, step_count_}, out);
    } else {
      Env::draw(out);
    }
  }

  nlohmann::json state_json() const override {
    if constexpr (JsonStateWorld<M>) {
      if (!state_) throw Error(fmt::format("{}: state_json() called before reset()", spec_.id));
      return M::state_to_json(params_, *state_);
    } else {
      return Env::state_json();
    }
  }
  void set_state_json(const nlohmann::json& state) override {
    if constexpr (JsonStateWorld<M>) {
      state_ = M::state_from_json(params_, state);
      ended_ = false;
      last_action_ = -1;
      if (!np_random_) np_random_.emplace(NumpyRandom::from_entropy());
    } else {
      Env::set_state_json(state);
    }
  }
  nlohmann::json transition_json(const nlohmann::json& state, const Array& action) const override {
    if constexpr (JsonStateWorld<M>) {
      State s = M::state_from_json(params_, state);
      const int32_t a = checked_action(action);
      // A transition from a given state draws from a generator of its own
      // (seeded 0), so it is reproducible and leaves the env untouched.
      NumpyRandom rng(0);
      const WorldStep r = M::step(params_, s, a, rng);
      nlohmann::json out;
      out["next_state"] = M::state_to_json(params_, s);
      if constexpr (requires { M::obs_json(params_, s); }) out["obs"] = M::obs_json(params_, s);
      else out["obs"] = world_observation<M>(params_, s).to_doubles();
      out["reward"] = double(r.reward);
      out["terminated"] = r.terminated;
      out["truncated"] = r.truncated;
      return out;
    } else {
      return Env::transition_json(state, action);
    }
  }
  nlohmann::json params() const override {
    nlohmann::json out = params_json(params_, [](const auto& p, auto&& f) { M::for_each_param(p, f); });
    if constexpr (requires { M::describe_options(params_, out); }) M::describe_options(params_, out);
    return out;
  }
  // The model state (for tests and tools in C++).
  const State& model_state() const {
    if (!state_) throw Error(fmt::format("{}: model_state() called before reset()", spec_.id));
    return *state_;
  }
  void set_model_state(const State& s) {
    state_ = s;
    ended_ = false;
    if (!np_random_) np_random_.emplace(NumpyRandom::from_entropy());
  }

 private:
  int32_t checked_action(const Array& action) const {
    if (auto why = action_space_.why_not_contains(action))
      throw Error(fmt::format("{}: invalid action {} for action space {}: {}", spec_.id, action.to_string(),
                              action_space_.to_string(), *why));
    return int32_t(action.element(0));
  }

  Info info(const WorldStep* step) const {
    Info out = Info::object();
    if constexpr (requires { M::info(params_, *state_, step, out); }) M::info(params_, *state_, step, out);
    return out;
  }

  using Base::action_space_;
  using Base::metadata_;
  using Base::np_random_;
  using Base::params_;
  using Base::render_mode_;
  using Base::spec_;

  std::optional<State> state_;
  bool ended_ = false;
  int32_t last_action_ = -1;  // -1: none since reset
  int64_t step_count_ = 0;
};

template <WorldModel M>
class WorldVectorEnv final : public VectorEnv {
 public:
  using Params = typename M::Params;
  using State = typename M::State;
  using Obs = typename M::Obs;

  WorldVectorEnv(EnvSpec spec, Params params, int num_envs, VectorConfig config = {})
      : spec_(std::move(spec)),
        params_(make_world_params<M>(params, {}, spec_.id)),
        config_(config),
        n_(checked_num_envs(num_envs)),
        obs_dim_(int(obs_size<M>(params_))),
        observation_space_(M::observation_space(params_)),
        action_space_(M::action_space(params_)),
        max_steps_(spec_.max_episode_steps.value_or(0)),
        pool_(config.num_threads),
        num_chunks_(env_chunk_count(pool_, n_)),
        state_(std::size_t(n_)),
        rng_(std::size_t(n_)),
        obs_(std::size_t(obs_dim_) * std::size_t(n_)),
        final_obs_(obs_.size()),
        ep_(std::size_t(n_)) {
    const uint64_t entropy = (uint64_t{std::random_device{}()} << 32) | std::random_device{}();
    for (int i = 0; i < n_; ++i) ep_.key[std::size_t(i)] = env_key(entropy, uint64_t(i));
    static_cast<EpisodeView&>(view_) = ep_.view();
    view_.error = nullptr;  // actions are checked before stepping
    view_.n = n_;
    view_.obs_dim = obs_dim_;
    view_.max_steps = max_steps_;
    view_.mode = config_.autoreset_mode;
    view_.params = params_;
    view_.state = state_.data();
    view_.rng = rng_.data();
    view_.obs = obs_.data();
    view_.final_obs = final_obs_.data();
  }
  WorldVectorEnv(const WorldVectorEnv&) = delete;  // the view points into this object's arrays
  WorldVectorEnv& operator=(const WorldVectorEnv&) = delete;

  int num_envs() const override { return n_; }
  int num_threads() const override { return pool_.size(); }
  int obs_dim() const override { return obs_dim_; }
  int action_dim() const override { return 1; }
  AutoresetMode autoreset_mode() const override { return config_.autoreset_mode; }
  const Space& single_observation_space() const override { return observation_space_; }
  const Space& single_action_space() const override { return action_space_; }
  const EnvSpec& spec() const override { return spec_; }
  const Params& params() const { return params_; }

  DType observation_dtype() const override { return dtype_of<Obs>(); }
  Shape single_observation_shape() const override { return M::obs_shape(params_); }
  std::span<const std::byte> observation_bytes() const override { return std::as_bytes(std::span(obs_)); }
  std::span<const std::byte> final_observation_bytes() const override {
    return std::as_bytes(std::span(final_obs_));
  }
  std::span<const float> observations() const override { throw not_float(); }
  std::span<const float> final_observations() const override { throw not_float(); }
  std::span<const float> rewards() const override { return ep_.reward; }
  std::span<const uint8_t> terminated() const override { return ep_.terminated; }
  std::span<const uint8_t> truncated() const override { return ep_.truncated; }
  std::span<const uint8_t> has_final_observation() const override { return ep_.has_final; }
  std::span<const float> episode_returns() const override { return ep_.ep_return; }
  std::span<const int32_t> episode_lengths() const override { return ep_.ep_length; }

  void reset(std::optional<uint64_t> seed = std::nullopt, std::span<const uint8_t> mask = {}) override {
    check_reset_mask(spec_.id, mask, n_);
    for_each_env_chunk(pool_, n_, num_chunks_, [&](int b, int e) {
      for (int i = b; i < e; ++i)
        if (mask.empty() || mask[std::size_t(i)]) world_batch::seed_env(view_, i, seed.has_value(), seed.value_or(0));
    });
    started_ = true;
  }

  using VectorEnv::step;
  void step(std::span<const int32_t> actions) override {
    if (!started_) throw Error(fmt::format("{}: step() called before reset()", spec_.id));
    check_discrete_actions(spec_.id, action_space_, actions, n_);
    if (config_.autoreset_mode == AutoresetMode::kDisabled) check_none_ended(spec_.id, ep_.ended);
    for_each_env_block(pool_, n_, num_chunks_, [&](int b, int e) {
      for (int i = b; i < e; ++i) world_batch::step_env(view_, i, actions[std::size_t(i)]);
    });
  }

  void draw(int i, DrawList& out) const override {
    if constexpr (DrawableWorld<M>) {
      if (!started_) throw Error(fmt::format("{}: cannot draw before reset()", spec_.id));
      if (i < 0 || i >= n_) throw Error(fmt::format("{}: env index {} is outside 0..{}", spec_.id, i, n_ - 1));
      M::draw(params_, state_[std::size_t(i)], DrawContext{{}, ep_.steps[std::size_t(i)]}, out);
    } else {
      VectorEnv::draw(i, out);
    }
  }

  // The model state of env i (for tests and debugging).
  const State& state(int i) const { return state_.at(std::size_t(i)); }

 protected:
  // Each chunk's actions drawn on its thread before its blocks step.
  void step_with_random_actions(uint64_t seed, uint64_t k) override {
    if (!started_) throw Error(fmt::format("{}: step_random() called before reset()", spec_.id));
    if (config_.autoreset_mode == AutoresetMode::kDisabled) check_none_ended(spec_.id, ep_.ended);
    for_each_env_block(
        pool_, n_, num_chunks_,
        [&](int b, int e) {
          for (int i = b; i < e; ++i) world_batch::step_env(view_, i, random_int_[std::size_t(i)]);
        },
        [&](int b, int e) { draw_random_actions(seed, k, b, e); });
  }

 private:
  Error not_float() const {
    return Error(fmt::format("{}: observations are {} of shape {}, not float32: read them with "
                             "observations_as<{}>() or observation_array()",
                             spec_.id, dtype_name(dtype_of<Obs>()), shape_string(M::obs_shape(params_)),
                             std::is_same_v<Obs, uint8_t> ? "uint8_t" : "int64_t"));
  }

  int checked_num_envs(int n) const {
    if (n < 1) throw Error(fmt::format("{}: num_envs must be >= 1, got {}", spec_.id, n));
    return n;
  }

  EnvSpec spec_;
  Params params_;
  VectorConfig config_;
  int n_;
  int obs_dim_;
  decltype(M::observation_space(std::declval<const Params&>())) observation_space_;
  Discrete action_space_;
  int32_t max_steps_;
  ThreadPool pool_;
  int num_chunks_;
  bool started_ = false;
  AlignedVector<State> state_;  // cache-line aligned, as ModelVectorEnv's arrays: threads split them at 64 envs
  AlignedVector<Rng> rng_;
  AlignedVector<Obs> obs_, final_obs_;
  EpisodeArrays ep_;  // per-env results, episode statistics and streams
  world_batch::View<M> view_;  // the arrays above, for world_batch's reset and step
};

// The registry entry of world model M.
template <WorldModel M>
EnvFactory world_factory(EnvSpec spec, typename M::Params defaults = {}, EnvMetadata metadata = {}) {
  EnvFactory f;
  f.spec = std::move(spec);
  f.metadata = std::move(metadata);
  if (f.metadata.render_modes.empty()) {
    if constexpr (DrawableWorld<M>) f.metadata.render_modes = {"human", "rgb_array"};
    if constexpr (TextWorld<M>) f.metadata.render_modes.push_back("ansi");
  }
  f.make_env = [defaults, md = f.metadata](const EnvSpec& s, const Options& o) -> std::unique_ptr<Env> {
    return std::make_unique<WorldEnv<M>>(s, make_world_params<M>(defaults, o, s.id), md);
  };
  f.make_vector = [defaults](const EnvSpec& s, int n, VectorConfig c, const Options& o) -> std::unique_ptr<VectorEnv> {
    return std::make_unique<WorldVectorEnv<M>>(s, make_world_params<M>(defaults, o, s.id), n, c);
  };
  f.describe = [defaults, id = f.spec.id](const Options& o) {
    const auto p = make_world_params<M>(defaults, o, id);
    nlohmann::json out;
    out["params"] = params_json(p, [](const auto& q, auto&& fn) { M::for_each_param(q, fn); });
    if constexpr (requires { M::describe_options(p, out["params"]); }) M::describe_options(p, out["params"]);
    out["state"] = JsonStateWorld<M> ? "a JSON object (gym step reads and writes it)" : "not exposed";
    out["observation_space"] = M::observation_space(p).to_json();
    out["action_space"] = M::action_space(p).to_json();
    return out;
  };
  if constexpr (requires(const typename M::Params& p) {
                  { M::tabulate(p) } -> std::same_as<TabularMdp>;
                })
    f.tabulate = [defaults, id = f.spec.id](const Options& o) {
      return M::tabulate(make_world_params<M>(defaults, o, id));
    };
  return f;
}

template <WorldModel M>
void register_world(EnvSpec spec, typename M::Params defaults = {}, EnvMetadata metadata = {}) {
  registry().add(world_factory<M>(std::move(spec), defaults, std::move(metadata)));
}

}  // namespace gym
