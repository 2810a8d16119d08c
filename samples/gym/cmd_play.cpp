// `gym play`: the interactive Dear ImGui app (gym/render/play.hpp).
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gym/commands.hpp"
#include "gym/error.hpp"
#include "gym/render/play.hpp"

namespace gym::cli {

namespace {

struct PlayArgs {
  std::string id;
  std::vector<std::string> params;
  uint64_t seed = 0;
  std::string policy = "human";
  double fps = 0;
  int frames = 0;
  std::string screenshot;
  std::vector<std::string> script;
  std::string record;
  bool turn_based = false;
  bool paused = false;
  int batch = 1;
  std::string size = "1280x720";
};

std::pair<int, int> parse_size(const std::string& text) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || x != 'x')
    throw Error(fmt::format("--size must be WIDTHxHEIGHT, e.g. 1280x720, got '{}'", text));
  return {w, h};
}

}  // namespace

Command add_play_command(CLI::App& app) {
  auto args = std::make_shared<PlayArgs>();
  Command c;
  c.app = app.add_subcommand(
      "play",
      "play an environment in a window: keyboard control (see the key map shown), live plots, parameter "
      "sliders, policies, a batch view, recording; with --frames N --screenshot FILE it runs offscreen");
  c.app->add_option("id", args->id, "environment id, e.g. CartPole-v1 (see gym list)")->required();
  c.app->add_option("--param", args->params, "override a parameter: name=value (repeatable)");
  c.app->add_option("--seed", args->seed, "seed of the first reset (env i of a batch: seed + i)")
      ->capture_default_str();
  c.app->add_option("--policy", args->policy, "who acts: human, or random, noop, controller (see gym info)")
      ->capture_default_str();
  c.app->add_option("--fps", args->fps, "env steps per second (default: the env's render fps)");
  c.app->add_option("--frames", args->frames,
                    "stop after N frames (with --screenshot: N frames offscreen, one env step each; default 100)");
  c.app->add_option("--screenshot", args->screenshot,
                    "render offscreen (no display needed) and write the last frame to this PNG file");
  c.app->add_option("--script", args->script,
                    "keys to hold, frame by frame: \"Right*20 _*5 P\" holds Right 20 frames, nothing 5, then P "
                    "(SDL key names joined by '+', '_' for none; repeatable, concatenated)");
  c.app->add_option("--record", args->record,
                    "record env 0's episodes from reset(seed) to this JSON file, and the bare actions to "
                    "FILE.actions.json for `gym rollout ID --seed S --actions FILE.actions.json`");
  c.app->add_flag("--turn-based", args->turn_based, "the env steps only when an action key is pressed");
  c.app->add_flag("--paused", args->paused, "start paused");
  c.app->add_option("--batch", args->batch, fmt::format("envs stepping together, shown as tiles (1..{})",
                                                        render::kMaxBatch))
      ->capture_default_str();
  c.app->add_option("--size", args->size, "window / screenshot size in pixels")->capture_default_str();
  c.run = [args](std::ostream& out, std::ostream&) -> int {
    render::PlayConfig config;
    config.id = args->id;
    config.params = parse_params(args->params);
    config.seed = args->seed;
    config.policy = args->policy;
    config.fps = args->fps;
    config.turn_based = args->turn_based;
    config.paused = args->paused;
    config.batch = args->batch;
    config.record_path = args->record;
    std::tie(config.width, config.height) = parse_size(args->size);
    std::string script;
    for (const auto& s : args->script) script += s + " ";
    const auto keys = render::parse_key_script(script);
    if (!args->screenshot.empty()) {
      render::run_play_offscreen(config, args->frames == 0 ? 100 : args->frames, keys, args->screenshot, out);
    } else {
      render::run_play_window(config, args->frames, keys, out);
    }
    return 0;
  };
  return c;
}

}  // namespace gym::cli
