// gym/options.hpp: "name=value" parsing, typed assignment with range checks,
// and the by-name helpers that models use for their Params.
#include <cmath>
#include <limits>
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "support.hpp"

#include "gym/options.hpp"

using Catch::Matchers::Contains;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

const gym::ParamInfo kMass = gym::ParamInfo::positive("mass", "kg", "mass of the thing");
const gym::ParamInfo kSteps = gym::ParamInfo::range("steps", "", "a count", 1, 10);
const gym::ParamInfo kFlag = gym::ParamInfo::flag("flag", "a switch");
const gym::ParamInfo kAny = {"offset", "m", "any finite offset"};

// A Params-like struct listed by name, as a model's for_each_param does.
struct Knobs {
  double mass = 1.0;
  int steps = 5;
  bool flag = false;
};
constexpr auto kForEachKnob = [](auto& k, auto&& f) {
  f(k.mass, kMass);
  f(k.steps, kSteps);
  f(k.flag, kFlag);
};

using gym::test::error_of;

}  // namespace

TEST_CASE("parse_option splits name=value at the first '=' and keeps the value as text", "[options]") {
  const auto [name, value] = gym::parse_option("gravity=12");
  CHECK(name == "gravity");
  REQUIRE(std::holds_alternative<std::string>(value.value()));
  CHECK(std::get<std::string>(value.value()) == "12");

  const auto [name2, value2] = gym::parse_option("expr=a=b");
  CHECK(name2 == "expr");
  CHECK(std::get<std::string>(value2.value()) == "a=b");

  const auto [name3, value3] = gym::parse_option("gravity=");
  CHECK(name3 == "gravity");
  CHECK(std::get<std::string>(value3.value()).empty());
}

TEST_CASE("parse_option rejects text without '=' or with an empty name, quoting the text", "[options]") {
  CHECK_THROWS_AS(gym::parse_option("gravity"), gym::Error);
  CHECK_THAT(error_of([] { gym::parse_option("gravity"); }), Contains("'gravity'") && Contains("name=value"));
  CHECK_THAT(error_of([] { gym::parse_option("=12"); }), Contains("'=12'") && Contains("name=value"));
  CHECK_THROWS_AS(gym::parse_option(""), gym::Error);
}

TEST_CASE("OptionValue reports its type and prints itself as the user would write it", "[options]") {
  CHECK(gym::OptionValue(true).type_name() == "bool");
  CHECK(gym::OptionValue(3).type_name() == "int");
  CHECK(gym::OptionValue(int64_t{3}).type_name() == "int");
  CHECK(gym::OptionValue(2.5).type_name() == "float");
  CHECK(gym::OptionValue("x").type_name() == "string");

  CHECK(gym::OptionValue(true).to_string() == "true");
  CHECK(gym::OptionValue(false).to_string() == "false");
  CHECK(gym::OptionValue(-3).to_string() == "-3");
  CHECK(gym::OptionValue(2.5).to_string() == "2.5");
  CHECK(gym::OptionValue("abc").to_string() == "\"abc\"");
}

TEST_CASE("describe_range spells out open, closed and one-sided ranges", "[options]") {
  CHECK(gym::describe_range(kMass) == "> 0");
  CHECK(gym::describe_range(kSteps) == "[1, 10]");
  CHECK(gym::describe_range(kFlag) == "[0, 1]");
  CHECK(gym::describe_range(kAny) == "any finite value");
  CHECK(gym::describe_range(gym::ParamInfo{"n", "", "", 1.0}) == ">= 1");
  CHECK(gym::describe_range(gym::ParamInfo{"n", "", "", 0.0, 1.0, true, true}) == "(0, 1)");
  CHECK(gym::describe_range(gym::ParamInfo{"n", "", "", -kInf, 3.0, false, true}) == "< 3");
}

