// The semaphore family's toys (see ../toys.hpp): broken counting semaphores
// that show the checks of a semaphore can fail.
//
// For the model layer, toy_semaphore: a monitor (count_ guarded by m_,
// waiters on cv_), correct except for its one bug, in a place the fault
// policies cannot reach (a decision, not an order); semaphore_toys names each
// bug with the suite that must catch it and Relacy's verdict. With the
// family's mutants (mutants.hpp: every suite runs those), each suite family of
// the model layer's semaphore suites is named at least once.
//
// Also for the model layer, libstdcxx12_semaphore: libstdc++ 12's
// std::counting_semaphore transcribed onto the seam, with the lost wake-up of
// its algorithm (semaphore.toy~libstdcxx12).
//
// For the stress layer, no_block_semaphore: acquire never blocks, so the
// locker room's holder count must pass its permits (selftest~sem-no-block);
// and declared_lost_wake_up_semaphore, whose hang the watchdog must name as
// the known defect it declares (selftest~sem-known-lost-wake-up).
// A semaphore that loses a wake-up is not needed here: mutants.hpp has three
// (semaphore.futex, .ticket, .mutex_cv ~missing-wake), each a run the
// watchdog must end.
//
// For the property layer: broken_semaphore, one simple correct semaphore (a
// count under a mutex, acquire retrying try_acquire) with one defect each,
// which the sequential model and the contract checks must refute; and
// lifo_semaphore, which hands permits to the newest waiter, which the
// fairness property must refute (deterministically, where an unfair real
// semaphore is unfair only by chance).
#pragma once

#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "../contract.hpp"
#include "../deadline.hpp"
#include "../toys.hpp"
#include "registry.hpp"
#include "timed_acquire.hpp"

namespace synclab {

// ---------------------------------------------------------------------------
// The model layer's toy: count_ guarded by m_, waiters on cv_ (the monitor
// construction), correct except for its one bug.

enum class semaphore_bug {
    check_then_take,         // sees a permit under the lock, takes it under a second lock:
                             // two threads can both see the last one
    wake_only_from_zero,     // release notifies only when the count was 0: a second
                             // sleeper is never woken while permits pile up
    release_wakes_one,       // release(n) notifies one waiter, whatever n
    timed_out_takes_permit,  // a timed acquire that times out takes a permit that arrived
                             // meanwhile but still reports the time-out
    timed_waits_first,       // a timed acquire waits before it looks at the count, so it
                             // can time out with permits there
};

template <class P, class F, semaphore_bug Bug>
class toy_semaphore {
public:
    static constexpr std::ptrdiff_t max() noexcept { return 1 << 20; }

    explicit toy_semaphore(std::ptrdiff_t initial) : count_(initial) {}
    toy_semaphore(const toy_semaphore&) = delete;
    toy_semaphore& operator=(const toy_semaphore&) = delete;

    void acquire() {
        std::unique_lock<typename P::mutex> lock(m_);
        while (count_.get() <= 0) cv_.wait(lock);
        if constexpr (Bug == semaphore_bug::check_then_take) {
            lock.unlock();  // the bug: the permit seen is taken under a second lock
            lock.lock();
        }
        count_.set(count_.get() - 1);
    }

