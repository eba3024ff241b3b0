/* semaphore_client.pml: the process every semaphore model runs, NPROC of
 * them, on a semaphore of K = NPROC - 1 permits (the locker room: more people
 * than lockers).
 *
 * Each process repeatedly calls acquire() (holds the permit, release(1)), or
 * try_acquire() (and, if it got one, holds and releases it), and may stop for
 * good between calls. With K = 2 (three processes), process 0 may also take a
 * second permit while it holds one and give both back with one release(2),
 * so "release(n) wakes up to n" is exercised. A model defines the inlines
 * acquire(), try_acquire() (setting the local `got`) and release(n), the
 * locals SEM_LOCALS (declaring `got`), and starts its count at PERMITS.
 */
#define PERMITS (NPROC - 1)
#define CAPACITY PERMITS

active [NPROC] proctype client() {
    SEM_LOCALS
    do
    :: begin_trying();
       acquire();
       now_holding(1);
       if
       :: PERMITS >= 2 && _pid == 0 ->
          begin_trying();                        /* holds one, calls acquire() for a second */
          acquire();
          now_holding(1);
          stop_holding(2);
          release(2)
       :: else ->
          stop_holding(1);
          release(1)
       fi
    :: try_acquire();
       if
       :: got -> got = false;                    /* try_acquire returned true */
          now_holding(1);
          stop_holding(1);
          release(1)
       :: else -> skip                           /* try_acquire returned false */
       fi
    :: stop_for_good(); break
    od
}
