// Runners of the play app: offscreen (an SDL software renderer drawing into
// memory) and in an SDL2 window (Dear ImGui's SDL2 platform backend and its
// SDL_Renderer backend), both showing what PlayApp draws.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <SDL.h>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include "gym/error.hpp"
#include "gym/render/image.hpp"
#include "gym/render/play.hpp"
#include "gym/render/window.hpp"

namespace gym::render {

namespace {

constexpr Uint8 kClear[3] = {24, 26, 30};  // behind the app's windows

// Makes `ctx` current for a scope.
class ContextScope {
 public:
  explicit ContextScope(ImGuiContext* ctx) : previous_(ImGui::GetCurrentContext()) { ImGui::SetCurrentContext(ctx); }
  ~ContextScope() { ImGui::SetCurrentContext(previous_); }
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  ImGuiContext* previous_;
};

// The scripted keys of frame `n` (none once the script has run out).
const std::vector<int>& script_keys(const std::vector<std::vector<int>>& script, int n) {
  static const std::vector<int> none;
  return std::size_t(n) < script.size() ? script[std::size_t(n)] : none;
}

}  // namespace

// ---- offscreen ---------------------------------------------------------------

struct OffscreenPlay::Impl {
  SDL_Surface* surface = nullptr;
  SDL_Renderer* renderer = nullptr;
  ImGuiContext* ctx = nullptr;  // where the renderer backend was initialised

