#!/usr/bin/env python3
"""Generate reference data from Gymnasium's toy-text envs (FrozenLake,
CliffWalking, Taxi) for tests/test_toy_text.cpp.

Usage:  python3 scripts/gen_toy_text_reference.py

Same pinned virtualenv and bootstrap as the other generators (scripts/refenv.py).
Output: one JSON file per env variant in tests/fixtures/toy_text/, each

  {"meta": {generator, gymnasium, numpy, python},
   "id": "FrozenLake-v1", "options": {Gymnasium kwargs, e.g. "is_slippery": false},
   "spec": {"max_episode_steps", "reward_threshold", "n_states", "n_actions",
            "render_modes", "render_fps"},
   "table": compact env.unwrapped.P and initial_state_distrib (below), or null
            where gym++ has no exact table (Taxi's fickle passenger),
   "runs": [run, ...]}

A table is stored column by column, each column as `coded` values: a list of
distinct values plus one character per entry ("0-9a-zA-Z" indexes the list),
or, with more than 62 distinct values, the plain list {"values": [...]}.
  "n_states", "n_actions",
  "initial": coded initial_state_distrib,
  "counts":  coded number of outcomes of each (s, a), in the order s * n_actions + a,
  "kinds":   coded [prob, reward, terminated] of each outcome, in P[s][a]'s order,
  "deltas":  coded next_state - s of each outcome.
Floats are written with Python's repr, so they read back as the exact doubles.

A run is one gym.make(id, **options) env driven by a fixed action sequence:
a list of events, ["reset", seed or null, obs, info] and
["step", action, obs, reward, terminated, truncated, info]; after an episode
ends the run resets without a seed (the generator continues). Runs with
"ansi": true were made with render_mode="ansi" and append env.render()'s text
to every event. Actions come from fixed-seed numpy generators and from
greedy policies computed on the table (one reaching the goal, one avoiding
every terminal transition so that time limits truncate), so the output is
deterministic (byte-identical on re-runs).
"""

import json
import sys
import warnings

import refenv

OUT_DIR = refenv.FIXTURES_DIR / "toy_text"
CODE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

CUSTOM_DESC = ["SFFHF", "FHSFG", "FFFFH"]
CUSTOM_DESC_2 = ["SFHG", "FFFF"]

# (file, id, Gymnasium kwargs, has an exact table in gym++)
VARIANTS = [
    ("frozen_lake_4x4.json", "FrozenLake-v1", {}, True),
    ("frozen_lake_4x4_not_slippery.json", "FrozenLake-v1", {"is_slippery": False}, True),
    ("frozen_lake_8x8.json", "FrozenLake8x8-v1", {}, True),
    ("frozen_lake_custom.json", "FrozenLake-v1", {"desc": CUSTOM_DESC}, True),
    ("frozen_lake_custom_rates.json", "FrozenLake-v1",
     {"desc": CUSTOM_DESC_2, "success_rate": 0.6, "reward_schedule": [5, -2, -1]}, True),
    ("cliff_walking.json", "CliffWalking-v1", {}, True),
    ("cliff_walking_slippery.json", "CliffWalkingSlippery-v1", {}, True),
    ("taxi.json", "Taxi-v4", {}, True),
    ("taxi_rainy.json", "Taxi-v4", {"is_rainy": True}, True),
    ("taxi_fickle.json", "Taxi-v4", {"fickle_passenger": True, "is_rainy": True}, False),
]

ANSI_STEPS = 25    # a short run rendered in ansi mode, seed 0
RANDOM_STEPS = 100  # uniform random actions, seed 42
GOAL_STEPS = 100    # the goal-seeking policy, seed 3


def coded(values):
    distinct = []
    index = {}
    for v in values:
        key = json.dumps(v)
        if key not in index:
            index[key] = len(distinct)
            distinct.append(v)
    if len(distinct) > len(CODE_CHARS):
        return {"values": list(values)}
    return {"values": distinct, "codes": "".join(CODE_CHARS[index[json.dumps(v)]] for v in values)}