TEST_CASE("a double option accepts numbers and numeric text, converting exactly", "[options]") {
  double field = 0;
  gym::assign_option(field, "12", kMass, "Test-v0");
  CHECK(field == 12.0);
  gym::assign_option(field, "1e-3", kMass, "Test-v0");
  CHECK(field == 1e-3);
  gym::assign_option(field, "0.1", kMass, "Test-v0");
  CHECK(field == 0.1);
  gym::assign_option(field, 3, kMass, "Test-v0");
  CHECK(field == 3.0);
  gym::assign_option(field, int64_t{7}, kMass, "Test-v0");
  CHECK(field == 7.0);
  gym::assign_option(field, 2.25, kMass, "Test-v0");
  CHECK(field == 2.25);
  gym::assign_option(field, "-4.5", kAny, "Test-v0");
  CHECK(field == -4.5);
}

TEST_CASE("a double option rejects non-numeric text and bools, naming the owner, option and value", "[options]") {
  double field = 1.5;
  for (const char* text : {"abc", "12abc", "", "1,5", "12 m"}) {
    INFO("text: '" << text << "'");
    const std::string msg = error_of([&] { gym::assign_option(field, text, kMass, "Test-v0"); });
    CHECK_THAT(msg, Contains("Test-v0") && Contains("'mass'") && Contains("a number"));
    CHECK_THAT(msg, Contains(std::string("\"") + text + "\""));
  }
  CHECK_THAT(error_of([&] { gym::assign_option(field, true, kMass, "Test-v0"); }),
             Contains("'mass'") && Contains("bool"));
  CHECK(field == 1.5);  // a failed assignment leaves the field alone
}

TEST_CASE("an int option accepts integers and integer text only", "[options]") {
  int field = 5;
  gym::assign_option(field, "3", kSteps, "Test-v0");
  CHECK(field == 3);
  gym::assign_option(field, 7, kSteps, "Test-v0");
  CHECK(field == 7);

  for (const char* text : {"3.5", "3.0", "abc", "", "1e1"}) {
    INFO("text: '" << text << "'");
    CHECK_THAT(error_of([&] { gym::assign_option(field, text, kSteps, "Test-v0"); }),
               Contains("'steps'") && Contains("an integer"));
  }
  CHECK_THAT(error_of([&] { gym::assign_option(field, 3.5, kSteps, "Test-v0"); }),
             Contains("'steps'") && Contains("an integer") && Contains("3.5"));
  CHECK(field == 7);
}

TEST_CASE("an int option outside its range or outside int names the value and the range", "[options]") {
  int field = 5;
  CHECK_THAT(error_of([&] { gym::assign_option(field, "11", kSteps, "Test-v0"); }),
             Contains("'steps'") && Contains("11") && Contains("[1, 10]"));
  CHECK_THAT(error_of([&] { gym::assign_option(field, 0, kSteps, "Test-v0"); }),
             Contains("'steps'") && Contains("0") && Contains("[1, 10]"));
  const gym::ParamInfo unbounded{"count", "", "", 0.0};
  CHECK_THAT(error_of([&] { gym::assign_option(field, "99999999999", unbounded, "Test-v0"); }),
             Contains("'count'") && Contains("99999999999") && Contains("int"));
  CHECK(field == 5);
}

TEST_CASE("a bool option accepts true/false/1/0 and rejects other words", "[options]") {
  bool field = false;
  gym::assign_option(field, "true", kFlag, "Test-v0");
  CHECK(field);
  gym::assign_option(field, "0", kFlag, "Test-v0");
  CHECK_FALSE(field);
  gym::assign_option(field, "1", kFlag, "Test-v0");
  CHECK(field);
  gym::assign_option(field, "false", kFlag, "Test-v0");
  CHECK_FALSE(field);
  gym::assign_option(field, true, kFlag, "Test-v0");
  CHECK(field);

  for (const char* text : {"yes", "no", "TRUE ", "2", ""}) {
    INFO("text: '" << text << "'");
    CHECK_THAT(error_of([&] { gym::assign_option(field, text, kFlag, "Test-v0"); }),
               Contains("'flag'") && Contains("true or false"));
  }
  CHECK(field);
}

