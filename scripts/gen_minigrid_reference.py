#!/usr/bin/env python3
"""Generate MiniGrid reference fixtures from the real pip-installed `minigrid`.

Usage:  python3 scripts/gen_minigrid_reference.py [--only scenarios|families]
                                                  [--seeds N]

Same pinned virtualenv and bootstrap as the other reference scripts
(scripts/refenv.py: create/repair scripts/.venv-ref, then re-execute this
script inside it). MiniGrid is pinned there (refenv.MINIGRID_PIN) and is
installed with --no-deps, see refenv.py.

Output (all deterministic; re-running gives byte-identical files):

  tests/fixtures/minigrid/scenarios.json
      {"meta": {...}, "scenarios": [ ... ]}, one scenario per line.
      Hand-written layouts ("kind": "layout") loaded into MiniGrid, random
      walks from real registered envs ("kind": "random_walk"), and scripted
      solutions of DoorKey/Unlock/UnlockPickup/KeyCorridor levels ("kind":
      "solve", see Solver; recorded like the random walks) so that the
      family step rules that give rewards are exercised.
  tests/fixtures/minigrid/families.json
      {"meta": {...}, "families": {family: {"ids": {id: {...}}}}}: per
      registered id its geometry, limits, kwargs, class, mission
      template(s)/vocabulary, and statistics over --seeds (200) resets.
  (tests/fixtures/minigrid/FAMILIES.md, the prose companion of
  families.json, is written by hand, not by this script.)

State format (the project's public MiniGrid state):
  {"grid": W x H x 3, indexed [x][y], MiniGrid's Grid.encode() ([type,
           colour, state]); the agent is NOT drawn (the cell under the agent
           shows what lies there: empty, an open door, floor, goal, lava),
   "agent_pos": [x, y], "agent_dir": d (0 right/+x, 1 down/+y, 2 left,
   3 up), "carrying": [type, colour, state] or null, "step_count": k,
   "box_contents": {"x,y": [type, colour, state]} (only boxes in the grid
           that contain something)}
  plus one extension the public format has no room for:
   "carrying_contents": [type, colour, state], present only while the agent
           carries a box that contains something (MiniGrid keeps a box's
           contents when it is picked up and dropped again).

How a layout is loaded into MiniGrid (class ReferenceLayoutEnv below):
  * a MiniGridEnv subclass built from the state dict, with width/height
    taken from the grid, the scenario's max_steps / agent_view_size /
    see_through_walls, and a MissionSpace whose function returns a fixed
    mission ("reference layout"); _gen_grid also sets self.mission;
  * _gen_grid creates an empty Grid and, for every cell, decodes the
    [type, colour, state] triple with MiniGrid's own WorldObj.decode and
    places it with put_obj (so init_pos/cur_pos are set as the real envs
    do); each box listed in box_contents gets .contains = decoded object
    (Box(color, contains=obj) semantics); then agent_pos (a tuple of ints)
    and agent_dir are set;
  * MiniGridEnv.reset() runs _gen_grid and afterwards clears `carrying`
    and sets step_count = 0, so ReferenceLayoutEnv.reset() calls the base
    reset first and then restores carrying (decoded, cur_pos = (-1, -1)
    as MiniGrid's pickup does; a carried box gets carrying_contents) and
    step_count, and returns a freshly generated observation (the partial
    view shows the carried object, so the base reset's obs would be stale);
  * after reset the script re-exports the state and asserts it equals the
    input, so a layout that MiniGrid cannot represent (e.g. a non-green
    goal) fails loudly instead of being silently normalised.
  The env is used directly (no gymnasium.make wrappers, no TimeLimit).

Per step ("steps"): {"action", "next_state", "obs": {"image": V x V x 3
[x][y] exactly MiniGrid's obs["image"], "direction"}, "full_obs": W x H x 3
as minigrid.wrappers.FullyObsWrapper (Grid.encode() with the agent cell
overwritten by [10, 0, agent_dir]; the carried object is not shown),
"reward", "terminated", "truncated"}; "initial_obs" / "initial_full_obs"
are the observations right after loading/reset. Floats are Python reprs.

Random walks: for each env id in RANDOM_WALK_ENVS and seed in (0, 1):
gymnasium.make(id), reset(seed=seed), export the state, then up to 60
actions, one numpy.random.default_rng([env_index, seed]).choice per step
with the weights of action_weights(): biased towards forward, plus boosts
for toggle when facing a closed door, pickup when facing an object with
empty hands, drop when carrying and facing an empty cell (the recorded
"actions" are what was drawn); the walk stops early when the episode ends
(terminated or truncated), "ended" says which. "family" holds what the
env's own step() rules need beyond the state (e.g. the target object of
UnlockPickup/KeyCorridor, the door of Unlock). To keep the fixture small,
in random walks (only) a step's next_state has no "grid" when the grid is
unchanged from the previous state (the initial state for step 0), and
steps have no "full_obs" (initial_full_obs is kept): the generator asserts
for every step that FullyObsWrapper's image equals the next grid with the
agent cell overwritten by [10, 0, dir], so it can be rebuilt from
next_state; the layouts exercise full_obs at every step. Each walk is also
replayed from its exported initial state in ReferenceLayoutEnv and must
reproduce every recorded state and observation (and reward/flags where the
family has no step rules of its own): the state format is complete.
"""

import argparse
import inspect
import itertools
import json
import sys
from collections import deque

import refenv

OUT_DIR = refenv.FIXTURES_DIR / "minigrid"

ACTION_NAMES = ("left", "right", "forward", "pickup", "drop", "toggle", "done")
ACT = {name: i for i, name in enumerate(ACTION_NAMES)}
# Random-walk base action weights (left, right, forward, pickup, drop, toggle,
# done), biased towards forward; action_weights() adds BOOST to toggle/pickup/
# drop where they would do something, so that doors open and keys move.
ACTION_WEIGHTS = (0.17, 0.17, 0.42, 0.08, 0.04, 0.08, 0.04)
BOOST = 0.6


# Scripted solutions (kind "solve"): reset(seed=SOLVE_SEED), then a planner
# (class Solver) walks to the key, unlocks, drops the key where needed and
# finishes the task, so that the family step rules (rewards) are exercised.
SOLVE_ENVS = ("MiniGrid-DoorKey-8x8-v0", "MiniGrid-Unlock-v0",
              "MiniGrid-UnlockPickup-v0", "MiniGrid-KeyCorridorS3R2-v0")
