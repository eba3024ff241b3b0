// C wrappers around Concurrency Kit's reader-writer locks, for the rwlock
// benchmark (bench/rwlock_peers.cpp). As in ck_peers.h: CK's headers are not
// valid C++, so they are compiled in ck_rwlock_peers.c and reached through
// these extern "C" functions, one out-of-line call per operation; each lock is
// opaque and heap-allocated on its own cache line.
//
//   synclab_ck_rwlock   ck_rwlock: a writer flag and a reader count; a writer
//                       raises the flag, then waits for the count to drain
//   synclab_ck_pflock   ck_pflock: phase-fair (Brandenburg and Anderson's PF-T)
//   synclab_ck_tflock   ck_tflock_ticket: task-fair, one ticket word for both
//                       roles (Mellor-Crummey and Scott)
//   synclab_ck_brlock   ck_brlock: the big-reader lock, a counter per
//                       registered reader; a writer drains them all
//
// ck_brlock needs a registered ck_brlock_reader per thread and lock. The
// wrapper registers one on a thread's first read of a lock, and keeps it
// until the thread exits or the lock is deleted, whichever comes first: the
// thread's exit unregisters it from a live lock; a lock's deletion
// unregisters every reader still registered (see ck_rwlock_peers.c). A
// thread may hold a read lock recursively (ck_brlock counts per reader);
// it must not exit while holding one (unregistering takes the write lock).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

struct synclab_ck_rwlock;
struct synclab_ck_rwlock* synclab_ck_rwlock_new(void);
void synclab_ck_rwlock_delete(struct synclab_ck_rwlock* lock);
void synclab_ck_rwlock_lock(struct synclab_ck_rwlock* lock);
void synclab_ck_rwlock_unlock(struct synclab_ck_rwlock* lock);
void synclab_ck_rwlock_lock_shared(struct synclab_ck_rwlock* lock);
void synclab_ck_rwlock_unlock_shared(struct synclab_ck_rwlock* lock);

struct synclab_ck_pflock;
struct synclab_ck_pflock* synclab_ck_pflock_new(void);
void synclab_ck_pflock_delete(struct synclab_ck_pflock* lock);
void synclab_ck_pflock_lock(struct synclab_ck_pflock* lock);
void synclab_ck_pflock_unlock(struct synclab_ck_pflock* lock);
void synclab_ck_pflock_lock_shared(struct synclab_ck_pflock* lock);
void synclab_ck_pflock_unlock_shared(struct synclab_ck_pflock* lock);

struct synclab_ck_tflock;
struct synclab_ck_tflock* synclab_ck_tflock_new(void);
void synclab_ck_tflock_delete(struct synclab_ck_tflock* lock);
void synclab_ck_tflock_lock(struct synclab_ck_tflock* lock);
void synclab_ck_tflock_unlock(struct synclab_ck_tflock* lock);
void synclab_ck_tflock_lock_shared(struct synclab_ck_tflock* lock);
void synclab_ck_tflock_unlock_shared(struct synclab_ck_tflock* lock);

struct synclab_ck_brlock;
struct synclab_ck_brlock* synclab_ck_brlock_new(void);
// Every thread that read it must be done with it (it may still be alive).
void synclab_ck_brlock_delete(struct synclab_ck_brlock* lock);
void synclab_ck_brlock_lock(struct synclab_ck_brlock* lock);
void synclab_ck_brlock_unlock(struct synclab_ck_brlock* lock);
void synclab_ck_brlock_lock_shared(struct synclab_ck_brlock* lock);
void synclab_ck_brlock_unlock_shared(struct synclab_ck_brlock* lock);

#ifdef __cplusplus
}
#endif
