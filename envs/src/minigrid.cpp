// MiniGrid: the host side of the model (checks, spaces, missions, text
// rendering and the JSON state format of `gym step`).
#include "gym/envs/grid/minigrid.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "gym/error.hpp"

namespace gym::envs {

namespace {

using grid::Cell;
using grid::World;

constexpr std::array<const char*, grid::kNumColors> kColorNames = {"red", "green", "blue", "purple", "yellow", "grey"};
constexpr std::array<const char*, grid::kNumObjectTypes> kTypeNames = {
    "unseen", "empty", "wall", "floor", "door", "key", "ball", "box", "goal", "lava", "agent"};

const char* color_name(uint8_t c) { return c < kColorNames.size() ? kColorNames[c] : "?"; }
const char* type_name(uint8_t t) { return t < kTypeNames.size() ? kTypeNames[t] : "?"; }

nlohmann::json cell_json(Cell c) { return nlohmann::json::array({c.type, c.color, c.state}); }

// A cell from [type, colour, state], checked as MiniGrid's decode would
// accept it; `where` names the place in the state for the error.
Cell cell_from_json(const nlohmann::json& j, std::string_view owner, const std::string& where) {
  if (!j.is_array() || j.size() != 3)
    throw Error(fmt::format("{}: {} must be [type, colour, state], got {}", owner, where, j.dump()));
  int v[3];
  for (int k = 0; k < 3; ++k) {
    if (!j[std::size_t(k)].is_number_integer())
      throw Error(fmt::format("{}: {} must hold integers, got {}", owner, where, j.dump()));
    v[k] = j[std::size_t(k)].get<int>();
  }
  if (v[0] < 1 || v[0] > grid::kLava)
    throw Error(fmt::format("{}: {} has object type {} (expected 1 empty .. 9 lava)", owner, where, v[0]));
  if (v[1] < 0 || v[1] >= grid::kNumColors)
    throw Error(fmt::format("{}: {} has colour {} (expected 0 .. 5)", owner, where, v[1]));
  const int max_state = v[0] == grid::kDoor ? 2 : 0;
  if (v[2] < 0 || v[2] > max_state)
    throw Error(fmt::format("{}: {} has state {} (a {} takes {})", owner, where, v[2], type_name(uint8_t(v[0])),
                            max_state == 0 ? "0" : "0 open, 1 closed, 2 locked"));
  // MiniGrid's decode makes walls, goals and lava with their fixed colours
  // whatever the encoding says, and empty cells without one.
  Cell c{uint8_t(v[0]), uint8_t(v[1]), uint8_t(v[2])};
  if (c.type == grid::kEmpty) c = Cell{};
  if (c.type == grid::kGoal) c = grid::goal_cell();
  if (c.type == grid::kLava) c = grid::lava_cell();
  return c;
}

int json_int(const nlohmann::json& j, const char* key, std::string_view owner, int lo, int hi) {
  if (!j.contains(key)) throw Error(fmt::format("{}: the state has no \"{}\"", owner, key));
  const auto& v = j.at(key);
  if (!v.is_number_integer()) throw Error(fmt::format("{}: \"{}\" must be an integer, got {}", owner, key, v.dump()));
  const int x = v.get<int>();
  if (x < lo || x > hi) throw Error(fmt::format("{}: \"{}\" is {}, outside {} .. {}", owner, key, x, lo, hi));
  return x;
}

constexpr const char* kFetchSyntax[] = {"get a", "go get a", "fetch a", "go fetch a", "you must fetch a"};

int color_from_letter(char c) {
  switch (c) {
    case 'R': return grid::kRed;
    case 'G': return grid::kGreen;
    case 'B': return grid::kBlue;
    case 'P': return grid::kPurple;
    case 'Y': return grid::kYellow;
    case 'E': return grid::kGrey;
    default: return -1;
  }
}

}  // namespace

grid::CustomLayout MiniGrid::parse_map(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();  // trailing newlines
  auto fail = [](std::size_t line, std::size_t column, const std::string& what) {
    throw Error(fmt::format("map line {}, column {}: {}", line + 1, column + 1, what));
  };
  if (lines.empty()) throw Error("map: the map is empty");
  if (lines.size() > std::size_t(grid::kMaxGrid))
    fail(lines.size() - 1, 0, fmt::format("the map has {} rows; at most {}", lines.size(), grid::kMaxGrid));
  grid::CustomLayout out;
  const std::size_t width_chars = lines[0].size();
  if (width_chars % 2 != 0) fail(0, width_chars - 1, "a row must have two characters a cell (an odd count here)");
  const std::size_t width = width_chars / 2;
  if (width < 3 || width > std::size_t(grid::kMaxGrid))
    fail(0, 0, fmt::format("rows hold {} cells; 3 .. {} allowed", width, grid::kMaxGrid));
  if (lines.size() < 3) fail(lines.size() - 1, 0, "a map needs at least 3 rows");
  int agents = 0;
  for (std::size_t y = 0; y < lines.size(); ++y) {
    const std::string_view line = lines[y];
    if (line.size() != width_chars)
      fail(y, std::min(line.size(), width_chars),
           fmt::format("row has {} characters, the first row {} (rows must be equally long)", line.size(), width_chars));
    for (std::size_t x = 0; x < width; ++x) {
      const char a = line[2 * x], b = line[2 * x + 1];
      Cell c{};
      const int colour = color_from_letter(b);
      auto coloured = [&](uint8_t type, uint8_t state = 0) {
        if (colour < 0)
          fail(y, 2 * x + 1, fmt::format("'{}' is not a colour letter (R, G, B, P, Y, or E for grey)", b));
        return Cell{type, uint8_t(colour), state};
      };
      const std::string cell{a, b};
      if (cell == "  " || cell == "..") {
        c = Cell{};
      } else if (cell == ">>" || cell == "VV" || cell == "<<" || cell == "^^") {
        if (++agents > 1) fail(y, 2 * x, "a second agent (a map has exactly one)");
        out.agent_x = uint8_t(x);
        out.agent_y = uint8_t(y);
        out.agent_dir = uint8_t(cell == ">>" ? 0 : cell == "VV" ? 1 : cell == "<<" ? 2 : 3);
      } else if (cell == "__") {
        c = grid::door_cell(grid::kGrey, grid::kOpen);
      } else {
        switch (a) {
          case 'W': c = grid::wall_cell(); break;
          case 'G': c = grid::goal_cell(); break;
          case 'V': c = grid::lava_cell(); break;
          case 'F': c = coloured(grid::kFloor); break;
          case 'D': c = coloured(grid::kDoor, grid::kClosed); break;
          case 'L': c = coloured(grid::kDoor, grid::kLocked); break;
          case 'O': c = coloured(grid::kDoor, grid::kOpen); break;
          case 'K': c = coloured(grid::kKey); break;
          case 'A': c = coloured(grid::kBall); break;
          case 'B': c = coloured(grid::kBox); break;
          default:
            fail(y, 2 * x, fmt::format("unknown cell \"{}\" (see the map legend: WG wall, GG goal, VR lava, "
                                       "K/A/B/F + colour key/ball/box/floor, D/L/O + colour closed/locked/open door, "
                                       "\"  \" or .. empty, >> VV << ^^ the agent)", cell));
        }
      }
      out.cells[y * grid::kMaxGrid + x] = c;
    }
  }
  if (agents == 0) throw Error("map: no agent (>>, VV, << or ^^ marks its start and direction)");
  out.width = uint8_t(width);
  out.height = uint8_t(lines.size());
  return out;
}

bool MiniGrid::apply_option(Params& p, std::string_view name, const OptionValue& value, std::string_view owner) {
  if (name != "map") return false;
  if (p.family != Family::kCustom)
    throw Error(fmt::format("{}: option 'map' belongs to MiniGrid-Custom-v0", owner));
  const auto* text = std::get_if<std::string>(&value.value());
  if (!text) throw Error(fmt::format("{}: option 'map' must be the map's text or @path, got {}", owner, value.to_string()));
  std::string map = *text;
  if (!map.empty() && map[0] == '@') {
    std::ifstream in(map.substr(1));
    if (!in) throw Error(fmt::format("{}: cannot read the map file '{}'", owner, map.substr(1)));
    std::stringstream buffer;
    buffer << in.rdbuf();
    map = buffer.str();
  }
  try {
    p.layout = parse_map(map);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", owner, e.what()));
  }
  return true;
}

void MiniGrid::check(const Params& p, std::string_view owner) {
  if (p.agent_view_size % 2 == 0)
    throw Error(fmt::format("{}: agent_view_size must be odd, got {}", owner, p.agent_view_size));
  const int w = grid::level_width(p), h = grid::level_height(p);
  if (w < 3 || h < 3 || w > grid::kMaxGrid || h > grid::kMaxGrid)
    throw Error(fmt::format("{}: the grid would be {} x {} cells; it must be 3 .. {} on each side", owner, w, h,
                            grid::kMaxGrid));
  if (p.family == Family::kCrossing && (w % 2 == 0 || h % 2 == 0))
    throw Error(fmt::format("{}: Crossing grids have an odd size, got {}", owner, w));
  if (p.family == Family::kDistShift && p.strip2_row >= h - 1)
    throw Error(fmt::format("{}: strip2_row {} is not inside the {}-row grid", owner, p.strip2_row, h));
  if (p.family == Family::kKeyCorridor && p.num_rows > 5)
    throw Error(fmt::format("{}: KeyCorridor has at most 5 rows of rooms, got {}", owner, p.num_rows));
  if (p.family == Family::kFetch && p.num_objs > std::min(16, (w - 2) * (h - 2) - 1))
    throw Error(fmt::format("{}: num_objs {} does not fit a {} x {} room (at most {})", owner, p.num_objs, w, h,
                            std::min(16, (w - 2) * (h - 2) - 1)));
  if (p.family == Family::kMemory && (w % 2 == 0 || w < 7))
    throw Error(fmt::format("{}: Memory grids have an odd size of at least 7, got {}", owner, w));
  if (p.family == Family::kMultiRoom && p.num_rooms * p.max_room_size > 72)
    throw Error(fmt::format("{}: {} rooms of up to {} cells rarely fit the 25 x 25 grid (num_rooms x max_room_size "
                            "must be at most 72)",
                            owner, p.num_rooms, p.max_room_size));
  const bool needs_five = p.family == Family::kDoorKey || p.family == Family::kLavaGap ||
                          p.family == Family::kDynamicObstacles || p.family == Family::kGoToDoor;
  if (needs_five && w < 5) throw Error(fmt::format("{}: size must be at least 5, got {}", owner, w));
}

Box MiniGrid::observation_space(const Params& p) {
  const Shape shape = obs_shape(p);
  return Box(std::vector<double>(std::size_t(shape[0] * shape[1] * shape[2]), 0.0),
             std::vector<double>(std::size_t(shape[0] * shape[1] * shape[2]), 255.0), shape, DType::kUInt8);
}

std::string MiniGrid::mission(const Params& p, const State& w) {
  switch (p.family) {
    case Family::kEmpty:
    case Family::kDistShift:
    case Family::kDynamicObstacles: return "get to the green goal square";
    case Family::kFourRooms: return "reach the goal";
    case Family::kDoorKey: return "use the key to open the door and then get to the goal";
    case Family::kLavaGap:
    case Family::kCrossing:
      return p.lava ? "avoid the lava and get to the green goal square"
                    : "find the opening and get to the green goal square";
    case Family::kUnlock: return "open the door";
    case Family::kUnlockPickup:
    case Family::kKeyCorridor:
      return fmt::format("pick up the {} {}", color_name(w.target.color), type_name(w.target.type));
    case Family::kMultiRoom: return "traverse the rooms to get to the goal";
    case Family::kGoToDoor: return fmt::format("go to the {} door", color_name(w.target.color));
    case Family::kFetch:
      return fmt::format("{} {} {}", kFetchSyntax[(w.mission / (2 * grid::kNumColors)) % 5], color_name(w.target.color),
                         type_name(w.target.type));
    case Family::kMemory: return "go to the matching object at the end of the hallway";
    case Family::kCustom: return "get to the green goal square";
  }
  return "";
}

void MiniGrid::info(const Params& p, const State& w, const WorldStep*, nlohmann::json& out) {
  out["direction"] = w.agent_dir;
  out["mission"] = mission(p, w);
}

namespace {

// A grid as text, two characters a cell, the agent as >>, VV, << or ^^, rows
// separated by newlines. kPprint: MiniGrid's pprint_grid (its __str__), whose
// colour letters are the colour names' initials (grey too is G) and whose
// open doors are __ whatever their colour. kMap: the map format parse_map
// reads back exactly: grey objects E, open doors O and their colour.
enum class TextStyle { kPprint, kMap };

template <class CellAt>
std::string grid_text(int width, int height, int agent_x, int agent_y, int agent_dir, CellAt cell_at,
                      TextStyle style) {
  static constexpr const char* kAgent[] = {">>", "VV", "<<", "^^"};
  static constexpr char kLetter[] = {'?', ' ', 'W', 'F', 'D', 'K', 'A', 'B', 'G', 'V', '?'};
  static constexpr char kMapColour[] = "RGBPYE";  // in grid::Color's order
  std::string out;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (x == agent_x && y == agent_y) {
        out += kAgent[agent_dir & 3];
        continue;
      }
      const Cell c = cell_at(x, y);
      const bool pprint = style == TextStyle::kPprint;
      const char colour = c.color >= grid::kNumColors ? '?'
                          : pprint                    ? char(color_name(c.color)[0] - 'a' + 'A')
                                                      : kMapColour[c.color];
      switch (c.type) {
        case grid::kEmpty: out += "  "; break;
        case grid::kWall: out += "WG"; break;  // walls, goals and lava have fixed colours
        case grid::kGoal: out += "GG"; break;
        case grid::kLava: out += "VR"; break;
        case grid::kDoor:
          if (c.state == grid::kOpen) out += pprint ? std::string("__") : std::string{'O', colour};
          else out += std::string{c.state == grid::kLocked ? 'L' : 'D', colour};
          break;
        default:
          out += kLetter[c.type < 11 ? c.type : 10];
          out += colour;
      }
    }
    if (y < height - 1) out += '\n';
  }
  return out;
}

}  // namespace

