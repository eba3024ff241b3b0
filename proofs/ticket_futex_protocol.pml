/* ticket_futex_protocol.pml: the protocol of
 * primitives/mutex/ticket_futex_mutex.hpp as inlines over one lock, so that
 * mutex_ticket_futex.pml and semaphore.ticket's guard_ (a ticket_futex_mutex)
 * run the same steps.
 *
 * Sequentially consistent interleavings only (see harness.pml): the seq_cst
 * store-load pair (A)/(O) of the header is what makes its steps behave as
 * here; that it is needed is the C++ memory model's business.
 *
 * The display now_serving_ is the futex word fword[TF_WORD] (the includer
 * defines TF_WORD); the counters run modulo NPROC + 1, as in mutex_ticket.pml:
 * at most NPROC tickets are out at once, so the comparisons are the same as
 * with 2^32. Each process's ticket is a global, tf_ticket[p], so that the
 * property no_lost_wakeup can say what a sleeper waits for: its number on
 * the display.
 * The spin (W) is modelled as its first look only (ticket_futex_mutex.hpp:(W)):
 * a later look that sees the ticket called ends the same way as a first look
 * made then (a load changes nothing others see), and one that does not leads
 * to (A) as the first look's failure does, so the budget adds only stuttering
 * steps.
 *
 * Transitions, with the header's labels (the top of ticket_futex_mutex.hpp):
 *     (K) ticket, (W) wait, (A) announce, (R) recheck, (S) sleep, (L) leave,
 *     (N) next, (O) observe.
 * -DMUTANT_MISSING_WAKE drops the wake in unlock (the C++ mutant
 * mutex.ticket_futex~missing-wake: skip_at<site::wake>).
 */

#define TF_TICKETS (NPROC + 1)
byte tf_next_ticket_;                           /* ticket_futex_mutex.hpp:(next_ticket_) next_ticket_{0} */
byte tf_sleepers_;                              /* ticket_futex_mutex.hpp:(sleepers_) sleepers_{0} */
byte tf_ticket[NPROC];                          /* each process's ticket (a local in the header) */
#define tf_now_serving fword[TF_WORD]           /* ticket_futex_mutex.hpp:(now_serving_) now_serving_{0} */

#define TICKET_FUTEX_LOCALS byte tf_seen;

/* Every increment of next_ticket_; a model with try_lock redefines it to
 * keep its snapshot facts (see mutex_ticket_futex.pml). */
#ifndef TF_MOVE_NEXT
#define TF_MOVE_NEXT() tf_next_ticket_ = (tf_next_ticket_ + 1) % TF_TICKETS
#endif

inline ticket_futex_lock() {
    atomic { tf_ticket[_pid] = tf_next_ticket_; TF_MOVE_NEXT() };  /* ticket_futex_mutex.hpp:(K) lock: ticket = next_ticket_++ */
    if
    :: tf_now_serving == tf_ticket[_pid] -> skip /* ticket_futex_mutex.hpp:(W) lock: its number is called: owns it */
    :: else ->                                   /* ticket_futex_mutex.hpp:(W) lock: lock_contended(ticket) */
       tf_sleepers_++;                           /* ticket_futex_mutex.hpp:(A) lock_contended: sleepers_ + 1 */
       do
       :: tf_seen = tf_now_serving;              /* ticket_futex_mutex.hpp:(R) lock_contended: serving = now_serving_ + 0 */
          if
          :: tf_seen == tf_ticket[_pid] -> break /* ticket_futex_mutex.hpp:(R) lock_contended: its number: owns it */
          :: else -> futex_wait(TF_WORD, tf_seen)  /* ticket_futex_mutex.hpp:(S) lock_contended: futex_wait(now_serving_, serving) */
          fi
       od;
       tf_sleepers_--                            /* ticket_futex_mutex.hpp:(L) lock_contended: sleepers_ - 1 */
    fi;
    atomic { tf_seen = 0; tf_ticket[_pid] = 0 }  /* owns it: the ticket is read no more (a reset keeps the states few) */
}

inline ticket_futex_unlock() {
    tf_now_serving = (tf_now_serving + 1) % TF_TICKETS;  /* ticket_futex_mutex.hpp:(N) unlock: now_serving_ + 1 */
    if
    :: tf_sleepers_ > 0 ->
#ifndef MUTANT_MISSING_WAKE
       futex_wake(TF_WORD, NPROC)                /* ticket_futex_mutex.hpp:(O-wake) unlock: sleepers: futex_wake(now_serving_, all) */
#else
       skip                                      /* mutant unlock: sleepers, but no futex_wake (ticket_futex_mutex.hpp:(O-wake) skipped) */
#endif
    :: else -> skip                              /* ticket_futex_mutex.hpp:(O) unlock: no sleeper: no wake */
    fi
}

/* A sleeper on the display whose number is called: what no_lost_wakeup
 * must never see with everyone asleep. */
#define TF_CALLED_ASLEEP(p) (sleeps_on[p] == TF_WORD && tf_now_serving == tf_ticket[p])
#if NPROC == 2
#define TF_ANY_CALLED_ASLEEP (TF_CALLED_ASLEEP(0) || TF_CALLED_ASLEEP(1))
#else
#define TF_ANY_CALLED_ASLEEP (TF_CALLED_ASLEEP(0) || TF_CALLED_ASLEEP(1) || TF_CALLED_ASLEEP(2))
#endif
