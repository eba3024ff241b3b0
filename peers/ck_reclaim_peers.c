/* Concurrency Kit's structures with safe memory reclamation behind the C
 * interface of ck_reclaim_peers.h (CK's headers are not valid C++): ck_hp_fifo
 * and ck_hp_stack with CK's hazard pointers (ck_hp, in libck), ck_fifo_mpmc
 * with CK's epochs (ck_epoch, in libck). Items are 64-bit values stored as the
 * structures' void* values (as the ck_ring peers store them).
 *
 * Reclamation, as CK's own tests and manual pages use it:
 *
 *   ck_hp   one ck_hp_t per structure, each thread a ck_hp_record_t with the
 *           structure's number of hazard slots (ck_hp_fifo 2: the head and
 *           its successor, or the tail; ck_hp_stack 1). A popped node goes to
 *           ck_hp_free, which files it on the thread's pending list and, once
 *           the list holds SYNCLAB_CK_HP_THRESHOLD nodes, scans every
 *           record's hazards (ck_hp_reclaim) and frees, through the
 *           destructor given to ck_hp_init (free), what none protects.
 *   ck_epoch  one ck_epoch_t per structure, each thread a ck_epoch_record_t;
 *           every operation inside ck_epoch_begin/ck_epoch_end. The dequeuer
 *           of ck_fifo_mpmc gets the old stub back as "garbage" (the value
 *           it returns was read from the stub's successor, the new stub):
 *           CK leaves that node to the caller, to reuse or to reclaim, since
 *           other threads may still read its links. Here it is reclaimed:
 *           ck_epoch_call inside the section that removed it (CK asks this of
 *           concurrent writers that reclaim through ck_epoch_poll: the
 *           removal must be visible before the grace period that frees it),
 *           and every SYNCLAB_CK_EPOCH_BATCH calls one ck_epoch_poll, which
 *           frees what a grace period has passed over without waiting.
 *
 * Records. CK never takes a record off its domain's list: ck_hp_unregister
 * and ck_epoch_unregister only mark it free for ck_hp_recycle /
 * ck_epoch_recycle, and both drop whatever the record still had pending (a
 * leak, unless emptied first). So a thread that exits gives its record back
 * emptied: ck_epoch_barrier (waits for a grace period, then runs every
 * callback of the record; it waits only for threads inside a section, which
 * finish theirs) before ck_epoch_unregister; for ck_hp, whose ck_hp_purge
 * would spin as long as any other thread keeps a hazard on a pending node
 * (CK's operations leave their hazards set after they return, so an idle
 * thread can hold one indefinitely), the record's hazards are cleared, one
 * ck_hp_reclaim frees what it can, and what others still protect moves to the
 * structure's orphan list, freed by _destroy. _destroy frees every record
 * (registered or given back) after running what each still has pending.
 *
 * The packaged CK (Debian's 0.7.1; 0.7.2, the last release, changes none of
 * these) differs from CK's repository since, in ways that matter here:
 *   - ck_hp_fifo_enqueue_mpmc links with a CAS on fifo->tail->next, reading
 *     fifo->tail again, a node its hazard does not cover, and
 *     ck_hp_fifo_dequeue_mpmc reads the tail before its hazard on the head
 *     is published, so if the head node is freed and comes back as the stub
 *     in between, it swings the head to a NULL successor and reads through
 *     it (an unlikely interleaving, a crash when it happens); upstream reads
 *     the tail after the hazard and returns empty on any NULL successor (ck
 *     commit 7cebde2, 2024, in no release).
 *   - ck_fifo_mpmc_dequeue may return empty from a head snapshot that was
 *     recycled under it (fixed upstream in e78c421): that needs a node to be
 *     reused while a reader still holds it, which the epochs here rule out.
 *   - ck_epoch_poll dispatches a bucket before scanning the records; upstream
 *     (d1b348c) notes this held only through x86's ordering (it does here).
 *   - its manual pages call ck_epoch_call after ck_epoch_end, and use older
 *     signatures of ck_epoch_begin, _register and _unregister; upstream now
 *     documents that concurrent writers reclaiming through ck_epoch_poll
 *     must defer inside the section (20f5a6d), as done here. */
#include "ck_reclaim_peers.h"

#include <ck_epoch.h>
#include <ck_fifo.h>
#include <ck_hp.h>
#include <ck_hp_fifo.h>
#include <ck_hp_stack.h>
#include <ck_stack.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#ifndef CK_F_FIFO_MPMC
#error "ck_fifo_mpmc needs CK's double-width compare-and-swap (CK_F_PR_CAS_PTR_2)"
#endif

