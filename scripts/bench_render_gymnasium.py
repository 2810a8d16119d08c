#!/usr/bin/env python3
"""Gymnasium's rgb_array rendering speed (pygame), for BENCHMARKS.md beside
gym++'s `bench_render`.

Usage:  python3 scripts/bench_render_gymnasium.py [--envs ID,ID] [--frames N]
                                                  [--repeats N] [--json]

Runs inside the pinned virtualenv scripts/.venv-ref (scripts/refenv.py). For
each env, as bench_render does: the states of a random-policy trajectory are
collected first, then each timed frame sets env.unwrapped.state and calls
env.render() with render_mode="rgb_array" (SDL_VIDEODRIVER=dummy: no display).
Figures are medians of --repeats runs of --frames frames each.
"""

import argparse
import json
import os
import statistics
import time

import refenv

DEFAULT_ENVS = ("CartPole-v1", "MountainCar-v0", "Pendulum-v1", "Acrobot-v1")


def main() -> None:
    refenv.ensure_venv_and_reexec(__file__)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import gymnasium as gym
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--envs", default=",".join(DEFAULT_ENVS))
    parser.add_argument("--frames", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    results = []
    for env_id in args.envs.split(","):
        env = gym.make(env_id, render_mode="rgb_array")
        env.action_space.seed(1)
        env.reset(seed=1)
        states = []
        while len(states) < args.frames:
            states.append(np.array(env.unwrapped.state, copy=True))
            _, _, terminated, truncated, _ = env.step(env.action_space.sample())
            if terminated or truncated:
                env.reset()
        first = env.render()
        rates = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            for s in states:
                env.unwrapped.state = s
                env.render()
            rates.append(len(states) / (time.perf_counter() - t0))
        results.append({"env": env_id, "size": f"{first.shape[1]}x{first.shape[0]}",
                        "render_fps": statistics.median(rates)})
        env.close()
    if args.json:
        print(json.dumps({"results": results}))
    else:
        print(f"{'env':<26} {'size':>10} {'render() fps':>18}")
        for r in results:
            print(f"{r['env']:<26} {r['size']:>10} {r['render_fps']:>18.0f}")


if __name__ == "__main__":
    main()
