// Timing helpers shared by the samples' benchmarks (gym bench, bench_diff,
// bench_render): medians of repeated timed runs.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace gym::bench {

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Runs f(i) for i in [0, n) `repeats` times; returns the median rate per second.
template <class F>
double median_rate(int n, int repeats, F&& f) {
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) f(i);
    rates.push_back(n / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return median(rates);
}

}  // namespace gym::bench
