// C wrappers around Concurrency Kit's ticket and MCS spin locks. CK's headers
// are not valid C++ (implicit void* conversions), so they are compiled in
// ck_peers.c and reached through these extern "C" functions. The lock state is
// opaque and heap-allocated; each call is one direct function call (no LTO), a
// cost of ~1 ns that our header-only locks do not pay: see bench/README.md.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

struct synclab_ck_ticket;
struct synclab_ck_ticket* synclab_ck_ticket_new(void);
void synclab_ck_ticket_delete(struct synclab_ck_ticket* lock);
void synclab_ck_ticket_lock(struct synclab_ck_ticket* lock);
void synclab_ck_ticket_unlock(struct synclab_ck_ticket* lock);

// MCS needs a queue node per acquisition that lives until the matching unlock.
// The wrapper keeps a small per-thread stack of nodes: lock() takes the next
// node, unlock() gives back the top one. So a thread may hold several ck_mcs
// locks as long as it releases them in reverse order (what std::lock_guard
// does); at most SYNCLAB_CK_MCS_DEPTH at once (lock() aborts beyond that).
#define SYNCLAB_CK_MCS_DEPTH 8
struct synclab_ck_mcs;
struct synclab_ck_mcs* synclab_ck_mcs_new(void);
void synclab_ck_mcs_delete(struct synclab_ck_mcs* lock);
void synclab_ck_mcs_lock(struct synclab_ck_mcs* lock);
void synclab_ck_mcs_unlock(struct synclab_ck_mcs* lock);

#ifdef __cplusplus
}
#endif
