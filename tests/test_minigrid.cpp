// The MiniGrid engine against the real MiniGrid: scripted scenarios on hand-
// made layouts and random walks from MiniGrid's own levels, each loaded into
// both (tests/fixtures/minigrid/scenarios.json, written by
// scripts/gen_minigrid_reference.py). Every step's next state, partial view,
// full view, reward and flags must be equal.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "gym/envs/grid/minigrid.hpp"
#include "gym/registry.hpp"
#include "gym/world_env.hpp"
#include "support.hpp"

using gym::envs::MiniGrid;
using gym::test::error_of;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

const json& scenarios() {
  static const json data = [] {
    std::ifstream in(std::string(GYM_FIXTURE_DIR) + "/minigrid/scenarios.json");
    if (!in) throw std::runtime_error("cannot open fixture minigrid/scenarios.json");
    return json::parse(in);
  }();
  return data;
}

// The params of a scenario: its env's (random walks) or a family without
// rules of its own (hand-made layouts), with the scenario's view and limit.
MiniGrid::Params params_of(const json& sc) {
  const std::string id = sc.contains("env_id") ? sc["env_id"].get<std::string>() : "MiniGrid-Empty-8x8-v0";
  auto env = gym::make(id);
  auto& world = dynamic_cast<gym::WorldEnv<MiniGrid>&>(env->unwrapped());
  MiniGrid::Params p = world.model_params();
  p.max_steps = sc["max_steps"].get<int>();
  p.agent_view_size = sc["agent_view_size"].get<int>();
  p.see_through_walls = sc["see_through_walls"].get<bool>();
  return p;
}

// The scenario's initial state with the family's task data added in our
// state format's optional keys.
json state_with_task(const json& sc) {
  json s = sc["state"];
  if (sc.contains("family")) {
    const json& f = sc["family"];
    if (f.contains("door_pos")) s["target_pos"] = f["door_pos"];
    if (f.contains("target")) s["target"] = f["target"];
  }
  return s;
}

// MiniGrid's view of a state: our JSON without the keys it does not have.
json minigrid_terms(json s) {
  for (const char* k : {"target", "target_pos", "fail_pos", "obstacles", "mission"}) s.erase(k);
  if (!s.contains("box_contents")) s["box_contents"] = json::object();
  return s;
}

json image_json(const uint8_t* obs, int w, int h) {
  json image = json::array();
  for (int x = 0; x < w; ++x) {
    json column = json::array();
    for (int y = 0; y < h; ++y) {
      const uint8_t* c = obs + (x * h + y) * 3;
      column.push_back({c[0], c[1], c[2]});
    }
    image.push_back(std::move(column));
  }
  return image;
}

json full_obs(const MiniGrid::State& w) {
  std::vector<uint8_t> obs(std::size_t(w.width) * w.height * 3);
  gym::envs::grid::observe_full(w, obs.data());
  return image_json(obs.data(), w.width, w.height);
}

json partial_obs(const MiniGrid::Params& p, const MiniGrid::State& w) {
  std::vector<uint8_t> obs(std::size_t(p.agent_view_size) * p.agent_view_size * 3);
  MiniGrid::observe(p, w, obs.data());
  return image_json(obs.data(), p.agent_view_size, p.agent_view_size);
}

}  // namespace

TEST_CASE("MiniGrid engine reproduces MiniGrid's scenarios step by step", "[minigrid]") {
  const json& all = scenarios()["scenarios"];
  REQUIRE(all.size() >= 60);
  int steps_checked = 0;
  for (const json& sc : all) {
    const std::string name = sc["name"];
    // Nested boxes are beyond our state format (a box's contents hold no box
    // contents of their own); the scenario's first toggle is still checked.
    const MiniGrid::Params p = params_of(sc);
    MiniGrid::State w = MiniGrid::state_from_json(p, state_with_task(sc));
    INFO("scenario " << name);
    CHECK(minigrid_terms(MiniGrid::state_to_json(p, w)) == sc["state"]);
    CHECK(partial_obs(p, w) == sc["initial_obs"]["image"]);
    CHECK(full_obs(w) == sc["initial_full_obs"]);
    gym::NumpyRandom rng(0);
    int t = 0;
    json grid = sc["state"]["grid"];
    for (const json& st : sc["steps"]) {
      INFO("step " << t << ", action " << st["action"]);
      const auto r = MiniGrid::step(p, w, st["action"].get<int>(), rng);
      // Random walks leave out a grid that did not change.
      json expected = st["next_state"];
      if (expected.contains("grid")) grid = expected["grid"];
      else expected["grid"] = grid;
      CHECK(minigrid_terms(MiniGrid::state_to_json(p, w)) == expected);
      CHECK(partial_obs(p, w) == st["obs"]["image"]);
      CHECK(int(w.agent_dir) == st["obs"]["direction"].get<int>());
      if (st.contains("full_obs")) CHECK(full_obs(w) == st["full_obs"]);
      CHECK(r.reward == st["reward"].get<double>());
      CHECK(r.terminated == st["terminated"].get<bool>());
      CHECK(r.truncated == st["truncated"].get<bool>());
      ++t;
      ++steps_checked;
    }
  }
  CHECK(steps_checked > 500);
}

