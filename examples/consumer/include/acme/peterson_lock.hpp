// acme::peterson_lock: Peterson's lock for two threads (Peterson 1981), the
// classic that serves exactly two. It is registered with THREADS 2, so every
// layer runs it with two threads; a third thread is refused with an exception
// (which the model checker would report as EXCEPTION, with its trace).
//
// Protocol. flag_[i]: thread i wants the lock; victim_: the thread that
// arrived last, and so waits. Thread i enters when flag_[j] is false (j is not
// interested) or victim_ != i (j arrived after i and waits). Mutual exclusion
// rests on a store-load pair: i stores flag_[i] and victim_, then loads
// flag_[j] and victim_; with seq_cst on all four, the two threads cannot both
// read the other's flag as false, which release/acquire alone would allow
// (the store could pass the later load: Dekker's pattern).
// Identity: a thread's slot (0 or 1) is claimed on its first call, by a CAS of
// its id into owner_[slot], and kept; a lock serves the same two threads for
// its whole life.
// Properties: starvation-free (a waiting thread enters after the other's next
// unlock, since the other then defers to it), not FIFO beyond two, spinning.
// try_lock may fail while the other thread is only in its doorway.
#pragma once

#include <stdexcept>

#include <synclab/primitives/fault.hpp>

namespace acme {

template <class P, class F = synclab::faithful>
class peterson_lock {
public:
    peterson_lock() = default;
    peterson_lock(const peterson_lock&) = delete;
    peterson_lock& operator=(const peterson_lock&) = delete;

    void lock() {
        const int i = slot(), j = 1 - i;
        announce(i);
        // seq_cst: the load half of the store-load pair with announce().
        while (flag_[j].load(F::order(synclab::site::spin_wait, std::memory_order_seq_cst)) &&
               victim_.load(std::memory_order_seq_cst) == i) {
            P::spin_pause();
        }
    }

    bool try_lock() {
        const int i = slot(), j = 1 - i;
        announce(i);
        // seq_cst: as in lock(); one look instead of a wait.
        if (flag_[j].load(std::memory_order_seq_cst) && victim_.load(std::memory_order_seq_cst) == i) {
            flag_[i].store(false, std::memory_order_relaxed);  // withdrawn: nothing was published
            return false;
        }
        return true;
    }

    void unlock() {
        // release: pairs with the other thread's seq_cst load of flag_[i] in lock().
        flag_[slot()].store(false, F::order(synclab::site::unlock, std::memory_order_release));
    }

private:
    void announce(int i) {
        // seq_cst (both): the store half of the store-load pair (see the top).
        flag_[i].store(true, F::order(synclab::site::announce, std::memory_order_seq_cst));
        victim_.store(i, std::memory_order_seq_cst);
    }

    // The calling thread's slot, claimed on its first call.
    int slot() {
        const int me = P::owner_id();
        for (int s = 0; s < 2; ++s) {
            // acquire: pairs with the CAS that claimed it (only the id is read).
            int seen = owner_[s].load(std::memory_order_acquire);
            if (seen == me) return s;
            // acq_rel: a claim is published to the other thread's acquire load.
            if (seen == 0 && owner_[s].compare_exchange_strong(seen, me, std::memory_order_acq_rel)) return s;
            if (seen == me) return s;
        }
        throw std::length_error("peterson_lock serves two threads; a third one called it");
    }

    typename P::template atomic<bool> flag_[2] = {false, false};
    typename P::template atomic<int> victim_{0};
    typename P::template atomic<int> owner_[2] = {0, 0};
};

}  // namespace acme
