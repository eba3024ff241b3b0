/* properties.pml: the LTL properties, included at the end of every model.
 *
 * A model sets, before including this file:
 *   CAPACITY           how many may hold at once (1 for a lock, K permits)
 *   NO_EXCLUSION       defined when the primitive promises no exclusion of its
 *                      own (a condition variable: the caller's lock does)
 *   RESOURCE_FREE      what a sleeper waits for, as an expression (the lock
 *                      free, a permit in the count, ...); defined only by
 *                      models whose processes sleep in the kernel
 *   HAS_NODES          defined by models whose waiters own queue nodes that
 *                      others touch (they keep use_after_return)
 *   EXCUSED(i)         when process i may wait forever without starving (the
 *                      condvar's producer has stopped and nothing is left)
 *
 * Which property holds for which model, and how prove.py runs it (safety or
 * acceptance cycles under weak fairness), is in expectations.tsv.
 */

#ifndef CAPACITY
#define CAPACITY 1
#endif
#ifndef EXCUSED
#define EXCUSED(i) false
#endif
#ifndef DEADLOCK_PRE
#define DEADLOCK_PRE SOME_PHASE(TRYING)
#endif

/* Safety: never more holders than the primitive admits. A reader-writer
 * lock (RWLOCK, with rw_client.pml): one writer and no reader, or readers only. */
#ifdef RWLOCK
#define RW_RULE (writers_in <= 1 && (writers_in == 0 || readers_in == 0))
ltl mutual_exclusion { [] RW_RULE }
#endif
#ifndef NO_EXCLUSION
ltl mutual_exclusion { [] (holders <= CAPACITY) }
#endif

/* Liveness (weak fairness): if some process is trying, some process
 * eventually gets through. */
ltl deadlock_freedom { [] (DEADLOCK_PRE -> <> SOME_PHASE(HOLDING)) }

/* Liveness (weak fairness): every process that tries eventually gets through. */
#define GETS_THROUGH(i) ([] (phase[i] == TRYING -> <> (phase[i] == HOLDING || EXCUSED(i))))
#if NPROC == 2
ltl starvation_freedom { GETS_THROUGH(0) && GETS_THROUGH(1) }
#else
ltl starvation_freedom { GETS_THROUGH(0) && GETS_THROUGH(1) && GETS_THROUGH(2) }
#endif

/* Reader-writer locks: every writer that tries gets through, and every
 * reader (the first WRITERS processes write, rw_client.pml). */
#ifdef RWLOCK
#if WRITERS == 1 && NPROC == 2
ltl writer_starvation_freedom { GETS_THROUGH(0) }
ltl reader_starvation_freedom { GETS_THROUGH(1) }
#elif WRITERS == 1
ltl writer_starvation_freedom { GETS_THROUGH(0) }
ltl reader_starvation_freedom { GETS_THROUGH(1) && GETS_THROUGH(2) }
#else
ltl writer_starvation_freedom { GETS_THROUGH(0) && GETS_THROUGH(1) }
ltl reader_starvation_freedom { GETS_THROUGH(2) }
#endif
#endif

/* Safety: never are all remaining processes asleep while what they sleep for
 * is there (a wake-up was lost: nobody is left to give it). */
#ifdef RESOURCE_FREE
ltl no_lost_wakeup { [] !(nasleep > 0 && nasleep == alive && RESOURCE_FREE) }
#endif

/* Safety: no process touches a waiter's node after that waiter returned
 * (the node lived on its stack). */
#ifdef HAS_NODES
ltl node_lifetime { [] !use_after_return }
#endif

/* All the safety properties above in one claim: prove.py runs this once
 * when a model's safety rows are all expected to hold (one search instead of
 * two or three over the same states), and the individual claims when one is
 * expected to fail or this one fails. */
#ifdef RWLOCK
#define SAFE_EXCLUSION RW_RULE
#elif defined(NO_EXCLUSION)
#define SAFE_EXCLUSION true
#else
#define SAFE_EXCLUSION (holders <= CAPACITY)
#endif
#ifdef RESOURCE_FREE
#define SAFE_WAKEUP (!(nasleep > 0 && nasleep == alive && RESOURCE_FREE))
#else
#define SAFE_WAKEUP true
#endif
#ifdef HAS_NODES
#define SAFE_NODES (!use_after_return)
#else
#define SAFE_NODES true
#endif
ltl all_safety { [] (SAFE_EXCLUSION && SAFE_WAKEUP && SAFE_NODES) }
