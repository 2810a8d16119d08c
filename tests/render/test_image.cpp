// render/include/gym/render/image.hpp and record_video.hpp: PNG, GIF, MP4 and
// PNG-sequence output, the RecordVideo wrapper, and `gym render`.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "gym/cli.hpp"
#include "gym/policies.hpp"
#include "gym/registry.hpp"
#include "gym/render/image.hpp"
#include "gym/render/record_video.hpp"
#include "support.hpp"

using Catch::Matchers::Contains;
using gym::Array;
using gym::DType;
using gym::Shape;
using gym::test::error_of;
namespace fs = std::filesystem;
namespace gr = gym::render;

namespace {

// A fresh folder under the system's temporary directory, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("gympp-test-image-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path operator/(const std::string& name) const { return path / name; }
};

// An (h, w, 3) frame: background `bg`, and a filled square of `fg` at (x, y).
Array square_frame(int h, int w, int x, int y, int side, std::array<uint8_t, 3> bg, std::array<uint8_t, 3> fg) {
  Array a(DType::kUInt8, Shape{h, w, 3});
  auto d = a.data<uint8_t>();
  for (int r = 0; r < h; ++r)
    for (int c = 0; c < w; ++c) {
      const bool in = r >= y && r < y + side && c >= x && c < x + side;
      for (int k = 0; k < 3; ++k) d[std::size_t((r * w + c) * 3 + k)] = in ? fg[std::size_t(k)] : bg[std::size_t(k)];
    }
  return a;
}

// Every byte different from its neighbours: thousands of colours.
Array noise_frame(int h, int w, uint32_t seed) {
  Array a(DType::kUInt8, Shape{h, w, 3});
  uint32_t s = seed * 2654435761u + 1;
  for (auto& v : a.data<uint8_t>()) {
    s = s * 1664525u + 1013904223u;
    v = uint8_t(s >> 24);
  }
  return a;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

CliResult gym_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "gym");
  std::istringstream in;
  std::ostringstream out, err;
  const int code = gym::cli::run(args, in, out, err);
  return {code, out.str(), err.str()};
}

// The length of the episode that `gym render` runs: reset(seed), the named
// policy seeded with `seed`, until the episode ends.
int episode_length(const std::string& id, const std::string& policy, uint64_t seed) {
  const auto env = gym::make(id);
  const gym::PolicyFn act = gym::make_policy(policy, *env, seed);
  Array obs = env->reset(seed).obs;
  for (int t = 1;; ++t) {
    gym::StepResult r = env->step(act(obs));
    obs = std::move(r.obs);
    if (r.terminated || r.truncated) return t;
  }
}

std::unique_ptr<gym::Env> rgb_env(const std::string& id = "CartPole-v1") {
  return gym::make(id, {{"render_mode", "rgb_array"}});
}

// Runs one episode of `env` under a random policy; returns its length.
int run_episode(gym::Env& env, const gym::PolicyFn& act, std::optional<uint64_t> seed = std::nullopt) {
  Array obs = env.reset(seed).obs;
  for (int t = 1;; ++t) {
    gym::StepResult r = env.step(act(obs));
    obs = std::move(r.obs);
    if (r.terminated || r.truncated) return t;
  }
}

}  // namespace

// ---- PNG --------------------------------------------------------------------

TEST_CASE("a PNG round trip gives back the exact bytes", "[render]") {
  const TempDir dir;
  const Array noise = noise_frame(7, 13, 1);
  gr::write_png(dir / "noise.png", noise);
  CHECK(gr::read_png(dir / "noise.png") == noise);

  const Array one = square_frame(1, 1, 0, 0, 1, {1, 2, 3}, {1, 2, 3});
  gr::write_png(dir / "one.png", one);
  CHECK(gr::read_png(dir / "one.png") == one);
}

