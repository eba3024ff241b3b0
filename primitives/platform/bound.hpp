// The platform seam for a primitive that is a plain class rather than a
// template over the platform P: the same names, under synclab::seam, bound to
// the platform of the binary that compiles the class.
//
// A lock written against std::atomic and the futex system call becomes
// checkable by renaming, with no change to its structure:
//
//   std::atomic<int>                    ->  synclab::seam::atomic<int>
//   std::atomic<int> (a word it sleeps on) -> synclab::seam::futex_word
//   syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, v, ...)  ->  synclab::seam::futex_wait(w, v)
//   syscall(SYS_futex, &w, FUTEX_WAKE_PRIVATE, n, ...)  ->  synclab::seam::futex_wake(w, n)
//   _mm_pause(), an empty wait loop     ->  synclab::seam::spin_pause()
//   sched_yield()                       ->  synclab::seam::yield_thread()
//   std::atomic_thread_fence(mo)        ->  synclab::seam::fence(mo)
//
// and the sizes a model checker must shrink to keep its trees finite, each
// the number the class asks for natively:
//
//   a spin loop's iteration count       ->  synclab::seam::spin_budget(n)   (Relacy: at most 1)
//   per-thread slots (reader indicators) -> synclab::seam::spread_slots(n)  (Relacy: at most 2)
//
// and is registered with CLASS instead of TEMPLATE (synclab_add_primitive).
// Which platform: each of synclab's binaries that compiles the class provides
// the header synclab/bound_platform.hpp, defining synclab::bound_platform:
// Relacy's in the model checker, the native one in the stress run and the
// benchmark, the native one with its waits observed in the property tests.
// Anywhere else (the user's own program) there is no such header, and the
// names are the native platform's: the class compiles to what it was before.
// What a plain class gives up: fault policies (it has no F), so no mutants
// from the same source.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <source_location>

#if __has_include("synclab/bound_platform.hpp")
#include "synclab/bound_platform.hpp"
#else
#include "native.hpp"
namespace synclab {
using bound_platform = platform::native;
}  // namespace synclab
#endif

namespace synclab::seam {

template <class T>
using atomic = typename bound_platform::template atomic<T>;
using futex_word = typename bound_platform::futex_word;
template <class T>
using plain = typename bound_platform::template plain<T>;
using mutex = typename bound_platform::mutex;
using condition_variable = typename bound_platform::condition_variable;

// Relacy's operations take the caller's source location, so that the trace
// names the user's line rather than this file's; the native ones take none.
// (Templates over the platform B only so that the branch B lacks is discarded.)

template <class B = bound_platform>
void spin_pause(std::source_location where = std::source_location::current()) {
    if constexpr (requires { B::spin_pause(1u, where); })
        B::spin_pause(1u, where);
    else
        B::spin_pause(1u);
}

template <class B = bound_platform>
void yield_thread(std::source_location where = std::source_location::current()) {
    if constexpr (requires { B::yield_thread(where); })
        B::yield_thread(where);
    else
        B::yield_thread();
}

template <class B = bound_platform>
void fence(std::memory_order order, std::source_location where = std::source_location::current()) {
    if constexpr (requires { B::fence(order, where); })
        B::fence(order, where);
    else
        B::fence(order);
}

constexpr unsigned spin_budget(unsigned iterations) noexcept { return bound_platform::spin_budget(iterations); }

constexpr std::size_t spread_slots(std::size_t slots) noexcept { return bound_platform::spread_slots(slots); }

template <class B = bound_platform>
void futex_wait(typename B::futex_word& word, int expected,
                std::source_location where = std::source_location::current()) {
    if constexpr (requires { B::futex_wait(word, expected, where); })
        B::futex_wait(word, expected, where);
    else
        B::futex_wait(word, expected);
}

template <class B = bound_platform>
bool futex_wait_until(typename B::futex_word& word, int expected, std::chrono::steady_clock::time_point deadline,
                      std::source_location where = std::source_location::current()) {
    if constexpr (requires { B::futex_wait_until(word, expected, deadline, where); })
        return B::futex_wait_until(word, expected, deadline, where);
    else
        return B::futex_wait_until(word, expected, deadline);
}

template <class B = bound_platform>
int futex_wake(typename B::futex_word& word, int count, std::source_location where = std::source_location::current()) {
    if constexpr (requires { B::futex_wake(word, count, where); })
        return B::futex_wake(word, count, where);
    else
        return B::futex_wake(word, count);
}

}  // namespace synclab::seam
