// A small fork-join pool for the vector env: run(n, fn) calls fn(0..n-1)
// spread over the threads (the caller is one of them) and returns when all
// are done. Workers spin briefly between calls, then sleep, so back-to-back
// steps of a few microseconds do not pay a wake-up each time.
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

 private:
  // The generation a worker last finished, on a line of its own: the worker
  // stores it, and only the caller of run() reads it.
  struct alignas(kCacheLine) Done {
    std::atomic<uint32_t> generation{0};
  };

  void worker_loop(int index);
  void run_tasks(int index);

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
  std::vector<std::thread> workers_;
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace gym