TEST_CASE("write_png refuses arrays that are not (H, W, 3) uint8, naming the file and the shape", "[render]") {
  const TempDir dir;
  const fs::path p = dir / "bad.png";
  const std::string floats = error_of([&] { gr::write_png(p, Array(DType::kFloat32, Shape{4, 4, 3})); });
  CHECK_THAT(floats, Contains("bad.png") && Contains("float32") && Contains("(4, 4, 3)"));
  CHECK_THAT(error_of([&] { gr::write_png(p, Array(DType::kUInt8, Shape{4, 4, 4})); }), Contains("(4, 4, 4)"));
  CHECK_THAT(error_of([&] { gr::write_png(p, Array(DType::kUInt8, Shape{4, 12})); }), Contains("(4, 12)"));
  CHECK_THAT(error_of([&] { gr::write_png(p, Array(DType::kUInt8, Shape{0, 4, 3})); }), Contains("(0, 4, 3)"));
  CHECK_FALSE(fs::exists(p));
}

TEST_CASE("write_png to a folder that does not exist fails, naming the file", "[render]") {
  const TempDir dir;
  const fs::path p = dir / "no/such/folder/frame.png";
  CHECK_THAT(error_of([&] { gr::write_png(p, noise_frame(2, 2, 0)); }),
             Contains("no/such/folder/frame.png") && Contains("No such file"));
}

TEST_CASE("read_png names the file that is missing or not a PNG", "[render]") {
  const TempDir dir;
  CHECK_THAT(error_of([&] { gr::read_png(dir / "missing.png"); }), Contains("missing.png"));
  std::ofstream(dir / "text.png") << "hello, not an image";
  CHECK_THAT(error_of([&] { gr::read_png(dir / "text.png"); }), Contains("text.png") && Contains("not a PNG"));
  // A GIF is an image, but not a PNG.
  gr::GifWriter gif(dir / "a.gif", 2, 2, 10);
  gif.add_frame(noise_frame(2, 2, 0));
  gif.close();
  CHECK_THAT(error_of([&] { gr::read_png(dir / "a.gif"); }), Contains("a.gif") && Contains("not a PNG"));
}

// ---- GIF --------------------------------------------------------------------

TEST_CASE("a GIF of K frames decodes to K frames of the writer's size, exactly for flat frames", "[render]") {
  const TempDir dir;
  const int K = 7, H = 30, W = 41;
  std::vector<Array> frames;
  for (int i = 0; i < K; ++i) frames.push_back(square_frame(H, W, 3 * i, i, 8, {255, 255, 255}, {200, 30, 40}));
  frames.push_back(frames.back());  // an unchanged frame
  gr::GifWriter gif(dir / "squares.gif", W, H, 25);
  for (const Array& f : frames) gif.add_frame(f);
  CHECK(gif.frame_count() == K + 1);
  gif.close();
  CHECK_FALSE(gif.is_open());

  const gr::GifInfo info = gr::read_gif_info(dir / "squares.gif");
  CHECK(info.width == W);
  CHECK(info.height == H);
  CHECK(info.frame_count == K + 1);
  const std::vector<Array> decoded = gr::read_gif_frames(dir / "squares.gif");
  REQUIRE(decoded.size() == frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) CHECK(decoded[i] == frames[i]);
}

TEST_CASE("GIF delays keep the average frame rate (1/100 s units, accumulated)", "[render]") {
  const TempDir dir;
  for (const double fps : {30.0, 50.0, 15.0, 7.0}) {
    const fs::path p = dir / "rate.gif";
    gr::GifWriter gif(p, 4, 4, fps);
    const int n = int(fps) * 3;  // three seconds
    for (int i = 0; i < n; ++i) gif.add_frame(noise_frame(4, 4, uint32_t(i)));
    gif.close();
    const gr::GifInfo info = gr::read_gif_info(p);
    CHECK(info.frame_count == n);
    CHECK(info.duration_cs == 300);
  }
}

