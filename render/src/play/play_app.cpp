// PlayApp: the play app's state, simulation loop and Dear ImGui interface.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

#include <SDL.h>
#include <fmt/format.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include "gym/error.hpp"
#include "gym/policies.hpp"
#include "gym/registry.hpp"
#include "gym/render/imgui_draw.hpp"
#include "gym/render/play.hpp"

namespace gym::render {

namespace {

using nlohmann::json;

constexpr float kPanelWidth = 430.0f;     // the right-hand panel, px
constexpr float kPlotsFraction = 0.31f;   // of the height, for the plots under the view
constexpr int kMaxStepsPerFrame = 1000;   // a slow frame does not snowball into ever more steps
constexpr double kMaxFps = 1000.0;

const ImVec4 kKeyColour{1.0f, 0.85f, 0.35f, 1.0f};
const ImVec4 kDimColour{0.65f, 0.65f, 0.70f, 1.0f};
const ImVec4 kWarnColour{1.0f, 0.55f, 0.45f, 1.0f};
const ImVec4 kGoodColour{0.45f, 0.85f, 0.50f, 1.0f};

// One environment of the batch.
struct Slot {
  std::unique_ptr<Env> env;
  PolicyFn policy;  // empty: the human plays
  Array obs;
  Array last_action;
  double ret = 0;
  int length = 0;
  bool done = false;        // the episode ended; the next starts after the delay
  bool terminated = false;  // else truncated
  double done_time = 0;     // s since it ended
  DrawList frame;
};

// A parameter's slider, its range taken from the description ("> 0", "[0, 1]"),
// or for an option fixed when the env was made (a map), its value as text.
struct ParamSlider {
  enum class Kind { kDouble, kInt, kBool, kFixed };
  std::string name, unit, doc, range;
  Kind kind = Kind::kDouble;
  double lo = 0, hi = 1;  // the slider's range
  std::string format;     // printf format with the unit
};

struct Range {
  double min = -INFINITY, max = INFINITY;
  bool min_open = false, max_open = false;
};

// The inverse of gym::describe_range.
Range parse_range(const std::string& text) {
  Range r;
  double a = 0, b = 0;
  char open = 0, close = 0;
  if (std::sscanf(text.c_str(), "%c%lf, %lf%c", &open, &a, &b, &close) == 4 && (open == '[' || open == '(')) {
    r = {a, b, open == '(', close == ')'};
  } else if (std::sscanf(text.c_str(), ">= %lf", &a) == 1) {
    r.min = a;
  } else if (std::sscanf(text.c_str(), "> %lf", &a) == 1) {
    r.min = a, r.min_open = true;
  } else if (std::sscanf(text.c_str(), "<= %lf", &a) == 1) {
    r.max = a;
  } else if (std::sscanf(text.c_str(), "< %lf", &a) == 1) {
    r.max = a, r.max_open = true;
  }
  return r;
}

// A sensible slider range for a parameter whose allowed range may be unbounded:
// [0, 4 x default] for a positive default, mirrored for a negative one.
std::pair<double, double> slider_range(const Range& r, double start) {
  double lo = std::isfinite(r.min) ? r.min : start > 0 ? 0.0 : start < 0 ? 4 * start : -1.0;
  double hi = std::isfinite(r.max) ? r.max : start > 0 ? 4 * start : start < 0 ? 0.0 : 1.0;
  if (!std::isfinite(r.max) && hi <= lo) hi = lo + std::max(1.0, std::abs(lo));
  if (!std::isfinite(r.min) && lo >= hi) lo = hi - std::max(1.0, std::abs(hi));
  // Open ends are not allowed values: stop just inside them.
  const double inset = (hi - lo) * 1e-3;
  if (r.min_open && lo <= r.min) lo = r.min + inset;
  if (r.max_open && hi >= r.max) hi = r.max - inset;
  return {lo, hi};
}

std::string escape_percent(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '%') out += '%';
  }
  return out;
}

OptionValue option_from_json(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return v.get<double>();
  return v.get<std::string>();
}

// Whether a params entry is an option fixed when the env was made (a map; see
// gym::fixed_option_json) rather than a parameter the panel changes live.
bool is_fixed(const json& param) { return param.value("fixed", false); }

// The current values of the parameters the panel changes live, as options.
Options live_params(const Env& env) {
  Options out;
  for (const auto& p : env.params())
    if (!is_fixed(p)) out.emplace(p.at("name").get<std::string>(), option_from_json(p.at("value")));
  return out;
}

// An option as a `--param name=value` argument.
std::string param_argument(const std::string& name, const OptionValue& value) {
  if (const auto* s = std::get_if<std::string>(&value.value())) return fmt::format("{}={}", name, *s);
  return fmt::format("{}={}", name, value.to_string());
}

// A fixed option's value as the panel shows it: text as it is, null as "-".
std::string fixed_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.is_null() ? "-" : v.dump();
}

std::string action_text(const Array& a) {
  if (a.size() == 0) return "-";
  if (!is_floating(a.dtype())) return a.to_string();
  std::string s = "[";
  for (int64_t i = 0; i < a.size(); ++i) s += fmt::format("{}{:.3f}", i ? ", " : "", a.element(i));
  return s + "]";
}

json action_json(const Array& a) {
  if (!is_floating(a.dtype()) && a.ndim() == 0) return int64_t(a.element(0));
  return a.to_doubles();
}

ImU32 to_imgui(Color c) { return IM_COL32(c.r, c.g, c.b, c.a); }

}  // namespace

struct PlayApp::Impl {
  PlayConfig config;
  ImGuiContext* ctx = nullptr;
  std::vector<Slot> slots;
  KeyMap keys;
  std::vector<std::string> policies;  // "human" first
  std::string policy;
  std::vector<ParamSlider> sliders;
  Options start_params;  // every live parameter's value when the app started ("reset params")

