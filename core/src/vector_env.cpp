#include "gym/vector_env.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "gym/render_backend.hpp"

namespace gym {

std::string_view to_string(AutoresetMode mode) {
  switch (mode) {
    case AutoresetMode::kNextStep: return "next_step";
    case AutoresetMode::kSameStep: return "same_step";
    case AutoresetMode::kDisabled: return "disabled";
  }
  return "?";
}

AutoresetMode parse_autoreset_mode(std::string_view text) {
  for (auto mode : {AutoresetMode::kNextStep, AutoresetMode::kSameStep, AutoresetMode::kDisabled})
    if (text == to_string(mode)) return mode;
  throw Error(fmt::format("unknown autoreset mode '{}'; expected next_step, same_step or disabled", text));
}

nlohmann::json VectorEnv::metadata() const {
  return {{"autoreset_mode", to_string(autoreset_mode())}, {"num_envs", num_envs()}, {"num_threads", num_threads()}};
}

void VectorEnv::step(std::span<const int32_t>) {
  throw Error(fmt::format("{}: the action space {} is continuous; step() takes float actions, {} per env",
                          spec().id, single_action_space().to_string(), action_dim()));
}

void VectorEnv::step(std::span<const float>) {
  throw Error(fmt::format("{}: the action space {} is discrete; step() takes int32 actions, one per env", spec().id,
                          single_action_space().to_string()));
}

void VectorEnv::step_random(uint64_t seed) {
  // The space and the buffers do not change: checked and sized once, and
  // the pointers the workers read not rewritten on every step.
  if (!random_discrete_ && !random_box_) {
    const auto& space = single_action_space();
    if (const auto* box = dynamic_cast<const Box*>(&space)) {
      for (std::size_t k = 0; k < box->low().size(); ++k)
        if (!std::isfinite(box->low()[k]) || !std::isfinite(box->high()[k]))
          throw Error(
              fmt::format("{}: step_random() needs a bounded action space, got {}", spec().id, space.to_string()));
      random_float_.resize(std::size_t(num_envs()) * std::size_t(action_dim()));
      random_box_ = box;
    } else if (const auto* discrete = dynamic_cast<const Discrete*>(&space)) {
      random_int_.resize(std::size_t(num_envs()));
      random_discrete_ = discrete;
    } else {
      throw Error(fmt::format("{}: step_random() takes discrete or box action spaces, got {}", spec().id,
                              space.to_string()));
    }
  }
  step_with_random_actions(seed, random_steps_);
  ++random_steps_;
}

Array VectorEnv::random_actions() const {
  if (random_steps_ == 0) throw Error(fmt::format("{}: random_actions() before any step_random()", spec().id));
  if (!random_int_.empty()) return Array::from<int32_t>(std::span<const int32_t>(random_int_), {num_envs()});
  if (!random_float_.empty())
    return Array::from<float>(std::span<const float>(random_float_), {num_envs(), action_dim()});
  throw Error(fmt::format("{}: step_random() left no actions", spec().id));  // unreachable: it sizes one of them
}

void VectorEnv::step_with_random_actions(uint64_t seed, uint64_t k) {
  draw_random_actions(seed, k, 0, num_envs());
  if (!random_int_.empty()) step(std::span<const int32_t>(random_int_));
  else step(std::span<const float>(random_float_));
}

void VectorEnv::draw_random_actions(uint64_t seed, uint64_t k, int begin, int end) {
  if (begin % kRandomGroup != 0 || (end != num_envs() && end % kRandomGroup != 0))
    throw Error(fmt::format("{}: random actions are drawn in whole groups of {} envs, not for envs [{}, {})",
                            spec().id, kRandomGroup, begin, end));
  const std::size_t dim = random_discrete_ ? 1 : std::size_t(action_dim());
  for (int g0 = begin; g0 < end; g0 += kRandomGroup) {
    // Each group's actions come from a stream of its own, so they do not
    // depend on how the envs are split between threads.
    Rng rng(env_key(seed, uint64_t(g0 / kRandomGroup), RngPurpose::kActions), k);
    const std::size_t count = std::size_t(std::min(end - g0, kRandomGroup)) * dim;
    if (random_discrete_)
      sample_discrete_batch(*random_discrete_, rng, std::span<int32_t>(random_int_.data() + g0, count));
    else
      sample_box_batch(*random_box_, rng, std::span<float>(random_float_.data() + std::size_t(g0) * dim, count));
  }
}

void VectorEnv::step(const Array& actions) {
  const bool discrete = dynamic_cast<const Discrete*>(&single_action_space()) != nullptr;
  const Shape expected = discrete ? Shape{num_envs()} : Shape{num_envs(), action_dim()};
  if (actions.shape() != expected && !(!discrete && action_dim() == 1 && actions.shape() == Shape{num_envs()}))
    throw Error(fmt::format("{}: step() expects actions of shape {}, got {}", spec().id, shape_string(expected),
                            shape_string(actions.shape())));
  if (discrete) {
    if (is_floating(actions.dtype()))
      throw Error(fmt::format("{}: step() expects integer actions, got {}", spec().id, dtype_name(actions.dtype())));
    const Array converted = actions.astype(DType::kInt32);
    step(converted.data<int32_t>());
  } else {
    if (actions.dtype() == DType::kBool)
      throw Error(fmt::format("{}: step() expects numeric actions, got bool", spec().id));
    const Array converted = actions.astype(DType::kFloat32);
    step(converted.data<float>());
  }
}

namespace {
constexpr auto kBit = [] {
  std::array<uint32_t, 32> bits{};
  for (int k = 0; k < 32; ++k) bits[std::size_t(k)] = 1u << k;
  return bits;
}();
}  // namespace

GYM_TARGET_CLONES void sample_discrete_batch(const Discrete& space, Rng& rng, std::span<int32_t> out) {
  const uint64_t n = uint64_t(space.n());
  const int32_t start = int32_t(space.start());
  if (std::has_single_bit(n) && n <= (uint64_t{1} << 16)) {
    const int bits = std::countr_zero(n);
    if (bits == 0) {
      std::fill(out.begin(), out.end(), start);
      return;
    }
    if (bits == 1) {  // two actions: one bit each, tested against a mask table so the loop vectorises
      const std::size_t full = out.size() / 128 * 128;
      for (std::size_t base = 0; base < full; base += 128) {
        const PhiloxBlock block = rng.next_block();
        int32_t* dst = out.data() + base;
        for (int w = 0; w < 4; ++w)
          for (int k = 0; k < 32; ++k) dst[32 * w + k] = start + int32_t((block.v[w] & kBit[k]) != 0);
      }
      if (full == out.size()) return;
      out = out.subspan(full);
    }
    const uint32_t mask = uint32_t(n - 1);
    const int per_word = 32 / bits;
    std::size_t i = 0;
    while (i < out.size()) {
      const PhiloxBlock block = rng.next_block();
      for (int w = 0; w < 4; ++w) {
        uint32_t word = block.v[w];
        for (int k = 0; k < per_word && i < out.size(); ++k, word >>= bits) out[i++] = start + int32_t(word & mask);
      }
    }
    return;
  }
  if (n <= 0xFFFFFFFFull) {
    // Lemire's multiply-shift on one 32-bit word per env, in bulk; a word in
    // the biased sliver (probability below n / 2^32) is redrawn, exactly as
    // Rng::below does.
    const uint32_t n32 = uint32_t(n), threshold = uint32_t(-n32) % n32;
    std::vector<uint32_t> words(out.size());
    rng.fill(words.data(), words.size());
    uint32_t biased = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      const uint64_t m = uint64_t{words[i]} * n32;
      out[i] = start + int32_t(m >> 32);
      biased |= uint32_t(uint32_t(m) < threshold);
    }
    if (!biased) return;
    for (std::size_t i = 0; i < out.size(); ++i) {
      uint64_t m = uint64_t{words[i]} * n32;
      while (uint32_t(m) < threshold) m = uint64_t{rng.next_u32()} * n32;
      out[i] = start + int32_t(m >> 32);
    }
    return;
  }
  for (auto& a : out) a = start + int32_t(rng.below(n));
}