TEST_CASE("GIF palettes: frames of many colours stay close, dominant colours exact", "[render]") {
  const TempDir dir;
  // A CartPole frame: white background, flat fills, anti-aliased edges.
  auto env = rgb_env();
  env->reset(uint64_t{5});
  for (int i = 0; i < 5; ++i) env->step(1);
  const Array scene = env->render();
  // The same with a colour gradient along the bottom: 600 more colours.
  Array banded = scene;
  {
    auto d = banded.data<uint8_t>();
    for (int y = 360; y < 400; ++y)
      for (int x = 0; x < 600; ++x) {
        uint8_t* p = d.data() + (y * 600 + x) * 3;
        p[0] = uint8_t(x * 255 / 599), p[1] = uint8_t(255 - x * 255 / 599), p[2] = uint8_t(64 + y - 360);
      }
  }
  // Noise: 256^3 possible colours in a small frame.
  const Array noise = noise_frame(64, 64, 9);
  for (const Array* frame : std::vector<const Array*>{&scene, &banded, &noise}) {
    const int h = int(frame->shape()[0]), w = int(frame->shape()[1]);
    gr::GifWriter gif(dir / "q.gif", w, h, 10);
    gif.add_frame(*frame);
    gif.close();
    const std::vector<Array> back = gr::read_gif_frames(dir / "q.gif");
    REQUIRE(back.size() == 1);
    const auto a = frame->data<uint8_t>();
    const auto b = back[0].data<uint8_t>();
    double sq = 0;
    int worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const int e = int(a[i]) - int(b[i]);
      sq += e * e;
      worst = std::max(worst, std::abs(e));
    }
    const double rms = std::sqrt(sq / double(a.size()));
    INFO("frame " << w << "x" << h << ": rms error " << rms << ", worst " << worst);
    if (frame != &noise) {
      CHECK(rms < 1.0);
      CHECK(worst <= (frame == &scene ? 8 : 32));
      // White stays white, and so does every colour that covers 1% of the frame.
      std::map<uint32_t, int> count;
      for (std::size_t p = 0; p < a.size(); p += 3) ++count[uint32_t(a[p]) << 16 | uint32_t(a[p + 1]) << 8 | a[p + 2]];
      CHECK(count[0xFFFFFF] > h * w / 2);
      int dominant = 0, changed = 0;
      for (std::size_t p = 0; p < a.size(); p += 3) {
        const uint32_t c = uint32_t(a[p]) << 16 | uint32_t(a[p + 1]) << 8 | a[p + 2];
        if (count[c] * 100 < h * w) continue;
        ++dominant;
        changed += b[p] != a[p] || b[p + 1] != a[p + 1] || b[p + 2] != a[p + 2];
      }
      CHECK(dominant > h * w * 8 / 10);
      CHECK(changed == 0);
    } else {
      CHECK(rms < 40);  // 256 colours for uniform noise: about 1/6 of the range per axis
    }
  }
}

TEST_CASE("GifWriter refuses a frame of another size or dtype and stays usable", "[render]") {
  const TempDir dir;
  gr::GifWriter gif(dir / "sizes.gif", 10, 8, 10);
  gif.add_frame(noise_frame(8, 10, 1));
  CHECK_THAT(error_of([&] { gif.add_frame(noise_frame(10, 8, 2)); }),
             Contains("sizes.gif") && Contains("frame 1") && Contains("8x10") && Contains("10x8"));
  CHECK_THAT(error_of([&] { gif.add_frame(Array(DType::kFloat64, Shape{8, 10, 3})); }), Contains("float64"));
  gif.add_frame(noise_frame(8, 10, 3));
  gif.close();
  CHECK(gr::read_gif_info(dir / "sizes.gif").frame_count == 2);
}

