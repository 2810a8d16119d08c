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

// A device copy of a host vector inside `buffer` at `offset`.
template <class T>
T* upload(const std::vector<T>& host, detail::DeviceBuffer& buffer, std::size_t& offset) {
  T* p = reinterpret_cast<T*>(buffer.data() + offset);
  detail::check(cudaMemcpy(p, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice), "copy to device");
  offset += detail::align256(host.size() * sizeof(T));
  return p;
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
  auto vec = [](const auto* p, std::size_t n) { return std::vector<std::remove_const_t<std::remove_pointer_t<decltype(p)>>>(p, p + n); };
  const auto offsets = vec(host.offsets, SA + 1), next_state = vec(host.next_state, n_out),
             in_offsets = vec(host.in_offsets, S + 1), in_sa = vec(host.in_sa, n_in);
  const auto prob = vec(host.prob, n_out), expected_reward = vec(host.expected_reward, SA),
             terminal_prob = vec(host.terminal_prob, SA), in_prob = vec(host.in_prob, n_in);
  const auto terminated_flags = vec(host.terminated, n_out);
  const std::vector<double> dv(d.begin(), d.end()), piv(pi.begin(), pi.end());
  using detail::align256;
  const std::size_t bytes = align256((SA + 1) * 4) + align256(n_out * 4) + align256((S + 1) * 4) + align256(n_in * 4) +
                            align256(n_out * 8) + 2 * align256(SA * 8) + align256(n_in * 8) + align256(n_out) +
                            align256(dv.size() * 8) + align256(piv.size() * 8) + 3 * align256(cells * 8);
  detail::DeviceBuffer buffer(bytes);
  std::size_t offset = 0;
  TabularView m = host;
  m.offsets = upload(offsets, buffer, offset);
  m.next_state = upload(next_state, buffer, offset);
  m.in_offsets = upload(in_offsets, buffer, offset);
  m.in_sa = upload(in_sa, buffer, offset);
  m.prob = upload(prob, buffer, offset);
  m.expected_reward = upload(expected_reward, buffer, offset);
  m.terminal_prob = upload(terminal_prob, buffer, offset);
  m.in_prob = upload(in_prob, buffer, offset);
  m.terminated = upload(terminated_flags, buffer, offset);
  const double* d_dev = upload(dv, buffer, offset);
  const double* pi_dev = upload(piv, buffer, offset);
  auto take = [&](std::size_t n) {
    double* p = reinterpret_cast<double*>(buffer.data() + offset);
    offset += align256(n * 8);
    return p;
  };
  double* next = take(cells);
  double* reward = take(cells);
  double* terminated = take(cells);
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
