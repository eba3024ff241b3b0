/* rwlock.task_fair: the FIFO reader-writer queue lock (Mellor-Crummey and
 * Scott's fair MCS-RW, nodes retired at entry as in K42),
 * primitives/rwlock/task_fair_rwlock.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml); the orders
 * are Relacy's business.
 *
 * Pointers are small numbers, as in mutex_mcs.pml: NIL (nullptr), WRITING
 * (the lock object standing for the writer inside, writing() in the header)
 * and p + 1 for process p's node. A node lives from its creation in
 * lock()/lock_shared() (task_fair_rwlock.hpp:(W-node), (R-node)) to its
 * P::destroy at the end of its retire; each call makes it anew at the same
 * place. Touching a node that is not alive sets use_after_return (property
 * node_lifetime: here, an access to freed memory).
 * count_ is the header's word: 2 per reader inside, + 1 (PENDING) while the
 * writer in next_writer_ waits for them. Every spin loop is a guard: the
 * process waits until the word it reads has the value it waits for.
 *
 * try_lock_shared's look at the tail and its CAS are one step here: a look
 * that fails returns false, as a CAS that fails does, so nothing is lost.
 * try_lock's look (tail and count_, two loads in the header, one step here)
 * and its CAS are two steps, so readers can come in between (the writer then
 * waits for them, as the header says).
 *
 * Mutants: rwlock.task_fair~writer-beside-readers
 * (-DMUTANT_WRITER_BESIDE_READERS): a writer whose prev is nullptr does not
 * look at the readers counted inside (site observe skipped);
 * rwlock.task_fair~no-link-wait (-DMUTANT_NO_LINK_WAIT): unlock() whose CAS
 * of the tail from WRITING fails returns without waiting for the newcomer's
 * link into next_ (site link skipped). rwlock.task_fair~relaxed-hand-off is
 * an order, which Spin does not model.
 */
#include "harness.pml"

#define NIL     0
#define WRITING (NPROC + 1)
#define NODE(p) ((p) + 1)
#define OWNER_OF(n) ((n) - 1)
#define READER  2
#define PENDING 1

byte tail_ = NIL;                              /* task_fair_rwlock.hpp:(tail_) */
byte next_ = NIL;                              /* task_fair_rwlock.hpp:(next_) the first waiter behind the writer inside */
byte count_;                                   /* task_fair_rwlock.hpp:(count_) 2 x readers inside + PENDING */
byte next_writer_ = NIL;                       /* task_fair_rwlock.hpp:(next_writer_) */
bool waiting_[NPROC];                          /* task_fair_rwlock.hpp:(node.waiting_) per process's node */
byte node_next_[NPROC];                        /* task_fair_rwlock.hpp:(node.next_) per process's node */
bool node_writer[NPROC];                       /* task_fair_rwlock.hpp:(node.writer) per process's node */
bool node_live[NPROC];                         /* p's node is allocated */
bool use_after_return;                         /* some process touched a freed node */

#define HAS_NODES
#define TOUCH(n) use_after_return = use_after_return || !node_live[OWNER_OF(n)]

#define RW_LOCALS bool got; bool done; bool is_w; byte prev; byte succ; byte was; byte w;

/* Links the node behind prev and waits for the grant. */
inline wait_behind() {
    if
    :: prev == WRITING -> next_ = NODE(_pid)   /* task_fair_rwlock.hpp:(link) wait_behind: next_ = node (prev is the writer inside) */
    :: else -> atomic { TOUCH(prev); node_next_[OWNER_OF(prev)] = NODE(_pid) }  /* task_fair_rwlock.hpp:(link) wait_behind: prev->next_ = node */
    fi;
    waiting_[_pid] == false;                   /* task_fair_rwlock.hpp:(spin) wait_behind: spins until waiting_ is false: in */
    prev = NIL
}

