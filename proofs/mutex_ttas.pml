/* mutex.ttas: test-and-test-and-set with bounded exponential backoff,
 * primitives/mutex/ttas_mutex.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml): the acquire,
 * release and relaxed orders of the header are Relacy's job.
 *
 * One word, locked_, with mutex.tas's transitions; a loser only reads until
 * the lock looks free, then exchanges again. The backoff
 * (ttas_mutex.hpp:(backoff)) is a number of pauses, time only: it changes
 * which interleavings are likely, not which are possible, so it is not
 * modelled. The read loop (ttas_mutex.hpp:(test)) is modelled as a guard: the
 * process waits until it reads false (the iterations that read true change
 * nothing).
 */
#include "harness.pml"

bool locked_;                                   /* ttas_mutex.hpp:(locked_) locked_{false} */

#define LOCK_LOCALS bool old; bool got;

inline lock() {
    atomic { old = locked_; locked_ = true };    /* ttas_mutex.hpp:(lock) lock: exchange(true), the fast path */
    if
    :: old == false -> skip                      /* ttas_mutex.hpp:(lock) lock: it was free: owns it */
    :: else ->
       do                                        /* ttas_mutex.hpp:(test) lock_contended() */
       :: locked_ == false;                      /* ttas_mutex.hpp:(test) lock_contended: test: reads until locked_ is false */
          atomic { old = locked_; locked_ = true };  /* ttas_mutex.hpp:(test-and-set) lock_contended: test-and-set: exchange(true) */
          if
          :: old == false -> break               /* ttas_mutex.hpp:(test-and-set) lock_contended: it was free: owns it */
          :: else -> skip                        /* ttas_mutex.hpp:(backoff) lock_contended: lost the race: back off, test again */
          fi
       od
    fi;
    old = false
}

inline try_lock() {
    if
    :: locked_ -> got = false                    /* ttas_mutex.hpp:(try_lock-test) try_lock: test: locked_ is true: false */
    :: else ->
       atomic { old = locked_; locked_ = true }; /* ttas_mutex.hpp:(try_lock) try_lock: exchange(true) */
       got = !old;                               /* ttas_mutex.hpp:(try_lock) try_lock: owns it if it was false */
       old = false
    fi
}

inline unlock() {
    locked_ = false                              /* ttas_mutex.hpp:(unlock) unlock: store(false) */
}

#include "lock_client.pml"
#include "properties.pml"
