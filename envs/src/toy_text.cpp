// Host-side parts of the toy-text models (gym/envs/toy_text/*.hpp): options,
// tables, info dicts, Gymnasium's ansi frames, draw lists and JSON states.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "gym/envs/toy_text/cliff_walking.hpp"
#include "gym/envs/toy_text/frozen_lake.hpp"
#include "gym/envs/toy_text/taxi.hpp"
#include "gym/error.hpp"
#include "gym/numpy_random.hpp"
#include "gym/world_env.hpp"

namespace gym::envs {

namespace {

// gymnasium.utils.colorize: the text wrapped in an ANSI colour code (color2num:
// red 31, green 32, yellow 33, blue 34, magenta 35; +10 to highlight).
std::string colorize(std::string_view text, int color, bool bold = false, bool highlight = false) {
  return fmt::format("\x1b[{}{}m{}\x1b[0m", highlight ? color + 10 : color, bold ? ";1" : "", text);
}
constexpr int kRed = 31, kGreen = 32, kYellow = 33, kBlue = 34, kMagenta = 35;

// The fields of `text` between any of `separators`, each trimmed of blanks.
std::vector<std::string_view> split(std::string_view text, std::string_view separators) {
  const auto trim = [](std::string_view f) {
    while (!f.empty() && (f.front() == ' ' || f.front() == '\t' || f.front() == '\r')) f.remove_prefix(1);
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t' || f.back() == '\r')) f.remove_suffix(1);
    return f;
  };
  std::vector<std::string_view> fields;
  while (true) {
    const std::size_t end = text.find_first_of(separators);
    fields.push_back(trim(text.substr(0, end)));
    if (end == std::string_view::npos) return fields;
    text.remove_prefix(end + 1);
  }
}

// A text option's value; anything else is an error that says what is expected.
const std::string& text_option(const OptionValue& value, std::string_view owner, std::string_view name,
                               std::string_view expected) {
  if (const auto* s = std::get_if<std::string>(&value.value())) return *s;
  throw Error(fmt::format("{}: option '{}' expects {}, got {} {}", owner, name, expected, value.type_name(),
                          value.to_string()));
}

// ---- drawing ---------------------------------------------------------------

void grid_cell(DrawList& out, float x, float y, float w, float h, Color fill, Color line) {
  out.rect_filled({x, y}, {x + w, y + h}, fill);
  out.rect({x, y}, {x + w, y + h}, line);
}

void flag(DrawList& out, float x, float y, float w, float h) {
  const Vec2 foot{x + 0.4f * w, y + 0.85f * h}, top{x + 0.4f * w, y + 0.2f * h};
  out.line(foot, top, {60, 60, 60}, 2.0f);
  out.polygon({top, {top.x + 0.35f * w, top.y + 0.12f * h}, {top.x, top.y + 0.24f * h}}, {220, 40, 40});
}

void agent(DrawList& out, float x, float y, float w, float h) {
  const Vec2 c{x + w / 2, y + h / 2};
  const float r = 0.3f * std::min(w, h);
  out.circle_filled(c, r, {240, 140, 40});
  out.circle(c, r, {90, 50, 10}, 2.0f);
}

}  // namespace

// ============================================================================
// FrozenLake

namespace {

constexpr std::array<const char*, 4> kFrozenLakeMoves = {"Left", "Down", "Right", "Up"};

// The map's problems, if any: letters, size, a start.
void check_map(std::string_view owner, std::string_view what, const char* cells, int32_t nrow, int32_t ncol) {
  if (nrow < 1 || ncol < 1 || nrow > FrozenLake::kMaxSide || ncol > FrozenLake::kMaxSide)
    throw Error(fmt::format("{}: {}: the map is {} x {}; it must have 1 to {} rows and columns", owner, what, nrow,
                            ncol, FrozenLake::kMaxSide));
  bool start = false;
  for (int32_t r = 0; r < nrow; ++r)
    for (int32_t c = 0; c < ncol; ++c) {
      const char l = cells[r * ncol + c];
      if (l != 'S' && l != 'F' && l != 'H' && l != 'G')
        throw Error(fmt::format("{}: {}: row {}, column {} (from 0): unknown letter '{}'; a map holds S (start), "
                                "F (frozen), H (hole) and G (goal)",
                                owner, what, r, c, l == '\0' ? std::string("\\0") : std::string(1, l)));
      start |= l == 'S';
    }
  if (!start) throw Error(fmt::format("{}: {}: the map has no start cell 'S'", owner, what));
}

void set_map(FrozenLake::Params& p, std::string_view owner, std::string_view what,
             const std::vector<std::string_view>& rows) {
  if (rows.empty()) throw Error(fmt::format("{}: {}: the map is empty", owner, what));
  if (rows.size() > std::size_t(FrozenLake::kMaxSide))
    throw Error(fmt::format("{}: {}: {} rows; a map has at most {}", owner, what, rows.size(), FrozenLake::kMaxSide));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].empty()) throw Error(fmt::format("{}: {}: row {} (from 0) is empty", owner, what, r));
    if (rows[r].size() != rows[0].size())
      throw Error(fmt::format("{}: {}: row {} (from 0) has {} letters but row 0 has {}; all rows must be equally long",
                              owner, what, r, rows[r].size(), rows[0].size()));
  }
  if (rows[0].size() > std::size_t(FrozenLake::kMaxSide))
    throw Error(fmt::format("{}: {}: {} columns; a map has at most {}", owner, what, rows[0].size(),
                            FrozenLake::kMaxSide));
  FrozenLake::Params next = p;
  next.nrow = int32_t(rows.size());
  next.ncol = int32_t(rows[0].size());
  std::fill(std::begin(next.desc), std::end(next.desc), '\0');
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) next.desc[r * rows[0].size() + c] = rows[r][c];
  check_map(owner, what, next.desc, next.nrow, next.ncol);
  p = next;
}

