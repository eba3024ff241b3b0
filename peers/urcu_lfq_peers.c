// liburcu's cds_lfq behind the C interface of urcu_lfq_peers.h. The queue
// operations are liburcu's inline (LGPL) versions, over the memb flavour
// (membarrier-based readers: no signals, no quiescent-state calls).
#define _LGPL_SOURCE
#include "urcu_lfq_peers.h"

#include <stdlib.h>

#include <urcu/urcu-memb.h>
#include <urcu/rculfqueue.h>

struct item_node {
    uint64_t value;
    struct cds_lfq_node_rcu link;
    struct rcu_head rcu;
};

static void free_item(struct rcu_head* head) { free(caa_container_of(head, struct item_node, rcu)); }

void synclab_urcu_register_thread(void) { urcu_memb_register_thread(); }
void synclab_urcu_unregister_thread(void) { urcu_memb_unregister_thread(); }

void* synclab_urcu_lfq_create(void) {
    struct cds_lfq_queue_rcu* q = malloc(sizeof *q);
    if (q != NULL) cds_lfq_init_rcu(q, urcu_memb_call_rcu);
    return q;
}

void synclab_urcu_lfq_destroy(void* handle) {
    struct cds_lfq_queue_rcu* q = handle;
    uint64_t v;
    while (synclab_urcu_lfq_pop(q, &v)) {
    }
    cds_lfq_destroy_rcu(q);  /* empty now: cannot fail */
    urcu_memb_barrier();      /* every free_item queued by call_rcu has run */
    free(q);
}

void synclab_urcu_lfq_push(void* handle, uint64_t v) {
    struct item_node* n = malloc(sizeof *n);
    if (n == NULL) abort();
    n->value = v;
    cds_lfq_node_init_rcu(&n->link);
    urcu_memb_read_lock();
    cds_lfq_enqueue_rcu(handle, &n->link);
    urcu_memb_read_unlock();
}

bool synclab_urcu_lfq_pop(void* handle, uint64_t* v) {
    urcu_memb_read_lock();
    struct cds_lfq_node_rcu* link = cds_lfq_dequeue_rcu(handle);
    urcu_memb_read_unlock();
    if (link == NULL) return false;
    struct item_node* n = caa_container_of(link, struct item_node, link);
    *v = n->value;
    urcu_memb_call_rcu(&n->rcu, free_item);
    return true;
}
