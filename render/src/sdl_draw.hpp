// ImGui draw lists onto an SDL renderer (private to the render layer).
#pragma once

#include <SDL.h>
#include <imgui.h>

namespace gym::render {

// The built-in font atlas as a texture of `renderer`.
SDL_Texture* create_font_texture(SDL_Renderer* renderer);
// Submits every command of `list` with SDL_RenderGeometry; commands with a
// null texture are drawn untextured (much faster in the software renderer).
void render_draw_list(SDL_Renderer* renderer, const ImDrawList& list);

}  // namespace gym::render
