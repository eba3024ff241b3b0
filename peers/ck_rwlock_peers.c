// Concurrency Kit's reader-writer locks behind a C interface (see
// ck_rwlock_peers.h).
#include "ck_rwlock_peers.h"

#include <ck_brlock.h>
#include <ck_pflock.h>
#include <ck_rwlock.h>
#include <ck_tflock.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

// Each lock on its own cache line, as the C++ adapters place theirs.
static void* line_alloc(size_t size) {
    void* p = aligned_alloc(64, (size + 63) / 64 * 64);
    if (p == NULL) abort();
    return p;
}

struct synclab_ck_rwlock {
    _Alignas(64) ck_rwlock_t lock;
};

struct synclab_ck_rwlock* synclab_ck_rwlock_new(void) {
    struct synclab_ck_rwlock* l = line_alloc(sizeof *l);
    ck_rwlock_init(&l->lock);
    return l;
}

void synclab_ck_rwlock_delete(struct synclab_ck_rwlock* l) { free(l); }
void synclab_ck_rwlock_lock(struct synclab_ck_rwlock* l) { ck_rwlock_write_lock(&l->lock); }
void synclab_ck_rwlock_unlock(struct synclab_ck_rwlock* l) { ck_rwlock_write_unlock(&l->lock); }
void synclab_ck_rwlock_lock_shared(struct synclab_ck_rwlock* l) { ck_rwlock_read_lock(&l->lock); }
void synclab_ck_rwlock_unlock_shared(struct synclab_ck_rwlock* l) { ck_rwlock_read_unlock(&l->lock); }

// CK's layout: the four words of PF-T on one line (ours pads each).
struct synclab_ck_pflock {
    _Alignas(64) ck_pflock_t lock;
};

struct synclab_ck_pflock* synclab_ck_pflock_new(void) {
    struct synclab_ck_pflock* l = line_alloc(sizeof *l);
    ck_pflock_init(&l->lock);
    return l;
}

void synclab_ck_pflock_delete(struct synclab_ck_pflock* l) { free(l); }
void synclab_ck_pflock_lock(struct synclab_ck_pflock* l) { ck_pflock_write_lock(&l->lock); }
void synclab_ck_pflock_unlock(struct synclab_ck_pflock* l) { ck_pflock_write_unlock(&l->lock); }
void synclab_ck_pflock_lock_shared(struct synclab_ck_pflock* l) { ck_pflock_read_lock(&l->lock); }
void synclab_ck_pflock_unlock_shared(struct synclab_ck_pflock* l) { ck_pflock_read_unlock(&l->lock); }

struct synclab_ck_tflock {
    _Alignas(64) ck_tflock_ticket_t lock;
};

struct synclab_ck_tflock* synclab_ck_tflock_new(void) {
    struct synclab_ck_tflock* l = line_alloc(sizeof *l);
    ck_tflock_ticket_init(&l->lock);
    return l;
}

void synclab_ck_tflock_delete(struct synclab_ck_tflock* l) { free(l); }
void synclab_ck_tflock_lock(struct synclab_ck_tflock* l) { ck_tflock_ticket_write_lock(&l->lock); }
void synclab_ck_tflock_unlock(struct synclab_ck_tflock* l) { ck_tflock_ticket_write_unlock(&l->lock); }
void synclab_ck_tflock_lock_shared(struct synclab_ck_tflock* l) { ck_tflock_ticket_read_lock(&l->lock); }
void synclab_ck_tflock_unlock_shared(struct synclab_ck_tflock* l) { ck_tflock_ticket_read_unlock(&l->lock); }

// ck_brlock and its per-thread readers.
//
// A registration (struct brlock_slot) is one thread's ck_brlock_reader on one
// lock, on a line of its own (128 bytes: the adjacent-line prefetcher pairs
// lines, and the point of the lock is that readers do not share one). It is
// on two lists: the lock's (CK's own list of registered readers, which CK
// changes under the lock's write lock) and its thread's (`me->slots`). The
// thread frees its slots, at its exit (a pthread key's destructor) or when it
// next registers and finds slots whose lock is gone.
//
// Thread exit against lock deletion: `registrations` (a mutex taken only when
// a thread registers, exits or deletes a lock, never on a lock or unlock)
// guards every slot's `lock` and each lock's `unregistering`. An exiting
// thread pins the lock (unregistering + 1) under the mutex, unregisters with
// CK outside it (that takes the write lock, which waits for readers: under
// the mutex it could wait for a reader that waits for the mutex), then unpins
// it. Deleting a lock waits until nobody has it pinned, then, under the
// mutex, detaches every slot still registered (lock = NULL: its thread will
// only free it). CK calls are never made under the mutex.
struct brlock_slot {
    _Alignas(128) ck_brlock_reader_t reader;  // first: CK's list links readers, a slot is its reader
    struct synclab_ck_brlock* lock;           // NULL once the lock is deleted; under `registrations`
    struct brlock_slot* thread_next;          // its thread's slots; the thread's own
};

