#include "gym/registry.hpp"

#include <algorithm>

#include <fmt/format.h>


namespace gym {

namespace {

// Gymnasium's id grammar, loosely: [namespace/]name[-vN]; we only refuse what
// would break lookups and command lines.
void check_id(std::string_view id) {
  if (id.empty()) throw Error("register_env: the env id is empty");
  for (char c : id)
    if (c == ' ' || c == '=' || c == '\n' || c == '\t')
      throw Error(fmt::format("register_env: env id '{}' contains whitespace or '='", id));
}

}  // namespace

void Registry::add(EnvFactory factory) {
  check_id(factory.spec.id);
  if (factory.spec.max_episode_steps && *factory.spec.max_episode_steps <= 0)
    throw Error(fmt::format("register_env: '{}' has max_episode_steps {}; it must be > 0 (or unset)", factory.spec.id,
                            *factory.spec.max_episode_steps));
  if (!factory.make_env || !factory.make_vector || !factory.describe)
    throw Error(fmt::format("register_env: '{}' has an incomplete factory", factory.spec.id));
  std::unique_lock lock(mutex_);
  if (find(factory.spec.id)) throw Error(fmt::format("register_env: '{}' is already registered", factory.spec.id));
  factories_.push_back(std::move(factory));
}

const EnvFactory& Registry::at(std::string_view id) const {
  std::shared_lock lock(mutex_);
  if (const EnvFactory* f = find(id)) return *f;
  throw Error(fmt::format("unknown env id '{}'; registered: {}", id, fmt::join(sorted_ids(), ", ")));
}

bool Registry::contains(std::string_view id) const {
  std::shared_lock lock(mutex_);
  return find(id) != nullptr;
}

std::vector<std::string> Registry::ids() const {
  std::shared_lock lock(mutex_);
  return sorted_ids();
}

const EnvFactory* Registry::find(std::string_view id) const {
  for (const auto& f : factories_)
    if (f.spec.id == id) return &f;
  return nullptr;
}

std::vector<std::string> Registry::sorted_ids() const {
  std::vector<std::string> out;
  for (const auto& f : factories_) out.push_back(f.spec.id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gym
