// The condition-variable family's toys (see ../toys.hpp): broken condition
// variables that show the checks of a condition variable can fail.
//
// For the model layer, toy_condvar: a sequence word that every notify
// advances and waiters sleep on (the futex idiom), correct except for its one
// bug, in a place the fault policies cannot reach (a decision, not an order);
// condvar_toys names each bug with the suite that must catch it and Relacy's
// verdict. With the family's mutants (mutants.hpp: every suite runs those),
// each suite family of the model layer's condvar suites is named at least once.
//
// For the stress layer, lost_notify_one_condvar: condvar.std with a
// notify_one that does nothing (notify_all works): the ping-pong partners both
// end up waiting and the watchdog must fire (selftest~cv-lost-notify-one).
//
// For the property and unit layers, lifo_condvar: notify_one wakes the newest
// waiter, which the FIFO checks must refute (deterministically, where an
// unfair real condition variable is unfair only by chance).
#pragma once

#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

#include "../deadline.hpp"
#include "../toys.hpp"
#include "registry.hpp"
#include "std_condvar.hpp"

namespace synclab {

// ---------------------------------------------------------------------------
// The model layer's toy: a sequence word that every notify advances and
// waiters sleep on (the futex idiom), correct except for its one bug.

enum class condvar_bug {
    reads_sequence_after_unlock,  // a waiter reads the sequence after releasing the caller's
                                  // lock: a notify in between is missed and it sleeps through it
    notify_all_wakes_one,         // notify_all wakes a single sleeper
    timeout_ignores_predicate,    // a timed wait with a predicate returns false on a time-out
                                  // without evaluating the predicate again
};

template <class P, class F, condvar_bug Bug>
class toy_condvar {
public:
    toy_condvar() = default;
    toy_condvar(const toy_condvar&) = delete;
    toy_condvar& operator=(const toy_condvar&) = delete;

    template <class Lock>
    void wait(Lock& lock) {
        block(lock, nullptr);
    }
    template <class Lock, class Predicate>
    void wait(Lock& lock, Predicate pred) {
        while (!pred()) block(lock, nullptr);
    }
    template <class Lock, class Clock, class Duration>
    std::cv_status wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& abs) {
        const auto deadline = to_steady(abs);
        return block(lock, &deadline) ? std::cv_status::no_timeout : std::cv_status::timeout;
    }
    template <class Lock, class Clock, class Duration, class Predicate>
    bool wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& abs, Predicate pred) {
        while (!pred()) {
            if (wait_until(lock, abs) == std::cv_status::timeout) {
                if constexpr (Bug == condvar_bug::timeout_ignores_predicate) return false;
                return pred();
            }
        }
        return true;
    }
    template <class Lock, class Rep, class Period>
    std::cv_status wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel) {
        return wait_until(lock, steady_after(rel));
    }
    template <class Lock, class Rep, class Period, class Predicate>
    bool wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel, Predicate pred) {
        return wait_until(lock, steady_after(rel), std::move(pred));
    }

    void notify_one() { notify(1); }
    void notify_all() { notify(Bug == condvar_bug::notify_all_wakes_one ? 1 : INT_MAX); }

private:
    void notify(int sleepers) {
        // seq_cst: with the futex's compare-and-sleep, a waiter whose compare
        // comes after this advance sees it and does not sleep.
        seq_.fetch_add(1, std::memory_order_seq_cst);
        P::futex_wake(seq_, sleepers);
    }

    // Releases `lock`, sleeps while the sequence is unchanged, re-locks; false
    // if the deadline passed.
    template <class Lock>
    bool block(Lock& lock, const std::chrono::steady_clock::time_point* deadline) {
        int seen = 0;
        if constexpr (Bug == condvar_bug::reads_sequence_after_unlock) {
            lock.unlock();
            seen = seq_.load(std::memory_order_relaxed);  // the bug: too late, a notify may be past
        } else {
            // relaxed: the caller's lock orders this read before any notify
            // that must end the wait (our unlock, the notifier's lock).
            seen = seq_.load(std::memory_order_relaxed);
            lock.unlock();
        }
        bool in_time = true;
        if (deadline == nullptr) {
            P::futex_wait(seq_, seen);
        } else {
            in_time = P::futex_wait_until(seq_, seen, *deadline);
        }
        lock.lock();
        return in_time;
    }

    typename P::futex_word seq_{0};
};

