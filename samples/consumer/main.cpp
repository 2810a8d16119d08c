// A project outside the gym++ tree: built against an installed gym++ with
// find_package(gympp), as tests/check_install.cmake does. With the argument
// --expect-render it also requires rgb_array frames (an install that has the
// render layer must bring its SDL backend along); with --expect-gpu, the
// CUDA layer (gympp::gpu), which must answer whether a device is present
// and, without one, say so when asked for a device vector env.
#include <cstdio>
#include <cstring>

#include "gym/registry.hpp"
#include "gym/render_backend.hpp"
#if GYM_WITH_CUDA
#include "gym/gpu/device.hpp"
#include "gym/gpu/vector_env.hpp"
#endif

int main(int argc, char** argv) {
  bool expect_render = false, expect_gpu = false;
  for (int k = 1; k < argc; ++k) {
    expect_render |= std::strcmp(argv[k], "--expect-render") == 0;
    expect_gpu |= std::strcmp(argv[k], "--expect-gpu") == 0;
  }
#if GYM_WITH_CUDA
  const int devices = gym::gpu::device_count();
  std::printf("gympp::gpu linked: %d CUDA device(s)\n", devices);
  if (devices == 0) {
    try {
      gym::gpu::make_vec("CartPole-v1", 16);
      std::printf("gym::gpu::make_vec should throw without a device\n");
      return 1;
    } catch (const gym::Error& e) {
      std::printf("without a device, make_vec says: %s\n", e.what());
    }
  }
#else
  if (expect_gpu) {
    std::printf("no gympp::gpu in a program linked against a gym++ with the CUDA layer\n");
    return 1;
  }
#endif
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
