// The non-template parts of the scenario code: settings, busy work and its
// calibration, and turning a contended run into benchmark counters.
#include "harness.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

namespace synclab::bench {

config& settings() {
    static config c;
    return c;
}

std::uint64_t busy_work(std::uint64_t x, unsigned steps) {
    for (unsigned i = 0; i < steps; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        asm volatile("" : "+r"(x));  // keeps every step: no unrolling into a closed form
    }
    return x;
}

namespace {
double g_ns_per_step = 1.0;
}

void calibrate_busy_work() {
    // Best of several timed runs of a long chain: the machine is shared, the
    // fastest run is the one least disturbed.
    constexpr unsigned steps = 2'000'000;
    double best = 1e300;
    std::uint64_t x = 1;
    for (int run = 0; run < 7; ++run) {
        auto t0 = std::chrono::steady_clock::now();
        x = busy_work(x, steps);
        auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
    benchmark::DoNotOptimize(x);
    g_ns_per_step = best / steps;
}

double busy_ns_per_step() { return g_ns_per_step; }

double local_work_ns(int threads) {
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    return 100.0 * std::min(threads, cores);
}

unsigned busy_steps_for(double ns) {
    if (ns <= 1.5) return 0;  // "about 1 ns": the protected increment alone
    return static_cast<unsigned>(std::lround(ns / g_ns_per_step));
}

void publish(benchmark::State& state, const contended_params& p, const contended_result& r) {
    double total = 0, sum_sq = 0;
    std::uint64_t mx = 0, mn = UINT64_MAX;
    int starved = 0;
    for (auto c : r.per_thread) {
        total += static_cast<double>(c);
        sum_sq += static_cast<double>(c) * static_cast<double>(c);
        mx = std::max(mx, c);
        mn = std::min(mn, c);
        starved += c == 0;
    }
    const double n = static_cast<double>(r.per_thread.size());
    // Jain's index: 1 when every thread got the same share, 1/n when one got all.
    const double jain = sum_sq > 0 ? total * total / (n * sum_sq) : 0;
    state.SetIterationTime(r.seconds);
    state.counters["threads"] = p.threads;
    state.counters["cs_ns"] = p.cs_ns;
    state.counters["acquisitions"] = total;
    state.counters["throughput"] = r.seconds > 0 ? total / r.seconds : 0;
    state.counters["jain"] = jain;
    state.counters["max_min"] = static_cast<double>(mx) / static_cast<double>(std::max<std::uint64_t>(mn, 1));
    state.counters["starved_threads"] = starved;
    state.counters["p99_wait_ns"] = static_cast<double>(r.p99_wait_ns);
    state.counters["max_wait_ns"] = static_cast<double>(r.max_wait_ns);
    state.counters["cpu_ns_per_acq"] = total > 0 ? r.cpu_s * 1e9 / total : 0;
    if (r.seam != futex_seam::unobservable) {
        const auto per_acq = [&](std::uint64_t x) {
            return r.seam_acquisitions ? static_cast<double>(x) / static_cast<double>(r.seam_acquisitions) : 0.0;
        };
        state.counters["futex_wait_per_acq"] = per_acq(r.futex_waits);
        state.counters["futex_wake_per_acq"] = per_acq(r.futex_wakes);
    }
    state.counters["local_ns"] = p.outside_work ? local_work_ns(p.threads) : 0;
    state.counters["busy_ns_per_step"] = g_ns_per_step;
    state.counters["exclusion_ok"] = r.exclusion_ok ? 1 : 0;
    state.counters["stuck_threads"] = r.stuck_threads;
    state.counters["leftover_threads"] = r.leftover_threads;
    if (!r.exclusion_ok) state.SkipWithError("mutual exclusion violated: protected counter mismatch");
    if (r.stuck_threads > 0) {
        char label[64];
        std::snprintf(label, sizeof label, "stuck:%d (hard cap hit, threads detached)", r.stuck_threads);
        state.SetLabel(label);
    }
}

}  // namespace synclab::bench
