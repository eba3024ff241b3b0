/* mutex.ticket_futex: the ticket lock whose waiters sleep on the display,
 * primitives/mutex/ticket_futex_mutex.hpp. The protocol's steps are in
 * ticket_futex_protocol.pml (shared with semaphore.ticket's guard_); this
 * file adds try_lock() and runs them with the lock client.
 *
 * try_lock() (ticket_futex_mutex.hpp:(try_lock), (try_lock-cas)) is abstracted
 * as in mutex_ticket.pml: between its load of now_serving_ and its CAS any
 * number of tickets may be taken, so the model keeps two facts instead of the number: the lock was free at the load
 * (next_ticket_ == now_serving_), and next_ticket_ has not moved since
 * (next_moved[p]); with unbounded counters the CAS succeeds exactly then.
 *
 * Mutant mutex.ticket_futex~missing-wake (-DMUTANT_MISSING_WAKE): unlock()
 * never calls futex_wake; a sleeper whose number is called sleeps on.
 */
#include "harness.pml"

#define TF_WORD 0
bool next_moved[NPROC];                         /* try_lock's snapshot: next_ticket_ moved since its load */
bool watching[NPROC];                           /* p is between try_lock's load and its CAS */
#if NPROC == 2
#define TF_MOVE_NEXT() tf_next_ticket_ = (tf_next_ticket_ + 1) % TF_TICKETS; \
    next_moved[0] = next_moved[0] || watching[0]; next_moved[1] = next_moved[1] || watching[1]
#else
#define TF_MOVE_NEXT() tf_next_ticket_ = (tf_next_ticket_ + 1) % TF_TICKETS; \
    next_moved[0] = next_moved[0] || watching[0]; next_moved[1] = next_moved[1] || watching[1]; \
    next_moved[2] = next_moved[2] || watching[2]
#endif
#include "ticket_futex_protocol.pml"

#define LOCK_LOCALS TICKET_FUTEX_LOCALS bool free_at_load; bool got;

inline lock()   { ticket_futex_lock() }
inline unlock() { ticket_futex_unlock() }

inline try_lock() {
    atomic {                                     /* ticket_futex_mutex.hpp:(try_lock) try_lock: serving = now_serving_ */
        free_at_load = (tf_next_ticket_ == tf_now_serving); watching[_pid] = true
    };
    atomic {                                     /* ticket_futex_mutex.hpp:(try_lock-cas) try_lock: CAS next_ticket_ serving -> serving + 1 */
        if
        :: free_at_load && !next_moved[_pid] -> TF_MOVE_NEXT(); got = true
        :: else -> got = false
        fi;
        watching[_pid] = false; next_moved[_pid] = false; free_at_load = false
    }
}

#define RESOURCE_FREE TF_ANY_CALLED_ASLEEP

#include "lock_client.pml"
#include "properties.pml"
