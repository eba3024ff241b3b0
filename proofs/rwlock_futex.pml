/* rwlock.futex: one futex word, writers preferred, readers and writers
 * sleeping on separate words; primitives/rwlock/futex_rwlock.hpp.
 *
 * state_ packs the header's fields into a byte: the count in bits 0-2 (0:
 * unlocked, 1..3 readers, 7: write_locked), readers_waiting 8, writers_waiting
 * 16. notify_ counts modulo 16 (a writer reads it, then sleeps on it: it
 * would have to miss 16 wakes in between to sleep through one wrongly).
 * The spins before sleeping are loads that decide nothing here: each is the
 * re-read of state_ that follows it.
 *
 * Mutant rwlock.futex~missing-wake (-DMUTANT_MISSING_WAKE): the unlockers'
 * futex wakes are skipped (the C++ mutant of the same id).
 */
#define NFUTEX 2
#include "harness.pml"

#define state_ fword[0]                        /* futex_rwlock.hpp: state_ */
#define notify_ fword[1]                       /* futex_rwlock.hpp: notify_ */
#define COUNT(s) ((s) & 7)
#define WL 7
#define RW 8
#define WW 16
#define NOTIFY_MOD 16
#define READ_LOCKABLE(s) (COUNT(s) < 3 && ((s) & (RW | WW)) == 0)

#define RW_LOCALS bool got; byte s; byte seq; byte keep; bool woke;

#ifndef MUTANT_MISSING_WAKE
inline wake_writer() {
    notify_ = (notify_ + 1) % NOTIFY_MOD;      /* futex_rwlock.hpp:(Wake-notify) wake_writer: notify_ + 1 */
    atomic {                                   /* futex_rwlock.hpp:(Wake-writer) wake_writer: futex_wake(notify_, 1) */
        woke = false;
        if
        :: sleeps_on[0] == 1 -> sleeps_on[0] = AWAKE; nasleep--; woke = true
        :: sleeps_on[1] == 1 -> sleeps_on[1] = AWAKE; nasleep--; woke = true
        :: NPROC > 2 && sleeps_on[NPROC - 1] == 1 -> sleeps_on[NPROC - 1] = AWAKE; nasleep--; woke = true
        :: else -> skip
        fi
    }
}
inline wake_readers() {
    futex_wake(0, NPROC)                       /* futex_rwlock.hpp:(Wake-r) wake: futex_wake(state_, every reader) */
}
#else
inline wake_writer() {
    notify_ = (notify_ + 1) % NOTIFY_MOD;      /* mutant wake_writer: notify_ + 1, and no futex_wake */
    woke = false
}
inline wake_readers() {
    skip                                       /* mutant wake: no futex_wake */
}
#endif

/* (Wake): the lock was unlocked with s's waiting bits. */
inline wake_writer_or_readers() {
    if
    :: s == WW ->
       atomic {                                /* futex_rwlock.hpp:(Wake-w) wake: CAS writers_waiting -> 0 */
           if
           :: state_ == s -> state_ = 0; got = true
           :: else -> s = state_; got = false
           fi
       };
       if
       :: got -> got = false; wake_writer(); s = 255   /* done */
       :: else -> skip
       fi
    :: else -> skip
    fi;
    if
    :: s == RW + WW ->
       atomic {                                /* futex_rwlock.hpp:(Wake-rw) wake: CAS both -> readers_waiting */
           if
           :: state_ == s -> state_ = RW; got = true
           :: else -> got = false
           fi
       };
       if
       :: got -> got = false; wake_writer();
          if
          :: woke -> s = 255                   /* a writer was asleep: it goes first */
          :: else -> s = RW                    /* none was: the readers go */
          fi
       :: else -> s = 255                      /* the lock was taken: its owner wakes */
       fi
    :: else -> skip
    fi;
    if
    :: s == RW ->
       atomic {                                /* futex_rwlock.hpp:(Wake-r) wake: CAS readers_waiting -> 0 */
           if
           :: state_ == s -> state_ = 0; got = true
           :: else -> got = false
           fi
       };
       if
       :: got -> wake_readers()
       :: else -> skip
       fi;
       got = false
    :: else -> skip
    fi;
    s = 0; woke = false
}

