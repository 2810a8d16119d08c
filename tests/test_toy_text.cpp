// FrozenLake, CliffWalking and Taxi against Gymnasium 1.4 itself
// (tests/fixtures/toy_text/, written by scripts/gen_toy_text_reference.py):
// registry specs, the full transition tables and initial distributions bit
// for bit, seeded episodes step for step (observations, rewards, flags, info
// dicts, ansi frames, time-limit truncation); then the models' bad input.
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "gym/cli.hpp"
#include "gym/envs/toy_text/cliff_walking.hpp"
#include "gym/envs/toy_text/frozen_lake.hpp"
#include "gym/envs/toy_text/taxi.hpp"
#include "gym/numpy_random.hpp"
#include "gym/registry.hpp"
#include "gym/tabular.hpp"
#include "gym/world_env.hpp"
#include "support.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

const char* const kFixtures[] = {
    "frozen_lake_4x4.json",   "frozen_lake_4x4_not_slippery.json", "frozen_lake_8x8.json",
    "frozen_lake_custom.json", "frozen_lake_custom_rates.json",    "cliff_walking.json",
    "cliff_walking_slippery.json", "taxi.json",                    "taxi_rainy.json",
    "taxi_fickle.json",
};

json fixture(const std::string& name) { return gym::test::read_fixture("toy_text/" + name).at(0); }

// Gymnasium kwargs as options: lists (desc's rows, reward_schedule) become
// comma-separated text, as on the command line.
gym::Options options_of(const json& kwargs) {
  gym::Options out;
  for (const auto& [k, v] : kwargs.items()) {
    if (v.is_array()) {
      std::string text;
      for (const auto& item : v) {
        if (!text.empty()) text += ',';
        text += item.is_string() ? item.get<std::string>() : item.dump();
      }
      out.emplace(k, text);
    } else if (v.is_boolean()) {
      out.emplace(k, v.get<bool>());
    } else if (v.is_number_integer()) {
      out.emplace(k, v.get<int64_t>());
    } else {
      out.emplace(k, v.get<double>());
    }
  }
  return out;
}

// A coded column of the fixture (see the generator's docstring).
std::vector<json> decode_column(const json& column) {
  const json& values = column.at("values");
  if (!column.contains("codes")) return values.get<std::vector<json>>();
  const std::string chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::vector<json> out;
  for (char c : column.at("codes").get<std::string>()) out.push_back(values.at(chars.find(c)));
  return out;
}

// Bit equality of doubles (and of -0.0 / 0.0 apart).
bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_table(const std::string& id, const gym::Options& options, const json& want) {
  const gym::TabularMdp m = gym::tabulate(id, options);
  REQUIRE(m.n_states == want.at("n_states").get<int>());
  REQUIRE(m.n_actions == want.at("n_actions").get<int>());
  const auto initial = decode_column(want.at("initial"));
  REQUIRE(initial.size() == m.initial.size());
  for (std::size_t s = 0; s < initial.size(); ++s) {
    INFO("initial_state_distrib[" << s << "]");
    REQUIRE(same_double(m.initial[s], initial[s].get<double>()));
  }
  const auto counts = decode_column(want.at("counts"));
  const auto kinds = decode_column(want.at("kinds"));
  const auto deltas = decode_column(want.at("deltas"));
  REQUIRE(counts.size() == std::size_t(m.n_states) * std::size_t(m.n_actions));
  REQUIRE(kinds.size() == std::size_t(m.num_outcomes()));
  REQUIRE(deltas.size() == kinds.size());
  std::size_t k = 0;
  for (int s = 0; s < m.n_states; ++s)
    for (int a = 0; a < m.n_actions; ++a) {
      const auto got = m.outcomes(s, a);
      INFO("P[" << s << "][" << a << "]");
      REQUIRE(got.size() == counts[std::size_t(s * m.n_actions + a)].get<std::size_t>());
      for (const auto& o : got) {
        const json& kind = kinds[k];
        INFO("outcome " << k << ": want " << kind.dump() << " to " << s + deltas[k].get<int>());
        REQUIRE(same_double(o.prob, kind[0].get<double>()));
        REQUIRE(o.reward == kind[1].get<double>());
        REQUIRE(o.terminated == kind[2].get<bool>());
        REQUIRE(o.next_state == s + deltas[k].get<int>());
        ++k;
      }
    }
}

