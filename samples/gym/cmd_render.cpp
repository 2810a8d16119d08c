// `gym render`: an episode under a named policy, to an image or a video.
//   gym render CartPole-v1 --policy controller --steps 200 --out cartpole.gif
// .png writes the final frame; .gif, .mp4 and frames/%04d.png every frame
// (the first after reset, then one per step).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "gym/commands.hpp"
#include "gym/error.hpp"
#include "gym/policies.hpp"
#include "gym/registry.hpp"
#include "gym/render/image.hpp"
#include "gym/spaces.hpp"
#include "gym/vector_env.hpp"

namespace gym::cli {

namespace {

struct RenderArgs {
  std::string id;
  std::vector<std::string> params;
  uint64_t seed = 0;
  int steps = 1000;
  std::string policy = "random";
  std::string out;
  double fps = 0;  // 0: the env's render_fps
  float scale = 1.0f;
  bool keep_going = false;
  int envs = 0;  // 0: one env, not a vector env
  int columns = 0;
};

// Where the frames go: the final one to a PNG, or all of them to a video.
class FrameSink {
 public:
  FrameSink(std::filesystem::path path, double fps) : path_(std::move(path)), fps_(fps) {
    std::string ext = path_.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    png_ = ext == ".png" && path_.filename().string().find('%') == std::string::npos;
    if (!png_ && ext != ".gif" && ext != ".mp4" && ext != ".png")
      throw Error(fmt::format("--out '{}': unknown format '{}'; supported: .png (the final frame), {}", path_.string(),
                              ext.empty() ? "(no extension)" : ext, render::VideoWriter::supported_formats()));
  }

  void add(Array frame) {
    ++frames_;
    if (png_) {
      last_ = std::move(frame);
      return;
    }
    if (!video_.is_open()) video_.open(path_, int(frame.shape()[1]), int(frame.shape()[0]), fps_);
    video_.add_frame(frame);
    shape_ = frame.shape();
  }

  // Writes the file; returns a description of what was written.
  std::string finish() {
    if (png_) {
      render::write_png(path_, last_);
      return fmt::format("wrote {}: the final frame (of {}), {}x{}", path_.string(), frames_, last_.shape()[1],
                         last_.shape()[0]);
    }
    video_.close();
    return fmt::format("wrote {}: {} frames, {}x{}, {} fps", path_.string(), frames_, shape_[1], shape_[0], fps_);
  }

