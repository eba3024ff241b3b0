// What every concept's scenarios share (settings, calibrated busy work, the
// wait-time histogram, the count of our threads still alive), and the shape a
// lock plugs into. A lock is benchmarked through one adapter shape: a
// default-constructible Lockable (lock()/unlock()). Registry entries already
// are; peers get a small adapter (see mutex_peers_*.cpp).
//
// Mutex scenarios (mutex_scenarios.hpp):
//   uncontended/<id>                      one thread, lock+unlock, Google Benchmark's own loop
//   contended/<id>/threads:N/cs:Kns       N threads of our own for a fixed duration
//   spin_sweep/mutex.futex/spin=S/threads:N/cs:Kns   the same shape, futex spin budget S
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace synclab::bench {

// Knobs set from the command line before any benchmark runs.
struct config {
    double duration_s = 0.5;  // measured window of one contended scenario
    double warmup_s = 0.1;    // not counted, before the window
};
config& settings();

// Calibrated busy work: a dependent chain of multiply-adds the compiler cannot
// shorten. steps_for(ns) gives the step count that takes about ns nanoseconds.
std::uint64_t busy_work(std::uint64_t x, unsigned steps);
void calibrate_busy_work();
unsigned busy_steps_for(double ns);
double busy_ns_per_step();

// Work outside the lock between acquisitions: 100 ns x min(threads, cores).
double local_work_ns(int threads);

// The end of a windowed scenario, after its stop signal: waits until
// running() (how many of its threads have not finished) is 0, polling every
// 0.5 ms, or until the hard cap, 3x the duration from the scenario's start
// `begin` (at least warm-up + window + 0.3 s: a collapsed FIFO spin lock
// needs a scheduler tick per hand-off). A thread that finishes is progress:
// the cap moves to at least that moment plus the same patience, so a convoy
// that drains one thread at a time on a loaded machine (16 spinners on 2
// cores share them with whatever else runs) is slow, not stuck, while
// threads that never finish still are. Returns how many still run at the
// cap: the scenario reports them as stuck.
template <class Running>
int drain_threads(std::chrono::steady_clock::time_point begin, const config& cfg, Running running) {
    const auto patience = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(std::max(3 * cfg.duration_s, cfg.warmup_s + cfg.duration_s + 0.3)));
    auto cap = begin + patience;
    int last = running();
    for (;;) {
        const int left = running();
        if (left == 0) return 0;
        const auto now = std::chrono::steady_clock::now();
        if (left < last) {
            last = left;
            cap = std::max(cap, now + patience);
        }
        if (now >= cap) return left;
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
}

// Wait-time histogram, log-linear: 16 sub-buckets per power of two (~6%
// resolution), so every sample is kept without memory growth.
struct wait_histogram {
    static constexpr int sub_bits = 4, sub = 1 << sub_bits, buckets = sub + (64 - sub_bits) * sub;
    std::array<std::uint64_t, buckets> count{};
    std::uint64_t max = 0, samples = 0;

    static int index(std::uint64_t v) {
        if (v < sub) return static_cast<int>(v);
        const int e = 63 - std::countl_zero(v);
        return sub + (e - sub_bits) * sub + static_cast<int>((v >> (e - sub_bits)) & (sub - 1));
    }
    static std::uint64_t lower_bound(int i) {
        if (i < sub) return static_cast<std::uint64_t>(i);
        const int e = (i - sub) / sub + sub_bits, m = (i - sub) % sub;
        return (std::uint64_t{1} << e) + (static_cast<std::uint64_t>(m) << (e - sub_bits));
    }
    void add(std::uint64_t v) {
        ++count[static_cast<std::size_t>(index(v))];
        ++samples;
        if (v > max) max = v;
    }
    void merge(const wait_histogram& o) {
        for (int i = 0; i < buckets; ++i) count[static_cast<std::size_t>(i)] += o.count[static_cast<std::size_t>(i)];
        samples += o.samples;
        if (o.max > max) max = o.max;
    }
    std::uint64_t quantile(double q) const {
        if (samples == 0) return 0;
        const auto target = static_cast<std::uint64_t>(q * static_cast<double>(samples - 1)) + 1;
        std::uint64_t seen = 0;
        for (int i = 0; i < buckets; ++i) {
            seen += count[static_cast<std::size_t>(i)];
            if (seen >= target) return std::min(lower_bound(i), max);
        }
        return max;
    }
};

// Threads of our scenarios still alive: the next scenario waits for them
// (bounded) and reports any that remain as leftover_threads. Since stuck
// threads are ended (below), it is 0 at every scenario's start in practice.
inline std::atomic<int> live_bench_threads{0};

// No thread outlives its scenario. A thread that has not stopped by the
// scenario's hard cap is blocked or spinning inside the primitive (a lost
// wake-up, a deadlock, a lock that never hands over) and cannot be asked to
// leave: the scenario fails, and the thread is ended where it stands.
//
// Each thread's slot goes   running --(the thread, at its end)--> finished
//                           running --(the main thread, at the cap)--> ending --(signal)--> ended
// and whichever side wins the one compare-exchange out of `running` decides:
// a thread that finds `ending` waits for the signal. The signal's handler
// leaves the thread with the exit system call, which ends that one thread
// without unwinding (the primitives' functions are noexcept, so an exception
// or pthread_exit would terminate the process). The thread's stack and the
// scenario's shared state are leaked, never freed under a thread still in
// them. The cost: an ended thread holding a lock of the C library (it was
// stuck inside malloc, say) would leave that lock held; the threads here are
// stuck in the primitive's loop or its futex wait.
struct scenario_thread_slot {
    enum : int { running = 0, finished = 1, ending = 2, ended = 3 };
    std::atomic<int> state{running};
    std::atomic<int> tid{0};  // the kernel's thread id, for the signal
};

// Called by a scenario thread first thing: publishes its id.
void scenario_thread_begin(scenario_thread_slot& me) noexcept;
// Called by a scenario thread last thing: running -> finished, which publishes
// what the thread wrote (release), and live_bench_threads counts it out; or,
// if the main thread has already given up on it, waits for the signal that
// ends it.
void scenario_thread_end(scenario_thread_slot& me) noexcept;
// How many of slot(0) .. slot(n-1) are still running: the drain's question.
template <class SlotAt>
int running_threads(std::size_t n, SlotAt slot) {
    int running = 0;
    // acquire: pairs with the acq_rel compare-exchange in scenario_thread_end(),
    // so a finished thread's results are visible here.
    for (std::size_t i = 0; i < n; ++i)
        running += slot(i).state.load(std::memory_order_acquire) == scenario_thread_slot::running;
    return running;
}
// One slot: running -> ending and the signal; false if the thread had finished.
bool end_if_running(scenario_thread_slot& s) noexcept;
// Waits until an ending thread has gone (ended), or until `until`.
bool wait_ended(const scenario_thread_slot& s, std::chrono::steady_clock::time_point until) noexcept;
// The main thread, once the hard cap has passed: ends every thread of
// slot(0) .. slot(n-1) still running and waits (at most a second) until each
// has gone. Returns how many it ended: 0 means they all finished after all,
// and may be joined.
template <class SlotAt>
int end_stuck_threads(std::size_t n, SlotAt slot) {
    int ended = 0;
    for (std::size_t i = 0; i < n; ++i) ended += end_if_running(slot(i));
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (std::size_t i = 0; i < n; ++i) wait_ended(slot(i), until);
    return ended;
}

// What a scenario that ended stuck threads says (its error, in the JSON).
std::string stuck_message(int stuck, const char* what);

// Whether the seam's futex counter is the whole story for an implementation.
enum class futex_seam {
    unobservable,  // sleeps outside the seam (std-based, peers): no count published
    exact,         // never sleeps: the seam count (0) is exact
    observable,    // sleeps through the seam: the count is exact
};

// Parameters of one contended run.
struct contended_params {
    int threads;
    double cs_ns;               // nominal critical-section length
    bool outside_work = true;   // false: lock; increment; unlock back to back ("hammer")
};

// Results of one contended run, as benchmark counters.
struct contended_result {
    double seconds = 0;             // measured window
    std::vector<std::uint64_t> per_thread;
    std::uint64_t p99_wait_ns = 0, max_wait_ns = 0;
    double cpu_s = 0;               // process CPU time in the window
    // Futex syscalls through the native seam while each thread saw the window
    // open, and that thread's acquisitions meanwhile: what sleeping costs.
    std::uint64_t seam_acquisitions = 0, futex_waits = 0, futex_wakes = 0;
    futex_seam seam = futex_seam::unobservable;
    bool exclusion_ok = true;       // protected counter matched the acquisitions
    int stuck_threads = 0;          // threads that had not stopped at the hard cap
    int leftover_threads = 0;       // earlier scenarios' stuck threads still running at the start
};

void publish(benchmark::State& state, const contended_params& p, const contended_result& r);

// One benchmarked lock: its id and the two scenario bodies, instantiated in
// the translation unit that knows the lock type.
struct lock_entry {
    std::string id;
    std::function<void(benchmark::State&)> uncontended;
    std::function<void(benchmark::State&, const contended_params&)> contended;
    unsigned max_threads = 0;  // the most threads it serves (0: any); scenarios above it are not registered
};

}  // namespace synclab::bench