TEST_CASE("MiniGrid missions and registry entries", "[minigrid]") {
  const json& all = scenarios()["scenarios"];
  for (const json& sc : all) {
    if (!sc.contains("env_id")) continue;
    const MiniGrid::Params p = params_of(sc);
    const MiniGrid::State w = MiniGrid::state_from_json(p, state_with_task(sc));
    INFO(sc["env_id"]);
    CHECK(MiniGrid::mission(p, w) == sc["mission"].get<std::string>());
  }
  auto env = gym::make("MiniGrid-DoorKey-8x8-v0");
  CHECK(env->observation_space().to_string() == "Box(0, 255, (7, 7, 3), uint8)");
  CHECK(env->action_space().to_string() == "Discrete(7)");
  auto [obs, info] = env->reset(3);
  CHECK(obs.shape() == gym::Shape{7, 7, 3});
  CHECK(info["mission"] == "use the key to open the door and then get to the goal");
  CHECK(gym::make("MiniGrid-Dynamic-Obstacles-5x5-v0")->action_space().to_string() == "Discrete(3)");
}

TEST_CASE("MiniGrid single env: episodes end at max_steps and states round-trip", "[minigrid]") {
  auto env = gym::make("MiniGrid-Empty-5x5-v0", {{"max_steps", 3}});
  env->reset(0);
  CHECK_FALSE(env->step(0).truncated);
  CHECK_FALSE(env->step(0).truncated);
  const auto r = env->step(0);
  CHECK(r.truncated);
  CHECK_FALSE(r.terminated);
  CHECK_THAT(error_of([&] { env->step(0); }), Contains("reset"));

  env->reset(0);
  const json s = env->state_json();
  env->step(2);
  env->set_state_json(s);
  CHECK(env->state_json() == s);
  // transition_json leaves the env alone and answers in MiniGrid's terms.
  const json t = env->transition_json(s, 2);
  CHECK(t["next_state"]["agent_pos"] == json::array({2, 1}));
  CHECK(t["obs"]["image"].size() == 7);
  CHECK(env->state_json() == s);
}

TEST_CASE("MiniGrid bad input gets clear errors", "[minigrid]") {
  auto env = gym::make("MiniGrid-Empty-8x8-v0");
  env->reset(0);
  CHECK_THAT(error_of([&] { env->step(7); }), Contains("invalid action"));
  json s = env->state_json();
  s["grid"][0][0] = {12, 0, 0};
  CHECK_THAT(error_of([&] { env->set_state_json(s); }), Contains("grid[0][0]"));
  s = env->state_json();
  s["agent_pos"] = {0, 0};
  CHECK_THAT(error_of([&] { env->set_state_json(s); }), Contains("stands on a wall"));
  s = env->state_json();
  s["carrying"] = {2, 5, 0};
  CHECK_THAT(error_of([&] { env->set_state_json(s); }), Contains("cannot carry a wall"));
  s = env->state_json();
  s["agent_dir"] = 4;
  CHECK_THAT(error_of([&] { env->set_state_json(s); }), Contains("agent_dir"));
  CHECK_THAT(error_of([] { gym::make("MiniGrid-Empty-8x8-v0", {{"agent_view_size", 4}}); }), Contains("odd"));
  CHECK_THAT(error_of([] { gym::make("MiniGrid-Empty-8x8-v0", {{"size", 40}}); }), Contains("size"));
  CHECK_THAT(error_of([] { gym::make("MiniGrid-Empty-8x8-v0", {{"num_rooms", 2}}); }), Contains("unknown option"));
}

