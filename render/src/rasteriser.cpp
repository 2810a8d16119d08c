// The offscreen rasteriser. Dear ImGui tessellates the draw list (filled
// shapes plus a one-pixel alpha fringe on every edge: its anti-aliasing), and
// the triangles are filled here, straight into the RGB output.
//
// Why not SDL's software renderer: SDL 2.26's SDL_RenderGeometry snaps
// vertices to whole pixels in software, which turns ImGui's sub-pixel fringe
// into half-tone bands and leaves one-pixel gaps between a shape and its
// fringe. The fill below samples at pixel centres with exact barycentric
// interpolation of colour and texture coordinates, and a tie rule so that
// triangles sharing an edge never both cover a pixel on it. It needs no SDL
// at all, so rgb_array is headless by construction.
#include "gym/render/rasteriser.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <SDL.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "gym/error.hpp"
#include "gym/render/imgui_draw.hpp"

namespace gym::render {

namespace {

// The atlas as the rasteriser samples it: alpha only, nearest texel.
struct FontTexture {
  const unsigned char* alpha = nullptr;
  int width = 0, height = 0;
};

const FontTexture& font_texture() {
  static const FontTexture t = [] {
    FontTexture f;
    builtin_font_atlas().GetTexDataAsAlpha8(const_cast<unsigned char**>(&f.alpha), &f.width, &f.height);
    return f;
  }();
  return t;
}

// What the rasteriser binds as the font's ImTextureID.
ImTextureID font_texture_id() { return const_cast<FontTexture*>(&font_texture()); }

struct Target {
  uint8_t* rgb;
  int width, height;
};

inline void blend(uint8_t* p, float r, float g, float b, float a) {
  if (a >= 1.0f) {
    p[0] = uint8_t(r + 0.5f);
    p[1] = uint8_t(g + 0.5f);
    p[2] = uint8_t(b + 0.5f);
    return;
  }
  const float k = 1.0f - a;
  p[0] = uint8_t(r * a + float(p[0]) * k + 0.5f);
  p[1] = uint8_t(g * a + float(p[1]) * k + 0.5f);
  p[2] = uint8_t(b * a + float(p[2]) * k + 0.5f);
}

struct Vertex {
  float x, y, u, v;
  float c[4];  // r, g, b in 0..255, alpha in 0..1
};

Vertex vertex(const ImDrawVert& d) {
  const ImU32 c = d.col;
  return {d.pos.x, d.pos.y, d.uv.x, d.uv.y,
          {float(c & 0xFF), float((c >> 8) & 0xFF), float((c >> 16) & 0xFF), float((c >> 24) & 0xFF) / 255.0f}};
}

// An edge a -> b of a triangle with positive orientation: its function at
// the pixel centre (x + 0.5, y + 0.5), and whether a centre exactly on it
// belongs to this triangle (the same edge, walked the other way by the
// neighbouring triangle, then does not).
//
// The function is computed from the edge's endpoints in a canonical order
// (whichever comes first by x, then y), in double, directly at each pixel:
// the neighbour that walks the edge the other way computes exactly the
// negated value (every operation is the same but for signs), so a pixel on
// a shared edge goes to exactly one of the two triangles. (Stepping the
// function along a row, or computing it from each triangle's own first
// vertex, rounds differently on the two sides: pixels on the shared diagonal
// of a rectangle were then drawn by neither triangle or by both.)
struct Edge {
  double px, py;  // the canonical first endpoint
  double ax, ay;  // the canonical direction (second endpoint - first)
  double sign;    // +1 when a -> b is the canonical direction, else -1
  float dx, dy;   // this triangle's direction a -> b
  bool owns_ties;
  Edge(const Vertex& a, const Vertex& b) : dx(b.x - a.x), dy(b.y - a.y) {
    const bool forward = a.x < b.x || (a.x == b.x && a.y <= b.y);
    const Vertex& p = forward ? a : b;
    const Vertex& q = forward ? b : a;
    px = p.x;
    py = p.y;
    ax = double(q.x) - double(p.x);
    ay = double(q.y) - double(p.y);
    sign = forward ? 1.0 : -1.0;
    owns_ties = dy > 0 || (dy == 0 && dx < 0);
  }
  // The part of the function that depends on the row only.
  double row(int y) const { return ax * (double(y) + 0.5 - py); }
  double at(double row_term, int x) const { return sign * (row_term - ay * (double(x) + 0.5 - px)); }
  bool inside(double w) const { return w > 0 || (w == 0 && owns_ties); }
};

void fill_triangle(const Target& t, Vertex a, Vertex b, Vertex c, const float clip[4], const FontTexture* tex) {
  float area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  if (area == 0 || !std::isfinite(area)) return;
  if (area < 0) {
    std::swap(b, c);
    area = -area;
  }
  const int x0 = std::max(int(std::floor(std::max(std::min({a.x, b.x, c.x}), clip[0]))), 0);
  const int y0 = std::max(int(std::floor(std::max(std::min({a.y, b.y, c.y}), clip[1]))), 0);
  const int x1 = std::min(int(std::ceil(std::min(std::max({a.x, b.x, c.x}), clip[2]))), t.width);
  const int y1 = std::min(int(std::ceil(std::min(std::max({a.y, b.y, c.y}), clip[3]))), t.height);
  if (x0 >= x1 || y0 >= y1) return;
  // Barycentric weights: wa belongs to the edge opposite a (b -> c), etc.
  const Edge eb_c(b, c), ec_a(c, a), ea_b(a, b);
  const float inv = 1.0f / area;
  const bool uniform = !tex && std::memcmp(a.c, b.c, sizeof a.c) == 0 && std::memcmp(a.c, c.c, sizeof a.c) == 0;
  for (int y = y0; y < y1; ++y) {
    // The row's span from the three edges (a pixel of margin each side for
    // rounding; the exact test below decides), so that long thin triangles
    // (the fringe along a slanted edge) cost their area, not their box.
    int lo = x0, hi = x1;
    const double ra = eb_c.row(y), rb = ec_a.row(y), rc = ea_b.row(y);
    for (const Edge* e : {&eb_c, &ec_a, &ea_b}) {
      if (e->dy == 0) continue;
      // Where the edge function is 0 on this row.
      const double xb = e->px + e->ax * (double(y) + 0.5 - e->py) / e->ay - 0.5;
      if (!std::isfinite(xb)) continue;
      if (e->dy > 0) hi = std::min(hi, int(std::floor(std::min(xb, double(x1)))) + 2);
      else lo = std::max(lo, int(std::floor(std::max(xb, double(x0)))) - 1);
    }
    lo = std::max(lo, x0);
    hi = std::min(hi, x1);
    uint8_t* row = t.rgb + (std::size_t(y) * std::size_t(t.width)) * 3;
    for (int x = lo; x < hi; ++x) {
      const double wa = eb_c.at(ra, x), wb = ec_a.at(rb, x), wc = ea_b.at(rc, x);
      if (!eb_c.inside(wa) || !ec_a.inside(wb) || !ea_b.inside(wc)) continue;
      uint8_t* p = row + std::size_t(x) * 3;
      if (uniform) {
        blend(p, a.c[0], a.c[1], a.c[2], a.c[3]);
        continue;
      }
      const float la = float(wa) * inv, lb = float(wb) * inv, lc = 1.0f - la - lb;
      float col[4];
      for (int k = 0; k < 4; ++k) col[k] = a.c[k] * la + b.c[k] * lb + c.c[k] * lc;
      if (tex) {
        const float u = a.u * la + b.u * lb + c.u * lc, v = a.v * la + b.v * lb + c.v * lc;
        const int tx = std::clamp(int(u * float(tex->width)), 0, tex->width - 1);
        const int ty = std::clamp(int(v * float(tex->height)), 0, tex->height - 1);
        col[3] *= float(tex->alpha[std::size_t(ty) * std::size_t(tex->width) + std::size_t(tx)]) / 255.0f;
      }
      if (col[3] > 0) blend(p, col[0], col[1], col[2], std::min(col[3], 1.0f));
    }
  }
}

void fill_draw_list(const Target& t, const ImDrawList& list) {
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    if (cmd.ElemCount == 0 || cmd.UserCallback) continue;
    const float clip[4] = {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w};
    const auto* tex = static_cast<const FontTexture*>(cmd.TextureId);
    const ImDrawVert* v = list.VtxBuffer.Data + cmd.VtxOffset;
    const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
    for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3)
      fill_triangle(t, vertex(v[idx[i]]), vertex(v[idx[i + 1]]), vertex(v[idx[i + 2]]), clip, tex);
  }
}

}  // namespace

