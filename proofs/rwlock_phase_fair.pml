/* rwlock.phase_fair: Brandenburg and Anderson's phase-fair ticket lock,
 * primitives/rwlock/phase_fair_rwlock.hpp.
 *
 * The header's words, with rin split into its reader count and its writer
 * bits; every counter modulo 4 (at most NPROC <= 3 operations are in flight,
 * and 4 keeps consecutive writer tickets of different parity):
 *     rin_n, rout_n   readers arrived, readers left
 *     rin_w           0, or PRES (2) | the present writer's ticket parity
 *     win_, wout_     writers' tickets taken and served
 *
 * Mutants: rwlock.phase_fair~late-reader-overtakes (-DMUTANT_NO_READER_WAIT):
 * a reader that finds a writer present enters at once;
 * rwlock.phase_fair~writer-beside-readers (-DMUTANT_NO_WRITER_WAIT): a writer
 * does not wait for the readers that came before it.
 */
#include "harness.pml"

#define MOD 4

byte rin_n;                                    /* phase_fair_rwlock.hpp: rin_ / 0x100 */
byte rin_w;                                    /* phase_fair_rwlock.hpp: rin_ & 3 (PRES | PHID) */
byte rout_n;                                   /* phase_fair_rwlock.hpp: rout_ / 0x100 */
byte win_;                                     /* phase_fair_rwlock.hpp: win_ */
byte wout_;                                    /* phase_fair_rwlock.hpp: wout_ */

#define RW_LOCALS bool got; byte w; byte ticket; byte arrived;

#ifndef MUTANT_NO_READER_WAIT
inline lock_shared() {
    atomic { w = rin_w; rin_n = (rin_n + 1) % MOD };   /* phase_fair_rwlock.hpp:(R) lock_shared: fetch_add(rin, 0x100) */
    if
    :: w != 0 -> rin_w != w                    /* phase_fair_rwlock.hpp:(Rw) lock_shared: wait until rin's bits differ */
    :: else -> skip
    fi;
    w = 0
}
#else
inline lock_shared() {
    atomic { w = rin_w; rin_n = (rin_n + 1) % MOD };   /* mutant lock_shared: fetch_add(rin, 0x100), and in whatever the bits */
    w = 0
}
#endif

inline try_lock_shared() {
    atomic {
        if
        :: rin_w == 0 -> rin_n = (rin_n + 1) % MOD; got = true  /* phase_fair_rwlock.hpp:(R-try) try_lock_shared: CAS +0x100, no writer present */
        :: else -> got = false                                  /* phase_fair_rwlock.hpp:(R-try) try_lock_shared: a writer is present */
        fi
    }
}

inline unlock_shared() {
    rout_n = (rout_n + 1) % MOD                /* phase_fair_rwlock.hpp:(Ru) unlock_shared: fetch_add(rout, 0x100) */
}

#ifndef MUTANT_NO_WRITER_WAIT
inline enter_after_readers() {
    atomic { arrived = rin_n; rin_w = 2 | (ticket & 1) };   /* phase_fair_rwlock.hpp:(Wp) lock: fetch_add(rin, PRES | parity) */
    rout_n == arrived;                         /* phase_fair_rwlock.hpp:(Wr) lock: wait until the readers before it left */
    arrived = 0
}
#else
inline enter_after_readers() {
    atomic { arrived = rin_n; rin_w = 2 | (ticket & 1) };   /* mutant lock: fetch_add(rin, PRES | parity), and in beside the readers */
    arrived = 0
}
#endif

inline lock() {
    atomic { ticket = win_; win_ = (win_ + 1) % MOD };      /* phase_fair_rwlock.hpp:(Wt) lock: fetch_add(win, 1) */
    wout_ == ticket;                                         /* phase_fair_rwlock.hpp:(Wt) lock: wait until wout == ticket */
    enter_after_readers();
    ticket = 0
}

/* The look at wout, win, rin and rout and the CAS on win are one step here;
 * in the header they are several, and what can come between changes
 * nothing: another writer's ticket makes the CAS fail (as a failed look),
 * readers arriving are waited for by (Wr) (as after this step). */
inline try_lock() {
    atomic {
        if
        :: wout_ == win_ && rin_w == 0 && rout_n == rin_n ->
           ticket = win_; win_ = (win_ + 1) % MOD; got = true  /* phase_fair_rwlock.hpp:(Wt-try) try_lock: nobody inside or queued: takes the ticket */
        :: else -> got = false                                 /* phase_fair_rwlock.hpp:(Wt-try) try_lock: a writer or readers inside */
        fi
    };
    if
    :: got -> enter_after_readers()
    :: else -> skip
    fi;
    ticket = 0
}

inline unlock() {
    rin_w = 0;                                 /* phase_fair_rwlock.hpp:(Wu) unlock: fetch_and(rin, ~3) */
    wout_ = (wout_ + 1) % MOD                  /* phase_fair_rwlock.hpp:(Wu-next) unlock: wout + 1 */
}

#define RWLOCK
#define NO_EXCLUSION
#include "rw_client.pml"
#include "properties.pml"
