// acme::clh_lock: the CLH queue lock (Craig 1993; Magnusson, Landin and
// Hagersten 1994), in the variant whose empty queue is a null tail, so that
// try_lock never touches another thread's node. A lock that no synclab
// registry holds: this project checks it through synclab's installed package.
//
// Protocol. The word tail_ is null (free) or the node of the last thread in
// the queue. Each node holds one flag, locked.
//   lock():    take a fresh node n, n.locked = true; pred = exchange(tail_, n).
//              pred null: we own the lock. Otherwise spin until pred.locked is
//              false, then free pred (only we ever had it as predecessor).
//   try_lock(): CAS tail_ null -> n (a fresh node): succeeds only on a free lock.
//   unlock():  CAS tail_ n -> null succeeds when nobody queued behind us: free
//              n. Otherwise a successor holds n as its predecessor: store
//              n.locked = false; the successor frees n.
// Invariant: at most one thread has passed its pred check (null pred, or a
// pred whose flag it saw false) without having unlocked, and each node is
// freed by exactly one thread after the last access of any other.
// Properties: FIFO (the exchange is the doorway, and each waiter spins on its
// own predecessor), starvation-free; waiters spin, never sleep.
#pragma once

#include <synclab/primitives/fault.hpp>

namespace acme {

template <class P, class F = synclab::faithful>
class clh_lock {
    struct node {
        typename P::template atomic<bool> locked{true};
    };

public:
    clh_lock() = default;
    clh_lock(const clh_lock&) = delete;
    clh_lock& operator=(const clh_lock&) = delete;

    void lock() {
        node* n = P::template create<node>();
        // acq_rel. release: publishes n (its locked = true) to the successor
        // that swaps tail_ next. acquire: pairs with the release exchange of
        // pred's owner (pred is initialized), or, pred null, with the release
        // CAS to null in unlock().
        node* pred = tail_.exchange(n, F::order(synclab::site::lock, std::memory_order_acq_rel));
        if (pred != nullptr) {
            // acquire: pairs with the release store of locked in unlock().
            while (pred->locked.load(F::order(synclab::site::spin_wait, std::memory_order_acquire))) {
                P::spin_pause();
            }
            P::destroy(pred);
        }
        mine_ = n;  // only the owner reads it, in unlock()
    }

    bool try_lock() {
        node* n = P::template create<node>();
        node* expected = nullptr;
        // acq_rel. acquire: pairs with the release CAS to null in unlock().
        // release: publishes n (its locked = true) to the thread that swaps
        // tail_ next, as the exchange in lock() does (with acquire alone, the
        // model checker shows that thread reading n before its initialization).
        if (tail_.compare_exchange_strong(expected, n, F::order(synclab::site::try_lock, std::memory_order_acq_rel),
                                          std::memory_order_relaxed)) {
            mine_ = n;
            return true;
        }
        P::destroy(n);
        return false;
    }

    void unlock() {
        node* n = mine_;
        node* expected = n;
        // release: pairs with the acquire exchange in lock() or CAS in try_lock()
        // of the next thread to find the lock free.
        if (tail_.compare_exchange_strong(expected, nullptr, std::memory_order_release, std::memory_order_relaxed)) {
            P::destroy(n);
            return;
        }
        // release: pairs with the successor's acquire load of locked in lock().
        n->locked.store(false, F::order(synclab::site::hand_off, std::memory_order_release));
    }

private:
    typename P::template atomic<node*> tail_{nullptr};
    node* mine_ = nullptr;  // the owner's node; written after acquiring, read in unlock()
};

}  // namespace acme
