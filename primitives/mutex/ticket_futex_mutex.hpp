// mutex.ticket_futex: a ticket lock whose waiters sleep. FIFO and
// starvation-free like mutex.ticket, but a waiter that has spun its budget
// sleeps on the display word in the kernel instead of burning its core.
//
// Words: next_ticket_ (the dispenser), now_serving_ (the display, and the
// futex word waiters sleep on), both modulo 2^32; sleepers_ counts the
// waiters that announced they may sleep. The lock is free when next_ticket_
// equals now_serving_.
//
// Transitions, with the labels the code carries:
//
//     (K) ticket    lock(): t = next_ticket_++ (fetch_add)
//     (W) wait      lock(): spin up to the budget until now_serving_ == t
//     (A) announce  sleepers_ + 1, once, before the first sleep
//     (R) recheck   s = now_serving_ + 0: a read-modify-write, so it reads the
//                   latest display; s == t -> owns it
//     (S) sleep     futex_wait(now_serving_, s): only while the display still
//                   shows s
//     (L) leave     sleepers_ - 1, once it owns the lock
//     (N) next      unlock(): now_serving_ + 1 (fetch_add; only the owner
//                   changes the display, the recheck's + 0 changes nothing)
//     (O) observe   unlock() after (N): if sleepers_ > 0, futex_wake(all)
//     try_lock():   if now_serving_ == s, CAS next_ticket_ from s to s + 1
//
// Why at most one owner and FIFO: as mutex.ticket (tickets are unique, served
// in the order taken). Why no wake-up is lost: (A), (R) and (N) are seq_cst
// read-modify-writes and (O)'s load is seq_cst, so they lie in one total
// order S that agrees with the modification order of each word. If the
// sleeper's (R) comes after an unlock's (N) in now_serving_'s order, (R)
// reads that display (or a later one). Otherwise (A) < (R) < (N) < (O) in S,
// so (O) reads the announcement and wakes everyone, and a wake that comes
// before the sleeper reaches the kernel is not lost either, because the
// kernel's compare in (S) then sees the new display. This is Dekker's
// store-load pattern, the one semaphore.futex and condvar.futex use; the
// seq_cst there is by the standard's rule, as futex_semaphore.hpp explains.
// Relacy cannot show it needed: `./synclab orders mutex.ticket_futex` finds
// (N) weakenable to release, (R) to acquire, (A) and (O) to relaxed, each
// alone. Its tree searches let a load read only the latest store to a word or
// the one before it, and its futex model puts a seq_cst fence before the
// kernel's compare in (S). The standard allows the lost wake-up with either
// side weaker: the sleeper's (R) and the unlocker's (O) both read the old
// values, and the kernel's compare, ordered by the sleeper's side alone, may
// read the old display too. Kept: on x86 each of the four is a locked
// instruction or a plain load whatever the order, so nothing would be gained,
// and on Arm the weaker orders drop the barrier the argument needs.
//
// What it lacks: the sleepers all wait on one word and the kernel cannot wake
// "the one holding ticket t", so each unlock with sleepers wakes all of them
// and all but one sleep again (a thundering herd, fine for the few waiters of
// a guard, costly for many). Every hand-off to a sleeper goes through the
// kernel (~a context switch). It is FIFO, so when its next ticket belongs to
// a thread the scheduler has not run yet, everyone waits for that thread:
// slower than a barging lock, but it sleeps instead of collapsing into
// scheduler ticks as the spinning mutex.ticket does. semaphore.ticket uses it
// as its guard, so that its FIFO queue is starvation-free end to end.
#pragma once

#include <climits>
#include <cstdint>

#include "../fault.hpp"

namespace synclab {

template <class P, class F = faithful>
class ticket_futex_mutex {
public:
    static constexpr unsigned default_spin_budget = 100;

    explicit ticket_futex_mutex(unsigned spin_budget = default_spin_budget) : spin_budget_(spin_budget) {}
    ticket_futex_mutex(const ticket_futex_mutex&) = delete;
    ticket_futex_mutex& operator=(const ticket_futex_mutex&) = delete;

    void lock() {
        // (K). relaxed: the ticket only orders us among waiters; the acquire
        // read of now_serving_ that lets us in synchronizes with the owner.
        const int ticket = static_cast<int>(next_ticket_.fetch_add(1, F::order(site::lock, std::memory_order_relaxed)));  // (K)
        // (W), first look. acquire: pairs with the seq_cst fetch_add (N) in unlock().
        if (now_serving_.load(F::order(site::spin_wait, std::memory_order_acquire)) == ticket) return;  // (W)
        lock_contended(ticket);
    }

    bool try_lock() {
        // acquire: pairs with the seq_cst fetch_add (N) in unlock() that called this number.
        const int serving = now_serving_.load(F::order(site::try_lock, std::memory_order_acquire));  // (try_lock)
        std::uint32_t expected = static_cast<std::uint32_t>(serving);
        // relaxed: success only proves no other ticket was taken since; the
        // acquire load above already synchronized with the last unlock().
        return next_ticket_.compare_exchange_strong(expected, expected + 1, std::memory_order_relaxed);  // (try_lock-cas)
    }

    void unlock() {
        // (N). seq_cst: release, pairing with the acquire reads of now_serving_
        // in lock()/try_lock(), and the store half of the store-load pair with
        // announce() (see the top; Relacy cannot show the seq_cst needed).
        now_serving_.fetch_add(1, F::order(site::unlock, std::memory_order_seq_cst));  // (N)
        // (O). seq_cst: the load half; pairs with the seq_cst fetch_add (A) in lock_contended().
        // (Relacy cannot show it needed: see the top.)
        if (sleepers_.load(F::order(site::observe, std::memory_order_seq_cst)) > 0 && !F::skips(site::wake)) {  // (O)
            P::futex_wake(now_serving_, INT_MAX);  // (O-wake)
        }
    }

    unsigned spin_budget() const noexcept { return spin_budget_; }

private:
    [[gnu::noinline, gnu::cold]] void lock_contended(int ticket) {
        // (W). acquire: pairs with the seq_cst fetch_add (N) in unlock().
        const unsigned budget = P::spin_budget(spin_budget_);
        for (unsigned spins = 0; spins < budget; ++spins) {
            P::spin_pause();
            if (now_serving_.load(F::order(site::spin_wait, std::memory_order_acquire)) == ticket) return;
        }
        // (A). seq_cst: the store half of the store-load pair with (O) in unlock().
        // (Relacy cannot show it needed: see the top.)
        sleepers_.fetch_add(1, F::order(site::announce, std::memory_order_seq_cst));  // (A)
        for (;;) {
            // (R). seq_cst: a read-modify-write ordered after (A) in S; its
            // acquire half pairs with (N) in unlock(), as the load in lock().
            // (Relacy cannot show the seq_cst needed: see the top.)
            const int serving = now_serving_.fetch_add(0, std::memory_order_seq_cst);  // (R)
            if (serving == ticket) break;
            P::futex_wait(now_serving_, serving);  // (S)
        }
        // (L). relaxed: a late decrement costs at most one needless wake.
        sleepers_.fetch_sub(1, std::memory_order_relaxed);  // (L)
    }

    typename P::template atomic<std::uint32_t> next_ticket_{0};  // (next_ticket_)
    typename P::futex_word now_serving_{0};  // (now_serving_)
    typename P::template atomic<int> sleepers_{0};  // (sleepers_)
    const unsigned spin_budget_;
};

}  // namespace synclab
