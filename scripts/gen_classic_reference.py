#!/usr/bin/env python3
"""Generate reference data from the real Gymnasium classic-control envs.

Usage:  python3 scripts/gen_classic_reference.py

Companion to scripts/gen_reference.py (CartPole transitions): same idea, same
pinned virtualenv and bootstrap (scripts/refenv.py: create/repair
scripts/.venv-ref, then re-execute this script inside it).

Output (see tests/fixtures/README.md), one JSON Lines file per env:
  tests/fixtures/mountain_car.jsonl             MountainCar-v0
  tests/fixtures/mountain_car_continuous.jsonl  MountainCarContinuous-v0
  tests/fixtures/pendulum.jsonl                 Pendulum-v1
  tests/fixtures/acrobot.jsonl                  Acrobot-v1
  tests/fixtures/cartpole_seeding.jsonl         CartPole-v1 (resets and
                                                trajectories only)

Every state and action below comes from a fixed-seed numpy Generator or a
fixed list, so the output is deterministic (byte-identical on re-runs).
"""

import json
import math
import sys
import warnings

import refenv

REPO_ROOT = refenv.REPO_ROOT
FIXTURES = refenv.FIXTURES_DIR


# --------------------------------------------------------------------------
# Generation (only runs inside the venv).
# --------------------------------------------------------------------------

PI = math.pi

# Our option names -> Gymnasium attribute names (None: constructor kwarg).
ATTRS = {
    "MountainCar-v0": {
        "min_position": "min_position", "max_position": "max_position",
        "max_speed": "max_speed", "goal_position": "goal_position",
        "goal_velocity": None, "force": "force", "gravity": "gravity",
    },
    "MountainCarContinuous-v0": {
        "min_action": "min_action", "max_action": "max_action",
        "min_position": "min_position", "max_position": "max_position",
        "max_speed": "max_speed", "goal_position": "goal_position",
        "goal_velocity": None, "power": "power",
    },
    "Pendulum-v1": {
        "max_speed": "max_speed", "max_torque": "max_torque", "dt": "dt",
        "g": None, "m": "m", "l": "l",
    },
    "Acrobot-v1": {
        "dt": "dt", "link_length_1": "LINK_LENGTH_1",
        "link_mass_1": "LINK_MASS_1", "link_mass_2": "LINK_MASS_2",
        "link_com_pos_1": "LINK_COM_POS_1", "link_com_pos_2": "LINK_COM_POS_2",
        "link_moi": "LINK_MOI", "max_vel_1": "MAX_VEL_1", "max_vel_2": "MAX_VEL_2",
    },
    "CartPole-v1": {},
}

DEFAULTS = {
    "MountainCar-v0": dict(min_position=-1.2, max_position=0.6, max_speed=0.07,
                           goal_position=0.5, goal_velocity=0.0, force=0.001,
                           gravity=0.0025),
    "MountainCarContinuous-v0": dict(min_action=-1.0, max_action=1.0, min_position=-1.2,
                                     max_position=0.6, max_speed=0.07, goal_position=0.45,
                                     goal_velocity=0.0, power=0.0015),
    "Pendulum-v1": dict(max_speed=8.0, max_torque=2.0, dt=0.05, g=10.0, m=1.0, l=1.0),
    "Acrobot-v1": dict(dt=0.2, link_length_1=1.0, link_mass_1=1.0, link_mass_2=1.0,
                       link_com_pos_1=0.5, link_com_pos_2=0.5, link_moi=1.0,
                       max_vel_1=4 * PI, max_vel_2=9 * PI),
}

