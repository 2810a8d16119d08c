// Vector environments: N copies of one model stepped together, with results
// in struct-of-arrays buffers owned by the vector env (observations row-major
// [N x obs_dim], one value per env for the rest), Gymnasium's three autoreset
// modes, per-env random streams keyed by hash(seed, env index) with a fresh
// stream per episode, and a worker-thread pool. Results do not depend on the
// number of threads.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define GYM_TARGET_CLONES __attribute__((target_clones("avx2", "avx", "default")))
#else
#define GYM_TARGET_CLONES
#endif
// Inlines every call in the hot loop's body (the model's step and helpers),
// so that the loop is one straight-line body the vectoriser can take.
#if defined(__GNUC__) && !defined(__clang__)
#define GYM_FLATTEN __attribute__((flatten))
#else
#define GYM_FLATTEN
#endif

#include "gym/aligned.hpp"
#include "gym/autoreset.hpp"
#include "gym/batch.hpp"
#include "gym/env.hpp"
#include "gym/episodes.hpp"
#include "gym/float32.hpp"
#include "gym/model.hpp"
#include "gym/thread_pool.hpp"

namespace gym {

std::string_view to_string(AutoresetMode mode);  // "next_step", "same_step", "disabled"
AutoresetMode parse_autoreset_mode(std::string_view text);

struct VectorConfig {
  int num_threads = 1;
  AutoresetMode autoreset_mode = AutoresetMode::kNextStep;
};

class VectorEnv {
 public:
  VectorEnv() = default;
  // Not copied: a polymorphic handle (owned through unique_ptr), and what
  // step_random caches points into the env itself.
  VectorEnv(const VectorEnv&) = delete;
  VectorEnv& operator=(const VectorEnv&) = delete;
  virtual ~VectorEnv() = default;

  virtual int num_envs() const = 0;
  virtual int num_threads() const = 0;
  virtual int obs_dim() const = 0;
  virtual AutoresetMode autoreset_mode() const = 0;
  virtual const Space& single_observation_space() const = 0;
  virtual const Space& single_action_space() const = 0;
  virtual const EnvSpec& spec() const = 0;
  // {"autoreset_mode": "next_step", "num_envs": N, "num_threads": T}
  nlohmann::json metadata() const;

  // Resets every env, or only those with mask[i] != 0. With a seed, each reset
  // env's generator is rekeyed by (seed, i); without, it continues.
  virtual void reset(std::optional<uint64_t> seed = std::nullopt, std::span<const uint8_t> mask = {}) = 0;
  // One step of every env. Discrete action spaces: one action per env.
  // Continuous (Box) action spaces: [N x action_dim] float32, row-major; NaN
  // and infinity are errors, finite values outside the box are clipped by the
  // model as Gymnasium's env clips them. Each env type overrides the one that
  // fits its action space; the other throws.
  virtual void step(std::span<const int32_t> actions);
  virtual void step(std::span<const float> actions);
  // Checks and converts an array of shape (N,) (discrete) or (N, action_dim)
  // (continuous), then calls the typed step.
  void step(const Array& actions);
  // One step of every env under the uniform random policy, the actions drawn
  // by the vector env itself (gym::gpu's step_random, on the CPU): the thread
  // that steps a chunk of envs draws their actions, so the caller's loop
  // neither samples nor writes them. Env i's action at the k-th call comes
  // from the Philox stream keyed by (seed, i / kRandomGroup) at counter k,
  // whatever the thread count; random_actions() returns them. The same
  // results as step(random_actions()) would give. For the random warm-up of
  // off-policy agents, and what `gym bench --in-env-actions` times.
  void step_random(uint64_t seed);
  // The actions of the last step_random(): int32 (N,) or float32 (N, action_dim).
  Array random_actions() const;
  static constexpr int kRandomGroup = 128;  // envs a random stream serves
  // Values per env's action: 1 for discrete action spaces.
  virtual int action_dim() const = 0;

