#include "gym/env.hpp"

#include "gym/diff.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gym {

namespace {
[[noreturn]] void unsupported(const Env& env, std::string_view what) {
  throw Error(fmt::format("{}: {} is not supported by this environment", env.spec().id, what));
}
}  // namespace

Array Env::render() { unsupported(*this, "render()"); }
std::string Env::render_text() {
  throw Error(fmt::format("{}: render_text() needs render_mode=ansi (this env's render modes: {})", spec().id,
                          metadata().render_modes.empty() ? "none" : fmt::format("{}", fmt::join(metadata().render_modes, ", "))));
}
void Env::set_render_mode(RenderMode mode) {
  if (mode != RenderMode::kNone) unsupported(*this, fmt::format("render_mode={}", render_mode_name(mode)));
}
void Env::draw(DrawList&) const { unsupported(*this, "draw()"); }
void Env::set_params(const Options& options) {
  if (!options.empty()) unsupported(*this, "set_params()");
}
std::vector<std::string> Env::state_names() const { unsupported(*this, "state_names()"); }
std::vector<double> Env::state() const { unsupported(*this, "state()"); }
void Env::set_state(std::span<const double>) { unsupported(*this, "set_state()"); }
Transition Env::transition(std::span<const double>, const Array&) const { unsupported(*this, "transition()"); }
diff::StepJacobian Env::jacobian(std::span<const double>, const Array&, std::span<const std::string>) const {
  unsupported(*this, "jacobian()");
}
nlohmann::json Env::state_json() const { unsupported(*this, "state_json()"); }
void Env::set_state_json(const nlohmann::json&) { unsupported(*this, "set_state_json()"); }
nlohmann::json Env::transition_json(const nlohmann::json&, const Array&) const { unsupported(*this, "transition_json()"); }
nlohmann::json Env::params() const { return nlohmann::json::array(); }

}  // namespace gym