// Whether numpy's generator hands out 32-bit draws as numpy does.
template <class R>
constexpr bool kNumpy32 = requires(R& r) { r.next_u32(); };

// Where, in a Taxi run, numpy would hand out the buffered high half of a
// 64-bit draw for a fickle passenger's choice (the second choice since the
// last seeding), or -1.
int second_fickle_event(const json& events) {
  int choices = 0, prev = -1;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const json& e = events[i];
    if (e[0] == "reset") {
      if (!e[1].is_null()) choices = 0;
    } else if (prev >= 0 && prev % 4 != e[2].get<int>() % 4 && ++choices == 2) {
      return int(i);
    }
    prev = e[2].get<int>();
  }
  return -1;
}

void check_run(const std::string& id, const gym::Options& base, const json& run) {
  gym::Options options = base;
  const bool ansi = run.at("ansi").get<bool>();
  if (ansi) options.emplace("render_mode", "ansi");
  const auto env = gym::make(id, options);
  const json& events = run.at("events");
  std::size_t end = events.size();
  if constexpr (!kNumpy32<gym::NumpyRandom>) {
    // Without numpy's 32-bit buffer the second fickle choice since seeding
    // draws differently (see Taxi::bounded_index): compare up to it.
    if (base.contains("fickle_passenger"))
      if (const int i = second_fickle_event(events); i >= 0) end = std::size_t(i);
  }
  for (std::size_t i = 0; i < end; ++i) {
    const json& e = events[i];
    INFO(id << " seed " << run.at("seed").dump() << ", event " << i << ": " << e.dump());
    gym::Array obs;
    json info;
    if (e[0] == "reset") {
      auto r = e[1].is_null() ? env->reset() : env->reset(e[1].get<uint64_t>());
      obs = r.obs;
      info = r.info;
    } else {
      auto r = env->step(gym::Array(e[1].get<int64_t>()));
      obs = r.obs;
      info = r.info;
      CHECK(r.reward == e[3].get<double>());
      CHECK(r.terminated == e[4].get<bool>());
      CHECK(r.truncated == e[5].get<bool>());
    }
    const std::size_t n = e.size() - (ansi ? 1 : 0);
    REQUIRE(obs.size() == 1);
    REQUIRE(obs.element(0) == e[2].get<double>());
    CHECK(info.dump() == e[n - 1].dump());
    if (ansi) CHECK(env->render_text() == e[n].get<std::string>());
  }
}

// NumpyRandom plus numpy's next_uint32 on PCG64: the low half of a 64-bit
// output, the high half kept for the next 32-bit draw (across episodes, as
// long as the generator is not reseeded).
struct NumpyRandom32 {
  explicit NumpyRandom32(uint64_t seed) : numpy(seed) {}
  template <class T>
  T uniform(T lo, T hi) {
    return numpy.uniform<T>(lo, hi);
  }
  uint32_t next_u32() {
    if (has_high) {
      has_high = false;
      return high;
    }
    const uint64_t v = numpy.bit_generator().next_u64();
    has_high = true;
    high = uint32_t(v >> 32);
    return uint32_t(v);
  }
  gym::NumpyRandom numpy;
  bool has_high = false;
  uint32_t high = 0;
};

}  // namespace

