/* semaphore.futex: permits and sleepers in one futex word, bounded spin
 * before sleeping, primitives/semaphore/futex_semaphore.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml). The header
 * needs no seq_cst anyway: every transition is a read-modify-write of the one
 * word, so Spin's single global order is that word's modification order, as
 * in the C++. Relacy checks the acquire/release pairs.
 *
 * The word, encoded as the header does but with 2 sleeper bits (NPROC <= 3
 * sleepers fit): word_ = permits * 4 + sleepers (the top of futex_semaphore.hpp).
 * Transitions, with the header's labels (the top of futex_semaphore.hpp):
 *     (T) take      (p, s) -> (p - 1, s)      p > 0, CAS
 *     (G) give      (p, s) -> (p + n, s)      CAS loop
 *     (O) observe   the s (G) replaced > 0 ? futex_wake(word_, min(n, s))
 *     (A) announce  (0, s) -> (0, s + 1)      p = 0, CAS
 *     (S) sleep     futex_wait(word_, seen)
 *     (W) wake-take (p, s) -> (p - 1, s - 1)  p > 0, CAS
 * The CASes are strong here: a weak CAS's spurious failure only repeats the
 * loop with the same value (a stutter), and a CAS that failed forever would be
 * a hardware livelock, not the protocol's. The spin
 * (futex_semaphore.hpp:(T-spin)) has a budget of SPIN_BUDGET tries (default
 * 1). Not modelled: the timed waits (try_acquire_for/until and (L)), a full
 * sleeper field (announce()'s yield: never full with 3 processes), and the
 * contract checks on release (violate_release: the count stays at most K).
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

#define word_ fword[0]                          /* futex_semaphore.hpp:(word_) word_: permits << sleeper_bits | sleepers */
#define PERMITS_OF(w) ((w) / ONE_PERMIT)        /* futex_semaphore.hpp:(permits) permits(word) */
#define SLEEPERS_OF(w) ((w) % ONE_PERMIT)       /* futex_semaphore.hpp:(sleepers) sleepers(word) */

#define SEM_LOCALS byte seen; byte spins; bool got; bool done;

/* (T), or with leaving = 1 (W): take(seen, leaving), futex_semaphore.hpp:(T).
 * Sets got; when there is no permit, seen is the latest word. */
inline take(leaving) {
    do
    :: PERMITS_OF(seen) > 0 ->
       atomic {                                  /* futex_semaphore.hpp:(T) take: (T)/(W) CAS word_ seen -> seen - one_permit - leaving */
           if
           :: word_ == seen -> word_ = seen - ONE_PERMIT - leaving; got = true
           :: else -> seen = word_               /* the CAS failed: seen = word_ */
           fi
       };
       if
       :: got -> break                           /* futex_semaphore.hpp:(T) take: took a permit */
       :: else -> skip                           /* futex_semaphore.hpp:(T) take: CAS failed: again while a permit is there */
       fi
    :: else -> break                             /* futex_semaphore.hpp:(T) take: no permit */
    od
}

inline try_acquire() {
    seen = word_;                                /* futex_semaphore.hpp:(T-try) try_acquire: seen = word_ */
    take(0);                                     /* futex_semaphore.hpp:(T-try) try_acquire: take(seen) */
    seen = 0
}

/* (A) announce(), futex_semaphore.hpp:(A): sets got when it took a
 * permit instead; otherwise leaves seen = the announced word. */
inline announce() {
    seen = word_;                                /* futex_semaphore.hpp:(A) announce: seen = word_ */
    do
    :: take(0);                                  /* futex_semaphore.hpp:(T-instead) announce: take(seen): (T) instead? */
       if
       :: got -> break                           /* futex_semaphore.hpp:(T-instead) announce: took a permit instead */
       :: else ->
          atomic {                               /* futex_semaphore.hpp:(A) announce: CAS word_ seen -> seen + one_sleeper */
              if
              :: word_ == seen -> word_ = seen + 1; seen = seen + 1; done = true
              :: else -> seen = word_            /* the CAS failed: seen = word_ */
              fi
          };
          if
          :: done -> done = false; break         /* futex_semaphore.hpp:(A) announce: announced; sleeps on seen */
          :: else -> skip
          fi
       fi
    od
}

inline acquire() {
    try_acquire();                               /* futex_semaphore.hpp:(T-first) acquire: try_acquire() */
    do                                           /* futex_semaphore.hpp:(T-spin) spin_then_take() */
    :: !got && spins < SPIN_BUDGET ->
       spins++;
       seen = word_;                             /* futex_semaphore.hpp:(T-spin) spin_then_take: spin_pause, seen = word_ */
       take(0);                                  /* futex_semaphore.hpp:(T-spin) spin_then_take: take(seen) */
       seen = 0
    :: else -> break
    od;
    spins = 0;
    if
    :: got -> skip                               /* futex_semaphore.hpp:(T-first) acquire: took one without sleeping */
    :: else ->
       announce();                               /* futex_semaphore.hpp:(A) acquire: announce */
       if
       :: got -> skip                            /* futex_semaphore.hpp:(T-instead) acquire: took a permit instead */
       :: else ->
          do
          :: take(1);                            /* futex_semaphore.hpp:(W) acquire: take(seen, one_sleeper) */
             if
             :: got -> break
             :: else ->
                futex_wait(0, seen);             /* futex_semaphore.hpp:(S) acquire: futex_wait(word_, seen) */
                seen = word_                     /* futex_semaphore.hpp:(S) acquire: seen = word_ */
             fi
          od
       fi
    fi;
    seen = 0; got = false
}

inline release(n) {
    seen = word_;                                /* futex_semaphore.hpp:(G) release: seen = word_ */
    do
    :: atomic {                                  /* futex_semaphore.hpp:(G) release: CAS word_ seen -> seen + n * one_permit */
           if
           :: word_ == seen -> word_ = seen + n * ONE_PERMIT; got = true
           :: else -> seen = word_               /* the CAS failed: seen = word_ */
           fi
       };
       if
       :: got -> break
       :: else -> skip                           /* futex_semaphore.hpp:(G) release: CAS failed: again */
       fi
    od;
    if
    :: SLEEPERS_OF(seen) > 0 ->                  /* futex_semaphore.hpp:(O) release: the word it replaced had sleepers */
#ifndef MUTANT_MISSING_WAKE
       futex_wake(0, (n < SLEEPERS_OF(seen) -> n : SLEEPERS_OF(seen)))  /* futex_semaphore.hpp:(O-wake) release: futex_wake(word_, min(n, sleepers)) */
#else
       skip                                      /* mutant release: sleepers but no futex_wake (futex_semaphore.hpp:(O-wake) skipped) */
#endif
    :: else -> skip                              /* futex_semaphore.hpp:(O) release: no sleeper: no syscall */
    fi;
    seen = 0; got = false
}

/* A sleeper waits for a permit in the word. */
#define RESOURCE_FREE (PERMITS_OF(word_) > 0)

#include "semaphore_client.pml"
#include "properties.pml"