  // Results of the last reset() / step().
  // Observations as float32 [N x obs_dim] (classic control). Envs whose
  // observations are integers (grid worlds: uint8 images, toy text: int64
  // state indices) throw here; read them with observations_as<T>().
  virtual std::span<const float> observations() const = 0;
  // The observations' element type and the shape of one env's observation.
  virtual DType observation_dtype() const { return DType::kFloat32; }
  virtual Shape single_observation_shape() const { return {obs_dim()}; }
  // The raw observation buffer, [N x obs_dim] values of observation_dtype().
  virtual std::span<const std::byte> observation_bytes() const { return std::as_bytes(observations()); }
  virtual std::span<const std::byte> final_observation_bytes() const { return std::as_bytes(final_observations()); }
  // The same as typed spans; throws when T is not observation_dtype().
  template <class T>
  std::span<const T> observations_as() const {
    return typed_observations<T>(observation_bytes());
  }
  template <class T>
  std::span<const T> final_observations_as() const {
    return typed_observations<T>(final_observation_bytes());
  }
  // A copy of all observations as an (N, *single_observation_shape()) array.
  Array observation_array() const;
  virtual std::span<const float> rewards() const = 0;
  virtual std::span<const uint8_t> terminated() const = 0;
  virtual std::span<const uint8_t> truncated() const = 0;
  // Same-step mode: the last observation of envs reset within this step.
  virtual std::span<const float> final_observations() const = 0;  // [N x obs_dim]
  virtual std::span<const uint8_t> has_final_observation() const = 0;
  // Return and length of each env's current episode, including this step; on
  // the step where an episode ends they are that episode's totals.
  virtual std::span<const float> episode_returns() const = 0;
  virtual std::span<const int32_t> episode_lengths() const = 0;

  // Env i's current frame as a draw list (throws for models that cannot draw,
  // and before reset()).
  virtual void draw(int i, DrawList& out) const;
  // Every env's frame, rasterised by the render layer: an (N, H, W, 3) uint8
  // array. `envs` selects some of them (in that order) instead of all.
  Array render(std::span<const int> envs = {}) const;
  // The same frames tiled into one (rows*H, columns*W, 3) image, row by row,
  // with `columns` tiles per row (0: as square as possible); unused tiles
  // keep the background of the first frame.
  Array render_tiled(int columns = 0, std::span<const int> envs = {}) const;

 protected:
  // step_random's k-th call: steps every env with the actions that
  // draw_random_actions writes. The default draws them all, then calls step();
  // executors with worker threads draw each chunk's on its thread.
  virtual void step_with_random_actions(uint64_t seed, uint64_t k);
  // Draws envs [begin, end)'s actions of step_random's k-th call into
  // random_int_ (discrete) or random_float_ (continuous; sized by step_random).
  // The range is whole groups of kRandomGroup envs (as env_chunk_size's
  // chunks are): begin a multiple of it, end too or num_envs(); else throws.
  void draw_random_actions(uint64_t seed, uint64_t k, int begin, int end);
  AlignedVector<int32_t> random_int_;
  AlignedVector<float> random_float_;
  // The action space as the kind draw_random_actions samples, set by the
  // first step_random() (one of them, for good) after it checks the space.
  const Discrete* random_discrete_ = nullptr;
  const Box* random_box_ = nullptr;

