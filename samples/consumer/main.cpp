// A project outside the gym++ tree: built against an installed gym++ with
// find_package(gympp), as tests/check_install.cmake does.
#include <cstdio>

#include "gym/registry.hpp"

int main() {
  auto env = gym::make("CartPole-v1");
  auto [obs, info] = env->reset(1);
  double ret = 0;
  for (bool done = false; !done;) {
    const auto r = env->step(1);
    ret += r.reward;
    done = r.terminated || r.truncated;
  }
  std::printf("CartPole-v1, always pushing right: return %g\n", ret);
  return ret > 0 ? 0 : 1;
}
