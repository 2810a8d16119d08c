// `gym play`: the interactive Dear ImGui app.
#include <fmt/format.h>

#include "gym/commands.hpp"
#include "gym/error.hpp"

namespace gym::cli {

Command add_play_command(CLI::App& app) {
  Command c;
  c.app = app.add_subcommand("play", "play an environment with the keyboard, with plots and live parameters");
  c.app->allow_extras();
  c.run = [](std::ostream&, std::ostream&) -> int {
    throw Error("gym play: not implemented yet");
  };
  return c;
}

}  // namespace gym::cli