PARAM_VARIANTS = {
    "MountainCar-v0": [
        {"gravity": 0.003},
        {"force": 0.0015},
        {"max_speed": 0.05},
        {"min_position": -1.0, "max_position": 0.55},
        {"goal_position": 0.4},
        {"goal_velocity": 0.01},
    ],
    "MountainCarContinuous-v0": [
        {"power": 0.00225},
        {"min_action": -0.5, "max_action": 0.75},
        {"max_speed": 0.05},
        {"min_position": -1.0, "max_position": 0.55},
        {"goal_position": 0.4, "goal_velocity": 0.01},
    ],
    "Pendulum-v1": [
        {"g": 9.81},
        {"g": 12.0},
        {"max_speed": 6.0, "max_torque": 1.5},
        {"dt": 0.025},
        {"m": 1.5},
        {"l": 0.8},
        {"m": 0.7, "l": 1.3},
    ],
    "Acrobot-v1": [
        {"dt": 0.1},
        {"link_length_1": 1.3},
        {"link_mass_1": 1.5},
        {"link_mass_2": 1.5},
        {"link_com_pos_1": 0.4, "link_com_pos_2": 0.6},
        {"link_moi": 1.5},
        {"max_vel_1": 3 * PI, "max_vel_2": 6 * PI},
    ],
}

RESET_OPTIONS = {
    "MountainCar-v0": [{"low": -0.7, "high": 0.5}, {"low": -1.0}, {"high": -0.45},
                       {"low": -0.5, "high": -0.5}, {}],
    "MountainCarContinuous-v0": [{"low": -0.7, "high": -0.5}, {"low": -1.0},
                                 {"high": -0.45}, {"low": -0.5, "high": -0.5}, {}],
    # Pendulum mirrors: low = -high. (A negative x_init/y_init gives low > high,
    # which numpy's array uniform() rejects with ValueError, so none here.)
    "Pendulum-v1": [{"x_init": PI / 2, "y_init": 0.5}, {"x_init": 1.0}, {"y_init": 8.0},
                    {"x_init": 0.5, "y_init": 0.0}, {}],
    "Acrobot-v1": [{"low": -0.5, "high": 0.5}, {"low": -3.0, "high": 3.0},
                   {"high": 0.2}, {}],
    "CartPole-v1": [{"low": -0.2, "high": 0.2}, {"low": 0.0}, {"high": 0.0}, {}],
}
BIG_SEEDS = [2**32 + 1, 2**64 - 1]
TRAJ_SEEDS = range(20)
TRAJ_STEPS = 200


