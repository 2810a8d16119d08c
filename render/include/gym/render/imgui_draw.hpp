// Draw lists into Dear ImGui: the one place where gym::DrawList primitives
// become triangles. ImGui tessellates them with anti-aliased edges (a
// one-pixel alpha fringe), and both the offscreen rasteriser and the play app
// use this, so a frame looks the same in a PNG and in the app.
#pragma once

#include <imgui.h>

#include "gym/draw.hpp"

namespace gym::render {

// Appends `frame` to `out`, its canvas origin at `origin` (pixels of `out`)
// and every length multiplied by `scale`. Shapes are drawn with out's current
// texture (their vertices sit on the atlas's white pixel, so any texture of the
// atlas, or none, gives the same picture); text uses `font` with the texture
// `font_texture` of its atlas, and is skipped when font is null.
void append(ImDrawList& out, const DrawList& frame, ImVec2 origin, float scale, const ImFont* font,
            ImTextureID font_texture);

// The font atlas the rasteriser uses (Dear ImGui's built-in font), built once.
ImFontAtlas& builtin_font_atlas();

}  // namespace gym::render
