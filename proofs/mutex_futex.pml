/* mutex.futex: the three-state futex mutex (Drepper's mutex 3) with a
 * bounded spin, primitives/mutex/futex_mutex.hpp. The protocol's steps are in
 * futex_mutex_protocol.pml (shared with semaphore.ticket's guard_); this file
 * runs them on one word with the lock client.
 *
 * Sequentially consistent interleavings only (see harness.pml): the acquire
 * and release orders of the header are Relacy's job. The kernel's futex is
 * harness.pml's: futex_wait compares and sleeps atomically, futex_wake wakes
 * up to n sleepers, which ones the kernel picks.
 *
 * Mutant mutex.futex~missing-wake (-DMUTANT_MISSING_WAKE): unlock() never
 * calls futex_wake; a sleeper stays asleep on a free lock.
 */
#include "harness.pml"
#include "futex_mutex_protocol.pml"

#define word_ fword[0]                          /* futex_mutex.hpp:(word_) word_{unlocked} */

#define LOCK_LOCALS FUTEX_MUTEX_LOCALS bool got;

inline lock()     { futex_mutex_lock(0) }
inline try_lock() { futex_mutex_try_lock(0) }
inline unlock()   { futex_mutex_unlock(0) }

/* A sleeper waits for the lock to be free. */
#define RESOURCE_FREE (word_ == UNLOCKED)

#include "lock_client.pml"
#include "properties.pml"
