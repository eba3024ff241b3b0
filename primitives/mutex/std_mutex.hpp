// mutex.std: std::mutex behind the same interface, as the baseline every other
// implementation is held against.
//
// Protocol: libstdc++ maps std::mutex onto glibc's pthread_mutex_t (a futex
// mutex of the same three states as mutex.futex, with no spinning for the
// default mutex type). Under Relacy it is Relacy's own mutex model, which also
// reports unlock by a non-owner and recursive locking.
//
// What it lacks: neither FIFO nor starvation-free (glibc lets unlockers barge).
#pragma once

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class std_mutex {
public:
    std_mutex() = default;
    std_mutex(const std_mutex&) = delete;
    std_mutex& operator=(const std_mutex&) = delete;

    void lock() { m_.lock(); }
    bool try_lock() { return m_.try_lock(); }
    void unlock() { m_.unlock(); }

private:
    typename P::mutex m_;
};

}  // namespace synclab
