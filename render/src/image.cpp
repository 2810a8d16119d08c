#include "gym/render/image.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <gif_lib.h>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "gym/error.hpp"

namespace gym::render {

namespace fs = std::filesystem;

namespace {

// ---- frames -----------------------------------------------------------------

void check_rgb(const Array& rgb, const std::string& who) {
  const Shape& s = rgb.shape();
  if (rgb.dtype() != DType::kUInt8 || s.size() != 3 || s[2] != 3 || s[0] < 1 || s[1] < 1)
    throw Error(fmt::format("{}: a frame must be an (H, W, 3) uint8 array with H, W >= 1, got {} of shape {}", who,
                            dtype_name(rgb.dtype()), shape_string(s)));
}

// A frame for a writer of a fixed size: right dtype, shape and size.
void check_frame(const Array& rgb, const fs::path& path, int width, int height, int index) {
  const std::string who = fmt::format("'{}'", path.string());
  check_rgb(rgb, who);
  const Shape& s = rgb.shape();
  if (s[0] != height || s[1] != width)
    throw Error(fmt::format("{}: frame {} is {}x{} (shape {}), but the video is {}x{}: every frame must have the "
                            "size the writer was opened with",
                            who, index, s[1], s[0], shape_string(s), width, height));
}

void check_size(const fs::path& path, int width, int height, double fps, int max_side) {
  if (width < 1 || height < 1 || width > max_side || height > max_side)
    throw Error(fmt::format("'{}': a frame size of {}x{} is outside 1..{} pixels per side", path.string(), width,
                            height, max_side));
  if (!(fps > 0) || !std::isfinite(fps))
    throw Error(fmt::format("'{}': fps must be positive and finite, got {}", path.string(), fps));
}

std::string errno_text() { return std::strerror(errno); }

// ---- colour quantisation ----------------------------------------------------

uint32_t pack(const uint8_t* p) { return uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]; }
int channel(uint32_t c, int k) { return int(c >> (16 - 8 * k)) & 0xFF; }

struct Palette {
  std::vector<uint32_t> colors;  // packed 0xRRGGBB, at most 256
  std::vector<uint8_t> indices;  // one per pixel
};

// A box of the median cut: a range of distinct colours with their statistics.
struct Box {
  std::size_t begin = 0, end = 0;
  double n = 0;                        // pixels
  std::array<double, 3> sum{}, sq{};   // per channel: sum of values, of squares (pixel-weighted)
  double sse() const {
    double e = 0;
    for (int k = 0; k < 3; ++k) e += sq[k] - sum[k] * sum[k] / n;
    return e;
  }
};

struct ColorCount {
  uint32_t color;
  uint32_t count;
};

Box make_box(const std::vector<ColorCount>& c, std::size_t begin, std::size_t end) {
  Box b{begin, end};
  for (std::size_t i = begin; i < end; ++i) {
    const double w = c[i].count;
    b.n += w;
    for (int k = 0; k < 3; ++k) {
      const double v = channel(c[i].color, k);
      b.sum[k] += w * v;
      b.sq[k] += w * v * v;
    }
  }
  return b;
}

// Splits the box along its channel of largest variance, at the point that
// minimises the two halves' summed squared error. Needs two colours or more.
std::pair<Box, Box> split(std::vector<ColorCount>& c, const Box& box) {
  int axis = 0;
  double best_var = -1;
  for (int k = 0; k < 3; ++k) {
    const double var = box.sq[k] - box.sum[k] * box.sum[k] / box.n;
    if (var > best_var) best_var = var, axis = k;
  }
  std::sort(c.begin() + std::ptrdiff_t(box.begin), c.begin() + std::ptrdiff_t(box.end),
            [axis](const ColorCount& a, const ColorCount& b) { return channel(a.color, axis) < channel(b.color, axis); });
  Box left{box.begin, box.begin};
  std::size_t best_cut = box.begin + 1;
  double best_err = std::numeric_limits<double>::infinity();
  for (std::size_t i = box.begin; i + 1 < box.end; ++i) {
    const double w = c[i].count;
    left.n += w;
    for (int k = 0; k < 3; ++k) {
      const double v = channel(c[i].color, k);
      left.sum[k] += w * v;
      left.sq[k] += w * v * v;
    }
    // Cut only between different values on the axis, so equal values stay together.
    if (channel(c[i].color, axis) == channel(c[i + 1].color, axis)) continue;
    Box right = box;
    right.n -= left.n;
    for (int k = 0; k < 3; ++k) right.sum[k] -= left.sum[k], right.sq[k] -= left.sq[k];
    const double err = left.sse() + right.sse();
    if (err < best_err) best_err = err, best_cut = i + 1;
  }
  return {make_box(c, box.begin, best_cut), make_box(c, best_cut, box.end)};
}

// Above this many distinct colours, each keeps its median-cut box's entry
// rather than searching all 256 for the nearest (time, for photo-like frames).
constexpr std::size_t kNearestSearchLimit = 16384;

// The palette index of every pixel, from the index of each distinct colour.
Palette map_pixels(const std::vector<uint32_t>& pixels, const std::vector<ColorCount>& distinct,
                   const std::vector<uint8_t>& index_of, Palette out) {
  out.indices.resize(pixels.size());
  for (std::size_t p = 0; p < pixels.size(); ++p) {
    const auto it = std::lower_bound(distinct.begin(), distinct.end(), pixels[p],
                                     [](const ColorCount& a, uint32_t c) { return a.color < c; });
    out.indices[p] = index_of[std::size_t(it - distinct.begin())];
  }
  return out;
}

// At most 256 colours for `pixels` (packed 0xRRGGBB). Exact when the pixels
// have 256 colours or fewer; otherwise a median cut that splits the box of
// largest squared error until there are 256, each colour then mapped to its
// nearest palette entry (to its box's entry above kNearestSearchLimit colours).
Palette quantise(const std::vector<uint32_t>& pixels) {
  std::vector<uint32_t> sorted = pixels;
  std::sort(sorted.begin(), sorted.end());
  std::vector<ColorCount> distinct;
  for (uint32_t c : sorted) {
    if (distinct.empty() || distinct.back().color != c) distinct.push_back({c, 0});
    ++distinct.back().count;
  }

  Palette out;
  std::vector<uint8_t> index_of(distinct.size());  // per distinct colour, in sorted order
  if (distinct.size() <= 256) {
    for (std::size_t i = 0; i < distinct.size(); ++i) {
      out.colors.push_back(distinct[i].color);
      index_of[i] = uint8_t(i);
    }
  } else {
    std::vector<ColorCount> work = distinct;
    std::vector<Box> boxes{make_box(work, 0, work.size())};
    while (boxes.size() < 256) {
      std::size_t worst = boxes.size();
      double worst_err = 0;
      for (std::size_t i = 0; i < boxes.size(); ++i) {
        if (boxes[i].end - boxes[i].begin < 2) continue;
        const double e = boxes[i].sse();
        if (e > worst_err) worst_err = e, worst = i;
      }
      if (worst == boxes.size()) break;
      auto [a, b] = split(work, boxes[worst]);
      boxes[worst] = a;
      boxes.push_back(b);
    }
    for (const Box& b : boxes) {
      uint32_t c = 0;
      for (int k = 0; k < 3; ++k) c = c << 8 | uint32_t(std::clamp(std::lround(b.sum[k] / b.n), 0L, 255L));
      out.colors.push_back(c);
    }
    // Each colour goes to its box's entry; with few enough colours, to the
    // nearest entry, which is sometimes another box's.
    std::vector<std::pair<uint32_t, uint8_t>> box_of;
    box_of.reserve(work.size());
    for (std::size_t b = 0; b < boxes.size(); ++b)
      for (std::size_t i = boxes[b].begin; i < boxes[b].end; ++i) box_of.emplace_back(work[i].color, uint8_t(b));
    std::sort(box_of.begin(), box_of.end());
    for (std::size_t i = 0; i < distinct.size(); ++i) index_of[i] = box_of[i].second;
    if (distinct.size() > kNearestSearchLimit) return map_pixels(pixels, distinct, index_of, std::move(out));
    for (std::size_t i = 0; i < distinct.size(); ++i) {
      int best = index_of[i];
      long best_d = 0;
      for (int k = 0; k < 3; ++k) {
        const long e = channel(distinct[i].color, k) - channel(out.colors[std::size_t(best)], k);
        best_d += e * e;
      }
      for (std::size_t j = 0; j < out.colors.size() && best_d > 0; ++j) {
        long d = 0;
        for (int k = 0; k < 3; ++k) {
          const long e = channel(distinct[i].color, k) - channel(out.colors[j], k);
          d += e * e;
        }
        if (d < best_d) best_d = d, best = int(j);
      }
      index_of[i] = uint8_t(best);
    }
  }
  return map_pixels(pixels, distinct, index_of, std::move(out));
}

// ---- GIF reading ------------------------------------------------------------

struct GifDecoder {
  GifFileType* gif = nullptr;
  explicit GifDecoder(const fs::path& path) {
    if (!fs::exists(path)) throw Error(fmt::format("'{}': no such file", path.string()));
    int err = 0;
    gif = DGifOpenFileName(path.c_str(), &err);
    if (!gif) throw Error(fmt::format("'{}': cannot read it as a GIF: {}", path.string(), GifErrorString(err)));
    if (DGifSlurp(gif) != GIF_OK) {
      const std::string why = GifErrorString(gif->Error);
      DGifCloseFile(gif, &err);
      throw Error(fmt::format("'{}': not a valid GIF: {}", path.string(), why));
    }
  }
  ~GifDecoder() {
    int err = 0;
    DGifCloseFile(gif, &err);
  }
  GifDecoder(const GifDecoder&) = delete;
  GifDecoder& operator=(const GifDecoder&) = delete;
};

// ---- ffmpeg -----------------------------------------------------------------

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') out += "'\\''";
    else out += ch;
  }
  return out + "'";
}