  // Simulation.
  uint64_t seed = 0;
  double fps = 30;
  bool paused = false;
  bool turn_based = false;
  double accumulator = 0;  // s of simulation owed in real time
  bool step_request = false, continue_request = false, quit = false;
  int64_t steps = 0;
  int episodes = 0;
  double last_return = 0;
  int last_length = 0;
  bool last_terminated = false;

  // Plots: a ring buffer per series, reward first, then each observation component.
  std::vector<std::vector<float>> history;
  int history_head = 0, history_count = 0;

  // Recording of env 0.
  struct Recording {
    std::string path;
    uint64_t seed = 0;
    json params = json::object();
    json initial_observation;
    json actions = json::array(), observations = json::array(), rewards = json::array(),
         terminated = json::array(), truncated = json::array();
  };
  std::optional<Recording> rec;
  char record_path[512] = "gym_play_record.json";

  // Interface.
  int batch_input = 1;
  std::string status;
  bool status_error = false;
  std::map<std::string, ItemRect, std::less<>> rects;
  bool view_active = false;  // the mouse is held on the view (continuous actions)
  float mouse_action = 0;    // -1..1, where it is held
  bool draw_failed = false;
  std::string draw_error;

  explicit Impl(PlayConfig c) : config(std::move(c)) {
    if (config.batch < 1 || config.batch > kMaxBatch)
      throw Error(fmt::format("gym play: --batch must be in 1..{}, got {}", kMaxBatch, config.batch));
    if (config.fps < 0 || !std::isfinite(config.fps) || config.fps > kMaxFps)
      throw Error(fmt::format("gym play: --fps must be in (0, {}], got {}", kMaxFps, config.fps));
    if (config.width < 320 || config.height < 240 || config.width > 8192 || config.height > 8192)
      throw Error(fmt::format("gym play: the window must be 320x240 to 8192x8192 pixels, got {}x{}", config.width,
                              config.height));
    if (config.history < 2) throw Error("gym play: the plot history must hold at least 2 steps");
    if (!(config.reset_delay >= 0)) throw Error("gym play: the episode-end delay must be >= 0 s");
    seed = config.seed;
    paused = config.paused;
    turn_based = config.turn_based;
    slots.resize(1);
    slots[0].env = make(config.id, config.params);
    Env& env0 = *slots[0].env;
    pin_drawn_options(env0);
    const double render_fps = env0.metadata().render_fps;
    fps = config.fps > 0 ? config.fps : render_fps > 0 ? render_fps : 30.0;
    policies = {"human"};
    for (const auto& p : policies_for(env0)) policies.push_back(p.name);
    if (std::find(policies.begin(), policies.end(), config.policy) == policies.end())
      throw Error(fmt::format("gym play: {} has no policy '{}' (available: {})", config.id, config.policy,
                              fmt::join(policies, ", ")));
    policy = config.policy;
    start_params = live_params(env0);
    build_sliders();
    keys = key_map_for(env0);
    resize(config.batch);
    batch_input = config.batch;
    reset_all(seed);
    history.assign(keys.obs_names.size() + 1, std::vector<float>(std::size_t(config.history), 0.0f));

    IMGUI_CHECKVERSION();
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ctx = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    // Key indices are SDL scancodes, as in imgui_impl_sdl.
    const std::pair<ImGuiKey, SDL_Scancode> key_map[] = {
        {ImGuiKey_Tab, SDL_SCANCODE_TAB},        {ImGuiKey_LeftArrow, SDL_SCANCODE_LEFT},
        {ImGuiKey_RightArrow, SDL_SCANCODE_RIGHT}, {ImGuiKey_UpArrow, SDL_SCANCODE_UP},
        {ImGuiKey_DownArrow, SDL_SCANCODE_DOWN},   {ImGuiKey_PageUp, SDL_SCANCODE_PAGEUP},
        {ImGuiKey_PageDown, SDL_SCANCODE_PAGEDOWN}, {ImGuiKey_Home, SDL_SCANCODE_HOME},
        {ImGuiKey_End, SDL_SCANCODE_END},          {ImGuiKey_Insert, SDL_SCANCODE_INSERT},
        {ImGuiKey_Delete, SDL_SCANCODE_DELETE},    {ImGuiKey_Backspace, SDL_SCANCODE_BACKSPACE},
        {ImGuiKey_Space, SDL_SCANCODE_SPACE},      {ImGuiKey_Enter, SDL_SCANCODE_RETURN},
        {ImGuiKey_Escape, SDL_SCANCODE_ESCAPE},    {ImGuiKey_KeyPadEnter, SDL_SCANCODE_KP_ENTER},
        {ImGuiKey_A, SDL_SCANCODE_A},              {ImGuiKey_C, SDL_SCANCODE_C},
        {ImGuiKey_V, SDL_SCANCODE_V},              {ImGuiKey_X, SDL_SCANCODE_X},
        {ImGuiKey_Y, SDL_SCANCODE_Y},              {ImGuiKey_Z, SDL_SCANCODE_Z},
    };
    for (const auto& [k, code] : key_map) io.KeyMap[k] = int(code);
    // The atlas is built here so that frames work with no renderer (tests);
    // a renderer backend makes its texture from it.
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0;
    style.FrameRounding = 3;
    style.GrabRounding = 3;
    style.WindowBorderSize = 0;
    style.ItemSpacing = ImVec2(8, 5);
    ImGui::SetCurrentContext(previous);

    if (!config.record_path.empty()) start_recording(config.record_path);
  }

