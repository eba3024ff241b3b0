/* semaphore.futex: count and waiter count in futex words, bounded spin before
 * sleeping, primitives/semaphore/futex_semaphore.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml). That makes
 * the header's seq_cst store-load pairs ((A) with (O), Dekker's pattern) hold
 * by construction: Spin checks the protocol above them, Relacy and the C++
 * memory model the orders (the header explains why seq_cst is needed).
 *
 * Transitions, with the header's labels (futex_semaphore.hpp:14-24):
 *     (T) take      count c > 0 -> c - 1   CAS
 *     (G) give      count c -> c + n       CAS loop
 *     (O) observe   after (G): waiters_ > 0 ? futex_wake(count_, n)
 *     (A) announce  waiters_ + 1
 *     (R) recheck   count_ + 0 (a read-modify-write: a read here)
 *     (S) sleep     futex_wait(count_, 0)
 *     (L) leave     waiters_ - 1
 * The CASes are strong here: a weak CAS's spurious failure only repeats the
 * loop with the same value (a stutter), and a CAS that failed forever would be
 * a hardware livelock, not the protocol's. The spin (:139-147) has a budget of
 * SPIN_BUDGET tries (default 1). The timed waits (try_acquire_for/until) are
 * not modelled. The contract checks on release (:104, :109) cannot fire here
 * (the count stays at most K).
 *
 * Mutant semaphore.futex~missing-wake (-DMUTANT_MISSING_WAKE): release()
 * never calls futex_wake (skip_at<site::wake>).
 */
#define FWORD_INIT (NPROC - 1)                  /* count_ starts with K = NPROC - 1 permits */
#include "harness.pml"

#ifndef SPIN_BUDGET
#define SPIN_BUDGET 1
#endif

#define count_ fword[0]                         /* futex_semaphore.hpp:191 count_: permits available */
byte waiters_;                                  /* futex_semaphore.hpp:192 waiters_{0} */

#define SEM_LOCALS byte seen; byte spins; bool got;

/* (T) take(seen), futex_semaphore.hpp:131-136: sets got. */
inline take() {
    do
    :: seen > 0 ->
       atomic {                                  /* futex_semaphore.hpp:134 take: (T) CAS count_ seen -> seen - 1 */
           if
           :: count_ == seen -> count_ = seen - 1; got = true
           :: else -> seen = count_              /* the CAS failed: seen = count_ */
           fi
       };
       if
       :: got -> break                           /* futex_semaphore.hpp:136 take: took a permit */
       :: else -> skip                           /* futex_semaphore.hpp:132 take: CAS failed: again while seen > 0 */
       fi
    :: else -> break                             /* futex_semaphore.hpp:139 take: count is 0: no permit */
    od;
    seen = 0
}

inline try_acquire() {
    seen = count_;                               /* futex_semaphore.hpp:84 try_acquire: seen = count_ */
    take()                                       /* futex_semaphore.hpp:85 try_acquire: take(seen) */
}

inline acquire() {
    try_acquire();                               /* futex_semaphore.hpp:89 acquire: try_acquire() */
    do                                           /* futex_semaphore.hpp:143 spin_then_take() */
    :: !got && spins < SPIN_BUDGET ->
       spins++;
       seen = count_;                            /* futex_semaphore.hpp:148 spin_then_take: spin_pause, seen = count_ */
       take()                                    /* futex_semaphore.hpp:148 spin_then_take: take(seen) */
    :: else -> break
    od;
    spins = 0;
    if
    :: got -> skip                               /* futex_semaphore.hpp:89 acquire: took one without sleeping */
    :: else ->
       waiters_++;                               /* futex_semaphore.hpp:156 acquire: (A) announce: waiters_ + 1 */
       do
       :: seen = count_;                         /* futex_semaphore.hpp:161 acquire: (R) recheck: count_.fetch_add(0) */
          take();                                /* futex_semaphore.hpp:92 acquire: take(recheck()) */
          if
          :: got -> break
          :: else -> futex_wait(0, 0)            /* futex_semaphore.hpp:93 acquire: (S) futex_wait(count_, 0) */
          fi
       od;
       waiters_--                                /* futex_semaphore.hpp:167 acquire: (L) leave: waiters_ - 1 */
    fi;
    got = false
}

inline release(n) {
    seen = count_;                               /* futex_semaphore.hpp:111 release: seen = count_ */
    do
    :: atomic {                                  /* futex_semaphore.hpp:117 release: (G) CAS count_ seen -> seen + n */
           if
           :: count_ == seen -> count_ = seen + n; got = true
           :: else -> seen = count_              /* the CAS failed: seen = count_ */
           fi
       };
       if
       :: got -> break
       :: else -> skip                           /* futex_semaphore.hpp:112 release: CAS failed: again */
       fi
    od;
    if
    :: waiters_ > 0 ->                           /* futex_semaphore.hpp:121 release: (O) waiters_ > 0 */
#ifndef MUTANT_MISSING_WAKE
       futex_wake(0, n)                          /* futex_semaphore.hpp:122 release: futex_wake(count_, n) */
#else
       skip                                      /* mutant release: waiters_ > 0 but no futex_wake (futex_semaphore.hpp:122 skipped) */
#endif
    :: else -> skip                              /* futex_semaphore.hpp:121 release: (O) no waiter: no syscall */
    fi;
    seen = 0; got = false
}

/* A sleeper waits for a permit in the count. */
#define RESOURCE_FREE (count_ > 0)

#include "semaphore_client.pml"
#include "properties.pml"