std::vector<std::string_view> named_map(std::string_view name) {
  if (name == "4x4") return {"SFFF", "FHFH", "FFFH", "HFFG"};
  if (name == "8x8")
    return {"SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"};
  return {};
}

// Gymnasium's map_name=None, in the spellings a command line gives it.
bool is_random_map_name(std::string_view name) { return name == "random" || name == "none" || name == "None"; }

// The random-map options as parameter descriptors, so that they are checked
// and described like the numeric parameters.
constexpr ParamInfo kMapSizeInfo =
    ParamInfo::range("map_size", "cells", "side of the random map", FrozenLake::kMinRandomSide, FrozenLake::kMaxSide);
constexpr ParamInfo kMapPInfo{"map_p", "", "probability that a cell of the random map is frozen", 0.0, 1.0, true,
                              false};

// The map's rows, as desc takes them: "SFFF,FHFH,FFFH,HFFG".
std::string desc_text(const FrozenLake::Params& p) {
  std::string out;
  for (int32_t r = 0; r < p.nrow; ++r) {
    if (r > 0) out += ',';
    out.append(&p.desc[r * p.ncol], std::size_t(p.ncol));
  }
  return out;
}

// The named map that p holds, if it holds one of them and was not given as desc.
std::optional<std::string_view> map_name_of(const FrozenLake::Params& p) {
  using MapSource = FrozenLake::MapSource;
  if (p.map_source == MapSource::kRandom) return "random";
  if (p.map_source == MapSource::kDesc) return std::nullopt;
  for (std::string_view name : {"4x4", "8x8"}) {
    const auto rows = named_map(name);
    bool same = int32_t(rows.size()) == p.nrow && int32_t(rows[0].size()) == p.ncol;
    for (int32_t r = 0; same && r < p.nrow; ++r)
      same = rows[std::size_t(r)] == std::string_view(&p.desc[r * p.ncol], std::size_t(p.ncol));
    if (same) return name;
  }
  return std::nullopt;
}

