// The device world vector env: thin kernels around gym::world_batch's GYM_HD
// per-env functions, which the CPU tests check through gym::WorldVectorEnv.
#include <cuda_runtime.h>

#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cuda_util.cuh"
#include "gym/envs/grid/minigrid.hpp"
#include "gym/envs/toy_text/cliff_walking.hpp"
#include "gym/envs/toy_text/frozen_lake.hpp"
#include "gym/envs/toy_text/taxi.hpp"
#include "gym/gpu/device.hpp"
#include "gym/world_batch.hpp"
#include "world_vec.hpp"

namespace gym::gpu::detail {

namespace {

constexpr int kWorldThreads = 128;

// The kernels read the view from device memory, not as a by-value kernel
// parameter: MiniGrid's params hold a custom level's 25 x 25 cells, and a
// parameter that the model code takes by reference would be copied into
// every thread's local memory (2 KB a thread, written each launch).
template <class M>
__global__ void world_seed_kernel(const world_batch::View<M>* __restrict__ view, bool reseed, uint64_t seed) {
  const world_batch::View<M>& v = *view;
  const int i = int(blockIdx.x) * kWorldThreads + int(threadIdx.x);
  if (i < v.n) world_batch::seed_env(v, i, reseed, seed);
}

template <class M>
__global__ void world_step_kernel(const world_batch::View<M>* __restrict__ view, const int32_t* actions) {
  const world_batch::View<M>& v = *view;
  const int i = int(blockIdx.x) * kWorldThreads + int(threadIdx.x);
  if (i < v.n) world_batch::step_env(v, i, actions[i]);
}

template <class M>
__global__ void world_step_random_kernel(const world_batch::View<M>* __restrict__ view, uint64_t seed, uint64_t t) {
  const world_batch::View<M>& v = *view;
  const int i = int(blockIdx.x) * kWorldThreads + int(threadIdx.x);
  if (i >= v.n) return;
  Rng rng(env_key(seed, uint64_t(i), RngPurpose::kActions), t);
  world_batch::step_env(v, i, int32_t(rng.next_u32() % uint32_t(M::kNumActions)));
}

// The staged step, for models with observations of many bytes (MiniGrid's
// images): each thread writes its env's observation into shared memory, and
// the block copies the block's observations, one run of bytes, to device
// memory in words. Stored one thread at a time, a warp's store instruction
// would touch 32 cache lines (on an H100, DoorKey-8x8 went from 0.37 to 2.2
// G steps/s). The states stay in place: staging them too (small grids) left
// fewer envs resident and halved the rate.
// `actions` null: uniform random actions from the (seed, env, kActions)
// stream at step t, as world_step_random_kernel draws them.
template <class M>
__global__ void world_step_staged_kernel(const world_batch::View<M>* __restrict__ view, const int32_t* actions,
                                         uint64_t seed, uint64_t t) {
  using Obs = typename M::Obs;
  const world_batch::View<M>& v = *view;
  extern __shared__ uint4 shared_words[];
  Obs* staged_obs = reinterpret_cast<Obs*>(shared_words);
  const int threads = int(blockDim.x), tid = int(threadIdx.x);
  const int base = int(blockIdx.x) * threads;
  const int count = min(threads, v.n - base);
  if (tid < count) {
    const int i = base + tid;
    Obs* obs = staged_obs + std::size_t(tid) * std::size_t(v.obs_dim);
    int32_t action;
    if (actions) {
      action = actions[i];
    } else {
      Rng rng(env_key(seed, uint64_t(i), RngPurpose::kActions), t);
      action = int32_t(rng.next_u32() % uint32_t(M::kNumActions));
    }
    if (!world_batch::step_env(v, i, action, v.state[i], obs)) {  // a bad action: the env keeps its observation
      const Obs* old = v.obs + std::size_t(i) * std::size_t(v.obs_dim);
      for (int d = 0; d < v.obs_dim; ++d) obs[d] = old[d];
    }
  }
  __syncthreads();
  // The block's observations are 4-aligned (base is a multiple of 32): words,
  // then the last few bytes.
  const int bytes = count * v.obs_dim * int(sizeof(Obs));
  uint8_t* out = reinterpret_cast<uint8_t*>(v.obs + std::size_t(base) * std::size_t(v.obs_dim));
  const uint8_t* in = reinterpret_cast<const uint8_t*>(staged_obs);
  for (int w = tid; w < bytes / 4; w += threads)
    reinterpret_cast<uint32_t*>(out)[w] = reinterpret_cast<const uint32_t*>(in)[w];
  const int tail = bytes & 3;
  if (tid < tail) out[bytes - tail + tid] = in[bytes - tail + tid];
}

template <class M>
class WorldVec final : public WorldVectorEnv {
 public:
  using Obs = typename M::Obs;

