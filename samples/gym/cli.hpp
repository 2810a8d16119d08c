// The `gym` command line tool as a function, so that any program linking
// gym++ (with its own registered environments) can expose the same commands.
#pragma once

#include <iostream>
#include <string>
#include <vector>

namespace gym::cli {

// Runs one command line (args[0] is the program name). Returns the exit code.
int run(const std::vector<std::string>& args, std::istream& in = std::cin, std::ostream& out = std::cout,
        std::ostream& err = std::cerr);

}  // namespace gym::cli
