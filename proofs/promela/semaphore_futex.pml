/* semaphore.futex: permits and sleepers in one futex word, bounded spin
 * before sleeping, primitives/semaphore/futex_semaphore.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml). The header
 * needs no seq_cst anyway: every transition is a read-modify-write of the one
 * word, so Spin's single global order is that word's modification order, as
 * in the C++. Relacy checks the acquire/release pairs.
 *
 * The word, encoded as the header does but with 2 sleeper bits (NPROC <= 3
 * sleepers fit): word_ = permits * 4 + sleepers (futex_semaphore.hpp:10-12).
 * Transitions, with the header's labels (futex_semaphore.hpp:16-24):
 *     (T) take      (p, s) -> (p - 1, s)      p > 0, CAS
 *     (G) give      (p, s) -> (p + n, s)      CAS loop
 *     (O) observe   the s (G) replaced > 0 ? futex_wake(word_, min(n, s))
 *     (A) announce  (0, s) -> (0, s + 1)      p = 0, CAS
 *     (S) sleep     futex_wait(word_, seen)
 *     (W) wake-take (p, s) -> (p - 1, s - 1)  p > 0, CAS
 * The CASes are strong here: a weak CAS's spurious failure only repeats the
 * loop with the same value (a stutter), and a CAS that failed forever would be
 * a hardware livelock, not the protocol's. The spin (:145-153) has a budget
 * of SPIN_BUDGET tries (default 1). Not modelled: the timed waits
 * (try_acquire_for/until and (L)), a full sleeper field (:168-171: never full
 * with 3 processes), and the contract checks on release (:106, :110: the
 * count stays at most K).
 *
 * Mutant semaphore.futex~missing-wake (-DMUTANT_MISSING_WAKE): release()
 * never calls futex_wake (skip_at<site::wake>).
 */
#define ONE_PERMIT 4
#define FWORD_INIT ((NPROC - 1) * ONE_PERMIT)   /* K = NPROC - 1 permits, no sleeper */
#include "harness.pml"

#ifndef SPIN_BUDGET
#define SPIN_BUDGET 1
#endif

#define word_ fword[0]                          /* futex_semaphore.hpp:225 word_: permits << sleeper_bits | sleepers */
#define PERMITS_OF(w) ((w) / ONE_PERMIT)        /* futex_semaphore.hpp:128 permits(word) */
#define SLEEPERS_OF(w) ((w) % ONE_PERMIT)       /* futex_semaphore.hpp:129 sleepers(word) */

#define SEM_LOCALS byte seen; byte spins; bool got; bool done;

/* (T) take(seen), futex_semaphore.hpp:133-141: sets got. */
inline take() {
    do
    :: PERMITS_OF(seen) > 0 ->
       atomic {                                  /* futex_semaphore.hpp:136 take: (T) CAS word_ seen -> seen - one_permit */
           if
           :: word_ == seen -> word_ = seen - ONE_PERMIT; got = true
           :: else -> seen = word_               /* the CAS failed: seen = word_ */
           fi
       };
       if
       :: got -> break                           /* futex_semaphore.hpp:138 take: took a permit */
       :: else -> skip                           /* futex_semaphore.hpp:134 take: CAS failed: again while a permit is there */
       fi
    :: else -> break                             /* futex_semaphore.hpp:141 take: no permit */
    od
}

inline try_acquire() {
    seen = word_;                                /* futex_semaphore.hpp:83 try_acquire: seen = word_ */
    take();                                      /* futex_semaphore.hpp:83 try_acquire: take(seen) */
    seen = 0
}

/* (A) announce(), futex_semaphore.hpp:158-179: sets got when it took a
 * permit instead; otherwise leaves seen = the announced word. */
