#!/usr/bin/env python3
"""MiniGrid's own step throughput, the reference figure for gym++'s grid worlds.

Usage:  python3 scripts/bench_minigrid.py [--env ID] [--steps N] [--repeats R]

Runs inside the pinned virtualenv scripts/.venv-ref (scripts/refenv.py
creates/repairs it and re-executes this script there), so the figure is for
the pinned minigrid/gymnasium/numpy.

gymnasium.make(ID) (default MiniGrid-DoorKey-8x8-v0, with gymnasium's
default wrappers and MiniGrid's default observation: the 7x7x3 partial view
image, direction and mission, written on every step), uniformly random
actions from action_space.sample(), env.reset() when an episode terminates
or truncates. Each run times N steps (resets included); after one untimed
warm-up run, the median of R runs is printed as one JSON line:
  {"env", "steps_per_second", "minigrid_version", "gymnasium", "numpy",
   "python", "steps_per_run", "runs", "runs_steps_per_second", "machine"}
"""

import argparse
import json
import platform
import statistics
import time

import refenv


def main():
    parser = argparse.ArgumentParser(description="MiniGrid step throughput")
    parser.add_argument("--env", default="MiniGrid-DoorKey-8x8-v0")
    parser.add_argument("--steps", type=int, default=20000, help="steps per timed run (20000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs, median taken (5)")
    args = parser.parse_args()
    if args.steps < 1 or args.repeats < 1:
        parser.error("--steps and --repeats must be positive")

    import gymnasium as gym
    import numpy as np

    import minigrid

    env = gym.make(args.env)
    env.reset(seed=0)
    env.action_space.seed(0)
    sample, step, reset = env.action_space.sample, env.step, env.reset

    def run(n):
        t0 = time.perf_counter()
        for _ in range(n):
            obs, _, term, trunc, _ = step(sample())
            if term or trunc:
                reset()
        return n / (time.perf_counter() - t0)

    run(min(args.steps, 2000))
    runs = [run(args.steps) for _ in range(args.repeats)]
    env.close()
    print(json.dumps({
        "env": args.env,
        "steps_per_second": round(statistics.median(runs)),
        "minigrid_version": minigrid.__version__,
        "gymnasium": gym.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "steps_per_run": args.steps,
        "runs": args.repeats,
        "runs_steps_per_second": [round(r) for r in runs],
        "machine": refenv.machine_description(),
    }))


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
