#!/usr/bin/env python3
"""gym++ vs Gymnasium throughput for every classic-control env, one table.

Usage:  python3 scripts/bench_classic.py [--gym PATH] [--threads 1[,2]]
            [--envs N] [--steps auto|N] [--target-seconds S] [--repeats R]
            [--gymnasium-seconds S] [--gymnasium-repeats R] [--json]

Measures, in one run on one machine and strictly one after the other:
  gym++      the already-built `gym` tool (default build/release/samples/gym,
             relative to the repo root), as
               gym bench ID --envs N --threads T --steps S --repeats R --json
             for each classic-control env and each T in --threads; the figure
             is its "env_steps_per_s" (median of R timed runs, after its own
             warm-up). With --steps auto (the default) S is chosen per env and
             thread count from a short probe so that one timed run lasts about
             --target-seconds (0.3 s); the steps used are in --json.
  Gymnasium  scripts/bench_gymnasium.py --json (pinned venv, bootstrapped by
             scripts/refenv.py): single env and the vector/sync-vector figure.
             CartPoleContinuous-v1 has no Gymnasium counterpart ("—").

Prints a Markdown table for BENCHMARKS.md, preceded by a line with the date
(UTC), CPU model, CPU count and the exact command; with --json prints one JSON
object with all raw numbers instead. On a busy or small machine the figures
are only indicative.
"""

import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import refenv  # this directory's shared helpers (standard library only here)

SCRIPTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS_DIR.parent
DEFAULT_GYM = REPO_ROOT / "build" / "release" / "samples" / "gym"
BENCH_GYMNASIUM = SCRIPTS_DIR / "bench_gymnasium.py"