inline announce() {
    seen = word_;                                /* futex_semaphore.hpp:159 announce: seen = word_ */
    do
    :: PERMITS_OF(seen) > 0 ->
       atomic {                                  /* futex_semaphore.hpp:163 announce: (T) CAS word_ seen -> seen - one_permit */
           if
           :: word_ == seen -> word_ = seen - ONE_PERMIT; got = true
           :: else -> seen = word_               /* the CAS failed: seen = word_ */
           fi
       };
       if
       :: got -> break                           /* futex_semaphore.hpp:166 announce: took a permit instead */
       :: else -> skip
       fi
    :: else ->
       atomic {                                  /* futex_semaphore.hpp:172 announce: (A) CAS word_ seen -> seen + one_sleeper */
           if
           :: word_ == seen -> word_ = seen + 1; seen = seen + 1; done = true
           :: else -> seen = word_               /* the CAS failed: seen = word_ */
           fi
       };
       if
       :: done -> done = false; break            /* futex_semaphore.hpp:176 announce: announced; sleeps on seen */
       :: else -> skip
       fi
    od
}

/* (W) wake_take(seen), futex_semaphore.hpp:183-193: sets got. */
inline wake_take() {
    do
    :: PERMITS_OF(seen) > 0 ->
       atomic {                                  /* futex_semaphore.hpp:186 wake_take: (W) CAS word_ seen -> seen - one_permit - one_sleeper */
           if
           :: word_ == seen -> word_ = seen - ONE_PERMIT - 1; got = true
           :: else -> seen = word_               /* the CAS failed: seen = word_ */
           fi
       };
       if
       :: got -> break                           /* futex_semaphore.hpp:189 wake_take: took a permit and left */
       :: else -> skip
       fi
    :: else -> break                             /* futex_semaphore.hpp:192 wake_take: no permit: still announced */
    od
}

inline acquire() {
    try_acquire();                               /* futex_semaphore.hpp:87 acquire: try_acquire() */
    do                                           /* futex_semaphore.hpp:145 spin_then_take() */
    :: !got && spins < SPIN_BUDGET ->
       spins++;
       seen = word_;                             /* futex_semaphore.hpp:150 spin_then_take: spin_pause, seen = word_ */
       take();                                   /* futex_semaphore.hpp:150 spin_then_take: take(seen) */
       seen = 0
    :: else -> break
    od;
    spins = 0;
    if
    :: got -> skip                               /* futex_semaphore.hpp:87 acquire: took one without sleeping */
    :: else ->
       announce();                               /* futex_semaphore.hpp:88 acquire: (A) announce */
       if
       :: got -> skip                            /* futex_semaphore.hpp:89 acquire: took a permit instead */
       :: else ->
          do
          :: wake_take();                        /* futex_semaphore.hpp:90 acquire: (W) wake_take(seen) */
             if
             :: got -> break
             :: else ->
                futex_wait(0, seen);             /* futex_semaphore.hpp:91 acquire: (S) futex_wait(word_, seen) */
                seen = word_                     /* futex_semaphore.hpp:92 acquire: seen = word_ */
             fi
          od
       fi
    fi;
    seen = 0; got = false
}

inline release(n) {
    seen = word_;                                /* futex_semaphore.hpp:108 release: seen = word_ */
    do
    :: atomic {                                  /* futex_semaphore.hpp:113 release: (G) CAS word_ seen -> seen + n * one_permit */
           if
           :: word_ == seen -> word_ = seen + n * ONE_PERMIT; got = true
           :: else -> seen = word_               /* the CAS failed: seen = word_ */
           fi
       };
       if
       :: got -> break
       :: else -> skip                           /* futex_semaphore.hpp:109 release: CAS failed: again */
       fi
    od;
    if
    :: SLEEPERS_OF(seen) > 0 ->                  /* futex_semaphore.hpp:117 release: (O) the word it replaced had sleepers */
#ifndef MUTANT_MISSING_WAKE
       futex_wake(0, (n < SLEEPERS_OF(seen) -> n : SLEEPERS_OF(seen)))  /* futex_semaphore.hpp:118 release: futex_wake(word_, min(n, sleepers)) */
#else
       skip                                      /* mutant release: sleepers but no futex_wake (futex_semaphore.hpp:118 skipped) */
#endif
    :: else -> skip                              /* futex_semaphore.hpp:117 release: (O) no sleeper: no syscall */
    fi;
    seen = 0; got = false
}

/* A sleeper waits for a permit in the word. */
#define RESOURCE_FREE (PERMITS_OF(word_) > 0)

#include "semaphore_client.pml"
#include "properties.pml"