// Blocks SIGPIPE in this thread while writing to the ffmpeg pipe, so that an
// ffmpeg that has exited makes the write fail with EPIPE rather than kill the
// process; a SIGPIPE raised meanwhile is consumed.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~SigpipeBlock() {
    if (!was_pending_) {
      const timespec zero{};
      while (sigtimedwait(&set_, nullptr, &zero) > 0) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t set_{}, old_{};
  bool was_pending_ = false;
};

// ---- PNG sequences ----------------------------------------------------------

// A file-name pattern with one printf-style integer slot: "%d" or "%0Nd"
// (and "%%" for a literal percent sign).
struct NamePattern {
  std::string before, after;
  int width = 0;  // zero-padded to this many digits

  static std::optional<NamePattern> parse(const std::string& name) {
    NamePattern p;
    bool have_slot = false;
    std::string* part = &p.before;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (name[i] != '%') {
        *part += name[i];
        continue;
      }
      if (i + 1 < name.size() && name[i + 1] == '%') {
        *part += '%';
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      int width = 0;
      if (j < name.size() && name[j] == '0') ++j;
      while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j])) && width < 100)
        width = width * 10 + (name[j++] - '0');
      if (have_slot || j >= name.size() || name[j] != 'd' || width > 9) return std::nullopt;
      have_slot = true;
      p.width = width;
      part = &p.after;
      i = j;
    }
    if (!have_slot) return std::nullopt;
    return p;
  }
  std::string format(int i) const { return before + fmt::format("{:0{}d}", i, width) + after; }
};

}  // namespace

