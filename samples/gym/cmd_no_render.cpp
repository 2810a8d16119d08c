// `gym render` and `gym play` in a build without the render layer (no SDL2):
// the commands exist and say why they cannot run.
#include "gym/commands.hpp"
#include "gym/error.hpp"

namespace gym::cli {

namespace {
Command unavailable(CLI::App& app, const char* name, const char* doc) {
  Command c;
  c.app = app.add_subcommand(name, doc);
  c.app->allow_extras();
  c.run = [name](std::ostream&, std::ostream&) -> int {
    throw Error(std::string("gym ") + name +
                ": this build has no render layer (SDL2, Dear ImGui, stb or giflib was not found when it was "
                "configured; apt-get install libsdl2-dev libimgui-dev libstb-dev libgif-dev and rebuild)");
  };
  return c;
}
}  // namespace

Command add_render_command(CLI::App& app) { return unavailable(app, "render", "render an episode (needs SDL2)"); }
Command add_play_command(CLI::App& app) { return unavailable(app, "play", "play an environment (needs SDL2)"); }

}  // namespace gym::cli
