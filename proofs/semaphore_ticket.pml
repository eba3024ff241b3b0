/* semaphore.ticket: the FIFO counting semaphore with direct hand-off,
 * primitives/semaphore/ticket_semaphore.hpp, with the waiter's word of
 * primitives/hand_off_word.hpp (state_ here).
 *
 * Sequentially consistent interleavings only (see harness.pml): the relaxed
 * state_ accesses and the ordering the pass through guard_ provides (the
 * header's point (2) in await()) are Relacy's job; what Spin checks is the
 * protocol: FIFO hand-off, no lost wake-up, no touch of a returned waiter's
 * node (point (1) there), liveness.
 *
 * guard_ is a ticket_futex_mutex (ticket_semaphore.hpp:(guard_)), modelled by
 * the same steps as mutex.ticket_futex (ticket_futex_protocol.pml) on its own
 * futex word. With -DFUTEX_GUARD (the id semaphore.ticket+futex-guard) guard_
 * is a futex_mutex instead (futex_mutex_protocol.pml), as an earlier version
 * of the header had: the counterexamples below are why it changed.
 *
 * Everything guarded by guard_ (count_, the queue head_/tail_/next_,
 * queued_) is plain data that only the guard's holder touches, so each
 * stretch of it is one atomic step here, joined to the next step that others
 * can see (no other process can tell the difference). The queue is an array of process
 * numbers in arrival order (head first); a waiter's node is process p's
 * state_ word, fword[p], in scope from acquire()'s `waiter self`
 * until acquire() returns. A releaser touching a node out of scope sets
 * use_after_return (property node_lifetime).
 *
 * Transitions, with the headers' labels (the top of ticket_semaphore.hpp and
 * of hand_off_word.hpp): (T) take, (Q) queue, (Z) doze, (H) hand, (P) pass.
 * (X) expire, the timed waits, are not modelled. The waiter's spin before
 * (Z) (hand_off_word::await()'s first loop) only reads state_ and then goes
 * to (Z)'s CAS whatever it read (the CAS fails when handed), so it is left out.
 *
 * What Spin shows: everything holds (at most K holders, no lost wake-up, no
 * touch of a returned waiter's node, deadlock and starvation freedom).
 * With the barging futex_mutex as guard_ (+futex-guard) the safety
 * properties hold and the liveness ones do not: a waiter takes guard_ on
 * the way in (acquire()'s guard_.lock()) and, after it was granted its
 * permit, on the way out (ticket_semaphore.hpp:(P), the pass-through), so
 * failing try_acquire() calls of another process can keep a granted waiter
 * from returning forever: nobody gets
 * through, although a permit was handed over (deadlock freedom refuted);
 * and the way in can be lost forever too (starvation freedom refuted).
 * (Dropping only the pass-through is not enough: with three processes a
 * releaser can be kept out of guard_ the same way, and a queued waiter
 * waits for its permit.)
 *
 * Mutants: semaphore.ticket~missing-wake (-DMUTANT_TICKET_MISSING_WAKE,
 * skip_at<site::wake>: release grants a sleeper but never wakes it) and
 * semaphore.ticket~no-pass-through (-DMUTANT_NO_PASS_THROUGH,
 * skip_at<site::hand_off>: the granted waiter returns without passing
 * through guard_, so the releaser may still call futex_wake on its node).
 */
#define NFUTEX (NPROC + 1)                      /* state_ of each process's node, and guard_'s word */
#include "harness.pml"
#define TF_WORD NPROC
#include "ticket_futex_protocol.pml"
#include "futex_mutex_protocol.pml"

#define WAITING  0                              /* hand_off_word.hpp:(states) waiting  (0) queued, spinning */
#define GRANTED  1                              /* hand_off_word.hpp:(states) handed   (1) a releaser granted it a permit */
#define SLEEPING 2                              /* hand_off_word.hpp:(states) sleeping (2) queued, asleep */

#define state_(p) fword[p]                      /* ticket_semaphore.hpp:(waiter.word) hand_off_word.hpp:(word_) the word of process p's node */
#define GUARD NPROC
#define guard_word fword[NPROC]                 /* ticket_semaphore.hpp:(guard_) guard_: its futex word */

byte count_ = NPROC - 1;                        /* ticket_semaphore.hpp:(count_) count_: K = NPROC - 1 permits */
byte queue_[NPROC];                             /* ticket_semaphore.hpp:(head_) head_ .. tail_, as process numbers, head first */
byte queued_;                                   /* ticket_semaphore.hpp:(queued_) queued_ */
bool node_live[NPROC];                          /* p's waiter node is in scope */
bool use_after_return;                          /* a releaser touched a node out of scope */

#define HAS_NODES
#define TOUCH(p) use_after_return = use_after_return || !node_live[p]

#ifndef FUTEX_GUARD
#define GUARD_LOCALS TICKET_FUTEX_LOCALS
inline guard_lock()   { ticket_futex_lock() }
inline guard_unlock() { ticket_futex_unlock() }
#define GUARD_CALLED_ASLEEP TF_ANY_CALLED_ASLEEP
#else
#define GUARD_LOCALS FUTEX_MUTEX_LOCALS
inline guard_lock()   { futex_mutex_lock(GUARD) }
inline guard_unlock() { futex_mutex_unlock(GUARD) }
#define GUARD_CALLED_ASLEEP (GUARD_SLEEPER && guard_word == UNLOCKED)
#endif

#define SEM_LOCALS GUARD_LOCALS byte w; byte old; byte left; bool got;

/* take(), ticket_semaphore.hpp:(T), guard_ held: sets got. */
inline take() {
    atomic {                                     /* ticket_semaphore.hpp:(T) take: count_ > 0 and nobody queued: count_ - 1 */
        if
        :: count_ > 0 && queued_ == 0 -> count_--; got = true   /* took one */
        :: else -> got = false                                   /* none for it (count_ is 0, or someone is queued) */
        fi
    }
}

