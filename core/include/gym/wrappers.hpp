// Wrappers in Gymnasium's spirit: each owns the env it wraps and forwards
// what it does not change.
#pragma once

#include <chrono>
#include <deque>
#include <memory>

#include "gym/env.hpp"

namespace gym {

class Wrapper : public Env {
 public:
  explicit Wrapper(std::unique_ptr<Env> env);

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) override {
    return env_->reset(seed, options);
  }
  StepResult step(const Array& action) override { return env_->step(action); }
  Array render() override { return env_->render(); }
  std::string render_text() override { return env_->render_text(); }
  RenderMode render_mode() const override { return env_->render_mode(); }
  void set_render_mode(RenderMode mode) override { env_->set_render_mode(mode); }
  void draw(DrawList& out) const override { env_->draw(out); }
  const Space& observation_space() const override { return env_->observation_space(); }
  const Space& action_space() const override { return env_->action_space(); }
  const EnvSpec& spec() const override { return env_->spec(); }
  const EnvMetadata& metadata() const override { return env_->metadata(); }
  Env& unwrapped() override { return env_->unwrapped(); }
  const Env& unwrapped() const override { return env_->unwrapped(); }
  std::vector<std::string> state_names() const override { return env_->state_names(); }
  std::vector<double> state() const override { return env_->state(); }
  void set_state(std::span<const double> state) override { env_->set_state(state); }
  nlohmann::json state_json() const override { return env_->state_json(); }
  void set_state_json(const nlohmann::json& state) override { env_->set_state_json(state); }
  nlohmann::json transition_json(const nlohmann::json& state, const Array& action) const override {
    return env_->transition_json(state, action);
  }
  Transition transition(std::span<const double> state, const Array& action) const override {
    return env_->transition(state, action);
  }
  diff::StepJacobian jacobian(std::span<const double> state, const Array& action,
                              std::span<const std::string> wrt_params = {}) const override;
  nlohmann::json params() const override { return env_->params(); }
  void set_params(const Options& options) override { env_->set_params(options); }

  Env& inner() { return *env_; }
  const Env& inner() const { return *env_; }

 protected:
  std::unique_ptr<Env> env_;
};

// Truncates episodes after max_episode_steps steps (truncated = true on the
// step that reaches the limit), as Gymnasium's TimeLimit.
class TimeLimit final : public Wrapper {
 public:
  TimeLimit(std::unique_ptr<Env> env, int max_episode_steps);

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) override;
  StepResult step(const Array& action) override;
  std::string to_string() const override { return "TimeLimit<" + env_->to_string() + ">"; }

  int max_episode_steps() const { return max_episode_steps_; }
  int elapsed_steps() const { return elapsed_steps_; }

 private:
  int max_episode_steps_;
  int elapsed_steps_ = 0;
};

// Refuses step() before the first reset() and after an episode has ended
// (terminated or truncated), with an error saying what to do.
class OrderEnforcing final : public Wrapper {
 public:
  using Wrapper::Wrapper;

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) override;
  StepResult step(const Array& action) override;
  std::string to_string() const override { return "OrderEnforcing<" + env_->to_string() + ">"; }

  bool has_reset() const { return has_reset_; }

 private:
  bool has_reset_ = false;
  bool episode_over_ = false;
};

// Episode return, length and wall time. At the end of an episode the step's
// info gets {"episode": {"r": return, "l": length, "t": seconds}}, and the
// last `buffer_length` episodes are kept in the queues.
class RecordEpisodeStatistics final : public Wrapper {
 public:
  explicit RecordEpisodeStatistics(std::unique_ptr<Env> env, std::size_t buffer_length = 100);

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) override;
  StepResult step(const Array& action) override;
  std::string to_string() const override { return "RecordEpisodeStatistics<" + env_->to_string() + ">"; }

  const std::deque<double>& return_queue() const { return return_queue_; }
  const std::deque<int64_t>& length_queue() const { return length_queue_; }
  const std::deque<double>& time_queue() const { return time_queue_; }
  int64_t episode_count() const { return episode_count_; }

 private:
  using Clock = std::chrono::steady_clock;

  std::size_t buffer_length_;
  double episode_return_ = 0.0;
  int64_t episode_length_ = 0;
  int64_t episode_count_ = 0;
  Clock::time_point episode_start_{};
  std::deque<double> return_queue_;
  std::deque<int64_t> length_queue_;
  std::deque<double> time_queue_;
};

}  // namespace gym