/* A reader that is in: counts itself, retires its node, passes the grant on. */
inline enter_reading() {
    count_ = count_ + READER;                  /* task_fair_rwlock.hpp:(Rc) enter_reading: fetch_add(count_, 2) */
    succ = node_next_[_pid];                   /* task_fair_rwlock.hpp:(R-succ) enter_reading: succ = node->next_ */
    if
    :: succ == NIL ->
       atomic {                                /* task_fair_rwlock.hpp:(R-retire) enter_reading: CAS tail_ node -> nullptr */
           if
           :: tail_ == NODE(_pid) -> tail_ = NIL; done = true
           :: else -> skip
           fi
       };
       if
       :: done -> skip                         /* task_fair_rwlock.hpp:(R-retire) enter_reading: retired, no successor */
       :: else ->
          node_next_[_pid] != NIL;             /* task_fair_rwlock.hpp:(R-retire-wait) enter_reading: a newcomer is linking: waits */
          succ = node_next_[_pid]              /* task_fair_rwlock.hpp:(R-retire-wait) enter_reading: succ = node->next_ */
       fi
    :: else -> skip
    fi;
    node_live[_pid] = false;                   /* enter_reading: P::destroy(node) */
    if
    :: done -> done = false
    :: else ->
       atomic { TOUCH(succ); is_w = node_writer[OWNER_OF(succ)] };   /* enter_reading: succ->writer */
       if
       :: is_w ->
          next_writer_ = succ;                 /* task_fair_rwlock.hpp:(R-next-writer) enter_reading: next_writer_ = succ */
          count_ = count_ + PENDING            /* task_fair_rwlock.hpp:(R-pending) enter_reading: fetch_add(count_, pending) */
       :: else ->
          atomic { TOUCH(succ); waiting_[OWNER_OF(succ)] = false }   /* task_fair_rwlock.hpp:(R-grant) enter_reading: succ->waiting_ = false */
       fi
    fi;
    atomic { succ = NIL; is_w = false }
}

inline lock_shared() {
    atomic {                                   /* task_fair_rwlock.hpp:(R-node) lock_shared: create(reader) */
        waiting_[_pid] = true; node_next_[_pid] = NIL; node_writer[_pid] = false; node_live[_pid] = true
    };
    atomic { prev = tail_; tail_ = NODE(_pid) };   /* task_fair_rwlock.hpp:(R) lock_shared: prev = tail_.exchange(node) */
    if
    :: prev != NIL -> wait_behind()
    :: else -> skip                            /* lock_shared: prev is nullptr: in at once */
    fi;
    enter_reading()
}

inline try_lock_shared() {
    atomic {                                   /* task_fair_rwlock.hpp:(R-try) try_lock_shared: tail_ nullptr: CAS nullptr -> node (created for it) */
        if
        :: tail_ == NIL ->
           waiting_[_pid] = true; node_next_[_pid] = NIL; node_writer[_pid] = false; node_live[_pid] = true;
           tail_ = NODE(_pid); got = true
        :: else -> got = false                 /* task_fair_rwlock.hpp:(R-try) try_lock_shared: someone queued or a writer inside: false */
        fi
    };
    if
    :: got -> enter_reading()
    :: else -> skip
    fi
}

inline unlock_shared() {
    atomic { was = count_; count_ = count_ - READER };   /* task_fair_rwlock.hpp:(Ru) unlock_shared: fetch_sub(count_, 2) */
    if
    :: was == READER + PENDING ->
       atomic { w = next_writer_; next_writer_ = NIL };  /* task_fair_rwlock.hpp:(Ru-writer) unlock_shared: the last reader out: w = next_writer_.exchange(nullptr) */
       count_ = 0;                             /* task_fair_rwlock.hpp:(Ru-clear) unlock_shared: count_ = 0 */
       atomic { TOUCH(w); waiting_[OWNER_OF(w)] = false }   /* task_fair_rwlock.hpp:(Ru-grant) unlock_shared: w->waiting_ = false */
    :: else -> skip
    fi;
    atomic { was = 0; w = NIL }
}

/* A writer whose prev was nullptr waits for the readers counted inside. */
#ifndef MUTANT_WRITER_BESIDE_READERS
inline after_readers() {
    next_writer_ = NODE(_pid);                 /* task_fair_rwlock.hpp:(Wp-writer) after_readers: next_writer_ = node */
    atomic { was = count_; count_ = count_ + PENDING };   /* task_fair_rwlock.hpp:(Wp) after_readers: fetch_add(count_, pending) */
    if
    :: was == 0 -> count_ = 0                  /* task_fair_rwlock.hpp:(Wp-own) after_readers: no reader inside: count_ = 0, in */
    :: else -> waiting_[_pid] == false         /* task_fair_rwlock.hpp:(Wp-spin) after_readers: spins until the last reader out lets it in */
    fi;
    was = 0
}
#else
inline after_readers() {
    skip                                       /* mutant after_readers: in, without a look at the readers inside */
}
#endif

