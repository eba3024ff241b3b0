// Peers from glibc, libstdc++ and abseil, adapted to Lockable; the floor of
// the uncontended scenario; and the minimal Drepper mutex that the retired
// 2.0x-std::mutex target was measured from.
#include "mutex_scenarios.hpp"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
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

// Not a lock to use: the least a lock costs here when its unlock must learn,
// in the same instruction that releases it, whether anyone sleeps (Drepper's
// futex mutex, glibc's, Rust std's): one locked compare-and-swap to take the
// word and one locked exchange to give it back, nothing else. A lock that
// never sleeps can unlock with a plain store (mutex.tas: one locked
// instruction). The uncontended figures are read against it: a sleeping
// mutex cannot beat it, so a target below it is a target below the hardware.
struct two_rmw_floor {
    std::atomic<int> word{0};
    void lock() {
        int expected = 0;
        // acquire: pairs with the release exchange in unlock().
        while (!word.compare_exchange_weak(expected, 1, std::memory_order_acquire, std::memory_order_relaxed)) {
            expected = 0;
        }
    }
    // release: pairs with the acquire CAS in lock().
    void unlock() { word.exchange(0, std::memory_order_release); }
};

// Not a lock to use either: the "minimal 30-line Drepper futex mutex" of the
// throwaway benchmark the contended 2.0x-std::mutex target was set from (97 M/s against
// std::mutex's 40 M/s at 8 threads), rebuilt here so that every run measures
// that premise beside mutex.futex: Drepper's mutex 3 ("Futexes Are Tricky")
// with no spin and no fault sites, the raw syscall, nothing else. States 0
// unlocked, 1 locked, 2 locked with possible sleepers.
struct drepper_minimal {
    std::atomic<int> word{0};
    static void futex(std::atomic<int>& w, int op, int val) {
        syscall(SYS_futex, reinterpret_cast<int*>(&w), op, val, nullptr, nullptr, 0);
    }
    void lock() {
        int c = 0;
        // acquire (all three): pairs with the release fetch_sub/store in unlock().
        if (word.compare_exchange_strong(c, 1, std::memory_order_acquire, std::memory_order_relaxed)) return;
        if (c != 2) c = word.exchange(2, std::memory_order_acquire);
        while (c != 0) {
            futex(word, FUTEX_WAIT_PRIVATE, 2);  // sleeps only while the word is 2
            c = word.exchange(2, std::memory_order_acquire);
        }
    }
    void unlock() {
        // release (both): pairs with the acquire CAS/exchange in lock().
        if (word.fetch_sub(1, std::memory_order_release) != 1) {
            word.store(0, std::memory_order_release);
            futex(word, FUTEX_WAKE_PRIVATE, 1);
        }
    }
};

}  // namespace

std::vector<lock_entry> floor_locks() { return {make_entry<two_rmw_floor>("peer.floor_two_rmw")}; }

std::vector<lock_entry> peers_std_absl() {
    return {
        make_entry<std::mutex>("peer.std_mutex"),
        make_entry<pthread_lock>("peer.pthread_mutex"),
        make_entry<absl_lock<absl::OnDeadlockCycle::kAbort>>("peer.absl_mutex"),
        make_entry<absl_lock<absl::OnDeadlockCycle::kIgnore>>("peer.absl_mutex_nodetect"),
        make_entry<drepper_minimal>("peer.drepper_minimal"),
    };
}

}  // namespace synclab::bench
