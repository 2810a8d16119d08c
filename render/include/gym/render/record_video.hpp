// RecordVideo: Gymnasium's video-recording wrapper. Episodes chosen by a
// trigger are written to a folder as GIFs (or MP4s), one file per episode,
// from the wrapped env's rgb_array frames:
//
//   auto env = std::make_unique<gym::render::RecordVideo>(
//       gym::make("CartPole-v1", {{"render_mode", "rgb_array"}}), "videos",
//       gym::render::RecordVideoOptions{.episode_trigger = gym::render::every_nth_episode(10)});
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gym/render/image.hpp"
#include "gym/wrappers.hpp"

namespace gym::render {

// Whether episode `episode` (counted from 0, one per reset()) is recorded.
using EpisodeTrigger = std::function<bool(int64_t episode)>;

// Gymnasium's default schedule: episodes 0, 1, 8, 27, ..., 729, 1000 (perfect
// cubes below 1000), then every 1000th.
bool capped_cubic_video_schedule(int64_t episode);
// Episodes 0, k, 2k, ... (k >= 1; k = 1 records every episode).
EpisodeTrigger every_nth_episode(int64_t k);

struct RecordVideoOptions {
  EpisodeTrigger episode_trigger = capped_cubic_video_schedule;
  std::string name_prefix = "rl-video";  // files are <name_prefix>-episode-<i>.<format>
  std::string format = "gif";            // "gif" or "mp4" (mp4 needs ffmpeg on PATH)
  double fps = 0;                        // 0: the env's metadata().render_fps (30 if it has none)
};

class RecordVideo final : public Wrapper {
 public:
  // Creates `folder` (and its parents). Throws unless `env` was made with
  // render_mode=rgb_array, for an unknown format and an fps that is negative
  // or not finite.
  RecordVideo(std::unique_ptr<Env> env, std::filesystem::path folder, RecordVideoOptions options = {});
  // Finishes the episode being recorded (errors are dropped: call close()).
  ~RecordVideo() override;

  // Finishes the episode being recorded, if any; starts recording the new
  // episode with its first frame when the trigger says so.
  ResetResult reset(std::optional<uint64_t> seed = std::nullopt, const Options& options = {}) override;
  // Adds the frame after the step; the file is finished when the episode ends
  // (terminated or truncated).
  StepResult step(const Array& action) override;
  std::string to_string() const override { return "RecordVideo<" + env_->to_string() + ">"; }

  // Finishes the episode being recorded now; throws if writing it failed.
  void close();

  // The files finished so far, in order. A name never replaces an existing
  // file: when <name_prefix>-episode-<i>.<ext> exists (an earlier run into the
  // same folder), the video goes to <name_prefix>-episode-<i>-1.<ext>, then
  // -2, ... (the first free one; the name is claimed by creating the file
  // exclusively, so concurrent recorders cannot take the same one).
  const std::vector<std::filesystem::path>& recorded_files() const { return recorded_; }
  bool is_recording() const { return writer_.is_open(); }
  // The current episode's index (-1 before the first reset).
  int64_t episode_index() const { return episode_; }
  const std::filesystem::path& folder() const { return folder_; }

 private:
  void start_recording();
  void add_frame();

  std::filesystem::path folder_;
  RecordVideoOptions options_;
  double fps_ = 0;
  int64_t episode_ = -1;
  VideoWriter writer_;
  std::filesystem::path current_;
  std::vector<std::filesystem::path> recorded_;
};

}  // namespace gym::render
