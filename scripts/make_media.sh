#!/usr/bin/env bash
# Rewrites the README's pictures in docs/images/ from a Release build:
# a GIF of each classic env under its hand-tuned controller (gym render) and
# two screenshots of the play app, rendered offscreen (gym play --screenshot).
# Usage: scripts/make_media.sh [path/to/gym]   (default build/release/samples/gym)
set -euo pipefail
cd "$(dirname "$0")/.."
gym=${1:-build/release/samples/gym}
out=docs/images
mkdir -p "$out"
rm -f "$out"/*.gif "$out"/play_*.png
"$gym" render CartPole-v1 --seed 1 --steps 150 --policy controller --out "$out/CartPole-v1.gif"
"$gym" render MountainCar-v0 --seed 1 --steps 200 --policy controller --out "$out/MountainCar-v0.gif"
"$gym" render Pendulum-v1 --seed 4 --steps 120 --policy controller --out "$out/Pendulum-v1.gif"
"$gym" render Acrobot-v1 --seed 1 --steps 200 --policy controller --out "$out/Acrobot-v1.gif"
# The built-in controller balancing for 450 frames, then the batch view.
"$gym" play CartPole-v1 --seed 1 --policy controller --frames 450 --screenshot "$out/play_cartpole.png"
"$gym" play CartPole-v1 --seed 3 --policy random --batch 16 --frames 20 --screenshot "$out/play_batch.png"
ls -la "$out"
