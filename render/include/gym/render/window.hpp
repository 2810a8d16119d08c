// On-screen windows and the backend installation (gym/render_backend.hpp).
#pragma once

#include <memory>
#include <string>

#include "gym/render_backend.hpp"

namespace gym::render {

// Whether SDL can open a window here: a display (DISPLAY, WAYLAND_DISPLAY) or
// an explicit SDL_VIDEODRIVER (e.g. dummy). Without one SDL may pick its
// offscreen driver and open nothing visible, so the window code refuses.
bool display_available();

// A window of width x height pixels that shows draw lists scaled to fit,
// paced at `fps` (0: as fast as shown). Throws gym::Error with no display.
std::unique_ptr<RenderWindow> open_window(const std::string& title, int width, int height, double fps);

// Installs the SDL backend into core. Linking gympp::render does this at
// start-up already; calling it again is harmless.
void install();

}  // namespace gym::render