template <class P, class F>
using toy_condvar_reads_sequence_after_unlock = toy_condvar<P, F, condvar_bug::reads_sequence_after_unlock>;
template <class P, class F>
using toy_condvar_notify_all_wakes_one = toy_condvar<P, F, condvar_bug::notify_all_wakes_one>;
template <class P, class F>
using toy_condvar_timeout_ignores_predicate = toy_condvar<P, F, condvar_bug::timeout_ignores_predicate>;

constexpr condvar_properties toy_condvar_properties{.fifo = false, .starvation_free = false, .sleeps = true};

// Each bug with the suite that must catch it and Relacy's verdict.
using condvar_toys = registry<
    caught_by<implementation<"condvar.toy~reads-sequence-after-unlock", toy_condvar_reads_sequence_after_unlock,
                             "toy condition variable whose waiter reads the sequence after unlocking",
                             toy_condvar_properties>,
              // DEADLOCK, not LOST_WAKE_UP: the waiter reads the sequence after
              // the notify advanced it and sleeps on the new value, so its futex
              // word still holds what it slept on; only the predicate (the
              // buffer's, not the futex word) says the wait should have ended.
              "buffer", model_verdict::deadlock>,
    caught_by<implementation<"condvar.toy~notify-all-wakes-one", toy_condvar_notify_all_wakes_one,
                             "toy condition variable whose notify_all wakes one sleeper", toy_condvar_properties>,
              "notify_all", model_verdict::lost_wake_up>,
    caught_by<implementation<"condvar.toy~timeout-ignores-predicate", toy_condvar_timeout_ignores_predicate,
                             "toy condition variable whose timed wait returns false on a time-out without "
                             "evaluating the predicate",
                             toy_condvar_properties>,
              "timed", model_verdict::assertion>>;

// ---------------------------------------------------------------------------
// The stress harness's self-test: the platform's condition variable
// (condvar.std), with a notify_one that does nothing.

template <class P, class F = faithful>
class lost_notify_one_condvar : public std_condvar<P, F> {
public:
    void notify_one() noexcept {}  // the bug
};

using condvar_selftests =
    registry<implementation<"selftest~cv-lost-notify-one", lost_notify_one_condvar,
                            "a condition variable whose notify_one does nothing: the watchdog",
                            selftest_properties{selftest_verdict::hang}>>;

// ---------------------------------------------------------------------------
// The property and unit layers' toy.

// A condition variable whose notify_one wakes the newest waiter; waiting()
// says how many wait, so a test can line them up.
template <class P, class F = faithful>
class lifo_condvar {
public:
    template <class Lock>
    void wait(Lock& lock) {
        waiter self;
        std::unique_lock inner(m_);
        stack_.push_back(&self);
        lock.unlock();
        woken_.wait(inner, [&] { return self.notified; });
        inner.unlock();
        lock.lock();
    }
    template <class Lock, class Predicate>
    void wait(Lock& lock, Predicate pred) {
        while (!pred()) wait(lock);
    }
    template <class Lock, class Rep, class Period, class Predicate>
    bool wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel, Predicate pred) {
        const auto deadline = steady_after(rel);
        while (!pred()) {
            waiter self;
            std::unique_lock inner(m_);
            stack_.push_back(&self);
            lock.unlock();
            const bool notified = woken_.wait_until(inner, deadline, [&] { return self.notified; });
            if (!notified) std::erase(stack_, &self);
            inner.unlock();
            lock.lock();
            if (!notified) return pred();
        }
        return true;
    }
    void notify_one() {
        std::lock_guard inner(m_);
        if (stack_.empty()) return;
        stack_.back()->notified = true;
        stack_.pop_back();
        woken_.notify_all();
    }
    void notify_all() {
        std::lock_guard inner(m_);
        for (waiter* w : stack_) w->notified = true;
        stack_.clear();
        woken_.notify_all();
    }
    std::size_t waiting() const {
        std::lock_guard inner(m_);
        return stack_.size();
    }

private:
    struct waiter {
        bool notified = false;
    };
    mutable typename P::mutex m_;
    typename P::condition_variable woken_;
    std::vector<waiter*> stack_;  // newest last
};

}  // namespace synclab