// Gymnasium's is_valid: a path of non-H cells, four-connected, from the
// top-left cell to a G. Fixed-size scratch (no allocation): it runs once per
// board drawn, up to millions of times for a low map_p.
bool has_path(const std::vector<std::string>& board) {
  constexpr int kCells = FrozenLake::kMaxSide * FrozenLake::kMaxSide;
  const int n = int(board.size());
  std::array<uint8_t, kCells> seen;
  std::fill_n(seen.begin(), n * n, uint8_t{0});
  std::array<int16_t, kCells> frontier;  // cells r * n + c, each pushed at most once
  int top = 0;
  frontier[std::size_t(top++)] = 0;
  seen[0] = 1;
  while (top > 0) {
    const int cell = frontier[std::size_t(--top)], r = cell / n, c = cell % n;
    for (const auto& [dr, dc] : {std::pair{1, 0}, {0, 1}, {-1, 0}, {0, -1}}) {
      const int nr = r + dr, nc = c + dc;
      if (nr < 0 || nr >= n || nc < 0 || nc >= n) continue;
      const char letter = board[std::size_t(nr)][std::size_t(nc)];
      if (letter == 'G') return true;
      const int next = nr * n + nc;
      if (letter != 'H' && !seen[std::size_t(next)]) {
        seen[std::size_t(next)] = 1;
        frontier[std::size_t(top++)] = int16_t(next);
      }
    }
  }
  return false;
}

// generate_random_map's loop for checked arguments, or nothing when no board
// within FrozenLake::kRandomMapBudget cells has a path. numpy's
// Generator.choice(["F", "H"], (size, size), p=[p, 1 - p]) draws one random()
// per cell, row by row, and searchsorted(side="right") on the cdf
// [p, p + (1 - p)] / (p + (1 - p)) picks "F" exactly where the draw is below
// its first entry (checked against numpy by the fixture's test).
std::optional<std::vector<std::string>> try_random_map(int32_t size, double p, uint64_t seed) {
  NumpyRandom rng(seed);
  const double frozen = p / (p + (1.0 - p));
  std::vector<std::string> board(std::size_t(size), std::string(std::size_t(size), 'F'));
  for (int64_t drawn = 0; drawn < FrozenLake::kRandomMapBudget; drawn += int64_t(size) * size) {
    for (std::string& row : board)
      for (char& cell : row) cell = rng.random() < frozen ? 'F' : 'H';
    board.front().front() = 'S';
    board.back().back() = 'G';
    if (has_path(board)) return board;
  }
  return std::nullopt;
}

std::string no_path_message(int32_t size, double p, uint64_t seed) {
  return fmt::format("no random {} x {} map with map_p {} (seed {}) had a path from S to G within {} cells drawn; "
                     "raise map_p or lower map_size",
                     size, size, p, seed, FrozenLake::kRandomMapBudget);
}

// Draws p's random map from its map_size, map_p and map_seed. A map without a
// path is left empty (nrow = 0) for check() to report once every option is
// applied: a later option of the same call (map_size) may still allow one.
void draw_random_map(FrozenLake::Params& p, std::string_view owner) {
  const auto rows = try_random_map(p.map_size, p.map_p, p.map_seed);
  if (!rows) {
    p.nrow = p.ncol = 0;
    std::fill(std::begin(p.desc), std::end(p.desc), '\0');
    return;
  }
  set_map(p, owner, "option 'map_name'", std::vector<std::string_view>(rows->begin(), rows->end()));
}

// A seed for a random map given without map_seed. Gymnasium draws the map
// from 128 bits of entropy; a 63-bit seed is drawn here instead so that the
// map can be reported and made again with map_seed.
uint64_t entropy_seed() {
  std::random_device device;
  return ((uint64_t{device()} << 32) | device()) >> 1;
}

// map_seed's value: a non-negative integer, or its decimal text.
uint64_t seed_option(const OptionValue& value, std::string_view owner) {
  if (const auto* i = std::get_if<int64_t>(&value.value()); i && *i >= 0) return uint64_t(*i);
  if (const auto* s = std::get_if<std::string>(&value.value())) {
    uint64_t seed = 0;
    const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), seed);
    if (ec == std::errc() && ptr == s->data() + s->size() && !s->empty()) return seed;
  }
  throw Error(fmt::format("{}: option 'map_seed' expects a seed, an integer from 0 to {}, got {} {}", owner,
                          std::numeric_limits<uint64_t>::max(), value.type_name(), value.to_string()));
}

}  // namespace