/* The scan threshold of ck_hp (ck_hp_init's third argument). CK has no
 * default and documents none: its regression tests pass 10 (to make scans
 * frequent), its latency benchmark 1000000 (never scan). 64 follows Michael's
 * rule, R of at least twice the hazards H*K that can exist (K = 2 slots, H up
 * to 16 records: the 4P4C scenario has 9), so that a scan frees at least
 * half of what it looks at; queue.ms's symmetric hazard pointers batch at
 * 2*H*K + 16 (primitives/reclaim/hazard_pointers.hpp), a comparable figure. */
#ifndef SYNCLAB_CK_HP_THRESHOLD
#define SYNCLAB_CK_HP_THRESHOLD 64
#endif

/* Retires between two ck_epoch_poll calls (CK's manual pages poll after every
 * ck_epoch_call; each poll costs a full fence and a scan of every record).
 * 64, as the constant part of queue.ms_epoch's batch of 2*H + 64
 * (primitives/reclaim/epochs.hpp). */
#ifndef SYNCLAB_CK_EPOCH_BATCH
#define SYNCLAB_CK_EPOCH_BATCH 64
#endif

/* A block of whole cache lines, aligned to a line (CK's records are
 * CK_CC_CACHELINE types). */
static void *alloc_lines(size_t bytes) {
    void *p = aligned_alloc(CK_MD_CACHELINE, (bytes + CK_MD_CACHELINE - 1) / CK_MD_CACHELINE * CK_MD_CACHELINE);
    if (p == NULL) abort();
    return p;
}

static void *alloc_node(size_t align, size_t bytes) {
    void *p = aligned_alloc(align, (bytes + align - 1) / align * align);
    if (p == NULL) abort();
    return p;
}

/* ---------------------------------------------------------------- ck_hp */

/* A thread's ck_hp record and its hazard slots; the record comes first, so a
 * record ck_hp_recycle hands out is its hp_thread, slots included. */
struct hp_thread {
    ck_hp_record_t record;
    void *slots[2]; /* CK_HP_FIFO_SLOTS_COUNT; ck_hp_stack uses the first */
};

/* A structure's ck_hp_t and the nodes its exited threads left protected. */
struct hp_domain {
    ck_hp_t hp;
    ck_stack_t orphans; /* of ck_hp_hazard_t pending_entry, pushed concurrently */
};

CK_STACK_CONTAINER(struct ck_hp_record, global_entry, hp_record_of)
CK_STACK_CONTAINER(struct ck_hp_hazard, pending_entry, hp_hazard_of)

static void free_node(void *node) { free(node); }

static void hp_domain_init(struct hp_domain *d, unsigned slots) {
    ck_hp_init(&d->hp, slots, SYNCLAB_CK_HP_THRESHOLD, free_node);
    ck_stack_init(&d->orphans);
}

static void *hp_register(struct hp_domain *d) {
    ck_hp_record_t *r = ck_hp_recycle(&d->hp);
    if (r != NULL) return r; /* its slots: its hp_thread's, cleared when it was given back */
    struct hp_thread *t = alloc_lines(sizeof *t);
    ck_hp_register(&d->hp, &t->record, t->slots);
    return &t->record;
}

static void hp_unregister(struct hp_domain *d, ck_hp_record_t *r) {
    ck_stack_entry_t *e;
    ck_hp_clear(r); /* this thread protects nothing any more */
    if (r->n_pending > 0) ck_hp_reclaim(r);
    while ((e = ck_stack_pop_npsc(&r->pending)) != NULL) ck_stack_push_upmc(&d->orphans, e);
    ck_hp_unregister(r); /* drops the (now empty) pending list, marks the record free */
}

/* No operation runs: every hazard left in a record is stale. */
static void hp_domain_destroy(struct hp_domain *d) {
    ck_stack_entry_t *cursor, *next, *e;
    CK_STACK_FOREACH(&d->hp.subscribers, cursor) ck_hp_clear(hp_record_of(cursor));
    /* Every record's pending nodes, before any record is freed (a reclaim
     * reads every record's slots): with no hazard left, one pass each. */
    CK_STACK_FOREACH(&d->hp.subscribers, cursor) ck_hp_purge(hp_record_of(cursor));
    for (cursor = CK_STACK_FIRST(&d->hp.subscribers); cursor != NULL; cursor = next) {
        next = CK_STACK_NEXT(cursor);
        free(hp_record_of(cursor)); /* its hp_thread */
    }
    while ((e = ck_stack_pop_npsc(&d->orphans)) != NULL) free_node(hp_hazard_of(e)->data);
}

/* ------------------------------------------------------------ ck_hp_fifo */