 private:
  std::filesystem::path path_;
  double fps_;
  bool png_ = false;
  int frames_ = 0;
  Array last_;
  Shape shape_;
  render::VideoWriter video_;
};

Options env_options(const RenderArgs& a) {
  Options options = parse_params(a.params);
  if (options.contains("render_mode"))
    throw Error("--param render_mode: gym render renders rgb_array frames itself; leave render_mode out");
  return options;
}

double frame_rate(const RenderArgs& a, const Env& env) {
  if (a.fps != 0) return a.fps;
  return env.metadata().render_fps > 0 ? env.metadata().render_fps : 30.0;
}

void check_args(const RenderArgs& a) {
  if (a.steps < 0) throw Error(fmt::format("--steps must be >= 0, got {}", a.steps));
  if (a.fps < 0 || !std::isfinite(a.fps)) throw Error(fmt::format("--fps must be positive, got {}", a.fps));
  if (!(a.scale > 0) || !std::isfinite(a.scale) || a.scale > 16)
    throw Error(fmt::format("--scale must be in (0, 16], got {}", a.scale));
  if (a.envs < 0) throw Error(fmt::format("--envs must be >= 1, got {}", a.envs));
  if (a.columns < 0) throw Error(fmt::format("--columns must be >= 0, got {}", a.columns));
  if (a.columns > 0 && a.envs == 0) throw Error("--columns needs --envs N");
  if (a.envs > 0 && a.scale != 1.0f) throw Error("--scale is not available with --envs (tiles are drawn at scale 1)");
  if (a.envs > 0 && a.keep_going) throw Error("--continue is implied by --envs (each env resets itself)");
}

// One env: reset(seed), then at most `steps` steps, stopping at the episode's
// end unless --continue.
int render_episode(const RenderArgs& a, std::ostream& out) {
  Options options = env_options(a);
  options.emplace("render_mode", "rgb_array");
  const auto env = make(a.id, options);
  const PolicyFn act = make_policy(a.policy, *env, a.seed);
  FrameSink sink(a.out, frame_rate(a, *env));
  const auto frame = [&] {
    if (a.scale == 1.0f) return env->render();
    DrawList list;
    env->draw(list);
    return require_render_backend("gym render").rasterise(list, a.scale);
  };

  Array obs = env->reset(a.seed).obs;
  sink.add(frame());
  int steps = 0, episodes = 1;
  double total = 0;
  bool ended = false;
  while (steps < a.steps) {
    StepResult r = env->step(act(obs));
    ++steps;
    total += r.reward;
    obs = std::move(r.obs);
    sink.add(frame());
    ended = r.terminated || r.truncated;
    if (!ended) continue;
    if (!a.keep_going || steps == a.steps) break;
    obs = env->reset().obs;
    sink.add(frame());
    ++episodes;
    ended = false;
  }
  fmt::print(out, "{} ({}, {} policy, seed {}: {} steps, {} episode{}, return {:.2f}{})\n", sink.finish(), a.id,
             a.policy, a.seed, steps, episodes, episodes == 1 ? "" : "s", total,
             ended ? "" : ", stopped by --steps");
  return 0;
}

// --envs N: a vector env (autoreset) stepped `steps` times, each frame the N
// envs tiled into one image.
int render_vector(const RenderArgs& a, std::ostream& out) {
  const Options options = env_options(a);
  const auto single = make(a.id, options);
  const auto venv = make_vec(a.id, a.envs, {}, options);
  std::vector<PolicyFn> policies;
  for (int i = 0; i < a.envs; ++i) policies.push_back(make_policy(a.policy, *single, a.seed + uint64_t(i)));
  const bool discrete = dynamic_cast<const Discrete*>(&venv->single_action_space()) != nullptr;
  const int obs_dim = venv->obs_dim();
  FrameSink sink(a.out, frame_rate(a, *single));

  venv->reset(a.seed);
  sink.add(venv->render_tiled(a.columns));
  std::vector<int32_t> discrete_actions;
  std::vector<float> box_actions;
  for (int t = 0; t < a.steps; ++t) {
    discrete_actions.clear();
    box_actions.clear();
    // Any observation dtype (grid worlds' are uint8), each env's as a float64 array for its policy.
    const std::vector<double> obs = venv->observation_array().to_doubles();
    for (int i = 0; i < a.envs; ++i) {
      const Array o = Array::from<double>(
          std::span<const double>(obs).subspan(std::size_t(i) * std::size_t(obs_dim), std::size_t(obs_dim)),
          venv->single_observation_shape());
      const Array action = policies[std::size_t(i)](o);
      if (discrete) {
        discrete_actions.push_back(int32_t(action.element(0)));
      } else {
        for (int64_t k = 0; k < action.size(); ++k) box_actions.push_back(float(action.element(k)));
      }
    }
    if (discrete) venv->step(std::span<const int32_t>(discrete_actions));
    else venv->step(std::span<const float>(box_actions));
    sink.add(venv->render_tiled(a.columns));
  }
  fmt::print(out, "{} ({} x {}, {} policy, seed {}, {} steps)\n", sink.finish(), a.envs, a.id, a.policy, a.seed,
             a.steps);
  return 0;
}

}  // namespace

Command add_render_command(CLI::App& app) {
  auto a = std::make_shared<RenderArgs>();
  Command c;
  c.app = app.add_subcommand("render",
                             "run an episode under a policy and write it to file.png (the final frame), file.gif, "
                             "file.mp4 (needs ffmpeg) or frames/%04d.png");
  c.app->add_option("id", a->id, "environment id, e.g. CartPole-v1 (see gym list)")->required();
  c.app->add_option("--param", a->params, "override a parameter: name=value (repeatable)");
  c.app->add_option("--seed", a->seed, "seed of the reset and of the policy")->capture_default_str();
  c.app->add_option("--steps", a->steps, "steps at most; the episode's end stops earlier")->capture_default_str();
  c.app->add_option("--policy", a->policy, "policy: random, noop or controller (see gym info)")->capture_default_str();
  c.app->add_option("--out", a->out, "output: file.png, file.gif, file.mp4 or frames/%04d.png")->required();
  c.app->add_option("--fps", a->fps, "frames per second of the video (default: the env's render fps)");
  c.app->add_option("--scale", a->scale, "frame size factor (sharp vector drawing, not resampling)")
      ->capture_default_str();
  c.app->add_flag("--continue", a->keep_going, "reset at the episode's end and go on until --steps");
  c.app->add_option("--envs", a->envs, "render N envs of a vector env (autoreset), tiled into one image");
  c.app->add_option("--columns", a->columns, "with --envs: tiles per row (default: as square as possible)");
  c.run = [a](std::ostream& out, std::ostream&) -> int {
    check_args(*a);
    return a->envs > 0 ? render_vector(*a, out) : render_episode(*a, out);
  };
  return c;
}

}  // namespace gym::cli
