// Concurrent scenarios for bounded buffers: what rapidcheck generates, how one
// runs on real threads into a history (linearizability.hpp), and the property
// that the history is linearizable as a bounded FIFO queue
// (container_spec.hpp). The same runner serves any container with try_push /
// try_pop (and push / pop if it blocks), constructed from the capacity or by
// default, against any container_spec: check_container_scenario with
// gen_buffer_scenario(false) and fifo_queue_spec() or lifo_stack_spec() is
// the property for the lock-free queue.ms and stack.treiber.
//
// A scenario is a capacity (1..3) and 2-3 per-thread programs of 0-6 steps;
// a step is push(v), pop(), try_push(v) or try_pop(), then some pauses and
// perhaps a yield. Thread t's i-th step pushes the value 10*(t+1) + i + 1
// (thread 1's third step pushes 23), so every item is distinct and names its
// pusher. Shrinking drops threads and steps, turns kinds towards push, and
// removes pauses and yields.
//
// Blocking steps cannot deadlock the test. The main thread watches: when every
// worker that has not finished is inside a blocking call and no operation has
// completed for rescue_after, it runs one recorded operation itself (it is the
// thread "main" of the history): try_pop(), and if that finds nothing,
// try_push(901, 902, ...). For a correct buffer that unblocks someone: blocked
// pushers mean it is full, blocked poppers that it is empty. Every rescue is in
// the history, so the checker judges it like any other operation. A rescue
// can also make up for a lost wake-up (its notify wakes the lost waiter), so
// this property does not look for those (Relacy and the stress harness do);
// it classifies the cases where a rescue found what a blocked worker waited
// for already there ("wake-up 2 ms late"), which a lost wake-up would make
// frequent. After the
// workers finish, main drains the buffer with try_pop() until it reports
// empty, so an item lost at the end shows too. A run in which nothing
// completes for hang_limit() (watchdog.hpp) even with rescues is reported as
// a hang, naming
// where each worker is blocked (its threads are then abandoned).
//
// Why the semaphore buffer is checked with try_ failures excused under
// contention (container_spec.hpp): its try_push() fails when free_slots_ is 0,
// and free_slots_ lags the ring while another thread is between its two
// semaphores. Thread A's push has taken the last free slot and not yet written;
// thread B's try_push() fails (full), then B's try_pop() fails (full_slots_ is
// still 0): no order of the three explains both, so the history is not
// linearizable as a strict bounded queue, though nothing is lost or reordered.
// Every such failure overlaps the other thread's half-done operation, which is
// exactly what the excuse allows; a failure with nobody else around, and every
// successful operation, is held to the strict spec. The property classifies
// the runs that needed the excuse.
#pragma once

#include <atomic>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <latch>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <rapidcheck.h>

#include "container_spec.hpp"
#include "linearizability.hpp"
#include "primitives/platform/native.hpp"
#include "watchdog.hpp"

