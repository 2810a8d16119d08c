#include "gym/thread_pool.hpp"

#include <chrono>

#include <fmt/format.h>

#include "gym/error.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define GYM_CPU_RELAX() _mm_pause()
#else
#define GYM_CPU_RELAX() std::this_thread::yield()
#endif

namespace gym {

namespace {
// How long a thread spins before it sleeps on a futex. Measured in time, not
// in pause instructions, whose cost differs tenfold between CPUs: a pool that
// falls asleep between two steps of a few microseconds pays a wake-up (tens of
// microseconds) on every step.
constexpr auto kSpinTime = std::chrono::microseconds(500);

template <class Done>
bool spin(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
      GYM_CPU_RELAX();
    }
    if (std::chrono::steady_clock::now() > deadline) return done();
    // On a core shared with another busy thread (more threads than free
    // cores), spinning would take the time slice from the thread whose work
    // we wait for; yielding hands it over and costs about a microsecond on an
    // idle core.
    std::this_thread::yield();
  }
}

template <class Done>
void spin_then_wait(std::atomic<uint64_t>& word, uint64_t old, Done done) {
  if (spin(done)) return;
  while (!done()) word.wait(old, std::memory_order_acquire);
}
}  // namespace

ThreadPool::ThreadPool(int num_threads) {
  if (num_threads < 1 || num_threads > 1024)
    throw Error(fmt::format("ThreadPool: num_threads must be in [1, 1024], got {}", num_threads));
  workers_.reserve(std::size_t(num_threads - 1));
  for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
  stop_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::run_tasks(int index) {
  // Thread i first runs task i, so a caller that splits its data into size()
  // tasks finds each part on the same core step after step (cache locality);
  // tasks beyond size() are claimed one at a time by whichever thread is free.
  auto run_one = [this](int k) {
    try {
      (*fn_)(k);
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
    }
  };
  if (index < num_tasks_) run_one(index);
  for (int k; (k = next_task_.fetch_add(1, std::memory_order_relaxed)) < num_tasks_;) run_one(k);
}

void ThreadPool::worker_loop(int index) {
  uint64_t seen = 0;
  for (;;) {
    spin_then_wait(generation_, seen, [&] { return generation_.load(std::memory_order_acquire) != seen; });
    seen = generation_.load(std::memory_order_acquire);
    if (stop_.load(std::memory_order_acquire)) return;
    run_tasks(index);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
  }
}

void ThreadPool::run(int num_tasks, const std::function<void(int)>& fn) {
  if (num_tasks <= 0) return;
  fn_ = &fn;
  num_tasks_ = num_tasks;
  error_ = nullptr;
  if (workers_.empty() || num_tasks == 1) {
    for (int k = 0; k < num_tasks; ++k) fn(k);
    return;
  }
  next_task_.store(size(), std::memory_order_relaxed);
  pending_.store(int(workers_.size()), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  run_tasks(0);
  spin([&] { return pending_.load(std::memory_order_acquire) == 0; });
  for (int left; (left = pending_.load(std::memory_order_acquire)) != 0;)
    pending_.wait(left, std::memory_order_acquire);
  if (error_) std::rethrow_exception(error_);
}

}  // namespace gym