struct synclab_ck_hp_fifo {
    ck_hp_fifo_t fifo; /* head and tail, on one line as CK lays them out */
    _Alignas(CK_MD_CACHELINE) struct hp_domain domain;
};

void *synclab_ck_hp_fifo_create(void) {
    struct synclab_ck_hp_fifo *q = alloc_lines(sizeof *q);
    ck_hp_fifo_entry_t *stub = alloc_node(_Alignof(ck_hp_fifo_entry_t), sizeof *stub);
    ck_hp_fifo_init(&q->fifo, stub);
    hp_domain_init(&q->domain, CK_HP_FIFO_SLOTS_COUNT);
    return q;
}

void synclab_ck_hp_fifo_destroy(void *handle) {
    struct synclab_ck_hp_fifo *q = handle;
    ck_hp_fifo_entry_t *n, *next;
    ck_hp_fifo_deinit(&q->fifo, &n); /* the stub, then the items */
    for (; n != NULL; n = next) {
        next = n->next;
        free(n);
    }
    hp_domain_destroy(&q->domain);
    free(q);
}

void *synclab_ck_hp_fifo_register(void *handle) {
    return hp_register(&((struct synclab_ck_hp_fifo *)handle)->domain);
}

void synclab_ck_hp_fifo_unregister(void *handle, void *record) {
    hp_unregister(&((struct synclab_ck_hp_fifo *)handle)->domain, record);
}

void synclab_ck_hp_fifo_push(void *handle, void *record, uint64_t v) {
    struct synclab_ck_hp_fifo *q = handle;
    ck_hp_fifo_entry_t *n = alloc_node(_Alignof(ck_hp_fifo_entry_t), sizeof *n);
    ck_hp_fifo_enqueue_mpmc(record, &q->fifo, n, (void *)(uintptr_t)v);
}

bool synclab_ck_hp_fifo_pop(void *handle, void *record, uint64_t *v) {
    struct synclab_ck_hp_fifo *q = handle;
    void *value;
    /* The old stub comes back; the value is its successor's (the new stub,
     * which hazard slot 1 protects while it is read). */
    ck_hp_fifo_entry_t *old = ck_hp_fifo_dequeue_mpmc(record, &q->fifo, &value);
    if (old == NULL) return false;
    *v = (uint64_t)(uintptr_t)value;
    ck_hp_free(record, &old->hazard, old, old);
    return true;
}

/* ----------------------------------------------------------- ck_hp_stack */

struct stack_node {
    uint64_t value;
    ck_hp_hazard_t hazard;
    ck_stack_entry_t entry;
};

CK_STACK_CONTAINER(struct stack_node, entry, stack_node_of)

struct synclab_ck_hp_stack {
    ck_stack_t stack;
    _Alignas(CK_MD_CACHELINE) struct hp_domain domain;
};

void *synclab_ck_hp_stack_create(void) {
    struct synclab_ck_hp_stack *s = alloc_lines(sizeof *s);
    ck_stack_init(&s->stack);
    hp_domain_init(&s->domain, CK_HP_STACK_SLOTS_COUNT);
    return s;
}

void synclab_ck_hp_stack_destroy(void *handle) {
    struct synclab_ck_hp_stack *s = handle;
    ck_stack_entry_t *e, *next;
    for (e = CK_STACK_FIRST(&s->stack); e != NULL; e = next) {
        next = CK_STACK_NEXT(e);
        free(stack_node_of(e));
    }
    hp_domain_destroy(&s->domain);
    free(s);
}

void *synclab_ck_hp_stack_register(void *handle) {
    return hp_register(&((struct synclab_ck_hp_stack *)handle)->domain);
}

void synclab_ck_hp_stack_unregister(void *handle, void *record) {
    hp_unregister(&((struct synclab_ck_hp_stack *)handle)->domain, record);
}

void synclab_ck_hp_stack_push(void *handle, void *record, uint64_t v) {
    struct synclab_ck_hp_stack *s = handle;
    (void)record; /* a push reads no node: no hazard */
    struct stack_node *n = alloc_node(_Alignof(struct stack_node), sizeof *n);
    n->value = v;
    ck_hp_stack_push_mpmc(&s->stack, &n->entry);
}

bool synclab_ck_hp_stack_pop(void *handle, void *record, uint64_t *v) {
    struct synclab_ck_hp_stack *s = handle;
    ck_stack_entry_t *e = ck_hp_stack_pop_mpmc(record, &s->stack);
    if (e == NULL) return false;
    struct stack_node *n = stack_node_of(e);
    *v = n->value; /* still covered by this thread's hazard */
    /* The hazard holds the entry's address, not the node's: that is the
     * address ck_hp_reclaim must compare (ck_hp_free's last argument). */
    ck_hp_free(record, &n->hazard, n, e);
    return true;
}

