#include "sdl_draw.hpp"

#include <fmt/format.h>

#include "gym/error.hpp"
#include "gym/render/imgui_draw.hpp"

namespace gym::render {

SDL_Texture* create_font_texture(SDL_Renderer* renderer) {
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  builtin_font_atlas().GetTexDataAsRGBA32(&pixels, &w, &h);
  SDL_Texture* t = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, w, h);
  if (!t) throw Error(fmt::format("render: cannot create the font texture: {}", SDL_GetError()));
  SDL_UpdateTexture(t, nullptr, pixels, w * 4);
  SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
  return t;
}

void render_draw_list(SDL_Renderer* renderer, const ImDrawList& list) {
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    if (cmd.ElemCount == 0 || cmd.UserCallback) continue;
    const ImDrawVert* v = list.VtxBuffer.Data + cmd.VtxOffset;
    const int num_vertices = list.VtxBuffer.Size - int(cmd.VtxOffset);
    const bool textured = cmd.TextureId != nullptr;
    SDL_Rect clip{int(cmd.ClipRect.x), int(cmd.ClipRect.y), int(cmd.ClipRect.z - cmd.ClipRect.x),
                  int(cmd.ClipRect.w - cmd.ClipRect.y)};
    SDL_RenderSetClipRect(renderer, &clip);
    SDL_RenderGeometryRaw(renderer, textured ? static_cast<SDL_Texture*>(cmd.TextureId) : nullptr,
                          &v->pos.x, sizeof(ImDrawVert), reinterpret_cast<const SDL_Color*>(&v->col),
                          sizeof(ImDrawVert), &v->uv.x, sizeof(ImDrawVert), num_vertices,
                          list.IdxBuffer.Data + cmd.IdxOffset, int(cmd.ElemCount), sizeof(ImDrawIdx));
  }
  SDL_RenderSetClipRect(renderer, nullptr);
}

}  // namespace gym::render
