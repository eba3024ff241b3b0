// The native binding of the platform seam: what a primitive may touch of the
// real machine. std::atomic, the Linux futex syscall, a CPU pause, and the
// standard library's mutex for the std-based variants. Compiled with
// -fsanitize=thread this same binding is the TSan build; nothing changes.
//
// A primitive is a template over a platform P and reaches the outside world only
// through these names; platform/relacy.hpp supplies the same names for Relacy.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <new>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <climits>
#include <cstdio>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <semaphore>
#include <utility>

#include <fcntl.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace synclab::platform {

// Per-thread counts of what the native binding asked of the kernel. Tests use
// them to assert, for example, that an uncontended unlock makes no syscall.
struct native_stats {
    std::uint64_t futex_waits = 0;
    std::uint64_t futex_wakes = 0;
};

inline native_stats& this_thread_stats() noexcept {
    thread_local native_stats stats;
    return stats;
}

namespace native_detail {

// The calling thread's kernel thread id, cached: gettid is a syscall, and a
// robust lock needs its id on every acquisition. fork() copies the cache into
// the child, whose one thread has a new id, so a child handler clears it.
inline thread_local int cached_thread_id = 0;

[[gnu::cold, gnu::noinline]] inline int fetch_thread_id() noexcept {
    static const bool cleared_in_children = [] {
        pthread_atfork(nullptr, nullptr, [] { cached_thread_id = 0; });
        return true;
    }();
    (void)cleared_in_children;
    cached_thread_id = static_cast<int>(syscall(SYS_gettid));
    return cached_thread_id;
}

// The hot path is one thread-local load; the syscall and the one-time
// registration of the fork handler are in fetch_thread_id().
inline int current_thread_id() noexcept {
    const int cached = cached_thread_id;
    return cached != 0 ? cached : fetch_thread_id();
}

// Whether /proc can answer for threads (it is not mounted in every container).
inline bool proc_answers() noexcept {
    static const bool answers = ::access("/proc/self/stat", R_OK) == 0;
    return answers;
}

// Whether the thread with kernel id `id`, in any process, is still running.
// /proc/<id>/stat is there for every thread id, listed or not; its state after
// the command's closing parenthesis is Z (zombie: exited, not yet reaped) or
// X (dead) once the thread is gone but its id not yet free. Without /proc,
// kill(id, 0), which cannot tell a zombie from a running process.
inline bool thread_alive(int id) noexcept {
    if (id <= 0) return false;
    if (!proc_answers()) return !(::kill(id, 0) == -1 && errno == ESRCH);
    char path[32];
    std::snprintf(path, sizeof path, "/proc/%d/stat", id);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return !(errno == ENOENT || errno == ESRCH);  // anything else: cannot tell, so alive
    char buf[512];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) return false;  // the thread went away between open and read
    buf[n] = '\0';
    const char* close_paren = std::strrchr(buf, ')');
    if (close_paren == nullptr || close_paren[1] != ' ') return true;  // unreadable: alive
    const char state = close_paren[2];
    return state != 'Z' && state != 'X' && state != 'x';
}