TEST_CASE("MiniGrid vector env: uint8 observations, same results for any thread count", "[minigrid]") {
  // 700 envs: on 2 threads, chunks of 384 envs; on 4, of 256 (the third 188,
  // the fourth empty); in blocks of 128, which a thread done early may take
  // from another.
  constexpr int n = 700;
  auto run = [](int threads) {
    auto venv = gym::make_vec("MiniGrid-DoorKey-5x5-v0", n, {threads, gym::AutoresetMode::kNextStep});
    venv->reset(11);
    gym::Rng actions(99, 0);
    std::vector<int32_t> a(n);
    std::vector<uint8_t> trace;
    float total = 0;
    for (int t = 0; t < 150; ++t) {
      for (auto& x : a) x = int32_t(actions.next_u32() % 7);
      venv->step(std::span<const int32_t>(a));
      const auto obs = venv->observations_as<uint8_t>();
      trace.insert(trace.end(), obs.begin(), obs.end());
      for (float r : venv->rewards()) total += r;
    }
    return std::pair{trace, total};
  };
  const auto one = run(1), two = run(2), four = run(4);
  CHECK(one.first == two.first);
  CHECK(one.second == two.second);
  CHECK(one.first == four.first);
  CHECK(one.second == four.second);
  auto venv = gym::make_vec("MiniGrid-DoorKey-5x5-v0", 4);
  venv->reset(0);
  CHECK(venv->observation_dtype() == gym::DType::kUInt8);
  CHECK(venv->observation_array().shape() == gym::Shape{4, 7, 7, 3});
  CHECK_THAT(error_of([&] { venv->observations(); }), Contains("uint8"));
}

namespace {

// MiniGrid's gen_obs transcribed cell by cell (slice, rotate, process_vis,
// carried object, encode), to check the engine's bit-mask version.
void reference_partial_view(const gym::envs::grid::World& w, int view, bool see_through, uint8_t* out) {
  using namespace gym::envs::grid;
  const int dx = dir_dx(w.agent_dir), dy = dir_dy(w.agent_dir), rx = -dy, ry = dx, half = view / 2;
  std::vector<Cell> cells(std::size_t(view * view));
  for (int vy = 0; vy < view; ++vy)
    for (int vx = 0; vx < view; ++vx) {
      const int a = view - 1 - vy, b = vx - half;
      cells[std::size_t(vy * view + vx)] = w.get(w.agent_x + dx * a + rx * b, w.agent_y + dy * a + ry * b);
    }
  std::vector<char> vis(std::size_t(view * view), see_through);
  auto v = [&](int x, int y) -> char& { return vis[std::size_t(y * view + x)]; };
  if (!see_through) {
    v(half, view - 1) = 1;
    for (int j = view - 1; j >= 0; --j) {
      for (int i = 0; i < view - 1; ++i) {
        if (!v(i, j) || !see_behind(cells[std::size_t(j * view + i)])) continue;
        v(i + 1, j) = 1;
        if (j > 0) v(i + 1, j - 1) = v(i, j - 1) = 1;
      }
      for (int i = view - 1; i >= 1; --i) {
        if (!v(i, j) || !see_behind(cells[std::size_t(j * view + i)])) continue;
        v(i - 1, j) = 1;
        if (j > 0) v(i - 1, j - 1) = v(i, j - 1) = 1;
      }
    }
  }
  cells[std::size_t((view - 1) * view + half)] = w.carrying;
  for (int vx = 0; vx < view; ++vx)
    for (int vy = 0; vy < view; ++vy) {
      const Cell c = v(vx, vy) ? cells[std::size_t(vy * view + vx)] : Cell{kUnseen, 0, 0};
      uint8_t* o = out + (vx * view + vy) * 3;
      o[0] = c.type;
      o[1] = c.color;
      o[2] = c.state;
    }
}

}  // namespace

