// The play app (`gym play`), run offscreen with scripted keyboard and mouse
// input: key maps, live parameters, policies, pause, batch and turn-based
// modes, recordings that `gym rollout --actions` replays, screenshots.
#include <catch2/catch.hpp>

#include <SDL.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gym/cli.hpp"
#include "gym/registry.hpp"
#include "gym/render/play.hpp"
#include "support.hpp"

using gym::render::OffscreenPlay;
using gym::render::PlayApp;
using gym::render::PlayConfig;
using gym::render::PlayInput;
using gym::test::error_of;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

// Drives an offscreen app frame by frame, one env step per frame in real time.
struct Driver {
  OffscreenPlay play;
  PlayInput input;
  float dt;

  explicit Driver(PlayConfig config) : play(std::move(config)), dt(float(1.0 / fps(play.app()))) {
    frame();  // lay the interface out once, so item rects exist
  }
  static double fps(PlayApp& app) {
    const double f = app.env().metadata().render_fps;
    return f > 0 ? f : 30.0;
  }
  PlayApp& app() { return play.app(); }
  void frame(std::vector<int> keys = {}) {
    input.keys = std::move(keys);
    play.frame(input, dt);
  }
  void hold(int key, int frames) {
    for (int i = 0; i < frames; ++i) frame({key});
  }
  void idle(int frames) {
    for (int i = 0; i < frames; ++i) frame();
  }
  void press(int key) {
    frame({key});
    frame();
  }
  gym::render::ItemRect rect(const std::string& key) {
    const auto r = app().item_rect(key);
    INFO("widget " << key);
    REQUIRE(r.has_value());
    return *r;
  }
  void move_to(ImVec2 p) {
    input.mouse = p;
    frame();
  }
  void click(const std::string& key) {
    move_to(rect(key).centre());
    input.mouse_down[0] = true;
    frame();
    input.mouse_down[0] = false;
    frame();
  }
  // Presses the mouse at fraction `from` of the widget's width and releases it at `to`.
  void drag(const std::string& key, float from, float to) {
    const gym::render::ItemRect r = rect(key);
    const float y = r.centre().y;
    auto x = [&](float f) { return r.min.x + f * (r.max.x - r.min.x); };
    move_to({x(from), y});
    input.mouse_down[0] = true;
    frame();
    for (int i = 1; i <= 4; ++i) move_to({x(from + (to - from) * float(i) / 4), y});
    input.mouse_down[0] = false;
    frame();
  }
};

PlayConfig config_for(const std::string& id, uint64_t seed = 0) {
  PlayConfig c;
  c.id = id;
  c.seed = seed;
  return c;
}

double param(const gym::Env& env, const std::string& name) {
  for (const auto& p : env.params())
    if (p.at("name") == name) return p.at("value").get<double>();
  FAIL("no parameter " << name);
  return 0;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("gym_play_test_" + name)).string();
}

json read_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

// An env the play app has no key map for: Discrete(4), observation = step count.
class CounterEnv final : public gym::Env {
 public:
  gym::ResetResult reset(std::optional<uint64_t>, const gym::Options&) override {
    t_ = 0;
    return {obs(), gym::Info::object()};
  }
  gym::StepResult step(const gym::Array&) override {
    ++t_;
    return {obs(), 1.0, false, false, gym::Info::object()};
  }
  const gym::Space& observation_space() const override { return obs_space_; }
  const gym::Space& action_space() const override { return action_space_; }
  const gym::EnvSpec& spec() const override { return spec_; }
  const gym::EnvMetadata& metadata() const override { return metadata_; }

 private:
  gym::Array obs() const { return gym::Array::from<float>({float(t_)}, gym::Shape{1}); }
  int t_ = 0;
  gym::Box obs_space_{0.0, 1e6, gym::Shape{1}};
  gym::Discrete action_space_{4, 1};
  gym::EnvSpec spec_{"Counter-v0", std::nullopt, std::nullopt, "test"};
  gym::EnvMetadata metadata_{};
};

}  // namespace

