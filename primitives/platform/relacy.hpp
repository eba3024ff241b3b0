// The Relacy binding of the platform seam: the same names as platform/native.hpp,
// backed by Relacy's models, so a primitive's unchanged source is model-checked
// under every interleaving Relacy explores and under its relaxed memory model.
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

// The futex ledger: what each futex word did in the current iteration (its
// declaration, its latest value and the store that made it, the last
// futex_wake on it) and who sleeps on which word expecting what. Relacy
// reports a wait nobody ends only as DEADLOCK (every thread blocked); with
// this ledger the model layer tells a lost wake-up apart: a sleeper whose
// word no longer holds the value it went to sleep on, with no futex_wake
// since the store that changed it (models/engine.hpp reads it after a
// DEADLOCK). Only futex words (relacy::futex_word) are recorded, through
// their own operations, so the ledger costs nothing elsewhere. It keeps fixed
// tables and never allocates (inside a simulation Relacy replaces operator
// new); the engine resets it at each iteration's start.
class futex_ledger {
public:
    static constexpr int max_words = 64;
    static constexpr int max_threads = 16;

    // One store (or wake) as the ledger keeps it. `order` is the ledger's own
    // clock: which of two events came first.
    struct event {
        bool happened = false;
        int thread = -1;  // -1: before any thread ran (construction)
        std::source_location at;
        std::uint64_t order = 0;
    };
    struct word_record {
        const void* word = nullptr;
        std::source_location declared;
        int value = 0;       // the latest value in the word's modification order
        event last_store;    // the store (or read-modify-write) that wrote `value`
        event last_wake;     // the last futex_wake on the word
        int last_wake_woke = 0;
    };
    struct sleeper_record {
        bool asleep = false;
        const void* word = nullptr;
        int expected = 0;
        bool timed = false;
        std::source_location at;
        std::uint64_t order = 0;
    };

    void reset() noexcept {
        word_count_ = 0;
        overflowed_ = false;
        clock_ = 0;
        for (auto& s : sleepers_) s = sleeper_record{};
    }

    void declared(const void* word, int value, const std::source_location& at) noexcept {
        word_record* w = find_or_add(word);
        if (w == nullptr) return;
        *w = word_record{};
        w->word = word;
        w->declared = at;
        w->value = value;
        w->last_store = {true, -1, at, ++clock_};
    }
    void stored(const void* word, int value, const std::source_location& at) noexcept {
        word_record* w = find_or_add(word);
        if (w == nullptr) return;
        w->value = value;
        w->last_store = {true, current_thread(), at, ++clock_};
    }
    void woke(const void* word, int woken, const std::source_location& at) noexcept {
        word_record* w = find_or_add(word);
        if (w == nullptr) return;
        w->last_wake = {true, current_thread(), at, ++clock_};
        w->last_wake_woke = woken;
    }
    void falls_asleep(const void* word, int expected, bool timed, const std::source_location& at) noexcept {
        const int t = current_thread();
        if (t < 0 || t >= max_threads) return;
        sleepers_[t] = {true, word, expected, timed, at, ++clock_};
    }
    void wakes_up() noexcept {
        const int t = current_thread();
        if (t >= 0 && t < max_threads) sleepers_[t].asleep = false;
    }

    // After a DEADLOCK (outside the simulation: this allocates): one line per
    // thread still asleep, untimed, on a word whose latest value is not the
    // one it slept on. Empty when there is none (a deadlock of another kind),
    // or when the ledger overflowed and cannot tell.
    std::vector<std::string> lost_wake_ups() const {
        std::vector<std::string> found;
        if (overflowed_) return found;
        for (int t = 0; t < max_threads; ++t) {
            const sleeper_record& s = sleepers_[t];
            if (!s.asleep || s.timed) continue;
            const word_record* w = find(s.word);
            if (w == nullptr || w->value == s.expected) continue;
            std::ostringstream line;
            line << "thread " << t << " sleeps in " << function_of(s.at) << " at " << place(s.at)
                 << " on the futex word declared at " << place(w->declared) << ", expecting " << s.expected
                 << ", but the word is now " << w->value << ": ";
            const event& st = w->last_store;
            if (st.thread < 0) {
                line << "its initial value";
            } else {
                line << "thread " << st.thread << " stored it in " << function_of(st.at) << " at " << place(st.at)
                     << (st.order > s.order ? " after the sleep began" : " before the sleep began (the sleeper's compare read an older value)");
            }
            const event& wk = w->last_wake;
            if (!wk.happened) {
                line << ", and no futex_wake on the word followed (none at all in this execution)";
            } else if (wk.order < st.order) {
                line << ", and no futex_wake on the word followed (the last one, by thread " << wk.thread << " at "
                     << place(wk.at) << ", came before that store)";
            } else {
                line << "; the futex_wake after it, by thread " << wk.thread << " at " << place(wk.at) << ", woke "
                     << w->last_wake_woke << " thread" << (w->last_wake_woke == 1 ? "" : "s") << " and not this one";
            }
            found.push_back(line.str());
        }
        return found;
    }

