// Subcommands of the `gym` tool that live in their own files (the render
// layer's commands, which need SDL2, and `gym transitions`). Each registers
// itself on the app and returns what runs it once the command line is parsed.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "gym/options.hpp"

namespace gym::cli {

// --param name=value texts to options; a name given twice is an error.
Options parse_params(const std::vector<std::string>& params);

struct Command {
  CLI::App* app = nullptr;
  std::function<int(std::ostream& out, std::ostream& err)> run;
};

// `gym render ID --seed S --steps N --policy P --out file.png|file.gif|file.mp4`
// (samples/gym/cmd_render.cpp).
Command add_render_command(CLI::App& app);
// `gym play ID` (samples/gym/cmd_play.cpp).
Command add_play_command(CLI::App& app);
// `gym transitions ID` (samples/gym/cmd_transitions.cpp).
Command add_transitions_command(CLI::App& app);

}  // namespace gym::cli
