// Vector envs' autoreset modes, in a header of their own so that device code
// (gym/batch.hpp) can use them.
#pragma once

namespace gym {

// What happens when an episode ends inside a vector env (Gymnasium 1.x):
//  kNextStep: the step that ends it returns the final observation; the next
//             step() resets that env instead of stepping it (its action is
//             ignored, reward 0, terminated = truncated = false).
//  kSameStep: the env is reset within the step that ends it; observations()
//             holds the reset observation and final_observations() the last
//             one (flagged by has_final_observation()).
//  kDisabled: nothing is reset; step() refuses while an ended env has not
//             been reset with reset(seed, mask).
enum class AutoresetMode { kNextStep, kSameStep, kDisabled };

}  // namespace gym