    // A file as the repository names it (primitives/mutex/futex_mutex.hpp(115)).
    static std::string place(const std::source_location& at) {
        std::string_view file = at.file_name();
        const std::string_view self = std::source_location::current().file_name();
        constexpr std::string_view self_in_repo = "primitives/platform/relacy.hpp";
        if (self.ends_with(self_in_repo)) {
            const std::string_view root = self.substr(0, self.size() - self_in_repo.size());
            if (file.starts_with(root)) file.remove_prefix(root.size());
        }
        return std::string(file) + "(" + std::to_string(at.line()) + ")";
    }
    // "futex_mutex<P, F>::lock_contended()": the compiler's name without its
    // return type, namespace and template arguments' bindings.
    static std::string function_of(const std::source_location& at) {
        std::string_view f = at.function_name();
        if (const auto with = f.find(" [with "); with != std::string_view::npos) f = f.substr(0, with);
        const auto paren = f.find('(');
        if (const auto space = f.rfind(' ', paren); space != std::string_view::npos) f.remove_prefix(space + 1);
        for (std::string_view ns : {"synclab::models::", "synclab::"}) {
            if (f.starts_with(ns)) f.remove_prefix(ns.size());
        }
        return std::string(f);
    }

private:
    static int current_thread() noexcept { return int(rl::ctx().current_thread()); }

    const word_record* find(const void* word) const noexcept {
        for (int i = 0; i < word_count_; ++i) {
            if (words_[i].word == word) return &words_[i];
        }
        return nullptr;
    }
    word_record* find_or_add(const void* word) noexcept {
        for (int i = 0; i < word_count_; ++i) {
            if (words_[i].word == word) return &words_[i];
        }
        if (word_count_ == max_words) {
            overflowed_ = true;
            return nullptr;
        }
        words_[word_count_] = word_record{};
        words_[word_count_].word = word;
        return &words_[word_count_++];
    }

    word_record words_[max_words];
    int word_count_ = 0;
    bool overflowed_ = false;
    std::uint64_t clock_ = 0;
    sleeper_record sleepers_[max_threads];
};

inline futex_ledger iteration_futex_ledger;

// std::atomic's member names and arguments over rl::atomic. A futex word
// (IsFutexWord) also tells the ledger above each value it writes.
template <class T, bool IsFutexWord = false>
class relacy_atomic {
    using loc = std::source_location;

public:
    relacy_atomic(loc where = loc::current()) {
        a_.store(T{}, rl::mo_relaxed, relacy_detail::at(where));
        if constexpr (IsFutexWord) iteration_futex_ledger.declared(this, T{}, where);
    }
    relacy_atomic(T v, loc where = loc::current()) {
        a_.store(v, rl::mo_relaxed, relacy_detail::at(where));
        if constexpr (IsFutexWord) iteration_futex_ledger.declared(this, v, where);
    }
    relacy_atomic(const relacy_atomic&) = delete;
    relacy_atomic& operator=(const relacy_atomic&) = delete;

