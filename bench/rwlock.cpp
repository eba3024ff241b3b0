// The reader-writer lock part of synclab_bench: the scenarios of
// rwlock_scenarios.hpp registered for our locks and the peers, interleaved
// (every lock at one shape before the next), and the ids they cover.
//
//   rw_uncontended_read/<id>, rw_uncontended_write/<id>
//   rw_mixed/<id>/reads:P/threads:N/cs:Kns   P in 100, 99, 90, 50; N in 1, 2,
//       4, 8 at 50 ns; at 90% reads and 8 threads also 1 and 2000 ns
#include "concept_benchmarks.hpp"
#include "rwlock_scenarios.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace synclab::bench {

void register_rwlock_benchmarks() {
    auto locks = registry_rwlocks();
    for (auto& e : peer_rwlocks()) locks.push_back(std::move(e));
    const double min_time = std::min(0.5, settings().duration_s);
    for (const auto& e : locks)
        benchmark::RegisterBenchmark(("rw_uncontended_read/" + e.id).c_str(), e.uncontended_read)->MinTime(min_time);
    for (const auto& e : locks)
        benchmark::RegisterBenchmark(("rw_uncontended_write/" + e.id).c_str(), e.uncontended_write)->MinTime(min_time);
    const auto add = [&](int reads, int threads, double cs) {
        for (const auto& e : locks) {
            if (e.max_threads != 0 && unsigned(threads) > e.max_threads) continue;
            auto fn = e.mixed;
            char cs_text[32];
            std::snprintf(cs_text, sizeof cs_text, "%g", cs);
            register_window_benchmark("rw_mixed/" + e.id + "/reads:" + std::to_string(reads) + "/threads:" +
                                          std::to_string(threads) + "/cs:" + cs_text + "ns",
                                      [fn, reads, threads, cs](benchmark::State& st) { fn(st, reads, threads, cs); });
        }
    };
    for (int reads : rw_read_shares)
        for (int threads : rw_threads) add(reads, threads, 50);
    for (double cs : rw_cs_ns)
        if (cs != 50) add(90, 8, cs);
}

std::vector<std::string> rwlock_peer_ids() {
    std::vector<std::string> out;
    for (const auto& e : peer_rwlocks()) out.push_back(e.id);
    return out;
}

}  // namespace synclab::bench
