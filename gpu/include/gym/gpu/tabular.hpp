// The expected step of a tabular MDP (gym/tabular.hpp) on a CUDA device:
// one thread per (batch element, state) running gym::tabular_step_at, the
// GYM_HD function the CPU's gym::expected_step runs, so the results are the
// CPU's bit for bit (the per-state sums are added on the host in the CPU's
// order). Throws gym::Error without a device and for the inputs the CPU
// version refuses.
#pragma once

#include <span>

#include "gym/tabular.hpp"

namespace gym::gpu {

TabularStep expected_step(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi, int batch,
                          int device = 0);

}  // namespace gym::gpu