void sample_box_batch(const Box& space, Rng& rng, std::span<float> out) {
  const std::size_t dim = space.low().size();
  if (dim == 0 || out.size() % dim != 0)
    throw Error(fmt::format("sample_box_batch: {} values do not fill rows of {}", out.size(), dim));
  for (std::size_t k = 0; k < dim; ++k)
    if (!std::isfinite(space.low()[k]) || !std::isfinite(space.high()[k]))
      throw Error(fmt::format("sample_box_batch: {} is unbounded", space.to_string()));
  // One word per value, drawn in bulk; the same arithmetic as Rng::uniform<float>.
  std::vector<uint32_t> words(out.size());
  rng.fill(words.data(), words.size());
  std::vector<float> lo(dim), span(dim);
  for (std::size_t k = 0; k < dim; ++k) {
    lo[k] = float(space.low()[k]);
    span[k] = float(space.high()[k]) - lo[k];
  }
  if (dim == 1) {
    const float l = lo[0], w = span[0];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = l + w * (float(words[i] >> 8) * 0x1.0p-24f);
    return;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::size_t k = i % dim;
    out[i] = lo[k] + span[k] * (float(words[i] >> 8) * 0x1.0p-24f);
  }
}


void VectorEnv::draw(int, DrawList&) const {
  throw Error(fmt::format("{}: this environment cannot draw itself", spec().id));
}