    bool try_acquire() {
        std::unique_lock<typename P::mutex> lock(m_);
        if (count_.get() <= 0) return false;
        if constexpr (Bug == semaphore_bug::check_then_take) {
            lock.unlock();
            lock.lock();
        }
        count_.set(count_.get() - 1);
        return true;
    }

    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        return try_acquire_until(steady_after(rel));
    }

    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        std::unique_lock<typename P::mutex> lock(m_);
        if constexpr (Bug == semaphore_bug::timed_waits_first) {
            do {
                if (cv_.wait_until(lock, abs) == std::cv_status::timeout) return false;
            } while (count_.get() <= 0);
            count_.set(count_.get() - 1);
            return true;
        } else {
            bool timed_out = false;
            while (count_.get() <= 0) {
                if (cv_.wait_until(lock, abs) == std::cv_status::timeout) {
                    timed_out = true;
                    break;
                }
            }
            if constexpr (Bug == semaphore_bug::timed_out_takes_permit) {
                if (count_.get() > 0) count_.set(count_.get() - 1);
                return !timed_out;  // the bug: the permit taken is reported as a time-out
            }
            if (count_.get() <= 0) return false;
            if constexpr (Bug == semaphore_bug::check_then_take) {
                lock.unlock();
                lock.lock();
            }
            count_.set(count_.get() - 1);
            return true;
        }
    }

    void release(std::ptrdiff_t n = 1) {
        std::ptrdiff_t was = 0;
        {
            std::unique_lock<typename P::mutex> lock(m_);
            was = count_.get();
            count_.set(was + n);
        }
        if constexpr (Bug == semaphore_bug::release_wakes_one) {
            cv_.notify_one();
            return;
        }
        if (Bug == semaphore_bug::wake_only_from_zero && was != 0) return;
        for (std::ptrdiff_t k = 0; k < n; ++k) cv_.notify_one();
    }

private:
    typename P::mutex m_;
    typename P::condition_variable cv_;
    typename P::template plain<std::ptrdiff_t> count_;  // guarded by m_
};

template <class P, class F>
using toy_semaphore_check_then_take = toy_semaphore<P, F, semaphore_bug::check_then_take>;
template <class P, class F>
using toy_semaphore_wake_only_from_zero = toy_semaphore<P, F, semaphore_bug::wake_only_from_zero>;
template <class P, class F>
using toy_semaphore_release_wakes_one = toy_semaphore<P, F, semaphore_bug::release_wakes_one>;
template <class P, class F>
using toy_semaphore_timed_out_takes_permit = toy_semaphore<P, F, semaphore_bug::timed_out_takes_permit>;
template <class P, class F>
using toy_semaphore_timed_waits_first = toy_semaphore<P, F, semaphore_bug::timed_waits_first>;

constexpr semaphore_properties toy_semaphore_properties{.fifo = false, .starvation_free = false, .sleeps = true,
                                                               .release_syscall_free = false, .release_checks_count = true};

// ---------------------------------------------------------------------------
// libstdc++ 12's std::counting_semaphore (__atomic_semaphore in
// bits/semaphore_base.h, waiting through the bare wait of bits/atomic_wait.h),
// transcribed onto the seam: one word holds the count; acquire reads the word,
// spins (16 rounds of one load and one CAS; a CAS that fails is a failed
// round), then sleeps on the futex with the value it read before spinning;
// release adds, and wakes every sleeper only when the count was 0.
//
// The defect: the value slept on is stale. Between the read and the sleep
// another thread can take the permit and give it back (its release, from 0,
// wakes nobody yet asleep); the waiter then sleeps on a word that holds the
// value it read, a positive count, and no release onto a positive count will
// wake it. semaphore.std runs this code on real threads; under Relacy
// semaphore.std is the seam's model semaphore (a mutex and a condition
// variable), so this transcription is how the model layer judges the library's
// algorithm.
template <class P, class F = faithful>
class libstdcxx12_semaphore : public semaphore_timed_acquire<libstdcxx12_semaphore<P, F>> {
public:
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }
    explicit libstdcxx12_semaphore(std::ptrdiff_t initial) : word_(static_cast<int>(initial)) {}
    libstdcxx12_semaphore(const libstdcxx12_semaphore&) = delete;
    libstdcxx12_semaphore& operator=(const libstdcxx12_semaphore&) = delete;

    bool try_acquire() { return spin(); }

    void acquire() { wait(nullptr); }

    void release(std::ptrdiff_t n = 1) {
        // release: pairs with the acquire loads and CAS of take_once().
        if (word_.fetch_add(static_cast<int>(n), std::memory_order_release) > 0) return;  // wakes nobody
        P::futex_wake(word_, INT_MAX);
    }