def main() -> None:
    import gymnasium as gym
    import numpy as np

    def plain(x):
        """numpy scalars/arrays -> JSON-able Python values, ints staying ints."""
        if isinstance(x, dict):
            return {k: plain(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [plain(v) for v in x]
        if isinstance(x, np.ndarray):
            return plain(x.tolist())
        if isinstance(x, (bool, np.bool_)):
            return bool(x)
        if isinstance(x, (int, np.integer)):
            return int(x)
        if isinstance(x, (float, np.floating)):
            return float(x)
        return x

    def table(env):
        u = env.unwrapped
        n_states, n_actions = u.observation_space.n, u.action_space.n
        counts, kinds, deltas = [], [], []
        for s in range(n_states):
            for a in range(n_actions):
                outcomes = u.P[s][a]
                counts.append(len(outcomes))
                for prob, nxt, reward, term in outcomes:
                    kinds.append(plain([prob, reward, bool(term)]))
                    deltas.append(int(nxt) - s)
        return {
            "n_states": int(n_states), "n_actions": int(n_actions),
            "initial": coded([float(p) for p in u.initial_state_distrib]),
            "counts": coded(counts), "kinds": coded(kinds), "deltas": coded(deltas),
        }

    def greedy(env, goal):
        """A deterministic policy from 300 sweeps of value iteration on P:
        goal=True maximises the discounted return, goal=False the chance
        of never taking a terminating transition."""
        u = env.unwrapped
        n_states, n_actions = u.observation_space.n, u.action_space.n
        v = np.zeros(n_states) if goal else np.ones(n_states)
        for _ in range(300):
            q = np.zeros((n_states, n_actions))
            for s in range(n_states):
                for a in range(n_actions):
                    for prob, nxt, reward, term in u.P[s][a]:
                        if goal:
                            q[s, a] += prob * (reward + (0.0 if term else 0.95 * v[nxt]))
                        else:
                            q[s, a] += prob * (0.0 if term else v[nxt])
            v = q.max(axis=1)
        return [int(a) for a in q.argmax(axis=1)]

    def run(env_id, options, seed, steps, actions, ansi=False):
        """actions(obs, t) -> action; `steps` steps, resetting after each end."""
        env = gym.make(env_id, render_mode="ansi" if ansi else None, **options)
        events = []

        def add(event):
            if ansi:
                event.append(env.render())
            events.append(event)

        obs, info = env.reset(seed=seed)
        add(["reset", seed, int(obs), plain(info)])
        for t in range(steps):
            a = actions(obs, t)
            obs, reward, term, trunc, info = env.step(a)
            add(["step", a, int(obs), plain(reward), bool(term), bool(trunc), plain(info)])
            if term or trunc:
                obs, info = env.reset()
                add(["reset", None, int(obs), plain(info)])
        env.close()
        return {"seed": seed, "ansi": ansi, "events": events}

    def spec(env_id, options):
        env = gym.make(env_id, **options)
        out = {
            "max_episode_steps": env.spec.max_episode_steps,
            "reward_threshold": env.spec.reward_threshold,
            "n_states": int(env.observation_space.n),
            "n_actions": int(env.action_space.n),
            "render_modes": list(env.metadata["render_modes"]),
            "render_fps": env.metadata["render_fps"],
        }
        return out, env

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, env_id, options, has_table in VARIANTS:
            sp, env = spec(env_id, options)
            n_actions = sp["n_actions"]
            runs = []
            for seed, steps, ansi in [(0, ANSI_STEPS, True), (42, RANDOM_STEPS, False)]:
                rng = np.random.default_rng(1000 + seed)
                acts = [int(a) for a in rng.integers(0, n_actions, size=steps)]
                runs.append(run(env_id, options, seed, steps, lambda obs, t, acts=acts: acts[t], ansi))
            to_goal = greedy(env, goal=True)
            runs.append(run(env_id, options, 3, GOAL_STEPS, lambda obs, t: to_goal[obs]))
            # Long enough to reach the time limit (CliffWalking has none).
            survive = greedy(env, goal=False)
            limit = sp["max_episode_steps"]
            runs.append(run(env_id, options, 5, limit + 10 if limit else 50, lambda obs, t: survive[obs]))
            env.close()
            record = {
                "meta": refenv.meta(__file__),
                "id": env_id,
                "options": options,
                "spec": sp,
                "table": table(env) if has_table else None,
                "runs": runs,
            }
            text = json.dumps(record, allow_nan=False, separators=(",", ":")) + "\n"
            path = OUT_DIR / name
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(refenv.REPO_ROOT)}: {len(text.encode())} bytes",
                  file=sys.stderr)


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