// ---- PNG --------------------------------------------------------------------

void write_png(const fs::path& path, const Array& rgb) {
  check_rgb(rgb, fmt::format("write_png '{}'", path.string()));
  const int h = int(rgb.shape()[0]), w = int(rgb.shape()[1]);
  if (!stbi_write_png(path.c_str(), w, h, 3, rgb.data<uint8_t>().data(), w * 3)) {
    // stb says nothing about why: ask the file system.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const std::string why = fd < 0 ? errno_text() : "write failed (disk full?)";
    if (fd >= 0) ::close(fd);
    throw Error(fmt::format("write_png: cannot write '{}': {}", path.string(), why));
  }
}

Array read_png(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(fmt::format("read_png: cannot open '{}': {}", path.string(), errno_text()));
  static constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  char head[8] = {};
  file.read(head, 8);
  if (file.gcount() != 8 || std::memcmp(head, kSignature, 8) != 0)
    throw Error(fmt::format("read_png: '{}' is not a PNG file (no PNG signature)", path.string()));
  int w = 0, h = 0, channels = 0;
  uint8_t* pixels = stbi_load(path.c_str(), &w, &h, &channels, 3);
  if (!pixels) throw Error(fmt::format("read_png: '{}' is not a valid PNG: {}", path.string(), stbi_failure_reason()));
  Array out(DType::kUInt8, Shape{h, w, 3});
  std::memcpy(out.data<uint8_t>().data(), pixels, std::size_t(w) * std::size_t(h) * 3);
  stbi_image_free(pixels);
  return out;
}

// ---- GIF writing ------------------------------------------------------------

