// The offscreen rasteriser: draw list -> RGB array, with no display, no GPU
// and no environment variable needed (an SDL software renderer drawing into
// a memory surface). Edges are anti-aliased.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "gym/array.hpp"
#include "gym/draw.hpp"

namespace gym::render {

class Rasteriser {
 public:
  Rasteriser();
  ~Rasteriser();
  Rasteriser(const Rasteriser&) = delete;
  Rasteriser& operator=(const Rasteriser&) = delete;

  // Output size of `frame` at `scale`: {height, width}.
  static std::pair<int, int> size(const DrawList& frame, float scale = 1.0f);
  // The frame as an (H, W, 3) uint8 array.
  Array rasterise(const DrawList& frame, float scale = 1.0f);
  // The same into `rgb` (H * W * 3 bytes, row-major).
  void rasterise(const DrawList& frame, float scale, std::span<uint8_t> rgb);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The SDL library version in use, e.g. "2.26.5".
const char* sdl_version();

}  // namespace gym::render
