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
// Concurrency Kit's ck_rwlock, ck_pflock, ck_tflock and ck_brlock come
// through C wrappers in peers/ (not yet here).
#include "rwlock_scenarios.hpp"

#include <absl/synchronization/mutex.h>
#include <oneapi/tbb/queuing_rw_mutex.h>
#include <oneapi/tbb/rw_mutex.h>
#include <oneapi/tbb/spin_rw_mutex.h>
#include <pthread.h>

#include <memory>
#include <shared_mutex>

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
    };
}

}  // namespace synclab::bench