struct synclab_ck_brlock {
    _Alignas(64) ck_brlock_t lock;
    unsigned long long generation;  // unique per lock ever made: a thread's cache names the lock by it
    unsigned unregistering;         // exiting threads unregistering from it now; under `registrations`
};

struct brlock_thread {
    struct brlock_slot* slots;
};

static pthread_mutex_t registrations = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t unregistered = PTHREAD_COND_INITIALIZER;
static unsigned long long generations;  // under `registrations`
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;  // its value: the thread's brlock_thread, for the destructor

// The last lock this thread read, and its reader (a lock and unlock of one
// lock hit it, so registration costs nothing on the way). The generation
// tells a deleted lock from a new one at the same address.
static _Thread_local struct {
    const struct synclab_ck_brlock* lock;
    unsigned long long generation;
    struct brlock_slot* slot;
} last;
static _Thread_local struct brlock_thread* me;

static void thread_exits(void* value) {
    struct brlock_thread* t = value;
    struct brlock_slot* s = t->slots;
    while (s != NULL) {
        struct brlock_slot* next = s->thread_next;
        pthread_mutex_lock(&registrations);
        struct synclab_ck_brlock* l = s->lock;
        if (l != NULL) ++l->unregistering;
        pthread_mutex_unlock(&registrations);
        if (l != NULL) {
            ck_brlock_read_unregister(&l->lock, &s->reader);
            pthread_mutex_lock(&registrations);
            if (--l->unregistering == 0) pthread_cond_broadcast(&unregistered);
            pthread_mutex_unlock(&registrations);
        }
        free(s);
        s = next;
    }
    free(t);
    me = NULL;
    last.lock = NULL;
}

static void make_exit_key(void) {
    if (pthread_key_create(&exit_key, thread_exits) != 0) abort();
}

// This thread's slot on l: found among its slots, or registered now. Frees the
// slots of deleted locks on the way.
static struct brlock_slot* register_reader(struct synclab_ck_brlock* l) {
    if (me == NULL) {
        pthread_once(&exit_key_once, make_exit_key);
        me = malloc(sizeof *me);
        if (me == NULL) abort();
        me->slots = NULL;
        if (pthread_setspecific(exit_key, me) != 0) abort();
    }
    struct brlock_slot* found = NULL;
    pthread_mutex_lock(&registrations);
    for (struct brlock_slot** link = &me->slots; *link != NULL;) {
        struct brlock_slot* s = *link;
        if (s->lock == NULL) {
            *link = s->thread_next;
            free(s);
            continue;
        }
        if (s->lock == l) found = s;
        link = &s->thread_next;
    }
    pthread_mutex_unlock(&registrations);
    if (found == NULL) {
        found = aligned_alloc(128, sizeof *found);
        if (found == NULL) abort();
        found->lock = l;  // not yet seen by any other thread: l cannot be deleted while this thread uses it
        ck_brlock_read_register(&l->lock, &found->reader);
        found->thread_next = me->slots;
        me->slots = found;
    }
    last.lock = l;
    last.generation = l->generation;
    last.slot = found;
    return found;
}

static struct brlock_slot* slot_of(struct synclab_ck_brlock* l) {
    if (last.lock == l && last.generation == l->generation) return last.slot;
    return register_reader(l);
}

struct synclab_ck_brlock* synclab_ck_brlock_new(void) {
    struct synclab_ck_brlock* l = line_alloc(sizeof *l);
    ck_brlock_init(&l->lock);
    l->unregistering = 0;
    pthread_mutex_lock(&registrations);
    l->generation = ++generations;
    pthread_mutex_unlock(&registrations);
    return l;
}

void synclab_ck_brlock_delete(struct synclab_ck_brlock* l) {
    pthread_mutex_lock(&registrations);
    while (l->unregistering != 0) pthread_cond_wait(&unregistered, &registrations);
    // CK's list is stable now: nobody uses the lock, and no exiting thread
    // can start unregistering from it without seeing its slot detached.
    for (ck_brlock_reader_t* r = l->lock.readers; r != NULL; r = r->next) ((struct brlock_slot*)r)->lock = NULL;
    pthread_mutex_unlock(&registrations);
    free(l);
}

void synclab_ck_brlock_lock(struct synclab_ck_brlock* l) { ck_brlock_write_lock(&l->lock); }
void synclab_ck_brlock_unlock(struct synclab_ck_brlock* l) { ck_brlock_write_unlock(&l->lock); }
void synclab_ck_brlock_lock_shared(struct synclab_ck_brlock* l) { ck_brlock_read_lock(&l->lock, &slot_of(l)->reader); }
void synclab_ck_brlock_unlock_shared(struct synclab_ck_brlock* l) { ck_brlock_read_unlock(&slot_of(l)->reader); }