std::vector<std::string> FrozenLake::random_map(int32_t size, double p, uint64_t seed) {
  if (size < kMinRandomSide || size > kMaxSide)
    throw Error(fmt::format("FrozenLake: a random map's size must be {} .. {}, got {}", kMinRandomSide, kMaxSide,
                            size));
  if (!(p > 0.0 && p <= 1.0))
    throw Error(fmt::format("FrozenLake: a random map's frozen probability p must be in (0, 1], got {}", p));
  if (auto rows = try_random_map(size, p, seed)) return std::move(*rows);
  throw Error(fmt::format("FrozenLake: {}", no_path_message(size, p, seed)));
}

FrozenLake::Params FrozenLake::with_map(std::string_view map_name) {
  Params p;
  const auto rows = named_map(map_name);
  if (rows.empty()) throw Error(fmt::format("FrozenLake: unknown map_name '{}' (known: 4x4, 8x8)", map_name));
  set_map(p, "FrozenLake", "map_name", rows);
  return p;
}

bool FrozenLake::apply_option(Params& p, std::string_view name, const OptionValue& value, std::string_view owner) {
  if (name == "map_name" || name == "desc") {
    const bool named = name == "map_name";
    const std::string& text =
        text_option(value, owner, name,
                    named ? "a map name (4x4, 8x8 or random)"
                          : "the map's rows separated by ',' (e.g. SFFF,FHFH,FFFH,HFFG)");
    const bool conflict = named ? p.map_source == MapSource::kDesc
                                : p.map_source == MapSource::kMapName || p.map_source == MapSource::kRandom;
    if (conflict)
      throw Error(fmt::format("{}: options 'desc' and 'map_name' given together; give one (Gymnasium would ignore "
                              "map_name)",
                              owner));
    if (named && is_random_map_name(text)) {
      // A fresh seed each time map_name=random is applied; map_seed, applied
      // after it, replaces it.
      p.map_source = MapSource::kRandom;
      p.map_seed = entropy_seed();
      draw_random_map(p, owner);
      return true;
    }
    std::vector<std::string_view> rows = named ? named_map(text) : split(text, ",\n");
    if (named && rows.empty())
      throw Error(fmt::format("{}: option 'map_name': unknown map '{}' (known: 4x4, 8x8, random; or give the map "
                              "itself with desc=SFFF,FHFH,...)",
                              owner, text));
    if (!named && rows.size() > 1 && rows.back().empty()) rows.pop_back();  // a trailing newline
    set_map(p, owner, fmt::format("option '{}'", name), rows);
    p.map_source = named ? MapSource::kMapName : MapSource::kDesc;
    return true;
  }
  if (name == "map_size" || name == "map_p" || name == "map_seed") {
    if (p.map_source != MapSource::kRandom) {
      const auto map_name = map_name_of(p);
      throw Error(fmt::format("{}: option '{}' is for random maps (map_name=random), but this map is {}", owner,
                              name,
                              map_name ? fmt::format("map_name={}", *map_name)
                              : p.map_source == MapSource::kDesc ? std::string("given by desc")
                                                                 : std::string("the env's own")));
    }
    if (name == "map_size") assign_option(p.map_size, value, kMapSizeInfo, owner);
    else if (name == "map_p") assign_option(p.map_p, value, kMapPInfo, owner);
    else p.map_seed = seed_option(value, owner);
    draw_random_map(p, owner);
    return true;
  }
  if (name == "reward_schedule") {
    const std::string& text = text_option(value, owner, name, "three rewards goal,hole,frozen (e.g. 1,0,0)");
    const auto items = split(text, ",");
    if (items.size() != 3)
      throw Error(fmt::format("{}: option 'reward_schedule' = \"{}\": expected three rewards goal,hole,frozen "
                              "(e.g. 1,0,0)",
                              owner, text));
    double r[3];
    for (int i = 0; i < 3; ++i) {
      const std::string_view item = items[std::size_t(i)];
      const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), r[i]);
      if (ec != std::errc() || ptr != item.data() + item.size() || !std::isfinite(r[i]))
        throw Error(fmt::format("{}: option 'reward_schedule' = \"{}\": '{}' is not a finite number", owner, text,
                                item));
    }
    std::copy(std::begin(r), std::end(r), std::begin(p.reward_schedule));
    return true;
  }
  return false;
}

