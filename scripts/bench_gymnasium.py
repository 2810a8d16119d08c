#!/usr/bin/env python3
"""Gymnasium's own classic-control throughput, for BENCHMARKS.md beside gym++'s.

Usage:  python3 scripts/bench_gymnasium.py [--envs ID,ID] [--seconds S]
                                           [--repeats N] [--json]

Runs inside the pinned virtualenv scripts/.venv-ref (the shared bootstrap in
scripts/refenv.py creates/repairs it and re-executes this script there), so
the figures are for the pinned Gymnasium/numpy.

For each env (default: CartPole-v1, MountainCar-v0, MountainCarContinuous-v0,
Pendulum-v1, Acrobot-v1), with random actions sampled from the action space
and resets on episode end, like `gym bench`:
  single              gymnasium.make(id) (default wrappers) stepped in a
                      Python loop, env.reset() when terminated or truncated;
  vector_entry_point  where the env registers a vector_entry_point (in
                      Gymnasium 1.4 only CartPole: the numpy-vectorised
                      CartPoleVectorEnv), gymnasium.make_vec(id,
                      vectorization_mode="vector_entry_point") with
                      --vector-envs envs (4096);
  sync                otherwise SyncVectorEnv (make_vec(...,
                      vectorization_mode="sync")) with --sync-envs envs (64),
                      since it is a Python loop over copies of the env and
                      its per-env speed barely depends on the count.
Vector envs autoreset themselves; every sub-env step counts as one step.
Sampling is part of what is timed: for the Box-action envs (MountainCar-
Continuous, Pendulum) a single env's Box.sample() (~40 us) costs several
times its step(), which is why their "single" figures are low and their
"sync" ones (one batched sample per 64 steps) are not.
Each figure is the median of --repeats timed runs of --seconds each, after a
short warm-up run. Prints a table, or with --json one JSON object:
  {"machine", "date", "python", "gymnasium", "numpy",
   "results": [{"env", "mode", "num_envs", "steps_per_s"}, ...]}
The defaults take about 1 to 1.5 minutes for all five envs.
"""

import argparse
import datetime
import json
import platform
import statistics
import sys
import time

import refenv

DEFAULT_ENVS = (
    "CartPole-v1",
    "MountainCar-v0",
    "MountainCarContinuous-v0",
    "Pendulum-v1",
    "Acrobot-v1",
)


def time_runs(run, seconds, repeats):
    """Median steps/s of `repeats` runs of `run(seconds)` after a warm-up."""
    run(min(seconds, 0.5))
    return statistics.median(run(seconds) for _ in range(repeats))


def bench_single(gym, env_id, seconds, repeats, chunk=1000):
    env = gym.make(env_id)
    env.reset(seed=0)
    env.action_space.seed(0)
    sample, step, reset = env.action_space.sample, env.step, env.reset

    def run(duration):
        steps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < duration:
            for _ in range(chunk):
                _, _, term, trunc, _ = step(sample())
                if term or trunc:
                    reset()
            steps += chunk
        return steps / (time.perf_counter() - t0)

    try:
        return time_runs(run, seconds, repeats)
    finally:
        env.close()


def bench_vector(gym, env_id, mode, num_envs, seconds, repeats, chunk=100):
    envs = gym.make_vec(env_id, num_envs=num_envs, vectorization_mode=mode)
    envs.reset(seed=0)
    envs.action_space.seed(0)
    sample, step = envs.action_space.sample, envs.step

    def run(duration):
        steps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < duration:
            for _ in range(chunk):
                step(sample())
            steps += chunk * num_envs
        return steps / (time.perf_counter() - t0)

    try:
        return time_runs(run, seconds, repeats)
    finally:
        envs.close()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n", 4)[4],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--envs", default=",".join(DEFAULT_ENVS),
                        help="comma-separated env ids (default: all five classic-control envs)")
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one timed run (1.0)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per figure, median taken (5)")
    parser.add_argument("--vector-envs", type=int, default=4096,
                        help="envs for a vector_entry_point vector env (4096)")
    parser.add_argument("--sync-envs", type=int, default=64,
                        help="envs for SyncVectorEnv, where there is no vector_entry_point (64)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    if args.seconds <= 0 or args.repeats < 1 or args.vector_envs < 1 or args.sync_envs < 1:
        parser.error("--seconds, --repeats, --vector-envs and --sync-envs must be positive")

    import gymnasium as gym
    import numpy as np

    env_ids = [e.strip() for e in args.envs.split(",") if e.strip()]
    if not env_ids:
        parser.error("--envs: no env ids given")
    for env_id in env_ids:
        if env_id not in gym.registry:
            parser.error(f"--envs: {env_id!r} is not a registered Gymnasium env")

    started = time.perf_counter()
    results = []

    def record(env_id, mode, num_envs, steps_per_s):
        results.append({"env": env_id, "mode": mode, "num_envs": num_envs,
                        "steps_per_s": round(steps_per_s)})
        print(f"  {env_id} {mode} x{num_envs}: {steps_per_s:,.0f} steps/s "
              f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    for env_id in env_ids:
        record(env_id, "single", 1, bench_single(gym, env_id, args.seconds, args.repeats))
        if gym.spec(env_id).vector_entry_point is not None:
            mode, n = "vector_entry_point", args.vector_envs
        else:
            mode, n = "sync", args.sync_envs
        record(env_id, mode, n, bench_vector(gym, env_id, mode, n, args.seconds, args.repeats))

    report = {
        "machine": refenv.machine_description(),
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "gymnasium": gym.__version__,
        "numpy": np.__version__,
        "results": results,
    }
    if args.json:
        print(json.dumps(report))
        return

    print(f"Gymnasium {report['gymnasium']}, numpy {report['numpy']}, "
          f"Python {report['python']}; {report['machine']}; {report['date']}")
    print(f"median of {args.repeats} runs x {args.seconds:g} s; random actions, resets on episode end")
    print()
    header = f"{'env':<26} {'mode':<19} {'num_envs':>8} {'steps/s':>13}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['env']:<26} {r['mode']:<19} {r['num_envs']:>8} {r['steps_per_s']:>13,}")


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
