// The torture run for one Lockable, in the spirit of the Linux kernel's
// locktorture: N workers hammer one lock for a fixed time, each picking lock()
// or try_lock() at random, holding it for a random while, and yielding at random
// inside and outside to widen the windows where a broken lock lets two in.
//
// Three things catch a broken lock:
//   - the owner count: an atomic incremented on entry, which must read exactly
//     1, and decremented on exit (relaxed: see critical_section());
//   - the plain counter: an ordinary int incremented inside, which
//     ThreadSanitizer watches (a lock that does not order its critical sections
//     makes it race) and which must equal the sum of acquisitions at the end;
//   - the watchdog (watchdog.hpp): a lock that hangs fails the run.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "board.hpp"
#include "options.hpp"
#include "rng.hpp"
#include "stats.hpp"
#include "watchdog.hpp"

namespace synclab::stress {

// What the workers share besides the lock.
struct arena {
    std::atomic<int> owners{0};            // workers inside the critical section now
    std::atomic<std::uint64_t> violations{0};
    std::atomic<bool> stop{false};
    std::uint64_t plain_counter = 0;       // NOT atomic: the lock alone must protect it
};

// A busy loop the compiler may not remove, and that re-reads memory each turn.
inline void busy(unsigned iterations) {
    for (unsigned i = 0; i < iterations; ++i) asm volatile("" ::: "memory");
}

// The headline of a broken mutual exclusion; the CTest mutant tests look for it.
inline constexpr const char* mutual_exclusion_message = "MUTUAL EXCLUSION BROKEN";

// Counts a broken invariant, prints the first one, and stops the run.
void report_violation(std::string_view id, arena& a, unsigned thread, const char* what, long long seen);
// The same with another headline (the other concepts' invariants) and a free-form description.
void report_broken(std::string_view id, arena& a, const char* headline, unsigned thread, const std::string& what);

template <class M>
void critical_section(std::string_view id, arena& a, unsigned self, rng& r) {
    // relaxed: the owner count only detects a second owner. It must not order
    // anything, or it would make the plain counter below look race-free to
    // ThreadSanitizer even when the lock fails to order the critical sections.
    const int before = a.owners.fetch_add(1, std::memory_order_relaxed);
    if (before != 0) report_violation(id, a, self, "owner count on entry was", before);

    const std::uint64_t mine = ++a.plain_counter;  // the race TSan looks for
    busy(r.below(256));
    if (r.below(16) == 0) std::this_thread::yield();
    if (a.plain_counter != mine) {  // someone else wrote it while we held the lock
        report_violation(id, a, self, "plain counter changed inside the critical section by",
                         static_cast<long long>(a.plain_counter - mine));
    }

    // relaxed: as on entry.
    const int after = a.owners.fetch_sub(1, std::memory_order_relaxed);
    if (after != 1) report_violation(id, a, self, "owner count on exit was", after);
}

template <class M>
void worker(std::string_view id, M& m, arena& a, thread_state& st, unsigned self, std::uint64_t seed) {
    rng r(seed, self);
    std::uint64_t acquired = 0;
    std::uint64_t try_failed = 0;
    std::int64_t max_wait = 0;
    // relaxed (every board store and the stop load): see board.hpp; stop is
    // only a hint to finish, and join() orders what follows.
    while (!a.stop.load(std::memory_order_relaxed)) {
        const bool use_try = r.below(4) == 0;
        const std::int64_t t0 = now_ns();
        st.waiting_since.store(t0, std::memory_order_relaxed);
        st.where.store(phase::waiting, std::memory_order_relaxed);
        bool got = true;
        if (use_try) {
            got = m.try_lock();
        } else {
            m.lock();
        }
        const std::int64_t t1 = now_ns();
        if (t1 - t0 > max_wait) max_wait = t1 - t0;
        if (got) {
            st.where.store(phase::inside, std::memory_order_relaxed);
            critical_section<M>(id, a, self, r);
            m.unlock();
            st.acquisitions.store(++acquired, std::memory_order_relaxed);
            st.last_progress.store(now_ns(), std::memory_order_relaxed);
        } else {
            st.try_failures.store(++try_failed, std::memory_order_relaxed);
        }
        st.where.store(phase::outside, std::memory_order_relaxed);
        busy(r.below(1024));  // work outside the lock
        if (r.below(8) == 0) std::this_thread::yield();
    }
    st.max_wait.store(max_wait, std::memory_order_relaxed);
    st.where.store(phase::done, std::memory_order_relaxed);
}

// Prints one progress line a second until the time is up or a worker stopped the run.
void wait_with_progress(std::string_view id, const board& b, arena& a, double seconds);

template <class M>
run_result torture(std::string_view id, const options& opt) {
    M m;
    arena a;
    board b(opt.threads);
    const auto start = std::chrono::steady_clock::now();
    {
        watchdog dog(std::string(id), b, opt.watchdog);
        std::vector<std::thread> workers;
        for (unsigned i = 0; i < opt.threads; ++i) {
            workers.emplace_back([&, i] { worker<M>(id, m, a, b.state[i], i, opt.seed); });
        }
        wait_with_progress(id, b, a, opt.seconds);
        // relaxed: a hint to finish; join() orders the rest.
        a.stop.store(true, std::memory_order_relaxed);
        for (auto& w : workers) w.join();
    }  // the watchdog keeps watching until every worker has been joined
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

    run_result res;
    res.id = std::string(id);
    res.seconds = took.count();
    res.plain_counter = a.plain_counter;
    // relaxed (all loads below): after join(), which ordered every store.
    res.violations = a.violations.load(std::memory_order_relaxed);
    for (unsigned i = 0; i < opt.threads; ++i) {
        const thread_state& s = b.state[i];
        res.acquisitions.push_back(s.acquisitions.load(std::memory_order_relaxed));
        res.try_failures.push_back(s.try_failures.load(std::memory_order_relaxed));
        res.max_wait_s = std::max(res.max_wait_s, s.max_wait.load(std::memory_order_relaxed) / 1e9);
    }
    return res;
}

}  // namespace synclab::stress