void FrozenLake::check(const Params& p, std::string_view owner) {
  if (p.map_source == MapSource::kRandom && p.nrow == 0)
    throw Error(fmt::format("{}: map_name=random: {}", owner, no_path_message(p.map_size, p.map_p, p.map_seed)));
  check_map(owner, "desc", p.desc, p.nrow, p.ncol);
  for (double r : p.reward_schedule)
    if (!std::isfinite(r)) throw Error(fmt::format("{}: reward_schedule holds {}, not a finite number", owner, r));
}

void FrozenLake::describe_options(const Params& p, nlohmann::json& out) {
  const auto map_name = map_name_of(p);
  out.push_back(fixed_option_json("map_name", map_name ? nlohmann::json(*map_name) : nlohmann::json(),
                                  "Gymnasium's named map, or random (generate_random_map with map_size, map_p, "
                                  "map_seed); null where desc gives the map",
                                  "4x4, 8x8, random"));
  if (p.map_source == MapSource::kRandom) {
    out.push_back(fixed_option_json("map_size", p.map_size, kMapSizeInfo.doc, describe_range(kMapSizeInfo),
                                    kMapSizeInfo.unit));
    out.push_back(fixed_option_json("map_p", p.map_p, kMapPInfo.doc, describe_range(kMapPInfo)));
    out.push_back(fixed_option_json("map_seed", p.map_seed,
                                    "seed of the random map (drawn once when not given)", ">= 0"));
  }
  out.push_back(fixed_option_json("desc", desc_text(p),
                                  fmt::format("the map's rows, up to {} x {}: S start, F frozen, H hole, G goal",
                                              kMaxSide, kMaxSide),
                                  "rows of S, F, H, G"));
  out.push_back(fixed_option_json("reward_schedule",
                                  fmt::format("{},{},{}", p.reward_schedule[0], p.reward_schedule[1],
                                              p.reward_schedule[2]),
                                  "rewards for entering G, H, and F or S", "3 finite numbers"));
}

std::string FrozenLake::render_text(const Params& p, const State& st, int last_action) {
  std::string out = last_action >= 0 && last_action < kNumActions
                        ? fmt::format("  ({})\n", kFrozenLakeMoves[std::size_t(last_action)])
                        : std::string("\n");
  for (int32_t r = 0; r < p.nrow; ++r) {
    for (int32_t c = 0; c < p.ncol; ++c) {
      const int32_t s = r * p.ncol + c;
      const std::string_view letter(&p.desc[s], 1);
      out += s == st.s ? colorize(letter, kRed, false, true) : std::string(letter);
    }
    out += '\n';
  }
  return out;
}

void FrozenLake::draw(const Params& p, const State& st, const DrawContext&, DrawList& out) {
  // Gymnasium's window: 64-pixel cells, at most 512 pixels a side.
  const int width = std::min(64 * p.ncol, 512), height = std::min(64 * p.nrow, 512);
  const float w = float(width / p.ncol), h = float(height / p.nrow);
  out.reset(width, height, {255, 255, 255});
  const Color ice{206, 232, 247}, hole{30, 62, 110}, line{180, 200, 230}, letter{40, 70, 110};
  for (int32_t r = 0; r < p.nrow; ++r)
    for (int32_t c = 0; c < p.ncol; ++c) {
      const char l = p.desc[r * p.ncol + c];
      const float x = float(c) * w, y = float(r) * h;
      grid_cell(out, x, y, w, h, l == 'H' ? hole : ice, line);
      if (l == 'S' || l == 'G') out.text({x + 0.08f * w, y + 0.06f * h}, std::string(1, l), letter, 0.3f * h);
      if (l == 'G') flag(out, x, y, w, h);
    }
  if (p.desc[st.s] != 'H') agent(out, float(st.s % p.ncol) * w, float(st.s / p.ncol) * h, w, h);
}

// ============================================================================
// CliffWalking

std::string CliffWalking::render_text(const Params&, const State& st, int) {
  std::string out;
  for (int32_t s = 0; s < kRows * kCols; ++s) {
    const int32_t row = s / kCols, col = s % kCols;
    std::string cell = st.s == s ? " x " : s == kGoal ? " T " : is_cliff(row, col) ? " C " : " o ";
    if (col == 0) cell.erase(0, 1);
    if (col == kCols - 1) cell.back() = '\n';
    out += cell;
  }
  return out + "\n";
}

