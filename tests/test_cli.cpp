// samples/gym/cli.hpp: the `gym` tool's commands, run in-process with string
// streams for stdin, stdout and stderr.
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "gym/cli.hpp"
#include "gym/registry.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

namespace {

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

// Runs `gym <args...>` with `input` on stdin.
CliResult gym_cli(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), "gym");
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = gym::cli::run(args, in, out, err);
  return {code, out.str(), err.str()};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> out;
  for (const auto& line : lines_of(text)) out.push_back(json::parse(line));
  return out;
}

// What `gym step` must answer for (state, action), computed with the library.
json expected_step(const gym::Env& env, const std::vector<double>& state, int action) {
  const gym::Transition t = env.transition(state, action);
  return {{"next_state", t.next_state}, {"obs", t.obs.to_doubles()}, {"reward", t.reward},
          {"terminated", t.terminated}};
}

}  // namespace

TEST_CASE("gym list prints every registered id", "[cli]") {
  const auto r = gym_cli({"list"});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("CartPole-v0") && Contains("CartPole-v1") && Contains("Discrete(2)"));
  CHECK(r.err.empty());

  const auto j = gym_cli({"list", "--json"});
  REQUIRE(j.code == 0);
  const json all = json::parse(j.out);
  REQUIRE(all.is_array());
  std::vector<std::string> ids;
  for (const auto& d : all) ids.push_back(d["id"].get<std::string>());
  CHECK(ids == gym::registry().ids());
}

TEST_CASE("gym info shows the spec and each parameter with its default and unit", "[cli]") {
  const auto r = gym_cli({"info", "CartPole-v1"});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("CartPole-v1") && Contains("gravity") && Contains("9.8") && Contains("m/s^2") &&
                        Contains("masscart") && Contains("500") && Contains("475") && Contains("theta_dot"));

  const auto heavy = gym_cli({"info", "CartPole-v1", "--param", "gravity=12", "--json"});
  REQUIRE(heavy.code == 0);
  const json d = json::parse(heavy.out);
  CHECK(d["id"] == "CartPole-v1");
  bool found = false;
  for (const auto& p : d["params"])
    if (p["name"] == "gravity") {
      found = true;
      CHECK(p["value"] == 12.0);
    }
  CHECK(found);
}

TEST_CASE("gym info lists text options (maps) in the parameter table, with their current values", "[cli]") {
  const auto r = gym_cli({"info", "FrozenLake-v1"});
  REQUIRE(r.code == 0);
  const auto line_of = [](const std::string& out, const std::string& name) {
    for (const auto& line : lines_of(out))
      if (line.rfind("    " + name + " ", 0) == 0) return line;
    FAIL("no row for " << name << " in\n" << out);
    return std::string();
  };
  const std::string slippery = line_of(r.out, "is_slippery"), map_name = line_of(r.out, "map_name"),
                    desc = line_of(r.out, "desc");
  // The options' values start in the numeric parameters' value column.
  const std::size_t column = slippery.find("true");
  CHECK(map_name.find("\"4x4\"") == column);
  CHECK(desc.find("\"SFFF,FHFH,FFFH,HFFG\"") == column);
  CHECK_THAT(map_name, Contains("4x4, 8x8, random") && Contains("generate_random_map"));
  CHECK_THAT(line_of(r.out, "reward_schedule"), Contains("\"1,0,0\""));

  // A random map: its seed and rows, as --json gives them.
  const auto random = gym_cli({"info", "FrozenLake-v1", "--param", "map_name=random", "--param", "map_seed=3",
                               "--param", "map_size=5", "--json"});
  REQUIRE(random.code == 0);
  json by_name;
  const json random_info = json::parse(random.out);
  for (const auto& p : random_info["params"]) by_name[p["name"].get<std::string>()] = p;
  CHECK(by_name["map_name"]["value"] == "random");
  CHECK(by_name["map_seed"]["value"] == 3);
  CHECK(by_name["map_size"]["value"] == 5);
  CHECK(by_name["map_size"]["range"] == "[2, 32]");
  CHECK(by_name["desc"]["value"].get<std::string>().size() == 5 * 6 - 1);
  CHECK(by_name["desc"]["fixed"] == true);
  CHECK_FALSE(by_name["is_slippery"].contains("fixed"));
  CHECK(json::parse(gym_cli({"info", "FrozenLake-v1", "--param", "desc=" + by_name["desc"]["value"].get<std::string>(),
                             "--json"})
                        .out)["observation_space"]["n"] == 25);

  // MiniGrid-Custom-v0's map, written so that it reads back as the same level
  // (grey objects as E, open doors with their colour).
  const auto custom = gym_cli({"info", "MiniGrid-Custom-v0"});
  REQUIRE(custom.code == 0);
  CHECK_THAT(line_of(custom.out, "map"), Contains("\"WGWGWGWGWGWGWG\\nWG>>  WG    WG\\n"));
  const std::string level =
      "WGWGWGWGWG\n"
      "WG  KEOBWG\n"
      "WGVVFPABWG\n"
      "WGLRGGVRWG\n"
      "WGWGWGWGWG\n";
  const auto info_json = [&](const std::string& map) {
    const auto c = gym_cli({"info", "MiniGrid-Custom-v0", "--param", "map=" + map, "--json"});
    REQUIRE(c.code == 0);
    const json info = json::parse(c.out);
    for (const auto& p : info["params"])
      if (p["name"] == "map") return p;
    FAIL("no map entry");
    return json();
  };
  const json map = info_json(level);
  CHECK(map["value"] == level);
  CHECK(map["fixed"] == true);
  CHECK(info_json(map["value"].get<std::string>())["value"] == level);
  CHECK(info_json(std::string("WGWGWG\nWG<<WG\nWG__WG\nWGWGWG"))["value"] == "WGWGWG\nWG<<WG\nWGOEWG\nWGWGWG\n");
}

