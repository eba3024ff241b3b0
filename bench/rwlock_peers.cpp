// The reader-writer locks people use today, behind the entry shape of
// rwlock_scenarios.hpp:
//   peer.pthread_rwlock            pthread_rwlock_t, default kind (glibc: readers preferred)
//   peer.pthread_rwlock_writer     PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP (writers preferred)
//   peer.std_shared_mutex          std::shared_mutex as a user declares it (rwlock.std is the
//                                  same type through the platform seam)
//   peer.absl_mutex_rw             absl::Mutex's ReaderLock / WriterLock (deadlock detection off)
//   peer.tbb_spin_rw_mutex         tbb::spin_rw_mutex (spinning, writers preferred)
//   peer.tbb_queuing_rw_mutex      tbb::queuing_rw_mutex (a fair queue lock; scoped locks only)
//   peer.tbb_rw_mutex              oneTBB's tbb::rw_mutex (sleeps)
//   peer.ck_rwlock                 Concurrency Kit's ck_rwlock (spinning; a writer's flag holds new readers back)
//   peer.ck_pflock                 ck_pflock (phase-fair, Brandenburg and Anderson's PF-T, as rwlock.phase_fair)
//   peer.ck_tflock                 ck_tflock_ticket (task-fair: one ticket word, arrival order)
//   peer.ck_brlock                 ck_brlock (big-reader: a counter per registered reader, the writer drains
//                                  them all; readers register per thread and lock, peers/ck_rwlock_peers.c)
// Concurrency Kit's locks come through the C wrapper peers/ck_rwlock_peers.c,
// one out-of-line call per operation (as peer.ck_ticket; bench/README.md).
#include "rwlock_scenarios.hpp"

#include <absl/synchronization/mutex.h>
#include <oneapi/tbb/queuing_rw_mutex.h>
#include <oneapi/tbb/rw_mutex.h>
#include <oneapi/tbb/spin_rw_mutex.h>
#include <pthread.h>

#include <memory>
#include <shared_mutex>

#include "peers/ck_rwlock_peers.h"

namespace synclab::bench {
namespace {

template <int Kind>
struct pthread_rwlock {
    pthread_rwlock() {
        pthread_rwlockattr_t attr;
        pthread_rwlockattr_init(&attr);
        pthread_rwlockattr_setkind_np(&attr, Kind);
        pthread_rwlock_init(&l, &attr);
        pthread_rwlockattr_destroy(&attr);
    }
    ~pthread_rwlock() { pthread_rwlock_destroy(&l); }
    void lock() { pthread_rwlock_wrlock(&l); }
    void unlock() { pthread_rwlock_unlock(&l); }
    void lock_shared() { pthread_rwlock_rdlock(&l); }
    void unlock_shared() { pthread_rwlock_unlock(&l); }
    pthread_rwlock_t l;
};

// Deadlock detection off (process-global, as peer.absl_mutex_nodetect sets it):
// production builds run it so.
struct absl_rw {
    absl_rw() { absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore); }
    void lock() { m.WriterLock(); }
    void unlock() { m.WriterUnlock(); }
    void lock_shared() { m.ReaderLock(); }
    void unlock_shared() { m.ReaderUnlock(); }
    absl::Mutex m;
};

template <class M>
struct tbb_rw {
    void lock() { m.lock(); }
    void unlock() { m.unlock(); }
    void lock_shared() { m.lock_shared(); }
    void unlock_shared() { m.unlock_shared(); }
    M m;
};

// queuing_rw_mutex takes a node per acquisition: its scoped_lock, kept per
// thread here (one lock held at a time per thread in every scenario).
struct tbb_queuing_rw {
    void lock() { held().acquire(m, true); }
    void unlock() { held().release(); }
    void lock_shared() { held().acquire(m, false); }
    void unlock_shared() { held().release(); }
    static oneapi::tbb::queuing_rw_mutex::scoped_lock& held() {
        thread_local oneapi::tbb::queuing_rw_mutex::scoped_lock node;
        return node;
    }
    oneapi::tbb::queuing_rw_mutex m;
};

// Concurrency Kit through its C wrappers: New, Delete and the four operations.
template <class L, L* (*New)(), void (*Delete)(L*), void (*Lock)(L*), void (*Unlock)(L*), void (*LockShared)(L*),
          void (*UnlockShared)(L*)>
struct ck_rw {
    ck_rw() = default;
    ck_rw(const ck_rw&) = delete;
    ck_rw& operator=(const ck_rw&) = delete;
    ~ck_rw() { Delete(l); }
    void lock() { Lock(l); }
    void unlock() { Unlock(l); }
    void lock_shared() { LockShared(l); }
    void unlock_shared() { UnlockShared(l); }
    L* l = New();
};

using ck_rwlock = ck_rw<synclab_ck_rwlock, synclab_ck_rwlock_new, synclab_ck_rwlock_delete, synclab_ck_rwlock_lock,
                        synclab_ck_rwlock_unlock, synclab_ck_rwlock_lock_shared, synclab_ck_rwlock_unlock_shared>;
using ck_pflock = ck_rw<synclab_ck_pflock, synclab_ck_pflock_new, synclab_ck_pflock_delete, synclab_ck_pflock_lock,
                        synclab_ck_pflock_unlock, synclab_ck_pflock_lock_shared, synclab_ck_pflock_unlock_shared>;
using ck_tflock = ck_rw<synclab_ck_tflock, synclab_ck_tflock_new, synclab_ck_tflock_delete, synclab_ck_tflock_lock,
                        synclab_ck_tflock_unlock, synclab_ck_tflock_lock_shared, synclab_ck_tflock_unlock_shared>;
// Each thread's reader is registered on its first read of the lock and
// unregistered at its exit or the lock's deletion (peers/ck_rwlock_peers.c).
using ck_brlock = ck_rw<synclab_ck_brlock, synclab_ck_brlock_new, synclab_ck_brlock_delete, synclab_ck_brlock_lock,
                        synclab_ck_brlock_unlock, synclab_ck_brlock_lock_shared, synclab_ck_brlock_unlock_shared>;

}  // namespace

std::vector<rwlock_entry> peer_rwlocks() {
    return {
        make_rwlock_entry<pthread_rwlock<PTHREAD_RWLOCK_PREFER_READER_NP>>("peer.pthread_rwlock"),
        make_rwlock_entry<pthread_rwlock<PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP>>("peer.pthread_rwlock_writer"),
        make_rwlock_entry<std::shared_mutex>("peer.std_shared_mutex"),
        make_rwlock_entry<absl_rw>("peer.absl_mutex_rw"),
        make_rwlock_entry<tbb_rw<oneapi::tbb::spin_rw_mutex>>("peer.tbb_spin_rw_mutex"),
        make_rwlock_entry<tbb_queuing_rw>("peer.tbb_queuing_rw_mutex"),
        make_rwlock_entry<tbb_rw<oneapi::tbb::rw_mutex>>("peer.tbb_rw_mutex"),
        make_rwlock_entry<ck_rwlock>("peer.ck_rwlock"),
        make_rwlock_entry<ck_pflock>("peer.ck_pflock"),
        make_rwlock_entry<ck_tflock>("peer.ck_tflock"),
        make_rwlock_entry<ck_brlock>("peer.ck_brlock"),
    };
}

}  // namespace synclab::bench
