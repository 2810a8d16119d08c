// `gym render`: an episode to PNG frames, a GIF or an MP4.
#include <fmt/format.h>

#include "gym/commands.hpp"
#include "gym/error.hpp"

namespace gym::cli {

Command add_render_command(CLI::App& app) {
  Command c;
  c.app = app.add_subcommand("render", "render an episode to file.png, file.gif or file.mp4");
  c.app->allow_extras();
  c.run = [](std::ostream&, std::ostream&) -> int {
    throw Error("gym render: not implemented yet");
  };
  return c;
}

}  // namespace gym::cli
