#!/bin/sh
# Smoke test of `gym play` in a real window: an X server from xvfb-run, SDL's
# x11 video driver, scripted keys, then the app quits by itself. Exits 77
# (ctest: skipped) where Xvfb is not installed.
#  1. CartPole-v1, 30 frames of Right and Left.
#  2. MiniGrid-Empty-5x5-v0 played with MiniGrid's keys, turn-based: forward,
#     forward, turn right, forward, forward reaches the goal on step 5
#     (reward 1 - 0.9 * 5/100 = 0.955). The recording must hold exactly those
#     actions, and `gym rollout --actions` must replay them to the same end.
# Usage: play_window_smoke.sh path/to/gym
set -eu
gym="$1"
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xauth >/dev/null 2>&1; then
  echo "xvfb-run or xauth not installed (apt-get install xvfb xauth): skipping"
  exit 77
fi
export SDL_VIDEODRIVER=x11
xvfb-run -a -s "-screen 0 1280x720x24" "$gym" play CartPole-v1 --frames 30 --script "Right*10 Left*10"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
xvfb-run -a -s "-screen 0 1280x720x24" "$gym" play MiniGrid-Empty-5x5-v0 --seed 0 --turn-based --frames 40 \
  --script "Up _ Up _ Right _ Up _ Up _" --record "$dir/run.json"
actions=$(tr -d ' \n' < "$dir/run.actions.json")
if [ "$actions" != "[2,2,1,2,2]" ]; then
  echo "MiniGrid play: recorded actions $actions, expected [2,2,1,2,2] (forward, forward, right, forward, forward)"
  exit 1
fi
replay=$("$gym" rollout MiniGrid-Empty-5x5-v0 --seed 0 --actions "$dir/run.actions.json" --json)
case "$replay" in
  *'"rewards":[0.0,0.0,0.0,0.0,0.955]'*'"terminated":[false,false,false,false,true]'*) ;;
  *) echo "MiniGrid replay did not reach the goal on step 5: $replay"; exit 1 ;;
esac
echo "CartPole and MiniGrid played in a window; the MiniGrid recording replays to the goal"
