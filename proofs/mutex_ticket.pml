/* mutex.ticket: the ticket lock, primitives/mutex/ticket_mutex.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml): the relaxed,
 * acquire and release orders of the header are Relacy's job.
 *
 * Two counters, next_ticket_ and now_serving_, modulo 2^32 in the header and
 * modulo NPROC + 1 here: at most NPROC tickets are out at once, so the
 * differences the protocol compares are the same (the header's "wrap-around
 * is harmless while fewer than 2^32 threads wait").
 * The wait for one's number (ticket_mutex.hpp:(wait)) is a guard: the process
 * waits until now_serving_ equals its ticket.
 *
 * try_lock() is the exception: between its load of now_serving_
 * (ticket_mutex.hpp:(try_lock)) and its CAS (ticket_mutex.hpp:(try_lock-cas))
 * any number of tickets may be taken, so a snapshot modulo NPROC + 1 would wrap and let the CAS succeed wrongly (Spin finds that at
 * once). With unbounded counters the CAS succeeds exactly when the lock was
 * free at the load (next_ticket_ == now_serving_) and next_ticket_ has not
 * moved since, because next_ticket_ only grows. So the model keeps those two
 * facts instead of the number: `free_at_load` and next_moved[p]. (The C++
 * counters wrap at 2^32: a try_lock preempted between its load and its CAS
 * for exactly a multiple of 2^32 acquisitions could take a ticket that is
 * being served. Not modelled, like the condvar's ABA.)
 */
#include "harness.pml"

#define TICKETS (NPROC + 1)
byte next_ticket_;                              /* ticket_mutex.hpp:(next_ticket_) next_ticket_{0} */
byte now_serving_;                              /* ticket_mutex.hpp:(now_serving_) now_serving_{0} */
bool next_moved[NPROC];                         /* try_lock's snapshot: next_ticket_ moved since its load */
bool watching[NPROC];                           /* p is between try_lock's load and its CAS */

/* Every increment of next_ticket_ (fetch_add or try_lock's CAS). */
#if NPROC == 2
#define MOVE_NEXT() next_ticket_ = (next_ticket_ + 1) % TICKETS; \
    next_moved[0] = next_moved[0] || watching[0]; next_moved[1] = next_moved[1] || watching[1]
#else
#define MOVE_NEXT() next_ticket_ = (next_ticket_ + 1) % TICKETS; \
    next_moved[0] = next_moved[0] || watching[0]; next_moved[1] = next_moved[1] || watching[1]; \
    next_moved[2] = next_moved[2] || watching[2]
#endif

#define LOCK_LOCALS byte ticket; byte serving; bool free_at_load; bool got;

inline lock() {
    atomic { ticket = next_ticket_; MOVE_NEXT() };  /* ticket_mutex.hpp:(ticket) lock: takes a ticket: fetch_add(1) */
    now_serving_ == ticket;                      /* ticket_mutex.hpp:(wait) lock: waits until now_serving_ == ticket */
    ticket = 0
}

inline try_lock() {
    atomic {                                     /* ticket_mutex.hpp:(try_lock) try_lock: load now_serving_ */
        free_at_load = (next_ticket_ == now_serving_); watching[_pid] = true
    };
    atomic {                                     /* ticket_mutex.hpp:(try_lock-cas) try_lock: CAS next_ticket_ serving -> serving + 1 */
        if
        :: free_at_load && !next_moved[_pid] -> MOVE_NEXT(); got = true
        :: else -> got = false
        fi;
        watching[_pid] = false; next_moved[_pid] = false; free_at_load = false
    }
}

inline unlock() {
    serving = (now_serving_ + 1) % TICKETS;      /* ticket_mutex.hpp:(next) unlock: next = now_serving_ + 1 */
    now_serving_ = serving;                      /* ticket_mutex.hpp:(call) unlock: store(next): calls the next number */
    serving = 0
}

#include "lock_client.pml"
#include "properties.pml"
