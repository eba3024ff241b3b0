// Preference of a reader-writer lock, as its registry entry states it
// (rwlock_properties::preference): in what order waiting readers and writers
// are let in.
//
// The property, for a lock L:
//   1. The test takes the lock, as a reader or as a writer (generated where
//      the preference says something about both; a reader otherwise).
//   2. N waiters (2..5), each a reader or a writer (generated), arrive one at
//      a time. The test waits until waiter i has either entered, or begun to
//      wait inside lock() / lock_shared(), so the arrival order is known, not
//      guessed. A waiter that enters takes a ticket (one seq_cst counter, so
//      tickets order the entries) and leaves at once.
//   3. The test takes a ticket and leaves. The entries must be in the order
//      the preference promises, given who arrived when:
//
//      readers     (the test a reader) every reader enters while the test is
//                  inside, writers waiting or not; the writers after it.
//      writers     (the test a reader) the readers that came before the first
//                  writer enter at once; those after it wait for it: a
//                  waiting writer keeps new readers out. (Nothing is claimed
//                  about later writers: writers need not queue in order, and
//                  a writer waiting for another writer need not keep readers
//                  out: rwlock.distributed's does not.)
//      phase_fair  a reader waits for at most one writer: the readers wait
//                  only for the writer inside or the first to wait, then all
//                  enter together, before the next writer; writers in arrival
//                  order. The test a writer: every reader, then the writers
//                  in order. The test a reader: the readers before the first
//                  writer at once, then that writer, then every later reader,
//                  then the other writers in order.
//      task_fair   arrival order: each run of consecutive readers enters
//                  together (any order within it), each writer alone; the
//                  test a reader, the first run at once.
//
// "Has begun to wait" is observed through the platform seam, with no help
// from the lock, as in mutex_fairness.hpp: the lock runs over
// waiting_observed, which marks a waiter at its first pause, yield or futex
// wait; a lock waits only after its doorway. A lock whose waiters sleep
// spins first, before it tells the lock it waits (a futex word's waiting
// bit), so for one whose entry says it sleeps, only the futex wait marks.
// rwlock.std waits inside glibc, which the seam does not see: its
// P::shared_mutex marks a caller whose try fails, just before it blocks, so
// its arrivals are ordered only probably (its readers' preference does not
// depend on the order among arrivals, only on whether a reader waits).
// A waiter that never enters is a hang, reported by the watchdog. Failures
// shrink to the fewest waiters.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <rapidcheck.h>

#include "fairness.hpp"
#include "primitives/rwlock/registry.hpp"
#include "waiting_observed.hpp"

