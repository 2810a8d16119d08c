// gym::EnvBase: what the single-env executors (gym::ModelEnv, gym::WorldEnv)
// share: spec and metadata, the model's Params with the spaces derived from
// them, Gymnasium's np_random, and the render mode with its frame and window.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gym/env.hpp"
#include "gym/numpy_random.hpp"
#include "gym/render_backend.hpp"

namespace gym {

// M: the model; MakeParams: Params(Params base, const Options&, owner), which
// applies options to Params and checks the result (make_params<M> or
// make_world_params<M>).
template <class M, auto MakeParams>
class EnvBase : public Env {
 public:
  using Params = typename M::Params;
  using ObservationSpace = decltype(M::observation_space(std::declval<const Params&>()));
  using ActionSpace = decltype(M::action_space(std::declval<const Params&>()));

  const Space& observation_space() const override { return observation_space_; }
  const Space& action_space() const override { return action_space_; }
  const EnvSpec& spec() const override { return spec_; }
  const EnvMetadata& metadata() const override { return metadata_; }
  RenderMode render_mode() const override { return render_mode_; }

  // Params and spaces change together or not at all.
  void set_params(const Options& options) override {
    Params next = MakeParams(params_, options, spec_.id);  // throws before anything changes
    auto observation_space = M::observation_space(next);
    auto action_space = M::action_space(next);
    params_ = next;
    observation_space_ = std::move(observation_space);
    action_space_ = std::move(action_space);
  }

  const Params& model_params() const { return params_; }

 protected:
  EnvBase(EnvSpec spec, EnvMetadata metadata, const Params& params)
      : spec_(std::move(spec)),
        metadata_(std::move(metadata)),
        params_(MakeParams(params, {}, spec_.id)),
        observation_space_(M::observation_space(params_)),
        action_space_(M::action_space(params_)) {}

  // Gymnasium's reset(seed): a seed restarts np_random from default_rng(seed);
  // without one, the generator goes on (seeded from entropy the first time).
  NumpyRandom& seed_np_random(std::optional<uint64_t> seed) {
    if (seed) np_random_.emplace(*seed);
    else if (!np_random_) np_random_.emplace(NumpyRandom::from_entropy());
    return *np_random_;
  }

  // render() in rgb_array and human modes: draw() into the frame, then the
  // render layer turns it into pixels or a window.
  Array render_frame() {
    draw(frame_);
    return render_drawn_frame(render_mode_, spec_.id, frame_, window_, metadata_.render_fps);
  }

  // set_render_mode for an executor that supports `mode` where `supported`.
  void change_render_mode(RenderMode mode, bool supported) {
    if (!supported)
      throw Error(fmt::format("{}: render_mode={} is not supported (render modes: {})", spec_.id,
                              render_mode_name(mode),
                              metadata_.render_modes.empty() ? "none" : fmt::format("{}", fmt::join(metadata_.render_modes, ", "))));
    render_mode_ = mode;
    if (mode != RenderMode::kHuman) window_.reset();
  }

  EnvSpec spec_;
  EnvMetadata metadata_;
  Params params_;
  ObservationSpace observation_space_;
  ActionSpace action_space_;
  std::optional<NumpyRandom> np_random_;  // Gymnasium's self.np_random
  RenderMode render_mode_ = RenderMode::kNone;

 private:
  DrawList frame_;
  std::unique_ptr<RenderWindow> window_;
};

}  // namespace gym
