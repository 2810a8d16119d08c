// Host arrays that start on a cache line and end at least a page before the
// next allocation: the vector envs split their struct-of-arrays buffers
// between threads at multiples of kCacheLine bytes, so that no two threads
// write the same line (false sharing costs a line transfer between cores on
// every step), and the guard after each array keeps a hardware prefetcher
// that streams off its end out of the next array, whose first envs another
// thread steps.
#pragma once

#include <cstddef>
#include <limits>
#include <new>
#include <vector>

namespace gym {

inline constexpr std::size_t kCacheLine = 64;

// Bytes left unused after every AlignedVector's elements. A thread stepping
// the last envs of one array streams towards its end, and the prefetchers
// run ahead of it; without the guard they read the first lines of the array
// allocated next, which belong to the first envs of another thread's chunk,
// and that thread then waits for the lines to come back on its next step
// (its first block of envs ran 50-250% slower, measured on the development
// VM). Prefetchers stop at a 4 KB page, so a page of guard is enough.
inline constexpr std::size_t kArrayGuard = 4096;

template <class T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <class U>
  constexpr CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > (std::numeric_limits<std::size_t>::max() - kArrayGuard) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(::operator new(n * sizeof(T) + kArrayGuard, std::align_val_t(kCacheLine)));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t(kCacheLine)); }
  template <class U>
  bool operator==(const CacheLineAllocator<U>&) const noexcept {
    return true;
  }
};

// A std::vector whose data() is cache-line aligned, with kArrayGuard bytes
// unused after its capacity.
template <class T>
using AlignedVector = std::vector<T, CacheLineAllocator<T>>;

}  // namespace gym
