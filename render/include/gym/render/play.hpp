// The interactive play app (`gym play ID`): an environment in a Dear ImGui
// window, played with the keyboard like gymnasium.utils.play, with live plots,
// parameter sliders, named policies, a batch view and recording.
//
// PlayApp holds the app's logic and its own ImGui context but no window: a
// runner feeds it input and shows what it draws. run_play_window() is the
// real-time SDL2 window (imgui_impl_sdl + imgui_impl_sdlrenderer);
// OffscreenPlay renders the same frames through an SDL software renderer into
// memory, with no display, for tests and `gym play --screenshot`.
//
// Keys are SDL scancodes (io.KeysDown is indexed by them, as Dear ImGui 1.86's
// SDL backend does). App keys: P pause, N single step, R reset (with the seed
// field's seed), Enter next episode now, Esc quit.
#pragma once

#include <cfloat>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "gym/array.hpp"
#include "gym/env.hpp"
#include "gym/options.hpp"

namespace gym::render {

struct PlayConfig {
  std::string id = "CartPole-v1";
  Options params;                // parameter overrides at make time (--param name=value)
  uint64_t seed = 0;             // env i of the batch is reset with seed + i
  std::string policy = "human";  // "human" or one of gym::policies_for(env)
  double fps = 0;                // env steps per second in real time; 0: the env's render_fps (30 if it has none)
  bool turn_based = false;       // step only when an action key is pressed
  bool paused = false;           // start paused
  int batch = 1;                 // envs stepping together, 1..kMaxBatch
  std::string record_path;       // non-empty: record from the start; finish() saves it
  double reset_delay = 1.0;      // s shown after an episode ends, before the next one starts
  int history = 300;             // steps shown in the plots
  int width = 1280, height = 720;  // pixels: the window's first size, the offscreen image's size
};

inline constexpr int kMaxBatch = 64;

// One frame of input for PlayApp::frame (what a platform backend would put in ImGuiIO).
struct PlayInput {
  ImVec2 mouse{-FLT_MAX, -FLT_MAX};  // -FLT_MAX: no mouse
  bool mouse_down[3] = {false, false, false};  // left, right, middle
  std::vector<int> keys;             // SDL scancodes held during the frame
  std::string text;                  // characters typed (UTF-8)
};

// A key (or several keys) bound to an action, as gymnasium.utils.play's keys_to_action.
struct KeyBinding {
  std::vector<int> keys;  // SDL scancodes; any of them triggers the binding
  std::string key_names;  // "Left/A"
  Array action;
  std::string label;      // "push left"
};

struct KeyMap {
  std::vector<KeyBinding> bindings;
  // The action taken in real time while no bound key is held (gymnasium.utils.play's
  // noop); none when the action space cannot be played from the keyboard.
  std::optional<Array> idle;
  std::string idle_label;
  bool mouse = false;                  // 1-d boxes: dragging on the view sets the action
  std::vector<std::string> obs_names;  // a name per observation component, for the plots
};

// The key map for `env`, by its id (CartPole, MountainCar, Acrobot, Pendulum and
// the continuous variants; MiniGrid's manual_control keys for MiniGrid-*:
// arrows turn and move, space toggles, PageUp picks up, PageDown / D drops,
// Enter is "done"; arrows for FrozenLake, CliffWalking and Taxi, PageUp / D
// for Taxi's pickup and drop-off); other Discrete(n <= 10) envs get the keys
// 1..9, 0.
KeyMap key_map_for(const Env& env);

// A --script: whitespace-separated steps "KEYS[*N]", where KEYS is SDL key names
// joined by '+' ("Left", "Right", "A", "Space", "Return", "P") or "_" for none,
// held for N frames (default 1). "Right*20 _*5 P" holds Right for 20 frames,
// nothing for 5, then presses P. Returns the keys of each frame.
std::vector<std::vector<int>> parse_key_script(std::string_view script);

// The file that holds only the actions of a recording ("run.json" -> "run.actions.json"),
// what `gym rollout ID --seed S --actions FILE` replays.
std::string actions_path_for(const std::string& record_path);

struct ItemRect {
  ImVec2 min, max;
  ImVec2 centre() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
};

class PlayApp {
 public:
  // Makes config.batch envs of config.id and resets them; throws gym::Error for
  // a bad id, parameter, policy or batch size.
  explicit PlayApp(PlayConfig config);
  ~PlayApp();
  PlayApp(const PlayApp&) = delete;
  PlayApp& operator=(const PlayApp&) = delete;

  ImGuiContext* context() const;
  // One frame with the given input, the display of config.width x config.height
  // and `dt` seconds since the last frame (offscreen runs and tests).
  void frame(const PlayInput& input, float dt);
  // One frame with ImGuiIO already filled by a platform backend (the window).
  void frame(float dt);
  // What the last frame drew.
  ImDrawData* draw_data() const;
  bool wants_quit() const;
  // Saves a running recording; returns the path written ("" when none ran).
  std::string finish();

  // State and control, for the runners and tests.
  Env& env(int i = 0);
  int batch() const;
  void set_batch(int n);
  bool paused() const;
  void set_paused(bool paused);
  const std::string& policy() const;
  std::vector<std::string> policy_names() const;  // "human" first
  void set_policy(const std::string& name);
  void reset(uint64_t seed);            // every env i with seed + i
  int64_t steps() const;                // env 0's steps since the app started
  double episode_return() const;        // env 0's current episode
  int episode_length() const;
  int episodes_finished() const;        // env 0's episodes that ended
  const Array& last_action() const;     // env 0's, empty before the first step
  const KeyMap& key_map() const;
  bool recording() const;
  void start_recording(const std::string& path);  // resets with the seed field's seed
  std::string stop_recording();                   // saves; returns the path ("" when none ran)
  const std::string& status() const;              // the last message shown (errors, "saved ...")

  // Screen rectangle of a widget drawn in the last frame, by key: "pause",
  // "step", "reset", "seed", "fps", "policy", "policy:NAME" (combo items),
  // "turn_based", "batch", "record", "reset_params", a parameter's name, "view".
  std::optional<ItemRect> item_rect(std::string_view key) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The app rendered into memory by an SDL software renderer: no display needed.
class OffscreenPlay {
 public:
  explicit OffscreenPlay(PlayConfig config);
  ~OffscreenPlay();
  OffscreenPlay(const OffscreenPlay&) = delete;
  OffscreenPlay& operator=(const OffscreenPlay&) = delete;

  PlayApp& app() { return *app_; }
  void frame(const PlayInput& input, float dt);
  // The last frame as an (H, W, 3) uint8 array.
  Array screenshot();

 private:
  struct Impl;
  std::unique_ptr<PlayApp> app_;
  std::unique_ptr<Impl> impl_;
};

// `gym play --frames N --screenshot FILE`: N frames offscreen (each 1/fps s,
// so one env step each in real time), keys from `script`, then the PNG.
void run_play_offscreen(const PlayConfig& config, int frames, const std::vector<std::vector<int>>& script,
                        const std::string& screenshot_path, std::ostream& log);

// The SDL2 window, in real time, until it is closed, Esc is pressed or
// `frames` frames have been shown (0: no limit). Scripted keys are held on
// top of the keyboard's. Throws gym::Error when there is no display.
void run_play_window(const PlayConfig& config, int frames, const std::vector<std::vector<int>>& script,
                     std::ostream& log);

}  // namespace gym::render
