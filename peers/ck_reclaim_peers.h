// C wrappers around Concurrency Kit's structures with safe memory
// reclamation (peers/ck_reclaim_peers.c), for the queue benchmarks' peers of
// queue.ms and stack.treiber:
//
//   synclab_ck_hp_fifo_*     ck_hp_fifo: Michael and Scott's queue, CK's hazard pointers (ck_hp)
//   synclab_ck_hp_stack_*    ck_hp_stack: Treiber's stack, CK's hazard pointers
//   synclab_ck_epoch_fifo_*  ck_fifo_mpmc with CK's epochs (ck_epoch)
//
// Each structure has its own reclamation domain (a ck_hp_t or a ck_epoch_t,
// as each of our queues has its own), so a thread needs one record per
// structure it uses: _register returns the calling thread's record (a fresh
// one, or one an exited thread gave back), which it passes to every push and
// pop, and gives back with _unregister before it exits, while the structure
// still exists. _destroy needs no operation in flight; it frees every node,
// every record (registered or given back) and every retired node: the
// records of threads that never unregistered become dangling, and such a
// thread must not touch them again (bench/queue_peers.cpp keys them by a
// per-structure id for that reason).
//
// All three are unbounded: push always succeeds (one malloc per push, as
// queue.ms and stack.treiber allocate per push); pop is false only when the
// structure was empty. One call per operation, as the other peers.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void* synclab_ck_hp_fifo_create(void);
void synclab_ck_hp_fifo_destroy(void* handle);
void* synclab_ck_hp_fifo_register(void* handle);
void synclab_ck_hp_fifo_unregister(void* handle, void* record);
void synclab_ck_hp_fifo_push(void* handle, void* record, uint64_t v);
bool synclab_ck_hp_fifo_pop(void* handle, void* record, uint64_t* v);

void* synclab_ck_hp_stack_create(void);
void synclab_ck_hp_stack_destroy(void* handle);
void* synclab_ck_hp_stack_register(void* handle);
void synclab_ck_hp_stack_unregister(void* handle, void* record);
void synclab_ck_hp_stack_push(void* handle, void* record, uint64_t v);
bool synclab_ck_hp_stack_pop(void* handle, void* record, uint64_t* v);

void* synclab_ck_epoch_fifo_create(void);
void synclab_ck_epoch_fifo_destroy(void* handle);
void* synclab_ck_epoch_fifo_register(void* handle);
void synclab_ck_epoch_fifo_unregister(void* handle, void* record);
void synclab_ck_epoch_fifo_push(void* handle, void* record, uint64_t v);
bool synclab_ck_epoch_fifo_pop(void* handle, void* record, uint64_t* v);

#ifdef __cplusplus
}
#endif