TEST_CASE("play: holding Right pushes CartPole's cart right, holding Left pushes it left", "[render]") {
  Driver right(config_for("CartPole-v1", 3)), left(config_for("CartPole-v1", 3));
  const double x0 = right.app().env().state()[0];
  REQUIRE(left.app().env().state()[0] == x0);
  const int64_t steps = right.app().steps();  // the first frame stepped once, with no key
  right.hold(SDL_SCANCODE_RIGHT, 8);
  left.hold(SDL_SCANCODE_LEFT, 8);
  CHECK(right.app().steps() == steps + 8);
  CHECK(right.app().last_action() == gym::Array::scalar<int64_t>(1));
  CHECK(left.app().last_action() == gym::Array::scalar<int64_t>(0));
  CHECK(right.app().env().state()[0] > x0 + 0.02);
  CHECK(left.app().env().state()[0] < x0 - 0.02);
  // The A and D keys do the same as the arrows; no key at all is action 0.
  Driver d(config_for("CartPole-v1", 3));
  d.hold(SDL_SCANCODE_D, 1);
  CHECK(d.app().last_action() == gym::Array::scalar<int64_t>(1));
  d.idle(1);
  CHECK(d.app().last_action() == gym::Array::scalar<int64_t>(0));
}

TEST_CASE("play: key maps follow gymnasium.utils.play, per env id", "[render]") {
  using gym::Array;
  auto map_of = [](const std::string& id) { return gym::render::key_map_for(*gym::make(id)); };
  const auto cartpole = map_of("CartPole-v1");
  REQUIRE(cartpole.bindings.size() == 2);
  CHECK(cartpole.bindings[0].action == Array::scalar<int64_t>(0));
  CHECK(cartpole.bindings[1].action == Array::scalar<int64_t>(1));
  CHECK(*cartpole.idle == Array::scalar<int64_t>(0));
  CHECK(cartpole.obs_names.size() == 4);
  for (const std::string id : {"MountainCar-v0", "Acrobot-v1"}) {
    INFO(id);
    const auto m = map_of(id);
    REQUIRE(m.bindings.size() == 2);
    CHECK(m.bindings[0].action == Array::scalar<int64_t>(0));
    CHECK(m.bindings[1].action == Array::scalar<int64_t>(2));
    CHECK(*m.idle == Array::scalar<int64_t>(1));
    CHECK_FALSE(m.mouse);
  }
  for (const auto& [id, max] : {std::pair<std::string, float>{"Pendulum-v1", 2.0f}, {"MountainCarContinuous-v0", 1.0f},
                                {"CartPoleContinuous-v1", 1.0f}, {"AcrobotContinuous-v1", 1.0f}}) {
    INFO(id);
    const auto m = map_of(id);
    REQUIRE(m.bindings.size() == 2);
    CHECK(m.bindings[0].action == Array::from<float>({-max}, gym::Shape{1}));
    CHECK(m.bindings[1].action == Array::from<float>({max}, gym::Shape{1}));
    CHECK(*m.idle == Array::from<float>({0.0f}, gym::Shape{1}));
    CHECK(m.mouse);
  }
  // The bounds follow the parameters: Pendulum's max_torque sets the action box.
  const auto strong = gym::render::key_map_for(*gym::make("Pendulum-v1", {{"max_torque", 3.0}}));
  CHECK(strong.bindings[1].action == Array::from<float>({3.0f}, gym::Shape{1}));
  // An env with no entry of its own: Discrete(4) starting at 1 on the keys 1..4.
  const CounterEnv counter;
  const auto generic = gym::render::key_map_for(counter);
  REQUIRE(generic.bindings.size() == 4);
  for (int k = 0; k < 4; ++k) {
    CHECK(generic.bindings[std::size_t(k)].keys == std::vector<int>{SDL_SCANCODE_1 + k});
    CHECK(generic.bindings[std::size_t(k)].action == Array::scalar<int64_t>(1 + k));
  }
  CHECK(*generic.idle == Array::scalar<int64_t>(1));
  CHECK(generic.obs_names == std::vector<std::string>{"obs[0]"});
}