GifWriter::GifWriter(const fs::path& path, int width, int height, double fps) { open(path, width, height, fps); }

GifWriter::~GifWriter() {
  try {
    close();
  } catch (const Error&) {
    // A destructor cannot report it; close() does.
  }
}

void GifWriter::fail(const std::string& what) {
  int err = 0;
  EGifCloseFile(file_, &err);
  file_ = nullptr;
  std::error_code ec;
  fs::remove(path_, ec);
  throw Error(fmt::format("GifWriter: '{}': {}", path_.string(), what));
}

void GifWriter::open(const fs::path& path, int width, int height, double fps) {
  close();
  check_size(path, width, height, fps, 65535);
  // Opened here rather than by giflib, which would create the file with mode 0600.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) throw Error(fmt::format("GifWriter: cannot create '{}': {}", path.string(), errno_text()));
  int err = 0;
  GifFileType* gif = EGifOpenFileHandle(fd, &err);
  if (!gif) {
    ::close(fd);
    throw Error(fmt::format("GifWriter: cannot create '{}': {}", path.string(), GifErrorString(err)));
  }
  file_ = gif;
  path_ = path;
  width_ = width;
  height_ = height;
  fps_ = fps;
  frames_ = 0;
  previous_.clear();
  EGifSetGifVersion(file_, true);
  if (EGifPutScreenDesc(file_, width, height, 8, 0, nullptr) != GIF_OK) fail(GifErrorString(file_->Error));
  // Netscape's application extension: loop forever.
  static const unsigned char kNetscape[] = "NETSCAPE2.0";
  static const unsigned char kLoopForever[3] = {1, 0, 0};
  if (EGifPutExtensionLeader(file_, APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
      EGifPutExtensionBlock(file_, 11, kNetscape) != GIF_OK ||
      EGifPutExtensionBlock(file_, 3, kLoopForever) != GIF_OK || EGifPutExtensionTrailer(file_) != GIF_OK)
    fail(GifErrorString(file_->Error));
}

void GifWriter::add_frame(const Array& rgb) {
  if (!file_) throw Error("GifWriter::add_frame: the writer is not open");
  check_frame(rgb, path_, width_, height_, frames_);
  const uint8_t* px = rgb.data<uint8_t>().data();
  const std::size_t row_bytes = std::size_t(width_) * 3;

  // The rectangle that changed since the previous frame (all of the first).
  int x0 = 0, y0 = 0, x1 = width_, y1 = height_;
  if (!previous_.empty()) {
    x0 = width_, y0 = height_, x1 = 0, y1 = 0;
    for (int y = 0; y < height_; ++y) {
      const uint8_t* a = px + std::size_t(y) * row_bytes;
      const uint8_t* b = previous_.data() + std::size_t(y) * row_bytes;
      if (std::memcmp(a, b, row_bytes) == 0) continue;
      y0 = std::min(y0, y), y1 = y + 1;
      int l = 0, r = width_;
      while (std::memcmp(a + 3 * l, b + 3 * l, 3) == 0) ++l;
      while (std::memcmp(a + 3 * (r - 1), b + 3 * (r - 1), 3) == 0) --r;
      x0 = std::min(x0, l), x1 = std::max(x1, r);
    }
    if (y1 == 0) x0 = 0, y0 = 0, x1 = 1, y1 = 1;  // unchanged: a GIF image needs one pixel at least
  }
  const int w = x1 - x0, h = y1 - y0;
  std::vector<uint32_t> pixels;
  pixels.reserve(std::size_t(w) * std::size_t(h));
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) pixels.push_back(pack(px + std::size_t(y) * row_bytes + 3 * std::size_t(x)));
  Palette palette = quantise(pixels);

  // giflib wants a power-of-two colour table of 2 entries or more.
  const int table = 1 << GifBitSize(std::max<int>(2, int(palette.colors.size())));
  std::vector<GifColorType> colors(std::size_t(table), GifColorType{0, 0, 0});
  for (std::size_t i = 0; i < palette.colors.size(); ++i)
    colors[i] = GifColorType{uint8_t(palette.colors[i] >> 16), uint8_t(palette.colors[i] >> 8),
                             uint8_t(palette.colors[i])};
  ColorMapObject* map = GifMakeMapObject(table, colors.data());
  if (!map) fail("out of memory");

  // Frame i lasts round(100 (i + 1) / fps) - round(100 i / fps) hundredths.
  GraphicsControlBlock gcb{};
  gcb.DisposalMode = DISPOSE_DO_NOT;
  gcb.UserInputFlag = false;
  gcb.TransparentColor = NO_TRANSPARENT_COLOR;
  gcb.DelayTime = int(std::lround(100.0 * (frames_ + 1) / fps_) - std::lround(100.0 * frames_ / fps_));
  GifByteType ext[4];
  const std::size_t ext_len = EGifGCBToExtension(&gcb, ext);
  const bool ok = EGifPutExtension(file_, GRAPHICS_EXT_FUNC_CODE, int(ext_len), ext) == GIF_OK &&
                  EGifPutImageDesc(file_, x0, y0, w, h, false, map) == GIF_OK &&
                  EGifPutLine(file_, palette.indices.data(), w * h) == GIF_OK;
  GifFreeMapObject(map);
  if (!ok) fail(GifErrorString(file_->Error));
  previous_.assign(px, px + row_bytes * std::size_t(height_));
  ++frames_;
}

