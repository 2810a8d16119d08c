#include "gym/render/rasteriser.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <SDL.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "gym/error.hpp"
#include "gym/render/imgui_draw.hpp"
#include "sdl_draw.hpp"

namespace gym::render {

namespace {

struct Rect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // half-open
  bool empty() const { return x0 >= x1 || y0 >= y1; }
};

// RGBA32 pixels (bytes r, g, b, a) to packed RGB, four pixels at a time.
void rgba_to_rgb(const uint8_t* src, uint8_t* dst, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t p[4], q[3];
    std::memcpy(p, src + 4 * i, sizeof p);
    q[0] = (p[0] & 0xFFFFFFu) | (p[1] << 24);
    q[1] = ((p[1] >> 8) & 0xFFFFu) | (p[2] << 16);
    q[2] = ((p[2] >> 16) & 0xFFu) | (p[3] << 8);
    std::memcpy(dst + 3 * i, q, sizeof q);
  }
  for (; i < n; ++i) std::memcpy(dst + 3 * i, src + 4 * i, 3);
}

}  // namespace

struct Rasteriser::Impl {
  ImDrawListSharedData shared;
  ImDrawList list{&shared};
  SDL_Surface* surface = nullptr;
  SDL_Renderer* renderer = nullptr;
  SDL_Texture* font_texture = nullptr;
  Color surface_background{};
  Rect dirty;  // what the last frame drew on the surface, beyond its background
  std::vector<uint8_t> background_row;  // one output row of background
  Color background_row_color{};

  Impl() {
    ImFontAtlas& atlas = builtin_font_atlas();
    shared.TexUvWhitePixel = atlas.TexUvWhitePixel;
    shared.TexUvLines = atlas.TexUvLines;
    shared.Font = atlas.Fonts[0];
    shared.FontSize = atlas.Fonts[0]->FontSize;
    shared.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill;
    shared.SetCircleTessellationMaxError(0.3f);
  }
  ~Impl() { release(); }

  void release() {
    if (font_texture) SDL_DestroyTexture(font_texture);
    if (renderer) SDL_DestroyRenderer(renderer);
    if (surface) SDL_FreeSurface(surface);
    font_texture = nullptr;
    renderer = nullptr;
    surface = nullptr;
  }