 private:
  // step_random calls that stepped. Written on every call, so on a line of
  // its own: the worker threads read the action arrays' pointers above.
  alignas(kCacheLine) uint64_t random_steps_ = 0;
  template <class T>
  std::span<const T> typed_observations(std::span<const std::byte> bytes) const {
    if (dtype_of<T>() != observation_dtype())
      throw Error(fmt::format("{}: observations are {}, not {}", spec().id, dtype_name(observation_dtype()),
                              dtype_name(dtype_of<T>())));
    return {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
  }
};

// Checks a batch of discrete actions: one per env, each in `space`; the
// error names the first offending env. `owner` names the env.
void check_discrete_actions(std::string_view owner, const Discrete& space, std::span<const int32_t> actions,
                            int num_envs);

// Envs per chunk when a vector env splits envs [0, n) into `chunks`
// contiguous chunks, one per thread: a multiple of VectorEnv::kRandomGroup
// (128), so that a chunk's random actions are whole groups and threads never
// share a cache line of a per-env array (the arrays are cache-line aligned,
// gym/aligned.hpp, and a line holds 64 one-byte flags).
inline int env_chunk_size(int n, int chunks) {
  constexpr int64_t kAlign = VectorEnv::kRandomGroup;
  const int64_t per = (int64_t(n) + chunks - 1) / chunks;
  return int(std::min<int64_t>((per + kAlign - 1) / kAlign * kAlign, std::numeric_limits<int>::max()));
}

// How many chunks a vector env of n envs uses on `pool`: no more than
// there are threads, and none that would always be empty.
inline int env_chunk_count(const ThreadPool& pool, int n) {
  return int(std::min<int64_t>(pool.size(), std::max<int64_t>(1, (int64_t(n) + VectorEnv::kRandomGroup - 1) /
                                                                     VectorEnv::kRandomGroup)));
}

// Runs f(begin, end) for each chunk of env_chunk_size envs on `pool`, chunk k
// always on thread k (for resets, where an env's work is uneven and rare).
template <class F>
void for_each_env_chunk(ThreadPool& pool, int n, int chunks, F&& f) {
  // One pointer captured, so that std::function stores the task in place
  // rather than allocating it on every step.
  const struct {
    F& f;
    int n, per_chunk;
  } chunking{f, n, env_chunk_size(n, chunks)};
  pool.run(chunks, [c = &chunking](int k) {
    const int b = int(std::min<int64_t>(c->n, int64_t(k) * c->per_chunk));
    const int e = int(std::min<int64_t>(c->n, int64_t(b) + c->per_chunk));
    if (b < e) c->f(b, e);
  });
}

// Envs in a block of for_each_env_block: 256 in chunks of 1024 envs or more,
// else 128 (so that small chunks too have blocks to take). A multiple of 64,
// so no two blocks share a line of a flag array; small enough that a block's
// data stays in the L1 cache between its vectorised step and its resets, and
// that a thread slowed down holds a step back by little more than a block.
inline int env_block_size(int per_chunk) { return per_chunk >= 1024 ? 256 : 128; }

// Like for_each_env_chunk, but f(begin, end) is called once per block of
// env_block_size envs (fewer at a chunk's end), and a thread done with its
// chunk takes blocks from the others' ends (ThreadPool::run_blocks): for
// steps, whose envs are independent of one another. prepare(begin, end), if
// given, runs on each chunk before any of its blocks.
template <class F, class P = std::nullptr_t>
void for_each_env_block(ThreadPool& pool, int n, int chunks, F&& f, P&& prepare = nullptr) {
  const int per_chunk = env_chunk_size(n, chunks);
  const ThreadPool::BlockSplit split{n, per_chunk, env_block_size(per_chunk)};
  const std::function<void(int, int)> run_block = [&f](int b, int e) { f(b, e); };
  if constexpr (std::is_null_pointer_v<std::remove_cvref_t<P>>) {
    pool.run_blocks(chunks, split, run_block);
  } else {
    const std::function<void(int, int)> run_prepare = [&prepare](int b, int e) { prepare(b, e); };
    pool.run_blocks(chunks, split, run_block, &run_prepare);
  }
}

// Throws unless a reset mask is empty (all envs) or has one entry per env.
void check_reset_mask(std::string_view owner, std::span<const uint8_t> mask, int num_envs);

// With autoreset disabled: throws if an env's episode has ended and the env
// has not been reset since.
void check_none_ended(std::string_view owner, std::span<const uint8_t> ended);

// Uniform random actions for a batch, drawn in bulk: an n that is a power of
// two takes log2(n) bits per env, so one Philox block serves many envs.
void sample_discrete_batch(const Discrete& space, Rng& rng, std::span<int32_t> out);

// Uniform random actions in a box for a batch: out is [N x dim] row-major.
void sample_box_batch(const Box& space, Rng& rng, std::span<float> out);

// Calls f(i) for each i in [b, e) with flags[i] != 0, in increasing order,
// eight flags at a time: ended episodes are rare, so most words are zero, and
// a nonzero word's set bytes are found by counting zero bits, not by a branch
// per byte.
template <class F>
void for_each_set(const uint8_t* flags, int b, int e, F&& f) {
  int i = b;
  for (; i + 8 <= e; i += 8) {
    uint64_t word;
    std::memcpy(&word, flags + i, sizeof word);
    static_assert(std::endian::native == std::endian::little, "flag words are read as little-endian");
    while (word != 0) {  // each nonzero byte, lowest first
      const int k = std::countr_zero(word) / 8;
      word &= ~(uint64_t{0xff} << (8 * k));
      f(i + k);
    }
  }
  for (; i < e; ++i)
    if (flags[i]) f(i);
}

// out[i] = a[i] | b[i]: vectorised, which plain pointers that may alias are not.
inline void or_flags(uint8_t* __restrict out, const uint8_t* __restrict a, const uint8_t* __restrict b, int begin,
                     int end) {
  for (int i = begin; i < end; ++i) out[i] = a[i] | b[i];
}

// The vector env's hot loop over envs [b, e): every env steps, with no
// branch, so the compiler vectorises it. A free function so that the
// __restrict qualifiers on its parameters tell GCC the arrays never alias.
// On x86-64 it is compiled twice, for SSE2 and for AVX (8 floats a lane
// group), and the loader picks the one the CPU runs; both compute the same
// IEEE operations in the same order, so results are identical. `st` holds
// the state, one column per state variable, `stride` values apart.
template <class M, class T, class A>
GYM_TARGET_CLONES GYM_FLATTEN void step_range(const typename M::Params& params, int b, int e, std::size_t stride, int32_t max_steps,
                const A* __restrict actions, T* __restrict st, float* __restrict obs,
                float* __restrict reward, float* __restrict ret, int32_t* __restrict steps,
                int32_t* __restrict len, uint8_t* __restrict term, uint8_t* __restrict trunc) {
  constexpr int kO = M::kObsDim;
  const typename M::Params p = params;
  for (int i = b; i < e; ++i) {
    typename M::template State<T> s;
    for_each_field<T>(s, [&](T& v, std::size_t d) { v = st[d * stride + i]; });
    auto out = [&] {
      if constexpr (M::kDiscrete) {
        return M::template step<T>(s, actions[i], p);
      } else {
        T a[M::kActionDim];
        for (int k = 0; k < M::kActionDim; ++k) a[k] = T(actions[std::size_t(i) * M::kActionDim + k]);
        return M::template step<T>(s, a, p);
      }
    }();
    for_each_field<T>(out.state, [&](T& v, std::size_t d) { st[d * stride + i] = v; });
    T o[kO];
    M::template observe<T>(out.state, p, o);
    for (int k = 0; k < kO; ++k) obs[std::size_t(i) * kO + k] = to_float32(o[k]);
    const int32_t step_count = steps[i] + 1;
    steps[i] = step_count;
    reward[i] = float(out.reward);
    ret[i] += float(out.reward);
    len[i] += 1;
    term[i] = out.terminated;
    trunc[i] = step_count >= max_steps;
  }
}

template <SteppableModel M, class T = float>
class ModelVectorEnv final : public VectorEnv {
 public:
  using Params = typename M::Params;
  using State = typename M::template State<T>;
  using Action = std::conditional_t<M::kDiscrete, int32_t, float>;  // what step() takes per action value
  using ActionSpace = decltype(M::action_space(std::declval<const Params&>()));
  static constexpr int kD = M::kStateDim;
  static constexpr int kO = M::kObsDim;
  static constexpr int kA = action_dim_v<M>;

