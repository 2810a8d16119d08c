#include "gym/env.hpp"

#include "gym/diff.hpp"

#include <fmt/format.h>

namespace gym {

namespace {
[[noreturn]] void unsupported(const Env& env, std::string_view what) {
  throw Error(fmt::format("{}: {} is not supported by this environment", env.spec().id, what));
}
}  // namespace

Array Env::render() {
  throw Error(fmt::format("{}: render() is not available in this build (no render layer)", spec().id));
}
std::vector<std::string> Env::state_names() const { unsupported(*this, "state_names()"); }
std::vector<double> Env::state() const { unsupported(*this, "state()"); }
void Env::set_state(std::span<const double>) { unsupported(*this, "set_state()"); }
Transition Env::transition(std::span<const double>, const Array&) const { unsupported(*this, "transition()"); }
diff::StepJacobian Env::jacobian(std::span<const double>, const Array&, std::span<const std::string>) const {
  unsupported(*this, "jacobian()");
}
nlohmann::json Env::params() const { return nlohmann::json::array(); }

}  // namespace gym
