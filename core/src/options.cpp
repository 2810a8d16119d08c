#include "gym/options.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace gym {

std::string OptionValue::to_string() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>) return v ? "true" : "false";
        else if constexpr (std::is_same_v<V, std::string>) return fmt::format("\"{}\"", v);
        else return fmt::format("{}", v);
      },
      v_);
}

std::string_view OptionValue::type_name() const {
  static constexpr std::string_view kNames[] = {"bool", "int", "float", "string"};
  return kNames[v_.index()];
}

std::pair<std::string, OptionValue> parse_option(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw Error(fmt::format("option '{}' is not of the form name=value", text));
  return {std::string(text.substr(0, eq)), OptionValue(std::string(text.substr(eq + 1)))};
}

std::string describe_range(const ParamInfo& info) {
  const bool has_min = std::isfinite(info.min), has_max = std::isfinite(info.max);
  if (has_min && has_max)
    return fmt::format("{}{}, {}{}", info.min_open ? "(" : "[", info.min, info.max, info.max_open ? ")" : "]");
  if (has_min) return fmt::format("{} {}", info.min_open ? ">" : ">=", info.min);
  if (has_max) return fmt::format("{} {}", info.max_open ? "<" : "<=", info.max);
  return "any finite value";
}

namespace {

[[noreturn]] void wrong_type(const OptionValue& value, const ParamInfo& info, std::string_view owner,
                             std::string_view wanted) {
  throw Error(fmt::format("{}: option '{}' expects {}, got {} {}", owner, info.name, wanted, value.type_name(),
                          value.to_string()));
}

// Strict text -> number: the whole string must be consumed.
bool parse_double(const std::string& text, double& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

void check_param(double value, const ParamInfo& info, std::string_view owner) {
  const bool below = info.min_open ? !(value > info.min) : !(value >= info.min);
  const bool above = info.max_open ? !(value < info.max) : !(value <= info.max);
  if (std::isnan(value) || below || above)
    throw Error(fmt::format("{}: option '{}' must be {}, got {}{}", owner, info.name, describe_range(info), value,
                            *info.unit ? fmt::format(" ({})", info.unit) : ""));
  if (!std::isfinite(value))
    throw Error(fmt::format("{}: option '{}' must be finite, got {}", owner, info.name, value));
}

void assign_option(double& field, const OptionValue& value, const ParamInfo& info, std::string_view owner) {
  double v = 0;
  if (auto* d = std::get_if<double>(&value.value())) v = *d;
  else if (auto* i = std::get_if<int64_t>(&value.value())) v = double(*i);
  else if (auto* s = std::get_if<std::string>(&value.value())) {
    if (!parse_double(*s, v)) wrong_type(value, info, owner, "a number");
  } else wrong_type(value, info, owner, "a number");
  check_param(v, info, owner);
  field = v;
}

void assign_option(int& field, const OptionValue& value, const ParamInfo& info, std::string_view owner) {
  int64_t v = 0;
  if (auto* i = std::get_if<int64_t>(&value.value())) v = *i;
  else if (auto* s = std::get_if<std::string>(&value.value())) {
    const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
    if (ec != std::errc() || ptr != s->data() + s->size()) wrong_type(value, info, owner, "an integer");
  } else wrong_type(value, info, owner, "an integer");
  check_param(double(v), info, owner);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    throw Error(fmt::format("{}: option '{}' = {} does not fit in an int", owner, info.name, v));
  field = int(v);
}

void assign_option(bool& field, const OptionValue& value, const ParamInfo& info, std::string_view owner) {
  if (auto* b = std::get_if<bool>(&value.value())) {
    field = *b;
    return;
  }
  if (auto* s = std::get_if<std::string>(&value.value())) {
    if (*s == "true" || *s == "True" || *s == "1") {
      field = true;
      return;
    }
    if (*s == "false" || *s == "False" || *s == "0") {
      field = false;
      return;
    }
  }
  wrong_type(value, info, owner, "true or false");
}

}  // namespace gym
