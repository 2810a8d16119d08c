// The SDL2 render backend: installed into core at start-up, so that
// Env::render() works in every program that links gympp::render.
#include <chrono>
#include <cstdlib>
#include <thread>

#include <SDL.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "gym/error.hpp"
#include "gym/render/imgui_draw.hpp"
#include "gym/render/rasteriser.hpp"
#include "gym/render/window.hpp"
#include "sdl_draw.hpp"

namespace gym::render {

namespace {

using Clock = std::chrono::steady_clock;

bool display_available() {
  return std::getenv("SDL_VIDEODRIVER") || std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
}

class SdlWindow final : public RenderWindow {
 public:
  SdlWindow(const std::string& title, int width, int height, double fps) : fps_(fps) {
    if (!display_available())
      throw Error(fmt::format("{}: render_mode=human needs a display (DISPLAY or WAYLAND_DISPLAY is not set); use "
                              "render_mode=rgb_array to render headless, or run under xvfb-run",
                              title));
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
      throw Error(fmt::format("{}: cannot start SDL video: {}", title, SDL_GetError()));
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
    SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
    font_ = create_font_texture(renderer_);
    ImFontAtlas& atlas = builtin_font_atlas();
    shared_.TexUvWhitePixel = atlas.TexUvWhitePixel;
    shared_.TexUvLines = atlas.TexUvLines;
    shared_.Font = atlas.Fonts[0];
    shared_.FontSize = atlas.Fonts[0]->FontSize;
    shared_.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill;
    shared_.SetCircleTessellationMaxError(0.3f);
  }
  ~SdlWindow() override {
    const bool started = window_ != nullptr;
    close();
    if (started) SDL_QuitSubSystem(SDL_INIT_VIDEO);
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
    // Fit the canvas in the window, keeping its aspect ratio.
    const float scale = std::min(float(w) / float(frame.width()), float(h) / float(frame.height()));
    const ImVec2 origin((float(w) - scale * float(frame.width())) / 2, (float(h) - scale * float(frame.height())) / 2);
    SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
    SDL_RenderClear(renderer_);
    const Color bg = frame.background();
    SDL_SetRenderDrawColor(renderer_, bg.r, bg.g, bg.b, 255);
    const SDL_FRect canvas{origin.x, origin.y, scale * float(frame.width()), scale * float(frame.height())};
    SDL_RenderFillRectF(renderer_, &canvas);
    shared_.ClipRectFullscreen = ImVec4(0, 0, float(w), float(h));
    list_._ResetForNewFrame();
    list_.PushClipRectFullScreen();
    list_.PushTextureID(nullptr);
    append(list_, frame, origin, scale, builtin_font_atlas().Fonts[0], font_);
    render_draw_list(renderer_, list_);
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
    if (font_) SDL_DestroyTexture(font_);
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    font_ = nullptr;
    renderer_ = nullptr;
    window_ = nullptr;
  }

  double fps_;
  Clock::time_point next_{};
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  SDL_Texture* font_ = nullptr;
  ImDrawListSharedData shared_;
  ImDrawList list_{&shared_};
};

class SdlBackend final : public RenderBackend {
 public:
  std::string name() const override { return fmt::format("SDL {} software rasteriser", sdl_version()); }
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

std::unique_ptr<RenderWindow> open_window(const std::string& title, int width, int height, double fps) {
  return std::make_unique<SdlWindow>(title, width, height, fps);
}

void install() { set_render_backend(&g_backend); }

}  // namespace gym::render
