/* mutex.mcs: the MCS queue lock in the K42 form, primitives/mutex/mcs_mutex.hpp.
 *
 * Sequentially consistent interleavings only (see harness.pml): the orders
 * of the header (among them the two it says Relacy cannot show needed: the
 * release on the link and on retiring) are the C++ memory model's business,
 * not this model's.
 *
 * Pointers are small numbers: NIL (nullptr), SELF (the lock object standing
 * for the owner, "self" in the header) and p + 1 for process p's stack node.
 * A process's node lives only while it runs lock_queued() (it is a local
 * there, mcs_mutex.hpp:(node)); each call makes it anew at the same place, as
 * the stack would. Touching a node whose process has left lock_queued()
 * sets use_after_return (property node_lifetime).
 * Every spin loop (mcs_mutex.hpp:(link-wait), (spin), (retire-wait)) is a
 * guard: the process waits until the word it reads has the value it waits
 * for (only another process's step can change it, and nobody changes it back).
 *
 * The doorway is one exchange, prev = tail_.exchange(&node)
 * (mcs_mutex.hpp:(doorway)), as in classic MCS. If prev is nullptr the lock
 * was free and the caller owns it at once, its node already last in the
 * queue; it leaves through the same retire path as a waiter that was handed
 * the lock (from mcs_mutex.hpp:(successor) on). Spin proves all four
 * properties, starvation freedom included.
 *
 * Variant (-DCAS_DOORWAY, the id mutex.mcs+cas-doorway): the doorway an
 * earlier version of the header had, a loop of prev = tail_; CAS(prev, &node)
 * that took the lock by CAS(nullptr, self) when it read nullptr. Spin refutes
 * starvation freedom for it: while a waiter moves from reading prev to its
 * CAS, the owner unlocks (tail_ self -> nullptr) and locks again by the fast
 * path (nullptr -> self), so the waiter sees self, then nullptr, then self...
 * getting enqueued was lock-free, not wait-free. That counterexample is why
 * the header enqueues by exchange.
 */
#include "harness.pml"

#define NIL  0
#define SELF (NPROC + 1)
#define NODE(p) ((p) + 1)
#define OWNER_OF(n) ((n) - 1)

byte tail_ = NIL;                               /* mcs_mutex.hpp:(tail_) tail_{nullptr} */
byte next_ = NIL;                               /* mcs_mutex.hpp:(next_) next_{nullptr}: the owner's successor */
bool waiting_[NPROC];                           /* mcs_mutex.hpp:(node.waiting_) qnode::waiting_, per process's node */
byte node_next_[NPROC];                         /* mcs_mutex.hpp:(node.next_) qnode::next_, per process's node */
bool node_live[NPROC];                          /* p's node is in scope (p is inside lock_queued()) */
bool use_after_return;                          /* some process touched a node out of scope */

#define HAS_NODES
#define TOUCH(n) use_after_return = use_after_return || !node_live[OWNER_OF(n)]

#define LOCK_LOCALS byte prev; byte succ; bool enqueued; bool got;

/* The doorway: from the fresh node to owning the lock (got: owned at once,
 * node unused), or to being handed the lock after waiting in the queue. Two
 * forms, chosen here and not inside lock_queued(): Spin miscounts the lines
 * of an inline body after a long #ifdef gap. */
#ifndef CAS_DOORWAY
inline doorway() {
    atomic { prev = tail_; tail_ = NODE(_pid) }; /* mcs_mutex.hpp:(doorway) lock_queued: enqueue: prev = tail_.exchange(&node) */
    if
    :: prev == NIL -> skip                       /* mcs_mutex.hpp:(doorway) lock_queued: prev is nullptr: it was free: owns it, node last in the queue */
    :: prev == SELF -> next_ = NODE(_pid)        /* mcs_mutex.hpp:(link) lock_queued: link: the lock's next_ = &node (prev is the owner) */
    :: else -> atomic { TOUCH(prev); node_next_[OWNER_OF(prev)] = NODE(_pid) }  /* mcs_mutex.hpp:(link) lock_queued: link: prev->next_ = &node */
    fi;
    if
    :: prev != NIL -> waiting_[_pid] == false    /* mcs_mutex.hpp:(spin) lock_queued: spins until waiting_ is false: owns it */
    :: else -> skip
    fi;
    prev = NIL;
}
#else
inline doorway() {
    prev = tail_;                                /* earlier lock_queued: prev = tail_ */
    do
    :: prev == NIL ->
       atomic {                                  /* earlier lock_queued: free now: CAS tail_ nullptr -> self */
           if
           :: tail_ == NIL -> tail_ = SELF; got = true
           :: else -> prev = tail_               /* the CAS failed: prev = tail_ */
           fi
       };
       if
       :: got -> break                           /* earlier lock_queued: owns it (node unused) */
       :: else -> skip                           /* earlier lock_queued: CAS failed: again */
       fi
    :: prev != NIL ->
       atomic {                                  /* earlier lock_queued: enqueue: CAS tail_ prev -> &node */
           if
           :: tail_ == prev -> tail_ = NODE(_pid); enqueued = true
           :: else -> prev = tail_               /* the CAS failed: prev = tail_ */
           fi
       };
       if
       :: enqueued -> enqueued = false; break    /* earlier lock_queued: enqueued behind prev */
       :: else -> skip                           /* earlier lock_queued: CAS failed: again */
       fi
    od;
    if
    :: got -> skip
    :: else ->
       if
       :: prev == SELF -> next_ = NODE(_pid)     /* earlier lock_queued: link: the lock's next_ = &node (prev is the owner) */
       :: else -> atomic { TOUCH(prev); node_next_[OWNER_OF(prev)] = NODE(_pid) }  /* earlier lock_queued: link: prev->next_ = &node */
       fi;
       waiting_[_pid] == false                   /* earlier lock_queued: spins until waiting_ is false: owns it */
    fi;
}
#endif

