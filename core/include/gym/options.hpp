// Options passed to gym::make (and reset options): a name -> value map, and
// the parameter descriptors that models use to expose their Params by name.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "gym/error.hpp"

namespace gym {

// One option value. Strings are parsed when applied to a numeric or boolean
// parameter ("12", "1e-3", "true"), so command-line text works unchanged.
class OptionValue {
 public:
  using Variant = std::variant<bool, int64_t, double, std::string>;

  OptionValue(bool v) : v_(v) {}
  OptionValue(int v) : v_(int64_t{v}) {}
  OptionValue(int64_t v) : v_(v) {}
  OptionValue(double v) : v_(v) {}
  OptionValue(const char* v) : v_(std::string(v)) {}
  OptionValue(std::string v) : v_(std::move(v)) {}

  const Variant& value() const { return v_; }
  std::string to_string() const;    // as the user would have written it
  std::string_view type_name() const;  // "bool", "int", "float" or "string"

 private:
  Variant v_;
};

using Options = std::map<std::string, OptionValue, std::less<>>;

// Parses "name=value" (the command line's --param form) into an option.
std::pair<std::string, OptionValue> parse_option(std::string_view text);

// How a model describes one of its parameters: name, unit, meaning and the
// allowed closed or open interval. Models list their parameters with these in
// a for_each_param(params, f) function that calls f(field, ParamInfo).
struct ParamInfo {
  const char* name;
  const char* unit;  // "kg", "m/s^2", "" for dimensionless
  const char* doc;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // true: value must be > min, false: >= min
  bool max_open = false;

  static constexpr ParamInfo positive(const char* name, const char* unit, const char* doc) {
    return {name, unit, doc, 0.0, std::numeric_limits<double>::infinity(), true, false};
  }
  static constexpr ParamInfo range(const char* name, const char* unit, const char* doc, double lo, double hi) {
    return {name, unit, doc, lo, hi, false, false};
  }
  static constexpr ParamInfo flag(const char* name, const char* doc) { return {name, "", doc, 0.0, 1.0}; }
};

// The allowed values as text: "> 0", "[0, 1]", ">= 1", "any finite value".
std::string describe_range(const ParamInfo& info);

// Assigns `value` to a parameter field, converting and range-checking it; the
// error names `owner` (e.g. "CartPole-v1"), the parameter, the value and the
// allowed range.
void assign_option(double& field, const OptionValue& value, const ParamInfo& info, std::string_view owner);
void assign_option(int& field, const OptionValue& value, const ParamInfo& info, std::string_view owner);
void assign_option(bool& field, const OptionValue& value, const ParamInfo& info, std::string_view owner);

// Range check of a field's current value (NaN always fails).
void check_param(double value, const ParamInfo& info, std::string_view owner);

// Applies `options` to a struct whose fields are listed by `for_each(obj, f)`;
// an unknown name is an error that lists the known ones (and `other_known`,
// names taken elsewhere, such as a model's text options).
template <class Obj, class ForEach>
void apply_options(Obj& obj, const Options& options, ForEach for_each, std::string_view owner,
                   std::string_view what = "option", const std::vector<std::string>& other_known = {}) {
  for (const auto& [name, value] : options) {
    bool found = false;
    for_each(obj, [&](auto& field, const ParamInfo& info) {
      if (!found && name == info.name) {
        assign_option(field, value, info, owner);
        found = true;
      }
    });
    if (!found) {
      std::string known;
      for_each(obj, [&](auto&, const ParamInfo& info) {
        known += known.empty() ? "" : ", ";
        known += info.name;
      });
      for (const auto& other : other_known) known += (known.empty() ? "" : ", ") + other;
      throw Error(std::string(owner) + ": unknown " + std::string(what) + " '" + name + "'" +
                  (known.empty() ? std::string(" (it takes none)") : "; known: " + known));
    }
  }
}

// Checks every listed field against its declared range.
template <class Obj, class ForEach>
void check_params(const Obj& obj, ForEach for_each, std::string_view owner) {
  for_each(obj, [&](const auto& field, const ParamInfo& info) { check_param(double(field), info, owner); });
}

// [{"name", "value", "unit", "doc", "range"}...] for gym info and the play UI.
template <class Obj, class ForEach>
nlohmann::json params_json(const Obj& obj, ForEach for_each) {
  nlohmann::json out = nlohmann::json::array();
  for_each(obj, [&](const auto& field, const ParamInfo& info) {
    out.push_back({{"name", info.name}, {"value", field}, {"unit", info.unit}, {"doc", info.doc},
                   {"range", describe_range(info)}});
  });
  return out;
}

// An entry of params_json's list for an option that is no for_each_param
// field (a map, a level's layout; models list them in describe_options),
// shaped like the others plus "fixed": true. Such an option is given to
// make() and shown by gym info and the play app, which does not change it
// live: most of them fix the env's layout, and a new layout would strand the
// running episode's state. `range` says in words what the option accepts.
inline nlohmann::json fixed_option_json(std::string_view name, nlohmann::json value, std::string_view doc,
                                        std::string_view range, std::string_view unit = "") {
  return {{"name", std::string(name)}, {"value", std::move(value)}, {"unit", std::string(unit)},
          {"doc", std::string(doc)},   {"range", std::string(range)},    {"fixed", true}};
}

}  // namespace gym