  void ensure_surface(int w, int h, Color bg) {
    if (!surface || surface->w != w || surface->h != h) {
      release();
      surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
      if (!surface) throw Error(fmt::format("render: cannot create a {}x{} surface: {}", w, h, SDL_GetError()));
      renderer = SDL_CreateSoftwareRenderer(surface);
      if (!renderer) throw Error(fmt::format("render: cannot create a software renderer: {}", SDL_GetError()));
      SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);
      font_texture = create_font_texture(renderer);
      dirty = {0, 0, w, h};
      surface_background = Color{0, 0, 0, 0};  // force a full clear
    }
    if (bg != surface_background) {
      dirty = {0, 0, w, h};
      surface_background = bg;
    }
    if (!dirty.empty()) {
      const SDL_Rect r{dirty.x0, dirty.y0, dirty.x1 - dirty.x0, dirty.y1 - dirty.y0};
      SDL_FillRect(surface, &r, SDL_MapRGBA(surface->format, bg.r, bg.g, bg.b, 255));
    }
  }

  void draw(const DrawList& frame, float scale, std::span<uint8_t> rgb) {
    const auto [h, w] = Rasteriser::size(frame, scale);
    if (rgb.size() != std::size_t(w) * h * 3)
      throw Error(fmt::format("render: output buffer has {} bytes for a {}x{} RGB frame ({} bytes)", rgb.size(), w, h,
                              std::size_t(w) * h * 3));
    const Color bg = frame.background();
    ensure_surface(w, h, bg);

    shared.ClipRectFullscreen = ImVec4(0, 0, float(w), float(h));
    list._ResetForNewFrame();
    list.PushClipRectFullScreen();
    list.PushTextureID(nullptr);
    append(list, frame, ImVec2(0, 0), scale, builtin_font_atlas().Fonts[0], font_texture);
    render_draw_list(renderer, list);
    SDL_RenderFlush(renderer);

    // What changed: the vertices' bounding box, one pixel wider for the fringe.
    Rect box{w, h, 0, 0};
    for (const ImDrawVert& v : list.VtxBuffer) {
      box.x0 = std::min(box.x0, int(std::floor(v.pos.x)) - 1);
      box.y0 = std::min(box.y0, int(std::floor(v.pos.y)) - 1);
      box.x1 = std::max(box.x1, int(std::ceil(v.pos.x)) + 1);
      box.y1 = std::max(box.y1, int(std::ceil(v.pos.y)) + 1);
    }
    box = {std::max(box.x0, 0), std::max(box.y0, 0), std::min(box.x1, w), std::min(box.y1, h)};
    dirty = box;

    if (background_row.size() != std::size_t(w) * 3 || background_row_color != bg) {
      background_row.resize(std::size_t(w) * 3);
      background_row_color = bg;
      for (int x = 0; x < w; ++x) {
        background_row[std::size_t(x) * 3 + 0] = bg.r;
        background_row[std::size_t(x) * 3 + 1] = bg.g;
        background_row[std::size_t(x) * 3 + 2] = bg.b;
      }
    }
    const auto* pixels = static_cast<const uint8_t*>(surface->pixels);
    for (int y = 0; y < h; ++y) {
      uint8_t* row = rgb.data() + std::size_t(y) * w * 3;
      if (box.empty() || y < box.y0 || y >= box.y1) {
        std::memcpy(row, background_row.data(), std::size_t(w) * 3);
        continue;
      }
      std::memcpy(row, background_row.data(), std::size_t(box.x0) * 3);
      rgba_to_rgb(pixels + std::size_t(y) * surface->pitch + std::size_t(box.x0) * 4, row + std::size_t(box.x0) * 3,
                  box.x1 - box.x0);
      std::memcpy(row + std::size_t(box.x1) * 3, background_row.data(), std::size_t(w - box.x1) * 3);
    }
  }
};

Rasteriser::Rasteriser() : impl_(std::make_unique<Impl>()) {}
Rasteriser::~Rasteriser() = default;

std::pair<int, int> Rasteriser::size(const DrawList& frame, float scale) {
  if (!(scale > 0) || !std::isfinite(scale)) throw Error(fmt::format("render: scale must be > 0, got {}", scale));
  if (frame.width() <= 0 || frame.height() <= 0)
    throw Error("render: the draw list has no canvas (a model's draw() starts with DrawList::reset(width, height))");
  const long w = std::lround(frame.width() * double(scale)), h = std::lround(frame.height() * double(scale));
  if (w < 1 || h < 1 || w > DrawList::kMaxSide || h > DrawList::kMaxSide)
    throw Error(fmt::format("render: a {}x{} canvas at scale {} is {}x{} pixels, outside 1..{} per side",
                            frame.width(), frame.height(), scale, w, h, DrawList::kMaxSide));
  return {int(h), int(w)};
}

Array Rasteriser::rasterise(const DrawList& frame, float scale) {
  const auto [h, w] = size(frame, scale);
  Array out(DType::kUInt8, Shape{h, w, 3});
  rasterise(frame, scale, out.data<uint8_t>());
  return out;
}

void Rasteriser::rasterise(const DrawList& frame, float scale, std::span<uint8_t> rgb) { impl_->draw(frame, scale, rgb); }

const char* sdl_version() {
  static const std::string text = [] {
    SDL_version v;
    SDL_GetVersion(&v);
    return fmt::format("{}.{}.{}", v.major, v.minor, v.patch);
  }();
  return text.c_str();
}

}  // namespace gym::render
