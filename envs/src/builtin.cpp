// The built-in environments and the process-wide registry that holds them.
#include <fmt/format.h>

#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/registry.hpp"

namespace gym {

namespace envs {
void register_minigrid(Registry& r);  // minigrid_register.cpp
void register_toy_text(Registry& r);  // toy_text.cpp
}

namespace {

void register_builtins(Registry& r) {
  const EnvMetadata classic{{}, 50.0};
  r.add(model_factory<envs::CartPole>({"CartPole-v0", 200, 195.0, "Gymnasium 1.4 CartPole-v0"}, {}, classic));
  r.add(model_factory<envs::CartPole>({"CartPole-v1", 500, 475.0, "Gymnasium 1.4 CartPole-v1"}, {}, classic));
  r.add(model_factory<envs::CartPoleContinuous>(
      {"CartPoleContinuous-v1", 500, 475.0, "gym++ (not in Gymnasium): CartPole-v1 with force clip(a, -1, 1) * force_mag"},
      {}, classic));
  const EnvMetadata mountain_car{{}, 30.0};
  r.add(model_factory<envs::MountainCar>({"MountainCar-v0", 200, -110.0, "Gymnasium 1.4 MountainCar-v0"}, {},
                                         mountain_car));
  r.add(model_factory<envs::MountainCarContinuous>(
      {"MountainCarContinuous-v0", 999, 90.0, "Gymnasium 1.4 MountainCarContinuous-v0"}, {}, mountain_car));
  r.add(model_factory<envs::Pendulum>({"Pendulum-v1", 200, std::nullopt, "Gymnasium 1.4 Pendulum-v1"}, {},
                                      {{}, 30.0}));
  r.add(model_factory<envs::Acrobot>({"Acrobot-v1", 500, -100.0, "Gymnasium 1.4 Acrobot-v1"}, {}, {{}, 15.0}));
  r.add(model_factory<envs::AcrobotContinuous>(
      {"AcrobotContinuous-v1", 500, -100.0, "gym++ (not in Gymnasium): Acrobot-v1 with torque clip(a, -1, 1)"}, {},
      {{}, 15.0}));
  envs::register_minigrid(r);
  envs::register_toy_text(r);
}

}  // namespace

Registry& registry() {
  static Registry instance;
  static const bool filled = (register_builtins(instance), true);  // once, thread-safe as a static's initialiser
  (void)filled;
  return instance;
}

}  // namespace gym