SOLVE_SEED = 0


class Solver:
    """Action source that solves DoorKey/Unlock/UnlockPickup/KeyCorridor:
    a queue of goals (face the key, pickup, face the locked door, toggle,
    drop the key if the target must be picked up, face/reach the target),
    each reached by BFS over (x, y, dir) through empty cells, goals, open
    doors and closed unlocked doors (toggled on arrival)."""

    def __init__(self, u, cls):
        self.u = u
        key = [p for p in self.cells() if u.grid.get(*p).type == "key"][0]
        door = [p for p in self.cells() if u.grid.get(*p).type == "door"
                and u.grid.get(*p).is_locked][0]
        plan = [("face", key), ("do", ACT["pickup"]), ("face", door), ("do", ACT["toggle"])]
        if cls == "DoorKeyEnv":
            goal = [p for p in self.cells() if u.grid.get(*p).type == "goal"][0]
            plan += [("reach", goal)]
        elif cls in ("UnlockPickupEnv", "KeyCorridorEnv"):
            target = tuple(int(v) for v in u.obj.cur_pos)
            plan += [("drop",), ("face", target), ("do", ACT["pickup"])]
        self.plan = plan
        self.queue = []

    def cells(self):
        u = self.u
        return [(x, y) for y in range(u.height) for x in range(u.width)
                if u.grid.get(x, y) is not None]

    def passable(self, c):
        return c is None or c.type in ("goal", "floor") or (
            c.type == "door" and not c.is_locked)

    def route(self, target, face):
        u = self.u
        start = (int(u.agent_pos[0]), int(u.agent_pos[1]), int(u.agent_dir))
        prev = {start: None}
        q = deque([start])
        while q:
            s = q.popleft()
            x, y, d = s
            dx, dy = DIRS[d]
            if ((x + dx, y + dy) if face else (x, y)) == target:
                acts = []
                while prev[s] is not None:
                    s, a = prev[s]
                    acts.append(a)
                return acts[::-1]
            moves = [((x, y, (d - 1) % 4), ACT["left"]), ((x, y, (d + 1) % 4), ACT["right"])]
            if self.passable(u.grid.get(x + dx, y + dy)):
                moves.append(((x + dx, y + dy, d), ACT["forward"]))
            for n, a in moves:
                if n not in prev:
                    prev[n] = (s, a)
                    q.append(n)
        raise AssertionError("no route")

    def __call__(self, u):
        while not self.queue:
            step = self.plan.pop(0)
            if step[0] == "do":
                self.queue = [step[1]]
            elif step[0] == "drop":
                self.queue = ["drop"]
            else:
                self.queue = self.route(step[1], face=step[0] == "face")
        a = self.queue[0]
        front = u.grid.get(*(int(v) for v in u.front_pos))
        if a == "drop":
            if front is None:
                self.queue.pop(0)
                return ACT["drop"]
            return ACT["left"]
        if a == ACT["forward"] and front is not None and front.type == "door" and not front.is_open:
            return ACT["toggle"]
        self.queue.pop(0)
        return a


def action_weights(u):
    """Random-walk action probabilities for MiniGrid env `u`: the base
    weights plus boosts that depend on the cell in front of the agent, so
    that doors get toggled and objects picked up/dropped."""
    w = list(ACTION_WEIGHTS)
    fx, fy = (int(v) for v in u.front_pos)
    front = u.grid.get(fx, fy) if 0 <= fx < u.width and 0 <= fy < u.height else None
    if front is not None and front.type == "door" and not front.is_open:
        w[ACT["toggle"]] += BOOST
    if front is not None and front.type in ("key", "ball", "box") and u.carrying is None:
        w[ACT["pickup"]] += BOOST
    if front is not None and front.type == "box":
        w[ACT["toggle"]] += BOOST / 2
    if front is None and u.carrying is not None:
        w[ACT["drop"]] += BOOST / 4
    total = sum(w)
    return [v / total for v in w]
RANDOM_WALK_STEPS = 60
RANDOM_WALK_SEEDS = (0, 1)
RANDOM_WALK_ENVS = (
    "MiniGrid-Empty-8x8-v0",
    "MiniGrid-DoorKey-8x8-v0",
    "MiniGrid-FourRooms-v0",
    "MiniGrid-LavaGapS7-v0",
    "MiniGrid-KeyCorridorS3R2-v0",
    "MiniGrid-MultiRoom-N4-S5-v0",
    "MiniGrid-Unlock-v0",
    "MiniGrid-UnlockPickup-v0",
)
STATS_SEEDS = 200

# --------------------------------------------------------------------------
# Hand-written layouts.
#
# A layout is a list of rows (y = 0 first), each a whitespace-separated list
# of cell tokens (x = 0 first):
#   #  grey wall      .  empty       G  goal       V  lava
#   F<c> floor   D<c> closed door   O<c> open door   L<c> locked door
#   K<c> key     A<c> ball          B<c> box   (contents via box_contents)
# colours: r red, g green, b blue, p purple, y yellow, e grey.
# "carrying" / box_contents values use the same tokens.
# --------------------------------------------------------------------------

COLOUR = {"r": 0, "g": 1, "b": 2, "p": 3, "y": 4, "e": 5}
PLAIN = {"#": [2, 5, 0], ".": [1, 0, 0], "G": [8, 1, 0], "V": [9, 0, 0]}
COLOURED = {"F": (3, 0), "D": (4, 1), "O": (4, 0), "L": (4, 2), "K": (5, 0),
            "A": (6, 0), "B": (7, 0)}


def token(tok):
    if tok in PLAIN:
        return list(PLAIN[tok])
    kind, col = tok[0], tok[1:]
    if kind not in COLOURED or col not in COLOUR:
        raise ValueError(f"bad layout token {tok!r}")
    t, s = COLOURED[kind]
    return [t, COLOUR[col], s]


def parse_rows(rows):
    cells = [r.split() for r in rows]
    h, w = len(cells), len(cells[0])
    assert all(len(r) == w for r in cells), rows
    return [[token(cells[y][x]) for y in range(h)] for x in range(w)]


