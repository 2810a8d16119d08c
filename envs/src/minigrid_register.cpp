// MiniGrid's ids in the registry, with MiniGrid's constructor arguments.
#include <string>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "gym/envs/grid/minigrid.hpp"
#include "gym/world_env.hpp"

namespace gym::envs {

namespace {

using grid::Family;
using grid::LevelParams;

LevelParams family(Family f, int size = 8) {
  LevelParams p;
  p.family = f;
  p.size = size;
  return p;
}

}  // namespace

void MiniGrid::describe_options(const Params& p, nlohmann::json& out) {
  if (p.family != Family::kCustom) return;
  out.push_back(fixed_option_json("map", MiniGrid::map_text(p.layout),
                                  "the level as a text map, two characters a cell (README: Custom levels)",
                                  "map text, or @FILE"));
}

void register_minigrid(Registry& r) {
  const EnvMetadata md{{}, 10.0};
  auto add = [&](const std::string& id, LevelParams p) {
    // MiniGrid ends its episodes itself (max_steps), so the registry adds no
    // time limit of its own.
    r.add(world_factory<MiniGrid>({id, std::nullopt, std::nullopt, "MiniGrid 3.2 " + id}, p, md));
  };
  for (int s : {5, 6, 8, 16}) add(fmt::format("MiniGrid-Empty-{}x{}-v0", s, s), family(Family::kEmpty, s));
  for (int s : {5, 6}) {
    LevelParams p = family(Family::kEmpty, s);
    p.random_start = true;
    add(fmt::format("MiniGrid-Empty-Random-{}x{}-v0", s, s), p);
  }
  add("MiniGrid-FourRooms-v0", family(Family::kFourRooms, 19));
  for (int s : {5, 6, 8, 16}) add(fmt::format("MiniGrid-DoorKey-{}x{}-v0", s, s), family(Family::kDoorKey, s));
  for (int s : {5, 6, 7}) add(fmt::format("MiniGrid-LavaGapS{}-v0", s), family(Family::kLavaGap, s));
  for (bool lava : {true, false}) {
    for (auto [s, n] : {std::pair{9, 1}, {9, 2}, {9, 3}, {11, 5}}) {
      LevelParams p = family(Family::kCrossing, s);
      p.num_crossings = n;
      p.lava = lava;
      add(fmt::format("MiniGrid-{}CrossingS{}N{}-v0", lava ? "Lava" : "Simple", s, n), p);
    }
  }
  for (auto [k, row] : {std::pair{1, 2}, {2, 5}}) {
    LevelParams p = family(Family::kDistShift, 9);
    p.strip2_row = row;
    add(fmt::format("MiniGrid-DistShift{}-v0", k), p);
  }
  add("MiniGrid-Unlock-v0", family(Family::kUnlock));
  add("MiniGrid-UnlockPickup-v0", family(Family::kUnlockPickup));
  for (auto [s, n] : {std::pair{5, 2}, {6, 3}, {8, 4}, {16, 8}}) {
    for (bool random : {false, true}) {
      if (random && s > 6) continue;
      LevelParams p = family(Family::kDynamicObstacles, s);
      p.obstacles = n;
      p.random_start = random;
      add(fmt::format("MiniGrid-Dynamic-Obstacles-{}{}x{}-v0", random ? "Random-" : "", s, s), p);
    }
  }
  for (auto [id, rooms, max_size] : {std::tuple{"MiniGrid-MultiRoom-N2-S4-v0", 2, 4},
                                     // MiniGrid 3.2 registers N4-S5-v0 with six rooms (v1 has four)
                                     {"MiniGrid-MultiRoom-N4-S5-v0", 6, 5},
                                     {"MiniGrid-MultiRoom-N4-S5-v1", 4, 5},
                                     {"MiniGrid-MultiRoom-N6-v0", 6, 10}}) {
    LevelParams p = family(Family::kMultiRoom, 25);
    p.num_rooms = rooms;
    p.max_room_size = max_size;
    add(id, p);
  }
  for (auto [s, rows] : {std::pair{3, 1}, {3, 2}, {3, 3}, {4, 3}, {5, 3}, {6, 3}}) {
    LevelParams p = family(Family::kKeyCorridor);
    p.room_size = s;
    p.num_rows = rows;
    add(fmt::format("MiniGrid-KeyCorridorS{}R{}-v0", s, rows), p);
  }
  // MiniGrid builds GoToDoor and Fetch with see_through_walls=True.
  for (int s : {5, 6, 8}) {
    LevelParams p = family(Family::kGoToDoor, s);
    p.see_through_walls = true;
    add(fmt::format("MiniGrid-GoToDoor-{}x{}-v0", s, s), p);
  }
  for (auto [s, n] : {std::pair{5, 2}, {6, 2}, {8, 3}}) {
    LevelParams p = family(Family::kFetch, s);
    p.num_objs = n;
    p.see_through_walls = true;
    add(fmt::format("MiniGrid-Fetch-{}x{}-N{}-v0", s, s, n), p);
  }
  for (auto [s, random] : {std::pair{7, false}, {9, false}, {11, false}, {13, false}, {13, true}, {17, true}}) {
    LevelParams p = family(Family::kMemory, s);
    p.random_length = random;
    add(fmt::format("MiniGrid-MemoryS{}{}-v0", s, random ? "Random" : ""), p);
  }
  // A user's own level (option map=TEXT or map=@FILE); this small DoorKey
  // level until one is given.
  LevelParams custom = family(Family::kCustom);
  custom.layout = MiniGrid::parse_map(
      "WGWGWGWGWGWGWG\n"
      "WG>>  WG    WG\n"
      "WG  KYLY  GGWG\n"
      "WG    WG    WG\n"
      "WGWGWGWGWGWGWG\n");
  r.add(world_factory<MiniGrid>({"MiniGrid-Custom-v0", std::nullopt, std::nullopt,
                                 "gym++: a level from a text map (MiniGrid's rules)"},
                                custom, md));
}

}  // namespace gym::envs
