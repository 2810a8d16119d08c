#include "gym/render/imgui_draw.hpp"

#include <vector>

#include <imgui_internal.h>

namespace gym::render {

namespace {

ImU32 to_imgui(Color c) { return IM_COL32(c.r, c.g, c.b, c.a); }

float cross(ImVec2 o, ImVec2 a, ImVec2 b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool is_convex(const ImVec2* p, int n) {
  int sign = 0;
  for (int i = 0; i < n; ++i) {
    const float c = cross(p[i], p[(i + 1) % n], p[(i + 2) % n]);
    if (c == 0.0f) continue;
    const int s = c > 0 ? 1 : -1;
    if (sign == 0) sign = s;
    else if (s != sign) return false;
  }
  return true;
}

// Ear clipping of a simple polygon into triangles (indices into p).
std::vector<int> triangulate(const ImVec2* p, int n) {
  std::vector<int> idx(static_cast<std::size_t>(n));
  std::vector<int> tris;
  for (int i = 0; i < n; ++i) idx[std::size_t(i)] = i;
  float area = 0;
  for (int i = 0; i < n; ++i) area += cross(ImVec2(0, 0), p[i], p[(i + 1) % n]);
  const float orient = area >= 0 ? 1.0f : -1.0f;
  auto inside = [&](ImVec2 q, ImVec2 a, ImVec2 b, ImVec2 c) {
    return orient * cross(a, b, q) >= 0 && orient * cross(b, c, q) >= 0 && orient * cross(c, a, q) >= 0;
  };
  int guard = 0;
  while (idx.size() > 3 && guard < n * n) {
    ++guard;
    const std::size_t m = idx.size();
    bool clipped = false;
    for (std::size_t k = 0; k < m; ++k) {
      const int a = idx[(k + m - 1) % m], b = idx[k], c = idx[(k + 1) % m];
      if (orient * cross(p[a], p[b], p[c]) <= 0) continue;  // reflex
      bool ear = true;
      for (int j : idx)
        if (j != a && j != b && j != c && inside(p[j], p[a], p[b], p[c])) {
          ear = false;
          break;
        }
      if (!ear) continue;
      tris.insert(tris.end(), {a, b, c});
      idx.erase(idx.begin() + std::ptrdiff_t(k));
      clipped = true;
      break;
    }
    if (!clipped) break;  // not a simple polygon: give up on the rest
  }
  if (idx.size() == 3) tris.insert(tris.end(), {idx[0], idx[1], idx[2]});
  return tris;
}

// A concave polygon: its triangles without anti-aliasing, then an
// anti-aliased outline, as pygame's filled_polygon + aapolygon do.
void concave_polygon(ImDrawList& out, const ImVec2* p, int n, ImU32 col) {
  const std::vector<int> tris = triangulate(p, n);
  const ImVec2 uv = out._Data->TexUvWhitePixel;
  out.PrimReserve(int(tris.size()), int(tris.size()));
  for (std::size_t k = 0; k < tris.size(); ++k) {
    out.PrimWriteIdx(ImDrawIdx(out._VtxCurrentIdx));
    out.PrimWriteVtx(p[tris[k]], uv, col);
  }
  out.AddPolyline(p, n, col, ImDrawFlags_Closed, 1.0f);
}

}  // namespace

void append(ImDrawList& out, const DrawList& frame, ImVec2 origin, float scale, const ImFont* font,
            ImTextureID font_texture) {
  std::vector<ImVec2> pts;
  auto map = [&](Vec2 v) { return ImVec2(origin.x + v.x * scale, origin.y + v.y * scale); };
  for (const DrawList::Primitive& prim : frame.primitives()) {
    const auto src = frame.points(prim);
    pts.resize(src.size());
    for (std::size_t i = 0; i < src.size(); ++i) pts[i] = map(src[i]);
    const ImU32 col = to_imgui(prim.color);
    const int n = int(pts.size());
    switch (prim.kind) {
      case DrawList::Kind::kPolygon:
        if (is_convex(pts.data(), n)) out.AddConvexPolyFilled(pts.data(), n, col);
        else concave_polygon(out, pts.data(), n, col);
        break;
      case DrawList::Kind::kPolyline:
        out.AddPolyline(pts.data(), n, col, prim.closed ? ImDrawFlags_Closed : ImDrawFlags_None,
                        prim.thickness * scale);
        break;
      case DrawList::Kind::kCircle:
        if (prim.filled) out.AddCircleFilled(pts[0], prim.radius * scale, col);
        else out.AddCircle(pts[0], prim.radius * scale, col, 0, prim.thickness * scale);
        break;
      case DrawList::Kind::kText:
        if (font) {
          const std::string& s = frame.text_of(prim);
          // ImFont::RenderText rather than AddText: the atlas is shared by
          // renderers that each hold their own texture of it.
          out.PushTextureID(font_texture);
          font->RenderText(&out, prim.radius * scale, pts[0], col, out._CmdHeader.ClipRect, s.data(),
                           s.data() + s.size());
          out.PopTextureID();
        }
        break;
    }
  }
}

ImFontAtlas& builtin_font_atlas() {
  static ImFontAtlas* atlas = [] {
    auto* a = new ImFontAtlas();  // lives as long as the program: rasterisers on any thread use it
    a->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    a->GetTexDataAsRGBA32(&pixels, &w, &h);
    return a;
  }();
  return *atlas;
}

}  // namespace gym::render