namespace {

std::vector<int> selected_envs(const VectorEnv& env, std::span<const int> envs) {
  std::vector<int> out;
  if (envs.empty()) {
    out.resize(std::size_t(env.num_envs()));
    for (int i = 0; i < env.num_envs(); ++i) out[std::size_t(i)] = i;
    return out;
  }
  for (int i : envs) {
    if (i < 0 || i >= env.num_envs())
      throw Error(fmt::format("{}: env index {} is outside 0..{}", env.spec().id, i, env.num_envs() - 1));
    out.push_back(i);
  }
  return out;
}

// Rasterises the selected envs' frames; all must have the same size.
std::vector<Array> render_frames(const VectorEnv& env, std::span<const int> envs) {
  const RenderBackend& backend = require_render_backend(env.spec().id);
  const std::vector<int> which = selected_envs(env, envs);
  std::vector<Array> frames;
  frames.reserve(which.size());
  DrawList dl;
  for (int i : which) {
    env.draw(i, dl);
    frames.push_back(backend.rasterise(dl));
    if (frames.back().shape() != frames.front().shape())
      throw Error(fmt::format("{}: env {} has a frame of shape {}, env {} one of {}", env.spec().id, i,
                              shape_string(frames.back().shape()), which.front(), shape_string(frames.front().shape())));
  }
  return frames;
}

}  // namespace

Array VectorEnv::render(std::span<const int> envs) const {
  const std::vector<Array> frames = render_frames(*this, envs);
  const Shape& f = frames.front().shape();
  Array out(DType::kUInt8, Shape{int64_t(frames.size()), f[0], f[1], f[2]});
  auto dst = out.data<uint8_t>();
  const std::size_t frame_bytes = std::size_t(f[0] * f[1] * f[2]);
  for (std::size_t k = 0; k < frames.size(); ++k)
    std::memcpy(dst.data() + k * frame_bytes, frames[k].data<uint8_t>().data(), frame_bytes);
  return out;
}

