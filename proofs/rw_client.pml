/* rw_client.pml: the processes of every reader-writer lock model, NPROC of
 * them. The first WRITERS processes (-DWRITERS=n, 1 by default) are writers:
 * they call lock() (and hold, and unlock()) or try_lock(); the others are
 * readers: lock_shared() or try_lock_shared(), and unlock_shared(). Each may
 * stop for good between calls, so every mix of contenders is explored. A
 * model defines those six inlines and RW_LOCALS (declaring `got`).
 */
#ifndef WRITERS
#define WRITERS 1
#endif

byte writers_in;              /* writers holding the lock now              */
byte readers_in;              /* readers holding it now                    */

active [NPROC] proctype client() {
    RW_LOCALS
    if
    :: _pid < WRITERS ->
       do
       :: begin_trying();
          lock();
          atomic { now_holding(1); writers_in++ };
          atomic { stop_holding(1); writers_in-- };
          unlock()
       :: try_lock();
          if
          :: got -> got = false;                      /* try_lock returned true */
             atomic { now_holding(1); writers_in++ };
             atomic { stop_holding(1); writers_in-- };
             unlock()
          :: else -> skip                             /* try_lock returned false */
          fi
       :: stop_for_good(); break
       od
    :: else ->
       do
       :: begin_trying();
          lock_shared();
          atomic { now_holding(1); readers_in++ };
          atomic { stop_holding(1); readers_in-- };
          unlock_shared()
       :: try_lock_shared();
          if
          :: got -> got = false;                      /* try_lock_shared returned true */
             atomic { now_holding(1); readers_in++ };
             atomic { stop_holding(1); readers_in-- };
             unlock_shared()
          :: else -> skip                             /* try_lock_shared returned false */
          fi
       :: stop_for_good(); break
       od
    fi
}
