// The std mirrors of the Relacy binding (platform/relacy.hpp): std::atomic,
// std::mutex, std::condition_variable_any, std::counting_semaphore and plain
// data, each with the standard member names over Relacy's model of it; the
// helpers they share; and the futex observer hook through which a checker
// hears what the binding's futex words do. The binding's platform struct is in
// relacy.hpp, which includes this header: a primitive and a checker include
// relacy.hpp, not this one.
//
// Every operation takes a defaulted std::source_location and hands it to Relacy
// as rl::debug_info: the execution history then names the primitive's own
// file and line, not this file.
//
// Observed with Debian's relacy-dev (0.0+git20191025) and g++ 12:
// relacy_std.hpp does not compile against libstdc++ 12, so we include
// relacy/relacy.hpp and wrap rl::atomic; every standard header must come before
// it, and its macros (memory_order_*, new, delete, malloc, free) are removed
// right after.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <new>
#include <source_location>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <relacy/relacy.hpp>

#undef memory_order_relaxed
#undef memory_order_consume
#undef memory_order_acquire
#undef memory_order_release
#undef memory_order_acq_rel
#undef memory_order_seq_cst
// relacy.hpp also redefines new, delete, malloc, calloc, realloc and free, which
// breaks `= delete` and any header after it. Allocation that Relacy must track
// goes through this binding by name (rl::rl_malloc / rl::rl_free), not macros.
#undef new
#undef delete
#undef malloc
#undef calloc
#undef realloc
#undef free

