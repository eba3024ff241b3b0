// The reader-writer lock properties of one registry's entries (and, with
// settings::mutants, of its mutants) over the native platform. Test names
// carry the entry's id:
//   Sequential.<id>   a stateful model of three threads, each holding
//                     nothing, a read lock or the write lock; every call's
//                     result is the model's (a try_ succeeds exactly when the
//                     model says the way is free, up to spurious failures
//                     where the entry declares them)
//   Concurrent.<id>   generated scenarios of readers and writers on real
//                     threads; the history of entries and exits (tickets
//                     taken inside the critical sections) must keep the rule
//                     at every step: one writer and no reader, or readers only
//   Fairness.<id>     waiters let in in the order the entry's preference
//                     promises, given who arrived when (rwlock_fairness.hpp)
// register_rwlock_entries<Registry, Mutants> is what rwlock_tests.cpp calls
// for synclab's registry.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <latch>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "primitives/platform/native.hpp"
#include "registration.hpp"
#include "rwlock_fairness.hpp"
#include "shared_registrations.hpp"
#include "sequential.hpp"
#include "test_registration.hpp"
#include "watchdog.hpp"

namespace synclab::properties {

// ------------------------------------------------------------- sequential

enum class holding { nothing, read, write };

struct rwlock_model {
    std::array<holding, 3> thread{holding::nothing, holding::nothing, holding::nothing};
    bool anyone(holding h, int except = -1) const {
        for (int t = 0; t < 3; ++t)
            if (t != except && thread[static_cast<std::size_t>(t)] == h) return true;
        return false;
    }
};

// Thread 0 is the property's own thread, 1 and 2 are other_threads.
template <class L>
struct rwlock_sut {
    L lock;
    std::array<holding, 3> held{holding::nothing, holding::nothing, holding::nothing};
    other_thread others[2];
    template <class Fn>
    void on(int t, Fn fn) {
        if (t == 0) {
            fn();
        } else {
            others[t - 1].run(fn);
        }
    }
    ~rwlock_sut() {
        for (int t = 0; t < 3; ++t) {
            if (held[static_cast<std::size_t>(t)] == holding::write) on(t, [&] { lock.unlock(); });
            if (held[static_cast<std::size_t>(t)] == holding::read) on(t, [&] { lock.unlock_shared(); });
        }
    }
};

template <class L>
using rwlock_command = rc::state::Command<rwlock_model, rwlock_sut<L>>;

inline const char* thread_name(int t) { return t == 0 ? "thread 0" : t == 1 ? "thread 1" : "thread 2"; }

// A blocking call is generated only where it cannot block: lock() with
// nobody inside, lock_shared() with no writer (no writer waits in a
// sequential run, so a writer-preferring lock admits it too).
template <class L, bool Shared>
struct cmd_rw_lock : rwlock_command<L> {
    int t = *rc::gen::inRange(0, 3);
    void checkPreconditions(const rwlock_model& s) const override {
        RC_PRE(s.thread[static_cast<std::size_t>(t)] == holding::nothing);
        RC_PRE(!s.anyone(holding::write));
        if (!Shared) RC_PRE(!s.anyone(holding::read));
    }
    void apply(rwlock_model& s) const override { s.thread[static_cast<std::size_t>(t)] = Shared ? holding::read : holding::write; }
    void run(const rwlock_model&, rwlock_sut<L>& sut) const override {
        sut.on(t, [&] {
            if (Shared) {
                sut.lock.lock_shared();
            } else {
                sut.lock.lock();
            }
        });
        sut.held[static_cast<std::size_t>(t)] = Shared ? holding::read : holding::write;
    }
    void show(std::ostream& os) const override { os << thread_name(t) << (Shared ? ": lock_shared()" : ": lock()"); }
};

template <class L, bool Shared, bool Spurious>
struct cmd_rw_try : rwlock_command<L> {
    int t = *rc::gen::inRange(0, 3);
    void checkPreconditions(const rwlock_model& s) const override {
        RC_PRE(s.thread[static_cast<std::size_t>(t)] == holding::nothing);
    }
    bool expected(const rwlock_model& s) const {
        return Shared ? !s.anyone(holding::write) : !s.anyone(holding::write) && !s.anyone(holding::read);
    }
    void apply(rwlock_model& s) const override {
        if (expected(s)) s.thread[static_cast<std::size_t>(t)] = Shared ? holding::read : holding::write;
    }
    void run(const rwlock_model& s, rwlock_sut<L>& sut) const override {
        const bool want = expected(s);
        bool got = false;
        sut.on(t, [&] {
            const auto attempt = [&] { return Shared ? sut.lock.try_lock_shared() : sut.lock.try_lock(); };
            got = attempt();
            for (int i = 1; Spurious && want && !got && i < try_lock_retries; ++i) got = attempt();
        });
        if (got) sut.held[static_cast<std::size_t>(t)] = Shared ? holding::read : holding::write;
        RC_ASSERT(got == want);
    }
    void show(std::ostream& os) const override {
        os << thread_name(t) << (Shared ? ": try_lock_shared()" : ": try_lock()");
    }
};

template <class L, bool Shared>
struct cmd_rw_unlock : rwlock_command<L> {
    int t = *rc::gen::inRange(0, 3);
    void checkPreconditions(const rwlock_model& s) const override {
        RC_PRE(s.thread[static_cast<std::size_t>(t)] == (Shared ? holding::read : holding::write));
    }
    void apply(rwlock_model& s) const override { s.thread[static_cast<std::size_t>(t)] = holding::nothing; }
    void run(const rwlock_model&, rwlock_sut<L>& sut) const override {
        sut.on(t, [&] {
            if (Shared) {
                sut.lock.unlock_shared();
            } else {
                sut.lock.unlock();
            }
        });
        sut.held[static_cast<std::size_t>(t)] = holding::nothing;
    }
    void show(std::ostream& os) const override {
        os << thread_name(t) << (Shared ? ": unlock_shared()" : ": unlock()");
    }
};

template <class L, bool Spurious>
void check_rwlock_sequential() {
    rwlock_sut<L> sut;
    rc::state::check(rwlock_model{}, sut,
                     rc::state::gen::execOneOfWithArgs<cmd_rw_lock<L, false>, cmd_rw_lock<L, true>,
                                                       cmd_rw_try<L, false, Spurious>, cmd_rw_try<L, true, Spurious>,
                                                       cmd_rw_unlock<L, false>, cmd_rw_unlock<L, true>>());
}

// ------------------------------------------------------------- concurrent

struct rw_op {
    bool write = false;
    bool use_try = false;
    unsigned inside_spins = 0;
    unsigned outside_spins = 0;
};
struct rw_scenario {
    std::vector<std::vector<rw_op>> threads;
};

inline void showValue(const rw_scenario& s, std::ostream& os) {
    for (std::size_t t = 0; t < s.threads.size(); ++t) {
        os << "  thread " << t << ":";
        for (const rw_op& o : s.threads[t]) {
            os << ' ' << (o.use_try ? "try_" : "") << (o.write ? "lock" : "lock_shared") << "(" << o.inside_spins
               << "/" << o.outside_spins << ")";
        }
        os << '\n';
    }
}

inline rc::Gen<rw_scenario> gen_rw_scenario(std::size_t max_threads) {
    const auto op = rc::gen::build<rw_op>(rc::gen::set(&rw_op::write, rc::gen::weightedElement<bool>({{1, true}, {2, false}})),
                                          rc::gen::set(&rw_op::use_try, rc::gen::weightedElement<bool>({{1, true}, {3, false}})),
                                          rc::gen::set(&rw_op::inside_spins, rc::gen::inRange(0u, 200u)),
                                          rc::gen::set(&rw_op::outside_spins, rc::gen::inRange(0u, 200u)));
    const int most = static_cast<int>(max_threads < 2 ? 2 : max_threads);
    return rc::gen::mapcat(rc::gen::inRange(2, most + 1), [op](int n) {
        return rc::gen::map(rc::gen::container<std::vector<std::vector<rw_op>>>(
                                static_cast<std::size_t>(n), rc::gen::resize(8, rc::gen::nonEmpty(rc::gen::container<std::vector<rw_op>>(op)))),
                            [](std::vector<std::vector<rw_op>> threads) { return rw_scenario{std::move(threads)}; });
    });
}

// One entry or exit, in the order of a seq_cst ticket taken inside the
// critical section (after entering, before leaving): two recorded intervals
// that overlap were inside together.
struct rw_event {
    std::uint64_t ticket;
    std::uint16_t thread;
    bool write;
    bool enter;
};

// The first step of a history at which the rule breaks, or nothing.
inline std::optional<std::string> check_rw_history(std::vector<rw_event> h) {
    std::sort(h.begin(), h.end(), [](const rw_event& a, const rw_event& b) { return a.ticket < b.ticket; });
    int writers = 0, readers = 0;
    for (const rw_event& e : h) {
        int& side = e.write ? writers : readers;
        side += e.enter ? 1 : -1;
        if (writers > 1 || (writers == 1 && readers > 0)) {
            return "at ticket " + std::to_string(e.ticket) + " (thread " + std::to_string(e.thread) + " " +
                   (e.enter ? "entering" : "leaving") + " as a " + (e.write ? "writer" : "reader") + "): " +
                   std::to_string(writers) + " writers and " + std::to_string(readers) + " readers inside";
        }
    }
    return std::nullopt;
}

template <class L>
std::vector<rw_event> run_rw_scenario(const rw_scenario& s) {
    const std::size_t n = s.threads.size();
    L lock;
    std::atomic<std::uint64_t> ticket{1};
    std::latch start(static_cast<std::ptrdiff_t>(n));
    std::vector<std::vector<rw_event>> events(n);
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < n; ++t) {
        workers.emplace_back([&, t] {
            const auto id = static_cast<std::uint16_t>(t);
            start.arrive_and_wait();
            for (const rw_op& o : s.threads[t]) {
                bool got = true;
                if (o.write) {
                    if (o.use_try) got = lock.try_lock();
                    else lock.lock();
                } else {
                    if (o.use_try) got = lock.try_lock_shared();
                    else lock.lock_shared();
                }
                if (got) {
                    // seq_cst: one order of every entry and exit, across threads.
                    events[t].push_back({ticket.fetch_add(1, std::memory_order_seq_cst), id, o.write, true});
                    platform::native::spin_pause(o.inside_spins);
                    events[t].push_back({ticket.fetch_add(1, std::memory_order_seq_cst), id, o.write, false});
                    if (o.write) lock.unlock();
                    else lock.unlock_shared();
                }
                platform::native::spin_pause(o.outside_spins);
            }
        });
    }
    for (auto& w : workers) w.join();
    std::vector<rw_event> all;
    for (auto& e : events) all.insert(all.end(), e.begin(), e.end());
    return all;
}

