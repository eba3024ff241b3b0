// The mutex part of synclab_bench: the mutex scenarios (mutex_scenarios.hpp)
// registered for our locks and the peers, and the ids they cover.
//
//   uncontended/<id>                                   ours, the peers and the floor
//   contended/<id>/threads:N/cs:Kns                    K in 1, 50, 2000; N in 1, 2, 4, 8, 16
//   hammer/<id>/threads:N/cs:1ns                       N in 2, 4, 8, 16; no work outside the lock
//   spin_sweep/mutex.futex/spin=S/threads:N/cs:Kns     K in 1, 50; N in 2, 4, 8
//   spin_hammer/mutex.futex/spin=S/threads:N/cs:1ns    N in 2, 4, 8
#include "concept_benchmarks.hpp"
#include "mutex_scenarios.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace synclab::bench {
namespace {

std::string cs_name(double ns) { return std::to_string(static_cast<long>(ns)) + "ns"; }

}  // namespace

void register_mutex_benchmarks() {
    std::vector<lock_entry> locks = registry_locks();
    for (auto* more : {&peers_std_absl, &peers_tbb_ck})
        for (auto& e : more()) locks.push_back(std::move(e));

    const double min_time = std::min(0.5, settings().duration_s);
    // The floor of the uncontended scenario (two locked read-modify-writes)
    // runs here too; it has no contended figures: a measuring stick, not a lock.
    for (const auto& list : {locks, floor_locks()})
        for (const auto& l : list)
            benchmark::RegisterBenchmark(("uncontended/" + l.id).c_str(), l.uncontended)->MinTime(min_time);

    // Contention sweep, interleaved: every lock at one shape before the next
    // shape, so a ratio compares figures taken close together in time.
    // outside_work false: lock; increment; unlock back to back (the hammer).
    auto add = [](const std::string& scenario, const lock_entry& l, int threads, double cs, bool outside_work) {
        if (l.max_threads != 0 && unsigned(threads) > l.max_threads) return;  // a lock for fewer threads
        const std::string name = scenario + "/" + l.id + "/threads:" + std::to_string(threads) + "/cs:" + cs_name(cs);
        const contended_params p{threads, cs, outside_work};
        auto fn = l.contended;
        benchmark::RegisterBenchmark(name.c_str(), [fn, p](benchmark::State& s) { fn(s, p); })
            ->Iterations(1)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    };
    for (double cs : {1.0, 50.0, 2000.0})
        for (int threads : {1, 2, 4, 8, 16})
            for (const auto& l : locks) add("contended", l, threads, cs, true);

    // Hammer: lock; increment; unlock back to back, no work outside the lock:
    // the shape of the simplest lock benchmarks, where the lock's own hand-off
    // cost is all there is to measure.
    for (int threads : {2, 4, 8, 16})
        for (const auto& l : locks) add("hammer", l, threads, 1.0, false);

    const auto variants = futex_spin_variants();
    for (double cs : {1.0, 50.0})
        for (int threads : {2, 4, 8})
            for (const auto& v : variants) add("spin_sweep", v, threads, cs, true);
    // And in the hammer's shape, where a spinner mostly finds the owner
    // re-taking the lock: the budget that wins with outside work need not win here.
    for (int threads : {2, 4, 8})
        for (const auto& v : variants) add("spin_hammer", v, threads, 1.0, false);
}

std::vector<std::string> mutex_peer_ids() {
    std::vector<std::string> out;
    for (auto* peers : {&peers_std_absl, &peers_tbb_ck, &floor_locks})
        for (const auto& e : peers()) out.push_back(e.id);
    return out;
}

}  // namespace synclab::bench