TEST_CASE("toy-text envs are registered as Gymnasium 1.4 registers them", "[toy_text]") {
  for (const char* name : kFixtures) {
    const json f = fixture(name);
    const std::string id = f.at("id");
    INFO(name << ": " << id);
    const auto env = gym::make(id, options_of(f.at("options")));
    const json& spec = f.at("spec");
    const auto& s = env->spec();
    CHECK(s.max_episode_steps == (spec["max_episode_steps"].is_null() ? std::nullopt
                                                                       : std::optional<int>(spec["max_episode_steps"])));
    CHECK(s.reward_threshold == (spec["reward_threshold"].is_null()
                                     ? std::nullopt
                                     : std::optional<double>(spec["reward_threshold"].get<double>())));
    CHECK(env->observation_space().to_json() == gym::Discrete(spec["n_states"].get<int64_t>()).to_json());
    CHECK(env->action_space().to_json() == gym::Discrete(spec["n_actions"].get<int64_t>()).to_json());
    const auto modes = spec["render_modes"].get<std::vector<std::string>>();
    CHECK(std::set<std::string>(env->metadata().render_modes.begin(), env->metadata().render_modes.end()) ==
          std::set<std::string>(modes.begin(), modes.end()));
    CHECK(env->metadata().render_fps == spec["render_fps"].get<double>());
  }
}

TEST_CASE("toy-text tables equal Gymnasium's env.P and initial_state_distrib bit for bit", "[toy_text]") {
  for (const char* name : kFixtures) {
    const json f = fixture(name);
    if (f.at("table").is_null()) continue;
    INFO(name);
    check_table(f.at("id"), options_of(f.at("options")), f.at("table"));
  }
}

TEST_CASE("toy-text episodes from reset(seed) equal Gymnasium's step for step", "[toy_text]") {
  for (const char* name : kFixtures) {
    const json f = fixture(name);
    INFO(name);
    for (const json& run : f.at("runs")) check_run(f.at("id"), options_of(f.at("options")), run);
  }
}

TEST_CASE("Taxi's fickle passenger draws numpy's choice exactly, given numpy's 32-bit draws", "[toy_text]") {
  using gym::envs::Taxi;
  const json f = fixture("taxi_fickle.json");
  const Taxi::Params p{.is_rainy = true, .fickle_passenger = true};
  int changes = 0;
  for (const json& run : f.at("runs")) {
    std::optional<NumpyRandom32> rng;
    Taxi::State st{};
    for (const json& e : run.at("events")) {
      INFO("seed " << run.at("seed").dump() << ": " << e.dump());
      if (e[0] == "reset") {
        if (!e[1].is_null()) rng.emplace(e[1].get<uint64_t>());
        Taxi::reset(p, st, *rng);
      } else {
        const int destination = st.s % 4;
        const gym::WorldStep r = Taxi::step(p, st, e[1].get<int32_t>(), *rng);
        changes += st.s % 4 != destination;
        CHECK(r.reward == e[3].get<double>());
        CHECK(r.terminated == e[4].get<bool>());
      }
      REQUIRE(st.s == e[2].get<int>());
    }
  }
  CHECK(changes >= 3);  // the fixture holds several changes of mind since one seeding
}

TEST_CASE("tabulate refuses Taxi's fickle passenger, envs without a table and unknown ids", "[toy_text]") {
  CHECK_THAT(gym::test::error_of([] { gym::tabulate("Taxi-v4", {{"fickle_passenger", true}}); }),
             Contains("fickle_passenger") && Contains("not a table"));
  CHECK_THAT(gym::test::error_of([] { gym::tabulate("CartPole-v1"); }),
             Contains("CartPole-v1 has no exact transition table") && Contains("Taxi-v4"));
  CHECK_THAT(gym::test::error_of([] { gym::tabulate("FrozenLake-v9"); }), Contains("FrozenLake-v9"));
}

