// Frames to files: PNG images (stb), animated GIFs (giflib), MP4 videos
// (through an ffmpeg process), and a VideoWriter that picks the format from
// the file name. Frames are what Env::render() returns in the rgb_array mode:
// (H, W, 3) uint8 arrays.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gym/array.hpp"

struct GifFileType;  // giflib

namespace gym::render {

// Writes an (H, W, 3) uint8 array as an 8-bit RGB PNG. Throws gym::Error
// naming the file for another dtype or shape and when the file cannot be
// written.
void write_png(const std::filesystem::path& path, const Array& rgb);
// Reads a PNG as an (H, W, 3) uint8 array (grey and alpha are converted to
// RGB, alpha dropped). Throws for a file that is missing or not a PNG.
Array read_png(const std::filesystem::path& path);

// An animated GIF, written frame by frame: it loops forever, and frame i is
// shown for round(100 (i + 1) / fps) - round(100 i / fps) hundredths of a
// second, so that the average rate is fps (GIF delays are in 1/100 s; many
// viewers show delays under 2/100 s as 10/100 s, so above 50 fps the
// animation plays slower than written).
//
// Each frame has its own palette of at most 256 colours, chosen by a
// variance-minimising median cut over the frame's exact colours: a frame with
// 256 colours or fewer (flat scenes) is stored exactly, and in larger ones
// the dominant colours (a white background, the fill colours) stay exact
// while anti-aliased edges share the remaining entries. No dithering (it
// would speckle flat areas). Only the rectangle that changed since the
// previous frame is stored.
class GifWriter {
 public:
  GifWriter() = default;
  // Same as open().
  GifWriter(const std::filesystem::path& path, int width, int height, double fps);
  ~GifWriter();  // closes, ignoring errors: call close() to see them
  GifWriter(const GifWriter&) = delete;
  GifWriter& operator=(const GifWriter&) = delete;

  // Creates (or truncates) the file. Throws for a size outside 1..65535, an
  // fps that is not positive and finite, or a file that cannot be created.
  void open(const std::filesystem::path& path, int width, int height, double fps);
  // Appends a frame: an (height, width, 3) uint8 array.
  void add_frame(const Array& rgb);
  // Finishes the file; a GIF with no frames is an error (and is removed).
  // Does nothing when not open.
  void close();

  bool is_open() const { return file_ != nullptr; }
  int frame_count() const { return frames_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  [[noreturn]] void fail(const std::string& what);

  ::GifFileType* file_ = nullptr;
  std::filesystem::path path_;
  int width_ = 0, height_ = 0;
  double fps_ = 0;
  int frames_ = 0;
  std::vector<uint8_t> previous_;  // the last frame, to find the rectangle that changed
};

struct GifInfo {
  int width = 0;        // the logical screen's size, pixels
  int height = 0;
  int frame_count = 0;  // images in the file
  int duration_cs = 0;  // the frames' delays summed, in 1/100 s
};

// Size, frame count and duration of a GIF (decodes the whole file).
GifInfo read_gif_info(const std::filesystem::path& path);
// Every frame of a GIF as it is shown, (height, width, 3) uint8 each: frames
// that cover part of the screen are composed over the previous ones, with
// their disposal modes and transparency.
std::vector<Array> read_gif_frames(const std::filesystem::path& path);

// An H.264 MP4 (yuv420p) encoded by an ffmpeg process that reads raw rgb24
// frames from a pipe. yuv420p needs an even width and height: an odd one is
// padded by repeating the last column or row.
class Mp4Writer {
 public:
  Mp4Writer() = default;
  Mp4Writer(const std::filesystem::path& path, int width, int height, double fps);
  ~Mp4Writer();  // closes, ignoring errors: call close() to see them
  Mp4Writer(const Mp4Writer&) = delete;
  Mp4Writer& operator=(const Mp4Writer&) = delete;

  // Starts ffmpeg. Throws when ffmpeg is not on PATH (saying to install it or
  // to write a .gif), for a bad size or fps.
  void open(const std::filesystem::path& path, int width, int height, double fps);
  void add_frame(const Array& rgb);
  // Waits for ffmpeg; throws with ffmpeg's messages when it failed.
  void close();

  bool is_open() const { return pipe_ != nullptr; }
  int frame_count() const { return frames_; }
  const std::filesystem::path& path() const { return path_; }
  // Whether an ffmpeg executable is on PATH.
  static bool ffmpeg_available();

 private:
  [[noreturn]] void fail(const std::string& what);
  std::string ffmpeg_messages() const;

  std::FILE* pipe_ = nullptr;
  std::filesystem::path path_, log_;
  int width_ = 0, height_ = 0;
  int frames_ = 0;
  std::vector<uint8_t> padded_;
};

// Writes frames to the format named by the path:
//   *.gif          an animated GIF (GifWriter)
//   *.mp4          an H.264 video (Mp4Writer, needs ffmpeg)
//   dir/%04d.png   one PNG per frame, numbered from 0 (a printf-style %d,
//                  optionally zero-padded, and a .png extension); the folder
//                  is created
// Any other name is an error that lists these.
class VideoWriter {
 public:
  VideoWriter();
  VideoWriter(const std::filesystem::path& path, int width, int height, double fps);
  ~VideoWriter();
  VideoWriter(VideoWriter&&) noexcept;
  VideoWriter& operator=(VideoWriter&&) noexcept;

  void open(const std::filesystem::path& path, int width, int height, double fps);
  void add_frame(const Array& rgb);
  void close();

  bool is_open() const;
  int frame_count() const;  // frames added since open(), also after close()
  // The formats, for messages: ".gif, .mp4, a PNG pattern such as frames/%04d.png".
  static std::string supported_formats();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gym::render