TEST_CASE("play: continuous envs take the action box's bounds from the arrows and 0 with no key", "[render]") {
  Driver d(config_for("Pendulum-v1"));
  d.hold(SDL_SCANCODE_LEFT, 1);
  CHECK(d.app().last_action() == gym::Array::from<float>({-2.0f}, gym::Shape{1}));
  d.hold(SDL_SCANCODE_RIGHT, 1);
  CHECK(d.app().last_action() == gym::Array::from<float>({2.0f}, gym::Shape{1}));
  d.idle(1);
  CHECK(d.app().last_action() == gym::Array::from<float>({0.0f}, gym::Shape{1}));
  // Dragging on the view sets anything in between: right of the centre is positive.
  const auto view = d.rect("view");
  d.move_to({view.centre().x + (view.max.x - view.min.x) * 0.2f, view.centre().y});
  d.input.mouse_down[0] = true;
  d.idle(3);
  d.input.mouse_down[0] = false;
  const float a = d.app().last_action().data<float>()[0];
  CHECK(a > 0.5f);
  CHECK(a < 2.0f);
}

TEST_CASE("play: dragging the gravity slider changes CartPole's gravity live; Reset params restores it",
          "[render]") {
  Driver d(config_for("CartPole-v1"));
  d.app().set_paused(true);
  d.frame();
  const std::vector<double> state = d.app().env().state();
  REQUIRE(param(d.app().env(), "gravity") == 9.8);
  // The slider spans (0, 4 x 9.8]: a drag to 75% of its width is about 29.4 m/s^2.
  d.drag("gravity", 0.1f, 0.75f);
  const double g = param(d.app().env(), "gravity");
  CHECK(g == Approx(0.75 * 39.2).epsilon(0.05));
  CHECK(d.app().env().state() == state);  // the state is kept
  d.drag("gravity", 0.5f, 0.0f);  // the open bound 0 is never sent
  CHECK(param(d.app().env(), "gravity") > 0);
  CHECK(param(d.app().env(), "gravity") < 0.1);
  d.click("reset_params");
  CHECK(param(d.app().env(), "gravity") == 9.8);
  // Gravity acts: with more of it, the pole falls faster from the same state.
  auto fall = [](double gravity) {
    Driver p(config_for("CartPole-v1", 5));
    p.app().env().set_params({{"gravity", gravity}});
    p.idle(6);
    return std::abs(p.app().env().state()[3]);
  };
  CHECK(fall(30.0) != fall(9.8));
}

TEST_CASE("play: the controller chosen in the policy combo keeps CartPole up for 200 frames", "[render]") {
  Driver d(config_for("CartPole-v1", 7));
  d.press(SDL_SCANCODE_P);
  REQUIRE(d.app().paused());
  REQUIRE(d.app().policy_names() == std::vector<std::string>{"human", "random", "controller"});
  d.click("policy");  // opens the combo
  d.idle(2);          // the popup lays itself out
  d.click("policy:controller");
  REQUIRE(d.app().policy() == "controller");
  d.press(SDL_SCANCODE_R);  // a fresh episode from seed 7
  CHECK(d.app().episode_length() == 0);
  d.press(SDL_SCANCODE_P);
  REQUIRE_FALSE(d.app().paused());
  const int finished = d.app().episodes_finished();
  d.idle(200);
  CHECK(d.app().episodes_finished() == finished);
  CHECK(d.app().episode_length() >= 199);
  CHECK(std::abs(d.app().env().state()[2]) < 0.2);
}

TEST_CASE("play: pause stops stepping, N steps once, P resumes", "[render]") {
  Driver d(config_for("MountainCar-v0"));
  const int64_t start = d.app().steps();
  d.idle(5);
  REQUIRE(d.app().steps() == start + 5);
  d.press(SDL_SCANCODE_P);
  REQUIRE(d.app().paused());
  const int64_t at_pause = d.app().steps();
  const auto state = d.app().env().state();
  d.idle(20);
  CHECK(d.app().steps() == at_pause);
  CHECK(d.app().env().state() == state);
  d.press(SDL_SCANCODE_N);
  CHECK(d.app().steps() == at_pause + 1);
  CHECK(d.app().paused());
  d.click("step");
  CHECK(d.app().steps() == at_pause + 2);
  d.click("pause");  // the button resumes as P does
  CHECK_FALSE(d.app().paused());
  d.idle(10);
  CHECK(d.app().steps() == at_pause + 2 + 10);
}

