// The device vector env: thin kernels around gym::batch's GYM_HD per-env
// functions, which the CPU tests check against gym::ModelVectorEnv.
#include <cuda_runtime.h>

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "gym/batch.hpp"
#include "gym/envs/classic/acrobot.hpp"
#include "gym/envs/classic/cartpole.hpp"
#include "gym/envs/classic/mountain_car.hpp"
#include "gym/envs/classic/pendulum.hpp"
#include "gym/error.hpp"
#include "gym/gpu/device.hpp"
#include "gym/gpu/rollout.cuh"
#include "cuda_util.cuh"
#include "model_vec.hpp"

namespace gym::gpu::detail {

namespace {

constexpr int kThreads = kRolloutThreads;


template <class M>
__global__ void seed_kernel(batch::View<M> v, bool reseed, uint64_t seed) {
  const int i = int(blockIdx.x) * kThreads + int(threadIdx.x);
  if (i < v.n) batch::seed_env(v, i, reseed, seed);
}

template <class M, class A>
__global__ void step_kernel(batch::View<M> v, const A* actions) {
  const int i = int(blockIdx.x) * kThreads + int(threadIdx.x);
  if (i < v.n) batch::step_env(v, i, actions + std::size_t(i) * action_dim_v<M>);
}

// A uniform random action for env i at step t (as the action space samples:
// integers 0 .. kNumActions - 1, or floats in the model's action box given by
// low/high), then the step.
template <class M>
__global__ void step_random_kernel(batch::View<M> v, uint64_t seed, uint64_t t, float low, float high) {
  const int i = int(blockIdx.x) * kThreads + int(threadIdx.x);
  if (i >= v.n) return;
  std::conditional_t<M::kDiscrete, int32_t, float> a[action_dim_v<M>];
  batch::RandomPolicy<M>{seed, low, high}.act(nullptr, i, t, a);
  batch::step_env(v, i, a);
}

template <class M, class A>
__global__ void jacobian_kernel(batch::View<M> v, const A* actions, float* jac, float* reward_grad) {
  constexpr int D = M::kStateDim, N = batch::jacobian_inputs_v<M>;
  const int i = int(blockIdx.x) * kThreads + int(threadIdx.x);
  if (i < v.n)
    batch::step_jacobian_env(v, i, actions + std::size_t(i) * action_dim_v<M>, jac + std::size_t(i) * D * N,
                             reward_grad + std::size_t(i) * N);
}

template <class M>
__global__ void trajectory_kernel(batch::View<M> v, const float* actions, int horizon, float gamma, bool stop,
                                  float* workspace, float* returns, int32_t* steps, float* d_actions,
                                  float* d_state0) {
  constexpr int D = M::kStateDim, A = action_dim_v<M>, W = batch::trajectory_step_scalars_v<M>;
  const int i = int(blockIdx.x) * kThreads + int(threadIdx.x);
  if (i >= v.n) return;
  float s0[D];
  for (int d = 0; d < D; ++d) s0[d] = v.state[std::size_t(d) * std::size_t(v.n) + std::size_t(i)];
  const std::size_t ui = std::size_t(i), h = std::size_t(horizon);
  steps[i] = batch::trajectory_gradient_env<M, float>(v.params, s0, actions + ui * h * A, horizon, gamma, stop,
                                                      workspace + ui * h * W, d_actions + ui * h * A,
                                                      d_state0 + ui * D, &returns[i]);
}

template <class M>
class ModelVec final : public VectorEnv {
 public:
  using Action = std::conditional_t<M::kDiscrete, int32_t, float>;
  static constexpr int kD = M::kStateDim, kO = M::kObsDim, kA = action_dim_v<M>;

