#!/usr/bin/env python3
"""Gymnasium's own CartPole-v1 throughput, for BENCHMARKS.md beside gym++'s.

Usage (the venv comes from scripts/gen_reference.py, with pinned gymnasium):
    python3 scripts/gen_reference.py        # once, creates scripts/.venv-ref
    scripts/.venv-ref/bin/python scripts/bench_gymnasium.py [--seconds 3]

Measures, with random actions and resets on episode end like `gym bench`:
  single      gym.make("CartPole-v1") stepped in a Python loop
  vector-4096 Gymnasium's numpy-vectorised CartPoleVectorEnv with 4096 envs
Prints one JSON object; each figure is the median of 5 timed runs.
"""

import argparse
import json
import statistics
import time

import gymnasium as gym
import numpy as np


def time_runs(run, repeats=5):
    run()  # warm-up
    return statistics.median(run() for _ in range(repeats))


def single_env(seconds):
    env = gym.make("CartPole-v1")
    env.reset(seed=0)
    env.action_space.seed(0)

    def run():
        steps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            for _ in range(1000):
                _, _, term, trunc, _ = env.step(env.action_space.sample())
                if term or trunc:
                    env.reset()
            steps += 1000
        return steps / (time.perf_counter() - t0)

    return time_runs(run)


def vector_env(seconds, num_envs):
    envs = gym.make_vec("CartPole-v1", num_envs=num_envs, vectorization_mode="vector_entry_point")
    envs.reset(seed=0)
    rng = np.random.default_rng(0)

    def run():
        steps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            for _ in range(100):
                envs.step(rng.integers(0, 2, size=num_envs))
            steps += 100 * num_envs
        return steps / (time.perf_counter() - t0)

    return time_runs(run)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one timed run")
    args = parser.parse_args()
    print(json.dumps({
        "gymnasium": gym.__version__,
        "numpy": np.__version__,
        "single_env_steps_per_s": round(single_env(args.seconds)),
        "vector_4096_env_steps_per_s": round(vector_env(args.seconds, 4096)),
    }))


if __name__ == "__main__":
    main()
