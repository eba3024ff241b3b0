// synclab_bench: every concept of primitives/concepts.tsv (mutex, semaphore,
// condition variable, queue) against its peers, in one binary. Each concept's
// part is bench/<c>.cpp (concept_benchmarks.hpp); this file parses the command
// line and walks them in the list's order.
//
//   synclab_bench [--duration=S] [--warmup=S] [--quick] [--list] [--list-peers] [Google Benchmark flags]
//
//   --duration=S  measured window of each contended scenario (default 0.5; env SYNCLAB_BENCH_DURATION)
//   --warmup=S    uncounted warm-up before it (default 0.1, or duration/3 when shorter)
//   --quick       --duration=0.15 --warmup=0.05 (unless given)
//   --list        prints the ids of ours covered (the registry's and a user's candidate) and
//                 their concept, tab-separated, one per line, and exits
//   --list-peers  prints the peer ids (peer.*) and their concept, tab-separated, one per line, and exits
// Select with --benchmark_filter (names: see each concept's bench/<c>.cpp and
// bench/<c>_scenarios.hpp), e.g. --benchmark_filter=/mutex.futex/; the
// placement probes (placement/probe:K, placement.hpp) run whatever it selects,
// unless it is a negative filter (-REGEX).
#include "concept_benchmarks.hpp"
#include "harness.hpp"
#include "placement.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <thread>

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

// Takes our own flags out of argv before Google Benchmark sees the rest;
// `listing`: Google Benchmark's --benchmark_list_tests is among them (kept).
void parse_own_flags(int& argc, char** argv, bool& list, bool& list_peers, bool& listing) {
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
        } else if (std::strncmp(a, "--benchmark_list_tests", 22) == 0) {
            listing = std::strcmp(a, "--benchmark_list_tests=false") != 0;
            argv[out++] = argv[i];
        } else if (std::strncmp(a, "--benchmark_filter=", 19) == 0 && a[19] != '-') {
            // The probes say which placement each part ran in: a selection keeps them.
            static std::deque<std::string> rewritten;
            rewritten.push_back("(" + std::string(a + 19) + ")|^placement/");
            rewritten.back().insert(0, "--benchmark_filter=");
            argv[out++] = rewritten.back().data();
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

}  // namespace

int main(int argc, char** argv) {
    bool list = false, list_peers = false, listing = false;
    parse_own_flags(argc, argv, list, list_peers, listing);
    if (list) {
        for (const auto& c : all_concepts)
            for (const auto& id : c.ids()) std::printf("%s\t%s\n", id.c_str(), c.name);
        return 0;
    }
    if (list_peers) {
        for (const auto& c : all_concepts)
            for (const auto& id : c.peer_ids()) std::printf("%s\t%s\n", id.c_str(), c.name);
        return 0;
    }
    calibrate_busy_work();
    benchmark::AddCustomContext("synclab_duration_s", std::to_string(settings().duration_s));
    benchmark::AddCustomContext("synclab_warmup_s", std::to_string(settings().warmup_s));
    benchmark::AddCustomContext("synclab_busy_ns_per_step", std::to_string(busy_ns_per_step()));
    // glibc takes a non-atomic fast path in pthread_mutex_lock/unlock (so
    // std::mutex) while a process has never started a thread. A mutex lives in
    // multithreaded programs: start one thread now so that every lock, ours and
    // the peers, is measured as it runs there.
    std::thread([] {}).join();
    // Not for a listing: the probe costs up to 0.1 s and says nothing there.
    const placement_sample placement = listing ? placement_sample{} : measure_placement();
    if (!listing) std::fprintf(stderr, "synclab_bench: placement: %s\n", describe(placement).c_str());
    benchmark::AddCustomContext("synclab_placement", placement.mode);
    // The CPU pairs of the pinned scenarios (placement.hpp), "none" where the
    // topology has no such pair and those scenarios are left out.
    for (const pin_kind kind : pin_kinds)
        benchmark::AddCustomContext(std::string("synclab_pin_") + pin_name(kind), describe(find_cpu_pair(kind)));
    benchmark::AddCustomContext("synclab_placement_round_trip_ns", std::to_string(placement.round_trip_ns));
    benchmark::AddCustomContext("synclab_placement_cpus", placement.cpu_a < 0 ? std::string("one")
        : std::to_string(placement.cpu_a) + "," + std::to_string(placement.cpu_b) + (placement.pinned ? " pinned" : " not pinned"));
    int probe = 0;
    for (const auto& c : all_concepts) {
        // Before each concept's part: the placement it runs in.
        benchmark::RegisterBenchmark(("placement/probe:" + std::to_string(++probe)).c_str(), [](benchmark::State& state) {
            placement_sample p;
            for (auto _ : state) p = measure_placement();
            state.counters["round_trip_ns"] = p.round_trip_ns;
            state.counters["spread_ns"] = p.spread_ns;
            state.SetLabel(p.mode);
        })->Iterations(1);
        c.register_benchmarks();
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