  ModelVec(std::string id, const typename M::Params& params, int n, int32_t max_steps, Config config)
      : id_(std::move(id)), n_(n), config_(config), stream_(static_cast<cudaStream_t>(config.stream)),
        buffer_(bytes_for(n)) {
    check(cudaSetDevice(config.device), "cannot use device " + std::to_string(config.device));
    if constexpr (!M::kDiscrete) {
      const auto box = M::action_space(params);  // one bound for every component: the classic envs' boxes
      low_ = float(box.low()[0]);
      high_ = float(box.high()[0]);
    }
    view_.n = n;
    view_.params = params;
    view_.max_steps = max_steps;
    view_.mode = config.autoreset_mode;
    Carver carver(buffer_.data());
    layout(carver, view_, actions_, std::size_t(n));
    // An entropy-keyed first reset, as the CPU vector env's constructor does.
    launch_seed(true, (uint64_t(std::random_device{}()) << 32) | std::random_device{}());
  }

  int num_envs() const override { return n_; }
  int obs_dim() const override { return kO; }
  int action_dim() const override { return kA; }
  bool discrete() const override { return M::kDiscrete; }
  const std::string& id() const override { return id_; }

  void reset(std::optional<uint64_t> seed) override { launch_seed(seed.has_value(), seed.value_or(0)); }