def main() -> None:
    import gymnasium as gym
    import numpy as np

    f32 = np.float32

    def w32(x):
        """x rounded to float32, as a Python float (exactly representable)."""
        return float(f32(x))

    def not_f32(x):
        x = float(x)
        assert float(f32(x)) != x, x
        return x

    def floats(a):
        return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]

    bound = refenv.json_bound

    def is_discrete(env_id):
        return env_id in ("MountainCar-v0", "Acrobot-v1", "CartPole-v1")

    def make_env(env_id: str, params: dict):
        names = ATTRS[env_id]
        kwargs = {k: v for k, v in params.items() if names[k] is None}
        env = gym.make(env_id, **kwargs)
        u = env.unwrapped
        for name, value in params.items():
            attr = names[name]
            if attr is None:
                assert getattr(u, name) == value
                continue
            if not hasattr(u, attr):
                raise AttributeError(f"{type(u).__name__} has no attribute {attr!r}")
            setattr(u, attr, value)
        return env

    # ---------------------------------------------------------------- lines

    def meta_line():
        return {"meta": refenv.meta(__file__)}

    def box(space):
        return {
            "low": [bound(v) for v in space.low.tolist()],
            "high": [bound(v) for v in space.high.tolist()],
            "shape": list(space.shape),
            "dtype": str(space.dtype),
        }

    def spec_line(env_id):
        env = gym.make(env_id)
        obs_space, act_space = env.observation_space, env.action_space
        if isinstance(act_space, gym.spaces.Discrete):
            act = {"n": int(act_space.n), "start": int(act_space.start)}
        else:
            act = box(act_space)
        assert str(obs_space) == repr(obs_space) and str(act_space) == repr(act_space)
        line = {
            "spec": {
                "id": env.spec.id,
                "max_episode_steps": env.spec.max_episode_steps,
                "reward_threshold": env.spec.reward_threshold,
                "observation_space": box(obs_space),
                "action_space": act,
            },
            "observation_space_repr": str(obs_space),
            "action_space_repr": str(act_space),
        }
        env.close()
        return line

    def transition(env, env_id, params, state, dtype, action):
        """One env.unwrapped.step(action) from an injected state."""
        u = env.unwrapped
        st = np.array(state, dtype=dtype)
        u.state = st.copy()
        if is_discrete(env_id):
            act, rec_act = int(action), int(action)
        else:
            act = np.array([action], dtype=np.float64)
            rec_act = [float(action)]
        obs, reward, terminated, truncated, _ = u.step(act)
        assert truncated is False
        return {
            "env": env_id,
            "params": params,
            "state": floats(st),
            "state_dtype": str(st.dtype),
            "action": rec_act,
            "next_state": floats(u.state),
            "obs": np.asarray(obs, dtype=np.float32).astype(np.float64).tolist(),
            "reward": float(reward),
            "terminated": bool(terminated),
        }

    # Bisection on the ordered bit patterns of float32/float64 values: finds
    # two *adjacent* representable values of `x` on either side of a change
    # in pred(transition(x)), i.e. a decision decided by the last bit.
    def to_ord(x, dtype):
        it, mask = (np.int32, 0x7FFFFFFF) if dtype == np.float32 else (np.int64, 0x7FFFFFFFFFFFFFFF)
        i = int(np.array([x], dtype=dtype).view(it)[0])
        return i if i >= 0 else -(i & mask)

    def from_ord(o, dtype):
        it, sign = (np.int32, -(2**31)) if dtype == np.float32 else (np.int64, -(2**63))
        bits = o if o >= 0 else ((-o) | sign)
        return float(np.array([bits], dtype=it).view(dtype)[0])

    def boundary(make_rec, pred, lo, hi, dtype):
        """make_rec(x) -> record; returns the two records at adjacent x."""
        a, b = to_ord(lo, dtype), to_ord(hi, dtype)
        pa = pred(make_rec(from_ord(a, dtype)))
        assert pred(make_rec(from_ord(b, dtype))) != pa, (lo, hi)
        while b - a > 1:
            m = (a + b) // 2
            if pred(make_rec(from_ord(m, dtype))) == pa:
                a = m
            else:
                b = m
        return [make_rec(from_ord(a, dtype)), make_rec(from_ord(b, dtype))]

    def boundary_scan(make_rec, pred, lo, hi, dtype, n=64):
        """boundary() on the first change of pred along an n-point grid."""
        grid = [float(dtype(lo + (hi - lo) * k / n)) for k in range(n + 1)]
        vals = [pred(make_rec(x)) for x in grid]
        for k in range(n):
            if vals[k] != vals[k + 1]:
                return boundary(make_rec, pred, grid[k], grid[k + 1], dtype)
        raise AssertionError(f"pred constant on [{lo}, {hi}]")

    def reset_lines(env_id, extra_seeds=()):
        env = gym.make(env_id)
        cases = [(s, None) for s in TRAJ_SEEDS]
        cases += [(100 + i, opt) for i, opt in enumerate(RESET_OPTIONS[env_id])]
        cases += [(s, None) for s in BIG_SEEDS]
        cases += [(s, None) for s in extra_seeds]
        out = []
        for seed, options in cases:
            obs, _ = env.reset(seed=seed, options=options)
            out.append({"reset": {
                "env": env_id, "seed": seed, "options": options,
                "state": floats(env.unwrapped.state),
                "obs": np.asarray(obs, dtype=np.float32).astype(np.float64).tolist(),
            }})
        env.close()
        return out

    def trajectory_lines(env_id):
        out = []
        for seed in TRAJ_SEEDS:
            env = gym.make(env_id)
            env.reset(seed=seed)
            u = env.unwrapped
            rng = np.random.default_rng(1000 + seed)
            if is_discrete(env_id):
                actions = [int(a) for a in rng.integers(0, env.action_space.n, size=TRAJ_STEPS)]
            else:
                hi = 1.5 * float(env.action_space.high[0])
                actions = [float(a) for a in rng.uniform(-hi, hi, size=TRAJ_STEPS)]
            rec = {"env": env_id, "seed": seed, "actions": actions,
                   "initial_state": floats(u.state), "states": [], "rewards": [],
                   "terminated": [], "truncated": [], "resets": []}
            for t, a in enumerate(actions):
                act = a if is_discrete(env_id) else np.array([a], dtype=np.float64)
                _, reward, term, trunc, _ = env.step(act)
                rec["states"].append(floats(u.state))
                rec["rewards"].append(float(reward))
                rec["terminated"].append(bool(term))
                rec["truncated"].append(bool(trunc))
                if term or trunc:
                    env.reset()
                    rec["resets"].append([t, floats(u.state)])
            env.close()
            out.append({"trajectory": rec})
        return out

    # ------------------------------------------------------- MountainCar-v0

    def mountain_car_cases():
        env_id = "MountainCar-v0"
        out = []

        def T(env, params, p, v, a):
            return transition(env, env_id, params, [p, v], np.float64, a)

        def edge(env, params, P):
            lo, hi, ms, gp, gv = (P["min_position"], P["max_position"], P["max_speed"],
                                  P["goal_position"], P["goal_velocity"])
            recs = []
            # Left wall: clip and "velocity = 0 at the wall".
            for dp, v, a in [(0.0, -ms, 0), (0.0, -0.002, 0), (0.0005, -0.02, 2),
                             (0.01, 0.0, 0)]:
                recs.append(T(env, params, lo + dp, v, a))
            # Exact wall decisions: the new position lands on/just off the wall,
            # and the new velocity is just below/above zero at the wall.
            recs += boundary(lambda p: T(env, params, p, -0.03, 1),
                             lambda r: r["next_state"][0] == lo, lo, lo + 0.1, np.float64)
            recs += boundary(lambda v: T(env, params, lo, v, 0),
                             lambda r: r["next_state"][1] == 0.0, -0.01, 0.0, np.float64)
            # Velocity clip, both signs (3 * p = -pi/2 makes gravity vanish).
            mid = -PI / 6
            for v, a in [(ms, 2), (ms * 0.995, 2), (-ms, 0), (-ms * 0.995, 0), (ms, 1)]:
                recs.append(T(env, params, mid, v, a))
            recs += boundary(lambda v: T(env, params, mid, v, 2),
                             lambda r: r["next_state"][1] == ms, ms - 0.01, ms, np.float64)
            # Goal: new position crossing goal_position; new velocity crossing
            # goal_velocity with the position already past the goal.
            for dp, v, a in [(-0.01, 0.005, 2), (0.0, 0.0, 1), (0.005, -0.003, 0),
                             (-0.001, 0.001, 1)]:
                recs.append(T(env, params, gp + dp, v + gv, a))
            recs += boundary(lambda p: T(env, params, p, gv + 0.01, 1),
                             lambda r: r["terminated"], gp - 0.03, gp, np.float64)
            recs += boundary(lambda v: T(env, params, gp + 0.02, v, 1),
                             lambda r: r["terminated"], gv - 0.01, gv + 0.01, np.float64)
            # Right wall.
            recs.append(T(env, params, hi - 0.001, ms, 2))
            recs.append(T(env, params, hi, 0.0, 1))
            return recs

        env = make_env(env_id, {})
        rng = np.random.default_rng(100)
        for _ in range(40):
            p, v = rng.uniform([-1.25, -0.08], [0.65, 0.08])
            for a in range(3):
                out.append(T(env, {}, float(p), float(v), a))
        out += edge(env, {}, DEFAULTS[env_id])
        # Goal grid (all actions) around the default goal.
        for p in [0.48, 0.495, 0.4999, 0.5, 0.505]:
            for v in [-0.005, 0.0, 0.005]:
                for a in range(3):
                    out.append(T(env, {}, p, v, a))
        env.close()

        for i, params in enumerate(PARAM_VARIANTS[env_id]):
            P = dict(DEFAULTS[env_id], **params)
            env = make_env(env_id, params)
            rng = np.random.default_rng(200 + i)
            recs = []
            for _ in range(8):
                p = rng.uniform(P["min_position"] - 0.05, P["max_position"] + 0.05)
                v = rng.uniform(-1.1 * P["max_speed"], 1.1 * P["max_speed"])
                recs.append(T(env, params, float(p), float(v), int(rng.integers(0, 3))))
            recs += edge(env, params, P)
            out += recs
            env.close()
        return out

    # --------------------------------------------- MountainCarContinuous-v0

    def mountain_car_continuous_cases():
        env_id = "MountainCarContinuous-v0"
        out = []

        def T(env, params, p, v, a, dtype):
            return transition(env, env_id, params, [p, v], dtype, a)

        def rand32(env, params, rng, P, n, amax):
            recs = []
            for _ in range(n):
                p = w32(rng.uniform(P["min_position"] - 0.05, P["max_position"] + 0.05))
                v = w32(rng.uniform(-1.07 * P["max_speed"], 1.07 * P["max_speed"]))
                recs.append(T(env, params, p, v, float(rng.uniform(-amax, amax)), np.float32))
            return recs

        def rand64(env, params, rng, P, n, amax):
            recs = []
            for k in range(n):
                p = not_f32(rng.uniform(P["min_position"] - 0.05, P["max_position"] + 0.05))
                v = 0.0 if k % 2 == 0 else not_f32(rng.uniform(-P["max_speed"], P["max_speed"]))
                recs.append(T(env, params, p, v, float(rng.uniform(-amax, amax)), np.float64))
            return recs

        def edge(env, params, P):
            lo, hi, ms, gp, gv = (P["min_position"], P["max_position"], P["max_speed"],
                                  P["goal_position"], P["goal_velocity"])
            # An in-range action keeps the float64 force (velocity becomes
            # np.float64); an out-of-range one is replaced by the Python float
            # bound (velocity stays np.float32 for a float32 state).
            a_in = 0.5 * P["max_action"]
            a_out = 2.0 * P["max_action"]
            a_neg_out = 2.0 * P["min_action"]
            recs = []
            for dt in (np.float32, np.float64):
                r = w32 if dt == np.float32 else float
                # Left wall.
                for dp, v, a in [(0.0, -0.002, a_neg_out), (0.0, -0.002, a_in),
                                 (0.0005, -0.02, a_in), (0.0, 0.0, a_neg_out)]:
                    recs.append(T(env, params, r(lo + dp), r(v), a, dt))
                for a in (a_neg_out, a_in):
                    recs += boundary(lambda v: T(env, params, r(lo), v, a, dt),
                                     lambda x: x["next_state"][1] == 0.0,
                                     r(-0.01), r(0.01), dt)
                recs += boundary(lambda p: T(env, params, p, r(-0.03), a_in, dt),
                                 lambda x: x["next_state"][0] == w32(lo),
                                 r(lo), r(lo + 0.1), dt)
                # Velocity clip.
                mid = r(-PI / 6)
                for v, a in [(ms, a_out), (-ms, a_neg_out), (ms, a_in), (-ms * 0.999, -a_in)]:
                    recs.append(T(env, params, mid, r(v), a, dt))
                for a in (a_out, a_in):
                    recs += boundary(lambda v: T(env, params, mid, v, a, dt),
                                     lambda x: x["next_state"][1] == w32(ms),
                                     r(ms - 0.01), r(ms), dt)
                # Goal: position crossing, and velocity sign at/just past the goal
                # (including the position that is float32(goal_position)).
                for a in (0.0, a_out):
                    recs += boundary(lambda p: T(env, params, p, r(gv + 0.003), a, dt),
                                     lambda x: x["terminated"], r(gp - 0.03), r(gp + 0.01), dt)
                    for p in (r(gp), r(gp + 0.01)):
                        recs += boundary(lambda v: T(env, params, p, v, a, dt),
                                         lambda x: x["terminated"],
                                         r(gv - 0.008), r(gv + 0.008), dt)
                # Right wall.
                recs.append(T(env, params, r(hi - 0.001), r(ms), a_out, dt))
                recs.append(T(env, params, r(hi), 0.0, a_in, dt))
            return recs

        env = make_env(env_id, {})
        P = DEFAULTS[env_id]
        rng = np.random.default_rng(300)
        out += rand32(env, {}, rng, P, 60, 1.5)
        out += rand32(env, {}, rng, P, 20, 3.0)
        out += rand64(env, {}, rng, P, 40, 1.5)
        # Action edge values from a float32 and a float64 state.
        nudge = [-3.0, -1.5, -1.0000000000000002, -1.0, -0.9999999999999999, -0.25, -0.0,
                 0.0, 0.25, 0.9999999999999999, 1.0, 1.0000000000000002, 1.5, 3.0]
        for a in nudge:
            out.append(T(env, {}, w32(-0.5), w32(0.01), a, np.float32))
            out.append(T(env, {}, not_f32(-0.5123456789), 0.0, a, np.float64))
        out += edge(env, {}, P)
        # Goal grid around float32(0.45).
        for p in [0.44, 0.449, 0.45, 0.455]:
            for v in [-0.005, 0.0, 0.005]:
                for a in (-1.5, 0.5):
                    out.append(T(env, {}, w32(p), w32(v), a, np.float32))
        env.close()

        for i, params in enumerate(PARAM_VARIANTS[env_id]):
            Pv = dict(DEFAULTS[env_id], **params)
            env = make_env(env_id, params)
            rng = np.random.default_rng(400 + i)
            amax = 1.5 * max(abs(Pv["min_action"]), abs(Pv["max_action"]))
            recs = rand32(env, params, rng, Pv, 6, amax) + rand64(env, params, rng, Pv, 4, amax)
            e = edge(env, params, Pv)
            # The full edge set is large; keep a fixed, evenly spaced subset.
            recs += e[:: max(1, len(e) // 12)]
            out += recs
            env.close()
        return out

    # ---------------------------------------------------------- Pendulum-v1

    def pendulum_cases():
        env_id = "Pendulum-v1"
        out = []

        def T(env, params, th, thdot, a):
            return transition(env, env_id, params, [th, thdot], np.float64, a)

        angles = [20.0, -20.0, PI, -PI, 3 * PI, -3 * PI, 5 * PI, -101 * PI,
                  float(np.nextafter(PI, 10)), float(np.nextafter(PI, -10)),
                  float(np.nextafter(-PI, 10)), float(np.nextafter(-PI, -10)),
                  0.0, -0.0, 2 * PI, -2 * PI, PI / 2, 1000.0]
        thdots = [0.0, 7.9, 8.0, -8.0, 8.5, -8.5, 100.0, -100.0,
                  7.999999999999999, -7.999999999999999]
        torques = [0.0, 2.0, -2.0, 2.5, -2.5, 1e3, -1e3, 2.0000000000000004,
                   -2.0000000000000004, 1.0]

        env = make_env(env_id, {})
        rng = np.random.default_rng(500)
        for _ in range(80):
            th, thdot, a = rng.uniform([-10, -10, -3], [10, 10, 3])
            out.append(T(env, {}, float(th), float(thdot), float(a)))
        for k, th in enumerate(angles):
            out.append(T(env, {}, th, thdots[k % len(thdots)], torques[k % len(torques)]))
            out.append(T(env, {}, th, float(rng.uniform(-2, 2)), float(rng.uniform(-2, 2))))
        for k, thdot in enumerate(thdots):
            out.append(T(env, {}, float(rng.uniform(-PI, PI)), thdot,
                         torques[(k + 3) % len(torques)]))
        for a in torques:
            out.append(T(env, {}, 1.0, 0.5, a))
        # Exact speed-clip decisions, both signs.
        out += boundary(lambda v: T(env, {}, 1.0, v, 2.0),
                        lambda r: r["next_state"][1] == 8.0, 7.0, 8.0, np.float64)
        out += boundary(lambda v: T(env, {}, -1.0, v, -2.0),
                        lambda r: r["next_state"][1] == -8.0, -8.0, -7.0, np.float64)
        env.close()

        for i, params in enumerate(PARAM_VARIANTS[env_id]):
            P = dict(DEFAULTS[env_id], **params)
            env = make_env(env_id, params)
            rng = np.random.default_rng(600 + i)
            ms, mt = P["max_speed"], P["max_torque"]
            for _ in range(14):
                th, thdot, a = rng.uniform([-10, -1.2 * ms, -1.5 * mt], [10, 1.2 * ms, 1.5 * mt])
                out.append(T(env, params, float(th), float(thdot), float(a)))
            for th, thdot, a in [(PI, ms, 2 * mt), (-PI, -ms, -2 * mt), (20.0, 0.0, mt),
                                 (3 * PI, 0.99 * ms, 0.5 * mt)]:
                out.append(T(env, params, th, thdot, a))
            out += boundary(lambda v: T(env, params, 1.0, v, mt),
                            lambda r: r["next_state"][1] == ms, 0.8 * ms, ms, np.float64)
            env.close()
        return out

    # ----------------------------------------------------------- Acrobot-v1

    def acrobot_cases():
        env_id = "Acrobot-v1"
        out = []

        def T(env, params, s, a, dtype=np.float64):
            return transition(env, env_id, params, s, dtype, a)

        def rand(env, params, rng, P, n, dtype, actions=None):
            recs = []
            hi = [PI, PI, 1.1 * P["max_vel_1"], 1.1 * P["max_vel_2"]]
            for _ in range(n):
                s = rng.uniform([-h for h in hi], hi)
                s = [w32(x) for x in s] if dtype == np.float32 else [float(x) for x in s]
                for a in (actions if actions is not None else [int(rng.integers(0, 3))]):
                    recs.append(T(env, params, s, a, dtype))
            return recs

        def terminal(r):
            return r["terminated"]

        env = make_env(env_id, {})
        P = DEFAULTS[env_id]
        rng = np.random.default_rng(700)
        out += rand(env, {}, rng, P, 30, np.float64, actions=range(3))
        out += rand(env, {}, rng, P, 15, np.float32, actions=range(3))
        # Reset-range float32 states (as right after reset()).
        for _ in range(10):
            s = [w32(x) for x in rng.uniform(-0.1, 0.1, size=4)]
            for a in range(3):
                out.append(T(env, {}, s, a, np.float32))
        # Angle wrap: near +-pi moving outward, and far outside [-pi, pi].
        v1, v2 = 4 * PI, 9 * PI
        wrap_states = [
            [PI - 0.01, 0.0, 3.0, 0.0], [-PI + 0.01, 0.0, -3.0, 0.0],
            [0.0, PI - 0.01, 0.0, 6.0], [0.0, -PI + 0.01, 0.0, -6.0],
            [PI, 0.0, 0.0, 0.0], [-PI, 0.0, 0.0, 0.0], [PI, PI, 0.0, 0.0],
            [-PI, -PI, 0.0, 0.0], [10.0, -25.0, 1.0, -1.0], [100.0, 7.0, 0.0, 0.0],
            [-60.0, 300.0, 2.0, 2.0], [3.0, 3.0, v1, v2], [-3.0, -3.0, -v1, -v2],
        ]
        # Velocity bounds.
        vel_states = [
            [0.5, 0.5, v1, 0.0], [0.5, 0.5, -v1, 0.0], [0.5, 0.5, 0.0, v2],
            [0.5, 0.5, 0.0, -v2], [0.1, -0.2, v1 + 0.5, v2 + 0.5],
            [0.1, -0.2, -v1 - 0.5, -v2 - 0.5], [1.0, 2.0, 20.0, 30.0],
            [-1.0, -2.0, -20.0, -30.0], [0.0, 0.0, v1 - 1e-9, v2 - 1e-9],
            [2.0, 0.0, float(np.nextafter(v1, 0)), float(np.nextafter(-v2, 0))],
        ]
        for k, s in enumerate(wrap_states + vel_states):
            out.append(T(env, {}, s, k % 3))
        # Terminal decisions decided by the last bit: h = -cos(t1) - cos(t1 + t2)
        # just above/below 1 after the step.
        families = [
            (lambda t: [t, 0.0, 0.0, 0.0], 0, 1.5, 3.0),
            (lambda t: [t, 0.5, 0.0, 0.0], 2, 1.2, 3.0),
            (lambda t: [t, -1.0, 1.0, -2.0], 1, 1.0, 3.1),
            (lambda t: [2.0, t, 0.5, 0.5], 0, -1.0, 1.0),
            (lambda t: [2.0, 0.3, t, 0.0], 2, -3.0, 3.0),
            (lambda t: [-2.0, -0.3, 0.0, t], 1, -8.0, 8.0),
        ]
        for mk, a, lo, hi in families:
            out += boundary_scan(lambda t: T(env, {}, mk(t), a), terminal, lo, hi, np.float64)
        for mk, a, lo, hi in families[:3]:
            out += boundary_scan(lambda t: T(env, {}, [w32(x) for x in mk(t)], a, np.float32),
                            terminal, w32(lo), w32(hi), np.float32)
        env.close()

        for i, params in enumerate(PARAM_VARIANTS[env_id]):
            Pv = dict(DEFAULTS[env_id], **params)
            env = make_env(env_id, params)
            rng = np.random.default_rng(800 + i)
            recs = rand(env, params, rng, Pv, 14, np.float64) + rand(env, params, rng, Pv, 4, np.float32)
            mk, a, lo, hi = families[0]
            recs += boundary_scan(lambda t: T(env, params, mk(t), a), terminal, lo, hi, np.float64)
            out += recs
            env.close()
        return out

    def acrobot_f32_trig_seeds(count=2):
        """Seeds whose reset obs needs numpy's own float32 cos/sin.

        Right after reset() Acrobot's state is float32, so _get_ob calls
        np.cos/np.sin on np.float32 scalars; numpy's float32 kernels are not
        always float32(cos(double(x))). Find a few seeds where they differ.
        """
        env = gym.make("Acrobot-v1")
        found = []
        for seed in range(1000, 20000):
            obs, _ = env.reset(seed=seed)
            s = np.asarray(env.unwrapped.state, dtype=np.float64)
            via64 = np.array([np.cos(s[0]), np.sin(s[0]), np.cos(s[1]), np.sin(s[1]),
                              s[2], s[3]], dtype=np.float32)
            if not np.array_equal(via64, obs):
                found.append(seed)
                if len(found) == count:
                    break
        env.close()
        return found

    # ------------------------------------------------------------- writing

    def write(name, lines):
        text = "".join(
            json.dumps(obj, allow_nan=False, separators=(",", ":")) + "\n" for obj in lines
        )
        path = FIXTURES / name
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(REPO_ROOT)}: {len(lines)} lines, "
              f"{len(text.encode())} bytes", file=sys.stderr)

    with warnings.catch_warnings():
        # Injected out-of-range states/actions make the passive checker warn.
        warnings.simplefilter("ignore")
        jobs = [
            ("mountain_car.jsonl", "MountainCar-v0", mountain_car_cases, ()),
            ("mountain_car_continuous.jsonl", "MountainCarContinuous-v0",
             mountain_car_continuous_cases, ()),
            ("pendulum.jsonl", "Pendulum-v1", pendulum_cases, ()),
            ("acrobot.jsonl", "Acrobot-v1", acrobot_cases, acrobot_f32_trig_seeds()),
        ]
        for name, env_id, cases, extra_seeds in jobs:
            lines = [meta_line(), spec_line(env_id)]
            lines += cases()
            lines += reset_lines(env_id, extra_seeds)
            lines += trajectory_lines(env_id)
            write(name, lines)
        lines = [meta_line()] + reset_lines("CartPole-v1") + trajectory_lines("CartPole-v1")
        write("cartpole_seeding.jsonl", lines)


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
