// synclab_bench: the mutex, semaphore, condition-variable and queue families against
// their peers, in one binary.
//
//   synclab_bench [--duration=S] [--warmup=S] [--quick] [--list] [Google Benchmark flags]
//
//   --duration=S  measured window of each contended scenario (default 0.5; env SYNCLAB_BENCH_DURATION)
//   --warmup=S    uncounted warm-up before it (default 0.1, or duration/3 when shorter)
//   --quick       --duration=0.15 --warmup=0.05 (unless given)
//   --list        prints the registry ids covered, one per line, and exits
//   --list-peers  prints the peer ids (peer.*) and their concept, tab-separated, one per line, and exits
// Select with --benchmark_filter (names: see harness.hpp, sem_scenarios.hpp,
// cv_scenarios.hpp, queue_scenarios.hpp), e.g. --benchmark_filter=/mutex.futex/
#include "harness.hpp"
#include "locks.hpp"
#include "sync_harness.hpp"
#include "queue_scenarios.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace synclab::bench;

[[noreturn]] void bad_flag(const char* flag, const char* accepts) {
    std::fprintf(stderr, "synclab_bench: bad value for %s: accepts %s\n", flag, accepts);
    std::exit(2);
}

double parse_seconds(const char* flag, const char* text) {
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (end == text || *end != '\0' || !(v > 0) || v > 60) bad_flag(flag, "a number of seconds in (0, 60]");
    return v;
}

// Takes our own flags out of argv before Google Benchmark sees the rest.
void parse_own_flags(int& argc, char** argv, bool& list, bool& list_peers) {
    auto& cfg = settings();
    bool have_duration = false, have_warmup = false, quick = false;
    if (const char* env = std::getenv("SYNCLAB_BENCH_DURATION"); env && *env) {
        cfg.duration_s = parse_seconds("SYNCLAB_BENCH_DURATION", env);
        have_duration = true;
    }
    int out = 1;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strncmp(a, "--duration=", 11) == 0) {
            cfg.duration_s = parse_seconds("--duration", a + 11);
            have_duration = true;
        } else if (std::strncmp(a, "--warmup=", 9) == 0) {
            cfg.warmup_s = parse_seconds("--warmup", a + 9);
            have_warmup = true;
        } else if (std::strcmp(a, "--quick") == 0) {
            quick = true;
        } else if (std::strcmp(a, "--list") == 0) {
            list = true;
        } else if (std::strcmp(a, "--list-peers") == 0) {
            list_peers = true;
        } else if (std::strncmp(a, "--", 2) == 0 && std::strncmp(a, "--benchmark_", 12) != 0 &&
                   std::strncmp(a, "--v=", 4) != 0) {
            std::fprintf(stderr, "synclab_bench: unknown flag %s (ours: --duration=S --warmup=S --quick --list --list-peers)\n", a);
            std::exit(2);
        } else {
            argv[out++] = argv[i];
        }
    }
    argc = out;
    if (quick && !have_duration) cfg.duration_s = 0.15;
    if (quick && !have_warmup) cfg.warmup_s = 0.05;
    if (!have_warmup && !quick) cfg.warmup_s = std::min(0.1, cfg.duration_s / 3);
}

std::string cs_name(double ns) { return std::to_string(static_cast<long>(ns)) + "ns"; }

