// gym::gpu::expected_step: a thin kernel around gym::tabular_step_at.
#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "cuda_util.cuh"
#include "gym/gpu/device.hpp"
#include "gym/gpu/tabular.hpp"

namespace gym::gpu {

namespace {

constexpr int kTabularThreads = 128;

__global__ void tabular_step_kernel(TabularView m, const double* d, const double* pi, int batch, double* next,
                                    double* reward, double* terminated) {
  const long long k = (long long)blockIdx.x * kTabularThreads + threadIdx.x;
  const long long S = m.n_states;
  if (k >= S * batch) return;
  const long long b = k / S;
  const int32_t s = int32_t(k % S);
  const TabularStepAt<double> at = tabular_step_at(m, d + b * S, pi + b * S * m.n_actions, s);
  next[k] = at.next;
  reward[k] = at.reward;  // per (b, s): summed on the host in the CPU's order
  terminated[k] = at.terminated;
}

// Copies n values from the host to the device array p (the view's pointers
// are const for the kernel; here they are being filled).
template <class T>
void upload(const T* p, const T* host, std::size_t n) {
  detail::check(cudaMemcpy(const_cast<T*>(p), host, n * sizeof(T), cudaMemcpyHostToDevice), "copy to device");
}

}  // namespace

TabularStep expected_step(const TabularMdp& mdp, std::span<const double> d, std::span<const double> pi, int batch,
                          int device) {
  check_step_inputs(mdp, d, pi, batch);
  if (device_count() == 0) throw Error("gym::gpu::expected_step: no CUDA device on this machine (gym::expected_step "
                                       "runs on the CPU)");
  detail::check(cudaSetDevice(device), "cannot use device " + std::to_string(device));
  const TabularView host = view_of(mdp);
  const std::size_t S = std::size_t(mdp.n_states), SA = S * std::size_t(mdp.n_actions);
  const std::size_t n_out = host.offsets[SA], n_in = host.in_offsets[S], cells = S * std::size_t(batch);
  // The table's arrays, the inputs and the outputs in one allocation.
  TabularView m = host;
  const double *d_dev, *pi_dev;
  double *next, *reward, *terminated;
  auto layout = [&](detail::Carver& c) {
    // An input is placed, then (once placed, on the second pass) filled.
    auto input = [&](auto& p, auto* from, std::size_t n) {
      c.take(p, n);
      if (p) upload(p, from, n);
    };
    input(m.offsets, host.offsets, SA + 1);
    input(m.next_state, host.next_state, n_out);
    input(m.in_offsets, host.in_offsets, S + 1);
    input(m.in_sa, host.in_sa, n_in);
    input(m.prob, host.prob, n_out);
    input(m.expected_reward, host.expected_reward, SA);
    input(m.terminal_prob, host.terminal_prob, SA);
    input(m.in_prob, host.in_prob, n_in);
    input(m.terminated, host.terminated, n_out);
    input(d_dev, d.data(), d.size());
    input(pi_dev, pi.data(), pi.size());
    c.take(next, cells);
    c.take(reward, cells);
    c.take(terminated, cells);
  };
  detail::Carver sizing;
  layout(sizing);
  detail::DeviceBuffer buffer(sizing.bytes());
  detail::Carver carver(buffer.data());
  layout(carver);
  const int blocks = int((cells + kTabularThreads - 1) / kTabularThreads);
  tabular_step_kernel<<<blocks, kTabularThreads>>>(m, d_dev, pi_dev, batch, next, reward, terminated);
  detail::check(cudaGetLastError(), "expected-step kernel");
  TabularStep out;
  out.next = detail::copy_to_host(next, cells, nullptr);
  const auto r = detail::copy_to_host(reward, cells, nullptr), t = detail::copy_to_host(terminated, cells, nullptr);
  out.reward.assign(std::size_t(batch), 0.0);
  out.terminated.assign(std::size_t(batch), 0.0);
  for (std::size_t b = 0; b < std::size_t(batch); ++b)
    for (std::size_t s = 0; s < S; ++s) {
      out.reward[b] += r[b * S + s];
      out.terminated[b] += t[b * S + s];
    }
  return out;
}

}  // namespace gym::gpu