namespace synclab::properties {

// The generated case: the test's role, then each waiter's (true: a writer).
struct rw_arrivals {
    bool test_writes = false;
    std::vector<bool> writers;
};

// The entries a preference promises, given the arrivals: `at_once` enter
// while the test is inside; then each group, in order, after the test left
// (the members of one group in any order among themselves). A waiter in
// neither may enter at any time after the test left.
struct rw_expected_order {
    std::vector<int> at_once;
    std::vector<std::vector<int>> groups;
};

inline rw_expected_order expected_order(rwlock_preference preference, const rw_arrivals& a) {
    rw_expected_order e;
    const int n = static_cast<int>(a.writers.size());
    std::vector<int> readers, writers;
    for (int i = 0; i < n; ++i) (a.writers[i] ? writers : readers).push_back(i);
    const auto first_writer = std::find(a.writers.begin(), a.writers.end(), true) - a.writers.begin();
    const auto push = [&](std::vector<int> g) {
        if (!g.empty()) e.groups.push_back(std::move(g));
    };
    switch (preference) {
    case rwlock_preference::readers:  // the test a reader
        e.at_once = readers;
        push(writers);
        break;
    case rwlock_preference::writers: {  // the test a reader; later writers in any order
        std::vector<int> later_readers;
        for (int r : readers) (r < first_writer ? e.at_once : later_readers).push_back(r);
        if (first_writer < n) push({static_cast<int>(first_writer)});
        push(later_readers);
        break;
    }
    case rwlock_preference::phase_fair:
        if (a.test_writes) {
            push(readers);
            for (int w : writers) push({w});
        } else {
            std::vector<int> later_readers;
            for (int r : readers) (r < first_writer ? e.at_once : later_readers).push_back(r);
            if (!writers.empty()) push({writers.front()});
            push(later_readers);
            for (std::size_t k = 1; k < writers.size(); ++k) push({writers[k]});
        }
        break;
    case rwlock_preference::task_fair:
        for (int i = 0; i < n;) {
            std::vector<int> run{i};
            if (!a.writers[i]) {
                while (i + 1 < n && !a.writers[i + 1]) run.push_back(++i);
            }
            ++i;
            if (!a.test_writes && e.at_once.empty() && e.groups.empty() && !a.writers[run.front()]) {
                e.at_once = run;
            } else {
                push(run);
            }
        }
        break;
    }
    return e;
}

// Whether the preference says anything when the test holds the lock as a
// writer (readers and writers preferences promise only the reader case).
constexpr bool orders_after_a_writer(rwlock_preference p) {
    return p == rwlock_preference::phase_fair || p == rwlock_preference::task_fair;
}

namespace detail {

inline std::string roles_string(const rw_arrivals& a) {
    std::string s = std::string("the test held it as a ") + (a.test_writes ? "writer" : "reader") + "; arrived";
    for (std::size_t i = 0; i < a.writers.size(); ++i) s += " " + std::string(a.writers[i] ? "W" : "R") + std::to_string(i);
    return s;
}

inline std::string group_string(const std::vector<int>& g, const rw_arrivals& a) {
    std::string s = "{";
    for (std::size_t k = 0; k < g.size(); ++k) s += (k ? " " : "") + std::string(a.writers[g[k]] ? "W" : "R") + std::to_string(g[k]);
    return s + "}";
}

}  // namespace detail

// The first way the entries (tickets per waiter, the test's own exit ticket)
// break the expected order, or nothing.
inline std::optional<std::string> check_rw_order(const rw_arrivals& a, const rw_expected_order& e,
                                                 const std::vector<std::uint64_t>& entered, std::uint64_t test_left) {
    std::string seen = detail::roles_string(a) + "; entered in the order";
    std::vector<int> by_ticket(a.writers.size());
    for (std::size_t i = 0; i < by_ticket.size(); ++i) by_ticket[i] = static_cast<int>(i);
    std::sort(by_ticket.begin(), by_ticket.end(), [&](int x, int y) { return entered[x] < entered[y]; });
    bool said_exit = false;
    for (int i : by_ticket) {
        if (!said_exit && entered[i] > test_left) {
            seen += " | test left |";
            said_exit = true;
        }
        seen += " " + std::string(a.writers[i] ? "W" : "R") + std::to_string(i);
    }
    std::string promised = "promised: " + detail::group_string(e.at_once, a) + " while the test was inside";
    for (const auto& g : e.groups) promised += ", then " + detail::group_string(g, a);
    const auto fail = [&](const std::string& what) -> std::optional<std::string> {
        return what + " (" + seen + "; " + promised + ")";
    };
    for (int i : e.at_once) {
        if (entered[i] > test_left) return fail(std::to_string(i) + " waited for the test to leave");
    }
    std::uint64_t before = test_left;
    for (const auto& g : e.groups) {
        std::uint64_t first = UINT64_MAX, last = 0;
        for (int i : g) {
            first = std::min(first, entered[i]);
            last = std::max(last, entered[i]);
        }
        if (first < before) return fail("group " + detail::group_string(g, a) + " entered too early");
        before = last;
    }
    return std::nullopt;
}

template <class L>
void check_rwlock_order(rwlock_preference preference, bool sleeps, const rw_arrivals& a) {
    const std::size_t n = a.writers.size();
    const rw_expected_order expected = expected_order(preference, a);
    L lock;
    std::atomic<std::uint64_t> ticket{1};
    std::vector<std::atomic<bool>> settled(n);          // began to wait, or entered
    std::vector<std::uint64_t> entered(n, 0);           // written by waiter i, read after the joins
    std::vector<std::thread> waiters;
    std::string failure;
    if (a.test_writes) lock.lock();
    else lock.lock_shared();
    for (std::size_t i = 0; i < n && failure.empty(); ++i) {
        waiters.emplace_back([&, i] {
            waiting_observed::waiting_mark = &settled[i];
            waiting_observed::mark_only_asleep = sleeps;
            if (a.writers[i]) lock.lock();
            else lock.lock_shared();
            waiting_observed::waiting_mark = nullptr;
            // seq_cst: one order of every entry and the test's exit.
            entered[i] = ticket.fetch_add(1, std::memory_order_seq_cst);
            // release: pairs with the acquire load below (a waiter that never waited).
            settled[i].store(true, std::memory_order_release);
            if (a.writers[i]) lock.unlock();
            else lock.unlock_shared();
        });
        // acquire: pairs with the release store in waiting_observed::mark() or the one above.
        if (!detail::await([&] { return settled[i].load(std::memory_order_acquire); })) {
            failure = std::string(a.writers[i] ? "writer " : "reader ") + std::to_string(i) +
                      " neither entered nor began to wait (no pause, yield or futex wait through the platform) "
                      "within " +
                      seconds_string(detail::patience());
        }
    }
    // seq_cst: as the waiters' tickets.
    const std::uint64_t test_left = ticket.fetch_add(1, std::memory_order_seq_cst);
    if (a.test_writes) lock.unlock();
    else lock.unlock_shared();
    detail::join_or_hang(waiters, "order: a waiter never entered after the test left (a lost wake-up, or a lock "
                                  "that never hands over)");
    if (!failure.empty()) RC_FAIL(failure);
    if (auto wrong = check_rw_order(a, expected, entered, test_left)) RC_FAIL(*wrong);
}

// The generated case: 2..5 waiters (fewer where the lock serves at most
// max_threads threads), each a writer with probability 1/2, at full size.
inline rw_arrivals gen_rw_arrivals(rwlock_preference preference, unsigned max_threads = 0) {
    rw_arrivals a;
    const std::size_t most = max_threads == 0 ? 5 : std::max<std::size_t>(1, std::min<std::size_t>(5, max_threads - 1));
    const auto n = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(std::min<std::size_t>(2, most), most + 1))
                        .as("waiters");
    a.test_writes = orders_after_a_writer(preference) && *rc::gen::arbitrary<bool>().as("test holds it as a writer");
    a.writers = *rc::gen::container<std::vector<bool>>(n, rc::gen::arbitrary<bool>()).as("writers");
    return a;
}

}  // namespace synclab::properties