def room(w, h):
    """Rows of a w x h room: walls around, empty inside."""
    return ["# " * w] + ["# " + ". " * (w - 2) + "#" for _ in range(h - 2)] + ["# " * w]


def with_cells(rows, **cells):
    """Copy of rows with cells set: with_cells(rows, c3_2="Kb")."""
    grid = [r.split() for r in rows]
    for key, tok in cells.items():
        x, y = (int(v) for v in key[1:].split("_"))
        grid[y][x] = tok
    return [" ".join(r) for r in grid]


R5 = room(5, 5)
DOOR_ROOM = [  # 7 x 5, wall at x = 3 with a door at (3, 2)
    "# # # # # # #",
    "# . . # . . #",
    "# . . DOOR . . #",
    "# . . # . . #",
    "# # # # # # #",
]
OCCLUSION = [  # 9 x 9, interior walls and a closed door
    "# # # # # # # # #",
    "# Kr . . # . Ab . #",
    "# . . . # . . . #",
    "# # Dy # # . . Bp #",
    "# . . . . . # . #",
    "# . Ag . . . # . #",
    "# . . . . . . . #",
    "# . . . . . . . #",
    "# # # # # # # # #",
]
SHOWROOM = [  # 9 x 9 open room with distinct objects (rotation check)
    "# # # # # # # # #",
    "# Kr . . Ab . . Gx #",
    "# . . . . . . . #",
    "# . Bp . . . Ky . #",
    "# Fb . . . . . . #",
    "# . . . . . . V #",
    "# . Ag . . . . . #",
    "# . . . Dr . . Ke #",
    "# # # # # # # # #",
]


def door_room(tok):
    return [r.replace("DOOR", tok) for r in DOOR_ROOM]


def L(name, rows, pos, d, actions, desc, **kw):
    """One hand-written scenario."""
    return dict(name=name, description=desc, rows=rows, pos=pos, dir=d,
                actions=actions.split(), **kw)


