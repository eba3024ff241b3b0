// The non-template part of the fixed-window scenarios: turning a window into
// benchmark counters, and registering the scenarios semaphores and condition
// variables share.
#include "sync_harness.hpp"

#include <cstdio>
#include <string>
#include <utility>

namespace synclab::bench {

void publish_window(benchmark::State& state, const window_result& r, const window_report& rep) {
    double ops = 0, sum_sq = 0;
    const int counted = rep.counted_end - rep.counted_begin;
    for (int t = rep.counted_begin; t < rep.counted_end; ++t) {
        const auto c = static_cast<double>(r.ops[static_cast<std::size_t>(t)]);
        ops += c;
        sum_sq += c * c;
    }
    auto per_op = [&](double x) { return ops > 0 ? x / ops : 0; };
    state.SetIterationTime(r.seconds);
    state.counters["threads"] = static_cast<double>(r.ops.size());
    state.counters["ops"] = ops;
    state.counters["ops_per_s"] = r.seconds > 0 ? ops / r.seconds : 0;
    state.counters["wall_ns_per_op"] = per_op(r.seconds * 1e9);
    state.counters["cpu_ns_per_op"] = per_op(r.used.cpu_s * 1e9);
    state.counters["vcsw_per_op"] = per_op(r.used.voluntary_switches);
    state.counters["ivcsw_per_op"] = per_op(r.used.involuntary_switches);
    if (rep.seam != futex_seam::unobservable) {
        state.counters["futex_per_op"] = per_op(static_cast<double>(r.futex_calls));
        state.counters["futex_wait_per_op"] = per_op(static_cast<double>(r.futex_waits));
    }
    // Jain's index over the counting threads: 1 = equal shares, 1/n = one did all.
    state.counters["jain"] = sum_sq > 0 ? ops * ops / (counted * sum_sq) : 0;
    state.counters["check_ok"] = rep.ok && r.joined() ? 1 : 0;
    state.counters["stuck_threads"] = r.stuck_threads;
    state.counters["leftover_threads"] = r.leftover_threads;
    if (!r.pin_cpus.empty()) {
        state.counters["pin_cpu_a"] = r.pin_cpus[0];
        state.counters["pin_cpu_b"] = r.pin_cpus.size() > 1 ? r.pin_cpus[1] : r.pin_cpus[0];
        if (r.pair_round_trip_ns > 0) state.counters["pair_round_trip_ns"] = r.pair_round_trip_ns;
    }
    if (r.pin_refused > 0)
        state.SkipWithError((std::to_string(r.pin_refused) + " threads could not be pinned to their CPUs").c_str());
    else if (r.stuck_threads > 0)
        state.SkipWithError(stuck_message(r.stuck_threads, "in the primitive").c_str());
    else if (!rep.ok)
        state.SkipWithError(rep.failure);
}

void register_window_benchmark(const std::string& name, std::function<void(benchmark::State&)> fn) {
    benchmark::RegisterBenchmark(name.c_str(), std::move(fn))
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
}

void register_pingpong(const std::string& scenario, const std::vector<sync_entry>& entries) {
    for (const auto& e : entries)
        if (e.serves(2)) register_window_benchmark(scenario + "/" + e.id, e.pingpong);
}

void register_buffer(const std::string& scenario, const std::vector<sync_entry>& entries) {
    for (int pairs : buffer_pairs)
        for (const auto& e : entries) {
            if (!e.serves(2 * pairs)) continue;
            auto fn = e.buffer;
            register_window_benchmark(scenario + "/" + e.id + "/pairs:" + std::to_string(pairs),
                                      [fn, pairs](benchmark::State& st) { fn(st, pairs); });
        }
}

}  // namespace synclab::bench
