// gym::Env: the type-erased, single-environment API with Gymnasium 1.x
// semantics: reset(seed, options) -> (obs, info) and
// step(action) -> (obs, reward, terminated, truncated, info).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/array.hpp"
#include "gym/draw.hpp"
#include "gym/options.hpp"
#include "gym/render_backend.hpp"
#include "gym/spaces.hpp"

namespace gym {

namespace diff {
struct StepJacobian;  // gym/diff.hpp
}

// Gymnasium's info dict: a JSON object (empty unless a wrapper or the env
// reports something, e.g. RecordEpisodeStatistics' "episode").
using Info = nlohmann::json;

struct ResetResult {
  Array obs;
  Info info = Info::object();
};

struct StepResult {
  Array obs;
  double reward = 0.0;
  bool terminated = false;  // the MDP reached a terminal state
  bool truncated = false;   // stopped from outside the MDP (time limit)
  Info info = Info::object();
};

// A pure transition from a given physical state, with no episode bookkeeping:
// what `gym step` prints.
struct Transition {
  std::vector<double> next_state;
  Array obs;
  double reward = 0.0;
  bool terminated = false;
};

// Registration data, as Gymnasium's EnvSpec.
struct EnvSpec {
  std::string id;                          // "CartPole-v1"
  std::optional<int> max_episode_steps;    // TimeLimit applied by gym::make
  std::optional<double> reward_threshold;  // return at which the task counts as solved
  std::string reference;                   // what it reproduces, e.g. "Gymnasium 1.4 CartPole-v1"
};

struct EnvMetadata {
  std::vector<std::string> render_modes;  // what render_mode may be: "rgb_array", "human", "ansi"
  double render_fps = 0.0;
};

class Env {
 public:
  virtual ~Env() = default;

  // Starts an episode. With a seed, the environment's generator is reseeded;
  // without one it continues. Options are the env's reset options.
  virtual ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) = 0;
  // Advances one step. Throws gym::Error for an action outside action_space(),
  // a step before reset() or after the episode has ended.
  virtual StepResult step(const Array& action) = 0;
  // A frame of the current state, as Gymnasium's render() in the env's render
  // mode (chosen at make time: gym::make(id, {{"render_mode", "rgb_array"}})):
  // rgb_array returns an (H, W, 3) uint8 array; human updates the env's window
  // (also done by reset() and step()) and returns an empty array; ansi: see
  // render_text(). Throws when no render mode was chosen, before reset(), and
  // when the render layer is not linked in.
  virtual Array render();
  // The frame as text, in the ansi render mode.
  virtual std::string render_text();
  virtual RenderMode render_mode() const { return RenderMode::kNone; }
  // Chooses the render mode (gym::make does this from its render_mode option);
  // throws for a mode not in metadata().render_modes.
  virtual void set_render_mode(RenderMode mode);
  // The current frame as a draw list, whatever the render mode (the play app
  // draws it at its own scale). Throws before reset() and for envs that cannot
  // draw themselves.
  virtual void draw(DrawList& out) const;

  virtual const Space& observation_space() const = 0;
  virtual const Space& action_space() const = 0;
  virtual const EnvSpec& spec() const = 0;
  virtual const EnvMetadata& metadata() const = 0;

  // The innermost environment, below every wrapper.
  virtual Env& unwrapped() { return *this; }
  virtual const Env& unwrapped() const { return *this; }

  // Physical-state access for model environments (planning, debugging,
  // model-based agents). The default throws: not every env has a flat state.
  virtual std::vector<std::string> state_names() const;
  virtual std::vector<double> state() const;
  virtual void set_state(std::span<const double> state);
  // One step from `state` with `action`, leaving the env untouched.
  virtual Transition transition(std::span<const double> state, const Array& action) const;
  // The same step with its exact Jacobians (gym/diff.hpp), also with respect
  // to the parameters named in wrt_params; the values are bit-identical to
  // transition()'s. Model environments implement it.
  virtual diff::StepJacobian jacobian(std::span<const double> state, const Array& action,
                                      std::span<const std::string> wrt_params = {}) const;
  // The same for envs whose state is structured (grid worlds: the grid,
  // the agent, what it carries), as JSON in the env's own terms (for
  // MiniGrid envs, MiniGrid's). transition_json returns {"next_state", "obs",
  // "reward", "terminated", "truncated"}. World environments implement them.
  virtual nlohmann::json state_json() const;
  virtual void set_state_json(const nlohmann::json& state);
  virtual nlohmann::json transition_json(const nlohmann::json& state, const Array& action) const;
  // The env's parameters with units, ranges and current values.
  virtual nlohmann::json params() const;
  // Changes parameters by name in the middle of an episode (the play app's
  // sliders), with the same checks as gym::make's options; the state is kept.
  // On error nothing changes.
  virtual void set_params(const Options& options);

  // The wrapper chain, e.g. "OrderEnforcing<TimeLimit<CartPole-v1>>" for gym::make
  // (OrderEnforcing is outermost, unlike Gymnasium, so that it also sees the
  // time limit's truncation and refuses to step past it).
  virtual std::string to_string() const { return spec().id; }
};

}  // namespace gym
