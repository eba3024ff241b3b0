// mutex.mcs: the MCS queue lock (FIFO, local spinning), in the K42 form that
// needs no node from the caller, so it is a plain Lockable (std::lock_guard works).
//
// Classic MCS (Mellor-Crummey and Scott, ACM TOCS 1991) makes each thread pass a
// queue node to lock() and the same node to unlock(). The variant from IBM's K42
// (Auslander et al., US patent 6,842,809; Scott, "Shared-Memory Synchronization",
// 2013, sec. 4.3.1) lets the lock object stand in for the owner's node: a waiter's
// node lives on its stack only while it waits, and the owner keeps nothing.
//
// Words. In the lock: tail_ (last node of the queue, or none) and next_ (the
// first waiter, i.e. the owner's successor). In a waiter's node: waiting_ (true
// until the predecessor hands over) and next_ (its own successor).
//
// States of tail_, with "self" = the lock object's address standing for the owner:
//
//     nullptr --CAS(nullptr, self), lock()/try_lock() fast path--> self   (owned, no waiter)
//     any --exchange(&node), lock() enqueues (the doorway)--------> &node
//     self --CAS(self, nullptr), unlock() with no waiter---------> nullptr
//     &node --CAS(&node, self), new owner with no successor-----> self   (its stack node retires)
//
// A waiter whose exchange returned prev links itself in behind it (prev's
// next_, or the lock's next_ when prev is the owner) and spins on its own
// node's waiting_. If the exchange returned nullptr the lock was free: the
// caller owns it at once, its node already last in the queue, and retires it
// as a waiter that was handed the lock does.
// unlock() reads the lock's next_; if there is none yet but tail_ shows a waiter
// (the CAS to nullptr fails), it waits for the link, then clears the successor's
// waiting_ (hand-off). The new owner moves its successor (if any) into the lock's
// next_, or, if it was last, swings tail_ from its node back to self; if that CAS
// fails a newcomer is linking behind it, and it waits for that link first.
//
// Why correct: every enqueue is one exchange of tail_, so enqueues form one
// queue in exchange order, and the doorway is wait-free: once a thread has
// swapped itself in, every later arrival queues behind it (FIFO,
// starvation-free; the fast-path CAS succeeds only on an empty queue).
// Ownership passes only by clearing exactly one waiting_ flag, so there is at
// most one owner. No one touches a node after its owner left lock(): its
// successor was moved into the lock first, and tail_ no longer points to it.
//
// Seven orders below are justified by the C++ memory model but cannot be
// shown needed by Relacy: `./synclab orders mutex.mcs` finds each weakenable
// (the loads and stores to relaxed, the doorway to acquire). Each orders a
// store to a word after an earlier store to that word by another thread:
// the hand-off's waiting_ = false after the node's own waiting_ = true (the
// link's release, and the acquire of each load that learns the successor:
// unlock-next, link-wait, successor, retire-wait), a successor's link into
// node.next_ after the node's next_ = nullptr (the doorway's release half),
// the retiring owner's next_ = nullptr before a newcomer's link into next_
// (retire's release). Relacy places every store last in its location's
// modification order, in the order it runs them, so the lost store these
// orders prevent (the earlier store landing after the later one: the
// successor spins forever, or a link is overwritten) never happens there.
// The C++ model allows it without the order (write-write coherence needs
// happens-before), and so does hardware that lets two stores of one thread
// become visible out of order (Arm, POWER); on x86 the stores of one thread
// become visible in program order and each holds without it. Kept: each
// costs nothing on x86 and is what makes the lock correct elsewhere.
//
// Fault sites: lock, try_lock, unlock (the CAS to nullptr), link (its
// release; skipped: unlock's wait for the link), spin_wait, hand_off, retire.
//
// What it lacks: FIFO hand-off collapses under oversubscription like the ticket
// lock (the successor may be preempted); uncontended it costs two CAS.
// Spin refuted starvation freedom for the CAS-loop doorway an earlier
// version had; the exchange is Mellor-Crummey and Scott's original doorway.
#pragma once

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class mcs_mutex {
    struct qnode {
        typename P::template atomic<bool> waiting_{true};  // (node.waiting_)
        typename P::template atomic<qnode*> next_{nullptr};  // (node.next_)
    };

public:
    mcs_mutex() = default;
    mcs_mutex(const mcs_mutex&) = delete;
    mcs_mutex& operator=(const mcs_mutex&) = delete;

    void lock() {
        qnode* expected = nullptr;
        // nullptr -> self; acquire: pairs with the release CAS to nullptr in unlock().
        if (tail_.compare_exchange_strong(expected, self(), F::order(site::lock, std::memory_order_acquire),
                                          std::memory_order_relaxed)) {  // (lock)
            return;
        }
        lock_queued();
    }

    bool try_lock() {
        qnode* expected = nullptr;
        // nullptr -> self; acquire: pairs with the release CAS to nullptr in unlock().
        return tail_.compare_exchange_strong(expected, self(),  // (try_lock)
                                             F::order(site::try_lock, std::memory_order_acquire),
                                             std::memory_order_relaxed);
    }

    void unlock() {
        // acquire: pairs with the release store that linked the successor (in
        // lock_queued()), so its waiting_ = true is visible before we clear it.
        // (Relacy cannot show it needed: see the top.)
        qnode* succ = next_.load(std::memory_order_acquire);  // (unlock-next)
        if (succ == nullptr) {
            qnode* expected = self();
            // self -> nullptr; release: pairs with the acquire CAS in lock()/try_lock()
            // or the acquire exchange in lock_queued() of whoever takes it next.
            if (tail_.compare_exchange_strong(expected, nullptr, F::order(site::unlock, std::memory_order_release),
                                              std::memory_order_relaxed)) {  // (unlock)
                return;
            }
            // A waiter has swung tail_ but not linked itself yet: wait for the link.
            // Mutant (mutex.mcs~no-link-wait): reads the failed CAS as "nobody to
            // hand to" and leaves; the waiter links in and spins on waiting_ forever.
            if constexpr (F::skips(site::link)) return;
            // acquire: pairs with the release store of the link in lock_queued().
            // (Relacy cannot show it needed: see the top.)
            while ((succ = next_.load(std::memory_order_acquire)) == nullptr) P::spin_pause();  // (link-wait)
        }
        // Hand-off: the successor owns the lock once waiting_ is false.
        // release: pairs with the acquire load of waiting_ in lock_queued().
        succ->waiting_.store(false, F::order(site::hand_off, std::memory_order_release));  // (hand_off)
    }

private:
    qnode* self() noexcept { return reinterpret_cast<qnode*>(this); }

    [[gnu::noinline]] void lock_queued() {
        qnode node;  // (node)
        // The doorway: enqueue with one exchange, so it cannot fail and a
        // waiter cannot be overtaken by later arrivals (the CAS loop this
        // replaced could fail forever while the owner unlocked and re-locked
        // by the fast path: Spin's counterexample, proofs/mutex_mcs.pml).
        // tail_ -> &node. release: publishes node's initial state to whoever
        // swaps tail_ next and links behind us. acquire: pairs with the release
        // exchange of our predecessor's enqueue, so prev is a live, initialized
        // node, or (prev nullptr) with the release CAS to nullptr in unlock().
        // (The release half: Relacy cannot show it needed; see the top.)
        qnode* prev = tail_.exchange(&node, std::memory_order_acq_rel);  // (doorway)
        if (prev != nullptr) {
            // Link behind prev: the owner's successor lives in the lock's next_.
            auto& link = prev == self() ? next_ : prev->next_;
            // release: pairs with the acquire load of the link in unlock() (or in
            // the predecessor's lock_queued()), publishing node.waiting_ = true.
            // (Relacy cannot show it needed: see the top.)
            link.store(&node, F::order(site::link, std::memory_order_release));  // (link)

            // acquire: pairs with the release hand-off store in unlock().
            while (node.waiting_.load(F::order(site::spin_wait, std::memory_order_acquire))) P::spin_pause();  // (spin)
        }
        // else: the lock was free and we own it, our node already last in the
        // queue; it leaves through the same retire path as a node handed the lock.

        // We own the lock. Move our successor into the lock, so node can retire.
        // acquire: pairs with the release store of the successor's link.
        // (Relacy cannot show it needed: see the top.)
        qnode* succ = node.next_.load(std::memory_order_acquire);  // (successor)
        if (succ == nullptr) {
            // relaxed: only the owner reads or writes next_ while tail_ is self.
            next_.store(nullptr, std::memory_order_relaxed);  // (retire-clear)
            qnode* expected = &node;
            // &node -> self. release: pairs with the acquire exchange of the
            // next newcomer that enqueues behind self, so our next_ = nullptr above is
            // ordered before its link into next_ (else the link could be lost;
            // Relacy cannot show it needed: see the top).
            if (tail_.compare_exchange_strong(expected, self(), F::order(site::retire, std::memory_order_release),
                                              std::memory_order_relaxed)) {  // (retire)
                return;
            }
            // A newcomer swung tail_ past node and is about to link behind it.
            // acquire: pairs with the release store of its link. (Relacy cannot
            // show it needed: see the top.)
            while ((succ = node.next_.load(std::memory_order_acquire)) == nullptr) P::spin_pause();  // (retire-wait)
        }
        // relaxed: next_ is read by our own unlock(), or by a successor through
        // the release/acquire chain of the hand-off.
        next_.store(succ, std::memory_order_relaxed);  // (move)
    }

    typename P::template atomic<qnode*> tail_{nullptr};  // (tail_)
    typename P::template atomic<qnode*> next_{nullptr};  // (next_)
};

}  // namespace synclab