inline lock_shared() {
    s = state_;
    do
    :: READ_LOCKABLE(s) ->
       atomic {                                /* futex_rwlock.hpp:(R) lock_shared: CAS +1 */
           if
           :: state_ == s -> state_ = s + 1; got = true
           :: else -> s = state_; got = false
           fi
       };
       if
       :: got -> got = false; break
       :: else -> skip
       fi
    :: !READ_LOCKABLE(s) && (s & RW) == 0 ->
       atomic {                                /* futex_rwlock.hpp:(Rs-bit) lock_shared: CAS |= readers_waiting */
           if
           :: state_ == s -> state_ = s | RW; s = s | RW
           :: else -> s = state_
           fi
       }
    :: !READ_LOCKABLE(s) && (s & RW) != 0 ->
       futex_wait(0, s);                       /* futex_rwlock.hpp:(Rs) lock_shared: futex_wait(state_, s) */
       s = state_
    od;
    s = 0
}

inline try_lock_shared() {
    atomic {                                   /* futex_rwlock.hpp:(R-try) try_lock_shared: CAS +1 while read-lockable */
        if
        :: READ_LOCKABLE(state_) -> state_ = state_ + 1; got = true
        :: else -> got = false
        fi
    }
}

inline unlock_shared() {
    atomic { state_ = state_ - 1; s = state_ };  /* futex_rwlock.hpp:(Ru) unlock_shared: fetch_sub 1 */
    if
    :: COUNT(s) == 0 && (s & WW) != 0 -> wake_writer_or_readers()
    :: else -> s = 0
    fi
}

inline lock() {
    keep = 0;
    s = state_;
    do
    :: COUNT(s) == 0 ->
       atomic {                                /* futex_rwlock.hpp:(W) lock: CAS to write_locked (keeping writers_waiting once set) */
           if
           :: state_ == s -> state_ = s | WL | keep; got = true
           :: else -> s = state_; got = false
           fi
       };
       if
       :: got -> got = false; break
       :: else -> skip
       fi
    :: COUNT(s) != 0 && (s & WW) == 0 ->
       atomic {                                /* futex_rwlock.hpp:(Ws-bit) lock: CAS |= writers_waiting */
           if
           :: state_ == s -> state_ = s | WW; s = s | WW
           :: else -> s = state_
           fi
       }
    :: COUNT(s) != 0 && (s & WW) != 0 ->
       keep = WW;
       seq = notify_;                          /* futex_rwlock.hpp:(Ws-seq) lock: read notify_ */
       s = state_;                             /* lock: re-read state_ */
       if
       :: COUNT(s) != 0 && (s & WW) != 0 ->
          futex_wait(1, seq);                  /* futex_rwlock.hpp:(Ws) lock: futex_wait(notify_, seq) */
          s = state_
       :: else -> skip
       fi
    od;
    s = 0; seq = 0; keep = 0
}

inline try_lock() {
    atomic {                                   /* futex_rwlock.hpp:(W-try) try_lock: CAS to write_locked while unlocked */
        if
        :: COUNT(state_) == 0 -> state_ = state_ | WL; got = true
        :: else -> got = false
        fi
    }
}

inline unlock() {
    atomic { state_ = state_ - WL; s = state_ };  /* futex_rwlock.hpp:(Wu) unlock: fetch_sub write_locked */
    if
    :: (s & (RW | WW)) != 0 -> wake_writer_or_readers()
    :: else -> s = 0
    fi
}

#define RWLOCK
#define NO_EXCLUSION
#define RESOURCE_FREE (COUNT(state_) == 0)
#include "rw_client.pml"
#include "properties.pml"
