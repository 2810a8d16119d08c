#include "gym/thread_pool.hpp"

#include <algorithm>
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
// How long it spins before it also yields its core between checks. A yield
// is a system call (about 0.6 us on the development VM) that delays noticing
// the other thread, so the first microseconds spin on pause alone; past them,
// yielding matters when there are more busy threads than cores, where the
// spinning thread would hold the core of the thread it waits for.
constexpr auto kPauseOnlyTime = std::chrono::microseconds(20);

// Waits until `word` no longer holds `old` (the thread we wait for stores a
// new value, then notifies): spins, then sleeps on a futex. Returns the new
// value, read with acquire.
uint32_t wait_for_change(const std::atomic<uint32_t>& word, uint32_t old) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (const uint32_t now = word.load(std::memory_order_acquire); now != old) return now;
      GYM_CPU_RELAX();
    }
    const auto waited = std::chrono::steady_clock::now() - start;
    if (waited > kSpinTime) break;
    if (waited > kPauseOnlyTime) std::this_thread::yield();
  }
  word.wait(old, std::memory_order_acquire);  // returns once the value differs from old
  return word.load(std::memory_order_acquire);
}
}  // namespace

ThreadPool::ThreadPool(int num_threads) {
  if (num_threads < 1 || num_threads > 1024)
    throw Error(fmt::format("ThreadPool: num_threads must be in [1, 1024], got {}", num_threads));
  call_.num_threads = num_threads;
  done_ = std::make_unique<Done[]>(std::size_t(num_threads));
  blocks_ = std::make_unique<Blocks[]>(std::size_t(num_threads));
  workers_.reserve(std::size_t(num_threads - 1));
  for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
  call_.stop = true;
  call_.generation.fetch_add(1, std::memory_order_release);
  call_.generation.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::run_tasks(int index) {
  // Thread i first runs task i, so a caller that splits its data into size()
  // tasks finds each part on the same core step after step (cache locality);
  // tasks beyond size() are claimed one at a time by whichever thread is free.
  auto run_one = [this](int k) {
    try {
      (*call_.fn)(k);
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
    }
  };
  if (index < call_.num_tasks) run_one(index);
  if (call_.num_tasks <= size()) return;
  for (int k; (k = next_task_.fetch_add(1, std::memory_order_relaxed)) < call_.num_tasks;) run_one(k);
}

void ThreadPool::worker_loop(int index) {
  uint32_t seen = 0;
  auto& done = done_[std::size_t(index)].generation;
  for (;;) {
    seen = wait_for_change(call_.generation, seen);
    if (call_.stop) return;
    run_tasks(index);
    done.store(seen, std::memory_order_release);
    done.notify_one();  // a system call only if run() sleeps on it
  }
}

void ThreadPool::run(int num_tasks, const std::function<void(int)>& fn) {
  if (num_tasks <= 0) return;
  if (error_) error_ = nullptr;  // read, not written, on every call: the line stays shared
  if (workers_.empty() || num_tasks == 1) {
    for (int k = 0; k < num_tasks; ++k) fn(k);
    return;
  }
  call_.fn = &fn;
  call_.num_tasks = num_tasks;
  if (num_tasks > size()) next_task_.store(size(), std::memory_order_relaxed);
  const uint32_t generation = call_.generation.load(std::memory_order_relaxed) + 1;
  call_.generation.store(generation, std::memory_order_release);
  call_.generation.notify_all();  // a system call only if a worker sleeps
  run_tasks(0);
  // Worker w stored generation - 1 after the previous call; it stores
  // `generation` when done with this one.
  for (std::size_t w = 1; w < std::size_t(size()); ++w) wait_for_change(done_[w].generation, generation - 1);
  if (error_) std::rethrow_exception(error_);
}

namespace {
uint64_t pack_blocks(uint32_t front, uint32_t back) { return uint64_t{back} << 32 | front; }

// Claims one block of [front, back): the first if `front`, else the last.
// Returns its index, or -1 once none is left; `last` tells whether it was the
// last one, so that its claimer need not look at the word again.
int64_t claim_block(std::atomic<uint64_t>& range, bool front, bool& last) {
  uint64_t now = range.load(std::memory_order_relaxed);
  for (;;) {
    const uint32_t f = uint32_t(now), b = uint32_t(now >> 32);
    if (f >= b) return -1;
    const uint64_t next = front ? pack_blocks(f + 1, b) : pack_blocks(f, b - 1);
    if (range.compare_exchange_weak(now, next, std::memory_order_acquire, std::memory_order_relaxed)) {
      last = f + 1 == b;
      return front ? f : b - 1;
    }
  }
}
}  // namespace

// When the threads keep pace, a chunk's word moves between cores at most
// once per call: its owner refills it and runs the first block before its
// first claim (the refill reaches the word meanwhile), and stops without
// looking again once it claims the last block, before a thief looks.
void ThreadPool::run_chunk_blocks(int c, int num_chunks, BlockSplit split, const std::function<void(int, int)>& fn,
                                  const std::function<void(int, int)>* prepare) {
  auto chunk_begin = [&](int k) { return int(std::min<int64_t>(split.n, int64_t(k) * split.chunk)); };
  auto run_block = [&](int k, int64_t j) {
    const int64_t b = chunk_begin(k) + j * split.block;
    fn(int(b), int(std::min<int64_t>({b + split.block, chunk_begin(k + 1), split.n})));
  };
  // Runs chunk k's blocks, claimed one at a time from its front or its back,
  // until none is left (none at all if `last` is already set).
  auto run_claimed = [&](int k, bool front, bool last) {
    while (!last) {
      const int64_t j = claim_block(blocks_[std::size_t(k)].range, front, last);
      if (j < 0) break;
      run_block(k, j);
    }
  };
  const int64_t count = (chunk_begin(c + 1) - chunk_begin(c) + split.block - 1) / split.block;
  if (count > 0) {
    if (prepare) (*prepare)(chunk_begin(c), chunk_begin(c + 1));
    // The previous call left this chunk empty, so no thief claims anything
    // before this store, which publishes what prepare wrote; block 0 is the
    // owner's.
    blocks_[std::size_t(c)].range.store(pack_blocks(1, uint32_t(count)), std::memory_order_release);
    run_block(c, 0);
    run_claimed(c, true, count == 1);
  }
  for (int other = 1; other < num_chunks; ++other) run_claimed((c + other) % num_chunks, false, false);
}

void ThreadPool::run_blocks(int num_chunks, BlockSplit split, const std::function<void(int, int)>& fn,
                            const std::function<void(int, int)>* prepare) {
  if (num_chunks < 1 || num_chunks > size())
    throw Error(fmt::format("ThreadPool::run_blocks: num_chunks must be in [1, {}] (the pool's threads), got {}",
                            size(), num_chunks));
  if (split.n < 0 || split.chunk < 1 || split.block < 1)
    throw Error(fmt::format("ThreadPool::run_blocks: needs n >= 0, chunk >= 1 and block >= 1, got n {}, chunk {}, "
                            "block {}",
                            split.n, split.chunk, split.block));
  if (int64_t(num_chunks) * split.chunk < split.n)
    throw Error(fmt::format("ThreadPool::run_blocks: {} chunks of {} items do not cover {} items", num_chunks,
                            split.chunk, split.n));
  if (split.n == 0) return;
  if (workers_.empty() || num_chunks == 1) {
    if (prepare) (*prepare)(0, split.n);
    for (int64_t b = 0; b < split.n; b += split.block) fn(int(b), int(std::min<int64_t>(b + split.block, split.n)));
    return;
  }
  const struct {
    ThreadPool* pool;
    int num_chunks;
    BlockSplit split;
    const std::function<void(int, int)>* fn;
    const std::function<void(int, int)>* prepare;
  } call{this, num_chunks, split, &fn, prepare};
  try {
    run(num_chunks,
        [c = &call](int k) { c->pool->run_chunk_blocks(k, c->num_chunks, c->split, *c->fn, c->prepare); });
  } catch (...) {
    // A block threw: its chunk may have blocks left, which a thief of the
    // next call must not take before the owner refills it.
    for (int k = 0; k < num_chunks; ++k) blocks_[std::size_t(k)].range.store(0, std::memory_order_relaxed);
    throw;
  }
}

}  // namespace gym