TEST_CASE("gym info with an unknown id or parameter fails, naming it", "[cli]") {
  const auto id = gym_cli({"info", "Nope-v3"});
  CHECK(id.code != 0);
  CHECK_THAT(id.err, Contains("Nope-v3") && Contains("CartPole-v1"));

  const auto param = gym_cli({"info", "CartPole-v1", "--param", "gravityy=12"});
  CHECK(param.code != 0);
  CHECK_THAT(param.err, Contains("gravityy") && Contains("gravity,"));

  const auto malformed = gym_cli({"info", "CartPole-v1", "--param", "gravity"});
  CHECK(malformed.code != 0);
  CHECK_THAT(malformed.err, Contains("gravity") && Contains("name=value"));

  const auto twice = gym_cli({"info", "CartPole-v1", "--param", "gravity=12", "--param", "gravity=13"});
  CHECK(twice.code != 0);
  CHECK_THAT(twice.err, Contains("gravity") && Contains("twice"));
}

TEST_CASE("gym without a command, with an unknown one or without an id fails", "[cli]") {
  CHECK(gym_cli({}).code != 0);
  CHECK(gym_cli({"fly"}).code != 0);
  const auto r = gym_cli({"info"});
  CHECK(r.code != 0);
  CHECK_THAT(r.out + r.err, Contains("id"));
}

TEST_CASE("gym rollout prints one line per episode and a summary, identically for the same seed", "[cli]") {
  const auto a = gym_cli({"rollout", "CartPole-v1", "--episodes", "3", "--seed", "5"});
  REQUIRE(a.code == 0);
  const auto lines = lines_of(a.out);
  REQUIRE(lines.size() == 4);
  for (int e = 0; e < 3; ++e) {
    CHECK_THAT(lines[std::size_t(e)], StartsWith("episode") && Contains(std::to_string(e)) && Contains("return") &&
                                          Contains("length"));
  }
  CHECK_THAT(lines[3], Contains("3 episodes of CartPole-v1") && Contains("seed 5") && Contains("mean length"));

  const auto b = gym_cli({"rollout", "CartPole-v1", "--episodes", "3", "--seed", "5"});
  CHECK(b.code == 0);
  CHECK(b.out == a.out);

  const auto other = gym_cli({"rollout", "CartPole-v1", "--episodes", "3", "--seed", "6"});
  CHECK(other.code == 0);
  CHECK(other.out != a.out);
}

TEST_CASE("gym rollout --json gives episode objects whose summary matches them", "[cli]") {
  const auto r = gym_cli({"rollout", "CartPole-v1", "--episodes", "4", "--seed", "1", "--json"});
  REQUIRE(r.code == 0);
  const auto rows = json_lines(r.out);
  REQUIRE(rows.size() == 5);
  double sum = 0, sum_len = 0;
  for (int e = 0; e < 4; ++e) {
    const auto& row = rows[std::size_t(e)];
    CHECK(row["episode"] == e);
    // CartPole-v1 gives +1 per step, so the return is the length.
    CHECK(row["return"].get<double>() == double(row["length"].get<int64_t>()));
    CHECK(row["length"].get<int64_t>() >= 1);
    CHECK(row["length"].get<int64_t>() <= 500);
    sum += row["return"].get<double>();
    sum_len += double(row["length"].get<int64_t>());
  }
  const auto& summary = rows[4]["summary"];
  CHECK(summary["episodes"] == 4);
  CHECK(summary["mean_return"].get<double>() == Approx(sum / 4));
  CHECK(summary["mean_length"].get<double>() == Approx(sum_len / 4));
  CHECK(summary["min_return"].get<double>() <= summary["max_return"].get<double>());
}