TEST_CASE("play: an ended episode shows for the delay, then the next starts (Enter: at once)", "[render]") {
  Driver d(config_for("CartPole-v1", 1));
  int frames = 0;
  while (d.app().episodes_finished() == 0 && frames < 100) d.frame(), ++frames;  // no key: push left until it falls
  REQUIRE(d.app().episodes_finished() == 1);
  const int64_t steps = d.app().steps();
  d.idle(25);  // half of the 1 s delay at 50 fps: nothing steps
  CHECK(d.app().steps() == steps);
  d.idle(30);
  CHECK(d.app().steps() > steps);
  CHECK(d.app().episode_length() > 0);
  while (d.app().episodes_finished() == 1) d.frame();
  const int64_t at_end = d.app().steps();
  d.press(SDL_SCANCODE_RETURN);  // the next episode at once: Enter's frame and the one after both step
  CHECK(d.app().episode_length() == 2);
  CHECK(d.app().steps() == at_end + 2);
}

TEST_CASE("play: in turn-based mode the env steps only on action key presses", "[render]") {
  PlayConfig c = config_for("MountainCar-v0");
  c.turn_based = true;
  Driver d(c);
  d.idle(10);
  CHECK(d.app().steps() == 0);
  d.press(SDL_SCANCODE_RIGHT);
  CHECK(d.app().steps() == 1);
  CHECK(d.app().last_action() == gym::Array::scalar<int64_t>(2));
  d.press(SDL_SCANCODE_LEFT);
  d.press(SDL_SCANCODE_LEFT);
  CHECK(d.app().steps() == 3);
  CHECK(d.app().last_action() == gym::Array::scalar<int64_t>(0));
  d.idle(10);
  CHECK(d.app().steps() == 3);
}

TEST_CASE("play: the batch view steps N envs, seeded seed + i, under the selected policy", "[render]") {
  PlayConfig c = config_for("CartPole-v1", 10);
  c.batch = 6;
  c.policy = "random";
  c.paused = true;
  Driver d(c);
  REQUIRE(d.app().batch() == 6);
  std::vector<std::vector<double>> starts;
  for (int i = 0; i < 6; ++i) starts.push_back(d.app().env(i).state());
  d.app().set_paused(false);
  d.idle(5);
  for (int i = 0; i < 6; ++i) {
    INFO("env " << i);
    CHECK(d.app().env(i).state() != starts[std::size_t(i)]);
    // Env i starts where gym::make + reset(seed + i) does.
    auto solo = gym::make("CartPole-v1");
    solo->reset(10 + uint64_t(i));
    CHECK(solo->state() == starts[std::size_t(i)]);
  }
  CHECK(starts[0] != starts[1]);
  // The batch slider resizes the batch.
  d.drag("batch", 0.5f, 0.0f);
  CHECK(d.app().batch() == 1);
  CHECK_THAT(error_of([&] { d.app().set_batch(gym::render::kMaxBatch + 1); }), Contains("1..64"));
}

TEST_CASE("play: a recording replays through `gym rollout --actions` with the same rewards", "[render]") {
  for (const std::string id : {"CartPole-v1", "Pendulum-v1"}) {
    INFO(id);
    const std::string path = temp_path(id + ".json");
    PlayConfig c = config_for(id, 42);
    c.record_path = path;
    if (id == "Pendulum-v1") c.params = {{"g", 9.81}};
    Driver d(c);
    REQUIRE(d.app().recording());
    // Keys both ways and none, across an episode end (CartPole falls and the next episode starts).
    for (int round = 0; round < 6; ++round) {
      d.hold(SDL_SCANCODE_RIGHT, 4);
      d.idle(5);
      d.hold(SDL_SCANCODE_LEFT, 3);
    }
    d.idle(60);
    const std::string saved = d.app().finish();
    REQUIRE(saved == path);
    const json record = read_json(path);
    CHECK(record["id"] == id);
    CHECK(record["seed"] == 42);
    const json actions = read_json(gym::render::actions_path_for(path));
    REQUIRE(actions == record["actions"]);
    REQUIRE(actions.size() >= 30);
    if (id == "CartPole-v1") CHECK(record["terminated"].dump().find("true") != std::string::npos);

    std::vector<std::string> args{"gym", "rollout", id, "--seed", "42", "--actions",
                                  gym::render::actions_path_for(path), "--json"};
    for (const auto& o : record["param_overrides"]) args.insert(args.end(), {"--param", o.get<std::string>()});
    if (id == "Pendulum-v1") CHECK(record["param_overrides"] == json::array({"g=9.81"}));
    std::istringstream in;
    std::ostringstream out, err;
    REQUIRE(gym::cli::run(args, in, out, err) == 0);
    const json replay = json::parse(out.str());
    CHECK(replay["rewards"] == record["rewards"]);
    CHECK(replay["observations"] == record["observations"]);
    CHECK(replay["terminated"] == record["terminated"]);
    std::remove(path.c_str());
    std::remove(gym::render::actions_path_for(path).c_str());
  }
}