TEST_CASE("GifWriter errors: unwritable path, bad size or fps, no frames", "[render]") {
  const TempDir dir;
  gr::GifWriter gif;
  CHECK_THAT(error_of([&] { gif.open(dir / "missing/x.gif", 4, 4, 10); }),
             Contains("missing/x.gif") && Contains("No such file"));
  CHECK_THAT(error_of([&] { gif.open(dir / "x.gif", 0, 4, 10); }), Contains("0x4"));
  CHECK_THAT(error_of([&] { gif.open(dir / "x.gif", 4, 4, 0); }), Contains("fps"));
  CHECK_THAT(error_of([&] { gif.add_frame(noise_frame(4, 4, 0)); }), Contains("not open"));
  gif.open(dir / "empty.gif", 4, 4, 10);
  CHECK_THAT(error_of([&] { gif.close(); }), Contains("empty.gif") && Contains("no frames"));
  CHECK_FALSE(fs::exists(dir / "empty.gif"));
}

TEST_CASE("read_gif_info names a file that is missing or not a GIF", "[render]") {
  const TempDir dir;
  CHECK_THAT(error_of([&] { gr::read_gif_info(dir / "none.gif"); }), Contains("none.gif"));
  gr::write_png(dir / "image.png", noise_frame(3, 3, 0));
  CHECK_THAT(error_of([&] { gr::read_gif_info(dir / "image.png"); }), Contains("image.png") && Contains("GIF"));
}

// ---- VideoWriter ------------------------------------------------------------

TEST_CASE("VideoWriter picks the format from the name and lists the supported ones for others", "[render]") {
  const TempDir dir;
  gr::VideoWriter video;
  for (const char* name : {"clip.avi", "clip", "clip.webm"}) {
    const std::string e = error_of([&] { video.open(dir / name, 4, 4, 10); });
    CHECK_THAT(e, Contains(name) && Contains(".gif") && Contains(".mp4") && Contains("%04d.png"));
  }
  CHECK_THAT(error_of([&] { video.open(dir / "one.png", 4, 4, 10); }), Contains("write_png"));
  CHECK_THAT(error_of([&] { video.open(dir / "f%d%d.png", 4, 4, 10); }), Contains("%d"));

  video.open(dir / "clip.GIF", 6, 5, 10);
  video.add_frame(noise_frame(5, 6, 0));
  video.add_frame(noise_frame(5, 6, 1));
  video.close();
  CHECK(video.frame_count() == 2);
  CHECK(gr::read_gif_info(dir / "clip.GIF").frame_count == 2);
}

TEST_CASE("VideoWriter writes numbered PNG frames into a created folder", "[render]") {
  const TempDir dir;
  gr::VideoWriter video(dir / "frames/f-%03d.png", 5, 3, 10);
  std::vector<Array> frames;
  for (uint32_t i = 0; i < 3; ++i) {
    frames.push_back(noise_frame(3, 5, i));
    video.add_frame(frames.back());
  }
  CHECK_THAT(error_of([&] { video.add_frame(noise_frame(5, 3, 0)); }), Contains("frame 3"));
  video.close();
  for (int i = 0; i < 3; ++i) CHECK(gr::read_png(dir / ("frames/f-00" + std::to_string(i) + ".png")) == frames[std::size_t(i)]);
  CHECK_FALSE(fs::exists(dir / "frames/f-003.png"));
}

TEST_CASE("MP4: without ffmpeg on PATH the error says to install it or write a .gif", "[render]") {
  const TempDir dir;
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", dir.path.c_str(), 1);
  const bool available = gr::Mp4Writer::ffmpeg_available();
  const std::string e = error_of([&] { gr::VideoWriter(dir / "clip.mp4", 4, 4, 10); });
  ::setenv("PATH", saved.c_str(), 1);
  CHECK_FALSE(available);
  CHECK_THAT(e, Contains("clip.mp4") && Contains("ffmpeg") && Contains("install") && Contains(".gif"));
}

