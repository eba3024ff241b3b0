// The torture scenarios of a condition variable CV (every entry of
// synclab::condvar_registry and the self-tests), each for its share of
// --seconds, in this order (a failed one ends the id):
//
//   ping-pong    two threads hand a turn back and forth with one mutex.futex,
//                one CV and a plain turn flag and ball (guarded by the mutex);
//                each waits for its turn in one of four ways at random
//                (wait(lock, pred), a loop of wait(lock), wait_for with a
//                random time-out and a predicate, a loop of wait_until) and
//                notify_one's, inside or after the critical section at random.
//   notify-all   several waiters (threads - 1, at least 3) wait for the next
//                generation; a notifier waits (on a second CV) until all of
//                them are waiting again, then advances the generation and
//                notify_all's. A waiter that notify_all does not wake stops
//                the rounds, and the watchdog fires. The waiters never use a
//                timed wait (a time-out would hide the lost wake-up).
//   buffer+M     producers and consumers through blocking_queue<CV> (capacity
//                4) with mutex M: mutex.futex, then --mutex (default
//                mutex.ttas; "all": every other mutex of the registry).
//                push/try_push and pop/try_pop at random; at the deadline the
//                queue is close()d under load: producers stop when push
//                reports closed, consumers drain until pop reports closed and
//                empty. Checked: per producer order, and the count, sum and
//                xor of every item whose push succeeded equal those received
//                (nothing already queued is lost by close); after close,
//                try_push fails and try_pop finds nothing.
//
// A timed wait that reports a time-out must have lasted its time-out (wait_for)
// or reached its deadline (wait_until).
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/mutex/registry.hpp"
#include "primitives/platform/native.hpp"
#include "primitives/queue/blocking_queue.hpp"
#include "scenario.hpp"

namespace synclab::stress {

// The mutex every condition variable runs with first (the one that sleeps).
inline constexpr std::string_view first_condvar_mutex = "mutex.futex";
static_assert(mutex_registry::contains(first_condvar_mutex), "the condition variables run with mutex.futex first");
using first_mutex = mutex_registry::at<mutex_registry::index_of(first_condvar_mutex)>::type<platform::native>;

inline constexpr unsigned min_notify_all_waiters = 3;

// Waits on cv until pred() holds (lock held), in one of four ways at random,
// or only the two untimed ones.
template <class CV, class Lock, class Pred>
void wait_for_turn(CV& cv, Lock& lock, Pred pred, std::string_view label, arena& a, unsigned self, worker_log& log,
                   rng& r, bool timed_allowed = true) {
    log.begin_wait();
    switch (timed_allowed ? r.below(4) : r.below(2)) {
    case 0:
        cv.wait(lock, pred);
        break;
    case 1:
        while (!pred()) cv.wait(lock);
        break;
    case 2:
        for (;;) {
            const std::chrono::microseconds timeout = random_timeout(r);
            const std::int64_t t0 = now_ns();
            if (cv.wait_for(lock, timeout, pred)) break;
            check_timed_out(label, a, self, "wait_for", timeout, now_ns() - t0);
            log.failed_try();
        }
        break;
    default:
        while (!pred()) {
            const auto deadline = std::chrono::steady_clock::now() + random_timeout(r);
            if (cv.wait_until(lock, deadline) == std::cv_status::timeout) {
                const auto early = deadline - std::chrono::steady_clock::now();
                if (early > std::chrono::steady_clock::duration::zero()) {
                    report_broken(label, a, invariant_message, self,
                                  "wait_until reported a time-out " +
                                      std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(early).count()) +
                                      " us before its deadline");
                }
                log.failed_try();
            }
        }
        break;
    }
    log.end_wait(phase::inside);
}

// notify_one or notify_all, while still holding the lock or just after
// releasing it, at random (both are allowed; the second saves the woken
// thread from blocking on the mutex at once).
template <class CV, class Lock>
void notify(CV& cv, Lock& lock, rng& r, bool all) {
    const bool after_unlock = r.below(2) == 0;
    if (after_unlock) lock.unlock();
    if (all) {
        cv.notify_all();
    } else {
        cv.notify_one();
    }
    if (after_unlock) lock.lock();
}

template <class Mutex, class CV>
run_result condvar_ping_pong(std::string_view id, const options& opt, double seconds) {
    const std::string label = std::string(id) + "/ping-pong";
    Mutex m;
    CV cv;
    struct {
        unsigned turn = 0;       // guarded by m
        std::uint64_t ball = 0;  // guarded by m
        bool over = false;       // guarded by m
    } court;
    arena a;
    const scenario_spec spec{label, "hand-offs", "time-outs", {"server", "returner"}, seconds, "wait"};
    auto body = [&](unsigned self, worker_log& log, rng& r) {
        std::unique_lock<Mutex> lock(m);
        for (std::uint64_t round = 0;; ++round) {
            wait_for_turn(cv, lock, [&] { return court.turn == self || court.over; }, label, a, self, log, r);
            if (court.over) break;
            const std::uint64_t expected = 2 * round + self;  // the server gets 2r, the returner 2r+1
            if (court.ball != expected) {
                report_broken(label, a, invariant_message, self,
                              "received ball " + std::to_string(court.ball) + ", expected " +
                                  std::to_string(expected));
            }
            court.ball = expected + 1;
            if (self == 0 && stopping(a)) court.over = true;
            court.turn = 1 - self;
            const bool over = court.over;
            notify(cv, lock, r, false);
            log.done_one();
            if (over) break;
            if (r.below(8) == 0) {
                lock.unlock();
                std::this_thread::yield();
                lock.lock();
            }
        }
    };
    return run_workers(spec, opt, a, body, stop_all(a));
}