void CliffWalking::draw(const Params&, const State& st, const DrawContext&, DrawList& out) {
  constexpr float kCell = 64.0f;
  out.reset(int(kCols * kCell), int(kRows * kCell), {255, 255, 255});
  const Color ground{118, 176, 84}, cliff{70, 62, 58}, line{90, 130, 60}, letter{30, 50, 20};
  for (int32_t s = 0; s < kRows * kCols; ++s) {
    const int32_t row = s / kCols, col = s % kCols;
    const float x = float(col) * kCell, y = float(row) * kCell;
    grid_cell(out, x, y, kCell, kCell, is_cliff(row, col) ? cliff : ground, line);
    if (s == kStart) out.text({x + 8, y + 8}, "S", letter, 18.0f);
    if (s == kGoal) {
      out.text({x + 8, y + 8}, "G", letter, 18.0f);
      flag(out, x, y, kCell, kCell);
    }
  }
  agent(out, float(st.s % kCols) * kCell, float(st.s / kCols) * kCell, kCell, kCell);
}

// ============================================================================
// Taxi

namespace {

constexpr std::array<const char*, 7> kTaxiMap = {
    "+---------+", "|R: | : :G|", "| : | : : |", "| : : : : |", "| | : | : |", "|Y| : |B: |", "+---------+",
};
constexpr std::array<const char*, 6> kTaxiActions = {"South", "North", "East", "West", "Pickup", "Dropoff"};

}  // namespace

TabularMdp Taxi::tabulate(const Params& p) {
  if (p.fickle_passenger)
    throw Error("Taxi: with fickle_passenger the dynamics are not a table over the 500 states (the passenger's "
                "change of mind depends on a hidden per-episode draw); Gymnasium's env.P leaves it out");
  return TabularWorld<Taxi>::tabulate(p);
}

void Taxi::info(const Params&, const State& st, const WorldStep* step, nlohmann::json& out) {
  if (step) out["prob"] = st.prob;
  else out["prob"] = 1.0;
  int8_t mask[kNumActions];
  action_mask(st.s, mask);
  out["action_mask"] = std::vector<int>(std::begin(mask), std::end(mask));
}

std::string Taxi::render_text(const Params&, const State& st, int last_action) {
  std::vector<std::vector<std::string>> cells;
  for (const char* row : kTaxiMap) {
    cells.emplace_back();
    for (const char* c = row; *c; ++c) cells.back().emplace_back(1, *c);
  }
  const Decoded d = decode(st.s);
  const auto cell = [&](int32_t row, int32_t col) -> std::string& {
    return cells[std::size_t(1 + row)][std::size_t(2 * col + 1)];
  };
  if (d.passenger < 4) {
    cell(d.row, d.col) = colorize(cell(d.row, d.col), kYellow, false, true);
    std::string& p = cell(stand_row(d.passenger), stand_col(d.passenger));
    p = colorize(p, kBlue, true);
  } else {
    std::string& t = cell(d.row, d.col);
    t = colorize(t == " " ? "_" : t, kGreen, false, true);
  }
  std::string& dest = cell(stand_row(d.destination), stand_col(d.destination));
  dest = colorize(dest, kMagenta);
  std::string out;
  for (const auto& row : cells) {
    for (const auto& c : row) out += c;
    out += '\n';
  }
  if (last_action >= 0 && last_action < kNumActions)
    return out + fmt::format("  ({})\n", kTaxiActions[std::size_t(last_action)]);
  return out + "\n";
}

