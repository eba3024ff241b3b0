// hand_off_word: the futex word a queued waiter waits on until whoever holds
// the queue hands it what it waits for (a permit, a notification) directly.
// It is the node word of semaphore.ticket and condvar.ticket: each waiter puts
// a node on its own stack into a FIFO guarded by the primitive's lock, and
// the node carries one of these (the specific-notification queue of Cargill,
// "Specific Notification for Java Thread Synchronization", PLoP 1996, and the
// Linux kernel's exclusive wait queues, over one futex word per waiter).
//
// States of the word:
//
//     waiting  (0)  queued, its owner spinning
//     handed   (1)  unlinked from the queue and handed its due
//     sleeping (2)  queued, its owner asleep (or about to be) on the word
//
// Transitions:
//
//     (H) hand   by the queue's owner, holding the queue's lock, the node
//                already unlinked: exchange -> handed; futex_wake the word
//                if it was sleeping
//     (Z) doze   by the node's owner, after spinning its budget on the word:
//                CAS waiting -> sleeping, then futex_wait(word, sleeping)
//                until it reads handed, or until the deadline passes
//
// No lost wake-up: (Z)'s CAS and (H)'s exchange are read-modify-writes of the
// one word, so either the owner announced sleeping first and the hander sees
// it and wakes, or the hander came first and the CAS fails on handed.
//
// What the word does not do, and its user must: order the user's data, and
// keep the node alive. The hander touches the word only while holding the
// queue's lock (the wake included), so the owner, once await() returned
// true, passes through that lock once (lock, unlock) before the node goes
// out of scope: the hander is then done with it, and its unlock
// happens-before the owner's lock, which publishes whatever the hander wrote
// before handing. That pass is why every access to the word is relaxed. A
// timed wait that returns false has not been handed yet when it looked; its
// owner takes the queue's lock and decides there (unlink the node if it is
// still queued; if a hander unlinked it meanwhile, the hand-off counts).
#pragma once

#include <chrono>

namespace synclab {

template <class P>
class hand_off_word {
public:
    // (H): hands the word to its owner; wakes the owner if it sleeps, unless
    // `wake` is false (a mutant's missing wake). Called with the queue's lock
    // held, the node already unlinked.
    void hand(bool wake) {
        // relaxed: a read-modify-write, so it cannot miss the owner's CAS to
        // sleeping; it orders nothing else (the owner's pass through the
        // queue's lock does: see the top).
        if (word_.exchange(handed_state, std::memory_order_relaxed) == sleeping_state && wake) {  // (H-grant)
            P::futex_wake(word_, 1);  // (H-wake)
        }
    }

    // (Z): waits until handed (true), spinning `budget` times first, then
    // asleep; with a deadline, false when it passed before the hand-off was
    // seen.
    bool await(unsigned budget, const std::chrono::steady_clock::time_point* deadline) {
        // relaxed (every access here): the word only says when to stop
        // waiting; the pass through the queue's lock orders the rest.
        for (unsigned spins = 0; spins < budget && !handed(); ++spins) {
            P::spin_pause();
        }
        int expected = waiting_state;
        // relaxed: as above; a read-modify-write against hand()'s exchange.
        if (word_.compare_exchange_strong(expected, sleeping_state, std::memory_order_relaxed,  // (Z)
                                          std::memory_order_relaxed)) {
            while (word_.load(std::memory_order_relaxed) != handed_state) {  // (Z-loop)
                if (deadline == nullptr) {
                    P::futex_wait(word_, sleeping_state);  // (Z-wait)
                } else if (!P::futex_wait_until(word_, sleeping_state, *deadline)) {
                    return false;
                }
            }
        }
        return true;
    }

    // Whether the word was handed. relaxed: under the queue's lock, hand()
    // changes the word only while holding it; elsewhere a hint to stop spinning.
    bool handed() const { return word_.load(std::memory_order_relaxed) == handed_state; }

private:
    enum state : int { waiting_state = 0, handed_state = 1, sleeping_state = 2 };  // (states)

    typename P::futex_word word_{waiting_state};  // (word_)
};

}  // namespace synclab
