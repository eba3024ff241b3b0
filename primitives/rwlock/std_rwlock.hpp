// rwlock.std: std::shared_mutex behind the same interface, the baseline the
// others are held against.
//
// Protocol: libstdc++ maps std::shared_mutex onto glibc's pthread_rwlock_t
// with its default kind, PTHREAD_RWLOCK_PREFER_READER_NP: a reader enters
// while other readers are inside even when a writer waits, so writers can
// starve. Under Relacy it is Relacy's reader-writer mutex model
// (platform/relacy_mirrors.hpp), which also reports an unlock by a non-owner.
//
// What it lacks: writer starvation freedom (reader preference), FIFO order.
#pragma once

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class std_rwlock {
public:
    std_rwlock() = default;
    std_rwlock(const std_rwlock&) = delete;
    std_rwlock& operator=(const std_rwlock&) = delete;

    void lock() { m_.lock(); }
    bool try_lock() { return m_.try_lock(); }
    void unlock() { m_.unlock(); }
    void lock_shared() { m_.lock_shared(); }
    bool try_lock_shared() { return m_.try_lock_shared(); }
    void unlock_shared() { m_.unlock_shared(); }

private:
    typename P::shared_mutex m_;
};

}  // namespace synclab
