// FrozenLake, CliffWalking and Taxi against Gymnasium 1.4 itself
// (tests/fixtures/toy_text/, written by scripts/gen_toy_text_reference.py):
// registry specs, the full transition tables and initial distributions bit
// for bit, seeded episodes step for step (observations, rewards, flags, info
// dicts, ansi frames, time-limit truncation); then the models' bad input.
#include <catch2/catch.hpp>

#include <algorithm>
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

namespace {

// A params entry of an env by name (the numeric parameters and the options
// its describe_options lists).
json param_entry(const gym::Env& env, const std::string& name) {
  for (const auto& p : env.params())
    if (p.at("name") == name) return p;
  FAIL("no params entry " << name);
  return {};
}

std::string joined_rows(const json& rows) {
  std::string out;
  for (const auto& r : rows) {
    if (!out.empty()) out += ',';
    out += r.get<std::string>();
  }
  return out;
}

gym::Options random_map_options(int64_t size, double p, int64_t seed) {
  return {{"map_name", "random"}, {"map_size", size}, {"map_p", p}, {"map_seed", seed}};
}

}  // namespace

TEST_CASE("FrozenLake map_name=random with map_seed gives Gymnasium's generate_random_map, redraws included",
          "[toy_text]") {
  const json maps = fixture("frozen_lake_random_maps.json").at("maps");
  REQUIRE(maps.size() >= 10);
  int redrawn = 0, smallest = 32, largest = 2;
  for (const auto& m : maps) {
    const int32_t size = m.at("size").get<int32_t>();
    const double p = m.at("p").get<double>();
    const uint64_t seed = m.at("seed").get<uint64_t>();
    INFO("size " << size << ", p " << p << ", seed " << seed);
    redrawn += m.at("boards").get<int>() > 1;
    smallest = std::min(smallest, size);
    largest = std::max(largest, size);
    CHECK(json(gym::envs::FrozenLake::random_map(size, p, seed)) == m.at("rows"));
    // The same map through the options, reported as desc.
    const auto env = gym::make("FrozenLake-v1", random_map_options(size, p, int64_t(seed)));
    CHECK(param_entry(*env, "desc").at("value") == joined_rows(m.at("rows")));
    CHECK(param_entry(*env, "map_seed").at("value") == seed);
    CHECK(env->observation_space().to_json() == gym::Discrete(size * size).to_json());
  }
  CHECK(redrawn >= 2);  // the cases cover boards without a path, drawn again from the same stream
  CHECK(smallest == gym::envs::FrozenLake::kMinRandomSide);
  CHECK(largest == gym::envs::FrozenLake::kMaxSide);

  // Gymnasium's map_name=None in its other spellings, with generate_random_map's defaults (8, 0.8).
  const json first = maps.at(0);
  REQUIRE(first.at("size") == 8);
  REQUIRE(first.at("p") == 0.8);
  for (const char* spelling : {"random", "none", "None"}) {
    INFO(spelling);
    const auto env = gym::make("FrozenLake-v1", {{"map_name", spelling}, {"map_seed", first.at("seed").get<int64_t>()}});
    CHECK(param_entry(*env, "desc").at("value") == joined_rows(first.at("rows")));
    CHECK(param_entry(*env, "map_name").at("value") == "random");
  }
  // map_seed as command-line text, and the options given after the env was made.
  const json last = maps.back();
  const auto env = gym::make("FrozenLake-v1", {{"map_name", "random"}, {"map_seed", "0"}});
  env->set_params({{"map_size", last.at("size").get<int64_t>()},
                   {"map_p", last.at("p").get<double>()},
                   {"map_seed", std::to_string(last.at("seed").get<uint64_t>())}});
  CHECK(param_entry(*env, "desc").at("value") == joined_rows(last.at("rows")));
}

