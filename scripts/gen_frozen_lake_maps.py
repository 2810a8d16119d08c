#!/usr/bin/env python3
"""Record Gymnasium's FrozenLake random maps for tests/test_toy_text.cpp.

Usage:  python3 scripts/gen_frozen_lake_maps.py

Same pinned virtualenv and bootstrap as the other generators (scripts/refenv.py).
Output: tests/fixtures/toy_text/frozen_lake_random_maps.json,

  {"meta": {generator, gymnasium, numpy, python},
   "maps": [{"size", "p", "seed", "boards", "rows"}, ...]}

one entry per case below: rows = generate_random_map(size, p, seed) from
gymnasium/envs/toy_text/frozen_lake.py (what FrozenLakeEnv uses for
map_name=None), and boards = how many boards it drew before one had a path
from S to G (counted by wrapping the module's is_valid), so that the test can
tell that the cases exercise the redraws. gym++ gives the same rows for
map_name=random with map_size, map_p and map_seed. Output is deterministic.
"""

import json
import sys

import refenv

OUT = refenv.FIXTURES_DIR / "toy_text" / "frozen_lake_random_maps.json"

# (size, p, seed): Gymnasium's defaults, both ends of the sizes gym++ takes
# (2 .. 32), p = 1 (no holes), low p (many redraws), a seed of more than 32
# bits (SeedSequence splits it into two words).
CASES = [
    (8, 0.8, 0),
    (8, 0.8, 3),
    (8, 0.8, 123456789),
    (4, 0.8, 42),
    (2, 0.5, 1),
    (2, 0.3, 8),
    (3, 0.4, 11),
    (5, 1.0, 9),
    (6, 0.55, 2**40 + 5),
    (16, 0.6, 7),
    (32, 0.9, 2024),
    (32, 0.65, 5),
]


def main() -> None:
    import warnings

    from gymnasium.envs.toy_text import frozen_lake

    valid = frozen_lake.is_valid
    boards = 0

    def counting_is_valid(board, max_size):
        nonlocal boards
        boards += 1
        return valid(board, max_size)

    frozen_lake.is_valid = counting_is_valid
    maps = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for size, p, seed in CASES:
            boards = 0
            rows = frozen_lake.generate_random_map(size=size, p=p, seed=seed)
            maps.append({"size": size, "p": p, "seed": seed, "boards": boards, "rows": rows})
    record = {"meta": refenv.meta(__file__), "maps": maps}
    text = json.dumps(record, allow_nan=False, separators=(",", ":")) + "\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUT.relative_to(refenv.REPO_ROOT)}: {len(text.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