  ModelVectorEnv(EnvSpec spec, Params params, int num_envs, VectorConfig config = {})
      : spec_(std::move(spec)),
        params_(make_params<M>(params, {}, spec_.id)),
        config_(config),
        n_(checked_num_envs(num_envs)),
        stride_(state_stride(n_)),
        observation_space_(M::observation_space(params_)),
        action_space_(M::action_space(params_)),
        max_steps_(spec_.max_episode_steps.value_or(0)),
        pool_(config.num_threads),
        state_(std::size_t(kD) * stride_),
        obs_(std::size_t(kO) * n_),
        final_obs_(std::size_t(kO) * n_),
        ep_(std::size_t(n_)),
        batch_index_(n_),
        batch_key_(n_),
        batch_stream_(n_),
        batch_block_(n_) {
    const uint64_t entropy = (uint64_t{std::random_device{}()} << 32) | std::random_device{}();
    for (int i = 0; i < n_; ++i) ep_.key[i] = env_key(entropy, uint64_t(i));
    // One chunk per thread, always first stepped by the same thread (its data
    // stays in that core's cache), in multiples of 128 envs (env_chunk_size).
    num_chunks_ = env_chunk_count(pool_, n_);
    // What a reset writes, for batch::reset_env (the GPU threads' reset too).
    static_cast<EpisodeView&>(reset_view_) = ep_.view();
    reset_view_.n = n_;
    reset_view_.stride = stride_;
    reset_view_.params = params_;
    reset_view_.state = state_.data();
    reset_view_.obs = obs_.data();
  }

