// The play app's keys for the turn-based grid worlds (MiniGrid's
// manual_control, the toy-text envs' arrows): which key takes which action,
// no idle action, and no clash with the app's own keys.
#include <catch2/catch.hpp>

#include <SDL.h>

#include <map>
#include <set>

#include "gym/registry.hpp"
#include "gym/render/play.hpp"

using gym::Array;

namespace {

// An env with a given id and a Discrete(n) action space, nothing else.
class StubEnv final : public gym::Env {
 public:
  StubEnv(const std::string& id, int n) : action_space_(n), spec_{id, std::nullopt, std::nullopt, "test"} {}
  gym::ResetResult reset(std::optional<uint64_t>, const gym::Options&) override {
    return {Array::from<float>({0.0f}, gym::Shape{1}), gym::Info::object()};
  }
  gym::StepResult step(const Array&) override {
    return {Array::from<float>({0.0f}, gym::Shape{1}), 0.0, false, false, gym::Info::object()};
  }
  const gym::Space& observation_space() const override { return obs_space_; }
  const gym::Space& action_space() const override { return action_space_; }
  const gym::EnvSpec& spec() const override { return spec_; }
  const gym::EnvMetadata& metadata() const override { return metadata_; }

 private:
  gym::Box obs_space_{0.0, 1.0, gym::Shape{1}};
  gym::Discrete action_space_;
  gym::EnvSpec spec_;
  gym::EnvMetadata metadata_{};
};

// key -> action of every binding; fails when a key is bound twice.
std::map<int, int64_t> actions_by_key(const gym::render::KeyMap& m) {
  std::map<int, int64_t> out;
  for (const auto& b : m.bindings)
    for (int k : b.keys) {
      INFO("key " << SDL_GetScancodeName(SDL_Scancode(k)) << " (" << b.label << ")");
      CHECK(out.emplace(k, int64_t(b.action.element(0))).second);
    }
  return out;
}

}  // namespace

