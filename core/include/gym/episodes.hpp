// The per-env results and episode bookkeeping of a batch of envs, which every
// batched executor keeps the same way whatever the model: gym::EpisodeView
// (pointers, in host or device memory; the common part of gym::batch::View
// and gym::world_batch::View), gym::EpisodeValues (one env's values, for a
// GPU thread's registers) and gym::EpisodeArrays (host storage for n envs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gym/aligned.hpp"
#include "gym/hd.hpp"

namespace gym {

// One value per env.
struct EpisodeView {
  float* reward = nullptr;        // reward of the last step
  float* ep_return = nullptr;     // return of the current episode, the last step included
  int32_t* ep_length = nullptr;   // length of the current episode
  int32_t* steps = nullptr;       // steps since the env's last reset (for the time limit)
  uint8_t* terminated = nullptr;
  uint8_t* truncated = nullptr;
  uint8_t* ended = nullptr;       // the episode ended and the env was not reset since
  uint8_t* has_final = nullptr;   // same-step mode: final_obs holds the ended episode's last observation
  uint8_t* fresh = nullptr;       // same-step mode: ep_return/ep_length still describe the ended episode
  uint8_t* error = nullptr;       // error bits of the last step (world batches: may be null)
  uint64_t* key = nullptr;        // Philox key of env i: env_key(seed, i)
  uint64_t* episode = nullptr;    // episodes started with that key
};

// One env's values, copied out of a view and back.
struct EpisodeValues {
  float reward = 0, ep_return = 0;
  int32_t ep_length = 0, steps = 0;
  uint8_t terminated = 0, truncated = 0, ended = 0, has_final = 0, fresh = 0, error = 0;
  uint64_t key = 0, episode = 0;

  GYM_HD void load(const EpisodeView& v, std::size_t i) {
    reward = v.reward[i];
    ep_return = v.ep_return[i];
    ep_length = v.ep_length[i];
    steps = v.steps[i];
    terminated = v.terminated[i];
    truncated = v.truncated[i];
    ended = v.ended[i];
    has_final = v.has_final[i];
    fresh = v.fresh[i];
    error = v.error ? v.error[i] : uint8_t{0};
    key = v.key[i];
    episode = v.episode[i];
  }
  GYM_HD void store(const EpisodeView& v, std::size_t i) const {
    v.reward[i] = reward;
    v.ep_return[i] = ep_return;
    v.ep_length[i] = ep_length;
    v.steps[i] = steps;
    v.terminated[i] = terminated;
    v.truncated[i] = truncated;
    v.ended[i] = ended;
    v.has_final[i] = has_final;
    v.fresh[i] = fresh;
    if (v.error) v.error[i] = error;
    v.key[i] = key;
    v.episode[i] = episode;
  }
  // A view of these values as a batch of one env.
  GYM_HD EpisodeView view() {
    return {&reward, &ep_return, &ep_length, &steps, &terminated, &truncated,
            &ended,  &has_final, &fresh,     &error, &key,        &episode};
  }
};

// Host storage for n envs, zero-filled.
struct EpisodeArrays {
  AlignedVector<float> reward, ep_return;
  AlignedVector<int32_t> ep_length, steps;
  AlignedVector<uint8_t> terminated, truncated, ended, has_final, fresh, error;
  AlignedVector<uint64_t> key, episode;

  explicit EpisodeArrays(std::size_t n)
      : reward(n), ep_return(n), ep_length(n), steps(n), terminated(n), truncated(n), ended(n), has_final(n),
        fresh(n), error(n), key(n), episode(n) {}

  EpisodeView view() {
    return {reward.data(), ep_return.data(), ep_length.data(), steps.data(),  terminated.data(), truncated.data(),
            ended.data(),  has_final.data(), fresh.data(),     error.data(),  key.data(),        episode.data()};
  }
};

}  // namespace gym
