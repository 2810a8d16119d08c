// bench_render: rgb_array frames per second on one core, for every drawable
// registered env: env->render() on the states of a random-policy trajectory
// (the states are collected first, so stepping is not timed), and the
// rasteriser alone into a reused buffer (no allocation per frame).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_timing.hpp"
#include "gym/policies.hpp"
#include "gym/registry.hpp"
#include "gym/render/rasteriser.hpp"

namespace {

using gym::bench::median_rate;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rgb_array frames per second on one core"};
  std::vector<std::string> ids{"CartPole-v1", "MountainCar-v0", "Pendulum-v1", "Acrobot-v1"};
  int frames = 2000, repeats = 5;
  bool as_json = false;
  app.add_option("--envs", ids, "env ids")->delimiter(',');
  app.add_option("--frames", frames, "frames per timed run")->capture_default_str();
  app.add_option("--repeats", repeats, "timed runs; the median is reported")->capture_default_str();
  app.add_flag("--json", as_json, "print JSON");
  CLI11_PARSE(app, argc, argv);

  nlohmann::json results = nlohmann::json::array();
  if (!as_json) fmt::print("{:<26} {:>10} {:>18} {:>18}\n", "env", "size", "render() fps", "rasterise fps");
  for (const auto& id : ids) {
    const auto env = gym::make(id, {{"render_mode", "rgb_array"}});
    const auto act = gym::make_policy("random", *env, 1);
    std::vector<std::vector<double>> states;
    auto obs = env->reset(1).obs;
    while (int(states.size()) < frames) {
      states.push_back(env->state());
      auto r = env->step(act(obs));
      obs = (r.terminated || r.truncated) ? env->reset().obs : r.obs;
    }
    const gym::Array first = env->render();
    const double render_fps = median_rate(frames, repeats, [&](int i) {
      env->set_state(states[std::size_t(i)]);
      const gym::Array frame = env->render();
      if (frame.size() == 0) std::abort();
    });
    gym::render::Rasteriser rasteriser;
    std::vector<gym::DrawList> lists(states.size());
    for (std::size_t i = 0; i < states.size(); ++i) {
      env->set_state(states[i]);
      env->draw(lists[i]);
    }
    std::vector<uint8_t> buffer(std::size_t(first.size()));
    const double raster_fps = median_rate(
        frames, repeats, [&](int i) { rasteriser.rasterise(lists[std::size_t(i)], 1.0f, buffer); });
    const std::string size = fmt::format("{}x{}", first.shape()[1], first.shape()[0]);
    results.push_back({{"env", id}, {"size", size}, {"render_fps", render_fps}, {"rasterise_fps", raster_fps}});
    if (!as_json) fmt::print("{:<26} {:>10} {:>18.0f} {:>18.0f}\n", id, size, render_fps, raster_fps);
  }
  if (as_json) fmt::print("{}\n", nlohmann::json{{"results", results}}.dump());
  return 0;
}
