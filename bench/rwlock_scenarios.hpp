// The reader-writer lock scenarios, as templates over the lock type, included
// by the translation units that instantiate them (rwlock_ours.cpp,
// rwlock_peers.cpp); the lists those units define, which rwlock.cpp
// registers. On the fixed-window runner of sync_harness.hpp:
//
//   rw_uncontended_read/<id>    one thread, lock_shared + unlock_shared (Google
//                               Benchmark's own loop)
//   rw_uncontended_write/<id>   one thread, lock + unlock
//   rw_mixed/<id>/reads:P/threads:N/cs:Kns   N threads; each operation is a
//       read (lock_shared, read the protected data for K ns, unlock_shared)
//       with probability P percent, else a write (lock, update it for K ns,
//       unlock); between operations work outside the lock (local_work_ns, as
//       the mutex scenarios). Counted: operations per second (all threads),
//       reads and writes per thread (Jain's index per role), and every 16th
//       wait per role timed (the tail: p99 and the longest, per role).
//
// A reader reads the data twice and checks it did not change, and the
// writers' updates are counted against the data: a broken lock fails the
// scenario (check_ok 0).
//
// An entry adapts a lock to: lock, unlock, lock_shared, unlock_shared.
#pragma once

#include "sync_harness.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace synclab::bench {

inline constexpr int rw_read_shares[] = {100, 99, 90, 50};
inline constexpr int rw_threads[] = {1, 2, 4, 8};
inline constexpr double rw_cs_ns[] = {1, 50, 2000};

// One benchmarked lock: its id and the scenario bodies, instantiated in the
// translation unit that knows the type.
struct rwlock_entry {
    std::string id;
    std::function<void(benchmark::State&)> uncontended_read;
    std::function<void(benchmark::State&)> uncontended_write;
    std::function<void(benchmark::State&, int reads_percent, int threads, double cs_ns)> mixed;
    unsigned max_threads = 0;  // 0: any
};

template <class L>
void run_rw_uncontended_read(benchmark::State& state) {
    auto lock = std::make_unique<L>();
    for (auto _ : state) {
        lock->lock_shared();
        benchmark::ClobberMemory();
        lock->unlock_shared();
    }
}

template <class L>
void run_rw_uncontended_write(benchmark::State& state) {
    auto lock = std::make_unique<L>();
    for (auto _ : state) {
        lock->lock();
        benchmark::ClobberMemory();
        lock->unlock();
    }
}

template <class L>
struct rw_mixed_state : window_state {
    struct alignas(line_pair) role_tally {
        std::uint64_t reads = 0, writes = 0;  // in the window; written by its thread, read after the drain
        wait_histogram read_waits, write_waits;
    };
    explicit rw_mixed_state(int threads) : tallies(static_cast<std::size_t>(threads)) {}

    alignas(line_pair) L lock;
    alignas(line_pair) std::uint64_t data = 0;      // protected: writers add, readers read
    std::vector<role_tally> tallies;
    unsigned reads_per_256 = 256, out_steps = 0, cs_steps = 0;
    std::atomic<bool> broken{false};

    void body(int t) {
        role_tally& me = tallies[static_cast<std::size_t>(t)];
        std::uint64_t rng = 0x9e3779b97f4a7c15ull * (static_cast<std::uint64_t>(t) + 1), local = 1, n = 0;
        while (!stopping()) {
            local = busy_work(local, out_steps);
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            const bool read = (rng & 255) < reads_per_256;
            const bool in_window = measuring();
            const bool sample = in_window && (n & 15) == 0;
            std::chrono::steady_clock::time_point t0, t1;
            if (sample) t0 = std::chrono::steady_clock::now();
            if (read) {
                lock.lock_shared();
                if (sample) t1 = std::chrono::steady_clock::now();
                const std::uint64_t seen = data;
                local = busy_work(local + seen, cs_steps);
                // relaxed: a verdict read after the joins.
                if (data != seen) broken.store(true, std::memory_order_relaxed);
                lock.unlock_shared();
                if (in_window) ++me.reads;
                if (sample) me.read_waits.add(static_cast<std::uint64_t>((t1 - t0).count()));
            } else {
                lock.lock();
                if (sample) t1 = std::chrono::steady_clock::now();
                data = busy_work(data, cs_steps) | 1;
                lock.unlock();
                if (in_window) ++me.writes;
                if (sample) me.write_waits.add(static_cast<std::uint64_t>((t1 - t0).count()));
            }
            count(t, ++n);
        }
        benchmark::DoNotOptimize(local);
    }
    void unblock() {}
};

// Jain's index of a role's per-thread counts (1: equal shares); 0 with none.
inline double jain_of(const std::vector<double>& xs) {
    double sum = 0, sq = 0;
    for (double x : xs) {
        sum += x;
        sq += x * x;
    }
    return sq > 0 ? sum * sum / (static_cast<double>(xs.size()) * sq) : 0;
}

template <class L>
void run_rw_mixed(benchmark::State& state, int reads_percent, int threads, double cs_ns) {
    window_result r;
    std::shared_ptr<rw_mixed_state<L>> s;
    for (auto _ : state) {
        s = std::make_shared<rw_mixed_state<L>>(threads);
        s->reads_per_256 = static_cast<unsigned>(reads_percent * 256 / 100);
        s->out_steps = busy_steps_for(local_work_ns(threads));
        s->cs_steps = busy_steps_for(cs_ns);
        r = run_window(s, threads);
    }
    // relaxed: after the joins.
    const bool ok = r.joined() && !s->broken.load(std::memory_order_relaxed);
    publish_window(state, r, {"op", 0, threads, futex_seam::unobservable, ok,
                              "a reader saw the data change under it: the lock let a writer in beside it"});
    if (!r.joined()) return;
    std::vector<double> reads, writes;
    wait_histogram read_waits, write_waits;
    for (const auto& tally : s->tallies) {
        reads.push_back(static_cast<double>(tally.reads));
        writes.push_back(static_cast<double>(tally.writes));
        read_waits.merge(tally.read_waits);
        write_waits.merge(tally.write_waits);
    }
    double total_reads = 0, total_writes = 0;
    for (double x : reads) total_reads += x;
    for (double x : writes) total_writes += x;
    state.counters["reads_per_s"] = r.seconds > 0 ? total_reads / r.seconds : 0;
    state.counters["writes_per_s"] = r.seconds > 0 ? total_writes / r.seconds : 0;
    state.counters["jain_readers"] = jain_of(reads);
    state.counters["jain_writers"] = jain_of(writes);
    state.counters["read_wait_p99_ns"] = static_cast<double>(read_waits.quantile(0.99));
    state.counters["read_wait_max_ns"] = static_cast<double>(read_waits.max);
    state.counters["write_wait_p99_ns"] = static_cast<double>(write_waits.quantile(0.99));
    state.counters["write_wait_max_ns"] = static_cast<double>(write_waits.max);
}

template <class L>
rwlock_entry make_rwlock_entry(std::string id) {
    rwlock_entry e;
    e.id = std::move(id);
    e.uncontended_read = [](benchmark::State& st) { run_rw_uncontended_read<L>(st); };
    e.uncontended_write = [](benchmark::State& st) { run_rw_uncontended_write<L>(st); };
    e.mixed = [](benchmark::State& st, int reads, int threads, double cs) { run_rw_mixed<L>(st, reads, threads, cs); };
    return e;
}

// The lists (rwlock_ours.cpp, rwlock_peers.cpp).
std::vector<rwlock_entry> registry_rwlocks();
std::vector<rwlock_entry> peer_rwlocks();

}  // namespace synclab::bench