TEST_CASE("gym rollout rejects an unknown policy, a bad episode count and an unknown id, naming them", "[cli]") {
  const auto policy = gym_cli({"rollout", "CartPole-v1", "--policy", "nope"});
  CHECK(policy.code != 0);
  CHECK_THAT(policy.err, Contains("'nope'") && Contains("random"));

  const auto episodes = gym_cli({"rollout", "CartPole-v1", "--episodes", "0"});
  CHECK(episodes.code != 0);
  CHECK_THAT(episodes.err, Contains("--episodes"));

  const auto id = gym_cli({"rollout", "Nope-v0"});
  CHECK(id.code != 0);
  CHECK_THAT(id.err, Contains("Nope-v0"));
}

TEST_CASE("gym step answers each query with the env's transition, exactly", "[cli]") {
  const auto env = gym::make("CartPole-v1");
  const std::vector<double> s1 = {0.01, -0.02, 0.03, 0.04};
  const std::vector<double> s2 = {0.1234567890123, 1.5, -0.2, -2.25};
  const std::vector<double> s3 = {2.39, 1.0, 0.0, 0.0};  // leaves the track
  std::string input;
  input += json{{"state", s1}, {"action", 1}}.dump() + "\n";
  input += json{{"state", s2}, {"action", 0}}.dump() + "\n";
  input += json{{"action", 1}, {"state", s3}}.dump() + "\n";

  const auto r = gym_cli({"step", "CartPole-v1"}, input);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  const auto rows = json_lines(r.out);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == expected_step(*env, s1, 1));
  CHECK(rows[1] == expected_step(*env, s2, 0));
  CHECK(rows[2] == expected_step(*env, s3, 1));
  CHECK(rows[2]["terminated"] == true);
  CHECK(rows[0]["terminated"] == false);
  CHECK(rows[0]["reward"] == 1.0);
}

TEST_CASE("gym step answers a bad query with an error naming the problem and its line, then carries on",
          "[cli]") {
  const auto env = gym::make("CartPole-v1");
  const std::vector<double> good = {0.0, 0.1, -0.05, 0.2};
  const std::string good_line = json{{"state", good}, {"action", 0}}.dump();
  struct Bad {
    std::string line;
    std::vector<std::string> mentions;
  };
  const std::vector<Bad> bad = {
      {R"({"state": [0, 0, 0, 0], "action": )", {"malformed JSON"}},
      {R"({"action": 1})", {"missing", "state"}},
      {R"({"state": [0, 0, 0, 0]})", {"missing", "action"}},
      {R"([0, 0, 0, 0])", {"object"}},
      {R"({"state": 5, "action": 1})", {"state", "array"}},
      {R"({"state": [0, 0, 0], "action": 1})", {"4 values", "got 3"}},
      {R"({"state": [0, 0, 0, 0, 0], "action": 1})", {"4 values", "got 5"}},
      {R"({"state": [0, "a", 0, 0], "action": 1})", {"non-number", "\"a\""}},
      {R"({"state": [0, null, 0, 0], "action": 1})", {"non-number", "null"}},
      {R"({"state": [0, 0, true, 0], "action": 1})", {"non-number", "true"}},
      {R"({"state": [0, 0, 0, 0], "action": 2})", {"invalid action", "2", "Discrete(2)"}},
      {R"({"state": [0, 0, 0, 0], "action": -1})", {"invalid action", "-1"}},
      {R"({"state": [0, 0, 0, 0], "action": 0.5})", {"action", "integer", "0.5"}},
      {R"({"state": [0, 0, 0, 0], "action": [1]})", {"action", "integer"}},
      {R"({"state": [0, 0, 0, 0], "action": "x"})", {"action", "\"x\""}},
  };
  for (const auto& b : bad) {
    INFO("query: " << b.line);
    // The bad query on line 2, after a blank line 1; a valid one on line 3.
    const auto r = gym_cli({"step", "CartPole-v1"}, "\n" + b.line + "\n" + good_line + "\n");
    CHECK(r.code != 0);
    const auto rows = json_lines(r.out);
    REQUIRE(rows.size() == 2);
    REQUIRE(rows[0].contains("error"));
    const std::string error = rows[0]["error"].get<std::string>();
    CHECK_THAT(error, StartsWith("line 2:"));
    for (const auto& word : b.mentions) CHECK_THAT(error, Contains(word));
    CHECK(rows[1] == expected_step(*env, good, 0));
  }
}

TEST_CASE("gym step exits 0 only when every line was answered", "[cli]") {
  const std::string good = R"({"state": [0, 0, 0, 0], "action": 1})";
  CHECK(gym_cli({"step", "CartPole-v1"}, good + "\n" + good + "\n").code == 0);
  CHECK(gym_cli({"step", "CartPole-v1"}, "").code == 0);
  CHECK(gym_cli({"step", "CartPole-v1"}, good + "\nnot json\n" + good + "\n").code != 0);
  CHECK(gym_cli({"step", "CartPole-v1"}, good).code == 0);  // no trailing newline
}

