// gym/thread_pool.hpp: the fork-join pool behind the vector env.
#include <atomic>
#include <chrono>
#include <functional>
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

namespace {
// The chunks of ThreadPool::run_blocks for n items over `chunks` chunks.
gym::ThreadPool::BlockSplit split_of(int n, int chunks, int block) {
  return {n, std::max(1, (n + chunks - 1) / chunks), block};
}
}  // namespace

TEST_CASE("ThreadPool::run_blocks runs every block of every chunk exactly once, after its chunk's prepare",
          "[thread_pool]") {
  for (int size : {1, 2, 4}) {
    gym::ThreadPool pool(size);
    for (int chunks = 1; chunks <= size; ++chunks) {
      for (int n : {0, 1, 100, 1000, 1001}) {
        for (int block : {1, 7, 64, 256}) {
          INFO("pool size " << size << ", " << chunks << " chunks, " << n << " items, blocks of " << block);
          const auto split = split_of(n, chunks, block);
          // Plain ints: each is written by one thread, and read by others only
          // after the pool's ordering (prepare's writes before a thief's claim,
          // all writes before run_blocks returns), which ThreadSanitizer checks.
          std::vector<int> item(std::size_t(n) + 1, 0), prepared(std::size_t(n) + 1, 0);
          std::atomic<int> bad_blocks{0}, unprepared{0}, bad_prepares{0};
          const std::function<void(int, int)> prepare = [&](int b, int e) {
            // Exactly one chunk's range.
            if (b % split.chunk != 0 || e != std::min(n, b + split.chunk)) ++bad_prepares;
            for (int i = b; i < e; ++i) ++prepared[std::size_t(i)];
          };
          pool.run_blocks(
              chunks, split,
              [&](int b, int e) {
                // A block lies in one chunk, starts a whole number of blocks
                // into it and holds `block` items unless the chunk ends first.
                const int chunk_begin = b / split.chunk * split.chunk;
                const int chunk_end = std::min(n, chunk_begin + split.chunk);
                if (b >= e || (b - chunk_begin) % block != 0 || e != std::min(chunk_end, b + block)) ++bad_blocks;
                for (int i = b; i < e; ++i) {
                  ++item[std::size_t(i)];
                  if (prepared[std::size_t(i)] != 1) ++unprepared;
                }
              },
              &prepare);
          int once = 0, prepared_once = 0;
          for (int i = 0; i < n; ++i) {
            once += item[std::size_t(i)] == 1;
            prepared_once += prepared[std::size_t(i)] == 1;
          }
          CHECK(once == n);
          CHECK(prepared_once == n);
          CHECK(bad_blocks == 0);
          CHECK(unprepared == 0);
          CHECK(bad_prepares == 0);
        }
      }
    }
  }
}

TEST_CASE("ThreadPool::run_blocks lets a thread done with its chunk take the blocks a slow thread has left",
          "[thread_pool]") {
  gym::ThreadPool pool(2);
  const int n = 1000, block = 50;  // chunks [0, 500) and [500, 1000), 10 blocks each
  const auto caller = std::this_thread::get_id();
  for (int round = 0; round < 5; ++round) {
    INFO("round " << round);
    std::vector<std::thread::id> ran_on(n / block);
    // Written by prepare on the worker, read by the caller in the blocks it
    // takes: a plain array, so that ThreadSanitizer sees whether the pool
    // orders the two (the flags below are relaxed and order nothing).
    std::vector<int> prepared(n, 0);
    std::atomic<bool> worker_started{false};
    std::atomic<int> taken_from_worker{0}, unprepared{0};
    const std::function<void(int, int)> prepare = [&](int b, int e) {
      for (int i = b; i < e; ++i) prepared[std::size_t(i)] = round + 1;
    };
    pool.run_blocks(
        2, split_of(n, 2, block),
        [&](int b, int) {
          const bool own = (std::this_thread::get_id() == caller) == (b < 500);
          if (b == 500) {
            // The worker's first block (always its own) stalls until the
            // caller has taken all of the other 9 (or 10 s pass, and the
            // checks fail).
            worker_started.store(true, std::memory_order_relaxed);
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (taken_from_worker.load(std::memory_order_relaxed) < 9 && std::chrono::steady_clock::now() < give_up)
              std::this_thread::yield();
          } else if (b == 0) {
            // The caller's first block waits until the worker has opened its
            // chunk, so that the caller finds blocks to take when it is done.
            while (!worker_started.load(std::memory_order_relaxed)) std::this_thread::yield();
          }
          if (prepared[std::size_t(b)] != round + 1) ++unprepared;
          if (!own) taken_from_worker.fetch_add(1, std::memory_order_relaxed);
          ran_on[std::size_t(b / block)] = std::this_thread::get_id();
        },
        &prepare);
    CHECK(taken_from_worker == 9);
    CHECK(unprepared == 0);
    for (int j = 0; j < n / block; ++j) {
      INFO("block " << j);
      CHECK((ran_on[std::size_t(j)] == caller) == (j != 10));
    }
  }
}