TEST_CASE("gym transitions prints Gymnasium's layout, with Gymnasium's option names", "[toy_text]") {
  std::istringstream in;
  std::ostringstream out, err;
  REQUIRE(gym::cli::run({"gym", "transitions", "FrozenLake-v1", "--param", "desc=SFH,FFG", "--param",
                         "is_slippery=false"},
                        in, out, err) == 0);
  const json j = json::parse(out.str());
  CHECK(j["n_states"] == 6);
  CHECK(j["n_actions"] == 4);
  CHECK(j["initial_state_distrib"] == json({1.0, 0.0, 0.0, 0.0, 0.0, 0.0}));
  CHECK(j["P"]["1"]["2"] == json::parse("[[1.0, 2, 0, true]]"));
  CHECK(j["P"]["4"]["2"] == json::parse("[[1.0, 5, 1, true]]"));
  CHECK(j["P"]["5"]["0"] == json::parse("[[1.0, 5, 0, true]]"));
  CHECK(gym::tabular_from_gymnasium_json(j).num_outcomes() == 24);
  // Keys in Gymnasium's order, as json.dumps(env.P) writes them.
  CHECK(out.str().rfind("{\"n_states\":6,\"n_actions\":4,\"initial_state_distrib\":", 0) == 0);

  std::ostringstream out2, err2;
  CHECK(gym::cli::run({"gym", "transitions", "Pendulum-v1"}, in, out2, err2) == 2);
  CHECK_THAT(err2.str(), Contains("Pendulum-v1 has no exact transition table"));
  std::ostringstream out3, err3;
  CHECK(gym::cli::run({"gym", "transitions", "Nope-v0"}, in, out3, err3) == 2);
  CHECK_THAT(err3.str(), Contains("unknown env id 'Nope-v0'"));
}

TEST_CASE("FrozenLake rejects bad maps, naming the row, column and problem", "[toy_text]") {
  const auto make_with = [](gym::Options o) { return [o] { gym::make("FrozenLake-v1", o); }; };
  using gym::test::error_of;
  CHECK_THAT(error_of(make_with({{"map_name", "5x5"}})), Contains("unknown map '5x5'") && Contains("4x4, 8x8"));
  CHECK_THAT(error_of(make_with({{"desc", "SFFF,FHXH,FFFH,HFFG"}})),
             Contains("row 1, column 2") && Contains("unknown letter 'X'"));
  CHECK_THAT(error_of(make_with({{"desc", "SFFF,FHF,FFFH"}})),
             Contains("row 1 (from 0) has 3 letters but row 0 has 4"));
  CHECK_THAT(error_of(make_with({{"desc", "FFFF,FHFG"}})), Contains("no start cell 'S'"));
  CHECK_THAT(error_of(make_with({{"desc", "SFFF,,FFFG"}})), Contains("row 1 (from 0) is empty"));
  CHECK_THAT(error_of(make_with({{"desc", ""}})), Contains("row 0 (from 0) is empty"));
  CHECK_THAT(error_of(make_with({{"desc", "S" + std::string(32, 'F')}})), Contains("33 columns"));
  CHECK_THAT(error_of(make_with({{"desc", 3}})), Contains("option 'desc' expects"));
  CHECK_THAT(error_of(make_with({{"desc", "SFFF,FFFG"}, {"map_name", "8x8"}})),
             Contains("'desc' and 'map_name' given together"));
  CHECK_THAT(error_of(make_with({{"reward_schedule", "1,0"}})), Contains("expected three rewards"));
  CHECK_THAT(error_of(make_with({{"reward_schedule", "1,x,0"}})), Contains("'x' is not a finite number"));
  CHECK_THAT(error_of(make_with({{"success_rate", 1.5}})), Contains("success_rate"));
  CHECK_THAT(error_of(make_with({{"is_rainy", true}})), Contains("unknown option 'is_rainy'"));
  // A map given over several lines, and the largest map.
  CHECK(gym::make("FrozenLake-v1", {{"desc", "SFF\nFHG\n"}})->observation_space().to_json() ==
        gym::Discrete(6).to_json());
  std::string largest = "S";
  for (int r = 0; r < 32; ++r) largest += std::string(r == 0 ? 31 : 32, 'F') + (r == 31 ? "" : ",");
  largest.back() = 'G';
  CHECK(gym::make("FrozenLake-v1", {{"desc", largest}})->observation_space().to_string() == "Discrete(1024)");
  CHECK_THAT(error_of(make_with({{"desc", largest + ",SFFF"}})), Contains("33 rows"));
}

