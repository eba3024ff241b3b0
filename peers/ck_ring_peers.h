// C wrappers around Concurrency Kit's ck_ring (peers/ck_ring_peers.c): CK's
// headers are not valid C++, so the ring is reached through these extern "C"
// functions, by the benchmark peers and by the linearizability properties.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void* synclab_ck_ring_create(unsigned size);
void synclab_ck_ring_destroy(void* handle);
bool synclab_ck_ring_push_spsc(void* handle, uint64_t v);
bool synclab_ck_ring_pop_spsc(void* handle, uint64_t* v);
bool synclab_ck_ring_push_mpmc(void* handle, uint64_t v);
bool synclab_ck_ring_pop_mpmc(void* handle, uint64_t* v);

#ifdef __cplusplus
}
#endif
