// Private to gym::gpu's .cu files: CUDA error checks and one-allocation
// device buffers, shared by the classic and the world executors.
#pragma once

#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "gym/error.hpp"

namespace gym::gpu::detail {

inline void check(cudaError_t e, const std::string& what) {
  if (e != cudaSuccess) {
    cudaGetLastError();
    throw Error("gym::gpu: " + what + ": " + cudaGetErrorString(e));
  }
}

// Arrays carved from one buffer start on 256-byte boundaries.
inline std::size_t align256(std::size_t bytes) { return (bytes + 255) / 256 * 256; }

// One device allocation holding every array, released on destruction.
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t bytes) {
    check(cudaMalloc(&ptr_, bytes), "cannot allocate " + std::to_string(bytes >> 20) + " MiB on the device");
  }
  ~DeviceBuffer() { cudaFree(ptr_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  char* data() const { return static_cast<char*>(ptr_); }

 private:
  void* ptr_ = nullptr;
};

// A host copy of count values at `device`, after the stream's work.
template <class T>
std::vector<T> copy_to_host(const T* device, std::size_t count, cudaStream_t stream) {
  std::vector<T> out(count);
  check(cudaMemcpyAsync(out.data(), device, count * sizeof(T), cudaMemcpyDeviceToHost, stream), "copy to host");
  check(cudaStreamSynchronize(stream), "synchronize");
  return out;
}

}  // namespace gym::gpu::detail