TEST_CASE("toy-text envs reject out-of-range actions and bad JSON states", "[toy_text]") {
  using gym::test::error_of;
  for (const char* id : {"FrozenLake-v1", "CliffWalking-v1", "Taxi-v4"}) {
    INFO(id);
    auto env = gym::make(id);
    env->reset(0);
    const int n = int(static_cast<const gym::Discrete&>(env->action_space()).n());
    CHECK_THAT(error_of([&] { env->step(gym::Array(n)); }), Contains("invalid action"));
    CHECK_THAT(error_of([&] { env->step(gym::Array(-1)); }), Contains("invalid action"));
    CHECK_THAT(error_of([&] { env->set_state_json(json{{"s", 100000}}); }), Contains("outside 0.."));
    CHECK_THAT(error_of([&] { env->set_state_json(json{{"x", 1}}); }), Contains("unknown key 'x'"));
    CHECK_THAT(error_of([&] { env->set_state_json(json("five")); }), Contains("expected {\"s\": index}"));
  }
}

TEST_CASE("toy-text JSON states round-trip and gym step answers from them", "[toy_text]") {
  auto env = gym::make("FrozenLake-v1", {{"is_slippery", false}});
  env->reset(0);
  env->set_state_json(json{{"s", 14}});
  const auto r = env->step(gym::Array(2));  // right, onto the goal
  CHECK(r.obs.element(0) == 15);
  CHECK(r.reward == 1.0);
  CHECK(r.terminated);
  CHECK(env->state_json() == json{{"s", 15}});
  const json t = env->transition_json(json(10), gym::Array(1));
  CHECK(t["next_state"] == json{{"s", 14}});
  CHECK(t["reward"] == 0.0);

  auto taxi = gym::make("Taxi-v4", {{"fickle_passenger", true}, {"fickle_probability", 1.0}});
  taxi->reset(1);
  CHECK(taxi->state_json()["fickle_step"] == true);
  // Passenger aboard at (2, 2) going to R: the first move makes them change their mind.
  const int s = gym::envs::Taxi::encode(2, 2, 4, 0);
  taxi->set_state_json(json{{"s", s}, {"fickle_step", true}});
  const auto moved = taxi->step(gym::Array(0));
  const auto d = gym::envs::Taxi::decode(int32_t(moved.obs.element(0)));
  CHECK(d.row == 3);
  CHECK(d.col == 2);
  CHECK(d.passenger == 4);
  CHECK(d.destination != 0);
  CHECK(taxi->state_json()["fickle_step"] == false);
}

TEST_CASE("toy-text vector envs run with autoreset and the counter-based generator", "[toy_text]") {
  for (const char* id : {"FrozenLake8x8-v1", "CliffWalkingSlippery-v1", "Taxi-v4"}) {
    INFO(id);
    auto vec = gym::make_vec(id, 16, {}, std::string(id) == "Taxi-v4" ? gym::Options{{"is_rainy", true},
                                                                                      {"fickle_passenger", true}}
                                                                      : gym::Options{});
    vec->reset(7);
    const int n_actions = int(static_cast<const gym::Discrete&>(vec->single_action_space()).n());
    const int n_states = int(static_cast<const gym::Discrete&>(vec->single_observation_space()).n());
    std::vector<int32_t> actions(16);
    int ended = 0;
    for (int t = 0; t < 300; ++t) {
      for (int i = 0; i < 16; ++i) actions[std::size_t(i)] = (t * 7 + i * 3) % n_actions;
      vec->step(actions);
      const auto obs = vec->observation_array().to_doubles();
      for (double o : obs) REQUIRE((o >= 0 && o < n_states));
      for (int i = 0; i < 16; ++i) ended += vec->terminated()[std::size_t(i)] | vec->truncated()[std::size_t(i)];
    }
    CHECK(ended > 0);
  }
}

TEST_CASE("toy-text scenes draw the map and the agent", "[toy_text]") {
  for (const char* id : {"FrozenLake-v1", "FrozenLake8x8-v1", "CliffWalking-v1", "Taxi-v4"}) {
    INFO(id);
    auto env = gym::make(id);
    env->reset(0);
    gym::DrawList list;
    env->draw(list);
    CHECK(list.width() > 0);
    CHECK(list.height() > 0);
    CHECK(list.primitives().size() > 16);
  }
}
