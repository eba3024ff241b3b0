// The fixed-window runner shared by the semaphore, condition-variable and
// queue scenarios (semaphore_scenarios.hpp, condvar_scenarios.hpp,
// queue_scenarios.hpp), the entry shape semaphores and condition variables
// plug into, and the registration of the scenarios those two share.
//
// A scenario is a shared state object (derived from window_state) whose
// body(t) each of our threads runs. The runner starts the threads, lets them
// warm up (uncounted), snapshots every thread's counters, process CPU time and
// context switches at both edges of a fixed window, then asks them to stop and
// calls the state's unblock() so that a thread blocked in the primitive can
// leave. Threads that have not stopped by the hard cap are ended
// (scenario_thread_slot in harness.hpp) and the scenario fails, reporting
// them as stuck, instead of hanging the run.
//
// Google Benchmark's ->Threads(n) gives every thread a fixed iteration count
// (fast threads finish early), so the hand-off and buffer scenarios run threads
// of their own for a fixed duration instead, so that every thread is measured
// over the same window and a slow one shows as slow rather than as finished late.
#pragma once

#include "harness.hpp"
#include "placement.hpp"

#include "primitives/platform/native.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace synclab::bench {

// Futex syscalls this thread made through the native seam (P::futex_wait/wake).
// libstdc++, glibc and moodycamel make theirs outside it: not counted here.
inline std::uint64_t seam_futex_calls() noexcept {
    const auto& s = platform::this_thread_stats();
    return s.futex_waits + s.futex_wakes;
}
inline std::uint64_t seam_futex_waits() noexcept { return platform::this_thread_stats().futex_waits; }

// futex_seam (harness.hpp): whether the seam's futex counter is the whole story.

// Process-wide CPU time and context switches (every thread, including ended ones).
struct process_usage {
    double cpu_s = 0;
    double voluntary_switches = 0;    // blocked: a sleep in the kernel (futex wait, ...)
    double involuntary_switches = 0;  // preempted: time slice over, or a woken thread took the core
};
inline process_usage process_usage_now() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    process_usage u;
    u.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
              static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
    u.voluntary_switches = static_cast<double>(ru.ru_nvcsw);
    u.involuntary_switches = static_cast<double>(ru.ru_nivcsw);
    return u;
}

// Slots of the bounded buffers (semaphore_queue, blocking_queue) in the buffer scenarios.
inline constexpr std::size_t buffer_capacity = 64;

// What the harness aligns data written by different threads to: x86 cores
// fetch 64-byte lines in adjacent pairs (the spatial prefetcher), so two
// words 64 bytes apart can still be shared traffic.
inline constexpr std::size_t line_pair = 128;

// One thread's counters, read by the main thread at the window's edges.
struct alignas(line_pair) window_slot {
    std::atomic<std::uint64_t> ops{0};          // operations this thread completed (if it counts any)
    std::atomic<std::uint64_t> futex_calls{0};  // its seam futex syscalls so far (waits and wakes)
    std::atomic<std::uint64_t> futex_waits{0};  // of which waits
    scenario_thread_slot thread;  // finished, or ended if stuck at the hard cap
};

// The base of every scenario's shared state.
struct window_state {
    enum : int { warmup = 0, measure = 1, stop = 2 };
    alignas(64) std::atomic<int> phase{warmup};
    std::unique_ptr<window_slot[]> slots;
    // A pinned scenario's CPUs: thread t runs on pin_cpus[t % size] (empty:
    // where the scheduler puts it). Set before run_window.
    std::vector<int> pin_cpus;
    std::atomic<int> pin_refused{0};  // threads the kernel would not pin

    // relaxed: a stop hint; joins (or scenario_thread_end's release) order the results.
    bool stopping() const noexcept { return phase.load(std::memory_order_relaxed) == stop; }
    // relaxed: sampling starts whenever a thread sees the window open.
    bool measuring() const noexcept { return phase.load(std::memory_order_relaxed) == measure; }

