// The Relacy binding of the platform seam: the same names as platform/native.hpp,
// backed by Relacy's models, so a primitive's unchanged source is model-checked
// under every interleaving Relacy explores and under its relaxed memory model.
// The platform struct `relacy` is here; the std mirrors it names (relacy_atomic,
// relacy_mutex, ...), the helpers and the futex observer hook are in
// relacy_mirrors.hpp, which also includes Relacy itself: every standard header
// must come before this one.
//
// Every operation takes a defaulted std::source_location and hands it to Relacy
// as rl::debug_info: the execution history then names the primitive's own
// file and line, not this file.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <source_location>
#include <utility>

#include "primitives/platform/relacy_mirrors.hpp"

namespace synclab::platform {

struct relacy {
    static constexpr const char* name = "relacy";

    template <class T>
    using plain = relacy_plain<T>;

    template <class T>
    using atomic = relacy_atomic<T>;

    using futex_word = relacy_atomic<int, true>;
    using mutex = relacy_mutex;
    using shared_mutex = relacy_shared_mutex;
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
        mo = relacy_detail::ordered(relacy_operation::fence, mo, where);
        if (mo == std::memory_order_relaxed) return;  // the order knob removed it
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

    // Two slots in the model, whatever a structure asks for: with thread
    // ids 1.. (owner_id), two slots hold threads alone and threads sharing
    // one, which is every case a slot's code has; and a scan of the slots
    // (a writer draining rwlock.distributed's readers) is one step per slot,
    // so 64 of them would multiply the search for nothing more.
    static constexpr std::size_t spread_slots(std::size_t slots) noexcept { return slots < 2 ? slots : 2; }

    // Reclaimed nodes are destroyed, never reused (primitives/reclaim/
    // node_pool.hpp): a reuse would turn an access to freed memory, which
    // the model checker reports, into a read of live memory, which it does
    // not; every reclamation mutant is caught by that report.
    static constexpr bool recycles_nodes = false;

    // Asymmetric fences, modelled conservatively: Relacy has no membarrier,
    // so both the light and the heavy fence are seq_cst fences (the pair then
    // orders as the native pair does; a protocol that needs more than two
    // seq_cst fences would fail here too). What the model cannot show: that
    // a compiler barrier on the hot path is enough natively, which is the
    // kernel's promise for membarrier, not the memory model's.
    static void asymmetric_fence_light(std::source_location where = std::source_location::current()) {
        fence(std::memory_order_seq_cst, where);
    }
    static void asymmetric_fence_heavy(std::source_location where = std::source_location::current()) {
        fence(std::memory_order_seq_cst, where);
    }

    // The record lists' hint (primitives/reclaim/records.hpp), one per model
    // thread as natively one per thread. Plain memory outside the model: a
    // hint is a guess the owner checks with a modelled exchange, and the ids
    // are fresh in every iteration, so a hint left from an earlier iteration
    // never matches and every iteration replays alike.
    struct thread_hint_slot {
        std::uint64_t list = 0;
        void* record = nullptr;
    };
    static constexpr unsigned max_hinted_threads = 64;
    static thread_hint_slot& thread_hint() {
        static thread_hint_slot hints[max_hinted_threads];
        const auto thread = static_cast<unsigned>(rl::ctx().current_thread());
        RL_ASSERT(thread < max_hinted_threads);
        return hints[thread];
    }
    static std::uint64_t unique_id() {
        static std::uint64_t next = 0;  // one OS thread runs every model thread
        return ++next;
    }

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
    // The futex observer, if one is installed (relacy_futex_hook; the model
    // layer's futex ledger), is told who sleeps on which word expecting what,
    // and when the sleeper is back: a thread Relacy finds still asleep in a
    // deadlock is there, with the line it sleeps at.
    static int futex_wait_modelled(futex_word& word, int expected, bool timed, const std::source_location& where) {
        word.check_live(where);
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
            relacy_futex_observer* const observer = relacy_futex_hook;
            if (observer != nullptr) observer->falls_asleep(&word, expected, timed, where);
            const rl::unpark_reason r = word.model().wait(c, timed, c.is_random_sched(), info);
            if (observer != nullptr) observer->wakes_up();
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
        word.check_live(where);
        if (relacy_detail::dropped(relacy_operation::futex_wake, where)) return 0;  // the order knob dropped it
        const int woken = rl::rl_futex(&word.model(), rl::RL_FUTEX_WAKE, count, nullptr, nullptr, 0,
                                       relacy_detail::at(where));
        if (relacy_futex_observer* observer = relacy_futex_hook) observer->woke(&word, woken, where);
        return woken;
    }
};

}  // namespace synclab::platform