namespace synclab::properties {

struct buffer_step {
    container_op_kind kind = container_op_kind::push;
    unsigned pauses_after = 0;
    bool yield_after = false;
};

struct buffer_scenario {
    std::size_t capacity = 1;
    std::vector<std::vector<buffer_step>> threads;
};

void showValue(const buffer_step& s, std::ostream& os);
void showValue(const buffer_scenario& s, std::ostream& os);

// with_blocking = false: only try_push and try_pop (for containers that have
// no blocking calls, such as queue.ms and stack.treiber).
// 2 to max_threads threads (at most 3).
rc::Gen<buffer_scenario> gen_buffer_scenario(bool with_blocking = true, std::size_t max_threads = 3);

// The value thread t's i-th step pushes.
constexpr int pushed_value(std::size_t thread, std::size_t step) {
    return static_cast<int>(10 * (thread + 1) + step + 1);
}

inline constexpr auto rescue_after = std::chrono::milliseconds(2);
inline constexpr int first_rescue_value = 901;
inline constexpr std::size_t max_drain = 64;

struct buffer_run {
    container_history history;
    std::vector<std::string> thread_names;  // worker threads, then "main"
    std::size_t rescues = 0;
    // Rescues that found what a blocked worker was waiting for already there
    // (an item for a blocked pop, room for a blocked push).
    std::size_t stalled_wakeups = 0;
    std::optional<std::string> hang;  // where the workers were stuck
};

namespace detail {

// One call on any of the containers, as the operation the spec judges: the
// semaphore buffer's push returns nothing and its pop a T; the blocking
// queue's push a bool (false once closed) and its pop an optional; a container
// without blocking calls is only given try_ steps.
template <class Q>
container_op perform(Q& q, container_op_kind kind, int value) {
    switch (kind) {
    case container_op_kind::push:
        if constexpr (requires { { q.push(value) } -> std::same_as<bool>; }) {
            return {kind, value, q.push(value)};
        } else if constexpr (requires { q.push(value); }) {
            q.push(value);
            return {kind, value, true};
        }
        break;
    case container_op_kind::try_push: return {kind, value, q.try_push(value)};
    case container_op_kind::pop:
        if constexpr (requires { q.pop().has_value(); }) {  // an optional (of int, or of the queue's item)
            const std::optional<int> v = q.pop();
            return {kind, v.value_or(0), v.has_value()};
        } else if constexpr (requires { q.pop(); }) {
            return {kind, static_cast<int>(q.pop()), true};  // the scenario pushed ints
        }
        break;
    case container_op_kind::try_pop: {
        const std::optional<int> v = q.try_pop();
        return {kind, v.value_or(0), v.has_value()};
    }
    }
    throw std::logic_error(std::string("the container has no blocking ") + to_string(kind) +
                           "(): generate its scenarios with gen_buffer_scenario(false)");
}

// A container of the scenario's capacity where it takes one.
template <class Q>
auto make_container(std::size_t capacity) {
    if constexpr (std::is_constructible_v<Q, std::size_t>) {
        return std::make_unique<Q>(capacity);
    } else {
        return std::make_unique<Q>();
    }
}

inline bool blocking(container_op_kind k) { return k == container_op_kind::push || k == container_op_kind::pop; }

enum class worker_state : std::uint8_t { running, blocked, done };

// What the workers and the main thread share; held by shared_ptr so that
// abandoned workers of a hung run keep it alive.
template <class Q>
struct buffer_context {
    buffer_context(std::size_t capacity, std::size_t workers)
        : queue_ptr(make_container<Q>(capacity)),
          recorder(workers + 1),
          state(workers),
          step(workers),
          start(static_cast<std::ptrdiff_t>(workers)) {}
    std::unique_ptr<Q> queue_ptr;
    Q& queue = *queue_ptr;
    history_recorder<container_op> recorder;
    std::vector<std::atomic<worker_state>> state;
    std::vector<std::atomic<std::size_t>> step;
    std::atomic<std::uint64_t> completed{0};
    std::latch start;
};

}  // namespace detail

// Runs the scenario once against a fresh Q(capacity).
template <class Q>
buffer_run run_buffer_scenario(const buffer_scenario& sc) {
    using clock = std::chrono::steady_clock;
    const std::size_t n = sc.threads.size();
    const auto main_id = static_cast<std::uint16_t>(n);
    auto ctx = std::make_shared<detail::buffer_context<Q>>(sc.capacity, n);
    buffer_run run;
    for (std::size_t t = 0; t < n; ++t) run.thread_names.push_back("thread " + std::to_string(t));
    run.thread_names.push_back("main");

    std::vector<std::thread> workers;
    workers.reserve(n);
    for (std::size_t t = 0; t < n; ++t) {
        workers.emplace_back([ctx, program = sc.threads[t], t] {
            const auto id = static_cast<std::uint16_t>(t);
            ctx->start.arrive_and_wait();
            for (std::size_t i = 0; i < program.size(); ++i) {
                const buffer_step& s = program[i];
                // relaxed (state, step, completed): hints for the watching main
                // thread, which only decides whether to run a rescue; pair with nothing.
                ctx->step[t].store(i, std::memory_order_relaxed);
                ctx->state[t].store(detail::blocking(s.kind) ? detail::worker_state::blocked
                                                             : detail::worker_state::running,
                                    std::memory_order_relaxed);
                const std::uint64_t call = ctx->recorder.call();
                container_op op = detail::perform(ctx->queue, s.kind, pushed_value(t, i));
                ctx->recorder.returned(id, call, op);
                ctx->state[t].store(detail::worker_state::running, std::memory_order_relaxed);
                ctx->completed.fetch_add(1, std::memory_order_relaxed);
                platform::native::spin_pause(s.pauses_after);
                if (s.yield_after) std::this_thread::yield();
            }
            ctx->state[t].store(detail::worker_state::done, std::memory_order_relaxed);
        });
    }

    // Watch; rescue when every unfinished worker is blocked and nothing moves.
    int rescue_value = first_rescue_value;
    auto recorded = [&](container_op_kind kind, int value) {
        const std::uint64_t call = ctx->recorder.call();
        container_op op = detail::perform(ctx->queue, kind, value);
        ctx->recorder.returned(main_id, call, op);
        return op;
    };
    const auto started = clock::now();
    auto quiet_since = started;  // last completion, rescue, or sight of a running worker
    auto progress_at = started;  // last completion by a worker
    std::uint64_t last_completed = 0;
    for (;;) {
        bool all_done = true, all_stuck = true;
        for (std::size_t t = 0; t < n; ++t) {
            const auto st = ctx->state[t].load(std::memory_order_relaxed);  // a hint, as above
            all_done = all_done && st == detail::worker_state::done;
            all_stuck = all_stuck && st != detail::worker_state::running;
        }
        if (all_done) break;
        const auto now = clock::now();
        const std::uint64_t completed = ctx->completed.load(std::memory_order_relaxed);  // a hint, as above
        if (completed != last_completed) {
            quiet_since = progress_at = now;
            last_completed = completed;
        } else if (!all_stuck) {
            quiet_since = now;
        } else if (now - quiet_since >= rescue_after) {
            bool pop_blocked = false, push_blocked = false;
            for (std::size_t t = 0; t < n; ++t) {
                // relaxed: hints, as above (a blocked worker's step is a valid index).
                if (ctx->state[t].load(std::memory_order_relaxed) != detail::worker_state::blocked) continue;
                const auto kind = sc.threads[t][ctx->step[t].load(std::memory_order_relaxed)].kind;
                pop_blocked = pop_blocked || kind == container_op_kind::pop;
                push_blocked = push_blocked || kind == container_op_kind::push;
            }
            ++run.rescues;
            const bool got = recorded(container_op_kind::try_pop, 0).ok;
            if (!got) recorded(container_op_kind::try_push, rescue_value++);
            // An item for a blocked pop, or room for a blocked push: a wake-up
            // that is late (or lost, and the rescue's notify then made up for it).
            run.stalled_wakeups += (got && pop_blocked) || (!got && push_blocked);
            quiet_since = now;
        }
        if (now - progress_at >= hang_limit()) {
            std::string where;
            for (std::size_t t = 0; t < n; ++t) {
                const auto st = ctx->state[t].load(std::memory_order_relaxed);  // a hint, as above
                if (st == detail::worker_state::done) continue;
                const std::size_t i = ctx->step[t].load(std::memory_order_relaxed);  // a hint, as above
                where += "\n  thread " + std::to_string(t) + " step " + std::to_string(i) + ": " +
                         (i < sc.threads[t].size() ? to_string(sc.threads[t][i].kind) : "(starting)") +
                         (st == detail::worker_state::blocked ? " (blocking call)" : " (running)");
            }
            run.hang = "no operation completed for " + seconds_string(hang_limit()) + " after " +
                       std::to_string(run.rescues) + " rescue operations; still in:" + where;
            for (auto& w : workers) w.detach();  // abandoned: ctx outlives them
            return run;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    for (auto& w : workers) w.join();
    // Drain what is left, so that an item lost at the end shows too.
    for (std::size_t i = 0; i < max_drain && recorded(container_op_kind::try_pop, 0).ok; ++i) {
    }
    run.history = ctx->recorder.merged();
    return run;
}

// The property for one scenario: `runs` runs, each history linearizable as
// `spec`. Fails (RC_FAIL) with the checker's report of the first history that
// is not. Where the spec excuses try_ failures under contention, the cases
// that needed the excuse (not linearizable without it) are classified.
template <class Q>
void check_container_scenario(const buffer_scenario& sc, int runs, const container_spec& spec) {
    const container_spec strict(spec.order(), spec.capacity(), false);
    bool rescued = false, excuse_needed = false, stalled = false;
    for (int r = 0; r < runs; ++r) {
        const buffer_run run = run_buffer_scenario<Q>(sc);
        const std::string which = "run " + std::to_string(r + 1) + " of " + std::to_string(runs) + ": ";
        if (run.hang) {
            current_test::get().hang = true;
            RC_FAIL(which + *run.hang);
        }
        const lin_result verdict = check_linearizable(spec, run.history, run.thread_names);
        if (!verdict.linearizable()) {
            RC_FAIL(which + verdict.report +
                    (run.rescues ? "(main's operations: " + std::to_string(run.rescues) +
                                       " rescues of blocked workers, then the drain)\n"
                                 : std::string("(main's operations: the drain)\n")));
        }
        rescued = rescued || run.rescues > 0;
        stalled = stalled || run.stalled_wakeups > 0;
        if (spec.try_may_fail_under_contention()) {
            excuse_needed = excuse_needed || !check_linearizable(strict, run.history).linearizable();
        }
    }
    RC_CLASSIFY(rescued, "rescued");
    RC_CLASSIFY(stalled, "a blocked worker's wake-up was 2 ms late");
    RC_CLASSIFY(excuse_needed, "a try_ failure needed the contention excuse");
}

// The bounded-buffer property: linearizable as a bounded FIFO queue of the
// scenario's capacity.
template <class Q>
void check_buffer_scenario(const buffer_scenario& sc, int runs, bool try_may_fail_under_contention) {
    check_container_scenario<Q>(sc, runs, bounded_buffer_spec(sc.capacity, try_may_fail_under_contention));
}

}  // namespace synclab::properties
