// A project outside the gym++ tree: built against an installed gym++ with
// find_package(gympp), as tests/check_install.cmake does. With the argument
// --expect-render it also requires rgb_array frames (an install that has the
// render layer must bring its SDL backend along).
#include <cstdio>
#include <cstring>

#include "gym/registry.hpp"
#include "gym/render_backend.hpp"

int main(int argc, char** argv) {
  const bool expect_render = argc > 1 && std::strcmp(argv[1], "--expect-render") == 0;
  auto env = gym::make("CartPole-v1", {{"render_mode", "rgb_array"}});
  auto [obs, info] = env->reset(1);
  double ret = 0;
  for (bool done = false; !done;) {
    const auto r = env->step(1);
    ret += r.reward;
    done = r.terminated || r.truncated;
  }
  std::printf("CartPole-v1, always pushing right: return %g\n", ret);
  if (gym::render_backend()) {
    const gym::Array frame = env->render();
    std::printf("rgb_array frame %s from %s\n", gym::shape_string(frame.shape()).c_str(),
                gym::render_backend()->name().c_str());
    if (frame.shape() != gym::Shape{400, 600, 3}) return 1;
  } else if (expect_render) {
    std::printf("no render backend in a program linked against a gym++ with the render layer\n");
    return 1;
  }
  return ret > 0 ? 0 : 1;
}