def hand_scenarios():
    showroom = [r.replace("Gx", "G") for r in SHOWROOM]
    four_dirs = "right right right right"
    s = [
        L("turn_left", R5, (2, 2), 0, "left left left left left",
          "five left turns: 0 -> 3 -> 2 -> 1 -> 0 -> 3"),
        L("turn_right", R5, (2, 2), 0, "right right right right right",
          "five right turns: 0 -> 1 -> 2 -> 3 -> 0 -> 1"),
        L("forward_empty_then_wall", room(6, 5), (1, 2), 0,
          "forward forward forward forward right forward forward forward",
          "walk east until the wall blocks, then south until the wall blocks"),
        L("forward_closed_door", door_room("Db"), (2, 2), 0, "forward done",
          "a closed door blocks forward"),
        L("toggle_door_open_close_walk_through", door_room("Db"), (2, 2), 0,
          "toggle toggle toggle forward forward left left toggle forward",
          "toggle opens/closes/opens an unlocked door; walk onto the open door and "
          "past it; turn round and close it from the other side; forward is blocked"),
        L("forward_open_door", door_room("Ob"), (1, 2), 0,
          "forward forward forward forward",
          "walk onto and through an open door (the partial view shows empty under "
          "the agent; the grid keeps the open door)"),
        L("forward_locked_door_no_key", door_room("Ly"), (2, 2), 0,
          "forward toggle forward",
          "a locked door blocks forward; toggle without a key does nothing"),
        L("toggle_locked_door_wrong_key", door_room("Ly"), (2, 2), 0,
          "toggle forward", "locked yellow door, carrying a red key: nothing",
          carrying="Kr"),
        L("toggle_locked_door_right_key", door_room("Ly"), (2, 2), 0,
          "toggle forward forward left left toggle toggle",
          "carrying the yellow key: toggle unlocks AND opens (state 2 -> 0), the "
          "key is kept; closing it again gives an unlocked closed door (state 1)",
          carrying="Ky"),
        L("toggle_locked_door_key_in_box", door_room("Ly"), (2, 2), 0, "toggle",
          "carrying a box that contains the right key does not unlock",
          carrying="By", carrying_contents="Ky"),
        L("goal_reward", with_cells(R5, c3_3="G"), (3, 2), 1, "forward",
          "goal at step_count 5 -> 6 of max_steps 20: reward 1 - 0.9 * 6 / 20",
          step_count=5, max_steps=20),
        L("goal_reward_first_step", with_cells(R5, c3_3="G"), (3, 2), 1, "forward",
          "goal on the first step of 100: reward 1 - 0.9 * 1 / 100 (step_count "
          "is incremented before the reward)", max_steps=100),
        L("goal_on_last_step", with_cells(R5, c3_3="G"), (3, 2), 1, "forward",
          "goal reached on step max_steps: terminated AND truncated, reward 0.1",
          step_count=19, max_steps=20),
        L("goal_walk", with_cells(room(6, 6), c4_4="G"), (1, 1), 0,
          "forward forward forward right forward forward forward",
          "walk to the goal in the corner; the agent ends on the goal cell",
          max_steps=50),
        L("lava", with_cells(R5, c3_2="V"), (2, 2), 0, "forward",
          "forward onto lava: the agent moves onto it, terminated, reward 0"),
        L("forward_onto_floor", with_cells(R5, c2_2="Fb", c3_2="Fr"), (1, 2), 0,
          "forward forward left",
          "floor tiles can be walked on (partial view shows empty under the agent)"),
        L("forward_blocked_by_objects",
          with_cells(R5, c3_2="Kb", c2_3="Ag", c1_2="Bp"), (2, 2), 0,
          "forward right forward right forward",
          "keys, balls and boxes block forward"),
        L("pickup_key", with_cells(R5, c3_2="Kb"), (2, 2), 0,
          "pickup forward left right",
          "pick up a key; the partial view shows it at the agent's cell "
          "([V//2][V-1]), the full obs does not"),
        L("pickup_ball", with_cells(R5, c3_2="Ag"), (2, 2), 0, "pickup forward",
          "pick up a ball"),
        L("pickup_box_with_contents_drop_toggle",
          with_cells(R5, c3_2="Bp"), (2, 2), 0,
          "pickup forward right drop toggle pickup",
          "pick up a box holding a red key (it keeps its contents), drop it, "
          "toggle it (replaced by the key), pick up the key",
          box_contents={"3,2": "Kr"}),
        L("pickup_empty_box", with_cells(R5, c3_2="Bb"), (2, 2), 0, "pickup",
          "pick up an empty box"),
        L("pickup_hands_full", with_cells(R5, c3_2="Ar"), (2, 2), 0,
          "pickup forward", "carrying a key, pickup of a ball does nothing",
          carrying="Ky"),
        L("pickup_nothing", R5, (2, 2), 0, "pickup",
          "pickup facing an empty cell does nothing"),
        L("pickup_non_pickable",
          with_cells(R5, c2_1="#", c3_2="G", c2_3="Dr", c1_2="V"), (2, 2), 3,
          "pickup right pickup right pickup right pickup",
          "pickup facing a wall, goal, closed door, lava: nothing"),
        L("pickup_open_door_and_floor", with_cells(R5, c3_2="Oy", c2_3="Fg"),
          (2, 2), 0, "pickup right pickup",
          "pickup facing an open door and floor: nothing"),
        L("drop_onto_empty", R5, (2, 2), 0, "drop drop pickup",
          "drop a carried key onto an empty cell, drop with empty hands (nothing), "
          "pick it up again", carrying="Kb"),
        L("drop_onto_occupied",
          with_cells(R5, c3_2="Ar", c2_3="G", c1_2="Oy", c2_1="Fp"), (2, 2), 0,
          "drop right drop right drop right drop",
          "drop facing a ball, goal, open door, floor: nothing (only an empty "
          "cell takes a dropped object)", carrying="Kb"),
        L("drop_onto_lava", with_cells(R5, c3_2="V"), (2, 2), 0, "drop",
          "drop facing lava: nothing", carrying="Kb"),
        L("drop_in_front_of_wall", R5, (1, 1), 3, "drop left drop",
          "drop facing walls: nothing", carrying="Kb"),
        L("drop_box_with_contents", R5, (2, 2), 0, "drop toggle",
          "carrying a box holding a ball: drop keeps the contents, toggle "
          "reveals the ball", carrying="Bg", carrying_contents="Ay"),
        L("toggle_box_with_contents", with_cells(R5, c3_2="Bg"), (2, 2), 0,
          "toggle toggle pickup",
          "toggle a box: replaced by its contents (a ball); toggling the ball "
          "does nothing; pick the ball up", box_contents={"3,2": "Ay"}),
        L("toggle_empty_box", with_cells(R5, c3_2="Bg"), (2, 2), 0,
          "toggle forward", "toggle an empty box: the cell becomes empty"),
        L("toggle_box_while_carrying", with_cells(R5, c3_2="Bg"), (2, 2), 0,
          "toggle", "toggle a box holding a blue key while carrying a red key",
          carrying="Kr", box_contents={"3,2": "Kb"}),
        L("toggle_nested_box", with_cells(R5, c3_2="Bg"), (2, 2), 0,
          "toggle toggle",
          "a box inside a box: the first toggle reveals the inner box (the "
          "state format cannot say what that one holds; here nothing)",
          box_contents={"3,2": "Bp"}),
        L("toggle_non_togglable",
          with_cells(R5, c2_1="#", c3_2="G", c2_3="Kb", c1_2="Ar"), (2, 2), 3,
          "toggle right toggle right toggle right toggle",
          "toggle facing a wall, goal, key, ball: nothing"),
        L("done_action", R5, (2, 2), 0, "done done",
          "done does nothing but count a step"),
        L("max_steps_truncation", R5, (2, 2), 0, "left forward forward",
          "max_steps 3: the third step is truncated", max_steps=3),
        L("truncation_from_loaded_step_count", R5, (2, 2), 0, "done right",
          "loaded at step_count 10 of 12", step_count=10, max_steps=12),
        L("step_past_max_steps", R5, (2, 2), 0, "left left",
          "loaded past the limit (step_count 5, max_steps 3): every step is "
          "truncated, MiniGrid does not stop", step_count=5, max_steps=3),
        L("occlusion_walls_doors", OCCLUSION, (4, 7), 3,
          "forward forward forward right right right right left forward forward",
          "interior walls and a closed door hide cells (see_through_walls false)"),
        L("occlusion_walls_doors_see_through", OCCLUSION, (4, 7), 3,
          "forward forward forward right right right right left forward forward",
          "same walk with see_through_walls true", see_through_walls=True),
        L("open_door_visibility", OCCLUSION, (2, 4), 3,
          "toggle toggle toggle forward",
          "a closed door hides the room behind it, opening it reveals the room, "
          "closing hides it again; then step into the doorway"),
        L("locked_door_visibility", with_cells(OCCLUSION, c2_3="Lp"), (2, 4), 3,
          "toggle left", "a locked door blocks sight like a closed one"),
        L("border_view", R5, (1, 1), 3, "left left left left",
          "agent in a corner: view cells outside the grid (MiniGrid encodes them "
          "as grey walls, which also occlude)"),
        L("border_view_see_through", R5, (1, 1), 3, "left left left left",
          "same with see_through_walls true", see_through_walls=True),
        L("view_four_directions", showroom, (4, 4), 0, four_dirs,
          "open room with distinct objects: the view rotated to each direction"),
        L("view_four_directions_off_centre", showroom, (2, 5), 1, four_dirs,
          "same room, agent off centre"),
        L("view_size_3", showroom, (4, 4), 0, four_dirs, "agent_view_size 3",
          agent_view_size=3),
        L("view_size_5", showroom, (4, 4), 0, four_dirs, "agent_view_size 5",
          agent_view_size=5),
        L("view_size_9", showroom, (4, 4), 0, four_dirs + " forward forward",
          "agent_view_size 9", agent_view_size=9),
        L("view_size_5_occlusion", OCCLUSION, (4, 7), 3,
          "forward forward right right", "agent_view_size 5 with walls",
          agent_view_size=5),
        L("view_size_9_occlusion", OCCLUSION, (4, 7), 3,
          "forward forward right right", "agent_view_size 9 with walls",
          agent_view_size=9),
        L("doorkey_solve",
          ["# # # # # #", "# . . # . #", "# Ky . Ly . #", "# . . # G #",
           "# # # # # #"], (1, 1), 1,
          "pickup forward left forward toggle forward forward right forward",
          "a tiny DoorKey: pick up the key, unlock, walk to the goal",
          max_steps=60),
    ]
    return s