TEST_CASE("MP4 through ffmpeg, where it is installed: odd sizes are padded", "[render]") {
  if (!gr::Mp4Writer::ffmpeg_available()) {
    WARN("ffmpeg is not on PATH: MP4 output not exercised");
    return;
  }
  const TempDir dir;
  gr::Mp4Writer mp4(dir / "clip.mp4", 33, 21, 25);
  for (int i = 0; i < 10; ++i) mp4.add_frame(square_frame(21, 33, i, 2, 9, {255, 255, 255}, {0, 0, 200}));
  mp4.close();
  const std::string bytes = slurp(dir / "clip.mp4");
  REQUIRE(bytes.size() > 100);
  CHECK(bytes.substr(4, 4) == "ftyp");
  CHECK_THAT(error_of([&] { gr::Mp4Writer(dir / "no/such/dir/clip.mp4", 4, 4, 10).close(); }),
             Contains("clip.mp4"));
}

// ---- RecordVideo ------------------------------------------------------------

TEST_CASE("capped cubic schedule: cubes below 1000, then every 1000th; every_nth_episode", "[render]") {
  std::vector<int64_t> picked;
  for (int64_t e = 0; e <= 3000; ++e)
    if (gr::capped_cubic_video_schedule(e)) picked.push_back(e);
  CHECK(picked == std::vector<int64_t>{0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 3000});
  const auto third = gr::every_nth_episode(3);
  CHECK(third(0));
  CHECK_FALSE(third(1));
  CHECK(third(6));
  CHECK_THAT(error_of([] { gr::every_nth_episode(0); }), Contains("k must be >= 1"));
}

TEST_CASE("RecordVideo records every episode: one GIF each, episode length + 1 frames", "[render]") {
  const TempDir dir;
  std::vector<int> lengths;
  std::vector<fs::path> files;
  {
    gr::RecordVideo env(rgb_env(), dir.path / "videos", {.episode_trigger = gr::every_nth_episode(1)});
    const gym::PolicyFn act = gym::make_policy("random", env, 7);
    for (int e = 0; e < 3; ++e) lengths.push_back(run_episode(env, act, e == 0 ? std::optional<uint64_t>(7) : std::nullopt));
    CHECK_FALSE(env.is_recording());
    files = env.recorded_files();
  }
  REQUIRE(files.size() == 3);
  for (int e = 0; e < 3; ++e) {
    CHECK(files[std::size_t(e)] == dir.path / "videos" / ("rl-video-episode-" + std::to_string(e) + ".gif"));
    const gr::GifInfo info = gr::read_gif_info(files[std::size_t(e)]);
    CHECK(info.frame_count == lengths[std::size_t(e)] + 1);
    CHECK(info.width == 600);
    CHECK(info.height == 400);
    CHECK(info.duration_cs == 2 * info.frame_count);  // CartPole renders at 50 fps
  }
}

TEST_CASE("RecordVideo's frames are the env's frames, none leaking across episodes", "[render]") {
  const TempDir dir;
  // The same episodes twice: once recorded, once rendered by hand.
  std::vector<std::vector<Array>> expected;
  {
    auto env = rgb_env();
    const gym::PolicyFn act = gym::make_policy("random", *env, 11);
    for (int e = 0; e < 2; ++e) {
      expected.emplace_back();
      Array obs = env->reset(e == 0 ? std::optional<uint64_t>(11) : std::nullopt).obs;
      expected.back().push_back(env->render());
      for (bool done = false; !done;) {
        auto r = env->step(act(obs));
        obs = r.obs;
        expected.back().push_back(env->render());
        done = r.terminated || r.truncated;
      }
    }
  }
  gr::RecordVideo env(rgb_env(), dir.path, {.episode_trigger = gr::every_nth_episode(1), .name_prefix = "same"});
  const gym::PolicyFn act = gym::make_policy("random", env, 11);
  run_episode(env, act, 11);
  run_episode(env, act);
  REQUIRE(env.recorded_files().size() == 2);
  for (std::size_t e = 0; e < 2; ++e) {
    const std::vector<Array> frames = gr::read_gif_frames(env.recorded_files()[e]);
    REQUIRE(frames.size() == expected[e].size());
    // Quantisation aside, each decoded frame is nearest to its own source frame.
    for (std::size_t i = 0; i < frames.size(); i += 5) {
      const auto a = frames[i].data<uint8_t>();
      const auto b = std::as_const(expected[e][i]).data<uint8_t>();
      long diff = 0;
      for (std::size_t k = 0; k < a.size(); ++k) diff += std::abs(int(a[k]) - int(b[k]));
      INFO("episode " << e << " frame " << i);
      CHECK(double(diff) / double(a.size()) < 0.5);
    }
  }
}

