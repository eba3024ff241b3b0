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
 * The spin (W) is modelled as its first look only (:70): a later look that
 * sees the ticket called ends the same way as a first look made then (a load
 * changes nothing others see), and one that does not leads to (A) as the
 * first look's failure does, so the budget adds only stuttering steps.
 *
 * Transitions, with the header's labels (ticket_futex_mutex.hpp:12-23):
 *     (K) ticket, (W) wait, (A) announce, (R) recheck, (S) sleep, (L) leave,
 *     (N) next, (O) observe.
 * -DMUTANT_MISSING_WAKE drops the wake in unlock (the C++ mutant
 * mutex.ticket_futex~missing-wake: skip_at<site::wake>).
 */

#define TF_TICKETS (NPROC + 1)
byte tf_next_ticket_;                           /* ticket_futex_mutex.hpp:117 next_ticket_{0} */
byte tf_sleepers_;                              /* ticket_futex_mutex.hpp:119 sleepers_{0} */
byte tf_ticket[NPROC];                          /* each process's ticket (a local in the header) */
#define tf_now_serving fword[TF_WORD]           /* ticket_futex_mutex.hpp:118 now_serving_{0} */

#define TICKET_FUTEX_LOCALS byte tf_seen;

/* Every increment of next_ticket_; a model with try_lock redefines it to
 * keep its snapshot facts (see mutex_ticket_futex.pml). */
#ifndef TF_MOVE_NEXT
#define TF_MOVE_NEXT() tf_next_ticket_ = (tf_next_ticket_ + 1) % TF_TICKETS
#endif

inline ticket_futex_lock() {
    atomic { tf_ticket[_pid] = tf_next_ticket_; TF_MOVE_NEXT() };  /* ticket_futex_mutex.hpp:68 lock: (K) ticket = next_ticket_++ */
    if
    :: tf_now_serving == tf_ticket[_pid] -> skip /* ticket_futex_mutex.hpp:70 lock: (W) its number is called: owns it */
    :: else ->                                   /* ticket_futex_mutex.hpp:71 lock: lock_contended(ticket) */
       tf_sleepers_++;                           /* ticket_futex_mutex.hpp:105 lock_contended: (A) sleepers_ + 1 */
       do
       :: tf_seen = tf_now_serving;              /* ticket_futex_mutex.hpp:109 lock_contended: (R) serving = now_serving_ + 0 */
          if
          :: tf_seen == tf_ticket[_pid] -> break /* ticket_futex_mutex.hpp:110 lock_contended: (R) its number: owns it */
          :: else -> futex_wait(TF_WORD, tf_seen)  /* ticket_futex_mutex.hpp:111 lock_contended: (S) futex_wait(now_serving_, serving) */
          fi
       od;
       tf_sleepers_--                            /* ticket_futex_mutex.hpp:114 lock_contended: (L) sleepers_ - 1 */
    fi;
    atomic { tf_seen = 0; tf_ticket[_pid] = 0 }  /* owns it: the ticket is read no more (a reset keeps the states few) */
}

inline ticket_futex_unlock() {
    tf_now_serving = (tf_now_serving + 1) % TF_TICKETS;  /* ticket_futex_mutex.hpp:87 unlock: (N) now_serving_ + 1 */
    if
    :: tf_sleepers_ > 0 ->
#ifndef MUTANT_MISSING_WAKE
       futex_wake(TF_WORD, NPROC)                /* ticket_futex_mutex.hpp:90 unlock: (O) sleepers: futex_wake(now_serving_, all) */
#else
       skip                                      /* mutant unlock: sleepers, but no futex_wake (ticket_futex_mutex.hpp:90 skipped) */
#endif
    :: else -> skip                              /* ticket_futex_mutex.hpp:89 unlock: (O) no sleeper: no wake */
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