    // Publishes a thread's progress for the main thread's snapshots.
    void count(int t, std::uint64_t ops) noexcept {
        auto& me = slots[static_cast<std::size_t>(t)];
        // relaxed: monotone counters read approximately at the window edges.
        me.ops.store(ops, std::memory_order_relaxed);
        me.futex_calls.store(seam_futex_calls(), std::memory_order_relaxed);  // relaxed: as above
        me.futex_waits.store(seam_futex_waits(), std::memory_order_relaxed);  // relaxed: as above
    }
};

struct window_result {
    double seconds = 0;
    process_usage used;                    // over the window
    std::vector<std::uint64_t> ops;        // per thread, over the window
    std::uint64_t futex_calls = 0;         // seam futex syscalls over the window, all threads
    std::uint64_t futex_waits = 0;         // of which waits (the rest are wakes)
    int stuck_threads = 0;                 // not stopped at the hard cap (ended)
    int leftover_threads = 0;              // earlier scenarios' stuck threads alive at the start
    std::vector<int> pin_cpus;             // the state's pin_cpus (empty: not pinned)
    int pin_refused = 0;                   // threads that could not be pinned
    double pair_round_trip_ns = 0;         // pinned to two CPUs: their probe just before (placement.hpp)
    bool joined() const { return stuck_threads == 0; }
};

// Runs s->body(t) on `threads` threads of our own: warm-up, window, stop,
// s->unblock(), drain (hard cap), join. The caller checks the state's
// invariants only when joined().
template <class State>
window_result run_window(const std::shared_ptr<State>& s, int threads) {
    using clock = std::chrono::steady_clock;
    const auto& cfg = settings();
    const auto n = static_cast<std::size_t>(threads);
    s->slots = std::make_unique<window_slot[]>(n);

    window_result r;
    const auto leftover_deadline = clock::now() + std::chrono::duration<double>(3 * cfg.duration_s);
    // relaxed: a count for this bounded wait, nothing more (see harness.hpp).
    while (live_bench_threads.load(std::memory_order_relaxed) > 0 && clock::now() < leftover_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    r.leftover_threads = live_bench_threads.load(std::memory_order_relaxed);  // relaxed: as above

    r.pin_cpus = s->pin_cpus;
    if (s->pin_cpus.size() == 2) r.pair_round_trip_ns = measure_placement(s->pin_cpus[0], s->pin_cpus[1]).round_trip_ns;

    const auto begin = clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        live_bench_threads.fetch_add(1, std::memory_order_relaxed);  // relaxed: as above
        pool.emplace_back([s, t] {
            auto& me = s->slots[static_cast<std::size_t>(t)];
            if (!s->pin_cpus.empty() && !pin_this_thread(s->pin_cpus[static_cast<std::size_t>(t) % s->pin_cpus.size()]))
                s->pin_refused.fetch_add(1, std::memory_order_relaxed);  // relaxed: read after the drain's joins
            scenario_thread_begin(me.thread);
            s->body(t);
            scenario_thread_end(me.thread);  // publishes what body() wrote (sums, histograms) to the drain
        });
    }
    auto snapshot = [&](std::vector<std::uint64_t>& ops, std::uint64_t& futex, std::uint64_t& waits) {
        futex = waits = 0;
        for (std::size_t i = 0; i < n; ++i) {
            // relaxed: monotone counters; the window edges are approximate by design.
            ops[i] = s->slots[i].ops.load(std::memory_order_relaxed);
            futex += s->slots[i].futex_calls.load(std::memory_order_relaxed);  // relaxed: as above
            waits += s->slots[i].futex_waits.load(std::memory_order_relaxed);  // relaxed: as above
        }
    };
    std::vector<std::uint64_t> ops0(n), ops1(n);
    std::uint64_t futex0 = 0, futex1 = 0, waits0 = 0, waits1 = 0;
    std::this_thread::sleep_until(begin + std::chrono::duration<double>(cfg.warmup_s));
    // relaxed: threads poll it (see window_state).
    s->phase.store(window_state::measure, std::memory_order_relaxed);
    const auto t0 = clock::now();
    const auto use0 = process_usage_now();
    snapshot(ops0, futex0, waits0);
    std::this_thread::sleep_until(t0 + std::chrono::duration<double>(cfg.duration_s));
    snapshot(ops1, futex1, waits1);
    const auto t1 = clock::now();
    const auto use1 = process_usage_now();
    // relaxed: a stop hint (see window_state); unblock() does what waking needs.
    s->phase.store(window_state::stop, std::memory_order_relaxed);
    s->unblock();

    auto slot_of = [&](std::size_t i) -> scenario_thread_slot& { return s->slots[i].thread; };
    r.stuck_threads = drain_threads(begin, cfg, [&] { return running_threads(n, slot_of); });
    if (r.stuck_threads > 0) r.stuck_threads = end_stuck_threads(n, slot_of);
    r.seconds = std::chrono::duration<double>(t1 - t0).count();
    r.used = {use1.cpu_s - use0.cpu_s, use1.voluntary_switches - use0.voluntary_switches,
              use1.involuntary_switches - use0.involuntary_switches};
    r.ops.resize(n);
    for (std::size_t i = 0; i < n; ++i) r.ops[i] = ops1[i] - ops0[i];
    r.futex_calls = futex1 - futex0;
    r.futex_waits = waits1 - waits0;
    // relaxed: each thread added before its body, which ended before the drain saw it end.
    r.pin_refused = s->pin_refused.load(std::memory_order_relaxed);
    if (r.joined()) {
        for (auto& th : pool) th.join();
    } else {
        for (auto& th : pool) th.detach();  // an ended thread is never joined; s is leaked with it
    }
    return r;
}