void register_all() {
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

// Semaphores and condition variables (sem_scenarios.hpp, cv_scenarios.hpp),
// interleaved as above: every implementation at one shape before the next.
constexpr int buffer_pairs[] = {1, 2, 4};
constexpr int notify_waiters = 8;

void register_waiting() {
    auto sems = registry_semaphores();
    for (auto& e : peer_semaphores()) sems.push_back(std::move(e));
    auto cvs = registry_condvars();
    for (auto& e : peer_condvars()) cvs.push_back(std::move(e));
    const auto sem_sweep = semaphore_spin_variants();
    const auto cv_sweep = condvar_spin_variants();

    auto add = [](const std::string& name, std::function<void(benchmark::State&)> fn) {
        benchmark::RegisterBenchmark(name.c_str(), std::move(fn))
            ->Iterations(1)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    };
    auto pingpong = [&](const char* scenario, const std::vector<sync_entry>& list) {
        for (const auto& e : list) add(std::string(scenario) + "/" + e.id, e.pingpong);
    };
    auto buffer = [&](const char* scenario, const std::vector<sync_entry>& list) {
        for (int pairs : buffer_pairs)
            for (const auto& e : list) {
                auto fn = e.buffer;
                add(std::string(scenario) + "/" + e.id + "/pairs:" + std::to_string(pairs),
                    [fn, pairs](benchmark::State& st) { fn(st, pairs); });
            }
    };

    const double min_time = std::min(0.5, settings().duration_s);
    for (const auto& e : sems)
        benchmark::RegisterBenchmark(("sem_uncontended/" + e.id).c_str(), e.uncontended)->MinTime(min_time);
    pingpong("sem_pingpong", sems);
    buffer("sem_buffer", sems);

    pingpong("cv_pingpong", cvs);
    buffer("cv_buffer", cvs);
    for (const auto& e : cvs) {
        auto fn = e.notify_all;
        add("cv_notify_all/" + e.id + "/waiters:" + std::to_string(notify_waiters),
            [fn](benchmark::State& st) { fn(st, notify_waiters); });
    }

    // Spin budget sweeps, after the comparisons with peers.
    pingpong("sem_pingpong", sem_sweep);
    buffer("sem_buffer", sem_sweep);
    pingpong("cv_pingpong", cv_sweep);
    buffer("cv_buffer", cv_sweep);
}

// Queues (queue_scenarios.hpp), interleaved as above: every queue at one
// shape before the next; an entry that allows one producer or one consumer
// (queue.spsc, boost::lockfree::spsc_queue) runs one pair only.
void register_queues() {
    auto queues = registry_queues();
    for (auto& e : peer_queues()) queues.push_back(std::move(e));
    auto add = [](const std::string& name, std::function<void(benchmark::State&)> fn) {
        benchmark::RegisterBenchmark(name.c_str(), std::move(fn))
            ->Iterations(1)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    };
    for (int pairs : queue_pairs)
        for (const auto& e : queues) {
            if (unsigned(pairs) > e.max_producers || unsigned(pairs) > e.max_consumers) continue;
            auto fn = e.throughput;
            add("q_throughput/" + e.id + "/pairs:" + std::to_string(pairs), [fn, pairs](benchmark::State& st) { fn(st, pairs); });
        }
    for (const auto& e : queues) add("q_roundtrip/" + e.id, e.roundtrip);
}

}  // namespace

int main(int argc, char** argv) {
    bool list = false, list_peers = false;
    parse_own_flags(argc, argv, list, list_peers);
    if (list) {
        for (auto* ids : {&registry_ids, &registry_semaphore_ids, &registry_condvar_ids, &registry_queue_ids})
            for (const auto& id : ids()) std::printf("%s\n", id.c_str());
        return 0;
    }
    if (list_peers) {
        for (auto* peers : {&peers_std_absl, &peers_tbb_ck, &floor_locks})
            for (const auto& e : peers()) std::printf("%s\tmutex\n", e.id.c_str());
        for (auto* peers : {&peer_semaphores, &peer_condvars})
            for (const auto& e : peers()) std::printf("%s\t%s\n", e.id.c_str(), e.concept_name.c_str());
        for (const auto& e : peer_queues()) std::printf("%s\tqueue\n", e.id.c_str());
        return 0;
    }
    calibrate_busy_work();
    benchmark::AddCustomContext("synclab_duration_s", std::to_string(settings().duration_s));
    benchmark::AddCustomContext("synclab_warmup_s", std::to_string(settings().warmup_s));
    benchmark::AddCustomContext("synclab_busy_ns_per_step", std::to_string(busy_ns_per_step()));
    benchmark::AddCustomContext("synclab_semaphore_futex_default_spin", semaphore_futex_default_budget());
    benchmark::AddCustomContext("synclab_condvar_futex_default_spin", condvar_futex_default_budget());
    // glibc takes a non-atomic fast path in pthread_mutex_lock/unlock (so
    // std::mutex) while a process has never started a thread. A mutex lives in
    // multithreaded programs: start one thread now so that every lock, ours and
    // the peers, is measured as it runs there.
    std::thread([] {}).join();
    register_all();
    register_waiting();
    register_queues();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
