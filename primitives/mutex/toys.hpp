// The mutex family's toys (see ../toys.hpp): broken Lockables that show the
// checks of a lock can fail.
//
//   no_lock          lock() and try_lock() do nothing: excludes nobody. The
//                    stress harness's owner count and plain counter must
//                    break (selftest~no-lock); the property layer's sequential
//                    model and concurrent histories must refute it.
//   never_try_lock   excludes correctly, but try_lock() fails even on a free
//                    lock: a lock that claims try_lock never fails spuriously
//                    must be refuted by the property layer.
//   refusing_lock    a try-lock posing as lock(): it throws when it finds the
//                    lock taken (as a lock made for two threads throws at a
//                    third). The model layer must report EXCEPTION with the
//                    message and a trace, not die in std::terminate.
//   no_pause_lock    a test-and-set lock whose wait loop never calls
//                    P::spin_pause(): correct on a machine, but the model
//                    checker's schedulers cannot leave the spinning thread. The
//                    model layer must report LIVELOCK and name the loop.
//   lifo_lock        excludes correctly, but unlock() hands the lock to the
//                    newest waiter: the property layer's fairness check must
//                    refute it (deterministically, where an unfair real lock
//                    is unfair only by chance).
#pragma once

#include <stdexcept>
#include <vector>

#include "../toys.hpp"
#include "registry.hpp"

namespace synclab {

template <class P, class F = faithful>
struct no_lock {
    void lock() {}
    bool try_lock() { return true; }
    void unlock() {}
};

template <class P, class F = faithful>
class never_try_lock {
public:
    void lock() { m_.lock(); }
    bool try_lock() { return false; }
    void unlock() { m_.unlock(); }

private:
    typename P::mutex m_;
};

template <class P, class F = faithful>
class refusing_lock {
public:
    void lock() {
        if (!try_lock()) throw std::runtime_error("refusing_lock: lock() found the lock taken");
    }
    // acquire: pairs with the release store in unlock().
    bool try_lock() { return !held_.exchange(true, std::memory_order_acquire); }
    // release: pairs with the acquire exchange in try_lock().
    void unlock() { held_.store(false, std::memory_order_release); }

private:
    typename P::template atomic<bool> held_{false};
};

template <class P, class F = faithful>
class no_pause_lock {
public:
    void lock() {
        // acquire: pairs with the release store in unlock(). No P::spin_pause(): the defect.
        while (held_.exchange(true, std::memory_order_acquire)) continue;
    }
    // acquire: pairs with the release store in unlock().
    bool try_lock() { return !held_.exchange(true, std::memory_order_acquire); }
    // release: pairs with the acquire exchanges in lock() and try_lock().
    void unlock() { held_.store(false, std::memory_order_release); }

private:
    typename P::template atomic<bool> held_{false};
};

// A lock with direct hand-off to the newest waiter. Its bookkeeping is under
// a mutex of the platform; each waiter spins, with P::spin_pause(), on a flag
// of its own that unlock() raises to pass it the lock.
template <class P, class F = faithful>
class lifo_lock {
public:
    void lock() {
        typename P::template atomic<bool> granted{false};
        {
            std::lock_guard guard(m_);
            if (!held_) {
                held_ = true;
                return;
            }
            stack_.push_back(&granted);
        }
        // acquire: pairs with the release store in unlock(), which passed the lock.
        while (!granted.load(std::memory_order_acquire)) P::spin_pause();
    }
    bool try_lock() {
        std::lock_guard guard(m_);
        if (held_) return false;
        held_ = true;
        return true;
    }
    void unlock() {
        std::lock_guard guard(m_);
        if (stack_.empty()) {
            held_ = false;
            return;
        }
        // release: pairs with the acquire load of the newest waiter, which now holds the lock.
        stack_.back()->store(true, std::memory_order_release);
        stack_.pop_back();
    }

private:
    typename P::mutex m_;
    bool held_ = false;                                             // guarded by m_
    std::vector<typename P::template atomic<bool>*> stack_;         // guarded by m_: the waiters, oldest first
};

// The model layer's toys: each with the suite that must catch it and the verdict.
using mutex_toys = registry<
    caught_by<implementation<"mutex.toy~refusing", refusing_lock,
                             "a try-lock posing as lock(): throws when the lock is taken",
                             mutex_properties{.fifo = false, .starvation_free = false,
                                              .try_lock_may_fail_spuriously = false, .sleeps = false}>,
              "exclusion", model_verdict::exception>,
    caught_by<implementation<"mutex.toy~no-pause", no_pause_lock,
                             "a test-and-set lock whose wait loop never calls P::spin_pause()",
                             mutex_properties{.fifo = false, .starvation_free = false,
                                              .try_lock_may_fail_spuriously = false, .sleeps = false}>,
              "exclusion", model_verdict::livelock>>;

// The stress harness's self-tests of this family.
using mutex_selftests = registry<implementation<"selftest~no-lock", no_lock,
                                                "lock() and unlock() do nothing: the harness's own checks",
                                                selftest_properties{selftest_verdict::exclusion}>>;

}  // namespace synclab