TEST_CASE("play: grid worlds take MiniGrid's and the toy-text arrows' keys, and no key is no step", "[render]") {
  SECTION("MiniGrid: manual_control's keys") {
    const auto m = gym::render::key_map_for(StubEnv("MiniGrid-DoorKey-8x8-v0", 7));
    const auto keys = actions_by_key(m);
    CHECK(keys.at(SDL_SCANCODE_LEFT) == 0);
    CHECK(keys.at(SDL_SCANCODE_RIGHT) == 1);
    CHECK(keys.at(SDL_SCANCODE_UP) == 2);
    CHECK(keys.at(SDL_SCANCODE_PAGEUP) == 3);
    CHECK(keys.at(SDL_SCANCODE_PAGEDOWN) == 4);
    CHECK(keys.at(SDL_SCANCODE_LSHIFT) == 4);
    CHECK(keys.at(SDL_SCANCODE_D) == 4);
    CHECK(keys.at(SDL_SCANCODE_SPACE) == 5);
    CHECK(keys.at(SDL_SCANCODE_RETURN) == 6);
    CHECK(m.bindings.size() == 7);
    CHECK_FALSE(m.idle.has_value());
    // Dynamic-Obstacles has only left, right and forward.
    const auto dyn = gym::render::key_map_for(StubEnv("MiniGrid-Dynamic-Obstacles-8x8-v0", 3));
    REQUIRE(dyn.bindings.size() == 3);
    CHECK(actions_by_key(dyn).at(SDL_SCANCODE_UP) == 2);
  }
  SECTION("FrozenLake: 0 left, 1 down, 2 right, 3 up") {
    for (const std::string id : {"FrozenLake-v1", "FrozenLake8x8-v1"}) {
      INFO(id);
      const auto m = gym::render::key_map_for(StubEnv(id, 4));
      CHECK(actions_by_key(m) == std::map<int, int64_t>{{SDL_SCANCODE_LEFT, 0},
                                                        {SDL_SCANCODE_DOWN, 1},
                                                        {SDL_SCANCODE_RIGHT, 2},
                                                        {SDL_SCANCODE_UP, 3}});
      CHECK_FALSE(m.idle.has_value());
    }
  }
  SECTION("CliffWalking: 0 up, 1 right, 2 down, 3 left") {
    const auto m = gym::render::key_map_for(StubEnv("CliffWalking-v1", 4));
    CHECK(actions_by_key(m) == std::map<int, int64_t>{{SDL_SCANCODE_UP, 0},
                                                      {SDL_SCANCODE_RIGHT, 1},
                                                      {SDL_SCANCODE_DOWN, 2},
                                                      {SDL_SCANCODE_LEFT, 3}});
  }
  SECTION("Taxi: 0 south, 1 north, 2 east, 3 west, 4 pick up, 5 drop off") {
    const auto m = gym::render::key_map_for(StubEnv("Taxi-v4", 6));
    CHECK(actions_by_key(m) == std::map<int, int64_t>{{SDL_SCANCODE_DOWN, 0},
                                                      {SDL_SCANCODE_UP, 1},
                                                      {SDL_SCANCODE_RIGHT, 2},
                                                      {SDL_SCANCODE_LEFT, 3},
                                                      {SDL_SCANCODE_PAGEUP, 4},
                                                      {SDL_SCANCODE_PAGEDOWN, 5},
                                                      {SDL_SCANCODE_D, 5}});
  }
  SECTION("no grid key is one of the app's own (pause, step, reset, quit) or Tab, which ImGui takes") {
    const std::set<int> app_keys{SDL_SCANCODE_P, SDL_SCANCODE_N, SDL_SCANCODE_R, SDL_SCANCODE_ESCAPE,
                                 SDL_SCANCODE_TAB};
    for (const auto& [id, n] : {std::pair<std::string, int>{"MiniGrid-Empty-5x5-v0", 7},
                                {"FrozenLake-v1", 4},
                                {"CliffWalking-v1", 4},
                                {"Taxi-v4", 6}}) {
      INFO(id);
      for (const auto& [key, action] : actions_by_key(gym::render::key_map_for(StubEnv(id, n))))
        CHECK(app_keys.count(key) == 0);
    }
  }
  SECTION("the registered grid envs have a key for every action") {
    for (const std::string id : {"MiniGrid-DoorKey-8x8-v0", "MiniGrid-Dynamic-Obstacles-8x8-v0", "FrozenLake-v1",
                                 "FrozenLake8x8-v1", "CliffWalking-v1", "Taxi-v4"}) {
      INFO(id);
      const auto env = gym::make(id);
      const auto m = gym::render::key_map_for(*env);
      CHECK(int64_t(m.bindings.size()) == dynamic_cast<const gym::Discrete&>(env->action_space()).n());
      CHECK_FALSE(m.idle.has_value());
    }
  }
  SECTION("ids that only look alike keep the generic keys") {
    const auto m = gym::render::key_map_for(StubEnv("MiniGridLike-v0", 4));
    REQUIRE(m.bindings.size() == 4);
    CHECK(m.bindings[0].keys == std::vector<int>{SDL_SCANCODE_1});
    CHECK(m.idle.has_value());
  }
}

TEST_CASE("play: a MiniGrid env steps only while a key is held", "[render]") {
  gym::render::PlayConfig config;
  config.id = "MiniGrid-Empty-5x5-v0";
  gym::render::OffscreenPlay play(config);
  gym::render::PlayInput input;
  const float dt = 1.0f / 10.0f;  // MiniGrid's render_fps: one step a frame
  play.frame(input, dt);
  const int64_t before = play.app().steps();
  for (int i = 0; i < 3; ++i) play.frame(input, dt);
  CHECK(play.app().steps() == before);  // no key, no step
  input.keys = {SDL_SCANCODE_UP};
  play.frame(input, dt);
  CHECK(play.app().steps() == before + 1);
  CHECK(play.app().last_action() == Array::scalar<int64_t>(2));
  input.keys = {SDL_SCANCODE_LEFT};
  play.frame(input, dt);
  CHECK(play.app().last_action() == Array::scalar<int64_t>(0));
}
