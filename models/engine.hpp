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

#include "models/suite.hpp"
// After suite.hpp, whose model.hpp puts every standard header before Relacy's.
#include "models/futex_ledger.hpp"

namespace synclab::models {

// The thread count each search kind's default configuration runs (dispatch.hpp
// says why); the bounded search is also built for 2 threads, for the minimal
// counterexample (cli.cpp).
constexpr int threads_of(search kind) {
    switch (kind) {
    case search::full: return 2;
    case search::bound: return 3;
    case search::random: return 4;
    }
    return 0;
}

// One run: a configuration (search, threads), one suite, and its knobs.
struct job {
    std::string id;
    std::string suite;
    search kind = search::full;
    int threads = 2;
    int ops = 2;                  // operations per thread (each suite says what one is)
    unsigned context_bound = 2;   // sched_bound only
    std::uint64_t iterations = 0; // random: the count; full/bound: a cap (0: none, search to the end)
    std::uint64_t seed = 0;       // random only: see first_iteration()
    std::string replay;           // Relacy's state ("iteration tree..."); empty: search
    bool show_history = true;     // on failure: print Relacy's execution history (the replay's)
    bool progress = true;         // print a progress line every 2 s while it searches
    // Stop the search, passed but incomplete (outcome::out_of_time), at this
    // moment; the default: never (the memory-order audit's budget per variant).
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// How replay commands start: "./synclab check" for synclab's own model
// binary (the command rebuilds what it runs); the binary's own path for one
// built by synclab_add_primitive (cli.cpp's main sets it).
inline std::string replay_program = "./synclab check";

// An exception that leaves a suite's thread body (a contract violation, a
// std::system_error, a lock refusing one thread too many) is a verdict of its
// own, EXCEPTION, with its message, trace and replay command, instead of
// std::terminate ending the checker with nothing. guarded<Suite> is what
// dispatch.hpp hands to Relacy. The message is copied into a fixed buffer (a
// std::string would take memory from the model's heap, which each iteration
// resets) and the catch block left before Relacy is told: its fail_test leaves
// the fiber for good, which must not happen while an exception is handled.
inline char thrown_message[256] = "";  // the failing iteration's exception; empty: none

template <class Suite>
struct guarded : Suite {
    void thread(unsigned index) {
        bool threw = false;
        try {
            Suite::thread(index);
        } catch (const std::exception& e) {
            std::snprintf(thrown_message, sizeof thrown_message, "thread %u threw: %s", index, e.what());
            threw = true;
        } catch (...) {
            std::snprintf(thrown_message, sizeof thrown_message,
                          "thread %u threw an exception of a type not derived from std::exception", index);
            threw = true;
        }
        if (threw) rl::ctx().fail_test(thrown_message, rl::test_result_user_assert_failed, $);
    }
};

struct outcome {
    rl::test_result_e result = rl::test_result_success;
    std::uint64_t iterations = 0;   // iterations run
    std::uint64_t stop_iteration = 0;  // Relacy's number of the last (or failing) iteration
    bool complete = false;          // full/bound: the whole tree was searched
    bool out_of_time = false;       // stopped at the job's deadline before its iterations ran
    double seconds = 0;
    std::string state;              // on failure: Relacy's replay state
    bool replay_reproduced = false; // on failure: the history replay failed the same way
    // On a DEADLOCK: the sleepers the futex ledger shows were lost wake-ups
    // (futex_ledger.hpp), one line each; empty for a deadlock of another kind.
    std::vector<std::string> lost_wake_ups;
    // On an EXCEPTION: which thread threw what (guarded).
    std::string exception;
    // On a LIVELOCK: the loop that ran out the execution depth (spinning_loop).
    std::string livelock_loop;
};

// Which loop a LIVELOCK spun in, from the replay's execution history: the
// (thread, line) most frequent in its last steps, and whether those steps
// yield to the scheduler. Relacy reports LIVELOCK when an iteration exceeds
// its execution depth: a wait loop that never calls P::spin_pause() (one
// step of rl::yield) keeps the checker's schedulers on the spinning thread,
// and so does a loop that yields but whose condition never changes. History
// lines read "[i] T: <event>, in <function>, <file>(<line>)".
inline std::string spinning_loop(const std::string& history) {
    struct where {
        unsigned thread;
        std::string file_line, event;
        bool operator<(const where& o) const {
            return thread != o.thread ? thread < o.thread : file_line < o.file_line;
        }
    };
    std::vector<where> steps;
    std::vector<bool> yields;
    std::size_t at = 0;
    while (at < history.size()) {
        const std::size_t end = std::min(history.find('\n', at), history.size());
        const std::string line = history.substr(at, end - at);
        at = end + 1;
        if (line.size() < 4 || line[0] != '[') continue;
        const std::size_t colon = line.find(": "), in = line.rfind(", in "), comma = line.rfind(", ");
        const std::size_t close = line.find("] ");
        if (colon == std::string::npos || in == std::string::npos || comma == std::string::npos ||
            close == std::string::npos || comma <= in || close > colon)
            continue;
        where w;
        w.thread = static_cast<unsigned>(std::strtoul(line.c_str() + close + 2, nullptr, 10));
        w.file_line = line.substr(comma + 2);
        w.event = line.substr(colon + 2, in - colon - 2);
        if (w.event.find("yield") != std::string::npos) {
            if (!yields.empty()) yields.back() = true;  // a yield belongs to the loop it ends
            continue;
        }
        steps.push_back(w);
        yields.push_back(false);
    }
    if (steps.empty()) return "";
    const std::size_t window = std::min<std::size_t>(steps.size(), 400), first = steps.size() - window;
    std::map<where, std::size_t> count;
    bool yielded = false;
    for (std::size_t i = first; i < steps.size(); ++i) {
        ++count[steps[i]];
        yielded = yielded || yields[i];
    }
    const auto top = std::max_element(count.begin(), count.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
    const where& w = top->first;
    // "<0x55dc86528180> exchange , prev=..." -> "exchange"
    std::string event = w.event.substr(0, w.event.find(','));
    if (!event.empty() && event.front() == '<')
        if (const std::size_t gt = event.find("> "); gt != std::string::npos) event.erase(0, gt + 2);
    while (!event.empty() && event.back() == ' ') event.pop_back();
    // file(line) -> file:line
    std::string place = w.file_line;
    if (const std::size_t paren = place.rfind('('); paren != std::string::npos && place.back() == ')')
        place = place.substr(0, paren) + ":" + place.substr(paren + 1, place.size() - paren - 2);
    std::string text = "thread " + std::to_string(w.thread) + " repeats \"" + event + "\" at " + place + " (" +
                       std::to_string(top->second) + " of the last " + std::to_string(window) + " steps)";
    if (yielded)
        text += " and yields, but what it waits for never comes: a livelock of the protocol, or a wait on a "
                "thread that cannot run";
    else
        text += " without yielding to the model checker: a wait loop calls P::spin_pause() (synclab::seam::"
                "spin_pause() in a plain class) or sleeps in P::futex_wait, so that the checker runs the thread "
                "it waits for";
    return text;
}

// The verdict as synclab names it: Relacy's ("DATA RACE", "DEADLOCK", ...),
// except a deadlock with a lost wake-up in it, which is "LOST WAKE-UP", and an
// exception out of a thread body, "EXCEPTION".
inline std::string verdict_text(const outcome& o) {
    if (o.result == rl::test_result_deadlock && !o.lost_wake_ups.empty()) return "LOST WAKE-UP";
    if (!o.exception.empty()) return "EXCEPTION";
    return rl::test_result_str(o.result);
}

// --seed S picks which random iterations run. Relacy seeds the random
// scheduler's generator at each iteration from the iteration's number s
// (random.hpp): x' = x * (1 + 2^k) + c mod 2^32, the output is x >> 16, with
// k = 8 + bits 32-35 of s, c = a prime chosen by bits 36-39, and the state
// from the low 32 bits. With k >= 17 the output's lowest bits, which pick the
// next thread (rand() % threads), barely change from one call to the next
// (below bit k the state only adds c): one thread runs thousands of steps
// alone, and a suite that spin-waits is reported as a LIVELOCK at its first
// iteration (seen on correct primitives: every k >= 17). So only k = 8..16 is
// used: a run with seed S takes generator g = S mod 144 (k = 8 + g mod 9,
// c = primes[g / 9]) and starts at block S / 144 of 2^24 starting states:
// iteration (g / 9) << 36 | (g mod 9) << 32 | (S / 144) << 24, plus 1.
// Seeds 0..36863 give disjoint explorations of up to 2^24 iterations; seed 0
// is Relacy's own default run (iterations 1..N).
constexpr std::uint64_t max_seed = 144 * 256 - 1;
constexpr std::uint64_t max_random_iterations = std::uint64_t{1} << 24;

constexpr std::uint64_t first_iteration(std::uint64_t seed) {
    const std::uint64_t generator = seed % 144, block = seed / 144;
    return ((generator / 9) << 36 | (generator % 9) << 32 | block << 24) + 1;
}

// What the capped scheduler reads and reports while a simulation runs.
struct run_control {
    std::uint64_t start = 1;  // the first iteration's number
    std::uint64_t cap = 0;    // stop after this many iterations (0: none)
    std::uint64_t done = 0;
    bool capped = false;
    bool out_of_time = false;  // stopped at the deadline
    bool progress = true;
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    char label[160] = "";
    char replay_prefix[320] = "";  // random search: the replay command, less the iteration number
    std::chrono::steady_clock::time_point begin, last_report;
};
inline run_control control;

// A primitive that touches memory that is gone before Relacy sees it (a
// pointer into a thread's dead stack frame) crashes the whole checker. Instead
// of a bare "Segmentation fault" the handler says which run and iteration
// crashed and, for a random search (whose replay state is the iteration
// number), the command that replays it, to run under gdb. Exit status 1: a
// failure found.
inline void on_crash(int sig) {
    static char text[640];
    const std::uint64_t iteration = control.start + control.done;
    int n = std::snprintf(text, sizeof text, "\nCRASH (%s) in %s, at iteration %llu\n",
                          sig == SIGSEGV ? "segmentation fault" : "bus error", control.label,
                          (unsigned long long)iteration);
    if (n > 0 && control.replay_prefix[0] != '\0' && std::size_t(n) < sizeof text) {
        n += std::snprintf(text + n, sizeof text - n, "replay: %s%llu\n", control.replay_prefix,
                           (unsigned long long)iteration);
    }
    if (n > 0) (void)!::write(STDOUT_FILENO, text, std::min<std::size_t>(std::size_t(n), sizeof text - 1));
    ::_exit(1);
}

inline void report_crashes() {
    static char alternate_stack[1 << 16];  // the handler may run on an exhausted fiber stack
    stack_t st{};
    st.ss_sp = alternate_stack;
    st.ss_size = sizeof alternate_stack;
    ::sigaltstack(&st, nullptr);
    struct sigaction sa {};
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    ::sigaction(SIGSEGV, &sa, nullptr);
    ::sigaction(SIGBUS, &sa, nullptr);
}

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

    // Each iteration starts with an empty futex ledger (what it holds after a
    // failure is the failing iteration's), installed as the Relacy binding's
    // futex observer, so that every futex word reports to it.
    rl::thread_id_t iteration_begin(rl::iteration_t iteration) {
        iteration_futex_ledger.reset();
        platform::relacy_futex_hook = &iteration_futex_ledger;
        return Base::iteration_begin(iteration);
    }

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
        if ((control.done & 63) == 0 && control.deadline != std::chrono::steady_clock::time_point::max() &&
            std::chrono::steady_clock::now() >= control.deadline) {
            control.capped = control.out_of_time = true;
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
    control.out_of_time = false;
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
    control.replay_prefix[0] = '\0';
    if (j.kind == search::random) {
        std::snprintf(control.replay_prefix, sizeof control.replay_prefix,
                      "%s %s --search random --threads %d --replay %s:%d:%u:", replay_program.c_str(), j.id.c_str(), j.threads,
                      j.suite.c_str(), j.ops, j.context_bound);
    }

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
    control.progress = j.replay.empty() && j.progress;
    control.deadline = j.replay.empty() ? j.deadline : std::chrono::steady_clock::time_point::max();
    std::string state;
    thrown_message[0] = '\0';
    o.result = simulate<Suite, Sched>(params, start, cap, state);
    o.seconds = seconds_since(begin);
    o.iterations = control.done;
    o.stop_iteration = params.stop_iteration;
    o.complete = j.kind != search::random && !control.capped && j.replay.empty();
    o.out_of_time = control.out_of_time;
    control.deadline = std::chrono::steady_clock::time_point::max();  // the replay below runs to its end
    if (o.result == rl::test_result_success) return o;

    // The failure: replay it with history collection on; Relacy prints the
    // verdict, the iteration and the execution history to params.output_stream.
    o.state = j.replay.empty() ? state : j.replay;
    rl::test_params again = params;
    again.initial_state = o.state.c_str();
    again.collect_history = true;
    if (!j.show_history) again.output_stream = &null_stream();
    if (o.result == rl::test_result_user_assert_failed) o.exception = thrown_message;
    std::string unused;
    std::fflush(stdout);
    thrown_message[0] = '\0';
    // A LIVELOCK's history is kept too, to name the loop it spun in.
    // (Relacy's raw allocator: nothing else may allocate inside run_test.)
    rl::ostringstream history;
    if (o.result == rl::test_result_livelock) again.output_stream = &history;
    const rl::test_result_e r2 = simulate<Suite, Sched>(again, std::stoull(o.state), 1, unused);
    if (o.result == rl::test_result_livelock) {
        const std::string text(history.str().c_str());
        if (j.show_history) std::cout << text;
        o.livelock_loop = spinning_loop(text);
    }
    std::cout.flush();
    o.replay_reproduced = r2 == o.result && again.stop_iteration == o.stop_iteration;
    // The ledger now holds the failing iteration (the replay's), frozen where
    // Relacy found every thread blocked.
    if (o.result == rl::test_result_deadlock) o.lost_wake_ups = iteration_futex_ledger.lost_wake_ups();
    return o;
}

}  // namespace synclab::models
