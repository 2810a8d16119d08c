#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "gym/gpu/device.hpp"

namespace gym::gpu {

int device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error so later calls start clean
    return 0;
  }
  return count;
}

std::string device_name(int device) {
  if (device < 0 || device >= device_count())
    throw std::runtime_error("gym::gpu: no CUDA device " + std::to_string(device) + " (found " +
                             std::to_string(device_count()) + ")");
  cudaDeviceProp prop{};
  cudaGetDeviceProperties(&prop, device);
  return std::string(prop.name) + " (sm_" + std::to_string(prop.major) + std::to_string(prop.minor) + ", " +
         std::to_string(prop.totalGlobalMem >> 20) + " MiB)";
}

}  // namespace gym::gpu
