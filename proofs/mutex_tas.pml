/* mutex.tas: the test-and-set spin lock, primitives/mutex/tas_mutex.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml): the acquire
 * and release orders of the header are Relacy's job.
 *
 * One word, locked_:
 *     false --exchange(true) by lock()/try_lock()--> true
 *     true  --store(false) by unlock()------------> false
 *
 * Mutant mutex.tas~load-store (-DMUTANT_LOAD_STORE): lock() reads locked_
 * and then stores true, two steps instead of one exchange; two processes can
 * both read false, and mutual exclusion fails.
 */
#include "harness.pml"

bool locked_;                                   /* tas_mutex.hpp:(locked_) locked_{false} */

#define LOCK_LOCALS bool old; bool got;

inline lock() {
    do
#ifndef MUTANT_LOAD_STORE
    :: atomic { old = locked_; locked_ = true }  /* tas_mutex.hpp:(lock) lock: exchange(true) */
#else
    :: old = locked_;                            /* mutant lock: load locked_ (instead of the exchange at tas_mutex.hpp:(lock)) */
       locked_ = true                            /* mutant lock: store true (a separate step) */
#endif
       if
       :: old == false -> break                  /* tas_mutex.hpp:(lock) lock: exchange returned false: owns it */
       :: else -> skip                           /* tas_mutex.hpp:(lock) lock: exchange returned true: spin_pause, again */
       fi
    od;
    old = false
}

inline try_lock() {
    atomic { old = locked_; locked_ = true };    /* tas_mutex.hpp:(try_lock) try_lock: exchange(true) */
    got = !old;                                  /* tas_mutex.hpp:(try_lock) try_lock: owns it if it was false */
    old = false
}

inline unlock() {
    locked_ = false                              /* tas_mutex.hpp:(unlock) unlock: store(false) */
}

#include "lock_client.pml"
#include "properties.pml"