# gym++ id -> Gymnasium id (None: no counterpart)
ENVS = {
    "CartPole-v1": "CartPole-v1",
    "CartPoleContinuous-v1": None,
    "MountainCar-v0": "MountainCar-v0",
    "MountainCarContinuous-v0": "MountainCarContinuous-v0",
    "Pendulum-v1": "Pendulum-v1",
    "Acrobot-v1": "Acrobot-v1",
}
BASELINE = "CartPole-v1"
DASH = "—"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def gym_bench(gym, env_id, envs, threads, steps, repeats):
    cmd = [str(gym), "bench", env_id, "--envs", str(envs), "--threads", str(threads),
           "--steps", str(steps), "--repeats", str(repeats), "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{shlex.join(cmd)} failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    return json.loads(proc.stdout)


def auto_steps(gym, env_id, envs, threads, target):
    """Vector steps for one timed run of about `target` seconds, from probes
    grown until one lasts at least target/10."""
    steps = 16
    while True:
        rate = max(gym_bench(gym, env_id, envs, threads, steps, 1)["runs"])
        elapsed = envs * steps / rate
        if elapsed >= target / 10 or steps >= 1 << 24:
            return max(1, round(target * rate / envs))
        steps = min(1 << 24, steps * max(2, min(16, int(target / 10 / elapsed) + 1)))


def run_gympp(args, threads_list):
    results = []
    started = time.perf_counter()
    for env_id in ENVS:
        for threads in threads_list:
            steps = (auto_steps(args.gym, env_id, args.envs, threads, args.target_seconds)
                     if args.steps == "auto" else int(args.steps))
            r = gym_bench(args.gym, env_id, args.envs, threads, steps, args.repeats)
            results.append(r)
            log(f"  gym++ {env_id} x{args.envs} {threads}T, {steps} steps: "
                f"{r['env_steps_per_s'] / 1e6:,.1f} M steps/s ({time.perf_counter() - started:.0f} s)")
    return results


def run_gymnasium(args):
    ids = [g for g in ENVS.values() if g]
    cmd = [sys.executable, str(BENCH_GYMNASIUM), "--json", "--envs", ",".join(ids),
           "--seconds", f"{args.gymnasium_seconds:g}", "--repeats", str(args.gymnasium_repeats)]
    log(f"  {shlex.join(cmd)}")
    # stderr (progress, venv bootstrap) goes straight through
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench_gymnasium.py failed (exit {proc.returncode})")
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if not lines:
        sys.exit(f"bench_gymnasium.py printed no JSON:\n{proc.stdout}")
    return json.loads(lines[-1])


def mega(x):
    m = x / 1e6
    return f"{m:.0f}" if m >= 100 else f"{m:.1f}" if m >= 10 else f"{m:.2f}"


def factor(x):
    return f"{x:,.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"


def table(report, threads_list):
    gp = {(r["env"], r["threads"]): r["env_steps_per_s"] for r in report["gympp"]["results"]}
    gn = {}
    for r in report["gymnasium"]["results"] if report["gymnasium"] else []:
        gn.setdefault(r["env"], {})["single" if r["mode"] == "single" else "vector"] = r
    base = gp[(BASELINE, 1)]

    cols = [("env", False)]
    cols += [(f"gym++ {t} thread{'s' if t > 1 else ''} (M steps/s)", True) for t in threads_list]
    cols += [(f"ratio to {BASELINE} (gym++ 1 thread)", True),
             ("Gymnasium single env (steps/s)", True),
             ("Gymnasium vector (mode, N, steps/s)", True),
             ("gym++ 1 thread / Gymnasium best", True)]
    rows = []
    for env_id, gn_id in ENVS.items():
        one = gp[(env_id, 1)]
        row = [env_id] + [mega(gp[(env_id, t)]) for t in threads_list] + [f"{one / base:.2f}"]
        g = gn.get(gn_id) if gn_id else None
        if g:
            single, vector = g.get("single"), g.get("vector")
            row.append(f"{single['steps_per_s']:,}" if single else DASH)
            row.append(f"{vector['mode']}, {vector['num_envs']}, {vector['steps_per_s']:,}" if vector else DASH)
            best = max(r["steps_per_s"] for r in (single, vector) if r)
            row.append(factor(one / best) if best else DASH)
        else:
            row += [DASH] * 3
        rows.append(row)

    out = ["| " + " | ".join(c for c, _ in cols) + " |",
           "|" + "|".join("---:" if right else ":---" for _, right in cols) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n", 6)[6],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--gym", type=Path, default=DEFAULT_GYM,
                        help="the built gym tool (default: build/release/samples/gym under the repo root)")
    parser.add_argument("--threads", default="1",
                        help="comma-separated gym++ thread counts, must include 1 (default: 1)")
    parser.add_argument("--envs", type=int, default=4096, help="gym++ vector env size (4096)")
    parser.add_argument("--steps", default="auto",
                        help="gym++ vector steps per timed run, or 'auto' (default) for ~--target-seconds")
    parser.add_argument("--target-seconds", type=float, default=0.3,
                        help="with --steps auto: length of one gym++ timed run (0.3)")
    parser.add_argument("--repeats", type=int, default=5, help="gym++ timed runs, median taken (5)")
    parser.add_argument("--gymnasium-seconds", type=float, default=1.0,
                        help="bench_gymnasium.py --seconds (1.0)")
    parser.add_argument("--gymnasium-repeats", type=int, default=5,
                        help="bench_gymnasium.py --repeats (5)")
    parser.add_argument("--json", action="store_true", help="print all raw numbers as one JSON object")
    args = parser.parse_args()

    try:
        threads_list = sorted({int(t) for t in args.threads.split(",") if t.strip()})
    except ValueError:
        parser.error(f"--threads: not a list of integers: {args.threads!r}")
    if not threads_list or threads_list[0] < 1 or 1 not in threads_list:
        parser.error("--threads: positive integers, including 1")
    if args.steps != "auto" and not (args.steps.isdigit() and int(args.steps) > 0):
        parser.error("--steps: a positive integer or 'auto'")
    if (args.envs < 1 or args.repeats < 1 or args.target_seconds <= 0
            or args.gymnasium_seconds <= 0 or args.gymnasium_repeats < 1):
        parser.error("--envs, --repeats, --target-seconds and the --gymnasium-* options must be positive")
    args.gym = args.gym.resolve()
    if not (args.gym.is_file() and os.access(args.gym, os.X_OK)):
        sys.exit(f"gym binary not found (or not executable): {args.gym}\n"
                 f"build it first (e.g. the release preset), or pass --gym PATH")

    command = shlex.join(["python3", sys.argv[0], *sys.argv[1:]])
    now = datetime.datetime.now(datetime.timezone.utc)
    log("gym++:")
    gympp = run_gympp(args, threads_list)
    log("Gymnasium:")
    gymnasium = run_gymnasium(args)

    report = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": refenv.cpu_model(),
        "cpus": os.cpu_count(),
        "command": command,
        "gympp": {"binary": str(args.gym), "envs": args.envs, "repeats": args.repeats,
                  "steps": args.steps, "target_seconds": args.target_seconds, "results": gympp},
        "gymnasium": gymnasium,
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return

    print(f"{report['date']}; {report['cpu']}, {report['cpus']} CPUs; "
          f"Gymnasium {gymnasium.get('gymnasium')}, numpy {gymnasium.get('numpy')}, "
          f"Python {gymnasium.get('python')}; command: `{command}`")
    print()
    print(f"gym++: `gym bench ID --envs {args.envs}`, median of {args.repeats} runs"
          f"{' of ~%g s' % args.target_seconds if args.steps == 'auto' else ' x %s steps' % args.steps}; "
          f"Gymnasium: median of {args.gymnasium_repeats} runs x {args.gymnasium_seconds:g} s. "
          f"Random actions, resets on episode end.")
    print()
    print(table(report, threads_list))


if __name__ == "__main__":
    main()