TEST_CASE("RecordVideo finishes a file on reset mid-episode and on destruction; honours the trigger", "[render]") {
  const TempDir dir;
  {
    gr::RecordVideo env(rgb_env(), dir.path, {.episode_trigger = [](int64_t e) { return e != 1; }});
    env.reset(uint64_t{1});
    for (int i = 0; i < 4; ++i) env.step(0);
    env.reset();  // episode 1: not recorded
    CHECK_FALSE(env.is_recording());
    env.step(1);
    env.reset();  // episode 2
    CHECK(env.is_recording());
    env.step(1);
    env.step(1);
    REQUIRE(env.recorded_files().size() == 1);
  }
  CHECK(gr::read_gif_info(dir / "rl-video-episode-0.gif").frame_count == 5);
  CHECK_FALSE(fs::exists(dir / "rl-video-episode-1.gif"));
  CHECK(gr::read_gif_info(dir / "rl-video-episode-2.gif").frame_count == 3);
}

TEST_CASE("a second RecordVideo into the same folder does not overwrite the first one's files", "[render]") {
  const TempDir dir;
  std::vector<fs::path> first, second;
  std::vector<std::string> first_bytes;
  for (auto* files : {&first, &second}) {
    gr::RecordVideo env(rgb_env(), dir.path, {.episode_trigger = gr::every_nth_episode(1), .name_prefix = "run"});
    const gym::PolicyFn act = gym::make_policy("random", env, 3);
    run_episode(env, act, files == &first ? 3 : 4);
    run_episode(env, act);
    *files = env.recorded_files();
    if (files == &first)
      for (const auto& f : first) first_bytes.push_back(slurp(f));
  }
  REQUIRE(first.size() == 2);
  REQUIRE(second.size() == 2);
  CHECK(second[0] == dir.path / "run-episode-0-1.gif");
  CHECK(second[1] == dir.path / "run-episode-1-1.gif");
  for (std::size_t i = 0; i < 2; ++i) CHECK(slurp(first[i]) == first_bytes[i]);
  std::set<fs::path> all;
  for (const auto& e : fs::directory_iterator(dir.path)) all.insert(e.path());
  CHECK(all.size() == 4);
}

TEST_CASE("RecordVideo needs an env made with render_mode=rgb_array, and checks its options", "[render]") {
  const TempDir dir;
  CHECK_THAT(error_of([&] { gr::RecordVideo(gym::make("CartPole-v1"), dir.path); }),
             Contains("CartPole-v1") && Contains("render_mode=none") && Contains("rgb_array"));
  CHECK_THAT(error_of([&] { gr::RecordVideo(rgb_env(), dir.path, {.format = "avi"}); }),
             Contains("avi") && Contains("gif") && Contains("mp4"));
  CHECK_THAT(error_of([&] { gr::RecordVideo(rgb_env(), dir.path, {.name_prefix = "a/b"}); }), Contains("a/b"));
  std::ofstream(dir / "file") << "x";
  CHECK_THAT(error_of([&] { gr::RecordVideo(rgb_env(), dir / "file"); }), Contains("file"));
}

// ---- gym render -------------------------------------------------------------