TEST_CASE("play: a parameter change or a reset ends the recording, which stays replayable", "[render]") {
  const std::string path = temp_path("stop.json");
  Driver d(config_for("CartPole-v1"));
  d.app().start_recording(path);
  d.idle(3);
  d.drag("masspole", 0.2f, 0.3f);
  CHECK_FALSE(d.app().recording());
  CHECK_THAT(d.app().status(), Contains("parameter change"));
  CHECK(read_json(path)["steps"].get<int>() >= 3);
  CHECK(gym::render::actions_path_for("a/run.json") == "a/run.actions.json");
  CHECK(gym::render::actions_path_for("run") == "run.actions.json");
  std::remove(path.c_str());
  std::remove(gym::render::actions_path_for(path).c_str());
}

TEST_CASE("play: FrozenLake's map options show read-only; batch slots, Reset params and the replay keep a drawn map",
          "[render]") {
  const auto entry = [](const gym::Env& env, const std::string& name) {
    for (const auto& p : env.params())
      if (p.at("name") == name) return p;
    FAIL("no parameter " << name);
    return json();
  };
  const std::string path = temp_path("frozen_lake_random.json");
  PlayConfig c = config_for("FrozenLake-v1", 3);
  c.params = {{"map_name", "random"}, {"map_size", 6}};  // no map_seed: the env draws one
  c.batch = 3;
  c.policy = "random";
  c.record_path = path;
  Driver d(c);
  for (const char* name : {"is_slippery", "success_rate", "map_name", "map_size", "map_p", "map_seed", "desc",
                           "reward_schedule"}) {
    INFO(name);
    d.rect(name);  // every parameter and option has a row in the panel
  }
  const json desc = entry(d.app().env(), "desc").at("value");
  const json seed = entry(d.app().env(), "map_seed").at("value");
  CHECK(desc.get<std::string>().size() == 6 * 7 - 1);
  d.app().set_batch(5);
  for (int i = 0; i < 5; ++i) {
    INFO("env " << i);
    CHECK(entry(d.app().env(i), "desc").at("value") == desc);  // the slots share env 0's drawn map
  }
  d.click("desc");  // a shown value, not a control
  CHECK(entry(d.app().env(), "desc").at("value") == desc);
  d.idle(40);

  // The recording's overrides make the same map from the drawn seed, and its
  // actions replay (FrozenLake has no flat state for `gym rollout --actions`).
  REQUIRE(d.app().finish() == path);
  const json record = read_json(path);
  const auto& overrides = record["param_overrides"];
  for (const std::string& o : std::vector<std::string>{"map_name=random", "map_size=6", "map_seed=" + seed.dump()}) {
    INFO(o);
    CHECK(std::find(overrides.begin(), overrides.end(), o) != overrides.end());
  }
  gym::Options options;
  for (const auto& o : overrides) options.insert(gym::parse_option(o.get<std::string>()));
  const auto replay = gym::make("FrozenLake-v1", options);
  CHECK(entry(*replay, "desc").at("value") == desc);
  REQUIRE(record["actions"].size() >= 20);
  replay->reset(3);
  bool ended = false;
  for (std::size_t t = 0; t < record["actions"].size(); ++t) {
    INFO("step " << t);
    if (ended) replay->reset();
    const auto r = replay->step(gym::Array(record["actions"][t].get<int64_t>()));
    CHECK(json(r.obs.to_doubles()) == record["observations"][t]);
    CHECK(json(r.reward) == record["rewards"][t]);
    ended = r.terminated || r.truncated;
  }
  std::remove(path.c_str());
  std::remove(gym::render::actions_path_for(path).c_str());

  // Reset params restores the live parameters and leaves the map alone.
  d.app().env().set_params({{"is_slippery", false}});
  d.click("reset_params");
  CHECK(d.app().status() == "parameters back to their starting values");
  CHECK(entry(d.app().env(), "is_slippery").at("value") == true);
  CHECK(entry(d.app().env(), "desc").at("value") == desc);
}

