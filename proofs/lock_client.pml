/* lock_client.pml: the process every mutex model runs, NPROC of them.
 *
 * Each process repeatedly calls lock() (and holds, and unlocks) or
 * try_lock() (and, if it got the lock, holds and unlocks), and may stop for
 * good between calls, so every mix of contenders is explored. A model
 * defines the inlines lock(), try_lock() (setting the local `got`) and
 * unlock(), and LOCK_LOCALS, the locals they use (declaring `got`).
 */
active [NPROC] proctype client() {
    LOCK_LOCALS
    do
    :: begin_trying();
       lock();
       now_holding(1);
       stop_holding(1);
       unlock()
    :: try_lock();
       if
       :: got -> got = false;                       /* try_lock returned true */
          now_holding(1);
          stop_holding(1);
          unlock()
       :: else -> skip                              /* try_lock returned false */
       fi
    :: stop_for_good(); break
    od
}
