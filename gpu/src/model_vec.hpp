// Private to gym::gpu: the device vector env of one model, made by
// make_model_vec<M> (gpu/src/vector_env.cu, instantiated there for the
// built-in classic models) from already checked parameters.
#pragma once

#include <memory>
#include <string>

#include "gym/gpu/vector_env.hpp"

namespace gym::gpu::detail {

template <class M>
std::unique_ptr<VectorEnv> make_model_vec(const std::string& id, const typename M::Params& params, int num_envs,
                                          int32_t max_steps, Config config);

}  // namespace gym::gpu::detail
