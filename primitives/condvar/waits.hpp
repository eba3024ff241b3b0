// The six waiting forms of std::condition_variable_any, written once for the
// condition variables of this family (futex_condvar, ticket_condvar,
// spin_condvar), so each of those headers holds only its protocol.
//
// An implementation derives from condvar_waits<itself, P> and supplies one
// primitive:
//
//     template <class Lock>
//     bool block(Lock& lock, const std::chrono::steady_clock::time_point* deadline);
//
// called with `lock` held: it releases `lock`, waits until notified (or
// spuriously, or, when `deadline` is not null, until the deadline passes) and
// re-acquires `lock` before returning. It returns false only when it gave up
// because the deadline passed.
//
// The forms on top, as the standard specifies them ([thread.condvarany.wait]):
// a predicate loop re-checks under the lock (Mesa semantics: a wake-up is a
// hint); a timed wait with a predicate that times out returns the predicate's
// value then; a deadline already passed times out at once, without releasing
// the lock or sleeping (as if the time-out came the moment the wait began).
// Deadlines of any clock are carried over to steady_clock (deadline.hpp), the
// clock the seam's timed waits take.
//
// Fault site: sleep (the predicate loop of wait(lock, pred), run once), for an
// implementation that passes its fault policy F on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <utility>

#include "../deadline.hpp"
#include "../fault.hpp"

namespace synclab {

template <class Derived, class P, class F = faithful>
class condvar_waits {
public:
    template <class Lock>
    void wait(Lock& lock) {
        self().block(lock, nullptr);
    }
    template <class Lock, class Predicate>
    void wait(Lock& lock, Predicate pred) {
        if constexpr (F::waits_once(site::sleep)) {
            // Mutant (condvar.futex~if-not-while): `if` instead of `while`. A
            // spurious wake-up, or a notification another waiter already used,
            // returns with the predicate false.
            if (!pred()) self().block(lock, nullptr);
            return;
        }
        while (!pred()) self().block(lock, nullptr);  // (recheck)
    }

    template <class Lock, class Clock, class Duration>
    std::cv_status wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& abs) {
        return wait_until_steady(lock, to_steady(abs));
    }
    template <class Lock, class Clock, class Duration, class Predicate>
    bool wait_until(Lock& lock, const std::chrono::time_point<Clock, Duration>& abs, Predicate pred) {
        return wait_until_steady(lock, to_steady(abs), pred);
    }
    template <class Lock, class Rep, class Period>
    std::cv_status wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel) {
        return wait_until_steady(lock, steady_after(rel));
    }
    template <class Lock, class Rep, class Period, class Predicate>
    bool wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& rel, Predicate pred) {
        return wait_until_steady(lock, steady_after(rel), pred);
    }

protected:
    condvar_waits() = default;
    ~condvar_waits() = default;

private:
    template <class Lock>
    std::cv_status wait_until_steady(Lock& lock, std::chrono::steady_clock::time_point deadline) {
        // A deadline already passed: time out now, no unlock, no sleep.
        if (P::deadline_passed(deadline)) return std::cv_status::timeout;
        return self().block(lock, &deadline) ? std::cv_status::no_timeout : std::cv_status::timeout;
    }
    template <class Lock, class Predicate>
    bool wait_until_steady(Lock& lock, std::chrono::steady_clock::time_point deadline, Predicate& pred) {
        while (!pred()) {
            if (wait_until_steady(lock, deadline) == std::cv_status::timeout) return pred();
        }
        return true;
    }

    Derived& self() noexcept { return static_cast<Derived&>(*this); }
};

}  // namespace synclab