TEST_CASE("play: the offscreen screenshot has the configured size and the same bytes on every run", "[render]") {
  auto shot = [](int width, int height) {
    PlayConfig c = config_for("CartPole-v1", 4);
    c.width = width;
    c.height = height;
    Driver d(c);
    for (const auto& keys : gym::render::parse_key_script("Right*5 _*3 Left*4 P _*2")) d.frame(keys);
    return d.play.screenshot();
  };
  const gym::Array a = shot(1280, 720), b = shot(1280, 720);
  REQUIRE(a.shape() == gym::Shape{720, 1280, 3});
  CHECK(a == b);
  CHECK(shot(800, 600).shape() == gym::Shape{600, 800, 3});
  // Not blank: the env's white canvas and the dark interface are both there.
  const auto px = a.data<uint8_t>();
  int white = 0, dark = 0;
  for (std::size_t i = 0; i + 2 < px.size(); i += 3) {
    if (px[i] == 255 && px[i + 1] == 255 && px[i + 2] == 255) ++white;
    if (px[i] < 40 && px[i + 1] < 40 && px[i + 2] < 40) ++dark;
  }
  CHECK(white > 100000);
  CHECK(dark > 100000);
}

TEST_CASE("play: `gym play --frames N --screenshot` writes the PNG offscreen", "[render]") {
  const std::string png = temp_path("shot.png");
  std::remove(png.c_str());
  std::istringstream in;
  std::ostringstream out, err;
  REQUIRE(gym::cli::run({"gym", "play", "Acrobot-v1", "--frames", "12", "--script", "Right*6", "--size", "960x600",
                         "--batch", "4", "--screenshot", png},
                        in, out, err) == 0);
  CHECK_THAT(out.str(), Contains("960x600"));
  std::ifstream file(png, std::ios::binary);
  REQUIRE(file);
  unsigned char header[24] = {};
  file.read(reinterpret_cast<char*>(header), sizeof header);
  CHECK(header[1] == 'P');
  CHECK(header[2] == 'N');
  auto be32 = [&](int at) {
    return (uint32_t(header[at]) << 24) | (uint32_t(header[at + 1]) << 16) | (uint32_t(header[at + 2]) << 8) |
           uint32_t(header[at + 3]);
  };
  CHECK(be32(16) == 960);
  CHECK(be32(20) == 600);
  std::remove(png.c_str());
  // Bad input is an error that names the problem.
  std::ostringstream out2, err2;
  CHECK(gym::cli::run({"gym", "play", "CartPole-v1", "--policy", "psychic", "--frames", "1", "--screenshot", png}, in,
                      out2, err2) == 2);
  CHECK_THAT(err2.str(), Contains("no policy 'psychic'"));
  CHECK_THAT(err2.str(), Contains("controller"));
}

TEST_CASE("play: the key script and the configuration are checked", "[render]") {
  const auto frames = gym::render::parse_key_script(" Right*3 _ Left+Space  P*2 ");
  REQUIRE(frames.size() == 7);
  CHECK(frames[0] == std::vector<int>{SDL_SCANCODE_RIGHT});
  CHECK(frames[3].empty());
  CHECK(frames[4] == std::vector<int>{SDL_SCANCODE_LEFT, SDL_SCANCODE_SPACE});
  CHECK(frames[6] == std::vector<int>{SDL_SCANCODE_P});
  CHECK(gym::render::parse_key_script("enter")[0] == std::vector<int>{SDL_SCANCODE_RETURN});
  CHECK_THAT(error_of([] { gym::render::parse_key_script("Rihgt"); }), Contains("unknown key 'Rihgt'"));
  CHECK_THAT(error_of([] { gym::render::parse_key_script("Right*0"); }), Contains("repeat count"));
  PlayConfig c = config_for("CartPole-v1");
  c.batch = 0;
  CHECK_THAT(error_of([&] { PlayApp app(c); }), Contains("--batch must be in 1..64"));
  c = config_for("CartPole-v1");
  c.params = {{"gravity", -1.0}};
  CHECK_THAT(error_of([&] { PlayApp app(c); }), Contains("gravity"));
  CHECK_THAT(error_of([] { PlayApp app(config_for("CartPol-v1")); }), Contains("CartPole-v1"));
}