  int num_envs() const override { return n_; }
  int num_threads() const override { return pool_.size(); }
  int obs_dim() const override { return kO; }
  int action_dim() const override { return kA; }
  AutoresetMode autoreset_mode() const override { return config_.autoreset_mode; }
  const Space& single_observation_space() const override { return observation_space_; }
  const Space& single_action_space() const override { return action_space_; }
  const EnvSpec& spec() const override { return spec_; }
  const Params& params() const { return params_; }

  void reset(std::optional<uint64_t> seed = std::nullopt, std::span<const uint8_t> mask = {}) override {
    check_reset_mask(spec_.id, mask, n_);
    for_each_chunk([&](int b, int e) {
      for (int i = b; i < e; ++i) {
        if (!mask.empty() && !mask[i]) continue;
        if (seed) {
          ep_.key[i] = env_key(*seed, uint64_t(i));
          ep_.episode[i] = 0;
        }
        reset_env(i);
        ep_.reward[i] = 0;
        ep_.terminated[i] = ep_.truncated[i] = ep_.has_final[i] = 0;
        ep_.ended[i] = 0;
      }
    });
    started_ = true;
  }

  using VectorEnv::step;
  void step(std::span<const Action> actions) override {
    if (!started_) throw Error(fmt::format("{}: step() called before reset()", spec_.id));
    check_actions(actions);
    if (config_.autoreset_mode == AutoresetMode::kDisabled) check_none_ended(spec_.id, ep_.ended);
    for_each_env_block(pool_, n_, num_chunks_, [&](int b, int e) { step_block(b, e, actions.data()); });
  }

  std::span<const float> observations() const override { return obs_; }
  std::span<const float> rewards() const override { return ep_.reward; }
  std::span<const uint8_t> terminated() const override { return ep_.terminated; }
  std::span<const uint8_t> truncated() const override { return ep_.truncated; }
  std::span<const float> final_observations() const override { return final_obs_; }
  std::span<const uint8_t> has_final_observation() const override { return ep_.has_final; }
  std::span<const float> episode_returns() const override { return ep_.ep_return; }
  std::span<const int32_t> episode_lengths() const override { return ep_.ep_length; }

