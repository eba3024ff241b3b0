// The mutex scenarios: the two scenario bodies, as templates over the lock
// type, included by the translation units that instantiate them for their
// locks (mutex_ours.cpp, mutex_peers_*.cpp); and the lists of locks those
// units define, which mutex.cpp registers.
#pragma once

#include "harness.hpp"

#include "primitives/platform/native.hpp"

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace synclab::bench {

// Uncontended: one thread, lock+unlock, Google Benchmark's own iteration loop.
template <class Lock>
void run_uncontended(benchmark::State& state) {
    auto lock = std::make_unique<Lock>();
    for (auto _ : state) {
        lock->lock();
        benchmark::ClobberMemory();
        lock->unlock();
    }
}

// Contended: threads of our own for a fixed duration, after a warm-up.
//
// Each thread loops: [stop check] local work -> lock() -> critical section ...
// Local work is 100 ns x min(threads, cores): abseil's BM_Contended scales it
// with the threads to keep the local:critical ratio of the threads that run at
// once constant; past the core count no more threads run at once, so scaling
// further would only measure the busy work (every lock then ties, CPU-bound).
// The critical section works on protected data; then unlock() -> count. Every
// 16th acquisition during the window is timed from the lock() call to its return.
// The main thread snapshots the per-thread counters and process CPU time at the
// start and end of the window, so the window is exact however the threads run.
// The stop flag is read outside the lock; a thread still waiting when the
// window ends stops after it gets the lock. Threads that have not stopped by
// the hard cap (drain_threads) are ended (scenario_thread_slot in harness.hpp)
// and the scenario fails with stuck_threads instead of hanging.
template <class Lock>
struct contended_state {
    enum : int { warmup = 0, measure = 1, stop = 2 };
    struct alignas(64) slot {
        std::atomic<std::uint64_t> count{0};
        scenario_thread_slot thread;  // finished, or ended if stuck at the hard cap
        wait_histogram waits;  // written by its thread, read once it has finished
        std::uint64_t window_acquisitions = 0, futex_waits = 0, futex_wakes = 0;  // likewise
    };
    alignas(64) Lock lock;
    alignas(64) std::uint64_t guarded_count = 0;  // protected by lock
    std::uint64_t guarded_value = 1;               // protected by lock
    alignas(64) std::atomic<int> phase{warmup};
    std::unique_ptr<slot[]> slots;
    unsigned out_steps = 0, cs_steps = 0;

    void body(int t) {
        slot& me = slots[static_cast<std::size_t>(t)];
        scenario_thread_begin(me.thread);
        std::uint64_t local = static_cast<std::uint64_t>(t) + 1, n = 0;
        // This thread's seam futex counts and acquisitions when it first saw the window open.
        const auto& seam = platform::this_thread_stats();
        std::uint64_t n0 = 0, waits0 = 0, wakes0 = 0;
        bool in_window = false;
        for (;;) {
            // relaxed: a stop hint; the join (or scenario_thread_end's release) orders the results.
            const int ph = phase.load(std::memory_order_relaxed);
            if (ph == stop) break;
            if (ph == measure && !in_window) {
                in_window = true;
                n0 = n;
                waits0 = seam.futex_waits;
                wakes0 = seam.futex_wakes;
            }
            local = busy_work(local, out_steps);
            const bool sample = ph == measure && (n & 15) == 0;
            std::chrono::steady_clock::time_point t0, t1;
            if (sample) t0 = std::chrono::steady_clock::now();
            lock.lock();
            if (sample) t1 = std::chrono::steady_clock::now();
            ++guarded_count;
            guarded_value = busy_work(guarded_value, cs_steps);
            lock.unlock();
            if (sample) me.waits.add(static_cast<std::uint64_t>((t1 - t0).count()));
            // relaxed: the main thread only needs a recent value for its snapshot.
            me.count.store(++n, std::memory_order_relaxed);
        }
        benchmark::DoNotOptimize(local);
        if (in_window) {
            me.window_acquisitions = n - n0;
            me.futex_waits = seam.futex_waits - waits0;
            me.futex_wakes = seam.futex_wakes - wakes0;
        }
        scenario_thread_end(me.thread);  // publishes waits and count to the drain
    }
};

inline double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

template <class Lock>
contended_result measure_contended(const contended_params& p) {
    using clock = std::chrono::steady_clock;
    using S = contended_state<Lock>;
    const auto& cfg = settings();
    auto s = std::make_shared<S>();
    const auto n = static_cast<std::size_t>(p.threads);
    s->slots = std::make_unique<typename S::slot[]>(n);
    s->out_steps = p.outside_work ? busy_steps_for(local_work_ns(p.threads)) : 0;
    s->cs_steps = busy_steps_for(p.cs_ns);

    contended_result r;
    // Leftovers from a collapsed scenario: wait for them, at most 3x the duration.
    const auto leftover_deadline = clock::now() + std::chrono::duration<double>(3 * cfg.duration_s);
    // relaxed: see body().
    while (live_bench_threads.load(std::memory_order_relaxed) > 0 && clock::now() < leftover_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    r.leftover_threads = live_bench_threads.load(std::memory_order_relaxed);

    const auto begin = clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < p.threads; ++t) {
        live_bench_threads.fetch_add(1, std::memory_order_relaxed);  // relaxed: see body()
        threads.emplace_back([s, t] { s->body(t); });
    }

    auto snapshot = [&](std::vector<std::uint64_t>& out) {
        // relaxed: counters are monotone; the window edges are approximate by design.
        for (std::size_t i = 0; i < n; ++i) out[i] = s->slots[i].count.load(std::memory_order_relaxed);
    };
    std::vector<std::uint64_t> c0(n), c1(n);
    std::this_thread::sleep_until(begin + std::chrono::duration<double>(cfg.warmup_s));
    // relaxed: threads poll it; sampling starts whenever they see it.
    s->phase.store(S::measure, std::memory_order_relaxed);
    const auto t0 = clock::now();
    const double cpu0 = cpu_seconds();
    snapshot(c0);
    std::this_thread::sleep_until(t0 + std::chrono::duration<double>(cfg.duration_s));
    snapshot(c1);
    const auto t1 = clock::now();
    const double cpu1 = cpu_seconds();
    // relaxed: a stop hint (see body()).
    s->phase.store(S::stop, std::memory_order_relaxed);

    // Drain: each thread stops after at most one more acquisition.
    auto slot_of = [&](std::size_t i) -> scenario_thread_slot& { return s->slots[i].thread; };
    r.stuck_threads = drain_threads(begin, cfg, [&] { return running_threads(n, slot_of); });
    if (r.stuck_threads > 0) r.stuck_threads = end_stuck_threads(n, slot_of);
    r.seconds = std::chrono::duration<double>(t1 - t0).count();
    r.cpu_s = cpu1 - cpu0;
    r.per_thread.resize(n);
    for (std::size_t i = 0; i < n; ++i) r.per_thread[i] = c1[i] - c0[i];
    if (r.stuck_threads > 0) {
        for (auto& th : threads) th.detach();  // an ended thread is never joined; s is leaked with it
    } else {
        wait_histogram all;
        std::uint64_t finished = 0;
        for (auto& th : threads) th.join();
        for (std::size_t i = 0; i < n; ++i) {
            all.merge(s->slots[i].waits);
            r.seam_acquisitions += s->slots[i].window_acquisitions;
            r.futex_waits += s->slots[i].futex_waits;
            r.futex_wakes += s->slots[i].futex_wakes;
            // relaxed: after join.
            finished += s->slots[i].count.load(std::memory_order_relaxed);
        }
        r.exclusion_ok = s->guarded_count == finished;
        r.p99_wait_ns = all.quantile(0.99);
        r.max_wait_ns = all.max;
    }
    return r;
}

template <class Lock>
void run_contended(benchmark::State& state, const contended_params& p, futex_seam seam) {
    contended_result r;
    for (auto _ : state) r = measure_contended<Lock>(p);
    r.seam = seam;
    publish(state, p, r);
}

// Whether Lock's waiters sleep through the seam: a waiter blocks behind a
// holder for 20 ms; if the seam saw it make a futex wait, it sees every sleep
// of Lock. Once per type.
template <class Lock>
bool lock_sleeps_in_seam() {
    static const bool in_seam = [] {
        auto lock = std::make_unique<Lock>();
        lock->lock();
        std::atomic<bool> waiting{false};
        std::uint64_t waits = 0;
        std::thread waiter([&] {
            const auto before = platform::this_thread_stats().futex_waits;
            // release: pairs with the acquire load below; only a hint to start the clock.
            waiting.store(true, std::memory_order_release);
            lock->lock();
            waits = platform::this_thread_stats().futex_waits - before;
            lock->unlock();
        });
        // acquire: pairs with the release store above.
        while (!waiting.load(std::memory_order_acquire)) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        lock->unlock();
        waiter.join();
        return waits > 0;
    }();
    return in_seam;
}

// How a lock's futex syscalls are seen: a peer's (ours_sleeps empty) happen
// outside the seam; ours are exact when the registry says they never sleep,
// else as the probe above finds at the first contended run (mutex.std sleeps in glibc).
template <class Lock>
futex_seam lock_seam(std::optional<bool> ours_sleeps) {
    if (!ours_sleeps) return futex_seam::unobservable;
    if (!*ours_sleeps) return futex_seam::exact;
    return lock_sleeps_in_seam<Lock>() ? futex_seam::observable : futex_seam::unobservable;
}

template <class Lock>
lock_entry make_entry(std::string id, std::optional<bool> ours_sleeps = std::nullopt) {
    return lock_entry{std::move(id), &run_uncontended<Lock>,
                      [ours_sleeps](benchmark::State& state, const contended_params& p) {
                          run_contended<Lock>(state, p, lock_seam<Lock>(ours_sleeps));
                      }};
}

// The lists (mutex_ours.cpp, mutex_peers_*.cpp).
std::vector<lock_entry> registry_locks();        // one per mutex_registry entry, id = registry id
std::vector<unsigned> futex_spin_budgets();      // 0, 16, 100, 1000
std::vector<lock_entry> futex_spin_variants();   // "mutex.futex/spin=S"
std::vector<lock_entry> peers_std_absl();        // std::mutex, pthread, absl::Mutex x2, the minimal Drepper mutex
std::vector<lock_entry> peers_tbb_ck();          // tbb x3, ck ticket and mcs
std::vector<lock_entry> floor_locks();           // peer.floor_two_rmw: uncontended only

}  // namespace synclab::bench
