// The sequential model of a counting semaphore, as rapidcheck stateful
// commands, run from one thread.
//
// Model: the count, an integer in 0..max(). Commands and what each must do:
//   try_acquire()                 true and count-1 if count > 0, else false
//   acquire()                     only generated when count > 0 (so it cannot
//                                 block); returns, count-1 (if it blocks, a
//                                 release(1) from another thread frees it
//                                 after 250 ms and the case fails)
//   try_acquire_for(0..100 us)    as try_acquire (the wait times out at 0)
//   try_acquire_until(past)       as try_acquire, at once: a deadline in the
//                                 past (steady or system clock) never waits
//   release(n)                    0 <= n <= max() - count: count+n
//   release(n) past max()         n > max() - count (for a semaphore whose
//                                 count cannot be read: n > max()), or n < 0:
//                                 throws synclab::contract_violation naming n,
//                                 max() and, where only the count makes n too
//                                 big, the count; the count is unchanged
//   check_count()                 count <= 64: exactly `count` try_acquire()
//                                 succeed and one more fails; then release(count)
//                                 puts them back (a direct look at the count)
// The initial count is random: small (0..5) or near max() (max()-5..max()),
// where release's overflow check is exercised. Construction with a negative
// count or one above max() is checked separately (check_initial_count).
// A failing sequence shrinks to the shortest one and the smallest numbers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "primitives/contract.hpp"
#include "gen_util.hpp"
#include "watchdog.hpp"

