#!/usr/bin/env python3
"""Record what numpy does when Gymnasium seeds an environment.

Usage:  python3 scripts/gen_numpy_random.py

Gymnasium's `env.reset(seed=s)` sets `self.np_random` to
`np.random.Generator(np.random.PCG64(np.random.SeedSequence(s)))`
(gymnasium.utils.seeding.np_random). gym::NumpyRandom
(core/include/gym/numpy_random.hpp) reimplements that chain; this script
records each stage of it so tests/test_numpy_random.cpp can check the port
bit for bit.

Runs inside the pinned virtualenv scripts/.venv-ref, which the shared
bootstrap in scripts/refenv.py creates/repairs before re-executing this script
there (the same one the other generators use).

Output: tests/fixtures/numpy_random.json, one JSON object:
  "meta":  generator script and numpy / python versions;
  "cases": one object per seed, each from fresh generators unless noted:
    seed            the seed;
    state32         SeedSequence(seed).generate_state(4, np.uint32);
    state64         SeedSequence(seed).generate_state(4, np.uint64);
    pcg_state/inc   PCG64(seed).state after seeding (128-bit integers);
    raw             PCG64(seed).random_raw(8);
    random          Generator.random() eight times;
    uniform_x4      uniform(-0.05, 0.05, size=4)        (CartPole);
    uniform_scalar  uniform(-0.6, -0.4)                 (MountainCar);
    uniform_bounds  uniform(low=[-pi, -1], high=[pi, 1]) (Pendulum);
    uniform_f32     uniform(-0.1, 0.1, size=(4,)).astype(float32) (Acrobot),
                    widened back to double;
    sequence        one generator drawing, in order, uniform_x4, random(),
                    uniform_scalar and uniform_bounds (8 values): draws that
                    continue where the previous call stopped.
Integers are decimal strings (uint64 and 128-bit values do not fit JSON
numbers); floats are written with Python's repr, which round-trips exactly.
The output is deterministic.
"""

import json
import sys

import refenv

REPO_ROOT = refenv.REPO_ROOT
OUT_PATH = refenv.FIXTURES_DIR / "numpy_random.json"

SEEDS = [0, 1, 2, 42, 123456789, 2**32 - 1, 2**32, 2**63 + 5, 2**64 - 1]


def main() -> None:
    import numpy as np

    def ints(values):
        return [str(int(v)) for v in values]

    def floats(values):
        return [float(v) for v in np.ravel(values)]

    def rng(seed):
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))

    def draw_x4(g):
        return g.uniform(-0.05, 0.05, size=4)

    def draw_scalar(g):
        return g.uniform(-0.6, -0.4)

    def draw_bounds(g):
        return g.uniform(low=[-np.pi, -1.0], high=[np.pi, 1.0])

    cases = []
    for seed in SEEDS:
        seq = np.random.SeedSequence(seed)
        pcg = np.random.PCG64(np.random.SeedSequence(seed)).state["state"]
        g = rng(seed)
        random = [g.random() for _ in range(8)]
        g = rng(seed)
        sequence = floats(draw_x4(g)) + [g.random()] + floats(draw_scalar(g)) + floats(draw_bounds(g))
        cases.append({
            "seed": str(seed),
            "state32": ints(seq.generate_state(4, np.uint32)),
            "state64": ints(seq.generate_state(4, np.uint64)),
            "pcg_state": str(pcg["state"]),
            "pcg_inc": str(pcg["inc"]),
            "raw": ints(np.random.PCG64(np.random.SeedSequence(seed)).random_raw(8)),
            "random": random,
            "uniform_x4": floats(draw_x4(rng(seed))),
            "uniform_scalar": float(draw_scalar(rng(seed))),
            "uniform_bounds": floats(draw_bounds(rng(seed))),
            "uniform_f32": floats(rng(seed).uniform(-0.1, 0.1, size=(4,)).astype(np.float32)),
            "sequence": sequence,
        })

    meta = refenv.meta(__file__, gymnasium=False)

    def dump(obj):
        return json.dumps(obj, allow_nan=False, separators=(",", ":"))

    # One case per line keeps the file readable and its diffs small.
    text = '{"meta":' + dump(meta) + ',\n"cases":[\n' + ",\n".join(dump(c) for c in cases) + "\n]}\n"
    OUT_PATH.write_text(text)
    print(f"wrote {OUT_PATH.relative_to(REPO_ROOT)} ({len(text)} bytes, {len(cases)} seeds)", file=sys.stderr)


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
