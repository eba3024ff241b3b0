/* condvar.futex: a condition variable on a sequence word with a sleeper
 * count and a bounded spin, primitives/condvar/futex_condvar.hpp, with the
 * predicate loop of primitives/condvar/waits.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml). That makes
 * the header's seq_cst pairs ((A) with (O), (N) with (C): Dekker's pattern)
 * hold by construction; the header explains why the C++ memory model needs
 * them seq_cst, and that is Relacy's job.
 *
 * The scene (the waiting room): NPROC - 1 waiters and one producer share
 * the caller's lock, a count of tokens it guards (at most one), and the
 * condition variable. A waiter locks, waits while there is no token
 * (wait(lock, pred)), takes the token, unlocks. The producer locks, adds a
 * token if there is none, calls notify_one or notify_all (before or after
 * it unlocks: both are allowed), unlocks; it may stop for good. So with two
 * processes there is one waiter, and with three two waiters compete.
 * The caller's lock is harness.pml's fair_lock: what the model is about is
 * the condition variable, and a starvation-free lock keeps its own
 * unfairness out of the counterexamples.
 *
 * seq_ is not kept as a number: it only matters whether it moved since a
 * waiter's (R). moved[p] says so for waiter p between its (R) and its (L)
 * (watching[p]). That is the 32-bit counter without its wrap-around (the
 * header's ABA note: 2^32 notifies between (R) and (S)), and it keeps the
 * state space finite. The kernel's compare in (S) is "seq_ == seen", that
 * is !moved[p].
 *
 * Transitions, with the header's labels (the top of futex_condvar.hpp): a waiter
 * (R) (U) (P) (A) (C) (S) (D) (L); a notifier (N) (O) (W). The spin (P) reads
 * seq_ CV_SPIN_BUDGET times (default 1). The timed waits are not modelled.
 *
 * Mutant condvar.futex~missing-wake (-DMUTANT_MISSING_WAKE): notify never
 * calls futex_wake (skip_at<site::wake>).
 */
#include "harness.pml"

#ifndef CV_SPIN_BUDGET
#define CV_SPIN_BUDGET 1
#endif
#define NWAITERS (NPROC - 1)
#define PRODUCER (NPROC - 1)
#define SEQ 0                                   /* the futex word sleepers sleep on: seq_ */
#define seq_ fword[SEQ]                         /* a name only (for trails): seq_ itself is kept as moved[] */

bool watching[NPROC];                           /* waiter p is between its (R) and its (L) */
bool moved[NPROC];                              /* seq_ moved since waiter p's (R): seq_ != seen */
byte sleepers_;                                 /* futex_condvar.hpp:(sleepers_) sleepers_{0} */
fair_lock_t mutex_;                             /* the caller's lock */
byte tokens;                                    /* the caller's state, guarded by mutex_: the predicate is tokens > 0 */
bool producer_done;                             /* the producer stopped for good */

/* (N): seq_ + 1, as every waiter between (R) and (L) sees it. */
#if NPROC == 2
#define ADVANCE_SEQ() moved[0] = moved[0] || watching[0]
#else
#define ADVANCE_SEQ() moved[0] = moved[0] || watching[0]; moved[1] = moved[1] || watching[1]
#endif

inline notify(n) {
    atomic { ADVANCE_SEQ() };                    /* futex_condvar.hpp:(N) notify: seq_.fetch_add(1) */
    if
    :: sleepers_ != 0 ->                         /* futex_condvar.hpp:(O) notify: sleepers_ != 0 */
#ifndef MUTANT_MISSING_WAKE
       futex_wake(SEQ, n)                        /* futex_condvar.hpp:(W) notify: futex_wake(seq_, n) */
#else
       skip                                      /* mutant notify: sleepers_ != 0, but no futex_wake (futex_condvar.hpp:(W) skipped) */
#endif
    :: else -> skip                              /* futex_condvar.hpp:(O) notify: no sleeper: no syscall */
    fi
}

