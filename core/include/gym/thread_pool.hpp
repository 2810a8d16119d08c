// A small fork-join pool for the vector env: run(n, fn) calls fn(0..n-1)
// spread over the threads (the caller is one of them) and returns when all
// are done. Workers spin briefly between calls, then sleep, so back-to-back
// steps of a few microseconds do not pay a wake-up each time.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gym {

class ThreadPool {
 public:
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return int(workers_.size()) + 1; }

  // Task i < size() runs on thread i (the caller is thread 0); later tasks go
  // to whichever thread is free. Rethrows the first exception a task threw.
  void run(int num_tasks, const std::function<void(int)>& fn);

 private:
  void worker_loop(int index);
  void run_tasks(int index);

  std::vector<std::thread> workers_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<int> next_task_{0};
  std::atomic<bool> stop_{false};
  const std::function<void(int)>* fn_ = nullptr;
  int num_tasks_ = 0;
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace gym