Array VectorEnv::render_tiled(int columns, std::span<const int> envs) const {
  if (columns < 0) throw Error(fmt::format("{}: render_tiled: columns must be >= 0, got {}", spec().id, columns));
  const std::vector<Array> frames = render_frames(*this, envs);
  const int n = int(frames.size());
  const int cols = columns > 0 ? std::min(columns, n) : int(std::ceil(std::sqrt(double(n))));
  const int rows = (n + cols - 1) / cols;
  const int64_t h = frames.front().shape()[0], w = frames.front().shape()[1];
  Array out(DType::kUInt8, Shape{rows * h, cols * w, 3});
  auto dst = out.data<uint8_t>();
  const auto first = frames.front().data<uint8_t>();
  for (int t = 0; t < rows * cols; ++t) {
    // Unused tiles repeat the first frame's top-left pixel (its background).
    const uint8_t* src = t < n ? frames[std::size_t(t)].data<uint8_t>().data() : nullptr;
    const int64_t r = t / cols, c = t % cols;
    for (int64_t y = 0; y < h; ++y) {
      uint8_t* row = dst.data() + ((r * h + y) * cols * w + c * w) * 3;
      if (src) {
        std::memcpy(row, src + y * w * 3, std::size_t(w * 3));
      } else {
        for (int64_t x = 0; x < w; ++x) std::memcpy(row + x * 3, first.data(), 3);
      }
    }
  }
  return out;
}

}  // namespace gym

namespace gym {

namespace {

// The smallest and largest of lo, hi and values[0..n): one vectorised pass
// (AVX2 has 8-lane integer min and max; SSE2 has none for int32).
GYM_TARGET_CLONES std::pair<int32_t, int32_t> min_max(const int32_t* values, std::size_t n, int32_t lo, int32_t hi) {
  int32_t mn = lo, mx = hi;
  for (std::size_t i = 0; i < n; ++i) {
    mn = std::min(mn, values[i]);
    mx = std::max(mx, values[i]);
  }
  return {mn, mx};
}

}  // namespace

void check_reset_mask(std::string_view owner, std::span<const uint8_t> mask, int num_envs) {
  if (!mask.empty() && mask.size() != std::size_t(num_envs))
    throw Error(fmt::format("{}: reset mask has {} entries for {} envs", owner, mask.size(), num_envs));
}

void check_none_ended(std::string_view owner, std::span<const uint8_t> ended) {
  const auto it = std::find(ended.begin(), ended.end(), uint8_t{1});
  if (it != ended.end())
    throw Error(fmt::format("{}: env {} has ended its episode and autoreset_mode is disabled; reset it "
                            "with reset(seed, mask) before stepping",
                            owner, it - ended.begin()));
}

void check_discrete_actions(std::string_view owner, const Discrete& space, std::span<const int32_t> actions,
                            int num_envs) {
  if (actions.size() != std::size_t(num_envs))
    throw Error(fmt::format("{}: step() got {} actions for {} envs", owner, actions.size(), num_envs));
  const int32_t lo = int32_t(space.start()), hi = int32_t(space.start() + space.n() - 1);
  const auto [mn, mx] = min_max(actions.data(), actions.size(), lo, hi);  // the search only on error
  if (mn < lo || mx > hi) {
    const auto bad = std::find_if(actions.begin(), actions.end(), [&](int32_t a) { return a < lo || a > hi; });
    throw Error(fmt::format("{}: action {} of env {} is outside the action space {}", owner, *bad,
                            bad - actions.begin(), space.to_string()));
  }
}

Array VectorEnv::observation_array() const {
  Shape shape = single_observation_shape();
  shape.insert(shape.begin(), int64_t(num_envs()));
  auto copy = [&]<class T>(std::span<const T> values) { return Array::from<T>(values, std::move(shape)); };
  switch (observation_dtype()) {
    case DType::kFloat32: return copy(observations_as<float>());
    case DType::kUInt8: return copy(observations_as<uint8_t>());
    case DType::kInt64: return copy(observations_as<int64_t>());
    case DType::kInt32: return copy(observations_as<int32_t>());
    default: break;
  }
  throw Error(fmt::format("{}: observations of dtype {} cannot be copied to an array", spec().id,
                          dtype_name(observation_dtype())));
}

}  // namespace gym
