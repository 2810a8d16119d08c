#include "gym/cli.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include "bench_timing.hpp"
#include "gym/commands.hpp"
#include "gym/diff.hpp"
#if GYM_HAVE_CUDA
#include "gym/gpu/device.hpp"
#include "gym/gpu/vector_env.hpp"
#include "gym/gpu/world_vector_env.hpp"
#endif
#include "gym/policies.hpp"
#include "gym/registry.hpp"

namespace gym::cli {

Options parse_params(const std::vector<std::string>& params) {
  Options options;
  for (const auto& text : params) {
    auto [name, value] = parse_option(text);
    if (!options.emplace(name, value).second) throw Error(fmt::format("option '{}' given twice", name));
  }
  return options;
}

namespace {

using nlohmann::json;

// ---- gym list ---------------------------------------------------------------

int cmd_list(bool as_json, std::ostream& out) {
  json all = json::array();
  for (const auto& id : registry().ids()) all.push_back(describe(id));
  if (as_json) {
    out << all.dump() << "\n";
    return 0;
  }
  std::size_t width = 0;
  for (const auto& d : all) width = std::max(width, d["id"].get<std::string>().size());
  for (const auto& d : all) {
    const auto env = make(d["id"].get<std::string>());
    fmt::print(out, "{:<{}}  obs {:<52} action {:<30} steps {:<5} threshold {}\n", d["id"].get<std::string>(), width,
               env->observation_space().to_string(), env->action_space().to_string(),
               d["max_episode_steps"].is_null() ? "-" : d["max_episode_steps"].dump(),
               d["reward_threshold"].is_null() ? "-" : d["reward_threshold"].dump());
  }
  return 0;
}

// ---- gym info ---------------------------------------------------------------

int cmd_info(const std::string& id, const Options& params, bool as_json, std::ostream& out) {
  json d = describe(id, params);
  const auto env = make(id, params);
  json policies = json::array();
  for (const auto& p : policies_for(*env)) policies.push_back({{"name", p.name}, {"doc", p.doc}});
  d["policies"] = policies;
  if (as_json) {
    out << d.dump(2) << "\n";
    return 0;
  }
  fmt::print(out, "{}  ({})\n", id, d["reference"].get<std::string>());
  fmt::print(out, "  observation space  {}\n", env->observation_space().to_string());
  fmt::print(out, "  action space       {}\n", env->action_space().to_string());
  fmt::print(out, "  max episode steps  {}\n", d["max_episode_steps"].is_null() ? "none" : d["max_episode_steps"].dump());
  fmt::print(out, "  reward threshold   {}\n", d["reward_threshold"].is_null() ? "none" : d["reward_threshold"].dump());
  if (d["state"].is_string())  // a structured state (grid worlds), read and written as JSON by `gym step`
    fmt::print(out, "  state              {}\n", d["state"].get<std::string>());
  else
    fmt::print(out, "  state              [{}]\n", fmt::join(d["state"].get<std::vector<std::string>>(), ", "));
  const auto modes = d["render_modes"].get<std::vector<std::string>>();
  fmt::print(out, "  render modes       {} ({} fps)\n", modes.empty() ? "none" : fmt::format("{}", fmt::join(modes, ", ")),
             d["render_fps"].dump());
  fmt::print(out, "  policies           ");
  for (const auto& p : policies) fmt::print(out, "{}{} ({})", &p == &policies[0] ? "" : ", ", p["name"].get<std::string>(), p["doc"].get<std::string>());
  fmt::print(out, "\n");
  fmt::print(out, "  params (override with --param name=value):\n");
  // Columns as wide as their entries; a long value (a map's rows) runs past
  // its column rather than widening it for every row.
  constexpr std::size_t kLongValue = 24;
  std::size_t name_w = 24, value_w = 10, unit_w = 8, range_w = 12;
  for (const auto& p : d["params"]) {
    name_w = std::max(name_w, p["name"].get<std::string>().size());
    if (const std::size_t v = p["value"].dump().size(); v <= kLongValue) value_w = std::max(value_w, v);
    unit_w = std::max(unit_w, p["unit"].get<std::string>().size());
    range_w = std::max(range_w, p["range"].get<std::string>().size());
  }
  for (const auto& p : d["params"])
    fmt::print(out, "    {:<{}} {:<{}} {:<{}} {:<{}} {}\n", p["name"].get<std::string>(), name_w, p["value"].dump(),
               value_w, p["unit"].get<std::string>(), unit_w, p["range"].get<std::string>(), range_w,
               p["doc"].get<std::string>());
  return 0;
}

// An action from JSON for an env's action space: an integer for a discrete
// space; a number or an array of numbers for a box.
Array action_from_json(const Env& env, const json& a) {
  const std::string& id = env.spec().id;
  if (dynamic_cast<const Discrete*>(&env.action_space())) {
    if (a.is_number_unsigned() && a.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
      throw Error(fmt::format("action {} is out of range for {}", a.dump(), id));
    if (a.is_number_integer()) return Array(a.get<int64_t>());
    throw Error(fmt::format("an action for {} must be an integer (action space {}), got {}", id,
                            env.action_space().to_string(), a.dump()));
  }
  std::vector<double> values;
  if (a.is_number()) {
    values.push_back(a.get<double>());
  } else if (a.is_array()) {
    for (const auto& v : a) {
      if (!v.is_number()) throw Error(fmt::format("an action for {} holds a non-number: {}", id, v.dump()));
      values.push_back(v.get<double>());
    }
  } else {
    throw Error(fmt::format("an action for {} must be a number or an array of numbers (action space {}), got {}",
                            id, env.action_space().to_string(), a.dump()));
  }
  return Array::from<double>(values);
}

// ---- gym rollout ------------------------------------------------------------

// Replays a given action sequence from reset(seed), resetting without a seed
// after each episode, and reports every step (states[t] is the state after
// step t, before any reset).
int cmd_replay(const std::string& id, const Options& params, uint64_t seed, const std::string& path, bool as_json,
               std::istream& in, std::ostream& out) {
  json actions;
  try {
    if (path == "-") {
      actions = json::parse(in);
    } else {
      std::ifstream file(path);
      if (!file) throw Error(fmt::format("cannot open the actions file '{}'", path));
      actions = json::parse(file);
    }
  } catch (const json::exception& e) {
    throw Error(fmt::format("the actions file '{}' is not valid JSON: {}", path, e.what()));
  }
  if (!actions.is_array()) throw Error(fmt::format("the actions file '{}' must hold a JSON array of actions", path));
  const auto env = make(id, params);
  env->reset(seed);
  // Model envs have a vector state; grid worlds a structured one, in JSON.
  bool structured = false;
  json initial_state;
  try {
    initial_state = env->state();
  } catch (const Error&) {
    initial_state = env->state_json();
    structured = true;
  }
  json result{{"initial_state", std::move(initial_state)}};
  json states = json::array(), observations = json::array(), rewards = json::array(), terminated = json::array(),
       truncated = json::array();
  for (std::size_t t = 0; t < actions.size(); ++t) {
    Array action;
    try {
      action = action_from_json(*env, actions[t]);
    } catch (const Error& e) {
      throw Error(fmt::format("action {}: {}", t, e.what()));
    }
    const StepResult r = env->step(action);
    json state;
    if (structured) {
      state = env->state_json();
    } else {
      const std::vector<double> values = env->state();
      for (double v : values)
        if (!std::isfinite(v)) throw Error(fmt::format("step {}: the state is not finite", t));
      state = values;
    }
    const std::vector<double> obs = r.obs.to_doubles();
    if (as_json) {
      states.push_back(state);
      observations.push_back(obs);
      rewards.push_back(r.reward);
      terminated.push_back(r.terminated);
      truncated.push_back(r.truncated);
    } else {
      fmt::print(out, "{:>5}  reward {:>10.4f}  {}  state {}\n", t, r.reward,
                 r.terminated ? "terminated" : r.truncated ? "truncated " : "          ", state.dump());
    }
    if (r.terminated || r.truncated) env->reset();
  }
  if (as_json) {
    result["states"] = std::move(states);
    result["observations"] = std::move(observations);
    result["rewards"] = std::move(rewards);
    result["terminated"] = std::move(terminated);
    result["truncated"] = std::move(truncated);
    out << result.dump() << "\n";
  }
  return 0;
}


int cmd_rollout(const std::string& id, const Options& params, int episodes, uint64_t seed, const std::string& policy,
                bool as_json, std::ostream& out) {
  if (episodes < 1) throw Error(fmt::format("--episodes must be >= 1, got {}", episodes));
  const auto env = make(id, params);
  const PolicyFn act = make_policy(policy, *env, seed);
  std::vector<double> returns;
  std::vector<int64_t> lengths;
  for (int e = 0; e < episodes; ++e) {
    Array obs = env->reset(e == 0 ? std::optional<uint64_t>(seed) : std::nullopt).obs;
    double ret = 0;
    int64_t len = 0;
    for (bool done = false; !done;) {
      StepResult r = env->step(act(obs));
      obs = std::move(r.obs);
      ret += r.reward;
      ++len;
      done = r.terminated || r.truncated;
    }
    returns.push_back(ret);
    lengths.push_back(len);
    if (as_json) out << json{{"episode", e}, {"return", ret}, {"length", len}}.dump() << "\n";
    else fmt::print(out, "episode {:>4}  return {:>9.2f}  length {:>5}\n", e, ret, len);
  }
  const double mean = std::accumulate(returns.begin(), returns.end(), 0.0) / episodes;
  double var = 0;
  for (double r : returns) var += (r - mean) * (r - mean);
  const double stddev = std::sqrt(var / episodes);
  const double mean_len = double(std::accumulate(lengths.begin(), lengths.end(), int64_t{0})) / episodes;
  const auto [mn, mx] = std::minmax_element(returns.begin(), returns.end());
  if (as_json)
    out << json{{"summary", {{"episodes", episodes}, {"mean_return", mean}, {"std_return", stddev},
                             {"min_return", *mn}, {"max_return", *mx}, {"mean_length", mean_len}}}}
               .dump()
        << "\n";
  else
    fmt::print(out, "{} episodes of {} ({} policy, seed {}): return {:.2f} +- {:.2f} (min {:.2f}, max {:.2f}), "
               "mean length {:.1f}\n",
               episodes, id, policy, seed, mean, stddev, *mn, *mx, mean_len);
  return 0;
}

// ---- gym step ---------------------------------------------------------------

// A query line of `gym step` / `gym grad`: {"state": [...], "action": a}.
struct Query {
  std::vector<double> state;
  Array action;
};

Query parse_query(const Env& env, const std::string& line) {
  json q;
  try {
    q = json::parse(line);
  } catch (const json::exception& e) {
    throw Error(fmt::format("malformed JSON: {}", e.what()));
  }
  if (!q.is_object()) throw Error("expected a JSON object {\"state\": [...], \"action\": ...}");
  if (!q.contains("state") || !q["state"].is_array()) throw Error("missing \"state\": an array of numbers");
  if (!q.contains("action")) throw Error("missing \"action\"");
  Query out;
  for (const auto& v : q["state"]) {
    if (!v.is_number()) throw Error(fmt::format("\"state\" holds a non-number: {}", v.dump()));
    out.state.push_back(v.get<double>());
  }
  try {
    out.action = action_from_json(env, q["action"]);
  } catch (const Error& e) {
    throw Error(fmt::format("\"action\": {}", e.what()));
  }
  return out;
}

// JSON has no infinity or NaN: say so rather than print null.
void check_finite(std::span<const double> values, const char* what) {
  for (double v : values)
    if (!std::isfinite(v)) throw Error(fmt::format("{} is not finite (the dynamics overflowed from this state)", what));
}

// A query whose state is a JSON object: a grid world's state in its own
// terms (MiniGrid's for MiniGrid envs), answered by Env::transition_json.
std::optional<json> answer_structured_query(const Env& env, const std::string& line) {
  json q = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!q.is_object() || !q.contains("state") || !q["state"].is_object()) return std::nullopt;
  if (!q.contains("action")) throw Error("missing \"action\"");
  Array action;
  try {
    action = action_from_json(env, q["action"]);
  } catch (const Error& e) {
    throw Error(fmt::format("\"action\": {}", e.what()));
  }
  return env.transition_json(q["state"], action);
}

json answer_step_query(const Env& env, const std::string& line) {
  if (auto structured = answer_structured_query(env, line)) return *structured;
  const Query q = parse_query(env, line);
  const Transition t = env.transition(q.state, q.action);
  check_finite(t.next_state, "the next state");
  const auto obs = t.obs.to_doubles();
  check_finite(obs, "the observation (beyond float32 range)");
  return {{"next_state", t.next_state}, {"obs", obs}, {"reward", t.reward}, {"terminated", t.terminated}};
}

json answer_grad_query(const Env& env, const std::string& line, const std::vector<std::string>& wrt_params) {
  const Query q = parse_query(env, line);
  const diff::StepJacobian j = env.jacobian(q.state, q.action, wrt_params);
  check_finite(j.next_state, "the next state");
  for (const auto* m : {&j.d_next_state_d_state, &j.d_next_state_d_action, &j.d_obs_d_state, &j.d_obs_d_action})
    check_finite(m->data, "a Jacobian entry");
  check_finite(j.d_reward_d_state, "a reward derivative");
  check_finite(j.d_reward_d_action, "a reward derivative");
  json out{{"next_state", j.next_state},
          {"obs", j.obs},
          {"reward", j.reward},
          {"terminated", j.terminated},
          {"d_next_state_d_state", j.d_next_state_d_state.nested()},
          {"d_next_state_d_action", j.d_next_state_d_action.nested()},
          {"d_obs_d_state", j.d_obs_d_state.nested()},
          {"d_obs_d_action", j.d_obs_d_action.nested()},
          {"d_reward_d_state", j.d_reward_d_state},
          {"d_reward_d_action", j.d_reward_d_action}};
  if (!wrt_params.empty()) {
    check_finite(j.d_next_state_d_params.data, "a Jacobian entry");
    out["param_names"] = j.param_names;
    out["d_next_state_d_params"] = j.d_next_state_d_params.nested();
    out["d_obs_d_params"] = j.d_obs_d_params.nested();
    out["d_reward_d_params"] = j.d_reward_d_params;
  }
  return out;
}

// Answers each JSON line of `in`; a bad line gets {"error": "line N: ..."}
// and the rest go on. Exit code 1 if any line failed.
template <class Answer>
int answer_lines(const std::string& id, const Options& params, std::istream& in, std::ostream& out, Answer answer) {
  const auto env = make(id, params);
  int failures = 0, line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      out << answer(env->unwrapped(), line).dump() << "\n";
    } catch (const std::exception& e) {
      out << json{{"error", fmt::format("line {}: {}", line_no, e.what())}}.dump() << "\n";
      ++failures;
    }
  }
  out.flush();
  return failures == 0 ? 0 : 1;
}