  void draw(int i, DrawList& out) const override {
    if constexpr (DrawableModel<M>) {
      if (!started_) throw Error(fmt::format("{}: cannot draw before reset()", spec_.id));
      if (i < 0 || i >= n_) throw Error(fmt::format("{}: env index {} is outside 0..{}", spec_.id, i, n_ - 1));
      typename M::template State<double> s;
      for_each_field<double>(s, [&](double& v, std::size_t d) { v = double(state_[d * stride_ + i]); });
      M::draw(s, params_, DrawContext{{}, ep_.steps[i]}, out);
    } else {
      VectorEnv::draw(i, out);
    }
  }

  // Physical state of env i (for tests and debugging).
  State state(int i) const {
    State s;
    for_each_field<T>(s, [&](T& v, std::size_t d) { v = state_[d * stride_ + i]; });
    return s;
  }

 protected:
  // Each chunk's actions drawn on its thread before its blocks step (in
  // range by construction: no check pass); drawn a block at a time, they
  // cost 5% more.
  void step_with_random_actions(uint64_t seed, uint64_t k) override {
    if (!started_) throw Error(fmt::format("{}: step_random() called before reset()", spec_.id));
    if (config_.autoreset_mode == AutoresetMode::kDisabled) check_none_ended(spec_.id, ep_.ended);
    for_each_env_block(
        pool_, n_, num_chunks_,
        [&](int b, int e) {
          if constexpr (M::kDiscrete) step_block(b, e, random_int_.data());
          else step_block(b, e, random_float_.data());
        },
        [&](int b, int e) { draw_random_actions(seed, k, b, e); });
  }

 private:
  // Elements from one state column to the next: n rounded up to a cache
  // line, and a guard after each column as after each array (gym/aligned.hpp),
  // so that a thread streaming off the end of one column does not prefetch
  // the start of the next, which another thread steps.
  static std::size_t state_stride(int n) {
    constexpr std::size_t kLine = kCacheLine / sizeof(T);
    return (std::size_t(n) + kLine - 1) / kLine * kLine + kArrayGuard / sizeof(T);
  }

  int checked_num_envs(int n) const {
    if (n < 1) throw Error(fmt::format("{}: num_envs must be >= 1, got {}", spec_.id, n));
    return n;
  }

  template <class F>
  void for_each_chunk(F&& f) {
    for_each_env_chunk(pool_, n_, num_chunks_, f);
  }

  void check_actions(std::span<const float> actions) const {
    if (actions.size() != std::size_t(n_) * kA)
      throw Error(fmt::format("{}: step() got {} action values for {} envs x {} per action", spec_.id,
                              actions.size(), n_, kA));
    // NaN and infinity have all exponent bits set: one vectorised pass.
    uint32_t non_finite = 0;
    for (float a : actions) non_finite |= uint32_t((std::bit_cast<uint32_t>(a) & 0x7f800000u) == 0x7f800000u);
    if (!non_finite) return;
    const auto bad = std::find_if(actions.begin(), actions.end(), [](float a) { return !std::isfinite(a); });
    throw Error(fmt::format("{}: action value {} of env {} is not finite: {}", spec_.id, (bad - actions.begin()) % kA,
                            (bad - actions.begin()) / kA, *bad));
  }

  void check_actions(std::span<const int32_t> actions) const {
    check_discrete_actions(spec_.id, action_space_, actions, n_);
  }

  // Starts a new episode in env i: a fresh stream for (seed, i, episode).
  void reset_env(int i) {
    Rng rng(ep_.key[i], ep_.episode[i]++);  // == Rng::for_env(seed, i, episode), the key hashed once
    reset_env(i, rng);
  }

  // Resets envs idx[0..m), which lie in the chunk starting at b: their
  // streams' first blocks in one batched pass, then each env from its block.
  // Draws exactly what reset_env(i) would.
  void reset_envs(int b, const int32_t* idx, int m) {
    uint64_t* keys = batch_key_.data() + b;
    uint64_t* streams = batch_stream_.data() + b;
    PhiloxBlock* blocks = batch_block_.data() + b;
    for (int k = 0; k < m; ++k) {
      keys[k] = ep_.key[idx[k]];
      streams[k] = ep_.episode[idx[k]]++;
    }
    philox_first_blocks(keys, streams, m, blocks);
    for (int k = 0; k < m; ++k) {
      Rng rng(keys[k], streams[k], blocks[k]);
      reset_env(idx[k], rng);
    }
  }

