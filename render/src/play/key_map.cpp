// Per-env key maps (gymnasium.utils.play's keys_to_action) and --script parsing.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include <SDL.h>
#include <fmt/format.h>

#include "gym/error.hpp"
#include "gym/render/play.hpp"

namespace gym::render {

namespace {

// "CartPole-v1" -> "CartPole".
std::string base_name(const std::string& id) {
  const auto v = id.rfind("-v");
  return v == std::string::npos ? id : id.substr(0, v);
}

Array discrete(int64_t a) { return Array::scalar<int64_t>(a); }

// A 1-d box action of value v, in the box's dtype.
Array box_action(const Box& box, double v) { return Array::from<double>(std::vector<double>{v}).astype(box.dtype()); }

std::vector<std::string> obs_names_for(const std::string& base, const Env& env) {
  if (base == "CartPole" || base == "CartPoleContinuous")
    return {"x (m)", "x_dot (m/s)", "theta (rad)", "theta_dot (rad/s)"};
  if (base == "MountainCar" || base == "MountainCarContinuous") return {"position (m)", "velocity (m/step)"};
  if (base == "Pendulum") return {"cos(theta)", "sin(theta)", "theta_dot (rad/s)"};
  if (base == "Acrobot" || base == "AcrobotContinuous")
    return {"cos(theta1)", "sin(theta1)", "cos(theta2)", "sin(theta2)", "theta1_dot (rad/s)", "theta2_dot (rad/s)"};
  const Shape& shape = env.observation_space().shape();
  int64_t dim = 1;
  for (int64_t d : shape) dim *= d;
  std::vector<std::string> names;
  try {
    names = env.state_names();  // the observation is the state for many models
  } catch (const Error&) {
  }
  if (int64_t(names.size()) == dim) return names;
  names.clear();
  for (int64_t i = 0; i < dim; ++i) names.push_back(fmt::format("obs[{}]", i));
  return names;
}

const std::vector<int> kLeft{SDL_SCANCODE_LEFT, SDL_SCANCODE_A};
const std::vector<int> kRight{SDL_SCANCODE_RIGHT, SDL_SCANCODE_D};

// Turn-based grid worlds: a key per action, no idle action (they have no
// no-op, so no key means no step). The app's own keys (P pause, N step, R
// reset, Esc) are left alone; Enter is both MiniGrid's "done" and the app's
// "next episode now", which only acts once an episode has ended. Tab, which
// MiniGrid also binds, stays unbound: Dear ImGui moves the keyboard focus
// into a text field with it.
struct GridKey {
  std::vector<int> keys;
  const char* key_names;
  int64_t action;
  const char* label;
};
struct GridKeyMap {
  const char* id_prefix;
  std::vector<GridKey> keys;
};

const std::vector<GridKeyMap> kGridKeyMaps = {
    // minigrid/manual_control.py's key_to_action.
    {"MiniGrid-",
     {{{SDL_SCANCODE_LEFT}, "Left", 0, "turn left"},
      {{SDL_SCANCODE_RIGHT}, "Right", 1, "turn right"},
      {{SDL_SCANCODE_UP}, "Up", 2, "forward"},
      {{SDL_SCANCODE_PAGEUP}, "PageUp", 3, "pick up"},
      {{SDL_SCANCODE_PAGEDOWN, SDL_SCANCODE_LSHIFT, SDL_SCANCODE_D}, "PageDown/LShift/D", 4, "drop"},
      {{SDL_SCANCODE_SPACE}, "Space", 5, "toggle"},
      {{SDL_SCANCODE_RETURN, SDL_SCANCODE_KP_ENTER}, "Enter", 6, "done"}}},
    {"FrozenLake",
     {{{SDL_SCANCODE_LEFT}, "Left", 0, "left"},
      {{SDL_SCANCODE_DOWN}, "Down", 1, "down"},
      {{SDL_SCANCODE_RIGHT}, "Right", 2, "right"},
      {{SDL_SCANCODE_UP}, "Up", 3, "up"}}},
    {"CliffWalking",
     {{{SDL_SCANCODE_UP}, "Up", 0, "up"},
      {{SDL_SCANCODE_RIGHT}, "Right", 1, "right"},
      {{SDL_SCANCODE_DOWN}, "Down", 2, "down"},
      {{SDL_SCANCODE_LEFT}, "Left", 3, "left"}}},
    {"Taxi-",
     {{{SDL_SCANCODE_DOWN}, "Down", 0, "south"},
      {{SDL_SCANCODE_UP}, "Up", 1, "north"},
      {{SDL_SCANCODE_RIGHT}, "Right", 2, "east"},
      {{SDL_SCANCODE_LEFT}, "Left", 3, "west"},
      {{SDL_SCANCODE_PAGEUP}, "PageUp", 4, "pick up"},
      {{SDL_SCANCODE_PAGEDOWN, SDL_SCANCODE_D}, "PageDown/D", 5, "drop off"}}},
};

const GridKeyMap* grid_key_map_for(const std::string& id) {
  for (const GridKeyMap& m : kGridKeyMaps)
    if (id.starts_with(m.id_prefix)) return &m;
  return nullptr;
}

}  // namespace

KeyMap key_map_for(const Env& env) {
  const std::string base = base_name(env.spec().id);
  KeyMap m;
  m.obs_names = obs_names_for(base, env);
  const auto* disc = dynamic_cast<const Discrete*>(&env.action_space());
  const auto* box = dynamic_cast<const Box*>(&env.action_space());
  const GridKeyMap* grid = disc ? grid_key_map_for(env.spec().id) : nullptr;
  if (grid) {
    // Only the actions the space has (Dynamic-Obstacles keeps the first three).
    for (const GridKey& k : grid->keys)
      if (k.action >= disc->start() && k.action < disc->start() + disc->n())
        m.bindings.push_back({k.keys, k.key_names, discrete(k.action), k.label});
    m.idle_label = "no step (the env has no no-op)";
  } else if (base == "CartPole" && disc && disc->n() == 2) {
    m.bindings = {{kLeft, "Left/A", discrete(0), "push left"}, {kRight, "Right/D", discrete(1), "push right"}};
    // CartPole has no no-op; gymnasium.utils.play's default noop is 0.
    m.idle = discrete(0);
    m.idle_label = "0, push left (CartPole has no no-op: gymnasium play's default noop=0)";
  } else if (base == "MountainCar" && disc && disc->n() == 3) {
    m.bindings = {{kLeft, "Left/A", discrete(0), "accelerate left"},
                  {kRight, "Right/D", discrete(2), "accelerate right"}};
    m.idle = discrete(1);
    m.idle_label = "1, no acceleration";
  } else if (base == "Acrobot" && disc && disc->n() == 3) {
    m.bindings = {{kLeft, "Left/A", discrete(0), "torque -1 N m on the joint"},
                  {kRight, "Right/D", discrete(2), "torque +1 N m on the joint"}};
    m.idle = discrete(1);
    m.idle_label = "1, no torque";
  } else if (box && box->shape() == Shape{1} && box->low()[0] < 0 && box->high()[0] > 0 &&
             std::isfinite(box->low()[0]) && std::isfinite(box->high()[0])) {
    const double lo = box->low()[0], hi = box->high()[0];
    std::string what = "action", minus, plus;
    if (base == "Pendulum") what = "torque", minus = " (clockwise)", plus = " (counter-clockwise)";
    else if (base == "AcrobotContinuous") what = "joint torque";
    else if (base == "CartPoleContinuous" || base == "MountainCarContinuous")
      what = "force", minus = " (left)", plus = " (right)";
    m.bindings = {{kLeft, "Left/A", box_action(*box, lo), fmt::format("{} {:g}{}", what, lo, minus)},
                  {kRight, "Right/D", box_action(*box, hi), fmt::format("{} {:+g}{}", what, hi, plus)}};
    m.idle = box_action(*box, 0.0);
    m.idle_label = fmt::format("{} 0", what);
    m.mouse = true;
  } else if (disc && disc->n() <= 10) {
    for (int64_t k = 0; k < disc->n(); ++k) {
      const int key = k < 9 ? SDL_SCANCODE_1 + int(k) : SDL_SCANCODE_0;
      m.bindings.push_back({{key}, fmt::format("{}", k < 9 ? k + 1 : 0), discrete(disc->start() + k),
                            fmt::format("action {}", disc->start() + k)});
    }
    m.idle = discrete(disc->start());
    m.idle_label = fmt::format("{} (the first action)", disc->start());
  }
  return m;
}

std::vector<std::vector<int>> parse_key_script(std::string_view script) {
  std::vector<std::vector<int>> frames;
  std::size_t i = 0;
  while (i < script.size()) {
    while (i < script.size() && std::isspace(static_cast<unsigned char>(script[i]))) ++i;
    if (i == script.size()) break;
    std::size_t j = i;
    while (j < script.size() && !std::isspace(static_cast<unsigned char>(script[j]))) ++j;
    const std::string_view token = script.substr(i, j - i);
    i = j;
    std::string_view keys = token;
    long count = 1;
    if (const auto star = token.rfind('*'); star != std::string_view::npos) {
      keys = token.substr(0, star);
      const std::string_view n = token.substr(star + 1);
      const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), count);
      if (ec != std::errc() || end != n.data() + n.size() || count < 1 || count > 1000000)
        throw Error(fmt::format("--script: '{}': the repeat count after '*' must be an integer in 1..1000000", token));
    }
    std::vector<int> held;
    if (keys != "_") {
      std::size_t k = 0;
      while (k <= keys.size()) {
        const std::size_t plus = std::min(keys.find('+', k), keys.size());
        std::string name(keys.substr(k, plus - k));
        if (name == "Enter" || name == "enter") name = "Return";
        if (name == "Esc" || name == "esc") name = "Escape";
        const SDL_Scancode code = SDL_GetScancodeFromName(name.c_str());
        if (name.empty() || code == SDL_SCANCODE_UNKNOWN)
          throw Error(fmt::format("--script: unknown key '{}' in '{}' (SDL key names: Left, Right, Up, Down, "
                                  "Space, Return, Escape, A..Z, 0..9; '_' for no key)",
                                  name, token));
        held.push_back(int(code));
        k = plus + 1;
      }
    }
    frames.insert(frames.end(), std::size_t(count), held);
  }
  return frames;
}

std::string actions_path_for(const std::string& record_path) {
  const std::string ext = ".json";
  if (record_path.size() > ext.size() && record_path.compare(record_path.size() - ext.size(), ext.size(), ext) == 0)
    return record_path.substr(0, record_path.size() - ext.size()) + ".actions.json";
  return record_path + ".actions.json";
}

}  // namespace gym::render