namespace synclab::properties {

// Whether release(n) can check count + n against max(): the registry says
// (std::counting_semaphore's wrapper cannot read its count, see std_semaphore.hpp).
template <class Entry, class S>
constexpr bool release_checks_count() {
    return Entry::properties.release_checks_count;
}

struct semaphore_model {
    std::ptrdiff_t count = 0;
    std::ptrdiff_t max = 0;
    bool release_checks_count = true;
};

template <class S>
struct semaphore_sut {
    explicit semaphore_sut(std::ptrdiff_t initial) : sem(initial) {}
    S sem;
};

template <class S>
using semaphore_command = rc::state::Command<semaphore_model, semaphore_sut<S>>;

// How long an acquire() the model says cannot block may take before it is
// deemed blocked: far above the microseconds it takes, short enough that a
// broken semaphore's failing cases shrink quickly.
inline constexpr std::chrono::milliseconds acquire_patience{250};

inline bool mentions(const std::string& text, std::ptrdiff_t value) {
    return text.find(std::to_string(value)) != std::string::npos;
}

template <class S>
struct cmd_try_acquire : semaphore_command<S> {
    void apply(semaphore_model& m) const override {
        if (m.count > 0) --m.count;
    }
    void run(const semaphore_model& m, semaphore_sut<S>& sut) const override {
        RC_ASSERT(sut.sem.try_acquire() == (m.count > 0));
    }
    void show(std::ostream& os) const override { os << "try_acquire()"; }
};

template <class S>
struct cmd_acquire : semaphore_command<S> {
    void checkPreconditions(const semaphore_model& m) const override { RC_PRE(m.count > 0); }
    void apply(semaphore_model& m) const override { --m.count; }
    void run(const semaphore_model& m, semaphore_sut<S>& sut) const override {
        // A semaphore that lost permits blocks here. Then another thread frees
        // it with release(1) after acquire_patience and the case fails; if even
        // that does not free it, the watchdog reports the hang.
        std::mutex m_done;
        std::condition_variable done_changed;
        bool done = false, freed = false;
        std::thread rescuer([&] {
            std::unique_lock lock(m_done);
            if (!done_changed.wait_for(lock, acquire_patience, [&] { return done; })) {
                freed = true;
                sut.sem.release(1);
            }
        });
        {
            hang_guard guard("acquire() with count " + std::to_string(m.count) +
                             " in the model did not return, even after a release(1)");
            sut.sem.acquire();
        }
        {
            std::lock_guard lock(m_done);
            done = true;
        }
        done_changed.notify_one();
        rescuer.join();
        if (freed) {
            RC_FAIL("acquire() with count " + std::to_string(m.count) + " in the model blocked (freed after " +
                    std::to_string(acquire_patience.count()) + " ms by a release(1) from another thread)");
        }
    }
    void show(std::ostream& os) const override { os << "acquire()"; }
};

template <class S>
struct cmd_try_acquire_for : semaphore_command<S> {
    std::chrono::microseconds timeout{*rc::gen::inRange(0, 101)};
    void apply(semaphore_model& m) const override {
        if (m.count > 0) --m.count;
    }
    void run(const semaphore_model& m, semaphore_sut<S>& sut) const override {
        hang_guard guard("try_acquire_for(" + std::to_string(timeout.count()) + " us) did not return");
        RC_ASSERT(sut.sem.try_acquire_for(timeout) == (m.count > 0));
    }
    void show(std::ostream& os) const override { os << "try_acquire_for(" << timeout.count() << " us)"; }
};

template <class S>
struct cmd_try_acquire_until_past : semaphore_command<S> {
    std::chrono::microseconds ago{*rc::gen::inRange(0, 1'000'001)};
    bool system_clock = *rc::gen::arbitrary<bool>();
    void apply(semaphore_model& m) const override {
        if (m.count > 0) --m.count;
    }
    void run(const semaphore_model& m, semaphore_sut<S>& sut) const override {
        hang_guard guard("try_acquire_until(a deadline in the past) did not return");
        const bool got = system_clock ? sut.sem.try_acquire_until(std::chrono::system_clock::now() - ago)
                                      : sut.sem.try_acquire_until(std::chrono::steady_clock::now() - ago);
        RC_ASSERT(got == (m.count > 0));
    }
    void show(std::ostream& os) const override {
        os << "try_acquire_until(" << (system_clock ? "system" : "steady") << "_clock::now() - " << ago.count()
           << " us)";
    }
};

template <class S>
struct cmd_release : semaphore_command<S> {
    std::ptrdiff_t n = 0;
    explicit cmd_release(const semaphore_model& m) {
        const std::ptrdiff_t room = m.max - m.count;
        // Mostly small; sometimes exactly up to max().
        n = room <= 4 ? *rc::gen::inRange<std::ptrdiff_t>(0, room + 1)
                      : *mostly(rc::gen::inRange<std::ptrdiff_t>(0, 5), 6, rc::gen::just(room));
    }
    void checkPreconditions(const semaphore_model& m) const override { RC_PRE(n <= m.max - m.count); }
    void apply(semaphore_model& m) const override { m.count += n; }
    void run(const semaphore_model&, semaphore_sut<S>& sut) const override { sut.sem.release(n); }
    void show(std::ostream& os) const override { os << "release(" << n << ")"; }
};

template <class S>
struct cmd_release_past_max : semaphore_command<S> {
    std::ptrdiff_t n = 0;
    explicit cmd_release_past_max(const semaphore_model& m) {
        const std::ptrdiff_t over = *rc::gen::inRange<std::ptrdiff_t>(1, 4);
        const std::ptrdiff_t limit = m.release_checks_count ? m.max - m.count : m.max;
        const bool negative = *mostly(false, 3, rc::gen::just(true)) ||
                              limit > std::numeric_limits<std::ptrdiff_t>::max() - over;
        if (negative) {
            n = -over;
        } else {
            n = limit + over;
        }
    }
    void checkPreconditions(const semaphore_model& m) const override {
        RC_PRE(n < 0 || n > (m.release_checks_count ? m.max - m.count : m.max));
    }
    void run(const semaphore_model& m, semaphore_sut<S>& sut) const override {
        try {
            sut.sem.release(n);
        } catch (const contract_violation& e) {
            const std::string what = e.what();
            RC_ASSERT(mentions(what, n));
            if (n > 0) RC_ASSERT(mentions(what, m.max));
            if (n > 0 && n <= m.max) RC_ASSERT(mentions(what, m.count));  // only the count makes it too big
            return;
        }
        RC_FAIL("release(" + std::to_string(n) + ") with count " + std::to_string(m.count) + " and max() " +
                std::to_string(m.max) + " did not throw contract_violation");
    }
    void show(std::ostream& os) const override { os << "release(" << n << ") [must throw]"; }
};

template <class S>
struct cmd_check_count : semaphore_command<S> {
    void checkPreconditions(const semaphore_model& m) const override { RC_PRE(m.count <= 64); }
    void run(const semaphore_model& m, semaphore_sut<S>& sut) const override {
        for (std::ptrdiff_t i = 0; i < m.count; ++i) {
            if (!sut.sem.try_acquire()) {
                RC_FAIL("count is " + std::to_string(i) + ", the model says " + std::to_string(m.count));
            }
        }
        if (sut.sem.try_acquire()) RC_FAIL("count is above " + std::to_string(m.count) + ", the model's");
        sut.sem.release(m.count);
    }
    void show(std::ostream& os) const override { os << "check_count()"; }
};

// The sequential property: a random initial count, then a generated command
// sequence against the model.
template <class S>
void check_semaphore_sequential(bool release_checks_count) {
    constexpr std::ptrdiff_t max = S::max();
    const std::ptrdiff_t initial =
        *mostly(rc::gen::inRange<std::ptrdiff_t>(0, 6), 3,
                rc::gen::map(rc::gen::inRange<std::ptrdiff_t>(0, 6), [](std::ptrdiff_t d) { return max - d; }));
    RC_TAG(initial <= 5 ? "initial count small" : "initial count near max()");
    semaphore_sut<S> sut(initial);
    rc::state::check(semaphore_model{initial, max, release_checks_count}, sut,
                     rc::state::gen::execOneOfWithArgs<cmd_try_acquire<S>, cmd_acquire<S>, cmd_try_acquire_for<S>,
                                                       cmd_try_acquire_until_past<S>, cmd_release<S>,
                                                       cmd_release_past_max<S>, cmd_check_count<S>>());
}

// Construction: a negative count or one above max() throws contract_violation
// naming the value and max(); 0 and max() construct.
template <class S>
void check_initial_count() {
    constexpr std::ptrdiff_t max = S::max();
    { S ok(0); }
    { S ok(max); }
    const bool negative = max > std::numeric_limits<std::ptrdiff_t>::max() - 1000 || *rc::gen::arbitrary<bool>();
    const auto below_zero =
        mostly(rc::gen::map(rc::gen::inRange<std::ptrdiff_t>(1, 1001), [](std::ptrdiff_t d) { return -d; }), 4,
               rc::gen::just(std::numeric_limits<std::ptrdiff_t>::min()));
    const std::ptrdiff_t bad = negative ? *below_zero : max + *rc::gen::inRange<std::ptrdiff_t>(1, 1001);
    try {
        S sem(bad);
    } catch (const contract_violation& e) {
        const std::string what = e.what();
        RC_ASSERT(mentions(what, bad));
        RC_ASSERT(mentions(what, max));
        return;
    }
    RC_FAIL("constructing with count " + std::to_string(bad) + " (max() " + std::to_string(max) +
            ") did not throw contract_violation");
}

}  // namespace synclab::properties
