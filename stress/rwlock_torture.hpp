// The torture run for one reader-writer lock, in the way of torture.hpp for
// mutexes: N workers hammer one lock for a fixed time, each turn a writer
// (one in four) or a reader, with lock or try_ at random, holding it for a
// random while and yielding at random inside and outside.
//
// What catches a broken lock:
//   - the head counts: writers inside (must be exactly 1 with a writer
//     inside) and readers inside (must be 0 then); a reader must find no
//     writer inside (relaxed: they detect, and must not order anything that
//     would hide a race from ThreadSanitizer);
//   - the plain counter: an ordinary int that writers increment and readers
//     read twice (it must not change under a reader), which ThreadSanitizer
//     watches: a writer beside a reader, or a release that does not order,
//     is a race; at the end it must equal the writers' acquisitions;
//   - the watchdog: a lock that hangs fails the run.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "torture.hpp"

namespace synclab::stress {

// The headline of a broken reader-writer rule; the CTest mutant tests look for it.
inline constexpr const char* reading_room_message = "READER-WRITER RULE BROKEN";

struct reading_room : arena {
    std::atomic<int> readers{0};  // readers inside now (arena::owners counts writers)
};

template <class L>
void write_section(std::string_view id, reading_room& a, unsigned self, rng& r) {
    // relaxed (all head counts): detection only; see torture.hpp.
    const int writers = a.owners.fetch_add(1, std::memory_order_relaxed);
    const int readers = a.readers.load(std::memory_order_relaxed);
    if (writers != 0 || readers != 0) {
        report_broken(id, a, reading_room_message, self,
                      "a writer entered with " + std::to_string(writers) + " writers and " + std::to_string(readers) +
                          " readers inside");
    }
    const std::uint64_t mine = ++a.plain_counter;  // the race TSan looks for
    busy(r.below(256));
    if (r.below(16) == 0) std::this_thread::yield();
    if (a.plain_counter != mine) {
        report_broken(id, a, reading_room_message, self, "the data changed under its writer");
    }
    a.owners.fetch_sub(1, std::memory_order_relaxed);  // relaxed: as above
}

template <class L>
void read_section(std::string_view id, reading_room& a, unsigned self, rng& r) {
    // relaxed (all head counts): detection only.
    a.readers.fetch_add(1, std::memory_order_relaxed);
    const int writers = a.owners.load(std::memory_order_relaxed);
    if (writers != 0) {
        report_broken(id, a, reading_room_message, self,
                      "a reader entered with " + std::to_string(writers) + " writers inside");
    }
    const std::uint64_t seen = a.plain_counter;  // read beside other readers: no race; beside a writer: a race
    busy(r.below(256));
    if (r.below(16) == 0) std::this_thread::yield();
    if (a.plain_counter != seen) {
        report_broken(id, a, reading_room_message, self, "the data changed under a reader");
    }
    a.readers.fetch_sub(1, std::memory_order_relaxed);  // relaxed: as above
}

template <class L>
void rwlock_worker(std::string_view id, L& l, reading_room& a, thread_state& st, unsigned self, std::uint64_t seed,
                   std::atomic<std::uint64_t>& writes, std::atomic<std::uint64_t>& reads) {
    rng r(seed, self);
    std::uint64_t acquired = 0, try_failed = 0, wrote = 0, read = 0;
    std::int64_t max_wait = 0;
    // relaxed (every board store and the stop load): see board.hpp.
    while (!a.stop.load(std::memory_order_relaxed)) {
        const bool writer = r.below(4) == 0;
        const bool use_try = r.below(4) == 0;
        const std::int64_t t0 = now_ns();
        st.waiting_since.store(t0, std::memory_order_relaxed);
        st.where.store(phase::waiting, std::memory_order_relaxed);
        bool got = true;
        if (writer) {
            if (use_try) got = l.try_lock();
            else l.lock();
        } else {
            if (use_try) got = l.try_lock_shared();
            else l.lock_shared();
        }
        const std::int64_t t1 = now_ns();
        if (t1 - t0 > max_wait) max_wait = t1 - t0;
        if (got) {
            st.where.store(phase::inside, std::memory_order_relaxed);
            if (writer) {
                write_section<L>(id, a, self, r);
                l.unlock();
                ++wrote;
            } else {
                read_section<L>(id, a, self, r);
                l.unlock_shared();
                ++read;
            }
            st.acquisitions.store(++acquired, std::memory_order_relaxed);
            st.last_progress.store(now_ns(), std::memory_order_relaxed);
        } else {
            st.try_failures.store(++try_failed, std::memory_order_relaxed);
        }
        st.where.store(phase::outside, std::memory_order_relaxed);
        busy(r.below(1024));
        if (r.below(8) == 0) std::this_thread::yield();
    }
    // relaxed (both): sums read after join().
    writes.fetch_add(wrote, std::memory_order_relaxed);
    reads.fetch_add(read, std::memory_order_relaxed);
    st.max_wait.store(max_wait, std::memory_order_relaxed);
    st.where.store(phase::done, std::memory_order_relaxed);
}

template <class L>
run_result rwlock_torture(std::string_view id, const options& opt) {
    L l;
    reading_room a;
    board b(opt.threads);
    std::atomic<std::uint64_t> writes{0}, reads{0};
    const auto start = std::chrono::steady_clock::now();
    {
        watchdog dog(std::string(id), b, opt.watchdog);
        std::vector<std::thread> workers;
        for (unsigned i = 0; i < opt.threads; ++i) {
            workers.emplace_back([&, i] { rwlock_worker<L>(id, l, a, b.state[i], i, opt.seed, writes, reads); });
        }
        wait_with_progress(id, b, a, opt.seconds);
        // relaxed: a hint to finish; join() orders the rest.
        a.stop.store(true, std::memory_order_relaxed);
        for (auto& w : workers) w.join();
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

    run_result res;
    res.id = std::string(id);
    res.seconds = took.count();
    // The plain counter counts the writes (the data) and each reader its own
    // reads, so that it matches the acquisitions as the harness checks.
    // relaxed: after join().
    res.plain_counter = a.plain_counter + reads.load(std::memory_order_relaxed);
    // relaxed (all loads below): after join().
    if (a.plain_counter != writes.load(std::memory_order_relaxed)) {
        report_broken(id, a, reading_room_message, 0,
                      "the data counts " + std::to_string(a.plain_counter) + " writes, the writers made " +
                          std::to_string(writes.load(std::memory_order_relaxed)));
    }
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
