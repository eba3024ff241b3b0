// Concurrent scenarios: what rapidcheck generates for the concurrent property,
// and how one is run on real threads into a history (see history.hpp).
//
// A scenario is 2-4 per-thread programs; a program is 1-6 operations. An
// operation takes the lock (lock() or try_lock()), spins cs_spins pauses in
// the critical section, unlocks, then spins outside_spins pauses; it may yield
// inside the critical section or outside it. Shrinking drops threads and ops,
// turns try_lock into lock, shortens spins and removes yields.
#pragma once

#include <atomic>
#include <cstdint>
#include <latch>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <rapidcheck.h>

#include "history.hpp"
#include "primitives/platform/native.hpp"
#include "watchdog.hpp"

namespace synclab::properties {

enum class yield_at : std::uint8_t { none, in_cs, outside };

struct op {
    op_kind kind = op_kind::lock;
    unsigned cs_spins = 0;
    unsigned outside_spins = 0;
    yield_at yield = yield_at::none;
};

struct scenario {
    std::vector<std::vector<op>> threads;
};

// Readable counterexamples: rapidcheck finds these by argument-dependent lookup.
void showValue(const op& o, std::ostream& os);
void showValue(const scenario& s, std::ostream& os);

// 2 to max_threads threads (at most 4; a lock made for two threads gets 2).
rc::Gen<scenario> gen_scenario(std::size_t max_threads = 4);

// One run's outcome: the merged history and what the checker must expect.
struct run_record {
    std::vector<event> history;
    expectation expected;
};

namespace detail {

inline void spin(unsigned pauses) { platform::native::spin_pause(pauses); }

// Appends one event with the next global ticket.
inline void record(std::vector<event>& out, std::atomic<std::uint64_t>& ticket, std::uint16_t thread,
                   event_kind kind, std::uint16_t op_index) {
    // seq_cst: one total order over all tickets, consistent with the
    // happens-before the lock's own release/acquire pairs create.
    const auto seq = ticket.fetch_add(1, std::memory_order_seq_cst);
    out.push_back(event{seq, thread, kind, op_index});
}

}  // namespace detail

// Runs the scenario once against a fresh M; all threads start together.
template <class M>
run_record run_scenario(const scenario& s, bool try_lock_may_fail_spuriously) {
    const std::size_t n = s.threads.size();
    M mutex;
    std::atomic<std::uint64_t> ticket{1};
    std::latch start(static_cast<std::ptrdiff_t>(n));
    std::vector<std::vector<event>> events(n);
    run_record r;
    r.expected.try_lock_may_fail_spuriously = try_lock_may_fail_spuriously;
    r.expected.ops.resize(n);
    r.expected.acquired.resize(n);
    for (std::size_t t = 0; t < n; ++t) {
        for (const op& o : s.threads[t]) r.expected.ops[t].push_back(o.kind);
        r.expected.acquired[t].assign(s.threads[t].size(), false);
        events[t].reserve(4 * s.threads[t].size());
    }
    std::vector<std::thread> workers;
    workers.reserve(n);
    for (std::size_t t = 0; t < n; ++t) {
        workers.emplace_back([&, t] {
            const auto id = static_cast<std::uint16_t>(t);
            auto& out = events[t];
            std::vector<bool>& acquired = r.expected.acquired[t];  // only this thread writes it
            start.arrive_and_wait();
            for (std::size_t i = 0; i < s.threads[t].size(); ++i) {
                const op& o = s.threads[t][i];
                const auto index = static_cast<std::uint16_t>(i);
                detail::record(out, ticket, id, event_kind::call, index);
                bool got = true;
                if (o.kind == op_kind::lock) {
                    mutex.lock();
                } else {
                    got = mutex.try_lock();
                }
                acquired[i] = got;
                if (got) {
                    detail::record(out, ticket, id, event_kind::enter, index);
                    detail::spin(o.cs_spins);
                    if (o.yield == yield_at::in_cs) std::this_thread::yield();
                    detail::record(out, ticket, id, event_kind::exit, index);
                    mutex.unlock();
                    detail::record(out, ticket, id, event_kind::released, index);
                } else {
                    detail::record(out, ticket, id, event_kind::failed, index);
                }
                detail::spin(o.outside_spins);
                if (o.yield == yield_at::outside) std::this_thread::yield();
            }
        });
    }
    for (auto& w : workers) w.join();
    r.history = merge(events);
    return r;
}

// The concurrent property for one scenario: `runs` runs, each history checked.
// Fails (RC_FAIL) with the violation and the offending history. Classifies the
// case by whether some try_lock failed (rule 4 of the checker then applied).
// A run that does not finish within hang_limit() (a lock that never hands
// over: a lost wake-up, a successor never told) is reported by the watchdog,
// with the scenario, and ends the program: its threads cannot be recovered.
template <class M>
void check_scenario(const scenario& s, bool try_lock_may_fail_spuriously, int runs) {
    bool some_try_lock_failed = false;
    // The watchdog's message, but for the run number: the scenario is printed once per case.
    const std::string hung = [&] {
        std::ostringstream os;
        os << " of " << runs << " did not finish within " << seconds_string(hang_limit())
           << " (a thread blocked in lock() for good?); the scenario:\n";
        showValue(s, os);
        return os.str();
    }();
    for (int run = 0; run < runs; ++run) {
        const hang_guard guard("run " + std::to_string(run + 1) + hung);
        run_record r = run_scenario<M>(s, try_lock_may_fail_spuriously);
        if (auto bad = check_history(r.history, r.expected)) {
            RC_FAIL("run " + std::to_string(run + 1) + " of " + std::to_string(runs) + ": " + *bad +
                    "\nhistory:\n" + history_string(r.history));
        }
        for (const event& e : r.history) some_try_lock_failed = some_try_lock_failed || e.kind == event_kind::failed;
    }
    RC_CLASSIFY(some_try_lock_failed, "some try_lock failed");
}

}  // namespace synclab::properties
