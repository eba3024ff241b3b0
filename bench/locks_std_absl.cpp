// Peers from glibc, libstdc++ and abseil, adapted to Lockable.
#include "locks.hpp"
#include "scenarios.hpp"

#include <pthread.h>

#include <mutex>

#include <absl/synchronization/mutex.h>

namespace synclab::bench {
namespace {

struct pthread_lock {
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;  // default (normal) type, as std::mutex uses
    void lock() { pthread_mutex_lock(&m); }
    void unlock() { pthread_mutex_unlock(&m); }
    ~pthread_lock() { pthread_mutex_destroy(&m); }
};

// absl::Mutex's deadlock detection mode is process-global, so each adapter sets
// it when a lock is constructed (before its scenario's threads start).
// Debian's abseil is built without NDEBUG: its default mode is kAbort (cycle
// detection on every Lock); kIgnore is how production builds run it.
template <absl::OnDeadlockCycle Mode>
struct absl_lock {
    absl_lock() { absl::SetMutexDeadlockDetectionMode(Mode); }
    absl::Mutex m;
    void lock() { m.Lock(); }
    void unlock() { m.Unlock(); }
};

}  // namespace

std::vector<lock_entry> peers_std_absl() {
    return {
        make_entry<std::mutex>("peer.std_mutex"),
        make_entry<pthread_lock>("peer.pthread_mutex"),
        make_entry<absl_lock<absl::OnDeadlockCycle::kAbort>>("peer.absl_mutex"),
        make_entry<absl_lock<absl::OnDeadlockCycle::kIgnore>>("peer.absl_mutex_nodetect"),
    };
}

}  // namespace synclab::bench
