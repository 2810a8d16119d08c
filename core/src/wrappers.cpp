#include "gym/wrappers.hpp"

#include "gym/diff.hpp"

#include <cmath>

#include <fmt/format.h>

namespace gym {

diff::StepJacobian Wrapper::jacobian(std::span<const double> state, const Array& action,
                                     std::span<const std::string> wrt_params) const {
  return env_->jacobian(state, action, wrt_params);
}

Wrapper::Wrapper(std::unique_ptr<Env> env) : env_(std::move(env)) {
  if (!env_) throw Error("gym::Wrapper: the wrapped env is null");
}

TimeLimit::TimeLimit(std::unique_ptr<Env> env, int max_episode_steps)
    : Wrapper(std::move(env)), max_episode_steps_(max_episode_steps) {
  if (max_episode_steps <= 0)
    throw Error(fmt::format("{}: max_episode_steps must be > 0, got {}", spec().id, max_episode_steps));
}

ResetResult TimeLimit::reset(std::optional<uint64_t> seed, const Options& options) {
  ResetResult out = env_->reset(seed, options);  // a reset that throws leaves the episode as it was
  elapsed_steps_ = 0;
  return out;
}

StepResult TimeLimit::step(const Array& action) {
  StepResult out = env_->step(action);
  if (++elapsed_steps_ >= max_episode_steps_) out.truncated = true;
  return out;
}

ResetResult OrderEnforcing::reset(std::optional<uint64_t> seed, const Options& options) {
  ResetResult out = env_->reset(seed, options);
  has_reset_ = true;
  episode_over_ = false;
  return out;
}

StepResult OrderEnforcing::step(const Array& action) {
  if (!has_reset_) throw Error(fmt::format("{}: step() called before reset()", spec().id));
  if (episode_over_)
    throw Error(fmt::format("{}: step() called after the episode ended (terminated or truncated); call reset() first",
                            spec().id));
  StepResult out = env_->step(action);
  episode_over_ = out.terminated || out.truncated;
  return out;
}

RecordEpisodeStatistics::RecordEpisodeStatistics(std::unique_ptr<Env> env, std::size_t buffer_length)
    : Wrapper(std::move(env)), buffer_length_(buffer_length) {
  if (buffer_length == 0) throw Error(fmt::format("{}: RecordEpisodeStatistics needs buffer_length > 0", spec().id));
}

ResetResult RecordEpisodeStatistics::reset(std::optional<uint64_t> seed, const Options& options) {
  ResetResult out = env_->reset(seed, options);
  episode_return_ = 0.0;
  episode_length_ = 0;
  episode_start_ = Clock::now();
  return out;
}

StepResult RecordEpisodeStatistics::step(const Array& action) {
  StepResult out = env_->step(action);
  episode_return_ += out.reward;
  ++episode_length_;
  if (out.terminated || out.truncated) {
    const double seconds = std::chrono::duration<double>(Clock::now() - episode_start_).count();
    out.info["episode"] = {{"r", episode_return_}, {"l", episode_length_}, {"t", std::round(seconds * 1e6) / 1e6}};
    auto push = [this](auto& queue, auto value) {
      queue.push_back(value);
      if (queue.size() > buffer_length_) queue.pop_front();
    };
    push(return_queue_, episode_return_);
    push(length_queue_, episode_length_);
    push(time_queue_, seconds);
    ++episode_count_;
  }
  return out;
}

}  // namespace gym
