// rwlock.distributed: per-slot reader indicators for read-mostly work, a
// reader touching only its own cache line (the big-reader lock: Hsieh and
// Weihl, "Scalable reader-writer locks for parallel systems", IPPS 1992, a
// lock per processor; Linux's brlock; and the reader indicators of Dice and
// Kogan, "BRAVO: Biased Locking for Reader-Writer Locks", USENIX ATC 2019,
// here always on: no biasing, no fall-back lock).
//
// Words.
//
//     slot_[i].readers   readers counted in slot i: inside, or announced and
//                        about to check writer_ (and, if it is set, to back
//                        off). A thread's slot is its id's low bits
//                        (P::owner_id(): the kernel's thread id natively), so
//                        threads made one after another get different slots
//                        and collisions only share a line, never break it.
//                        `slots` is P::spread_slots(64) (64 natively, 2 in
//                        the model), each on its own line.
//     writer_            0: no writer; 1: a writer holds it (draining the
//                        readers, or inside). A test-and-set lock among
//                        writers, and the flag readers check.
//
// Transitions (the labels the code carries):
//     (R)   lock_shared     fetch_add(slot, 1) (seq_cst): announce
//     (Rc)                  load writer_ (seq_cst): 0 -> inside
//     (Rb)                  else fetch_sub(slot, 1) (relaxed): back off, and
//     (Rw)                  spin until writer_ reads 0 (relaxed); again (R)
//     (R-try) try_lock_shared  (R), then (Rc-try): 0 -> inside; else
//                           (Rb-try) back off and fail
//     (Ru)  unlock_shared   fetch_sub(slot, 1) (release)
//     (W)   lock            CAS writer_ 0 -> 1 (seq_cst); else (Ww) spin
//                           until it reads 0 (relaxed) and CAS again
//     (Wd)                  for each slot, spin until it reads 0 (seq_cst)
//                           -> inside
//     (W-try) try_lock      CAS writer_ 0 -> 1 (seq_cst), else fail;
//                           (Wd-try) each slot read once (seq_cst): one not 0
//                           -> (Wb-try) writer_ = 0 (release), fail
//     (Wu)  unlock          writer_ = 0 (release)
//
// Why it is correct (the invariant): a reader inside has announced itself in
// its slot and then read writer_ == 0; a writer inside holds writer_ and has
// then read every slot 0. Both are Dekker's store-load pair (each side
// writes its word, then reads the other's), which needs the four operations
// (R), (Rc), (W) and (Wd) in the single total order of seq_cst operations:
// if a reader's (Rc) reads 0, it comes before the writer's (W) in that order,
// so its (R) comes before the writer's (Wd) load of its slot, which then
// reads that announcement or a later value. A slot reads 0 after a reader's
// (R) only once that reader's own decrement came before it (each reader adds
// 1 and later takes 1 away), so the writer sees a reader's slot empty only
// after the reader left. Otherwise the reader's (Rc) comes after (W) and
// reads 1 (or a later writer's unlock), and it backs off. So inside there is
// one writer and no reader, or readers only. A fence would do the same
// (relaxed (R), seq_cst fence, relaxed (Rc)), but on x86 the fetch_add is a
// locked instruction, a full barrier already, and a seq_cst load is a plain
// load: seq_cst on the two operations costs nothing, a fence would add an
// mfence. The writer's side is the same: a locked CAS, then plain loads.
// The data: (Ru) release -> (Wd) acquire (seq_cst includes it): every later
// value of a slot is a read-modify-write, so the writer's load that reads 0
// is in the release sequence of every reader that left that slot; (Wu)
// release -> (Rc) and (W) acquire: the writer's writes happen before the
// next reader's reads and the next writer's writes. (Wb-try) is a release
// too: it passes on the previous writer's (Wu), which its CAS acquired, to
// a reader or writer that reads its 0.
//
// Cost: a reader's lock and unlock are two read-modify-writes on its own
// line (no line shared with other readers, unless two threads' ids share
// the low bits) and a read of writer_, which stays shared in every cache
// while no writer comes. A writer pays O(slots): 64 lines read (and fetched
// from the readers' caches) on every lock, so the lock is for read-mostly
// work. It takes 65 lines, 8 KiB and a little more.
//
// What it lacks: writers are preferred (a writer's flag keeps new readers
// out, and its drain waits only for the readers already in), and among
// writers it is a test-and-set lock: a writer can lose every CAS to others,
// and readers starve under a stream of writers. A writer can starve without
// a rival writer too: a reader looping on try_lock_shared announces and
// backs off again and again, and the drain may read its slot at the wrong
// moment every time. Nobody sleeps. A thread that holds a read lock must not
// take it again: a writer that arrived in between keeps the second
// lock_shared out and waits for the first.
//
// The try_ forms may fail spuriously, with the way free: try_lock fails on a
// slot that counts a reader, also one that has only announced itself and
// will back off from this very try_lock's flag (no reader gets in, and the
// try fails); try_lock_shared fails on writer_ set, also by a try_lock about
// to fail. So a writer looping on try_lock and a reader in lock_shared can
// back off from each other forever, and nobody gets in (Spin's
// deadlock_freedom is refuted for that client; with lock() the writer keeps
// its flag until the readers drain, and someone always gets in).
//
// The memory-order audit (tools/orders.py) finds every order of the try_
// forms weakenable to relaxed: (R-try), (Rc-try), (W-try), (Wd-try) and
// (Wb-try). The model's try suite cannot tell: its try_lock_shared runs
// while another thread holds a read lock (no writer can be inside then),
// its successful try_lock on a fresh lock with nobody else at the lock, and
// every other try_lock of it fails on a holder that the suite's own steps
// order. They are kept: each is the order of its lock() or lock_shared()
// twin ((R), (Rc), (W), (Wd), whose weaker orders the audit refutes) or, for
// (Wb-try), the release (Wu) needs, by the argument above.
//
// Fault sites (mutants in mutants.hpp): announce (R), lock_shared (Rc),
// unlock_shared, lock (W), try_lock, observe (the drain's loads (Wd) and
// (Wd-try)), hand_off (the drain: skipped, the writer enters beside the
// readers), unlock.
#pragma once

