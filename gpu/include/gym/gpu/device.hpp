// Host-side view of the CUDA devices. Compiled by nvcc, callable from plain C++.
#pragma once

#include <string>
#include <vector>

namespace gym::gpu {

// Number of usable CUDA devices; 0 when there is no driver or no device
// (any CUDA error counts as "none").
int device_count();
// "NVIDIA H100 80GB HBM3 (sm_90, 79.1 GiB)"; throws gym-style std::runtime_error without a device.
std::string device_name(int device = 0);

// CartPole float32 steps of the given states and actions on the device: the
// same GYM_HD model code as the CPU executors. states: [n x 4] row-major,
// updated in place; rewards and terminated: n each. Throws without a device.
void cartpole_step(std::vector<float>& states, const std::vector<int>& actions, std::vector<float>& rewards,
                   std::vector<unsigned char>& terminated);

}  // namespace gym::gpu