/* ---------------------------------------------------- ck_fifo_mpmc, ck_epoch */

struct epoch_thread {
    ck_epoch_record_t record; /* first: a recycled record is its epoch_thread */
    unsigned retired;         /* ck_epoch_calls since the last poll (owner only) */
};

struct epoch_node {
    ck_fifo_mpmc_entry_t entry; /* 16-byte aligned: its links are CAS'd two words at once */
    ck_epoch_entry_t retire;
};

CK_EPOCH_CONTAINER(struct epoch_node, retire, epoch_node_of_retire)
CK_STACK_CONTAINER(struct ck_epoch_record, record_next, epoch_record_of)

static struct epoch_node *epoch_node_of(ck_fifo_mpmc_entry_t *e) {
    return (struct epoch_node *)(void *)((char *)e - offsetof(struct epoch_node, entry));
}

static struct epoch_node *new_epoch_node(void) {
    return alloc_node(_Alignof(struct epoch_node), sizeof(struct epoch_node));
}

static void free_epoch_node(ck_epoch_entry_t *e) { free(epoch_node_of_retire(e)); }

struct synclab_ck_epoch_fifo {
    ck_fifo_mpmc_t fifo; /* head and tail a line apart (CK's padding) */
    _Alignas(CK_MD_CACHELINE) ck_epoch_t epoch;
};

void *synclab_ck_epoch_fifo_create(void) {
    struct synclab_ck_epoch_fifo *q = alloc_lines(sizeof *q);
    ck_fifo_mpmc_init(&q->fifo, &new_epoch_node()->entry);
    ck_epoch_init(&q->epoch);
    return q;
}

void synclab_ck_epoch_fifo_destroy(void *handle) {
    struct synclab_ck_epoch_fifo *q = handle;
    ck_fifo_mpmc_entry_t *e, *next;
    ck_stack_entry_t *cursor, *rnext;
    ck_fifo_mpmc_deinit(&q->fifo, &e); /* the stub, then the items */
    for (; e != NULL; e = next) {
        next = e->next.pointer;
        free(epoch_node_of(e));
    }
    /* No operation runs: every deferred free may run now. */
    for (cursor = CK_STACK_FIRST(&q->epoch.records); cursor != NULL; cursor = rnext) {
        rnext = CK_STACK_NEXT(cursor);
        ck_epoch_record_t *r = epoch_record_of(cursor);
        ck_epoch_reclaim(r);
        free(r); /* its epoch_thread */
    }
    free(q);
}

void *synclab_ck_epoch_fifo_register(void *handle) {
    struct synclab_ck_epoch_fifo *q = handle;
    ck_epoch_record_t *r = ck_epoch_recycle(&q->epoch, NULL);
    struct epoch_thread *t;
    if (r != NULL) {
        t = (struct epoch_thread *)(void *)r;
    } else {
        t = alloc_lines(sizeof *t);
        ck_epoch_register(&q->epoch, &t->record, NULL);
    }
    t->retired = 0;
    return t;
}

void synclab_ck_epoch_fifo_unregister(void *handle, void *record) {
    struct epoch_thread *t = record;
    (void)handle;
    ck_epoch_barrier(&t->record); /* a grace period, then every pending free of this record */
    ck_epoch_unregister(&t->record);
}

void synclab_ck_epoch_fifo_push(void *handle, void *record, uint64_t v) {
    struct synclab_ck_epoch_fifo *q = handle;
    struct epoch_thread *t = record;
    struct epoch_node *n = new_epoch_node();
    ck_epoch_begin(&t->record, NULL);
    ck_fifo_mpmc_enqueue(&q->fifo, &n->entry, (void *)(uintptr_t)v);
    ck_epoch_end(&t->record, NULL);
}

bool synclab_ck_epoch_fifo_pop(void *handle, void *record, uint64_t *v) {
    struct synclab_ck_epoch_fifo *q = handle;
    struct epoch_thread *t = record;
    ck_fifo_mpmc_entry_t *garbage;
    void *value;
    ck_epoch_begin(&t->record, NULL);
    const bool got = ck_fifo_mpmc_dequeue(&q->fifo, &value, &garbage);
    if (got) ck_epoch_call(&t->record, &epoch_node_of(garbage)->retire, free_epoch_node);
    ck_epoch_end(&t->record, NULL);
    if (!got) return false;
    *v = (uint64_t)(uintptr_t)value;
    if (++t->retired >= SYNCLAB_CK_EPOCH_BATCH) {
        t->retired = 0;
        ck_epoch_poll(&t->record);
    }
    return true;
}
