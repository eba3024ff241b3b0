// Broken semaphores and condition variables that prove each suite of this
// layer can fail: every suite family of semaphore_suites and condvar_suites is
// named below by at least one entry that it must catch, with the verdict
// Relacy must give. The CTest tests model.mutant.<id> run each in its suite
// only (synclab_model ID --suite SUITE --expect VERDICT).
//
// Two kinds:
//   - toys: a small semaphore (count, mutex, condition variable) and a small
//     condition variable (a futex sequence word), each with one deliberate,
//     realistic bug in a place the fault policies cannot reach (a decision,
//     not an order). They exist only to be caught.
// The mutants made with a fault policy are the families' shared lists
// (primitives/<family>/mutants.hpp), whose entries run in every suite.
#pragma once

#include "models/suite.hpp"

namespace synclab::models {

// registry<A..., B...> from registry<A...> and registry<B...>.
template <class R1, class R2>
struct concat_registries;
template <class... A, class... B>
struct concat_registries<registry<A...>, registry<B...>> {
    using type = registry<A..., B...>;
};

// A broken variant that suite (or family) Suite must catch with Verdict.
// Entry gives id, description, properties and type<P, F>.
template <class Entry, fixed_string Suite, model_verdict Verdict>
struct caught_by : Entry {
    static constexpr std::string_view suite = Suite;
    static constexpr model_verdict verdict = Verdict;
};

// ---------------------------------------------------------------------------
// The toy semaphore: count_ guarded by m_, waiters on cv_ (the monitor
// construction), correct except for its one bug.

enum class semaphore_bug {
    check_then_take,         // sees a permit under the lock, takes it under a second lock:
                             // two threads can both see the last one
    wake_only_from_zero,     // release notifies only when the count was 0: a second
                             // sleeper is never woken while permits pile up
    release_wakes_one,       // release(n) notifies one waiter, whatever n
    timed_out_takes_permit,  // a timed acquire that times out takes a permit that arrived
                             // meanwhile but still reports the time-out
    timed_waits_first,       // a timed acquire waits before it looks at the count, so it
                             // can time out with permits there
};

template <class P, class F, semaphore_bug Bug>
class toy_semaphore {
public:
    static constexpr std::ptrdiff_t max() noexcept { return 1 << 20; }

    explicit toy_semaphore(std::ptrdiff_t initial) : count_(initial) {}
    toy_semaphore(const toy_semaphore&) = delete;
    toy_semaphore& operator=(const toy_semaphore&) = delete;

    void acquire() {
        std::unique_lock<typename P::mutex> lock(m_);
        while (count_.get() <= 0) cv_.wait(lock);
        if constexpr (Bug == semaphore_bug::check_then_take) {
            lock.unlock();  // the bug: the permit seen is taken under a second lock
            lock.lock();
        }
        count_.set(count_.get() - 1);
    }

    bool try_acquire() {
        std::unique_lock<typename P::mutex> lock(m_);
        if (count_.get() <= 0) return false;
        if constexpr (Bug == semaphore_bug::check_then_take) {
            lock.unlock();
            lock.lock();
        }
        count_.set(count_.get() - 1);
        return true;
    }

    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        return try_acquire_until(steady_after(rel));
    }

    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        std::unique_lock<typename P::mutex> lock(m_);
        if constexpr (Bug == semaphore_bug::timed_waits_first) {
            do {
                if (cv_.wait_until(lock, abs) == std::cv_status::timeout) return false;
            } while (count_.get() <= 0);
            count_.set(count_.get() - 1);
            return true;
        } else {
            bool timed_out = false;
            while (count_.get() <= 0) {
                if (cv_.wait_until(lock, abs) == std::cv_status::timeout) {
                    timed_out = true;
                    break;
                }
            }
            if constexpr (Bug == semaphore_bug::timed_out_takes_permit) {
                if (count_.get() > 0) count_.set(count_.get() - 1);
                return !timed_out;  // the bug: the permit taken is reported as a time-out
            }
            if (count_.get() <= 0) return false;
            if constexpr (Bug == semaphore_bug::check_then_take) {
                lock.unlock();
                lock.lock();
            }
            count_.set(count_.get() - 1);
            return true;
        }
    }

    void release(std::ptrdiff_t n = 1) {
        std::ptrdiff_t was = 0;
        {
            std::unique_lock<typename P::mutex> lock(m_);
            was = count_.get();
            count_.set(was + n);
        }
        if constexpr (Bug == semaphore_bug::release_wakes_one) {
            cv_.notify_one();
            return;
        }
        if (Bug == semaphore_bug::wake_only_from_zero && was != 0) return;
        for (std::ptrdiff_t k = 0; k < n; ++k) cv_.notify_one();
    }

private:
    typename P::mutex m_;
    typename P::condition_variable cv_;
    typename P::template plain<std::ptrdiff_t> count_;  // guarded by m_
};

template <class P, class F>
using toy_semaphore_check_then_take = toy_semaphore<P, F, semaphore_bug::check_then_take>;
template <class P, class F>
using toy_semaphore_wake_only_from_zero = toy_semaphore<P, F, semaphore_bug::wake_only_from_zero>;
template <class P, class F>
using toy_semaphore_release_wakes_one = toy_semaphore<P, F, semaphore_bug::release_wakes_one>;
template <class P, class F>
using toy_semaphore_timed_out_takes_permit = toy_semaphore<P, F, semaphore_bug::timed_out_takes_permit>;
template <class P, class F>
using toy_semaphore_timed_waits_first = toy_semaphore<P, F, semaphore_bug::timed_waits_first>;

constexpr semaphore_properties toy_semaphore_properties{.fifo = false, .starvation_free = false, .sleeps = true,
                                                               .release_syscall_free = false, .release_checks_count = true};

// ---------------------------------------------------------------------------
// The toy condition variable: a sequence word that every notify advances and
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

// ---------------------------------------------------------------------------
// The lists. With the families' shared mutant lists (semaphore/mutants.hpp,
// condvar/mutants.hpp: every suite runs those), each suite family of
// semaphore_suites and condvar_suites is named here at least once.

using semaphore_toys = registry<
    caught_by<implementation<"semaphore.toy~check-then-take", toy_semaphore_check_then_take,
                             "toy semaphore that sees a permit under its lock and takes it under a second lock",
                             toy_semaphore_properties>,
              "locker_room", model_verdict::data_race>,
    caught_by<implementation<"semaphore.toy~wake-only-from-zero", toy_semaphore_wake_only_from_zero,
                             "toy semaphore whose release notifies only when the count was 0",
                             toy_semaphore_properties>,
              "buffer", model_verdict::deadlock>,
    caught_by<implementation<"semaphore.toy~timed-out-takes-permit", toy_semaphore_timed_out_takes_permit,
                             "toy semaphore whose timed acquire takes a permit as it times out and reports the time-out",
                             toy_semaphore_properties>,
              "timed", model_verdict::deadlock>,
    caught_by<implementation<"semaphore.toy~timed-waits-first", toy_semaphore_timed_waits_first,
                             "toy semaphore whose timed acquire waits before looking at the count",
                             toy_semaphore_properties>,
              "timed", model_verdict::assertion>,
    caught_by<implementation<"semaphore.toy~release-wakes-one", toy_semaphore_release_wakes_one,
                             "toy semaphore whose release(n) notifies one waiter", toy_semaphore_properties>,
              "release_n", model_verdict::deadlock>>;

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

}  // namespace synclab::models
