// The queue part of synclab_bench: the queue scenarios (queue_scenarios.hpp)
// registered for our queues and the peers, and the ids they cover.
// Interleaved: every queue at one shape before the next; an entry that allows
// one producer or one consumer (queue.spsc, boost::lockfree::spsc_queue) runs
// one pair only.
//
//   q_throughput/<id>/pairs:N   N in 1, 2, 4
//   q_roundtrip/<id>
//   q_regime/<id>/regime:R      R in queue_regimes (1P1C, every queue)
//   q_regime/<id>/regime:R/pin:K   pinned (K in pin_kinds, where the topology
//                               has the pair), the 1P1C-only queues
#include "concept_benchmarks.hpp"
#include "queue_scenarios.hpp"

#include <string>
#include <utility>
#include <vector>

namespace synclab::bench {

void register_queue_benchmarks() {
    auto queues = registry_queues();
    for (auto& e : peer_queues()) queues.push_back(std::move(e));
    for (int pairs : queue_pairs)
        for (const auto& e : queues) {
            if (unsigned(pairs) > e.max_producers || unsigned(pairs) > e.max_consumers) continue;
            auto fn = e.throughput;
            register_window_benchmark("q_throughput/" + e.id + "/pairs:" + std::to_string(pairs),
                                      [fn, pairs](benchmark::State& st) { fn(st, pairs); });
        }
    for (const auto& e : queues) register_window_benchmark("q_roundtrip/" + e.id, e.roundtrip);
    for (const queue_regime& r : queue_regimes)
        for (const auto& e : queues) {
            auto fn = e.regime;
            register_window_benchmark("q_regime/" + e.id + "/regime:" + r.name,
                                      [fn, &r](benchmark::State& st) { fn(st, r, cpu_pair{}); });
        }
    // Pinned: the queues made for one producer and one consumer, the SPSC
    // rings the regime table compares.
    for (const pin_kind kind : pin_kinds) {
        const cpu_pair pair = find_cpu_pair(kind);
        if (!pair.found()) continue;  // the JSON context says so (main.cpp)
        for (const queue_regime& r : queue_regimes)
            for (const auto& e : queues) {
                if (e.max_producers != 1 || e.max_consumers != 1) continue;
                auto fn = e.regime;
                register_window_benchmark("q_regime/" + e.id + "/regime:" + r.name + "/pin:" + pin_name(kind),
                                          [fn, &r, pair](benchmark::State& st) { fn(st, r, pair); });
            }
    }
}

std::vector<std::string> queue_peer_ids() {
    std::vector<std::string> out;
    for (const auto& e : peer_queues()) out.push_back(e.id);
    return out;
}

}  // namespace synclab::bench
