// Private to gym::gpu's .cu files: CUDA error checks and one-allocation
// device buffers, shared by the classic and the world executors.
#pragma once

#include <cuda_runtime.h>

#include <memory>
#include <string>
#include <vector>

#include "gym/episodes.hpp"
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

// Places typed arrays one after another in one allocation, each on a 256-byte
// boundary. A layout runs twice: with no base, to count the bytes, then with
// the allocation's base, to set the pointers; so the list of arrays is
// written once.
class Carver {
 public:
  explicit Carver(char* base = nullptr) : base_(base) {}
  template <class T>
  void take(T*& p, std::size_t count) {
    p = base_ ? reinterpret_cast<T*>(base_ + bytes_) : nullptr;
    bytes_ += align256(count * sizeof(T));
  }
  std::size_t bytes() const { return bytes_; }

 private:
  char* base_;
  std::size_t bytes_ = 0;
};

// The per-env results and bookkeeping of n envs (gym::EpisodeView).
inline void take_episode_arrays(Carver& c, EpisodeView& v, std::size_t n) {
  c.take(v.reward, n);
  c.take(v.ep_return, n);
  c.take(v.ep_length, n);
  c.take(v.steps, n);
  c.take(v.terminated, n);
  c.take(v.truncated, n);
  c.take(v.ended, n);
  c.take(v.has_final, n);
  c.take(v.fresh, n);
  c.take(v.error, n);
  c.take(v.key, n);
  c.take(v.episode, n);
}

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

// A device buffer reused from call to call, reallocated when a call's layout
// (a function of a Carver, as above) needs more bytes than it holds.
class ScratchBuffer {
 public:
  template <class Layout>
  void place(Layout&& layout) {
    Carver sizing;
    layout(sizing);
    if (sizing.bytes() > bytes_) {
      buffer_.reset();
      buffer_ = std::make_unique<DeviceBuffer>(sizing.bytes());
      bytes_ = sizing.bytes();
    }
    Carver carver(buffer_->data());
    layout(carver);
  }

 private:
  std::unique_ptr<DeviceBuffer> buffer_;
  std::size_t bytes_ = 0;
};

}  // namespace gym::gpu::detail
