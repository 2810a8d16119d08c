#!/usr/bin/env python3
"""Generate reference data from the real Gymnasium for gym++'s tests.

Usage:  python3 scripts/gen_reference.py

The C++ port is checked against the actual Python implementation rather than
against numbers typed in by hand, so this script drives Gymnasium itself and
records what it does. It bootstraps the shared virtualenv (scripts/.venv-ref,
see scripts/refenv.py) with pinned versions and re-executes inside it, so the
output depends only on the pins in refenv.py (and the platform's libm), not on
whatever happens to be installed on the machine that runs it.

Output: tests/fixtures/cartpole.jsonl (see tests/fixtures/README.md).
"""

import json
import sys
import warnings

import refenv

OUT_PATH = refenv.FIXTURES_DIR / "cartpole.jsonl"
REPO_ROOT = refenv.REPO_ROOT


# --------------------------------------------------------------------------
# Generation (only runs inside the venv).
# --------------------------------------------------------------------------

# Wide ranges for "random state" cases: deliberately well outside the reset
# distribution so that many transitions cross the termination thresholds.
WIDE_LOW = [-3.0, -5.0, -0.5, -5.0]
WIDE_HIGH = [3.0, 5.0, 0.5, 5.0]

# Option names in gym++ -> how they are applied to Gymnasium. Everything but
# sutton_barto_reward is a plain attribute of CartPoleEnv with the same name;
# sutton_barto_reward only exists as a constructor kwarg.
PARAM_VARIANTS = [
    {"gravity": 12.0},
    {"masscart": 2.0, "masspole": 0.3},
    {"length": 0.8, "force_mag": 15.0},
    {"tau": 0.01},
    {"x_threshold": 1.0, "theta_threshold_radians": 0.1},
    {"sutton_barto_reward": True},
]
CTOR_KWARGS = {"sutton_barto_reward"}