  WorldVec(std::string id, const typename M::Params& params, int n, int obs_dim, int32_t max_steps, Config config)
      : id_(std::move(id)), n_(n), config_(config), stream_(static_cast<cudaStream_t>(config.stream)),
        buffer_(bytes_for(n, obs_dim)) {
    check(cudaSetDevice(config.device), "cannot use device " + std::to_string(config.device));
    view_.n = n;
    view_.obs_dim = obs_dim;
    view_.max_steps = max_steps;
    view_.mode = config.autoreset_mode;
    view_.params = params;
    Carver carver(buffer_.data());
    layout(carver, view_, view_device_, actions_, std::size_t(n), obs_dim);
    check(cudaMemcpy(view_device_, &view_, sizeof(view_), cudaMemcpyHostToDevice), "copy the view");
    plan_staging();
    launch_seed(true, (uint64_t(std::random_device{}()) << 32) | std::random_device{}());
  }

  int num_envs() const override { return n_; }
  int obs_dim() const override { return view_.obs_dim; }
  DType observation_dtype() const override { return dtype_of<Obs>(); }
  const std::string& id() const override { return id_; }

  void reset(std::optional<uint64_t> seed) override { launch_seed(seed.has_value(), seed.value_or(0)); }

  void step_device(const int32_t* actions) override {
    if (!actions) throw Error(id_ + ": step_device got a null action pointer");
    cudaPointerAttributes attributes{};
    if (cudaPointerGetAttributes(&attributes, actions) != cudaSuccess || attributes.type != cudaMemoryTypeDevice) {
      cudaGetLastError();
      throw Error(id_ + ": step_device: the actions are not in device memory (use step() for host actions)");
    }
    launch_step(actions);
  }
  void step(std::span<const int32_t> actions) override {
    if (actions.size() != std::size_t(n_))
      throw Error(id_ + ": step() got " + std::to_string(actions.size()) + " actions for " + std::to_string(n_) +
                  " envs");
    check(cudaMemcpyAsync(actions_, actions.data(), actions.size_bytes(), cudaMemcpyHostToDevice, stream_),
          "copy actions");
    launch_step(actions_);
  }
  void step_random(uint64_t seed) override {
    if (stage_threads_ > 0)
      world_step_staged_kernel<M><<<blocks(stage_threads_), stage_threads_, stage_bytes_, stream_>>>(
          view_device_, nullptr, seed, step_number_++);
    else
      world_step_random_kernel<M><<<blocks(), kWorldThreads, 0, stream_>>>(view_device_, seed, step_number_++);
    check(cudaGetLastError(), "step kernel");
  }
  void synchronize() override { check(cudaStreamSynchronize(stream_), "synchronize"); }

  DeviceArray observations() const override {
    return {view_.obs, dtype_of<Obs>(), {n_, view_.obs_dim}, config_.device};
  }
  DeviceArray rewards() const override { return {view_.reward, DType::kFloat32, {n_}, config_.device}; }
  DeviceArray terminated() const override { return {view_.terminated, DType::kUInt8, {n_}, config_.device}; }
  DeviceArray truncated() const override { return {view_.truncated, DType::kUInt8, {n_}, config_.device}; }
  DeviceArray episode_returns() const override { return {view_.ep_return, DType::kFloat32, {n_}, config_.device}; }
  DeviceArray episode_lengths() const override { return {view_.ep_length, DType::kInt32, {n_}, config_.device}; }
  DeviceArray errors() const override { return {view_.error, DType::kUInt8, {n_}, config_.device}; }

  std::vector<uint8_t> copy_observations() const override {
    const auto values = copy_to_host(view_.obs, std::size_t(n_) * std::size_t(view_.obs_dim), stream_);
    std::vector<uint8_t> bytes(values.size() * sizeof(Obs));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
  }
  std::vector<float> copy_rewards() const override { return copy_to_host(view_.reward, std::size_t(n_), stream_); }
  std::vector<uint8_t> copy_terminated() const override {
    return copy_to_host(view_.terminated, std::size_t(n_), stream_);
  }
  std::vector<uint8_t> copy_truncated() const override {
    return copy_to_host(view_.truncated, std::size_t(n_), stream_);
  }
  void check_errors() const override {
    const auto errors = copy_to_host(view_.error, std::size_t(n_), stream_);
    for (int i = 0; i < n_; ++i)
      if (errors[std::size_t(i)] & world_batch::kActionOutOfRange)
        throw Error(id_ + ": env " + std::to_string(i) + " got an action outside Discrete(" +
                    std::to_string(M::kNumActions) + ") and was not stepped");
  }