TEST_CASE("MiniGrid partial view: the bit-mask occlusion equals MiniGrid's cell-by-cell sweep", "[minigrid]") {
  using namespace gym::envs::grid;
  gym::Rng rng(2024, 0);
  int views_checked = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    World w;
    const int width = 3 + int(rng.next_u32() % 14), height = 3 + int(rng.next_u32() % 14);
    clear_world(w, width, height);
    const Cell palette[] = {Cell{},           wall_cell(),         door_cell(kRed, kOpen), door_cell(kBlue, kClosed),
                            door_cell(kGreen, kLocked), make_cell(kKey, kYellow), make_cell(kBall, kPurple),
                            make_cell(kBox, kGrey),     goal_cell(),         lava_cell(), make_cell(kFloor, kBlue)};
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) w.set(x, y, palette[rng.next_u32() % 11]);
    w.agent_x = uint8_t(rng.next_u32() % uint32_t(width));
    w.agent_y = uint8_t(rng.next_u32() % uint32_t(height));
    w.agent_dir = uint8_t(rng.next_u32() % 4);
    if (rng.next_u32() % 2) w.carrying = make_cell(kKey, kRed);
    const int view = 3 + 2 * int(rng.next_u32() % 7);  // 3 .. 15
    const bool see_through = rng.next_u32() % 5 == 0;
    std::vector<uint8_t> ours(std::size_t(view * view * 3)), theirs(ours.size());
    observe_partial(w, view, see_through, ours.data());
    reference_partial_view(w, view, see_through, theirs.data());
    INFO("trial " << trial << ": " << width << " x " << height << ", view " << view);
    REQUIRE(ours == theirs);
    ++views_checked;
  }
  CHECK(views_checked == 3000);
}

TEST_CASE("make_vec's device option: cpu is the default, cuda needs the CUDA layer and a device", "[minigrid]") {
  auto cpu = gym::make_vec("MiniGrid-Empty-5x5-v0", 2, {}, {{"device", "cpu"}});
  CHECK(cpu->num_envs() == 2);
  CHECK_THAT(error_of([] { gym::make_vec("CartPole-v1", 2, {}, {{"device", "tpu"}}); }), Contains("unknown device"));
  CHECK_THAT(error_of([] { gym::make_vec("CartPole-v1", 2, {}, {{"device", 1}}); }), Contains("must be a string"));
  // Here (CI has no GPU) device=cuda says why it cannot run: the CUDA layer
  // is not linked, or there is no device.
  const std::string why = error_of([] { gym::make_vec("CartPole-v1", 2, {}, {{"device", "cuda"}}); });
  CHECK((why.find("no CUDA device") != std::string::npos || why.find("link gympp::gpu") != std::string::npos));
}

TEST_CASE("world_batch flags out-of-range actions per env instead of stepping (the GPU's path)", "[minigrid]") {
  // The GPU world executor runs world_batch::step_env with an errors array;
  // here the same function on host arrays.
  auto env = gym::make("MiniGrid-Empty-5x5-v0");
  const auto& p = dynamic_cast<gym::WorldEnv<MiniGrid>&>(env->unwrapped()).model_params();
  constexpr int n = 2;
  const int obs_dim = int(gym::obs_size<MiniGrid>(p));
  std::vector<MiniGrid::State> state(n);
  std::vector<gym::Rng> rng(n);
  std::vector<uint8_t> obs(std::size_t(n * obs_dim)), final_obs(obs.size());
  gym::EpisodeArrays episodes(n);
  gym::world_batch::View<MiniGrid> v;
  static_cast<gym::EpisodeView&>(v) = episodes.view();
  v.n = n;
  v.obs_dim = obs_dim;
  v.params = p;
  v.state = state.data();
  v.rng = rng.data();
  v.obs = obs.data();
  v.final_obs = final_obs.data();
  for (int i = 0; i < n; ++i) gym::world_batch::seed_env(v, i, true, 5);
  const json before = MiniGrid::state_to_json(p, state[0]);
  CHECK_FALSE(gym::world_batch::step_env(v, 0, 7));  // outside Discrete(7)
  CHECK(gym::world_batch::step_env(v, 1, 2));        // forward
  CHECK(episodes.error[0] == gym::world_batch::kActionOutOfRange);
  CHECK(episodes.error[1] == 0);
  CHECK(MiniGrid::state_to_json(p, state[0]) == before);
  CHECK(episodes.steps[0] == 0);
  CHECK(episodes.steps[1] == 1);
}
