// Reads the reference fixtures written by scripts/gen_reference.py.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/options.hpp"

namespace gym::test {

// Every JSON line of tests/fixtures/<name>.
inline std::vector<nlohmann::json> read_fixture(const std::string& name) {
  std::ifstream in(std::string(GYM_FIXTURE_DIR) + "/" + name);
  if (!in) throw std::runtime_error("cannot open fixture " + name);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// A fixture's "params" object as gym::make options.
inline Options to_options(const nlohmann::json& params) {
  Options out;
  for (const auto& [k, v] : params.items()) {
    if (v.is_boolean()) out.emplace(k, v.get<bool>());
    else if (v.is_number_integer()) out.emplace(k, v.get<int64_t>());
    else out.emplace(k, v.get<double>());
  }
  return out;
}

}  // namespace gym::test