 private:
  // The device arrays of n envs and the view that points to them, in one
  // buffer (Carver).
  static void layout(Carver& c, world_batch::View<M>& v, world_batch::View<M>*& view, int32_t*& actions,
                     std::size_t n, int obs_dim) {
    c.take(view, 1);
    c.take(v.state, n);
    c.take(v.rng, n);
    c.take(v.obs, n * std::size_t(obs_dim));
    c.take(v.final_obs, n * std::size_t(obs_dim));
    take_episode_arrays(c, v, n);
    c.take(actions, n);
  }
  static std::size_t bytes_for(int n, int obs_dim) {
    if (device_count() == 0) throw Error("gym::gpu: no CUDA device on this machine (the GPU executors need one)");
    Carver sizing;
    world_batch::View<M> v;
    world_batch::View<M>* view = nullptr;
    int32_t* actions = nullptr;
    layout(sizing, v, view, actions, std::size_t(n), obs_dim);
    return sizing.bytes();
  }
  int blocks(int threads = kWorldThreads) const { return (n_ + threads - 1) / threads; }
  // Observations of 32 bytes or more (MiniGrid's) are staged, with the block
  // size that keeps the most envs resident on a multiprocessor.
  void plan_staging() {
    const std::size_t row = std::size_t(view_.obs_dim) * sizeof(Obs);
    if (row < 32) return;
    int most = 0, best = 0;
    check(cudaDeviceGetAttribute(&most, cudaDevAttrMaxSharedMemoryPerBlockOptin, config_.device),
          "query shared memory");
    check(cudaFuncSetAttribute(world_step_staged_kernel<M>, cudaFuncAttributeMaxDynamicSharedMemorySize, most),
          "allow shared memory");
    for (int threads : {128, 96, 64, 32}) {
      const std::size_t bytes = std::size_t(threads) * row;
      if (bytes > std::size_t(most)) continue;
      int resident = 0;
      check(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&resident, world_step_staged_kernel<M>, threads, bytes),
            "occupancy");
      if (resident * threads > best) {
        best = resident * threads;
        stage_threads_ = threads;
        stage_bytes_ = bytes;
      }
    }
  }
  void launch_seed(bool reseed, uint64_t seed) {
    world_seed_kernel<M><<<blocks(), kWorldThreads, 0, stream_>>>(view_device_, reseed, seed);
    check(cudaGetLastError(), "reset kernel");
  }
  void launch_step(const int32_t* actions) {
    if (stage_threads_ > 0)
      world_step_staged_kernel<M><<<blocks(stage_threads_), stage_threads_, stage_bytes_, stream_>>>(view_device_,
                                                                                                   actions, 0, 0);
    else
      world_step_kernel<M><<<blocks(), kWorldThreads, 0, stream_>>>(view_device_, actions);
    check(cudaGetLastError(), "step kernel");
  }

  std::string id_;
  int n_;
  Config config_;
  cudaStream_t stream_;
  DeviceBuffer buffer_;
  world_batch::View<M> view_;
  world_batch::View<M>* view_device_ = nullptr;  // view_'s copy in device memory, which the kernels read
  int32_t* actions_ = nullptr;
  uint64_t step_number_ = 0;
  int stage_threads_ = 0;  // staged: threads (envs) per block; 0: not staged
  std::size_t stage_bytes_ = 0;
};

}  // namespace

template <class M>
std::unique_ptr<WorldVectorEnv> make_world_model_vec(const std::string& id, const typename M::Params& params,
                                                     int num_envs, int obs_dim, int32_t max_steps, Config config) {
  return std::make_unique<WorldVec<M>>(id, params, num_envs, obs_dim, max_steps, config);
}

#define GYM_WORLD_VEC(M)                                                                                     \
  template std::unique_ptr<WorldVectorEnv> make_world_model_vec<M>(const std::string&, const M::Params&, int, int, \
                                                                   int32_t, Config);
GYM_WORLD_VEC(envs::MiniGrid)
GYM_WORLD_VEC(envs::FrozenLake)
GYM_WORLD_VEC(envs::CliffWalking)
GYM_WORLD_VEC(envs::Taxi)
#undef GYM_WORLD_VEC

}  // namespace gym::gpu::detail
