/* futex_mutex_protocol.pml: the protocol of primitives/mutex/futex_mutex.hpp
 * as inlines over one futex word, fword[w], so that mutex_futex.pml and
 * semaphore.ticket's guard_ (a futex_mutex) run the same steps.
 *
 * Sequentially consistent interleavings only (see harness.pml).
 *
 * States (the top of futex_mutex.hpp): unlocked 0, locked 1, contended 2.
 * Transitions, with the header's labels:
 *     (A) unlocked  -> locked     CAS, lock()/try_lock() and after the spin
 *     (B) *         -> contended  exchange in lock_contended()
 *     (C) contended -> contended  futex_wait(word, contended)
 *     (D) locked|contended -> unlocked   exchange in unlock(); if it returned
 *                                 contended, futex_wake(1)
 * The spin and the yields before sleeping (futex_mutex.hpp:(spin), (yield)) run
 * FUTEX_MUTEX_SPIN_BUDGET more loads (default 0). Any budget is equivalent to
 * 0 up to stuttering: the spin and the yields only read word_, and what
 * follows depends only on its last read, so each run with more loads is a
 * run with one load (the last) plus steps that change nothing; every property here is stutter-invariant (no next-time
 * operator). -DFUTEX_MUTEX_SPIN_BUDGET=n checks it with n loads.
 *
 * The caller declares the locals FUTEX_MUTEX_LOCALS and a `got` for
 * futex_mutex_try_lock. -DMUTANT_MISSING_WAKE drops the wake in unlock
 * (the C++ mutant mutex.futex~missing-wake: skip_at<site::wake>).
 */

#define UNLOCKED  0
#define LOCKED    1
#define CONTENDED 2

#ifndef FUTEX_MUTEX_SPIN_BUDGET
#define FUTEX_MUTEX_SPIN_BUDGET 0
#endif

#define FUTEX_MUTEX_LOCALS byte fm_old; byte fm_seen; byte fm_spins; bool fm_got;

inline futex_mutex_lock(w) {
    atomic {                                     /* futex_mutex.hpp:(A) lock: unlocked -> locked: CAS */
        if
        :: fword[w] == UNLOCKED -> fword[w] = LOCKED; fm_got = true
        :: else -> fm_got = false
        fi
    };
    if
    :: fm_got -> skip                            /* futex_mutex.hpp:(A) lock: succeeded: owns it */
    :: else ->                                   /* futex_mutex.hpp:(A) lock: lock_contended() */
       fm_seen = fword[w];                       /* futex_mutex.hpp:(spin) lock_contended: seen = word_ */
       do
       :: fm_seen == LOCKED && fm_spins < FUTEX_MUTEX_SPIN_BUDGET ->
          fm_spins++;
          fm_seen = fword[w]                     /* futex_mutex.hpp:(spin) lock_contended: spin_pause, seen = word_ */
                                                 /* futex_mutex.hpp:(yield) the yields: the same wait, so the same loop */
       :: else -> break                          /* futex_mutex.hpp:(spin) lock_contended: spin over (changed, or budget spent) */
       od;
       if
       :: fm_seen == UNLOCKED ->
          atomic {                               /* futex_mutex.hpp:(A-again) lock_contended: again: CAS unlocked -> locked */
              if
              :: fword[w] == UNLOCKED -> fword[w] = LOCKED; fm_got = true
              :: else -> skip
              fi
          }
       :: else -> skip
       fi;
       if
       :: fm_got -> skip                         /* futex_mutex.hpp:(A-again) lock_contended: succeeded: owns it */
       :: else ->
          do
          :: atomic { fm_old = fword[w]; fword[w] = CONTENDED };  /* futex_mutex.hpp:(B) lock_contended: * -> contended: exchange */
             if
             :: fm_old == UNLOCKED -> break      /* futex_mutex.hpp:(B) lock_contended: returned unlocked: owns it */
             :: else -> futex_wait(w, CONTENDED) /* futex_mutex.hpp:(C) lock_contended: futex_wait(word_, contended) */
             fi
          od
       fi
    fi;
    fm_old = 0; fm_seen = 0; fm_spins = 0; fm_got = false
}

inline futex_mutex_try_lock(w) {
    atomic {                                     /* futex_mutex.hpp:(A-try) try_lock: unlocked -> locked: CAS */
        if
        :: fword[w] == UNLOCKED -> fword[w] = LOCKED; got = true
        :: else -> got = false
        fi
    }
}

inline futex_mutex_unlock(w) {
    atomic { fm_old = fword[w]; fword[w] = UNLOCKED };  /* futex_mutex.hpp:(D) unlock: * -> unlocked: exchange */
    if
    :: fm_old == CONTENDED ->
#ifndef MUTANT_MISSING_WAKE
       futex_wake(w, 1)                          /* futex_mutex.hpp:(D-wake) unlock: was contended: futex_wake(word_, 1) */
#else
       skip                                      /* mutant unlock: was contended, but no futex_wake (futex_mutex.hpp:(D-wake) skipped) */
#endif
    :: else -> skip                              /* futex_mutex.hpp:(D) unlock: was locked: nobody to wake */
    fi;
    fm_old = 0
}
