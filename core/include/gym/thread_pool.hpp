// A small fork-join pool for the vector env: run(n, fn) calls fn(0..n-1)
// spread over the threads (the caller is one of them) and returns when all
// are done; run_blocks splits a range of items between the threads and lets a
// thread that finishes early take over the rest of another's share. Workers
// spin briefly between calls, then sleep, so back-to-back steps of a few
// microseconds do not pay a wake-up each time.
//
// A step of a vector env is a few microseconds of work per thread, so the
// fork and the join must cost well under a microsecond: each is one store
// that the other threads read (no read-modify-write that the waiting threads
// fight over), each on its own cache line, and the futex calls are made only
// when a thread actually sleeps.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gym/aligned.hpp"

namespace gym {

class ThreadPool {
 public:
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return call_.num_threads; }

  // Task i < size() runs on thread i (the caller is thread 0); later tasks go
  // to whichever thread is free. Rethrows the first exception a task threw.
  void run(int num_tasks, const std::function<void(int)>& fn);

  // Items [0, n) in chunks of `chunk` items (chunk c is [c * chunk, (c + 1) *
  // chunk) clipped to n), each chunk in blocks of `block` items from its start.
  struct BlockSplit {
    int n = 0, chunk = 1, block = 1;
  };
  // Calls fn(begin, end) once for each block of each of the first num_chunks
  // chunks (at most size()). Thread c runs chunk c's blocks first to last, so
  // its data stays in its core's cache call after call; a thread done with
  // its own chunk then takes the blocks still left in the others, last first
  // (work stealing). A thread slowed down, by another process on its core or
  // by a slower core, thus delays the call by about one block, not by its
  // whole chunk. Not helped: a thread that starts late (asleep or descheduled
  // when the call begins), since a thief looks at each chunk once and finds
  // nothing in a chunk its owner has not opened yet; and a chunk of one block,
  // whose first block is always its owner's. Blocks run in no fixed order and
  // on no fixed thread: fn must not depend on either. If given,
  // prepare(begin, end) is called on each chunk's whole range, by its thread,
  // before any thread runs a block of it (to make the blocks' inputs in one
  // pass). Rethrows the first exception fn or prepare threw.
  void run_blocks(int num_chunks, BlockSplit split, const std::function<void(int, int)>& fn,
                  const std::function<void(int, int)>* prepare = nullptr);

 private:
  // The generation a worker last finished, on a line of its own: the worker
  // stores it, and only the caller of run() reads it.
  struct alignas(kCacheLine) Done {
    std::atomic<uint32_t> generation{0};
  };

  // Which blocks of a chunk are still unclaimed during run_blocks: [front,
  // back) packed into one word (front in the low half), so that the owner
  // (taking the front) and the thieves (taking the back) claim each block with
  // one compare-and-swap. On a line of its own: only the owner writes it,
  // until a thief comes. After every call every chunk is empty (front ==
  // back), so a thief that reads a chunk before its owner has refilled it for
  // the next call finds nothing to take.
  struct alignas(kCacheLine) Blocks {
    std::atomic<uint64_t> range{0};
  };

  void worker_loop(int index);
  void run_tasks(int index);
  void run_chunk_blocks(int c, int num_chunks, BlockSplit split, const std::function<void(int, int)>& fn,
                        const std::function<void(int, int)>* prepare);

  // Written by run() before it publishes the next generation; read by the
  // workers after they see it (one line, moved once a call).
  struct alignas(kCacheLine) Call {
    std::atomic<uint32_t> generation{0};  // 32 bits: waited on with a futex directly
    bool stop = false;
    int num_threads = 1;
    int num_tasks = 0;
    const std::function<void(int)>* fn = nullptr;
  } call_;
  alignas(kCacheLine) std::atomic<int> next_task_{0};  // claims tasks beyond size()
  std::unique_ptr<Done[]> done_;                         // by thread index; [0], the caller's, unused
  std::unique_ptr<Blocks[]> blocks_;                     // by chunk (= owner thread) index, for run_blocks
  std::vector<std::thread> workers_;
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace gym