inline try_acquire() {
    guard_lock();                                /* ticket_semaphore.hpp:(T-try) try_acquire: guard_.lock() */
    take();                                      /* ticket_semaphore.hpp:(T-try) try_acquire: take() */
    guard_unlock()                               /* ticket_semaphore.hpp:(T-try) try_acquire: guard_.unlock() */
}

inline await() {
    atomic {                                     /* hand_off_word.hpp:(Z) await: CAS word waiting -> sleeping */
        if
        :: state_(_pid) == WAITING -> state_(_pid) = SLEEPING; got = true
        :: else -> got = false
        fi
    };
    if
    :: got ->
       do
       :: state_(_pid) != GRANTED ->             /* hand_off_word.hpp:(Z-loop) await: the word is not handed */
          futex_wait(_pid, SLEEPING)             /* hand_off_word.hpp:(Z-wait) await: futex_wait(word, sleeping) */
       :: else -> break                          /* hand_off_word.hpp:(Z-loop) await: the word is handed */
       od
    :: else -> skip                              /* hand_off_word.hpp:(Z) await: CAS failed: already handed */
    fi;
    got = false;
#ifndef MUTANT_NO_PASS_THROUGH
    guard_lock();                                /* ticket_semaphore.hpp:(P) await: pass: guard_.lock() */
    guard_unlock();                              /* ticket_semaphore.hpp:(P) await: pass: guard_.unlock() */
#endif
    node_live[_pid] = false                      /* ticket_semaphore.hpp:(P) acquire returns: its waiter node goes out of scope */
}

inline acquire() {
    guard_lock();                                /* ticket_semaphore.hpp:(T-acquire) acquire: guard_.lock() */
    atomic {                                     /* ticket_semaphore.hpp:(T-acquire) acquire: take(), or else waiter self and enqueue(self), ticket_semaphore.hpp:(Q) */
        if
        :: count_ > 0 && queued_ == 0 -> count_--; got = true   /* (T) took one */
        :: else ->                                               /* (Q) queues itself, state_ waiting */
           state_(_pid) = WAITING; node_live[_pid] = true;
           queue_[queued_] = _pid; queued_++
        fi
    };
    if
    :: got -> got = false;
       guard_unlock()                            /* ticket_semaphore.hpp:(T-acquire) acquire: took one: guard_.unlock() */
    :: else ->
       guard_unlock();                           /* ticket_semaphore.hpp:(Q) acquire: queued: guard_.unlock() */
       await()                                   /* ticket_semaphore.hpp:(Z) acquire: await(self) */
    fi
}

/* The hand-off to the oldest waiter, ticket_semaphore.hpp:(H) (guard_ held). */
#define UNLINK_HEAD() w = queue_[0]; queue_[0] = queue_[1]; QUEUE_SHIFT(); queued_--
#if NPROC > 2
#define QUEUE_SHIFT() queue_[1] = queue_[2]; queue_[2] = 0
#else
#define QUEUE_SHIFT() queue_[1] = 0
#endif
inline hand() {
    atomic { UNLINK_HEAD(); TOUCH(w); old = state_(w); state_(w) = GRANTED };  /* ticket_semaphore.hpp:(H-grant) release: w = head_, unlink_head(w), w->word.hand(): hand_off_word.hpp:(H-grant) exchange -> handed */
    if
    :: old == SLEEPING ->
#ifndef MUTANT_TICKET_MISSING_WAKE
       atomic { TOUCH(w); futex_wake(w, 1) }     /* hand_off_word.hpp:(H-wake) release: it was sleeping: futex_wake(word, 1) */
#else
       skip                                      /* mutant release: it was sleeping, but no futex_wake (hand_off_word.hpp:(H-wake) skipped) */
#endif
    :: else -> skip                              /* hand_off_word.hpp:(H-grant) release: it was not sleeping: no wake */
    fi
}

inline release(n) {
    guard_lock();                                /* ticket_semaphore.hpp:(H) release: guard_.lock() */
    left = n;
    do                                           /* ticket_semaphore.hpp:(H) release: for up to n oldest waiters */
    :: left > 0 && queued_ > 0 ->
       hand();
       left--; w = 0; old = 0
    :: else -> break                             /* ticket_semaphore.hpp:(H) release: no (more) waiter, or n handed */
    od;
    count_ = count_ + left;                      /* ticket_semaphore.hpp:(H-rest) release: count_ = count + the rest of n */
    left = 0;
    guard_unlock()                               /* ticket_semaphore.hpp:(H-rest) release: guard_.unlock() */
}

/* What a sleeper waits for: a permit in count_, its own grant, or (asleep
 * on guard_'s word) its turn at guard_. */
#define GRANTED_ASLEEP(p) (sleeps_on[p] == p && state_(p) == GRANTED)
#if NPROC == 2
#define ANY_GRANTED_ASLEEP (GRANTED_ASLEEP(0) || GRANTED_ASLEEP(1))
#define GUARD_SLEEPER (sleeps_on[0] == GUARD || sleeps_on[1] == GUARD)
#else
#define ANY_GRANTED_ASLEEP (GRANTED_ASLEEP(0) || GRANTED_ASLEEP(1) || GRANTED_ASLEEP(2))
#define GUARD_SLEEPER (sleeps_on[0] == GUARD || sleeps_on[1] == GUARD || sleeps_on[2] == GUARD)
#endif
#define RESOURCE_FREE (count_ > 0 || ANY_GRANTED_ASLEEP || GUARD_CALLED_ASLEEP)

#include "semaphore_client.pml"
#include "properties.pml"
