// unit.BenchHarness: a scenario whose primitive strands its threads fails, and
// no thread outlives it. The stranding primitives are real mutants: a futex
// mutex whose unlock never wakes a sleeper, a futex semaphore likewise.
#include "mutex_scenarios.hpp"
#include "semaphore_scenarios.hpp"

#include "primitives/fault.hpp"
#include "primitives/mutex/futex_mutex.hpp"
#include "primitives/semaphore/futex_semaphore.hpp"

#include <gtest/gtest.h>

#include <dirent.h>

#include <sched.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

namespace synclab::bench {
namespace {

// The threads of this process, as the kernel counts them.
int threads_of_process() {
    int n = 0;
    if (DIR* d = opendir("/proc/self/task")) {
        while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
        closedir(d);
    }
    return n;
}

// Waits (bounded) for the kernel to reap ended threads.
int threads_after_settling(int expected) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    int n = threads_of_process();
    while (n != expected && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        n = threads_of_process();
    }
    return n;
}

using lost_wake_mutex = futex_mutex<platform::native, skip_at<site::wake>>;

class BenchHarness : public ::testing::Test {
protected:
    void SetUp() override {
        settings().duration_s = 0.1;
        settings().warmup_s = 0.02;
        calibrate_busy_work();
        before_ = threads_of_process();
    }
    int before_ = 0;
};

TEST_F(BenchHarness, CorrectLockJoinsEveryThread) {
    const auto r = measure_contended<futex_mutex<platform::native>>({4, 50.0, true});
    EXPECT_EQ(r.stuck_threads, 0);
    EXPECT_TRUE(r.exclusion_ok);
    EXPECT_GT(r.seam_acquisitions, 0u);
    EXPECT_EQ(threads_after_settling(before_), before_);
    // relaxed: every thread has been joined.
    EXPECT_EQ(live_bench_threads.load(std::memory_order_relaxed), 0);
}

TEST_F(BenchHarness, LockThatLosesWakeUpsFailsAndLeavesNoThread) {
    // Long critical sections: a waiter soon sleeps, and its wake-up is skipped.
    const auto r = measure_contended<lost_wake_mutex>({4, 2000.0, true});
    ASSERT_GT(r.stuck_threads, 0) << "the mutant never stranded a thread: the scenario cannot be shown to fail";
    EXPECT_EQ(threads_after_settling(before_), before_) << "a stuck thread outlived its scenario";
    // relaxed: the ended threads counted themselves out before leaving.
    EXPECT_EQ(live_bench_threads.load(std::memory_order_relaxed), 0);

    // The next scenario starts clean and runs normally.
    const auto next = measure_contended<futex_mutex<platform::native>>({2, 50.0, true});
    EXPECT_EQ(next.leftover_threads, 0);
    EXPECT_EQ(next.stuck_threads, 0);
    EXPECT_TRUE(next.exclusion_ok);
}

TEST_F(BenchHarness, SemaphoreThatLosesWakeUpsFailsTheWindowAndLeavesNoThread) {
    using lost_wake_semaphore = futex_semaphore<platform::native, skip_at<site::wake>>;
    // The ping-pong sleeps on every hand-off once its spin budget is spent: the
    // first skipped wake strands the responder or the initiator.
    auto s = std::make_shared<sem_pingpong_state<lost_wake_semaphore>>();
    const auto r = run_window(s, 2);
    ASSERT_GT(r.stuck_threads, 0) << "the mutant never stranded a thread: the scenario cannot be shown to fail";
    EXPECT_FALSE(r.joined());
    EXPECT_EQ(threads_after_settling(before_), before_) << "a stuck thread outlived its scenario";
    // relaxed: the ended threads counted themselves out before leaving.
    EXPECT_EQ(live_bench_threads.load(std::memory_order_relaxed), 0);
}

// A pinned window: every thread runs on the CPU it was given, and a pin the
// kernel refuses is counted (publish_window fails such a scenario).
struct cpu_recording_state : window_state {
    int seen[2] = {-1, -1};  // written by each thread, read after the joins
    void body(int t) {
        while (!stopping()) seen[t] = sched_getcpu();
    }
    void unblock() {}
};

TEST_F(BenchHarness, PinnedWindowRunsEachThreadOnItsCpu) {
    const cpu_pair pair = find_cpu_pair(pin_kind::cores);
    if (!pair.found()) GTEST_SKIP() << "no two CPUs on separate cores here";
    auto s = std::make_shared<cpu_recording_state>();
    s->pin_cpus = {pair.a, pair.b};
    const auto r = run_window(s, 2);
    ASSERT_TRUE(r.joined());
    EXPECT_EQ(r.pin_refused, 0);
    EXPECT_EQ(s->seen[0], pair.a);
    EXPECT_EQ(s->seen[1], pair.b);
    EXPECT_GT(r.pair_round_trip_ns, 0) << "the pinned pair was not probed";
}

TEST_F(BenchHarness, RefusedPinIsCounted) {
    auto s = std::make_shared<cpu_recording_state>();
    s->pin_cpus = {CPU_SETSIZE - 1};  // not a CPU of this machine: the kernel refuses it
    const auto r = run_window(s, 2);
    ASSERT_TRUE(r.joined());
    EXPECT_EQ(r.pin_refused, 2);
}

TEST_F(BenchHarness, CpuPairsComeFromTheTopology) {
    for (const pin_kind kind : pin_kinds) {
        const cpu_pair pair = find_cpu_pair(kind);
        if (!pair.found()) continue;
        EXPECT_NE(pair.a, pair.b);
        const auto core_of = [](int cpu) {
            std::ifstream in("/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/core_id");
            int v = -1;
            in >> v;
            return v;
        };
        EXPECT_EQ(core_of(pair.a) == core_of(pair.b), kind == pin_kind::siblings) << pin_name(kind);
    }
}

TEST_F(BenchHarness, StuckMessageSaysHowManyAndWhere) {
    EXPECT_EQ(stuck_message(3, "in the lock"),
              "3 threads stuck at the hard cap (in the lock): a lost wake-up, a deadlock or a lock that never "
              "hands over; they were ended");
    EXPECT_EQ(stuck_message(1, "in the primitive").rfind("1 thread stuck", 0), 0u);
}

}  // namespace
}  // namespace synclab::bench