  void reset_env(int i, Rng& rng) { batch::reset_env(reset_view_, i, rng); }

  // Steps every env of the block [b, e) in the vectorised loop, then resets,
  // in a scalar pass, the envs that were due for one, overwriting their
  // results (the block's data still in the L1 cache).
  void step_block(int b, int e, const Action* actions) {
    const int32_t max_steps = max_steps_ > 0 ? max_steps_ : std::numeric_limits<int32_t>::max();
    float* obs = obs_.data();
    float* reward = ep_.reward.data();
    float* ret = ep_.ep_return.data();
    int32_t* len = ep_.ep_length.data();
    uint8_t* term = ep_.terminated.data();
    uint8_t* trunc = ep_.truncated.data();
    uint8_t* ended = ep_.ended.data();
    uint8_t* has_final = ep_.has_final.data();
    uint8_t* fresh = ep_.fresh.data();
    if (config_.autoreset_mode == AutoresetMode::kSameStep) {
      for (int i = b; i < e; ++i) {
        if (fresh[i]) {  // the episode reported in the last step's statistics is over
          ret[i] = 0;
          len[i] = 0;
          fresh[i] = 0;
        }
      }
    }
    step_range<M, T>(params_, b, e, stride_, max_steps, actions, state_.data(), obs, reward, ret,
                     ep_.steps.data(), len, term, trunc);
    switch (config_.autoreset_mode) {
      case AutoresetMode::kNextStep: {
        // Envs that ended last step: this step resets them, ignoring their actions.
        int32_t* idx = batch_index_.data() + b;
        int m = 0;
        for_each_set(ended, b, e, [&](int i) { idx[m++] = i; });
        reset_envs(b, idx, m);
        for (int k = 0; k < m; ++k) {
          reward[idx[k]] = 0;
          term[idx[k]] = trunc[idx[k]] = 0;
        }
        or_flags(ended, term, trunc, b, e);
        break;
      }
      case AutoresetMode::kSameStep:
        std::fill(has_final + b, has_final + e, uint8_t{0});
        or_flags(ended, term, trunc, b, e);
        for_each_set(ended, b, e, [&](int i) {
          std::copy_n(&obs[i * kO], kO, &final_obs_[std::size_t(i) * kO]);
          has_final[i] = 1;
          const float finished_return = ret[i];
          const int32_t finished_length = len[i];
          reset_env(i);
          // This step's statistics describe the episode that just ended; the
          // next step starts counting the new one.
          ret[i] = finished_return;
          len[i] = finished_length;
          fresh[i] = 1;
          ended[i] = 0;
        });
        break;
      case AutoresetMode::kDisabled:
        or_flags(ended, term, trunc, b, e);
        break;
    }
  }

  EnvSpec spec_;
  Params params_;
  VectorConfig config_;
  int n_;
  std::size_t stride_;  // of state_'s columns
  Box observation_space_;
  ActionSpace action_space_;
  int32_t max_steps_;
  ThreadPool pool_;
  int num_chunks_ = 1;
  bool started_ = false;
  AlignedVector<T> state_;  // [kD x stride_]: one column per state variable, envs [0, N) used
  AlignedVector<float> obs_, final_obs_;
  EpisodeArrays ep_;  // per-env results, episode statistics and streams
  // Scratch for batched resets; each chunk uses its own [b, e) part.
  std::vector<int32_t> batch_index_;
  std::vector<uint64_t> batch_key_, batch_stream_;
  std::vector<PhiloxBlock> batch_block_;
  batch::View<M, T> reset_view_;  // the arrays above that reset_env writes
};

}  // namespace gym
