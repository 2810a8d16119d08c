#!/bin/sh
# Smoke test of `gym play` in a real window: an X server from xvfb-run, SDL's
# x11 video driver, 30 frames, then the app quits by itself. Exits 77 (ctest:
# skipped) where Xvfb is not installed.
# Usage: play_window_smoke.sh path/to/gym
set -eu
gym="$1"
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xauth >/dev/null 2>&1; then
  echo "xvfb-run or xauth not installed (apt-get install xvfb xauth): skipping"
  exit 77
fi
export SDL_VIDEODRIVER=x11
exec xvfb-run -a -s "-screen 0 1280x720x24" "$gym" play CartPole-v1 --frames 30 --script "Right*10 Left*10"
