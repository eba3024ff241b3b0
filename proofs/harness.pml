/* harness.pml: what every model in proofs/ shares.
 *
 * What Spin checks here. Each model is the protocol of one synclab header,
 * statement by statement; every shared-memory step of the C++ is one atomic
 * Promela step, and Spin explores every interleaving of those steps. That is
 * sequential consistency: every process sees every write at once, in one
 * global order. The memory orders of the C++ (acquire, release, seq_cst, and
 * the Dekker store-load pairs that need seq_cst) are not modelled at all:
 * they are Relacy's job (models/), which runs the same headers under the C++
 * memory model. What Spin adds is the protocol for every execution of a small
 * number of processes, liveness included (weak fairness: pan -a -f).
 *
 * Conventions the runner (prove.py) relies on:
 *   - NPROC (2 or 3) is set with -DNPROC=n; it counts every process of the
 *     model, whatever its role.
 *   - A statement's trailing comment says what it stands for, usually the
 *     header line's label and what it does: "futex_mutex.hpp:(B)
 *     lock_contended: * -> contended: exchange" cites the line of
 *     futex_mutex.hpp whose trailing comment is `// (B)` (prove.py
 *     --check-references checks its code). prove.py prints that comment
 *     when a counterexample replays through the line, so each step of a
 *     trail reads as a line of the C++ header.
 *   - `#define name fword[i]` gives a futex word its C++ name; prove.py
 *     prints the name in trails.
 */

#ifndef NPROC
#define NPROC 2
#endif
#if NPROC < 2 || NPROC > 3
#error NPROC must be 2 or 3
#endif

/* ---- What each process is doing, as the properties see it ------------- */

#define IDLE    0   /* between operations (or stopped for good)            */
#define TRYING  1   /* inside lock()/acquire()/a predicate wait             */
#define HOLDING 2   /* lock()/acquire() returned; the predicate held        */

byte phase[NPROC];        /* IDLE, TRYING or HOLDING, per process           */
byte holders;             /* locks or permits held now                      */
byte alive = NPROC;       /* processes that have not stopped for good       */

inline begin_trying() {
    phase[_pid] = TRYING                     /* calls lock()/acquire()      */
}
inline now_holding(n) {
    atomic { phase[_pid] = HOLDING; holders = holders + n }  /* returns: holds it */
}
inline stop_holding(n) {
    atomic { phase[_pid] = IDLE; holders = holders - n }     /* leaves the critical section */
}
inline stop_for_good() {
    alive--                                  /* stops: makes no more calls  */
}

/* ---- The kernel's futex, as futex(2) specifies it --------------------- *
 * FUTEX_WAIT(word, expected): atomically, if the word still holds expected,
 * the caller sleeps; otherwise it returns at once (EAGAIN). FUTEX_WAKE(word,
 * n): wakes up to n sleepers of the word, which ones unspecified ("no
 * guarantee is provided about which waiters are awoken"), so the choice is
 * nondeterministic here. Spurious returns (EINTR) are not modelled: every
 * wait loop of the headers re-checks after futex_wait returns, and under
 * weak fairness an always-possible spurious wake would hide exactly the
 * lost wake-ups these models are for.                                      */

#ifndef NFUTEX
#define NFUTEX 1
#endif
#define AWAKE 255

#ifndef FWORD_INIT
#define FWORD_INIT 0
#endif
byte fword[NFUTEX] = FWORD_INIT;  /* the futex words (see #define names)     */
byte sleeps_on[NPROC] = AWAKE;    /* word a process sleeps on, or AWAKE      */
byte nasleep;                     /* processes asleep in the kernel          */
byte wake_left;                   /* scratch of futex_wake, 0 between calls  */

/* futex_wait with the kernel's compare given as a condition: the condvar
 * model abstracts its sequence word (see condvar_futex.pml). */
inline futex_wait_if(w, still_expected) {
    atomic {
        if
        :: still_expected -> sleeps_on[_pid] = w; nasleep++   /* futex_wait: word unchanged: sleeps */
        :: else -> skip                                       /* futex_wait: word changed: returns at once (EAGAIN) */
        fi
    };
    sleeps_on[_pid] == AWAKE                                  /* futex_wait: returns (woken) */
}

inline futex_wait(w, expected) {
    futex_wait_if(w, fword[w] == expected)
}

inline futex_wake(w, n) {
    atomic {
        wake_left = n;
        do
        :: wake_left > 0 && sleeps_on[0] == w -> sleeps_on[0] = AWAKE; nasleep--; wake_left--  /* futex_wake: the kernel wakes p0 */
        :: wake_left > 0 && sleeps_on[1] == w -> sleeps_on[1] = AWAKE; nasleep--; wake_left--  /* futex_wake: the kernel wakes p1 */
#if NPROC > 2
        :: wake_left > 0 && sleeps_on[2] == w -> sleeps_on[2] = AWAKE; nasleep--; wake_left--  /* futex_wake: the kernel wakes p2 */
#endif
        :: else -> break                                      /* futex_wake: no (more) sleeper to wake */
        od;
        wake_left = 0
    }
}

/* ---- A starvation-free lock, for models that need "some lock" ---------- *
 * A ticket lock reduced to its two steps. Used where a protocol runs under a
 * lock that is not what the model is about (the caller's lock of a condition
 * variable; semaphore.ticket's guard_ in its default model), so that a
 * liveness counterexample cannot come from that lock's own unfairness. Its
 * counters run modulo NPROC + 1: at most NPROC tickets are out at once.   */

#define FAIR_TICKETS (NPROC + 1)

typedef fair_lock_t {
    byte next;                    /* the dispenser                           */
    byte serving                  /* the display                             */
};

inline fair_lock(L, ticket) {
    atomic { ticket = L.next; L.next = (L.next + 1) % FAIR_TICKETS };  /* fair lock: takes a ticket */
    L.serving == ticket;                                               /* fair lock: its number is called */
    ticket = 0
}
inline fair_unlock(L) {
    L.serving = (L.serving + 1) % FAIR_TICKETS                         /* fair unlock: calls the next number */
}

/* ---- Helpers for the properties ------------------------------------------ */

#if NPROC == 2
#define SOME_PHASE(p) (phase[0] == p || phase[1] == p)
#else
#define SOME_PHASE(p) (phase[0] == p || phase[1] == p || phase[2] == p)
#endif
