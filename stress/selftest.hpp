// The harness's own checks, shown able to fail: deliberately broken stand-ins
// for each concept that the harness must fail without help from the mutant
// lists of primitives/ (those are shared with the other checkers:
// primitives/mutex/mutants.hpp, primitives/semaphore/mutants.hpp):
//
//   selftest~no-lock             a lock that does nothing: the owner count and
//                                the plain counter must break (exclusion)
//   selftest~sem-no-block        a semaphore whose acquire never blocks: the
//                                locker room's holder count must pass its
//                                permits (holders)
//   selftest~cv-lost-notify-one  a condition variable whose notify_one does
//                                nothing (notify_all works): the ping-pong
//                                partners both end up waiting and the
//                                watchdog must fire (hang)
//
// A semaphore that loses a wake-up is not here: primitives/semaphore/mutants.hpp
// has three (semaphore.futex, .ticket, .mutex_cv ~missing-wake), each a run the
// watchdog must end.
#pragma once

#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstddef>

#include "primitives/condvar/std_condvar.hpp"
#include "primitives/registry.hpp"

namespace synclab::stress {

template <class P, class F>
struct no_lock {
    void lock() {}
    bool try_lock() { return true; }
    void unlock() {}
};

// What the harness must report for a self-test (spelled as --list-mutants prints it).
enum class selftest_verdict { exclusion, holders, hang };

constexpr const char* spelled(selftest_verdict v) {
    switch (v) {
    case selftest_verdict::exclusion: return "exclusion";
    case selftest_verdict::holders: return "holders";
    case selftest_verdict::hang: return "hang";
    }
    return "?";
}

struct selftest_properties {
    selftest_verdict expect;
};

using selftest_registry = registry<implementation<"selftest~no-lock", no_lock,
                                                  "lock() and unlock() do nothing: the harness's own checks",
                                                  selftest_properties{selftest_verdict::exclusion}>>;

// Every acquire succeeds at once: no count at all.
template <class P, class F>
struct no_block_semaphore {
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }
    explicit no_block_semaphore(std::ptrdiff_t) {}
    void acquire() {}
    bool try_acquire() { return true; }
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>&) {
        return true;
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>&) {
        return true;
    }
    void release(std::ptrdiff_t = 1) {}
};

using selftest_semaphore_registry =
    registry<implementation<"selftest~sem-no-block", no_block_semaphore,
                            "a semaphore whose acquire never blocks: the locker room's holder count",
                            selftest_properties{selftest_verdict::holders}>>;

// The platform's condition variable (condvar.std), with a notify_one that does nothing.
template <class P, class F>
class lost_notify_one_condvar : public std_condvar<P, F> {
public:
    void notify_one() noexcept {}  // the bug
};

using selftest_condvar_registry =
    registry<implementation<"selftest~cv-lost-notify-one", lost_notify_one_condvar,
                            "a condition variable whose notify_one does nothing: the watchdog",
                            selftest_properties{selftest_verdict::hang}>>;

}  // namespace synclab::stress
