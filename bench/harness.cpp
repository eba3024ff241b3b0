// The non-template parts of the scenario code: settings, busy work and its
// calibration, and turning a contended run into benchmark counters.
#include "harness.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>

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

namespace {

thread_local scenario_thread_slot* this_scenario_thread = nullptr;

// The signal that ends a stuck scenario thread: a real-time one above those
// the C library reserves for itself.
int end_signal() { return SIGRTMIN + 2; }

// Runs on the stuck thread. Only async-signal-safe steps: atomic stores on
// lock-free atomics and the exit system call of this one thread.
extern "C" void on_end_signal(int) {
    if (scenario_thread_slot* me = this_scenario_thread)
        // release: pairs with the acquire load in wait_ended(); the thread
        // touches nothing of the scenario after it.
        me->state.store(scenario_thread_slot::ended, std::memory_order_release);
    live_bench_threads.fetch_sub(1, std::memory_order_relaxed);  // relaxed: a count (see harness.hpp)
    syscall(SYS_exit, 0);  // this thread only (exit_group would end the process)
}

void install_end_handler() {
    static const bool installed = [] {
        struct sigaction sa {};
        sa.sa_handler = on_end_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(end_signal(), &sa, nullptr);
        return true;
    }();
    (void)installed;
}

}  // namespace

void scenario_thread_begin(scenario_thread_slot& me) noexcept {
    this_scenario_thread = &me;
    // release: pairs with the acquire load in end_if_running(), which signals this id.
    me.tid.store(static_cast<int>(syscall(SYS_gettid)), std::memory_order_release);
}

void scenario_thread_end(scenario_thread_slot& me) noexcept {
    int expected = scenario_thread_slot::running;
    // acq_rel: one side wins; the loser learns of the winner's decision. The
    // release also publishes what the thread wrote (pairs with the acquire
    // load in running_threads()).
    if (me.state.compare_exchange_strong(expected, scenario_thread_slot::finished, std::memory_order_acq_rel)) {
        this_scenario_thread = nullptr;
        live_bench_threads.fetch_sub(1, std::memory_order_relaxed);  // relaxed: a count (see harness.hpp)
        return;
    }
    for (;;) ::pause();  // ending: the signal is on its way
}

bool end_if_running(scenario_thread_slot& s) noexcept {
    install_end_handler();
    int expected = scenario_thread_slot::running;
    // acq_rel: pairs with the compare-exchange in scenario_thread_end().
    if (!s.state.compare_exchange_strong(expected, scenario_thread_slot::ending, std::memory_order_acq_rel))
        return false;
    // A thread is counted in before it starts, so its id may not be published
    // yet (a thread that never got a core in the whole scenario): wait for it.
    int tid = 0;
    // acquire: pairs with the release store in scenario_thread_begin().
    while ((tid = s.tid.load(std::memory_order_acquire)) == 0) std::this_thread::yield();
    syscall(SYS_tgkill, getpid(), tid, end_signal());
    return true;
}

bool wait_ended(const scenario_thread_slot& s, std::chrono::steady_clock::time_point until) noexcept {
    // acquire: pairs with the release store in on_end_signal().
    while (s.state.load(std::memory_order_acquire) == scenario_thread_slot::ending) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}

std::string stuck_message(int stuck, const char* what) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "%d thread%s stuck at the hard cap (%s): a lost wake-up, a deadlock or a lock that never "
                  "hands over; %s ended",
                  stuck, stuck == 1 ? "" : "s", what, stuck == 1 ? "it was" : "they were");
    return text;
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
    if (r.stuck_threads > 0)
        state.SkipWithError(stuck_message(r.stuck_threads, "in the lock").c_str());
    else if (!r.exclusion_ok)
        state.SkipWithError("mutual exclusion violated: protected counter mismatch");
}

}  // namespace synclab::bench
