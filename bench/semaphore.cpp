// The semaphore part of synclab_bench: the semaphore scenarios
// (semaphore_scenarios.hpp) registered for our semaphores and the peers, and
// the ids they cover.
//
//   sem_uncontended/<id>        ours and the peers
//   sem_pingpong/<id>           ours and the peers, then the spin sweep
//   sem_buffer/<id>/pairs:N     N in 1, 2, 4: ours and the peers, then the spin sweep
#include "concept_benchmarks.hpp"
#include "semaphore_scenarios.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace synclab::bench {

void register_semaphore_benchmarks() {
    // The registry default of the swept budget, which the report marks in the sweep.
    benchmark::AddCustomContext("synclab_semaphore_futex_default_spin", semaphore_futex_default_budget());
    auto sems = registry_semaphores();
    for (auto& e : peer_semaphores()) sems.push_back(std::move(e));

    const double min_time = std::min(0.5, settings().duration_s);
    for (const auto& e : sems)
        benchmark::RegisterBenchmark(("sem_uncontended/" + e.id).c_str(), e.uncontended)->MinTime(min_time);
    register_pingpong("sem_pingpong", sems);
    register_buffer("sem_buffer", sems);

    // The spin budget sweep, after the comparisons with peers.
    const auto sweep = semaphore_spin_variants();
    register_pingpong("sem_pingpong", sweep);
    register_buffer("sem_buffer", sweep);
}

std::vector<std::string> semaphore_peer_ids() {
    std::vector<std::string> out;
    for (const auto& e : peer_semaphores()) out.push_back(e.id);
    return out;
}

}  // namespace synclab::bench