TEST_CASE("ThreadPool::run_blocks rethrows a block's exception and stays usable", "[thread_pool]") {
  for (int size : {1, 2, 4}) {
    INFO("pool size " << size);
    gym::ThreadPool pool(size);
    const auto split = split_of(1000, size, 10);
    CHECK_THROWS_WITH(pool.run_blocks(size, split,
                                      [](int b, int) {
                                        if (b == 990) throw gym::Error("block 990 failed");
                                      }),
                      Contains("block 990 failed"));
    // The next call runs every block once.
    std::vector<std::atomic<int>> item(1000);
    pool.run_blocks(size, split, [&](int b, int e) {
      for (int i = b; i < e; ++i) ++item[std::size_t(i)];
    });
    int once = 0;
    for (auto& x : item) once += x == 1;
    CHECK(once == 1000);
  }
}

TEST_CASE("ThreadPool::run_blocks: blocks that a failed call left unclaimed are not taken in the next call",
          "[thread_pool]") {
  gym::ThreadPool pool(2);
  const auto split = split_of(1000, 2, 50);  // chunks [0, 500) and [500, 1000), 10 blocks each
  const auto caller = std::this_thread::get_id();
  // Both threads throw in their first block, after both chunks are open:
  // blocks 1-9 of each are left unclaimed.
  std::atomic<bool> worker_opened{false};
  CHECK_THROWS_WITH(pool.run_blocks(2, split,
                                    [&](int b, int) {
                                      if (b == 500) {
                                        worker_opened = true;
                                        throw gym::Error("worker's block failed");
                                      }
                                      if (b == 0) {
                                        while (!worker_opened) std::this_thread::yield();
                                        throw gym::Error("caller's block failed");
                                      }
                                    }),
                    Contains("block failed"));
  // Next call: the worker's chunk opens only well after the caller has run
  // its own chunk and looked for blocks to take. Blocks left over from the
  // failed call must not be among them.
  std::vector<int> item(1000, 0);
  std::atomic<int> caller_done{0}, taken_before_open{0};
  std::atomic<bool> worker_chunk_open{false};
  const std::function<void(int, int)> prepare = [&](int b, int) {
    if (b != 500) return;
    while (caller_done < 10) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    worker_chunk_open = true;
  };
  pool.run_blocks(
      2, split,
      [&](int b, int e) {
        const bool on_caller = std::this_thread::get_id() == caller;
        if (b >= 500 && !worker_chunk_open) ++taken_before_open;
        for (int i = b; i < e; ++i) ++item[std::size_t(i)];
        if (on_caller && b < 500) ++caller_done;
      },
      &prepare);
  CHECK(taken_before_open == 0);
  CHECK(std::count(item.begin(), item.end(), 1) == 1000);
}

TEST_CASE("ThreadPool::run_blocks refuses a split it cannot run", "[thread_pool]") {
  gym::ThreadPool pool(2);
  const auto nothing = [](int, int) {};
  CHECK_THROWS_WITH(pool.run_blocks(0, {10, 10, 1}, nothing), Contains("num_chunks") && Contains("got 0"));
  CHECK_THROWS_WITH(pool.run_blocks(3, {10, 4, 1}, nothing), Contains("num_chunks") && Contains("got 3"));
  CHECK_THROWS_WITH(pool.run_blocks(2, {10, 5, 0}, nothing), Contains("block 0"));
  CHECK_THROWS_WITH(pool.run_blocks(2, {10, 0, 1}, nothing), Contains("chunk 0"));
  CHECK_THROWS_WITH(pool.run_blocks(2, {-1, 5, 1}, nothing), Contains("n -1"));
  CHECK_THROWS_WITH(pool.run_blocks(2, {11, 5, 1}, nothing), Contains("do not cover 11 items"));
  // And still runs after refusing.
  std::atomic<int> items{0};
  pool.run_blocks(2, {11, 6, 4}, [&](int b, int e) { items += e - b; });
  CHECK(items == 11);
}