private:
    friend semaphore_timed_acquire<libstdcxx12_semaphore>;

    // _S_do_try_acquire: one load and one CAS, no retry.
    bool take_once() {
        // acquire (both): pairs with release()'s fetch_add.
        int old = word_.load(std::memory_order_acquire);
        if (old == 0) return false;
        return word_.compare_exchange_strong(old, old - 1, std::memory_order_acquire, std::memory_order_relaxed);
    }

    // __atomic_spin: 16 rounds (the seam's budget under the model).
    bool spin() {
        const unsigned rounds = P::spin_budget(16);
        for (unsigned i = 0; i < rounds; ++i) {
            if (take_once()) return true;
            P::spin_pause();
        }
        return false;
    }

    // __atomic_wait_address_bare (and its timed form): read, spin, sleep on
    // what was read; false when the deadline (if any) passed without a permit.
    bool wait(const std::chrono::steady_clock::time_point* deadline) {
        do {
            // acquire, as the library's: pairs with release()'s fetch_add.
            const int seen = word_.load(std::memory_order_acquire);  // read before spinning
            if (spin()) return true;
            // The defect: `seen` may be stale by now.
            if (deadline == nullptr) {
                P::futex_wait(word_, seen);
            } else if (!P::futex_wait_until(word_, seen, *deadline)) {
                return take_once();
            }
        } while (!take_once());
        return true;
    }

    bool try_acquire_until_steady(std::chrono::steady_clock::time_point deadline) { return wait(&deadline); }

    typename P::futex_word word_;
};

// Each bug with the suite that must catch it and Relacy's verdict.
using semaphore_toys = registry<
    caught_by<implementation<"semaphore.toy~check-then-take", toy_semaphore_check_then_take,
                             "toy semaphore that sees a permit under its lock and takes it under a second lock",
                             toy_semaphore_properties>,
              "locker_room", model_verdict::data_race>,
    caught_by<implementation<"semaphore.toy~wake-only-from-zero", toy_semaphore_wake_only_from_zero,
                             "toy semaphore whose release notifies only when the count was 0",
                             toy_semaphore_properties>,
              "buffer", model_verdict::deadlock>,
    caught_by<implementation<"semaphore.toy~timed-out-takes-permit", toy_semaphore_timed_out_takes_permit,
                             "toy semaphore whose timed acquire takes a permit as it times out and reports the time-out",
                             toy_semaphore_properties>,
              "timed", model_verdict::deadlock>,
    caught_by<implementation<"semaphore.toy~timed-waits-first", toy_semaphore_timed_waits_first,
                             "toy semaphore whose timed acquire waits before looking at the count",
                             toy_semaphore_properties>,
              "timed", model_verdict::assertion>,
    caught_by<implementation<"semaphore.toy~release-wakes-one", toy_semaphore_release_wakes_one,
                             "toy semaphore whose release(n) notifies one waiter", toy_semaphore_properties>,
              "release_n", model_verdict::deadlock>,
    caught_by<implementation<"semaphore.toy~libstdcxx12", libstdcxx12_semaphore,
                             "libstdc++ 12's std::counting_semaphore, transcribed: a waiter sleeps on the count it "
                             "read before spinning, and a release onto a positive count wakes nobody",
                             toy_semaphore_properties>,
              "locker_room", model_verdict::deadlock>>;

// ---------------------------------------------------------------------------
// The stress harness's self-test: every acquire succeeds at once, no count at all.

template <class P, class F = faithful>
struct no_block_semaphore {
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }
    explicit no_block_semaphore(std::ptrdiff_t) {}
    void acquire() {}
    bool try_acquire() { return true; }
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>&) {
        return true;
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>&) {
        return true;
    }
    void release(std::ptrdiff_t = 1) {}
};

// semaphore.futex that never wakes a sleeper, declared as losing wake-ups:
// its hang must be reported as the known defect (the watchdog's KNOWN DEFECT
// line, which the generated test of a registered entry so declared, i.e.
// semaphore.std, counts as skipped).
template <class P, class F = faithful>
using declared_lost_wake_up_semaphore = futex_semaphore<P, skip_at<site::wake>>;

