// The scenario code every lock plugs into. A lock is benchmarked through one
// adapter shape: a default-constructible Lockable (lock()/unlock()). Registry
// entries already are; peers get a small adapter (see locks_*.cpp).
//
// Scenarios:
//   uncontended/<id>                      one thread, lock+unlock, Google Benchmark's own loop
//   contended/<id>/threads:N/cs:Kns       N threads of our own for a fixed duration
//   spin_sweep/mutex.futex/spin=S/threads:N/cs:Kns   the same shape, futex spin budget S
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <string>
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
};

}  // namespace synclab::bench