void GifWriter::close() {
  if (!file_) return;
  if (frames_ == 0) fail("no frames were added (the file is removed)");
  int err = 0;
  const int rc = EGifCloseFile(file_, &err);
  file_ = nullptr;
  previous_.clear();
  if (rc != GIF_OK)
    throw Error(fmt::format("GifWriter: cannot finish '{}': {}", path_.string(), GifErrorString(err)));
}

// ---- GIF reading ------------------------------------------------------------

GifInfo read_gif_info(const fs::path& path) {
  const GifDecoder d(path);
  GifInfo info{d.gif->SWidth, d.gif->SHeight, d.gif->ImageCount, 0};
  for (int i = 0; i < d.gif->ImageCount; ++i) {
    GraphicsControlBlock gcb{};
    if (DGifSavedExtensionToGCB(d.gif, i, &gcb) == GIF_OK) info.duration_cs += gcb.DelayTime;
  }
  return info;
}

std::vector<Array> read_gif_frames(const fs::path& path) {
  const GifDecoder d(path);
  const GifFileType* gif = d.gif;
  const int W = gif->SWidth, H = gif->SHeight;
  GifColorType background{0, 0, 0};
  if (gif->SColorMap && gif->SBackGroundColor < gif->SColorMap->ColorCount)
    background = gif->SColorMap->Colors[gif->SBackGroundColor];
  std::vector<uint8_t> canvas(std::size_t(W) * std::size_t(H) * 3);
  for (std::size_t i = 0; i < canvas.size(); i += 3) canvas[i] = background.Red, canvas[i + 1] = background.Green,
                                                     canvas[i + 2] = background.Blue;
  std::vector<Array> frames;
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& image = gif->SavedImages[i];
    const GifImageDesc& desc = image.ImageDesc;
    GraphicsControlBlock gcb{};
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    DGifSavedExtensionToGCB(const_cast<GifFileType*>(gif), i, &gcb);
    const ColorMapObject* map = desc.ColorMap ? desc.ColorMap : gif->SColorMap;
    if (!map) throw Error(fmt::format("'{}': frame {} has no colour table", path.string(), i));
    const std::vector<uint8_t> saved = gcb.DisposalMode == DISPOSE_PREVIOUS ? canvas : std::vector<uint8_t>{};
    for (int y = 0; y < desc.Height; ++y) {
      for (int x = 0; x < desc.Width; ++x) {
        const int cx = desc.Left + x, cy = desc.Top + y;
        const int index = image.RasterBits[std::size_t(y) * std::size_t(desc.Width) + std::size_t(x)];
        if (cx >= W || cy >= H || index == gcb.TransparentColor || index >= map->ColorCount) continue;
        uint8_t* dst = canvas.data() + (std::size_t(cy) * std::size_t(W) + std::size_t(cx)) * 3;
        dst[0] = map->Colors[index].Red, dst[1] = map->Colors[index].Green, dst[2] = map->Colors[index].Blue;
      }
    }
    Array frame(DType::kUInt8, Shape{H, W, 3});
    std::memcpy(frame.data<uint8_t>().data(), canvas.data(), canvas.size());
    frames.push_back(std::move(frame));
    if (gcb.DisposalMode == DISPOSE_BACKGROUND) {
      for (int y = desc.Top; y < std::min(H, desc.Top + desc.Height); ++y)
        for (int x = desc.Left; x < std::min(W, desc.Left + desc.Width); ++x) {
          uint8_t* dst = canvas.data() + (std::size_t(y) * std::size_t(W) + std::size_t(x)) * 3;
          dst[0] = background.Red, dst[1] = background.Green, dst[2] = background.Blue;
        }
    } else if (gcb.DisposalMode == DISPOSE_PREVIOUS) {
      canvas = saved;
    }
  }
  return frames;
}