TEST_CASE("FrozenLake random maps without map_seed draw a seed once and report it, so the map can be made again",
          "[toy_text]") {
  const auto a = gym::make("FrozenLake-v1", {{"map_name", "random"}, {"map_size", 6}});
  const auto b = gym::make("FrozenLake-v1", {{"map_name", "random"}, {"map_size", 6}});
  const json seed = param_entry(*a, "map_seed").at("value");
  CHECK(seed != param_entry(*b, "map_seed").at("value"));  // 63 bits of entropy each
  const json desc = param_entry(*a, "desc").at("value");
  CHECK(desc.get<std::string>().size() == 6 * 7 - 1);
  // The seed alone, or the rows alone, make the same map again.
  const auto again = gym::make("FrozenLake-v1", {{"map_name", "random"}, {"map_size", 6},
                                                 {"map_seed", seed.get<int64_t>()}});
  CHECK(param_entry(*again, "desc").at("value") == desc);
  CHECK(gym::to_gymnasium_json(gym::tabulate("FrozenLake-v1", {{"desc", desc.get<std::string>()}})) ==
        gym::to_gymnasium_json(gym::tabulate(
            "FrozenLake-v1", {{"map_name", "random"}, {"map_size", 6}, {"map_seed", seed.get<int64_t>()}})));
  // Changing another parameter keeps the map; changing map_p draws it again from the same seed.
  a->set_params({{"is_slippery", false}});
  CHECK(param_entry(*a, "desc").at("value") == desc);
  a->set_params({{"map_p", 0.5}});
  CHECK(param_entry(*a, "map_seed").at("value") == seed);
  CHECK(param_entry(*a, "desc").at("value") ==
        json(joined_rows(json(gym::envs::FrozenLake::random_map(6, 0.5, seed.get<uint64_t>())))));
}

TEST_CASE("FrozenLake's random-map options reject bad values and fixed maps, naming the option", "[toy_text]") {
  using gym::test::error_of;
  const auto make_with = [](gym::Options o) { return [o] { gym::make("FrozenLake-v1", o); }; };
  const gym::Options random{{"map_name", "random"}};
  const auto with = [&](const char* name, gym::OptionValue v) {
    gym::Options o = random;
    o.emplace(name, v);
    return make_with(o);
  };
  CHECK_THAT(error_of(with("map_size", 0)), Contains("option 'map_size' must be [2, 32], got 0"));
  CHECK_THAT(error_of(with("map_size", 1)), Contains("option 'map_size' must be [2, 32], got 1"));
  CHECK_THAT(error_of(with("map_size", 33)), Contains("option 'map_size' must be [2, 32], got 33"));
  CHECK_THAT(error_of(with("map_size", "eight")), Contains("option 'map_size' expects an integer"));
  CHECK_THAT(error_of(with("map_p", 0.0)), Contains("option 'map_p' must be (0, 1], got 0"));
  CHECK_THAT(error_of(with("map_p", 1.5)), Contains("option 'map_p' must be (0, 1], got 1.5"));
  CHECK_THAT(error_of(with("map_p", "nan")), Contains("option 'map_p' must be (0, 1], got nan"));
  CHECK_THAT(error_of(with("map_seed", -1)), Contains("option 'map_seed' expects a seed") && Contains("got int -1"));
  CHECK_THAT(error_of(with("map_seed", "x3")), Contains("option 'map_seed' expects a seed"));
  CHECK_THAT(error_of(with("map_seed", 2.5)), Contains("option 'map_seed' expects a seed"));
  // The random-map options with a fixed map.
  CHECK_THAT(error_of(make_with({{"map_name", "4x4"}, {"map_seed", 3}})),
             Contains("option 'map_seed' is for random maps (map_name=random), but this map is map_name=4x4"));
  CHECK_THAT(error_of(make_with({{"map_size", 5}})), Contains("option 'map_size' is for random maps") &&
                                                          Contains("map_name=4x4"));
  CHECK_THAT(error_of([] { gym::make("FrozenLake8x8-v1", {{"map_p", 0.5}}); }),
             Contains("option 'map_p' is for random maps") && Contains("map_name=8x8"));
  CHECK_THAT(error_of(make_with({{"desc", "SF,FG"}, {"map_seed", 3}})), Contains("but this map is given by desc"));
  CHECK_THAT(error_of(make_with({{"desc", "SF,FG"}, {"map_name", "random"}})),
             Contains("'desc' and 'map_name' given together"));
  // No board with a path within the budget, where Gymnasium would draw forever.
  CHECK_THAT(error_of(make_with({{"map_name", "random"}, {"map_size", 32}, {"map_p", 0.05}, {"map_seed", 1}})),
             Contains("map_name=random: no random 32 x 32 map with map_p 0.05 (seed 1) had a path") &&
                 Contains("raise map_p"));
  // ... but only the final combination counts: map_p = 0.02 finds no 8 x 8 map,
  // the 2 x 2 maps that map_size (applied after it) asks for have one.
  const auto small = gym::make("FrozenLake-v1", {{"map_name", "random"}, {"map_p", 0.02}, {"map_size", 2},
                                                 {"map_seed", 4}});
  CHECK(param_entry(*small, "desc").at("value") ==
        json(joined_rows(json(gym::envs::FrozenLake::random_map(2, 0.02, 4)))));
  CHECK_THAT(error_of([] { gym::envs::FrozenLake::random_map(1, 0.8, 0); }),
             Contains("a random map's size must be 2 .. 32, got 1"));
  CHECK_THAT(error_of([] { gym::envs::FrozenLake::random_map(8, 0.0, 0); }),
             Contains("a random map's frozen probability p must be in (0, 1], got 0"));
}