    T load(std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) const {
        return a_.load(relacy_detail::to_rl(mo), relacy_detail::at(where));
    }
    void store(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        a_.store(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        noted(v, where);
    }
    T exchange(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        const T old = a_.exchange(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        noted(v, where);
        return old;
    }
    bool compare_exchange_weak(T& expected, T desired, std::memory_order success,
                               std::memory_order failure, loc where = loc::current()) {
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
        const T old = a_.fetch_add(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(wrapping(old, v, [](auto a, auto b) { return a + b; }), where);
        return old;
    }
    T fetch_sub(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        const T old = a_.fetch_sub(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(wrapping(old, v, [](auto a, auto b) { return a - b; }), where);
        return old;
    }
    T fetch_or(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        const T old = a_.fetch_or(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(T(old | v), where);
        return old;
    }
    T fetch_and(T v, std::memory_order mo = std::memory_order_seq_cst, loc where = loc::current()) {
        const T old = a_.fetch_and(v, relacy_detail::to_rl(mo), relacy_detail::at(where));
        if constexpr (IsFutexWord) noted(T(old & v), where);
        return old;
    }

    // The Relacy object itself, for rl::rl_futex.
    rl::atomic<T>& model() noexcept { return a_; }

private:
    void noted(T v, const loc& where) noexcept {
        if constexpr (IsFutexWord) iteration_futex_ledger.stored(this, int(v), where);
    }
    // old op v in the unsigned type, as the atomic computes it (no signed overflow).
    template <class Op>
    static T wrapping(T old, T v, Op op) noexcept {
        using U = std::make_unsigned_t<T>;
        return T(U(op(U(old), U(v))));
    }

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
        const rl::debug_info at = relacy_detail::at(where);
        internal_.lock(at);
        cv_.notify_one(at);
        internal_.unlock(at);
    }
    void notify_all(loc where = loc::current()) {
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

struct relacy {
    static constexpr const char* name = "relacy";

    template <class T>
    using plain = relacy_plain<T>;

    template <class T>
    using atomic = relacy_atomic<T>;

    using futex_word = relacy_atomic<int, true>;
    using mutex = relacy_mutex;
    using condition_variable = relacy_condition_variable;
    using counting_semaphore = relacy_counting_semaphore;

    // Heap objects through Relacy's allocator, which reports leaks, double
    // frees and accesses to freed memory. (Relacy also replaces the global
    // operator new and delete, but libstdc++'s sized delete bypasses the
    // replacement and frees Relacy's memory with free(): a crash. So a
    // primitive never uses new and delete directly; it asks the seam.)
    template <class T, class... Args>
    static T* create(Args&&... args) {
        void* raw = rl::rl_malloc(sizeof(T), RL_INFO);
        return ::new (raw) T(std::forward<Args>(args)...);
    }
    template <class T>
    static void destroy(T* p) {
        if (p == nullptr) return;
        p->~T();
        rl::rl_free(p, RL_INFO);
    }
    template <class T>
    static T* create_array(std::size_t n) {
        T* p = static_cast<T*>(rl::rl_malloc(sizeof(T) * (n == 0 ? 1 : n), RL_INFO));
        for (std::size_t i = 0; i < n; ++i) ::new (static_cast<void*>(p + i)) T();
        return p;
    }
    template <class T>
    static void destroy_array(T* p, std::size_t n) {
        if (p == nullptr) return;
        for (std::size_t i = n; i-- > 0;) p[i].~T();
        rl::rl_free(p, RL_INFO);
    }

    static void fence(std::memory_order mo, std::source_location where = std::source_location::current()) {
        rl::atomic_thread_fence(relacy_detail::to_rl(mo), relacy_detail::at(where));
    }

    // A spin-wait step is a yield, so Relacy's schedulers see the thread waiting
    // for another and its livelock detection sees a spin that never ends. n
    // pauses are one step: in the model time does not pass while spinning.
    static void spin_pause(unsigned /*iterations*/ = 1,
                           std::source_location where = std::source_location::current()) {
        rl::yield(1, relacy_detail::at(where));
    }

    // In the model time does not pass while spinning: a spin of any length is
    // one more chance to see the word change, and the schedulers give a yielding
    // thread's rival the next step. A budget of 1 lets Relacy explore both ends
    // of a bounded spin, the spin that sees the lock free and the one that runs
    // out and sleeps; a budget of 100 would only ever see the first.
    static constexpr unsigned spin_budget(unsigned budget) noexcept { return budget < 1 ? budget : 1; }

    // A yield of the CPU is a scheduling step, as a pause is.
    static void yield_thread(std::source_location where = std::source_location::current()) {
        rl::yield(1, relacy_detail::at(where));
    }

    // Yields as spins: one is enough to explore both ends of the wait (the
    // re-read that sees the lock free and retries, and the one that gives up
    // and sleeps), even when the spin budget is 0; more would only grow the
    // search.
    static constexpr unsigned yield_budget(unsigned budget) noexcept { return spin_budget(budget); }

    // A hazard-pointer record scans on every retire in the model: a suite of
    // a few operations would never fill a batch of 16, and then no node would
    // be freed while readers run, and no interleaving of a scan with a reader
    // would be explored (primitives/reclaim/).
    static constexpr std::size_t reclaim_batch(std::size_t /*batch*/) noexcept { return 1; }

    // In the model time is not real: a deadline may pass at any check, so the
    // checker explores both answers (and replays stay deterministic, which
    // reading the real clock would break).
    static bool deadline_passed(std::chrono::steady_clock::time_point) { return rl::rand(2) == 1; }

    // As rl_futex(FUTEX_WAIT): compares and sleeps atomically, like the
    // kernel. But spurious wake-ups (EINTR) only under the random scheduler,
    // as Relacy does for its condition variables: rl_futex allows them
    // everywhere and without limit, so under the full and the bounded
    // searches every sleeper may wake at every step of every other thread,
    // the trees never end, and a sleeper looping on wake-ups beside a spinning
    // thread exceeds the execution depth: a false LIVELOCK. A primitive that
    // trusts a wake-up is still caught by the random search.
    // The ledger (futex_ledger) is told who sleeps on which word expecting
    // what, and when the sleeper is back: a thread Relacy finds still asleep
    // in a deadlock is there, with the line it sleeps at.
    static int futex_wait_modelled(futex_word& word, int expected, bool timed, const std::source_location& where) {
        const rl::debug_info info = relacy_detail::at(where);
        rl::context& c = rl::ctx();
        c.sched();
        c.atomic_thread_fence_seq_cst();
        int seen = 0;
        {
            rl::preemption_disabler pd(c);
            seen = word.model().load(rl::mo_acquire, info);
        }
        int res = rl::RL_EWOULDBLOCK;
        if (seen == expected) {
            iteration_futex_ledger.falls_asleep(&word, expected, timed, where);
            const rl::unpark_reason r = word.model().wait(c, timed, c.is_random_sched(), info);
            iteration_futex_ledger.wakes_up();
            res = r == rl::unpark_reason_normal ? 0 : r == rl::unpark_reason_timeout ? rl::RL_ETIMEDOUT : rl::RL_EINTR;
        }
        RL_HIST(rl::futex_event) {&word.model(), rl::RL_FUTEX_WAIT, expected, timed, res} RL_HIST_END();
        return res;
    }

    static void futex_wait(futex_word& word, int expected,
                           std::source_location where = std::source_location::current()) {
        futex_wait_modelled(word, expected, false, where);
    }

    // In the model a timed wait may time out at any moment: the deadline's value
    // does not matter, only that the primitive copes with either outcome.
    static bool futex_wait_until(futex_word& word, int expected, std::chrono::steady_clock::time_point,
                                 std::source_location where = std::source_location::current()) {
        return futex_wait_modelled(word, expected, true, where) != rl::RL_ETIMEDOUT;
    }

    // Owner ids for robust locks (mutex.robust): the model thread's index + 1.
    static int owner_id() { return static_cast<int>(rl::ctx().current_thread()) + 1; }

    // Who has died, for a test that kills threads: it holds a death_watch as a
    // member (constructed and destroyed with each iteration), and a thread
    // dies by calling die() as its last act: it returns holding whatever it
    // holds. The flags are atomics so that, as the kernel's exit does, death
    // orders what the dead thread wrote before whoever learns of it.
    class death_watch {
    public:
        static constexpr int max_owner_id = 8;
        death_watch() { current() = this; }
        ~death_watch() {
            if (current() == this) current() = nullptr;
        }
        death_watch(const death_watch&) = delete;
        death_watch& operator=(const death_watch&) = delete;
        static death_watch*& current() noexcept {
            static death_watch* watch = nullptr;
            return watch;
        }
        relacy_atomic<int> dead[max_owner_id + 1];
    };

    // Alive unless a death_watch says it died (no watch: nobody dies).
    static bool owner_alive(int id) {
        death_watch* watch = death_watch::current();
        if (watch == nullptr || id < 0 || id > death_watch::max_owner_id) return true;
        // acquire: pairs with the release store in die().
        return watch->dead[id].load(std::memory_order_acquire) == 0;
    }
    static void die() {
        death_watch* watch = death_watch::current();
        RL_ASSERT(watch != nullptr && owner_id() <= death_watch::max_owner_id);
        // release: pairs with the acquire load in owner_alive().
        watch->dead[owner_id()].store(1, std::memory_order_release);
    }

    // A sleep bounded by a poll interval (mutex.robust: a waiter that must now
    // and then ask whether the owner lives). In the model a poll can matter
    // only when somebody can die: under a death_watch the sleep may time out
    // at any moment, as futex_wait_until's; without one it is an untimed sleep,
    // so the searches check that no wake-up is lost without the poll's help
    // (and do not explore time-outs that change nothing).
    static bool futex_wait_polling(futex_word& word, int expected, std::chrono::nanoseconds /*poll*/,
                                   std::source_location where = std::source_location::current()) {
        const bool timed = death_watch::current() != nullptr;
        return futex_wait_modelled(word, expected, timed, where) != rl::RL_ETIMEDOUT;
    }

    static int futex_wake(futex_word& word, int count,
                          std::source_location where = std::source_location::current()) {
        const int woken = rl::rl_futex(&word.model(), rl::RL_FUTEX_WAKE, count, nullptr, nullptr, 0,
                                       relacy_detail::at(where));
        iteration_futex_ledger.woke(&word, woken, where);
        return woken;
    }
};

}  // namespace synclab::platform