TEST_CASE("gym render writes a GIF of the episode: length + 1 frames", "[render]") {
  const TempDir dir;
  const std::string out = (dir / "cartpole.gif").string();
  const auto r = gym_cli({"render", "CartPole-v1", "--seed", "3", "--policy", "random", "--steps", "1000", "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const int length = episode_length("CartPole-v1", "random", 3);
  const gr::GifInfo info = gr::read_gif_info(out);
  CHECK(info.frame_count == length + 1);
  CHECK(info.width == 600);
  CHECK(info.height == 400);
  CHECK_THAT(r.out, Contains("wrote") && Contains(out) && Contains(std::to_string(length + 1) + " frames") &&
                        Contains("600x400"));

  // --steps stops earlier; --continue resets and goes on; --scale resizes.
  const auto short_run = gym_cli({"render", "CartPole-v1", "--steps", "4", "--out", out, "--scale", "0.5"});
  REQUIRE(short_run.code == 0);
  CHECK(gr::read_gif_info(out).frame_count == 5);
  CHECK(gr::read_gif_info(out).width == 300);
  const auto longer = gym_cli({"render", "CartPole-v1", "--seed", "3", "--steps", std::to_string(length + 5),
                               "--continue", "--out", out});
  REQUIRE(longer.code == 0);
  CHECK(gr::read_gif_info(out).frame_count == length + 5 + 2);  // + the first frame of each episode
}

TEST_CASE("gym render .png writes the final frame", "[render]") {
  const TempDir dir;
  const std::string out = (dir / "last.png").string();
  const auto r = gym_cli({"render", "Pendulum-v1", "--policy", "controller", "--steps", "10", "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("final frame"));
  const Array png = gr::read_png(out);
  auto env = rgb_env("Pendulum-v1");
  const gym::PolicyFn act = gym::make_policy("controller", *env, 0);
  Array obs = env->reset(uint64_t{0}).obs;
  for (int i = 0; i < 10; ++i) obs = env->step(act(obs)).obs;
  CHECK(png == env->render());
}

TEST_CASE("gym render --envs tiles a vector env's frames", "[render]") {
  const TempDir dir;
  const std::string out = (dir / "tiles.gif").string();
  const auto r = gym_cli({"render", "CartPole-v1", "--envs", "4", "--steps", "3", "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const gr::GifInfo info = gr::read_gif_info(out);
  CHECK(info.frame_count == 4);
  CHECK(info.width == 1200);
  CHECK(info.height == 800);
}

TEST_CASE("gym render: bad policy, format or option fail with exit code 2 and say why", "[render]") {
  const TempDir dir;
  const std::string out = (dir / "x.gif").string();
  const auto policy = gym_cli({"render", "CartPole-v1", "--policy", "dance", "--out", out});
  CHECK(policy.code == 2);
  CHECK_THAT(policy.err, Contains("dance"));
  for (const auto& p : gym::policies_for(*gym::make("CartPole-v1"))) CHECK_THAT(policy.err, Contains(p.name));
  CHECK_FALSE(fs::exists(out));

  const auto format = gym_cli({"render", "CartPole-v1", "--out", (dir / "x.avi").string()});
  CHECK(format.code == 2);
  CHECK_THAT(format.err, Contains("x.avi") && Contains(".gif") && Contains(".mp4"));

  const auto unwritable = gym_cli({"render", "CartPole-v1", "--steps", "2", "--out", (dir / "no/dir/x.gif").string()});
  CHECK(unwritable.code == 2);
  CHECK_THAT(unwritable.err, Contains("no/dir/x.gif"));

  const auto mode = gym_cli({"render", "CartPole-v1", "--param", "render_mode=human", "--out", out});
  CHECK(mode.code == 2);
  CHECK_THAT(mode.err, Contains("render_mode"));

  CHECK(gym_cli({"render", "CartPole-v1"}).code != 0);  // --out is required
}