using semaphore_selftests =
    registry<implementation<"selftest~sem-no-block", no_block_semaphore,
                            "a semaphore whose acquire never blocks: the locker room's holder count",
                            selftest_properties{selftest_verdict::holders}>,
             implementation<"selftest~sem-known-lost-wake-up", declared_lost_wake_up_semaphore,
                            "a semaphore that never wakes a sleeper and declares it: the known-defect report",
                            selftest_properties{.expect = selftest_verdict::known_hang, .loses_wake_ups = true}>>;

// ---------------------------------------------------------------------------
// The property layer's toys.

enum class semaphore_defect {
    release_n_adds_one,       // release(n) adds 1 whatever n is (lost permits)
    release_unchecked,        // release(n) past max() is not refused (the count passes max())
    refused_release_adds,     // release(n) past max() throws, but after adding n
    initial_count_unchecked,  // a negative initial count or one above max() is accepted
};

template <class P, class F, semaphore_defect Defect>
class broken_semaphore {
public:
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }

    explicit broken_semaphore(std::ptrdiff_t initial)
        : count_(Defect == semaphore_defect::initial_count_unchecked
                     ? initial
                     : checked_initial_count("broken_semaphore", initial, max())) {}

    bool try_acquire() {
        std::lock_guard lock(m_);
        if (count_ <= 0) return false;
        --count_;
        return true;
    }
    void acquire() {
        while (!try_acquire()) P::yield_thread();
    }
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        return try_acquire_until(steady_after(rel));
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        for (;;) {
            if (try_acquire()) return true;
            if (Clock::now() >= abs) return false;
            P::yield_thread();
        }
    }
    void release(std::ptrdiff_t n = 1) {
        std::lock_guard lock(m_);
        if (n < 0) violate_release("broken_semaphore", n, count_, max());
        if (Defect == semaphore_defect::refused_release_adds && n > max() - count_) {
            const std::ptrdiff_t before = count_;
            count_ = count_ + n > max() ? max() : count_ + n;
            violate_release("broken_semaphore", n, before, max());
        }
        if (Defect != semaphore_defect::release_unchecked && n > max() - count_) {
            violate_release("broken_semaphore", n, count_, max());
        }
        count_ += Defect == semaphore_defect::release_n_adds_one && n > 0 ? 1 : n;
    }

private:
    typename P::mutex m_;
    std::ptrdiff_t count_;  // guarded by m_
};

// A counting semaphore with direct hand-off to the newest waiter; waiting()
// says how many wait, so a test can line them up.
template <class P, class F = faithful>
class lifo_semaphore {
public:
    static constexpr std::ptrdiff_t max() noexcept { return INT_MAX; }
    explicit lifo_semaphore(std::ptrdiff_t initial) : count_(initial) {}

    bool try_acquire() {
        std::lock_guard lock(m_);
        if (count_ == 0) return false;
        --count_;
        return true;
    }
    void acquire() { acquire_until(nullptr); }
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& rel) {
        const auto deadline = steady_after(rel);
        return acquire_until(&deadline);
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& abs) {
        const auto deadline = to_steady(abs);
        return acquire_until(&deadline);
    }
    void release(std::ptrdiff_t n = 1) {
        std::lock_guard lock(m_);
        for (; n > 0 && !stack_.empty(); --n) {
            stack_.back()->granted = true;
            stack_.pop_back();
        }
        count_ += n;
        woken_.notify_all();
    }
    std::size_t waiting() const {
        std::lock_guard lock(m_);
        return stack_.size();
    }

private:
    struct waiter {
        bool granted = false;
    };
    bool acquire_until(const std::chrono::steady_clock::time_point* deadline) {
        std::unique_lock lock(m_);
        if (count_ > 0) {
            --count_;
            return true;
        }
        waiter self;
        stack_.push_back(&self);
        while (!self.granted) {
            if (!deadline) {
                woken_.wait(lock);
            } else if (woken_.wait_until(lock, *deadline) == std::cv_status::timeout && !self.granted) {
                std::erase(stack_, &self);
                return false;
            }
        }
        return true;
    }

    mutable typename P::mutex m_;
    typename P::condition_variable woken_;
    std::ptrdiff_t count_;
    std::vector<waiter*> stack_;  // newest last
};

}  // namespace synclab