  ~Impl() {
    if (ctx) ImGui::DestroyContext(ctx);
  }

  // ---- simulation ----------------------------------------------------------

  void set_status(std::string text, bool error = false) {
    status = std::move(text);
    status_error = error;
  }

  void make_policy_for(std::size_t i) {
    slots[i].policy = policy == "human" ? PolicyFn{} : make_policy(policy, *slots[i].env, seed + i);
  }

  void resize(int n) {
    n = std::clamp(n, 1, kMaxBatch);
    const std::size_t old = slots.size();
    if (std::size_t(n) < old) {
      slots.resize(std::size_t(n));
      return;
    }
    const Options current = live_params(*slots[0].env);
    slots.resize(std::size_t(n));
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (i >= old) {
        slots[i].env = make(config.id, config.params);
        slots[i].env->set_params(current);
        reset_slot(i, seed + i);
      }
      make_policy_for(i);
    }
  }

  void reset_slot(std::size_t i, std::optional<uint64_t> s) {
    Slot& slot = slots[i];
    slot.obs = slot.env->reset(s).obs;
    slot.ret = 0;
    slot.length = 0;
    slot.done = false;
    slot.done_time = 0;
    slot.last_action = Array();
  }

  void reset_all(uint64_t s) {
    if (rec) save_recording("stopped by a reset");
    seed = s;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      reset_slot(i, s + i);
      make_policy_for(i);
    }
    accumulator = 0;
  }

  // The next episode after one ended: reset without a seed (the env's generator
  // continues), as `gym rollout --actions` does, so recordings replay.
  void next_episode(std::size_t i) { reset_slot(i, std::nullopt); }

  void push_history(double reward, const Array& obs) {
    const std::size_t h = std::size_t(history_head);
    history[0][h] = float(reward);
    for (std::size_t k = 1; k < history.size(); ++k)
      history[k][h] = int64_t(k - 1) < obs.size() ? float(obs.element(int64_t(k - 1))) : 0.0f;
    history_head = (history_head + 1) % config.history;
    history_count = std::min(history_count + 1, config.history);
  }

  void step_slot(std::size_t i, const Array& action) {
    Slot& slot = slots[i];
    const StepResult r = slot.env->step(action);
    slot.obs = r.obs;
    slot.last_action = action;
    slot.ret += r.reward;
    ++slot.length;
    if (i == 0) {
      ++steps;
      push_history(r.reward, r.obs);
      if (rec) {
        rec->actions.push_back(action_json(action));
        rec->observations.push_back(r.obs.to_doubles());
        rec->rewards.push_back(r.reward);
        rec->terminated.push_back(r.terminated);
        rec->truncated.push_back(r.truncated);
      }
    }
    if (r.terminated || r.truncated) {
      slot.done = true;
      slot.terminated = r.terminated;
      slot.done_time = 0;
      if (i == 0) {
        ++episodes;
        last_return = slot.ret;
        last_length = slot.length;
        last_terminated = r.terminated;
      }
    }
  }

  // One step of every running env: the policy's action, or the human's.
  void step_all(const std::optional<Array>& human) {
    try {
      for (std::size_t i = 0; i < slots.size(); ++i) {
        Slot& slot = slots[i];
        if (slot.done) continue;
        if (slot.policy) step_slot(i, slot.policy(slot.obs));
        else if (human) step_slot(i, *human);
      }
    } catch (const std::exception& e) {
      paused = true;
      set_status(fmt::format("paused: {}", e.what()), true);
    }
  }

  const KeyBinding* held_binding() const {
    for (const KeyBinding& b : keys.bindings)
      for (int k : b.keys)
        if (ImGui::IsKeyDown(k)) return &b;
    return nullptr;
  }

  const KeyBinding* pressed_binding() const {
    for (const KeyBinding& b : keys.bindings)
      for (int k : b.keys)
        if (ImGui::IsKeyPressed(k, true)) return &b;
    return nullptr;
  }

  // The human's action now: a held key, else the mouse on the view, else the idle action.
  std::optional<Array> human_action(bool keys_ok) const {
    if (keys_ok)
      if (const KeyBinding* b = held_binding()) return b->action;
    if (keys.mouse && view_active) {
      const auto& box = dynamic_cast<const Box&>(slots[0].env->action_space());
      const double v = mouse_action >= 0 ? mouse_action * box.high()[0] : -mouse_action * box.low()[0];
      return Array::from<double>(std::vector<double>{v}).astype(box.dtype());
    }
    return keys.idle;
  }

  void advance(float dt, bool keys_ok) {
    if (paused) {
      accumulator = 0;
      if (step_request) {
        for (std::size_t i = 0; i < slots.size(); ++i)
          if (slots[i].done) next_episode(i);
        step_all(human_action(keys_ok));
      }
      return;
    }
    const KeyBinding* pressed = turn_based && keys_ok ? pressed_binding() : nullptr;
    bool pressed_next = false;  // a key press that starts the next episode does not also step it
    for (std::size_t i = 0; i < slots.size(); ++i) {
      Slot& slot = slots[i];
      if (!slot.done) continue;
      slot.done_time += dt;
      if (continue_request || pressed || slot.done_time + 1e-6 >= config.reset_delay) {
        next_episode(i);
        pressed_next = pressed_next || pressed;
      }
    }
    if (pressed_next) return;
    if (turn_based) {
      accumulator = 0;
      if (pressed || step_request) step_all(pressed ? std::optional<Array>(pressed->action) : human_action(keys_ok));
      return;
    }
    accumulator += dt;
    int n = int(std::floor(accumulator * fps + 1e-3));  // frames of exactly 1/fps s step once each
    accumulator -= n / fps;
    if (n > kMaxStepsPerFrame) {
      n = kMaxStepsPerFrame;
      accumulator = 0;
    }
    const std::optional<Array> human = human_action(keys_ok);
    for (int k = 0; k < n; ++k) step_all(human);
  }

  // ---- parameters ----------------------------------------------------------

  // Options the env chose itself when it was made (FrozenLake's map_seed for
  // map_name=random given without one) join the configured ones, so that new
  // batch slots and the recording's replay get the same layout: the fixed
  // options that neither the user gave nor the registry's defaults list.
  void pin_drawn_options(const Env& env) {
    const json defaults = describe(config.id)["params"];
    const auto listed = [&](const std::string& name) {
      return std::any_of(defaults.begin(), defaults.end(), [&](const json& d) { return d.at("name") == name; });
    };
    for (const auto& p : env.params()) {
      const std::string name = p.at("name").get<std::string>();
      if (is_fixed(p) && !config.params.contains(name) && !listed(name))
        config.params.emplace(name, option_from_json(p.at("value")));
    }
  }

  void build_sliders() {
    sliders.clear();
    for (const auto& p : slots[0].env->params()) {
      ParamSlider s;
      s.name = p.at("name").get<std::string>();
      s.unit = p.at("unit").get<std::string>();
      s.doc = p.at("doc").get<std::string>();
      s.range = p.at("range").get<std::string>();
      if (is_fixed(p)) {
        s.kind = ParamSlider::Kind::kFixed;
        sliders.push_back(std::move(s));
        continue;
      }
      const json& v = p.at("value");
      s.kind = v.is_boolean() ? ParamSlider::Kind::kBool
               : v.is_number_integer() ? ParamSlider::Kind::kInt
                                       : ParamSlider::Kind::kDouble;
      const double start = v.is_boolean() ? double(v.get<bool>()) : v.get<double>();
      std::tie(s.lo, s.hi) = slider_range(parse_range(s.range), start);
      if (s.kind == ParamSlider::Kind::kInt) s.lo = std::ceil(s.lo), s.hi = std::max(std::floor(s.hi), s.lo + 1);
      s.format = s.kind == ParamSlider::Kind::kInt ? "%d" : "%.4g";
      if (!s.unit.empty()) s.format += " " + escape_percent(s.unit);
      sliders.push_back(std::move(s));
    }
  }

  void set_params(const Options& options) {
    try {
      for (Slot& slot : slots) slot.env->set_params(options);
    } catch (const Error& e) {
      set_status(e.what(), true);
      return;
    }
    if (rec) save_recording("stopped by a parameter change");
    keys = key_map_for(*slots[0].env);  // action bounds may depend on parameters
    for (std::size_t i = 0; i < slots.size(); ++i) make_policy_for(i);
  }

  // ---- recording -----------------------------------------------------------

  void start_recording(const std::string& path) {
    if (path.empty()) throw Error("gym play: the recording needs a file name");
    reset_all(seed);
    rec.emplace();
    rec->path = path;
    rec->seed = seed;
    for (const auto& p : slots[0].env->params()) rec->params[p.at("name").get<std::string>()] = p.at("value");
    rec->initial_observation = slots[0].obs.to_doubles();
    set_status(fmt::format("recording to {} from reset(seed={})", path, seed));
  }

  // The recording's parameters as --param arguments: the live ones that differ
  // from the registry's defaults, and every other option the env was made
  // with (a map), as configured.
  std::vector<std::string> param_overrides(const json& params) const {
    std::vector<std::string> out;
    const json defaults = describe(config.id)["params"];
    std::vector<std::string> live;
    for (const auto& d : defaults) {
      if (is_fixed(d)) continue;
      const std::string name = d.at("name").get<std::string>();
      live.push_back(name);
      if (!params.contains(name) || params[name] == d.at("value")) continue;
      const json& v = params[name];
      out.push_back(v.is_boolean() ? fmt::format("{}={}", name, v.get<bool>())
                    : v.is_number_integer() ? fmt::format("{}={}", name, v.get<int64_t>())
                                            : fmt::format("{}={}", name, v.get<double>()));
    }
    for (const auto& [name, value] : config.params)
      if (std::find(live.begin(), live.end(), name) == live.end()) out.push_back(param_argument(name, value));
    return out;
  }

  std::string save_recording(const std::string& why = "") {
    if (!rec) return "";
    Recording r = std::move(*rec);
    rec.reset();
    const std::string actions_path = actions_path_for(r.path);
    const std::vector<std::string> overrides = param_overrides(r.params);
    std::string replay = fmt::format("gym rollout {} --seed {} --actions {} --json", config.id, r.seed, actions_path);
    for (const auto& o : overrides) replay += " --param " + o;
    const json record{{"id", config.id},
                      {"seed", r.seed},
                      {"params", r.params},
                      {"param_overrides", overrides},
                      {"actions_file", actions_path},
                      {"replay", replay},
                      {"steps", r.actions.size()},
                      {"initial_observation", r.initial_observation},
                      {"actions", r.actions},
                      {"observations", r.observations},
                      {"rewards", r.rewards},
                      {"terminated", r.terminated},
                      {"truncated", r.truncated}};
    try {
      std::ofstream full(r.path);
      full << record.dump() << "\n";
      std::ofstream bare(actions_path);
      bare << r.actions.dump() << "\n";
      if (!full || !bare)
        throw Error(fmt::format("gym play: cannot write the recording to '{}' and '{}'", r.path, actions_path));
    } catch (const Error& e) {
      set_status(e.what(), true);
      return "";
    }
    set_status(fmt::format("saved {} steps to {}{}; replay: {}", r.actions.size(), r.path,
                           why.empty() ? "" : " (" + why + ")", replay));
    return r.path;
  }

  // ---- interface -----------------------------------------------------------

  void note(const std::string& key) { rects[key] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}; }

  void frame(float dt) {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::NewFrame();
    rects.clear();
    step_request = continue_request = false;
    const bool keys_ok = !io.WantCaptureKeyboard;
    if (keys_ok) {
      if (ImGui::IsKeyPressed(SDL_SCANCODE_ESCAPE, false)) quit = true;
      if (ImGui::IsKeyPressed(SDL_SCANCODE_P, false)) paused = !paused;
      if (ImGui::IsKeyPressed(SDL_SCANCODE_N, true)) paused = step_request = true;
      if (ImGui::IsKeyPressed(SDL_SCANCODE_R, false)) reset_all(seed);
      if (ImGui::IsKeyPressed(SDL_SCANCODE_RETURN, false) || ImGui::IsKeyPressed(SDL_SCANCODE_KP_ENTER, false))
        continue_request = true;
    }
    advance(dt, keys_ok);

    const ImVec2 display = io.DisplaySize;
    const float left_w = std::max(200.0f, display.x - kPanelWidth);
    const float plots_h = std::floor(display.y * kPlotsFraction);
    view_window(ImVec2(0, 0), ImVec2(left_w, display.y - plots_h), keys_ok);
    plots_window(ImVec2(0, display.y - plots_h), ImVec2(left_w, plots_h));
    panel_window(ImVec2(left_w, 0), ImVec2(display.x - left_w, display.y));
    ImGui::Render();
  }

  static constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                             ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                             ImGuiWindowFlags_NoSavedSettings |
                                             ImGuiWindowFlags_NoBringToFrontOnFocus;

  bool begin_fixed(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    return ImGui::Begin(name, nullptr, kFixed | extra);
  }

  // Draws env slot i's frame fitted into [pos, pos + size], centred.
  void draw_env(ImDrawList& dl, std::size_t i, ImVec2 pos, ImVec2 size, bool small) {
    Slot& slot = slots[i];
    try {
      slot.env->draw(slot.frame);
    } catch (const Error& e) {
      draw_failed = true;
      draw_error = e.what();
      return;
    }
    const DrawList& f = slot.frame;
    if (f.width() <= 0 || f.height() <= 0) return;
    const float scale = std::min(size.x / float(f.width()), size.y / float(f.height()));
    const ImVec2 canvas(scale * float(f.width()), scale * float(f.height()));
    const ImVec2 origin(std::floor(pos.x + (size.x - canvas.x) / 2), std::floor(pos.y + (size.y - canvas.y) / 2));
    const ImVec2 end(origin.x + canvas.x, origin.y + canvas.y);
    dl.AddRectFilled(origin, end, to_imgui(f.background()));
    dl.PushClipRect(origin, end, true);
    append(dl, f, origin, scale, ImGui::GetFont(), ImGui::GetIO().Fonts->TexID);
    // Episode end: a band over the frame until the next episode starts.
    if (slot.done) {
      const float band = small ? std::min(canvas.y, ImGui::GetTextLineHeight() + 8) : 44.0f;
      const ImVec2 b0(origin.x, origin.y + (canvas.y - band) / 2), b1(end.x, b0.y + band);
      dl.AddRectFilled(b0, b1, slot.terminated ? IM_COL32(150, 30, 30, 170) : IM_COL32(30, 70, 150, 170));
      const std::string what = slot.terminated ? "TERMINATED" : "TRUNCATED";
      const std::string line1 =
          small ? what : fmt::format("{}  return {:.2f}, length {}", what, slot.ret, slot.length);
      const double left = std::max(0.0, config.reset_delay - slot.done_time);
      const std::string line2 = fmt::format("next episode in {:.1f} s (Enter: now)", left);
      const ImVec2 t1 = ImGui::CalcTextSize(line1.c_str());
      dl.AddText(ImVec2(origin.x + (canvas.x - t1.x) / 2, b0.y + (small ? (band - t1.y) / 2 : 6)),
                 IM_COL32_WHITE, line1.c_str());
      if (!small) {
        const ImVec2 t2 = ImGui::CalcTextSize(line2.c_str());
        dl.AddText(ImVec2(origin.x + (canvas.x - t2.x) / 2, b0.y + 24), IM_COL32_WHITE, line2.c_str());
      }
    }
    dl.PopClipRect();
    if (small) {
      const std::string label = fmt::format("#{}  {:.0f}", i, slot.ret);
      dl.AddRectFilled(origin, ImVec2(origin.x + ImGui::CalcTextSize(label.c_str()).x + 8, origin.y + 16),
                       IM_COL32(0, 0, 0, 150));
      dl.AddText(ImVec2(origin.x + 4, origin.y + 1), IM_COL32_WHITE, label.c_str());
    }
  }

  void view_window(ImVec2 pos, ImVec2 size, bool keys_ok) {
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(24, 26, 30, 255));
    if (begin_fixed("##view", pos, size, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
      const Env& env0 = *slots[0].env;
      ImGui::Text("%s", config.id.c_str());
      ImGui::SameLine();
      ImGui::TextColored(kDimColour, "%s", env0.spec().reference.c_str());
      if (paused || turn_based) {
        ImGui::SameLine(0, 16);
        ImGui::TextColored(paused ? kWarnColour : kKeyColour, paused ? "PAUSED" : "TURN-BASED");
      }
      if (rec) {
        ImGui::SameLine(0, 16);
        ImGui::TextColored(ImVec4(1, 0.3f, 0.3f, 1), "REC %zu steps", rec->actions.size());
      }
      const float keys_h = ImGui::GetTextLineHeightWithSpacing() * 3 + 8;
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      const ImVec2 area(avail.x, std::max(20.0f, avail.y - keys_h));
      const ImVec2 p0 = ImGui::GetCursorScreenPos();
      ImGui::InvisibleButton("##canvas", area);
      note("view");
      view_active = ImGui::IsItemActive() && keys.mouse;
      if (view_active) {
        const float half = area.x / 2;
        mouse_action = std::clamp((ImGui::GetIO().MousePos.x - (p0.x + half)) / (half * 0.8f), -1.0f, 1.0f);
      }
      ImDrawList& dl = *ImGui::GetWindowDrawList();
      draw_failed = false;
      if (slots.size() == 1) {
        draw_env(dl, 0, p0, area, false);
      } else {
        // The grid with the largest tiles.
        const DrawList& f = slots[0].frame;
        try {
          slots[0].env->draw(slots[0].frame);
        } catch (const Error&) {
        }
        const float aspect = f.height() > 0 ? float(f.width()) / float(f.height()) : 1.5f;
        const int n = int(slots.size());
        int best_cols = 1;
        float best = 0;
        for (int cols = 1; cols <= n; ++cols) {
          const int rows = (n + cols - 1) / cols;
          const float w = std::min(area.x / float(cols), area.y / float(rows) * aspect);
          if (w > best) best = w, best_cols = cols;
        }
        const int rows = (n + best_cols - 1) / best_cols;
        const ImVec2 tile(std::floor(best), std::floor(best / aspect));
        const ImVec2 grid0(std::floor(p0.x + (area.x - tile.x * float(best_cols)) / 2),
                           std::floor(p0.y + (area.y - tile.y * float(rows)) / 2));
        for (int k = 0; k < n; ++k) {
          const ImVec2 t0(grid0.x + tile.x * float(k % best_cols), grid0.y + tile.y * float(k / best_cols));
          draw_env(dl, std::size_t(k), ImVec2(t0.x + 2, t0.y + 2), ImVec2(tile.x - 4, tile.y - 4), true);
        }
      }
      if (draw_failed) dl.AddText(ImVec2(p0.x + 10, p0.y + 10), IM_COL32(255, 120, 100, 255), draw_error.c_str());
      key_help(keys_ok);
    }
    ImGui::End();
    ImGui::PopStyleColor();
  }

  void key_label(const std::string& key, const std::string& what) {
    ImGui::TextColored(kKeyColour, "%s", key.c_str());
    ImGui::SameLine(0, 4);
    ImGui::Text("%s", what.c_str());
    ImGui::SameLine(0, 16);
  }

  void key_help(bool keys_ok) {
    const KeyBinding* held = keys_ok ? held_binding() : nullptr;
    if (keys.bindings.empty()) {
      ImGui::TextColored(kDimColour, "No key map for the action space %s: choose a policy.",
                         slots[0].env->action_space().to_string().c_str());
    } else {
      for (const KeyBinding& b : keys.bindings) {
        const bool on = &b == held;
        if (on) ImGui::PushStyleColor(ImGuiCol_Text, kGoodColour);
        key_label(b.key_names, is_floating(b.action.dtype()) ? b.label
                                                             : fmt::format("{} ({})", b.label, action_text(b.action)));
        if (on) ImGui::PopStyleColor();
      }
      ImGui::NewLine();
      if (turn_based) ImGui::TextColored(kDimColour, "each key press is one step");
      else ImGui::TextColored(kDimColour, "no key: %s", keys.idle_label.c_str());
      if (keys.mouse) {
        ImGui::SameLine(0, 16);
        ImGui::TextColored(kDimColour, "| drag on the view: anything in between");
      }
    }
    key_label("P", "pause");
    key_label("N", "step");
    key_label("R", "reset");
    key_label("Enter", "next episode");
    key_label("Esc", "quit");
    ImGui::NewLine();
  }

  void plots_window(ImVec2 pos, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(24, 26, 30, 255));
    if (begin_fixed("##plots", pos, size, ImGuiWindowFlags_NoScrollbar)) {
      const int series = int(history.size());
      const int cols = series <= 2 ? series : series <= 6 ? 3 : 4;
      const int rows = (series + cols - 1) / cols;
      const float line = ImGui::GetTextLineHeightWithSpacing();
      const float plot_h = std::max(
          16.0f, (ImGui::GetContentRegionAvail().y - float(rows) * (line + ImGui::GetStyle().CellPadding.y * 2 + 4)) /
                     float(rows));
      const int count = history_count;
      const int offset = history_count == config.history ? history_head : 0;
      const int last = (history_head + config.history - 1) % config.history;
      if (ImGui::BeginTable("##plot_table", cols, ImGuiTableFlags_SizingStretchSame)) {
        for (int k = 0; k < series; ++k) {
          ImGui::TableNextColumn();
          const std::string name = k == 0 ? "reward" : keys.obs_names[std::size_t(k - 1)];
          const float value = count > 0 ? history[std::size_t(k)][std::size_t(last)] : 0.0f;
          ImGui::TextColored(k == 0 ? kKeyColour : kDimColour, "%s", name.c_str());
          ImGui::SameLine();
          ImGui::Text("% .4g", double(value));
          // The series' range; a constant series (CartPole's reward) sits mid-height.
          const std::vector<float>& values = history[std::size_t(k)];
          float lo = count > 0 ? values[0] : 0.0f, hi = lo;
          for (int j = 0; j < count; ++j)
            lo = std::min(lo, values[std::size_t(j)]), hi = std::max(hi, values[std::size_t(j)]);
          if (hi - lo < 1e-6f * std::max(1.0f, std::abs(hi))) {
            const float pad = std::max(1.0f, std::abs(hi) * 0.5f);
            lo -= pad, hi += pad;
          }
          if (k == 0) ImGui::PushStyleColor(ImGuiCol_PlotLines, kKeyColour);
          ImGui::SetNextItemWidth(-FLT_MIN);
          ImGui::PlotLines(fmt::format("##plot{}", k).c_str(), values.data(), count, offset, nullptr, lo, hi,
                           ImVec2(0, plot_h));
          if (k == 0) ImGui::PopStyleColor();
        }
        ImGui::EndTable();
      }
    }
    ImGui::End();
    ImGui::PopStyleColor();
  }

  void panel_window(ImVec2 pos, ImVec2 size) {
    if (begin_fixed("##panel", pos, size)) {
      episode_section();
      control_section();
      params_section();
      if (!status.empty()) {
        ImGui::Separator();
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(status_error ? kWarnColour : kGoodColour, "%s", status.c_str());
        ImGui::PopTextWrapPos();
      }
    }
    ImGui::End();
  }

  void episode_section() {
    if (!ImGui::CollapsingHeader("Episode", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const Slot& s = slots[0];
    if (ImGui::BeginTable("##episode", 2)) {
      ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, 64);
      ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
      auto row = [](const char* name, const std::string& value, ImVec4 colour = ImVec4(1, 1, 1, 1)) {
        ImGui::TableNextColumn();
        ImGui::TextColored(kDimColour, "%s", name);
        ImGui::TableNextColumn();
        ImGui::TextColored(colour, "%s", value.c_str());
      };
      row("return", fmt::format("{:.2f}", s.ret));
      row("length", fmt::format("{} steps", s.length));
      row("episodes", episodes == 0 ? std::string("none finished yet")
                                    : fmt::format("{} done, last {:.2f} in {} steps ({})", episodes, last_return,
                                                  last_length, last_terminated ? "terminated" : "truncated"));
      std::string action = action_text(s.last_action);
      if (s.last_action.size() > 0 && !s.policy)
        for (const KeyBinding& b : keys.bindings)
          if (b.action == s.last_action) action += "  " + b.label;
      row("action", fmt::format("{}  by {}", action, policy), kKeyColour);
      if (slots.size() > 1) {
        double mean = 0;
        for (const Slot& slot : slots) mean += slot.ret;
        row("batch", fmt::format("{} envs, mean return {:.2f}", slots.size(), mean / double(slots.size())));
      }
      ImGui::EndTable();
    }
  }

  void control_section() {
    if (!ImGui::CollapsingHeader("Control", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const float button_w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    if (ImGui::Button(paused ? "Resume (P)###pause" : "Pause (P)###pause", ImVec2(button_w, 0))) paused = !paused;
    note("pause");
    ImGui::SameLine();
    if (ImGui::Button("Step (N)###step", ImVec2(button_w, 0))) {
      paused = true;
      for (std::size_t i = 0; i < slots.size(); ++i)
        if (slots[i].done) next_episode(i);
      step_all(human_action(false));
    }
    note("step");
    ImGui::SameLine();
    if (ImGui::Button("Reset (R)###reset", ImVec2(button_w, 0))) reset_all(seed);
    note("reset");

    const float label_w = 110;
    auto label = [&](const char* text) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextColored(kDimColour, "%s", text);
      ImGui::SameLine(label_w);
      ImGui::SetNextItemWidth(-FLT_MIN);
    };
    label("seed");
    const uint64_t one = 1;
    ImGui::InputScalar("##seed", ImGuiDataType_U64, &seed, &one, nullptr, "%llu");
    note("seed");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Reset (R) starts env i of the batch from reset(seed + i)");
    label("steps / second");
    float fps_f = float(fps);
    if (ImGui::SliderFloat("##fps", &fps_f, 1.0f, float(kMaxFps), "%.0f",
                           ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
      fps = double(fps_f);
    note("fps");
    label("policy");
    // The combo's own rectangle: once its popup is open the last item is the popup's.
    const ImVec2 combo_pos = ImGui::GetCursorScreenPos();
    rects["policy"] = {combo_pos, ImVec2(combo_pos.x + ImGui::CalcItemWidth(), combo_pos.y + ImGui::GetFrameHeight())};
    if (ImGui::BeginCombo("##policy", policy.c_str())) {
      for (const std::string& name : policies) {
        if (ImGui::Selectable(name.c_str(), name == policy)) set_policy(name);
        note("policy:" + name);
      }
      ImGui::EndCombo();
    }
    label("mode");
    ImGui::Checkbox("turn-based (a key press is a step)", &turn_based);
    note("turn_based");
    label("batch");
    if (ImGui::SliderInt("##batch", &batch_input, 1, kMaxBatch, "%d envs", ImGuiSliderFlags_AlwaysClamp))
      resize(batch_input);
    note("batch");
    label("record");
    const float rec_w = 110;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - rec_w - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputText("##record_path", record_path, sizeof record_path);
    ImGui::SameLine();
    if (rec) {
      if (ImGui::Button("Stop & save###record", ImVec2(rec_w, 0))) save_recording();
    } else if (ImGui::Button("Record###record", ImVec2(rec_w, 0))) {
      try {
        start_recording(record_path);
      } catch (const Error& e) {
        set_status(e.what(), true);
      }
    }
    note("record");
  }

  void set_policy(const std::string& name) {
    if (std::find(policies.begin(), policies.end(), name) == policies.end())
      throw Error(fmt::format("gym play: {} has no policy '{}' (available: {})", config.id, name,
                              fmt::join(policies, ", ")));
    policy = name;
    for (std::size_t i = 0; i < slots.size(); ++i) make_policy_for(i);
  }

  void params_section() {
    if (!ImGui::CollapsingHeader("Parameters", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const json params = slots[0].env->params();
    if (ImGui::BeginTable("##params", 2, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, 170);
      ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
      for (std::size_t k = 0; k < sliders.size() && k < params.size(); ++k) {
        const ParamSlider& s = sliders[k];
        const json& value = params[k].at("value");
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(kDimColour, "%s", s.name.c_str());
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s\nunit: %s\nallowed: %s%s", s.doc.c_str(), s.unit.empty() ? "-" : s.unit.c_str(),
                            s.range.c_str(),
                            s.kind == ParamSlider::Kind::kFixed ? "\nset when the env is made (--param)" : "");
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(-FLT_MIN);
        const std::string id = "##" + s.name;
        switch (s.kind) {
          case ParamSlider::Kind::kBool: {
            bool v = value.get<bool>();
            if (ImGui::Checkbox(id.c_str(), &v)) set_params({{s.name, v}});
            break;
          }
          case ParamSlider::Kind::kInt: {
            int v = value.get<int>();
            const int lo = int(s.lo), hi = int(s.hi);
            if (ImGui::SliderScalar(id.c_str(), ImGuiDataType_S32, &v, &lo, &hi, s.format.c_str()))
              set_params({{s.name, v}});
            break;
          }
          case ParamSlider::Kind::kDouble: {
            double v = value.get<double>();
            if (ImGui::SliderScalar(id.c_str(), ImGuiDataType_Double, &v, &s.lo, &s.hi, s.format.c_str()))
              set_params({{s.name, v}});
            break;
          }
          case ParamSlider::Kind::kFixed:
            ImGui::AlignTextToFramePadding();
            ImGui::TextWrapped("%s", fixed_text(value).c_str());
            break;
        }
        note(s.name);
      }
      ImGui::EndTable();
    }
    if (ImGui::Button("Reset params", ImVec2(-FLT_MIN, 0))) {
      set_params(start_params);
      if (!status_error) set_status("parameters back to their starting values");
    }
    note("reset_params");
  }
};

PlayApp::PlayApp(PlayConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
PlayApp::~PlayApp() = default;

ImGuiContext* PlayApp::context() const { return impl_->ctx; }

void PlayApp::frame(const PlayInput& input, float dt) {
  ImGuiContext* previous = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(impl_->ctx);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(impl_->config.width), float(impl_->config.height));
  io.DeltaTime = dt > 0 ? dt : 1e-4f;
  io.MousePos = input.mouse;
  for (int b = 0; b < 3; ++b) io.MouseDown[b] = input.mouse_down[b];
  std::fill(std::begin(io.KeysDown), std::end(io.KeysDown), false);
  for (int k : input.keys)
    if (k >= 0 && k < int(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[k] = true;
  io.KeyShift = io.KeysDown[SDL_SCANCODE_LSHIFT] || io.KeysDown[SDL_SCANCODE_RSHIFT];
  io.KeyCtrl = io.KeysDown[SDL_SCANCODE_LCTRL] || io.KeysDown[SDL_SCANCODE_RCTRL];
  io.KeyAlt = io.KeysDown[SDL_SCANCODE_LALT] || io.KeysDown[SDL_SCANCODE_RALT];
  if (!input.text.empty()) io.AddInputCharactersUTF8(input.text.c_str());
  impl_->frame(io.DeltaTime);
  ImGui::SetCurrentContext(previous);
}

void PlayApp::frame(float dt) {
  ImGuiContext* previous = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(impl_->ctx);
  impl_->frame(dt);
  ImGui::SetCurrentContext(previous);
}

ImDrawData* PlayApp::draw_data() const {
  ImGuiContext* previous = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(impl_->ctx);
  ImDrawData* d = ImGui::GetDrawData();
  ImGui::SetCurrentContext(previous);
  return d;
}

bool PlayApp::wants_quit() const { return impl_->quit; }
std::string PlayApp::finish() { return impl_->save_recording(); }
Env& PlayApp::env(int i) { return *impl_->slots.at(std::size_t(i)).env; }
int PlayApp::batch() const { return int(impl_->slots.size()); }
void PlayApp::set_batch(int n) {
  if (n < 1 || n > kMaxBatch) throw Error(fmt::format("gym play: the batch must be in 1..{}, got {}", kMaxBatch, n));
  impl_->batch_input = n;
  impl_->resize(n);
}
bool PlayApp::paused() const { return impl_->paused; }
void PlayApp::set_paused(bool paused) { impl_->paused = paused; }
const std::string& PlayApp::policy() const { return impl_->policy; }
std::vector<std::string> PlayApp::policy_names() const { return impl_->policies; }
void PlayApp::set_policy(const std::string& name) { impl_->set_policy(name); }
void PlayApp::reset(uint64_t seed) { impl_->reset_all(seed); }
int64_t PlayApp::steps() const { return impl_->steps; }
double PlayApp::episode_return() const { return impl_->slots[0].ret; }
int PlayApp::episode_length() const { return impl_->slots[0].length; }
int PlayApp::episodes_finished() const { return impl_->episodes; }
const Array& PlayApp::last_action() const { return impl_->slots[0].last_action; }
const KeyMap& PlayApp::key_map() const { return impl_->keys; }
bool PlayApp::recording() const { return impl_->rec.has_value(); }
void PlayApp::start_recording(const std::string& path) { impl_->start_recording(path); }
std::string PlayApp::stop_recording() { return impl_->save_recording(); }
const std::string& PlayApp::status() const { return impl_->status; }

std::optional<ItemRect> PlayApp::item_rect(std::string_view key) const {
  const auto it = impl_->rects.find(key);
  if (it == impl_->rects.end()) return std::nullopt;
  return it->second;
}

}  // namespace gym::render