// ---- MP4 --------------------------------------------------------------------

bool Mp4Writer::ffmpeg_available() {
  const char* env = std::getenv("PATH");
  const std::string path = env ? env : "";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    const std::string dir = end > start ? path.substr(start, end - start) : ".";
    const std::string exe = dir + "/ffmpeg";
    std::error_code ec;
    if (fs::is_regular_file(exe, ec) && ::access(exe.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

Mp4Writer::Mp4Writer(const fs::path& path, int width, int height, double fps) { open(path, width, height, fps); }

Mp4Writer::~Mp4Writer() {
  try {
    close();
  } catch (const Error&) {
    // A destructor cannot report it; close() does.
  }
}

std::string Mp4Writer::ffmpeg_messages() const {
  std::ifstream log(log_);
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > 2000) text = "..." + text.substr(text.size() - 2000);
  return text.empty() ? "(no message)" : text;
}

void Mp4Writer::fail(const std::string& what) {
  if (pipe_) {
    const SigpipeBlock block;
    pclose(pipe_);
    pipe_ = nullptr;
  }
  const std::string messages = ffmpeg_messages();
  std::error_code ec;
  fs::remove(log_, ec);
  throw Error(fmt::format("Mp4Writer: '{}': {}; ffmpeg said: {}", path_.string(), what, messages));
}

void Mp4Writer::open(const fs::path& path, int width, int height, double fps) {
  close();
  check_size(path, width, height, fps, 16384);
  if (!ffmpeg_available())
    throw Error(fmt::format("Mp4Writer: cannot write '{}': ffmpeg was not found on PATH; install it "
                            "(apt-get install ffmpeg) or write a .gif instead",
                            path.string()));
  std::string log_name = (fs::temp_directory_path() / "gympp-ffmpeg-XXXXXX").string();
  const int fd = ::mkstemp(log_name.data());
  if (fd < 0) throw Error(fmt::format("Mp4Writer: cannot create a log file in {}: {}", log_name, errno_text()));
  ::close(fd);
  log_ = log_name;
  path_ = path;
  width_ = width;
  height_ = height;
  frames_ = 0;
  // yuv420p halves the chroma resolution: the encoded size is even.
  const int even_w = width + (width & 1), even_h = height + (height & 1);
  padded_.assign(even_w != width || even_h != height ? std::size_t(even_w) * std::size_t(even_h) * 3 : 0, 0);
  const std::string command = fmt::format(
      "ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt rgb24 -s {}x{} -r {} -i - -an -c:v libx264 "
      "-pix_fmt yuv420p -crf 18 -movflags +faststart {} 2> {}",
      even_w, even_h, fps, shell_quote(path.string()), shell_quote(log_.string()));
  pipe_ = popen(command.c_str(), "w");
  if (!pipe_) {
    std::error_code ec;
    fs::remove(log_, ec);
    throw Error(fmt::format("Mp4Writer: cannot start ffmpeg for '{}': {}", path.string(), errno_text()));
  }
}

void Mp4Writer::add_frame(const Array& rgb) {
  if (!pipe_) throw Error("Mp4Writer::add_frame: the writer is not open");
  check_frame(rgb, path_, width_, height_, frames_);
  const uint8_t* data = rgb.data<uint8_t>().data();
  std::size_t bytes = std::size_t(width_) * std::size_t(height_) * 3;
  if (!padded_.empty()) {
    // Odd sizes: repeat the last column and the last row.
    const int even_w = width_ + (width_ & 1), even_h = height_ + (height_ & 1);
    for (int y = 0; y < even_h; ++y) {
      const uint8_t* src = data + std::size_t(std::min(y, height_ - 1)) * std::size_t(width_) * 3;
      uint8_t* dst = padded_.data() + std::size_t(y) * std::size_t(even_w) * 3;
      std::memcpy(dst, src, std::size_t(width_) * 3);
      if (even_w != width_) std::memcpy(dst + std::size_t(width_) * 3, src + std::size_t(width_ - 1) * 3, 3);
    }
    data = padded_.data();
    bytes = padded_.size();
  }
  std::size_t written = 0;
  {
    const SigpipeBlock block;
    written = std::fwrite(data, 1, bytes, pipe_);
  }
  if (written != bytes) fail(fmt::format("ffmpeg stopped reading at frame {}", frames_));
  ++frames_;
}

void Mp4Writer::close() {
  if (!pipe_) return;
  if (frames_ == 0) fail("no frames were added");
  int status = 0;
  {
    const SigpipeBlock block;
    status = pclose(pipe_);
  }
  pipe_ = nullptr;
  if (status != 0) fail(fmt::format("ffmpeg failed (exit status {})", WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  std::error_code ec;
  fs::remove(log_, ec);
}

// ---- VideoWriter ------------------------------------------------------------

struct VideoWriter::Impl {
  std::unique_ptr<GifWriter> gif;
  std::unique_ptr<Mp4Writer> mp4;
  // PNG frames
  fs::path png_folder;
  std::optional<NamePattern> png_name;
  fs::path pattern;
  int width = 0, height = 0;
  int frames = 0;  // added since open()
};

VideoWriter::VideoWriter() : impl_(std::make_unique<Impl>()) {}
VideoWriter::VideoWriter(const fs::path& path, int width, int height, double fps) : VideoWriter() {
  open(path, width, height, fps);
}
VideoWriter::~VideoWriter() = default;
VideoWriter::VideoWriter(VideoWriter&&) noexcept = default;
VideoWriter& VideoWriter::operator=(VideoWriter&&) noexcept = default;

std::string VideoWriter::supported_formats() { return ".gif, .mp4, or a PNG pattern such as frames/%04d.png"; }

void VideoWriter::open(const fs::path& path, int width, int height, double fps) {
  close();
  impl_->frames = 0;
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  const std::string name = path.filename().string();
  if (ext == ".gif") {
    impl_->gif = std::make_unique<GifWriter>(path, width, height, fps);
  } else if (ext == ".mp4") {
    impl_->mp4 = std::make_unique<Mp4Writer>(path, width, height, fps);
  } else if (ext == ".png" && name.find('%') != std::string::npos) {
    auto pattern = NamePattern::parse(name);
    if (!pattern)
      throw Error(fmt::format("VideoWriter: '{}': a PNG pattern needs one %d or %0Nd (N <= 9) in the file name, "
                              "e.g. frames/%04d.png",
                              path.string()));
    check_size(path, width, height, fps, 1 << 20);
    const fs::path folder = path.parent_path();
    std::error_code ec;
    if (!folder.empty() && !fs::create_directories(folder, ec) && ec)
      throw Error(fmt::format("VideoWriter: cannot create the folder '{}': {}", folder.string(), ec.message()));
    impl_->png_folder = folder;
    impl_->png_name = std::move(pattern);
    impl_->pattern = path;
    impl_->width = width;
    impl_->height = height;
  } else if (ext == ".png") {
    throw Error(fmt::format("VideoWriter: '{}' is one image: write frames to a pattern such as frames/%04d.png, "
                            "or a single frame with write_png",
                            path.string()));
  } else {
    throw Error(fmt::format("VideoWriter: cannot write '{}': unknown format '{}'; supported: {}", path.string(),
                            ext.empty() ? "(no extension)" : ext, supported_formats()));
  }
}

void VideoWriter::add_frame(const Array& rgb) {
  if (impl_->gif) {
    impl_->gif->add_frame(rgb);
  } else if (impl_->mp4) {
    impl_->mp4->add_frame(rgb);
  } else if (impl_->png_name) {
    check_frame(rgb, impl_->pattern, impl_->width, impl_->height, impl_->frames);
    write_png(impl_->png_folder / impl_->png_name->format(impl_->frames), rgb);
  } else {
    throw Error("VideoWriter::add_frame: the writer is not open");
  }
  ++impl_->frames;
}

void VideoWriter::close() {
  // Forget the writer even when closing it fails.
  std::unique_ptr<GifWriter> gif = std::move(impl_->gif);
  std::unique_ptr<Mp4Writer> mp4 = std::move(impl_->mp4);
  impl_->png_name.reset();
  if (gif) gif->close();
  if (mp4) mp4->close();
}

bool VideoWriter::is_open() const { return impl_->gif || impl_->mp4 || impl_->png_name; }

int VideoWriter::frame_count() const { return impl_->frames; }

}  // namespace gym::render