  ~Impl() {
    if (ctx) {
      ContextScope scope(ctx);
      ImGui_ImplSDLRenderer_Shutdown();
    }
    if (renderer) SDL_DestroyRenderer(renderer);
    if (surface) SDL_FreeSurface(surface);
  }
};

OffscreenPlay::OffscreenPlay(PlayConfig config)
    : app_(std::make_unique<PlayApp>(config)), impl_(std::make_unique<Impl>()) {
  impl_->surface = SDL_CreateRGBSurfaceWithFormat(0, config.width, config.height, 32, SDL_PIXELFORMAT_RGBA32);
  if (!impl_->surface)
    throw Error(
        fmt::format("gym play: cannot create a {}x{} surface: {}", config.width, config.height, SDL_GetError()));
  impl_->renderer = SDL_CreateSoftwareRenderer(impl_->surface);
  if (!impl_->renderer) throw Error(fmt::format("gym play: cannot create a software renderer: {}", SDL_GetError()));
  ContextScope scope(app_->context());
  if (!ImGui_ImplSDLRenderer_Init(impl_->renderer))
    throw Error("gym play: cannot start Dear ImGui's SDL_Renderer backend");
  impl_->ctx = app_->context();
}

OffscreenPlay::~OffscreenPlay() = default;

void OffscreenPlay::frame(const PlayInput& input, float dt) {
  {
    // Makes the font texture (once) and sets the atlas's texture id, which
    // the frame's draw commands carry.
    ContextScope scope(app_->context());
    ImGui_ImplSDLRenderer_NewFrame();
  }
  app_->frame(input, dt);
}

Array OffscreenPlay::screenshot() {
  ImDrawData* data = app_->draw_data();
  if (!data || !data->Valid) throw Error("gym play: no frame to take a screenshot of (call frame() first)");
  ContextScope scope(app_->context());
  SDL_Renderer* r = impl_->renderer;
  SDL_SetRenderDrawColor(r, kClear[0], kClear[1], kClear[2], 255);
  SDL_RenderClear(r);
  ImGui_ImplSDLRenderer_RenderDrawData(data);
  SDL_RenderFlush(r);
  const int w = impl_->surface->w, h = impl_->surface->h;
  Array rgb(DType::kUInt8, Shape{h, w, 3});
  if (SDL_RenderReadPixels(r, nullptr, SDL_PIXELFORMAT_RGB24, rgb.data<uint8_t>().data(), w * 3) != 0)
    throw Error(fmt::format("gym play: cannot read the frame back: {}", SDL_GetError()));
  return rgb;
}

void run_play_offscreen(const PlayConfig& config, int frames, const std::vector<std::vector<int>>& script,
                        const std::string& screenshot_path, std::ostream& log) {
  if (frames < 1) throw Error(fmt::format("gym play: --frames must be >= 1, got {}", frames));
  OffscreenPlay play(config);
  PlayApp& app = play.app();
  // Frames 1/fps apart: one env step per frame in real time.
  const double fps = config.fps > 0                        ? config.fps
                     : app.env().metadata().render_fps > 0 ? app.env().metadata().render_fps
                                                           : 30.0;
  PlayInput input;
  int n = 0;
  for (; n < frames && !app.wants_quit(); ++n) {
    input.keys = script_keys(script, n);
    play.frame(input, float(1.0 / fps));
  }
  if (!app.finish().empty()) fmt::print(log, "{}\n", app.status());
  if (!screenshot_path.empty()) {
    const Array rgb = play.screenshot();
    write_png(screenshot_path, rgb);
    fmt::print(log, "wrote {} ({}x{}, after {} frames, {} steps)\n", screenshot_path, rgb.shape()[1], rgb.shape()[0],
               n, app.steps());
  }
}

// ---- window ------------------------------------------------------------------

void run_play_window(const PlayConfig& config, int frames, const std::vector<std::vector<int>>& script,
                     std::ostream& log) {
  if (frames < 0) throw Error(fmt::format("gym play: --frames must be >= 0, got {}", frames));
  if (!display_available())
    throw Error("gym play: no display (DISPLAY or WAYLAND_DISPLAY is not set); run under xvfb-run, or render "
                "offscreen with --frames N --screenshot file.png");
  PlayApp app(config);  // first: a bad id or parameter fails before a window opens

  struct Sdl {
    SDL_Window* window = nullptr;
    SDL_Renderer* renderer = nullptr;
    ImGuiContext* platform = nullptr;  // backends initialised in this context
    ~Sdl() {
      if (platform) {
        ContextScope scope(platform);
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
      }
      if (renderer) SDL_DestroyRenderer(renderer);
      if (window) SDL_DestroyWindow(window);
      SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
  };
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
    throw Error(fmt::format("gym play: cannot start SDL video: {}", SDL_GetError()));
  Sdl sdl;
  const std::string title = fmt::format("gym play {}", config.id);
  sdl.window = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, config.width,
                                config.height, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!sdl.window) throw Error(fmt::format("gym play: cannot open a window: {}", SDL_GetError()));
  sdl.renderer = SDL_CreateRenderer(sdl.window, -1, SDL_RENDERER_PRESENTVSYNC | SDL_RENDERER_ACCELERATED);
  if (!sdl.renderer) sdl.renderer = SDL_CreateRenderer(sdl.window, -1, SDL_RENDERER_SOFTWARE);
  if (!sdl.renderer) throw Error(fmt::format("gym play: cannot create a renderer: {}", SDL_GetError()));

  ContextScope scope(app.context());
  if (!ImGui_ImplSDL2_InitForSDLRenderer(sdl.window)) throw Error("gym play: cannot start Dear ImGui's SDL2 backend");
  if (!ImGui_ImplSDLRenderer_Init(sdl.renderer)) {
    ImGui_ImplSDL2_Shutdown();
    throw Error("gym play: cannot start Dear ImGui's SDL_Renderer backend");
  }
  sdl.platform = app.context();

  // Frames at most 60 a second: vsync is not always there (Xvfb, software renderers).
  using Clock = std::chrono::steady_clock;
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / 60));
  auto next = Clock::now();
  ImGuiIO& io = ImGui::GetIO();
  bool running = true;
  for (int n = 0; running && (frames == 0 || n < frames); ++n) {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
      ImGui_ImplSDL2_ProcessEvent(&e);
      if (e.type == SDL_QUIT) running = false;
      if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
          e.window.windowID == SDL_GetWindowID(sdl.window))
        running = false;
    }
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    // Scripted keys are held for this frame only, on top of the keyboard's.
    const std::vector<int>& held = script_keys(script, n);
    std::vector<int> pressed;
    for (int k : held)
      if (k >= 0 && k < int(IM_ARRAYSIZE(io.KeysDown)) && !io.KeysDown[k]) {
        io.KeysDown[k] = true;
        pressed.push_back(k);
      }
    app.frame(io.DeltaTime);
    for (int k : pressed) io.KeysDown[k] = false;
    if (app.wants_quit()) running = false;

    SDL_SetRenderDrawColor(sdl.renderer, kClear[0], kClear[1], kClear[2], 255);
    SDL_RenderClear(sdl.renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(app.draw_data());
    SDL_RenderPresent(sdl.renderer);

    const auto now = Clock::now();
    if (next < now - period) next = now;
    next += period;
    std::this_thread::sleep_until(next);
  }
  if (!app.finish().empty()) fmt::print(log, "{}\n", app.status());
}

}  // namespace gym::render