// ---- gym bench --------------------------------------------------------------

// `gym bench --device cuda`: gym::gpu::VectorEnv under the device-side random
// policy, one kernel launch per step.
int cmd_bench_cuda(const std::string& id, const Options& params, int envs, int steps, int repeats, int fused,
                   bool as_json, std::ostream& out) {
  if (fused < 0) throw Error(fmt::format("--fused must be >= 0, got {}", fused));
#if GYM_HAVE_CUDA
  // The timed loop: `count` vector steps of the env, from a warm device.
  std::function<void(int)> run;
  std::function<void()> synchronize, check_errors;
  std::unique_ptr<gpu::WorldVectorEnv> world;
  std::unique_ptr<gpu::VectorEnv> classic;
  if (gpu::is_world_env(id, params)) {
    // Grid worlds and toy text: gym::gpu::WorldVectorEnv, one launch per step (observations written).
    if (fused > 0) throw Error(fmt::format("{}: --fused is for the classic envs; grid worlds step one launch per step", id));
    world = gpu::make_world_vec(id, envs, {}, params);
    world->reset(0);
    run = [&](int count) {
      for (int s = 0; s < count; ++s) world->step_random(0);
    };
    synchronize = [&] { world->synchronize(); };
    check_errors = [&] { world->check_errors(); };
  } else {
    classic = gpu::make_vec(id, envs, {}, params);
    classic->reset(0);
    run = [&](int count) {
      if (fused > 0) {
        // K steps per launch under the device-side random policy; only the
        // episode returns leave the kernel.
        for (int s = 0; s < count; s += fused)
          classic->rollout(std::min(fused, count - s), {gpu::DevicePolicy::Kind::kRandom, 0});
      } else {
        for (int s = 0; s < count; ++s) classic->step_random(0);
      }
    };
    synchronize = [&] { classic->synchronize(); };
    check_errors = [&] { classic->check_errors(); };
  }
  auto timed = [&](int count) {
    synchronize();
    const auto t0 = std::chrono::steady_clock::now();
    run(count);
    synchronize();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  timed(std::max(1, steps / 10));
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) rates.push_back(double(envs) * steps / timed(steps));
  check_errors();
  const double median = bench::median(rates);
  if (as_json)
    out << json{{"env", id},         {"envs", envs},       {"device", gpu::device_name()},
                {"steps", steps},    {"fused", fused},     {"repeats", repeats},
                {"env_steps_per_s", median}}
               .dump()
        << "\n";
  else
    fmt::print(out, "{}: {} envs x {} steps on {}: {:.1f} M env-steps/s (median of {}; {})\n", id, envs, steps,
               gpu::device_name(), median / 1e6, repeats,
               fused > 0 ? fmt::format("{} steps per launch", fused) : std::string("one launch per step"));
  return 0;
#else
  (void)params, (void)envs, (void)steps, (void)repeats, (void)as_json, (void)out;
  throw Error(fmt::format("gym bench {} --device cuda: this build has no CUDA layer (nvcc was not found when it was "
                          "configured)",
                          id));
#endif
}