  void step_device(const void* actions) override {
    if (!actions) throw Error("gym::gpu::VectorEnv::step_device: null action pointer");
    cudaPointerAttributes attr{};
    if (cudaPointerGetAttributes(&attr, actions) != cudaSuccess || attr.type != cudaMemoryTypeDevice) {
      cudaGetLastError();
      throw Error("gym::gpu::VectorEnv::step_device: the actions are not in device memory (use step() for host "
                  "arrays)");
    }
    launch_step(static_cast<const Action*>(actions));
  }
  void step(std::span<const int32_t> actions) override {
    if constexpr (!M::kDiscrete) throw Error(id_ + ": continuous actions are float32 ([N x " + std::to_string(kA) + "])");
    else step_host(actions);
  }
  void step(std::span<const float> actions) override {
    if constexpr (M::kDiscrete) throw Error(id_ + ": discrete actions are int32 (one per env)");
    else step_host(actions);
  }
  void step_random(uint64_t seed) override {
    step_random_kernel<M><<<blocks(), kThreads, 0, stream_>>>(view_, seed, random_steps_++, low_, high_);
    check(cudaGetLastError(), "step kernel");
  }
  RolloutResult rollout(int steps, const DevicePolicy& policy, RolloutRequest what) override {
    if (steps < 1) throw Error(id_ + ": rollout steps must be >= 1, got " + std::to_string(steps));
    const std::size_t un = std::size_t(n_), k = std::size_t(steps);
    batch::RolloutOutputs out;
    auto rollout_layout = [&](Carver& c) {
      if (what.observations) c.take(out.obs, k * un * kO);
      if (what.rewards) c.take(out.rewards, k * un);
      if (what.dones) c.take(out.dones, k * un);
      if (what.returns) {
        c.take(out.return_sums, un);
        c.take(out.episodes, un);
      }
    };
    rollout_scratch_.place(rollout_layout);
    RolloutResult result;
    if (what.observations) result.observations = {out.obs, DType::kFloat32, {steps, n_, kO}, config_.device};
    if (what.rewards) result.rewards = {out.rewards, DType::kFloat32, {steps, n_}, config_.device};
    if (what.dones) result.dones = {out.dones, DType::kUInt8, {steps, n_}, config_.device};
    if (what.returns) {
      result.return_sums = {out.return_sums, DType::kFloat32, {n_}, config_.device};
      result.episodes = {out.episodes, DType::kInt32, {n_}, config_.device};
    }
    const uint64_t t0 = random_steps_;
    random_steps_ += k;
    switch (policy.kind) {
      case DevicePolicy::Kind::kRandom:
        launch_rollout(steps, t0, batch::RandomPolicy<M>{policy.seed, low_, high_}, out);
        break;
      case DevicePolicy::Kind::kLinear:
        if (!policy.weights || !policy.bias) throw Error(id_ + ": a linear policy needs weights and bias");
        launch_rollout(steps, t0, batch::LinearPolicy<M>{policy.weights, policy.bias}, out);
        break;
      case DevicePolicy::Kind::kMlp:
        if (!policy.w1 || !policy.b1 || !policy.w2 || !policy.b2)
          throw Error(id_ + ": an MLP policy needs w1, b1, w2 and b2");
        if (policy.hidden == 16) launch_rollout(steps, t0, batch::MlpPolicy<M, 16>{policy.w1, policy.b1, policy.w2, policy.b2}, out);
        else if (policy.hidden == 32) launch_rollout(steps, t0, batch::MlpPolicy<M, 32>{policy.w1, policy.b1, policy.w2, policy.b2}, out);
        else if (policy.hidden == 64) launch_rollout(steps, t0, batch::MlpPolicy<M, 64>{policy.w1, policy.b1, policy.w2, policy.b2}, out);
        else throw Error(id_ + ": MLP policies have 16, 32 or 64 hidden units, got " + std::to_string(policy.hidden));
        break;
    }
    return result;
  }
  StepJacobians jacobians(std::span<const int32_t> actions) override {
    if constexpr (!M::kDiscrete) throw Error(id_ + ": continuous actions are float32 ([N x " + std::to_string(kA) + "])");
    else return jacobians_host(actions);
  }
  StepJacobians jacobians(std::span<const float> actions) override {
    if constexpr (M::kDiscrete) throw Error(id_ + ": discrete actions are int32 (one per env)");
    else return jacobians_host(actions);
  }
  TrajectoryGradients trajectory_gradients(std::span<const float> actions, int horizon, float gamma,
                                           bool stop_at_termination) override {
    if constexpr (M::kDiscrete) {
      (void)actions, (void)horizon, (void)gamma, (void)stop_at_termination;
      throw Error(id_ + ": trajectory gradients need continuous actions (a discrete env has no action gradient)");
    } else {
      if (horizon < 1) throw Error(id_ + ": horizon must be >= 1, got " + std::to_string(horizon));
      if (!(gamma >= 0 && gamma <= 1)) throw Error(id_ + ": gamma must be in [0, 1], got " + std::to_string(gamma));
      const std::size_t un = std::size_t(n_), h = std::size_t(horizon);
      if (actions.size() != un * h * kA)
        throw Error(id_ + ": got " + std::to_string(actions.size()) + " action values for " + std::to_string(n_) +
                    " envs x " + std::to_string(horizon) + " steps x " + std::to_string(kA));
      for (float a : actions)
        if (!(a - a == 0.0f)) throw Error(id_ + ": an action value is not finite");
      constexpr int W = batch::trajectory_step_scalars_v<M>;
      float *dev_actions, *workspace, *returns, *d_actions, *d_state0;
      int32_t* steps;
      auto trajectory_layout = [&](Carver& c) {
        c.take(dev_actions, un * h * kA);
        c.take(workspace, un * h * W);
        c.take(returns, un);
        c.take(steps, un);
        c.take(d_actions, un * h * kA);
        c.take(d_state0, un * kD);
      };
      trajectory_scratch_.place(trajectory_layout);
      check(cudaMemcpyAsync(dev_actions, actions.data(), actions.size_bytes(), cudaMemcpyHostToDevice, stream_),
            "copy actions to the device");
      trajectory_kernel<M><<<blocks(), kThreads, 0, stream_>>>(view_, dev_actions, horizon, gamma, stop_at_termination,
                                                              workspace, returns, steps, d_actions, d_state0);
      check(cudaGetLastError(), "trajectory kernel");
      TrajectoryGradients out;
      out.horizon = horizon;
      out.returns = {returns, DType::kFloat32, {n_}, config_.device};
      out.steps = {steps, DType::kInt32, {n_}, config_.device};
      out.d_actions = {d_actions, DType::kFloat32, {n_, horizon, kA}, config_.device};
      out.d_state0 = {d_state0, DType::kFloat32, {n_, kD}, config_.device};
      return out;
    }
  }
  CustomRollout begin_custom_rollout(const std::type_info& model, int steps) override {
    if (model != typeid(M))
      throw Error(id_ + ": gym::gpu::rollout was called with another model type than this env's");
    const uint64_t t0 = random_steps_;
    random_steps_ += uint64_t(steps);
    return {&view_, stream_, t0};
  }
  void synchronize() override { check(cudaStreamSynchronize(stream_), "synchronize"); }