namespace synclab::platform {

namespace relacy_detail {

inline rl::debug_info at(const std::source_location& loc) noexcept {
    return rl::debug_info(loc.function_name(), loc.file_name(), loc.line());
}

constexpr rl::memory_order to_rl(std::memory_order mo) noexcept {
    switch (mo) {
    case std::memory_order_relaxed: return rl::mo_relaxed;
    case std::memory_order_consume: return rl::mo_consume;
    case std::memory_order_acquire: return rl::mo_acquire;
    case std::memory_order_release: return rl::mo_release;
    case std::memory_order_acq_rel: return rl::mo_acq_rel;
    default: return rl::mo_seq_cst;
    }
}

// The failure order of a compare-exchange given only the success order, as
// std::atomic derives it.
constexpr std::memory_order failure_of(std::memory_order mo) noexcept {
    switch (mo) {
    case std::memory_order_acq_rel: return std::memory_order_acquire;
    case std::memory_order_release: return std::memory_order_relaxed;
    default: return mo;
    }
}

}  // namespace relacy_detail

// The futex observer: who, if anyone, is told what each futex word does. The
// binding reports a futex word's declaration and every value it takes
// (relacy_atomic<int, true>, below), every futex_wake on it, and each thread
// that falls asleep on one and comes back (relacy::futex_wait_modelled in
// relacy.hpp). Nobody is told unless a checker installs an observer in
// relacy_futex_hook: Relacy reports a wait nobody ends only as DEADLOCK, and
// the model layer installs its futex ledger here (models/futex_ledger.hpp) to
// tell a lost wake-up apart. Only futex words report, through their own
// operations, so every other atomic pays nothing, and a futex word pays one
// test of this pointer while none is installed. An observer is called inside
// the simulation, where Relacy replaces operator new: it must not allocate,
// and it must not throw.
class relacy_futex_observer {
public:
    // `word` was constructed holding `value`, at `at` (before any thread ran,
    // or by the thread that constructs it).
    virtual void declared(const void* word, int value, const std::source_location& at) noexcept = 0;
    // A store, or a read-modify-write that wrote, made `value` the word's
    // latest value in its modification order.
    virtual void stored(const void* word, int value, const std::source_location& at) noexcept = 0;
    // A futex_wake on `word` woke `woken` threads.
    virtual void woke(const void* word, int woken, const std::source_location& at) noexcept = 0;
    // The current thread found `word` holding `expected` and sleeps on it
    // (`timed`: the sleep may time out).
    virtual void falls_asleep(const void* word, int expected, bool timed,
                              const std::source_location& at) noexcept = 0;
    // The current thread is back from that sleep: woken, timed out or woken
    // spuriously.
    virtual void wakes_up() noexcept = 0;

protected:
    ~relacy_futex_observer() = default;
};

// The installed observer; none (nullptr) by default.
inline relacy_futex_observer* relacy_futex_hook = nullptr;

// The order knob: who, if anyone, sees each atomic operation's memory order
// (and each futex_wake and notify) before it runs, and may weaken it there.
// The model layer's memory-order audit (models/order_knob.hpp) installs one to
// record every place that runs a non-relaxed order or a wake, and to run a
// variant with one order weakened, or one wake dropped, at one place: no
// recompilation, and nothing in the primitive's header. Nobody is asked unless
// one is installed in relacy_order_hook; then every operation pays one virtual
// call. As the futex observer, it is called inside the simulation: it must not
// allocate or throw.
enum class relacy_operation : unsigned char { load, store, read_modify_write, compare_exchange, fence, futex_wake, notify };

class relacy_order_observer {
public:
    // The operation `op` at `at` is about to run with `order` (and, for a
    // compare-exchange, `failure`; for the others it equals order): the
    // observer may replace either with a weaker order. For a fence, relaxed
    // means the fence is not issued.
    virtual void ordering(relacy_operation op, const std::source_location& at, std::memory_order& order,
                          std::memory_order& failure) noexcept = 0;
    // A futex_wake or notify at `at` is about to run: true drops it (the call
    // returns as if it woke nobody).
    virtual bool drops(relacy_operation op, const std::source_location& at) noexcept = 0;

protected:
    ~relacy_order_observer() = default;
};

// The installed knob; none (nullptr) by default.
inline relacy_order_observer* relacy_order_hook = nullptr;

namespace relacy_detail {

// The orders an operation runs with: as written, or as the knob has them
// (`failure`: a compare-exchange's; the others pass a copy of `order`).
inline void ordered(relacy_operation op, std::memory_order& order, std::memory_order& failure,
                    const std::source_location& at) noexcept {
    if (relacy_order_observer* knob = relacy_order_hook) knob->ordering(op, at, order, failure);
}

// The same for an operation with one order.
inline std::memory_order ordered(relacy_operation op, std::memory_order mo, const std::source_location& at) noexcept {
    std::memory_order unused = mo;
    ordered(op, mo, unused, at);
    return mo;
}

// Whether the knob drops the wake or notify at `at`.
inline bool dropped(relacy_operation op, const std::source_location& at) noexcept {
    relacy_order_observer* knob = relacy_order_hook;
    return knob != nullptr && knob->drops(op, at);
}

}  // namespace relacy_detail

// std::atomic's member names and arguments over rl::atomic. A futex word
// (IsFutexWord) also tells the futex observer above, if one is installed, its
// declaration and each value it writes.
//
// An operation on an atomic whose storage is gone (a node on a stack frame
// that has returned, which the next frames overwrite) would read Relacy's
// bookkeeping from garbage and crash the checker; each operation first checks
// the object's live mark, which the destructor clears, and reports ACCESS TO
// FREED MEMORY at the caller's line instead.
template <class T, bool IsFutexWord = false>
class relacy_atomic {
    using loc = std::source_location;

public:
    ~relacy_atomic() {
        // volatile: the store outlives the object on purpose (a dead store
        // the compiler would otherwise drop).
        *static_cast<volatile std::uint32_t*>(&live_) = 0;
    }
    relacy_atomic(loc where = loc::current()) {
        a_.store(T{}, rl::mo_relaxed, relacy_detail::at(where));
        if constexpr (IsFutexWord) declared_as(T{}, where);
    }
    relacy_atomic(T v, loc where = loc::current()) {
        a_.store(v, rl::mo_relaxed, relacy_detail::at(where));
        if constexpr (IsFutexWord) declared_as(v, where);
    }
    relacy_atomic(const relacy_atomic&) = delete;
    relacy_atomic& operator=(const relacy_atomic&) = delete;