#include <atomic>
#include <cstddef>

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class distributed_rwlock {
    static constexpr std::size_t max_slots = 64;
    static constexpr std::size_t slots = P::spread_slots(max_slots);
    static_assert(slots > 0 && (slots & (slots - 1)) == 0, "the slots are a power of two: an id's low bits pick one");
    static constexpr std::size_t cache_line = 128;  // see ../queue/spsc_queue.hpp

public:
    distributed_rwlock() = default;
    distributed_rwlock(const distributed_rwlock&) = delete;
    distributed_rwlock& operator=(const distributed_rwlock&) = delete;

    void lock_shared() {
        auto& mine = slot_of_this_thread();
        for (;;) {
            // seq_cst: the store half of the reader's store-load pair with a
            // writer's (W) and (Wd) (see the protocol).
            mine.fetch_add(1, F::order(site::announce, std::memory_order_seq_cst));  // (R)
            // seq_cst: the load half of that pair; as an acquire it pairs with
            // the release store of a writer's unlock().
            if (writer_.load(F::order(site::lock_shared, std::memory_order_seq_cst)) == 0) return;  // (Rc)
            // relaxed: this reader read nothing; a writer's drain that reads
            // the value is still in the release sequences of the readers
            // that left before (a read-modify-write continues them).
            mine.fetch_sub(1, std::memory_order_relaxed);  // (Rb)
            // relaxed: a hint; (R) and (Rc) decide.
            while (writer_.load(std::memory_order_relaxed) != 0) P::spin_pause();  // (Rw)
        }
    }

    bool try_lock_shared() {
        auto& mine = slot_of_this_thread();
        // seq_cst: as (R) (kept where the audit cannot tell: see the protocol).
        mine.fetch_add(1, F::order(site::announce, std::memory_order_seq_cst));  // (R-try)
        // seq_cst: as (Rc) (kept likewise).
        if (writer_.load(F::order(site::lock_shared, std::memory_order_seq_cst)) == 0) return true;  // (Rc-try)
        // relaxed: as (Rb).
        mine.fetch_sub(1, std::memory_order_relaxed);  // (Rb-try)
        return false;
    }

    void unlock_shared() {
        // release: pairs with the seq_cst (so acquire) load of a writer's
        // drain (Wd) that reads this slot's later value.
        slot_of_this_thread().fetch_sub(1, F::order(site::unlock_shared, std::memory_order_release));  // (Ru)
    }

    void lock() {
        for (;;) {
            unsigned expected = 0;
            // seq_cst: the store half of the writer's store-load pair with
            // the readers' (R) and (Rc); as an acquire it pairs with the
            // release store of the previous writer's unlock().
            if (writer_.compare_exchange_weak(expected, 1, F::order(site::lock, std::memory_order_seq_cst),
                                              std::memory_order_relaxed)) {  // (W)
                break;
            }
            // relaxed: a hint; the CAS synchronizes.
            while (writer_.load(std::memory_order_relaxed) != 0) P::spin_pause();  // (Ww)
        }
        if constexpr (F::skips(site::hand_off)) return;  // mutant: writes beside the readers inside
        for (auto& s : slot_) {
            // seq_cst: the load half of the writer's pair; as an acquire it
            // pairs with the release fetch_sub (Ru) of the readers that left.
            while (s.readers.load(F::order(site::observe, std::memory_order_seq_cst)) != 0) P::spin_pause();  // (Wd)
        }
    }

    bool try_lock() {
        unsigned expected = 0;
        // seq_cst: as (W) (kept likewise).
        if (!writer_.compare_exchange_strong(expected, 1, F::order(site::try_lock, std::memory_order_seq_cst),
                                             std::memory_order_relaxed)) {  // (W-try)
            return false;
        }
        for (auto& s : slot_) {
            // seq_cst: as (Wd) (kept likewise).
            if (s.readers.load(F::order(site::observe, std::memory_order_seq_cst)) != 0) {  // (Wd-try)
                // release: pairs with the acquire of a reader's (Rc) or a
                // writer's (W) that reads this 0, passing on the previous
                // writer's unlock, which the CAS above acquired (kept likewise).
                writer_.store(0, std::memory_order_release);  // (Wb-try)
                return false;
            }
        }
        return true;
    }

    void unlock() {
        // release: pairs with the acquire of the next reader's (Rc) and the
        // next writer's (W).
        writer_.store(0, F::order(site::unlock, std::memory_order_release));  // (Wu)
    }

private:
    struct alignas(cache_line) slot {
        typename P::template atomic<unsigned> readers{0};
    };

    typename P::template atomic<unsigned>& slot_of_this_thread() {
        return slot_[static_cast<std::size_t>(P::owner_id()) & (slots - 1)].readers;
    }

    slot slot_[slots];
    alignas(cache_line) typename P::template atomic<unsigned> writer_{0};
};

}  // namespace synclab