inline block() {
    atomic { watching[_pid] = true; moved[_pid] = false };  /* futex_condvar.hpp:(R) block: seen = seq_ */
    fair_unlock(mutex_);                         /* futex_condvar.hpp:(U) block: lock.unlock() */
    do                                           /* futex_condvar.hpp:(P) block: spin_while_unchanged(seen) */
    :: spins < CV_SPIN_BUDGET ->
       spins++;
       if
       :: moved[_pid] -> changed = true; break   /* futex_condvar.hpp:(P-check) block: seq_ != seen: returns */
       :: else -> skip                           /* futex_condvar.hpp:(P-check) block: seq_ == seen: spins on */
       fi
    :: else -> break                             /* futex_condvar.hpp:(P) block: budget spent */
    od;
    if
    :: !changed ->
       sleepers_++;                              /* futex_condvar.hpp:(A) block: sleepers_.fetch_add(1) */
       if
       :: !moved[_pid] ->                        /* futex_condvar.hpp:(C) block: seq_ == seen */
          futex_wait_if(SEQ, !moved[_pid])       /* futex_condvar.hpp:(S) block: futex_wait(seq_, seen) */
       :: else -> skip                           /* futex_condvar.hpp:(C) block: seq_ moved: does not sleep */
       fi;
       sleepers_--                               /* futex_condvar.hpp:(D) block: sleepers_.fetch_sub(1) */
    :: else -> skip
    fi;
    fair_lock(mutex_, ticket);                   /* futex_condvar.hpp:(L) block: lock.lock() */
    atomic { watching[_pid] = false; moved[_pid] = false; changed = false; spins = 0 }  /* futex_condvar.hpp:(L) block returns */
}

active [NWAITERS] proctype waiter() {
    byte ticket; byte spins; bool changed;
    do
    :: begin_trying();                           /* waiter: waits for a token */
       fair_lock(mutex_, ticket);                /* waiter: lock.lock() */
       do                                        /* waits.hpp:(recheck) wait(lock, pred): while (!pred()) block(lock) */
       :: tokens == 0 -> block()                 /* waits.hpp:(recheck) wait: no token: block */
       :: else -> break                          /* waits.hpp:(recheck) wait: a token: the predicate holds */
       od;
       tokens--;                                 /* waiter: takes the token, under the lock */
       now_holding(1);
       stop_holding(1);
       fair_unlock(mutex_)                       /* waiter: lock.unlock() */
    :: stop_for_good(); break
    od
}

active proctype producer() {
    byte ticket;
    do
    :: fair_lock(mutex_, ticket);                /* producer: lock.lock() */
       if
       :: tokens == 0 -> tokens++                /* producer: adds a token: the predicate becomes true */
       :: else -> skip                           /* producer: a token is already there */
       fi;
       if
       :: notify(1); fair_unlock(mutex_)         /* producer: notify_one() under the lock, then unlock */
       :: notify(NWAITERS); fair_unlock(mutex_)  /* producer: notify_all() under the lock, then unlock */
       :: fair_unlock(mutex_); notify(1)         /* producer: unlock, then notify_one() */
       :: fair_unlock(mutex_); notify(NWAITERS)  /* producer: unlock, then notify_all() */
       fi
    :: atomic { producer_done = true; stop_for_good() }; break  /* producer: stops for good */
    od
}

/* The properties, for this scene. The condition variable excludes nobody
 * (the caller's lock does): no mutual_exclusion. A waiter that tries while a
 * token is there must let some waiter through; a waiter may wait forever
 * only once the producer is gone and no token is left; and never may all
 * remaining processes be asleep while a token waits. */
#define NO_EXCLUSION
#define DEADLOCK_PRE (SOME_PHASE(TRYING) && tokens > 0)
#define EXCUSED(i) (producer_done && tokens == 0)
#define RESOURCE_FREE (tokens > 0)
#include "properties.pml"