def main() -> None:
    import gymnasium as gym
    import numpy as np

    def make_env(env_id: str, params: dict):
        kwargs = {k: v for k, v in params.items() if k in CTOR_KWARGS}
        env = gym.make(env_id, **kwargs)
        u = env.unwrapped
        for name, value in params.items():
            if name in CTOR_KWARGS:
                continue
            if not hasattr(u, name):
                raise AttributeError(f"CartPoleEnv has no attribute {name!r}")
            setattr(u, name, value)
        # CartPoleEnv.__init__ caches these from the masses/length; step()
        # reads the cached values, so overriding the inputs alone would give
        # dynamics no real construction could produce. Same expressions (and
        # operand order) as Gymnasium's __init__.
        u.total_mass = u.masspole + u.masscart
        u.polemass_length = u.masspole * u.length
        return env

    def transition(env, env_id: str, params: dict, state, action: int) -> dict:
        u = env.unwrapped
        state = np.array(state, dtype=np.float64)
        u.state = state.copy()
        # None means "not yet terminated": every record is a first step from a
        # live state, so a terminating step gets the terminal reward rather
        # than the "stepped past termination" one.
        u.steps_beyond_terminated = None
        # Step the unwrapped env so TimeLimit/OrderEnforcing/checkers cannot
        # alter the result or complain about the state we injected.
        obs, reward, terminated, truncated, _ = u.step(int(action))
        assert truncated is False
        return {
            "env": env_id,
            "params": params,
            "state": state.tolist(),
            "action": int(action),
            "next_state": np.asarray(u.state, dtype=np.float64).tolist(),
            "obs": np.asarray(obs, dtype=np.float32).tolist(),
            "reward": float(reward),
            "terminated": bool(terminated),
        }

    def trajectory(env, env_id, params, seed, max_steps=None):
        """Seeded reset, then random actions until termination (inclusive)."""
        env.reset(seed=seed)
        # Actions come from our own generator, not the env's, so they do not
        # depend on how Gymnasium consumes its np_random.
        rng = np.random.default_rng(seed)
        state = np.array(env.unwrapped.state, dtype=np.float64)
        limit = max_steps or env.spec.max_episode_steps
        out = []
        for _ in range(limit):
            rec = transition(env, env_id, params, state, int(rng.integers(0, 2)))
            out.append(rec)
            if rec["terminated"]:
                break
            state = rec["next_state"]
        return out

    def random_states(env, env_id, params, seed, count):
        rng = np.random.default_rng(seed)
        out = []
        for _ in range(count):
            state = rng.uniform(WIDE_LOW, WIDE_HIGH)
            out.append(transition(env, env_id, params, state, int(rng.integers(0, 2))))
        return out

    bound = refenv.json_bound

    lines = []
    lines.append({"meta": refenv.meta(__file__)})

    for env_id in ("CartPole-v0", "CartPole-v1"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # v0, as below
            env = gym.make(env_id)
        obs_space, act_space = env.observation_space, env.action_space
        lines.append({
            "spec": {
                "id": env.spec.id,
                "max_episode_steps": env.spec.max_episode_steps,
                "reward_threshold": env.spec.reward_threshold,
                "observation_space": {
                    "low": [bound(v) for v in obs_space.low.tolist()],
                    "high": [bound(v) for v in obs_space.high.tolist()],
                    "shape": list(obs_space.shape),
                    "dtype": str(obs_space.dtype),
                },
                "action_space": {"n": int(act_space.n), "start": int(act_space.start)},
            },
            "observation_space_repr": repr(obs_space),
            "action_space_repr": repr(act_space),
        })
        env.close()

    counts = {}

    # a. Trajectories from the standard reset distribution, default params.
    env = make_env("CartPole-v1", {})
    recs = []
    for seed in range(20):
        recs += trajectory(env, "CartPole-v1", {}, seed)
    counts["a_trajectories"] = len(recs)
    lines += recs

    # b. Wide random states, default params: exercises termination on every
    #    bound and large-angle/velocity dynamics that trajectories never reach.
    recs = random_states(env, "CartPole-v1", {}, seed=1000, count=150)
    counts["b_random_states"] = len(recs)
    lines += recs
    env.close()

    # c. Parameter variants: short seeded trajectories (cut at 15 steps so a
    #    long-lived one does not eat the budget) until 30 records, then 10
    #    wide random states so terminal steps are well represented.
    for i, params in enumerate(PARAM_VARIANTS):
        env = make_env("CartPole-v1", params)
        recs = []
        seed = 2000 + 100 * i
        while len(recs) < 30:
            recs += trajectory(env, "CartPole-v1", params, seed, max_steps=15)
            seed += 1
        recs = recs[:30]
        recs += random_states(env, "CartPole-v1", params, seed=3000 + i, count=10)
        counts[f"c_{json.dumps(params, sort_keys=True)}"] = len(recs)
        lines += recs
        env.close()

    # d. CartPole-v0: same class, different registration; a handful is enough
    #    to pin that the id maps to the same dynamics.
    with warnings.catch_warnings():
        # v0 is deprecated upstream; that is expected and not worth a warning.
        warnings.simplefilter("ignore", DeprecationWarning)
        env = make_env("CartPole-v0", {})
    recs = trajectory(env, "CartPole-v0", {}, seed=4000)
    recs += random_states(env, "CartPole-v0", {}, seed=4001, count=10)
    counts["d_v0"] = len(recs)
    lines += recs
    env.close()

    OUT_PATH.parent.mkdir(parents=True, exist_ok=True)
    # json.dumps writes floats with repr(), which round-trips exactly;
    # allow_nan=False makes any non-finite value a hard error instead of
    # silently emitting invalid JSON. Compact separators keep the fixture small.
    text = "".join(
        json.dumps(obj, allow_nan=False, separators=(",", ":")) + "\n" for obj in lines
    )
    OUT_PATH.write_text(text, encoding="utf-8", newline="\n")

    for name, n in counts.items():
        print(f"{n:5d}  {name}", file=sys.stderr)
    print(f"wrote {OUT_PATH.relative_to(REPO_ROOT)}: {len(lines)} lines, "
          f"{len(text.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