struct Rasteriser::Impl {
  ImDrawListSharedData shared;
  ImDrawList list{&shared};
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

  void draw(const DrawList& frame, float scale, std::span<uint8_t> rgb) {
    const auto [h, w] = Rasteriser::size(frame, scale);
    if (rgb.size() != std::size_t(w) * std::size_t(h) * 3)
      throw Error(fmt::format("render: output buffer has {} bytes for a {}x{} RGB frame ({} bytes)", rgb.size(), w, h,
                              std::size_t(w) * std::size_t(h) * 3));
    const Color bg = frame.background();
    if (background_row.size() != std::size_t(w) * 3 || background_row_color != bg) {
      background_row.resize(std::size_t(w) * 3);
      background_row_color = bg;
      for (std::size_t x = 0; x < std::size_t(w); ++x) {
        background_row[x * 3 + 0] = bg.r;
        background_row[x * 3 + 1] = bg.g;
        background_row[x * 3 + 2] = bg.b;
      }
    }
    for (int y = 0; y < h; ++y) std::memcpy(rgb.data() + std::size_t(y) * std::size_t(w) * 3, background_row.data(), std::size_t(w) * 3);

    shared.ClipRectFullscreen = ImVec4(0, 0, float(w), float(h));
    list._ResetForNewFrame();
    list.PushClipRectFullScreen();
    list.PushTextureID(nullptr);
    append(list, frame, ImVec2(0, 0), scale, builtin_font_atlas().Fonts[0], font_texture_id());
    fill_draw_list(Target{rgb.data(), w, h}, list);
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