template <class Mutex, class CV>
run_result condvar_notify_all(std::string_view id, const options& opt, double seconds) {
    const unsigned waiters = std::max(min_notify_all_waiters, opt.threads - 1);
    const std::string label = std::string(id) + "/notify-all";
    Mutex m;
    CV wake;  // waiters wait here for the next generation
    CV gate;  // the notifier waits here until every waiter waits again
    struct {
        std::uint64_t generation = 0;  // guarded by m
        unsigned waiting = 0;          // waiters of this generation; guarded by m
        bool over = false;             // guarded by m
    } hall;
    arena a;
    std::vector<std::string> who = roles(waiters, "waiter");
    who.push_back("notifier");
    const scenario_spec spec{label, "wake-ups", "time-outs", who, seconds, "wait"};
    auto body = [&](unsigned self, worker_log& log, rng& r) {
        std::unique_lock<Mutex> lock(m);
        if (self < waiters) {
            for (;;) {
                const std::uint64_t mine = hall.generation;
                if (++hall.waiting == waiters) gate.notify_one();
                wait_for_turn(wake, lock, [&] { return hall.generation != mine; }, label, a, self, log, r, false);
                if (hall.generation != mine + 1) {
                    report_broken(label, a, invariant_message, self,
                                  "woke in generation " + std::to_string(hall.generation) + " after waiting in " +
                                      std::to_string(mine) + " (a generation went by without it)");
                }
                if (hall.over) break;
                log.done_one();
            }
        } else {
            for (;;) {
                wait_for_turn(gate, lock, [&] { return hall.waiting == waiters; }, label, a, self, log, r);
                hall.waiting = 0;
                ++hall.generation;
                hall.over = stopping(a);
                const bool over = hall.over;
                notify(wake, lock, r, true);
                log.done_one();
                if (over) break;
            }
        }
    };
    return run_workers(spec, opt, a, body, stop_all(a));
}

template <class Mutex, class CV>
run_result condvar_buffer(std::string_view id, std::string_view mutex_id, const options& opt, double seconds) {
    transfer t(producers_and_consumers(opt.threads), std::string(id) + "/buffer+" + std::string(mutex_id), seconds);
    blocking_queue<std::uint64_t, Mutex, CV, platform::native> queue(buffer_capacity);
    auto producer = [&](unsigned p, worker_log& log, rng& r) {
        for (std::uint64_t sequence = 0;; ++sequence) {
            const std::uint64_t v = item(p, sequence);
            const bool use_try = r.below(4) == 0;
            log.begin_wait();
            bool pushed = use_try && queue.try_push(v);
            if (!pushed) {
                if (use_try) log.failed_try();
                pushed = queue.push(v);  // false: closed
            }
            log.end_wait();
            if (!pushed) {
                if (queue.try_push(v)) {
                    t.sent[p].add(v);
                    report_broken(t.label, t.a, invariant_message, p, "try_push succeeded after push reported closed");
                }
                break;
            }
            t.sent[p].add(v);
            log.done_one();
            outside_work(r);
        }
    };
    auto consumer = [&](unsigned self, unsigned c, worker_log& log, rng& r) {
        item_checker checker(t.n.producers);
        for (;;) {
            const bool use_try = r.below(4) == 0;
            log.begin_wait();
            std::optional<std::uint64_t> v;
            if (use_try) {
                v = queue.try_pop();
                if (!v) log.failed_try();
            }
            if (!v) v = queue.pop();  // nothing: closed and drained
            log.end_wait();
            if (!v) {
                if (const std::optional<std::uint64_t> late = queue.try_pop()) {
                    t.received[c].add(*late);
                    report_broken(t.label, t.a, invariant_message, self,
                                  "try_pop found an item after pop reported closed and drained");
                }
                break;
            }
            t.take(&checker, self, c, *v, log);
            outside_work(r, 256);
        }
    };
    auto wind_down = [&](std::vector<std::thread>&) {
        t.a.stop.store(true, std::memory_order_relaxed);  // relaxed: a hint; the joins order the rest
        queue.close();  // under load: producers may be blocked in push, consumers in pop
    };
    return t.run(opt, producer, consumer, wind_down);
}

// Every scenario of CV, sharing --seconds: the buffer's share is split among
// the mutexes it runs with.
template <class CV>
std::vector<run_result> torture_condvar(std::string_view id, const options& opt) {
    std::vector<std::function<run_result(double)>> buffers;
    buffers.push_back(
        [&](double s) { return condvar_buffer<first_mutex, CV>(id, first_condvar_mutex, opt, s); });
    mutex_registry::for_each([&]<class M>() {
        if (M::id != first_condvar_mutex && (opt.mutex == "all" || opt.mutex == M::id)) {
            buffers.push_back([&](double s) {
                return condvar_buffer<typename M::template type<platform::native>, CV>(id, M::id, opt, s);
            });
        }
    });
    const double buffer_seconds = opt.seconds * 0.6 / static_cast<double>(buffers.size());
    std::vector<std::function<run_result()>> scenarios{
        [&] { return condvar_ping_pong<first_mutex, CV>(id, opt, opt.seconds * 0.2); },
        [&] { return condvar_notify_all<first_mutex, CV>(id, opt, opt.seconds * 0.2); },
    };
    for (const auto& b : buffers) scenarios.push_back([&b, buffer_seconds] { return b(buffer_seconds); });
    return run_scenarios(id, scenarios);
}

}  // namespace synclab::stress
