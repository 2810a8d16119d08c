// gym::make_vec(id, n, config, {{"device", "cuda"}}): the device executors
// behind the gym::VectorEnv interface, their results copied to the host after
// each reset and step. Installed into the registry at start-up (gympp::gpu is
// linked whole, as gympp::render is).
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gym/gpu/vector_env.hpp"
#include "gym/gpu/world_vector_env.hpp"
#include "gym/registry.hpp"

namespace gym::gpu {

namespace {

template <class T>
std::vector<T> copy_as(const DeviceArray& array) {
  const std::vector<std::byte> bytes = copy_bytes(array);
  std::vector<T> out(bytes.size() / sizeof(T));
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

// A device vector env seen as a gym::VectorEnv. Dev is gym::gpu::VectorEnv
// (classic control, float32 observations) or WorldVectorEnv (grid worlds,
// uint8 observations); spec and spaces come from a one-env host twin.
template <class Dev>
class HostView final : public gym::VectorEnv {
 public:
  HostView(std::unique_ptr<Dev> device, std::unique_ptr<gym::VectorEnv> twin, AutoresetMode mode)
      : dev_(std::move(device)), twin_(std::move(twin)), mode_(mode), no_final_(std::size_t(dev_->num_envs())) {}

  int num_envs() const override { return dev_->num_envs(); }
  int num_threads() const override { return 1; }
  int obs_dim() const override { return twin_->obs_dim(); }
  int action_dim() const override { return twin_->action_dim(); }
  AutoresetMode autoreset_mode() const override { return mode_; }
  const Space& single_observation_space() const override { return twin_->single_observation_space(); }
  const Space& single_action_space() const override { return twin_->single_action_space(); }
  const EnvSpec& spec() const override { return twin_->spec(); }
  DType observation_dtype() const override { return twin_->observation_dtype(); }
  Shape single_observation_shape() const override { return twin_->single_observation_shape(); }

  void reset(std::optional<uint64_t> seed, std::span<const uint8_t> mask) override {
    if (!mask.empty())
      throw Error(fmt::format("{}: device=cuda vector envs reset all envs at once (no mask)", spec().id));
    dev_->reset(seed);
    fetch();
  }
  using gym::VectorEnv::step;
  void step(std::span<const int32_t> actions) override {
    dev_->step(actions);
    dev_->check_errors();
    fetch();
  }
  void step(std::span<const float> actions) override {
    if constexpr (requires { dev_->step(actions); }) {
      dev_->step(actions);
      dev_->check_errors();
      fetch();
    } else {
      gym::VectorEnv::step(actions);  // grid worlds take int32 actions: the base class says so
    }
  }

  std::span<const float> observations() const override {
    if (observation_dtype() != DType::kFloat32)
      throw Error(fmt::format("{}: observations are {}, not float32: read them with observations_as<uint8_t>()",
                              spec().id, dtype_name(observation_dtype())));
    return {reinterpret_cast<const float*>(obs_.data()), obs_.size() / sizeof(float)};
  }
  std::span<const std::byte> observation_bytes() const override { return obs_; }
  std::span<const float> final_observations() const override { throw no_same_step(); }
  std::span<const std::byte> final_observation_bytes() const override { throw no_same_step(); }
  std::span<const uint8_t> has_final_observation() const override { return no_final_; }
  std::span<const float> rewards() const override { return rewards_; }
  std::span<const uint8_t> terminated() const override { return terminated_; }
  std::span<const uint8_t> truncated() const override { return truncated_; }
  std::span<const float> episode_returns() const override { return returns_; }
  std::span<const int32_t> episode_lengths() const override { return lengths_; }

 private:
  Error no_same_step() const {
    return Error(fmt::format("{}: device=cuda vector envs have no final observations (same_step autoreset is "
                             "not offered through the registry)",
                             spec().id));
  }
  void fetch() {
    obs_ = copy_bytes(dev_->observations());
    rewards_ = copy_floats(dev_->rewards());
    terminated_ = copy_as<uint8_t>(dev_->terminated());
    truncated_ = copy_as<uint8_t>(dev_->truncated());
    returns_ = copy_floats(dev_->episode_returns());
    lengths_ = copy_as<int32_t>(dev_->episode_lengths());
  }

  std::unique_ptr<Dev> dev_;
  std::unique_ptr<gym::VectorEnv> twin_;
  AutoresetMode mode_;
  std::vector<std::byte> obs_;
  std::vector<float> rewards_, returns_;
  std::vector<uint8_t> terminated_, truncated_, no_final_;
  std::vector<int32_t> lengths_;
};

std::unique_ptr<gym::VectorEnv> make_on_device(std::string_view id, int num_envs, VectorConfig config,
                                               const Options& options) {
  if (config.autoreset_mode == AutoresetMode::kSameStep)
    throw Error(fmt::format("{}: device=cuda offers the next_step and disabled autoreset modes through the "
                            "registry (gym::gpu::make_vec has same_step too)",
                            id));
  auto twin = gym::make_vec(id, 1, {1, config.autoreset_mode}, options);  // checks the id and options
  const Config device_config{config.autoreset_mode, 0, nullptr};
  if (twin->observation_dtype() != DType::kFloat32)  // grid worlds and toy text
    return std::make_unique<HostView<WorldVectorEnv>>(make_world_vec(id, num_envs, device_config, options),
                                                      std::move(twin), config.autoreset_mode);
  return std::make_unique<HostView<VectorEnv>>(make_vec(id, num_envs, device_config, options), std::move(twin),
                                               config.autoreset_mode);
}

[[maybe_unused]] const bool g_installed = [] {
  set_device_vector_factory("cuda", &make_on_device);
  return true;
}();

}  // namespace

}  // namespace gym::gpu