TEST_CASE("gym transitions takes a random map from map_name=random and map_seed", "[toy_text]") {
  const json maps = fixture("frozen_lake_random_maps.json").at("maps");
  const auto it = std::find_if(maps.begin(), maps.end(), [](const json& m) {
    return m.at("size") == 8 && m.at("p") == 0.8 && m.at("seed") == 3;
  });
  REQUIRE(it != maps.end());
  const auto transitions = [](std::vector<std::string> params) {
    std::vector<std::string> args{"gym", "transitions", "FrozenLake-v1"};
    for (auto& p : params) args.insert(args.end(), {"--param", p});
    std::istringstream in;
    std::ostringstream out, err;
    const int code = gym::cli::run(args, in, out, err);
    INFO(err.str());
    REQUIRE(code == 0);
    return out.str();
  };
  const std::string random = transitions({"map_name=random", "map_seed=3"});
  CHECK(json::parse(random)["n_states"] == 64);
  CHECK(random == transitions({"desc=" + joined_rows(it->at("rows"))}));
}

TEST_CASE("FrozenLake lists its text options with their values beside the numeric parameters", "[toy_text]") {
  const auto value = [](const gym::Env& env, const char* name) { return param_entry(env, name).at("value"); };
  const auto four = gym::make("FrozenLake-v1");
  CHECK(value(*four, "map_name") == "4x4");
  CHECK(value(*four, "desc") == "SFFF,FHFH,FFFH,HFFG");
  CHECK(value(*four, "reward_schedule") == "1,0,0");
  CHECK(value(*four, "is_slippery") == true);  // the numeric parameters stay first, as they were
  CHECK(four->params().at(0).at("name") == "is_slippery");
  for (const char* name : {"map_name", "desc", "reward_schedule"}) {
    INFO(name);
    const json e = param_entry(*four, name);
    CHECK(e.at("fixed") == true);
    CHECK_FALSE(e.at("doc").get<std::string>().empty());
    CHECK_FALSE(e.at("range").get<std::string>().empty());
    CHECK(e.contains("unit"));
  }
  CHECK_FALSE(param_entry(*four, "success_rate").contains("fixed"));
  for (const char* name : {"map_size", "map_p", "map_seed"}) {  // random maps only
    INFO(name);
    for (const auto& p : four->params()) CHECK(p.at("name") != name);
  }
  const auto eight = gym::make("FrozenLake8x8-v1", {{"reward_schedule", "2,-1,0.5"}});
  CHECK(value(*eight, "map_name") == "8x8");
  CHECK(value(*eight, "desc").get<std::string>().size() == 8 * 9 - 1);
  CHECK(value(*eight, "reward_schedule") == "2,-1,0.5");
  const auto custom = gym::make("FrozenLake-v1", {{"desc", "SFFF,FHFH,FFFH,HFFG"}});
  CHECK(value(*custom, "map_name").is_null());  // the map came from desc, even where it is a named one's
  const auto random = gym::make("FrozenLake-v1", random_map_options(5, 0.7, 9));
  CHECK(value(*random, "map_size") == 5);
  CHECK(value(*random, "map_p") == 0.7);
  CHECK(value(*random, "map_seed") == 9);
  // The listed values make the same env again: the options as listed (all but
  // desc, which a map_name would contradict), or desc alone.
  gym::Options listed;
  for (const auto& p : random->params()) {
    const json& v = p.at("value");
    if (p.at("name") == "desc") continue;
    listed.emplace(p.at("name").get<std::string>(),
                   v.is_string() ? gym::OptionValue(v.get<std::string>()) : gym::test::to_options({{"v", v}}).at("v"));
  }
  CHECK(gym::make("FrozenLake-v1", listed)->params() == random->params());
  CHECK(gym::make("FrozenLake-v1", {{"desc", value(*random, "desc").get<std::string>()}})->observation_space()
            .to_json() == random->observation_space().to_json());
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
