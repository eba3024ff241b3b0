// Runs one suite for one checkable under one Relacy scheduler: the search, and
// on a failure the replay of it that prints Relacy's execution history.
//
// We call rl::run_test (what rl::simulate calls) instead of rl::simulate, so
// that we choose which scheduler is instantiated (one per configuration, not
// three), can cap the tree searches, print our own progress, and replay a
// failure from its token ourselves, checking that the replay reproduces it.
//
// Inside a simulation Relacy replaces operator new/delete: nothing in this file
// allocates from the moment run_test starts until it returns, except through
// rl::ostringstream (Relacy's raw allocator). Progress goes through printf.
#pragma once

#include "models/suites.hpp"

namespace synclab::models {

enum class search { full, bound, random };

constexpr const char* to_string(search s) {
    switch (s) {
    case search::full: return "full";
    case search::bound: return "bound";
    case search::random: return "random";
    }
    return "?";
}

// One run: a configuration (search, threads), one suite, and its knobs.
struct job {
    std::string id;
    std::string suite;
    search kind = search::full;
    int threads = 2;
    int ops = 2;                  // lock/unlock cycles per thread
    unsigned context_bound = 2;   // sched_bound only
    std::uint64_t iterations = 0; // random: the count; full/bound: a cap (0: none, search to the end)
    std::uint64_t seed = 0;       // random only: see first_iteration()
    std::string replay;           // Relacy's state ("iteration tree..."); empty: search
};

struct outcome {
    rl::test_result_e result = rl::test_result_success;
    std::uint64_t iterations = 0;   // iterations run
    std::uint64_t stop_iteration = 0;  // Relacy's number of the last (or failing) iteration
    bool complete = false;          // full/bound: the whole tree was searched
    double seconds = 0;
    std::string state;              // on failure: Relacy's replay state
    bool replay_reproduced = false; // on failure: the history replay failed the same way
};

// --seed S picks which random iterations run. Relacy seeds the random
// scheduler's generator at each iteration from the iteration's number s
// (random.hpp: shift = bits 32-35 of s, increment = a prime chosen by bits
// 36-39, state = (s + 1) * constant over the low 32 bits). So a run with seed S
// starts at iteration (S mod 256) << 32 | (S / 256) << 24, plus 1: S mod 256
// selects the generator's constants, S / 256 a block of 2^24 starting states.
// Seeds 0..65535 give disjoint explorations of up to 2^24 iterations; seed 0 is
// Relacy's own default run (iterations 1..N).
constexpr std::uint64_t max_seed = 65535;
constexpr std::uint64_t max_random_iterations = std::uint64_t{1} << 24;

constexpr std::uint64_t first_iteration(std::uint64_t seed) {
    return ((seed & 0xff) << 32 | (seed >> 8) << 24) + 1;
}

// What the capped scheduler reads and reports while a simulation runs.
struct run_control {
    std::uint64_t start = 1;  // the first iteration's number
    std::uint64_t cap = 0;    // stop after this many iterations (0: none)
    std::uint64_t done = 0;
    bool capped = false;
    bool progress = true;
    char label[160] = "";
    std::chrono::steady_clock::time_point begin, last_report;
};
inline run_control control;

inline double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A Relacy scheduler that also stops at control.cap iterations and prints a
// progress line every 2 s. The context calls sched_.iteration_end() on this
// type, so this one hides the base's.
template <class Base>
class capped : public Base {
public:
    using typename Base::shared_context_t;

    capped(rl::test_params& params, shared_context_t& ctx, rl::thread_id_t dynamic_threads)
        : Base(params, ctx, dynamic_threads) {}

    bool iteration_end() {
        const bool finished = Base::iteration_end();
        control.done = this->iter_ - control.start + 1;
        if (control.progress && (control.done & 1023) == 0 && seconds_since(control.last_report) >= 2.0) {
            control.last_report = std::chrono::steady_clock::now();
            if (control.cap) {
                std::printf("  .. %s: %llu / %llu iterations, %.1f s\n", control.label,
                            (unsigned long long)control.done, (unsigned long long)control.cap,
                            seconds_since(control.begin));
            } else {
                std::printf("  .. %s: %llu iterations (exhaustive, no cap), %.1f s\n", control.label,
                            (unsigned long long)control.done, seconds_since(control.begin));
            }
            std::fflush(stdout);
        }
        if (finished) return true;
        if (control.cap && control.done >= control.cap) {
            control.capped = true;
            return true;
        }
        return false;
    }
};

template <rl::thread_id_t N>
struct schedulers {
    using full = capped<rl::full_search_scheduler<N>>;
    using bound = capped<rl::context_bound_scheduler<N>>;
    using random = capped<rl::random_scheduler<N>>;
};

inline std::ostream& null_stream() {
    static std::ofstream devnull("/dev/null");
    return devnull;
}

// One simulation from `initial_state` (empty: from the start), at most `cap`
// iterations. Returns the verdict; `state` receives the replay state on failure.
template <class Suite, class Sched>
rl::test_result_e simulate(rl::test_params& params, std::uint64_t start, std::uint64_t cap, std::string& state) {
    control.start = start;
    control.cap = cap;
    control.done = 0;
    control.capped = false;
    control.begin = control.last_report = std::chrono::steady_clock::now();
    rl::ostringstream out;
    const rl::test_result_e r = rl::run_test<Suite, Sched>(params, out, false);
    state.assign(out.str().c_str());
    return r;
}

// Runs one job: the search (or the replay of j.replay), and on failure the
// replay that prints the execution history, checking it reproduces the failure.
template <class Suite, class Sched>
outcome run(const job& j, rl::scheduler_type_e type) {
    rl::test_params params;
    params.search_type = type;
    params.context_bound = j.context_bound;
    params.output_stream = &std::cout;
    params.progress_stream = &null_stream();  // Relacy's own "% (i/n)" lines: ours replace them
    params.collect_history = false;
    params.output_history = false;
    std::snprintf(control.label, sizeof control.label, "%s %s, %d threads, %s search", j.id.c_str(),
                  j.suite.c_str(), j.threads, to_string(j.kind));

    ops_per_thread = j.ops;
    outcome o;
    std::uint64_t start = 1, cap = j.iterations;
    if (!j.replay.empty()) {
        params.initial_state = j.replay.c_str();
        start = std::stoull(j.replay);
        cap = 1;
    } else if (j.kind == search::random) {
        start = first_iteration(j.seed);
        if (start != 1) params.initial_state = std::to_string(start).c_str();
    }
    if (j.kind == search::random) params.iteration_count = start + cap - 1;

    const auto begin = std::chrono::steady_clock::now();
    control.progress = j.replay.empty();
    std::string state;
    o.result = simulate<Suite, Sched>(params, start, cap, state);
    o.seconds = seconds_since(begin);
    o.iterations = control.done;
    o.stop_iteration = params.stop_iteration;
    o.complete = j.kind != search::random && !control.capped && j.replay.empty();
    if (o.result == rl::test_result_success) return o;

    // The failure: replay it with history collection on; Relacy prints the
    // verdict, the iteration and the execution history to params.output_stream.
    o.state = j.replay.empty() ? state : j.replay;
    rl::test_params again = params;
    again.initial_state = o.state.c_str();
    again.collect_history = true;
    std::string unused;
    std::fflush(stdout);
    const rl::test_result_e r2 = simulate<Suite, Sched>(again, std::stoull(o.state), 1, unused);
    std::cout.flush();
    o.replay_reproduced = r2 == o.result && again.stop_iteration == o.stop_iteration;
    return o;
}

}  // namespace synclab::models
