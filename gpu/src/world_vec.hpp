// Private to gym::gpu: the device vector env of one world model, made by
// make_world_model_vec<M> (gpu/src/world_vector_env.cu) from checked params.
#pragma once

#include <memory>
#include <string>

#include "gym/gpu/world_vector_env.hpp"

namespace gym::gpu::detail {

template <class M>
std::unique_ptr<WorldVectorEnv> make_world_model_vec(const std::string& id, const typename M::Params& params,
                                                     int num_envs, int obs_dim, int32_t max_steps, Config config);

}  // namespace gym::gpu::detail
