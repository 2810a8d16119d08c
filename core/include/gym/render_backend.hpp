// The seam between core/ and the render layer: core describes frames as draw
// lists (gym/draw.hpp); a backend turns them into RGB arrays and windows. The
// SDL2 layer (gympp::render) installs itself as the backend when it is linked
// in; without it, rendering fails with an error that says so.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gym/array.hpp"
#include "gym/draw.hpp"

namespace gym {

// Gymnasium's render modes.
enum class RenderMode : uint8_t {
  kNone,      // render() is an error that names the modes to choose from
  kRgbArray,  // render() returns the frame, (H, W, 3) uint8
  kHuman,     // reset() and step() update a window at the env's render fps; render() returns an empty array
  kAnsi,      // render_text() returns the frame as text
};

std::string_view render_mode_name(RenderMode mode);  // "rgb_array", "human", "ansi", "none"
// Parses "rgb_array", "human" or "ansi"; anything else is an error naming `owner`.
RenderMode parse_render_mode(std::string_view name, std::string_view owner);

// An on-screen window that shows frames, paced at a frame rate.
class RenderWindow {
 public:
  virtual ~RenderWindow() = default;
  // Draws the frame and presents it, then waits so that frames come no faster
  // than the window's fps. Handles the window's events; a closed window
  // ignores further frames.
  virtual void show(const DrawList& frame) = 0;
  virtual bool is_open() const = 0;
};

class RenderBackend {
 public:
  virtual ~RenderBackend() = default;
  virtual std::string name() const = 0;
  // The frame as an (H, W, 3) uint8 array, H and W the canvas's size times
  // `scale`. Safe to call from several threads at once.
  virtual Array rasterise(const DrawList& frame, float scale = 1.0f) const = 0;
  // Opens a window; throws gym::Error when there is no display.
  virtual std::unique_ptr<RenderWindow> open_window(const std::string& title, int width, int height,
                                                    double fps) const = 0;
};

// The installed backend, or nullptr when the render layer is not linked in.
const RenderBackend* render_backend();
// The installed backend; throws gym::Error naming `who` when there is none.
const RenderBackend& require_render_backend(std::string_view who);

// render() of an env that describes its frames as draw lists, in the
// rgb_array and human modes: `frame` (already drawn by the caller) is
// rasterised into an (H, W, 3) array, or shown in `window`, which is opened on
// first use (then an empty array is returned). `who` names the env in errors.
Array render_drawn_frame(RenderMode mode, std::string_view who, const DrawList& frame,
                         std::unique_ptr<RenderWindow>& window, double fps);
// Installs a backend (the render layer does this at start-up); nullptr removes it.
void set_render_backend(const RenderBackend* backend);

}  // namespace gym
