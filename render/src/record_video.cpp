#include "gym/render/record_video.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "gym/error.hpp"

namespace gym::render {

namespace fs = std::filesystem;

namespace {

// Claims the first free name among stem.ext, stem-1.ext, stem-2.ext, ... by
// creating it exclusively (O_EXCL): an existing file is never replaced.
fs::path claim_free_name(const fs::path& folder, const std::string& stem, const std::string& ext) {
  for (int k = 0;; ++k) {
    const fs::path path = folder / (k == 0 ? stem + ext : fmt::format("{}-{}{}", stem, k, ext));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd >= 0) {
      ::close(fd);
      return path;
    }
    if (errno != EEXIST)
      throw Error(fmt::format("RecordVideo: cannot create '{}': {}", path.string(), std::strerror(errno)));
  }
}

}  // namespace

bool capped_cubic_video_schedule(int64_t episode) {
  if (episode < 0) return false;
  if (episode >= 1000) return episode % 1000 == 0;
  const auto root = int64_t(std::llround(std::cbrt(double(episode))));
  return root * root * root == episode;
}

EpisodeTrigger every_nth_episode(int64_t k) {
  if (k < 1) throw Error(fmt::format("every_nth_episode: k must be >= 1, got {}", k));
  return [k](int64_t episode) { return episode >= 0 && episode % k == 0; };
}

RecordVideo::RecordVideo(std::unique_ptr<Env> env, fs::path folder, RecordVideoOptions options)
    : Wrapper(std::move(env)), folder_(std::move(folder)), options_(std::move(options)) {
  const std::string& id = env_->spec().id;
  if (env_->render_mode() != RenderMode::kRgbArray)
    throw Error(fmt::format("RecordVideo: {} has render_mode={}, but recording needs its rgb_array frames: make it "
                            "with gym::make(\"{}\", {{{{\"render_mode\", \"rgb_array\"}}}})",
                            id, render_mode_name(env_->render_mode()), id));
  if (options_.format != "gif" && options_.format != "mp4")
    throw Error(fmt::format("RecordVideo: unknown format '{}' (formats: gif, mp4)", options_.format));
  if (options_.name_prefix.empty() || options_.name_prefix.find('/') != std::string::npos)
    throw Error(fmt::format("RecordVideo: name_prefix '{}' must be a non-empty file name without '/'",
                            options_.name_prefix));
  if (!options_.episode_trigger) options_.episode_trigger = capped_cubic_video_schedule;
  if (options_.fps < 0 || !std::isfinite(options_.fps))
    throw Error(fmt::format("RecordVideo: fps must be positive (or 0 for the env's render_fps), got {}", options_.fps));
  fps_ = options_.fps > 0 ? options_.fps : env_->metadata().render_fps > 0 ? env_->metadata().render_fps : 30.0;
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec || !fs::is_directory(folder_))
    throw Error(fmt::format("RecordVideo: cannot create the folder '{}': {}", folder_.string(),
                            ec ? ec.message() : "a file of that name exists"));
}

RecordVideo::~RecordVideo() {
  try {
    close();
  } catch (const std::exception&) {
    // A destructor cannot report it; close() does.
  }
}

ResetResult RecordVideo::reset(std::optional<uint64_t> seed, const Options& options) {
  close();
  ResetResult result = env_->reset(seed, options);
  ++episode_;
  if (options_.episode_trigger(episode_)) start_recording();
  return result;
}

StepResult RecordVideo::step(const Array& action) {
  StepResult result = env_->step(action);
  if (writer_.is_open()) {
    add_frame();
    if (result.terminated || result.truncated) close();
  }
  return result;
}

void RecordVideo::close() {
  if (!writer_.is_open()) return;
  writer_.close();
  recorded_.push_back(current_);
}

void RecordVideo::start_recording() {
  const Array frame = env_->render();
  if (frame.dtype() != DType::kUInt8 || frame.ndim() != 3 || frame.shape()[2] != 3)
    throw Error(fmt::format("RecordVideo: {} rendered a {} array of shape {}, not an (H, W, 3) uint8 frame",
                            env_->spec().id, dtype_name(frame.dtype()), shape_string(frame.shape())));
  const fs::path path =
      claim_free_name(folder_, fmt::format("{}-episode-{}", options_.name_prefix, episode_), "." + options_.format);
  try {
    writer_.open(path, int(frame.shape()[1]), int(frame.shape()[0]), fps_);
    writer_.add_frame(frame);
  } catch (const Error&) {
    writer_ = VideoWriter();
    std::error_code ec;
    fs::remove(path, ec);
    throw;
  }
  current_ = path;
}

void RecordVideo::add_frame() { writer_.add_frame(env_->render()); }

}  // namespace gym::render
