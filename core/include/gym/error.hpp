// The one exception type of gym++: every public entry point reports bad input
// by throwing gym::Error with a message that names the problem.
#pragma once

#include <stdexcept>
#include <string>

namespace gym {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace gym