std::string MiniGrid::render_text(const Params&, const State& w, int) {
  return grid_text(w.width, w.height, w.agent_x, w.agent_y, w.agent_dir, [&](int x, int y) { return w.get(x, y); },
                   TextStyle::kPprint);
}

std::string MiniGrid::map_text(const grid::CustomLayout& layout) {
  return grid_text(
             layout.width, layout.height, layout.agent_x, layout.agent_y, layout.agent_dir,
             [&](int x, int y) { return layout.cells[y * grid::kMaxGrid + x]; }, TextStyle::kMap) +
         "\n";
}

nlohmann::json MiniGrid::state_to_json(const Params&, const State& w) {
  nlohmann::json grid_json = nlohmann::json::array();
  for (int x = 0; x < w.width; ++x) {
    nlohmann::json column = nlohmann::json::array();
    for (int y = 0; y < w.height; ++y) column.push_back(cell_json(w.get(x, y)));
    grid_json.push_back(std::move(column));
  }
  nlohmann::json out;
  out["grid"] = std::move(grid_json);
  out["agent_pos"] = {w.agent_x, w.agent_y};
  out["agent_dir"] = w.agent_dir;
  out["carrying"] = w.carries() ? cell_json(w.carrying) : nlohmann::json(nullptr);
  out["step_count"] = w.step_count;
  nlohmann::json boxes = nlohmann::json::object();
  for (int k = 0; k < w.num_stash; ++k) {
    const auto& s = w.stash[k];
    if (s.x < 0) out["carrying_contents"] = cell_json(s.obj);  // what the carried box holds
    else boxes[fmt::format("{},{}", s.x, s.y)] = cell_json(s.obj);
  }
  if (!boxes.empty()) out["box_contents"] = std::move(boxes);
  // The task's own data, where the family has some (not MiniGrid's state
  // format, which keeps these as attributes of its env classes).
  if (w.target.type != grid::kEmpty) out["target"] = cell_json(w.target);
  if (w.target_x >= 0) out["target_pos"] = {w.target_x, w.target_y};
  if (w.fail_x >= 0) out["fail_pos"] = {w.fail_x, w.fail_y};
  if (w.num_obstacles > 0) {
    nlohmann::json obstacles = nlohmann::json::array();
    for (int k = 0; k < w.num_obstacles; ++k) obstacles.push_back({w.obstacle_x[k], w.obstacle_y[k]});
    out["obstacles"] = std::move(obstacles);
  }
  out["mission"] = w.mission;
  return out;
}