template <class L>
void check_rw_scenario(const rw_scenario& s, int runs) {
    for (int run = 0; run < runs; ++run) {
        std::ostringstream scenario_text;
        showValue(s, scenario_text);
        const hang_guard guard("run " + std::to_string(run + 1) + " of " + std::to_string(runs) +
                               " did not finish within " + seconds_string(hang_limit()) + "; the scenario:\n" +
                               scenario_text.str());
        if (auto bad = check_rw_history(run_rw_scenario<L>(s))) {
            RC_FAIL("run " + std::to_string(run + 1) + " of " + std::to_string(runs) + ": " + *bad);
        }
    }
}

// ------------------------------------------------------------- registration

template <class E>
void register_rwlock_entry(const settings& s) {
    using L = typename E::template type<platform::native>;
    constexpr bool spurious = E::properties.try_may_fail_spuriously;
    const std::string id(E::id);
    register_test("Sequential", id, __FILE__, __LINE__, [id, s] {
        expect_property("Sequential/" + id, [] { check_rwlock_sequential<L, spurious>(); }, s.sequential_cases);
    });
    register_test("Concurrent", id, __FILE__, __LINE__, [id, s] {
        expect_property(
            "Concurrent/" + id,
            [runs = s.runs, most = s.max_threads ? s.max_threads : 4u] {
                check_rw_scenario<L>(*gen_rw_scenario(most), runs);
            },
            s.concurrent_cases);
    });
}

// Every entry states a preference (rwlock_fairness.hpp), over the platform
// that shows when a waiter has begun to wait.
template <class E>
void register_rwlock_order(const settings& s) {
    using L = typename E::template type<waiting_observed>;
    constexpr rwlock_preference preference = E::properties.preference;
    constexpr bool sleeps = E::properties.sleeps;
    register_fairness_test<E>(s, [most = s.max_threads] {
        check_rwlock_order<L>(preference, sleeps, gen_rw_arrivals(preference, most));
    });
}

template <class Registry, class Mutants>
void register_rwlock_entries(const settings& s) {
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_rwlock_entry<E>(s); });
    for_each_checked<Registry, Mutants>(s, [&]<class E>() { register_rwlock_order<E>(s); });
}

}  // namespace synclab::properties