  DeviceArray observations() const override { return {view_.obs, DType::kFloat32, {n_, kO}, config_.device}; }
  DeviceArray rewards() const override { return {view_.reward, DType::kFloat32, {n_}, config_.device}; }
  DeviceArray terminated() const override { return {view_.terminated, DType::kUInt8, {n_}, config_.device}; }
  DeviceArray truncated() const override { return {view_.truncated, DType::kUInt8, {n_}, config_.device}; }
  DeviceArray episode_returns() const override { return {view_.ep_return, DType::kFloat32, {n_}, config_.device}; }
  DeviceArray episode_lengths() const override { return {view_.ep_length, DType::kInt32, {n_}, config_.device}; }
  DeviceArray errors() const override { return {view_.error, DType::kUInt8, {n_}, config_.device}; }

  std::vector<float> copy_observations() const override { return copy(view_.obs, std::size_t(kO) * n_); }
  std::vector<float> copy_rewards() const override { return copy(view_.reward, n_); }
  std::vector<uint8_t> copy_terminated() const override { return copy(view_.terminated, n_); }
  std::vector<uint8_t> copy_truncated() const override { return copy(view_.truncated, n_); }
  void check_errors() const override {
    const auto errors = copy(view_.error, n_);
    for (int i = 0; i < n_; ++i) {
      const uint8_t e = errors[std::size_t(i)];
      if (!e) continue;
      std::string what = (e & batch::kActionOutOfRange) ? "an action outside the action space"
                         : (e & batch::kNotFinite)      ? "a NaN or infinite action"
                                                        : "a step after its episode ended (autoreset disabled)";
      throw Error(id_ + ": env " + std::to_string(i) + " got " + what + " and was not stepped");
    }
  }

 private:
  // The device arrays of n envs, in one buffer (Carver).
  static void layout(Carver& c, batch::View<M>& v, Action*& actions, std::size_t n) {
    c.take(v.state, std::size_t(kD) * n);
    c.take(v.obs, std::size_t(kO) * n);
    c.take(v.final_obs, std::size_t(kO) * n);
    take_episode_arrays(c, v, n);
    c.take(actions, std::size_t(kA) * n);
  }
  static std::size_t bytes_for(int n) {
    if (device_count() == 0) throw Error("gym::gpu: no CUDA device on this machine (the GPU executors need one)");
    Carver sizing;
    batch::View<M> v;
    Action* actions = nullptr;
    layout(sizing, v, actions, std::size_t(n));
    return sizing.bytes();
  }
  int blocks() const { return (n_ + kThreads - 1) / kThreads; }

  void launch_seed(bool reseed, uint64_t seed) {
    seed_kernel<M><<<blocks(), kThreads, 0, stream_>>>(view_, reseed, seed);
    check(cudaGetLastError(), "reset kernel");
  }
  template <class Policy>
  void launch_rollout(int steps, uint64_t t0, const Policy& policy, const batch::RolloutOutputs& out) {
    gym::gpu::rollout_kernel<M, Policy><<<blocks(), kThreads, 0, stream_>>>(view_, steps, t0, policy, out);
    check(cudaGetLastError(), "rollout kernel");
  }
  void launch_step(const Action* actions) {
    step_kernel<M, Action><<<blocks(), kThreads, 0, stream_>>>(view_, actions);
    check(cudaGetLastError(), "step kernel");
  }
  template <class A>
  StepJacobians jacobians_host(std::span<const A> actions) {
    constexpr int N = batch::jacobian_inputs_v<M>;
    copy_actions(actions);
    float *jac, *rgrad;
    auto jacobian_layout = [&](Carver& c) {
      c.take(jac, std::size_t(n_) * kD * N);
      c.take(rgrad, std::size_t(n_) * N);
    };
    jacobian_scratch_.place(jacobian_layout);
    jacobian_kernel<M, Action><<<blocks(), kThreads, 0, stream_>>>(view_, actions_, jac, rgrad);
    check(cudaGetLastError(), "jacobian kernel");
    StepJacobians out;
    out.inputs = N;
    out.d_next_state = {jac, DType::kFloat32, {n_, kD, N}, config_.device};
    out.d_reward = {rgrad, DType::kFloat32, {n_, N}, config_.device};
    return out;
  }
  template <class A>
  void copy_actions(std::span<const A> actions) {
    if (actions.size() != std::size_t(kA) * std::size_t(n_))
      throw Error(id_ + ": got " + std::to_string(actions.size()) + " action values for " + std::to_string(n_) +
                  " envs x " + std::to_string(kA));
    check(cudaMemcpyAsync(actions_, actions.data(), actions.size_bytes(), cudaMemcpyHostToDevice, stream_),
          "copy actions to the device");
  }
  template <class A>
  void step_host(std::span<const A> actions) {
    copy_actions(actions);
    launch_step(actions_);
  }
  template <class T>
  std::vector<T> copy(const T* device, std::size_t count) const {
    return copy_to_host(device, count, stream_);
  }