MiniGrid::State MiniGrid::state_from_json(const Params& p, const nlohmann::json& j) {
  constexpr std::string_view owner = "MiniGrid state";
  if (!j.is_object()) throw Error(fmt::format("{}: expected a JSON object, got {}", owner, j.dump()));
  if (!j.contains("grid") || !j["grid"].is_array())
    throw Error(fmt::format("{}: \"grid\" must be a W x H x 3 array indexed [x][y]", owner));
  const auto& g = j["grid"];
  const int width = int(g.size());
  const int height = width > 0 && g[0].is_array() ? int(g[0].size()) : 0;
  if (width < 3 || height < 3 || width > grid::kMaxGrid || height > grid::kMaxGrid)
    throw Error(fmt::format("{}: the grid is {} x {}; each side must be 3 .. {}", owner, width, height,
                            grid::kMaxGrid));
  if (p.fully_observable && (width != grid::level_width(p) || height != grid::level_height(p)))
    throw Error(fmt::format("{}: the grid is {} x {} but this env observes {} x {}", owner, width, height,
                            grid::level_width(p), grid::level_height(p)));
  State w;
  grid::clear_world(w, width, height);
  for (int x = 0; x < width; ++x) {
    if (!g[std::size_t(x)].is_array() || int(g[std::size_t(x)].size()) != height)
      throw Error(fmt::format("{}: grid column {} does not have {} cells", owner, x, height));
    for (int y = 0; y < height; ++y)
      w.set(x, y, cell_from_json(g[std::size_t(x)][std::size_t(y)], owner, fmt::format("grid[{}][{}]", x, y)));
  }
  if (!j.contains("agent_pos") || !j["agent_pos"].is_array() || j["agent_pos"].size() != 2)
    throw Error(fmt::format("{}: \"agent_pos\" must be [x, y]", owner));
  const nlohmann::json pos = {{"x", j["agent_pos"][0]}, {"y", j["agent_pos"][1]}};
  w.agent_x = uint8_t(json_int(pos, "x", owner, 0, width - 1));
  w.agent_y = uint8_t(json_int(pos, "y", owner, 0, height - 1));
  if (!grid::can_overlap(w.get(w.agent_x, w.agent_y)))
    throw Error(fmt::format("{}: the agent at ({}, {}) stands on a {}", owner, int(w.agent_x), int(w.agent_y),
                            type_name(w.get(w.agent_x, w.agent_y).type)));
  w.agent_dir = uint8_t(json_int(j, "agent_dir", owner, 0, 3));
  w.step_count = j.contains("step_count") ? json_int(j, "step_count", owner, 0, 1 << 30) : 0;
  if (j.contains("carrying") && !j["carrying"].is_null()) {
    w.carrying = cell_from_json(j["carrying"], owner, "carrying");
    if (!grid::can_pickup(w.carrying))
      throw Error(fmt::format("{}: the agent cannot carry a {}", owner, type_name(w.carrying.type)));
  }
  if (j.contains("box_contents")) {
    const auto& boxes = j["box_contents"];
    if (!boxes.is_object()) throw Error(fmt::format("{}: \"box_contents\" must be an object {{\"x,y\": cell}}", owner));
    for (const auto& [key, value] : boxes.items()) {
      if (w.num_stash == grid::kMaxStash)
        throw Error(fmt::format("{}: at most {} boxes may hold something", owner, grid::kMaxStash));
      int x = -1, y = -1;
      if (std::sscanf(key.c_str(), "%d,%d", &x, &y) != 2 || !w.inside(x, y) || w.get(x, y).type != grid::kBox) {
        throw Error(fmt::format("{}: box_contents key \"{}\" is not the \"x,y\" of a box in the grid", owner, key));
      }
      const Cell obj = cell_from_json(value, owner, fmt::format("box_contents[\"{}\"]", key));
      if (obj.type == grid::kEmpty) continue;
      w.stash[w.num_stash++] = grid::Stash{int8_t(x), int8_t(y), obj};
    }
  }
  if (j.contains("carrying_contents") && !j["carrying_contents"].is_null()) {
    if (w.carrying.type != grid::kBox)
      throw Error(fmt::format("{}: \"carrying_contents\" given but the agent carries no box", owner));
    const Cell obj = cell_from_json(j["carrying_contents"], owner, "carrying_contents");
    if (obj.type != grid::kEmpty) {
      if (w.num_stash == grid::kMaxStash)
        throw Error(fmt::format("{}: at most {} boxes may hold something", owner, grid::kMaxStash));
      w.stash[w.num_stash++] = grid::Stash{-1, -1, obj};
    }
  }
  auto read_pos = [&](const nlohmann::json& src, const char* key, int8_t& x, int8_t& y) {
    if (!src.contains(key)) return;
    const auto& v = src[key];
    if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() || !v[1].is_number_integer() ||
        !w.inside(v[0].get<int>(), v[1].get<int>()))
      throw Error(fmt::format("{}: \"{}\" must be [x, y] inside the grid, got {}", owner, key, v.dump()));
    x = int8_t(v[0].get<int>());
    y = int8_t(v[1].get<int>());
  };
  read_pos(j, "target_pos", w.target_x, w.target_y);
  read_pos(j, "fail_pos", w.fail_x, w.fail_y);
  if (j.contains("target")) w.target = cell_from_json(j["target"], owner, "target");
  if (j.contains("obstacles")) {
    const auto& obstacles = j["obstacles"];
    if (!obstacles.is_array() || obstacles.size() > std::size_t(grid::kMaxObstacles))
      throw Error(fmt::format("{}: \"obstacles\" must be a list of at most {} [x, y]", owner, grid::kMaxObstacles));
    for (const auto& o : obstacles) {
      const nlohmann::json one = {{"obstacle", o}};
      int8_t x = 0, y = 0;
      read_pos(one, "obstacle", x, y);
      if (w.get(x, y).type != grid::kBall)
        throw Error(fmt::format("{}: obstacle at ({}, {}) is not a ball in the grid", owner, int(x), int(y)));
      w.obstacle_x[w.num_obstacles] = x;
      w.obstacle_y[w.num_obstacles] = y;
      ++w.num_obstacles;
    }
  }
  if (j.contains("mission")) w.mission = uint8_t(json_int(j, "mission", owner, 0, 255));
  return w;
}

nlohmann::json MiniGrid::obs_json(const Params& p, const State& w) {
  const Shape shape = obs_shape(p);
  std::vector<uint8_t> obs(std::size_t(shape[0] * shape[1] * shape[2]));
  observe(p, w, obs.data());
  nlohmann::json image = nlohmann::json::array();
  for (int64_t x = 0; x < shape[0]; ++x) {
    nlohmann::json column = nlohmann::json::array();
    for (int64_t y = 0; y < shape[1]; ++y) {
      const uint8_t* c = &obs[std::size_t((x * shape[1] + y) * 3)];
      column.push_back({c[0], c[1], c[2]});
    }
    image.push_back(std::move(column));
  }
  return {{"image", std::move(image)}, {"direction", w.agent_dir}, {"mission", mission(p, w)}};
}

}  // namespace gym::envs