// What a window scenario reports: its operations are those of threads
// [counted_begin, counted_end) (e.g. the consumers), `ok` its invariant.
struct window_report {
    const char* op_name;        // "round_trip", "item", "round"
    int counted_begin, counted_end;
    futex_seam seam;
    bool ok = true;
    const char* failure = "";   // what went wrong when !ok
};

// Sets the manual time and the counters shared by every window scenario:
//   ops, ops_per_s, wall_ns_per_op, cpu_ns_per_op, vcsw_per_op, ivcsw_per_op,
//   futex_per_op and futex_wait_per_op (only where the seam sees every sleep),
//   jain (counted threads),
//   threads, check_ok, stuck_threads, leftover_threads;
//   pinned scenarios: pin_cpu_a, pin_cpu_b (the first two CPUs) and
//   pair_round_trip_ns (their probe); a pin the kernel refused fails the
//   scenario (it would have measured another placement under the pinned name).
void publish_window(benchmark::State& state, const window_result& r, const window_report& rep);

// One benchmarked semaphore or condition variable: its id, its concept and
// the scenario bodies, instantiated in the translation unit that knows the type.
// A scenario the concept lacks is left empty.
struct sync_entry {
    std::string id;
    std::function<void(benchmark::State&)> uncontended;            // semaphores
    std::function<void(benchmark::State&)> pingpong;               // both
    std::function<void(benchmark::State&, int pairs)> buffer;      // both
    std::function<void(benchmark::State&, int waiters)> notify_all;  // condvars
    unsigned max_threads = 0;  // the most threads it serves (0: any); scenarios above it are not registered
    bool serves(int threads) const { return max_threads == 0 || unsigned(threads) <= max_threads; }
};

// Spin budgets of the semaphore.futex / condvar.futex sweep (pauses before sleeping).
inline constexpr unsigned waiting_budgets[] = {0, 16, 100, 1000, 4000};

// Registers a scenario timed by its own window: one iteration, manual time, in ms.
void register_window_benchmark(const std::string& name, std::function<void(benchmark::State&)> fn);

// The scenarios semaphores and condition variables share, registered for
// every entry of a list (interleaved: every entry at one shape before the next):
//   SCENARIO/<id>                   the ping-pong (entry.pingpong)
//   SCENARIO/<id>/pairs:N           the buffer (entry.buffer), N in buffer_pairs
inline constexpr int buffer_pairs[] = {1, 2, 4};
void register_pingpong(const std::string& scenario, const std::vector<sync_entry>& entries);
void register_buffer(const std::string& scenario, const std::vector<sync_entry>& entries);

}  // namespace synclab::bench