# --------------------------------------------------------------------------
# Generation (only runs inside the venv).
# --------------------------------------------------------------------------

def build(args):
    import gymnasium as gym
    import numpy as np

    import minigrid  # noqa: F401  (registers the envs)
    from minigrid.core.constants import (COLOR_TO_IDX, DIR_TO_VEC, OBJECT_TO_IDX,
                                         STATE_TO_IDX)
    from minigrid.core.grid import Grid
    from minigrid.core.mission import MissionSpace
    from minigrid.core.world_object import WorldObj
    from minigrid.minigrid_env import MiniGridEnv
    from minigrid.wrappers import FullyObsWrapper

    def enc(obj):
        return [int(v) for v in obj.encode()]

    def decode(triple):
        obj = WorldObj.decode(*triple)
        assert obj is not None, triple
        return obj

    def export_state(env):
        u = env.unwrapped
        boxes = {}
        for y in range(u.height):
            for x in range(u.width):
                c = u.grid.get(x, y)
                if c is not None and c.type == "box" and c.contains is not None:
                    boxes[f"{x},{y}"] = enc(c.contains)
        st = {
            "grid": u.grid.encode().tolist(),
            "agent_pos": [int(u.agent_pos[0]), int(u.agent_pos[1])],
            "agent_dir": int(u.agent_dir),
            "carrying": enc(u.carrying) if u.carrying is not None else None,
            "step_count": int(u.step_count),
            "box_contents": boxes,
        }
        if u.carrying is not None and u.carrying.type == "box" and u.carrying.contains is not None:
            st["carrying_contents"] = enc(u.carrying.contains)
        return st

    class ReferenceLayoutEnv(MiniGridEnv):
        """Loads a state dict into MiniGrid; see the module docstring."""

        MISSION = "reference layout"

        def __init__(self, state, max_steps, agent_view_size=7, see_through_walls=False):
            self._layout = state
            super().__init__(
                mission_space=MissionSpace(mission_func=self._gen_mission),
                width=len(state["grid"]), height=len(state["grid"][0]),
                max_steps=max_steps, agent_view_size=agent_view_size,
                see_through_walls=see_through_walls)

        @staticmethod
        def _gen_mission():
            return ReferenceLayoutEnv.MISSION

        def _gen_grid(self, width, height):
            st = self._layout
            self.grid = Grid(width, height)
            for x in range(width):
                for y in range(height):
                    obj = WorldObj.decode(*st["grid"][x][y])
                    if obj is not None:
                        self.put_obj(obj, x, y)
            for key, triple in st["box_contents"].items():
                x, y = (int(v) for v in key.split(","))
                box = self.grid.get(x, y)
                assert box is not None and box.type == "box", key
                box.contains = decode(triple)
            self.agent_pos = (int(st["agent_pos"][0]), int(st["agent_pos"][1]))
            self.agent_dir = int(st["agent_dir"])
            self.mission = self.MISSION

        def reset(self, *, seed=None, options=None):
            super().reset(seed=seed, options=options)
            st = self._layout
            if st["carrying"] is not None:
                self.carrying = decode(st["carrying"])
                self.carrying.cur_pos = np.array([-1, -1])
                if "carrying_contents" in st:
                    self.carrying.contains = decode(st["carrying_contents"])
            self.step_count = int(st["step_count"])
            return self.gen_obs(), {}

    def obs_rec(obs):
        return {"image": obs["image"].tolist(), "direction": int(obs["direction"])}

    def full_obs(fw, obs):
        return fw.observation(obs)["image"].tolist()

    def check_full_obs(state, full):
        """full_obs == grid with the agent cell overwritten (FullyObsWrapper)."""
        g = [[list(c) for c in col] for col in state["grid"]]
        x, y = state["agent_pos"]
        g[x][y] = [OBJECT_TO_IDX["agent"], COLOR_TO_IDX["red"], state["agent_dir"]]
        assert g == full

    def run_steps(env, fw, actions, compact):
        """Step through `actions` (a list, or a function of the env giving
        the next action, called RANDOM_WALK_STEPS times at most)."""
        steps = []
        prev_grid = export_state(env)["grid"]
        ended = None
        if callable(actions):
            choose = actions
            actions = (choose(env.unwrapped) for _ in range(RANDOM_WALK_STEPS))
        for a in actions:
            obs, reward, term, trunc, _ = env.step(a)
            nxt = export_state(env)
            full = full_obs(fw, obs)
            check_full_obs(nxt, full)
            rec = {"action": int(a)}
            grid = nxt["grid"]
            if compact and grid == prev_grid:
                del nxt["grid"]
            prev_grid = grid
            rec["next_state"] = nxt
            rec["obs"] = obs_rec(obs)
            if not compact:
                rec["full_obs"] = full
            rec["reward"] = float(reward)
            rec["terminated"] = bool(term)
            rec["truncated"] = bool(trunc)
            steps.append(rec)
            if compact and (term or trunc):
                ended = "terminated" if term else "truncated"
                break
        return steps, ended

    # ---- hand-written layouts ------------------------------------------
    def layout_scenario(spec):
        state = {
            "grid": parse_rows(spec["rows"]),
            "agent_pos": list(spec["pos"]),
            "agent_dir": spec["dir"],
            "carrying": token(spec["carrying"]) if spec.get("carrying") else None,
            "step_count": spec.get("step_count", 0),
            "box_contents": {k: token(v) for k, v in spec.get("box_contents", {}).items()},
        }
        if spec.get("carrying_contents"):
            state["carrying_contents"] = token(spec["carrying_contents"])
        max_steps = spec.get("max_steps", 100)
        view = spec.get("agent_view_size", 7)
        stw = spec.get("see_through_walls", False)
        env = ReferenceLayoutEnv(state, max_steps, view, stw)
        fw = FullyObsWrapper(env)
        obs, _ = env.reset(seed=0)
        assert export_state(env) == state, spec["name"]
        init_full = full_obs(fw, obs)
        check_full_obs(state, init_full)
        actions = [ACT[a] for a in spec["actions"]]
        steps, _ = run_steps(env, fw, actions, compact=False)
        return {
            "name": spec["name"], "kind": "layout", "description": spec["description"],
            "max_steps": max_steps, "agent_view_size": view, "see_through_walls": stw,
            "mission": env.mission, "state": state, "actions": actions,
            "initial_obs": obs_rec(obs), "initial_full_obs": init_full, "steps": steps,
        }

    # ---- random walks from registered envs -------------------------------
    def family_data(u):
        cls = type(u).__name__
        if cls == "UnlockEnv":
            return {"rule": "toggle and the door is open afterwards -> reward, terminated",
                    "door_pos": [int(v) for v in u.door.cur_pos], "door": enc(u.door)}
        if cls in ("UnlockPickupEnv", "KeyCorridorEnv"):
            return {"rule": "pickup and the carried object IS the target -> reward, "
                            "terminated (identity, not type/colour)",
                    "target_pos": [int(v) for v in u.obj.cur_pos], "target": enc(u.obj)}
        return {}

    def replay_check(state, actions, steps, u, special):
        """Self-check: the exported initial state, loaded into the generic
        ReferenceLayoutEnv and stepped with the same actions, reproduces the
        recorded states and observations (and rewards/flags, unless the
        family has its own step rules), i.e. the state format is complete."""
        env = ReferenceLayoutEnv(state, int(u.max_steps), int(u.agent_view_size),
                                 bool(u.see_through_walls))
        env.reset(seed=0)
        grid = state["grid"]
        for a, rec in zip(actions, steps):
            obs, reward, term, trunc, _ = env.step(a)
            nxt = export_state(env)
            grid = rec["next_state"].get("grid", grid)
            assert nxt == dict(rec["next_state"], grid=grid), (u, a)
            assert obs_rec(obs) == rec["obs"]
            if not special:
                assert (float(reward), term, trunc) == (
                    rec["reward"], rec["terminated"], rec["truncated"])

    def walk_scenario(env_index, env_id, seed, solve=False):
        env = gym.make(env_id)
        u = env.unwrapped
        fw = FullyObsWrapper(u)
        obs, _ = env.reset(seed=seed)
        state = export_state(env)
        init_full = full_obs(fw, obs)
        check_full_obs(state, init_full)
        fam = family_data(u)
        if solve:
            choose = Solver(u, type(u).__name__)
        else:
            rng = np.random.default_rng([env_index, seed])

            def choose(uw):
                return int(rng.choice(len(ACTION_NAMES), p=action_weights(uw)))

        steps, ended = run_steps(env, fw, choose, compact=True)
        actions = [st["action"] for st in steps]
        replay_check(state, actions, steps, u, special=bool(fam))
        if solve:
            assert ended == "terminated" and steps[-1]["reward"] > 0, env_id
        rec = {
            "name": f"{env_id}/seed{seed}" + ("/solve" if solve else ""),
            "kind": "solve" if solve else "random_walk", "env_id": env_id,
            "env_class": type(u).__name__, "seed": seed,
            "max_steps": int(u.max_steps), "agent_view_size": int(u.agent_view_size),
            "see_through_walls": bool(u.see_through_walls), "mission": u.mission,
            "family": fam, "state": state, "actions": actions,
            "initial_obs": obs_rec(obs), "initial_full_obs": init_full,
        }
        rec["steps"] = steps
        rec["ended"] = ended
        env.close()
        return rec

    import minigrid as mg
    meta = refenv.meta(__file__)
    meta["minigrid"] = mg.__version__
    meta["actions"] = {n: i for i, n in enumerate(ACTION_NAMES)}
    meta["object_to_idx"] = dict(OBJECT_TO_IDX)
    meta["color_to_idx"] = dict(COLOR_TO_IDX)
    meta["state_to_idx"] = dict(STATE_TO_IDX)
    meta["dir_to_vec"] = [[int(v) for v in d] for d in DIR_TO_VEC]

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = []

    if args.only in (None, "scenarios"):
        meta_s = dict(meta)
        meta_s["random_walk"] = {
            "seeds": list(RANDOM_WALK_SEEDS), "max_actions": RANDOM_WALK_STEPS,
            "action_weights": {"base": list(ACTION_WEIGHTS),
                               "facing_closed_or_locked_door": {"toggle": BOOST},
                               "facing_key_ball_box_hands_empty": {"pickup": BOOST},
                               "facing_box": {"toggle": BOOST / 2},
                               "carrying_facing_empty": {"drop": BOOST / 4},
                               "note": "boosts are added to the base weights, then normalised"},
            "action_rng": ("one numpy.random.default_rng([env_index, seed]).choice(7, p=w) "
                           "per step, w from the situation before the step"),
            "env_ids": list(RANDOM_WALK_ENVS),
            "solve_env_ids": list(SOLVE_ENVS), "solve_seed": SOLVE_SEED,
            "compaction": ("next_state.grid omitted when unchanged from the previous state; "
                           "steps have no full_obs (= next grid + agent cell [10,0,dir]); "
                           "the walk stops at the first terminated/truncated step"),
        }
        scen = [layout_scenario(s) for s in hand_scenarios()]
        names = [s["name"] for s in scen]
        assert len(set(names)) == len(names)
        for i, env_id in enumerate(RANDOM_WALK_ENVS):
            if env_id not in gym.registry:
                raise SystemExit(f"{env_id} is not registered in minigrid {mg.__version__}")
            for seed in RANDOM_WALK_SEEDS:
                scen.append(walk_scenario(i, env_id, seed))
        for env_id in SOLVE_ENVS:
            scen.append(walk_scenario(None, env_id, SOLVE_SEED, solve=True))
        path = OUT_DIR / "scenarios.json"
        write_lines_json(path, meta_s, "scenarios", scen)
        written.append(path)

    if args.only in (None, "families"):
        meta_f = dict(meta)
        meta_f["stats_seeds"] = f"reset(seed=s) for s in range({args.seeds})"
        meta_f["bfs"] = BFS_DOC
        fams = {}
        for fam, ids in FAMILIES.items():
            fams[fam] = {"ids": {}}
            for env_id in ids:
                if env_id not in gym.registry:
                    raise SystemExit(f"{env_id} is not registered in minigrid {mg.__version__}")
                fams[fam]["ids"][env_id] = family_entry(gym, np, fam, env_id, args.seeds)
                print(f"  {env_id}", file=sys.stderr)
        path = OUT_DIR / "families.json"
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"meta":' + dumps(meta_f) + ',\n"families":{\n')
            items = list(fams.items())
            for i, (fam, v) in enumerate(items):
                f.write(json.dumps(fam) + ":{\"ids\":{\n")
                ids = list(v["ids"].items())
                for k, (env_id, e) in enumerate(ids):
                    f.write(json.dumps(env_id) + ":" + dumps(e)
                            + ("," if k + 1 < len(ids) else "") + "\n")
                f.write("}}" + ("," if i + 1 < len(items) else "") + "\n")
            f.write("}}\n")
        written.append(path)

    for p in written:
        print(f"wrote {p.relative_to(refenv.REPO_ROOT)} ({p.stat().st_size} bytes)")


# --------------------------------------------------------------------------
# families.json
# --------------------------------------------------------------------------

FAMILIES = {
    "Empty": ["MiniGrid-Empty-5x5-v0", "MiniGrid-Empty-6x6-v0", "MiniGrid-Empty-8x8-v0",
              "MiniGrid-Empty-16x16-v0", "MiniGrid-Empty-Random-5x5-v0",
              "MiniGrid-Empty-Random-6x6-v0"],
    "FourRooms": ["MiniGrid-FourRooms-v0"],
    "DoorKey": [f"MiniGrid-DoorKey-{n}x{n}-v0" for n in (5, 6, 8, 16)],
    "LavaGap": [f"MiniGrid-LavaGapS{n}-v0" for n in (5, 6, 7)],
    "SimpleCrossing": [f"MiniGrid-SimpleCrossing{v}-v0" for v in ("S9N1", "S9N2", "S9N3", "S11N5")],
    "LavaCrossing": [f"MiniGrid-LavaCrossing{v}-v0" for v in ("S9N1", "S9N2", "S9N3", "S11N5")],
    # N4-S5-v0 is a legacy id that MiniGrid 3.2 configures with 6 rooms; -v1 has 4.
    "MultiRoom": ["MiniGrid-MultiRoom-N2-S4-v0", "MiniGrid-MultiRoom-N4-S5-v0",
                  "MiniGrid-MultiRoom-N4-S5-v1", "MiniGrid-MultiRoom-N6-v0"],
    "Unlock": ["MiniGrid-Unlock-v0"],
    "UnlockPickup": ["MiniGrid-UnlockPickup-v0"],
    "KeyCorridor": [f"MiniGrid-KeyCorridor{v}-v0"
                    for v in ("S3R1", "S3R2", "S3R3", "S4R3", "S5R3", "S6R3")],
    "DistShift": ["MiniGrid-DistShift1-v0", "MiniGrid-DistShift2-v0"],
    "Dynamic-Obstacles": [f"MiniGrid-Dynamic-Obstacles-{v}-v0"
                          for v in ("5x5", "Random-5x5", "6x6", "Random-6x6", "8x8", "16x16")],
    "GoToDoor": [f"MiniGrid-GoToDoor-{n}x{n}-v0" for n in (5, 6, 8)],
    "Fetch": ["MiniGrid-Fetch-5x5-N2-v0", "MiniGrid-Fetch-6x6-N2-v0", "MiniGrid-Fetch-8x8-N3-v0"],
    "Memory": [f"MiniGrid-Memory{v}-v0"
               for v in ("S7", "S9", "S11", "S13", "S13Random", "S17Random")],
}

BFS_DOC = (
    "Shortest path over agent states (x, y, dir) from the reset state, moves "
    "left/right (turn, cost 1) and forward (cost 1, only into a passable cell). "
    "Passable: empty, goal, floor, and doors in any state (open, closed or "
    "locked: keys/toggles are not modelled), except in GoToDoor, where doors are "
    "not passable (toggling ends that episode); keys in DoorKey, Unlock, "
    "UnlockPickup and KeyCorridor (the agent would pick them up on the way; "
    "the pickup is not counted). Not passable: walls, lava, balls, boxes, and "
    "keys in the other families -- except Dynamic-Obstacles, whose moving "
    "balls are ignored. "
    "Target kinds: 'reach' = agent_pos in the target cell set (the final forward "
    "onto it is counted), 'face' = the cell in front of the agent is a target "
    "(the final pickup/toggle/done is not counted). Per family: goal families "
    "reach the goal square; Memory reaches success_pos; GoToDoor reaches a cell "
    "4-adjacent to the target door (the done rule, direction free); Unlock faces "
    "the locked door; UnlockPickup and KeyCorridor face the target object; Fetch "
    "faces any object of the target type and colour. 'to_key' (DoorKey, Unlock, "
    "UnlockPickup, KeyCorridor) faces the key, same rules. Stats are mean/min/max "
    "over the seeds; 'unreachable' counts seeds with no path."
)

GOAL_FAMILIES = {"Empty", "FourRooms", "DoorKey", "LavaGap", "SimpleCrossing",
                 "LavaCrossing", "MultiRoom", "DistShift", "Dynamic-Obstacles"}
KEY_FAMILIES = {"DoorKey", "Unlock", "UnlockPickup", "KeyCorridor"}
DIRS = ((1, 0), (0, 1), (-1, 0), (0, -1))


def bfs(u, passable, targets, face):
    """Shortest left/right/forward path length, or None; see BFS_DOC."""
    W, H = u.width, u.height
    x0, y0 = int(u.agent_pos[0]), int(u.agent_pos[1])
    start = (x0, y0, int(u.agent_dir))

    def done(x, y, d):
        if face:
            dx, dy = DIRS[d]
            return (x + dx, y + dy) in targets
        return (x, y) in targets

    dist = {start: 0}
    q = deque([start])
    while q:
        s = q.popleft()
        x, y, d = s
        if done(x, y, d):
            return dist[s]
        dx, dy = DIRS[d]
        nxt = [(x, y, (d - 1) % 4), (x, y, (d + 1) % 4)]
        fx, fy = x + dx, y + dy
        if 0 <= fx < W and 0 <= fy < H and passable(u.grid.get(fx, fy)):
            nxt.append((fx, fy, d))
        for n in nxt:
            if n not in dist:
                dist[n] = dist[s] + 1
                q.append(n)
    return None


def summary(values):
    vals = [v for v in values if v is not None]
    out = {"mean": round(sum(vals) / len(vals), 4) if vals else None,
           "min": min(vals) if vals else None, "max": max(vals) if vals else None}
    missing = len(values) - len(vals)
    if missing:
        out["unreachable"] = missing
    return out


def mission_info(u):
    space = u.observation_space.spaces["mission"]
    func, ph = space.mission_func, space.ordered_placeholders
    names = list(inspect.signature(func).parameters)
    template = func(*["{" + n + "}" for n in names])
    if ph:
        vocab = sorted({func(*combo) for combo in itertools.product(*ph)})
        placeholders = {n: list(p) for n, p in zip(names, ph)}
    else:
        vocab = [func()]
        placeholders = {}
    return {"template": template, "placeholders": placeholders, "vocabulary": vocab}


def family_entry(gym, np, fam, env_id, seeds):
    spec = gym.spec(env_id)
    env = gym.make(env_id)
    u = env.unwrapped
    entry = {
        "env_class": spec.entry_point,
        "kwargs": json.loads(json.dumps(spec.kwargs, default=list)),
        "width": int(u.width), "height": int(u.height),
        "max_steps": int(u.max_steps), "agent_view_size": int(u.agent_view_size),
        "see_through_walls": bool(u.see_through_walls),
        "num_actions": int(u.action_space.n),
        "max_episode_steps": spec.max_episode_steps,
        "mission": mission_info(u),
    }
    doors_passable = fam != "GoToDoor"
    ignore_balls = fam == "Dynamic-Obstacles"
    keys_passable = fam in KEY_FAMILIES

    def passable(c):
        if c is None or c.type in ("goal", "floor"):
            return True
        if c.type == "door":
            return doors_passable or c.is_open
        if c.type == "key":
            return keys_passable
        return ignore_balls and c.type == "ball"

    lengths, key_lengths, counts, missions = [], [], [], set()
    dirs = [0, 0, 0, 0]
    bbox_w, bbox_h, extra = [], [], {}
    for seed in range(seeds):
        env.reset(seed=seed)
        missions.add(u.mission)
        dirs[int(u.agent_dir)] += 1
        c = {}
        xs, ys = [], []
        key_cells = set()
        for y in range(u.height):
            for x in range(u.width):
                o = u.grid.get(x, y)
                if o is None:
                    continue
                xs.append(x)
                ys.append(y)
                name = o.type
                if o.type == "door":
                    name = "door_" + ("open" if o.is_open else "locked" if o.is_locked else "closed")
                c[name] = c.get(name, 0) + 1
                if o.type == "box" and o.contains is not None:
                    c["box_contents"] = c.get("box_contents", 0) + 1
                if o.type == "key":
                    key_cells.add((x, y))
        counts.append(c)
        bbox_w.append(max(xs) - min(xs) + 1)
        bbox_h.append(max(ys) - min(ys) + 1)

        if fam in GOAL_FAMILIES:
            goals = {(x, y) for y in range(u.height) for x in range(u.width)
                     if u.grid.get(x, y) is not None and u.grid.get(x, y).type == "goal"}
            lengths.append(bfs(u, passable, goals, face=False))
        elif fam == "Memory":
            lengths.append(bfs(u, passable, {tuple(int(v) for v in u.success_pos)}, face=False))
            extra.setdefault("success_pos_x", []).append(int(u.success_pos[0]))
        elif fam == "GoToDoor":
            tx, ty = (int(v) for v in u.target_pos)
            adj = {(tx + dx, ty + dy) for dx, dy in DIRS}
            lengths.append(bfs(u, passable, adj, face=False))
        elif fam == "Unlock":
            lengths.append(bfs(u, passable, {tuple(int(v) for v in u.door.cur_pos)}, face=True))
        elif fam in ("UnlockPickup", "KeyCorridor"):
            lengths.append(bfs(u, passable, {tuple(int(v) for v in u.obj.cur_pos)}, face=True))
        elif fam == "Fetch":
            tg = {(x, y) for y in range(u.height) for x in range(u.width)
                  if u.grid.get(x, y) is not None and u.grid.get(x, y).type == u.targetType
                  and u.grid.get(x, y).color == u.targetColor}
            lengths.append(bfs(u, passable, tg, face=True))
        else:
            raise AssertionError(fam)
        if fam in KEY_FAMILIES:
            key_lengths.append(bfs(u, passable, key_cells, face=True))
    env.close()

    keys = sorted({k for c in counts for k in c})
    stats = {
        "seeds": seeds,
        "path_length": summary(lengths),
        "object_counts": {k: summary([c.get(k, 0) for c in counts]) for k in keys},
        "occupied_bbox_width": summary(bbox_w),
        "occupied_bbox_height": summary(bbox_h),
        "agent_start_dir_counts": dirs,
    }
    if key_lengths:
        stats["path_length_to_key"] = summary(key_lengths)
    for k, v in extra.items():
        stats[k] = summary(v)
    entry["mission"]["observed"] = sorted(missions)
    assert set(missions) <= set(entry["mission"]["vocabulary"]), (env_id, missions)
    entry["stats"] = stats
    return entry


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=False)


def write_lines_json(path, meta, key, items):
    """{"meta": ..., key: [item, item, ...]} with one item per line."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"meta":' + dumps(meta) + ",\n")
        f.write(f'"{key}":[\n')
        for i, it in enumerate(items):
            f.write(dumps(it) + ("," if i + 1 < len(items) else "") + "\n")
        f.write("]}\n")


def main():
    parser = argparse.ArgumentParser(description="MiniGrid reference fixtures")
    parser.add_argument("--only", choices=("scenarios", "families"))
    parser.add_argument("--seeds", type=int, default=STATS_SEEDS,
                        help=f"seeds for the families.json statistics ({STATS_SEEDS})")
    args = parser.parse_args()
    build(args)


if __name__ == "__main__":
    refenv.ensure_venv_and_reexec(__file__)
    main()