TEST_CASE("range checks reject negative, zero, NaN and infinite values with the option, value and range",
          "[options]") {
  double field = 1.0;
  const std::string negative = error_of([&] { gym::assign_option(field, -1.0, kMass, "Test-v0"); });
  CHECK_THAT(negative, Contains("Test-v0") && Contains("'mass'") && Contains("-1") && Contains("> 0") &&
                           Contains("kg"));

  CHECK_THAT(error_of([&] { gym::assign_option(field, "0", kMass, "Test-v0"); }),
             Contains("'mass'") && Contains("got 0") && Contains("> 0"));
  CHECK_THAT(error_of([&] { gym::assign_option(field, kNaN, kMass, "Test-v0"); }),
             Contains("'mass'") && Contains("nan"));
  CHECK_THAT(error_of([&] { gym::assign_option(field, "nan", kMass, "Test-v0"); }),
             Contains("'mass'") && Contains("nan"));
  CHECK_THAT(error_of([&] { gym::assign_option(field, kInf, kMass, "Test-v0"); }),
             Contains("'mass'") && Contains("inf") && Contains("finite"));
  CHECK_THAT(error_of([&] { gym::assign_option(field, "-inf", kAny, "Test-v0"); }),
             Contains("'offset'") && Contains("-inf") && Contains("finite"));
  CHECK_THAT(error_of([&] { gym::assign_option(field, kNaN, kAny, "Test-v0"); }),
             Contains("'offset'") && Contains("nan"));
  CHECK(field == 1.0);
}

TEST_CASE("check_param accepts values inside closed and open bounds exactly at the edge", "[options]") {
  CHECK_NOTHROW(gym::check_param(1.0, kSteps, "Test-v0"));
  CHECK_NOTHROW(gym::check_param(10.0, kSteps, "Test-v0"));
  CHECK_NOTHROW(gym::check_param(1e-300, kMass, "Test-v0"));
  CHECK_THROWS_AS(gym::check_param(0.0, kMass, "Test-v0"), gym::Error);
  CHECK_THROWS_AS(gym::check_param(10.5, kSteps, "Test-v0"), gym::Error);
  const gym::ParamInfo open{"p", "", "", 0.0, 1.0, true, true};
  CHECK_NOTHROW(gym::check_param(0.5, open, "Test-v0"));
  CHECK_THROWS_AS(gym::check_param(1.0, open, "Test-v0"), gym::Error);
}

TEST_CASE("apply_options sets fields by name and rejects unknown names, listing the known ones", "[options]") {
  Knobs k;
  gym::apply_options(k, gym::Options{{"mass", "2.5"}, {"steps", 9}, {"flag", "true"}}, kForEachKnob, "Test-v0");
  CHECK(k.mass == 2.5);
  CHECK(k.steps == 9);
  CHECK(k.flag);

  const std::string msg = error_of([&] { gym::apply_options(k, gym::Options{{"masss", 1.0}}, kForEachKnob, "Test-v0"); });
  CHECK_THAT(msg, Contains("Test-v0") && Contains("unknown option 'masss'") && Contains("mass") &&
                      Contains("steps") && Contains("flag"));

  const auto for_nothing = [](auto&, auto&&) {};
  CHECK_THAT(error_of([&] { gym::apply_options(k, gym::Options{{"x", 1}}, for_nothing, "Test-v0", "reset option"); }),
             Contains("unknown reset option 'x'") && Contains("takes none"));
}

TEST_CASE("check_params validates every field and params_json lists name, value, unit and range", "[options]") {
  Knobs k;
  CHECK_NOTHROW(gym::check_params(k, kForEachKnob, "Test-v0"));
  k.mass = -2;
  CHECK_THAT(error_of([&] { gym::check_params(k, kForEachKnob, "Test-v0"); }), Contains("'mass'") && Contains("-2"));
  k.mass = 3;
  k.steps = 0;
  CHECK_THAT(error_of([&] { gym::check_params(k, kForEachKnob, "Test-v0"); }), Contains("'steps'"));
  k.steps = 4;

  const auto json = gym::params_json(k, kForEachKnob);
  REQUIRE(json.is_array());
  REQUIRE(json.size() == 3);
  CHECK(json[0]["name"] == "mass");
  CHECK(json[0]["value"] == 3.0);
  CHECK(json[0]["unit"] == "kg");
  CHECK(json[0]["range"] == "> 0");
  CHECK(json[0]["doc"] == "mass of the thing");
  CHECK(json[1]["value"] == 4);
  CHECK(json[2]["value"] == false);
}