int cmd_bench(const std::string& id, const Options& params, int envs, int threads, int steps, int repeats,
              bool in_env_actions, bool as_json, std::ostream& out) {
  if (envs < 1) throw Error(fmt::format("--envs must be >= 1, got {}", envs));
  if (threads < 1) throw Error(fmt::format("--threads must be >= 1, got {}", threads));
  if (steps < 1) throw Error(fmt::format("--steps must be >= 1, got {}", steps));
  if (repeats < 1) throw Error(fmt::format("--repeats must be >= 1, got {}", repeats));
  const auto venv = make_vec(id, envs, VectorConfig{threads, AutoresetMode::kNextStep}, params);
  const auto* discrete = dynamic_cast<const Discrete*>(&venv->single_action_space());
  const auto* box = dynamic_cast<const Box*>(&venv->single_action_space());
  if (!discrete && !box) throw Error(fmt::format("gym bench: {} has neither a discrete nor a box action space", id));
  venv->reset(0);
  Rng rng = Rng::for_env(0, 0, 0, RngPurpose::kActions);
  std::vector<int32_t> int_actions(discrete ? std::size_t(envs) : 0, 0);
  std::vector<float> float_actions(box ? std::size_t(envs) * venv->action_dim() : 0, 0.0f);
  auto run_steps = [&](int count) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int s = 0; s < count; ++s) {
      if (in_env_actions) {
        venv->step_random(0);
      } else if (discrete) {
        sample_discrete_batch(*discrete, rng, int_actions);
        venv->step(std::span<const int32_t>(int_actions));
      } else {
        sample_box_batch(*box, rng, float_actions);
        venv->step(std::span<const float>(float_actions));
      }
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  run_steps(std::max(1, steps / 10));  // warm-up: caches, page faults, thread spin-up
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) rates.push_back(double(envs) * steps / run_steps(steps));
  const double median = bench::median(rates);
  const auto [slowest, fastest] = std::minmax_element(rates.begin(), rates.end());
  if (as_json) {
    out << json{{"env", id},       {"envs", envs},         {"threads", threads},
                {"steps", steps},  {"repeats", repeats},   {"actions", in_env_actions ? "in_env" : "caller"},
                {"env_steps_per_s", median}, {"runs", rates}}
               .dump()
        << "\n";
  } else {
    fmt::print(out,
               "{}: {} envs x {} steps on {} thread{}{}: {:.1f} M env-steps/s (median of {}; min {:.1f}, max {:.1f})\n",
               id, envs, steps, threads, threads == 1 ? "" : "s", in_env_actions ? ", actions drawn in the env" : "",
               median / 1e6, repeats, *slowest / 1e6, *fastest / 1e6);
  }
  return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"gym: inspect, run, check and benchmark gym++ environments"};
  app.require_subcommand(1);

  std::string id;
  std::vector<std::string> params;
  bool as_json = false;
  auto add_env = [&](CLI::App* cmd) {
    cmd->add_option("id", id, "environment id, e.g. CartPole-v1 (see gym list)")->required();
    cmd->add_option("--param", params, "override a parameter: name=value (repeatable)");
  };

  auto* list = app.add_subcommand("list", "registered environments and their spaces");
  list->add_flag("--json", as_json, "print JSON");

  auto* info = app.add_subcommand("info", "spaces, parameters with defaults and units, thresholds");
  add_env(info);
  info->add_flag("--json", as_json, "print JSON");

  int episodes = 10;
  uint64_t seed = 0;
  std::string policy = "random";
  auto* rollout = app.add_subcommand("rollout", "run episodes and print their returns and lengths");
  add_env(rollout);
  auto* episodes_opt = rollout->add_option("--episodes", episodes, "number of episodes")->capture_default_str();
  rollout->add_option("--seed", seed, "seed of the first reset and of the policy")->capture_default_str();
  auto* policy_opt = rollout->add_option("--policy", policy, "policy: random, noop or controller (see gym info)")->capture_default_str();
  rollout->add_flag("--json", as_json, "print JSON (Lines, without --actions)");
  std::string actions_path;
  auto* actions_opt = rollout->add_option(
      "--actions", actions_path,
      "replay this JSON array of actions from reset(seed) instead of running a policy ('-' reads stdin); "
      "prints {initial_state, states, observations, rewards, terminated, truncated}");
  actions_opt->excludes(episodes_opt)->excludes(policy_opt);

  auto* step = app.add_subcommand(
      "step", "read JSON Lines {\"state\": [...], \"action\": a} on stdin, answer each with the transition");
  add_env(step);
  auto* grad = app.add_subcommand("grad",
                                  "like step, with the exact Jacobians of next state, observation and reward "
                                  "with respect to state and action (float64, row-major nested arrays)");
  add_env(grad);
  std::vector<std::string> wrt_params;
  grad->add_option("--wrt", wrt_params,
                   "also differentiate with respect to these parameters (comma-separated, e.g. gravity,masspole); "
                   "adds param_names, d_next_state_d_params, d_obs_d_params, d_reward_d_params")
      ->delimiter(',');

  int envs = 4096, threads = 1, steps = 1000, repeats = 5;
  auto* bench = app.add_subcommand("bench", "env-steps per second of the vector env (random actions, autoreset)");
  add_env(bench);
  bench->add_option("--envs", envs, "number of environments")->capture_default_str();
  bench->add_option("--threads", threads, "worker threads")->capture_default_str();
  bench->add_option("--steps", steps, "vector steps per timed run")->capture_default_str();
  bench->add_option("--repeats", repeats, "timed runs; the median is reported")->capture_default_str();
  bench->add_flag("--json", as_json, "print one JSON object");
  bool in_env_actions = false;
  bench->add_flag("--in-env-actions", in_env_actions,
                  "draw the random actions inside the vector env, on its worker threads (VectorEnv::step_random), "
                  "instead of in the timing loop");
  std::string device = "cpu";
  bench->add_option("--device", device, "cpu (the vector env on threads) or cuda (gym::gpu::VectorEnv)")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  int fused = 0;
  bench->add_option("--fused", fused, "with --device cuda: K steps per kernel launch (fused rollouts; 0: one per step)")
      ->capture_default_str();

  const Command render_cmd = add_render_command(app);
  const Command play_cmd = add_play_command(app);
  const Command transitions_cmd = add_transitions_command(app);

  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(int(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err);
  }

  try {
    const Options options = parse_params(params);
    if (*list) return cmd_list(as_json, out);
    if (*info) return cmd_info(id, options, as_json, out);
    if (*rollout && actions_opt->count() > 0) return cmd_replay(id, options, seed, actions_path, as_json, in, out);
    if (*rollout) return cmd_rollout(id, options, episodes, seed, policy, as_json, out);
    if (*step) return answer_lines(id, options, in, out, answer_step_query);
    if (*grad)
      return answer_lines(id, options, in, out,
                          [&](const Env& env, const std::string& line) { return answer_grad_query(env, line, wrt_params); });
    if (*bench && device == "cuda" && !in_env_actions) return cmd_bench_cuda(id, options, envs, steps, repeats, fused, as_json, out);
    if (*bench && fused != 0) throw Error("--fused needs --device cuda");
    if (*bench && in_env_actions && device == "cuda")
      throw Error("--in-env-actions is for --device cpu (the device bench draws its actions on the device already)");
    if (*bench) return cmd_bench(id, options, envs, threads, steps, repeats, in_env_actions, as_json, out);
    for (const Command* c : {&render_cmd, &play_cmd, &transitions_cmd})
      if (*c->app) return c->run(out, err);
  } catch (const std::exception& e) {
    fmt::print(err, "gym: error: {}\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace gym::cli
