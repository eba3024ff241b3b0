// Condition-variable peers from libstdc++ and glibc, each with the mutex it is
// used with, adapted to the shape the scenarios take (a Lockable M and a
// condition variable that waits on std::unique_lock<M>).
#include "condvar_scenarios.hpp"

#include <pthread.h>

#include <condition_variable>
#include <mutex>

namespace synclab::bench {
namespace {

struct pthread_lockable {
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;  // default (normal) type
    pthread_lockable() = default;
    pthread_lockable(const pthread_lockable&) = delete;
    pthread_lockable& operator=(const pthread_lockable&) = delete;
    ~pthread_lockable() { pthread_mutex_destroy(&m); }
    void lock() { pthread_mutex_lock(&m); }
    bool try_lock() { return pthread_mutex_trylock(&m) == 0; }
    void unlock() { pthread_mutex_unlock(&m); }
};

// pthread_cond_t with pthread_mutex_t (glibc 2.36: the two-group condvar).
struct pthread_condvar {
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    pthread_condvar() = default;
    pthread_condvar(const pthread_condvar&) = delete;
    pthread_condvar& operator=(const pthread_condvar&) = delete;
    ~pthread_condvar() { pthread_cond_destroy(&c); }
    void wait(std::unique_lock<pthread_lockable>& lock) { pthread_cond_wait(&c, &lock.mutex()->m); }
    template <class Predicate>
    void wait(std::unique_lock<pthread_lockable>& lock, Predicate pred) {
        while (!pred()) wait(lock);
    }
    void notify_one() noexcept { pthread_cond_signal(&c); }
    void notify_all() noexcept { pthread_cond_broadcast(&c); }
};

futex_seam unobservable() { return futex_seam::unobservable; }

}  // namespace

std::vector<sync_entry> peer_condvars() {
    return {
        make_condvar_entry<std::mutex, std::condition_variable>("peer.std_condition_variable", &unobservable),
        make_condvar_entry<std::mutex, std::condition_variable_any>("peer.std_condition_variable_any", &unobservable),
        make_condvar_entry<pthread_lockable, pthread_condvar>("peer.pthread_cond", &unobservable),
    };
}

}  // namespace synclab::bench
