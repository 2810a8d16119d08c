// gym/thread_pool.hpp: the fork-join pool behind the vector env.
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include <algorithm>

#include "gym/error.hpp"
#include "gym/thread_pool.hpp"

using Catch::Matchers::Contains;

TEST_CASE("ThreadPool::run calls every task exactly once for any task count and pool size", "[thread_pool]") {
  for (int size : {1, 2, 4}) {
    gym::ThreadPool pool(size);
    CHECK(pool.size() == size);
    for (int n : {0, 1, 3, 100}) {
      INFO("pool size " << size << ", " << n << " tasks");
      const auto calls = std::make_unique<std::atomic<int>[]>(std::size_t(n) + 1);
      for (int k = 0; k <= n; ++k) calls[std::size_t(k)] = 0;
      std::atomic<int> out_of_range{0};
      pool.run(n, [&](int k) {
        if (k < 0 || k >= n) ++out_of_range;
        else ++calls[std::size_t(k)];
      });
      CHECK(out_of_range == 0);
      int once = 0;
      for (int k = 0; k < n; ++k) once += calls[std::size_t(k)] == 1;
      CHECK(once == n);
    }
  }
}

TEST_CASE("ThreadPool::run pins task i < size() to thread i, the caller being thread 0", "[thread_pool]") {
  gym::ThreadPool pool(4);
  std::vector<std::thread::id> first;
  for (int round = 0; round < 20; ++round) {
    std::vector<std::thread::id> ran_on(4);
    pool.run(4, [&](int k) { ran_on[std::size_t(k)] = std::this_thread::get_id(); });
    CHECK(ran_on[0] == std::this_thread::get_id());
    for (int a = 0; a < 4; ++a)
      for (int b = a + 1; b < 4; ++b) CHECK(ran_on[std::size_t(a)] != ran_on[std::size_t(b)]);
    if (round == 0) first = ran_on;
    CHECK(ran_on == first);  // the same task on the same thread, run after run
  }
}

TEST_CASE("ThreadPool::run runs tasks on the caller and at most size() distinct threads", "[thread_pool]") {
  {
    gym::ThreadPool single(1);
    std::vector<std::thread::id> ran_on(10);
    single.run(10, [&](int k) { ran_on[std::size_t(k)] = std::this_thread::get_id(); });
    for (const auto& id : ran_on) CHECK(id == std::this_thread::get_id());
  }
  gym::ThreadPool pool(4);
  const int n = 400;
  std::vector<std::thread::id> ran_on(n);
  pool.run(n, [&](int k) {
    volatile int spin = 0;
    for (int i = 0; i < 2000; ++i) spin = spin + i;
    ran_on[std::size_t(k)] = std::this_thread::get_id();
  });
  std::vector<std::thread::id> distinct;
  for (const auto& id : ran_on)
    if (std::find(distinct.begin(), distinct.end(), id) == distinct.end()) distinct.push_back(id);
  CHECK(distinct.size() >= 1);
  CHECK(distinct.size() <= 4);
}

TEST_CASE("ThreadPool::run returns only after every task has finished", "[thread_pool]") {
  gym::ThreadPool pool(3);
  std::vector<int> results(300, 0);  // plain ints: the join must publish them
  pool.run(300, [&](int k) {
    volatile int spin = 0;
    for (int i = 0; i < 1000 * (k % 7); ++i) spin = spin + 1;
    results[std::size_t(k)] = k * k;
  });
  int correct = 0;
  for (int k = 0; k < 300; ++k) correct += results[std::size_t(k)] == k * k;
  CHECK(correct == 300);
}

TEST_CASE("ThreadPool::run rethrows a task's exception and stays usable", "[thread_pool]") {
  for (int size : {1, 2, 4}) {
    INFO("pool size " << size);
    gym::ThreadPool pool(size);
    for (int n : {1, 3, 100}) {
      INFO(n << " tasks");
      const int thrower = n - 1;
      CHECK_THROWS_WITH(pool.run(n,
                                 [&](int k) {
                                   if (k == thrower) throw gym::Error("task " + std::to_string(k) + " failed");
                                 }),
                        Contains("task " + std::to_string(thrower) + " failed"));
    }
    // A non-gym exception keeps its type.
    CHECK_THROWS_AS(pool.run(8, [](int k) { if (k == 5) throw std::out_of_range("k"); }), std::out_of_range);
    // Every task throwing: exactly one exception comes out.
    CHECK_THROWS_AS(pool.run(8, [](int) { throw std::runtime_error("all"); }), std::runtime_error);

    // The failure is not remembered by the next run.
    std::atomic<int> count{0};
    CHECK_NOTHROW(pool.run(50, [&](int) { ++count; }));
    CHECK(count == 50);
  }
}

TEST_CASE("ThreadPool::run survives many back-to-back tiny runs", "[thread_pool]") {
  for (int size : {2, 4}) {
    INFO("pool size " << size);
    gym::ThreadPool pool(size);
    const int runs = size == 2 ? 10000 : 2000;
    std::atomic<int64_t> sum{0};
    for (int r = 0; r < runs; ++r) pool.run(size, [&](int k) { sum += k + 1; });
    CHECK(sum == int64_t(runs) * size * (size + 1) / 2);
  }
}

TEST_CASE("ThreadPool refuses fewer than 1 or more than 1024 threads", "[thread_pool]") {
  CHECK_THROWS_AS(gym::ThreadPool(0), gym::Error);
  CHECK_THROWS_WITH(gym::ThreadPool(-2), Contains("num_threads") && Contains("-2"));
  CHECK_THROWS_AS(gym::ThreadPool(1025), gym::Error);
}

TEST_CASE("ThreadPool can be created and destroyed without ever running", "[thread_pool]") {
  for (int i = 0; i < 20; ++i) {
    gym::ThreadPool pool(4);
    CHECK(pool.size() == 4);
  }
}

TEST_CASE("ThreadPool wakes workers that fell asleep and waits for tasks longer than its spin", "[thread_pool]") {
  // Idle past the spin time, the workers sleep on a futex; a task that runs
  // past it makes the caller sleep on the worker's completion word. Both
  // must be woken, run after run.
  for (int size : {2, 4}) {
    INFO("pool size " << size);
    gym::ThreadPool pool(size);
    std::vector<int> ran(std::size_t(size), 0);  // plain ints: the join must publish them
    for (int round = 1; round <= 3; ++round) {
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
      pool.run(size, [&](int k) {
        if (k == size - 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++ran[std::size_t(k)];
      });
      for (int k = 0; k < size; ++k) CHECK(ran[std::size_t(k)] == round);
    }
  }
}