    T load(std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) const {
        mo = entered(relacy_operation::load, mo, where);
        return a_.load(relacy_detail::to_rl(mo), relacy_detail::at(where));
    }
    void store(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        mo = entered(relacy_operation::store, mo, where);
        a_.store(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        noted(v, where);
    }
    T exchange(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        mo = entered(relacy_operation::read_modify_write, mo, where);
        const T old = a_.exchange(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        noted(v, where);
        return old;
    }
    bool compare_exchange_weak(T& expected, T desired, std::memory_order success,
                               std::memory_order failure, loc where = loc::current()) {
        check_live(where);
        relacy_detail::ordered(relacy_operation::compare_exchange, success, failure, where);
        auto info = relacy_detail::at(where);
        const bool done = a_.compare_exchange_weak(expected, desired, relacy_detail::to_rl(success), info,
                                                   relacy_detail::to_rl(failure), info);
        if (done) noted(desired, where);
        return done;
    }
    bool compare_exchange_weak(T& expected, T desired, std::memory_order mo = std::memory_order_seq_cst,
                               loc where = loc::current()) {
        return compare_exchange_weak(expected, desired, mo, relacy_detail::failure_of(mo), where);
    }
    bool compare_exchange_strong(T& expected, T desired, std::memory_order success,
                                 std::memory_order failure, loc where = loc::current()) {
        check_live(where);
        relacy_detail::ordered(relacy_operation::compare_exchange, success, failure, where);
        auto info = relacy_detail::at(where);
        const bool done = a_.compare_exchange_strong(expected, desired, relacy_detail::to_rl(success), info,
                                                     relacy_detail::to_rl(failure), info);
        if (done) noted(desired, where);
        return done;
    }
    bool compare_exchange_strong(T& expected, T desired, std::memory_order mo = std::memory_order_seq_cst,
                                 loc where = loc::current()) {
        return compare_exchange_strong(expected, desired, mo, relacy_detail::failure_of(mo), where);
    }
    T fetch_add(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        mo = entered(relacy_operation::read_modify_write, mo, where);
        const T old = a_.fetch_add(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(wrapping(old, v, [](auto a, auto b) { return a + b; }), where);
        return old;
    }
    T fetch_sub(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        mo = entered(relacy_operation::read_modify_write, mo, where);
        const T old = a_.fetch_sub(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(wrapping(old, v, [](auto a, auto b) { return a - b; }), where);
        return old;
    }
    T fetch_or(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        mo = entered(relacy_operation::read_modify_write, mo, where);
        const T old = a_.fetch_or(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(T(old | v), where);
        return old;
    }
    T fetch_and(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        mo = entered(relacy_operation::read_modify_write, mo, where);
        const T old = a_.fetch_and(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(T(old & v), where);
        return old;
    }

    // The Relacy object itself, for rl::rl_futex.
    rl::atomic<T>& model() noexcept { return a_; }

    // Fails the iteration with ACCESS TO FREED MEMORY at `where` when this
    // object's storage is gone (see above).
    void check_live(const loc& where) const {
        if (*static_cast<const volatile std::uint32_t*>(&live_) != live_mark) {
            rl::ctx().fail_test("access to an atomic whose storage is gone (destroyed, or on a returned stack frame)",
                                rl::test_result_access_to_freed_memory, relacy_detail::at(where));
        }
    }

private:
    // Every operation's first step: the live mark, then the order knob.
    std::memory_order entered(relacy_operation op, std::memory_order mo, const loc& where) const {
        check_live(where);
        return relacy_detail::ordered(op, mo, where);
    }
    void declared_as(T v, const loc& where) noexcept {
        if (relacy_futex_observer* observer = relacy_futex_hook) observer->declared(this, int(v), where);
    }
    void noted(T v, const loc& where) noexcept {
        if constexpr (IsFutexWord) {
            if (relacy_futex_observer* observer = relacy_futex_hook) observer->stored(this, int(v), where);
        }
    }
    // old op v in the unsigned type, as the atomic computes it (no signed overflow).
    template <class Op>
    static T wrapping(T old, T v, Op op) noexcept {
        using U = std::make_unsigned_t<T>;
        return T(U(op(U(old), U(v))));
    }

    static constexpr std::uint32_t live_mark = 0x5a11ab1eu;
    std::uint32_t live_ = live_mark;  // cleared by the destructor
    mutable rl::atomic<T> a_;
};

// std::mutex's interface over Relacy's model of it (which checks double unlock,
// unlock by a non-owner, and deadlock).
class relacy_mutex {
    using loc = std::source_location;

public:
    void lock(loc where = loc::current()) { m_.lock(relacy_detail::at(where)); }
    bool try_lock(loc where = loc::current()) { return m_.try_lock(relacy_detail::at(where)); }
    void unlock(loc where = loc::current()) { m_.unlock(relacy_detail::at(where)); }

private:
    rl::mutex m_;
};

// std::shared_mutex's interface over Relacy's reader-writer mutex model (the
// one its pthread_rwlock_t binding uses: shared mode, exclusive mode, no
// recursion), which reports an unlock by a non-owner and a lock left held.
struct relacy_shared_mutex_tag;
class relacy_shared_mutex {
    using loc = std::source_location;

public:
    explicit relacy_shared_mutex(loc where = loc::current()) {
        m_.init(/*is_rw=*/true, /*is_exclusive_recursive=*/false, /*is_shared_recursive=*/false,
                /*failing_try_lock=*/false, relacy_detail::at(where));
    }
    ~relacy_shared_mutex() { m_.deinit(relacy_detail::at(loc::current())); }
    relacy_shared_mutex(const relacy_shared_mutex&) = delete;
    relacy_shared_mutex& operator=(const relacy_shared_mutex&) = delete;

    void lock(loc where = loc::current()) { m_.lock_exclusive(relacy_detail::at(where)); }
    bool try_lock(loc where = loc::current()) { return m_.try_lock_exclusive(relacy_detail::at(where)); }
    void unlock(loc where = loc::current()) { m_.unlock_exclusive(relacy_detail::at(where)); }
    void lock_shared(loc where = loc::current()) { m_.lock_shared(relacy_detail::at(where)); }
    bool try_lock_shared(loc where = loc::current()) { return m_.try_lock_shared(relacy_detail::at(where)); }
    void unlock_shared(loc where = loc::current()) { m_.unlock_shared(relacy_detail::at(where)); }

private:
    rl::generic_mutex<relacy_shared_mutex_tag> m_;
};

// std::condition_variable_any's interface over Relacy's model of it, which
// wakes waiters spuriously under the random scheduler and reports a wait that
// nobody will ever end as a deadlock. Works with any Lockable, as libstdc++'s
// condition_variable_any does: an internal mutex is taken before the caller's
// lock is released and held until the wait has begun (the model's wait
// releases it and parks in one step), and notify takes it too, so no notify
// can fall between the caller's unlock and the start of the wait. (Relacy's
// own wait releases the lock it is given and then parks: with a Lockable whose
// unlock takes several steps, such as mutex.futex's exchange and wake, a
// notify in between was lost, a false DEADLOCK.)
class relacy_condition_variable {
    using loc = std::source_location;

public:
    template <class Lockable>
    void wait(Lockable& lock, loc where = loc::current()) {
        const rl::debug_info at = relacy_detail::at(where);
        internal_.lock(at);
        lock.unlock();
        cv_.wait(internal_, at);
        internal_.unlock(at);
        lock.lock();
    }
    // In the model a timed wait may time out at any moment. Debian's Relacy
    // returns its internal wake-up reason converted to bool: false when
    // notified, true when timed out or woken spuriously (the reverse of what its
    // signature suggests). A spurious wake-up of a timed wait is read as a
    // time-out here: in the model the deadline may fall at any moment.
    template <class Lockable, class Clock, class Duration>
    std::cv_status wait_until(Lockable& lock, const std::chrono::time_point<Clock, Duration>& deadline,
                              loc where = loc::current()) {
        const rl::debug_info at = relacy_detail::at(where);
        internal_.lock(at);
        lock.unlock();
        const bool timed_out_now = timed_out(cv_.wait_until(internal_, deadline, at));
        internal_.unlock(at);
        lock.lock();
        return timed_out_now ? std::cv_status::timeout : std::cv_status::no_timeout;
    }
    static bool timed_out(bool relacy_result) noexcept { return relacy_result; }
    void notify_one(loc where = loc::current()) {
        if (relacy_detail::dropped(relacy_operation::notify, where)) return;  // the order knob dropped it
        const rl::debug_info at = relacy_detail::at(where);
        internal_.lock(at);
        cv_.notify_one(at);
        internal_.unlock(at);
    }
    void notify_all(loc where = loc::current()) {
        if (relacy_detail::dropped(relacy_operation::notify, where)) return;  // the order knob dropped it
        const rl::debug_info at = relacy_detail::at(where);
        internal_.lock(at);
        cv_.notify_all(at);
        internal_.unlock(at);
    }

private:
    rl::mutex internal_;
    rl::condition_variable_any cv_;
};

// std::counting_semaphore's interface, modelled with Relacy's mutex and
// condition variable (Relacy has no semaphore of its own): what semaphore.std
// stands for under the model checker. Timed acquires may time out at any moment.
class relacy_counting_semaphore {
    using loc = std::source_location;

public:
    explicit relacy_counting_semaphore(std::ptrdiff_t initial) : count_(initial) {}
    static constexpr std::ptrdiff_t max() noexcept { return 2147483647; }

    void acquire(loc where = loc::current()) {
        m_.lock(relacy_detail::at(where));
        while (count_ == 0) cv_.wait(m_, relacy_detail::at(where));
        --count_;
        m_.unlock(relacy_detail::at(where));
    }
    bool try_acquire(loc where = loc::current()) {
        m_.lock(relacy_detail::at(where));
        const bool got = count_ > 0;
        if (got) --count_;
        m_.unlock(relacy_detail::at(where));
        return got;
    }
    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& deadline, loc where = loc::current()) {
        m_.lock(relacy_detail::at(where));
        while (count_ == 0) {
            // true: timed out (see relacy_condition_variable::wait_until)
            if (relacy_condition_variable::timed_out(cv_.wait_until(m_, deadline, relacy_detail::at(where)))) break;
        }
        const bool got = count_ > 0;
        if (got) --count_;
        m_.unlock(relacy_detail::at(where));
        return got;
    }
    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& d, loc where = loc::current()) {
        return try_acquire_until(std::chrono::steady_clock::now() + d, where);
    }
    void release(std::ptrdiff_t n = 1, loc where = loc::current()) {
        m_.lock(relacy_detail::at(where));
        count_ += n;
        m_.unlock(relacy_detail::at(where));
        for (std::ptrdiff_t i = 0; i < n; ++i) cv_.notify_one(relacy_detail::at(where));
    }

private:
    rl::mutex m_;
    rl::condition_variable_any cv_;
    std::ptrdiff_t count_;  // guarded by m_
};

// Plain data under Relacy: an rl::var, so two accesses from different threads
// that are not ordered by happens-before are reported as a data race, with the
// caller's line in the history.
template <class T>
class relacy_plain {
    using loc = std::source_location;

public:
    relacy_plain(loc where = loc::current()) { v_(relacy_detail::at(where)) = T{}; }
    explicit relacy_plain(T v, loc where = loc::current()) { v_(relacy_detail::at(where)) = v; }
    relacy_plain(const relacy_plain&) = delete;
    relacy_plain& operator=(const relacy_plain&) = delete;

    T get(loc where = loc::current()) const { return v_(relacy_detail::at(where)); }
    void set(T v, loc where = loc::current()) { v_(relacy_detail::at(where)) = v; }

private:
    mutable rl::var<T> v_;
};

}  // namespace synclab::platform