  std::string id_;
  int n_;
  Config config_;
  cudaStream_t stream_;
  DeviceBuffer buffer_;
  batch::View<M> view_;
  Action* actions_ = nullptr;
  uint64_t random_steps_ = 0;  // steps taken by device-side policies: the random policy's counter
  ScratchBuffer rollout_scratch_, jacobian_scratch_, trajectory_scratch_;  // sized by the largest call so far
  float low_ = 0, high_ = 0;
};

}  // namespace

template <class M>
std::unique_ptr<VectorEnv> make_model_vec(const std::string& id, const typename M::Params& params, int num_envs,
                                          int32_t max_steps, Config config) {
  return std::make_unique<ModelVec<M>>(id, params, num_envs, max_steps, config);
}

template std::unique_ptr<VectorEnv> make_model_vec<envs::CartPole>(const std::string&, const envs::CartPole::Params&,
                                                                   int, int32_t, Config);
template std::unique_ptr<VectorEnv> make_model_vec<envs::CartPoleContinuous>(
    const std::string&, const envs::CartPoleContinuous::Params&, int, int32_t, Config);
template std::unique_ptr<VectorEnv> make_model_vec<envs::MountainCar>(const std::string&,
                                                                      const envs::MountainCar::Params&, int, int32_t,
                                                                      Config);
template std::unique_ptr<VectorEnv> make_model_vec<envs::MountainCarContinuous>(
    const std::string&, const envs::MountainCarContinuous::Params&, int, int32_t, Config);
template std::unique_ptr<VectorEnv> make_model_vec<envs::Pendulum>(const std::string&, const envs::Pendulum::Params&,
                                                                   int, int32_t, Config);
template std::unique_ptr<VectorEnv> make_model_vec<envs::Acrobot>(const std::string&, const envs::Acrobot::Params&, int,
                                                                  int32_t, Config);
template std::unique_ptr<VectorEnv> make_model_vec<envs::AcrobotContinuous>(
    const std::string&, const envs::AcrobotContinuous::Params&, int, int32_t, Config);

}  // namespace gym::gpu::detail

namespace gym::gpu {

std::vector<std::byte> copy_bytes(const DeviceArray& array) {
  std::size_t count = dtype_size(array.dtype);
  for (int64_t d : array.shape) count *= std::size_t(d);
  std::vector<std::byte> out(count);
  if (count == 0) return out;
  if (!array.data) throw Error("gym::gpu::copy_bytes: null device pointer");
  detail::check(cudaDeviceSynchronize(), "synchronize");
  detail::check(cudaMemcpy(out.data(), array.data, count, cudaMemcpyDeviceToHost), "copy to host");
  return out;
}

std::vector<float> copy_floats(const DeviceArray& array) {
  if (array.dtype != DType::kFloat32) throw Error("gym::gpu::copy_floats: the array is not float32");
  std::size_t count = 1;
  for (int64_t d : array.shape) count *= std::size_t(d);
  std::vector<float> out(count);
  if (count == 0) return out;
  if (!array.data) throw Error("gym::gpu::copy_floats: null device pointer");
  detail::check(cudaDeviceSynchronize(), "synchronize");
  detail::check(cudaMemcpy(out.data(), array.data, count * sizeof(float), cudaMemcpyDeviceToHost), "copy to host");
  return out;
}

}  // namespace gym::gpu