void Taxi::draw(const Params&, const State& st, const DrawContext&, DrawList& out) {
  // Gymnasium's window and grid: 536 x 456, cells of 88 x 56 from (48, 128).
  constexpr float kX0 = 48, kY0 = 128, kW = 88, kH = 56;
  out.reset(536, 456, {250, 250, 246});
  const Color road{214, 214, 206}, line{190, 190, 182}, wall{60, 60, 60};
  const std::array<Color, 4> stand_colors = {Color{255, 0, 0}, Color{0, 255, 0}, Color{255, 255, 0},
                                             Color{0, 0, 255}};
  const auto corner = [&](int32_t row, int32_t col) { return Vec2{kX0 + float(col) * kW, kY0 + float(row) * kH}; };
  for (int32_t r = 0; r < kSize; ++r)
    for (int32_t c = 0; c < kSize; ++c) {
      const Vec2 a = corner(r, c);
      grid_cell(out, a.x, a.y, kW, kH, road, line);
    }
  const Decoded d = decode(st.s);
  for (int32_t i = 0; i < 4; ++i) {
    const Vec2 a = corner(stand_row(i), stand_col(i));
    const Color c = stand_colors[std::size_t(i)];
    out.rect_filled(a + Vec2{4, 4}, a + Vec2{kW - 4, kH - 4}, {c.r, c.g, c.b, 90});
    out.text(a + Vec2{6, 4}, std::string(1, "RGYB"[i]), {40, 40, 40}, 16.0f);
    if (i == d.destination) out.rect(a + Vec2{3, 3}, a + Vec2{kW - 3, kH - 3}, c, 4.0f);
  }
  // Walls: the border and every closed separator between two columns.
  out.rect(corner(0, 0), corner(kSize, kSize), wall, 4.0f);
  for (int32_t r = 0; r < kSize; ++r)
    for (int32_t k = 1; k < kSize; ++k)
      if (!open(r, k)) out.line(corner(r, k), corner(r + 1, k), wall, 5.0f);
  if (d.passenger < 4) {
    const Vec2 a = corner(stand_row(d.passenger), stand_col(d.passenger));
    out.circle_filled(a + Vec2{kW * 0.7f, kH * 0.5f}, 10.0f, {30, 30, 160});
  }
  const Vec2 t = corner(d.row, d.col);
  out.rect_filled(t + Vec2{18, 14}, t + Vec2{kW - 18, kH - 14}, {250, 200, 20});
  out.rect(t + Vec2{18, 14}, t + Vec2{kW - 18, kH - 14}, {80, 60, 0}, 2.0f);
  if (d.passenger == kInTaxi) out.circle_filled(t + Vec2{kW / 2, kH / 2}, 7.0f, {30, 30, 160});
}

nlohmann::json Taxi::state_to_json(const Params&, const State& st) {
  return {{"s", st.s}, {"fickle_step", st.fickle_step}};
}

Taxi::State Taxi::state_from_json(const Params&, const nlohmann::json& j) {
  State st{tabular_state_index(j, kNumStates, kId, "fickle_step"), false, 1.0};
  if (j.is_object() && j.contains("fickle_step")) {
    if (!j["fickle_step"].is_boolean())
      throw Error(fmt::format("Taxi state: \"fickle_step\" must be true or false, got {}", j["fickle_step"].dump()));
    st.fickle_step = j["fickle_step"].get<bool>();
  }
  return st;
}

// ============================================================================
// Registration, as Gymnasium 1.4's gymnasium/envs/__init__.py

void register_toy_text(Registry& r) {
  const EnvMetadata toy_text{{}, 4.0};
  r.add(world_factory<FrozenLake>({"FrozenLake-v1", 100, 0.70, "Gymnasium 1.4 FrozenLake-v1"}, {}, toy_text));
  r.add(world_factory<FrozenLake>({"FrozenLake8x8-v1", 200, 0.85, "Gymnasium 1.4 FrozenLake8x8-v1"},
                                  FrozenLake::with_map("8x8"), toy_text));
  r.add(world_factory<CliffWalking>({"CliffWalking-v1", std::nullopt, std::nullopt, "Gymnasium 1.4 CliffWalking-v1"},
                                    {}, toy_text));
  r.add(world_factory<CliffWalking>(
      {"CliffWalkingSlippery-v1", std::nullopt, std::nullopt, "Gymnasium 1.4 CliffWalkingSlippery-v1"},
      {.is_slippery = true}, toy_text));
  r.add(world_factory<Taxi>({"Taxi-v4", 200, 8.0, "Gymnasium 1.4 Taxi-v4"}, {}, toy_text));
}

}  // namespace gym::envs
