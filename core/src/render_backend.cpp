#include "gym/render_backend.hpp"

#include <atomic>

#include <fmt/format.h>

#include "gym/error.hpp"

namespace gym {

namespace {
constinit std::atomic<const RenderBackend*> g_backend{nullptr};
}

std::string_view render_mode_name(RenderMode mode) {
  switch (mode) {
    case RenderMode::kRgbArray: return "rgb_array";
    case RenderMode::kHuman: return "human";
    case RenderMode::kAnsi: return "ansi";
    case RenderMode::kNone: break;
  }
  return "none";
}

RenderMode parse_render_mode(std::string_view name, std::string_view owner) {
  if (name == "rgb_array") return RenderMode::kRgbArray;
  if (name == "human") return RenderMode::kHuman;
  if (name == "ansi") return RenderMode::kAnsi;
  throw Error(fmt::format("{}: unknown render_mode '{}' (known: rgb_array, human, ansi)", owner, name));
}

const RenderBackend* render_backend() { return g_backend.load(std::memory_order_acquire); }

const RenderBackend& require_render_backend(std::string_view who) {
  if (const RenderBackend* b = render_backend()) return *b;
  throw Error(fmt::format(
      "{}: rendering needs the render layer, which is not in this program (it is built where SDL2 is found: "
      "apt-get install libsdl2-dev, then link gympp::render)",
      who));
}

void set_render_backend(const RenderBackend* backend) { g_backend.store(backend, std::memory_order_release); }

Array render_drawn_frame(RenderMode mode, std::string_view who, const DrawList& frame,
                         std::unique_ptr<RenderWindow>& window, double fps) {
  const RenderBackend& backend = require_render_backend(who);
  if (mode == RenderMode::kRgbArray) return backend.rasterise(frame);
  if (!window) window = backend.open_window(std::string(who), frame.width(), frame.height(), fps);
  window->show(frame);
  return Array();
}

}  // namespace gym
