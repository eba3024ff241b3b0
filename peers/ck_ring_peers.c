/* Concurrency Kit's ck_ring as queue peers, behind extern "C" functions
 * (its headers are not valid C++: they convert void* implicitly, and g++ 12's
 * -fpermissive pragmas do not help). A ring of `size` slots (a
 * power of two) holds size - 1 items; the items are 64-bit values stored as
 * the ring's void* entries. One call per operation, not inlined into the
 * benchmark (as the ck spin lock peers). */
#include "ck_ring_peers.h"

#include <ck_ring.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

struct synclab_ck_ring {
    ck_ring_t ring;
    ck_ring_buffer_t *buffer;
};

void *synclab_ck_ring_create(unsigned size) {
    const size_t bytes = (sizeof(struct synclab_ck_ring) + CK_MD_CACHELINE - 1) / CK_MD_CACHELINE * CK_MD_CACHELINE;
    struct synclab_ck_ring *r = aligned_alloc(CK_MD_CACHELINE, bytes);
    if (r == NULL) return NULL;
    r->buffer = calloc(size, sizeof(ck_ring_buffer_t));
    ck_ring_init(&r->ring, size);
    return r;
}

void synclab_ck_ring_destroy(void *handle) {
    struct synclab_ck_ring *r = handle;
    free(r->buffer);
    free(r);
}

bool synclab_ck_ring_push_spsc(void *handle, uint64_t v) {
    struct synclab_ck_ring *r = handle;
    return ck_ring_enqueue_spsc(&r->ring, r->buffer, (const void *)(uintptr_t)v);
}

bool synclab_ck_ring_pop_spsc(void *handle, uint64_t *v) {
    struct synclab_ck_ring *r = handle;
    void *p;
    if (!ck_ring_dequeue_spsc(&r->ring, r->buffer, &p)) return false;
    *v = (uint64_t)(uintptr_t)p;
    return true;
}

bool synclab_ck_ring_push_mpmc(void *handle, uint64_t v) {
    struct synclab_ck_ring *r = handle;
    return ck_ring_enqueue_mpmc(&r->ring, r->buffer, (const void *)(uintptr_t)v);
}

bool synclab_ck_ring_pop_mpmc(void *handle, uint64_t *v) {
    struct synclab_ck_ring *r = handle;
    void *p;
    if (!ck_ring_dequeue_mpmc(&r->ring, r->buffer, &p)) return false;
    *v = (uint64_t)(uintptr_t)p;
    return true;
}