// Whether this process may use membarrier's private expedited command (Linux
// 4.14 and later; refused in some sandboxes): asked once, and registered for
// at the same time, as the kernel requires before the first use. Every light
// and heavy fence asks it, so they agree: a light fence is a compiler barrier
// only while heavy fences are membarriers.
inline bool register_membarrier() noexcept {
    const long commands = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    if (commands < 0 || (commands & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return false;
    return syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
}
inline bool membarrier_ready() noexcept {
    static const bool ready = register_membarrier();
    return ready;
}

}  // namespace native_detail

// Shared = false: private futexes (FUTEX_PRIVATE_FLAG), for objects used by the
// threads of one process. Shared = true: for objects in a mapping shared by
// several processes.
template <bool Shared>
struct basic_native {
    static constexpr const char* name = Shared ? "native-shared" : "native";

    template <class T>
    using atomic = std::atomic<T>;

    // The word a primitive sleeps on: 32 bits, as the kernel requires.
    using futex_word = std::atomic<int>;

    using mutex = std::mutex;
    using shared_mutex = std::shared_mutex;
    using condition_variable = std::condition_variable_any;
    // libstdc++'s: a futex word of its own (and a wake syscall on every
    // release in GCC 12). Shared has no meaning for it: in-process only.
    using counting_semaphore = std::counting_semaphore<INT_MAX>;

    // Plain (non-atomic) data that a primitive hands between threads, e.g. the
    // slots of a queue: natively just a T; under Relacy a variable whose every
    // access is checked for data races.
    template <class T>
    class plain {
    public:
        plain() = default;
        explicit plain(T v) : v_(std::move(v)) {}
        T get() const { return v_; }
        void set(T v) { v_ = std::move(v); }

    private:
        T v_{};
    };

    // Heap objects a primitive owns (queue nodes, a ring of slots): through
    // the seam, so that under Relacy every allocation is tracked (leaks,
    // double frees, use after free). Natively plain new and delete.
    template <class T, class... Args>
    static T* create(Args&&... args) {
        return new T(std::forward<Args>(args)...);
    }
    template <class T>
    static void destroy(T* p) noexcept {
        delete p;
    }
    template <class T>
    static T* create_array(std::size_t n) {
        return new T[n];
    }
    template <class T>
    static void destroy_array(T* p, std::size_t /*n*/) noexcept {
        delete[] p;
    }

    static void fence(std::memory_order order) noexcept { std::atomic_thread_fence(order); }

    // One iteration of a spin-wait loop (or n of them): tells the core we spin.
    static void spin_pause(unsigned iterations = 1) noexcept {
        for (unsigned i = 0; i < iterations; ++i) {
#if defined(__x86_64__) || defined(__i386__)
            _mm_pause();
#elif defined(__aarch64__)
            asm volatile("yield" ::: "memory");
#else
            std::atomic_signal_fence(std::memory_order_seq_cst);  // a compiler barrier: pairs with nothing
#endif
        }
    }

    // How many pauses a bounded spin-before-sleep of `budget` pauses makes.
    // Natively, all of them.
    static constexpr unsigned spin_budget(unsigned budget) noexcept { return budget; }

    // Gives up the CPU to another runnable thread (sched_yield), for a waiter
    // whose lock holder may be preempted on an oversubscribed machine.
    static void yield_thread() noexcept { sched_yield(); }

    // How many yields a bounded yield-before-sleep of `budget` makes. Natively,
    // all of them.
    static constexpr unsigned yield_budget(unsigned budget) noexcept { return budget; }

    // How many retired nodes a hazard-pointer record collects before it scans
    // (primitives/reclaim/). Natively, the batch asked for.
    static constexpr std::size_t reclaim_batch(std::size_t batch) noexcept { return batch; }

    // How many of `slots` per-thread slots a structure that spreads its
    // threads over slots uses (rwlock.distributed's reader indicators; a
    // power of two stays one). Natively, all of them.
    static constexpr std::size_t spread_slots(std::size_t slots) noexcept { return slots; }

    // Whether a reclamation domain hands reclaimed nodes back to the
    // structure for reuse (primitives/reclaim/node_pool.hpp) rather than
    // destroying them. Natively yes: it spares the allocator.
    static constexpr bool recycles_nodes = true;

    // Asymmetric fences (primitives/reclaim/hazard_pointers.hpp): a light
    // fence on the hot path, a heavy fence on the rare path, and together
    // they order as two seq_cst fences would. Natively the light fence is a
    // compiler barrier and the heavy one is membarrier(PRIVATE_EXPEDITED):
    // the kernel runs a full barrier on every CPU that runs a thread of this
    // process, so whatever a light fence's thread did before it is ordered
    // before whatever the heavy fence's thread does after it, or the other
    // way round. Without membarrier (an old kernel, a sandbox, or a mapping
    // shared by processes, which a private membarrier does not reach), both
    // are seq_cst fences: correct, and as slow as a symmetric fence.
    static void asymmetric_fence_light() noexcept {
        if (!Shared && native_detail::membarrier_ready()) {
            std::atomic_signal_fence(std::memory_order_seq_cst);  // the compiler's half; membarrier does the CPU's
        } else {
            std::atomic_thread_fence(std::memory_order_seq_cst);
        }
    }
    static void asymmetric_fence_heavy() noexcept {
        if (!Shared && native_detail::membarrier_ready()) {
            // The kernel issues a full barrier here and on every other CPU
            // running this process before it returns.
            syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
        } else {
            std::atomic_thread_fence(std::memory_order_seq_cst);
        }
    }

    // A per-thread hint for a structure that hands out records (the
    // reclamation domains' record_list, primitives/reclaim/records.hpp): the
    // id of the list a thread used last and the record it took there. Only
    // ever a first guess, which the owner checks with an exchange.
    struct thread_hint_slot {
        std::uint64_t list = 0;  // 0: none (unique_id never returns it)
        void* record = nullptr;
    };
    static thread_hint_slot& thread_hint() noexcept {
        thread_local thread_hint_slot hint;
        return hint;
    }
    // A number no other call returns in this process (starting at 1).
    static std::uint64_t unique_id() noexcept {
        static std::atomic<std::uint64_t> next{0};
        // relaxed: only uniqueness matters, which the read-modify-write gives.
        return next.fetch_add(1, std::memory_order_relaxed) + 1;
    }

    // Whether a deadline has passed, for waits that spin rather than sleep.
    static bool deadline_passed(std::chrono::steady_clock::time_point deadline) noexcept {
        return std::chrono::steady_clock::now() >= deadline;
    }

    // Sleeps while word == expected. Returns at once if it does not; may wake
    // spuriously. The comparison and the sleep are one atomic step in the kernel.
    static void futex_wait(futex_word& word, int expected) noexcept {
        ++this_thread_stats().futex_waits;
        syscall(SYS_futex, raw(word), wait_op, expected, nullptr, nullptr, 0);
    }

    // As futex_wait, until the deadline; false when the deadline has passed.
    static bool futex_wait_until(futex_word& word, int expected,
                                 std::chrono::steady_clock::time_point deadline) noexcept {
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - now);
        timespec rel{static_cast<time_t>(left.count() / 1'000'000'000),
                     static_cast<long>(left.count() % 1'000'000'000)};
        ++this_thread_stats().futex_waits;
        long rc = syscall(SYS_futex, raw(word), wait_op, expected, &rel, nullptr, 0);
        return !(rc == -1 && errno == ETIMEDOUT);
    }

    // Owner ids for robust locks (mutex.robust): the kernel's thread id, which
    // names the same thread in every process, so a lock in a shared mapping can
    // say who holds it. Always in 1..2^22 (the kernel's PID_MAX_LIMIT).
    static int owner_id() noexcept { return native_detail::current_thread_id(); }

    // Whether the owner with this id still runs: false once it has exited or
    // been killed, even while its process is an unreaped zombie. (A thread id
    // reused by a new thread before anyone asks reads as alive: see
    // robust_mutex.hpp.)
    static bool owner_alive(int id) noexcept { return native_detail::thread_alive(id); }

    // A sleep bounded by a poll interval, for a waiter that must now and then
    // look up (mutex.robust asks whether the owner still lives); false when
    // the interval passed.
    static bool futex_wait_polling(futex_word& word, int expected, std::chrono::nanoseconds poll) noexcept {
        return futex_wait_until(word, expected, std::chrono::steady_clock::now() + poll);
    }

    // Wakes at most count sleepers of word; returns how many it woke.
    static int futex_wake(futex_word& word, int count) noexcept {
        ++this_thread_stats().futex_wakes;
        return static_cast<int>(syscall(SYS_futex, raw(word), wake_op, count, nullptr, nullptr, 0));
    }

private:
    static constexpr int wait_op = Shared ? FUTEX_WAIT : (FUTEX_WAIT | FUTEX_PRIVATE_FLAG);
    static constexpr int wake_op = Shared ? FUTEX_WAKE : (FUTEX_WAKE | FUTEX_PRIVATE_FLAG);

    static int* raw(futex_word& word) noexcept {
        static_assert(sizeof(futex_word) == sizeof(int) && futex_word::is_always_lock_free);
        return reinterpret_cast<int*>(&word);
    }
};

using native = basic_native<false>;
using native_shared = basic_native<true>;

}  // namespace synclab::platform
