#!/usr/bin/env python3
"""Record Gymnasium's own rendered frames of the classic-control scenes.

Usage:  python3 scripts/gen_render_reference.py

Same pinned virtualenv and bootstrap as the other generators
(scripts/refenv.py), which also pins pygame: Gymnasium's render() draws with
pygame, so pygame's version decides the reference pixels.

For each scene below it makes the env with render_mode="rgb_array", resets
it, overrides the drawing attributes given in `params`, sets
`env.unwrapped.state` (Pendulum: and last_u = None, so no torque arrow), and
saves render() as tests/fixtures/render/<env>_<k>.png. The list of frames
goes to tests/fixtures/render/states.json (see tests/fixtures/README.md).
tests/render/test_scenes.cpp draws the same states with gym++ and compares.

The PNG encoder is a few lines over zlib (no imaging library needed), so the
files are byte-identical on re-runs.
"""

import json
import os
import struct
import zlib

import refenv

OUT_DIR = refenv.FIXTURES_DIR / "render"

# Our option names -> Gymnasium attribute names, for the attributes render()
# reads (all set on the unwrapped env instance after reset).
ATTRS = {
    "CartPole-v1": {"x_threshold": "x_threshold", "length": "length"},
    "MountainCar-v0": {"min_position": "min_position", "max_position": "max_position",
                       "goal_position": "goal_position"},
    "Pendulum-v1": {},
    "Acrobot-v1": {"link_length_1": "LINK_LENGTH_1", "link_length_2": "LINK_LENGTH_2"},
}

# (env id, param overrides, state). States cover both sides, steep slopes,
# shapes crossing each other and near the canvas edge; one scene per env
# (where render() reads an attribute) changes the geometry through params.
SCENES = [
    ("CartPole-v1", {}, [0.0, 0.0, 0.0, 0.0]),
    ("CartPole-v1", {}, [0.5, 0.0, 0.3, 0.0]),
    ("CartPole-v1", {}, [-1.8, 0.0, -0.2, 0.0]),
    ("CartPole-v1", {"x_threshold": 3.0, "length": 0.7}, [2.1, 0.0, 0.15, 0.0]),
    ("MountainCar-v0", {}, [-0.5, 0.0]),
    ("MountainCar-v0", {}, [-1.1, 0.0]),
    ("MountainCar-v0", {}, [0.3, 0.0]),
    ("MountainCar-v0", {"goal_position": 0.2}, [0.55, 0.0]),
    ("Pendulum-v1", {}, [0.0, 0.0]),
    ("Pendulum-v1", {}, [3.141592653589793, 0.0]),
    ("Pendulum-v1", {}, [1.0, 0.0]),
    ("Pendulum-v1", {}, [-2.3, 0.0]),
    ("Acrobot-v1", {}, [0.0, 0.0, 0.0, 0.0]),
    ("Acrobot-v1", {}, [1.0, 0.5, 0.0, 0.0]),
    ("Acrobot-v1", {}, [-2.0, 1.5, 0.0, 0.0]),
    ("Acrobot-v1", {"link_length_1": 0.7, "link_length_2": 1.2}, [3.0, -0.3, 0.0, 0.0]),
]


def write_png(path, rgb) -> None:
    """An (H, W, 3) uint8 array as an 8-bit RGB PNG (filter "Up" on every
    row: the scenes are mostly flat background, which it turns into zeros)."""
    h, w, _ = rgb.shape
    raw = rgb.astype("int16")
    up = raw.copy()
    up[1:] -= raw[:-1]
    rows = (up % 256).astype("uint8").reshape(h, w * 3)
    data = b"".join(b"\x02" + row.tobytes() for row in rows)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(data, 9)) + chunk(b"IEND", b""))
    path.write_bytes(png)


def main() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import gymnasium as gym
    import numpy as np
    import pygame

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    frames = []
    count = {}
    for env_id, params, state in SCENES:
        k = count.get(env_id, 0)
        count[env_id] = k + 1
        env = gym.make(env_id, render_mode="rgb_array")
        env.reset(seed=0)
        u = env.unwrapped
        for name, value in params.items():
            setattr(u, ATTRS[env_id][name], value)
        u.state = np.array(state, dtype=np.float64)
        if env_id == "Pendulum-v1":
            u.last_u = None
        rgb = env.render()
        env.close()
        name = f"{env_id}_{k}.png"
        write_png(OUT_DIR / name, np.ascontiguousarray(rgb))
        frames.append({"env": env_id, "params": params, "state": state, "file": name,
                       "shape": list(rgb.shape)})

    meta = refenv.meta(__file__)
    meta["pygame"] = pygame.version.ver
    lines = ",\n  ".join(json.dumps(f) for f in frames)
    (OUT_DIR / "states.json").write_text(f'{{"meta": {json.dumps(meta)},\n "frames": [\n  {lines}\n ]}}\n')
    print(f"wrote {len(frames)} frames to {OUT_DIR.relative_to(refenv.REPO_ROOT)}")


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
