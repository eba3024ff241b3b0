// Fault injection: how a deliberately broken variant (a mutant) is made from the
// same source as the correct one.
//
// A primitive takes a fault policy F (default: faithful). At each place where a
// bug could hide it asks the policy, naming the place with a `site`:
//
//     word_.exchange(unlocked, F::order(site::unlock, std::memory_order_release));
//     if (!F::skips(site::wake)) P::futex_wake(word_, 1);
//
// `faithful` returns the order unchanged and skips nothing; both are constexpr,
// so the production instantiation compiles to exactly the code without the
// question. A mutant is the same template with another policy, e.g.
// relax_at<site::unlock> ("release weakened to relaxed") or skip_at<site::wake>
// ("a missing futex wake"). Besides order and skips, a primitive may ask:
//
//     F::splits(s)       do the read-modify-write at s as a load, then a store
//                        (check-then-act: two threads can both pass the check)
//     F::wakes_early(s)  issue the wake at s before the store whose news it
//                        carries (the sleeper wakes to the old state, sleeps again)
//     F::waits_once(s)   treat the wait loop at s as `if`, not `while` (a wake-up,
//                        spurious or stolen, is taken as the condition holding)
//     F::narrow(s, v)    a counter's value at s as the word would hold it (the
//                        faithful word is as wide as its type: v unchanged)
//
// faithful answers each with "as written"; every other policy derives from it
// and changes one answer at one site (split_at, wake_early_at, once_at,
// narrow_ticket). A primitive asks them in `if constexpr` (or, for narrow, as
// an identity), so the faithful instantiation is still exactly the code
// without the question.
#pragma once

#include <atomic>
#include <cstdint>

namespace synclab {

// The places a primitive names. Each primitive documents which it has.
enum class site {
    lock,         // the read-modify-write (or load) that takes the lock
    try_lock,     // the same in try_lock()
    spin_wait,    // the load a waiter spins on until it may go
    unlock,       // the store or read-modify-write that releases the lock
    link,         // publishing a queue node to its predecessor
    hand_off,     // passing ownership to a successor
    retire,       // a queue node leaving the queue
    wake,         // waking a sleeper after publishing the state it waits for
    acquire,      // the read-modify-write that takes a permit (semaphores)
    release,      // the read-modify-write that publishes permits (semaphores)
    announce,     // a waiter announcing itself before it sleeps (the store half
                  // of a store-load pair with the waker: Dekker's pattern)
    observe,      // the waker's load of that announcement (the load half)
    notify,       // a notifier publishing its notification (condition variables)
    publish,      // a producer making the item it wrote visible to consumers (queues)
    vacate,       // a consumer handing the slot it read back to producers (queues)
    see_item,     // a consumer's load that finds a published item (queues)
    see_room,     // a producer's load that finds a vacated slot (queues)
    sleep,        // a waiter's futex_wait loop: sleep, wake, re-check the state it waits for
    protect,      // the reload that validates a just-announced hazard pointer (reclaim/)
    reclaim,      // the hazard check a retired node must pass before it is freed (reclaim/)
    lock_shared,  // the read-modify-write that lets a reader in (reader-writer locks)
    unlock_shared,  // the read-modify-write that lets a reader out
};

constexpr const char* to_string(site s) noexcept {
    switch (s) {
    case site::lock: return "lock";
    case site::try_lock: return "try_lock";
    case site::spin_wait: return "spin_wait";
    case site::unlock: return "unlock";
    case site::link: return "link";
    case site::hand_off: return "hand_off";
    case site::retire: return "retire";
    case site::wake: return "wake";
    case site::acquire: return "acquire";
    case site::release: return "release";
    case site::announce: return "announce";
    case site::observe: return "observe";
    case site::notify: return "notify";
    case site::publish: return "publish";
    case site::vacate: return "vacate";
    case site::see_item: return "see_item";
    case site::see_room: return "see_room";
    case site::sleep: return "sleep";
    case site::protect: return "protect";
    case site::reclaim: return "reclaim";
    case site::lock_shared: return "lock_shared";
    case site::unlock_shared: return "unlock_shared";
    }
    return "?";
}

// The correct instantiation: every order as written, nothing skipped, split,
// reordered or narrowed. The other policies derive from it.
struct faithful {
    static constexpr const char* name = "";
    static constexpr std::memory_order order(site, std::memory_order mo) noexcept { return mo; }
    static constexpr bool skips(site) noexcept { return false; }
    static constexpr bool splits(site) noexcept { return false; }
    static constexpr bool wakes_early(site) noexcept { return false; }
    static constexpr bool waits_once(site) noexcept { return false; }
    static constexpr std::uint32_t narrow(site, std::uint32_t v) noexcept { return v; }
};

// Weakens the order at one site to relaxed.
template <site S>
struct relax_at : faithful {
    static constexpr std::memory_order order(site s, std::memory_order mo) noexcept {
        return s == S ? std::memory_order_relaxed : mo;
    }
};

// Leaves out the step at one site (a wake, a wait for a link).
template <site S>
struct skip_at : faithful {
    static constexpr bool skips(site s) noexcept { return s == S; }
};

// Splits the read-modify-write at one site into a load and a store
// (check-then-act).
template <site S>
struct split_at : faithful {
    static constexpr bool splits(site s) noexcept { return s == S; }
};

// Moves the wake at one site before the store it announces.
template <site S>
struct wake_early_at : faithful {
    static constexpr bool wakes_early(site s) noexcept { return s == S; }
};

// Runs the wait loop at one site once: `if` instead of `while`.
template <site S>
struct once_at : faithful {
    static constexpr bool waits_once(site s) noexcept { return s == S; }
};

// Counters (tickets, displays) as if their words were Bits wide: every value a
// primitive passes through narrow() wraps modulo 2^Bits, so with more than
// 2^Bits tickets outstanding two threads hold the same number.
template <unsigned Bits>
struct narrow_ticket : faithful {
    static_assert(Bits > 0 && Bits < 32, "a narrowed counter is 1..31 bits");
    static constexpr std::uint32_t narrow(site, std::uint32_t v) noexcept { return v & ((1u << Bits) - 1u); }
};

}  // namespace synclab
