// Semaphore peers from libstdc++, glibc and moodycamel, adapted to the
// registry's semaphore interface (explicit S(initial), max(), acquire,
// try_acquire, release(n)) so the scenarios are written once.
#include "semaphore_scenarios.hpp"

#include <semaphore.h>

#include <cerrno>
#include <cstddef>
#include <limits>
#include <semaphore>

// moodycamel: concurrentqueue.h first, lightweightsemaphore.h needs its macros.
#include <concurrentqueue/concurrentqueue.h>
#include <concurrentqueue/lightweightsemaphore.h>

namespace synclab::bench {
namespace {

// std::counting_semaphore<> as people write it (libstdc++ 12: one futex word,
// a wake syscall on every release; semaphore.std is the same behind the seam).
struct std_counting_semaphore {
    static constexpr std::ptrdiff_t max() noexcept { return std::counting_semaphore<>::max(); }
    explicit std_counting_semaphore(std::ptrdiff_t initial) : s(initial) {}
    void acquire() { s.acquire(); }
    bool try_acquire() noexcept { return s.try_acquire(); }
    void release(std::ptrdiff_t n = 1) { s.release(n); }
    std::counting_semaphore<> s;
};

// POSIX sem_t (glibc: a 64-bit word with a waiter count; sem_post makes a
// syscall only when someone waits). release(n) posts n times.
struct posix_semaphore {
    static constexpr std::ptrdiff_t max() noexcept { return SEM_VALUE_MAX; }
    explicit posix_semaphore(std::ptrdiff_t initial) { sem_init(&s, 0, static_cast<unsigned>(initial)); }
    ~posix_semaphore() { sem_destroy(&s); }
    posix_semaphore(const posix_semaphore&) = delete;
    posix_semaphore& operator=(const posix_semaphore&) = delete;
    void acquire() {
        while (sem_wait(&s) != 0 && errno == EINTR) {
        }
    }
    bool try_acquire() noexcept { return sem_trywait(&s) == 0; }
    void release(std::ptrdiff_t n = 1) {
        for (std::ptrdiff_t i = 0; i < n; ++i) sem_post(&s);
    }
    sem_t s;
};

// moodycamel::LightweightSemaphore at its default spin (10000 tries of the
// count before it sleeps on its own sema, a sem_t on Linux).
struct moodycamel_semaphore {
    using impl = moodycamel::LightweightSemaphore;
    static constexpr std::ptrdiff_t max() noexcept { return std::numeric_limits<impl::ssize_t>::max(); }
    explicit moodycamel_semaphore(std::ptrdiff_t initial) : s(static_cast<impl::ssize_t>(initial)) {}
    void acquire() { s.wait(); }
    bool try_acquire() noexcept { return s.tryWait(); }
    void release(std::ptrdiff_t n = 1) { s.signal(static_cast<impl::ssize_t>(n)); }
    impl s;
};

futex_seam unobservable() { return futex_seam::unobservable; }

}  // namespace

std::vector<sync_entry> peer_semaphores() {
    return {
        make_semaphore_entry<std_counting_semaphore>("peer.std_counting_semaphore", &unobservable),
        make_semaphore_entry<posix_semaphore>("peer.sem_t", &unobservable),
        make_semaphore_entry<moodycamel_semaphore>("peer.moodycamel_sem", &unobservable),
    };
}

}  // namespace synclab::bench