inline lock_queued() {
    atomic { waiting_[_pid] = true; node_next_[_pid] = NIL; node_live[_pid] = true };  /* mcs_mutex.hpp:(node) lock_queued: qnode node (waiting_ true, next_ nullptr) */
    doorway();
    if
    :: got -> skip
    :: else ->
       succ = node_next_[_pid];                  /* mcs_mutex.hpp:(successor) lock_queued: succ = node.next_ */
       if
       :: succ == NIL ->
          next_ = NIL;                           /* mcs_mutex.hpp:(retire-clear) lock_queued: next_ = nullptr */
          atomic {                               /* mcs_mutex.hpp:(retire) lock_queued: retire: CAS tail_ &node -> self */
              if
              :: tail_ == NODE(_pid) -> tail_ = SELF; got = true
              :: else -> skip
              fi
          };
          if
          :: got -> skip                         /* mcs_mutex.hpp:(retire) lock_queued: retired, no successor */
          :: else ->
             node_next_[_pid] != NIL;            /* mcs_mutex.hpp:(retire-wait) lock_queued: a newcomer is linking: waits for node.next_ */
             succ = node_next_[_pid];            /* mcs_mutex.hpp:(retire-wait) lock_queued: succ = node.next_ */
             next_ = succ                        /* mcs_mutex.hpp:(move) lock_queued: next_ = succ */
          fi
       :: else -> next_ = succ                   /* mcs_mutex.hpp:(move) lock_queued: next_ = succ */
       fi
    fi;
    atomic { node_live[_pid] = false; prev = NIL; succ = NIL; got = false }  /* mcs_mutex.hpp:(node) lock_queued returns: node goes out of scope */
}

inline lock() {
    atomic {                                     /* mcs_mutex.hpp:(lock) lock: CAS tail_ nullptr -> self */
        if
        :: tail_ == NIL -> tail_ = SELF; got = true
        :: else -> got = false
        fi
    };
    if
    :: got -> got = false                        /* mcs_mutex.hpp:(lock) lock: owns it */
    :: else -> lock_queued()                     /* mcs_mutex.hpp:(lock) lock: lock_queued() */
    fi
}

inline try_lock() {
    atomic {                                     /* mcs_mutex.hpp:(try_lock) try_lock: CAS tail_ nullptr -> self */
        if
        :: tail_ == NIL -> tail_ = SELF; got = true
        :: else -> got = false
        fi
    }
}

inline unlock() {
    succ = next_;                                /* mcs_mutex.hpp:(unlock-next) unlock: succ = next_ */
    if
    :: succ == NIL ->
       atomic {                                  /* mcs_mutex.hpp:(unlock) unlock: CAS tail_ self -> nullptr */
           if
           :: tail_ == SELF -> tail_ = NIL; got = true
           :: else -> skip
           fi
       };
       if
       :: got -> skip                            /* mcs_mutex.hpp:(unlock) unlock: free, no waiter */
       :: else ->
          next_ != NIL;                          /* mcs_mutex.hpp:(link-wait) unlock: a waiter is linking: waits for next_ */
          succ = next_                           /* mcs_mutex.hpp:(link-wait) unlock: succ = next_ */
       fi
    :: else -> skip
    fi;
    if
    :: got -> got = false
    :: else -> atomic { TOUCH(succ); waiting_[OWNER_OF(succ)] = false }  /* mcs_mutex.hpp:(hand_off) unlock: hand-off: succ->waiting_ = false */
    fi;
    succ = NIL
}

#include "lock_client.pml"
#include "properties.pml"