inline retire_writer() {
    succ = node_next_[_pid];                   /* task_fair_rwlock.hpp:(W-succ) retire_writer: succ = node->next_ */
    if
    :: succ == NIL ->
       next_ = NIL;                            /* task_fair_rwlock.hpp:(W-retire-clear) retire_writer: next_ = nullptr */
       atomic {                                /* task_fair_rwlock.hpp:(W-retire) retire_writer: CAS tail_ node -> writing() */
           if
           :: tail_ == NODE(_pid) -> tail_ = WRITING; done = true
           :: else -> skip
           fi
       };
       if
       :: done -> skip                         /* task_fair_rwlock.hpp:(W-retire) retire_writer: retired, no successor */
       :: else ->
          node_next_[_pid] != NIL;             /* task_fair_rwlock.hpp:(W-retire-wait) retire_writer: a newcomer is linking: waits */
          succ = node_next_[_pid]              /* task_fair_rwlock.hpp:(W-retire-wait) retire_writer: succ = node->next_ */
       fi
    :: else -> skip
    fi;
    if
    :: done -> done = false
    :: else -> next_ = succ                    /* task_fair_rwlock.hpp:(W-move) retire_writer: next_ = succ */
    fi;
    atomic { node_live[_pid] = false; succ = NIL }   /* retire_writer: P::destroy(node) */
}

inline lock() {
    atomic {                                   /* task_fair_rwlock.hpp:(W-node) lock: create(writer) */
        waiting_[_pid] = true; node_next_[_pid] = NIL; node_writer[_pid] = true; node_live[_pid] = true
    };
    atomic { prev = tail_; tail_ = NODE(_pid) };   /* task_fair_rwlock.hpp:(W) lock: prev = tail_.exchange(node) */
    if
    :: prev != NIL -> wait_behind()
    :: else -> after_readers()
    fi;
    retire_writer()
}

inline try_lock() {
    got = (tail_ == NIL && count_ == 0);       /* task_fair_rwlock.hpp:(W-try-look) try_lock: looks: tail_ nullptr and count_ 0 */
    if
    :: got ->
       atomic {                                /* task_fair_rwlock.hpp:(W-try) try_lock: CAS tail_ nullptr -> node (created for it) */
           if
           :: tail_ == NIL ->
              waiting_[_pid] = true; node_next_[_pid] = NIL; node_writer[_pid] = true; node_live[_pid] = true;
              tail_ = NODE(_pid)
           :: else -> got = false              /* task_fair_rwlock.hpp:(W-try) try_lock: the CAS failed: false */
           fi
       }
    :: else -> skip                            /* try_lock: someone queued or counted: false */
    fi;
    if
    :: got -> after_readers(); retire_writer()
    :: else -> skip
    fi
}

#ifndef MUTANT_NO_LINK_WAIT
inline link_wait() {
    next_ != NIL;                              /* task_fair_rwlock.hpp:(Wu-link-wait) unlock: a newcomer is linking into next_: waits */
    succ = next_                               /* task_fair_rwlock.hpp:(Wu-link-wait) unlock: succ = next_ */
}
#else
inline link_wait() {
    skip                                       /* mutant unlock: the CAS failed, but no wait for the link (task_fair_rwlock.hpp:(Wu-link-wait) skipped) */
}
#endif

inline unlock() {
    succ = next_;                              /* task_fair_rwlock.hpp:(Wu-next) unlock: succ = next_ */
    if
    :: succ == NIL ->
       atomic {                                /* task_fair_rwlock.hpp:(Wu) unlock: CAS tail_ writing() -> nullptr */
           if
           :: tail_ == WRITING -> tail_ = NIL; done = true
           :: else -> skip
           fi
       };
       if
       :: done -> skip                         /* task_fair_rwlock.hpp:(Wu) unlock: free, nobody queued */
       :: else -> link_wait()
       fi
    :: else -> skip
    fi;
    if
    :: done -> done = false
    :: else ->
       if
       :: succ != NIL -> atomic { TOUCH(succ); waiting_[OWNER_OF(succ)] = false }   /* task_fair_rwlock.hpp:(Wu-grant) unlock: succ->waiting_ = false */
       :: else -> skip                         /* mutant unlock: returns, nobody granted */
       fi
    fi;
    succ = NIL
}

#define RWLOCK
#define NO_EXCLUSION
#include "rw_client.pml"
#include "properties.pml"
