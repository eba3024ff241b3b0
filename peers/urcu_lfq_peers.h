// C wrappers around liburcu's RCU lock-free queue (cds_lfq, urcu/rculfqueue.h,
// the memb flavour), for the queue benchmarks' peer.urcu_lfq
// (peers/urcu_lfq_peers.c): one call per operation, as the ck_ring peers.
// Every thread that pushes or pops registers with RCU first
// (synclab_urcu_register_thread) and unregisters before it exits; a popped
// node is freed by call_rcu after a grace period.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void synclab_urcu_register_thread(void);
void synclab_urcu_unregister_thread(void);
// The queue; destroy drains it and waits for the pending frees (rcu_barrier).
void* synclab_urcu_lfq_create(void);
void synclab_urcu_lfq_destroy(void* handle);
void synclab_urcu_lfq_push(void* handle, uint64_t v);
bool synclab_urcu_lfq_pop(void* handle, uint64_t* v);

#ifdef __cplusplus
}
#endif
