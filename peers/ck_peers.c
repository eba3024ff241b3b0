// Concurrency Kit peers behind a C interface (see ck_peers.h).
#include "ck_peers.h"

#include <ck_spinlock.h>
#include <stdlib.h>

// Each lock on its own cache line, as the C++ adapters place theirs.
struct synclab_ck_ticket {
    _Alignas(64) ck_spinlock_ticket_t lock;
};

struct synclab_ck_ticket* synclab_ck_ticket_new(void) {
    struct synclab_ck_ticket* t = aligned_alloc(64, sizeof *t);
    if (t == NULL) abort();
    ck_spinlock_ticket_init(&t->lock);
    return t;
}

void synclab_ck_ticket_delete(struct synclab_ck_ticket* t) { free(t); }
void synclab_ck_ticket_lock(struct synclab_ck_ticket* t) { ck_spinlock_ticket_lock(&t->lock); }
void synclab_ck_ticket_unlock(struct synclab_ck_ticket* t) { ck_spinlock_ticket_unlock(&t->lock); }

struct synclab_ck_mcs {
    _Alignas(64) ck_spinlock_mcs_t queue;
};

// Per-thread stack of MCS nodes, each on its own cache line (a waiter spins on it).
struct mcs_node_slot {
    _Alignas(64) ck_spinlock_mcs_context_t node;
};
static _Thread_local struct mcs_node_slot mcs_nodes[SYNCLAB_CK_MCS_DEPTH];
static _Thread_local unsigned mcs_depth;

struct synclab_ck_mcs* synclab_ck_mcs_new(void) {
    struct synclab_ck_mcs* m = aligned_alloc(64, sizeof *m);
    if (m == NULL) abort();
    ck_spinlock_mcs_init(&m->queue);
    return m;
}

void synclab_ck_mcs_delete(struct synclab_ck_mcs* m) { free(m); }

void synclab_ck_mcs_lock(struct synclab_ck_mcs* m) {
    if (mcs_depth == SYNCLAB_CK_MCS_DEPTH) abort();
    ck_spinlock_mcs_lock(&m->queue, &mcs_nodes[mcs_depth++].node);
}

void synclab_ck_mcs_unlock(struct synclab_ck_mcs* m) {
    ck_spinlock_mcs_unlock(&m->queue, &mcs_nodes[--mcs_depth].node);
}
