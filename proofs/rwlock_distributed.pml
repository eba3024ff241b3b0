/* rwlock.distributed: per-slot reader indicators,
 * primitives/rwlock/distributed_rwlock.hpp.
 *
 * Two slots (the model's P::spread_slots), a reader's slot its _pid's low
 * bit, and the writer word:
 *     reader (R)  slot++; (Rc) writer_ clear -> inside; else (Rb) slot--,
 *                 (Rw) wait until writer_ clears, and again
 *     writer (W)  writer_ clear -> set (one CAS); (Wd) wait until each slot
 *                 reads 0, one slot after the other
 *     unlocks     slot-- (Ru), writer_ = 0 (Wu)
 * Every step is sequentially consistent here, as the seq_cst operations of
 * the header's store-load pair make it; Relacy checks the orders.
 *
 * One writer process, the others readers (rw_client.pml); at 3 processes
 * the two readers have a slot each. Both starvation freedoms are refuted
 * with one writer already (a writer that keeps coming; a reader looping on
 * try_lock_shared, whose slot the drain may always read non-zero), and so is
 * deadlock freedom: the writer looping on try_lock and a reader in
 * lock_shared back off from each other forever (the header's spurious try_).
 * Those two fail only through a try_ loop: with the try_ branches of
 * rw_client.pml taken out, deadlock freedom and the writer's starvation
 * freedom are proved at 2 and 3 processes, and only the readers still
 * starve (checked by hand; the suite's client keeps the try_ calls).
 *
 * Mutant rwlock.distributed~writer-beside-readers (-DMUTANT_NO_DRAIN): the
 * writer takes the writer word and enters without draining the slots.
 */
#include "harness.pml"

#define SLOTS 2
#define MINE (_pid % SLOTS)

byte slot_[SLOTS];                             /* distributed_rwlock.hpp: slot_[i].readers */
bool writer_;                                  /* distributed_rwlock.hpp: writer_ */

#define RW_LOCALS bool got;

inline lock_shared() {
    do
    :: slot_[MINE]++;                          /* distributed_rwlock.hpp:(R) lock_shared: fetch_add(slot, 1), announce */
       if
       :: !writer_ -> break                    /* distributed_rwlock.hpp:(Rc) lock_shared: writer_ reads 0: inside */
       :: else ->                              /* distributed_rwlock.hpp:(Rc) lock_shared: writer_ reads 1 */
          slot_[MINE]--;                       /* distributed_rwlock.hpp:(Rb) lock_shared: fetch_sub(slot, 1), back off */
          !writer_                             /* distributed_rwlock.hpp:(Rw) lock_shared: wait until writer_ reads 0 */
       fi
    od
}

inline try_lock_shared() {
    slot_[MINE]++;                             /* distributed_rwlock.hpp:(R-try) try_lock_shared: fetch_add(slot, 1), announce */
    if
    :: !writer_ -> got = true                  /* distributed_rwlock.hpp:(Rc-try) try_lock_shared: writer_ reads 0: inside */
    :: else ->                                 /* distributed_rwlock.hpp:(Rc-try) try_lock_shared: writer_ reads 1 */
       slot_[MINE]--; got = false              /* distributed_rwlock.hpp:(Rb-try) try_lock_shared: fetch_sub(slot, 1), fail */
    fi
}

inline unlock_shared() {
    slot_[MINE]--                              /* distributed_rwlock.hpp:(Ru) unlock_shared: fetch_sub(slot, 1) */
}

#ifndef MUTANT_NO_DRAIN
inline drain() {
    slot_[0] == 0;                             /* distributed_rwlock.hpp:(Wd) lock: wait until slot 0 reads 0 */
    slot_[1] == 0                              /* distributed_rwlock.hpp:(Wd) lock: wait until slot 1 reads 0 */
}
#else
inline drain() {
    skip                                       /* mutant lock: in without draining the slots */
}
#endif

inline lock() {
    atomic { !writer_ -> writer_ = true };     /* distributed_rwlock.hpp:(W) lock: CAS writer_ 0 -> 1 (after (Ww) reads 0) */
    drain()
}

inline try_lock() {
    atomic {
        if
        :: !writer_ -> writer_ = true; got = true  /* distributed_rwlock.hpp:(W-try) try_lock: CAS writer_ 0 -> 1 succeeds */
        :: else -> got = false                     /* distributed_rwlock.hpp:(W-try) try_lock: CAS fails */
        fi
    };
    if
    :: got ->
       if
       :: slot_[0] != 0 ->                     /* distributed_rwlock.hpp:(Wd-try) try_lock: slot 0 counts a reader */
          writer_ = false; got = false         /* distributed_rwlock.hpp:(Wb-try) try_lock: writer_ = 0, fail */
       :: else ->                              /* distributed_rwlock.hpp:(Wd-try) try_lock: slot 0 reads 0 */
          if
          :: slot_[1] != 0 ->                  /* distributed_rwlock.hpp:(Wd-try) try_lock: slot 1 counts a reader */
             writer_ = false; got = false      /* distributed_rwlock.hpp:(Wb-try) try_lock: writer_ = 0, fail */
          :: else -> skip                      /* distributed_rwlock.hpp:(Wd-try) try_lock: slot 1 reads 0: inside */
          fi
       fi
    :: else -> skip
    fi
}

inline unlock() {
    writer_ = false                            /* distributed_rwlock.hpp:(Wu) unlock: writer_ = 0 */
}

#define RWLOCK
#define NO_EXCLUSION
#include "rw_client.pml"
#include "properties.pml"
