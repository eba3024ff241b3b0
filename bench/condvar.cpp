// The condition-variable part of synclab_bench: the condition-variable
// scenarios (condvar_scenarios.hpp) registered for our condition variables and
// the peers, and the ids they cover.
//
//   cv_pingpong/<id>                ours and the peers, then the spin sweep
//   cv_buffer/<id>/pairs:N          N in 1, 2, 4: ours and the peers, then the spin sweep
//   cv_notify_all/<id>/waiters:8    ours and the peers
#include "concept_benchmarks.hpp"
#include "condvar_scenarios.hpp"

#include <string>
#include <utility>
#include <vector>

namespace synclab::bench {
namespace {

constexpr int notify_waiters = 8;

}  // namespace

void register_condvar_benchmarks() {
    // The registry default of the swept budget, which the report marks in the sweep.
    benchmark::AddCustomContext("synclab_condvar_futex_default_spin", condvar_futex_default_budget());
    auto cvs = registry_condvars();
    for (auto& e : peer_condvars()) cvs.push_back(std::move(e));

    register_pingpong("cv_pingpong", cvs);
    register_buffer("cv_buffer", cvs);
    for (const auto& e : cvs) {
        if (!e.serves(notify_waiters + 1)) continue;
        auto fn = e.notify_all;
        register_window_benchmark("cv_notify_all/" + e.id + "/waiters:" + std::to_string(notify_waiters),
                                  [fn](benchmark::State& st) { fn(st, notify_waiters); });
    }

    // The spin budget sweep, after the comparisons with peers.
    const auto sweep = condvar_spin_variants();
    register_pingpong("cv_pingpong", sweep);
    register_buffer("cv_buffer", sweep);
}

std::vector<std::string> condvar_peer_ids() {
    std::vector<std::string> out;
    for (const auto& e : peer_condvars()) out.push_back(e.id);
    return out;
}

}  // namespace synclab::bench