TEST_CASE("gym step --param gravity=12 steps the modified model", "[cli]") {
  const std::vector<double> s = {0.0, 0.0, 0.1, 0.0};
  const std::string query = json{{"state", s}, {"action", 1}}.dump() + "\n";
  const auto standard = gym_cli({"step", "CartPole-v1"}, query);
  const auto heavy = gym_cli({"step", "CartPole-v1", "--param", "gravity=12"}, query);
  REQUIRE(standard.code == 0);
  REQUIRE(heavy.code == 0);
  const json a = json::parse(standard.out), b = json::parse(heavy.out);
  CHECK(a["next_state"] != b["next_state"]);
  CHECK(b == expected_step(*gym::make("CartPole-v1", {{"gravity", 12.0}}), s, 1));

  const auto bad = gym_cli({"step", "CartPole-v1", "--param", "tau=0"}, query);
  CHECK(bad.code != 0);
  CHECK_THAT(bad.err, Contains("'tau'"));
}

TEST_CASE("gym bench --json reports a positive env-steps rate", "[cli]") {
  const auto r = gym_cli({"bench", "CartPole-v1", "--envs", "64", "--steps", "10", "--repeats", "1", "--json"});
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  CHECK(j["env"] == "CartPole-v1");
  CHECK(j["envs"] == 64);
  CHECK(j["steps"] == 10);
  CHECK(j["repeats"] == 1);
  REQUIRE(j["env_steps_per_s"].is_number());
  CHECK(j["env_steps_per_s"].get<double>() > 0);
  REQUIRE(j["runs"].size() == 1);

  const auto text = gym_cli({"bench", "CartPole-v1", "--envs", "32", "--steps", "5", "--repeats", "2", "--threads", "2"});
  CHECK(text.code == 0);
  CHECK_THAT(text.out, Contains("CartPole-v1") && Contains("env-steps/s"));
}

TEST_CASE("gym bench rejects bad sizes and unknown ids, naming them", "[cli]") {
  const auto envs = gym_cli({"bench", "CartPole-v1", "--envs", "0"});
  CHECK(envs.code != 0);
  CHECK_THAT(envs.err, Contains("--envs"));
  for (const char* flag : {"--threads", "--steps", "--repeats"}) {
    INFO(flag);
    const auto r = gym_cli({"bench", "CartPole-v1", "--envs", "8", flag, "0"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Contains(flag));
  }
  const auto id = gym_cli({"bench", "Nope-v1", "--envs", "8", "--steps", "1", "--repeats", "1"});
  CHECK(id.code != 0);
  CHECK_THAT(id.err, Contains("Nope-v1") && Contains("CartPole-v1"));
}

TEST_CASE("gym bench --device cuda runs on a device, or says why it cannot", "[cli]") {
  const auto r = gym_cli({"bench", "CartPole-v1", "--device", "cuda", "--envs", "1024", "--steps", "10", "--repeats", "1"});
  if (r.code == 0) {
    CHECK_THAT(r.out, Contains("M env-steps/s"));
  } else {
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("no CUDA device") || Contains("no CUDA layer"));
  }
  const auto bad = gym_cli({"bench", "CartPole-v1", "--device", "tpu"});
  CHECK(bad.code != 0);
  CHECK_THAT(bad.err, Contains("--device"));
}

TEST_CASE("gym rollout --actions replays grid worlds with their JSON states", "[cli][toy_text][minigrid]") {
  // FrozenLake 4x4, not slippery: right, right, down, down, down, right
  // reaches the goal (cell 15) in six steps.
  const auto r = gym_cli({"rollout", "FrozenLake-v1", "--param", "is_slippery=0", "--seed", "3", "--actions",
                          "-", "--json"},
                         "[2, 2, 1, 1, 1, 2]");
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  REQUIRE(j["states"].size() == 6);
  CHECK(j["initial_state"]["s"] == 0);
  CHECK(j["states"][0]["s"] == 1);
  CHECK(j["states"][5]["s"] == 15);
  CHECK(j["rewards"][5] == 1.0);
  CHECK(j["terminated"][5] == true);
  CHECK(j["terminated"][4] == false);

  // MiniGrid: the state is MiniGrid's dict; turning right changes agent_dir only.
  const auto m = gym_cli({"rollout", "MiniGrid-Empty-5x5-v0", "--seed", "0", "--actions", "-", "--json"}, "[1]");
  REQUIRE(m.code == 0);
  const json mj = json::parse(m.out);
  CHECK(mj["states"][0]["agent_dir"] == (mj["initial_state"]["agent_dir"].get<int>() + 1) % 4);
  CHECK(mj["states"][0]["agent_pos"] == mj["initial_state"]["agent_pos"]);
}
