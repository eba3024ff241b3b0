/* rwlock.reader_pref: the reader-preference counter lock,
 * primitives/rwlock/reader_pref_rwlock.hpp.
 *
 * One word, word_ = 2 r + w (here: r and w apart, the same states):
 *     reader (R)  r++; w clear -> inside; else (Rw) wait until w clears
 *     writer (W)  r == 0 and w clear -> w = 1 (one CAS); else wait for 0
 *     unlocks     r-- (Ru), w = 0 (Wu)
 * Writers starve: readers that keep overlapping keep r above 0.
 *
 * Mutant rwlock.reader_pref~check-then-count (-DMUTANT_CHECK_THEN_COUNT):
 * the reader reads the word, then stores it plus one reader, two steps; a
 * writer's CAS in between is overwritten.
 */
#include "harness.pml"

byte count_;                                   /* reader_pref_rwlock.hpp: word_ / 2, the readers counted */
bool writer_;                                  /* reader_pref_rwlock.hpp: word_ & 1, the writer's bit */

#define RW_LOCALS bool got; byte seen; bool seen_w;

#ifndef MUTANT_CHECK_THEN_COUNT
inline lock_shared() {
    atomic { count_++; seen_w = writer_ };     /* reader_pref_rwlock.hpp:(R) lock_shared: fetch_add 2 */
    if
    :: seen_w -> !writer_                      /* reader_pref_rwlock.hpp:(Rw) lock_shared: wait for the writer's bit to clear */
    :: else -> skip
    fi;
    seen_w = false
}
#else
inline lock_shared() {
    do
    :: atomic { seen = count_; seen_w = writer_ };  /* mutant: load the word */
       if
       :: !seen_w -> atomic { count_ = seen + 1; writer_ = false }; break  /* mutant: store the word it read plus one reader (a separate step: a writer's bit set since is lost) */
       :: else -> skip
       fi
    od;
    seen = 0;
    seen_w = false
}
#endif

inline try_lock_shared() {
    atomic { count_++; seen_w = writer_ };     /* reader_pref_rwlock.hpp:(R-try) try_lock_shared: fetch_add 2 */
    if
    :: seen_w -> count_--; got = false         /* reader_pref_rwlock.hpp:(Rt) try_lock_shared: fetch_sub 2, fail */
    :: else -> got = true
    fi;
    seen_w = false
}

inline unlock_shared() {
    count_--                                   /* reader_pref_rwlock.hpp:(Ru) unlock_shared: fetch_sub 2 */
}

inline lock() {
    do
    :: atomic { count_ == 0 && !writer_ -> writer_ = true }; break  /* reader_pref_rwlock.hpp:(W) lock: CAS 0 -> 1 */
    od
}

inline try_lock() {
    atomic {
        if
        :: count_ == 0 && !writer_ -> writer_ = true; got = true  /* reader_pref_rwlock.hpp:(W) try_lock: CAS 0 -> 1 succeeds */
        :: else -> got = false                                    /* reader_pref_rwlock.hpp:(W) try_lock: CAS fails */
        fi
    }
}

inline unlock() {
    writer_ = false                            /* reader_pref_rwlock.hpp:(Wu) unlock: fetch_sub 1 */
}

#define RWLOCK
#define NO_EXCLUSION
#include "rw_client.pml"
#include "properties.pml"
