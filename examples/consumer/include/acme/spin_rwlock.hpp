// acme::spin_rwlock: a writer-preferring spin reader-writer lock in one word,
// the shape of many kernels' early rwlocks (a reader count beside a writer
// bit, and a second bit by which a waiting writer keeps new readers out). A
// lock that no synclab registry holds: this project checks it through
// synclab's installed package, as a user's own reading room.
//
// Protocol. word_ = 4 r + 2 p + w, with r the readers inside, p "a writer is
// waiting" and w "a writer is inside".
//   lock_shared():   load; while p or w is set, pause and load again; then
//                    CAS word -> word + 4 (acquire). A failed CAS starts over.
//   try_lock_shared(): the same, but p or w set fails at once.
//   unlock_shared(): fetch_sub 4 (release).
//   lock():          load; if nobody is inside (the word is 0 or p), CAS it
//                    to w (acquire), which also clears p; otherwise set p
//                    (fetch_or, relaxed) and pause. Writers that still wait
//                    set p again on their next round.
//   try_lock():      the CAS of lock(), retried while nobody is inside.
//   unlock():        fetch_and ~w (release); a p set meanwhile stays.
// Invariant: a writer enters only by a CAS that found r = 0 and w = 0, and
// sets w, so no reader's CAS (which needs w clear) succeeds while it is
// inside; a reader enters only by a CAS that found w clear and adds to r, and
// while r > 0 no writer's CAS (which needs r = 0) succeeds. So either one
// writer and no reader, or readers only.
// Properties: writers are preferred (p stops new readers), so a steady flow
// of writers starves readers; writers race each other for w, so one writer
// can starve too. Waiters spin; nobody sleeps.
#pragma once

#include <cstdint>

#include <synclab/primitives/fault.hpp>

namespace acme {

template <class P, class F = synclab::faithful>
class spin_rwlock {
    static constexpr std::uint32_t writer_inside = 1, writer_waiting = 2, one_reader = 4;

public:
    spin_rwlock() = default;
    spin_rwlock(const spin_rwlock&) = delete;
    spin_rwlock& operator=(const spin_rwlock&) = delete;

    void lock_shared() {
        for (;;) {
            std::uint32_t seen = word_.load(std::memory_order_relaxed);
            if ((seen & (writer_inside | writer_waiting)) != 0) {
                P::spin_pause();
                continue;
            }
            // acquire: pairs with the release fetch_and in unlock() of the
            // last writer (its writes happen before our reads).
            if (word_.compare_exchange_weak(seen, seen + one_reader,
                                            F::order(synclab::site::lock_shared, std::memory_order_acquire),
                                            std::memory_order_relaxed)) {
                return;
            }
        }
    }

    bool try_lock_shared() {
        std::uint32_t seen = word_.load(std::memory_order_relaxed);
        while ((seen & (writer_inside | writer_waiting)) == 0) {
            // acquire: as in lock_shared(). A CAS that failed because another
            // reader came or left retries; only a writer makes it fail.
            if (word_.compare_exchange_weak(seen, seen + one_reader, std::memory_order_acquire,
                                            std::memory_order_relaxed)) {
                return true;
            }
        }
        return false;
    }

    void unlock_shared() {
        // release: pairs with the acquire CAS of the writer that finds r = 0.
        word_.fetch_sub(one_reader, F::order(synclab::site::unlock_shared, std::memory_order_release));
    }

    void lock() {
        for (;;) {
            std::uint32_t seen = word_.load(std::memory_order_relaxed);
            if ((seen & ~writer_waiting) == 0) {
                // acquire: pairs with the release fetch_sub of the last
                // reader and the release fetch_and of the last writer.
                if (word_.compare_exchange_weak(seen, writer_inside,
                                                F::order(synclab::site::lock, std::memory_order_acquire),
                                                std::memory_order_relaxed)) {
                    return;
                }
                continue;
            }
            if ((seen & writer_waiting) == 0) {
                // relaxed: the bit only keeps readers out; it orders nothing.
                word_.fetch_or(writer_waiting, std::memory_order_relaxed);
            }
            P::spin_pause();
        }
    }

    bool try_lock() {
        std::uint32_t seen = word_.load(std::memory_order_relaxed);
        while ((seen & ~writer_waiting) == 0) {
            // acquire: as in lock(). A CAS that failed because p was set
            // meanwhile retries; only someone inside makes it fail.
            if (word_.compare_exchange_weak(seen, writer_inside,
                                            F::order(synclab::site::try_lock, std::memory_order_acquire),
                                            std::memory_order_relaxed)) {
                return true;
            }
        }
        return false;
    }

    void unlock() {
        // release: pairs with the acquire CAS of the next reader or writer.
        word_.fetch_and(~writer_inside, F::order(synclab::site::unlock, std::memory_order_release));
    }

private:
    typename P::template atomic<std::uint32_t> word_{0};
};

}  // namespace acme
