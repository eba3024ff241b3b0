// What each concept's interface is, as C++20 concepts, so that a class that
// lacks part of it gets one readable message (synclab_add_primitive's
// generated headers assert it) instead of pages of template backtrace from
// the first suite that calls the missing member (the message, spelled for a
// user, is in cmake/synclab_add_primitive.cmake). The interfaces are the
// standard's: std::mutex (Lockable), std::counting_semaphore,
// std::condition_variable_any, std::shared_mutex (SharedLockable). Queues differ by properties (bounded,
// blocking, closable), so their interface is checked where it is used.
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>

namespace synclab {

template <class M>
concept mutex_interface = requires(M& m) {
    m.lock();
    { m.try_lock() } -> std::convertible_to<bool>;
    m.unlock();
};

template <class S>
concept semaphore_interface = std::constructible_from<S, std::ptrdiff_t> && requires(S& s, std::ptrdiff_t n) {
    { S::max() } -> std::convertible_to<std::ptrdiff_t>;
    s.acquire();
    { s.try_acquire() } -> std::convertible_to<bool>;
    { s.try_acquire_for(std::chrono::microseconds(1)) } -> std::convertible_to<bool>;
    { s.try_acquire_until(std::chrono::steady_clock::now()) } -> std::convertible_to<bool>;
    s.release();
    s.release(n);
};

namespace interface_detail {
struct some_lockable {  // any Lockable: the interface is checked, never called
    void lock();
    bool try_lock();
    void unlock();
};
}  // namespace interface_detail

template <class C>
concept condvar_interface = requires(C& c, interface_detail::some_lockable& l) {
    c.notify_one();
    c.notify_all();
    c.wait(l);
    c.wait_for(l, std::chrono::microseconds(1));
    c.wait_until(l, std::chrono::steady_clock::now());
};

template <class R>
concept rwlock_interface = mutex_interface<R> && requires(R& r) {
    r.lock_shared();
    { r.try_lock_shared() } -> std::convertible_to<bool>;
    r.unlock_shared();
};

}  // namespace synclab
