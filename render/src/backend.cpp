// The SDL2 render backend: installed into core at start-up, so that
// Env::render() works in every program that links gympp::render.
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include <SDL.h>
#include <fmt/format.h>
#include <imgui.h>

#include "gym/error.hpp"
#include "gym/render/rasteriser.hpp"
#include "gym/render/window.hpp"

namespace gym::render {

namespace {

using Clock = std::chrono::steady_clock;

class SdlWindow final : public RenderWindow {
 public:
  SdlWindow(const std::string& title, int width, int height, double fps) : fps_(fps) {
    if (!display_available())
      throw Error(fmt::format("{}: render_mode=human needs a display (DISPLAY or WAYLAND_DISPLAY is not set); use "
                              "render_mode=rgb_array to render headless, or run under xvfb-run",
                              title));
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
      throw Error(fmt::format("{}: cannot start SDL video: {}", title, SDL_GetError()));
    video_started_ = true;
    window_ = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                               SDL_WINDOW_RESIZABLE);
    if (window_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_PRESENTVSYNC);
    if (window_ && !renderer_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    if (!window_ || !renderer_) {
      const std::string why = SDL_GetError();
      close();
      SDL_QuitSubSystem(SDL_INIT_VIDEO);
      throw Error(fmt::format("{}: cannot open a window: {}", title, why));
    }
  }
  ~SdlWindow() override {
    close();
    if (video_started_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
  }

  bool is_open() const override { return window_ != nullptr; }

  void show(const DrawList& frame) override {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
      if (e.type == SDL_QUIT || (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE)) close();
    }
    if (!window_) return;
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(renderer_, &w, &h);
    // The frame rasterised at the largest scale that fits, centred: the same
    // pixels as rgb_array, whatever SDL renderer the window got.
    const float scale = std::max(0.05f, std::min(float(w) / float(frame.width()), float(h) / float(frame.height())));
    const auto [fh, fw] = Rasteriser::size(frame, scale);
    pixels_.resize(std::size_t(fw) * std::size_t(fh) * 3);
    rasteriser_.rasterise(frame, scale, pixels_);
    if (!texture_ || texture_w_ != fw || texture_h_ != fh) {
      if (texture_) SDL_DestroyTexture(texture_);
      texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STREAMING, fw, fh);
      if (!texture_) throw Error(fmt::format("render: cannot create a {}x{} window texture: {}", fw, fh, SDL_GetError()));
      texture_w_ = fw;
      texture_h_ = fh;
    }
    SDL_UpdateTexture(texture_, nullptr, pixels_.data(), fw * 3);
    SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
    SDL_RenderClear(renderer_);
    const SDL_Rect dst{(w - fw) / 2, (h - fh) / 2, fw, fh};
    SDL_RenderCopy(renderer_, texture_, nullptr, &dst);
    SDL_RenderPresent(renderer_);
    pace();
  }

 private:
  void pace() {
    if (!(fps_ > 0)) return;
    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps_));
    const auto now = Clock::now();
    if (next_ < now - period) next_ = now;  // fell behind (or first frame): do not try to catch up
    next_ += period;
    std::this_thread::sleep_until(next_);
  }

  void close() {
    if (texture_) SDL_DestroyTexture(texture_);
    texture_ = nullptr;
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    renderer_ = nullptr;
    window_ = nullptr;
  }

  double fps_;
  bool video_started_ = false;
  Clock::time_point next_{};
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  SDL_Texture* texture_ = nullptr;
  int texture_w_ = 0, texture_h_ = 0;
  Rasteriser rasteriser_;
  std::vector<uint8_t> pixels_;
};

class SdlBackend final : public RenderBackend {
 public:
  std::string name() const override {
    return fmt::format("gym++ rasteriser over Dear ImGui {} tessellation; SDL {} windows", IMGUI_VERSION, sdl_version());
  }
  Array rasterise(const DrawList& frame, float scale) const override {
    thread_local Rasteriser rasteriser;
    return rasteriser.rasterise(frame, scale);
  }
  std::unique_ptr<RenderWindow> open_window(const std::string& title, int width, int height,
                                            double fps) const override {
    return gym::render::open_window(title, width, height, fps);
  }
};

const SdlBackend g_backend;

// Installs the backend when the program starts (the render library is linked
// whole, so this object is always part of the program).
[[maybe_unused]] const bool g_installed = [] {
  set_render_backend(&g_backend);
  return true;
}();

}  // namespace

bool display_available() {
  return std::getenv("SDL_VIDEODRIVER") || std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
}

std::unique_ptr<RenderWindow> open_window(const std::string& title, int width, int height, double fps) {
  return std::make_unique<SdlWindow>(title, width, height, fps);
}

void install() { set_render_backend(&g_backend); }

}  // namespace gym::render
