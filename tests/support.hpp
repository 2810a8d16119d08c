// Small helpers shared by the test files.
#pragma once

#include <string>

#include "gym/error.hpp"

namespace gym::test {

// The message of the gym::Error that `fn` throws ("" if it throws none).
template <class F>
std::string error_of(F&& fn) {
  try {
    fn();
  } catch (const gym::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace gym::test
